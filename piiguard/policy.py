"""The policy: per entity type and speaker, what happens to a turn (data, not code).

Loaded from YAML (``data/policy.yaml`` is the default; see its comments) and validated
at load: a bad file raises :class:`~piiguard.errors.ConfigError` naming the field.

    >>> p = Policy.load()
    >>> p.action_for("CVV_OR_ANY", "customer")
    'redact'

Each type's own actions come from its declaration (:meth:`Policy.with_types`, see
:mod:`piiguard.types`); the file's entries override them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from piiguard.errors import ConfigError
from piiguard.model import ACTIONS, SPEAKERS
from piiguard.types import TypeDeclaration

__all__ = ["DEFAULT_POLICY_PATH", "Policy"]

DEFAULT_POLICY_PATH = Path(__file__).parent / "data" / "policy.yaml"
_RANK = {"allow": 0, "redact": 1, "block": 2}


@dataclass(frozen=True, slots=True)
class Policy:
    actions: Mapping[str, Mapping[str, str]]
    block_requests: frozenset[str]
    report_requests: frozenset[str]
    identity_checks: tuple[str, ...] = ()
    carry_turns: int = 3
    source: str = field(default="<built-in>")
    # What the file itself says (per type and speaker, and the request types it lists):
    # declared types (piiguard.types) fill in only what it leaves out.
    listed_actions: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    listed_requests: frozenset[str] = frozenset()

    @classmethod
    def load(cls, path: Path | str | None = None) -> Policy:
        source = str(path or DEFAULT_POLICY_PATH)
        try:
            data = yaml.safe_load(Path(source).read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigError(f"cannot be read: {exc}", source=source) from None
        except yaml.YAMLError as exc:
            raise ConfigError(f"is not valid YAML: {exc}", source=source) from None
        return cls.from_dict(data, source)

    @classmethod
    def from_dict(cls, data: Any, source: str = "<policy>") -> Policy:
        if not isinstance(data, dict):
            raise ConfigError("must be a mapping", source=source)
        unknown = set(data) - {"actions", "agent_requests", "identity_checks", "carry_turns"}
        if unknown:
            raise ConfigError("unknown key", source=source, field=sorted(unknown)[0])
        actions_raw = data.get("actions") or {}
        if not isinstance(actions_raw, dict):
            raise ConfigError(
                "must map entity type -> {speaker: action}", source=source, field="actions"
            )
        default = dict.fromkeys(SPEAKERS, "redact")
        actions: dict[str, dict[str, str]] = {}
        for entity, per_speaker in actions_raw.items():
            where = f"actions.{entity}"
            if not isinstance(per_speaker, dict):
                raise ConfigError("must map speaker -> action", source=source, field=where)
            for speaker, action in per_speaker.items():
                if speaker not in SPEAKERS:
                    raise ConfigError(
                        f"unknown speaker {speaker!r}; expected one of {', '.join(SPEAKERS)}",
                        source=source,
                        field=f"{where}.{speaker}",
                    )
                if action not in ACTIONS:
                    raise ConfigError(
                        f"unknown action {action!r}; expected one of {', '.join(ACTIONS)}",
                        source=source,
                        field=f"{where}.{speaker}",
                    )
            actions[entity] = per_speaker
        default |= actions.pop("default", {})
        listed = {e: dict(a) for e, a in actions.items()}
        actions = {e: default | a for e, a in actions.items()} | {"default": default}
        requests = data.get("agent_requests") or {}
        if not isinstance(requests, dict) or set(requests) - {"block", "report"}:
            raise ConfigError(
                "must be a mapping with 'block' and 'report' lists",
                source=source,
                field="agent_requests",
            )
        carry = data.get("carry_turns", 3)
        if isinstance(carry, bool) or not isinstance(carry, int) or not 0 <= carry <= 20:
            raise ConfigError("must be an integer from 0 to 20", source=source, field="carry_turns")
        block = frozenset(_types(requests.get("block"), source, "agent_requests.block"))
        report = frozenset(_types(requests.get("report"), source, "agent_requests.report"))
        return cls(
            actions=actions,
            block_requests=block,
            report_requests=report,
            listed_actions=listed,
            listed_requests=block | report,
            identity_checks=tuple(
                _types(data.get("identity_checks"), source, "identity_checks", upper=False)
            ),
            carry_turns=carry,
            source=source,
        )

    def with_types(self, declarations: Iterable[TypeDeclaration]) -> Policy:
        """This policy with the declared types' defaults (see :mod:`piiguard.types`): a
        declaration's per-speaker actions under what the file lists for the type, and its
        requests blocked (``agents_may_ask: false``) or reported, unless the file lists
        the type under ``agent_requests``."""
        actions = dict(self.actions)
        block, report = set(self.block_requests), set(self.report_requests)
        default = self.actions["default"]
        for d in declarations:
            if d.policy:
                actions[d.entity] = {
                    **default,
                    **d.policy,
                    **self.listed_actions.get(d.entity, {}),
                }
            if d.request is not None and d.entity not in self.listed_requests:
                (report if d.request.agents_may_ask else block).add(d.entity)
        return replace(
            self,
            actions=actions,
            block_requests=frozenset(block),
            report_requests=frozenset(report),
        )

    def action_for(self, entity: str, speaker: str) -> str:
        per_speaker = self.actions.get(entity, self.actions["default"])
        return per_speaker.get(speaker, "redact")

    def requestable(self) -> frozenset[str]:
        return self.block_requests | self.report_requests

    def decide(self, speaker: str, entities: Iterable[str], requested: Iterable[str]) -> str:
        """The turn's action: the strictest of its findings' actions and its requests."""
        action = "allow"
        for entity in entities:
            candidate = self.action_for(entity, speaker)
            if _RANK[candidate] > _RANK[action]:
                action = candidate
        if speaker == "agent" and any(r in self.block_requests for r in requested):
            action = "block"
        return action


def _types(value: Any, source: str, where: str, *, upper: bool = True) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise ConfigError("must be a list of strings", source=source, field=where)
    if upper and any(v != v.upper() for v in value):
        raise ConfigError("entity types are UPPER_SNAKE_CASE", source=source, field=where)
    return value
