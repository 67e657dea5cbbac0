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
