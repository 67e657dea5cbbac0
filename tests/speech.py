"""Test calls spoken by espeak-ng (Debian package, installed by `make speech`).

Each segment (an English word, a Chinese phrase or digit) is synthesised on its own and
the call is the concatenation, so every word's start and end in the audio are known
exactly from how it was assembled: the transcript's word timings are the truth.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

ESPEAK = shutil.which("espeak-ng")
VOICES = {"en": "en-us", "zh": "cmn"}
SAMPLERATE = 22_050  # espeak-ng's native rate
GAP_SECONDS = 0.25  # between turns


def require_espeak() -> None:
    if ESPEAK is None:
        pytest.skip("espeak-ng is not installed: `make speech` (or `make test`) installs it")


@cache
def spoken(segment: str, language: str) -> np.ndarray:
    """``segment`` said by espeak-ng: mono int16 at :data:`SAMPLERATE`."""
    assert ESPEAK is not None
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "segment.wav"
        subprocess.run(
            [ESPEAK, "-v", VOICES[language], "-s", "190", "-w", str(out), segment],
            check=True,
            timeout=30,
            capture_output=True,
        )
        audio, rate = sf.read(out, dtype="int16")
    assert rate == SAMPLERATE, rate
    return audio


@dataclass(frozen=True)
class Call:
    """A synthesised call: the audio (frames x channels, int16), its transcript (contract
    shape, with word timings) and, per turn, the frame range of each segment."""

    audio: np.ndarray
    samplerate: int
    transcript: dict

    @property
    def frames(self) -> int:
        return len(self.audio)


def build_call(
    conversation_id: str,
    language: str,
    turns: list[tuple[str, list[str]]],
    *,
    stereo: bool = False,
) -> Call:
    """``turns``: (speaker, segments). Mono: every turn on the one channel. Stereo: the
    agent on the left channel, everyone else on the right, the other channel silent."""
    joiner = "" if language == "zh" else " "
    pieces: list[np.ndarray] = []
    cursor = 0
    out_turns = []
    gap = np.zeros(round(GAP_SECONDS * SAMPLERATE), dtype=np.int16)
    for speaker, segments in turns:
        words = []
        turn_start = cursor
        for segment in segments:
            audio = spoken(segment, language)
            words.append(
                {
                    "w": segment,
                    "start": cursor / SAMPLERATE,
                    "end": (cursor + len(audio)) / SAMPLERATE,
                }
            )
            pieces.append(_placed(audio, speaker, stereo))
            cursor += len(audio)
        out_turns.append(
            {
                "speaker": speaker,
                "text": joiner.join(segments),
                "start": turn_start / SAMPLERATE,
                "end": cursor / SAMPLERATE,
                "words": words,
            }
        )
        pieces.append(_placed(gap, speaker, stereo))
        cursor += len(gap)
    transcript = {"id": conversation_id, "channel": "call", "language": language}
    transcript["turns"] = out_turns
    return Call(np.concatenate(pieces), SAMPLERATE, transcript)


def _placed(audio: np.ndarray, speaker: str, stereo: bool) -> np.ndarray:
    if not stereo:
        return audio[:, None]
    out = np.zeros((len(audio), 2), dtype=np.int16)
    out[:, 0 if speaker == "agent" else 1] = audio
    return out


def luhn_complete(digits: str) -> str:
    """``digits`` with the Luhn check digit appended (a valid card number of our own)."""
    total = 0
    for i, d in enumerate(reversed(digits)):
        n = int(d) * (2 if i % 2 == 0 else 1)
        total += n - 9 if n > 9 else n
    return digits + str((10 - total % 10) % 10)


EN_DIGITS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
ZH_DIGITS = list("零一二三四五六七八九")


def said_digits(number: str, language: str) -> list[str]:
    names = EN_DIGITS if language == "en" else ZH_DIGITS
    return [names[int(d)] for d in number]
