"""Contract transcripts as JSON Lines: one conversation object a line."""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Iterator
from typing import Any

from piiguard.errors import InputError
from piiguard.model import CHANNELS, LANGUAGES, SPEAKERS, Transcript, Turn, Word

__all__ = ["parse_json_line", "read_jsonl", "transcript_from_dict"]


def _is_valid_unicode(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _number(value: Any, where: str) -> float | None:
    if value is None:
        return None
    if (
        isinstance(value, bool)
        or not isinstance(value, (int, float))
        or not math.isfinite(value)
        or value < 0
    ):
        raise InputError(f"{where} must be a non-negative number of seconds")
    return float(value)


def _words(value: Any, where: str) -> tuple[Word, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise InputError(f"{where} must be a list of {{w, start, end}}")
    out = []
    for i, item in enumerate(value):
        here = f"{where}[{i}]"
        if not isinstance(item, dict) or not isinstance(item.get("w"), str):
            raise InputError(f"{here} must be an object with a string 'w'")
        start, end = (
            _number(item.get("start"), f"{here}.start"),
            _number(item.get("end"), f"{here}.end"),
        )
        if start is None or end is None or end < start:
            raise InputError(f"{here} needs start <= end")
        out.append(Word(item["w"], start, end))
    return tuple(out)


def _turn(value: Any, i: int) -> Turn:
    where = f"turns[{i}]"
    if not isinstance(value, dict):
        raise InputError(f"{where} must be an object")
    speaker = value.get("speaker")
    if speaker not in SPEAKERS:
        raise InputError(f"{where}.speaker must be one of {', '.join(SPEAKERS)}")
    text = value.get("text")
    if not isinstance(text, str):
        raise InputError(f"{where}.text must be a string")
    if not _is_valid_unicode(text):
        raise InputError(f"{where}.text holds a lone surrogate (invalid Unicode)")
    start, end = (
        _number(value.get("start"), f"{where}.start"),
        _number(value.get("end"), f"{where}.end"),
    )
    if start is not None and end is not None and end < start:
        raise InputError(f"{where} ends before it starts")
    return Turn(speaker, text, start, end, _words(value.get("words"), f"{where}.words"))


def transcript_from_dict(data: Any) -> Transcript:
    """A Transcript from a contract object; extra keys (like ``gold``) are ignored."""
    if not isinstance(data, dict):
        raise InputError("a transcript must be a JSON object")
    cid = data.get("id")
    if not isinstance(cid, str) or not cid.strip():
        raise InputError("id must be a non-empty string")
    channel = data.get("channel", "chat")
    if channel not in CHANNELS:
        raise InputError(f"channel must be one of {', '.join(CHANNELS)}")
    language = data.get("language")
    if language is not None and language not in LANGUAGES:
        raise InputError(f"language must be one of {', '.join(LANGUAGES)} or left out")
    turns = data.get("turns")
    if not isinstance(turns, list):
        raise InputError("turns must be a list")
    return Transcript(cid, tuple(_turn(t, i) for i, t in enumerate(turns)), channel, language)


def parse_json_line(line: str) -> Any:
    """One JSON Lines line as JSON; an InputError says where on the line it breaks.

    The line ending is not part of the value: parsed with it, an error at the end of the
    line was reported at "column 1" (of the next line, for ``json``).
    """
    text = line.rstrip("\r\n")
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        where = "at the end of the line" if exc.pos >= len(text) else f"at column {exc.pos + 1}"
        raise InputError(f"not valid JSON ({exc.msg} {where})") from None
    except RecursionError:
        raise InputError("JSON nested too deeply") from None


def read_jsonl(lines: Iterable[str], source: str = "<input>") -> Iterator[tuple[int, Transcript]]:
    """``(line_number, Transcript)`` for each non-blank line; InputError names the line."""
    for lineno, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            yield lineno, transcript_from_dict(parse_json_line(line))
        except InputError as exc:
            raise InputError(exc.reason, source=source, line=lineno) from None
