"""The log leak sweep itself: whatever way a value reaches a log record, the sweep sees it.

Records are built and handed to the sweep directly: logging them for real would also put
these deliberate values in front of pytest's own capture handlers."""

from __future__ import annotations

import logging
import sys
import traceback

import pytest

from .helpers import luhn_complete
from .leaks import LogSweep, contains_value, leaked

# Made-up values of our own, not in TEST_VALUES.
CARD = luhn_complete("542719043815266")
CODE = "604817"
VALUES = (CARD, CODE)


def _record(msg: str, args: tuple = (), exc_info=None, **kwargs) -> logging.LogRecord:  # noqa: ANN001, ANN003
    return logging.getLogger("tests.leak_sweep").makeRecord(
        "tests.leak_sweep", logging.INFO, __file__, 1, msg, args, exc_info, **kwargs
    )


def _exception_record() -> logging.LogRecord:
    try:
        raise ValueError(f"bad card {CARD}")
    except ValueError:
        return _record("scan failed", exc_info=sys.exc_info())


WITH_VALUE = {
    "formatted": lambda: _record("card %s", (CARD,)),
    "args that do not fit the format": lambda: _record("card %d", (CARD,)),
    "more args than placeholders": lambda: _record("no placeholder", (CODE,)),
    "extra fields": lambda: _record("scanned", extra={"turn_text": f"code {CODE}"}),
    "exception": _exception_record,
    "stack": lambda: _record("trace", sinfo="".join(traceback.format_stack()) + f"\n{CODE}"),
}


@pytest.mark.parametrize("make", WITH_VALUE.values(), ids=list(WITH_VALUE))
def test_a_value_in_a_record_is_seen(make) -> None:  # noqa: ANN001
    sweep = LogSweep()
    sweep.handle(make())
    assert len(sweep.lines) == 1
    assert leaked(sweep.lines[0], VALUES)


@pytest.mark.parametrize(
    "msg, args",
    [
        ("turn %d blocked", (3,)),
        ("card ending %s", (CARD[-4:],)),
        ("code of %d digits", (len(CODE),)),
        ("bad format %d", ("ab",)),
    ],
)
def test_records_without_a_value_are_clean(msg: str, args: tuple) -> None:
    sweep = LogSweep()
    sweep.handle(_record(msg, args))
    assert len(sweep.lines) == 1
    assert not leaked(sweep.lines[0], VALUES)


# The matcher every sweep uses: a short value of digits counts where it stands alone.
@pytest.mark.parametrize(
    ("haystack", "found"),
    [
        ("the cvv was 219", True),
        ("cvv=219.", True),  # a full stop ends a sentence, not a decimal
        ("(219)", True),
        ("turn_seconds_sum 0.219", False),  # a metric's fraction is no value
        ("took 219.5 ms", False),
        ("id 12195", False),  # inside a longer number
        ("0x2b219f", False),  # inside a hex address
    ],
)
def test_a_digit_value_counts_only_where_it_stands_alone(haystack: str, found: bool) -> None:
    assert contains_value(haystack, "219") is found


def test_other_values_count_anywhere() -> None:
    assert contains_value("password=Tulip$2024;", "Tulip$2024")
    assert not contains_value("password=<PASSWORD>", "Tulip$2024")
