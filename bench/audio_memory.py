"""Peak memory of `piiguard redact-audio` on a 1-minute and a 1-hour 8 kHz mono call.

    .venv/bin/python bench/audio_memory.py

Writes the calls (16-bit PCM noise; 1 h is 57.6 MB as WAV) and results with one
3-second range every 30 s to a temporary folder, runs the command line on each in a
child process and prints the child's peak resident set size (ru_maxrss) and wall time.
Nothing is kept.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import soundfile as sf

RATE = 8_000
PIIGUARD = Path(sys.executable).with_name("piiguard")


def _call(folder: Path, name: str, seconds: int, fmt: str) -> tuple[Path, Path]:
    audio = folder / f"{name}.{fmt.lower()}"
    rng = np.random.default_rng(0)
    with sf.SoundFile(audio, "w", RATE, 1, "PCM_16", format=fmt) as f:
        for _ in range(seconds // 10):
            f.write((rng.standard_normal(10 * RATE) * 3000).astype(np.int16))
    turns = [
        {
            "index": i,
            "speaker": "customer",
            "findings": [{"type": "CARD_CVV"}],
            "audio_redactions": [{"start": t + 5.0, "end": t + 8.0, "type": "CARD_CVV"}],
        }
        for i, t in enumerate(range(0, seconds - 10, 30))
    ]
    result = folder / f"{name}.json"
    result.write_text(json.dumps({"id": name, "turns": turns}), "utf-8")
    return audio, result


def _peak_rss_kb(argv: list[str]) -> tuple[int, float]:
    """Run ``argv`` alone in a fresh child (ru_maxrss of children is a running maximum,
    so each measurement gets its own interpreter)."""
    probe = (
        "import resource, subprocess, sys; subprocess.run(sys.argv[1:], check=True, "
        "stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL); "
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    started = time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-c", probe, *argv],
        check=True,
        capture_output=True,
        text=True,
        timeout=600,
    )
    return int(out.stdout.strip()), time.perf_counter() - started


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="piiguard-audio-") as tmp:
        folder = Path(tmp)
        for name, seconds, fmt, out_ext in [
            ("1min", 60, "WAV", ".wav"),
            ("1h", 3600, "WAV", ".wav"),
            ("1h-flac", 3600, "FLAC", ".flac"),
        ]:
            audio, result = _call(folder, name, seconds, fmt)
            out = folder / f"out{out_ext}"
            rss, wall = _peak_rss_kb(
                [str(PIIGUARD), "redact-audio", str(audio), str(result), "-o", str(out)]
            )
            size = audio.stat().st_size / 1e6
            print(f"{name:8} {fmt:5} {size:6.1f} MB  peak RSS {rss / 1024:6.1f} MiB  {wall:5.1f} s")


if __name__ == "__main__":
    main()
