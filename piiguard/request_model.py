"""The learned back-up of the request rules: which items an agent turn asks for, from its
character and word n-grams, the item words the rules found in it (live or not) and the
request carried from the previous agent turn.

One logistic regression per requestable type, trained by ``python -m
piiguard.request_train`` (``make train-requests``) on the paraphrase sets' *tuning* parts
and the dev corpus' agent turns, written to ``data/request_model.json`` and read here with
the standard library. The rules decide first; the model can only add a type the rules did
not find, at a probability threshold chosen by cross-validation for precision, and every
addition carries the turn's masked phrase and the n-grams that weighed most for it.

Features are computed on the rules' own view (values masked, look-alikes folded,
misspellings respelled), with digits read as 0, so no value reaches a feature or the
evidence.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from piiguard.errors import ConfigError

__all__ = ["DEFAULT_MODEL_PATH", "RequestModel", "features"]

DEFAULT_MODEL_PATH = Path(__file__).parent / "data" / "request_model.json"
_DIGIT = re.compile(r"\d")
_WORD = re.compile(r"[a-z']+|[\u4e00-\u9fff]")
_SPACES = re.compile(r"\s+")
_EVIDENCE = 3


def features(view: str, prior: Iterable[str] = (), items: Iterable[str] = ()) -> set[str]:
    """The binary features of one agent turn's view (see the module docstring)."""
    t = _SPACES.sub(" ", _DIGIT.sub("0", view.lower())).strip()
    out = {f"p:{p}" for p in prior} | {f"i:{i}" for i in items}
    padded = f" {t} "
    for n in (2, 3, 4):
        out.update("c:" + padded[k : k + n] for k in range(len(padded) - n + 1))
    words = _WORD.findall(t)
    out.update("w:" + w for w in words)
    out.update(f"w:{a} {b}" for a, b in zip(words, words[1:], strict=False))
    return out


@dataclass(frozen=True, slots=True)
class RequestModel:
    """Weights per feature and type; ``thresholds`` the probability an addition needs."""

    types: tuple[str, ...]
    bias: tuple[float, ...]
    weights: Mapping[str, tuple[float, ...]]
    thresholds: tuple[float, ...]

    @classmethod
    def load(cls, path: Path = DEFAULT_MODEL_PATH) -> RequestModel:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            types = tuple(data["types"])
            model = cls(
                types=types,
                bias=tuple(float(b) for b in data["bias"]),
                weights={f: tuple(float(x) for x in w) for f, w in data["weights"].items()},
                thresholds=tuple(float(x) for x in data["thresholds"]),
            )
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise ConfigError(f"cannot be read: {exc}", source=str(path)) from None
        if not (len(model.bias) == len(model.thresholds) == len(types)) or any(
            len(w) != len(types) for w in model.weights.values()
        ):
            raise ConfigError("weights do not match the types", source=str(path))
        return model

    def score(self, feats: Iterable[str]) -> dict[str, tuple[float, list[str]]]:
        """Probability per type and the features that weighed most for it."""
        logits = list(self.bias)
        seen: list[tuple[str, tuple[float, ...]]] = []
        for f in feats:
            w = self.weights.get(f)
            if w is None:
                continue
            seen.append((f, w))
            for k, x in enumerate(w):
                logits[k] += x
        out: dict[str, tuple[float, list[str]]] = {}
        for k, entity in enumerate(self.types):
            z = max(-30.0, min(30.0, logits[k]))
            shown: list[str] = []
            for _, f in sorted(((w[k], f) for f, w in seen if w[k] > 0), reverse=True):
                if _shown(f) not in shown:  # " and" and "and " read the same
                    shown.append(_shown(f))
                if len(shown) == _EVIDENCE:
                    break
            out[entity] = (1 / (1 + math.exp(-z)), shown)
        return out

    def threshold(self, entity: str) -> float:
        return self.thresholds[self.types.index(entity)]

    def additions(
        self, feats: Iterable[str], found: Iterable[str]
    ) -> list[tuple[str, float, list[str]]]:
        """Types above their threshold that the rules did not find: (type, p, evidence)."""
        have = set(found)
        scored = self.score(feats)
        return [
            (entity, p, evidence)
            for k, entity in enumerate(self.types)
            for p, evidence in [scored[entity]]
            if entity not in have and p >= self.thresholds[k]
        ]


def _shown(feature: str) -> str:
    kind, _, body = feature.partition(":")
    if kind == "p":
        return f"earlier request {body}"
    if kind == "i":
        return f"an item word of {body}"
    return repr(body.strip() or body)
