"""Call recordings: the recording back with its sensitive stretches bleeped (role ``ingest``)."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, File, Form, UploadFile
from fastapi.responses import StreamingResponse

from piiguard.audio_redact import AudioLimits
from service import audio
from service.deps import GuardDep, IngestKey, RunnerDep, SessionFactory, SettingsDep
from service.errors import ApiError

router = APIRouter(prefix="/v1/audio", tags=["audio"])

_AUDIO_RESPONSES = {
    200: {
        "content": {media: {} for media in audio.MEDIA_TYPES.values()},
        "description": "the recording, every range replaced; same length, rate, channels "
        "and sample format; header X-Redacted-Ranges counts the ranges",
    }
}


@router.post("/redact", response_class=StreamingResponse, responses=_AUDIO_RESPONSES)
def redact_recording(
    audio_file: Annotated[
        UploadFile, File(alias="audio", description="the call: WAV, FLAC, Ogg or MP3")
    ],
    guard: GuardDep,
    runner: RunnerDep,
    sessions: SessionFactory,
    settings: SettingsDep,
    _: IngestKey,
    transcript: Annotated[
        bytes | None, File(description="the call's transcript, as for /v1/scan (JSON)")
    ] = None,
    conversation_id: Annotated[
        str | None, Form(min_length=1, max_length=200, description="or a stored conversation")
    ] = None,
    mode: Annotated[
        Literal["beep", "silence"], Form(description="beep: a 1 kHz tone; silence: digital silence")
    ] = "beep",
    pad: Annotated[float, Form(ge=0, le=5, description="seconds added to both sides")] = 0.0,
    channel_map: Annotated[
        str | None, Form(max_length=100, description="e.g. agent=left,customer=right")
    ] = None,
    output_format: Annotated[
        Literal["wav", "flac", "ogg"] | None,
        Form(alias="format", description="default: the upload's own (MP3 -> WAV)"),
    ] = None,
) -> StreamingResponse:
    """A recording and its transcript (or a stored conversation id) -> the redacted
    recording. Nothing of the audio or of this scan is stored."""
    if (transcript is None) == (conversation_id is None):
        raise ApiError(422, "invalid_request", "send a transcript or a conversation_id")
    if audio_file.size is not None and audio_file.size > settings.max_audio_bytes:
        raise ApiError(413, "audio_too_large", f"at most {settings.max_audio_bytes} bytes")
    if transcript is not None and len(transcript) > settings.max_body_bytes:
        raise ApiError(413, "transcript_too_large", f"at most {settings.max_body_bytes} bytes")
    options = audio.options_from_form(mode, pad, channel_map)
    if transcript is not None:
        spans = audio.spans_from_transcript(
            guard, runner, transcript, settings.max_turns, settings.max_turn_chars
        )
    else:
        spans = audio.spans_from_stored(sessions, conversation_id or "")
    limits = AudioLimits(settings.max_audio_seconds, settings.audio_time_budget_seconds)
    out_format = output_format.upper() if output_format else None
    out, report = audio.redact_upload(audio_file.file, spans, out_format, options, limits)
    media_type, extension = audio.media(report.format)
    return StreamingResponse(
        audio.chunks(out),
        media_type=media_type,
        headers={
            "Content-Disposition": f'attachment; filename="redacted.{extension}"',
            "X-Redacted-Ranges": str(report.ranges),
        },
    )
