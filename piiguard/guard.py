"""Guard: everything a conversation needs, built once and shared (thread-safe to read).

>>> guard = Guard.build(GuardConfig(recognizer_folders=("recognizers",)))  # doctest: +SKIP
>>> conversation = guard.conversation(conversation_id="c1", channel="chat")  # doctest: +SKIP
>>> conversation.add_turn(Turn("customer", "验证码 386152")).action  # doctest: +SKIP
'redact'
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from piiguard.conversation import WITHHELD_TEXT, Conversation, scan_transcript
from piiguard.engine import DEFAULT_SCORE_THRESHOLD, Detector
from piiguard.indicators import IndicatorFinder
from piiguard.labels import LabelMatcher
from piiguard.model import Finding, ScanResult, Transcript
from piiguard.pack import load_pack
from piiguard.policy import Policy
from piiguard.redact import OperatorSpec, Redactor
from piiguard.request_model import RequestModel
from piiguard.requests import DEFAULT_RULES_PATH, RequestDetector, RequestRules
from piiguard.risk import RiskModel
from piiguard.types import TypeDeclaration

__all__ = ["Guard", "GuardConfig"]

log = logging.getLogger("piiguard")


@dataclass(frozen=True, slots=True)
class GuardConfig:
    """What to build a Guard from; every path explicit (the library reads no environment).

    ``entry_point_plugins``: also load recognizers that installed packages register in
    the ``piiguard.recognizers`` entry-point group. Off unless asked for: a package
    installed for another reason must not add code to the scanning path unnoticed
    (see SECURITY.md).
    """

    recognizer_folders: tuple[Path | str, ...] = ()
    entry_point_plugins: bool = False
    policy_path: Path | str | None = None
    risk_path: Path | str | None = None
    request_rules_path: Path | str | None = None
    # The learned back-up of the request rules (piiguard.request_model): it may add a type
    # the rules missed. Off: measured on held-out turns it did not pay (docs/accuracy.md).
    request_model: bool = False
    spacy_models: Mapping[str, str] = field(default_factory=dict)
    redaction: Mapping[str, OperatorSpec] = field(default_factory=dict)
    score_threshold: float = DEFAULT_SCORE_THRESHOLD
    # Scam indicators (piiguard.indicators): the fingerprint key, and the known
    # fingerprints with the count of confirmed scam sessions each was seen in (0: listed).
    indicator_secret: bytes | None = None
    known_indicators: Mapping[str, int] = field(default_factory=dict)


class Guard:
    """Detector, policy, agent-request rules, risk model and redactor, built once."""

    def __init__(
        self,
        detector: Detector,
        policy: Policy,
        requests: RequestDetector,
        risk_model: RiskModel,
        redactor: Redactor,
        indicators: IndicatorFinder | None = None,
    ):
        self.indicators = indicators
        self.detector = detector
        self.policy = policy
        self.requests = requests
        self.risk_model = risk_model
        self.redactor = redactor
        # Every label word any recognizer knows: what a turn passes on to the next ones.
        words: set[str] = set()
        for r in detector.pack.recognizers:
            if r.spec is not None:
                words.update(r.spec.context.all_words())
                words.update(r.spec.negative_context.all_words())
        self.label_vocabulary = LabelMatcher(words)
        # Which entity types a carried label announces (for numbers read across turns).
        self.label_types: dict[str, set[str]] = {}
        for r in detector.pack.recognizers:
            self.label_types.setdefault(r.entity.lower(), set()).add(r.entity)
            if r.spec is not None:
                for word in r.spec.context.all_words():
                    self.label_types.setdefault(word, set()).add(r.entity)
        # Which entity types a label says a number is NOT (票号 for a card, "number is"
        # for a one-time code): a turn naming one reads some other kind of number.
        self.negative_label_types: dict[str, set[str]] = {}
        for r in detector.pack.recognizers:
            if r.spec is not None:
                for word in r.spec.negative_context.all_words():
                    self.negative_label_types.setdefault(word, set()).add(r.entity)

    @property
    def types(self) -> dict[str, TypeDeclaration]:
        """The entity types the pack declares (piiguard.types), by type."""
        return self.detector.pack.types

    @classmethod
    def build(cls, config: GuardConfig) -> Guard:
        """Everything from ``config``; each type the pack declares (piiguard.types) feeds
        the policy, the request rules, the risk weights and the redaction operators, under
        what the deployment's own files and settings say."""
        pack = load_pack(config.recognizer_folders, entry_point_plugins=config.entry_point_plugins)
        declared = list(pack.types.values())
        policy = Policy.load(config.policy_path).with_types(declared)
        rules = RequestRules.load(
            Path(config.request_rules_path) if config.request_rules_path else DEFAULT_RULES_PATH,
            policy.identity_checks,
            declared,
        )
        risk_model = RiskModel.load(config.risk_path).with_request_weights(
            {
                d.entity: d.request.risk_weight
                for d in declared
                if d.request is not None and d.request.risk_weight is not None
            }
        )
        operators = {d.entity: d.redaction for d in declared if d.redaction is not None}
        return cls(
            detector=Detector(
                pack, spacy_models=dict(config.spacy_models), score_threshold=config.score_threshold
            ),
            policy=policy,
            requests=RequestDetector(rules, RequestModel.load() if config.request_model else None),
            risk_model=risk_model,
            redactor=Redactor(operators | dict(config.redaction)),
            indicators=IndicatorFinder(
                config.indicator_secret,
                config.known_indicators,
                official_phones=risk_model.official_phones,
                official_domains=risk_model.official_domains,
            )
            if config.indicator_secret
            else None,
        )

    def conversation(
        self, *, conversation_id: str = "", channel: str = "chat", language: str | None = None
    ) -> Conversation:
        return Conversation(
            self, conversation_id=conversation_id, channel=channel, language=language
        )

    def scan(self, transcript: Transcript) -> ScanResult:
        return scan_transcript(self, transcript)

    def redact_text(self, text: str, language: str | None = None) -> tuple[str, list[Finding]]:
        """Plain text -> (redacted text, findings); no conversation context."""
        try:
            findings = self.detector.detect(text, language)
        except Exception as exc:  # fail closed, as a conversation turn does
            log.error("scan failed; text withheld", extra={"error": type(exc).__name__})
            return WITHHELD_TEXT, []
        return self.redactor.redact(text, findings), findings
