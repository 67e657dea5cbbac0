"""What a pattern needs before it can match: derived bounds that must never be too high.

Skipping a pattern whose needs a turn does not meet is only safe if the needs are true
of every match. Checked on every match of every shipped pattern in the recognizer
examples and the dev corpus, and on generated matches of assorted patterns.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import regex
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from piiguard.normalize import normalize
from piiguard.pack import load_pack
from piiguard.pattern_needs import NOTHING, pattern_needs, text_facts
from piiguard.recognizer import _FLAGS
from piiguard.spec import PATTERN_FLAGS

RECOGNIZERS = Path(__file__).resolve().parents[2] / "recognizers"


@pytest.mark.parametrize(
    ("pattern", "digits"),
    [
        (r"\d{4,8}", 4),
        (r"[0-9]{3}-[0-9]{2}-\d{4}", 9),
        (r"\d{3}|\d{15}", 3),  # an alternation needs its cheapest branch
        (r"(?<!\d)\d{6}(?!\d)", 6),  # negative lookarounds need nothing
        (r"(?=[!-~]*\d)[!-~]{6,}", 1),  # a positive one needs its digits in the text
        (r"(?=\d{2})\d{4}", 4),  # ... which may be the match's own
        (r"(?:(?=\d{5})\d){3}", 5),  # repeated lookarounds overlap: not 15
        (r"(?=\d{9})x|y", 0),  # a lookaround in one branch only
        (r"(?:\d{4}[ -]?){3}\d{4}", 16),
        (r"\d*", 0),
        (r"[\dX]{18}", 0),  # a class that also matches a letter is not a digit
        (r"[^a-z]{10}", 0),
        (r"1[3-9]\d{9}", 11),
        (r"card(?:\s*number)?", 0),
    ],
)
def test_min_digits_counts_only_digit_only_parts(pattern: str, digits: int) -> None:
    assert pattern_needs(pattern, PATTERN_FLAGS).min_digits == digits


@pytest.mark.parametrize(
    ("pattern", "strings"),
    [
        (r"\d{2}/\d{2}", {"/"}),
        (r"[:：]\d{2}/", {"/"}),  # a class starting with ':' is no POSIX class
        # one string of each branch (年 or 月 would do for the second): the union
        (r"\d{2}/\d{2}|\d{4}年\d{1,2}月", {"/", "年"}),
        (r"[(（]\d{6}[)）]", {"(", "（"}),
        (r"\w+@\w+", {"@"}),
        (r"(?=.*\+)\d+", {"+"}),  # a positive lookahead's text is in the turn too
        (r"CVV\s*\d{3}", {"cvv"}),  # ASCII letters compare lower-cased
        (r"(?:密码|pass ?word|PIN)[:：]?\d{4}", {"密码", "pass", "pin"}),
        (r"card number|card no", {"card n"}),  # the parser factors out the common prefix
        (r"(?!/)\d+", None),  # a negative lookaround needs nothing
        (r"(?:/)?\d+", None),  # nor an optional part
        (r"\d+|x/", None),  # nor an alternation with a branch that needs nothing
        (r"ÄÖ\d+", None),  # nor a cased letter outside ASCII (its case twins vary)
    ],
)
def test_any_of_holds_strings_every_match_contains(pattern: str, strings) -> None:
    expected = None if strings is None else frozenset(strings)
    assert pattern_needs(pattern, PATTERN_FLAGS).any_of == expected


@pytest.mark.parametrize(
    "pattern",
    [
        r"\p{Han}{2}\d{6}",  # regex-only syntax: the standard parser refuses it
        r"[[:digit:]]{6}/",  # a POSIX class the standard parser reads as a set of ':' ...
        r"x[[:^alpha:]]/",
        r"(?:\d{6}/){e<=1}",  # a fuzzy count it reads as a literal brace
        r"(?V1)\d{6}",
    ],
)
def test_syntax_the_standard_parser_reads_differently_needs_nothing(pattern: str) -> None:
    assert pattern_needs(pattern, PATTERN_FLAGS) == NOTHING


def test_every_mandatory_part_adds_a_set_the_text_must_hold() -> None:
    spoken = r"[a-z]+(?:\sat\s|艾特)[a-z]+(?:\sdot\s|点)(?:com|cn)"
    needs = pattern_needs(spoken, PATTERN_FLAGS)
    assert {frozenset({"at", "艾特"}), frozenset({"dot", "点"})} <= {needs.any_of, *needs.also}
    assert needs.met_by(text_facts("li at qq dot com"))
    # "at" and "com" are there but no "dot": the pattern cannot match, it is not run
    assert not needs.met_by(text_facts("call me at the office, i'm coming"))


def test_a_brace_inside_a_character_class_is_no_fuzzy_count() -> None:
    needs = pattern_needs(r"[(\[{<]\s*dot\s*[)\]}>]\d{4}", PATTERN_FLAGS)
    assert needs != NOTHING and needs.min_digits == 4 and needs.any_of == {"dot"}


def test_met_by_checks_digits_and_strings() -> None:
    needs = pattern_needs(r"\d{2}/\d{2}", PATTERN_FLAGS)
    assert needs.met_by(text_facts("exp 12/27"))
    assert not needs.met_by(text_facts("exp 1227"))
    assert not needs.met_by(text_facts("exp 1/"))
    pin = pattern_needs(r"pin:\d{4}", PATTERN_FLAGS)
    assert pin.met_by(text_facts("PIN:1234"))  # the other case still meets it
    assert not pin.met_by(text_facts("code:1234"))


def test_a_case_twin_in_the_text_disables_the_string_check() -> None:
    # Under IGNORECASE "s" also matches the long s (U+017F), which lower-casing keeps.
    pattern = r"pass:\d{4}"
    text = "pa\u017fs:1234"
    assert regex.compile(pattern, _FLAGS).search(text)
    assert pattern_needs(pattern, PATTERN_FLAGS).met_by(text_facts(text))


def test_text_facts_count_every_decimal_digit_the_patterns_match() -> None:
    assert text_facts("code 386152, ٣٤").digits == 8
    assert text_facts("no digits here").digits == 0


def _shipped_patterns() -> list[tuple[str, str]]:
    out = []
    for recognizer in load_pack([RECOGNIZERS], entry_point_plugins=False).recognizers:
        if recognizer.spec is not None:
            out.extend((f"{recognizer.name}.{p.name}", p.regex) for p in recognizer.spec.patterns)
    return out


def _texts(dev_corpus: Path) -> list[str]:
    """Every recognizer example and every dev-corpus turn, as the patterns see them."""
    texts = []
    for recognizer in load_pack([RECOGNIZERS], entry_point_plugins=False).recognizers:
        match, no_match = recognizer.example_cases()  # class-based ones too
        texts += [e.text for e in match + no_match]
    for line in dev_corpus.read_text(encoding="utf-8").splitlines():
        texts += [t["text"] for t in json.loads(line)["turns"]]
    return [normalize(t).text for t in texts]


def test_every_shipped_pattern_match_meets_the_patterns_needs(dev_corpus: Path) -> None:
    """Where a shipped pattern matches, its needs are met: skipping never loses one."""
    texts = _texts(dev_corpus)
    checked = 0
    for name, pattern in _shipped_patterns():
        needs = pattern_needs(pattern, PATTERN_FLAGS)
        compiled = regex.compile(pattern, _FLAGS)
        for text in texts:
            if compiled.search(text, timeout=1.0) is not None:
                checked += 1
                assert needs.met_by(text_facts(text)), (name, text)
    assert checked > 300  # the check saw real matches, not an empty corpus


@pytest.mark.parametrize(
    "pattern",
    [
        r"(?:\d{4}[ -]?){3}\d{4}",
        r"\d{2}/\d{2}|\d{4}年\d{1,2}月",
        r"[(（]?\d{6}[)）]?",
        r"(?:\+|00)\d{1,3}[ -]?\d{4,12}",
        r"[A-Z]{2}\d{2}[A-Z0-9]{10,30}",
        r"(?:pin|密码)[:：]?\s*\d{4,6}",
        r"(?:card|CVV) ?(?:number|no)\.? ?\d{3,4}",
        r"(?:exp(?:iry)?|valid thru) ?\d{2}/\d{2}",
        # several mandatory parts, each giving a set of its own (``also``)
        r"[a-z]+ ?(?:\sat\s|艾特|@) ?[a-z]+ ?(?:\sdot\s|点) ?(?:com|cn)",
        r"(?:cvv|安全码) ?(?:on the back|背面) ?(?:is|是)? ?\d{3}",
        r"(?:my )?(?:pin|passcode)(?: is|是)[:：]? ?[(\[{<]?\d{4}",
    ],
)
@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_needs_hold_for_generated_matches_of_assorted_patterns(pattern: str, data) -> None:
    text = data.draw(st.from_regex(re.compile(pattern, PATTERN_FLAGS), fullmatch=True))
    needs = pattern_needs(pattern, PATTERN_FLAGS)
    assert needs.met_by(text_facts(text)), text
