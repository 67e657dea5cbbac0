"""Retention and erasure (issue 17 item 15): conversations idle longer than the retention
period are purged by ``piiguard purge`` and by the service's own periodic task; an admin
erases one conversation on request; the audit log keeps ids and counts, nothing else."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from pydantic import ValidationError
from sqlalchemy import func, select, update

from piiguard.cli import main as cli_main
from service import retention
from service.config import Settings
from service.main import create_app
from service.store import models as m

from ..conftest import RECOGNIZERS
from .conftest import Api

CARD = "4532 0151 1283 0366"


def _scan(api: Api, cid: str) -> None:
    body = {
        "id": cid,
        "language": "en",
        "turns": [
            {"speaker": "agent", "text": "please read me the verification code we sent"},
            {"speaker": "customer", "text": f"card {CARD}"},
        ],
    }
    assert api.client.post("/v1/scan", json=body, headers=api.ingest).status_code == 200


def _live(api: Api, cid: str) -> None:
    for text in (
        "this is the police, your account is frozen, move the money to a safe account",
        f"card {CARD}",
    ):
        r = api.client.post(
            f"/v1/conversations/{cid}/turns",
            json={"speaker": "agent" if "police" in text else "customer", "text": text},
            headers=api.ingest,
        )
        assert r.status_code == 200


def _age(factory, cid: str, days: int) -> None:  # noqa: ANN001
    with factory() as session, session.begin():
        session.execute(
            update(m.Conversation)
            .where(m.Conversation.id == cid)
            .values(updated_at=m.utcnow() - timedelta(days=days))
        )


def _rows(factory, cid: str) -> dict[str, int]:  # noqa: ANN001
    with factory() as session:
        turn_ids = select(m.Turn.id).where(m.Turn.conversation_id == cid)
        return {
            "conversations": session.scalar(select(func.count()).where(m.Conversation.id == cid)),
            "turns": session.scalar(select(func.count()).where(m.Turn.conversation_id == cid)),
            "findings": session.scalar(select(func.count()).where(m.Finding.turn_id.in_(turn_ids))),
            "signals": session.scalar(select(func.count()).where(m.Signal.conversation_id == cid)),
            "reviews": session.scalar(select(func.count()).where(m.Review.conversation_id == cid)),
        }


def _gone(factory, cid: str) -> bool:  # noqa: ANN001
    return set(_rows(factory, cid).values()) == {0}


AUDIT_DETAIL = re.compile(r"^turns=\d+ signals=\d+ reviews=\d+( retention_days=\d+)?$")


def test_purge_deletes_idle_conversations_whole_and_audits_ids_and_counts(api: Api) -> None:
    factory = api.app.state.sessions
    _scan(api, "old-scan")
    review = {"disposition": "agent_violation", "note": "agent asked for the code"}
    assert api.client.post("/v1/sessions/old-scan/review", json=review, headers=api.reviewer)
    _live(api, "old-live")
    _scan(api, "recent")
    _live(api, "recent-live")
    before = _rows(factory, "old-scan")
    assert before["findings"] and before["reviews"] and _rows(factory, "old-live")["signals"]
    _age(factory, "old-scan", 181)
    _age(factory, "old-live", 400)
    _age(factory, "recent", 179)

    erased = retention.purge(factory, 180, batch=1)  # batch=1: several transactions
    assert sorted(e.conversation_id for e in erased) == ["old-live", "old-scan"]
    assert _gone(factory, "old-scan") and _gone(factory, "old-live")
    assert _rows(factory, "recent")["turns"] == 2 and _rows(factory, "recent-live")["turns"] == 2
    assert retention.purge(factory, 180) == [], "a second pass finds nothing"

    audit = api.client.get("/v1/audit", headers=api.admin).json()["items"]
    purged = [a for a in audit if a["action"] == "purge_session"]
    assert sorted(a["target"] for a in purged) == ["old-live", "old-scan"]
    for a in purged:
        assert AUDIT_DETAIL.match(a["detail"]), a["detail"]
        assert a["actor"] == "retention"
    old_scan = next(a for a in purged if a["target"] == "old-scan")
    assert old_scan["detail"].startswith(
        f"turns={before['turns']} signals={before['signals']} reviews={before['reviews']}"
    )


def test_the_purge_command(db_url: str, api: Api, monkeypatch, capsys) -> None:
    _scan(api, "cli-old")
    _scan(api, "cli-new")
    _age(api.app.state.sessions, "cli-old", 31)
    monkeypatch.setenv("PIIGUARD_DATABASE_URL", db_url)
    assert cli_main(["purge", "--days", "30"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("purged 1 conversation(s)") and "2 turns" in out
    assert _gone(api.app.state.sessions, "cli-old")
    assert not _gone(api.app.state.sessions, "cli-new")
    assert cli_main(["purge", "--days", "0"]) == 2


def test_retention_days_default_and_bounds(monkeypatch) -> None:
    assert Settings().retention_days == 180
    monkeypatch.setenv("PIIGUARD_RETENTION_DAYS", "30")
    assert Settings().retention_days == 30
    for bad in ("0", "-1", "soon"):
        monkeypatch.setenv("PIIGUARD_RETENTION_DAYS", bad)
        with pytest.raises(ValidationError):
            Settings()


def test_the_service_purges_on_its_own(db_url: str, guard) -> None:
    settings = Settings(database_url=db_url, recognizer_folders=[RECOGNIZERS], retention_days=7)
    app = create_app(settings, guard=guard)
    try:
        with app.state.sessions() as session, session.begin():
            for cid, days in (("stale", 8), ("active", 6)):
                session.add(
                    m.Conversation(
                        id=cid,
                        channel="chat",
                        turn_count=0,
                        version=0,
                        source="turns",
                        updated_at=m.utcnow() - timedelta(days=days),
                    )
                )
        with TestClient(app):
            assert app.state.retention.first_pass_done.wait(30), "no purge pass ran"
            assert _gone(app.state.sessions, "stale")
            assert not _gone(app.state.sessions, "active")
    finally:
        app.state.engine.dispose()


# -- erasure --------------------------------------------------------------------------------


def test_an_admin_erases_one_conversation_and_it_is_audited(api: Api) -> None:
    factory = api.app.state.sessions
    _scan(api, "dsr-1")
    _scan(api, "dsr-2")
    review = {"disposition": "no_issue"}
    assert api.client.post("/v1/sessions/dsr-1/review", json=review, headers=api.reviewer)
    counts = _rows(factory, "dsr-1")

    for headers in (api.ingest, api.reviewer):
        r = api.client.delete("/v1/sessions/dsr-1", headers=headers)
        assert r.status_code == 403
    assert not _gone(factory, "dsr-1")

    r = api.client.delete("/v1/sessions/dsr-1", headers=api.admin)
    assert r.status_code == 200
    assert r.json() == {
        "id": "dsr-1",
        "turns": counts["turns"],
        "signals": counts["signals"],
        "reviews": counts["reviews"],
    }
    assert _gone(factory, "dsr-1") and not _gone(factory, "dsr-2")
    assert api.client.get("/v1/sessions/dsr-1", headers=api.reviewer).status_code == 404
    assert api.client.delete("/v1/sessions/dsr-1", headers=api.admin).status_code == 404

    entry = next(
        a
        for a in api.client.get("/v1/audit", headers=api.admin).json()["items"]
        if a["action"] == "erase_session"
    )
    assert entry["target"] == "dsr-1" and AUDIT_DETAIL.match(entry["detail"])
    assert entry["actor"] == "test-admin"
    _scan(api, "dsr-1")  # an erased id is free again


def test_an_erased_live_conversation_starts_again_from_its_first_turn(api: Api) -> None:
    _live(api, "dsr-live")
    assert api.client.delete("/v1/sessions/dsr-live", headers=api.admin).status_code == 200
    r = api.client.post(
        "/v1/conversations/dsr-live/turns",
        json={"speaker": "customer", "text": "hello again"},
        headers=api.ingest,
    )
    assert r.status_code == 200 and r.json()["index"] == 0
    assert r.json()["risk"]["signals"] == [], "nothing carried over from the erased one"
