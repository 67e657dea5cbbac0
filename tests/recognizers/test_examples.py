"""Every recognizer's own examples run as tests: a new recognizer is tested when added."""

from __future__ import annotations

import pytest

from piiguard.authoring import run_examples
from piiguard.pack import load_pack

from ..conftest import RECOGNIZERS

PACK = load_pack([RECOGNIZERS], entry_point_plugins=False)


@pytest.mark.parametrize("recognizer", PACK.recognizers, ids=lambda r: r.name)
def test_examples(detector, recognizer) -> None:
    report = run_examples(detector, recognizer)
    assert report.total >= 2, "each recognizer needs positive and negative examples"
    assert not report.failures, "\n".join(report.failures)


@pytest.mark.parametrize("recognizer", PACK.recognizers, ids=lambda r: r.name)
def test_has_both_kinds_of_example(recognizer) -> None:
    match, no_match = recognizer.example_cases()
    assert match and no_match


def _compact(value: str) -> str:
    return "".join(c for c in value if not c.isspace() and c not in "-_").lower()


def test_no_recognizer_example_holds_a_dev_corpus_value(dev_corpus) -> None:
    """Issue 23 item 6: examples are our own values, never the ones we are scored on."""
    import json

    gold = set()
    for line in dev_corpus.read_text(encoding="utf-8").splitlines():
        conversation = json.loads(line)
        for e in conversation["gold"]["entities"]:
            value = conversation["turns"][e["turn"]]["text"][e["start"] : e["end"]]
            if len(_compact(value)) >= 4:
                gold.add(_compact(value))
    found = []
    for recognizer in PACK.recognizers:
        match, no_match = recognizer.example_cases()
        for example in match + no_match:
            text = _compact(example.text)
            found += [f"{recognizer.name}: {example.text[:40]}" for v in gold if v in text]
    assert not found, found
