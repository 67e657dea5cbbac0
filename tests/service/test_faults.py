"""Faults: the database goes away mid-request. Ingest answers 503 with Retry-After, a
turn is stored whole or not at all, and a retry with the same Idempotency-Key stores it
exactly once. Bad input of every kind gets a 4xx or a correct result, never a 5xx."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import create_engine, select, text

from service.store import models as m
from service.store import repo

from .conftest import PG_SERVER, Api, make_api

TURN = {"speaker": "customer", "text": "卡号 4532 0151 1283 0366"}


def _stored(api: Api, conversation_id: str) -> tuple[list[int], int]:
    with api.app.state.sessions() as session:
        indices = list(
            session.scalars(select(m.Turn.index).where(m.Turn.conversation_id == conversation_id))
        )
        conv = session.get(m.Conversation, conversation_id)
        return indices, (conv.version if conv else -1)


def _post_turn(api: Api, cid: str, key: str):
    return api.client.post(
        f"/v1/conversations/{cid}/turns", json=TURN, headers=api.ingest | {"Idempotency-Key": key}
    )


def test_sqlite_locked_database_gives_503_and_writes_nothing(tmp_path, guard) -> None:
    url = f"sqlite:///{tmp_path / 'locked.db'}"
    for api in make_api(url, guard, db_busy_timeout_seconds=0.2):
        assert _post_turn(api, "c", "k0").status_code == 200
        before = _stored(api, "c")
        holder = sqlite3.connect(tmp_path / "locked.db", timeout=0.1)
        holder.execute("BEGIN EXCLUSIVE")  # another process holds the database
        try:
            r = _post_turn(api, "c", "k1")
        finally:
            holder.rollback()
            holder.close()
        assert r.status_code == 503 and r.headers["retry-after"]
        assert r.json()["error"]["code"] == "unavailable" and "4532" not in r.text
        assert _stored(api, "c") == before, "nothing half-written"
        again = _post_turn(api, "c", "k1")
        assert again.status_code == 200 and again.json()["index"] == 1
        assert _post_turn(api, "c", "k1").json()["replayed"] is True
        assert _stored(api, "c")[0] == [0, 1], "the retried turn is stored exactly once"


@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
def test_postgres_backend_killed_mid_turn(db_url: str, guard, monkeypatch) -> None:
    admin = create_engine(PG_SERVER)
    original = repo.append_turn
    killed = []

    def kill_then_append(session, *args, **kwargs):
        if not killed:
            pid = session.execute(text("SELECT pg_backend_pid()")).scalar_one()
            with admin.begin() as c:
                c.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
            killed.append(pid)
        return original(session, *args, **kwargs)

    for api in make_api(db_url, guard):
        assert _post_turn(api, "p", "k0").status_code == 200
        before = _stored(api, "p")
        monkeypatch.setattr(repo, "append_turn", kill_then_append)
        r = _post_turn(api, "p", "k1")
        assert killed and r.status_code == 503 and r.headers["retry-after"]
        assert _stored(api, "p") == before, "nothing half-written"
        again = _post_turn(api, "p", "k1")
        assert again.status_code == 200 and again.json()["index"] == 1
        assert _post_turn(api, "p", "k1").json()["replayed"] is True
        assert _stored(api, "p")[0] == [0, 1]
    admin.dispose()


BAD_BODIES = [
    (b"\xff\xfe{not utf-8", 422),
    (b'{"id": "x", "turns": [{"speaker": "agent", "text": "\\ud800"}]}', 422),
    (b"[" * 5000 + b"]" * 5000, 400),
    (b'{"id": 5, "turns": []}', 422),
    (b'{"id": "x", "turns": {"speaker": "agent"}}', 422),
    (b'{"id": "x", "turns": [{"speaker": "bot", "text": "hi"}]}', 422),
    (b'{"id": "x", "turns": [{"speaker": "agent"}]}', 422),
    (b'{"id": "x", "turns": [{"speaker": "agent", "text": "hi", "start": -1}]}', 422),
    (b'{"id": "", "turns": []}', 422),
    (b"", 422),
    (b"null", 422),
]


@pytest.mark.parametrize(("body", "status"), BAD_BODIES, ids=range(len(BAD_BODIES)))
def test_bad_bodies_get_a_clear_4xx(api: Api, body: bytes, status: int) -> None:
    r = api.client.post(
        "/v1/scan", content=body, headers=api.ingest | {"Content-Type": "application/json"}
    )
    assert r.status_code == status, r.text
    assert set(r.json()) == {"error"} and r.json()["error"]["message"]


def test_odd_but_valid_input_gets_a_correct_result(api: Api) -> None:
    turns = [
        {"speaker": "customer", "text": ""},
        {"speaker": "customer", "text": "\x00\x07\x1b[31m control characters"},
        {"speaker": "customer", "text": "卡号 4532\u200b0151\u200b1283\u200b0366 😀🎉"},
        {"speaker": "customer", "text": "Ｃａｒｄ ４５３２ ０１５１ １２８３ ０３６６"},
        {"speaker": "customer", "text": "٤٥٣٢ ٠١٥١ ١٢٨٣ ٠٣٦٦ رقم البطاقة"},
        {"speaker": "system", "text": "🙂" * 1000},
    ]
    r = api.client.post("/v1/scan", json={"id": "odd", "turns": turns}, headers=api.ingest)
    assert r.status_code == 200
    out = r.json()["turns"]
    assert out[0]["findings"] == [] and out[0]["action"] == "allow"
    for i in (2, 3, 4):
        assert [f["type"] for f in out[i]["findings"]] == ["CREDIT_CARD"], out[i]
        assert "0151" not in out[i]["redacted_text"] and "٠١٥١" not in out[i]["redacted_text"]


def test_huge_inputs_are_refused_not_processed(api: Api) -> None:
    one_mb_turn = {"id": "big", "turns": [{"speaker": "customer", "text": "9" * 1_000_000}]}
    r = api.client.post("/v1/scan", json=one_mb_turn, headers=api.ingest)
    assert r.status_code == 413
    many = {"id": "many", "turns": [{"speaker": "agent", "text": "hi"}] * 10_000}
    r = api.client.post("/v1/scan", json=many, headers=api.ingest)
    assert r.status_code == 413


def test_overload_sheds_with_503(db_url: str, guard) -> None:
    for api in make_api(db_url, guard, max_in_flight=0):
        r = api.client.post("/v1/redact", json={"text": "hi"}, headers=api.ingest)
        assert r.status_code == 503 and r.headers["retry-after"] == "1"
        assert r.json()["error"]["code"] == "overloaded"
        assert api.client.get("/healthz").status_code == 200, "only ingest is shed"


def test_rate_limit_per_key(db_url: str, guard) -> None:
    for api in make_api(db_url, guard, rate_limit_per_minute=3):
        codes = [
            api.client.post("/v1/redact", json={"text": "hi"}, headers=api.ingest).status_code
            for _ in range(5)
        ]
        assert codes[:3] == [200, 200, 200] and codes[-1] == 429
        assert api.client.get("/v1/sessions", headers=api.reviewer).status_code == 200, (
            "limits are per key"
        )


def test_huge_paging_offset_is_a_422_not_a_500(api: Api) -> None:
    # Found by `make fuzz`: 2**63 overflowed SQLite's integer.
    r = api.client.get("/v1/sessions?offset=9223372036854775808", headers=api.reviewer)
    assert r.status_code == 422 and "offset" in r.json()["error"]["message"]
