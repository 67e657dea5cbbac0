"""Replicas: two service processes on different ports against one PostgreSQL serve the
same conversation without losing, duplicating or reordering a turn.

PostgreSQL only (SQLite is one file on one machine: not a store replicas share). Both
processes start together on an empty schema, so migrating it is contended too. Loopback
only; every wait is bounded; the processes are stopped by the test.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from sqlalchemy import create_engine, select

from service.keys import create_key
from service.store import models as m
from service.store.db import session_factory, transaction

ROOT = Path(__file__).resolve().parents[2]
START_SECONDS = 120  # building the engine takes seconds; a loaded machine takes longer


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_ready(url: str, proc: subprocess.Popen, deadline: float) -> None:
    while time.monotonic() < deadline:
        assert proc.poll() is None, f"the replica at {url} exited with {proc.returncode}"
        try:
            if httpx.get(f"{url}/healthz", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)  # polling a process we do not control; no ordering depends on it
    pytest.fail(f"the replica at {url} did not answer /healthz within {START_SECONDS} s")


@pytest.fixture
def replicas(db_url: str, tmp_path: Path) -> Iterator[list[str]]:
    env = os.environ | {"PIIGUARD_DATABASE_URL": db_url, "PIIGUARD_CONSOLE_SECRET": "replicas"}
    procs, urls = [], []
    try:
        for n in range(2):
            port = _free_port()
            log = open(tmp_path / f"replica-{n}.log", "w")  # noqa: SIM115 - closed below
            procs.append(
                (
                    subprocess.Popen(
                        [sys.executable, "-m", "service.serve", "--port", str(port)],
                        cwd=ROOT,
                        env=env,
                        stdout=log,
                        stderr=subprocess.STDOUT,
                    ),
                    log,
                )
            )
            urls.append(f"http://127.0.0.1:{port}")
        deadline = time.monotonic() + START_SECONDS
        for url, (proc, _) in zip(urls, procs, strict=True):
            _wait_ready(url, proc, deadline)
        yield urls
    finally:
        for proc, _ in procs:
            proc.send_signal(signal.SIGTERM)
        for proc, log in procs:
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=10)
            log.close()


def _ingest_key(db_url: str) -> dict[str, str]:
    engine = create_engine(db_url)
    try:
        with transaction(session_factory(engine)) as session:
            return {"Authorization": f"Bearer {create_key(session, 'ingest', 'replicas')}"}
    finally:
        engine.dispose()


def _stored_turns(db_url: str, conversation_id: str) -> list[tuple[int, str]]:
    engine = create_engine(db_url)
    try:
        with engine.connect() as c:
            rows = c.execute(
                select(m.Turn.index, m.Turn.redacted_text)
                .where(m.Turn.conversation_id == conversation_id)
                .order_by(m.Turn.id)
            )
            return [(i, t) for i, t in rows]
    finally:
        engine.dispose()


def _turn(n: int) -> dict:
    speaker = "customer" if n % 2 else "agent"
    return {"speaker": speaker, "text": f"turn {n}: my order ref is AB-{n:04d}, thanks"}


@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
def test_two_replicas_take_one_conversation_alternately(replicas: list[str], db_url: str) -> None:
    headers = _ingest_key(db_url)
    answers = []
    with httpx.Client(timeout=30) as http:
        for n in range(12):
            url = replicas[n % 2]  # A, B, A, B ...: each turn continues the other's state
            r = http.post(
                f"{url}/v1/conversations/alt/turns",
                json=_turn(n),
                headers=headers | {"Idempotency-Key": f"alt-{n}"},
            )
            assert r.status_code == 200, r.text
            answers.append(r.json())
        # A retry reaching the other replica is answered from the store, not taken again.
        again = http.post(
            f"{replicas[1]}/v1/conversations/alt/turns",
            json=_turn(4),
            headers=headers | {"Idempotency-Key": "alt-4"},
        )
    assert [a["index"] for a in answers] == list(range(12))
    assert not any(a["replayed"] for a in answers)
    assert again.status_code == 200 and again.json()["replayed"] is True
    assert again.json()["index"] == 4
    stored = _stored_turns(db_url, "alt")
    assert [i for i, _ in stored] == list(range(12)), "no turn lost, duplicated or reordered"
    assert [t for _, t in stored] == [a["redacted_text"] for a in answers]


@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
def test_two_replicas_take_one_conversation_at_once(replicas: list[str], db_url: str) -> None:
    """Two clients, one per replica, send their turns to one conversation at the same
    time: every turn is stored exactly once, indices run 0..n-1, and each client's own
    turns keep the order it sent them in."""
    headers = _ingest_key(db_url)
    per_client = 8

    def client(c: int) -> list[dict]:
        out = []
        with httpx.Client(timeout=30) as http:
            for n in range(per_client):
                turn = {"speaker": "customer", "text": f"client {c} line {n}"}
                r = http.post(
                    f"{replicas[c]}/v1/conversations/both/turns",
                    json=turn,
                    headers=headers | {"Idempotency-Key": f"both-{c}-{n}"},
                )
                assert r.status_code == 200, r.text
                out.append(r.json())
        return out

    with ThreadPoolExecutor(2) as pool:
        results = list(pool.map(client, range(2)))
    stored = _stored_turns(db_url, "both")
    assert sorted(i for i, _ in stored) == list(range(2 * per_client))
    texts = [t for _, t in sorted(stored)]
    assert sorted(texts) == sorted(f"client {c} line {n}" for c in range(2) for n in range(8))
    for c, answers in enumerate(results):
        indices = [a["index"] for a in answers]
        assert indices == sorted(indices), "a client's turns stay in the order it sent them"
        mine = [t for t in texts if t.startswith(f"client {c} ")]
        assert mine == [f"client {c} line {n}" for n in range(per_client)]
