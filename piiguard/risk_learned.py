"""The learned part of the scam-risk model: weights loaded from a JSON file, scored turn by turn.

The file (``data/risk_model.json``, written by ``piiguard train-risk``) holds a logistic
regression over the binary features of :mod:`piiguard.risk_features` (is the scam
probability) and a multinomial one over the same features (which scam type). Both are
plain sums over the features seen so far, so :class:`LearnedState` adds a turn's new
features and never rereads earlier turns: the cost per turn is one set look-up per
n-gram of that turn.

State is kept as feature *indices*, never feature text, so stored conversation state
holds no words of the conversation.
"""

from __future__ import annotations

import bisect
import json
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from piiguard.errors import ConfigError
from piiguard.model import Evidence

__all__ = ["SCAM_TYPES", "Evidence", "LearnedModel", "LearnedState"]

# The documented scam types (docs/accuracy.md, README "Scam risk"); `other` when the
# learned type model is not confident or the conversation is not a scam.
SCAM_TYPES = (
    "customer_service",  # impersonated customer service, refunds, compensation, parcels
    "bank_security",  # bank or wallet "security" calls: anomalies, verification, freezing
    "authority",  # police, court, regulator, social security, tax, customs
    "investment",  # investment, trading, crypto returns
    "prize",  # lottery, prize, reward claims
    "loan_credit",  # loans, credit limits, "clearing" student loans or credit records
    "family_emergency",  # kidnapping, a relative in trouble, bail
    "tech_support",  # tech support, remote access, screen sharing
    "phishing",  # phishing links and sites, account "verification" through a link
    "other",
)
_MAX_LOGIT = 30.0
_SCALE = 10_000
# Short conversations have little evidence either way, and the model was fitted on whole
# conversations with balanced classes: alone, a greeting scores about 0.5. Until
# EVIDENCE_FULL_AT features have been seen, the logit is pulled toward a low prior
# (scams are rare), linearly less as evidence accumulates; whole conversations (nearly
# all have more) are scored as fitted.
SHORT_PRIOR_SHIFT = -3.0
EVIDENCE_FULL_AT = 20
_TOP_KEPT = 5


@dataclass(frozen=True, slots=True)
class LearnedModel:
    """Weights per feature; ``index`` maps a feature to its position (for state)."""

    bias: float
    features: tuple[str, ...]
    weights: tuple[float, ...]
    types: tuple[str, ...]
    type_bias: tuple[float, ...]
    type_weights: Mapping[int, tuple[float, ...]]
    index: Mapping[str, int] = field(repr=False)
    meta: Mapping[str, Any] = field(default_factory=dict, repr=False)
    # Weights in fixed point (the file rounds them to 4 and 3 decimals): integer sums do
    # not depend on the order features arrive in, so a conversation restored from its
    # state scores exactly as the one it was saved from.
    units: tuple[int, ...] = field(default=(), repr=False)
    type_units: Mapping[int, tuple[int, ...]] = field(default_factory=dict, repr=False)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> LearnedModel:
        features = tuple(str(f) for f in data["features"])
        weights = tuple(float(w) for w in data["weights"])
        if len(features) != len(weights):
            raise ValueError("features and weights differ in length")
        types = tuple(str(t) for t in data["types"])
        unknown = set(types) - set(SCAM_TYPES)
        if unknown:
            raise ValueError(f"unknown scam types {sorted(unknown)}")
        type_weights = {
            int(i): tuple(float(w) for w in ws) for i, ws in data["type_weights"].items()
        }
        if any(
            len(ws) != len(types) or not 0 <= i < len(features) for i, ws in type_weights.items()
        ):
            raise ValueError("type_weights do not match features and types")
        return cls(
            bias=float(data["bias"]),
            features=features,
            weights=weights,
            types=types,
            type_bias=tuple(float(b) for b in data["type_bias"]),
            type_weights=type_weights,
            index={f: i for i, f in enumerate(features)},
            meta=dict(data.get("meta") or {}),
            units=tuple(round(w * _SCALE) for w in weights),
            type_units={i: tuple(round(w * _SCALE) for w in ws) for i, ws in type_weights.items()},
        )

    @classmethod
    def load(cls, path: Path | str) -> LearnedModel:
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            raise ConfigError(f"cannot be read: {exc}", source=str(path)) from None
        try:
            return cls.from_dict(data)
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise ConfigError(
                f"is malformed: {type(exc).__name__}: {exc}", source=str(path)
            ) from None

    def to_dict(self) -> dict[str, Any]:
        return {
            "meta": dict(self.meta),
            "bias": self.bias,
            "features": list(self.features),
            "weights": list(self.weights),
            "types": list(self.types),
            "type_bias": list(self.type_bias),
            "type_weights": {str(i): list(ws) for i, ws in sorted(self.type_weights.items())},
        }

    def probability(self, features: Iterable[str]) -> float:
        """The scam probability of a whole feature set (training and tests use this)."""
        state = LearnedState(self)
        state.add(features)
        return state.probability()


@dataclass(slots=True)
class LearnedState:
    """The running sums of one conversation: which features were seen, the logits."""

    model: LearnedModel
    seen: set[int] = field(default_factory=set)
    logit_units: int = 0
    type_units: list[int] = field(default_factory=list)
    # the strongest positive features so far, kept as they arrive (bounded, so the
    # evidence costs the same on turn 5,000 as on turn 5)
    top: list[int] = field(default_factory=list)
    # the evidence of the last ``top`` asked for: most turns add no strong feature
    _evidence: tuple[tuple[int, ...], tuple[Evidence, ...]] | None = field(
        default=None, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        if not self.seen:
            self.logit_units = round(self.model.bias * _SCALE)
            self.type_units = [round(b * _SCALE) for b in self.model.type_bias]

    @property
    def logit(self) -> float:
        return self.logit_units / _SCALE

    def add(self, features: Iterable[str]) -> None:
        # Runs over every n-gram of a turn, and most are not model features: the
        # intersection with the model's features is taken in C first, and the sums are
        # integers, so the order the known ones arrive in does not change any result.
        model = self.model
        index, units, type_units_of = model.index, model.units, model.type_units
        seen = self.seen
        logit_units = self.logit_units
        typed: list[tuple[int, ...]] = []  # summed per type once, at the end
        for feature in index.keys() & features:
            i = index[feature]
            if i in seen:
                continue
            seen.add(i)
            unit = units[i]
            logit_units += unit
            if unit > 0:
                self._keep_top(i)
            weights = type_units_of.get(i)
            if weights is not None:
                typed.append(weights)
        self.logit_units = logit_units
        if typed:
            self.type_units = [sum(column) for column in zip(self.type_units, *typed, strict=True)]

    def probability(self) -> float:
        shortfall = max(0.0, 1.0 - len(self.seen) / EVIDENCE_FULL_AT)
        logit = self.logit + SHORT_PRIOR_SHIFT * shortfall
        return 1.0 / (1.0 + math.exp(-max(-_MAX_LOGIT, min(_MAX_LOGIT, logit))))

    def scam_type(self) -> tuple[str, float]:
        """The most likely scam type and its probability among the types."""
        if not self.type_units:
            return "other", 0.0
        top = max(self.type_units)
        exps = [math.exp((v - top) / _SCALE) for v in self.type_units]
        best = max(range(len(exps)), key=exps.__getitem__)
        return self.model.types[best], exps[best] / sum(exps)

    def type_ranking(self) -> dict[str, int]:
        """Each type's logit (fixed point): higher is more likely."""
        return dict(zip(self.model.types, self.type_units, strict=True))

    def _keep_top(self, i: int) -> None:
        model = self.model

        def rank(j: int) -> tuple[int, str]:
            return -model.units[j], model.features[j]

        top = self.top
        if len(top) >= _TOP_KEPT and (
            model.units[i] < model.units[top[-1]] or rank(i) >= rank(top[-1])
        ):
            return  # weaker than all kept: most positive features stop here
        bisect.insort(top, i, key=rank)
        del top[_TOP_KEPT:]

    def evidence(self, limit: int = 5) -> tuple[Evidence, ...]:
        """The seen features with the largest positive weights."""
        key = tuple(self.top[:limit])
        if self._evidence is not None and self._evidence[0] == key:
            return self._evidence[1]
        model = self.model
        evidence = tuple(Evidence(model.features[i], model.weights[i]) for i in key)
        self._evidence = (key, evidence)
        return evidence

    def state(self) -> str:
        """The seen feature indices, as letters only (see :func:`encode_indices`)."""
        return encode_indices(self.seen)

    @classmethod
    def from_state(cls, model: LearnedModel, seen: str | Sequence[int]) -> LearnedState:
        indices = decode_indices(seen) if isinstance(seen, str) else [int(i) for i in seen]
        state = cls(model)
        state.add(model.features[i] for i in indices if 0 <= i < len(model.features))
        return state


_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_WIDTH = 3  # 26**3 = 17,576 features at most


def encode_indices(indices: Iterable[int]) -> str:
    """Sorted indices as fixed-width base-26 capital letters: "AAB" is 1.

    Stored conversation state must not hold digit runs: a leak sweep cannot tell an index
    such as 4821 from a PIN, and neither can a reader of the database.
    """
    out = []
    for i in sorted(indices):
        if not 0 <= i < len(_LETTERS) ** _WIDTH:
            raise ValueError(f"feature index out of range: {i}")
        digits = []
        for _ in range(_WIDTH):
            i, r = divmod(i, len(_LETTERS))
            digits.append(_LETTERS[r])
        out.append("".join(reversed(digits)))
    return "".join(out)


def decode_indices(text: str) -> list[int]:
    if len(text) % _WIDTH or any(c not in _LETTERS for c in text):
        raise ValueError("malformed learned-risk state")
    out = []
    for k in range(0, len(text), _WIDTH):
        value = 0
        for c in text[k : k + _WIDTH]:
            value = value * len(_LETTERS) + _LETTERS.index(c)
        out.append(value)
    return out
