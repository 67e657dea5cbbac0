"""Label-window context that works for Chinese, English and ASR text.

Presidio's default enhancer compares whole lemmatised tokens around a match with the
recognizer's context words. Chinese has no spaces and no lemmas and ASR text has no
punctuation, so that fails exactly where piiguard needs it. This enhancer instead looks
for *label words* ("验证码", "card number", "CVV") in a character window before the match:

* the window ends at the match and reaches back ``context.window`` characters, but never
  past an earlier value (a run of 3+ digits, a date): a label belongs to the value right after it,
  so in "卡号 6222... 有效期 09/27 CVV 123" each value sees its own label;
* with no label before the value (positive or negative), a positive label in the
  :data:`AFTER_WINDOW` characters after it counts ("551299, that's the code", "8241 3119
  是我的验证码"), unless the next value or a negative label comes first;
* the nearest label decides: a positive label (the recognizer's ``context``) raises the
  score by ``boost`` to at least :data:`MIN_SCORE_WITH_CONTEXT`; a negative label
  (``negative_context``: "order", "订单号", "尾号") nearer than any positive one sets the
  score to :data:`VETOED_SCORE`, far below any threshold, and the match is dropped -
  unless the spec gives the negative context a ``floor`` and the match passed its
  validator (a Luhn-valid card number): then the score is only lowered to the floor;
* labels carried from earlier turns arrive through presidio's ``context`` argument of
  ``AnalyzerEngine.analyze`` (the agent asked "what's the code on your phone?", so a bare
  "386152" in the reply is a code); they raise the score the same way unless a negative
  label sits in the window.

Every change is written into the result's ``analysis_explanation`` (supportive context
word, improved score, a line of text), which is what ``piiguard explain`` shows.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import regex
from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.context_aware_enhancers import ContextAwareEnhancer

from piiguard.labels import LabelHit, LabelMatcher
from piiguard.spec import ContextSpec

__all__ = ["MIN_SCORE_WITH_CONTEXT", "LabelContextEnhancer"]

MIN_SCORE_WITH_CONTEXT = 0.6
VETOED_SCORE = 0.01
# An earlier value ends a label window: a run of 3+ digits, or a date such as 08/29
# (so "exp 08/29 417" does not give the 417 the expiry's label).
# How far after a value a label may follow it when none precedes it: one short clause.
AFTER_WINDOW = 32
_PREVIOUS_VALUE = regex.compile(r"\d{3,}|\d{1,2}\s?/\s?\d{2,4}")


@dataclass(frozen=True, slots=True)
class _RecognizerContext:
    positive: LabelMatcher
    negative: LabelMatcher
    positive_words: frozenset[str]
    negative_words: frozenset[str]
    window: int
    negative_window: int
    negative_floor: float | None
    boost: float
    entity: str


def _window_start(text: str, start: int, window: int) -> int:
    """Where the label window of a match at ``start`` begins (see module doc)."""
    lo = max(0, start - window)
    last = None
    for m in _PREVIOUS_VALUE.finditer(text, lo, start):
        last = m
    return last.end() if last is not None else lo


class LabelContextEnhancer(ContextAwareEnhancer):
    """Presidio context enhancer over character windows; see the module docstring."""

    def __init__(self, default_window: int = 32, default_boost: float = 0.35):
        super().__init__(
            context_similarity_factor=default_boost,
            min_score_with_context_similarity=MIN_SCORE_WITH_CONTEXT,
            context_prefix_count=0,
            context_suffix_count=0,
        )
        self.default_window = default_window
        self._cache: dict[str, _RecognizerContext] = {}

    def _context_of(self, recognizer: EntityRecognizer) -> _RecognizerContext:
        cached = self._cache.get(recognizer.id)
        if cached is not None:
            return cached
        positive = getattr(recognizer, "context_spec", None)
        negative = getattr(recognizer, "negative_context_spec", None) or ContextSpec()
        if positive is None:  # a plain presidio recognizer: its context list, our window
            positive = ContextSpec(
                words={"any": tuple(recognizer.context or ())}, window=self.default_window
            )
        pos_words = positive.all_words()
        neg_words = negative.all_words()
        ctx = _RecognizerContext(
            positive=LabelMatcher(pos_words),
            negative=LabelMatcher(neg_words),
            positive_words=frozenset(pos_words),
            negative_words=frozenset(neg_words),
            window=positive.window,
            negative_window=negative.window if negative.words else 0,
            negative_floor=negative.floor,
            boost=positive.boost,
            entity=(recognizer.supported_entities or [""])[0].lower(),
        )
        self._cache[recognizer.id] = ctx
        return ctx

    def enhance_using_context(
        self,
        text: str,
        raw_results: list[RecognizerResult],
        nlp_artifacts=None,  # noqa: ANN001
        recognizers: list[EntityRecognizer] | None = None,
        context: list[str] | None = None,
    ) -> list[RecognizerResult]:
        by_id = {r.id: r for r in recognizers or []}
        carried = {w.lower() for w in context or ()}
        for result in raw_results:
            recognizer = by_id.get(
                result.recognition_metadata.get(RecognizerResult.RECOGNIZER_IDENTIFIER_KEY)
            )
            if recognizer is None:
                continue
            self._enhance_one(text, result, self._context_of(recognizer), carried)
        return raw_results

    def _enhance_one(
        self, text: str, result: RecognizerResult, ctx: _RecognizerContext, carried: set[str]
    ) -> None:
        pos_hit = neg_hit = None
        if ctx.positive:
            pos_hit = ctx.positive.last(
                text, _window_start(text, result.start, ctx.window), result.start
            )
        if ctx.negative:
            neg_hit = ctx.negative.last(
                text, _window_start(text, result.start, ctx.negative_window), result.start
            )
        if pos_hit is None and neg_hit is None and ctx.positive:
            pos_hit = _label_after(text, result.end, ctx)
        explanation = result.analysis_explanation
        if neg_hit is not None and (pos_hit is None or _nearer_or_wider(neg_hit, pos_hit)):
            validated = explanation is not None and explanation.validation_result is True
            if ctx.negative_floor is not None and validated:
                # A checksum-valid value stays reported, with less confidence: a
                # negative label may relabel it (a higher-scored type wins), never
                # leave it in the text.
                lowered = min(result.score, ctx.negative_floor)
                result.score = lowered
                if explanation:
                    explanation.set_improved_score(lowered)
                    explanation.append_textual_explanation_line(
                        f"negative context word (validated, kept): {neg_hit.label}"
                    )
                return
            # Not 0: presidio discards zero-score results before `explain` could show them.
            result.score = VETOED_SCORE
            if explanation:
                explanation.set_improved_score(VETOED_SCORE)
                explanation.append_textual_explanation_line(
                    f"negative context word: {neg_hit.label}"
                )
            return
        word = pos_hit.label if pos_hit is not None else None
        source = "context word"
        if word is None:
            word = _first(carried & (ctx.positive_words | {ctx.entity}))
            source = "context from earlier turns"
        if word is None:
            return
        improved = min(1.0, max(result.score + ctx.boost, self.min_score_with_context_similarity))
        if improved <= result.score:
            return
        result.score = improved
        result.recognition_metadata[RecognizerResult.IS_SCORE_ENHANCED_BY_CONTEXT_KEY] = True
        if explanation:
            explanation.set_improved_score(improved)
            explanation.set_supportive_context_word(word)
            explanation.append_textual_explanation_line(f"{source}: {word}")


def _label_after(text: str, end: int, ctx: _RecognizerContext) -> LabelHit | None:
    """A positive label right after a value with no label before it ("551299, that's the
    code", "8241 3119 是我的验证码"): within :data:`AFTER_WINDOW` characters, before any
    next value, and not behind a negative label nearer to the value."""
    hi = min(len(text), end + AFTER_WINDOW)
    following = _PREVIOUS_VALUE.search(text, end, hi)
    if following is not None:
        hi = following.start()
    positive = ctx.positive.find_all(text, end, hi)
    if not positive:
        return None
    negative = ctx.negative.find_all(text, end, hi) if ctx.negative else []
    if negative and negative[0].start <= positive[0].start:
        return None
    return positive[0]


def _nearer_or_wider(neg: LabelHit, pos: LabelHit) -> bool:
    """A negative label wins when it is nearer, covers the positive one ("service
    account number" over "account number") or overlaps it from the left as one
    compound label ("utility account" + "account number")."""
    return neg.end > pos.end or neg.start <= pos.start < neg.end


def _first(words: Iterable[str]) -> str | None:
    return min(words, default=None)
