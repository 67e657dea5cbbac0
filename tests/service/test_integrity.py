"""Service integrity (issue 17): an id is never replaced by ingest, an Idempotency-Key
never answers a different request, free text is stored redacted, a conversation is
bounded, scanning holds no database connection and stops at its budget, ids are safe in
URLs, and times read as RFC 3339 UTC."""

from __future__ import annotations

import asyncio
import json
import os
import re
import stat
import threading
import time

import pytest
from sqlalchemy import event, select

from piiguard.conversation import Conversation
from service.store import models as m

from .conftest import Api, make_api

CARD = "4532 0151 1283 0366"
CARD_DIGITS = "4532015112830366"


def _transcript(cid: str, text: str = f"my card is {CARD}") -> dict:
    return {
        "id": cid,
        "channel": "chat",
        "language": "en",
        "turns": [
            {"speaker": "agent", "text": "how can I help?"},
            {"speaker": "customer", "text": text},
        ],
    }


def _count_scans(api: Api, monkeypatch) -> list[int]:
    """Counts turns the engine decides from now on."""
    calls: list[int] = []
    runner = api.app.state.runner
    original = runner.run

    def counting(guard, conversation, turn):  # noqa: ANN001
        calls.append(1)
        return original(guard, conversation, turn)

    monkeypatch.setattr(runner, "run", counting)
    return calls


def _turn(api: Api, cid: str, text: str, key: str | None = None, **extra):
    headers = api.ingest | ({"Idempotency-Key": key} if key else {})
    return api.client.post(
        f"/v1/conversations/{cid}/turns",
        json={"speaker": "customer", "text": text} | extra,
        headers=headers,
    )


def _detail(api: Api, cid: str) -> dict:
    r = api.client.get(f"/v1/sessions/{cid}", headers=api.reviewer)
    assert r.status_code == 200, r.text
    return r.json()


# -- 1: ingest never replaces an existing id ------------------------------------------------


def test_same_transcript_again_is_replayed_without_scanning(api: Api, monkeypatch) -> None:
    first = api.client.post("/v1/scan", json=_transcript("rescan-1"), headers=api.ingest)
    assert first.status_code == 200
    scans = _count_scans(api, monkeypatch)
    # The same transcript spelled differently (key order, an ignored extra key) is the same.
    again = dict(reversed(list(_transcript("rescan-1").items()))) | {"gold": {"scam": False}}
    second = api.client.post("/v1/scan", json=again, headers=api.ingest)
    assert second.status_code == 200
    assert second.json() == first.json()
    assert scans == [], "a replay rescans nothing"


@pytest.mark.parametrize(
    "change",
    [
        lambda t: t["turns"][1].update(text="something else entirely"),
        lambda t: t["turns"].append({"speaker": "agent", "text": "anything else?"}),
        lambda t: t.update(channel="call"),
        lambda t: t["turns"][0].update(speaker="system"),
    ],
    ids=["text", "extra-turn", "channel", "speaker"],
)
def test_a_different_transcript_on_an_existing_id_is_a_409(api: Api, change) -> None:
    assert api.client.post("/v1/scan", json=_transcript("keep-1"), headers=api.ingest).is_success
    review = {"disposition": "no_issue", "note": "checked"}
    assert api.client.post(
        "/v1/sessions/keep-1/review", json=review, headers=api.reviewer
    ).is_success
    before = _detail(api, "keep-1")

    other = _transcript("keep-1")
    change(other)
    r = api.client.post("/v1/scan", json=other, headers=api.ingest)
    assert r.status_code == 409 and r.json()["error"]["code"] == "conversation_exists"
    after = _detail(api, "keep-1")
    assert after["turns"] == before["turns"] and after["reviews"] == before["reviews"]
    assert after["disposition"] == "no_issue"


def test_scan_and_turns_never_mix_on_one_id(api: Api) -> None:
    assert _turn(api, "live-a", "hello").status_code == 200
    r = api.client.post("/v1/scan", json=_transcript("live-a"), headers=api.ingest)
    assert r.status_code == 409 and r.json()["error"]["code"] == "conversation_exists"
    again = _turn(api, "live-a", "still here")
    assert again.status_code == 200 and again.json()["index"] == 1, "the live one goes on"

    assert api.client.post("/v1/scan", json=_transcript("batch-a"), headers=api.ingest).is_success
    r = _turn(api, "batch-a", "one more")
    assert r.status_code == 409 and r.json()["error"]["code"] == "conversation_exists"
    streamed = api.client.post(
        "/v1/conversations/batch-a/stream",
        content=json.dumps({"speaker": "customer", "text": "one more"}) + "\n",
        headers=api.ingest | {"Content-Type": "application/x-ndjson"},
    )
    line = json.loads(streamed.text.splitlines()[0])
    assert line["error"]["code"] == "conversation_exists"
    assert [t["index"] for t in _detail(api, "batch-a")["turns"]] == [0, 1]


# -- 2: an Idempotency-Key answers only the request it was first sent with -----------------


@pytest.mark.parametrize(
    "second",
    [
        {"speaker": "customer", "text": "a different turn"},
        {"speaker": "agent", "text": "the same words"},
        {"speaker": "customer", "text": "the same words", "start": 1.0, "end": 2.0},
    ],
    ids=["text", "speaker", "timing"],
)
def test_a_key_reused_with_another_body_is_a_422(api: Api, second: dict) -> None:
    assert _turn(api, "idem-1", "the same words", key="k1").status_code == 200
    r = api.client.post(
        "/v1/conversations/idem-1/turns",
        json=second,
        headers=api.ingest | {"Idempotency-Key": "k1"},
    )
    assert r.status_code == 422 and r.json()["error"]["code"] == "idempotency_key_reused"
    assert [t["index"] for t in _detail(api, "idem-1")["turns"]] == [0]
    replay = _turn(api, "idem-1", "the same words", key="k1")
    assert replay.status_code == 200 and replay.json()["replayed"] is True


def test_a_streamed_line_reusing_a_key_with_another_body_is_refused(api: Api) -> None:
    lines = [
        {"speaker": "customer", "text": "first", "idempotency_key": "s1"},
        {"speaker": "customer", "text": "first", "idempotency_key": "s1"},
        {"speaker": "customer", "text": "not the first", "idempotency_key": "s1"},
    ]
    r = api.client.post(
        "/v1/conversations/idem-s/stream",
        content="\n".join(json.dumps(x) for x in lines),
        headers=api.ingest | {"Content-Type": "application/x-ndjson"},
    )
    out = [json.loads(x) for x in r.text.splitlines()]
    assert out[0]["replayed"] is False and out[1]["replayed"] is True
    assert out[2]["error"]["code"] == "idempotency_key_reused"


def test_a_key_in_flight_gets_409_until_the_first_request_is_done(api: Api, monkeypatch) -> None:
    runner = api.app.state.runner
    original = runner.run
    entered, release = threading.Event(), threading.Event()

    def held(guard, conversation, turn, *before):  # noqa: ANN001
        entered.set()
        release.wait(10)
        return original(guard, conversation, turn, *before)

    monkeypatch.setattr(runner, "run", held)
    first: list = []
    thread = threading.Thread(target=lambda: first.append(_turn(api, "fly", "hi", key="f1")))
    thread.start()
    try:
        assert entered.wait(10)
        second = _turn(api, "fly", "hi", key="f1")
        assert second.status_code == 409
        assert second.json()["error"]["code"] == "idempotency_key_in_flight"
        assert second.headers["retry-after"]
    finally:
        release.set()
        thread.join(10)
    assert first[0].status_code == 200 and first[0].json()["replayed"] is False
    monkeypatch.setattr(runner, "run", original)
    assert _turn(api, "fly", "hi", key="f1").json()["replayed"] is True


# -- 3: free text a person types is stored redacted ----------------------------------------

NOTES = [
    (f"customer read card {CARD} cvv 737 to the agent", [CARD, "737"]),
    (f"客户在电话里报了卡号{CARD_DIGITS}", [CARD_DIGITS]),
    ("agent asked for the SSN 536-90-4399", ["536-90-4399"]),
    ("身份证 110105198001011238 已核实", ["110105198001011238"]),
]


@pytest.mark.parametrize(("note", "values"), NOTES, ids=range(len(NOTES)))
def test_review_notes_are_stored_redacted(api: Api, note: str, values: list[str]) -> None:
    assert api.client.post("/v1/scan", json=_transcript("noted"), headers=api.ingest).is_success
    r = api.client.post(
        "/v1/sessions/noted/review",
        json={"disposition": "agent_violation", "note": note},
        headers=api.reviewer,
    )
    assert r.status_code == 201
    # The notes as shown (not the reviews' timestamps, whose digits may hold "737").
    reviews = _detail(api, "noted")["reviews"]
    shown = r.json()["note"] + "\n".join(review["note"] for review in reviews)
    for value in values:
        assert value not in shown
    assert "<" in r.json()["note"], "the value is replaced by its tag"


@pytest.mark.parametrize("note", ["looks fine", "客户确认没有问题", ""])
def test_notes_without_values_are_kept_as_written(api: Api, note: str) -> None:
    assert api.client.post("/v1/scan", json=_transcript("plain"), headers=api.ingest).is_success
    r = api.client.post(
        "/v1/sessions/plain/review",
        json={"disposition": "no_issue", "note": note},
        headers=api.reviewer,
    )
    assert r.status_code == 201 and r.json()["note"] == note


def test_key_names_are_stored_redacted(api: Api) -> None:
    r = api.client.post(
        "/v1/keys",
        json={"role": "ingest", "name": "desk of 536-90-4399"},
        headers=api.admin,
    )
    assert r.status_code == 201 and "536-90-4399" not in r.json()["name"]
    names = [k["name"] for k in api.client.get("/v1/keys", headers=api.admin).json()]
    assert not any("536-90-4399" in n for n in names)
    plain = api.client.post(
        "/v1/keys", json={"role": "ingest", "name": "support-desk"}, headers=api.admin
    )
    assert plain.json()["name"] == "support-desk"


# -- 5: bounded conversations, signals stored incrementally --------------------------------


def test_turns_per_conversation_are_capped(db_url: str, guard) -> None:
    for api in make_api(db_url, guard, max_turns=3):
        for i in range(3):
            assert _turn(api, "cap", f"turn {i}").status_code == 200
        r = _turn(api, "cap", "one too many")
        assert r.status_code == 413 and r.json()["error"]["code"] == "too_many_turns"
        streamed = api.client.post(
            "/v1/conversations/cap/stream",
            content=json.dumps({"speaker": "customer", "text": "more"}),
            headers=api.ingest | {"Content-Type": "application/x-ndjson"},
        )
        assert json.loads(streamed.text)["error"]["code"] == "too_many_turns"
        long_stream = "\n".join(
            json.dumps({"speaker": "customer", "text": f"t{i}"}) for i in range(4)
        )
        r = api.client.post(
            "/v1/conversations/cap-2/stream",
            content=long_stream,
            headers=api.ingest | {"Content-Type": "application/x-ndjson"},
        )
        assert r.status_code == 413 and r.json()["error"]["code"] == "too_many_turns"
        assert [t["index"] for t in _detail(api, "cap")["turns"]] == [0, 1, 2]


SCAMMY = "this is the police, your account is frozen, transfer the money to a safe account now"


def test_signals_are_stored_incrementally(api: Api) -> None:
    statements: list[str] = []

    def record(conn, cursor, statement, *args) -> None:  # noqa: ANN001
        statements.append(statement.lower())

    first = api.client.post(
        "/v1/conversations/sig/turns",
        json={"speaker": "agent", "text": SCAMMY},
        headers=api.ingest,
    )
    assert first.json()["risk"]["signals"], "the test needs a turn that raises signals"
    engine = api.app.state.engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        for i in range(3):
            assert _turn(api, "sig", f"ok, thanks {i}").status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", record)
    writes = [s for s in statements if re.match(r"\s*(insert into|delete from) signals", s)]
    assert writes == [], "turns that add no signal write no signal"
    detail = _detail(api, "sig")
    assert detail["signals"] == first.json()["risk"]["signals"]


# -- 6: scanning holds no database connection; the budget stops the work -------------------


def test_a_turn_is_scanned_holding_no_database_connection(api: Api, monkeypatch) -> None:
    pool = api.app.state.engine.pool
    held: list[int] = []
    original = Conversation.add_turn

    def add_turn(self, turn):  # noqa: ANN001
        held.append(pool.checkedout())
        return original(self, turn)

    monkeypatch.setattr(Conversation, "add_turn", add_turn)
    assert _turn(api, "conn-1", "first turn creates the conversation").status_code == 200
    assert _turn(api, "conn-1", "second turn").status_code == 200
    assert api.client.post("/v1/scan", json=_transcript("conn-2"), headers=api.ingest).is_success
    assert held and set(held) == {0}, held


def test_a_live_turn_is_read_scanned_and_written_on_one_worker_thread(
    api: Api, monkeypatch
) -> None:
    """Two thread hand-overs a turn (loop -> worker -> loop), not four (issue 18): the state
    read, the scan and the write of a /turns request happen on one thread, off the loop."""
    from service.store import repo

    seen: dict[str, list[tuple[int, bool]]] = {"read": [], "scan": [], "write": []}

    def where() -> tuple[int, bool]:
        try:
            asyncio.get_running_loop()
            on_loop = True
        except RuntimeError:
            on_loop = False
        return threading.get_ident(), on_loop

    def recording(name: str, original):  # noqa: ANN001, ANN202
        def call(*a, **k):  # noqa: ANN002, ANN003, ANN202
            seen[name].append(where())
            return original(*a, **k)

        return call

    monkeypatch.setattr(repo, "read_live", recording("read", repo.read_live))
    monkeypatch.setattr(repo, "append_turn", recording("write", repo.append_turn))
    monkeypatch.setattr(Conversation, "add_turn", recording("scan", Conversation.add_turn))
    for n, text in enumerate(["first turn", f"card {CARD}", "third turn"]):
        r = _turn(api, "one-thread", text)
        assert r.status_code == 200 and r.json()["index"] == n
    for n in range(3):
        (read,), (scan,), (write,) = (seen[k][n : n + 1] for k in ("read", "scan", "write"))
        assert read == scan == write, seen
        assert read[1] is False, "the turn ran on the event loop"


def test_a_turn_over_budget_is_stopped_not_left_running(db_url: str, guard, monkeypatch) -> None:
    finished = threading.Event()
    outcome: list[str] = []
    original = Conversation._decide

    def spin(self, index, turn):  # noqa: ANN001
        if "spin" not in turn.text:
            return original(self, index, turn)
        deadline = time.monotonic() + 60
        try:
            while time.monotonic() < deadline:  # pure Python work, as a slow scan would be
                pass
            outcome.append("ran to the end")
        except BaseException as exc:
            outcome.append(type(exc).__name__)
            raise
        finally:
            finished.set()
        return original(self, index, turn)

    monkeypatch.setattr(Conversation, "_decide", spin)
    for api in make_api(db_url, guard, turn_time_budget_seconds=0.2):
        r = _turn(api, "late", f"spin {CARD}")
        assert r.json()["action"] == "block" and r.json()["error"] == "time_budget"
        assert finished.wait(10), "the worker was still scanning 10 s after its budget"
        assert outcome == ["OverBudget"]
        nxt = _turn(api, "late", f"card {CARD}")
        assert nxt.json()["index"] == 1 and nxt.json()["action"] == "redact"


# -- 8: conversation ids -----------------------------------------------------------------

BAD_IDS = [
    "a/b",
    "../../console/audit",
    "x?y=1",
    "x#frag",
    "with space",
    ".hidden",
    "-dash",
    "x" * 129,
    "卡号",
    "tab\tid",
    "semi;colon",
]
GOOD_IDS = ["a", "conv-0001", "CRM:case.77_b", "9" * 128]


@pytest.mark.parametrize("cid", BAD_IDS, ids=range(len(BAD_IDS)))
def test_ids_outside_the_pattern_are_refused(api: Api, cid: str) -> None:
    r = api.client.post("/v1/scan", json=_transcript(cid), headers=api.ingest)
    assert r.status_code == 422 and r.json()["error"]["code"] == "invalid_request"
    from urllib.parse import quote

    r = api.client.post(
        f"/v1/conversations/{quote(cid, safe='')}/turns",
        json={"speaker": "customer", "text": "hi"},
        headers=api.ingest,
    )
    assert r.status_code in (404, 422), r.status_code
    with api.app.state.sessions() as session:
        assert session.scalar(select(m.Conversation.id)) is None, "nothing stored"


@pytest.mark.parametrize("cid", GOOD_IDS)
def test_ids_in_the_pattern_are_accepted_and_reachable(api: Api, cid: str) -> None:
    assert api.client.post("/v1/scan", json=_transcript(cid), headers=api.ingest).is_success
    assert _detail(api, cid)["id"] == cid


# -- 12: small ones ------------------------------------------------------------------------

RFC3339_UTC = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$")


def test_times_are_rfc3339_utc_everywhere(api: Api) -> None:
    assert api.client.post("/v1/scan", json=_transcript("when"), headers=api.ingest).is_success
    review = api.client.post(
        "/v1/sessions/when/review", json={"disposition": "no_issue"}, headers=api.reviewer
    ).json()
    page = api.client.get("/v1/sessions", headers=api.reviewer).json()
    detail = _detail(api, "when")
    audit = api.client.get("/v1/audit", headers=api.admin).json()
    key_list = api.client.get("/v1/keys", headers=api.admin).json()
    times = [review["created_at"], detail["created_at"], detail["updated_at"]]
    times += [detail["reviews"][0]["created_at"], page["items"][0]["created_at"]]
    times += [a["at"] for a in audit["items"]] + [k["created_at"] for k in key_list]
    bad = [t for t in times if not RFC3339_UTC.match(t)]
    assert not bad, bad
    since = api.client.get(
        "/v1/sessions", params={"since": "2000-01-01T08:00:00+08:00"}, headers=api.reviewer
    ).json()
    assert since["total"] == 1, "a filter time with an offset compares as UTC"
    if api.app.state.engine.dialect.name == "sqlite":
        with api.app.state.engine.connect() as c:
            raw = c.exec_driver_sql("SELECT created_at FROM conversations").scalar_one()
        assert RFC3339_UTC.match(raw), raw


def test_sqlite_files_are_private(tmp_path, guard) -> None:
    url = f"sqlite:///{tmp_path / 'private.db'}"
    old = os.umask(0o022)
    try:
        for api in make_api(url, guard):
            assert _turn(api, "p", "hello").status_code == 200
            files = list(tmp_path.glob("private.db*"))
            assert tmp_path / "private.db" in files
            for f in files:
                mode = stat.S_IMODE(f.stat().st_mode)
                assert mode & 0o077 == 0, (f.name, oct(mode))
    finally:
        os.umask(old)


def test_session_detail_turns_is_the_list(api: Api) -> None:
    scanned = api.client.post("/v1/scan", json=_transcript("shape"), headers=api.ingest).json()
    detail = _detail(api, "shape")
    assert isinstance(detail["turns"], list) and detail["turn_count"] == 2
    assert [t["redacted_text"] for t in detail["turns"]] == [
        t["redacted_text"] for t in scanned["turns"]
    ]
    summary = api.client.get("/v1/sessions", headers=api.reviewer).json()["items"][0]
    assert summary["turn_count"] == 2


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (b"{not json", "line 1: not valid JSON"),
        (b'{"speaker": "bot", "text": "hi"}', "line 1: speaker: "),
        (b'{"speaker": "agent"}', "line 1: text: Field required"),
        (b"[1, 2]", "line 1: Input should be"),
    ],
)
def test_stream_errors_read_clearly(api: Api, line: bytes, expected: str) -> None:
    r = api.client.post(
        "/v1/conversations/errs/stream",
        content=line,
        headers=api.ingest | {"Content-Type": "application/x-ndjson"},
    )
    error = json.loads(r.text)["error"]
    assert error["message"].startswith(expected), error
    assert ": :" not in error["message"] and error["line"] == 1


def test_migration_0002_keeps_existing_rows_readable(db_url: str) -> None:
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import text

    from service.store.db import MIGRATIONS, make_engine, migrate, session_factory

    engine = make_engine(db_url)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0001")
    columns = (
        "id, channel, created_at, updated_at, turn_count, version, state, risk_score, "
        "risk_level, scam, flagged, agent_blocks"
    )
    with engine.begin() as c:
        for cid, state in (("old-batch", None), ("old-live", '{"v": 1}')):
            c.execute(
                text(
                    f"INSERT INTO conversations ({columns}) VALUES (:id, 'chat', "
                    "'2026-01-02 03:04:05.000006', '2026-01-02 03:04:05.000006', 0, 0, "
                    ":state, 0, 'low', false, false, 0)"
                ),
                {"id": cid, "state": state},
            )
    try:
        migrate(engine)
        with session_factory(engine)() as session:
            rows = {r.id: r for r in session.scalars(select(m.Conversation))}
        assert rows["old-batch"].source == "scan" and rows["old-live"].source == "turns"
        when = rows["old-batch"].created_at
        assert when.utcoffset() is not None and when.utcoffset().total_seconds() == 0
        assert (when.year, when.hour, when.microsecond) == (2026, 3, 6)
    finally:
        engine.dispose()


def _console_sign_in(api: Api) -> None:
    page = api.client.get("/console/login")
    csrf = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)
    key = api.reviewer["Authorization"].removeprefix("Bearer ")
    r = api.client.post("/console/login", data={"key": key, "csrf": csrf}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/console"


# Ids stored before the pattern existed, as the console must still link them safely.
LEGACY_IDS = {
    "../../console/audit": "..%2F..%2Fconsole%2Faudit",
    "a b?c#d": "a%20b%3Fc%23d",
    '"><i>x': "%22%3E%3Ci%3Ex",
}


def test_console_links_url_encode_ids(api: Api) -> None:
    with api.app.state.sessions() as session, session.begin():
        for cid in LEGACY_IDS:
            session.add(
                m.Conversation(
                    id=cid, channel="chat", turn_count=0, version=0, flagged=True, source="scan"
                )
            )
    _console_sign_in(api)
    queue = api.client.get("/console?flagged=yes").text
    for cid, encoded in LEGACY_IDS.items():
        assert f'href="/console/sessions/{encoded}"' in queue, cid
    assert 'href="/console/sessions/../' not in queue


@pytest.mark.parametrize(
    ("second_text", "expected"),
    [(f"my card is {CARD}", [200, 200]), ("a different story", [200, 409])],
    ids=["same", "different"],
)
def test_two_scans_of_one_id_at_once(api: Api, monkeypatch, second_text, expected) -> None:
    """Both pass the existence check before either stores: the second to store replays
    the first's result when it sent the same transcript, and is refused otherwise."""
    runner = api.app.state.runner
    original = runner.run
    both_scanning = threading.Barrier(2, timeout=20)
    waited: set[int] = set()

    def meet(guard, conversation, turn):  # noqa: ANN001
        me = threading.get_ident()
        if me not in waited:
            waited.add(me)
            both_scanning.wait()
        return original(guard, conversation, turn)

    monkeypatch.setattr(runner, "run", meet)
    answers: dict[str, object] = {}

    def post(name: str, text: str) -> None:
        answers[name] = api.client.post(
            "/v1/scan", json=_transcript("race", text), headers=api.ingest
        )

    threads = [
        threading.Thread(target=post, args=("a", f"my card is {CARD}")),
        threading.Thread(target=post, args=("b", second_text)),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    codes = sorted(r.status_code for r in answers.values())
    assert codes == expected, [r.text for r in answers.values()]
    stored = _detail(api, "race")
    winner = next(r for r in answers.values() if r.status_code == 200)
    assert [t["redacted_text"] for t in stored["turns"]] == [
        t["redacted_text"] for t in winner.json()["turns"]
    ]
    if expected == [200, 200]:
        assert answers["a"].json() == answers["b"].json()


def test_stored_signals_follow_the_risk_touching_only_changes(api: Api) -> None:
    from piiguard.model import Risk, Signal
    from service.store import repo

    def stored(session) -> dict[tuple, int]:  # noqa: ANN001
        rows = session.scalars(select(m.Signal).where(m.Signal.conversation_id == "sync"))
        return {(s.turn, s.kind, s.text): s.id for s in rows}

    a, b, c = Signal(1, "authority", "police"), Signal(2, "urgency", "now"), Signal(3, "x", "y")
    with api.app.state.sessions() as session, session.begin():
        repo.create_conversation(session, "sync", "chat", None)
        repo.sync_signals(session, "sync", Risk(signals=(a, b)))
        session.flush()
        first = stored(session)
        repo.sync_signals(session, "sync", Risk(signals=(b, c)))  # a let go of, c new
        session.flush()
        second = stored(session)
    assert set(first) == {(1, "authority", "police"), (2, "urgency", "now")}
    assert set(second) == {(2, "urgency", "now"), (3, "x", "y")}
    assert second[(2, "urgency", "now")] == first[(2, "urgency", "now")], "b was not rewritten"


def test_cli_key_names_are_stored_redacted(tmp_path, monkeypatch, capsys) -> None:
    from piiguard.cli import main as cli_main

    monkeypatch.setenv("PIIGUARD_DATABASE_URL", f"sqlite:///{tmp_path / 'keys.db'}")
    assert cli_main(["keys", "create", "--role", "ingest", "--name", "desk 536-90-4399"]) == 0
    created = capsys.readouterr()
    assert cli_main(["keys", "list"]) == 0
    listed = capsys.readouterr().out
    assert "536-90-4399" not in created.err + listed and "desk <US_SSN>" in listed
