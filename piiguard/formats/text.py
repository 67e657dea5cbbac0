"""Plain-text transcripts: ``Agent: ...`` / ``Customer: ...`` lines (坐席/客服, 客户/用户).

A line without a speaker prefix continues the previous turn. One file is one chat
conversation.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from piiguard.errors import InputError
from piiguard.formats.speakers import SpeakerMap
from piiguard.model import Transcript, Turn

__all__ = ["read_text"]

_PREFIX = re.compile(r"^\s*([^:：]{1,32}?)\s*[:：]\s?(.*)$")


def read_text(lines: Iterable[str], source: str, agent_speakers: Iterable[str] = ()) -> Transcript:
    speakers = SpeakerMap(agent_speakers)
    turns: list[tuple[str, list[str]]] = []
    for lineno, raw in enumerate(lines, 1):
        line = raw.rstrip("\r\n")
        if not line.strip():
            continue
        m = _PREFIX.match(line)
        if m and (
            speakers.known_role_prefix(m.group(1)) or m.group(1).strip().lower() in speakers.agents
        ):
            turns.append((speakers.role(m.group(1)), [m.group(2)]))
        elif turns:
            turns[-1][1].append(line)
        else:
            raise InputError(
                "the first line must start with a speaker, like 'Agent:' or '客户：'",
                source=source,
                line=lineno,
            )
    name = source.rsplit("/", 1)[-1].rsplit(".", 1)[0] or "transcript"
    return Transcript(name, tuple(Turn(s, "\n".join(t)) for s, t in turns), "chat")
