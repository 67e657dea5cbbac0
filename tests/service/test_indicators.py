"""Scam indicators in the service: recorded on ingest, confirmed by review, flagged live,
imported, exported, retired; never a raw value in the database, logs, metrics or exports."""

from __future__ import annotations

import json
import logging
import os
import re
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from piiguard.indicators import SIGNAL_KIND, read_fingerprints

from .conftest import Api, make_api, stored_text

# The example number, in two spellings, and its safe display form.
SAID_IN_A = "请拨打 0755-8888 6666 联系我们的安全部门"
SAID_IN_B = "回拨 +86 755 8888 6666"
DISPLAY = "+86 755****6666"
RAW_FORMS = ("88886666", "8888 6666", "75588886666", "0755-8888", "755 8888")
# An outside list: 1,000 mobile numbers 139 0000 1000 ... 139 0000 1999.
LISTED = [f"139{n:08d}" for n in range(1000, 2000)]


@pytest.fixture
def api(db_url: str, guard, tmp_path: Path) -> Iterator[Api]:
    yield from make_api(db_url, guard, data_dir=tmp_path / "data")


def _signals(risk: dict) -> list[dict]:
    return [s for s in risk["signals"] if s["kind"] == SIGNAL_KIND]


def _scan(api: Api, cid: str, *turns: tuple[str, str]) -> dict:
    body = {"id": cid, "turns": [{"speaker": s, "text": t} for s, t in turns]}
    r = api.client.post("/v1/scan", json=body, headers=api.ingest)
    assert r.status_code == 200, r.text
    return r.json()


def _turn(api: Api, cid: str, speaker: str, text: str) -> dict:
    r = api.client.post(
        f"/v1/conversations/{cid}/turns",
        json={"speaker": speaker, "text": text, "language": "zh"},
        headers=api.ingest,
    )
    assert r.status_code == 200, r.text
    return r.json()


def _review(api: Api, cid: str, disposition: str) -> None:
    r = api.client.post(
        f"/v1/sessions/{cid}/review", json={"disposition": disposition}, headers=api.reviewer
    )
    assert r.status_code == 201, r.text


def _indicators(api: Api, query: str = "") -> dict:
    r = api.client.get(f"/v1/indicators{query}", headers=api.reviewer)
    assert r.status_code == 200, r.text
    return r.json()


def _no_raw_value(text: str, values: tuple[str, ...] | list[str]) -> None:
    found = [v for v in values if v in text]
    assert not found, f"raw value(s) {found[:3]} leaked"


def test_a_confirmed_number_warns_the_next_customer(api: Api, caplog) -> None:  # noqa: ANN001
    caplog.set_level(logging.DEBUG)
    # Conversation A: the agent hands out a callback number; a reviewer confirms the scam.
    a = _scan(api, "conv-a", ("customer", "你好，我的账户有问题吗"), ("agent", SAID_IN_A))
    assert _signals(a["risk"]) == []  # nothing is known yet
    _review(api, "conv-a", "confirmed_scam")

    # Conversation B, live: the same number in another spelling is flagged at that turn.
    _turn(api, "conv-b", "customer", "我收到一条短信说我的快递丢了")
    answer = _turn(api, "conv-b", "agent", SAID_IN_B)
    hits = _signals(answer["risk"])
    assert [h["turn"] for h in hits] == [1]
    assert DISPLAY in hits[0]["text"]
    assert answer["risk"]["level"] == "high"
    assert DISPLAY in answer["risk"]["warning"] and "诈骗" in answer["risk"]["warning"]

    # The reviewers' list: one indicator, one confirmed session, seen in both sessions.
    page = _indicators(api, "?confirmed=true")
    assert page["total"] == 1
    item = page["items"][0]
    assert (item["kind"], item["display"], item["confirmed_sessions"]) == ("phone", DISPLAY, 1)
    assert item["sessions"] == 2 and set(item["session_ids"]) == {"conv-a", "conv-b"}
    assert item["first_seen"] and item["last_seen"] and item["first_confirmed"]
    per_session = api.client.get("/v1/sessions/conv-b/indicators", headers=api.reviewer).json()
    assert [i["fingerprint"] for i in per_session["items"]] == [item["fingerprint"]]

    export = api.client.get("/v1/indicators/export", headers=api.admin)
    assert export.status_code == 200
    assert read_fingerprints(export.text.splitlines()) == {item["fingerprint"]: 1}

    metrics = api.client.get("/metrics", headers=api.admin).text
    for text in (stored_text(api.app.state.engine), caplog.text, metrics, export.text):
        _no_raw_value(text, RAW_FORMS)


def test_an_imported_list_flags_a_later_conversation(api: Api, caplog) -> None:  # noqa: ANN001
    caplog.set_level(logging.DEBUG)
    body = "# regulator feed\n" + "\n".join(LISTED) + "\nnot a number\n"
    r = api.client.post(
        "/v1/indicators/import",
        content=body.encode(),
        headers=api.admin | {"Content-Type": "text/plain"},
    )
    assert r.status_code == 200, r.text
    assert r.json() == {"added": 1000, "already_known": 0, "skipped": 1, "skipped_lines": [1002]}
    assert r.json() == r.json() | {"added": 1000}
    again = api.client.post("/v1/indicators/import", content=body.encode(), headers=api.admin)
    assert again.json()["already_known"] == 1000 and again.json()["added"] == 0

    result = _scan(
        api, "conv-c", ("customer", "请问怎么退款"), ("agent", "请您拨打 +86 139-0000-1500 办理")
    )
    assert [h["turn"] for h in _signals(result["risk"])] == [1]
    assert "+86 139****1500" in result["risk"]["warning"]
    quiet = _scan(api, "conv-d", ("agent", "请您拨打 139 0000 2500 办理"))  # not on the list
    assert _signals(quiet["risk"]) == []

    assert _indicators(api, "?imported=true&limit=1")["total"] == 1000
    export = api.client.get("/v1/indicators/export", headers=api.admin).text
    assert len(export.splitlines()) == 1000
    stored = stored_text(api.app.state.engine)
    for text in (stored, caplog.text, export):
        _no_raw_value(text, [*LISTED, "0000 1500", "00001500"])


def test_csv_imports_read_the_value_column(api: Api) -> None:
    csv = "reported_at,number,source\n2026-01-05,0571-8765 4321,feed\n2026-01-06,,feed\n"
    r = api.client.post("/v1/indicators/import", content=csv.encode(), headers=api.admin)
    assert r.json()["added"] == 1 and r.json()["skipped_lines"] == [3]
    listed = _indicators(api)["items"]
    assert [(i["kind"], i["display"]) for i in listed] == [("phone", "+86 571****4321")]


@pytest.mark.parametrize(
    ("content", "status"),
    [(b"\xff\xfe not utf-8", 422), ("\n".join(["13900001000"] * 100_001).encode(), 413)],
)
def test_bad_imports_are_refused_plainly(api: Api, content: bytes, status: int) -> None:
    r = api.client.post("/v1/indicators/import", content=content, headers=api.admin)
    assert r.status_code == status
    assert "13900001000" not in r.text


def test_official_numbers_are_never_imported_or_recorded(api: Api) -> None:
    r = api.client.post("/v1/indicators/import", content=b"95588\nicbc.com.cn\n", headers=api.admin)
    assert r.json()["added"] == 0 and r.json()["skipped"] == 2
    _scan(api, "official", ("agent", "请拨打 95588 或登录 www.icbc.com.cn 查询"))
    _review(api, "official", "confirmed_scam")
    assert _indicators(api)["total"] == 0


def test_only_a_confirmed_scam_review_confirms(api: Api) -> None:
    _scan(api, "fp", ("agent", "请回拨 0571-8765 4321 处理"))
    _review(api, "fp", "false_positive")
    assert _indicators(api, "?confirmed=true")["total"] == 0
    _review(api, "fp", "confirmed_scam")
    _review(api, "fp", "confirmed_scam")  # the same verdict again counts once
    assert _indicators(api)["items"][0]["confirmed_sessions"] == 1
    _review(api, "fp", "no_issue")  # a later verdict takes the confirmation back
    assert _indicators(api)["items"][0]["confirmed_sessions"] == 0
    later = _scan(api, "fp-later", ("agent", "请回拨 0571 87654321"))
    assert _signals(later["risk"]) == []


def test_customer_side_values(api: Api) -> None:
    _scan(
        api,
        "cust",
        ("customer", "我的手机号是 139 1234 5678"),  # the customer's own: not recorded
        ("customer", "他让我打 0571-8765 4321"),  # reported: recorded, customer side
    )
    _review(api, "cust", "confirmed_scam")  # confirms agent-side indicators only
    items = _indicators(api)["items"]
    assert [(i["display"], i["confirmed_sessions"]) for i in items] == [("+86 571****4321", 0)]


def test_retire_is_audited_and_stops_flagging(api: Api) -> None:
    api.client.post(
        "/v1/indicators/import", content=b"http://claim.example.top/x\n", headers=api.admin
    )
    fp = _indicators(api)["items"][0]["fingerprint"]
    assert api.client.delete(f"/v1/indicators/{fp}", headers=api.reviewer).status_code == 403
    assert api.client.delete(f"/v1/indicators/{fp}", headers=api.admin).status_code == 204
    assert api.client.delete(f"/v1/indicators/{fp}", headers=api.admin).status_code == 404
    assert api.client.delete("/v1/indicators/not-hex", headers=api.admin).status_code == 422
    result = _scan(api, "after", ("agent", "请打开 claim.example.top 领取"))
    assert _signals(result["risk"]) == []
    audit = api.client.get("/v1/audit", headers=api.admin).json()["items"]
    assert any(e["action"] == "retire_indicator" and e["target"] == fp for e in audit)
    assert any(e["action"] == "import_indicators" for e in audit)


@pytest.mark.parametrize(
    ("method", "path", "role", "allowed"),
    [
        ("get", "/v1/indicators", "reviewer", True),
        ("get", "/v1/indicators", "ingest", False),
        ("get", "/v1/indicators/export", "reviewer", False),
        ("get", "/v1/indicators/export", "admin", True),
        ("post", "/v1/indicators/import", "reviewer", False),
        ("post", "/v1/indicators/import", "admin", True),
    ],
)
def test_roles(api: Api, method: str, path: str, role: str, allowed: bool) -> None:
    headers = {"ingest": api.ingest, "reviewer": api.reviewer, "admin": api.admin}[role]
    kwargs = {"content": b""} if method == "post" else {}
    r = getattr(api.client, method)(path, headers=headers, **kwargs)
    assert (r.status_code < 400) is allowed, r.text


def test_erasing_a_session_erases_its_sightings(api: Api) -> None:
    _scan(api, "gone", ("agent", "请回拨 0571-8765 4321"))
    _review(api, "gone", "confirmed_scam")
    assert api.client.delete("/v1/sessions/gone", headers=api.admin).status_code == 200
    item = _indicators(api)["items"][0]
    assert item["sessions"] == 0 and item["confirmed_sessions"] == 1  # the evidence stays


def test_the_secret_is_generated_once_and_private(db_url: str, guard, tmp_path: Path) -> None:
    data = tmp_path / "data"
    fingerprints = []
    for _ in range(2):
        for api in make_api(db_url, guard, data_dir=data):
            _scan(api, f"s{len(fingerprints)}", ("agent", "请回拨 0571-8765 4321"))
            fingerprints.append(_indicators(api)["items"][0]["fingerprint"])
    secret = data / "indicator.secret"
    assert stat.S_IMODE(os.stat(secret).st_mode) == 0o600
    assert fingerprints[0] == fingerprints[1]  # the same key after a restart


def test_the_secret_from_the_environment_changes_every_fingerprint(
    db_url: str, guard, tmp_path: Path
) -> None:
    seen = []
    for value in ("first-secret", "second-secret"):
        for api in make_api(db_url, guard, data_dir=tmp_path, indicator_secret=value):
            _scan(api, f"k-{value}", ("agent", "请回拨 0571-8765 4321"))
            seen.extend(i["fingerprint"] for i in _indicators(api, f"?session=k-{value}")["items"])
    assert not (tmp_path / "indicator.secret").exists()
    assert len(set(seen)) == len(seen)


def test_export_lines_carry_no_value(api: Api) -> None:
    _scan(api, "e", ("agent", "转到账户 6217 8800 1234 5678，打开 refund.example.top"))
    _review(api, "e", "confirmed_scam")
    lines = [
        json.loads(x)
        for x in api.client.get("/v1/indicators/export", headers=api.admin).text.splitlines()
    ]
    assert {x["kind"] for x in lines} == {"account", "domain"}
    assert all(
        set(x) == {"fingerprint", "kind", "display", "confirmed_sessions", "imported", "key_id"}
        for x in lines
    )
    assert "6217880012345678" not in json.dumps(lines) and "8800 1234" not in json.dumps(lines)


def test_cli_import_then_export_feeds_a_batch_scan(tmp_path: Path, monkeypatch, capsys) -> None:  # noqa: ANN001
    from piiguard.cli import main as cli_main

    db = tmp_path / "cli.db"
    monkeypatch.setenv("PIIGUARD_DATABASE_URL", f"sqlite:///{db}")
    monkeypatch.delenv("PIIGUARD_INDICATOR_SECRET", raising=False)
    monkeypatch.delenv("PIIGUARD_INDICATOR_SECRET_FILE", raising=False)
    feed = tmp_path / "feed.txt"
    feed.write_text("\n".join(LISTED[:50]) + "\n???\n", encoding="utf-8")
    assert cli_main(["indicators", "import", str(feed)]) == 0
    assert "imported 50 new indicator(s)" in capsys.readouterr().out
    exported = tmp_path / "known.jsonl"
    assert cli_main(["indicators", "export", "-o", str(exported)]) == 0
    assert len(read_fingerprints(exported.read_text().splitlines())) == 50

    transcripts = tmp_path / "in.jsonl"
    row = {"id": "x", "turns": [{"speaker": "agent", "text": f"请回拨 {LISTED[7]}"}]}
    transcripts.write_text(json.dumps(row, ensure_ascii=False) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    secret = tmp_path / "indicator.secret"  # generated beside the SQLite file
    args = ["scan", str(transcripts), "-o", str(out), "--indicators", str(exported)]
    assert cli_main([*args, "--indicator-secret-file", str(secret)]) == 0
    result = json.loads(out.read_text(encoding="utf-8"))
    assert [s["turn"] for s in _signals(result["risk"])] == [0]

    from sqlalchemy import create_engine

    engine = create_engine(f"sqlite:///{db}")
    try:
        _no_raw_value(stored_text(engine) + exported.read_text(), LISTED[:50])
    finally:
        engine.dispose()


def _console_sign_in(api: Api) -> None:
    page = api.client.get("/console/login")
    csrf = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)
    key = api.reviewer["Authorization"].removeprefix("Bearer ")
    r = api.client.post("/console/login", data={"key": key, "csrf": csrf}, follow_redirects=False)
    assert r.status_code == 303


def test_console_shows_where_else_an_indicator_was_seen(api: Api) -> None:
    _scan(api, "first", ("agent", SAID_IN_A))
    _review(api, "first", "confirmed_scam")
    _scan(api, "second", ("agent", SAID_IN_B))
    _scan(api, "third", ("agent", "请拨打 075588886666"))
    _console_sign_in(api)
    page = api.client.get("/console/sessions/third").text
    assert DISPLAY in page
    assert "seen in 2 other sessions (1 confirmed scam)" in page
    assert 'href="/console/sessions/first"' in page and 'href="/console/sessions/second"' in page
    listing = api.client.get("/console/indicators?confirmed=true").text
    assert DISPLAY in listing and "1 in all" in listing
    for text in (page, listing):
        _no_raw_value(text, RAW_FORMS)


def test_another_replicas_confirmation_reaches_this_one_within_the_max_age(
    api: Api,
    monkeypatch,  # noqa: ANN001
) -> None:
    """The known set is not re-read on every turn (a transaction each, issue 18): this
    process trusts it for KNOWN_SET_MAX_AGE_SECONDS, then sees what another replica wrote."""
    from sqlalchemy import update

    from service.store import indicators as store
    from service.store.indicator_models import Indicator as IndicatorRow

    _scan(api, "seen", ("customer", "你好"), ("agent", SAID_IN_A))  # recorded, not confirmed
    clock = [1000.0]
    monkeypatch.setattr(store.time, "monotonic", lambda: clock[0])
    store.invalidate_known()
    assert _signals(_turn(api, "r1", "agent", SAID_IN_B)["risk"]) == []  # loads: none known

    # Another replica confirms it: a write this process's code did not make.
    with api.app.state.engine.begin() as c:
        c.execute(update(IndicatorRow).values(confirmed_sessions=1, updated_at=store.utcnow()))
    clock[0] += store.KNOWN_SET_MAX_AGE_SECONDS / 2
    assert _signals(_turn(api, "r2", "agent", SAID_IN_B)["risk"]) == []  # still trusted
    clock[0] += store.KNOWN_SET_MAX_AGE_SECONDS
    assert [h["turn"] for h in _signals(_turn(api, "r3", "agent", SAID_IN_B)["risk"])] == [0]


def test_a_review_in_this_process_takes_effect_on_the_next_turn(api: Api, monkeypatch) -> None:  # noqa: ANN001
    from service.store import indicators as store

    monkeypatch.setattr(store.time, "monotonic", lambda: 1000.0)  # the max age never runs out
    _scan(api, "a", ("customer", "你好"), ("agent", SAID_IN_A))
    assert _signals(_turn(api, "b", "agent", SAID_IN_B)["risk"]) == []  # loaded: none known
    _review(api, "a", "confirmed_scam")
    assert [h["turn"] for h in _signals(_turn(api, "c", "agent", SAID_IN_B)["risk"])] == [0]


def test_live_turns_record_their_sightings_with_the_turn(api: Api) -> None:
    """The live write (one statement on PostgreSQL) stores each given indicator once per
    turn and side, makes its indicator row once, and moves its last_seen; a turn that
    gives none records none."""
    from sqlalchemy import select

    from service.store.indicator_models import Indicator, IndicatorSighting

    _turn(api, "live-sight", "customer", "我想查一下我的账户")
    _turn(api, "live-sight", "agent", SAID_IN_A)
    _turn(api, "live-sight", "customer", "好的，谢谢")
    _turn(api, "live-sight", "agent", SAID_IN_B)
    _turn(api, "live-sight", "customer", f"他们让我回拨 {SAID_IN_B[3:]}")
    with api.app.state.sessions() as session:
        sightings = session.execute(
            select(IndicatorSighting.turn, IndicatorSighting.side, IndicatorSighting.fingerprint)
            .where(IndicatorSighting.conversation_id == "live-sight")
            .order_by(IndicatorSighting.turn)
        ).all()
        rows = session.scalars(select(Indicator)).all()
    assert [(t, side) for t, side, _ in sightings if side == "agent"] == [
        (1, "agent"),
        (3, "agent"),
    ]
    assert len({fp for _, _, fp in sightings}) == 1, "one number, one fingerprint"
    assert len(rows) == 1 and rows[0].display == DISPLAY
    assert rows[0].first_seen is not None and rows[0].last_seen >= rows[0].first_seen
