"""The agent-request paraphrase sets, scored per language (see tests/request_paraphrases.py).

``requests_tuning.jsonl`` is the part the rules were tuned on; ``requests_heldout.jsonl``
was written and committed together with it, split off by a hash of the text before any
rule changed, and is never looked at while tuning (its misses are not printed). Issue 15
asks for recall >= 0.95 at precision >= 0.95 on the held-out part; the floors below are
what the rules reach today (docs/accuracy.md, "Agent requests"), so a regression fails.
"""

from __future__ import annotations

import pytest

from piiguard.guard import Guard

from ..request_paraphrases import PARTS, load, score

FLOORS = {
    # part: (precision, recall) per language
    "tuning": {"en": (0.95, 0.95), "zh": (0.95, 0.95)},
    "heldout": {"en": (0.95, 0.93), "zh": (0.95, 0.95)},
}


@pytest.mark.parametrize("part", sorted(PARTS))
def test_paraphrase_set_scores(guard: Guard, part: str) -> None:
    records = load(PARTS[part])
    assert len(records) >= 100
    figures, _ = score(guard, records)
    for lang, (precision, recall) in FLOORS[part].items():
        f = figures[lang]
        assert f.asks >= 30 and f.non_asks >= 20
        assert f.precision >= precision, (part, lang, f)
        assert f.recall >= recall, (part, lang, f)


def test_paraphrase_set_is_large_enough_and_split() -> None:
    tuning, heldout = load(PARTS["tuning"]), load(PARTS["heldout"])
    assert len(tuning) + len(heldout) >= 300
    assert not {r["text"] for r in tuning} & {r["text"] for r in heldout}
