"""Type declarations: what a recognizer's entity type means beyond detection.

A recognizer spec may carry one ``type:`` section (a class-based recognizer a ``TYPE``
dict of the same shape) declaring, for its entity type:

    type:
      display: {en: Taiwan national ID number, zh: 台湾身份证号码}
      chip: {en: Taiwan ID, zh: 台湾身份证}    # the console's chip; defaults to display
      policy: {agent: block}                    # per speaker: block | redact | allow
      redaction: {operator: keep_last, chars: 4}  # default: type_tag (<TYPE>)
      request:                                  # leave out: agents' asking is not read
        agents_may_ask: false                   # false: the agent's turn is blocked
        risk_weight: 0.2                        # scam-risk weight of such a request
        words: {en: [taiwan id], zh: [身分证字号]}          # names of the item
        descriptions: {en: [taiwanese], zh: [台湾]}      # qualifiers of "number", 号码 ...

Nothing in ``piiguard/`` lists a type: :class:`piiguard.guard.Guard` feeds every
declaration of its pack into the policy, the agent-request rules, the risk model, the
redactor and the console. The words and descriptions join the shared request grammar of
``data/agent_requests.yaml`` (cues, negations, reported speech, self-service), so an item
declared here is asked for, denied and offered the way every other item is.

Explicit deployment settings win over declarations: a policy file's ``actions.<TYPE>``,
``GuardConfig.redaction`` and ``risk.yaml``'s ``requests`` entries override the
declared defaults. Every error names the file and the field.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from piiguard.errors import ConfigError
from piiguard.model import ACTIONS, LANGUAGES, SPEAKERS
from piiguard.redact import OPERATORS, OperatorSpec

__all__ = ["RequestDeclaration", "TypeDeclaration", "parse_type"]

_TYPE_KEYS = {"display", "chip", "policy", "redaction", "request"}
_REQUEST_KEYS = {"agents_may_ask", "risk_weight", "words", "descriptions"}
_OPERATOR_PARAMS = {
    "type_tag": set(),
    "keep_last": {"chars"},
    "replace": {"new_value"},
    "mask": {"masking_char"},
    "remove": set(),
}


@dataclass(frozen=True, slots=True)
class RequestDeclaration:
    """How an agent asks for the item, and what asking for it means."""

    agents_may_ask: bool
    risk_weight: float | None = None
    # Without words the item is only asked for by the words of data/agent_requests.yaml.
    words: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    descriptions: Mapping[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class TypeDeclaration:
    entity: str
    source: str
    display: Mapping[str, str]
    chip: Mapping[str, str]
    policy: Mapping[str, str] = field(default_factory=dict)
    redaction: OperatorSpec | None = None
    request: RequestDeclaration | None = None

    def label(self, language: str) -> str:
        """The chip label in ``language`` (English when not declared in it)."""
        return self.chip.get(language) or self.chip.get("en") or self.entity


class _Fields:
    def __init__(self, source: str):
        self.source = source

    def fail(self, where: str, message: str) -> ConfigError:
        return ConfigError(message, source=self.source, field=where)

    def mapping(self, value: Any, where: str, keys: set[str]) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(where, f"must be a mapping with {', '.join(sorted(keys))}")
        unknown = set(value) - keys
        if unknown:
            raise self.fail(
                f"{where}.{sorted(unknown)[0]}",
                f"unknown key; expected one of {', '.join(sorted(keys))}",
            )
        return value

    def names(self, value: Any, where: str) -> dict[str, str]:
        data = self.mapping(value, where, set(LANGUAGES))
        out = {}
        for lang, text in data.items():
            if not isinstance(text, str) or not text.strip():
                raise self.fail(f"{where}.{lang}", "must be a non-empty string")
            out[lang] = text.strip()
        if "en" not in out:
            raise self.fail(f"{where}.en", "is required (the name shown when no other fits)")
        return out

    def phrases(self, value: Any, where: str) -> dict[str, tuple[str, ...]]:
        if value is None:
            return {}
        data = self.mapping(value, where, set(LANGUAGES))
        out = {}
        for lang, words in data.items():
            if not isinstance(words, list) or not all(isinstance(w, str) and w for w in words):
                raise self.fail(
                    f"{where}.{lang}",
                    "must be a list of non-empty strings (put yes/no/on/off in quotes)",
                )
            out[lang] = tuple(words)
        return out

    def policy(self, value: Any, where: str) -> dict[str, str]:
        if value is None:
            return {}
        data = self.mapping(value, where, set(SPEAKERS))
        for speaker, action in data.items():
            if action not in ACTIONS:
                raise self.fail(
                    f"{where}.{speaker}",
                    f"unknown action {action!r}; expected one of {', '.join(ACTIONS)}",
                )
        return dict(data)

    def redaction(self, value: Any, where: str) -> OperatorSpec | None:
        if value is None:
            return None
        if not isinstance(value, dict) or "operator" not in value:
            raise self.fail(where, "must be a mapping with an 'operator'")
        operator = value["operator"]
        if operator not in OPERATORS:
            raise self.fail(
                f"{where}.operator",
                f"unknown operator {operator!r}; expected one of {', '.join(OPERATORS)}",
            )
        params = {k: v for k, v in value.items() if k != "operator"}
        unknown = set(params) - _OPERATOR_PARAMS[operator]
        if unknown:
            raise self.fail(f"{where}.{sorted(unknown)[0]}", f"is not a {operator} parameter")
        return OperatorSpec(operator, params)

    def request(self, value: Any, where: str) -> RequestDeclaration | None:
        if value is None:
            return None
        data = self.mapping(value, where, _REQUEST_KEYS)
        may_ask = data.get("agents_may_ask")
        if not isinstance(may_ask, bool):
            raise self.fail(f"{where}.agents_may_ask", "is required: true or false")
        weight = data.get("risk_weight")
        if weight is not None and (
            isinstance(weight, bool) or not isinstance(weight, (int, float)) or not 0 <= weight <= 1
        ):
            raise self.fail(f"{where}.risk_weight", "must be a number between 0 and 1")
        words = self.phrases(data.get("words"), f"{where}.words")
        return RequestDeclaration(
            agents_may_ask=may_ask,
            risk_weight=None if weight is None else float(weight),
            words=words,
            descriptions=self.phrases(data.get("descriptions"), f"{where}.descriptions"),
        )


def parse_type(value: Any, entity: str, source: str, where: str = "type") -> TypeDeclaration:
    """The declaration of ``entity`` from a spec's ``type:`` section (or a class's TYPE)."""
    f = _Fields(source)
    data = f.mapping(value, where, _TYPE_KEYS)
    if "display" not in data:
        raise f.fail(f"{where}.display", "is required: {en: ..., zh: ...}")
    display = f.names(data["display"], f"{where}.display")
    chip = f.names(data["chip"], f"{where}.chip") if "chip" in data else display
    return TypeDeclaration(
        entity=entity,
        source=source,
        display=display,
        chip=chip,
        policy=f.policy(data.get("policy"), f"{where}.policy"),
        redaction=f.redaction(data.get("redaction"), f"{where}.redaction"),
        request=f.request(data.get("request"), f"{where}.request"),
    )
