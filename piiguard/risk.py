"""Scam risk: signals and a learned model -> score, level, scam type and a warning.

The model is data: ``data/risk.yaml`` (documented there) holds the signal kinds with
phrases and weights, agent requests as signals, combos, protective statements, the
official hotlines and domains, the scam types and the warning texts in each language;
``data/risk_model.json`` (``piiguard train-risk``) holds the learned weights over
n-grams per speaker and the signal kinds (:mod:`piiguard.risk_learned`).
:class:`RiskTracker` applies both turn by turn, so the risk after every turn is known
while a conversation unfolds, and the risk after the last turn is the batch result.

The score is the learned probability, never below the *hard floor*: the keyword score
of the cues no protective statement may cancel (a request for a code or password, a
"safe account" transfer, remote access). Protective statements are a learned feature,
so they soften only as much as the training data shows, and never below that floor.

Signals are read from text whose values are already masked, so a signal's ``text``
can never contain a sensitive value, and neither can an n-gram (digits and the mask
never form one).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from piiguard.errors import ConfigError
from piiguard.fold import fold
from piiguard.labels import LabelHit, LabelMatcher, needles_of
from piiguard.model import Risk, Signal
from piiguard.risk_features import (
    CONTEXT_PREFIX,
    PROTECTIVE_FEATURE,
    kind_feature,
    turn_features,
)
from piiguard.risk_learned import SCAM_TYPES, LearnedModel, LearnedState

__all__ = ["DEFAULT_RISK_PATH", "HARD_KINDS", "RiskModel", "RiskTracker"]

DEFAULT_RISK_PATH = Path(__file__).parent / "data" / "risk.yaml"
_SENTENCE_END = re.compile(r"[。！？!?；;\n]+|(?<=[A-Za-z0-9)\]])\.(?=\s|$)")
_DOMAIN = re.compile(
    r"(?<![@\w.-])(?:https?://)?((?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+"
    r"(?:com|cn|cc|top|net|org|xyz|vip|info|co|io|me|shop|site|online|app|link|live|hk))(?:/[^\s，。]*)?(?![\w-])",
    re.IGNORECASE,
)
_MARKER_REACH = 20  # a negation this far back, inside the same clause, negates the cue
_CLAUSE_END = re.compile(r"[，,、：:]")
# "Microsoft won't call you": the cue is the subject of a denial right after it (English
# only: in Chinese "安全账户不会冻结" is as likely the scammer's own reassurance)
_DENIAL_REACH = 16
_DENIAL = re.compile(
    r"\s+(?:won't|will not|doesn't|does not|don't|do not|never|can't|cannot|isn't|is not|"
    r"wouldn't|would never)\b"
)
_TYPE_CONFIDENT = 0.8  # below this the cues' types narrow the learned type
# Cues that no reassurance may cancel (issue 23 item 3): scammers say 反诈 and 提高警惕 too.
HARD_KINDS = frozenset(
    {
        "request:VERIFICATION_CODE",
        "request:PASSWORD",
        "safe_account",
        "remote_access",
        "code_plus_off_platform",
        "code_plus_remote",
        "threat_plus_transfer",
        # a number, link or account reviewers confirmed in scams (or an imported list
        # holds): whoever said it, the learned score may not talk it down
        "known_scam_indicator",
    }
)
# Signals kept per kind: the strongest few (earliest first on ties) plus a count of all,
# so memory, stored state and the result stay the same size however long a call runs.
SIGNALS_PER_KIND = 3
_STRONG_MARKERS = ("诈骗", "scam")


@dataclass(frozen=True, slots=True)
class _Kind:
    name: str
    weight: float
    phrases: LabelMatcher
    speakers: frozenset[str] = frozenset({"agent", "customer"})
    # a hit with one of these earlier in its clause is not this kind ("已为您冻结": the
    # agent froze the card for the customer, a service, not a threat)
    not_after: LabelMatcher | None = None
    # a context cue that counts only before the agent's first turn (the customer opened
    # the conversation with it)
    before_agent: bool = False
    # a hit whose sentence holds one of these is not this kind ("don't tell Mum, it's a
    # surprise": a family secret, not the scammer's "tell no one")
    not_with: LabelMatcher | None = None


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
    type_of_kind: Mapping[str, str] = field(default_factory=dict)
    learned: LearnedModel | None = None
    source: str = field(default="<built-in>")
    # Context cues (``context:`` in risk.yaml): learned features only, never signals
    contexts: tuple[_Kind, ...] = ()
    # all context phrases in one matcher (one look-up per turn), and their contexts
    context_phrases: LabelMatcher = field(default_factory=lambda: LabelMatcher(()))
    context_of: Mapping[str, tuple[_Kind, ...]] = field(default_factory=dict)
    # A request named only to warn against it ("我们客服不会问您", "enter it on the form,
    # not here"): its sentence holds one of ``request_warning`` and no ask to the agent
    # (``request_asks``) outside those words
    request_warning: LabelMatcher = field(default_factory=lambda: LabelMatcher(()))
    request_asks: LabelMatcher = field(default_factory=lambda: LabelMatcher(()))
    # "we would never ask you to ...": anything the sentence says after it is denied
    denials: LabelMatcher = field(default_factory=lambda: LabelMatcher(()))
    _official_number_re: re.Pattern[str] = field(default=re.compile(r"(?!)"), repr=False)

    def with_request_weights(self, declared: Mapping[str, float]) -> RiskModel:
        """This model with declared request weights (piiguard.types) for the types its
        file gives none."""
        return replace(self, request_weights=dict(declared) | dict(self.request_weights))

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
            speakers = frozenset(spec.get("speakers") or ("agent", "customer"))
            not_after = LabelMatcher(spec["not_after"]) if spec.get("not_after") else None
            not_with = LabelMatcher(spec["not_with"]) if spec.get("not_with") else None
            kinds.append(
                _Kind(
                    name, weight, LabelMatcher(both(spec)), speakers, not_after, not_with=not_with
                )
            )
        contexts = tuple(
            _Kind(
                str(name),
                0.0,
                LabelMatcher(both(spec)),
                frozenset(spec.get("speakers") or ("agent", "customer", "system")),
                LabelMatcher(spec["not_after"]) if spec.get("not_after") else None,
                bool(spec.get("before_agent", False)),
            )
            for name, spec in (data.get("context") or {}).items()
        )
        context_of: dict[str, tuple[_Kind, ...]] = {}
        for name, spec in (data.get("context") or {}).items():
            context = next(c for c in contexts if c.name == str(name))
            for phrase in both(spec):
                key = phrase.strip().lower()
                context_of[key] = (*context_of.get(key, ()), context)
        request_warnings = data.get("request_warnings") or {}
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
            missing = set(SCAM_TYPES) - set(warnings[lang].get("types") or {})
            if missing:
                raise ConfigError(
                    f"needs a text for every scam type, missing {sorted(missing)}",
                    source=source,
                    field=f"warnings.{lang}.types",
                )
        type_of_kind = {str(k): str(v) for k, v in (data.get("type_of_kind") or {}).items()}
        if set(type_of_kind.values()) - set(SCAM_TYPES):
            raise ConfigError("names an unknown scam type", source=source, field="type_of_kind")
        learned = None
        if data.get("learned_model"):
            learned = LearnedModel.load(Path(source).parent / str(data["learned_model"]))
        if not float(levels["medium"]) <= float(data["scam_threshold"]) <= float(levels["high"]):
            # a warning that says "looks like a scam" must agree with `scam`
            raise ConfigError(
                "scam_threshold must lie between levels.medium and levels.high",
                source=source,
                field="scam_threshold",
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
            type_of_kind=type_of_kind,
            learned=learned,
            source=source,
            contexts=contexts,
            context_phrases=LabelMatcher(list(context_of)),
            context_of=context_of,
            request_warning=LabelMatcher(both(request_warnings.get("scope"))),
            request_asks=LabelMatcher(both(request_warnings.get("asks"))),
            denials=LabelMatcher(both(data.get("denials"))),
            _official_number_re=_official_number_pattern(official.get("phones") or []),
        )

    def is_official_domain(self, domain: str) -> bool:
        domain = domain.lower()
        return any(domain == d or domain.endswith("." + d) for d in self.official_domains)

    def is_official_phone(self, digits: str) -> bool:
        return digits in self.official_phones or digits.lstrip("0") in self.official_phones

    def names_official_number(self, text: str) -> bool:
        """Whether ``text`` names an official hotline (95588; numbers too short to be a
        phone finding stay in the masked text)."""
        return self._official_number_re.search(text) is not None

    def warns_about_request(self, sentence: str) -> bool:
        """Whether the sentence a request was found in only warns about the item ("您的服务
        密码需要您本人在按键上输入，我们客服不会问您"): a protective scope and, outside it, no
        ask to hand it over ("验证码不要告诉别人，直接报给我" is a request)."""
        view = fold(sentence).text
        scopes = self.request_warning.find_all(view)
        if not scopes:
            return False
        rest = list(view)
        for hit in scopes:
            rest[hit.start : hit.end] = " " * (hit.end - hit.start)
        return not self.request_asks.find_all("".join(rest))


_HAS_DIGIT = re.compile(r"\d")
_CREDENTIALS = frozenset({"PASSWORD", "VERIFICATION_CODE", "CARD_CVV"})


def _rest_of_turn(text: str, sentence: str) -> str:
    """What follows a request's sentence in its turn ("验证码会发到您手机。请勿告诉任何人，
    包括我们": the warning often comes right after), empty when the sentence is not found
    as written (a shortened or value-masked trigger phrase)."""
    at = text.find(sentence)
    return "" if at < 0 else " " + text[at + len(sentence) :]


def _official_number_pattern(phones: Iterable[str]) -> re.Pattern[str]:
    """The official numbers as written digits (short hotlines only: a full phone number
    is a finding, masked, and compared through ``contact_numbers``)."""
    short = sorted({re.sub(r"\D", "", p) for p in phones} - {""}, key=len, reverse=True)
    short = [p for p in short if len(p) >= 5]
    if not short:
        return re.compile(r"(?!)")
    return re.compile(r"(?<!\d)(?:" + "|".join(short) + r")(?!\d)")


def _sentence_of(text: str, pos: int) -> tuple[int, int]:
    start = 0
    for m in _SENTENCE_END.finditer(text):
        if m.end() <= pos:
            start = m.end()
        elif m.start() >= pos:
            return start, m.start()
    return start, len(text)


_EDGE_PUNCT = "，。、；：！？,.;:!?·…\"'“”‘’()（）[]【】「」《》<>-—~～ "


def _word_char(c: str) -> bool:
    # Latin letters and digits make words; a Han character is a word boundary of its own
    return c.isascii() and c.isalnum()


def _snippet(text: str, hit_start: int, hit_end: int, reach: int = 30) -> str:
    """The phrase around a hit within its sentence, cut between words, values as <…>."""
    s, e = _sentence_of(text, hit_start)
    lo, hi = max(s, hit_start - reach), min(e, hit_end + reach)
    while lo < hit_start and lo > s and _word_char(text[lo - 1]) and _word_char(text[lo]):
        lo += 1  # do not start mid-word
    while hi > hit_end and hi < e and _word_char(text[hi - 1]) and _word_char(text[hi]):
        hi -= 1  # do not end mid-word
    snippet = re.sub(r"#[#\s]*#|#", "<…>", text[lo:hi])
    return snippet.strip().lstrip(_EDGE_PUNCT).rstrip("，、,;；:： ")


@dataclass(slots=True)
class RiskTracker:
    """Accumulates signals and learned features turn by turn; :meth:`risk` is the assessment."""

    model: RiskModel
    language: str = "en"
    signals: list[Signal] = field(default_factory=list)
    signal_counts: dict[str, int] = field(default_factory=dict)
    strongest: dict[str, float] = field(default_factory=dict)
    protective_phrases: set[str] = field(default_factory=set)
    # kinds the agent said (their strongest weight): only these make the hard floor, a
    # customer retelling what a scammer said is evidence for the learned part only
    agent_kinds: dict[str, float] = field(default_factory=dict)
    # kinds first seen in a system turn (the SMS a phishing chat starts from)
    system_kinds: set[str] = field(default_factory=set)
    # context cues seen (learned features only: who reported fraud, official channels)
    contexts: set[str] = field(default_factory=set)
    agent_spoke: bool = False
    learned: LearnedState | None = None
    # The last assessment and what it was made from: a turn that changes nothing gives
    # the same object again.
    _last: tuple[tuple[Any, ...], Risk] | None = field(default=None, repr=False, compare=False)
    # What the cue features and the combos were last derived from (the sizes of sets that
    # only grow): a turn that adds no kind, context or protection skips both.
    _cues_seen: tuple[int, ...] | None = field(default=None, repr=False, compare=False)
    _combos_seen: int = field(default=-1, repr=False, compare=False)
    # Counts the calls that may have changed the signals, their counts, the strongest
    # weights or the agent's kinds (all of them go through `_add`): cheaper to compare
    # after every turn than those collections.
    _changes: int = field(default=0, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.learned is None and self.model.learned is not None:
            self.learned = LearnedState(self.model.learned)

    def _add(
        self, turn: int, kind: str, text: str, weight: float, by_agent: bool, system: bool = False
    ) -> None:
        if weight <= 0:
            return
        self._changes += 1
        if by_agent:
            self.agent_kinds[kind] = max(self.agent_kinds.get(kind, 0.0), weight)
        elif system:
            self.system_kinds.add(kind)
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
        self._add(index, kind, text, weight, by_agent=True)

    def _is_warning(self, text: str, hit: LabelHit) -> bool:
        s, e = _sentence_of(text, hit.start)
        sentence = text[s:e].lower()
        if any(m in sentence for m in _STRONG_MARKERS):
            return True
        if self.model.denials.last(text, s, hit.start) is not None:
            # "We'll never ask you to move money to a 'safe account'" (a denial of the
            # ask, not any protective word: a fake 反诈中心的警官 is still a police claim)
            return True
        clause_start = s
        for m in _CLAUSE_END.finditer(text, s, hit.start):
            clause_start = m.end()
        reach = max(clause_start, hit.start - _MARKER_REACH)
        if self.model.warning_markers.last(text, reach, hit.start) is not None:
            return True
        after = text[hit.end : min(e, hit.end + _DENIAL_REACH)]
        return _DENIAL.match(_CLAUSE_END.split(after, maxsplit=1)[0].lower()) is not None

    def add_turn(
        self,
        index: int,
        speaker: str,
        masked_text: str,
        requested: Iterable[str] = (),
        contact_numbers: Sequence[str] = (),
        request_sentences: Mapping[str, str] | None = None,
    ) -> Risk:
        """Read one turn (values already masked with ``#``) and return the risk so far.

        ``contact_numbers`` are the digits of phone numbers found in the turn; they are
        compared with the official list and dropped, never stored.
        ``request_sentences`` maps a requested type to the (masked) sentence the request
        rules found it in: a request in a sentence that only warns about the item ("we
        will never ask for your code") is a protective statement, not a request cue.
        """
        factor = 1.0 if speaker == "agent" else self.model.customer_factor
        if speaker == "agent":
            for hit in self.model.protective.find_all(masked_text):
                self.protective_phrases.add(hit.label)
            for entity in requested:
                sentence = (request_sentences or {}).get(entity)
                if sentence and self.model.warns_about_request(
                    sentence + _rest_of_turn(masked_text, sentence)
                ):
                    self.contexts.add("warned_request")
                    continue
                weight = self.model.request_weights.get(entity, 0.0)
                self._add(index, f"request:{entity}", f"asks for {entity}", weight, True)
                if entity in _CREDENTIALS and "customer_report" in self.contexts:
                    # the customer reported a message or a charge and the "support" now
                    # wants the password, the code or the CVV: the real one never does
                    self.contexts.add("report_then_credentials")
        if speaker in ("agent", "customer", "system"):
            by_agent = speaker == "agent"
            self._read_kinds(index, masked_text, factor, by_agent, speaker)
            self._read_contacts(index, masked_text, factor, contact_numbers, by_agent, speaker)
        if len(self.strongest) != self._combos_seen:
            self._add_combos(index)
        if self.learned is not None:
            self.learned.add(turn_features(speaker, masked_text))
            cues = (
                len(self.strongest),
                len(self.agent_kinds),
                len(self.system_kinds),
                len(self.contexts),
                len(self.protective_phrases),
            )
            if cues != self._cues_seen:
                self._cues_seen = cues
                self.learned.add(self.kind_features())
        return self.risk()

    def _add_combos(self, index: int) -> None:
        """The combos whose parts are all present (only new kinds can complete one)."""
        for combo in self.model.combos:
            if combo.kind not in self.strongest and all(p in self.strongest for p in combo.parts):
                by_agent = all(p in self.agent_kinds for p in combo.parts)
                # a link the SMS brought plus the agent's request: the system's vehicle
                system = not by_agent and all(
                    p in self.agent_kinds or p in self.system_kinds for p in combo.parts
                )
                self._add(
                    index, combo.kind, " + ".join(combo.parts), combo.weight, by_agent, system
                )
        self._combos_seen = len(self.strongest)

    def kind_features(self) -> set[str]:
        """The learned model's cue features so far: each kind, by whom, protection and the
        context cues."""
        out = {
            kind_feature(
                k,
                by_agent=k in self.agent_kinds,
                by="system" if k not in self.agent_kinds and k in self.system_kinds else None,
            )
            for k in self.strongest
        }
        if self.protective_phrases:
            out.add(PROTECTIVE_FEATURE)
        out.update(CONTEXT_PREFIX + c for c in self.contexts)
        return out

    def _read_kinds(
        self, index: int, text: str, factor: float, by_agent: bool, speaker: str
    ) -> None:
        found = needles_of(text)  # one look-up for all kinds; most kinds stop here
        system = speaker == "system"
        for kind in self.model.kinds:
            # a system turn is the sender's message (an SMS's threat counts): every kind
            if not system and speaker not in kind.speakers:
                continue
            if not kind.phrases.may_match_found(found):
                continue
            for hit in kind.phrases.find_all(text):
                if self._is_warning(text, hit):
                    continue  # the speaker warns against it ("更不存在什么安全账户")
                if kind.not_after is not None and self._after(kind.not_after, text, hit):
                    continue  # "已为您冻结": a service done for the customer
                if kind.not_with is not None and kind.not_with.find_all(
                    text, *_sentence_of(text, hit.start)
                ):
                    continue  # "don't tell Mum, it's a surprise"
                snippet = _snippet(text, hit.start, hit.end)
                self._add(index, kind.name, snippet, kind.weight * factor, by_agent, system)
                break
        self._read_contexts(text, found, speaker)
        if by_agent:
            self.agent_spoke = True

    def _open_context(self, context: _Kind, speaker: str) -> bool:
        return (
            context.name not in self.contexts
            and speaker in context.speakers
            and not (context.before_agent and self.agent_spoke)
        )

    def _read_contexts(self, text: str, found: frozenset[str], speaker: str) -> None:
        """The context cues of one turn: one look-up for all of them, none once found."""
        model = self.model
        if not any(self._open_context(c, speaker) for c in model.contexts):
            return
        if not model.context_phrases.may_match_found(found):
            return
        for hit in model.context_phrases.find_all(text):
            for context in model.context_of.get(hit.label.lower(), ()):
                if not self._open_context(context, speaker):
                    continue
                # a negation anywhere earlier in the sentence: "不要去网点，柜台的人不懂"
                if context.not_after is None or not self._after(
                    context.not_after, text, hit, clause=False
                ):
                    self.contexts.add(context.name)

    @staticmethod
    def _after(markers: LabelMatcher, text: str, hit: LabelHit, clause: bool = True) -> bool:
        """Whether one of ``markers`` comes earlier in the hit's clause (or sentence)."""
        s, _ = _sentence_of(text, hit.start)
        start = s
        for m in _CLAUSE_END.finditer(text, s, hit.start) if clause else ():
            start = m.end()
        return markers.last(text, start, hit.start) is not None

    def _read_contacts(
        self,
        index: int,
        text: str,
        factor: float,
        numbers: Sequence[str],
        by_agent: bool,
        speaker: str,
    ) -> None:
        weight = self.model.unofficial_weight * factor
        system = speaker == "system"
        # a domain needs a dot: most turns have none (Chinese ends sentences with 。)
        for m in _DOMAIN.finditer(text) if "." in text else ():
            if not self.model.is_official_domain(m.group(1)):
                snippet = _snippet(text, m.start(), m.end())
                self._add(index, "unofficial_contact", snippet, weight, by_agent, system)
                return
        if "official_number" not in self.contexts and (
            any(self.model.is_official_phone(n) for n in numbers)
            or (_HAS_DIGIT.search(text) and self.model.names_official_number(text))
        ):
            self.contexts.add("official_number")  # "请拨打卡背面的 95588"
        cues = self.model.contact_cues.find_all(text) if numbers else []
        if cues and any(not self.model.is_official_phone(n) for n in numbers):
            snippet = _snippet(text, cues[0].start, cues[0].end)
            self._add(index, "unofficial_contact", snippet, weight, by_agent, system)

    def state(self) -> dict[str, Any]:
        """JSON-able state (signals hold masked phrases only; learned features as indices)."""
        return {
            "language": self.language,
            "signals": [[s.turn, s.kind, s.text, s.weight] for s in self.signals],
            "signal_counts": dict(self.signal_counts),
            "strongest": dict(self.strongest),
            "agent_kinds": dict(self.agent_kinds),
            "system_kinds": sorted(self.system_kinds),
            "contexts": sorted(self.contexts),
            "agent_spoke": self.agent_spoke,
            "protective": sorted(self.protective_phrases),
            "learned": self.learned.state() if self.learned is not None else "",
        }

    @classmethod
    def from_state(cls, model: RiskModel, state: Mapping[str, Any]) -> RiskTracker:
        learned = None
        if model.learned is not None:
            learned = LearnedState.from_state(model.learned, state.get("learned") or "")
        return cls(
            model=model,
            language=state["language"],
            signals=[Signal(int(t), str(k), str(x), float(w)) for t, k, x, w in state["signals"]],
            signal_counts={str(k): int(v) for k, v in (state.get("signal_counts") or {}).items()},
            strongest={str(k): float(v) for k, v in state["strongest"].items()},
            protective_phrases=set(state["protective"]),
            agent_kinds={str(k): float(v) for k, v in (state.get("agent_kinds") or {}).items()},
            system_kinds={str(k) for k in state.get("system_kinds") or ()},
            contexts={str(c) for c in state.get("contexts") or ()},
            agent_spoke=bool(state.get("agent_spoke", False)),
            learned=learned,
        )

    def keyword_score(self) -> float:
        """The hand-weighted score: kinds combined, each protective phrase discounting."""
        raw = _combine(self.strongest.values())
        for _ in self.protective_phrases:
            raw *= 1.0 - self.model.protective_factor
            if raw <= self.model.protective_floor:
                break
        return max(0.0, min(1.0, raw))

    def hard_floor(self) -> float:
        """The keyword score of the hard cues the agent said; nothing may cancel them."""
        return _combine(w for k, w in self.agent_kinds.items() if k in HARD_KINDS)

    def score(self) -> float:
        learned = self.learned.probability() if self.learned is not None else self.keyword_score()
        return max(learned, self.hard_floor())

    def scam_type(self) -> str:
        """The most likely scam type.

        The learned type when it is confident (the external sets have few police or loan
        scripts, so it leans to what they have); otherwise the learned model chooses among
        the types the cues point to (remote access -> tech support, a loan "clearing" ->
        loans ...); with no learned model, the strongest typed cue decides.
        """
        typed = self._typed_kinds()
        learned = self.learned
        if learned is not None and learned.model.types:
            name, confidence = learned.scam_type()
            candidates = {t for t, _ in typed} & set(learned.model.types)
            if confidence >= _TYPE_CONFIDENT or not candidates:
                return name
            ranked = learned.type_ranking()
            return max(candidates, key=lambda t: ranked[t])
        return max(typed, key=lambda kv: kv[1])[0] if typed else "other"

    def _typed_kinds(self) -> list[tuple[str, float]]:
        return [
            (self.model.type_of_kind[k], w)
            for k, w in self.strongest.items()
            if k in self.model.type_of_kind
        ]

    def risk(self) -> Risk:
        made_from = (
            self.language,
            self._changes,
            len(self.protective_phrases),
            len(self.contexts),
            self.learned.logit if self.learned is not None else None,
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
        scam = score >= self.model.scam_threshold
        scam_type = self.scam_type() if scam else None
        return Risk(
            scam=scam,
            score=score,
            level=level,
            signals=tuple(self.signals),
            warning=self._warning(scam_type) if level != "low" else None,
            signal_counts=dict(self.signal_counts),
            type=scam_type,
            evidence=self.learned.evidence() if self.learned is not None else (),
        )

    def _reason(self, text: str, kind: str) -> str:
        """A reason naming what was found: ``{indicator}`` is the kind's latest signal text."""
        if "{indicator}" not in text:
            return text
        latest = next((s.text for s in reversed(self.signals) if s.kind == kind), "")
        return text.replace("{indicator}", latest)

    def _warning(self, scam_type: str | None) -> str:
        """Scam: says so, names the type, its safe next step. Medium: a caution only."""
        texts = self.model.warnings.get(self.language) or self.model.warnings["en"]
        reasons_by_kind: Mapping[str, str] = texts.get("reasons") or {}
        ranked = sorted(self.strongest.items(), key=lambda kv: -kv[1])
        reasons = [self._reason(reasons_by_kind[k], k) for k, _ in ranked if k in reasons_by_kind][
            :2
        ]
        sep = "" if self.language == "zh" else " "
        if scam_type is None:
            return sep.join([texts["caution"], *reasons, texts["caution_next_step"]])
        typed = texts["types"][scam_type]
        return sep.join([texts["intro"], typed["intro"], *reasons, typed["next_step"]])


def _combine(weights: Iterable[float]) -> float:
    remaining = 1.0
    for weight in weights:
        remaining *= 1.0 - min(weight, 0.99)
    return 1.0 - remaining
