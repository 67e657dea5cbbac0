"""``piiguard eval``: scan a labelled corpus and compute its figures.

The figures and their rules are those of the shared scorer (``../shared/tools/score.py``),
computed by the product itself so that CI can gate on them without the shared tools. This
module is the project's one implementation of them (``piiguard eval``, the variant matrix
and ``bench/accuracy.py`` all call :func:`score`); ``tests/piiguard/test_evaluate.py``
checks it gives the shared scorer's output, warnings included, on several corpora:

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
from pathlib import Path
from typing import Any, TypeGuard

from piiguard.errors import InputError
from piiguard.formats.jsonl import transcript_from_dict
from piiguard.model import ENTITY_TYPES

__all__ = ["check_gold", "evaluate_file", "render_report", "score"]

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


def _is_int(x: Any) -> TypeGuard[int]:
    return isinstance(x, int) and not isinstance(x, bool)


def _as_number(x: Any) -> float | None:
    if isinstance(x, bool) or not isinstance(x, (int, float)):
        return None
    return float(x)


def _risk_of(pred: dict | None) -> dict[str, Any]:
    risk = (pred or {}).get("risk")
    return risk if isinstance(risk, dict) else {}


Span = tuple[int, int, str]


def _typed_pairs(golds: list[Span], preds: list[Span]) -> list[tuple[int, int]]:
    """One-to-one (gold index, prediction index) matches of the same type overlapping at
    least half of the longer span, largest overlap first."""
    cands = []
    for gi, (gs, ge, gt) in enumerate(golds):
        for pi, (ps, pe, pt) in enumerate(preds):
            if gt != pt:
                continue
            ov = min(ge, pe) - max(gs, ps)
            if ov > 0 and 2 * ov >= max(ge - gs, pe - ps):
                cands.append((-ov, gi, pi))
    used_g: set[int] = set()
    used_p: set[int] = set()
    pairs = []
    for _, gi, pi in sorted(cands):
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            pairs.append((gi, pi))
    return pairs


def check_gold(gold: list[dict], name: str = "GOLD") -> None:
    """Raise :class:`InputError` unless every gold entity and request names a real turn
    and every entity lies inside its turn (the shared scorer's ``check_gold``)."""
    seen: set[str] = set()
    for conv in gold:
        cid = conv["id"]
        if cid in seen:
            raise InputError(f"id {cid!r} appears twice", source=name)
        seen.add(cid)
        turns, g = conv.get("turns"), conv.get("gold")
        if not isinstance(turns, list) or not isinstance(g, dict):
            raise InputError(f"{cid}: want 'turns' and 'gold'", source=name)
        for ent in g.get("entities", []):
            t = ent.get("turn")
            if not (isinstance(t, int) and 0 <= t < len(turns)):
                raise InputError(f"{cid}: a gold entity names no turn", source=name)
            if not 0 <= ent["start"] < ent["end"] <= len(turns[t]["text"]):
                raise InputError(f"{cid}: a gold entity lies outside its turn", source=name)
        for req in g.get("agent_requests", []):
            t = req.get("turn")
            if not (isinstance(t, int) and 0 <= t < len(turns)):
                raise InputError(f"{cid}: a gold agent request names no turn", source=name)


def _predicted_turns(pred: dict | None, warnings: list[str]) -> dict[int, dict]:
    out: dict[int, dict] = {}
    if not pred or not isinstance(pred.get("turns"), list):
        return out
    for pos, turn in enumerate(pred["turns"]):
        if not isinstance(turn, dict):
            continue
        idx = turn.get("index", pos)
        if not _is_int(idx):
            warnings.append(f"{pred['id']}: turn index {idx!r} is not an integer; turn ignored")
            continue
        if idx in out:
            warnings.append(f"{pred['id']}: turn index {idx} appears twice; first kept")
            continue
        out[idx] = turn
    return out


def _clean_findings(cid: str, idx: int, turn: dict, text: str, warnings: list[str]) -> list[Span]:
    spans = []
    for f in turn.get("findings") or []:
        if not isinstance(f, dict):
            continue
        s, e, t = f.get("start"), f.get("end"), f.get("type")
        if not (_is_int(s) and _is_int(e)):
            warnings.append(f"{cid} turn {idx}: finding {f} has no integer span; ignored")
            continue
        s2, e2 = max(s, 0), min(e, len(text))
        if (s2, e2) != (s, e):
            warnings.append(f"{cid} turn {idx}: finding {s}-{e} runs past the text; clipped")
        if s2 >= e2:
            warnings.append(f"{cid} turn {idx}: finding {s}-{e} is empty; ignored")
            continue
        if t not in ENTITY_TYPES:
            warnings.append(f"{cid} turn {idx}: finding type {t!r} is not a contract type")
        spans.append((s2, e2, str(t)))
    return spans


class _Tally:
    def __init__(self) -> None:
        self.c: Counter[str] = Counter()
        self.scores: list[tuple[float, bool]] = []

    def add(self, other: _Tally) -> None:
        self.c.update(other.c)
        self.scores.extend(other.scores)


def _score_turn(
    c: Counter[str],
    cid: str,
    idx: int,
    text: str,
    golds: list[Span],
    pturn: dict,
    warnings: list[str],
) -> list[str]:
    """Leak, typed, over-redaction and stored-text counts of one turn; its requests."""
    preds = _clean_findings(cid, idx, pturn, text, warnings)
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
        tp = len(_typed_pairs(gt_, pt_))
        c[f"tp:{t}"] += tp
        c[f"fp:{t}"] += len(pt_) - tp
        c[f"fn:{t}"] += len(gt_) - tp
    for ps, pe, pt in preds:
        if not any(min(ge, pe) > max(gs, ps) for gs, ge, _ in golds):
            c["over"] += 1
            c[f"over:{pt}"] += 1
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
    reqs = pturn.get("agent_request") or []
    if not isinstance(reqs, list):
        warnings.append(f"{cid} turn {idx}: agent_request is not a list; ignored")
        return []
    return [str(r) for r in reqs]


def _score_conversation(
    conv: dict, pred: dict | None, req_types: set[str], has_scores: bool, warnings: list[str]
) -> _Tally:
    tally = _Tally()
    c = tally.c
    cid = conv["id"]
    turns = conv["turns"]
    gold = conv["gold"]
    pturns = _predicted_turns(pred, warnings)
    for idx in pturns:
        if not 0 <= idx < len(turns):
            warnings.append(f"{cid}: predicted turn index {idx} is not in the gold; ignored")
    c["conversations"] += 1
    c["turns"] += len(turns)
    gold_by_turn: dict[int, list[Span]] = {}
    for ent in gold.get("entities", []):
        gold_by_turn.setdefault(ent["turn"], []).append((ent["start"], ent["end"], ent["type"]))
    gold_req = {(r["turn"], r["type"]) for r in gold.get("agent_requests", [])}
    pred_req: set[tuple[int, str]] = set()
    for idx, turn in enumerate(turns):
        pturn = pturns.get(idx)
        if pturn is None:
            c["missing_turns"] += 1
            pturn = {}
        golds = gold_by_turn.get(idx, [])
        for r in set(_score_turn(c, cid, idx, turn["text"], golds, pturn, warnings)):
            if r in req_types:
                pred_req.add((idx, r))
            else:
                c["req_ignored"] += 1
    c["req_tp"] += len(gold_req & pred_req)
    c["req_fp"] += len(pred_req - gold_req)
    c["req_fn"] += len(gold_req - pred_req)
    gturns = {t for t, _ in gold_req}
    pturns_req = {t for t, _ in pred_req}
    c["reqturn_tp"] += len(gturns & pturns_req)
    c["reqturn_fp"] += len(pturns_req - gturns)
    c["reqturn_fn"] += len(gturns - pturns_req)
    risk = _risk_of(pred)
    y = bool(gold.get("scam"))
    yhat = risk.get("scam") is True
    c["scam_tp" if y and yhat else "scam_fp" if yhat else "scam_fn" if y else "scam_tn"] += 1
    if pred is None:
        c["missing_conversations"] += 1
    if has_scores:
        s = _as_number(risk.get("score"))
        if s is None:
            c["scam_score_missing"] += 1
            s = 0.0
        tally.scores.append((s, y))
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


def score(
    gold: list[dict], preds: list[dict], gold_name: str = "GOLD", pred_name: str = "PRED"
) -> dict[str, Any]:
    """Every figure per slice (all, zh, en, chat, call) and the warnings, by the shared
    scorer's rules; ``tests/piiguard/test_evaluate.py`` holds the two to the same output
    on several corpora and on malformed predictions."""
    check_gold(gold, gold_name)
    warnings: list[str] = []
    by_id: dict[str, dict] = {}
    for p in preds:
        if p["id"] in by_id:
            warnings.append(f"{pred_name}: id {p['id']!r} appears twice; first kept")
            continue
        by_id[p["id"]] = p
    gold_ids = {c["id"] for c in gold}
    extra = [i for i in by_id if i not in gold_ids]
    if extra:
        warnings.append(
            f"{pred_name}: {len(extra)} conversation(s) not in the gold ignored, e.g. {extra[0]!r}"
        )
    req_types = set(REQUESTABLE) | {
        r["type"] for c in gold for r in c["gold"].get("agent_requests", [])
    }
    has_scores = any(_as_number(_risk_of(p).get("score")) is not None for p in preds)
    per_conv = [
        (conv, _score_conversation(conv, by_id.get(conv["id"]), req_types, has_scores, warnings))
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
    return {"entity_types": types, "slices": slices, "warnings": warnings}


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
    from piiguard.eval_errors import list_errors  # it reads this module's matching

    preds = [guard.scan(transcript_from_dict(row)).to_dict() for row in gold]
    figures = score(gold, preds, gold_name=str(path), pred_name="piiguard")
    return {"figures": figures, "errors": list_errors(gold, {p["id"]: p for p in preds})}


def _fmt(x: Any) -> str:
    return "-" if x is None else f"{x:.3f}" if isinstance(x, float) else str(x)


def render_report(report: dict[str, Any], *, errors: bool = True, show: int | None = None) -> str:
    """A readable table of the figures, then (optionally) the errors behind them - misses,
    false alarms, request errors - at most ``show`` of them (see piiguard.eval_errors)."""
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
    if errors:
        from piiguard.eval_errors import render_errors

        out.append("")
        out.extend(render_errors(report["errors"], show))
    return "\n".join(out)
