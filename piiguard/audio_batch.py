"""Redacting recordings as files: pair each call with its scan result, write atomically,
and run a folder of calls on several processes.

A recording is paired with the scan result whose ``id`` is the file's stem
(``calls/c-0042.wav`` <-> ``{"id": "c-0042", ...}``); a lone recording with a lone result
needs no matching id. A recording without a result is never copied unredacted: it is
reported and skipped. Each output is written to a temporary file next to it and renamed
when complete, so a failure leaves no partial (or unredacted) file behind.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from piiguard.audio_redact import (
    INPUT_FORMATS,
    AudioLimits,
    AudioSpan,
    RedactionReport,
    RedactOptions,
    output_format_for,
    redact_recording,
    spans_from_result,
)
from piiguard.errors import InputError, PiiguardError

__all__ = [
    "AudioJob",
    "JobOutcome",
    "load_results",
    "plan_folder",
    "redact_file",
    "result_for",
    "run_jobs",
]


@dataclass(frozen=True, slots=True)
class AudioJob:
    """One recording to redact: where from, where to, and the ranges."""

    source: Path
    dest: Path
    spans: tuple[AudioSpan, ...]


@dataclass(frozen=True, slots=True)
class JobOutcome:
    source: Path
    dest: Path
    report: RedactionReport | None = None
    error: str | None = None


def load_results(path: str | Path) -> dict[str, dict[str, Any]]:
    """Scan results keyed by id, from a JSON object or a JSON Lines file of them."""
    source = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError(f"cannot open: {exc.strerror}", source=source) from None
    except UnicodeDecodeError:
        raise InputError("not UTF-8", source=source) from None
    results: dict[str, dict[str, Any]] = {}
    try:  # one (possibly pretty-printed) JSON object
        whole = json.loads(text)
        records: Iterable[tuple[int | None, Any]] = [(None, whole)]
    except ValueError:
        records = _jsonl_records(text, source)
    for line, record in records:
        if not isinstance(record, dict) or not isinstance(record.get("turns"), list):
            raise InputError("not a scan result (no 'turns' list)", source=source, line=line)
        results[str(record.get("id", ""))] = record
    if not results:
        raise InputError("no scan result in the file", source=source)
    return results


def _jsonl_records(text: str, source: str) -> Iterator[tuple[int | None, Any]]:
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            yield lineno, json.loads(line)
        except ValueError:
            raise InputError("not valid JSON", source=source, line=lineno) from None


def result_for(
    results: Mapping[str, dict[str, Any]], recording: Path, *, alone: bool = False
) -> dict[str, Any] | None:
    """The result for ``recording`` (by its stem); with ``alone``, also a lone result."""
    found = results.get(recording.stem)
    if found is None and alone and len(results) == 1:
        found = next(iter(results.values()))
    return found


def plan_folder(
    folder: Path, results: Mapping[str, dict[str, Any]], out_dir: Path, out_ext: str | None
) -> tuple[list[AudioJob], list[Path]]:
    """Jobs for the recordings in ``folder`` that have a result, and those that have none.

    Outputs go to ``out_dir`` under the same stem, with ``out_ext`` or the input's own
    extension (``.mp3`` becomes ``.wav``: MP3 is read, never written).
    """
    recordings = sorted(
        p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in INPUT_FORMATS
    )
    jobs, missing = [], []
    for recording in recordings:
        result = result_for(results, recording)
        if result is None:
            missing.append(recording)
            continue
        ext = out_ext or (".wav" if recording.suffix.lower() == ".mp3" else recording.suffix)
        dest = out_dir / (recording.stem + ext.lower())
        jobs.append(AudioJob(recording, dest, tuple(spans_from_result(result))))
    return jobs, missing


def redact_file(
    job: AudioJob, options: RedactOptions, limits: AudioLimits | None = None
) -> JobOutcome:
    """Redact one recording into ``job.dest``, atomically; errors are returned, not raised."""
    tmp: Path | None = None
    try:
        out_format = output_format_for(job.dest)
        fd, name = tempfile.mkstemp(prefix=f".{job.dest.name}.", dir=job.dest.parent)
        tmp = Path(name)
        with os.fdopen(fd, "wb") as out:
            report = redact_recording(
                job.source, out, job.spans, out_format=out_format, options=options, limits=limits
            )
        tmp.replace(job.dest)
        tmp = None
        return JobOutcome(job.source, job.dest, report=report)
    except PiiguardError as exc:
        return JobOutcome(job.source, job.dest, error=str(exc))
    except OSError as exc:
        return JobOutcome(job.source, job.dest, error=f"cannot write: {exc.strerror}")
    finally:
        if tmp is not None:
            tmp.unlink(missing_ok=True)


def _run(item: tuple[AudioJob, RedactOptions, AudioLimits | None]) -> JobOutcome:
    return redact_file(*item)


def run_jobs(
    jobs: Iterable[AudioJob],
    options: RedactOptions,
    workers: int = 1,
    limits: AudioLimits | None = None,
) -> Iterator[JobOutcome]:
    """Outcomes of ``jobs`` in order, on ``workers`` processes (redacting needs no Guard,
    so a worker starts in milliseconds)."""
    items = [(job, options, limits) for job in jobs]
    if workers <= 1 or len(items) <= 1:
        yield from map(_run, items)
        return
    with multiprocessing.get_context().Pool(min(workers, len(items))) as pool:
        yield from pool.imap(_run, items)
