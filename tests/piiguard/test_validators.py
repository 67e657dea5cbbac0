"""Checksum validators by name."""

from __future__ import annotations

import pytest

from piiguard.validators import get_validator, validator_names

CASES = [
    ("luhn", "4111 1111 1111 1111", True),
    ("luhn", "6222 0212 3456 7891 233", True),  # the contract's UnionPay example
    ("luhn", "4111 1111 1111 1112", False),
    ("luhn", "4111", False),
    ("gb11643", "11010519491231002X", True),
    ("gb11643", "11010519491231002x", True),
    ("gb11643", "110105194912310021", False),  # wrong check digit
    ("gb11643", "990105194912310028", False),  # no such province
    ("gb11643", "110105194913310021", False),  # month 13
    ("cn_ric15", "110105491231002", True),
    ("cn_ric15", "110105491331002", False),
    ("iban", "DE44 5001 0517 5407 3249 31", True),
    ("iban", "DE44 5001 0517 5407 3249 32", False),
    ("us_ssn", "536-90-4399", True),
    ("us_ssn", "666-12-3456", False),
    ("us_ssn", "900-12-3456", False),
    ("us_ssn", "123-00-4567", False),
    ("phone", "13827164093", True),
    ("phone", "+44 7700 900418", True),
    ("phone", "(312) 555-0147", True),
    ("phone", "12", False),
    ("hkid", "A123456(3)", True),
    ("hkid", "A123456(4)", False),
]


@pytest.mark.parametrize(("name", "value", "expected"), CASES)
def test_validator(name: str, value: str, expected: bool) -> None:
    assert get_validator(name)(value) is expected


@pytest.mark.parametrize("name", validator_names())
@pytest.mark.parametrize("junk", ["", "€", "😴", "x" * 50, "9" * 10_000, "\x00\n"])
def test_validators_reject_junk_without_raising(name: str, junk: str) -> None:
    assert get_validator(name)(junk) is False


def test_unknown_validator_names_the_known_ones() -> None:
    with pytest.raises(KeyError, match="luhn"):
        get_validator("nope")
