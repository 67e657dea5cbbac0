"""Running a recognizer's own examples: the recognizer author's test loop.

A ``match`` example passes when the detector (the whole engine: normalisation, context,
overlap resolution) reports a finding of the recognizer's entity type, exactly at each
``[[marked]]`` span when spans are marked; a ``no_match`` example passes when it reports
none of that type. ``piiguard recognizers test`` and the test suite both use this.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from piiguard.engine import Detector
from piiguard.pack import LoadedRecognizer

__all__ = ["ExampleReport", "run_examples"]


@dataclass(slots=True)
class ExampleReport:
    name: str
    total: int = 0
    failures: list[str] = field(default_factory=list)

    @property
    def passed(self) -> int:
        return self.total - len(self.failures)


def _spans(text: str, spans: list[tuple[int, int]]) -> str:
    return ", ".join(f"[{s}:{e}] {text[s:e]!r}" for s, e in spans) or "nothing"


def run_examples(detector: Detector, recognizer: LoadedRecognizer) -> ExampleReport:
    """Run ``recognizer``'s examples through ``detector``; failures name text and spans."""
    report = ExampleReport(recognizer.name)
    match, no_match = recognizer.example_cases()
    for example in match:
        report.total += 1
        found = [
            (f.start, f.end) for f in detector.detect(example.text) if f.type == recognizer.entity
        ]
        expected = list(example.spans)
        if not found or (expected and not set(expected) <= set(found)):
            report.failures.append(
                f"match {example.text!r}: expected "
                f"{_spans(example.text, expected) if expected else 'a finding'}, "
                f"found {_spans(example.text, found)}"
            )
    for example in no_match:
        report.total += 1
        found = [
            (f.start, f.end) for f in detector.detect(example.text) if f.type == recognizer.entity
        ]
        if found:
            report.failures.append(
                f"no_match {example.text!r}: found {_spans(example.text, found)}"
            )
    return report
