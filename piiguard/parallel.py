"""Scanning many transcripts on several cores: one Guard per worker process.

``scan_many`` yields results in input order. The Guard is built once: forked workers
inherit it from the parent; spawned workers (where fork is unavailable) build their own
once, in the pool initializer. Start-up is paid once per process, never per transcript.
"""

from __future__ import annotations

import gc
import json
import multiprocessing
import multiprocessing.pool
import os
from collections.abc import Iterable, Iterator
from typing import Any

from piiguard.errors import InputError
from piiguard.formats.jsonl import parse_json_line, transcript_from_dict
from piiguard.guard import Guard, GuardConfig
from piiguard.model import Transcript

__all__ = ["default_jobs", "scan_jsonl_lines", "scan_many"]

_WORKER_GUARD: Guard | None = None
_CHUNK = 128  # lines per task: fewer round trips to the parent, which shares the cores


def _init_worker(config: GuardConfig) -> None:
    global _WORKER_GUARD
    _WORKER_GUARD = Guard.build(config)


def _scan(transcript: Transcript) -> dict[str, Any]:
    assert _WORKER_GUARD is not None
    return _WORKER_GUARD.scan(transcript).to_dict()


def scan_many(
    config: GuardConfig, transcripts: Iterable[Transcript], jobs: int, guard: Guard | None = None
) -> Iterator[dict[str, Any]]:
    """Contract results of ``transcripts``, in order, scanned by ``jobs`` processes.

    ``guard``, if given, is the already built Guard for ``config``.
    """
    guard = guard or Guard.build(config)  # also proves the configuration before forking
    _freeze_engine()
    if jobs <= 1:
        for transcript in transcripts:
            yield guard.scan(transcript).to_dict()
        return
    global _WORKER_GUARD
    _WORKER_GUARD = guard
    with _pool(config, jobs) as pool:
        yield from pool.imap(_scan, transcripts, chunksize=_CHUNK)


def _scan_line(item: tuple[int, str]) -> tuple[int, str | None, str | None]:
    """(line number, result JSON or None, error reason or None) for one JSONL line.

    Parsing, scanning and serialising all happen in the worker, so the parent process
    (which shares the cores) only moves lines.
    """
    lineno, line = item
    assert _WORKER_GUARD is not None
    try:
        transcript = transcript_from_dict(parse_json_line(line))
    except InputError as exc:
        return lineno, None, exc.reason
    return lineno, json.dumps(_WORKER_GUARD.scan(transcript).to_dict(), ensure_ascii=False), None


def scan_jsonl_lines(
    config: GuardConfig, lines: Iterable[str], jobs: int, guard: Guard | None = None
) -> Iterator[tuple[int, str | None, str | None]]:
    """For each non-blank JSONL line, in order: (line number, result JSON, error)."""
    global _WORKER_GUARD
    _WORKER_GUARD = guard or Guard.build(config)
    _freeze_engine()
    numbered = ((n, line) for n, line in enumerate(lines, 1) if line.strip())
    if jobs <= 1:
        yield from map(_scan_line, numbered)
        return
    with _pool(config, jobs) as pool:
        yield from pool.imap(_scan_line, numbered, chunksize=_CHUNK)


def _freeze_engine() -> None:
    """Move everything alive now (the built engine: presidio, spaCy, the recognizers)
    out of the garbage collector's sight. It lives as long as the batch; without this
    every full collection walks it again, and in forked workers the walk also copies
    the pages they share with the parent. A batch scan is its own process, so freezing
    what the caller had is harmless there; the library's Guard does not do this."""
    gc.freeze()


def _pool(config: GuardConfig, jobs: int) -> multiprocessing.pool.Pool:
    if "fork" in multiprocessing.get_all_start_methods():
        # Forked workers inherit the built Guard (copy-on-write): no rebuild per worker.
        return multiprocessing.get_context("fork").Pool(jobs)
    return multiprocessing.get_context("spawn").Pool(
        jobs, initializer=_init_worker, initargs=(config,)
    )


def default_jobs() -> int:
    return max(
        1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    )
