"""The live-turn write (one statement on PostgreSQL, a few in one transaction elsewhere)
stores exactly what the API answered: the turn, its findings, and the signals of the
risk, with signals the risk model let go of deleted and nothing read back to find them."""

from __future__ import annotations

from sqlalchemy import select

from service.store import models as m

from .conftest import Api

# A customer's cue counts half; three agent cues of the same kind then outrank it and
# the risk keeps only the strongest few per kind, so the customer's signal is let go of.
# A customer's retelling counts at half weight; three stronger agent signals of the same
# kind then push it out of the kept few, so the store must delete it.
THREAT_TURNS = [
    ("customer", "they told me to move my money to a safe account"),
    ("agent", "move your money to a safe account now"),
    ("agent", "the safe account is protected by the bank"),
    ("agent", "transfer everything to the safe account today"),
    ("agent", "thanks, anything else?"),
]


def _stored_signals(api: Api, conversation_id: str) -> set[tuple[int, str, str]]:
    with api.app.state.sessions() as session:
        rows = session.execute(
            select(m.Signal.turn, m.Signal.kind, m.Signal.text).where(
                m.Signal.conversation_id == conversation_id
            )
        )
        return {(t, k, x) for t, k, x in rows}


def test_stored_signals_follow_the_answered_risk_turn_by_turn(api: Api) -> None:
    seen: set[tuple[int, str, str]] = set()
    for n, (speaker, text) in enumerate(THREAT_TURNS):
        r = api.client.post(
            "/v1/conversations/threats/turns",
            json={"speaker": speaker, "text": text},
            headers=api.ingest | {"Idempotency-Key": f"t{n}"},
        )
        assert r.status_code == 200, r.text
        answered = {(s["turn"], s["kind"], s["text"]) for s in r.json()["risk"]["signals"]}
        assert _stored_signals(api, "threats") == answered, f"after turn {n}"
        seen |= answered
    assert seen - answered, "a signal was let go of and deleted (the delete path ran)"


def test_findings_and_turn_fields_are_stored_as_answered(api: Api) -> None:
    turns = [
        {"speaker": "customer", "text": "card 4111 1111 1111 1111 exp 09/29", "start": 1.5},
        {"speaker": "agent", "text": "please read me the code we just texted you", "end": 9.0},
        {"speaker": "customer", "text": "ok thanks"},
    ]
    answers = []
    for n, body in enumerate(turns):
        r = api.client.post(
            "/v1/conversations/fields/turns",
            json=body | ({"channel": "call", "language": "en"} if n == 0 else {}),
            headers=api.ingest,
        )
        assert r.status_code == 200, r.text
        answers.append(r.json())
    with api.app.state.sessions() as session:
        conv = session.get(m.Conversation, "fields")
        assert conv is not None
        assert (conv.channel, conv.language, conv.turn_count, conv.version) == ("call", "en", 3, 3)
        assert conv.agent_blocks == sum(
            1 for a in answers if a["speaker"] == "agent" and a["action"] == "block"
        )
        stored = session.scalars(
            select(m.Turn).where(m.Turn.conversation_id == "fields").order_by(m.Turn.index)
        ).all()
        for row, answer, body in zip(stored, answers, turns, strict=True):
            assert row.index == answer["index"] and row.action == answer["action"]
            assert row.redacted_text == answer["redacted_text"]
            assert row.agent_request == answer["agent_request"]
            assert (row.start, row.end) == (body.get("start"), body.get("end"))
            assert [(f.type, f.start, f.end) for f in row.findings] == [
                (f["type"], f["start"], f["end"]) for f in answer["findings"]
            ]
    assert answers[0]["findings"], "the card turn had findings to store"
