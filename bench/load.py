"""``make load``: drive POST /v1/conversations/{id}/turns with the dev corpus at rising
concurrency against the service as ``make run`` starts it (``python -m service.serve``),
2 workers, on the database ``PIIGUARD_DATABASE_URL`` names (PostgreSQL in production; a
throw-away SQLite file when it is unset).

Loopback only; every level is bounded in requests and seconds. Reports throughput,
p50/p95/p99 latency and error rates per level next to the engine's own speed on exactly
the turns that level sent, measured in this process right after the level (the ratio is
the figure that survives a noisy, shared machine), and writes bench/load.json.
"""

from __future__ import annotations

import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import httpx

from piiguard.guard import Guard, GuardConfig
from piiguard.model import Turn, Word

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT.parent / "shared" / "corpus" / "dev.jsonl"
LEVELS = tuple(int(x) for x in os.environ.get("LOAD_LEVELS", "1,4,16,64").split(","))
REQUESTS_PER_LEVEL = int(os.environ.get("LOAD_REQUESTS", "600"))
SECONDS_PER_LEVEL = 60.0
WORKERS = int(os.environ.get("LOAD_WORKERS", "2"))
_WORKER_READY = "Application startup complete"  # uvicorn logs it once per worker


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _Connection:
    """A keep-alive HTTP/1.1 connection that writes each request in one piece, so no
    Nagle / delayed-ACK stall (~40 ms, which httpx's header-then-body writes trigger on
    loopback) is mistaken for service latency."""

    def __init__(self, host: str, port: int):
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def post(self, path: str, body: bytes, headers: dict[str, str]) -> int:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
            sock = self.writer.get_extra_info("socket")
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        head = "".join(f"{k}: {v}\r\n" for k, v in headers.items())
        request = (
            f"POST {path} HTTP/1.1\r\nHost: {self.host}\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(body)}\r\n{head}\r\n"
        ).encode() + body
        self.writer.write(request)
        await self.writer.drain()
        assert self.reader is not None
        status_line = await self.reader.readline()
        length = 0
        while True:
            line = await self.reader.readline()
            if line in (b"\r\n", b""):
                break
            name, _, value = line.decode().partition(":")
            if name.lower() == "content-length":
                length = int(value)
        await self.reader.readexactly(length)
        return int(status_line.split()[1])

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            await self.writer.wait_closed()


async def _level(
    url: str, key: str, conversations: list[dict], concurrency: int, tag: str
) -> tuple[dict, list[tuple[int, int]]]:
    """One concurrency level; returns its figures and what it sent, as (conversation
    number, turn number) in the order each conversation's turns went out."""
    latencies: list[float] = []
    codes: dict[int, int] = {}
    sent_turns: list[tuple[int, int]] = []
    sent = 0
    deadline = time.monotonic() + SECONDS_PER_LEVEL

    host, port = url.removeprefix("http://").split(":")

    async def client(worker: int) -> None:
        nonlocal sent
        http = _Connection(host, int(port))
        try:
            await _drive(worker, http)
        finally:
            await http.close()

    async def _drive(worker: int, http: _Connection) -> None:
        nonlocal sent
        conv_no = worker
        while sent < REQUESTS_PER_LEVEL and time.monotonic() < deadline:
            conv = conversations[conv_no % len(conversations)]
            cid = f"load-{tag}-{worker}-{conv_no}"
            for i, turn in enumerate(conv["turns"]):
                if sent >= REQUESTS_PER_LEVEL or time.monotonic() >= deadline:
                    return
                sent += 1
                sent_turns.append((conv_no, i))
                body = turn | (
                    {"channel": conv["channel"], "language": conv.get("language")} if i == 0 else {}
                )
                started = time.perf_counter()
                try:
                    code = await asyncio.wait_for(
                        http.post(
                            f"/v1/conversations/{cid}/turns",
                            json.dumps(body).encode(),
                            {"Authorization": f"Bearer {key}", "Idempotency-Key": f"{cid}-{i}"},
                        ),
                        timeout=30,
                    )
                except (TimeoutError, OSError, asyncio.IncompleteReadError, ValueError):
                    code = 0  # connection error or timeout
                    await http.close()
                    http.writer = None
                latencies.append(time.perf_counter() - started)
                codes[code] = codes.get(code, 0) + 1
            conv_no += concurrency

    started = time.perf_counter()
    await asyncio.gather(*(client(w) for w in range(concurrency)))
    wall = time.perf_counter() - started
    ordered = sorted(latencies)

    def pct(q: float) -> float:
        return 1000 * ordered[min(len(ordered) - 1, int(q * len(ordered)))]

    ok = codes.get(200, 0)
    figures = {
        "concurrency": concurrency,
        "requests": len(latencies),
        "wall_s": wall,
        "ok_per_s": ok / wall,
        "p50_ms": 1000 * statistics.median(latencies),
        "p95_ms": pct(0.95),
        "p99_ms": pct(0.99),
        "error_rate": 1 - ok / len(latencies),
        "status_counts": {str(k): v for k, v in sorted(codes.items())},
    }
    return figures, sent_turns


def _service_cpu_seconds(pid: int) -> float | None:
    """CPU time (user + system) the service's processes have used so far: the supervisor
    ``pid`` and its workers, from /proc (Linux; None elsewhere). Per turn, it is the figure
    a noisy machine distorts least: waiting for a core costs wall time, not CPU time."""
    ticks = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return None
    total = 0
    for p in (pid, *map(int, children)):
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rpartition(")")[2].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / ticks


def _turn(turn: dict) -> Turn:
    words = tuple(Word(w["w"], w["start"], w["end"]) for w in turn.get("words") or ())
    return Turn(turn["speaker"], turn["text"], turn.get("start"), turn.get("end"), words)


def _engine(guard: Guard, conversations: list[dict], sent: list[tuple[int, int]]) -> dict:
    """The engine alone (``Conversation.add_turn``, one process, one thread) on exactly the
    turns a level sent, each conversation's turns in their order."""
    by_conversation: dict[int, list[int]] = {}
    for conv_no, i in sent:
        by_conversation.setdefault(conv_no, []).append(i)
    times: list[float] = []
    for conv_no, indices in by_conversation.items():
        conv = conversations[conv_no % len(conversations)]
        conversation = guard.conversation(
            conversation_id=f"engine-{conv_no}",
            channel=conv["channel"],
            language=conv.get("language"),
        )
        for i in indices:
            turn = _turn(conv["turns"][i])
            started = time.perf_counter()
            conversation.add_turn(turn)
            times.append(time.perf_counter() - started)
    total = sum(times)
    return {
        "engine_turns": len(times),
        "engine_turns_per_s": len(times) / total if total else 0.0,
        "engine_p50_ms": 1000 * statistics.median(times) if times else 0.0,
        "engine_mean_ms": 1000 * total / len(times) if times else 0.0,
    }


def _database_label(url: str) -> str:
    return url.split(":")[0].split("+")[0]


def main() -> int:
    conversations = [
        json.loads(x) for x in DEV.read_text(encoding="utf-8").splitlines() if x.strip()
    ]
    guard = Guard.build(GuardConfig(recognizer_folders=(ROOT / "recognizers",)))
    # Ids unique to this run: a second run against the same PostgreSQL takes new turns
    # instead of being answered from the first run's stored ones.
    run = uuid.uuid4().hex[:8]
    # One untimed pass first: the engine's first turns fill its caches (compiled patterns,
    # remembered scans), which the service's long-running workers did long ago.
    _engine(
        guard,
        conversations,
        [(c, i) for c, v in enumerate(conversations) for i in range(len(v["turns"]))],
    )
    with tempfile.TemporaryDirectory() as tmp:
        env = os.environ | {
            "PIIGUARD_DATABASE_URL": os.environ.get(
                "PIIGUARD_DATABASE_URL", f"sqlite:///{tmp}/load.db"
            )
        }
        key = subprocess.run(
            [
                sys.executable,
                "-m",
                "piiguard.cli",
                "keys",
                "create",
                "--role",
                "ingest",
                "--name",
                "load",
            ],
            env=env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        port = _free_port()
        url = f"http://127.0.0.1:{port}"
        log = open(Path(tmp) / "server.log", "w")  # noqa: SIM115
        # The service exactly as `make run` starts it, with two workers.
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "service.serve",
                "--port",
                str(port),
                "--workers",
                str(WORKERS),
            ],
            env=env,
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            for _ in range(600):
                # Every worker, not just the first: connections made while one is still
                # building its engine all land on the other, and the level measures one.
                started = (Path(tmp) / "server.log").read_text().count(_WORKER_READY)
                try:
                    up = httpx.get(f"{url}/healthz", timeout=1).status_code == 200
                except httpx.HTTPError:
                    up = False
                if up and started >= WORKERS:
                    break
                time.sleep(0.2)  # polling for readiness
            results = []
            for c in LEVELS:
                cpu_before = _service_cpu_seconds(proc.pid)
                figures, sent = asyncio.run(_level(url, key, conversations, c, f"{run}-c{c}"))
                cpu_after = _service_cpu_seconds(proc.pid)
                figures["service_cpu_ms_per_turn"] = (
                    1000 * (cpu_after - cpu_before) / figures["requests"]
                    if cpu_before is not None and cpu_after is not None
                    else None
                )
                figures |= _engine(guard, conversations, sent)
                figures["vs_engine"] = figures["ok_per_s"] / figures["engine_turns_per_s"]
                figures["p50_over_engine_ms"] = figures["p50_ms"] - figures["engine_p50_ms"]
                results.append(figures)
        finally:
            proc.terminate()
            proc.wait(timeout=15)
            log.close()
    database = _database_label(env["PIIGUARD_DATABASE_URL"])
    print(f"database {database}, {WORKERS} workers, engine measured in this process per level")
    print(
        f"{'concurrency':>11}{'requests':>9}{'ok/s':>8}{'p50 ms':>8}{'p95 ms':>8}{'p99 ms':>8}"
        f"{'errors':>8}{'engine/s':>10}{'ratio':>7}{'engine p50':>11}{'p50 gap':>8}"
        f"{'cpu ms':>7}  status"
    )
    for r in results:
        print(
            f"{r['concurrency']:>11}{r['requests']:>9}{r['ok_per_s']:>8.0f}{r['p50_ms']:>8.1f}"
            f"{r['p95_ms']:>8.1f}{r['p99_ms']:>8.1f}{100 * r['error_rate']:>7.1f}%"
            f"{r['engine_turns_per_s']:>10.0f}{100 * r['vs_engine']:>6.1f}%"
            f"{r['engine_p50_ms']:>11.2f}{r['p50_over_engine_ms']:>8.2f}"
            f"{r['service_cpu_ms_per_turn'] or 0:>7.2f}  {r['status_counts']}"
        )
    out = ROOT / "bench" / os.environ.get("LOAD_OUT", "load.json")
    out.write_text(
        json.dumps(
            {
                "database": database,
                "workers": WORKERS,
                "levels": results,
            },
            indent=2,
        )
        + "\n",
        encoding="utf-8",
    )
    print(f"wrote {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
