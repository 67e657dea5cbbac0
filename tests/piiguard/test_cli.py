"""The CLI: contract output, clear errors naming the line, no partial output."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from piiguard.cli import main
from piiguard.errors import InputError

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
    # The contract adds fields and never renames: its five are always there.
    assert {"scam", "score", "level", "signals", "warning"} <= set(row["risk"])
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
    assert proc.returncode == 0 and proc.stdout == "验证码 <VERIFICATION_CODE>\n"


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


def test_a_large_input_file_is_scanned_on_every_core_by_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from piiguard import cli

    seen: list[int] = []

    def record_jobs(config, lines, jobs, guard):  # noqa: ANN001, ANN202 - stands in for the scan
        seen.append(jobs)
        return iter(())

    monkeypatch.setattr(cli, "scan_jsonl_lines", record_jobs)
    cores = iter([3, 64])  # asked once per large file scanned without --jobs
    monkeypatch.setattr(cli, "default_jobs", lambda: next(cores))
    row = json.dumps(GOOD | {"turns": [{"speaker": "customer", "text": "验证码 386152"}]})
    small = _write(tmp_path / "small.jsonl", [row])
    large = _write(tmp_path / "large.jsonl", [row] * (cli._PARALLEL_FROM_BYTES // len(row) + 1))
    for src in (small, large):
        assert main(["scan", str(src), "-o", str(tmp_path / "out.jsonl")]) == 0
    assert main(["scan", str(large), "-o", str(tmp_path / "out.jsonl"), "--jobs", "1"]) == 0
    assert main(["scan", "-", "-o", str(tmp_path / "out.jsonl")]) == 0  # a stream: one
    assert main(["scan", str(large), "-o", str(tmp_path / "out.jsonl")]) == 0  # 64 cores
    assert seen == [1, 3, 1, 1, 8]


def test_jobs_report_a_bad_line_and_leave_no_output(tmp_path: Path, capsys) -> None:
    lines = [json.dumps(GOOD)] * 20 + ["{broken"] + [json.dumps(GOOD)] * 5
    src = _write(tmp_path / "in.jsonl", lines)
    out = tmp_path / "out.jsonl"
    assert main(["scan", str(src), "-o", str(out), "--jobs", "2"]) == 1
    assert f"{src}:21" in capsys.readouterr().err
    assert not out.exists()


@pytest.mark.parametrize(
    ("line", "where"),
    [
        ('{"id": "a", "turns": [}', "at column 23"),
        ('{"id" "a"}', "at column 7"),
        ('{"id": "对话", "turns": [], }', "at column 27"),
        ('   {"id": "a",', "at the end of the line"),
        # an unterminated string is reported where it starts
        ('{"id": "a", "turns": [{"speaker": "agent", "text": "hi}]}', "at column 52"),
        ("x", "at column 1"),
    ],
)
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_bad_line_is_reported_where_it_breaks(
    tmp_path: Path, capsys, line: str, where: str, jobs: str
) -> None:
    good = json.dumps(GOOD)
    src = tmp_path / "in.jsonl"
    src.write_text(f"{good}\n{line}\n{good}\n", encoding="utf-8")
    assert main(["scan", str(src), "--jobs", jobs]) == 1
    err = capsys.readouterr().err
    assert "in.jsonl:2: not valid JSON (" in err and f"{where})" in err, err


@pytest.mark.parametrize("ending", ["\n", "\r\n", ""])
def test_read_jsonl_reports_the_same_column_whatever_the_line_ending(ending: str) -> None:
    from piiguard.formats.jsonl import read_jsonl

    with pytest.raises(InputError, match=r"^src:1: not valid JSON \(.* at column 13\)$"):
        list(read_jsonl(['{"id": "a", ]' + ending], source="src"))


@pytest.mark.parametrize(
    ("args", "stdin", "out"),
    [
        (["--text", "pin 7302 ok"], "", "pin <PASSWORD> ok\n"),
        (["--text", "line one\n"], "", "line one\n"),
        (["--text", ""], "", "\n"),
        ([], "no newline at the end", "no newline at the end"),
        ([], "with one\n", "with one\n"),
    ],
)
def test_redact_output_ends_like_a_line(monkeypatch, capsys, args, stdin, out) -> None:
    import io

    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    assert main(["redact", *args]) == 0
    assert capsys.readouterr().out == out


def test_explain_shows_why_a_turn_is_a_request(capsys) -> None:
    argv = ["explain", "有效期呢？", "--language", "zh"]
    argv += ["--before", "agent:请把卡号报给我", "--before", "customer:好的"]
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert "earlier request carried: CREDIT_CARD" in out
    assert "REQUEST CARD_EXPIRY" in out


def test_explain_says_why_a_turn_is_not_a_request(capsys) -> None:
    assert main(["explain", "We will never ask for your PIN.", "--language", "en"]) == 0
    out = capsys.readouterr().out
    assert "negated ('never')" in out and "no request" in out


def test_explain_shows_the_learned_model_only_when_asked(capsys) -> None:
    argv = ["explain", "and what's the one on the back?", "--language", "en"]
    argv += ["--before", "agent:Please read me the card number.", "--before", "customer:done"]
    assert main(argv) == 0
    plain = capsys.readouterr().out
    assert "earlier request carried: CREDIT_CARD" in plain and "learned model" not in plain
    assert main([*argv, "--request-model"]) == 0
    out = capsys.readouterr().out
    assert "learned model (shown only, never decides): CARD_CVV" in out
    assert "evidence:" in out


def test_explain_rejects_a_malformed_earlier_turn(capsys) -> None:
    assert main(["explain", "hello", "--before", "robot:hi"]) == 1
    assert "--before takes SPEAKER:TEXT" in capsys.readouterr().err


def test_an_unexpected_failure_is_one_line_without_traceback_or_input(
    monkeypatch,
    capsys,  # noqa: ANN001
) -> None:
    """A plugin command whose database fails (seen: a migration error in `keys`) or any
    other unexpected exception: exit 70 and one line naming the command and the error
    class, never a traceback and never the exception's text (it may quote a value)."""
    import argparse

    import piiguard.cli as cli

    def boom(args: argparse.Namespace) -> int:
        raise RuntimeError("duplicate key value 4111 1111 1111 1111")

    real_parser = cli._parser

    def parser() -> argparse.ArgumentParser:
        p = real_parser()
        sub = next(a for a in p._actions if isinstance(a, argparse._SubParsersAction))
        sub.add_parser("boom").set_defaults(func=boom)
        return p

    monkeypatch.setattr(cli, "_parser", parser)
    assert main(["boom"]) == 70
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "boom failed unexpectedly (RuntimeError)" in err
    assert "Traceback" not in err and "4111" not in err
