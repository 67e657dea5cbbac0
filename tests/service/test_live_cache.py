"""Conversations a process keeps between its turns (service/live_cache.py): a turn decided
on a kept conversation is answered exactly as one rebuilt from the store, a kept
conversation is used only while its state is the stored one, and never by two requests."""

from __future__ import annotations

import json
from pathlib import Path

from piiguard.conversation import Conversation
from service.live_cache import LiveConversations

from .conftest import Api, make_api


def _answer(r) -> dict:  # noqa: ANN001
    assert r.status_code == 200, r.text
    body = r.json()
    body.pop("conversation_id")
    return body


def _post(api: Api, cid: str, n: int, turn: dict) -> dict:
    return _answer(
        api.client.post(
            f"/v1/conversations/{cid}/turns",
            json=turn,
            headers=api.ingest | {"Idempotency-Key": f"k{n}"},
        )
    )


def test_kept_and_rebuilt_conversations_answer_alike(
    api: Api, dev_corpus: Path, monkeypatch
) -> None:  # noqa: ANN001
    """Dev conversations taken twice: once with the kept conversation (every turn after
    the first), once with it forgotten before each turn (rebuilt from the stored state)."""
    live = api.app.state.runner.live
    taken: list[bool] = []
    real_take = live.take

    def spy(cid: str, state: dict) -> Conversation | None:
        kept = real_take(cid, state)
        taken.append(kept is not None)
        return kept

    monkeypatch.setattr(live, "take", spy)
    conversations = [json.loads(x) for x in dev_corpus.read_text("utf-8").splitlines() if x]
    for c, conv in enumerate(conversations[:12]):
        for n, turn in enumerate(conv["turns"]):
            body = {"speaker": turn["speaker"], "text": turn["text"]}
            if n == 0:
                body |= {"channel": conv["channel"], "language": conv.get("language")}
            kept = _post(api, f"kept-{c}", n, body)
            live.forget(f"rebuilt-{c}")
            rebuilt = _post(api, f"rebuilt-{c}", n, body)
            assert kept == rebuilt, f"conversation {c} turn {n}"
    assert taken.count(True) >= 50, "the kept conversations were used"
    assert taken.count(False) >= 50, "the forgotten ones were rebuilt"


def test_a_turn_stored_elsewhere_drops_the_kept_conversation(db_url: str, guard) -> None:
    """Process A keeps the conversation after its turn; process B takes the next turn;
    A's next turn must start from B's state, not from what A kept."""
    turns = [
        {"speaker": "agent", "text": "this is the bank security team"},
        {"speaker": "agent", "text": "move your money to a safe account now"},
        {"speaker": "agent", "text": "read me the code we just texted you"},
        {"speaker": "customer", "text": "okay"},
    ]
    library = Conversation(guard, conversation_id="x", channel="chat")
    expected = [library.add_turn(_turn(t)) for t in turns]
    for a in make_api(db_url, guard):
        for b in make_api(db_url, guard):
            answers = [
                _post(api, "shared", n, t)
                for n, (api, t) in enumerate(zip([a, a, b, a], turns, strict=True))
            ]
            assert len(a.app.state.runner.live) == 1
    for n, (answer, decision) in enumerate(zip(answers, expected, strict=True)):
        assert answer["index"] == n
        assert answer["action"] == decision.action, f"turn {n}"
        assert answer["risk"] == decision.risk.to_dict(), f"turn {n}"


def _turn(t: dict):  # noqa: ANN202
    from piiguard.model import Turn

    return Turn(t["speaker"], t["text"])


def test_a_kept_conversation_is_handed_out_once_and_only_for_its_state(guard) -> None:
    live = LiveConversations(max_entries=2)
    one = Conversation(guard, conversation_id="one")
    live.keep("one", one.state(), one)
    assert live.take("one", {"other": "state"}) is None, "not the stored state"
    assert live.take("one", one.state()) is None, "a mismatch dropped it"
    live.keep("one", one.state(), one)
    assert live.take("one", one.state()) is one
    assert live.take("one", one.state()) is None, "taken: not handed out twice"
    for name in ("a", "b", "c"):
        c = Conversation(guard, conversation_id=name)
        live.keep(name, c.state(), c)
    assert (
        len(live) == 2 and live.take("a", Conversation(guard, conversation_id="a").state()) is None
    )
