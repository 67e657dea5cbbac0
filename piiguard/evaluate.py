"""``piiguard eval``: scan a labelled corpus and compute its figures.

The figures and their rules are those of the shared scorer (``../shared/tools/score.py``),
computed by the product itself so that CI can gate on them without the shared tools:

leak      a gold entity leaks when any of its content characters (not whitespace or
          punctuation) lies outside the union of predicted spans in its turn;
typed     per type, one-to-one matches of the same type overlapping at least half of the
          longer span; precision, recall, F1, and micro over all types;
over      predicted findings overlapping no gold entity, per 100 turns;
requests  agent requests over (turn, type) pairs and over turns;
scam      precision, recall, F1 of the verdict, AUROC of the score;
stored    gold values found verbatim in a turn's redacted text.

The report adds, per type, the misses and false hits with their context; values in the
context are masked to their shape so the report itself leaks nothing.
"""

from __future__ import annotations

import json
import unicodedata
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from piiguard.errors import InputError
from piiguard.formats.jsonl import transcript_from_dict
from piiguard.model import ENTITY_TYPES

__all__ = ["evaluate_file", "render_report", "score"]

REQUESTABLE = (
    "PASSWORD",
    "VERIFICATION_CODE",
    "CREDIT_CARD",
    "CARD_CVV",
    "CARD_EXPIRY",
    "CN_RESIDENT_ID",
    "US_SSN",
    "BANK_ACCOUNT",
)
SLICES = (
    ("all", lambda c: True),
    ("zh", lambda c: c.get("language") == "zh"),
    ("en", lambda c: c.get("language") == "en"),
    ("chat", lambda c: c.get("channel") == "chat"),
    ("call", lambda c: c.get("channel") == "call"),
)


def _prf(tp: int, fp: int, fn: int) -> dict[str, Any]:
    return {
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "precision": tp / (tp + fp) if tp + fp else None,
        "recall": tp / (tp + fn) if tp + fn else None,
        "f1": 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else None,
    }


def _ratio(num: float, den: float) -> float | None:
    return num / den if den else None


def _significant(text: str, start: int, end: int) -> list[int]:
    pos = [
        i
        for i in range(start, end)
        if not text[i].isspace() and unicodedata.category(text[i])[0] not in "PZ"
    ]
    return pos or list(range(start, end))


def _auroc(pairs: list[tuple[float, bool]]) -> float | None:
    pos = [s for s, y in pairs if y]
    neg = [s for s, y in pairs if not y]
    if not pos or not neg:
        return None
    wins = sum(1.0 if p > n else 0.5 if p == n else 0.0 for p in pos for n in neg)
    return wins / (len(pos) * len(neg))


def _match_typed(golds: list[tuple[int, int, str]], preds: list[tuple[int, int, str]]) -> int:
    cands = []
    for gi, (gs, ge, gt) in enumerate(golds):
        for pi, (ps, pe, pt) in enumerate(preds):
            ov = min(ge, pe) - max(gs, ps)
            if gt == pt and ov > 0 and 2 * ov >= max(ge - gs, pe - ps):
                cands.append((-ov, gi, pi))
    used_g: set[int] = set()
    used_p: set[int] = set()
    for _, gi, pi in sorted(cands):
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
    return len(used_g)


class _Tally:
    def __init__(self) -> None:
        self.c: Counter[str] = Counter()
        self.scores: list[tuple[float, bool]] = []

    def add(self, other: _Tally) -> None:
        self.c.update(other.c)
        self.scores.extend(other.scores)


def _score_conversation(
    conv: dict, pred: dict | None, req_types: set[str], has_scores: bool
) -> _Tally:
    tally = _Tally()
    c = tally.c
    turns = conv["turns"]
    gold = conv["gold"]
    pturns = {t.get("index", i): t for i, t in enumerate((pred or {}).get("turns") or [])}
    c["conversations"] += 1
    c["turns"] += len(turns)
    gold_by_turn: dict[int, list[tuple[int, int, str]]] = {}
    for ent in gold.get("entities", []):
        gold_by_turn.setdefault(ent["turn"], []).append((ent["start"], ent["end"], ent["type"]))
    gold_req = {(r["turn"], r["type"]) for r in gold.get("agent_requests", [])}
    pred_req: set[tuple[int, str]] = set()
    for idx, turn in enumerate(turns):
        text = turn["text"]
        pturn = pturns.get(idx)
        if pturn is None:
            c["missing_turns"] += 1
            pturn = {}
        golds = gold_by_turn.get(idx, [])
        preds = [
            (max(f["start"], 0), min(f["end"], len(text)), str(f["type"]))
            for f in pturn.get("findings") or []
            if f["end"] > f["start"]
        ]
        covered = {i for s, e, _ in preds for i in range(s, e)}
        for gs, ge, gt in golds:
            c[f"ent:{gt}"] += 1
            c["ent"] += 1
            if not set(_significant(text, gs, ge)) <= covered:
                c[f"leak:{gt}"] += 1
                c["leak"] += 1
        for t in {g[2] for g in golds} | {p[2] for p in preds}:
            gt_ = [g for g in golds if g[2] == t]
            pt_ = [p for p in preds if p[2] == t]
            tp = _match_typed(gt_, pt_)
            c[f"tp:{t}"] += tp
            c[f"fp:{t}"] += len(pt_) - tp
            c[f"fn:{t}"] += len(gt_) - tp
        for ps, pe, pt in preds:
            if not any(min(ge, pe) > max(gs, ps) for gs, ge, _ in golds):
                c["over"] += 1
                c[f"over:{pt}"] += 1
        for r in set(map(str, pturn.get("agent_request") or [])):
            if r in req_types:
                pred_req.add((idx, r))
            else:
                c["req_ignored"] += 1
        stored: Any = pturn.get("redacted_text")
        if golds and not isinstance(stored, str):
            c["stored_missing"] += 1
            stored = text
        leaked_here = False
        for gs, ge, _ in golds:
            c["stored_checked"] += 1
            if text[gs:ge] in stored:
                c["stored_leaks"] += 1
                leaked_here = True
        c["stored_leak_turns"] += leaked_here
    c["req_tp"] += len(gold_req & pred_req)
    c["req_fp"] += len(pred_req - gold_req)
    c["req_fn"] += len(gold_req - pred_req)
    gturns = {t for t, _ in gold_req}
    pturns_req = {t for t, _ in pred_req}
    c["reqturn_tp"] += len(gturns & pturns_req)
    c["reqturn_fp"] += len(pturns_req - gturns)
    c["reqturn_fn"] += len(gturns - pturns_req)
    raw_risk = (pred or {}).get("risk")
    risk: dict[str, Any] = raw_risk if isinstance(raw_risk, dict) else {}
    y = bool(gold.get("scam"))
    yhat = risk.get("scam") is True
    c["scam_tp" if y and yhat else "scam_fp" if yhat else "scam_fn" if y else "scam_tn"] += 1
    if pred is None:
        c["missing_conversations"] += 1
    if has_scores:
        s = risk.get("score")
        if isinstance(s, bool) or not isinstance(s, (int, float)):
            c["scam_score_missing"] += 1
            s = 0.0
        tally.scores.append((float(s), y))
    return tally


def _summarise(t: _Tally, types: list[str]) -> dict[str, Any]:
    c = t.c
    scam = _prf(c["scam_tp"], c["scam_fp"], c["scam_fn"])
    scam["tn"] = c["scam_tn"]
    scam["auroc"] = _auroc(t.scores) if t.scores else None
    scam["scores_missing"] = c["scam_score_missing"]
    return {
        "conversations": c["conversations"],
        "turns": c["turns"],
        "missing_conversations": c["missing_conversations"],
        "missing_turns": c["missing_turns"],
        "leak": {
            "entities": c["ent"],
            "leaked": c["leak"],
            "rate": _ratio(c["leak"], c["ent"]),
            "by_type": {
                ty: {
                    "entities": c[f"ent:{ty}"],
                    "leaked": c[f"leak:{ty}"],
                    "rate": _ratio(c[f"leak:{ty}"], c[f"ent:{ty}"]),
                }
                for ty in types
            },
        },
        "typed": {
            "micro": _prf(
                sum(c[f"tp:{ty}"] for ty in types),
                sum(c[f"fp:{ty}"] for ty in types),
                sum(c[f"fn:{ty}"] for ty in types),
            ),
            "by_type": {ty: _prf(c[f"tp:{ty}"], c[f"fp:{ty}"], c[f"fn:{ty}"]) for ty in types},
        },
        "over_redaction": {
            "count": c["over"],
            "per_100_turns": _ratio(100 * c["over"], c["turns"]),
            "by_type": {ty: c[f"over:{ty}"] for ty in types},
        },
        "agent_requests": {
            "pairs": _prf(c["req_tp"], c["req_fp"], c["req_fn"]),
            "turns": _prf(c["reqturn_tp"], c["reqturn_fp"], c["reqturn_fn"]),
            "ignored_types": c["req_ignored"],
        },
        "scam": scam,
        "stored_text": {
            "checked": c["stored_checked"],
            "leaked_values": c["stored_leaks"],
            "turns_with_leak": c["stored_leak_turns"],
            "turns_without_redacted_text": c["stored_missing"],
        },
    }


def score(gold: list[dict], preds: list[dict]) -> dict[str, Any]:
    """Every figure per slice (all, zh, en, chat, call), as the shared scorer computes them."""
    by_id: dict[str, dict] = {}
    for p in preds:
        by_id.setdefault(p["id"], p)
    req_types = set(REQUESTABLE) | {
        r["type"] for c in gold for r in c["gold"].get("agent_requests", [])
    }
    has_scores = any(isinstance((p.get("risk") or {}).get("score"), (int, float)) for p in preds)
    per_conv = [
        (conv, _score_conversation(conv, by_id.get(conv["id"]), req_types, has_scores))
        for conv in gold
    ]
    seen = {k.split(":", 1)[1] for _, t in per_conv for k in t.c if ":" in k}
    types = list(ENTITY_TYPES) + sorted(seen - set(ENTITY_TYPES))
    slices = {}
    for name, keep in SLICES:
        total = _Tally()
        for conv, t in per_conv:
            if keep(conv):
                total.add(t)
        slices[name] = _summarise(total, types)
    return {"entity_types": types, "slices": slices}


def _mask(value: str) -> str:
    return "".join("#" if ch.isdigit() else "*" if ch.isalnum() else ch for ch in value)


def _misses(
    gold: Iterable[dict], preds: dict[str, dict], context: int = 24
) -> list[dict[str, Any]]:
    """Missed gold entities and false hits, each with masked context."""
    out = []
    for conv in gold:
        pred = preds.get(conv["id"], {})
        pturns = {t["index"]: t for t in pred.get("turns", [])}
        for idx, turn in enumerate(conv["turns"]):
            text = turn["text"]
            golds = [
                (e["start"], e["end"], e["type"])
                for e in conv["gold"]["entities"]
                if e["turn"] == idx
            ]
            found = [
                (f["start"], f["end"], f["type"]) for f in pturns.get(idx, {}).get("findings", [])
            ]

            for s, e, _ in golds + found:  # every value in the context is masked, not only this one
                text = text[:s] + _mask(text[s:e]) + text[e:]

            def ctx(s: int, e: int, text: str = text) -> str:
                return text[max(0, s - context) : s] + "[" + text[s:e] + "]" + text[e : e + context]

            for s, e, t in golds:
                if not any(ft == t and min(e, fe) > max(s, fs) for fs, fe, ft in found):
                    out.append(
                        {
                            "kind": "miss",
                            "type": t,
                            "id": conv["id"],
                            "turn": idx,
                            "context": ctx(s, e),
                        }
                    )
            for s, e, t in found:
                if not any(gt == t and min(e, ge) > max(s, gs) for gs, ge, gt in golds):
                    out.append(
                        {
                            "kind": "false_hit",
                            "type": t,
                            "id": conv["id"],
                            "turn": idx,
                            "context": ctx(s, e),
                        }
                    )
    return out


def evaluate_file(guard: Any, path: Path) -> dict[str, Any]:
    """Scan the labelled corpus at ``path`` with ``guard`` and score it."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot be read: {exc}", source=str(path)) from None
    gold = []
    for lineno, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            transcript_from_dict(row)
        except json.JSONDecodeError as exc:
            raise InputError(f"not valid JSON ({exc.msg})", source=str(path), line=lineno) from None
        except InputError as exc:
            raise InputError(exc.reason, source=str(path), line=lineno) from None
        if not isinstance(row.get("gold"), dict):
            raise InputError("no 'gold' labels on this conversation", source=str(path), line=lineno)
        gold.append(row)
    preds = [guard.scan(transcript_from_dict(row)).to_dict() for row in gold]
    return {"figures": score(gold, preds), "misses": _misses(gold, {p["id"]: p for p in preds})}


def _fmt(x: Any) -> str:
    return "-" if x is None else f"{x:.3f}" if isinstance(x, float) else str(x)


def render_report(report: dict[str, Any], *, misses: bool = True) -> str:
    """A readable table of the figures, then (optionally) misses and false hits by type."""
    s = report["figures"]["slices"]
    names = [n for n, _ in SLICES]
    out = [f"{'':<26}" + "".join(f"{n:>16}" for n in names)]

    def row(label: str, values: list[str]) -> None:
        out.append(f"{label:<26}" + "".join(f"{v:>16}" for v in values))

    def prf(d: dict) -> str:
        return "/".join(
            "-" if d[k] is None else f"{d[k]:.2f}" for k in ("precision", "recall", "f1")
        )

    row("conversations", [_fmt(s[n]["conversations"]) for n in names])
    row("leak rate", [_fmt(s[n]["leak"]["rate"]) for n in names])
    row("typed micro P/R/F1", [prf(s[n]["typed"]["micro"]) for n in names])
    row("over-redaction /100 turns", [_fmt(s[n]["over_redaction"]["per_100_turns"]) for n in names])
    row("agent-request pairs", [prf(s[n]["agent_requests"]["pairs"]) for n in names])
    row("agent-request turns", [prf(s[n]["agent_requests"]["turns"]) for n in names])
    row("scam P/R/F1", [prf(s[n]["scam"]) for n in names])
    row("scam AUROC", [_fmt(s[n]["scam"]["auroc"]) for n in names])
    out.append("")
    out.append(f"  {'type':<19}{'gold':>6}{'leaked':>8}{'P':>7}{'R':>7}{'F1':>7}")
    all_ = s["all"]
    for ty in report["figures"]["entity_types"]:
        lk, tp = all_["leak"]["by_type"][ty], all_["typed"]["by_type"][ty]
        if lk["entities"] or tp["fp"]:
            out.append(
                f"  {ty:<19}{lk['entities']:>6}{lk['leaked']:>8}{_fmt(tp['precision']):>7}"
                f"{_fmt(tp['recall']):>7}{_fmt(tp['f1']):>7}"
            )
    if misses and report["misses"]:
        out.append("")
        out.append("misses and false hits (values masked):")
        for m in sorted(report["misses"], key=lambda m: (m["type"], m["kind"], m["id"], m["turn"])):
            out.append(
                f"  {m['type']:<18} {m['kind']:<9} {m['id']} turn {m['turn']}: {m['context']}"
            )
    return "\n".join(out)
