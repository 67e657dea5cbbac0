"""POST /v1/audio/redact: the same bytes as `piiguard redact-audio`, nothing stored,
limits answered 413, unreadable audio 415, the time budget 503, roles as for ingest."""

from __future__ import annotations

import io
import json
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf
from sqlalchemy import text

from piiguard.cli import main as cli_main

from .conftest import Api, make_api

RATE = 8_000
WORDS = ["my", "card", "is", "4532", "0151", "1283", "0366", "thanks"]


def _transcript(conversation_id: str = "call-1", timed: bool = True) -> dict:
    """A customer reads a card number, word by word, one word every 0.5 s from 1.0 s."""
    turn: dict = {"speaker": "customer", "text": " ".join(WORDS)}
    if timed:
        words = [
            {"w": w, "start": 1.0 + i * 0.5, "end": 1.4 + i * 0.5} for i, w in enumerate(WORDS)
        ]
        turn |= {"start": 1.0, "end": 1.0 + len(WORDS) * 0.5, "words": words}
    agent = {"speaker": "agent", "text": "thank you for calling"}
    if timed:
        agent |= {"start": 0.0, "end": 0.9}
    return {"id": conversation_id, "channel": "call", "language": "en", "turns": [agent, turn]}


def _recording(seconds: float = 6.0, channels: int = 1, fmt: str = "WAV") -> bytes:
    rng = np.random.default_rng(7)
    samples = (rng.standard_normal((int(seconds * RATE), channels)) * 4000).astype(np.int16)
    out = io.BytesIO()
    sf.write(out, samples, RATE, format=fmt, subtype="PCM_16")
    return out.getvalue()


def _post(api: Api, audio: bytes, headers=None, **form):  # noqa: ANN001, ANN202
    files = {"audio": ("call.bin", audio, "application/octet-stream")}
    if "transcript" in form:
        files["transcript"] = ("t.json", json.dumps(form.pop("transcript")), "application/json")
    return api.client.post(
        "/v1/audio/redact",
        files=files,
        data=form,
        headers=api.ingest if headers is None else headers,
    )


def _cli_bytes(tmp_path: Path, audio: bytes, ext: str, *extra: str) -> bytes:
    recording = tmp_path / f"call{ext}"
    recording.write_bytes(audio)
    transcript = tmp_path / "t.jsonl"
    transcript.write_text(json.dumps(_transcript()) + "\n", "utf-8")
    out = tmp_path / f"out{ext}"
    argv = ["redact-audio", str(recording), "--transcript", str(transcript), "-o", str(out)]
    assert cli_main([*argv, *extra]) == 0
    return out.read_bytes()


@pytest.mark.parametrize(
    ("fmt", "ext", "media"), [("WAV", ".wav", "audio/wav"), ("FLAC", ".flac", "audio/flac")]
)
@pytest.mark.parametrize("mode", ["beep", "silence"])
def test_api_returns_the_cli_bytes(api: Api, tmp_path: Path, fmt, ext, media, mode) -> None:
    audio = _recording(fmt=fmt)
    r = _post(api, audio, transcript=_transcript(), mode=mode)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == media
    assert r.headers["x-redacted-ranges"] == "1"
    assert r.content == _cli_bytes(tmp_path, audio, ext, "--mode", mode)
    assert r.content != audio  # something was replaced


def test_api_stereo_channel_map_and_pad_match_the_cli(api: Api, tmp_path: Path) -> None:
    audio = _recording(channels=2)
    form = {"channel_map": "agent=left,customer=right", "pad": "0.2", "format": "flac"}
    r = _post(api, audio, transcript=_transcript(), **form)
    assert r.status_code == 200, r.text
    args = ("--channel-map", "agent=left,customer=right", "--pad", "0.2")
    recording = tmp_path / "call.wav"
    recording.write_bytes(audio)
    transcript = tmp_path / "t.jsonl"
    transcript.write_text(json.dumps(_transcript()) + "\n", "utf-8")
    out = tmp_path / "out.flac"
    argv = ["redact-audio", str(recording), "--transcript", str(transcript), "-o", str(out)]
    assert cli_main([*argv, *args]) == 0
    assert r.content == out.read_bytes()
    left_in = sf.read(io.BytesIO(audio), dtype="int16")[0][:, 0]
    assert np.array_equal(sf.read(io.BytesIO(r.content), dtype="int16")[0][:, 0], left_in)


def test_stored_conversation_id_gives_the_same_bytes_as_its_transcript(api: Api) -> None:
    assert api.client.post("/v1/scan", json=_transcript(), headers=api.ingest).status_code == 200
    audio = _recording()
    by_id = _post(api, audio, conversation_id="call-1")
    by_transcript = _post(api, audio, transcript=_transcript("other"))
    assert by_id.status_code == by_transcript.status_code == 200
    assert by_id.content == by_transcript.content != audio


def test_nothing_is_stored(api: Api) -> None:
    r = _post(api, _recording(), transcript=_transcript("not-stored"))
    assert r.status_code == 200
    with api.app.state.engine.connect() as c:
        assert c.execute(text("SELECT COUNT(*) FROM conversations")).scalar() == 0
        assert c.execute(text("SELECT COUNT(*) FROM turns")).scalar() == 0


@pytest.mark.parametrize(
    ("form", "status", "code"),
    [
        ({}, 422, "invalid_request"),  # neither transcript nor id
        ({"transcript": _transcript(), "conversation_id": "call-1"}, 422, "invalid_request"),
        ({"conversation_id": "never-stored"}, 404, "not_found"),
        ({"transcript": {"id": "x", "turns": [{"speaker": "robot"}]}}, 422, "invalid_request"),
        ({"transcript": _transcript(timed=False)}, 422, "no_audio_ranges"),
        ({"transcript": _transcript(), "channel_map": "agent=middle"}, 422, "invalid_request"),
        ({"transcript": _transcript(), "mode": "mute"}, 422, "invalid_request"),
        ({"transcript": _transcript(), "pad": "99"}, 422, "invalid_request"),
        ({"transcript": _transcript(), "channel_map": "customer=right"}, 422, "invalid_request"),
    ],
    ids=[
        "none",
        "both",
        "unknown-id",
        "bad-transcript",
        "untimed",
        "bad-map",
        "bad-mode",
        "pad",
        "map-on-mono",
    ],
)
def test_bad_requests(api: Api, form: dict, status: int, code: str) -> None:
    r = _post(api, _recording(), **form)
    assert r.status_code == status, r.text
    assert r.json()["error"]["code"] == code
    assert "4532" not in r.text and "0366" not in r.text


@pytest.mark.parametrize(
    "audio", [b"", b"RIFF....WAVEfmt not really", b"\x00" * 5000], ids=["empty", "fake", "zeros"]
)
def test_unreadable_audio_is_415(api: Api, audio: bytes) -> None:
    r = _post(api, audio, transcript=_transcript())
    assert r.status_code == 415
    assert r.json()["error"]["code"] == "unsupported_media_type"


def test_roles(api: Api) -> None:
    assert _post(api, _recording(), headers={}, transcript=_transcript()).status_code == 401
    r = _post(api, _recording(), headers=api.reviewer, transcript=_transcript())
    assert r.status_code == 403


@pytest.fixture
def limited(db_url: str, guard):  # noqa: ANN001, ANN201
    yield from make_api(
        db_url, guard, max_audio_bytes=200_000, max_audio_seconds=5.0, audio_time_budget_seconds=0
    )


def test_limits_answer_413(limited: Api) -> None:
    too_long = _post(limited, _recording(seconds=6.0), transcript=_transcript())
    assert too_long.status_code == 413
    assert too_long.json()["error"]["code"] == "audio_too_long"
    too_big = _post(limited, _recording(seconds=20.0), transcript=_transcript())
    assert too_big.status_code == 413


def test_time_budget_answers_503_and_returns_nothing(limited: Api) -> None:
    # 4.9 s at 8 kHz is 39,200 frames: within the limits; a budget of 0 s runs out after
    # the first block, and the half-made file is discarded.
    r = _post(limited, _recording(seconds=4.9), transcript=_transcript())
    assert r.status_code == 503
    assert r.json()["error"]["code"] == "time_budget"
    assert r.headers["content-type"] == "application/json"


def test_mp3_upload_comes_back_as_wav(api: Api) -> None:
    rng = np.random.default_rng(3)
    samples = (rng.standard_normal(6 * RATE) * 0.1).astype(np.float32)
    buf = io.BytesIO()
    sf.write(buf, samples, RATE, format="MP3")
    r = _post(api, buf.getvalue(), transcript=_transcript())
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == "audio/wav"
    info = sf.info(io.BytesIO(r.content))
    assert (info.samplerate, info.channels, info.format) == (RATE, 1, "WAV")
