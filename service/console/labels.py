"""Human-readable names for the identifiers the console shows (signal kinds, entity types,
dispositions, risk levels, speakers, audit actions), as message ids for the catalogues.

The English text here is the msgid; ``locales/zh/LC_MESSAGES/messages.po`` translates it.
``N_`` only marks a string for extraction (``pybabel extract -k N_``); the lookup happens
at render time in the reader's language.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any


def N_(message: str) -> str:  # noqa: N802 - the conventional gettext marker name
    return message


ENTITIES = {
    "CREDIT_CARD": N_("card number"),
    "CARD_CVV": N_("card security code"),
    "CARD_EXPIRY": N_("card expiry date"),
    "VERIFICATION_CODE": N_("one-time code"),
    "PASSWORD": N_("password or PIN"),
    "CN_RESIDENT_ID": N_("resident ID number"),
    "HK_ID_CARD": N_("Hong Kong ID number"),
    "US_SSN": N_("US Social Security number"),
    "BANK_ACCOUNT": N_("bank account number"),
    "PHONE_NUMBER": N_("phone number"),
    "EMAIL_ADDRESS": N_("e-mail address"),
}

SIGNALS = {
    "safe_account": N_("'safe account' transfer"),
    "remote_access": N_("remote-access app"),
    "off_platform": N_("move off the platform"),
    "threat": N_("threat or pressure"),
    "credit_threat": N_("credit-record threat"),
    "refund_bait": N_("refund bait"),
    "loan_credit": N_("loan or credit offer"),
    "loan_brand": N_("loan brand named"),
    "impersonation": N_("impersonating an authority"),
    "payment_method": N_("unusual payment method"),
    "secrecy": N_("asked to keep it secret"),
    "advance_fee": N_("advance fee"),
    "otp_mismatch": N_("code for another purpose"),
    "unofficial_contact": N_("unofficial contact"),
    "code_plus_off_platform": N_("code request + off-platform"),
    "code_plus_remote": N_("code request + remote access"),
    "threat_plus_transfer": N_("threat + transfer"),
    "impersonation_plus_secrecy": N_("impersonation + secrecy"),
    "refund_plus_credentials": N_("refund + card details"),
}
ASKED_FOR = N_("asked for the %(entity)s")
# Kinds whose stored text only restates the kind ("asks for CARD_CVV", "threat +
# safe_account"): the console shows their name alone.
COMBOS = frozenset(k for k in SIGNALS if "_plus_" in k)


def quotes_the_turn(kind: str) -> bool:
    """True when a signal's stored text is a (masked) snippet of the turn worth showing."""
    return not kind.startswith("request:") and kind not in COMBOS


DISPOSITIONS = {
    "confirmed_scam": N_("confirmed scam"),
    "agent_violation": N_("agent violation"),
    "false_positive": N_("false positive"),
    "no_issue": N_("no issue"),
}

LEVELS = {"low": N_("low"), "medium": N_("medium"), "high": N_("high")}

# risk.type (piiguard.risk_learned.SCAM_TYPES): what kind of scam the verdict is about.
SCAM_TYPES = {
    "customer_service": N_("fake customer service"),
    "bank_security": N_("fake bank security"),
    "authority": N_("fake police or authority"),
    "investment": N_("investment scam"),
    "prize": N_("prize or lottery scam"),
    "loan_credit": N_("loan or credit scam"),
    "family_emergency": N_("family emergency scam"),
    "tech_support": N_("fake tech support"),
    "phishing": N_("phishing"),
    "other": N_("other scam"),
}

SPEAKERS = {"agent": N_("agent"), "customer": N_("customer"), "system": N_("system")}

CHANNELS = {"chat": N_("chat"), "call": N_("call")}

ACTIONS = {
    "console_sign_in": N_("signed in"),
    "console_sign_in_failed": N_("failed sign-in"),
    "console_sign_out": N_("signed out"),
    "console_queue": N_("opened the queue"),
    "console_summary": N_("opened the summary"),
    "view_session": N_("viewed a session"),
    "review_session": N_("reviewed a session"),
    "list_sessions": N_("listed sessions"),
    "erase_session": N_("erased a session"),
    "export_reviews": N_("exported reviews"),
    "export_audit": N_("exported the audit log"),
    "assign_session": N_("took a session"),
    "unassign_session": N_("released a session"),
}


def _plain(identifier: str) -> str:
    # An identifier with no catalogued name (a new kind or entity): shown readable, as is.
    return identifier.replace("_", " ").lower()


def namer(table: dict[str, str], gettext: Callable[[str], str]) -> Callable[[str | None], str]:
    def name(identifier: str | None) -> str:
        if not identifier:
            return ""
        known = table.get(identifier)
        return gettext(known) if known else _plain(identifier)

    return name


# Chip labels the recognizer pack declares (piiguard.types), per entity type and language:
# filled from the service's Guard at start-up; they win over the catalogue.
DECLARED_CHIPS: dict[str, Mapping[str, str]] = {}


def declare_types(declarations: Mapping[str, Any]) -> None:
    """Take the chip labels of the pack's declared types (``Guard.types``)."""
    DECLARED_CHIPS.clear()
    DECLARED_CHIPS.update({entity: d.chip for entity, d in declarations.items()})


def entity_namer(language: str, gettext: Callable[[str], str]) -> Callable[[str | None], str]:
    """An entity type's chip label in ``language``: the declared one, else the catalogue's."""
    catalogued = namer(ENTITIES, gettext)

    def name(identifier: str | None) -> str:
        declared = DECLARED_CHIPS.get(identifier or "")
        if declared:
            return declared.get(language) or declared.get("en") or catalogued(identifier)
        return catalogued(identifier)

    return name


def signal_namer(
    gettext: Callable[[str], str], language: str = "en"
) -> Callable[[str | None], str]:
    """``"request:CN_RESIDENT_ID"`` -> "asked for the resident ID number" (in the reader's
    language); a risk-model kind -> its catalogued name."""
    entity = entity_namer(language, gettext)
    kind = namer(SIGNALS, gettext)

    def name(identifier: str | None) -> str:
        if identifier and identifier.startswith("request:"):
            return gettext(ASKED_FOR) % {"entity": entity(identifier.split(":", 1)[1])}
        return kind(identifier)

    return name
