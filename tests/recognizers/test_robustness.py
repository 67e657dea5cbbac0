"""Junk into every recognizer of the pack: no exception, no hang, sane offsets."""

from __future__ import annotations

import pytest

from piiguard.pack import load_pack

from ..conftest import RECOGNIZERS

PACK = load_pack([RECOGNIZERS], entry_point_plugins=False)
JUNK = [
    "",
    " ",
    "€",
    "😴",
    "\x00",
    "\u200b" * 50,
    "9" * 10_000,
    "1 " * 5_000,
    "a@" * 2_000,
    "密码" * 3_000,
    "\ud800",
    "4111\u200b1111\u200b1111\u200b1111",
    "\u202e1234",
    "٤١١١ ١١١١ ١١١١ ١١١١",
]


@pytest.mark.parametrize("recognizer", PACK.recognizers, ids=lambda r: r.name)
@pytest.mark.parametrize("junk", JUNK, ids=range(len(JUNK)))
def test_recognizer_survives_junk(recognizer, junk: str) -> None:
    for lang in recognizer.languages:
        instance = recognizer.instantiate(lang)
        for result in instance.analyze(junk, [recognizer.entity]):
            assert 0 <= result.start < result.end <= len(junk)


@pytest.mark.parametrize("junk", JUNK, ids=range(len(JUNK)))
def test_engine_survives_junk(detector, junk: str) -> None:
    for f in detector.detect(junk):
        assert 0 <= f.start < f.end <= len(junk)
