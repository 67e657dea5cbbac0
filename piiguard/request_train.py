"""Trains the learned back-up of the request rules (:mod:`piiguard.request_model`).

    python -m piiguard.request_train [--out piiguard/data/request_model.json]

Data, all in the repository or the shared corpus: the paraphrase sets' *tuning* parts
(``tests/data/requests_tuning*.jsonl``; the held-out parts are never read here) and the
agent turns of ``../shared/corpus/dev.jsonl`` (gold requests per turn). Each turn is
scanned as the last turn of its conversation, so its features are those the scanner sees
(values masked, the earlier request carried).

One L2 logistic regression per type (scikit-learn, liblinear, fixed seed: the output is
byte-identical from run to run); features seen fewer than twice are dropped, and so are
weights too small to matter, which keeps the file small. Each type's threshold is the
lowest probability at which the model's own 5-fold cross-validated decisions reach
precision ``--precision`` (0.97), never below 0.5 (the rules were tuned on these turns and
miss almost none, so their misses cannot set it).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from piiguard.guard import Guard, GuardConfig
from piiguard.model import Transcript, Turn
from piiguard.request_model import DEFAULT_MODEL_PATH

_ROOT = Path(__file__).resolve().parent.parent
TUNING = sorted((_ROOT / "tests" / "data").glob("requests_tuning*.jsonl"))
DEV = _ROOT.parent / "shared" / "corpus" / "dev.jsonl"
TYPES = (
    "BANK_ACCOUNT",
    "CARD_CVV",
    "CARD_EXPIRY",
    "CN_RESIDENT_ID",
    "CREDIT_CARD",
    "PASSWORD",
    "US_SSN",
    "VERIFICATION_CODE",
)
_MIN_DF = 2
_MIN_WEIGHT = 0.1
_C = 1.0
_FOLDS = 5
Row = tuple[set[str], set[str], set[str]]  # features, gold types, the rules' types


def examples(guard: Guard, records: list[dict]) -> list[Row]:
    """(features, gold types, rule types) of each record's last (agent) turn."""
    out = []
    for r in records:
        turns = tuple(Turn(s, t) for s, t in r["before"]) + (Turn("agent", r["text"]),)
        result = guard.scan(Transcript(r["id"], turns, language=r.get("language")))
        last = result.turns[-1]
        previous: frozenset[str] = frozenset()
        for t in result.turns[:-1]:
            if t.agent_request:
                previous = frozenset(t.agent_request)
        spans = [(f.start, f.end) for f in last.findings]
        feats = guard.requests.features_of(r["text"], spans, previous)
        out.append((feats, set(r["requested"]), set(last.agent_request)))
    return out


def paraphrase_records(paths: list[Path]) -> list[dict]:
    records = []
    for path in paths:
        with path.open(encoding="utf-8") as stream:
            records += [json.loads(line) for line in stream if line.strip()]
    return records


def dev_records(path: Path) -> list[dict]:
    """Each agent turn of the dev corpus as a record with the turns before it."""
    if not path.exists():
        return []
    records = []
    with path.open(encoding="utf-8") as stream:
        for line in stream:
            conv = json.loads(line)
            asked: dict[int, set[str]] = {}
            for req in conv["gold"].get("agent_requests", []):
                asked.setdefault(req["turn"], set()).add(req["type"])
            turns = conv["turns"]
            for i, turn in enumerate(turns):
                if turn["speaker"] != "agent":
                    continue
                records.append(
                    {
                        "id": f"{conv['id']}#{i}",
                        "language": conv.get("language"),
                        "before": [[t["speaker"], t["text"]] for t in turns[:i]][-4:],
                        "text": turn["text"],
                        "requested": sorted(asked.get(i, ())),
                    }
                )
    return records


def fit(rows: list[Row]) -> tuple[list[str], Any, Any]:
    """Vocabulary and fitted per-type models (one column of ``coef`` per type)."""
    import numpy as np
    from scipy.sparse import csr_matrix
    from sklearn.linear_model import LogisticRegression

    df = Counter(f for feats, _, _ in rows for f in feats)
    vocab = sorted(f for f, n in df.items() if n >= _MIN_DF)
    index = {f: k for k, f in enumerate(vocab)}
    data, ind, ptr = [], [], [0]
    for feats, _, _ in rows:
        cols = sorted(index[f] for f in feats if f in index)
        ind += cols
        data += [1.0] * len(cols)
        ptr.append(len(ind))
    x = csr_matrix((data, ind, ptr), shape=(len(rows), len(vocab)))
    coef = np.zeros((len(vocab), len(TYPES)))
    bias = np.zeros(len(TYPES))
    for k, entity in enumerate(TYPES):
        y = np.array([entity in gold for _, gold, _ in rows], dtype=int)
        if y.sum() == 0:
            bias[k] = -10.0
            continue
        model = LogisticRegression(
            C=_C, solver="liblinear", class_weight="balanced", random_state=0, max_iter=1000
        )
        model.fit(x, y)
        coef[:, k] = model.coef_[0]
        bias[k] = model.intercept_[0]
    return vocab, coef, bias


def probabilities(vocab: list[str], coef: Any, bias: Any, rows: list[Row]) -> list[list[float]]:
    import numpy as np

    index = {f: k for k, f in enumerate(vocab)}
    out = []
    for feats, _, _ in rows:
        z = bias + sum((coef[index[f]] for f in feats if f in index), np.zeros(len(TYPES)))
        out.append(list(1 / (1 + np.exp(-np.clip(z, -30, 30)))))
    return out


def thresholds(rows: list[Row], precision: float) -> tuple[list[float], dict[str, tuple[int, int]]]:
    """Per type, the lowest threshold whose cross-validated additions reach ``precision``."""
    folds = [rows[k::_FOLDS] for k in range(_FOLDS)]
    scored: list[tuple[list[float], set[str], set[str]]] = []
    for k in range(_FOLDS):
        train = [r for j, f in enumerate(folds) if j != k for r in f]
        vocab, coef, bias = fit(train)
        for row, probs in zip(folds[k], probabilities(vocab, coef, bias, folds[k]), strict=True):
            scored.append((probs, row[1], row[2]))
    out, counts = [], {}
    for k, entity in enumerate(TYPES):
        # The rules were tuned on these turns, so they miss almost none of them: the
        # threshold is set on the model's own cross-validated decisions over all turns.
        cands = sorted(((probs[k], entity in gold) for probs, gold, _ in scored), reverse=True)
        best, tp, fp, kept = 0.999, 0, 0, (0, 0)
        for p, right in cands:
            tp, fp = tp + right, fp + (not right)
            if p >= 0.5 and tp / (tp + fp) >= precision:
                best, kept = p, (tp, fp)
        out.append(round(best, 4))
        counts[entity] = kept
    return out, counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_MODEL_PATH)
    parser.add_argument("--precision", type=float, default=0.97)
    args = parser.parse_args(argv)
    guard = Guard.build(
        GuardConfig(recognizer_folders=(_ROOT / "recognizers",), request_model=False)
    )
    rows = examples(guard, paraphrase_records(TUNING) + dev_records(DEV))
    cut, counts = thresholds(rows, args.precision)
    vocab, coef, bias = fit(rows)
    weights = {
        f: [round(float(x), 4) for x in coef[k]]
        for k, f in enumerate(vocab)
        if max(abs(float(x)) for x in coef[k]) >= _MIN_WEIGHT
    }
    model = {
        "types": list(TYPES),
        "bias": [round(float(b), 4) for b in bias],
        "thresholds": cut,
        "weights": weights,
    }
    args.out.write_text(json.dumps(model, ensure_ascii=False, sort_keys=True) + "\n", "utf-8")
    print(f"{len(rows)} turns, {len(weights)} features kept -> {args.out}")
    for entity, t in zip(TYPES, cut, strict=True):
        tp, fp = counts[entity]
        print(f"  {entity:<18} threshold {t:.3f}  CV decisions above it right/wrong {tp}/{fp}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
