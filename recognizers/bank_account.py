"""A Chinese debit card's number is not a bank account number, whatever its label.

In China a personal account given for a transfer (账号, 账户, 储蓄卡) is its UnionPay
debit card: 62..., 16-19 digits, Luhn-valid (ISO/IEC 7812). The card recognizer takes
it as CREDIT_CARD (masked to its last four, PCI DSS 3.4.1); an account number that is no
card (对公账户, a passbook, a UK account) fails one of the three checks.
"""

from __future__ import annotations

from piiguard.validators import luhn


def invalidate(value: str) -> bool:
    """True for a UnionPay card number, which is a card, not an account number."""
    digits = "".join(c for c in value if c.isdigit())
    return digits.startswith("62") and 16 <= len(digits) <= 19 and luhn(digits)
