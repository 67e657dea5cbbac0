"""The agent-request paraphrase sets, scored per language (see tests/request_paraphrases.py).

``requests_tuning*.jsonl`` are the parts the rules were tuned on; ``requests_heldout*.jsonl``
were written and committed together with them, split off by a hash of the text before any
rule changed, and are never looked at while tuning (their misses are not printed). Issue
15 asks for recall >= 0.95 at precision >= 0.95 on held-out turns; the floors below are
what the rules reach today (docs/accuracy.md, "Agent requests"), so a regression fails.
"""

from __future__ import annotations

import pytest

from piiguard.guard import Guard

from ..request_paraphrases import PARTS, load, score

FLOORS = {
    # part: (precision, recall) per language
    "tuning": {"en": (0.95, 0.95), "zh": (0.95, 0.95)},
    "heldout": {"en": (0.95, 0.93), "zh": (0.95, 0.95)},  # below target: see docs
    "tuning_2": {"en": (0.95, 0.95), "zh": (0.95, 0.95)},
    # zh: 7 of 8 (turn, type) pairs right since round 7 (one extra type on 7 asks; the
    # miss is held out and was not read)
    "heldout_2": {"en": (0.90, 0.95), "zh": (0.85, 0.95)},  # below target: see docs
    "tuning_3": {"en": (0.95, 0.95), "zh": (0.95, 0.95)},
    "heldout_3": {"en": (0.95, 0.95), "zh": (0.95, 0.92)},  # below target: see docs
    "tuning_4": {"en": (0.95, 0.95), "zh": (0.95, 0.95)},
    "heldout_4": {"en": (0.95, 0.95), "zh": (0.95, 0.95)},
    "tuning_5": {"en": (0.95, 0.95), "zh": (0.95, 0.93)},
    "heldout_5": {"en": (0.94, 0.80), "zh": (0.95, 0.85)},  # below target: see docs
    "tuning_6": {"en": (0.95, 0.92), "zh": (0.95, 0.95)},
    "tuning_7": {"en": (0.95, 0.95), "zh": (0.95, 0.95)},
    "heldout_7": {"en": (0.95, 0.80), "zh": (0.80, 0.75)},  # below target: see docs
    "independent": {"en": (0.95, 0.95), "zh": (0.95, 0.95)},
    "tuning_8": {"en": (0.95, 0.95), "zh": (0.95, 0.95)},
    "heldout_8": {"en": (0.95, 0.95), "zh": (0.95, 0.90)},  # below target (zh): see docs
    "untouched_2": {"en": (0.95, 0.95), "zh": (0.95, 0.95)},
    "untouched_3": {"en": (0.95, 0.95), "zh": (0.95, 0.95)},
}


@pytest.mark.parametrize("part", sorted(PARTS))
def test_paraphrase_set_scores(guard: Guard, part: str) -> None:
    records = load(PARTS[part])
    figures, _ = score(guard, records)
    for lang, (precision, recall) in FLOORS[part].items():
        f = figures[lang]
        assert f.asks + f.non_asks >= 15
        assert f.precision >= precision, (part, lang, f)
        assert f.recall >= recall, (part, lang, f)


def test_paraphrase_set_is_large_enough_and_split() -> None:
    texts = {part: {r["text"] for r in load(path)} for part, path in PARTS.items()}
    assert sum(len(t) for t in texts.values()) >= 300
    tuned = set().union(*(t for part, t in texts.items() if part.startswith("tuning")))
    held_out = set().union(*(t for part, t in texts.items() if part.startswith("heldout")))
    assert not tuned & held_out
