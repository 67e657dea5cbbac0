"""piiguard on Spark: PySpark in local[2] mode on the dev corpus gives the CLI's results,
in both layouts (a conversation a row, a turn a row)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from piiguard.cli import main as cli_main
from piiguard.guard import GuardConfig

from ..conftest import RECOGNIZERS

pyspark = pytest.importorskip("pyspark", reason="the spark extra is installed by make install")


@pytest.fixture(scope="module")
def cli_results(dev_corpus: Path, tmp_path_factory) -> dict[str, dict]:
    out = tmp_path_factory.mktemp("spark") / "cli.jsonl"
    assert cli_main(["scan", str(dev_corpus), "-o", str(out)]) == 0
    return {r["id"]: r for r in map(json.loads, out.read_text(encoding="utf-8").splitlines())}


CONFIG = GuardConfig(recognizer_folders=(str(RECOGNIZERS),), entry_point_plugins=False)


def test_a_conversation_a_row(spark, dev_corpus: Path, cli_results) -> None:
    from piiguard.spark import scan_conversations

    df = spark.read.json(str(dev_corpus)).select("id", "channel", "language", "turns")
    rows = scan_conversations(df, CONFIG).select("id", "result", "scam", "risk_level").collect()
    assert len(rows) == len(cli_results)
    for row in rows:
        result = json.loads(row["result"])
        assert result == cli_results[row["id"]], row["id"]
        assert (
            row["scam"] == result["risk"]["scam"] and row["risk_level"] == result["risk"]["level"]
        )


def test_a_turn_a_row(spark, dev_corpus: Path, cli_results) -> None:
    from pyspark.sql import functions as F

    from piiguard.spark import redact_turns

    conversations = spark.read.json(str(dev_corpus))
    turns = conversations.select(
        F.col("id").alias("conversation_id"),
        "channel",
        "language",
        F.posexplode("turns").alias("turn_index", "turn"),
    ).select(
        "conversation_id",
        "channel",
        "language",
        "turn_index",
        "turn.speaker",
        "turn.text",
        "turn.start",
        "turn.end",
    )
    rows = redact_turns(turns, CONFIG).collect()
    assert len(rows) == sum(len(r["turns"]) for r in cli_results.values())
    for row in rows:
        want = cli_results[row["conversation_id"]]["turns"][row["turn_index"]]
        assert row["redacted_text"] == want["redacted_text"]
        assert row["action"] == want["action"]
        assert json.loads(row["findings"]) == want["findings"]
