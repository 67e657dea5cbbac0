"""WebVTT and SRT call transcripts: one file is one conversation (channel ``call``).

The speaker comes from a ``<v Name>`` voice tag or a ``Name:`` prefix on the cue text;
see :class:`~piiguard.formats.speakers.SpeakerMap` for how names become roles.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from piiguard.errors import InputError
from piiguard.formats.speakers import SpeakerMap
from piiguard.model import Transcript, Turn

__all__ = ["read_srt", "read_vtt"]

_TIMING = re.compile(
    r"^\s*(?P<a>(?:\d+:)?\d{1,2}:\d{2}[.,]\d{1,3})\s*-->\s*(?P<b>(?:\d+:)?\d{1,2}:\d{2}[.,]\d{1,3})(?:\s.*)?$"
)
_VOICE = re.compile(r"^<v(?:\.[^\s>]+)*\s+([^>]+)>(.*)$", re.DOTALL)
_PREFIX = re.compile(r"^([^:：]{1,32})[:：]\s*(.*)$", re.DOTALL)
_TAG = re.compile(r"</?[a-z][^>]*>", re.IGNORECASE)


def _seconds(stamp: str) -> float:
    parts = stamp.replace(",", ".").split(":")
    total = 0.0
    for part in parts:
        total = total * 60 + float(part)
    return total


def _cue_turn(
    lines: list[str], start: float, end: float, speakers: SpeakerMap, prefix_needs_role: bool
) -> Turn:
    text = " ".join(line.strip() for line in lines if line.strip())
    name = None
    voice = _VOICE.match(text)
    if voice:
        name, text = voice.group(1), voice.group(2)
    else:
        prefix = _PREFIX.match(text)
        if prefix and (
            not prefix_needs_role
            or speakers.known_role_prefix(prefix.group(1))
            or prefix.group(1).strip().lower() in speakers.agents
        ):
            name, text = prefix.group(1), prefix.group(2)
    text = _TAG.sub("", text).strip()
    return Turn(speakers.role(name) if name else "customer", text, start, end)


def _blocks(lines: Iterable[str]) -> Iterator[tuple[int, list[str]]]:
    """Blank-line separated blocks with the line number of their first line."""
    block: list[str] = []
    first = 0
    for lineno, raw in enumerate(lines, 1):
        line = raw.rstrip("\r\n")
        if line.strip():
            if not block:
                first = lineno
            block.append(line)
        elif block:
            yield first, block
            block = []
    if block:
        yield first, block


def _read(lines: Iterable[str], source: str, speakers: SpeakerMap, *, vtt: bool) -> Transcript:
    turns: list[Turn] = []
    blocks = _blocks(lines)
    if vtt:
        header = next(blocks, None)
        if header is None or not header[1][0].lstrip("\ufeff").startswith("WEBVTT"):
            raise InputError("a WebVTT file starts with 'WEBVTT'", source=source, line=1)
    for first, block in blocks:
        if vtt and block[0].startswith(("NOTE", "STYLE", "REGION")):
            continue
        timing_at = next((i for i, line in enumerate(block[:2]) if "-->" in line), None)
        if timing_at is None:
            raise InputError("cue has no 'start --> end' timing line", source=source, line=first)
        m = _TIMING.match(block[timing_at])
        if not m:
            raise InputError(
                "timing line is not 'HH:MM:SS.mmm --> HH:MM:SS.mmm'",
                source=source,
                line=first + timing_at,
            )
        start, end = _seconds(m.group("a")), _seconds(m.group("b"))
        if end < start:
            raise InputError("cue ends before it starts", source=source, line=first + timing_at)
        turns.append(
            _cue_turn(block[timing_at + 1 :], start, end, speakers, prefix_needs_role=False)
        )
    return Transcript(id=_stem(source), turns=tuple(turns), channel="call")


def _stem(source: str) -> str:
    name = source.rsplit("/", 1)[-1]
    return name.rsplit(".", 1)[0] or "transcript"


def read_vtt(lines: Iterable[str], source: str, agent_speakers: Iterable[str] = ()) -> Transcript:
    return _read(lines, source, SpeakerMap(agent_speakers), vtt=True)


def read_srt(lines: Iterable[str], source: str, agent_speakers: Iterable[str] = ()) -> Transcript:
    return _read(lines, source, SpeakerMap(agent_speakers), vtt=False)
