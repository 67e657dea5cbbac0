"""piiguard.spark.redact_recordings: paths in, paths out, the CLI's bytes, on local Spark."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from piiguard.cli import main as cli_main

pytest.importorskip("pyspark", reason="the spark extra is installed by make install")

RATE = 8_000


def _result(call_id: str, start: float) -> str:
    turn = {
        "index": 0,
        "speaker": "customer",
        "findings": [{"type": "PASSWORD"}],
        "audio_redactions": [{"start": start, "end": start + 0.8, "type": "PASSWORD"}],
    }
    return json.dumps({"id": call_id, "turns": [turn]})


def test_redact_recordings_writes_the_cli_bytes(spark, tmp_path: Path) -> None:
    from piiguard.spark import redact_recordings

    rows = []
    for i in range(3):
        source = tmp_path / f"call-{i}.wav"
        rng = np.random.default_rng(i)
        sf.write(source, rng.standard_normal(3 * RATE) * 0.2, RATE, subtype="PCM_16")
        rows.append((f"call-{i}", str(source), _result(f"call-{i}", 0.5 + i * 0.3)))
    rows.append(("broken", str(tmp_path / "missing.wav"), _result("broken", 1.0)))
    rows.append(("no-result", str(tmp_path / "call-0.wav"), "{}"))
    df = spark.createDataFrame(
        [(cid, src, res, str(tmp_path / f"out-{cid}.flac")) for cid, src, res in rows],
        "id string, audio_path string, result string, output_path string",
    )
    got = {r["id"]: r for r in redact_recordings(df).collect()}

    for i in range(3):
        row = got[f"call-{i}"]
        assert (row["audio_status"], row["audio_ranges"]) == ("ok", 1)
        result = tmp_path / f"r-{i}.json"
        result.write_text(rows[i][2], "utf-8")
        cli_out = tmp_path / f"cli-{i}.flac"
        assert cli_main(["redact-audio", rows[i][1], str(result), "-o", str(cli_out)]) == 0
        assert Path(row["output_path"]).read_bytes() == cli_out.read_bytes()
    assert "not a readable recording" in got["broken"]["audio_status"]
    assert got["no-result"]["audio_status"].startswith("bad scan result")
    assert not (tmp_path / "out-broken.flac").exists()
    assert not (tmp_path / "out-no-result.flac").exists()
