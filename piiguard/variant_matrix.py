"""The variant matrix: recall per variant class, false alarms per negative class.

Runs the real :class:`~piiguard.guard.Guard` over conversations from
:mod:`piiguard.variants` and scores them with :func:`piiguard.evaluate.score` (the one
implementation of the shared scorer's figures):

recall      per positive class, the scorer's typed recall over every gold entity of the class
            (same type, overlap at least half of the longer span, one-to-one): a CVV class
            whose message also holds the card number and the expiry counts all three;
leak        per positive class, the share of its gold entities with a character left outside
            every finding (whitespace and punctuation aside);
false alarm per negative class, the share of decoys (last-four answers, error and promo
            codes, order and tracking numbers, amounts and dates) that any finding overlaps.

``piiguard eval --variants`` prints it; ``docs/accuracy.md`` keeps a copy.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from piiguard.evaluate import score
from piiguard.formats.jsonl import transcript_from_dict
from piiguard.variants import CLASSES, Variant, class_names, sample

__all__ = ["BARS", "bar_for", "render_matrix", "run_matrix", "score_variants"]

# Issue 14's bar: every card, resident-ID, SSN and code class is found every time; phone
# numbers and e-mail addresses at least 98% of the time. Other types are measured, no bar.
BARS = {
    "CREDIT_CARD": 1.0,
    "CARD_CVV": 1.0,
    "CARD_EXPIRY": 1.0,
    "CN_RESIDENT_ID": 1.0,
    "US_SSN": 1.0,
    "VERIFICATION_CODE": 1.0,
    "PHONE_NUMBER": 0.98,
    "EMAIL_ADDRESS": 0.98,
}


def bar_for(entity_type: str | None) -> float | None:
    """The recall a class of this type must reach, or None where the issue sets none."""
    return BARS.get(entity_type or "")


def score_variants(variants: Sequence[Variant], predictions: Sequence[dict]) -> dict[str, Any]:
    """Figures of one batch of variants (all of one class or mixed), predictions in order."""
    records = [v.to_record(f"v{i}") for i, v in enumerate(variants)]
    preds = [dict(p, id=f"v{i}") for i, p in enumerate(predictions)]
    figures = score(records, preds)["slices"]["all"]
    by_type: dict[str, dict[str, Any]] = {}
    for entity in sorted({e.type for v in variants for e in v.entities}):
        typed = figures["typed"]["by_type"][entity]
        leak = figures["leak"]["by_type"][entity]
        by_type[entity] = {
            "entities": leak["entities"],
            "found": typed["tp"],
            "recall": typed["recall"],
            "leaked": leak["leaked"],
            "leak_rate": leak["rate"],
        }
    entities = sum(t["entities"] for t in by_type.values())
    found = sum(t["found"] for t in by_type.values())
    leaked = sum(t["leaked"] for t in by_type.values())
    decoys = 0
    alarms = 0
    alarm_types: Counter[str] = Counter()
    for variant, pred in zip(variants, predictions, strict=True):
        turns = {t.get("index", i): t for i, t in enumerate(pred.get("turns") or [])}
        for decoy in variant.decoys:
            decoys += 1
            hits = [
                f["type"]
                for f in (turns.get(decoy.turn) or {}).get("findings") or []
                if min(f["end"], decoy.end) > max(f["start"], decoy.start)
            ]
            if hits:
                alarms += 1
                alarm_types.update(set(hits))
    return {
        "entities": entities,
        "found": found,
        "recall": found / entities if entities else None,
        "leaked": leaked,
        "leak_rate": leaked / entities if entities else None,
        "by_type": by_type,
        "decoys": decoys,
        "false_alarms": alarms,
        "false_alarm_rate": alarms / decoys if decoys else None,
        "false_alarm_types": dict(alarm_types),
    }


def _misses(variant: Variant, pred: dict) -> list[dict[str, Any]]:
    """Gold entities no finding of their type overlaps by half (a rough cut of the typed
    match, for showing examples; the figures come from :func:`score`)."""
    turns = {t.get("index", i): t for i, t in enumerate(pred.get("turns") or [])}
    out = []
    for gold in variant.entities:
        found = (turns.get(gold.turn) or {}).get("findings") or []
        overlap = max(
            (
                min(f["end"], gold.end) - max(f["start"], gold.start)
                for f in found
                if f["type"] == gold.type
            ),
            default=0,
        )
        longest = max([gold.end - gold.start] + [f["end"] - f["start"] for f in found] or [0])
        if overlap <= 0 or 2 * overlap < min(longest, 2 * (gold.end - gold.start)):
            out.append(
                {
                    "turns": [t for _, t in variant.turns],
                    "turn": gold.turn,
                    "span": [gold.start, gold.end],
                    "found": sorted({f["type"] for f in found}),
                }
            )
    return out


def run_matrix(
    guard: Any,
    n: int,
    seed: int = 0,
    classes: Iterable[str] | None = None,
    show_misses: int = 0,
) -> dict[str, Any]:
    """Generate ``n`` variants of each class, scan them with ``guard``, score per class.

    ``show_misses`` keeps up to that many missed variants per class (generated values,
    never anyone's data) so a recognizer author can see the shape that failed."""
    names = list(classes) if classes is not None else class_names()
    by_class: dict[str, list[tuple[Variant, dict]]] = defaultdict(list)
    for i, variant in enumerate(sample(n, seed, names)):
        record = variant.to_record(f"{variant.variant_class}#{i}")
        by_class[variant.variant_class].append(
            (variant, guard.scan(transcript_from_dict(record)).to_dict())
        )
    rows = []
    for name in names:
        pairs = by_class[name]
        figures = score_variants([v for v, _ in pairs], [p for _, p in pairs])
        entity = CLASSES[name].entity_type
        row: dict[str, Any] = {"class": name, "type": entity, "variants": len(pairs)}
        if entity is None:
            row.update(
                decoys=figures["decoys"],
                false_alarms=figures["false_alarms"],
                false_alarm_rate=figures["false_alarm_rate"],
                false_alarm_types=figures["false_alarm_types"],
            )
        else:
            for key in ("entities", "found", "recall", "leaked", "leak_rate"):
                row[key] = figures[key]
            row["bar"] = bar_for(entity)
            if show_misses:
                row["misses"] = [m for v, p in pairs for m in _misses(v, p)][:show_misses]
        rows.append(row)
    return {"n": n, "seed": seed, "classes": rows, "by_type": _by_type(rows)}


def _by_type(rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for row in rows:
        if row["type"] is None or "entities" not in row:
            continue
        agg = out.setdefault(
            row["type"],
            {"classes": 0, "classes_at_bar": 0, "entities": 0, "found": 0, "leaked": 0},
        )
        agg["classes"] += 1
        bar = row.get("bar")
        agg["classes_at_bar"] += bar is None or (row["recall"] or 0) >= bar
        for key in ("entities", "found", "leaked"):
            agg[key] += row[key]
    for agg in out.values():
        agg["recall"] = agg["found"] / agg["entities"] if agg["entities"] else None
        agg["leak_rate"] = agg["leaked"] / agg["entities"] if agg["entities"] else None
    return out


def _pct(x: float | None) -> str:
    return "-" if x is None else f"{x:.2f}"


def render_matrix(matrix: dict[str, Any], *, markdown: bool = False) -> str:
    """The per-class recall table, the negative classes' false-alarm table, a per-type
    summary; as aligned text, or as Markdown tables for docs/accuracy.md."""

    def table(header: list[str], rows: list[list[str]]) -> list[str]:
        if markdown:
            lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
            lines += ["| " + " | ".join(r) + " |" for r in rows]
            return lines
        widths = [max(len(str(c)) for c in col) for col in zip(header, *rows, strict=False)]
        fmt = "  ".join(f"{{:<{w}}}" for w in widths)
        return [fmt.format(*header)] + [fmt.format(*r) for r in rows]

    out = [f"variant matrix: {matrix['n']} variants per class, seed {matrix['seed']}", ""]
    summary = [
        [
            ty,
            f"{agg['classes_at_bar']}/{agg['classes']}" if bar_for(ty) is not None else "no bar",
            str(agg["entities"]),
            _pct(agg["recall"]),
            _pct(agg["leak_rate"]),
        ]
        for ty, agg in sorted(matrix["by_type"].items())
    ]
    out += table(["type", "classes at bar", "entities", "recall", "leak"], summary)
    out.append("")
    positive = []
    for row in matrix["classes"]:
        if row["type"] is None:
            continue
        bar = row.get("bar")
        recall = row.get("recall")
        verdict = "-" if bar is None else "ok" if recall is not None and recall >= bar else "FAIL"
        positive.append(
            [
                row["class"],
                str(row.get("entities", 0)),
                _pct(recall),
                _pct(row.get("leak_rate")),
                "-" if bar is None else f"{bar:.2f}",
                verdict,
            ]
        )
    out += table(["class", "entities", "recall", "leak", "bar", ""], positive)
    out.append("")
    negative = [
        [
            row["class"],
            str(row["decoys"]),
            _pct(row["false_alarm_rate"]),
            ", ".join(f"{t} {c}" for t, c in sorted(row["false_alarm_types"].items())) or "-",
        ]
        for row in matrix["classes"]
        if row["type"] is None
    ]
    out += table(["negative class", "decoys", "false alarms", "found as"], negative)
    misses = [(row["class"], m) for row in matrix["classes"] for m in row.get("misses", [])]
    if misses and not markdown:
        out += ["", "missed variants (generated values):"]
        for name, miss in misses:
            shown = " || ".join(t.replace("\n", " ") for t in miss["turns"])
            found = ",".join(miss["found"]) or "nothing"
            out.append(f"  {name}: turn {miss['turn']} {miss['span']} found {found}: {shown}")
    return "\n".join(out)
