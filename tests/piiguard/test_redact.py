"""Redaction: operators per type; the redacted text never holds a finding's value."""

from __future__ import annotations

import pytest

from piiguard.errors import ConfigError
from piiguard.model import Finding
from piiguard.redact import OperatorSpec, Redactor, merge_overlaps


def test_card_keeps_only_its_last_four(guard) -> None:
    # The built-in pack declares keep_last for cards (recognizers/credit_card.yaml).
    text = "卡号 6222 0212 3456 7891 233 谢谢"
    out = guard.redactor.redact(text, [Finding("CREDIT_CARD", 3, 26, 1.0, "t")])
    assert out == "卡号 <CREDIT_CARD ****1233> 谢谢"


def test_spoken_card_shows_last_four_as_digits(guard) -> None:
    text = "four five three two oh one five one one two eight three oh three six six"
    out = guard.redactor.redact(text, [Finding("CREDIT_CARD", 0, len(text), 1.0, "t")])
    assert out == "<CREDIT_CARD ****0366>"


@pytest.mark.parametrize(
    "entity", ["CARD_CVV", "PASSWORD", "VERIFICATION_CODE", "CN_RESIDENT_ID", "US_SSN"]
)
def test_secrets_are_fully_replaced(entity: str) -> None:
    assert Redactor().redact("x 1234567 y", [Finding(entity, 2, 9, 1.0, "t")]) == f"x <{entity}> y"


def test_overlapping_findings_merge_and_cover_both() -> None:
    merged = merge_overlaps(
        [Finding("PHONE_NUMBER", 0, 8, 0.5, "a"), Finding("BANK_ACCOUNT", 4, 12, 0.9, "b")]
    )
    assert merged == [Finding("BANK_ACCOUNT", 0, 12, 0.9, "b")]
    assert Redactor().redact("123456789012", merged) == "<BANK_ACCOUNT>"


def test_operators_are_configurable() -> None:
    r = Redactor(
        {
            "EMAIL_ADDRESS": OperatorSpec("mask", {"masking_char": "#"}),
            "PHONE_NUMBER": OperatorSpec("remove"),
        }
    )
    text = "a@b.co 13800000000"
    out = r.redact(
        text, [Finding("EMAIL_ADDRESS", 0, 6, 1, "e"), Finding("PHONE_NUMBER", 7, 18, 1, "p")]
    )
    assert out == "###### "


def test_unknown_operator_fails_at_start_up() -> None:
    with pytest.raises(ConfigError, match="unknown operator"):
        Redactor({"CREDIT_CARD": OperatorSpec("shred")})


def test_a_repeated_value_is_redacted_everywhere() -> None:
    text = "my PIN 4821, yes 4821"
    assert (
        Redactor().redact(text, [Finding("PASSWORD", 7, 11, 0.9, "t")])
        == "my PIN <PASSWORD>, yes <PASSWORD>"
    )


@pytest.mark.parametrize(
    ("text", "value", "expected"),
    [
        # the value again later, in another language, inside punctuation
        ("口令 739104，对，739104。", "739104", "口令 <PASSWORD>，对，<PASSWORD>。"),
        # overlapping occurrences: no digit of either survives
        ("code 5555555 ok", "55555", "code <PASSWORD> ok"),
        # too short to be the same secret by more than chance: not chased
        ("pin 42 and 42", "42", "pin <PASSWORD> and 42"),
    ],
)
def test_repeats_table(text: str, value: str, expected: str) -> None:
    start = text.index(value)
    finding = Finding("PASSWORD", start, start + len(value), 0.9, "t")
    assert Redactor().redact(text, [finding]) == expected


def test_a_repeat_takes_the_type_of_its_best_finding() -> None:
    text = "acct 60123498 / 60123498"
    findings = [
        Finding("PHONE_NUMBER", 5, 13, 0.4, "p"),
        Finding("BANK_ACCOUNT", 5, 13, 0.8, "b"),
    ]
    assert Redactor().redact(text, findings) == "acct <BANK_ACCOUNT> / <BANK_ACCOUNT>"


@pytest.mark.parametrize("copies", [10, 200, 2000])
def test_identical_findings_cost_work_linear_in_their_number(copies: int, monkeypatch) -> None:
    """Counts the intervals redaction handles: N findings of one value that occurs N times
    give at most 2N intervals to merge and N replacements (it was N squared)."""
    import piiguard.redact as redact

    seen: list[int] = []
    real_merge = redact.merge_overlaps

    def counting_merge(findings):  # noqa: ANN001, ANN202
        seen.append(len(findings))
        return real_merge(findings)

    monkeypatch.setattr(redact, "merge_overlaps", counting_merge)
    text = "pin 9317 " * copies
    findings = [Finding("PASSWORD", 9 * i + 4, 9 * i + 8, 0.9, "t") for i in range(copies)]
    assert len(redact._repeats(text, findings)) == 0, "every occurrence is already a finding"
    out = Redactor().redact(text, findings)
    assert seen == [copies]
    assert out == "pin <PASSWORD> " * copies
    # one finding of the value: its other occurrences are found in one pass
    seen.clear()
    assert Redactor().redact(text, findings[:1]) == out
    assert seen == [copies]
