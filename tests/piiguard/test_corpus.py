"""The development sets, scanned by the CLI and scored by the shared scorer, and the
held-out sets' integrity.

Development sets (both were tuned on): the shared dev corpus and ``tests/data/own_*.md``,
our own conversations, whose first scan led to rule fixes in the same commit. Their
thresholds are the issues' acceptance figures, floors rather than exact figures, so
improving the product never breaks a test.

The held-out sets (``tests/data/untouched/``, ``untouched_2/``, ``untouched_3/``) are checked only
for being unchanged and for scanning completely: no accuracy floor is asserted on them,
because a floor would invite tuning the rules until it passes. Their figures are in
``docs/accuracy.md``.
"""

from __future__ import annotations

import hashlib
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


# The held-out sets' files as committed before their first scan (each written before its
# author read any rule). A changed digest means someone edited a held-out set after seeing
# its scores: write a new set instead. Per set: folder, markup files in the order they were
# built, built file, conversations.
HELD_OUT = {
    "untouched": (
        TEST_DATA / "untouched",
        ("untouched_en.md", "untouched_zh.md"),
        "untouched.jsonl",
        60,
    ),
    "untouched_2": (
        TEST_DATA / "untouched_2",
        ("untouched2_zh.md", "untouched2_en.md"),
        "untouched2.jsonl",
        70,
    ),
    "untouched_3": (
        TEST_DATA / "untouched_3",
        ("untouched3_zh.md", "untouched3_en.md"),
        "untouched3.jsonl",
        70,
    ),
    "untouched_4": (
        TEST_DATA / "untouched_4",
        ("untouched4_zh.md", "untouched4_en.md"),
        "untouched4.jsonl",
        70,
    ),
}
HELD_OUT_SHA256 = {
    "untouched/untouched_zh.md": (
        "0b212a2ff3616db27a037ce1144f96b2e1fb0095f292fc522154878321a71045"
    ),
    "untouched/untouched_en.md": (
        "94c25f787b173e506aa7827bf70c8f41edbb43a92453f4e6148223c647ab9316"
    ),
    "untouched_2/untouched2_zh.md": (
        "efcc86e5531263fc4fb0875390ee8b81c1fc84aaa4f856151e47ceebb6ea20bb"
    ),
    "untouched_2/untouched2_en.md": (
        "bcdd8af4d08294610d45542dbac4ab4bdbafba0fdb3a70df99dfce0512d76b62"
    ),
    "untouched_2/requests_untouched2.jsonl": (
        "96b8459611e6e4af738c9b23cb3019adb970c8caa766af688367ba86810be735"
    ),
    "untouched_3/untouched3_zh.md": (
        "b5dcbe205df903cffd026d7c5d8319885faacbbe3990835fcf3c01ceaa239302"
    ),
    "untouched_3/untouched3_en.md": (
        "83de69a7c9fe328ae6e5e4898da36d370504e22ad425e1d6f2707c42a6988d40"
    ),
    "untouched_3/requests_untouched3.jsonl": (
        "7c939ef22d923c09249d219883d1fab786b45b8aa35f25707641a217e486b1c6"
    ),
    "untouched_4/untouched4_zh.md": (
        "da8f5d282f519f56a220cf7cd496b11e0c281bfa9bff71704a4d043d6552d6fa"
    ),
    "untouched_4/untouched4_en.md": (
        "0b3103456aeea03d1fa9a943a90ba392e9a064a902ccf891cb46e2c5f987f721"
    ),
    "untouched_4/requests_untouched4.jsonl": (
        "8ed47decefa6d0af22ef35ee34dcd889b0ba4c5c3194b612c4d19d73b4220985"
    ),
}


def _build(sources: list[Path], out: Path) -> Path:
    subprocess.run(
        [sys.executable, str(BUILDER), *map(str, sources), "-o", str(out)],
        check=True,
        capture_output=True,
    )
    return out


@pytest.fixture(scope="module")
def second_dev_scores(tmp_path_factory) -> dict:
    out = tmp_path_factory.mktemp("own") / "own.jsonl"
    _build([TEST_DATA / "own_zh.md", TEST_DATA / "own_en.md"], out)
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


# Known failure, kept visible (strict: the marker must go once it passes). own-en-003's
# "and the expiration date and the three digit code on the back" was a verbatim dev turn;
# in our own words ("what month and year does it run out and the little number by the
# signature strip") the request goes unseen and the bare spoken answer leaks expiry and CVV
# (leak 2/32 = 0.0625 > 0.05). The rules fitted the dev sentence, not the class.
def test_second_development_set_figures(second_dev_scores: dict) -> None:
    sl = second_dev_scores["slices"]["all"]
    assert sl["conversations"] == 40
    assert sl["leak"]["rate"] <= 0.05
    assert sl["agent_requests"]["pairs"]["f1"] >= 0.9
    assert sl["scam"]["f1"] >= 0.9


@pytest.mark.parametrize("name", sorted(HELD_OUT_SHA256))
def test_held_out_files_are_unchanged(name: str) -> None:
    digest = hashlib.sha256((TEST_DATA / name).read_bytes()).hexdigest()
    assert digest == HELD_OUT_SHA256[name], (
        f"{name} changed: a held-out set is never edited (see the README beside it)"
    )


@pytest.mark.parametrize("held_out", sorted(HELD_OUT))
def test_held_out_jsonl_is_the_build_of_its_markup(held_out: str, tmp_path: Path) -> None:
    folder, markup, built_name, _ = HELD_OUT[held_out]
    built = _build([folder / name for name in markup], tmp_path / "built.jsonl")
    assert built.read_bytes() == (folder / built_name).read_bytes()


@pytest.mark.parametrize("held_out", sorted(HELD_OUT))
def test_held_out_set_scans_completely(held_out: str, tmp_path: Path) -> None:
    folder, _, built_name, size = HELD_OUT[held_out]
    sl = scan_and_score(folder / built_name, tmp_path)["slices"]["all"]
    assert sl["conversations"] == size
    assert (sl["missing_conversations"], sl["missing_turns"]) == (0, 0)


def test_shared_tools_exist() -> None:
    assert SCORER.exists() and BUILDER.exists(), f"expected the shared tools under {SHARED}"
