"""Redacting an uploaded call recording (``POST /v1/audio/redact``).

The ranges come from the call's transcript, scanned here turn by turn within the usual
per-turn time budget (a turn over budget is blocked and its whole span bleeped), or from
a conversation already stored. Nothing of the audio is stored: the upload lives in the
request's spooled temporary file (memory, or an anonymous already-unlinked file past
1 MB) and the output in another, both closed when the response has been sent. The
scan made here is not stored either.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from typing import IO, Any

from pydantic import ValidationError
from sqlalchemy.orm import Session, sessionmaker

from piiguard.audio_redact import (
    AudioBudgetExceeded,
    AudioLimits,
    AudioSpan,
    AudioTooLong,
    RedactionReport,
    RedactOptions,
    UnreadableAudio,
    default_output_format,
    parse_channel_map,
    redact_recording,
    spans_from_result,
)
from piiguard.errors import InputError
from piiguard.guard import Guard
from service.errors import ApiError
from service.ingest import TurnRunner, check_limits, to_turn
from service.schemas import TranscriptIn
from service.store import repo

MEDIA_TYPES = {"WAV": "audio/wav", "FLAC": "audio/flac", "OGG": "audio/ogg"}
_FAMILY = {"WAVEX": "WAV", "RF64": "WAV"}
_OUTPUT_SPOOL_BYTES = 4_000_000
_CHUNK_BYTES = 256 * 1024


def options_from_form(mode: str, pad: float, channel_map: str | None) -> RedactOptions:
    try:
        mapping = parse_channel_map(channel_map) if channel_map else {}
    except InputError as exc:
        raise ApiError(422, "invalid_request", f"channel_map: {exc}") from None
    return RedactOptions(mode, pad, mapping)  # type: ignore[arg-type]  # validated by the form


def spans_from_transcript(
    guard: Guard, runner: TurnRunner, raw: bytes, max_turns: int, max_turn_chars: int
) -> list[AudioSpan]:
    """Scan the transcript (nothing stored) and return its ranges."""
    try:
        body = TranscriptIn.model_validate_json(raw)
    except ValidationError as exc:
        where = "; ".join(".".join(map(str, e["loc"])) + ": " + e["msg"] for e in exc.errors()[:3])
        raise ApiError(
            422, "invalid_request", f"transcript: {where or 'not a transcript'}"
        ) from None
    check_limits(body.turns, max_turns, max_turn_chars)
    conversation = guard.conversation(
        conversation_id=body.id, channel=body.channel, language=body.language
    )
    decisions = []
    for turn in body.turns:
        conversation, decision = runner.run(guard, conversation, to_turn(turn))
        decisions.append(decision)
    return _spans(conversation.result(decisions).to_dict())


def spans_from_stored(factory: sessionmaker[Session], conversation_id: str) -> list[AudioSpan]:
    """The ranges of a stored conversation; a turn stored as unscanned is bleeped whole."""
    with factory() as session:
        row = repo.session_detail(session, conversation_id)
        if row is None:
            raise ApiError(404, "not_found", "no conversation with this id")
        turns: list[dict[str, Any]] = []
        for t in sorted(row.turns, key=lambda t: t.index):
            ranges = t.audio_redactions
            if t.error and not ranges and t.start is not None and t.end is not None:
                ranges = [{"start": t.start, "end": max(t.start, t.end), "type": "UNSCANNED"}]
            turns.append(
                {
                    "index": t.index,
                    "speaker": t.speaker,
                    "findings": [f.type for f in t.findings],
                    "audio_redactions": ranges,
                    "error": t.error,
                }
            )
    return _spans({"turns": turns})


def _spans(result: dict[str, Any]) -> list[AudioSpan]:
    try:
        return spans_from_result(result)
    except InputError as exc:
        raise ApiError(422, "no_audio_ranges", str(exc)) from None


def redact_upload(
    audio: IO[bytes],
    spans: list[AudioSpan],
    out_format: str | None,
    options: RedactOptions,
    limits: AudioLimits,
) -> tuple[IO[bytes], RedactionReport]:
    """The redacted recording in a spooled temporary file (rewound), and the report.

    ``out_format`` None keeps the upload's container (MP3 becomes WAV).
    """
    try:
        out_format = out_format or default_output_format(audio)
    except UnreadableAudio as exc:
        raise ApiError(415, "unsupported_media_type", exc.reason) from None
    out = tempfile.SpooledTemporaryFile(max_size=_OUTPUT_SPOOL_BYTES)  # noqa: SIM115
    try:
        report = redact_recording(
            audio, out, spans, out_format=out_format, options=options, limits=limits
        )
    except AudioTooLong as exc:
        out.close()
        raise ApiError(413, "audio_too_long", str(exc)) from None
    except AudioBudgetExceeded as exc:
        out.close()  # fail closed: a partly redacted file is never returned
        raise ApiError(
            503, "time_budget", f"{exc}; nothing was returned", {"Retry-After": "5"}
        ) from None
    except UnreadableAudio as exc:
        out.close()
        raise ApiError(415, "unsupported_media_type", exc.reason) from None
    except InputError as exc:
        out.close()
        raise ApiError(422, "invalid_request", exc.reason) from None
    except BaseException:
        out.close()
        raise
    out.seek(0)
    return out, report


def media(major_format: str) -> tuple[str, str]:
    """(media type, file extension) of a written format (WAVEX and RF64 are WAV files)."""
    family = _FAMILY.get(major_format, major_format)
    return MEDIA_TYPES.get(family, "application/octet-stream"), family.lower()


def chunks(file: IO[bytes]) -> Iterator[bytes]:
    """The file's bytes in chunks; closes it when done (or when the client goes away)."""
    try:
        while chunk := file.read(_CHUNK_BYTES):
            yield chunk
    finally:
        file.close()
