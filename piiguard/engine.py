"""The detection engine: one presidio AnalyzerEngine for ``en`` and ``zh``.

It is built from a recognizer pack (:mod:`piiguard.pack`), a spaCy NLP engine that
needs no download (blank ``en`` / ``zh`` pipelines unless an installed pipeline package
is named) and the label-window context enhancer (:mod:`piiguard.context`). Text is
normalised first (:mod:`piiguard.normalize`) and findings are mapped back to the
original offsets, so spoken and full-width numbers are found where they were said.

Nothing here touches the network: importing this module points tldextract (pulled in by
presidio's e-mail recognizer) at its bundled suffix-list snapshot, and a spaCy pipeline
that is not installed is an error, never a download.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

import spacy
from presidio_analyzer import (
    AnalyzerEngine,
    EntityRecognizer,
    RecognizerRegistry,
    RecognizerResult,
)
from presidio_analyzer.nlp_engine import NlpArtifacts, SpacyNlpEngine

from piiguard import offline
from piiguard.context import LabelContextEnhancer
from piiguard.errors import ConfigError
from piiguard.language import detect_language
from piiguard.model import Finding
from piiguard.normalize import NormalizedText, normalize
from piiguard.pack import LoadedRecognizer, RecognizerPack
from piiguard.pattern_needs import TextFacts, text_facts
from piiguard.scripts import ScriptRoutedRecognizer

__all__ = ["DEFAULT_SCORE_THRESHOLD", "Detector", "Explained", "OfflineSpacyNlpEngine"]

offline.disable_suffix_list_download()

DEFAULT_SCORE_THRESHOLD = 0.5
SUPPORTED_LANGUAGES = ("en", "zh")


class _MemoRegistry(RecognizerRegistry):
    """Presidio's registry, remembering which recognizers serve a request.

    The analyzer asks it for every turn, and presidio filters every recognizer for every
    requested entity each time; the answer only changes when a recognizer is added or
    removed, which forgets what was remembered.
    """

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self._memo: dict[tuple[Any, ...], list[EntityRecognizer]] = {}

    def get_recognizers(
        self,
        language: str,
        entities: list[str] | None = None,
        all_fields: bool = False,
        ad_hoc_recognizers: list[EntityRecognizer] | None = None,
    ) -> list[EntityRecognizer]:
        if ad_hoc_recognizers:
            return super().get_recognizers(language, entities, all_fields, ad_hoc_recognizers)
        # The list's identity and length too: other presidio methods replace or extend it.
        recognizers = cast(list[EntityRecognizer], self.recognizers)
        key = (
            language,
            None if entities is None else tuple(entities),
            all_fields,
            id(recognizers),
            len(recognizers),
        )
        found = self._memo.get(key)
        if found is None:
            # Presidio collects them in a set: its order follows the objects' addresses,
            # so which of two recognizers with the same finding (same span, type and
            # score) presidio keeps would differ from one Guard or process to the next.
            # Registration order instead: the same Guard config, the same results.
            position = {id(r): i for i, r in enumerate(recognizers)}
            found = sorted(
                super().get_recognizers(language, entities, all_fields),
                key=lambda r: position.get(id(r), len(position)),
            )
            self._memo[key] = found
        return list(found)

    def add_recognizer(self, recognizer: EntityRecognizer) -> None:
        self._memo.clear()
        super().add_recognizer(recognizer)

    def remove_recognizer(self, recognizer_name: str, language: str | None = None) -> None:
        self._memo.clear()
        super().remove_recognizer(recognizer_name, language)


class OfflineSpacyNlpEngine(SpacyNlpEngine):
    """Presidio's spaCy engine that never downloads: ``blank:xx`` or an installed package."""

    def load(self) -> None:
        pipelines: dict[str, Any] = {}
        self.nlp = pipelines  # type: ignore[assignment]  # presidio declares it None until loaded
        for model in self.models:
            name = model["model_name"]
            lang = model["lang_code"]
            if name.startswith("blank:"):
                pipelines[lang] = spacy.blank(name.split(":", 1)[1])
            elif spacy.util.is_package(name) or Path(name).exists():
                pipelines[lang] = spacy.load(name)
            else:
                raise ConfigError(
                    f"spaCy pipeline {name!r} is not installed and piiguard never downloads "
                    f"models; install its package or use 'blank:{lang}'",
                    field=f"spacy_models.{lang}",
                )


@dataclass(frozen=True, slots=True)
class Explained:
    """A finding with presidio's decision process, for ``piiguard explain``."""

    finding: Finding
    value_preview: str
    pattern: str | None
    original_score: float
    context_word: str | None
    validation: bool | None
    notes: tuple[str, ...]
    kept: bool


def _resolve_overlaps(
    results: list[tuple[RecognizerResult, int]], text: str
) -> list[RecognizerResult]:
    """Keep the best of overlapping findings: higher score, then priority, then longer.

    Fail closed where a loser reaches letters or digits beyond the kept finding: a loser
    that contains the kept one replaces it (a resident ID whose first 17 digits also read
    as a card is the ID, check character included); one that only overlaps extends it.
    Punctuation a loser took in (a colon before a password) is not worth a wider span.
    """
    # A total order (type and recognizer name last): presidio hands results over in an
    # order that follows string hashes, which change from one process to the next.
    ordered = sorted(
        results,
        key=lambda rp: (
            -rp[0].score,
            -rp[1],
            -(rp[0].end - rp[0].start),
            rp[0].start,
            rp[0].entity_type,
            _recognizer_name(rp[0]),
        ),
    )
    kept: list[RecognizerResult] = []
    for result, _ in ordered:
        overlapping = [k for k in kept if result.start < k.end and k.start < result.end]
        if not overlapping:
            kept.append(result)
            continue
        if len(overlapping) > 1:
            continue
        winner = overlapping[0]
        left = _has_alnum(text[result.start : winner.start])
        right = _has_alnum(text[winner.end : result.end])
        if result.start <= winner.start and result.end >= winner.end and (left or right):
            kept[kept.index(winner)] = result
            continue
        if left:
            winner.start = result.start
        if right:
            winner.end = result.end
    return sorted(kept, key=lambda r: (r.start, r.end))


def _has_alnum(text: str) -> bool:
    return any(ch.isalnum() for ch in text)


class Detector:
    """Finds sensitive values in one turn of text; see the module docstring."""

    def __init__(
        self,
        pack: RecognizerPack,
        *,
        spacy_models: dict[str, str] | None = None,
        score_threshold: float = DEFAULT_SCORE_THRESHOLD,
    ):
        self.pack = pack
        self.score_threshold = score_threshold
        models = {lang: f"blank:{lang}" for lang in SUPPORTED_LANGUAGES} | (spacy_models or {})
        nlp_engine = OfflineSpacyNlpEngine(
            models=[{"lang_code": lang, "model_name": name} for lang, name in models.items()]
        )
        registry = _MemoRegistry(supported_languages=list(SUPPORTED_LANGUAGES))
        self._priority: dict[str, int] = {}
        for loaded in pack.recognizers:
            own = [lang for lang in loaded.languages if lang in SUPPORTED_LANGUAGES]
            for lang in own:
                recognizer = loaded.instantiate(lang)
                registry.add_recognizer(recognizer)
                self._priority[recognizer.id] = getattr(recognizer, "priority", 50)
            # A one-language recognizer reads the other language's turns too, on the
            # parts written in its script (piiguard.scripts): mixed turns get both.
            for lang in SUPPORTED_LANGUAGES:
                if own and lang not in own:
                    routed = ScriptRoutedRecognizer(loaded.instantiate(own[0]), lang, own[0])
                    registry.add_recognizer(routed)
                    self._priority[routed.id] = getattr(routed.inner, "priority", 50)
        self.analyzer = AnalyzerEngine(
            registry=registry,
            nlp_engine=nlp_engine,
            supported_languages=list(SUPPORTED_LANGUAGES),
            context_aware_enhancer=LabelContextEnhancer(),
            default_score_threshold=score_threshold,
        )
        # Spec recognizers read characters, not tokens: when every recognizer is one,
        # the spaCy pass is skipped (an installed pipeline or a class-based recognizer
        # from a plugin brings it back).
        uses_nlp = any(_needs_nlp(r) for r in pack.recognizers) or bool(spacy_models)
        self._no_nlp = (
            None
            if uses_nlp
            else {
                lang: NlpArtifacts(
                    entities=[],
                    tokens=cast(Any, []),  # no Doc: spec recognizers never read tokens
                    tokens_indices=[],
                    lemmas=[],
                    nlp_engine=nlp_engine,
                    language=lang,
                )
                for lang in SUPPORTED_LANGUAGES
            }
        )

    @property
    def entities(self) -> list[str]:
        return self.pack.entities

    def _candidate_entities(self, norm: NormalizedText) -> list[str]:
        """Entity types that could be found in ``norm`` at all (the fast path).

        Most support turns hold no digit and no label: their prefilters rule every
        spec out and presidio is not called. A recognizer without a declared
        prefilter is always a candidate.
        """
        facts = text_facts(norm.text)
        return sorted({r.entity for r in self.pack.recognizers if _may_match(r, facts)})

    def _analyze(
        self, norm: NormalizedText, language: str, context: Sequence[str], decision: bool
    ) -> list[RecognizerResult]:
        entities = self._candidate_entities(norm)
        if not entities:
            return []
        return self.analyzer.analyze(
            norm.text,
            language=language,
            entities=entities,
            context=list(context) or None,
            score_threshold=0.0 if decision else self.score_threshold,
            return_decision_process=decision,
            nlp_artifacts=self._no_nlp[language] if self._no_nlp else None,
        )

    def detect(
        self, text: str, language: str | None = None, context: Sequence[str] = ()
    ) -> list[Finding]:
        """Findings in ``text`` at original offsets, overlaps resolved, sorted by start.

        ``context`` holds label words carried from earlier turns (see
        :class:`piiguard.context.LabelContextEnhancer`).
        """
        if not text.strip():
            return []
        norm = normalize(text)
        lang = language or detect_language(text)
        results = self._analyze(norm, lang, context, decision=False)
        kept = _resolve_overlaps([(r, self._priority.get(_rid(r), 50)) for r in results], norm.text)
        findings = []
        for r in kept:
            start, end = norm.to_original(r.start, r.end)
            name = r.recognition_metadata.get(RecognizerResult.RECOGNIZER_NAME_KEY, "")
            findings.append(Finding(r.entity_type, start, end, float(r.score), name))
        return findings

    def explain(
        self, text: str, language: str | None = None, context: Sequence[str] = ()
    ) -> list[Explained]:
        """Every candidate match with presidio's decision process and whether it was kept."""
        norm = normalize(text)
        lang = language or detect_language(text)
        results = self._analyze(norm, lang, context, decision=True)
        final = {(f.start, f.end, f.type) for f in self.detect(text, lang, context)}
        out = []
        for r in sorted(results, key=lambda r: (r.start, -r.score)):
            start, end = norm.to_original(r.start, r.end)
            exp = r.analysis_explanation
            finding = Finding(
                r.entity_type,
                start,
                end,
                float(r.score),
                r.recognition_metadata.get(RecognizerResult.RECOGNIZER_NAME_KEY, ""),
            )
            out.append(
                Explained(
                    finding=finding,
                    value_preview=_preview(text[start:end]),
                    pattern=getattr(exp, "pattern_name", None),
                    original_score=float(getattr(exp, "original_score", r.score) or 0.0),
                    context_word=getattr(exp, "supportive_context_word", None) or None,
                    validation=getattr(exp, "validation_result", None),
                    notes=tuple((getattr(exp, "textual_explanation", None) or "").splitlines()),
                    kept=(start, end, r.entity_type) in final,
                )
            )
        return out


def _needs_nlp(recognizer: LoadedRecognizer) -> bool:
    """A class-based recognizer reads spaCy tokens unless it says ``NEEDS_NLP = False``."""
    return recognizer.spec is None and getattr(recognizer.cls, "NEEDS_NLP", True) is not False


def _may_match(recognizer: LoadedRecognizer, facts: TextFacts) -> bool:
    """Whether a recognizer can match a text with these facts: a spec says so from its
    patterns; a class may declare ``MIN_DIGITS`` (the fewest digits any match holds)."""
    if recognizer.spec is not None:
        return recognizer.spec.may_match(facts)
    min_digits = getattr(recognizer.cls, "MIN_DIGITS", 0)
    return not isinstance(min_digits, int) or facts.digits >= min_digits


def _recognizer_name(result: RecognizerResult) -> str:
    return str(result.recognition_metadata.get(RecognizerResult.RECOGNIZER_NAME_KEY, ""))


def _rid(result: RecognizerResult) -> str:
    return result.recognition_metadata.get(RecognizerResult.RECOGNIZER_IDENTIFIER_KEY, "")


def _preview(value: str) -> str:
    """A masked preview of a value: its length and shape, never its characters."""
    return "".join("#" if c.isdigit() else "*" if not c.isspace() else " " for c in value)
