"""Shared fixtures: one Guard for the whole session (building it takes about a second)."""

from __future__ import annotations

import json
import logging
import subprocess
import sys
from pathlib import Path

import pytest

from piiguard.guard import Guard, GuardConfig
from piiguard.model import Transcript, Turn

from .leaks import TEST_VALUES, LogSweep, dev_gold_values, leaked

ROOT = Path(__file__).resolve().parent.parent
RECOGNIZERS = ROOT / "recognizers"
SHARED = ROOT.parent / "shared"
DEV_CORPUS = SHARED / "corpus" / "dev.jsonl"
SCORER = SHARED / "tools" / "score.py"
BUILDER = SHARED / "tools" / "build_corpus.py"
TEST_DATA = ROOT / "tests" / "data"
UNTOUCHED_CORPUS = TEST_DATA / "untouched" / "untouched.jsonl"
# The untouched set is scanned in-process too; its short values (a single password
# character, a 4-digit PIN) would also match unrelated log text, so only the longer ones.
SENSITIVE_VALUES = (
    frozenset(TEST_VALUES)
    | dev_gold_values(DEV_CORPUS)
    | {v for v in dev_gold_values(UNTOUCHED_CORPUS) if len(v) >= 6}
)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "postgresql: a service case on the real PostgreSQL (-m 'not postgresql' skips)"
    )


@pytest.fixture(scope="module", autouse=True)
def leak_sweep_of_logs():
    """After every test module: no log record holds a sensitive value the tests used."""
    handler = LogSweep()
    root = logging.getLogger()
    previous = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    try:
        yield
    finally:
        root.removeHandler(handler)
        root.setLevel(previous)
    bad = [line[:200] for line in handler.lines if leaked(line, SENSITIVE_VALUES)]
    assert not bad, (
        f"{len(bad)} log record(s) in this module hold a sensitive value, e.g. from {bad[0]}"
    )


@pytest.fixture(scope="session")
def guard() -> Guard:
    return Guard.build(GuardConfig(recognizer_folders=(RECOGNIZERS,)))


@pytest.fixture(scope="session")
def detector(guard: Guard):
    return guard.detector


@pytest.fixture(scope="session")
def dev_corpus() -> Path:
    if not DEV_CORPUS.exists():
        pytest.fail(f"the shared dev corpus is missing at {DEV_CORPUS}; clone beside ../shared")
    return DEV_CORPUS


def scan_and_score(gold: Path, tmp_path: Path) -> dict:
    """``piiguard scan`` over a labelled corpus, scored by the shared scorer (--json)."""
    from piiguard.cli import main

    pred = tmp_path / "pred.jsonl"
    assert main(["scan", str(gold), "-o", str(pred)]) == 0
    proc = subprocess.run(
        [sys.executable, str(SCORER), str(gold), str(pred), "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(proc.stdout.splitlines()[-1])


def chat(*turns: tuple[str, str], language: str | None = None, cid: str = "t") -> Transcript:
    """A chat transcript from (speaker, text) pairs."""
    return Transcript(cid, tuple(Turn(s, t) for s, t in turns), "chat", language)
