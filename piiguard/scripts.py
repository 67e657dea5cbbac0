"""Routing by script: a recognizer of one language also reads the other language's turns,
on the parts written in its own script.

Support chat mixes Chinese and English in one turn ("身分證 A123456789, NI number
JG103759A"), and the turn is analysed in the one language it is detected as. A
recognizer declared for ``en`` only would never see a turn detected as ``zh``. The
detector therefore registers such a recognizer for the other language too, wrapped in
:class:`ScriptRoutedRecognizer`: on that language's turns it reads the turn with the
other script blanked out (same length, so offsets hold), and only when the turn holds
its own script at all. Each recognizer still runs once per turn: a bilingual recognizer
reads the whole turn, a one-language one reads its script's runs.
"""

from __future__ import annotations

from typing import Any

import regex
from presidio_analyzer import EntityRecognizer, RecognizerResult

__all__ = ["ScriptRoutedRecognizer", "script_parts"]

# What blanks the *other* script out of a turn, for a recognizer of this language. Han
# characters for the Latin-script (en) parts; whole Latin words for the Han (zh) parts,
# not letters glued to digits (an ID's check letter X, a "G-" code prefix stay).
_OTHER_SCRIPT = {
    "en": regex.compile(r"[\p{Han}\u3000-\u303f\uff01-\uff0f\uff1a-\uff20]"),
    "zh": regex.compile(r"(?<![A-Za-z0-9])[A-Za-z]{2,}(?![A-Za-z0-9])"),
}
_OWN_SCRIPT = {"en": regex.compile(r"[A-Za-z]"), "zh": regex.compile(r"\p{Han}")}


def script_parts(text: str, language: str) -> str | None:
    """``text`` with everything not in ``language``'s script blanked to spaces (offsets
    kept), or None when no part of it is written in that script."""
    own = _OWN_SCRIPT.get(language)
    if own is None:
        return text
    if own.search(text) is None:
        return None
    return _OTHER_SCRIPT[language].sub(lambda m: " " * len(m.group()), text)


class ScriptRoutedRecognizer(EntityRecognizer):
    """``inner`` (a recognizer of ``script_language``) registered for ``language``: it
    reads only the parts of a turn written in its own script. Results keep the inner
    recognizer's identity, so the context enhancer and the priorities find it."""

    def __init__(self, inner: EntityRecognizer, language: str, script_language: str):
        self.inner = inner
        self.script_language = script_language
        super().__init__(
            supported_entities=list(inner.supported_entities),
            name=str(getattr(inner, "name", "")),
            supported_language=language,
            version=inner.version,
            context=list(inner.context or []),
        )
        self._id = inner.id

    def __getattr__(self, name: str) -> Any:
        # context_spec, negative_context_spec, priority, spec ...: the inner recognizer's
        if name == "inner":
            raise AttributeError(name)
        return getattr(self.inner, name)

    def load(self) -> None:
        return None

    def analyze(self, text: str, entities: list[str], nlp_artifacts=None) -> list[RecognizerResult]:  # noqa: ANN001
        parts = script_parts(text, self.script_language)
        if parts is None:
            return []
        return self.inner.analyze(parts, entities, nlp_artifacts)

    def enhance_using_context(
        self,
        text: str,
        raw_recognizer_results: list[RecognizerResult],
        other_raw_recognizer_results: list[RecognizerResult],
        nlp_artifacts=None,  # noqa: ANN001
        context: list[str] | None = None,
    ) -> list[RecognizerResult]:
        return self.inner.enhance_using_context(
            text, raw_recognizer_results, other_raw_recognizer_results, nlp_artifacts, context
        )
