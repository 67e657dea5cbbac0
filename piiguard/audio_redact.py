"""Redacting a call recording: each range of ``audio_redactions`` becomes a tone or silence.

Every range (seconds into the call, from a scan result) is replaced by a 1 kHz tone at
-20 dBFS (``mode="beep"``) or by digital silence (``mode="silence"``). The first and last
:data:`FADE_SECONDS` of a range cross-fade between the recording and the replacement so
that the edit does not click; those few milliseconds lie inside the range's padding (the
ranges are padded around the words). Every sample outside the ranges is written back
exactly as it was read, and the output keeps the input's duration, sample rate, channel
count and sample format (subtype). For lossless sample formats (PCM, float, u-law, a-law,
in WAV or FLAC) the samples outside the ranges are therefore bit-identical; a lossy codec
(Vorbis, Opus, MP3, ADPCM) re-encodes the whole file, so they match within the codec's
error only.

The recording is streamed in blocks of :data:`BLOCK_FRAMES` frames, so memory does not
grow with the length of the call. With a channel map (one speaker a channel, e.g.
``{"agent": 0, "customer": 1}``) a range is replaced only on its speaker's channel;
speakers not in the map are replaced on every channel.

>>> spans = spans_from_result(scan_result)  # doctest: +SKIP
>>> redact_recording("call.wav", "call.redacted.wav", spans, out_format="WAV")  # doctest: +SKIP
"""

from __future__ import annotations

import bisect
import math
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO, Literal

import numpy as np
import soundfile as sf

from piiguard.errors import InputError, PiiguardError
from piiguard.model import SPEAKERS

__all__ = [
    "BLOCK_FRAMES",
    "FADE_SECONDS",
    "INPUT_FORMATS",
    "OUTPUT_FORMATS",
    "TONE_HZ",
    "TONE_LEVEL",
    "AudioBudgetExceeded",
    "AudioLimits",
    "AudioSpan",
    "AudioTooLong",
    "UnreadableAudio",
    "RedactOptions",
    "RedactionReport",
    "default_output_format",
    "output_format_for",
    "parse_channel_map",
    "redact_recording",
    "spans_from_result",
]

TONE_HZ = 1000.0
TONE_LEVEL = 0.1  # peak amplitude, -20 dBFS: clearly audible, never loud
FADE_SECONDS = 0.005
BLOCK_FRAMES = 65_536
MIN_BEEP_SAMPLERATE = 4_000  # a 1 kHz tone needs at least four samples a period
OUTPUT_FORMATS = {".wav": "WAV", ".flac": "FLAC", ".ogg": "OGG"}
INPUT_FORMATS = (".wav", ".flac", ".ogg", ".mp3")

Mode = Literal["beep", "silence"]

# Sample formats read into an integer array: the values written back are exactly those
# read (libsndfile widens 8-bit, u-law and a-law to 16 bits, 24-bit to 32, and narrows
# them again on writing without loss).
_INT16_SUBTYPES = frozenset({"PCM_S8", "PCM_U8", "PCM_16", "ULAW", "ALAW"})
_INT32_SUBTYPES = frozenset({"PCM_24", "PCM_32"})
_FLOAT_SUBTYPES = {"FLOAT": "float32", "DOUBLE": "float64"}
LOSSLESS_SUBTYPES = _INT16_SUBTYPES | _INT32_SUBTYPES | frozenset(_FLOAT_SUBTYPES)
_CHANNEL_NAMES = {"left": 0, "right": 1}
_FAMILY = {"WAVEX": "WAV", "RF64": "WAV"}


class AudioTooLong(InputError):
    """The recording is longer than the caller allows (``AudioLimits.max_seconds``)."""


class UnreadableAudio(InputError):
    """The input is not a recording libsndfile can read (unknown or corrupt format)."""


class AudioBudgetExceeded(PiiguardError):
    """Redacting took longer than ``AudioLimits.time_budget_seconds``; the output is
    incomplete and must be discarded."""


@dataclass(frozen=True, slots=True)
class AudioSpan:
    """A stretch of the call to replace: seconds, whose voice (None: anyone's), and why."""

    start: float
    end: float
    speaker: str | None = None
    type: str = ""


@dataclass(frozen=True, slots=True)
class RedactOptions:
    """How to replace: ``mode``, extra ``pad_seconds`` on both sides of every range, and
    ``channel_map`` (speaker -> 0-based channel) for calls recorded one speaker a channel."""

    mode: Mode = "beep"
    pad_seconds: float = 0.0
    channel_map: Mapping[str, int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class AudioLimits:
    """Bounds on one recording: its duration, and the wall time spent redacting it."""

    max_seconds: float | None = None
    time_budget_seconds: float | None = None


@dataclass(frozen=True, slots=True)
class RedactionReport:
    """What was written: the (unchanged) shape of the audio and how much was replaced."""

    frames: int
    samplerate: int
    channels: int
    format: str
    subtype: str
    ranges: int
    redacted_seconds: float
    lossless: bool

    def to_dict(self) -> dict[str, Any]:
        return {
            "frames": self.frames,
            "samplerate": self.samplerate,
            "channels": self.channels,
            "format": self.format,
            "subtype": self.subtype,
            "ranges": self.ranges,
            "redacted_seconds": round(self.redacted_seconds, 3),
            "lossless": self.lossless,
        }


def output_format_for(path: str | Path) -> str:
    """libsndfile's major format for an output file name: ``.wav``, ``.flac`` or ``.ogg``."""
    suffix = Path(path).suffix.lower()
    try:
        return OUTPUT_FORMATS[suffix]
    except KeyError:
        raise InputError(
            f"cannot write {suffix or 'a file without extension'}: "
            f"name the output .wav, .flac or .ogg",
            source=str(path),
        ) from None


def default_output_format(source: str | Path | BinaryIO) -> str:
    """The output format that keeps ``source``'s container: WAV, FLAC or OGG (MP3 and
    other read-only containers: WAV). A file object is rewound afterwards."""
    with _open_source(source) as src:
        major = src.format
    if not isinstance(source, (str, Path)):
        source.seek(0)
    return major if major in ("FLAC", "OGG") else "WAV"


def parse_channel_map(text: str) -> dict[str, int]:
    """``"agent=left,customer=right"`` -> ``{"agent": 0, "customer": 1}``.

    A channel is ``left``, ``right`` or its number counted from 1.
    """
    out: dict[str, int] = {}
    for item in (p.strip() for p in text.split(",")):
        if not item:
            continue
        speaker, sep, channel = (s.strip().lower() for s in item.partition("="))
        if not sep or speaker not in SPEAKERS:
            raise InputError(
                f"bad channel map item {item!r}: write SPEAKER=CHANNEL with SPEAKER one of "
                f"{', '.join(SPEAKERS)}, e.g. agent=left,customer=right"
            )
        if channel in _CHANNEL_NAMES:
            index = _CHANNEL_NAMES[channel]
        elif channel.isdigit() and 1 <= int(channel) <= 64:
            index = int(channel) - 1
        else:
            raise InputError(f"bad channel {channel!r}: use left, right or a number from 1")
        if speaker in out:
            raise InputError(f"speaker {speaker!r} is mapped twice in the channel map")
        out[speaker] = index
    if not out:
        raise InputError("empty channel map: e.g. agent=left,customer=right")
    return out


def spans_from_result(result: Mapping[str, Any]) -> list[AudioSpan]:
    """The ranges of a scan result (the object ``piiguard scan`` writes), with speakers.

    Fails closed: a turn with findings, or one that could not be scanned, but without
    ``audio_redactions`` (its transcript had no timing) cannot be placed in the recording,
    so the result is refused rather than leaving that value audible.
    """
    turns = result.get("turns") if isinstance(result, Mapping) else None
    if not isinstance(turns, list):
        raise InputError("not a scan result: no 'turns' list")
    spans: list[AudioSpan] = []
    for position, turn in enumerate(turns):
        if not isinstance(turn, Mapping):
            raise InputError(f"turns[{position}] is not an object")
        index = turn.get("index", position)
        ranges = turn.get("audio_redactions")
        if ranges is None:
            if turn.get("findings") or turn.get("error"):
                raise InputError(
                    f"turn {index} has findings but no audio_redactions: its transcript "
                    "needs start/end times to place them in the recording"
                )
            continue
        if not isinstance(ranges, list):
            raise InputError(f"turn {index}: audio_redactions is not a list")
        if turn.get("error") and not ranges:
            raise InputError(
                f"turn {index} was not scanned ({turn.get('error')}) and the result does "
                "not say where it is in the recording: scan the transcript again"
            )
        speaker = turn.get("speaker")
        for r in ranges:
            spans.append(_span(r, speaker if isinstance(speaker, str) else None, index))
    return spans


def _span(value: Any, speaker: str | None, index: Any) -> AudioSpan:
    try:
        start, end = float(value["start"]), float(value["end"])
    except (TypeError, KeyError, ValueError):
        raise InputError(f"turn {index}: an audio redaction needs numeric start and end") from None
    if not (math.isfinite(start) and math.isfinite(end)) or start < 0 or end < start:
        raise InputError(f"turn {index}: an audio redaction must have 0 <= start <= end")
    return AudioSpan(start, end, speaker, str(value.get("type", "")))


def redact_recording(
    source: str | Path | BinaryIO,
    dest: str | Path | BinaryIO,
    spans: Iterable[AudioSpan],
    *,
    out_format: str,
    options: RedactOptions | None = None,
    limits: AudioLimits | None = None,
) -> RedactionReport:
    """Write ``source`` to ``dest`` (``out_format``: WAV, FLAC or OGG) with ``spans`` replaced.

    Raises :class:`InputError` for unreadable audio or impossible options,
    :class:`AudioTooLong` and :class:`AudioBudgetExceeded` for the limits; on any error
    ``dest`` holds an incomplete file that the caller must discard.
    """
    options = options or RedactOptions()
    limits = limits or AudioLimits()
    _check_options(options)
    started = time.monotonic()
    with _open_source(source) as src:
        rate, channels, in_subtype = src.samplerate, src.channels, src.subtype
        _check_shape(src, options, limits)
        subtype = output_subtype(src.format, in_subtype, out_format)
        major = _output_major(src.format, out_format)
        plan = plan_frames(spans, options, rate, channels)
        replacer = _Replacer(options.mode, rate, in_subtype)
        with _open_dest(dest, rate, channels, subtype, major) as out:
            frames = _stream(src, out, plan, replacer, limits, started)
    merged = _merge([(s, e) for ranges in plan for s, e in ranges])
    return RedactionReport(
        frames=frames,
        samplerate=rate,
        channels=channels,
        format=major,
        subtype=subtype,
        ranges=sum(len(r) for r in plan),
        redacted_seconds=sum(min(e, frames) - s for s, e in merged if s < frames) / rate,
        lossless=in_subtype in LOSSLESS_SUBTYPES and subtype == in_subtype,
    )


def _stream(
    src: sf.SoundFile,
    out: sf.SoundFile,
    plan: list[list[tuple[int, int]]],
    replacer: _Replacer,
    limits: AudioLimits,
    started: float,
) -> int:
    """Copy ``src`` to ``out`` block by block, replacing the planned ranges; the frames."""
    max_frames = None
    if limits.max_seconds is not None:
        max_frames = math.ceil(limits.max_seconds * src.samplerate)
    frames = 0
    for block in _blocks(src, replacer.dtype):
        if max_frames is not None and frames + len(block) > max_frames:
            raise AudioTooLong(f"the recording is longer than {limits.max_seconds:g} s")
        for channel, ranges in enumerate(plan):
            replacer.apply(block, frames, channel, ranges)
        out.write(block)
        frames += len(block)
        budget = limits.time_budget_seconds
        if budget is not None and time.monotonic() - started > budget:
            raise AudioBudgetExceeded(f"redacting took longer than {budget:g} s")
    return frames


def _check_options(options: RedactOptions) -> None:
    if options.mode not in ("beep", "silence"):
        raise InputError(f"unknown mode {options.mode!r}: use beep or silence")
    if not (math.isfinite(options.pad_seconds) and 0 <= options.pad_seconds <= 60):
        raise InputError("pad must be between 0 and 60 seconds")


def _open_source(source: str | Path | BinaryIO) -> sf.SoundFile:
    try:
        return sf.SoundFile(source)
    except (sf.LibsndfileError, RuntimeError, TypeError) as exc:
        # libsndfile's message says what is wrong with the file, never its content.
        reason = getattr(exc, "error_string", None) or "unknown or corrupt format"
        name = str(source) if isinstance(source, (str, Path)) else None
        raise UnreadableAudio(f"not a readable recording ({reason})", source=name) from None


def _blocks(src: sf.SoundFile, dtype: str) -> Iterator[np.ndarray]:
    """The recording block by block; a decoding error is the input's fault."""
    blocks = src.blocks(BLOCK_FRAMES, dtype=dtype, always_2d=True)
    while True:
        try:
            block = next(blocks)
        except StopIteration:
            return
        except (sf.LibsndfileError, RuntimeError) as exc:
            reason = getattr(exc, "error_string", None) or "corrupt data"
            raise UnreadableAudio(f"the recording cannot be decoded ({reason})") from None
        yield block


def _open_dest(
    dest: str | Path | BinaryIO, rate: int, channels: int, subtype: str, major: str
) -> sf.SoundFile:
    try:
        return sf.SoundFile(dest, "w", rate, channels, subtype, format=major)
    except (sf.LibsndfileError, RuntimeError, ValueError) as exc:
        reason = getattr(exc, "error_string", None) or str(exc)
        raise InputError(f"cannot write {subtype} samples as {major} ({reason})") from None


def _check_shape(src: sf.SoundFile, options: RedactOptions, limits: AudioLimits) -> None:
    rate, channels = src.samplerate, src.channels
    if limits.max_seconds is not None and src.frames > limits.max_seconds * rate:
        raise AudioTooLong(f"the recording is longer than {limits.max_seconds:g} s")
    if options.mode == "beep" and rate < MIN_BEEP_SAMPLERATE:
        raise InputError(
            f"{rate} Hz is too low a sample rate for a {TONE_HZ:g} Hz tone: use silence"
        )
    if options.channel_map:
        needed = max(options.channel_map.values()) + 1
        if channels < needed:
            raise InputError(
                f"the channel map needs {needed} channels; the recording has {channels}"
            )


def output_subtype(in_format: str, in_subtype: str, out_format: str) -> str:
    """The input's sample format when ``out_format`` can hold it; a lossy input (Vorbis,
    MP3, ...) that it cannot hold is written in the output's default format. A lossless
    input it cannot hold is refused: converting would change the samples outside the
    ranges."""
    lossless = in_subtype in LOSSLESS_SUBTYPES
    # A lossy codec is kept only in its own container: libsndfile reads MP3-in-WAV and
    # similar pairs but does not write them.
    same_family = _FAMILY.get(in_format, in_format) == out_format
    if sf.check_format(out_format, in_subtype) and (lossless or same_family):
        return in_subtype
    if not lossless:
        return str(sf.default_subtype(out_format))
    holders = sorted(
        {
            ext
            for ext, fmt in OUTPUT_FORMATS.items()
            if sf.check_format(_output_major(in_format, fmt), in_subtype)
        }
    )
    hint = f"write {' or '.join(holders)} instead" if holders else "no output format holds it"
    raise InputError(f"{out_format} cannot hold {in_subtype} samples: {hint}")


def _output_major(in_format: str, out_format: str) -> str:
    # A .wav output keeps the input's WAV flavour (WAVEX for multichannel, RF64 past 4 GB).
    if out_format == "WAV" and _FAMILY.get(in_format) == "WAV":
        return in_format
    return out_format


def plan_frames(
    spans: Iterable[AudioSpan], options: RedactOptions, samplerate: int, channels: int
) -> list[list[tuple[int, int]]]:
    """Per channel, the sorted, merged frame ranges ``[start, end)`` to replace.

    Starts round down and ends round up, padding included: a range never shrinks.
    """
    per_channel: list[list[tuple[int, int]]] = [[] for _ in range(channels)]
    for span in spans:
        start = max(0, math.floor((span.start - options.pad_seconds) * samplerate))
        end = math.ceil((span.end + options.pad_seconds) * samplerate)
        if end <= start:
            continue
        mapped = options.channel_map.get(span.speaker) if span.speaker else None
        targets = range(channels) if mapped is None else (mapped,)
        for channel in targets:
            per_channel[channel].append((start, end))
    return [_merge(ranges) for ranges in per_channel]


def _merge(ranges: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(ranges):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


class _Replacer:
    """Writes the replacement into a block of samples, in the block's own sample type."""

    def __init__(self, mode: Mode, samplerate: int, subtype: str):
        self.mode = mode
        self.samplerate = samplerate
        self.fade = max(1, round(FADE_SECONDS * samplerate))
        if subtype in _INT16_SUBTYPES:
            self.dtype, self.scale = "int16", 32768.0
        elif subtype in _INT32_SUBTYPES:
            self.dtype, self.scale = "int32", 2147483648.0
        else:  # float files and every lossy codec decode to floats in [-1, 1]
            self.dtype, self.scale = _FLOAT_SUBTYPES.get(subtype, "float32"), 1.0

    def apply(
        self, block: np.ndarray, offset: int, channel: int, ranges: list[tuple[int, int]]
    ) -> None:
        """Replace, in ``block`` (frames ``offset`` onwards), the parts of ``ranges``."""
        stop = offset + len(block)
        first = bisect.bisect_right(ranges, (offset, math.inf)) - 1
        for start, end in ranges[max(first, 0) :]:
            if start >= stop:
                break
            lo, hi = max(start, offset), min(end, stop)
            if lo >= hi:
                continue
            frames = np.arange(lo, hi)
            gain = self._gain(frames, start, end)
            replacement = self._replacement(frames - start)
            view = block[lo - offset : hi - offset, channel]
            original = view.astype(np.float64) / self.scale
            # Full-gain samples take the replacement exactly (even where the input held NaN).
            mixed = np.where(gain >= 1.0, replacement, original * (1.0 - gain) + replacement * gain)
            view[:] = self._to_samples(mixed)

    def _gain(self, frames: np.ndarray, start: int, end: int) -> np.ndarray:
        """0 -> 1 over the first ``fade`` frames of the range, 1 -> 0 over the last
        (raised cosine, never exactly 0 inside the range)."""
        fade = min(self.fade, max(1, (end - start) // 2))
        into = np.minimum(frames - start, end - 1 - frames)
        ramp = 0.5 - 0.5 * np.cos(np.pi * (into + 1) / (fade + 1))
        return np.where(into >= fade, 1.0, ramp)

    def _replacement(self, since_start: np.ndarray) -> np.ndarray:
        if self.mode == "silence":
            return np.zeros(len(since_start))
        return TONE_LEVEL * np.sin(2.0 * np.pi * TONE_HZ * since_start / self.samplerate)

    def _to_samples(self, values: np.ndarray) -> np.ndarray:
        if self.scale == 1.0:
            return values.astype(self.dtype)
        info = np.iinfo(self.dtype)
        return np.clip(np.rint(values * self.scale), info.min, info.max).astype(self.dtype)
