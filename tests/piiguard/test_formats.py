"""Transcript readers: JSONL, WebVTT, SRT, plain text; malformed files name the line."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from piiguard.cli import main
from piiguard.errors import InputError
from piiguard.formats import format_for, read_transcripts

VTT = """WEBVTT

NOTE a call from the test suite

00:00:00.000 --> 00:00:02.100
<v Agent>thank you for calling, how can I help?

00:00:02.500 --> 00:00:09.000
<v Maria>my card is four five three two oh one five one one two eight three oh three six six
"""

SRT = """1
00:00:01,000 --> 00:00:03,500
客服：您好，请问有什么可以帮您？

2
00:00:04,000 --> 00:00:08,000
客户：验证码是 三 八 六 幺 五 二
"""

TEXT = """Agent: Hello, how can I help?
Customer: my PIN is 4821
and my email is li.lei@example.com
坐席：请不要发送密码
"""


def _one(content: str, source: str, **kwargs):
    ((_, transcript),) = list(read_transcripts(io.StringIO(content), source, **kwargs))
    return transcript


def test_webvtt_voices_and_timings() -> None:
    t = _one(VTT, "call.vtt")
    assert t.channel == "call" and t.id == "call"
    assert [(x.speaker, x.start, x.end) for x in t.turns] == [
        ("agent", 0.0, 2.1),
        ("customer", 2.5, 9.0),
    ]
    assert t.turns[1].text.startswith("my card is four")


def test_srt_prefixes_in_chinese() -> None:
    t = _one(SRT, "call.srt")
    assert [x.speaker for x in t.turns] == ["agent", "customer"]
    assert t.turns[1].text == "验证码是 三 八 六 幺 五 二"


def test_agent_speakers_option() -> None:
    t = _one(VTT.replace("<v Agent>", "<v Dana>"), "call.vtt", agent_speakers="Dana")
    assert [x.speaker for x in t.turns] == ["agent", "customer"]


def test_plain_text_with_continuation_lines() -> None:
    t = _one(TEXT, "chat.txt")
    assert [x.speaker for x in t.turns] == ["agent", "customer", "agent"]
    assert t.turns[1].text == "my PIN is 4821\nand my email is li.lei@example.com"


@pytest.mark.parametrize(
    ("content", "source", "line", "reason"),
    [
        ("00:00:00.000 --> 00:00:01.000\nhi\n", "x.vtt", 1, "WEBVTT"),
        ("WEBVTT\n\n00:00:00.000 -> 00:00:01.000\nhi\n", "x.vtt", 3, "timing"),
        ("WEBVTT\n\n00:00:05.000 --> 00:00:01.000\nhi\n", "x.vtt", 3, "ends before"),
        ("1\n00:00:01,000 --> 00:00:02,000\nhi\n\n2\nno timing here\n", "x.srt", 5, "timing"),
        ("just text without a speaker\n", "x.txt", 1, "speaker"),
    ],
)
def test_malformed_files_name_the_line(content: str, source: str, line: int, reason: str) -> None:
    with pytest.raises(InputError) as err:
        list(read_transcripts(io.StringIO(content), source))
    assert err.value.line == line and reason in str(err.value)


def test_format_from_extension_or_flag() -> None:
    assert [format_for(n, None) for n in ("a.jsonl", "a.vtt", "a.srt", "a.txt", "a.unknown")] == [
        "jsonl",
        "vtt",
        "srt",
        "text",
        "jsonl",
    ]
    assert format_for("a.jsonl", "vtt") == "vtt"


def test_cli_scans_a_webvtt_file_with_audio_ranges(tmp_path: Path, capsys) -> None:
    src = tmp_path / "call.vtt"
    src.write_text(VTT, encoding="utf-8")
    assert main(["scan", str(src)]) == 0
    import json

    row = json.loads(capsys.readouterr().out)
    card_turn = row["turns"][1]
    assert card_turn["findings"][0]["type"] == "CREDIT_CARD"
    (bleep,) = card_turn["audio_redactions"]
    assert bleep["type"] == "CREDIT_CARD" and bleep["estimated"] is True
    assert 2.5 <= bleep["start"] < bleep["end"] <= 9.0
    assert "four five" not in card_turn["redacted_text"]
