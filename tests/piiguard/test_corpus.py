"""The dev corpus and our own conversations, scanned by the CLI and scored by the shared scorer.

The thresholds are the issues' acceptance figures; the figures themselves are printed in
the closing notes, not asserted exactly, so improving the product never breaks a test.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from piiguard.cli import main

from ..conftest import BUILDER, SCORER, SHARED, TEST_DATA, scan_and_score

NEVER_LEAK = ("CREDIT_CARD", "CN_RESIDENT_ID", "PASSWORD", "VERIFICATION_CODE")


@pytest.fixture(scope="module")
def dev_scores(tmp_path_factory, dev_corpus) -> dict:
    return scan_and_score(dev_corpus, tmp_path_factory.mktemp("dev"))


@pytest.fixture(scope="module")
def own_scores(tmp_path_factory) -> dict:
    out = tmp_path_factory.mktemp("own") / "own.jsonl"
    subprocess.run(
        [
            sys.executable,
            str(BUILDER),
            str(TEST_DATA / "own_zh.md"),
            str(TEST_DATA / "own_en.md"),
            "-o",
            str(out),
        ],
        check=True,
        capture_output=True,
    )
    return scan_and_score(out, out.parent)


def _entity_figures(sl: dict) -> None:
    assert sl["leak"]["rate"] <= 0.02
    for entity in NEVER_LEAK:
        assert sl["leak"]["by_type"][entity]["leaked"] == 0, entity
    for entity, figures in sl["typed"]["by_type"].items():
        if figures["tp"] + figures["fn"] >= 5:
            assert figures["recall"] >= 0.95, entity
            assert figures["precision"] >= 0.90, entity
    assert sl["over_redaction"]["per_100_turns"] <= 3
    assert sl["stored_text"]["leaked_values"] == 0


def test_dev_chat_figures(dev_scores: dict) -> None:
    _entity_figures(dev_scores["slices"]["chat"])


def test_dev_call_figures(dev_scores: dict) -> None:
    call = dev_scores["slices"]["call"]
    assert call["leak"]["rate"] <= 0.05
    for entity in ("CREDIT_CARD", "CN_RESIDENT_ID"):
        assert call["leak"]["by_type"][entity]["leaked"] == 0
    assert call["over_redaction"]["per_100_turns"] <= 3


def test_dev_agent_requests(dev_scores: dict) -> None:
    requests = dev_scores["slices"]["all"]["agent_requests"]
    assert requests["turns"]["f1"] >= 0.95
    assert requests["pairs"]["f1"] >= 0.90


def test_dev_scam_verdict(dev_scores: dict) -> None:
    scam = dev_scores["slices"]["all"]["scam"]
    assert scam["recall"] >= 0.95 and scam["precision"] >= 0.90
    assert scam["auroc"] >= 0.95


def test_no_legit_dev_conversation_reaches_high(tmp_path: Path, dev_corpus: Path) -> None:
    pred = tmp_path / "pred.jsonl"
    assert main(["scan", str(dev_corpus), "-o", str(pred)]) == 0
    rows = [
        json.loads(line)
        for line in dev_corpus.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    gold = {row["id"]: row["gold"]["scam"] for row in rows}
    for line in pred.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        if not gold[row["id"]]:
            assert row["risk"]["level"] != "high", row["id"]


def test_own_conversations(own_scores: dict) -> None:
    sl = own_scores["slices"]["all"]
    assert sl["conversations"] == 40
    assert sl["leak"]["rate"] <= 0.05
    assert sl["agent_requests"]["pairs"]["f1"] >= 0.9
    assert sl["scam"]["f1"] >= 0.9


def test_shared_tools_exist() -> None:
    assert SCORER.exists() and BUILDER.exists(), f"expected the shared tools under {SHARED}"
