"""The CLI: contract output, clear errors naming the line, no partial output."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from piiguard.cli import main

from ..conftest import ROOT

GOOD = {
    "id": "c1",
    "channel": "chat",
    "language": "zh",
    "turns": [{"speaker": "customer", "text": "验证码 386152"}],
}


def _write(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_scan_writes_the_contract_shape(tmp_path: Path) -> None:
    src = _write(tmp_path / "in.jsonl", [json.dumps(GOOD, ensure_ascii=False)])
    out = tmp_path / "out.jsonl"
    assert main(["scan", str(src), "-o", str(out)]) == 0
    (row,) = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert set(row) == {"id", "turns", "risk"}
    turn = row["turns"][0]
    assert {"index", "speaker", "findings", "agent_request", "action", "redacted_text"} <= set(turn)
    (finding,) = turn["findings"]
    assert (finding["type"], finding["start"], finding["end"], finding["recognizer"]) == (
        "VERIFICATION_CODE",
        4,
        10,
        "verification_code",
    )
    assert 0 < finding["score"] <= 1
    assert set(row["risk"]) >= {
        "scam",
        "score",
        "level",
        "signals",
        "warning",
    }  # contract keys; additive ones allowed
    assert "386152" not in out.read_text(encoding="utf-8")


def test_bad_line_stops_with_its_number_and_leaves_no_output(tmp_path: Path, capsys) -> None:
    src = _write(tmp_path / "in.jsonl", [json.dumps(GOOD), "{not json", json.dumps(GOOD)])
    out = tmp_path / "out.jsonl"
    assert main(["scan", str(src), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert f"{src}:2" in err and "not valid JSON" in err and "Traceback" not in err
    assert not out.exists()
    assert list(tmp_path.iterdir()) == [src], "no temporary file left behind"


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        ({"id": "x", "turns": [{"speaker": "bot", "text": "hi"}]}, "turns[0].speaker"),
        ({"id": "x", "turns": [{"speaker": "agent", "text": 5}]}, "turns[0].text"),
        ({"id": "", "turns": []}, "id"),
        ({"id": "x", "channel": "fax", "turns": []}, "channel"),
        ({"id": "x", "turns": "nope"}, "turns"),
        ([1, 2], "JSON object"),
    ],
)
def test_malformed_transcript_reasons(tmp_path: Path, capsys, row, reason: str) -> None:
    src = _write(tmp_path / "in.jsonl", [json.dumps(row)])
    assert main(["scan", str(src)]) == 1
    assert reason in capsys.readouterr().err


def test_error_message_never_echoes_turn_text(tmp_path: Path, capsys) -> None:
    row = {"id": "x", "turns": [{"speaker": "robot", "text": "卡号 4532015112830366"}]}
    src = _write(tmp_path / "in.jsonl", [json.dumps(row, ensure_ascii=False)])
    assert main(["scan", str(src)]) == 1
    assert "4532015112830366" not in capsys.readouterr().err


def test_skip_bad_carries_on_and_reports(tmp_path: Path, capsys) -> None:
    src = _write(tmp_path / "in.jsonl", [json.dumps(GOOD), "[", json.dumps(GOOD | {"id": "c2"})])
    out = tmp_path / "out.jsonl"
    assert main(["scan", str(src), "-o", str(out), "--skip-bad"]) == 0
    assert [json.loads(line)["id"] for line in out.read_text().splitlines()] == ["c1", "c2"]
    assert ":2" in capsys.readouterr().err


def test_missing_file_is_a_clear_error(tmp_path: Path, capsys) -> None:
    assert main(["scan", str(tmp_path / "nope.jsonl")]) == 1
    assert "cannot open" in capsys.readouterr().err


def test_not_utf8_is_a_clear_error(tmp_path: Path, capsys) -> None:
    src = tmp_path / "in.jsonl"
    src.write_bytes(b'{"id": "x", "turns": [{"speaker": "agent", "text": "\xff\xfe"}]}\n')
    assert main(["scan", str(src)]) == 1
    assert "UTF-8" in capsys.readouterr().err


def test_redact_reads_stdin(monkeypatch, capsys) -> None:
    import io

    monkeypatch.setattr(sys, "stdin", io.StringIO("my card is 4532 0151 1283 0366\n"))
    assert main(["redact"]) == 0
    assert capsys.readouterr().out == "my card is <CREDIT_CARD ****0366>\n"


def test_installed_console_script_runs() -> None:
    exe = Path(sys.executable).parent / "piiguard"
    proc = subprocess.run(
        [str(exe), "redact", "--text", "验证码 386152"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert proc.returncode == 0 and proc.stdout == "验证码 <VERIFICATION_CODE>"


def test_jobs_give_the_same_output_in_order(tmp_path: Path) -> None:
    rows = [
        GOOD | {"id": f"c{i}", "turns": [{"speaker": "customer", "text": f"验证码 38615{i % 10}"}]}
        for i in range(40)
    ]
    src = _write(tmp_path / "in.jsonl", [json.dumps(r, ensure_ascii=False) for r in rows])
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    assert main(["scan", str(src), "-o", str(one), "--jobs", "1"]) == 0
    assert main(["scan", str(src), "-o", str(two), "--jobs", "2"]) == 0
    assert one.read_text() == two.read_text()
    assert [json.loads(x)["id"] for x in two.read_text().splitlines()] == [
        f"c{i}" for i in range(40)
    ]


def test_jobs_report_a_bad_line_and_leave_no_output(tmp_path: Path, capsys) -> None:
    lines = [json.dumps(GOOD)] * 20 + ["{broken"] + [json.dumps(GOOD)] * 5
    src = _write(tmp_path / "in.jsonl", lines)
    out = tmp_path / "out.jsonl"
    assert main(["scan", str(src), "-o", str(out), "--jobs", "2"]) == 1
    assert f"{src}:21" in capsys.readouterr().err
    assert not out.exists()
