"""Scam risk: signals -> score, level and a warning for the customer.

The model is data (``data/risk.yaml``, documented there): signal kinds with phrases and
weights, agent requests as signals, combos, protective statements, the official
hotlines and domains, and the warning texts in each language. :class:`RiskTracker`
applies it turn by turn, so the risk after every turn is known while a conversation
unfolds, and the risk after the last turn is the batch result.

Signals are read from text whose values are already masked, so a signal's ``text``
can never contain a sensitive value.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from piiguard.errors import ConfigError
from piiguard.labels import LabelHit, LabelMatcher, needles_of
from piiguard.model import Risk, Signal

__all__ = ["DEFAULT_RISK_PATH", "RiskModel", "RiskTracker"]

DEFAULT_RISK_PATH = Path(__file__).parent / "data" / "risk.yaml"
_SENTENCE_END = re.compile(r"[。！？!?；;\n]+|(?<=[A-Za-z0-9)\]])\.(?=\s|$)")
_DOMAIN = re.compile(
    r"(?<![@\w.-])(?:https?://)?((?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+"
    r"(?:com|cn|cc|top|net|org|xyz|vip|info|co|io|me|shop|site|online|app|link|live|hk))(?:/[^\s，。]*)?(?![\w-])",
    re.IGNORECASE,
)
_MARKER_REACH = 6
# Signals kept per kind: the strongest few (earliest first on ties) plus a count of all,
# so memory, stored state and the result stay the same size however long a call runs.
SIGNALS_PER_KIND = 3
_STRONG_MARKERS = ("诈骗", "scam")


@dataclass(frozen=True, slots=True)
class _Kind:
    name: str
    weight: float
    phrases: LabelMatcher


@dataclass(frozen=True, slots=True)
class _Combo:
    kind: str
    parts: tuple[str, ...]
    weight: float


@dataclass(frozen=True, slots=True)
class RiskModel:
    kinds: tuple[_Kind, ...]
    request_weights: Mapping[str, float]
    combos: tuple[_Combo, ...]
    protective: LabelMatcher
    protective_factor: float
    protective_floor: float
    warning_markers: LabelMatcher
    contact_cues: LabelMatcher
    official_phones: frozenset[str]
    official_domains: tuple[str, ...]
    unofficial_weight: float
    customer_factor: float
    medium: float
    high: float
    scam_threshold: float
    warnings: Mapping[str, Mapping[str, Any]]
    source: str = field(default="<built-in>")

    @classmethod
    def load(cls, path: Path | str | None = None) -> RiskModel:
        source = str(path or DEFAULT_RISK_PATH)
        try:
            data = yaml.safe_load(Path(source).read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
            raise ConfigError(f"cannot be read: {exc}", source=source) from None
        try:
            return cls._from_dict(data, source)
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise ConfigError(f"is malformed: {type(exc).__name__}: {exc}", source=source) from None

    @classmethod
    def _from_dict(cls, data: dict[str, Any], source: str) -> RiskModel:
        def both(d: Mapping[str, Any] | None) -> list[str]:
            d = d or {}
            return [*(d.get("en") or []), *(d.get("zh") or [])]

        kinds = []
        unofficial_weight = 0.35
        for name, spec in data["kinds"].items():
            weight = float(spec["weight"])
            if not 0 <= weight <= 1:
                raise ConfigError(
                    "must be between 0 and 1", source=source, field=f"kinds.{name}.weight"
                )
            if name == "unofficial_contact":
                unofficial_weight = weight
            kinds.append(_Kind(name, weight, LabelMatcher(both(spec))))
        combos = tuple(
            _Combo(c["kind"], tuple(c["all"]), float(c["weight"])) for c in data.get("combos") or []
        )
        levels = data["levels"]
        official = data.get("official") or {}
        warnings = data["warnings"]
        for lang in ("en", "zh"):
            if lang not in warnings:
                raise ConfigError(
                    "needs warning texts for en and zh", source=source, field=f"warnings.{lang}"
                )
        return cls(
            kinds=tuple(kinds),
            request_weights={k: float(v) for k, v in (data.get("requests") or {}).items()},
            combos=combos,
            protective=LabelMatcher(both(data["protective"].get("phrases"))),
            protective_factor=float(data["protective"]["factor"]),
            protective_floor=float(data["protective"]["floor"]),
            warning_markers=LabelMatcher(both(data.get("warning_markers"))),
            contact_cues=LabelMatcher(both(data.get("contact_cues"))),
            official_phones=frozenset(re.sub(r"\D", "", p) for p in official.get("phones") or []),
            official_domains=tuple(d.lower() for d in official.get("domains") or []),
            unofficial_weight=unofficial_weight,
            customer_factor=float(data.get("customer_factor", 0.5)),
            medium=float(levels["medium"]),
            high=float(levels["high"]),
            scam_threshold=float(data["scam_threshold"]),
            warnings=warnings,
            source=source,
        )

    def is_official_domain(self, domain: str) -> bool:
        domain = domain.lower()
        return any(domain == d or domain.endswith("." + d) for d in self.official_domains)

    def is_official_phone(self, digits: str) -> bool:
        return digits in self.official_phones or digits.lstrip("0") in self.official_phones


def _sentence_of(text: str, pos: int) -> tuple[int, int]:
    start = 0
    for m in _SENTENCE_END.finditer(text):
        if m.end() <= pos:
            start = m.end()
        elif m.start() >= pos:
            return start, m.start()
    return start, len(text)


def _snippet(text: str, hit_start: int, hit_end: int) -> str:
    s, e = _sentence_of(text, hit_start)
    lo, hi = max(s, hit_start - 30), min(e, hit_end + 30)
    snippet = re.sub(r"#[#\s]*#|#", "<…>", text[lo:hi]).strip()
    return snippet


@dataclass(slots=True)
class RiskTracker:
    """Accumulates signals turn by turn; :meth:`risk` is the current assessment."""

    model: RiskModel
    language: str = "en"
    signals: list[Signal] = field(default_factory=list)
    signal_counts: dict[str, int] = field(default_factory=dict)
    strongest: dict[str, float] = field(default_factory=dict)
    protective_phrases: set[str] = field(default_factory=set)
    # The last assessment and what it was made from: most turns add no signal, and then
    # the assessment is the same object again.
    _last: tuple[tuple[Any, ...], Risk] | None = field(default=None, repr=False, compare=False)

    def _add(self, turn: int, kind: str, text: str, weight: float) -> None:
        if weight <= 0:
            return
        same_kind = [s for s in self.signals if s.kind == kind]
        if any(s.turn == turn for s in same_kind):
            return
        self.signal_counts[kind] = self.signal_counts.get(kind, 0) + 1
        self.strongest[kind] = max(self.strongest.get(kind, 0.0), weight)
        if len(same_kind) >= SIGNALS_PER_KIND:
            weakest = min(same_kind, key=lambda s: (s.weight, -s.turn))
            if weakest.weight >= weight:
                return  # the kept ones are at least as strong and earlier
            self.signals.remove(weakest)
        self.signals.append(Signal(turn, kind, text, weight))
        self.signals.sort(key=lambda s: s.turn)

    def add_signal(self, index: int, kind: str, text: str) -> None:
        """A signal found outside the phrase lists (a known scam indicator), at its kind's
        weight; ``text`` must hold no value (a masked display form)."""
        weight = next((k.weight for k in self.model.kinds if k.name == kind), 0.0)
        self._add(index, kind, text, weight)

    def _is_warning(self, text: str, hit: LabelHit) -> bool:
        s, e = _sentence_of(text, hit.start)
        sentence = text[s:e].lower()
        if any(m in sentence for m in _STRONG_MARKERS):
            return True
        return (
            self.model.warning_markers.last(text, max(s, hit.start - _MARKER_REACH), hit.start)
            is not None
        )

    def add_turn(
        self,
        index: int,
        speaker: str,
        masked_text: str,
        requested: Iterable[str] = (),
        contact_numbers: Sequence[str] = (),
    ) -> Risk:
        """Read one turn (values already masked with ``#``) and return the risk so far.

        ``contact_numbers`` are the digits of phone numbers found in the turn; they are
        compared with the official list and dropped, never stored.
        """
        factor = 1.0 if speaker == "agent" else self.model.customer_factor
        if speaker == "agent":
            for hit in self.model.protective.find_all(masked_text):
                self.protective_phrases.add(hit.label)
            for entity in requested:
                weight = self.model.request_weights.get(entity, 0.0)
                self._add(index, f"request:{entity}", f"asks for {entity}", weight)
        if speaker in ("agent", "customer"):
            self._read_kinds(index, masked_text, factor)
            self._read_contacts(index, masked_text, factor, contact_numbers)
        for combo in self.model.combos:
            if combo.kind not in self.strongest and all(p in self.strongest for p in combo.parts):
                self._add(index, combo.kind, " + ".join(combo.parts), combo.weight)
        return self.risk()

    def _read_kinds(self, index: int, text: str, factor: float) -> None:
        found = needles_of(text)  # one look-up for all kinds; most kinds stop here
        for kind in self.model.kinds:
            if not kind.phrases.may_match_found(found):
                continue
            for hit in kind.phrases.find_all(text):
                if self._is_warning(text, hit):
                    continue  # the speaker warns against it ("更不存在什么安全账户")
                self._add(
                    index, kind.name, _snippet(text, hit.start, hit.end), kind.weight * factor
                )
                break

    def _read_contacts(self, index: int, text: str, factor: float, numbers: Sequence[str]) -> None:
        weight = self.model.unofficial_weight * factor
        for m in _DOMAIN.finditer(text):
            if not self.model.is_official_domain(m.group(1)):
                self._add(index, "unofficial_contact", _snippet(text, m.start(), m.end()), weight)
                return
        cues = self.model.contact_cues.find_all(text) if numbers else []
        if cues and any(not self.model.is_official_phone(n) for n in numbers):
            self._add(
                index, "unofficial_contact", _snippet(text, cues[0].start, cues[0].end), weight
            )

    def state(self) -> dict[str, Any]:
        """JSON-able state (signals hold masked phrases only)."""
        return {
            "language": self.language,
            "signals": [[s.turn, s.kind, s.text, s.weight] for s in self.signals],
            "signal_counts": dict(self.signal_counts),
            "strongest": dict(self.strongest),
            "protective": sorted(self.protective_phrases),
        }

    @classmethod
    def from_state(cls, model: RiskModel, state: Mapping[str, Any]) -> RiskTracker:
        return cls(
            model=model,
            language=state["language"],
            signals=[Signal(int(t), str(k), str(x), float(w)) for t, k, x, w in state["signals"]],
            signal_counts={str(k): int(v) for k, v in (state.get("signal_counts") or {}).items()},
            strongest={str(k): float(v) for k, v in state["strongest"].items()},
            protective_phrases=set(state["protective"]),
        )

    def score(self) -> float:
        remaining = 1.0
        for weight in self.strongest.values():
            remaining *= 1.0 - min(weight, 0.99)
        raw = 1.0 - remaining
        for _ in self.protective_phrases:
            raw *= 1.0 - self.model.protective_factor
            if raw <= self.model.protective_floor:
                break
        return max(0.0, min(1.0, raw))

    def risk(self) -> Risk:
        made_from = (
            self.language,
            tuple(self.signal_counts.items()),
            tuple((s.turn, s.kind) for s in self.signals),
            tuple(self.strongest.items()),
            len(self.protective_phrases),
        )
        if self._last is not None and self._last[0] == made_from:
            return self._last[1]
        assessment = self._assess()
        self._last = (made_from, assessment)
        return assessment

    def _assess(self) -> Risk:
        score = self.score()
        level = (
            "high"
            if score >= self.model.high
            else "medium"
            if score >= self.model.medium
            else "low"
        )
        warning = self._warning() if level != "low" else None
        return Risk(
            scam=score >= self.model.scam_threshold,
            score=score,
            level=level,
            signals=tuple(self.signals),
            warning=warning,
            signal_counts=dict(self.signal_counts),
        )

    def _reason(self, text: str, kind: str) -> str:
        """A reason naming what was found: ``{indicator}`` is the kind's latest signal text."""
        if "{indicator}" not in text:
            return text
        latest = next((s.text for s in reversed(self.signals) if s.kind == kind), "")
        return text.replace("{indicator}", latest)

    def _warning(self) -> str:
        texts = self.model.warnings.get(self.language) or self.model.warnings["en"]
        reasons_by_kind: Mapping[str, str] = texts.get("reasons") or {}
        ranked = sorted(self.strongest.items(), key=lambda kv: -kv[1])
        reasons = [self._reason(reasons_by_kind[k], k) for k, _ in ranked if k in reasons_by_kind][
            :2
        ]
        sep = "" if self.language == "zh" else " "
        return sep.join([texts["intro"], *reasons, texts["next_step"]])
