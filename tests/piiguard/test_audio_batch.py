"""A folder of calls: `piiguard redact-audio DIR RESULTS -o OUT --jobs N`, pairing by id,
atomic outputs, and nothing written unredacted."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from piiguard.audio_batch import load_results
from piiguard.cli import main as cli_main
from piiguard.errors import InputError

RATE = 8_000


def _result(call_id: str, start: float, end: float) -> dict:
    turn = {
        "index": 0,
        "speaker": "customer",
        "findings": [{"type": "CARD_CVV"}],
        "audio_redactions": [{"start": start, "end": end, "type": "CARD_CVV"}],
    }
    return {"id": call_id, "turns": [turn], "risk": {}}


def _write_call(path: Path, seed: int, seconds: float = 3.0) -> None:
    rng = np.random.default_rng(seed)
    samples = (rng.standard_normal(int(seconds * RATE)) * 0.2).clip(-1, 1)
    sf.write(path, samples, RATE, subtype="PCM_16")


@pytest.fixture
def folder(tmp_path: Path) -> tuple[Path, Path]:
    calls = tmp_path / "calls"
    calls.mkdir()
    for i, name in enumerate(["c-1.wav", "c-2.flac", "c-3.wav", "orphan.wav"]):
        _write_call(calls / name, seed=i)
    (calls / "notes.txt").write_text("not a recording", "utf-8")
    results = tmp_path / "results.jsonl"
    lines = [_result(f"c-{i}", 0.5 * i, 0.5 * i + 1.0) for i in (1, 2, 3)]
    results.write_text("".join(json.dumps(r) + "\n" for r in lines), "utf-8")
    return calls, results


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_folder_with_jobs_matches_one_by_one(folder, tmp_path: Path, jobs: str, capsys) -> None:
    calls, results = folder
    out = tmp_path / f"out-{jobs}"
    status = cli_main(["redact-audio", str(calls), str(results), "-o", str(out), "--jobs", jobs])
    assert status == 1  # the orphan has no result: reported, never copied
    assert "orphan" in capsys.readouterr().err
    assert sorted(p.name for p in out.iterdir()) == ["c-1.wav", "c-2.flac", "c-3.wav"]
    for name in ("c-1.wav", "c-2.flac", "c-3.wav"):
        single = tmp_path / f"single-{name}"
        assert cli_main(["redact-audio", str(calls / name), str(results), "-o", str(single)]) == 0
        assert (out / name).read_bytes() == single.read_bytes()
        assert (out / name).read_bytes() != (calls / name).read_bytes()


def test_folder_format_option_and_a_failing_call(folder, tmp_path: Path, capsys) -> None:
    calls, results = folder
    (calls / "orphan.wav").unlink()
    (calls / "c-3.wav").write_bytes(b"RIFF but broken")
    out = tmp_path / "out"
    argv = ["redact-audio", str(calls), str(results), "-o", str(out), "--format", "flac"]
    assert cli_main([*argv, "--jobs", "2"]) == 1
    assert "c-3.wav: not a readable recording" in capsys.readouterr().err
    # The broken call leaves nothing behind, not even a temporary file.
    assert sorted(p.name for p in out.iterdir()) == ["c-1.flac", "c-2.flac"]
    assert sf.info(out / "c-1.flac").format == "FLAC"


@pytest.mark.parametrize(
    ("argv_tail", "status", "message"),
    [
        (["--mode", "silence"], 0, ""),
        (["--pad", "-1"], 1, "pad"),
        (["--channel-map", "customer=right"], 1, "2 channels"),
        (["--channel-map", "robot=left"], 1, "channel map"),
    ],
)
def test_single_call_options(folder, tmp_path: Path, argv_tail, status, message, capsys) -> None:
    calls, results = folder
    out = tmp_path / "one.wav"
    argv = ["redact-audio", str(calls / "c-1.wav"), str(results), "-o", str(out), *argv_tail]
    assert cli_main(argv) == status
    assert message in capsys.readouterr().err
    assert out.exists() == (status == 0)


@pytest.mark.parametrize(
    ("argv", "status", "message"),
    [
        (["c-1.wav", "-o", "x.wav"], 2, "RESULT or --transcript"),  # neither
        (["c-1.wav", "results.jsonl", "--transcript", "t", "-o", "x.wav"], 2, "not both"),
        (["missing.wav", "results.jsonl", "-o", "x.wav"], 1, "no such file"),
        (["orphan.wav", "results.jsonl", "-o", "x.wav"], 1, "no scan result"),
        (["c-1.wav", "results.jsonl", "-o", "x.mp3"], 1, "name the output"),
        (["c-1.wav", "nowhere.jsonl", "-o", "x.wav"], 1, "cannot open"),
    ],
)
def test_command_line_mistakes_are_messages(folder, monkeypatch, argv, status, message, capsys):
    calls, results = folder
    monkeypatch.chdir(calls)
    (calls / "results.jsonl").write_bytes(results.read_bytes())
    assert cli_main(["redact-audio", *argv]) == status
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert not (calls / "x.wav").exists()


@pytest.mark.parametrize(
    "content", ["", "{", '{"id": "x"}\n', "[1, 2]", '{"id": "a", "turns": []}\nnot json\n']
)
def test_results_file_must_hold_scan_results(tmp_path: Path, content: str) -> None:
    path = tmp_path / "r.jsonl"
    path.write_text(content, "utf-8")
    with pytest.raises(InputError):
        load_results(path)


def test_results_file_may_be_one_pretty_printed_object(tmp_path: Path) -> None:
    path = tmp_path / "r.json"
    path.write_text(json.dumps(_result("c-9", 1.0, 2.0), indent=2), "utf-8")
    assert list(load_results(path)) == ["c-9"]
