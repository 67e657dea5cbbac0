"""The errors behind ``piiguard eval``'s figures, shown so an author can see what to fix.

Each error is a gold value missed (``miss``), a finding with no gold value of its type
(``false_alarm``), an agent request not detected (``request_missed``) or one detected
where the gold has none (``request_false``). Each comes with its turn's text in which
every value - gold or found - is replaced by its type (``<CREDIT_CARD>``), the one the
error is about marked ``[[TYPE]]``: an error list never shows a value. The matching is
that of :func:`piiguard.evaluate.score` (same type, half the longer span overlapping).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from piiguard import evaluate as ev

__all__ = ["ERROR_KINDS", "list_errors", "render_errors", "typed_text"]

ERROR_KINDS = ("miss", "false_alarm", "request_missed", "request_false")
_SHOWN_CHARS = 240  # a long turn is cut around the value the error is about


def typed_text(
    text: str, spans: Sequence[tuple[int, int, str]], target: tuple[int, int] | None = None
) -> str:
    """``text`` with each span replaced by ``<TYPE>`` (overlapping spans as one, typed by
    the first), the span at ``target`` by ``[[TYPE]]``; cut to about 240 characters
    around the target."""
    merged: list[list[Any]] = []
    for s, e, t in sorted(spans, key=lambda x: (x[0], -x[1])):
        if merged and s < merged[-1][1]:
            last = merged[-1]
            last[1] = max(last[1], e)
            last[3] = last[3] or (target is not None and (s, e) == target)
        else:
            merged.append([s, e, t, target is not None and (s, e) == target])
    out: list[str] = []
    pos = 0
    focus = 0
    for s, e, t, is_target in merged:
        out.append(text[pos:s])
        if is_target:
            focus = sum(len(p) for p in out)
        out.append(f"[[{t}]]" if is_target else f"<{t}>")
        pos = e
    out.append(text[pos:])
    shown = "".join(out).replace("\n", " ")
    if len(shown) <= _SHOWN_CHARS:
        return shown
    lo = max(0, min(focus - _SHOWN_CHARS // 2, len(shown) - _SHOWN_CHARS))
    return ("…" if lo else "") + shown[lo : lo + _SHOWN_CHARS] + "…"


def list_errors(gold: Iterable[dict], preds: Mapping[str, dict]) -> list[dict[str, Any]]:
    """Every miss, false alarm and request error of ``preds`` against ``gold``."""
    out: list[dict[str, Any]] = []
    for conv in gold:
        cid = conv["id"]
        pturns = ev._predicted_turns(preds.get(cid), [])
        entities = conv["gold"].get("entities", [])
        texts: dict[int, tuple[str, list[tuple[int, int, str]]]] = {}
        for idx, turn in enumerate(conv["turns"]):
            text = turn["text"]
            golds = [(e["start"], e["end"], e["type"]) for e in entities if e["turn"] == idx]
            found = ev._clean_findings(cid, idx, pturns.get(idx, {}), text, [])
            texts[idx] = (text, golds + found)
            for t in sorted({g[2] for g in golds} | {f[2] for f in found}):
                gt_ = [g for g in golds if g[2] == t]
                pt_ = [f for f in found if f[2] == t]
                pairs = ev._typed_pairs(gt_, pt_)
                for kind, spans, matched in (
                    ("miss", gt_, {gi for gi, _ in pairs}),
                    ("false_alarm", pt_, {pi for _, pi in pairs}),
                ):
                    for i, (s, e, _) in enumerate(spans):
                        if i not in matched:
                            out.append(
                                _error(kind, t, cid, idx, typed_text(text, golds + found, (s, e)))
                            )
        gold_req = {(r["turn"], r["type"]) for r in conv["gold"].get("agent_requests", [])}
        pred_req = {
            (idx, str(r))
            for idx, turn in pturns.items()
            for r in (turn.get("agent_request") or [])
            if isinstance(turn.get("agent_request"), list)
        }
        for kind, pairs_ in (
            ("request_missed", gold_req - pred_req),
            ("request_false", pred_req - gold_req),
        ):
            for idx, t in sorted(pairs_):
                text, spans = texts.get(idx, ("", []))
                out.append(_error(kind, t, cid, idx, typed_text(text, spans)))
    return out


def _error(kind: str, entity: str, cid: str, turn: int, text: str) -> dict[str, Any]:
    return {"kind": kind, "type": entity, "id": cid, "turn": turn, "text": text}


def render_errors(errors: Sequence[dict[str, Any]], show: int | None) -> list[str]:
    """Lines listing the errors by type and kind, at most ``show`` of them (None: all)."""
    if not errors:
        return ["no errors: every value found, nothing found that is not one, every request read"]
    order = {k: i for i, k in enumerate(ERROR_KINDS)}
    ordered = sorted(errors, key=lambda m: (m["type"], order[m["kind"]], m["id"], m["turn"]))
    counts = {k: sum(1 for m in errors if m["kind"] == k) for k in ERROR_KINDS}
    lines = [
        "errors (values replaced by their type): "
        + ", ".join(f"{n} {k.replace('_', ' ')}" for k, n in counts.items()),
    ]
    shown = ordered if show is None else ordered[: max(show, 0)]
    for m in shown:
        lines.append(f"  {m['type']:<18} {m['kind']:<15} {m['id']} turn {m['turn']}: {m['text']}")
    if len(shown) < len(ordered):
        lines.append(f"  ... {len(ordered) - len(shown)} more (--show N lists more)")
    return lines
