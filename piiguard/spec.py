"""Recognizer specs: the YAML a recognizer author writes, parsed and checked.

A spec file holds one recognizer::

    name: verification_code           # stable id, defaults to the file name
    entity: VERIFICATION_CODE         # UPPER_SNAKE entity type
    languages: [en, zh]
    priority: 50                      # breaks ties between overlapping types (higher wins)
    patterns:
      - name: digits
        regex: '(?<!\\d)\\d{4,8}(?!\\d)'  # a group named `value` narrows the finding
        score: 0.1                      # score of a match (after the validator passed)
    validator: luhn                   # optional, by name (see piiguard.validators)
    context:
      window: 40                      # characters before the match searched for labels
      boost: 0.35
      words: {en: [code, otp], zh: [验证码]}
    negative_context:                 # labels that say "this is something else"
      words: {en: [order], zh: [订单号]}
      floor: 0.55                     # optional: a validated match is lowered, not dropped
    near:                             # other findings that count as context
      entities: [CREDIT_CARD]
      distance: 40
    prefilter:                        # when can it match at all? (the fast path)
      digits: true                    # only in text with a digit, after normalisation
      words: [code, 验证码]             # ...or in text holding one of these
    deny_list: [...]                  # words always reported
    allow_list: [...]                 # values never reported
    examples:
      match: ["验证码 [[386152]]"]      # [[...]] marks the exact expected span
      no_match: ["订单号 38615203"]
    type: {...}                       # what the type means: names, policy, requests...
                                      # (see piiguard.types)

Presidio's own recognizer YAML (``supported_entity``, ``supported_language``,
``patterns``, ``context``, ``deny_list``; one recognizer or a ``recognizers:`` list) is
accepted as it is.

Every error names the file and the field: ``ConfigError("recognizers/x.yaml:
patterns[0].regex: does not compile: ...")``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import regex
import yaml

from piiguard.errors import ConfigError
from piiguard.pattern_needs import PatternNeeds, TextFacts, pattern_needs
from piiguard.types import TypeDeclaration, parse_type
from piiguard.validators import get_validator, validator_names

__all__ = [
    "ContextSpec",
    "Example",
    "PatternSpec",
    "RecognizerSpec",
    "load_spec_file",
    "parse_example",
    "parse_spec",
]

# How recognizer patterns are compiled (see piiguard.recognizer), for the standard parser.
PATTERN_FLAGS = re.IGNORECASE | re.MULTILINE | re.DOTALL
_ENTITY_RE = re.compile(r"^[A-Z][A-Z0-9_]*$")
_NAME_RE = re.compile(r"^[a-z][a-z0-9_]*$")
_EXAMPLE_RE = re.compile(r"\[\[(.+?)\]\]")
_KNOWN_KEYS = {
    "name",
    "entity",
    "description",
    "languages",
    "priority",
    "patterns",
    "validator",
    "invalidator",
    "context",
    "negative_context",
    "near",
    "deny_list",
    "allow_list",
    "examples",
    "version",
    "prefilter",
    "type",
}
_PRESIDIO_KEYS = {"supported_entity", "supported_entities", "supported_language"}


@dataclass(frozen=True, slots=True)
class PatternSpec:
    name: str
    regex: str
    score: float
    validator: str | None = None


@dataclass(frozen=True, slots=True)
class ContextSpec:
    """Label words per language, how far before a match to look, how much they count."""

    words: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    window: int = 32
    boost: float = 0.35
    # negative_context only: a match that passed its validator (a checksum) is lowered
    # to this score instead of dropped ("the card for the order is <a Luhn-valid PAN>"
    # is still a card number and must be masked). None: negative labels drop matches.
    floor: float | None = None

    def all_words(self) -> tuple[str, ...]:
        seen: dict[str, None] = {}
        for words in self.words.values():
            for w in words:
                seen.setdefault(w.lower(), None)
        return tuple(seen)


@dataclass(frozen=True, slots=True)
class Prefilter:
    """When a recognizer can match at all: only in text with a digit (after the spoken
    numbers are normalised), and/or only in text holding one of ``words``. Declared by
    the spec's author; without one the recognizer always runs (the safe default)."""

    digits: bool = False
    words: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Example:
    """An example text; ``spans`` are the exact expected finding spans, if marked."""

    text: str
    spans: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True, slots=True)
class RecognizerSpec:
    name: str
    entity: str
    languages: tuple[str, ...]
    patterns: tuple[PatternSpec, ...]
    source: str
    description: str = ""
    priority: int = 50
    validator: str | None = None
    invalidator: str | None = None
    context: ContextSpec = field(default_factory=ContextSpec)
    negative_context: ContextSpec = field(default_factory=ContextSpec)
    near_entities: tuple[str, ...] = ()
    near_distance: int = 40
    deny_list: tuple[str, ...] = ()
    allow_list: tuple[str, ...] = ()
    match_examples: tuple[Example, ...] = ()
    no_match_examples: tuple[Example, ...] = ()
    prefilter: Prefilter | None = None
    # What the entity type means beyond detection (piiguard.types), if this spec says.
    declaration: TypeDeclaration | None = None
    # Derived, not declared: what each pattern needs in a text to match there.
    needs: tuple[PatternNeeds, ...] = field(init=False, default=())
    # The fewest digits any match needs (0 with a deny list, whose words need none).
    fewest_digits: int = field(init=False, default=0)

    def __post_init__(self) -> None:
        needs = tuple(pattern_needs(p.regex, PATTERN_FLAGS) for p in self.patterns)
        object.__setattr__(self, "needs", needs)
        fewest = 0 if self.deny_list or not needs else min(n.min_digits for n in needs)
        object.__setattr__(self, "fewest_digits", fewest)

    def may_match(self, facts: TextFacts) -> bool:
        """False only when no match is possible: no pattern's needs are met by the text
        (a deny list's words need nothing), or the declared prefilter rules it out."""
        if facts.digits < self.fewest_digits:
            return False  # the common case, checked first: too few digits for any pattern
        pf = self.prefilter
        if pf is not None and not (
            (pf.digits and facts.digits > 0) or any(w in facts.lowered for w in pf.words)
        ):
            return False
        return bool(self.deny_list) or any(n.met_by(facts) for n in self.needs)


def parse_example(raw: str) -> Example:
    """``"card [[4111 1111 1111 1111]] ok"`` -> text without markup and the marked span."""
    spans = []
    out = []
    pos = 0
    for m in _EXAMPLE_RE.finditer(raw):
        out.append(raw[pos : m.start()])
        start = sum(len(p) for p in out)
        out.append(m.group(1))
        spans.append((start, start + len(m.group(1))))
        pos = m.end()
    out.append(raw[pos:])
    return Example("".join(out), tuple(spans))


class _Reader:
    """Reads fields of one spec, raising ConfigError that names file and field."""

    def __init__(self, source: str):
        self.source = source

    def fail(self, field_name: str, message: str) -> ConfigError:
        return ConfigError(message, source=self.source, field=field_name)

    def str_(
        self, data: Mapping[str, Any], key: str, where: str, *, required: bool = True
    ) -> str | None:
        value = data.get(key)
        if value is None:
            if required:
                raise self.fail(where, "is required")
            return None
        if not isinstance(value, str) or not value.strip():
            raise self.fail(where, f"must be a non-empty string, got {type(value).__name__}")
        return value

    def str_list(self, value: Any, where: str) -> tuple[str, ...]:
        if value is None:
            return ()
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            if isinstance(value, list) and any(isinstance(v, bool) for v in value):
                raise self.fail(
                    where,
                    "must be a list of non-empty strings (YAML reads yes/no/on/off "
                    "as true/false: put such words in quotes)",
                )
            raise self.fail(where, "must be a list of non-empty strings")
        return tuple(value)

    def number(self, value: Any, where: str, lo: float, hi: float) -> float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise self.fail(where, f"must be a number between {lo} and {hi}")
        if not lo <= value <= hi:
            raise self.fail(where, f"must be between {lo} and {hi}, got {value}")
        return float(value)

    def validator(self, value: Any, where: str) -> str | None:
        if value is None:
            return None
        if not isinstance(value, str):
            raise self.fail(where, "must be a validator name")
        try:
            get_validator(value)
        except KeyError:
            raise self.fail(
                where, f"unknown validator {value!r}; known: {', '.join(validator_names())}"
            ) from None
        return value

    def words(
        self, value: Any, where: str, languages: tuple[str, ...]
    ) -> dict[str, tuple[str, ...]]:
        if value is None:
            return {}
        if isinstance(value, list):  # presidio style: one list for every language
            words = self.str_list(value, where)
            return dict.fromkeys(languages, words) or {"any": words}
        if not isinstance(value, dict):
            raise self.fail(where, "must be a list of words or a mapping language -> words")
        return {str(lang): self.str_list(ws, f"{where}.{lang}") for lang, ws in value.items()}

    def context(self, value: Any, where: str, languages: tuple[str, ...]) -> ContextSpec:
        if value is None:
            return ContextSpec()
        if isinstance(value, list):
            return ContextSpec(words=self.words(value, where, languages))
        if not isinstance(value, dict):
            raise self.fail(where, "must be a mapping with 'words' (and optional window, boost)")
        unknown = set(value) - {"words", "window", "boost", "floor"}
        if unknown:
            raise self.fail(
                where, f"unknown key(s) {sorted(unknown)}; expected words, window, boost, floor"
            )
        window = int(self.number(value.get("window", 32), f"{where}.window", 1, 500))
        boost = self.number(value.get("boost", 0.35), f"{where}.boost", 0, 1)
        floor = value.get("floor")
        return ContextSpec(
            self.words(value.get("words"), f"{where}.words", languages),
            window,
            boost,
            None if floor is None else self.number(floor, f"{where}.floor", 0, 1),
        )

    def patterns(self, value: Any, where: str) -> tuple[PatternSpec, ...]:
        if value is None:
            return ()
        if not isinstance(value, list):
            raise self.fail(where, "must be a list of {name, regex, score}")
        out = []
        for i, item in enumerate(value):
            here = f"{where}[{i}]"
            if not isinstance(item, dict):
                raise self.fail(here, "must be a mapping with name, regex, score")
            name = self.str_(item, "name", f"{here}.name", required=False) or f"pattern_{i}"
            rx = self.str_(item, "regex", f"{here}.regex")
            try:
                regex.compile(rx)
            except regex.error as exc:
                raise self.fail(f"{here}.regex", f"does not compile: {exc}") from None
            score = self.number(item.get("score", 0.5), f"{here}.score", 0, 1)
            validator = self.validator(item.get("validator"), f"{here}.validator")
            assert rx is not None  # required above
            out.append(PatternSpec(name, rx, score, validator))
        return tuple(out)

    def prefilter(self, value: Any, where: str) -> Prefilter | None:
        if value is None:
            return None
        if not isinstance(value, dict) or set(value) - {"digits", "words"}:
            raise self.fail(where, "must be a mapping with 'digits' (true/false) and/or 'words'")
        digits = value.get("digits", False)
        if not isinstance(digits, bool):
            raise self.fail(f"{where}.digits", "must be true or false")
        words = tuple(w.lower() for w in self.str_list(value.get("words"), f"{where}.words"))
        if not digits and not words:
            raise self.fail(where, "needs digits: true or some words, or leave it out")
        return Prefilter(digits, words)

    def examples(self, value: Any, where: str) -> tuple[tuple[Example, ...], tuple[Example, ...]]:
        if value is None:
            return (), ()
        if not isinstance(value, dict) or set(value) - {"match", "no_match"}:
            raise self.fail(where, "must be a mapping with 'match' and/or 'no_match' lists")
        match = tuple(parse_example(e) for e in self.str_list(value.get("match"), f"{where}.match"))
        no_match = tuple(
            Example(e) for e in self.str_list(value.get("no_match"), f"{where}.no_match")
        )
        return match, no_match


def parse_spec(data: Any, source: str, default_name: str) -> RecognizerSpec:
    """Build a RecognizerSpec from one mapping of a YAML file (ours or presidio's)."""
    r = _Reader(source)
    if not isinstance(data, dict):
        raise r.fail("", "a recognizer spec must be a mapping")
    if data.keys() & _PRESIDIO_KEYS and "entity" not in data:
        data = _from_presidio(data, r)
    unknown = set(data) - _KNOWN_KEYS
    if unknown:
        raise r.fail(
            sorted(unknown)[0], f"unknown key; expected one of {', '.join(sorted(_KNOWN_KEYS))}"
        )

    name = r.str_(data, "name", "name", required=False) or default_name
    name = re.sub(r"[^a-z0-9_]+", "_", name.lower()).strip("_")
    if not _NAME_RE.match(name):
        raise r.fail("name", f"{name!r} must be lower_snake_case")
    entity = r.str_(data, "entity", "entity")
    assert entity is not None
    if not _ENTITY_RE.match(entity):
        raise r.fail("entity", f"{entity!r} must be UPPER_SNAKE_CASE, like CREDIT_CARD")
    languages = r.str_list(data.get("languages", ["en", "zh"]), "languages")
    if not languages:
        raise r.fail("languages", "must name at least one language")
    patterns = r.patterns(data.get("patterns"), "patterns")
    deny_list = r.str_list(data.get("deny_list"), "deny_list")
    if not patterns and not deny_list:
        raise r.fail("patterns", "a recognizer needs patterns or a deny_list")
    near = data.get("near") or {}
    if not isinstance(near, dict):
        raise r.fail("near", "must be a mapping with entities and distance")
    match, no_match = r.examples(data.get("examples"), "examples")
    priority = data.get("priority", 50)
    if isinstance(priority, bool) or not isinstance(priority, int):
        raise r.fail("priority", "must be an integer")
    return RecognizerSpec(
        name=name,
        entity=entity,
        languages=languages,
        patterns=patterns,
        source=source,
        description=str(data.get("description") or ""),
        priority=priority,
        validator=r.validator(data.get("validator"), "validator"),
        invalidator=r.validator(data.get("invalidator"), "invalidator"),
        context=r.context(data.get("context"), "context", languages),
        negative_context=r.context(data.get("negative_context"), "negative_context", languages),
        near_entities=r.str_list(near.get("entities"), "near.entities"),
        near_distance=int(r.number(near.get("distance", 40), "near.distance", 1, 500)),
        deny_list=deny_list,
        allow_list=r.str_list(data.get("allow_list"), "allow_list"),
        match_examples=match,
        no_match_examples=no_match,
        prefilter=r.prefilter(data.get("prefilter"), "prefilter"),
        declaration=None if data.get("type") is None else parse_type(data["type"], entity, source),
    )


def _from_presidio(data: dict[str, Any], r: _Reader) -> dict[str, Any]:
    """Translate presidio's PatternRecognizer.from_dict keys into ours."""
    entity = data.get("supported_entity")
    if entity is None:
        entities = data.get("supported_entities") or []
        entity = entities[0] if isinstance(entities, list) and entities else None
    if entity is None:
        raise r.fail("supported_entity", "is required")
    lang = data.get("supported_language", "en")
    langs = data.get("supported_languages")
    languages = langs if isinstance(langs, list) else [lang]
    out: dict[str, Any] = {
        "name": data.get("name"),
        "entity": entity,
        "languages": languages,
        "patterns": data.get("patterns"),
        "deny_list": data.get("deny_list"),
    }
    if data.get("context"):
        out["context"] = data["context"]
    if "examples" in data:
        out["examples"] = data["examples"]
    ignored = {
        "type",
        "version",
        "deny_list_score",
        "global_regex_flags",
        "supported_languages",
        "supported_language",
        "supported_entity",
        "supported_entities",
        "enabled",
    }
    unknown = set(data) - set(out) - ignored - {"context"}
    if unknown:
        raise r.fail(sorted(unknown)[0], "unknown key in a presidio recognizer")
    return {k: v for k, v in out.items() if v is not None}


def load_spec_file(path: Path) -> list[RecognizerSpec]:
    """All recognizer specs in one YAML file (one spec, or presidio's `recognizers:` list)."""
    source = str(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark is not None else None
        raise ConfigError(
            f"is not valid YAML: {getattr(exc, 'problem', exc)}", source=source, field=where
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot be read: {exc}", source=source) from None
    if isinstance(data, dict) and "recognizers" in data:
        items = data["recognizers"]
        if not isinstance(items, list):
            raise ConfigError("must be a list", source=source, field="recognizers")
        return [parse_spec(item, source, f"{path.stem}_{i}") for i, item in enumerate(items)]
    return [parse_spec(data, source, path.stem)]
