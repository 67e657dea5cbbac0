"""Transcript readers: contract JSONL (default), WebVTT, SRT and plain text.

:func:`read_transcripts` picks the reader from ``fmt`` or the file extension and yields
``(line_number, Transcript)``; malformed input raises :class:`~piiguard.errors.InputError`
naming the line and the reason (never the text).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TextIO

from piiguard.errors import InputError
from piiguard.formats.jsonl import read_jsonl, transcript_from_dict
from piiguard.formats.subtitles import read_srt, read_vtt
from piiguard.formats.text import read_text
from piiguard.model import Transcript

__all__ = ["FORMATS", "format_for", "read_jsonl", "read_transcripts", "transcript_from_dict"]

FORMATS = {
    ".jsonl": "jsonl",
    ".json": "jsonl",
    ".ndjson": "jsonl",
    ".vtt": "vtt",
    ".srt": "srt",
    ".txt": "text",
}


def format_for(source: str, fmt: str | None) -> str:
    if fmt:
        return fmt
    for ext, name in FORMATS.items():
        if source.lower().endswith(ext):
            return name
    return "jsonl"


def read_transcripts(
    stream: TextIO,
    source: str,
    *,
    fmt: str | None = None,
    agent_speakers: str = "",
    skip_bad: bool = False,
    on_skip: Callable[[InputError], None] | None = None,
) -> Iterator[tuple[int, Transcript]]:
    """Transcripts from ``stream``; with ``skip_bad`` a bad JSONL line is reported and skipped."""
    kind = format_for(source, fmt)
    agents = [a for a in agent_speakers.split(",") if a.strip()]
    if kind == "jsonl":
        yield from _jsonl(stream, source, skip_bad, on_skip)
        return
    reader = {"vtt": read_vtt, "srt": read_srt, "text": read_text}[kind]
    yield 1, reader(stream, source, agents)


def _jsonl(
    stream: TextIO, source: str, skip_bad: bool, on_skip: Callable[[InputError], None] | None
) -> Iterator[tuple[int, Transcript]]:
    if not skip_bad:
        yield from read_jsonl(stream, source)
        return
    for lineno, line in enumerate(stream, 1):
        try:
            for _, transcript in read_jsonl([line], source):
                yield lineno, transcript
        except InputError as exc:
            if on_skip is not None:
                on_skip(InputError(exc.reason, source=source, line=lineno))
