"""Contract conformance and the never-leak sweep, over the whole dev corpus.

The dev corpus through POST /v1/scan and through /turns one turn at a time gives the
same results as `piiguard scan`; afterwards no gold value is anywhere in the database
or the logs."""

from __future__ import annotations

import json
import logging
import re
import threading
from pathlib import Path

from sqlalchemy import select

from piiguard.cli import main as cli_main

from ..leaks import contains_value
from .conftest import Api, stored_text


def _corpus(path: Path) -> list[dict]:
    return [
        json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()
    ]


def _gold_values(rows: list[dict]) -> set[str]:
    values = set()
    for row in rows:
        for e in row["gold"]["entities"]:
            values.add(row["turns"][e["turn"]]["text"][e["start"] : e["end"]])
    return values


def test_api_results_equal_the_cli_and_nothing_leaks(
    api: Api, dev_corpus: Path, tmp_path: Path, caplog
) -> None:
    caplog.set_level(logging.DEBUG)
    rows = _corpus(dev_corpus)
    cli_out = tmp_path / "cli.jsonl"
    assert cli_main(["scan", str(dev_corpus), "-o", str(cli_out)]) == 0
    expected = {
        r["id"]: r for r in map(json.loads, cli_out.read_text(encoding="utf-8").splitlines())
    }

    for row in rows:
        body = {k: row[k] for k in ("id", "channel", "language", "turns") if k in row}
        got = api.client.post("/v1/scan", json=body, headers=api.ingest).json()
        assert got == expected[row["id"]], row["id"]

        live_id = f"live-{row['id']}"
        decisions = []
        for i, turn in enumerate(row["turns"]):
            payload = turn | (
                {"channel": row["channel"], "language": row.get("language")} if i == 0 else {}
            )
            r = api.client.post(
                f"/v1/conversations/{live_id}/turns",
                json=payload,
                headers=api.ingest | {"Idempotency-Key": f"{live_id}-{i}"},
            )
            assert r.status_code == 200, r.text
            decisions.append(r.json())
        want = expected[row["id"]]
        for got_turn, want_turn in zip(decisions, want["turns"], strict=True):
            assert {k: got_turn[k] for k in want_turn} == want_turn
        assert decisions[-1]["risk"] == want["risk"]

    stored = stored_text(api.app.state.engine)
    # SQLAlchemy's statement log (on at DEBUG) prints timings such as "[cached since
    # 0.219s ago]": numbers that are not values.
    logs = re.sub(r"\[(?:cached since|generated in) [\d.]+s(?: ago)?\]", "", caplog.text)
    for value in _gold_values(rows):
        assert not contains_value(stored, value), "a gold value reached the database"
        assert not contains_value(logs, value), "a gold value reached the logs"
    if api.app.state.engine.dialect.name == "sqlite":
        db_file = Path(api.app.state.engine.url.database)
        raw = b"".join(p.read_bytes() for p in db_file.parent.glob(db_file.name + "*"))
        raw_text = raw.decode("utf-8", errors="replace")
        # Short values are covered by the column sweep above; in raw pages only values
        # long enough not to occur by chance are meaningful.
        for value in (v for v in _gold_values(rows) if len(v) >= 6):
            assert not contains_value(raw_text, value), "a gold value is in the SQLite file"


def test_concurrent_turns_on_one_conversation_are_all_kept(api: Api) -> None:
    errors = []

    def send(i: int) -> None:
        r = api.client.post(
            "/v1/conversations/busy/turns",
            json={"speaker": "customer", "text": f"message {i}"},
            headers=api.ingest | {"Idempotency-Key": f"k{i}"},
        )
        if r.status_code != 200:
            errors.append(r.status_code)

    threads = [threading.Thread(target=send, args=(i,)) for i in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    from service.store import models as m

    with api.app.state.sessions() as session:
        indices = sorted(
            session.scalars(select(m.Turn.index).where(m.Turn.conversation_id == "busy"))
        )
        conv = session.get(m.Conversation, "busy")
    assert indices == list(range(12)) and conv.turn_count == 12 and conv.state["index"] == 12


def test_turn_over_its_time_budget_is_blocked(db_url: str, guard, monkeypatch) -> None:
    """A scan held past the budget is blocked; the next turn goes on from the state before.

    No timing is assumed: the held scan waits on an event the test sets only after the
    answer came back, so it is over any budget however loaded the machine is; the next
    turn gets a budget no real scan comes near."""
    from .conftest import make_api

    slow_started = threading.Event()
    release = threading.Event()
    original = guard.detector.detect

    def held(text_, *a, **k):
        if "hold-this-turn" in text_:
            slow_started.set()
            release.wait(60)  # bound only so a broken test cannot hang the run
        return original(text_, *a, **k)

    monkeypatch.setattr(guard.detector, "detect", held)
    for api in make_api(db_url, guard, turn_time_budget_seconds=0.2):
        try:
            r = api.client.post(
                "/v1/conversations/t/turns",
                json={"speaker": "customer", "text": "hold-this-turn 4532015112830366"},
                headers=api.ingest,
            )
            assert slow_started.wait(60), "the held scan never started"
            assert r.json()["action"] == "block" and r.json()["error"] == "time_budget"
            assert "4532015112830366" not in r.text
        finally:
            release.set()
        # The budget is the runner's; only the held turn above needed it small.
        api.app.state.runner.budget = 600.0
        r = api.client.post(
            "/v1/conversations/t/turns",
            json={"speaker": "customer", "text": "卡号 4532015112830366"},
            headers=api.ingest,
        )
        assert r.json()["index"] == 1 and r.json()["action"] == "redact"
