"""SpecRecognizer: a presidio PatternRecognizer built from a :class:`RecognizerSpec`.

What it adds to presidio's PatternRecognizer:

* a regex group named ``value`` narrows the finding to the value, so a pattern can
  require its label ("密码是 (?P<value>...)") without redacting the label;
* validators by name (spec-wide or per pattern) and optional Python hooks
  ``validate(value)`` / ``invalidate(value)`` from a module next to the spec; a match
  that fails validation is dropped, one that passes keeps its pattern's score (so a weak
  pattern still needs context, unlike presidio's "validated means 1.0");
* an allow list of values never reported;
* ``near``: findings of related entity types close by count as context (a CVV next to a
  card number), applied in presidio's recognizer-level ``enhance_using_context``.

Label-word context (before the match, or carried from earlier turns) is applied by
:class:`piiguard.context.LabelContextEnhancer`, which reads :attr:`context_spec` and
:attr:`negative_context_spec`.
"""

from __future__ import annotations

import logging
import threading
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

import regex
from presidio_analyzer import (
    AnalysisExplanation,
    EntityRecognizer,
    Pattern,
    PatternRecognizer,
    RecognizerResult,
)

from piiguard.errors import PatternTimeout
from piiguard.pattern_needs import NOTHING, text_facts
from piiguard.spec import ContextSpec, RecognizerSpec
from piiguard.validators import get_validator

__all__ = ["RecognizerHooks", "SpecRecognizer", "pattern_timeouts"]

_FLAGS = regex.IGNORECASE | regex.MULTILINE | regex.DOTALL
_REGEX_TIMEOUT_SECONDS = 1.0

log = logging.getLogger("piiguard")
_timeouts: Counter[str] = Counter()
_timeouts_lock = threading.Lock()


def _count_timeout(recognizer: str, pattern: str) -> None:
    with _timeouts_lock:
        _timeouts[f"{recognizer}/{pattern}"] += 1
    log.warning(
        "pattern timed out; turn blocked", extra={"recognizer": recognizer, "pattern": pattern}
    )


def pattern_timeouts() -> dict[str, int]:
    """How often each ``recognizer/pattern`` ran past its time limit in this process
    (names only: a metric label never holds text)."""
    with _timeouts_lock:
        return dict(_timeouts)


@dataclass(frozen=True, slots=True)
class RecognizerHooks:
    """Optional Python checks that a spec's sibling module provides."""

    validate: Callable[[str], bool] | None = None
    invalidate: Callable[[str], bool] | None = None


class SpecRecognizer(PatternRecognizer):
    """A presidio pattern recognizer driven by a spec (see :mod:`piiguard.spec`)."""

    def __init__(self, spec: RecognizerSpec, language: str, hooks: RecognizerHooks | None = None):
        self.spec = spec
        self.hooks = hooks or RecognizerHooks()
        self.context_spec: ContextSpec = spec.context
        self.negative_context_spec: ContextSpec = spec.negative_context
        self.priority = spec.priority
        patterns = [Pattern(p.name, p.regex, p.score) for p in spec.patterns]
        super().__init__(
            supported_entity=spec.entity,
            name=spec.name,
            supported_language=language,
            patterns=patterns,
            deny_list=list(spec.deny_list),
            context=list(spec.context.all_words()),
            global_regex_flags=_FLAGS,
        )
        self.patterns: list[Pattern] = self.patterns  # presidio leaves the attribute untyped
        self._compiled = [regex.compile(p.regex, _FLAGS) for p in self.patterns]
        # A pattern whose needs the text does not meet cannot match: it is skipped (most
        # chat numbers are short codes, while card, ID and phone patterns need 9 to 17
        # digits; a date pattern needs its "/" or 年).
        self._needs = list(spec.needs) + [NOTHING] * (
            len(self.patterns) - len(spec.patterns)  # deny-list pattern
        )
        self._pattern_validators = [
            get_validator(p.validator) if p.validator else None for p in spec.patterns
        ] + [None] * (len(self.patterns) - len(spec.patterns))  # deny-list pattern
        self._validator = get_validator(spec.validator) if spec.validator else None
        self._invalidator = get_validator(spec.invalidator) if spec.invalidator else None
        self._allow = {a.lower() for a in spec.allow_list}

    # -- presidio hooks -------------------------------------------------------------

    def validate_result(self, pattern_text: str) -> bool | None:
        checks = [c for c in (self._validator, self.hooks.validate) if c is not None]
        if not checks:
            return None
        return all(c(pattern_text) for c in checks)

    def invalidate_result(self, pattern_text: str) -> bool | None:
        checks = [c for c in (self._invalidator, self.hooks.invalidate) if c is not None]
        if not checks:
            return None
        return any(c(pattern_text) for c in checks)

    def analyze(self, text: str, entities: list[str], nlp_artifacts=None, regex_flags=None):  # noqa: ANN001
        results: list[RecognizerResult] = []
        facts = text_facts(text)
        for pattern, compiled, pattern_validator, needs in zip(
            self.patterns, self._compiled, self._pattern_validators, self._needs, strict=True
        ):
            if not needs.met_by(facts):
                continue
            try:
                matches = list(compiled.finditer(text, timeout=_REGEX_TIMEOUT_SECONDS))
            except TimeoutError:
                # Fail closed: dropping this pattern's matches would pass any real value
                # it holds. The turn is blocked by its caller; only names are recorded.
                _count_timeout(self.spec.name, pattern.name)
                raise PatternTimeout(self.spec.name, pattern.name) from None
            for match in matches:
                result = self._result(text, match, pattern, pattern_validator)
                if result is not None:
                    results.append(result)
        if not results or (len(results) == 1 and results[0].score > 0):
            return results  # what remove_duplicates would return, without its sorting
        return EntityRecognizer.remove_duplicates(results)

    def _result(
        self,
        text: str,
        match: regex.Match[str],
        pattern: Pattern,
        pattern_validator: Callable[[str], bool] | None,
    ) -> RecognizerResult | None:
        start, end = match.span("value") if "value" in match.re.groupindex else match.span()
        if start < 0 or start == end:
            return None
        value = text[start:end]
        if value.lower() in self._allow:
            return None
        validation = self.validate_result(value)
        if pattern_validator is not None:
            ok = pattern_validator(value)
            validation = ok if validation is None else (validation and ok)
        if validation is False or self.invalidate_result(value):
            return None
        explanation = AnalysisExplanation(
            recognizer=self.spec.name,
            original_score=pattern.score,
            pattern_name=pattern.name,
            pattern=pattern.regex,
            validation_result=validation,  # type: ignore[arg-type]  # presidio accepts None
        )
        return RecognizerResult(
            entity_type=self.supported_entities[0],
            start=start,
            end=end,
            score=pattern.score,
            analysis_explanation=explanation,
            recognition_metadata={
                RecognizerResult.RECOGNIZER_NAME_KEY: self.spec.name,
                RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
            },
        )

    def enhance_using_context(
        self,
        text: str,
        raw_recognizer_results: list[RecognizerResult],
        other_raw_recognizer_results: list[RecognizerResult],
        nlp_artifacts=None,  # noqa: ANN001
        context: list[str] | None = None,
    ) -> list[RecognizerResult]:
        """Raise the score of matches that sit next to a related finding (``near``)."""
        if not self.spec.near_entities:
            return raw_recognizer_results
        related = [
            r
            for r in other_raw_recognizer_results
            if r.entity_type in self.spec.near_entities and r.score >= 0.5
        ]
        distance = self.spec.near_distance
        for result in raw_recognizer_results:
            for other in related:
                gap = (
                    result.start - other.end
                    if other.end <= result.start
                    else other.start - result.end
                )
                if 0 <= gap <= distance:
                    boosted = min(1.0, max(result.score + self.context_spec.boost, 0.6))
                    if boosted > result.score:
                        result.score = boosted
                        if result.analysis_explanation:
                            result.analysis_explanation.set_improved_score(boosted)
                            result.analysis_explanation.append_textual_explanation_line(
                                f"near a {other.entity_type} finding"
                            )
                    break
        return raw_recognizer_results
