"""Speaker names in subtitle and plain-text transcripts -> contract speakers."""

from __future__ import annotations

from collections.abc import Iterable

__all__ = ["SpeakerMap"]

_AGENT_NAMES = {
    "agent",
    "support",
    "staff",
    "representative",
    "rep",
    "operator",
    "坐席",
    "客服",
    "人工客服",
    "工作人员",
}
_CUSTOMER_NAMES = {"customer", "caller", "client", "user", "客户", "用户", "顾客", "来电人"}
_SYSTEM_NAMES = {"system", "系统", "bot", "机器人"}


class SpeakerMap:
    """Maps a speaker name to agent / customer / system.

    Names given with ``--agent-speakers`` are agents; role words (Agent, 客服, Customer,
    客户, System) map to their role; any other name is a customer, because a transcript
    names the agent role far more reliably than the customer.
    """

    def __init__(self, agent_names: Iterable[str] = ()):
        self.agents = {n.strip().lower() for n in agent_names if n.strip()}

    def role(self, name: str) -> str:
        key = name.strip().lower()
        if key in self.agents or key in _AGENT_NAMES:
            return "agent"
        if key in _SYSTEM_NAMES:
            return "system"
        return "customer"

    @staticmethod
    def known_role_prefix(name: str) -> bool:
        key = name.strip().lower()
        return key in _AGENT_NAMES | _CUSTOMER_NAMES | _SYSTEM_NAMES
