"""Agent-request detection: which sensitive items an agent turn asks the customer for.

Clause-level rules with negation scope, driven by ``data/agent_requests.yaml``:

* a turn is cut into sentences (。！？!?; and ". "), and each sentence is searched for
  *items* (卡号, "card number", 验证码, "code" ...) and *cues* (报一下, 告诉我, "read me",
  "what's your" ...);
* a cue is negated by a negation word shortly before it ("不用发给我", "don't send");
* an item is negated by a negation word earlier in its sentence unless a live cue stands
  between them ("我们不会索要您的密码" is not a request; "不会扣费，请提供卡号" is);
* an item next to an identity check ("后四位", "last four of your social") is not a request;
* a cue whose clause is about self-service ("enter it in the app yourself", "自己输入") is
  not live: the customer is told to enter the item, not to tell it;
* a live item and a live cue in the same or an adjacent sentence make a request, as do
  elliptical follow-ups ("and the expiry", "还有 ... 也报一下") and an agent's "要的" after
  the customer asked "密码也要说吗".

Every request carries its trigger: the sentence it came from, with any value already
masked, so a block can be explained without revealing anything.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from piiguard.errors import ConfigError
from piiguard.labels import LabelHit, LabelMatcher
from piiguard.model import RequestTrigger

__all__ = ["DEFAULT_RULES_PATH", "RequestDetector", "RequestRules"]

DEFAULT_RULES_PATH = Path(__file__).parent / "data" / "agent_requests.yaml"
_SENTENCE_END = re.compile(r"[。！？!?；;\n]+|(?<=[A-Za-z0-9)\]])\.(?=\s|$)")
# A customer asking whether to *give* an item: a giving verb shortly before a question mark.
_GIVING_QUESTION = re.compile(
    r"(?:说|报|发|给|提供|告诉|念|tell|give|send|share|read)[^。！？!?\n]{0,6}?(?:吗|？|\?)"
    r"|(?:do you need|should i (?:tell|give|send|read)|do i (?:tell|give|send|read))",
    re.IGNORECASE,
)
_CLAUSE_END = re.compile(r"[,，、]|\bor\b|或者|或", re.IGNORECASE)
_WARNING = re.compile(r"诈骗|骗子|\bscam", re.IGNORECASE)
_IMMEDIATE_NEGATION = re.compile(r"(?:不|别|勿|没)\s?$")
_FRESH_IMPERATIVE = ("please", "请", "麻烦")
_MASK = "#"
_NEGATION_REACH = 12  # characters before a cue in which a negation word negates it
_IDENTITY_REACH = 20
_OFFER_REACH = 35
_ELLIPSIS_REACH = 20
_ASKED_REACH = 10


@dataclass(frozen=True, slots=True)
class RequestRules:
    items: Mapping[str, LabelMatcher]
    not_items: LabelMatcher
    identity_checks: LabelMatcher
    cues: LabelMatcher
    negations: LabelMatcher
    reported: LabelMatcher
    offers: LabelMatcher
    self_service: LabelMatcher
    follow_ups: LabelMatcher
    ellipsis: LabelMatcher
    affirmations: tuple[str, ...]

    @classmethod
    def load(
        cls, path: Path = DEFAULT_RULES_PATH, extra_identity_checks: Iterable[str] = ()
    ) -> RequestRules:
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError) as exc:
            raise ConfigError(f"cannot be read: {exc}", source=str(path)) from None
        if not isinstance(data, dict):
            raise ConfigError("must be a mapping", source=str(path))

        def words(key: str) -> list[str]:
            value = data.get(key) or {}
            if not isinstance(value, dict):
                raise ConfigError(
                    "must map language -> list of phrases", source=str(path), field=key
                )
            return [w for ws in value.values() for w in _str_list(ws, path, key)]

        items = data.get("items")
        if not isinstance(items, dict) or not items:
            raise ConfigError(
                "must map entity type -> phrases per language", source=str(path), field="items"
            )
        return cls(
            items={
                t: LabelMatcher(
                    w for ws in langs.values() for w in _str_list(ws, path, f"items.{t}")
                )
                for t, langs in items.items()
            },
            not_items=LabelMatcher(words("not_items")),
            identity_checks=LabelMatcher([*words("identity_checks"), *extra_identity_checks]),
            cues=LabelMatcher(words("cues")),
            negations=LabelMatcher(words("negations")),
            reported=LabelMatcher(words("reported")),
            offers=LabelMatcher(words("offers")),
            self_service=LabelMatcher(words("self_service")),
            follow_ups=LabelMatcher(words("follow_ups")),
            ellipsis=LabelMatcher(words("ellipsis")),
            affirmations=tuple(
                sorted({w.lower() for w in words("affirmations")}, key=len, reverse=True)
            ),
        )


def _str_list(value: Any, path: Path, field: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError("must be a list of strings", source=str(path), field=field)
    return value


@dataclass(frozen=True, slots=True)
class _Item:
    type: str
    hit: LabelHit


def _sentences(text: str) -> list[tuple[int, int]]:
    spans = []
    pos = 0
    for m in _SENTENCE_END.finditer(text):
        if m.start() > pos:
            spans.append((pos, m.start()))
        pos = m.end()
    if pos < len(text):
        spans.append((pos, len(text)))
    return spans


def mask_values(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """``text`` with every value span replaced by ``#`` of the same length."""
    chars = list(text)
    for start, end in spans:
        for i in range(max(start, 0), min(end, len(chars))):
            if not chars[i].isspace():
                chars[i] = _MASK
    return "".join(chars)


def _phrase(text: str, start: int, end: int) -> str:
    """A short, value-free trigger phrase: the sentence, masked runs shown as <…>."""
    snippet = re.sub(r"#[#\s]*#|#", "<…>", text[start:end]).strip()
    return snippet if len(snippet) <= 90 else snippet[:87].rstrip() + "…"


class RequestDetector:
    """Finds requested entity types in agent turns; see the module docstring."""

    def __init__(self, rules: RequestRules):
        self.rules = rules

    def _items(self, text: str, start: int, end: int) -> list[_Item]:
        blocked = [(h.start, h.end) for h in self.rules.not_items.find_all(text, start, end)]
        found: list[_Item] = []
        for entity, matcher in self.rules.items.items():
            for hit in matcher.find_all(text, start, end):
                if any(s <= hit.start < e or s < hit.end <= e for s, e in blocked):
                    continue
                found.append(_Item(entity, hit))
        # A longer item phrase over a shorter one of another type at the same place wins
        # ("security code" is a CVV, not a one-time "code").
        kept: list[_Item] = []
        for item in sorted(found, key=lambda i: -(i.hit.end - i.hit.start)):
            if all(item.hit.end <= k.hit.start or item.hit.start >= k.hit.end for k in kept):
                kept.append(item)
        return sorted(kept, key=lambda i: i.hit.start)

    def _negated_before(
        self, text: str, sent_start: int, pos: int, reach: int | None
    ) -> LabelHit | None:
        lo = sent_start if reach is None else max(sent_start, pos - reach)
        return self.rules.negations.last(text, lo, pos)

    def _cue_is_live(self, text: str, sent_start: int, cue: LabelHit) -> bool:
        lo = max(sent_start, cue.start - _NEGATION_REACH)
        if self.rules.reported.last(text, lo, cue.start) is not None:
            return False
        if cue.label.startswith(_FRESH_IMPERATIVE):
            return True  # "don't worry, please send the code": a new imperative
        if _IMMEDIATE_NEGATION.search(text[lo : cue.start]):
            return False
        return self.rules.negations.last(text, lo, cue.start) is None

    def _self_served(self, text: str, cue: LabelHit, sent_end: int) -> bool:
        """A self-service marker in the cue's own clause ("enter it in the app yourself")."""
        clause_end = _CLAUSE_END.search(text, cue.end, sent_end)
        end = clause_end.start() if clause_end else sent_end
        return bool(self.rules.self_service.find_all(text, cue.start, end))

    def _live_cues(self, text: str, start: int, end: int) -> list[LabelHit]:
        return [
            c
            for c in self.rules.cues.find_all(text, start, end)
            if self._cue_is_live(text, start, c) and not self._self_served(text, c, end)
        ]

    def _item_is_live(
        self, text: str, sent: tuple[int, int], item: _Item, cues: Sequence[LabelHit]
    ) -> bool:
        lo = max(sent[0], item.hit.start - _IDENTITY_REACH)
        hi = min(sent[1], item.hit.end + _IDENTITY_REACH)
        if self.rules.identity_checks.find_all(text, lo, hi):
            return False
        if self.rules.offers.last(
            text, max(sent[0], item.hit.start - _OFFER_REACH), item.hit.start
        ):
            return False
        warning = _WARNING.search(text, item.hit.end, sent[1])
        if warning and not any(item.hit.end <= c.start < warning.start() for c in cues):
            return False  # "任何自称客服索要密码的都是诈骗": a warning about the item
        negation = self._negated_before(text, sent[0], item.hit.start, None)
        if negation is None:
            return True
        return any(negation.end <= c.start < item.hit.start for c in cues)

    def detect(
        self,
        text: str,
        value_spans: Iterable[tuple[int, int]] = (),
        customer_asked: Iterable[str] = (),
        value_types: Iterable[str] = (),
    ) -> list[RequestTrigger]:
        """The request triggers of one agent turn (one per requested type).

        ``value_spans`` are the turn's findings (masked before matching, so no trigger
        phrase holds a value); ``value_types`` their types, for follow-ups ("您太太的呢"
        after reading one back); ``customer_asked`` the item types the customer just
        asked about giving, for an agent's "要的".
        """
        masked = mask_values(text, value_spans)
        sentences = _sentences(masked)
        cues = [self._live_cues(masked, s, e) for s, e in sentences]
        triggers: dict[str, RequestTrigger] = {}
        for i, (s, e) in enumerate(sentences):
            for item in self._items(masked, s, e):
                if item.type in triggers or not self._item_is_live(masked, (s, e), item, cues[i]):
                    continue
                near_cue = (
                    bool(cues[i])
                    or (i > 0 and bool(cues[i - 1]))
                    or (i + 1 < len(sentences) and bool(cues[i + 1]))
                )
                elliptical = self.rules.ellipsis.last(
                    masked, max(s, item.hit.start - _ELLIPSIS_REACH), item.hit.start
                )
                if near_cue or elliptical is not None:
                    lo, hi = (
                        (s, sentences[i + 1][1])
                        if not cues[i] and i + 1 < len(sentences) and cues[i + 1]
                        else (s, e)
                    )
                    triggers[item.type] = RequestTrigger(item.type, _phrase(masked, lo, hi))
        follow_up = self.rules.follow_ups.find_all(masked)
        if follow_up:
            for entity in sorted(set(value_types)):
                triggers.setdefault(entity, RequestTrigger(entity, _phrase(masked, 0, len(masked))))
        asked = set(customer_asked)
        if asked and self._affirms(masked):
            for entity in sorted(asked):
                triggers.setdefault(entity, RequestTrigger(entity, _phrase(masked, 0, len(masked))))
        return list(triggers.values())

    def _affirms(self, masked: str) -> bool:
        head = masked.strip().lower()
        return any(head.startswith(a) for a in self.rules.affirmations)

    def question_items(self, customer_text: str) -> frozenset[str]:
        """Item types a customer asks about giving ("密码也要说吗", "do you need my PIN?")."""
        asked: set[str] = set()
        for m in _GIVING_QUESTION.finditer(customer_text):
            lo = max(0, m.start() - _ASKED_REACH)
            asked.update(i.type for i in self._items(customer_text, lo, m.end()))
        return frozenset(asked)
