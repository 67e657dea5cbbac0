"""Issue 23 item 10: what detection remembers between calls holds no turn text for long."""

from __future__ import annotations

import importlib

import pytest

from piiguard import needles, pattern_needs
from piiguard.guard import Guard
from piiguard.memo import RecentMemo, text_key
from piiguard.model import Turn

# The package exports the normalize() function under the module's name.
normalize_module = importlib.import_module("piiguard.normalize")
SECRET_TURN = "my card is 5105 1051 0510 5100 and the pin is 7731"


def test_recent_memo_keeps_only_the_last_keys() -> None:
    calls: list[str] = []
    memo: RecentMemo[str, int] = RecentMemo(lambda k: calls.append(k) or len(k), size=2)
    assert memo("aa") == 2 and memo("aa") == 2
    assert calls == ["aa"]
    memo("b")
    memo("ccc")
    assert len(memo) == 2
    memo("aa")
    assert calls == ["aa", "b", "ccc", "aa"]


CARD_TURN = "my card is 4929 1234 5678 9012"  # longer than a key: it cannot hide inside one


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [(CARD_TURN, CARD_TURN, True), (CARD_TURN, CARD_TURN + " ", False), ("", "", True)],
)
def test_text_key_is_stable_and_not_the_text(a: str, b: str, same: bool) -> None:
    assert (text_key(a) == text_key(b)) is same
    # Not the text nor any 4-digit group of it (a one-letter text could occur in a random
    # 16-byte digest by chance, ~6% of runs: that test was flaky).
    assert all(part.encode() not in text_key(a) for part in a.split() if len(part) >= 4)
    assert len(text_key(a)) == 16


def _memo_texts(guard: Guard) -> list[str]:
    """Every str key or value the text memos of the detection path hold."""
    held: list[str] = []
    held += list(normalize_module._recent._items)
    held += [k[1] for k in pattern_needs._recent_facts._items]
    held += [f.lowered for f in pattern_needs._recent_facts._items.values()]
    for memo in (needles._present_memo, needles._starts_memo):
        held += [part for key in memo for part in key if isinstance(part, str)]
    matcher = guard.label_vocabulary
    held += [k for k in matcher._scans if isinstance(k, str)]
    return held


def test_a_turn_leaves_the_memos_after_a_few_more_turns(guard: Guard) -> None:
    conversation = guard.conversation(conversation_id="memo")
    conversation.add_turn(Turn("customer", SECRET_TURN))
    assert any("5105" in t for t in _memo_texts(guard)), "the memo serves the current turn"
    for i in range(10):
        conversation.add_turn(Turn("agent", f"thanks, anything else for ticket step {i}?"))
    assert not any("5105" in t or "7731" in t for t in _memo_texts(guard))
