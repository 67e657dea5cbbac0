"""Fuzzing the library's entry points with hypothesis: any text, any turn sequence.

Bounded here (``PIIGUARD_FUZZ_EXAMPLES``, default 150); ``make fuzz`` runs it longer."""

from __future__ import annotations

import os
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from piiguard.guard import Guard
from piiguard.model import Transcript, Turn
from piiguard.normalize import normalize

EXAMPLES = int(os.environ.get("PIIGUARD_FUZZ_EXAMPLES", "150"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)

# Text that looks like support traffic: digits, number words, labels, CJK, symbols,
# zero-width and full-width characters, emoji, control characters.
PIECES = st.sampled_from(
    [
        "4532",
        " ",
        "0151",
        "-",
        "卡号",
        "验证码",
        "password is ",
        "four",
        "oh",
        "double",
        "六",
        "二",
        "幺",
        "两",
        "\u200b",
        "\ufeff",
        "６",
        "٤",
        "😀",
        "\x00",
        "\n",
        "@",
        " at ",
        "dot com",
        "CVV",
        "exp 09/27",
        "密码是",
        "ssn",
        "账号",
        "\ud800",
        "x",
        "X",
        "十",
        "，",
        "。",
        "?",
        "uh",
        "嗯",
    ]
)
support_text = st.lists(PIECES, max_size=30).map("".join) | st.text(max_size=200)


@FUZZ
@given(text=support_text)
def test_normalize_map_stays_inside_the_text(text: str) -> None:
    n = normalize(text)
    spans = n.span_map()
    assert len(spans) == len(n.text)
    assert all(0 <= s < e <= len(text) for s, e in spans)


@FUZZ
@given(text=support_text)
def test_findings_are_inside_the_text_and_never_overlap(guard: Guard, text: str) -> None:
    findings = guard.detector.detect(text)
    assert all(0 <= f.start < f.end <= len(text) for f in findings)
    assert all(a.end <= b.start for a, b in zip(findings, findings[1:], strict=False))


@FUZZ
@given(text=support_text)
def test_redaction_removes_every_finding(guard: Guard, text: str) -> None:
    redacted, findings = guard.redact_text(text)
    for f in findings:
        value = text[f.start : f.end]
        if len(value.strip()) >= 4 and not re.fullmatch(r"[\W_]+", value):
            assert value not in redacted


@FUZZ
@given(
    turns=st.lists(
        st.tuples(st.sampled_from(["agent", "customer", "system"]), support_text), max_size=12
    )
)
def test_conversations_always_decide_every_turn(guard: Guard, turns) -> None:
    result = guard.scan(Transcript("fuzz", tuple(Turn(s, t) for s, t in turns)))
    assert [d.index for d in result.turns] == list(range(len(turns)))
    assert all(d.action in ("allow", "redact", "block") for d in result.turns)
    assert 0.0 <= result.risk.score <= 1.0 and result.risk.level in ("low", "medium", "high")
    assert all(d.error is None for d in result.turns), "the engine raised on fuzzed input"
