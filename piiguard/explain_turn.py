"""Why a turn of a conversation was decided the way it was (``piiguard explain
--conversation FILE --id ID [--turn N]``).

The conversation is replayed turn by turn through the Guard, exactly as a scan runs it;
for each turn explained, what it inherits from the earlier turns is read *before* the
turn is added (labels carried, the request an answer is expected for, the number being
read in pieces) and what it decided *after*: every finding with its reason (pattern,
validator, label word, context from earlier turns, or the piece of a number read across
turns), the agent request with the phrase that triggered it and the rules' notes, and
the risk signals the turn added. Values never appear: findings show their shape
(``*#########``), text is shown redacted, phrases are masked.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from piiguard.assemble import RECOGNIZER_NAME as PIECES_RECOGNIZER
from piiguard.conversation import WITHHELD_TEXT, Conversation
from piiguard.engine import Explained, _preview
from piiguard.eval_errors import typed_text
from piiguard.guard import Guard
from piiguard.language import detect_language
from piiguard.model import Transcript, TurnDecision

__all__ = ["explain_conversation"]


def explain_conversation(
    guard: Guard,
    transcript: Transcript,
    turn: int | None = None,
    gold: Sequence[Mapping[str, Any]] = (),
) -> list[str]:
    """Lines explaining turn ``turn`` of ``transcript`` (every turn when None).

    ``gold``: the conversation's labelled entities, if it has any (``{"turn", "start",
    "end", "type"}``): a labelled value the scan missed is masked in the text shown too,
    and named as missed.
    """
    if turn is not None and not 0 <= turn < len(transcript.turns):
        raise IndexError(f"turn {turn} is not in the conversation (0-{len(transcript.turns) - 1})")
    conversation = guard.conversation(
        conversation_id=transcript.id, channel=transcript.channel, language=transcript.language
    )
    out: list[str] = []
    for index, t in enumerate(transcript.turns):
        if turn is not None and index != turn:
            conversation.add_turn(t)
            continue
        before = _carried_in(conversation)
        lang = conversation.fixed_language or detect_language(
            t.text, default=conversation.language or "en"
        )
        carried = conversation._carried_labels()
        candidates = guard.detector.explain(t.text, lang, carried)
        request_notes = (
            conversation.explain_request(t.text) if t.speaker == "agent" and t.text.strip() else []
        )
        previous_score = conversation.risk.score
        decision = conversation.add_turn(t)
        labelled = [(g["start"], g["end"], g["type"]) for g in gold if g["turn"] == index]
        out += _turn_lines(
            guard, decision, lang, t.text, labelled, before, candidates, request_notes
        )
        out.append(
            f"  risk: {previous_score:.2f} -> {decision.risk.score:.2f} ({decision.risk.level})"
        )
        added = [s for s in decision.risk.signals if s.turn == index]
        for s in added:
            out.append(f"    signal {s.kind} (weight {s.weight:.2f}): {s.text}")
        if not added:
            out.append("    no risk signal in this turn")
        out.append("")
    return out


def _carried_in(conversation: Conversation) -> list[str]:
    guard = conversation.guard
    labels = conversation._carried_labels()
    announced = sorted({t for label in labels for t in guard.label_types.get(label, ())})
    lines = [
        "  carried from earlier turns:",
        "    labels: "
        + (", ".join(labels) or "none")
        + (f" (announcing {', '.join(announced)})" if announced else ""),
        "    expected answer to the request for: "
        + (", ".join(sorted(conversation.earlier_request())) or "nothing"),
    ]
    pieces = conversation._pieces.state()
    if pieces and "length" in pieces:
        lines.append(
            f"    a number being read in pieces: {pieces['length']} digits so far in turns "
            f"{', '.join(str(i) for i in sorted(set(pieces['piece_turns'])))}"
            + (f", expected {pieces['expected']}" if pieces.get("expected") else "")
        )
    return lines


def _turn_lines(
    guard: Guard,
    decision: TurnDecision,
    lang: str,
    text: str,
    labelled: list[tuple[int, int, str]],
    before: list[str],
    candidates: list[Explained],
    request_notes: list[str],
) -> list[str]:
    found = [(f.start, f.end, f.type) for f in decision.findings]
    shown = WITHHELD_TEXT if decision.error else typed_text(text, found + labelled)
    out = [
        f"turn {decision.index} {decision.speaker} ({lang}): action {decision.action}"
        + (f" [{decision.error}]" if decision.error else ""),
        f"  text (values as their type): {shown}",
        *before,
    ]
    for s, e, t in labelled:
        if not any(fs < e and s < fe for fs, fe, _ in found):
            out.append(f"  labelled value NOT found: [{s}:{e}] {t} (shape {_preview(text[s:e])})")
    if not decision.findings:
        out.append("  findings: none")
    kept = {(c.finding.start, c.finding.end, c.finding.type): c for c in candidates if c.kept}
    for f in decision.findings:
        action = guard.policy.action_for(f.type, decision.speaker)
        out.append(
            f"  finding [{f.start}:{f.end}] {f.type} score {f.score:.2f} by {f.recognizer}"
            f" -> {action} for the {decision.speaker}"
        )
        c = kept.get((f.start, f.end, f.type))
        if f.recognizer == PIECES_RECOGNIZER:
            out.append(
                "    a piece of a number read across turns: the pieces together are "
                f"expected to be a {f.type} (labelled or asked for earlier)"
            )
        elif c is not None:
            out.append(
                f"    value shape {c.value_preview}; pattern {c.pattern or '-'} "
                f"{c.original_score:.2f}; validator "
                f"{'-' if c.validation is None else 'pass' if c.validation else 'fail'}"
            )
            out += [f"    {note}" for note in c.notes]
    dropped = [c for c in candidates if not c.kept]
    for c in dropped:
        f = c.finding
        out.append(
            f"  not kept: [{f.start}:{f.end}] {f.type} score {f.score:.2f} by {f.recognizer}"
            f" (shape {c.value_preview})" + (f": {c.notes[-1]}" if c.notes else "")
        )
    if decision.speaker == "agent":
        requested = ", ".join(decision.agent_request) or "nothing"
        out.append(f"  agent request: {requested}")
        for trigger in decision.triggers:
            out.append(f"    {trigger.reason} {trigger.type}: {trigger.phrase}")
        out += [f"    {note}" for note in request_notes]
    return out
