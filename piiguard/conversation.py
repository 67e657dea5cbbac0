"""Conversation: one turn in, one decision out; the batch scan is built on it.

A :class:`Conversation` is created by :meth:`piiguard.guard.Guard.conversation` and fed
turns in order with :meth:`Conversation.add_turn`, which returns that turn's
:class:`~piiguard.model.TurnDecision` at once (findings, agent request, action, redacted
text, the risk so far). :func:`scan_transcript` feeds a whole transcript through one
Conversation, so live and batch results are identical by construction.

State kept between turns is only what the next decisions need, and never a value:

* label words and entity types seen in recent turns (for cross-turn context: a bare
  "386152" after "what's the code on your phone?" is a code), expiring after
  ``policy.carry_turns`` turns;
* the item types a customer just asked about ("密码也要说吗"), for the agent's answer;
* the item types recent agent turns asked for, for an elliptical follow-up ("and when
  does it expire?", 有效期呢？) and as the expectation for the customer's answer;
* running checksums of a number being read in pieces (:mod:`piiguard.assemble`);
* the language, and the risk tracker (signals hold masked phrases only).
"""

from __future__ import annotations

import logging
import re
from collections import deque
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from piiguard.assemble import NumberAssembler
from piiguard.audio import audio_redactions, unscanned_turn_redactions
from piiguard.errors import InputError
from piiguard.indicators import add_known_indicator_signal
from piiguard.joins import join_repairs
from piiguard.language import detect_language
from piiguard.model import (
    SPEAKERS,
    Finding,
    RequestTrigger,
    Risk,
    ScanResult,
    Transcript,
    Turn,
    TurnDecision,
)
from piiguard.normalize import fold_traditional, normalize
from piiguard.requests import mask_values
from piiguard.risk import RiskTracker

if TYPE_CHECKING:
    from piiguard.guard import Guard

__all__ = ["Conversation", "scan_transcript"]

log = logging.getLogger("piiguard")

WITHHELD_TEXT = "[withheld: scan failed]"


class Conversation:
    """Turn-by-turn decisions for one conversation; see the module docstring."""

    def __init__(
        self,
        guard: Guard,
        *,
        conversation_id: str = "",
        channel: str = "chat",
        language: str | None = None,
    ):
        self.guard = guard
        self.id = conversation_id
        self.channel = channel
        self.fixed_language = language
        self.language = language
        self.index = 0
        self._carried: deque[frozenset[str]] = deque(maxlen=max(guard.policy.carry_turns, 1))
        self._customer_asked: frozenset[str] = frozenset()
        self._requested: deque[frozenset[str]] = deque(maxlen=max(guard.policy.carry_turns, 1))
        self._risk = RiskTracker(guard.risk_model, language=language or "en")
        self._pieces = NumberAssembler()
        # An agent reads values out in pieces too (a scammer's "safe account", a
        # callback number), with the customer's "hold on" between them: the same
        # assembler, the roles swapped.
        self._agent_pieces = NumberAssembler(answers_questions=False)
        self._last_risk = Risk()

    @property
    def risk(self) -> Risk:
        return self._last_risk

    def _carried_labels(self) -> list[str]:
        """Labels of the most recent earlier turn that had any, within ``carry_turns``.

        Only the latest labelled turn counts: after "card number and password?" then
        "and the SMS code?", a bare "662039" answers the code, not the password.
        """
        for labels in reversed(self._carried):
            if labels:
                return sorted(labels)
        return []

    def earlier_request(self) -> frozenset[str]:
        """Types the most recent requesting agent turn asked for, within ``carry_turns``."""
        for requested in reversed(self._requested):
            if requested:
                return requested
        return frozenset()

    def _turn_language(self, text: str) -> str:
        if self.fixed_language:
            return self.fixed_language
        lang = detect_language(text, default=self.language or "en")
        if self.language is None and text.strip():
            self.language = lang
            self._risk.language = lang
        return lang

    def add_turn(self, turn: Turn) -> TurnDecision:
        """Decide one turn. Never raises on scanning errors: the turn is blocked instead."""
        if turn.speaker not in SPEAKERS:
            raise InputError(
                f"unknown speaker {turn.speaker!r}; expected one of {', '.join(SPEAKERS)}"
            )
        index = self.index
        self.index += 1
        try:
            return self._decide(index, turn)
        except Exception as exc:  # fail closed: a turn we could not scan must not pass
            log.error(
                "scan failed; turn blocked",
                extra={"conversation": self.id, "turn": index, "error": type(exc).__name__},
            )
            self.index = index
            return self.block_turn(turn, "scan_failed")

    def block_turn(self, turn: Turn, reason: str) -> TurnDecision:
        """Take ``turn`` without scanning it: blocked, its text withheld (fail closed).

        Used when scanning raised or ran past a time budget; the conversation moves on
        to the next turn as if this one had said nothing.
        """
        index = self.index
        self.index += 1
        self._carried.append(frozenset())
        self._requested.append(frozenset())
        return TurnDecision(
            index=index,
            speaker=turn.speaker,
            findings=(),
            agent_request=(),
            action="block",
            redacted_text=WITHHELD_TEXT,
            audio_redactions=unscanned_turn_redactions(turn),
            risk=self._last_risk,
            error=reason,
        )

    def _decide(self, index: int, turn: Turn) -> TurnDecision:
        guard = self.guard
        text = turn.text
        lang = self._turn_language(text)
        carried = self._carried_labels()
        findings = guard.detector.detect(text, lang, carried)
        if turn.speaker == "customer":
            findings = self._assembled(self._pieces, index, text, findings, carried)
            self._agent_pieces.other_turn(index, text)
        elif turn.speaker == "agent":
            # Most agent turns hold no number: they change nothing there (no labels read).
            if findings or _DIGIT.search(normalize(text).text):
                findings = self._assembled(self._agent_pieces, index, text, findings, carried)
            else:
                self._agent_pieces.numberless_turn()
            self._pieces.other_turn(index, text)
        else:
            self._pieces.other_turn(index, text)
            self._agent_pieces.other_turn(index, text)
        # A repair or a continuation inside one value joins its pieces (piiguard.joins).
        findings = join_repairs(text, findings)
        spans = [(f.start, f.end) for f in findings]

        triggers: list[RequestTrigger] = []
        if turn.speaker == "agent":
            requestable = guard.policy.requestable()
            triggers = [
                t
                for t in guard.requests.detect(
                    text, spans, self._customer_asked, self.earlier_request()
                )
                if t.type in requestable
            ]
            triggers += [
                RequestTrigger(f.type, f"agent sent a {f.type} value", "disclosure")
                for f in _unique_types(findings)
                if guard.policy.action_for(f.type, "agent") == "block"
            ]
        requested = tuple(sorted({t.type for t in triggers if t.reason == "request"}))
        action = guard.policy.decide(turn.speaker, (f.type for f in findings), requested)
        redacted = guard.redactor.redact(text, findings)

        masked = mask_values(text, spans)
        contact_numbers = [
            "".join(c for c in normalize(text[f.start : f.end]).text if c.isdigit())
            for f in findings
            if f.type == "PHONE_NUMBER"
        ]
        if guard.indicators is not None:
            add_known_indicator_signal(
                guard.indicators, self._risk, index, turn.speaker, text, findings, lang
            )
        request_sentences = {t.type: t.phrase for t in triggers if t.reason == "request"}
        risk = self._risk.add_turn(
            index, turn.speaker, masked, requested, contact_numbers, request_sentences
        )
        self._last_risk = risk

        self._remember(turn.speaker, masked, findings, requested)
        return TurnDecision(
            index=index,
            speaker=turn.speaker,
            findings=tuple(findings),
            agent_request=requested if turn.speaker == "agent" else (),
            action=action,
            redacted_text=redacted,
            triggers=tuple(triggers) if action == "block" else (),
            audio_redactions=audio_redactions(turn, findings),
            risk=risk,
        )

    def _assembled(
        self,
        assembler: NumberAssembler,
        index: int,
        text: str,
        findings: list[Finding],
        carried: Iterable[str],
    ) -> list[Finding]:
        """``findings`` with the chunks of a number read in pieces by this turn's speaker
        (see piiguard.assemble), the readings the assembler claimed dropped."""
        guard = self.guard
        own_labels = {hit.label for hit in guard.label_vocabulary.find_all(fold_traditional(text))}
        # The turn's own label ("my SSN is 394...") says what it starts better than a
        # label carried from an earlier turn ("thanks for calling" names a phone).
        expected = {t for label in own_labels for t in guard.label_types.get(label, ())}
        if not expected:
            expected = {t for label in carried for t in guard.label_types.get(label, ())}
        # A label naming another kind of number (its digits are not the next chunk):
        # one announcing other types, or one several recognizers reject (票号, order)
        # or an expected type's recognizer rejects. A phrase only one other type
        # rejects ("number is" is not a code) names no kind of number.
        other_label = any(
            not (guard.label_types.get(label, set()) & expected)
            and (
                label in guard.label_types
                or len(rejected := guard.negative_label_types.get(label, set())) > 1
                or bool(rejected & expected)
                or not expected
            )
            for label in own_labels
        )
        pieces = assembler.customer_turn(index, text, findings, expected, other_label)
        # A piece overlaps a finding only where the assembler claimed it: the rest of
        # a card that read as a phone number on its own (see assemble._claimed).
        kept = [f for f in findings if not any(p.start < f.end and f.start < p.end for p in pieces)]
        return sorted([*kept, *pieces], key=lambda f: (f.start, f.end))

    def _remember(
        self, speaker: str, masked: str, findings: Iterable[Finding], requested: Iterable[str]
    ) -> None:
        """Keep label words and types (never values) for the next turns' context."""
        # Traditional labels (門號, 手機號碼) are carried as their Simplified forms.
        labels = {
            hit.label for hit in self.guard.label_vocabulary.find_all(fold_traditional(masked))
        }
        labels |= {f.type.lower() for f in findings}
        labels |= {t.lower() for t in requested}
        self._carried.append(frozenset(labels))
        if speaker == "agent":  # "I've just sent you a code": its reading-out is expected
            self._requested.append(
                frozenset(requested) or self.guard.requests.announced_items(masked)
            )
        else:  # "嗯，收到了": the message that came is expected next, as if it had been asked for
            self._requested.append(self.guard.requests.received_items(masked))
        self._customer_asked = (
            self.guard.requests.question_items(masked) if speaker == "customer" else frozenset()
        )

    def explain_request(self, text: str) -> list[str]:
        """Why ``text``, as this conversation's next agent turn, is (or is not) a request:
        the expectation carried from earlier turns, then the request rules' notes.
        Nothing is decided or remembered; values in ``text`` are masked in every note."""
        lang = self.fixed_language or detect_language(text, default=self.language or "en")
        carried = self._carried_labels()
        findings = self.guard.detector.detect(text, lang, carried)
        notes = [
            "carried labels: " + (", ".join(carried) if carried else "none"),
            "customer asked about giving: "
            + (", ".join(sorted(self._customer_asked)) or "nothing"),
        ]
        notes += self.guard.requests.explain(
            text, [(f.start, f.end) for f in findings], self._customer_asked, self.earlier_request()
        )
        return notes

    def result(self, decisions: Iterable[TurnDecision]) -> ScanResult:
        return ScanResult(self.id, tuple(decisions), self._last_risk)

    # -- persistence: the state between turns, as plain JSON-able data --------------

    STATE_VERSION = 1

    def state(self) -> dict[str, Any]:
        """Everything the next decisions need, as JSON-able data; holds no value.

        A service stores this between turns so that any process can take the next one.
        """
        return {
            "v": self.STATE_VERSION,
            "id": self.id,
            "channel": self.channel,
            "fixed_language": self.fixed_language,
            "language": self.language,
            "index": self.index,
            "carried": [sorted(labels) for labels in self._carried],
            "customer_asked": sorted(self._customer_asked),
            "requested": [sorted(types) for types in self._requested],
            "risk": self._risk.state(),
            "pieces": self._pieces.state(),
            "agent_pieces": self._agent_pieces.state(),
        }

    @classmethod
    def from_state(cls, guard: Guard, state: dict[str, Any]) -> Conversation:
        """The conversation :meth:`state` described, ready for its next turn."""
        if state.get("v") != cls.STATE_VERSION:
            raise ValueError(f"unknown conversation state version {state.get('v')!r}")
        conversation = cls(
            guard,
            conversation_id=state["id"],
            channel=state["channel"],
            language=state["fixed_language"],
        )
        conversation.language = state["language"]
        conversation.index = int(state["index"])
        conversation._carried.extend(frozenset(labels) for labels in state["carried"])
        conversation._customer_asked = frozenset(state["customer_asked"])
        # states saved before requests were carried have no "requested": nothing carried
        conversation._requested.extend(frozenset(t) for t in state.get("requested", ()))
        conversation._risk = RiskTracker.from_state(guard.risk_model, state["risk"])
        conversation._last_risk = conversation._risk.risk()
        conversation._pieces = NumberAssembler.from_state(state["pieces"])
        # states saved before agents' pieces were followed have none: nothing open
        conversation._agent_pieces = NumberAssembler.from_state(
            state.get("agent_pieces"), answers_questions=False
        )
        return conversation


_DIGIT = re.compile(r"\d")


def _unique_types(findings: Iterable[Finding]) -> list[Finding]:
    seen: dict[str, Finding] = {}
    for f in findings:
        seen.setdefault(f.type, f)
    return list(seen.values())


def scan_transcript(guard: Guard, transcript: Transcript) -> ScanResult:
    """The contract scan result of a whole transcript, one turn at a time."""
    conversation = guard.conversation(
        conversation_id=transcript.id, channel=transcript.channel, language=transcript.language
    )
    decisions = [conversation.add_turn(turn) for turn in transcript.turns]
    return conversation.result(decisions)
