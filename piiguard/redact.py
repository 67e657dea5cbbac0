"""Redaction with presidio-anonymizer: one operator per entity type, configurable.

Every type is replaced by ``<TYPE>`` unless an operator is given; the built-in pack
declares ``CREDIT_CARD`` -> ``<CREDIT_CARD ****1234>`` (the last four digits stay, which
PCI DSS allows to display and which agents use to identify a card; see
``recognizers/credit_card.yaml``).

An operator is named by a stable string (see :data:`OPERATORS`): ``type_tag`` (``<TYPE>``),
``keep_last`` (``<TYPE ****1234>``, ``chars`` digits kept), ``replace`` (``new_value``),
``mask`` (every character replaced by ``masking_char``, length kept) and ``remove``.
Overlapping findings are merged first, so no part of any value survives.

    >>> keep_last = {"CREDIT_CARD": OperatorSpec("keep_last", {"chars": 4})}
    >>> card = [Finding("CREDIT_CARD", 5, 24, 1.0, "x")]
    >>> Redactor(keep_last).redact("card 4111 1111 1111 1111", card)
    'card <CREDIT_CARD ****1111>'
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import ahocorasick
from presidio_anonymizer import AnonymizerEngine
from presidio_anonymizer.entities import OperatorConfig, RecognizerResult

from piiguard.errors import ConfigError
from piiguard.model import Finding
from piiguard.normalize import normalize

__all__ = ["DEFAULT_OPERATORS", "OPERATORS", "OperatorSpec", "Redactor", "merge_overlaps"]

OPERATORS = ("type_tag", "keep_last", "replace", "mask", "remove")


@dataclass(frozen=True, slots=True)
class OperatorSpec:
    operator: str = "type_tag"
    params: Mapping[str, Any] = field(default_factory=dict)


# Every type is tagged unless told otherwise; a type's operator is declared with its
# recognizer (recognizers/credit_card.yaml keeps the last four) or set by the caller.
DEFAULT_OPERATORS: Mapping[str, OperatorSpec] = {}


def merge_overlaps(findings: Sequence[Finding]) -> list[Finding]:
    """Overlapping findings as one, typed by the highest-scoring of them."""
    merged: list[Finding] = []
    for f in sorted(findings, key=lambda f: (f.start, -f.end)):
        if merged and f.start < merged[-1].end:
            last = merged[-1]
            best = last if last.score >= f.score else f
            merged[-1] = Finding(
                best.type,
                last.start,
                max(last.end, f.end),
                max(last.score, f.score),
                best.recognizer,
            )
        else:
            merged.append(f)
    return merged


def _keep_last(entity: str, chars: int):  # noqa: ANN202
    def render(value: str) -> str:
        digits = [c for c in normalize(value).text if c.isdigit()]
        # Only a whole number shows its tail: a piece of a number read across turns shows
        # nothing (its last digits are not the card's last four), and never more than a
        # third of a value, whatever the setting says.
        keep = min(chars, len(digits) // 3) if len(digits) >= 12 else 0
        tail = "".join(digits[-keep:]) if keep else ""
        return f"<{entity} ****{tail}>" if tail else f"<{entity}>"

    return render


def _operator_config(entity: str, spec: OperatorSpec) -> OperatorConfig:
    p = dict(spec.params)
    if spec.operator == "type_tag":
        return OperatorConfig("replace", {"new_value": f"<{entity}>"})
    if spec.operator == "keep_last":
        return OperatorConfig("custom", {"lambda": _keep_last(entity, int(p.get("chars", 4)))})
    if spec.operator == "replace":
        return OperatorConfig("replace", {"new_value": str(p.get("new_value", f"<{entity}>"))})
    if spec.operator == "mask":
        char = str(p.get("masking_char", "*"))[:1] or "*"
        return OperatorConfig("custom", {"lambda": lambda v: char * len(v)})
    if spec.operator == "remove":
        return OperatorConfig("redact", {})
    raise ConfigError(
        f"unknown operator {spec.operator!r}; known: {', '.join(OPERATORS)}",
        field=f"redaction.{entity}",
    )


_MIN_REPEAT_CHARS = 3  # shorter values ("no", "12") recur by chance, not as the same secret


def _repeats(text: str, findings: Sequence[Finding]) -> list[Finding]:
    """Every other place a finding's value occurs in ``text``.

    Each distinct value is looked for once, all of them in one Aho-Corasick pass, so the
    work grows with the text and the number of occurrences, not with findings times
    occurrences: 2,000 findings of one PIN cost one search, not 2,000. Occurrences may
    overlap ("1111" in "111111"): every one is reported, so no digit of a value survives.
    """
    best: dict[str, Finding] = {}
    for f in findings:
        value = text[f.start : f.end]
        if len(value.strip()) < _MIN_REPEAT_CHARS:
            continue
        known = best.get(value)
        if known is None or f.score > known.score:
            best[value] = f
    if not best:
        return []
    automaton = ahocorasick.Automaton()
    for value in best:
        automaton.add_word(value, value)
    automaton.make_automaton()
    found = {(f.start, f.end) for f in findings}
    out = []
    for last, value in automaton.iter(text):
        start = last - len(value) + 1
        if (start, last + 1) not in found:
            f = best[value]
            out.append(Finding(f.type, start, last + 1, f.score, f.recognizer))
    return out


class Redactor:
    """Replaces findings in text, one presidio operator per entity type."""

    def __init__(self, operators: Mapping[str, OperatorSpec] | None = None):
        self.operators = dict(DEFAULT_OPERATORS) | dict(operators or {})
        for entity, spec in self.operators.items():
            _operator_config(entity, spec)  # fail at start-up, not on the first turn
        self._engine = AnonymizerEngine()

    def _config_for(self, entity: str) -> OperatorConfig:
        return _operator_config(entity, self.operators.get(entity, OperatorSpec()))

    def redact(self, text: str, findings: Sequence[Finding]) -> str:
        """``text`` with every finding replaced, and every other place the same value is
        repeated in it ("my PIN 4821, yes 4821"), so no value survives in the output."""
        if not findings:
            return text
        merged = merge_overlaps([*findings, *_repeats(text, findings)])
        results = [RecognizerResult(f.type, f.start, f.end, f.score) for f in merged]
        operators = {f.type: self._config_for(f.type) for f in merged}
        return self._engine.anonymize(text=text, analyzer_results=results, operators=operators).text
