"""The variant generator and issue 14's recall bar per variant class.

Two halves. The generator's own properties (valid values, gold spans that hold the value,
every shape present, the same seed giving the same variants) must always pass. The recall
tests run the real Guard over bounded hypothesis draws of every class and hold it to issue
14's bar: recall 1.00 for every card, CVV, expiry, resident-ID, SSN and code class, >= 0.98
for phone and e-mail classes, and no finding on a negative class's decoys (last-four
answers, error and promo codes, order and tracking numbers). Those fail wherever a
recognizer does not yet handle the shape: that is the measurement, not a bug in the test.
"""

from __future__ import annotations

import json
import logging
import os
import random
import subprocess
import sys
import unicodedata
from pathlib import Path

import phonenumbers
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum import iban as std_iban
from stdnum import luhn as std_luhn
from stdnum.us import ssn as std_ssn

from piiguard.formats.jsonl import transcript_from_dict
from piiguard.guard import Guard, GuardConfig
from piiguard.model import ENTITY_TYPES
from piiguard.validators import gb11643
from piiguard.variant_matrix import bar_for, score_variants
from piiguard.variants import (
    CLASSES,
    NUMERALS,
    SEPARATORS,
    RandomDraw,
    Variant,
    bank_account,
    card_number,
    class_names,
    cn_landline_parts,
    cn_mobile,
    en_number,
    phone_number,
    resident_id,
    sample,
    ssn,
    strategy,
)

from ..conftest import RECOGNIZERS

DRAWS = 200


@pytest.fixture(scope="module", autouse=True)
def _anonymizer_debug_off():
    """presidio-anonymizer logs every operation at DEBUG with its offsets ("start: 205");
    over thousands of scans the conftest leak sweep mistakes such offsets for short dev
    values (three-digit CVVs). The records hold no text, so they are muted here rather
    than the sweep weakened."""
    logger = logging.getLogger("presidio-anonymizer")
    previous = logger.level
    logger.setLevel(logging.INFO)
    yield
    logger.setLevel(previous)


def _draw(seed: int) -> RandomDraw:
    return RandomDraw(random.Random(seed))


def _digits_of(text: str) -> str:
    """ASCII digits of a span written in any of the generator's numeral styles."""
    table = {ord(ch): str(i) for style in NUMERALS.values() for i, ch in enumerate(style)}
    return "".join(c for c in text.translate(table) if c.isdigit() or c in "Xx")


# ------------------------------------------------------------------ values are valid


@pytest.mark.parametrize(
    ("make", "valid"),
    [
        (card_number, std_luhn.is_valid),
        (resident_id, gb11643),
        (ssn, std_ssn.is_valid),
        (lambda d: bank_account(d, "iban")[1], std_iban.is_valid),
        (cn_mobile, lambda v: phonenumbers.is_valid_number(phonenumbers.parse(v, "CN"))),
        (phone_number, phonenumbers.is_valid_number),
        (
            lambda d: "".join(cn_landline_parts(d)),
            lambda v: phonenumbers.is_valid_number(phonenumbers.parse(v, "CN")),
        ),
    ],
    ids=[
        "card-luhn",
        "resident-id-gb11643",
        "ssn-ssa-rules",
        "iban-mod97",
        "cn-mobile",
        "phone",
        "cn-landline",
    ],
)
def test_generated_values_are_valid_by_their_standard(make, valid) -> None:
    d = _draw(7)
    bad = [v for v in (make(d) for _ in range(DRAWS)) if not valid(v)]
    assert not bad, f"{len(bad)} invalid, e.g. {bad[0]}"


@pytest.mark.parametrize("kind", ["cn", "us"])
def test_domestic_account_numbers_are_not_card_numbers(kind: str) -> None:
    d = _draw(3)
    values = [bank_account(d, kind)[1] for _ in range(DRAWS)]
    assert not [v for v in values if 13 <= len(v) <= 19 and std_luhn.is_valid(v)]


@pytest.mark.parametrize(
    ("n", "words"),
    [
        (0, "oh oh"),
        (7, "oh seven"),
        (10, "ten"),
        (19, "nineteen"),
        (30, "thirty"),
        (42, "forty-two"),
    ],
)
def test_digit_pairs_read_as_people_read_them(n: int, words: str) -> None:
    assert en_number(n) == words


def test_phone_numbers_come_from_many_regions() -> None:
    d = _draw(11)
    regions = {phonenumbers.region_code_for_number(phone_number(d)) for _ in range(DRAWS)}
    assert len(regions) >= 20


# ------------------------------------------------------------------ shapes and gold spans


def test_every_contract_type_has_classes_and_negatives_exist() -> None:
    types = {c.entity_type for c in CLASSES.values()}
    assert set(ENTITY_TYPES) <= types
    assert None in types  # negative classes


@pytest.mark.parametrize(
    "entity", ["CREDIT_CARD", "CN_RESIDENT_ID", "US_SSN", "VERIFICATION_CODE", "PHONE_NUMBER"]
)
def test_digit_types_have_every_separator_numeral_label_and_spoken_shape(entity: str) -> None:
    shapes = {name.split("/", 1)[1] for name in class_names(entity + "/")}
    wanted = {f"sep-{s}" for s in SEPARATORS} | {f"numerals-{n}" for n in NUMERALS}
    wanted |= {"glued-cjk", "label-after", "label-absent", "label-traditional"}
    wanted |= {"spoken-zh", "spoken-en", "split-turns", "answer-to-question"}
    assert wanted <= shapes, sorted(wanted - shapes)


@pytest.mark.parametrize("name", class_names())
def test_gold_spans_lie_in_their_turn_and_hold_a_value(name: str) -> None:
    for variant in sample(10, seed=5, classes=[name]):
        assert variant.variant_class == name
        assert variant.entities or variant.decoys
        assert (not variant.entities) == (variant.entity_type is None)
        for span in variant.entities + variant.decoys:
            text = variant.turns[span.turn][1]
            assert 0 <= span.start < span.end <= len(text)
            value = text[span.start : span.end]
            assert value == value.strip(), "a span neither starts nor ends with a space"
            if span.type != "PASSWORD":  # a password may well end in a symbol
                assert unicodedata.category(value[-1])[0] not in "PZ", value
        for speaker, _ in variant.turns:
            assert speaker in ("agent", "customer")


@settings(max_examples=30, deadline=None, database=None)
@given(st.data())
def test_the_hypothesis_strategy_draws_well_formed_variants_of_its_class(data) -> None:  # noqa: ANN001
    name = data.draw(st.sampled_from(class_names()))
    variant = data.draw(strategy(name))
    assert variant.variant_class == name
    for span in variant.entities + variant.decoys:
        assert 0 <= span.start < span.end <= len(variant.turns[span.turn][1])


@pytest.mark.parametrize(
    ("prefix", "valid"),
    [
        ("CREDIT_CARD/sep-", std_luhn.is_valid),
        ("CREDIT_CARD/numerals-", std_luhn.is_valid),
        ("CN_RESIDENT_ID/sep-", gb11643),
        ("CN_RESIDENT_ID/numerals-", gb11643),
        ("US_SSN/sep-", std_ssn.is_valid),
    ],
)
def test_typed_spans_hold_exactly_a_valid_value(prefix: str, valid) -> None:
    for variant in sample(10, seed=9, classes=class_names(prefix)):
        (span,) = variant.entities
        value = _digits_of(variant.turns[span.turn][1][span.start : span.end])
        assert valid(value.upper()), (variant.variant_class, value)


@pytest.mark.parametrize("sep_name", sorted(SEPARATORS))
def test_separator_classes_use_their_separator(sep_name: str) -> None:
    for variant in sample(5, seed=1, classes=[f"CREDIT_CARD/sep-{sep_name}"]):
        (span,) = variant.entities
        assert SEPARATORS[sep_name] in variant.turns[span.turn][1][span.start : span.end]


def test_split_turn_classes_put_an_agent_turn_between_the_pieces() -> None:
    split = [n for n in class_names() if n.endswith("/split-turns")]
    for variant in sample(5, seed=2, classes=split):
        first, second = variant.entities
        assert second.turn - first.turn == 2
        assert variant.turns[first.turn + 1][0] == "agent"


def test_a_four_digit_cvv_is_never_announced_as_three_digits() -> None:
    for variant in sample(30, seed=6, classes=class_names("CARD_CVV/")):
        for span in variant.entities:
            text = variant.turns[span.turn][1]
            if span.type == "CARD_CVV" and len(_digits_of(text[span.start : span.end])) == 4:
                assert not any(w in text for w in ("三位", "三碼", "three")), text


def test_the_same_seed_gives_the_same_variants_and_another_seed_does_not() -> None:
    names = class_names("PHONE_NUMBER/") + class_names("NOT/")
    assert list(sample(3, 42, names)) == list(sample(3, 42, names))
    assert list(sample(3, 42, names)) != list(sample(3, 43, names))


def test_a_class_draws_the_same_whatever_else_is_sampled() -> None:
    alone = list(sample(3, 4, ["US_SSN/plain"]))
    mixed = [v for v in sample(3, 4, ["CREDIT_CARD/plain", "US_SSN/plain"]) if v.entity_type]
    assert alone == [v for v in mixed if v.variant_class == "US_SSN/plain"]


def test_unknown_class_is_a_key_error() -> None:
    with pytest.raises(KeyError):
        list(sample(1, 0, ["NO_SUCH/class"]))


def test_records_are_contract_transcripts_the_scorer_accepts() -> None:
    variant = next(sample(1, 0, ["CARD_CVV/bare-after-card-and-expiry"]))
    record = variant.to_record("x")
    transcript_from_dict(record)
    assert {e["type"] for e in record["gold"]["entities"]} == {
        "CREDIT_CARD",
        "CARD_EXPIRY",
        "CARD_CVV",
    }
    assert record["gold"]["variant_class"] == "CARD_CVV/bare-after-card-and-expiry"


# ------------------------------------------------------------------ issue 14's recall bar

# Bounded: 20 draws per class (100 for the 0.98 classes) keeps `make test` short (about
# 270 classes). The draws come from the generator's own seeded stream, not from
# hypothesis: derandomized hypothesis tests drew other conversations depending on which
# tests had run before in the process (US_SSN/spoken-en drew different SSNs after
# tests/piiguard/test_risk_learned.py; hypothesis mixes constants it finds in loaded
# modules into its draws), which read as "order-dependent detection". Detection itself
# had a separate tie-break nondeterminism, fixed in piiguard.engine and tested below. The
# seed is not the matrix's default (0), so the bar is checked on draws the matrix and
# the tuning did not show.
BAR_SEED = 14
EXACT_DRAWS = 20
NEAR_DRAWS = 100


def bar_draws(name: str) -> list[Variant]:
    """The variants issue 14's bar is checked on for class ``name``: the same every run,
    whatever else the process has imported or scanned."""
    n = NEAR_DRAWS if (bar_for(CLASSES[name].entity_type) or 1.0) < 1.0 else EXACT_DRAWS
    return list(sample(n, BAR_SEED, [name]))


def _scan(guard: Guard, variant: Variant) -> dict:
    return guard.scan(transcript_from_dict(variant.to_record("v"))).to_dict()


def _shown(variant: Variant, pred: dict) -> str:
    found = [
        (t["index"], f["type"], f["start"], f["end"]) for t in pred["turns"] for f in t["findings"]
    ]
    turns = " || ".join(t for _, t in variant.turns)
    spans = [(e.turn, e.type, e.start, e.end) for e in variant.entities + variant.decoys]
    return f"{variant.variant_class}: {turns!r}; gold {spans}; found {found}"


# issue 14 not met for these classes yet: recall below the bar (or, for a NOT/
# class, a false alarm on its decoys); strict xfail so a class that starts passing must be
# removed from this list.
BELOW_THE_BAR: frozenset[str] = frozenset(
    {
        "CARD_CVV/label-traditional",
        "CARD_CVV/spoken-en",
        "CN_RESIDENT_ID/spoken-en-pairs",
        "US_SSN/split-turns",
        "US_SSN/spoken-pieces",
        "VERIFICATION_CODE/label-absent",
        "VERIFICATION_CODE/sep-narrow-nbsp",
        "PHONE_NUMBER/national-grouped",
    }
)
_BELOW_THE_BAR_REASON = "issue 14 not met for this class yet: recall below the issue's bar"


def _marked(names: list[str]) -> list:
    """The class names as parameters, the ones below the bar marked strict xfail."""
    return [
        pytest.param(
            n,
            marks=pytest.mark.xfail(strict=True, reason=_BELOW_THE_BAR_REASON),
        )
        if n in BELOW_THE_BAR
        else n
        for n in names
    ]


EXACT = [n for n in class_names() if bar_for(CLASSES[n].entity_type) == 1.0]
NEAR = [n for n in class_names() if (bar_for(CLASSES[n].entity_type) or 1.0) < 1.0]
NEGATIVE = [n for n in class_names() if CLASSES[n].entity_type is None]


def _misses(guard: Guard, variants: list[Variant], check: str) -> tuple[dict, list[str]]:
    preds = [_scan(guard, v) for v in variants]
    misses = [
        _shown(v, p)
        for v, p in zip(variants, preds, strict=True)
        if (
            score_variants([v], [p])["recall"] < 1.0
            if check == "recall"
            else score_variants([v], [p])["false_alarms"] > 0
        )
    ]
    return score_variants(variants, preds), misses


@pytest.mark.parametrize("name", _marked(EXACT))
def test_recall_is_one_for_every_card_id_ssn_and_code_class(guard: Guard, name: str) -> None:
    figures, misses = _misses(guard, bar_draws(name), "recall")
    assert figures["recall"] == 1.0, f"{len(misses)} missed, e.g. {misses[:2]}"


@pytest.mark.parametrize("name", _marked(NEAR))
def test_recall_is_at_least_098_for_phone_and_email_classes(guard: Guard, name: str) -> None:
    figures, misses = _misses(guard, bar_draws(name), "recall")
    assert figures["recall"] >= 0.98, f"recall {figures['recall']:.2f}, e.g. {misses[:2]}"


@pytest.mark.parametrize("name", _marked(NEGATIVE))
def test_negative_classes_raise_no_false_alarm(guard: Guard, name: str) -> None:
    figures, misses = _misses(guard, bar_draws(name), "false_alarms")
    assert figures["false_alarms"] == 0, f"{len(misses)} false alarms, e.g. {misses[:2]}"


def test_a_scan_does_not_depend_on_earlier_scans_on_the_same_guard(guard: Guard) -> None:
    """A scan's result depends on its own transcript only: generated conversations of
    every class scanned by a fresh Guard, then again in another order on the shared Guard
    after thousands of other scans (memos, needle index, label caches all warm), give the
    same findings, redactions and requests."""
    variants = list(sample(1, 3))

    def outcome(g: Guard, v: Variant) -> str:
        turns = _scan(g, v)["turns"]
        return json.dumps(
            [[t["findings"], t["redacted_text"], t["agent_request"], t["action"]] for t in turns]
        )

    fresh = Guard.build(GuardConfig(recognizer_folders=(RECOGNIZERS,)))
    first = [outcome(fresh, v) for v in variants]
    order = list(range(len(variants)))
    random.Random(5).shuffle(order)
    again = {i: outcome(guard, variants[i]) for i in order}
    changed = [variants[i].variant_class for i in order if again[i] != first[i]]
    assert not changed, f"{len(changed)} results changed, e.g. {changed[:3]}"


_SCAN_EVERY_CLASS = """
import json, sys
from piiguard.formats.jsonl import transcript_from_dict
from piiguard.guard import Guard, GuardConfig
from piiguard.variants import sample
guard = Guard.build(GuardConfig(recognizer_folders=(sys.argv[1],)))
for v in sample(1, 8):
    turns = guard.scan(transcript_from_dict(v.to_record("v"))).to_dict()["turns"]
    print(json.dumps([t["findings"] for t in turns]))
"""


def test_a_scan_gives_the_same_findings_in_another_process() -> None:
    """Ties between recognizers (same span, type and score) were settled by presidio's
    set of recognizers, ordered by object address and string hash: two processes (other
    hash seeds) named different recognizers for the same finding."""
    outputs = []
    for seed in ("1", "2"):
        env = dict(os.environ, PYTHONHASHSEED=seed)
        done = subprocess.run(
            [sys.executable, "-c", _SCAN_EVERY_CLASS, str(RECOGNIZERS)],
            capture_output=True,
            text=True,
            env=env,
            timeout=300,
            check=True,
        )
        outputs.append(done.stdout.splitlines())
    assert len(outputs[0]) == len(class_names())
    changed = [n for n, a, b in zip(class_names(), *outputs, strict=True) if a != b]
    assert not changed, f"{len(changed)} classes scanned differently, e.g. {changed[:3]}"


# ------------------------------------------------------------------ the matrix and the command


def _variant_with(entities: list[tuple[int, int, str]], decoys=()) -> Variant:  # noqa: ANN001
    from piiguard.variants import GoldSpan

    text = "card 4111 1111 1111 1111 exp 09/27 code 502"
    return Variant(
        "TEST/x",
        entities[0][2] if entities else None,
        "en",
        "chat",
        (("customer", text),),
        tuple(GoldSpan(0, s, e, t) for s, e, t in entities),
        tuple(GoldSpan(0, s, e, t) for s, e, t in decoys),
    )


def _pred(*findings: tuple[int, int, str]) -> dict:
    return {
        "id": "x",
        "turns": [
            {
                "index": 0,
                "findings": [
                    {"type": t, "start": s, "end": e, "score": 1.0} for s, e, t in findings
                ],
                "agent_request": [],
                "redacted_text": "",
            }
        ],
    }


@pytest.mark.parametrize(
    ("findings", "recall", "leak_rate"),
    [
        ([(5, 24, "CREDIT_CARD"), (29, 34, "CARD_EXPIRY")], 1.0, 0.0),
        ([(5, 24, "CREDIT_CARD")], 0.5, 0.5),
        ([(5, 24, "BANK_ACCOUNT"), (29, 34, "CARD_EXPIRY")], 0.5, 0.0),  # covered, wrong type
        ([(5, 12, "CREDIT_CARD"), (29, 34, "CARD_EXPIRY")], 0.5, 0.5),  # under half of the span
        ([], 0.0, 1.0),
    ],
)
def test_score_variants_counts_typed_recall_and_leak_over_every_entity(
    findings, recall: float, leak_rate: float
) -> None:
    variant = _variant_with([(5, 24, "CREDIT_CARD"), (29, 34, "CARD_EXPIRY")])
    figures = score_variants([variant], [_pred(*findings)])
    assert figures["entities"] == 2
    assert figures["recall"] == recall
    assert figures["leak_rate"] == leak_rate


@pytest.mark.parametrize(
    ("findings", "alarms"),
    [([], 0), ([(5, 24, "CREDIT_CARD")], 0), ([(40, 43, "VERIFICATION_CODE")], 1)],
)
def test_score_variants_counts_a_finding_on_a_decoy_as_a_false_alarm(findings, alarms: int) -> None:
    variant = _variant_with([], decoys=[(40, 43, "ERROR_CODE")])
    figures = score_variants([variant], [_pred(*findings)])
    assert figures["decoys"] == 1
    assert figures["false_alarms"] == alarms
    assert figures["recall"] is None


def test_run_matrix_has_a_row_per_class_and_a_summary_per_type(guard: Guard) -> None:
    from piiguard.variant_matrix import render_matrix, run_matrix

    names = ["CREDIT_CARD/plain", "PHONE_NUMBER/sep-space", "NOT/order-number"]
    matrix = run_matrix(guard, 3, 0, names, show_misses=1)
    assert [r["class"] for r in matrix["classes"]] == names
    card, phone, order = matrix["classes"]
    assert card["entities"] == 3 and card["bar"] == 1.0
    assert phone["bar"] == 0.98
    assert order["decoys"] == 3 and "recall" not in order
    assert set(matrix["by_type"]) == {"CREDIT_CARD", "PHONE_NUMBER"}
    text = render_matrix(matrix)
    markdown = render_matrix(matrix, markdown=True)
    for name in names:
        assert name in text and f"| {name} |" in markdown


def test_eval_variants_command(capsys) -> None:
    from piiguard.cli import main

    assert main(["eval", "--variants", "--n", "2", "--class", "NOT/", "--json"]) == 0
    out = capsys.readouterr().out
    matrix = json.loads(out.splitlines()[-1])
    assert {r["class"] for r in matrix["classes"]} == set(class_names("NOT/"))
    assert "negative class" in out


def test_saved_variants_are_a_corpus_the_shared_scorer_reads(tmp_path: Path, capsys) -> None:
    from piiguard.cli import main

    from ..conftest import scan_and_score

    corpus = tmp_path / "variants.jsonl"
    argv = ["eval", "--variants", "--n", "2", "--class", "US_SSN/sep-", "--save", str(corpus)]
    assert main(argv) == 0
    capsys.readouterr()
    rows = [json.loads(line) for line in corpus.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 2 * len(class_names("US_SSN/sep-"))
    figures = scan_and_score(corpus, tmp_path)
    assert figures["slices"]["all"]["leak"]["entities"] == len(rows)


@pytest.mark.parametrize(
    "argv",
    [["eval"], ["eval", "--variants", "--class", "NO_SUCH/"], ["eval", "--variants", "--n", "0"]],
)
def test_eval_variants_usage_errors_exit_2(argv: list[str], capsys) -> None:
    from piiguard.cli import main

    assert main(argv) == 2
    assert "piiguard:" in capsys.readouterr().err


def test_below_the_bar_names_only_real_classes() -> None:
    assert set(class_names()) >= BELOW_THE_BAR, sorted(BELOW_THE_BAR - set(class_names()))
