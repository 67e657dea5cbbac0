"""Shared fixtures: one Guard for the whole session (building it takes about a second)."""

from __future__ import annotations

from pathlib import Path

import pytest

from piiguard.guard import Guard, GuardConfig
from piiguard.model import Transcript, Turn

ROOT = Path(__file__).resolve().parent.parent
RECOGNIZERS = ROOT / "recognizers"
SHARED = ROOT.parent / "shared"
DEV_CORPUS = SHARED / "corpus" / "dev.jsonl"
SCORER = SHARED / "tools" / "score.py"
BUILDER = SHARED / "tools" / "build_corpus.py"
TEST_DATA = ROOT / "tests" / "data"


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


def chat(*turns: tuple[str, str], language: str | None = None, cid: str = "t") -> Transcript:
    """A chat transcript from (speaker, text) pairs."""
    return Transcript(cid, tuple(Turn(s, t) for s, t in turns), "chat", language)
