"""The policy file: actions per type and speaker, validated at load."""

from __future__ import annotations

import pytest

from piiguard.errors import ConfigError
from piiguard.policy import Policy


def test_default_follows_pci_and_the_agent_rule(guard) -> None:
    # The built-in pack declares each type's actions (recognizers/*.yaml `type: policy:`).
    p = guard.policy
    for entity in (
        "CREDIT_CARD",
        "CARD_CVV",
        "PASSWORD",
        "VERIFICATION_CODE",
        "CN_RESIDENT_ID",
        "US_SSN",
    ):
        assert p.action_for(entity, "agent") == "block"
        assert p.action_for(entity, "customer") == "redact"
    assert p.action_for("PHONE_NUMBER", "agent") == "redact"
    assert p.decide("agent", [], ["VERIFICATION_CODE"]) == "block"
    assert p.decide("customer", [], ["VERIFICATION_CODE"]) == "allow"
    assert p.decide("customer", ["EMAIL_ADDRESS"], []) == "redact"
    assert p.block_requests == {
        "PASSWORD",
        "VERIFICATION_CODE",
        "CREDIT_CARD",
        "CARD_CVV",
        "CARD_EXPIRY",
        "CN_RESIDENT_ID",
        "US_SSN",
        "BANK_ACCOUNT",
    }


def test_a_policy_file_overrides_a_declared_type(tmp_path) -> None:
    from piiguard.types import parse_type

    declared = parse_type(
        {
            "display": {"en": "x"},
            "policy": {"agent": "block"},
            "request": {"agents_may_ask": False},
        },
        "NEW_TYPE",
        "new.yaml",
    )
    assert Policy.load().with_types([declared]).action_for("NEW_TYPE", "agent") == "block"
    assert "NEW_TYPE" in Policy.load().with_types([declared]).block_requests
    path = tmp_path / "policy.yaml"
    path.write_text(
        "actions:\n  NEW_TYPE: {agent: redact}\nagent_requests:\n  report: [NEW_TYPE]\n",
        encoding="utf-8",
    )
    p = Policy.load(path).with_types([declared])
    assert p.action_for("NEW_TYPE", "agent") == "redact"
    assert "NEW_TYPE" in p.report_requests and "NEW_TYPE" not in p.block_requests


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"actions": {"CREDIT_CARD": {"agent": "shred"}}}, "actions.CREDIT_CARD.agent"),
        ({"actions": {"CREDIT_CARD": {"robot": "block"}}}, "actions.CREDIT_CARD.robot"),
        ({"agent_requests": {"block": ["password"]}}, "agent_requests.block"),
        ({"carry_turns": -1}, "carry_turns"),
        ({"colour": "blue"}, "colour"),
    ],
)
def test_invalid_policy_names_the_field(data: dict, field: str) -> None:
    with pytest.raises(ConfigError) as err:
        Policy.from_dict(data, "p.yaml")
    assert err.value.field == field and "p.yaml" in str(err.value)


def test_policy_overrides_from_a_file(tmp_path) -> None:
    path = tmp_path / "policy.yaml"
    path.write_text(
        "actions:\n  PHONE_NUMBER: {customer: allow}\nagent_requests:\n  block: [PASSWORD]\n",
        encoding="utf-8",
    )
    p = Policy.load(path)
    assert p.action_for("PHONE_NUMBER", "customer") == "allow"
    assert p.decide("agent", [], ["VERIFICATION_CODE"]) == "allow"
    assert p.decide("agent", [], ["PASSWORD"]) == "block"


def test_policy_identity_checks_extend_the_request_rules(tmp_path) -> None:
    from piiguard.guard import Guard, GuardConfig

    path = tmp_path / "policy.yaml"
    path.write_text(
        "agent_requests:\n  block: [CREDIT_CARD]\nidentity_checks: [first two groups]\n",
        encoding="utf-8",
    )
    from ..conftest import RECOGNIZERS

    # The items asked for are declared by the pack (recognizers/*.yaml type: request:).
    default = Guard.build(GuardConfig(recognizer_folders=(RECOGNIZERS,)))
    custom = Guard.build(GuardConfig(recognizer_folders=(RECOGNIZERS,), policy_path=path))
    text = "Read me the first two groups of the card number."
    assert {t.type for t in default.requests.detect(text)} == {"CREDIT_CARD"}
    assert custom.requests.detect(text) == []
    # a date of birth is not an item: asking for it needs no identity-check entry
    assert default.requests.detect("Please confirm your date of birth.") == []
