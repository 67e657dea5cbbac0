"""Scam indicators: the numbers, links, accounts and meeting ids a conversation hands out.

A scam ring reuses its tools (one callback number, one "safe account", one link) across
many conversations. This module finds such values in a turn and turns each into an
:class:`Indicator` that holds no value:

* a **canonical form** (phone -> E.164 via ``phonenumbers``; domain -> registrable domain,
  lower-case, via ``tldextract`` with its bundled suffix list, never fetched; account and
  meeting id -> digits only; wallet address -> as written, hex lower-cased), so that
  ``0755-8888 6666`` and ``+86 755 88886666`` are one indicator;
* a keyed **fingerprint**, HMAC-SHA256(secret, ``kind:canonical``). A plain hash would
  not do: phone numbers and card prefixes are few enough to enumerate, so anyone holding
  an unkeyed hash list could recover the values. The secret is an argument; this module
  reads no environment;
* a **display** form safe to show (``+86 755****6666``, ``example[.]top``,
  ``6222 **** **** 1233``).

Official hotlines and domains of the risk model are never indicators. An indicator is
*given* when the agent hands it out, or when the customer reports one ("他让我打 0755…",
"he told me to call…"); only given ones are worth recording. Any indicator, given or not,
is compared with the known fingerprints.

>>> finder = IndicatorFinder(b"secret", official_phones=(), official_domains=())
>>> [i.display for i in finder.find("visit login.example.top now", (), "agent", "en")]
['example[.]top']
"""

from __future__ import annotations

import hashlib
import hmac
import math
import re
import threading
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import phonenumbers

from piiguard.model import Finding
from piiguard.normalize import normalize

if TYPE_CHECKING:
    from piiguard.risk import RiskTracker

__all__ = [
    "INDICATOR_KINDS",
    "SIGNAL_KIND",
    "Indicator",
    "IndicatorFinder",
    "add_known_indicator_signal",
    "fingerprint",
    "key_id",
    "parse_raw_value",
    "raw_values",
    "read_fingerprints",
    "signal_text",
]

INDICATOR_KINDS = ("phone", "domain", "account", "wallet", "meeting_id")
SIGNAL_KIND = "known_scam_indicator"

_PHONE_TYPES = frozenset({"PHONE_NUMBER"})
_ACCOUNT_TYPES = frozenset({"BANK_ACCOUNT", "CREDIT_CARD"})
_REGIONS = {"zh": ("CN", "US"), "en": ("US", "CN")}

_HOST = re.compile(
    r"(?<![@\w.-])(?:https?://)?((?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,24})"
    r"(?:[:/][^\s，。、“”\"'<>]*)?(?![\w-])",
    re.IGNORECASE,
)
# Endings that are public suffixes but, in a support chat, nearly always file names.
_FILE_ENDINGS = frozenset({"zip", "mov", "py", "sh", "pdf", "doc", "exe", "apk", "jpg", "png"})
_WALLET = re.compile(
    r"(?<![0-9A-Za-z])(0x[0-9a-fA-F]{40}|T[1-9A-HJ-NP-Za-km-z]{33}|bc1[02-9ac-hj-np-z]{25,59})"
    r"(?![0-9A-Za-z])"
)
_MEETING = re.compile(
    r"(?:会议号|会议ID|会议id|会议码|识别码|设备码|设备代码|远程码|"
    r"meeting\s*(?:id|number|code)|anydesk(?:\s*(?:id|address|code))?|"
    r"teamviewer(?:\s*id)?|partner\s*id|zoom\s*id)"
    r"\s*(?:is|是|为|:|：)?\s*(\d(?:[\s-]?\d){6,13})(?!\d)",
    re.IGNORECASE,
)
# What makes a value in a turn someone else's than the speaker's own (read back to the
# customer, or the customer's own number): never given.
_OWN = re.compile(
    r"(?:您的|你的|我的|本人|尾号|预留|绑定的|注册的)\s*\S{0,8}\s*$"
    r"|\b(?:your|my)\b(?:\s+[\w'-]+){0,3}\s*:?\s*$|\bending in\s*$",
    re.IGNORECASE,
)
# A customer reporting what the other side gave them.
_REPORTED = re.compile(
    r"让我|叫我|要我|给我打|打给我|他说|她说|对方|骗子|他给|她给|他们|发来|来电|"
    r"told me|asked me|wants me|said to|gave me|he said|she said|they said|"
    r"called me|texted me|sent me|from the number|scammer",
    re.IGNORECASE,
)
_CLAUSE_REACH = 30
# A run of 12-19 digits the detector did not claim is an account when the clause says so.
_DIGIT_RUN = re.compile(r"(?<![\d.])\d(?:[ -]?\d){11,18}(?![\d.])")
_ACCOUNT_CUE = re.compile(
    r"账户|账号|帐户|帐号|卡号|收款|转入|转到|汇到|打到|存入|对公|"
    r"account|acct|iban|transfer|wire|deposit|payee|beneficiary",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Indicator:
    """One value found in a turn, without the value: kind, fingerprint, safe display.

    ``start``/``end`` locate it in the turn's text; ``given`` says whether the agent handed
    it out or the customer reported it (worth recording) rather than merely mentioned it.
    """

    kind: str
    fingerprint: str
    display: str
    start: int
    end: int
    given: bool


def fingerprint(secret: bytes, kind: str, canonical: str) -> str:
    """HMAC-SHA256 of ``kind:canonical`` under ``secret``, as 64 hex digits."""
    return hmac.new(secret, f"{kind}:{canonical}".encode(), hashlib.sha256).hexdigest()


def key_id(secret: bytes) -> str:
    """A short public name for a secret, so lists made under another key are recognised."""
    return hmac.new(secret, b"piiguard indicator key id", hashlib.sha256).hexdigest()[:12]


# -- canonical and display forms -------------------------------------------------------


def _digits(text: str) -> str:
    return "".join(c for c in normalize(text).text if c.isdigit())


def canonical_phone(text: str, language: str = "zh") -> str | None:
    """E.164 of a phone number as written (spoken digits too), or None if it is not one."""
    folded = normalize(text).text
    plus = "+" if folded.lstrip().startswith(("+", "00")) else ""
    digits = "".join(c for c in folded if c.isdigit())
    if plus and digits.startswith("00"):
        digits = digits[2:]
    if len(digits) < 7:
        return None
    possible = None
    for region in _REGIONS.get(language, _REGIONS["zh"]):
        try:
            number = phonenumbers.parse(plus + digits, None if plus else region)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(number):
            return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
        if possible is None and phonenumbers.is_possible_number(number):
            possible = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return possible


def display_phone(e164: str) -> str:
    """``+86 138****5678``: country code, the first three and last four national digits."""
    number = phonenumbers.parse(e164, None)
    national = phonenumbers.national_significant_number(number)
    shown = (3, 4) if len(national) >= 9 else (2, 2)
    hidden = "*" * max(len(national) - sum(shown), 2)
    return f"+{number.country_code} {national[: shown[0]]}{hidden}{national[-shown[1] :]}"


def display_account(digits: str) -> str:
    """``6222 **** **** 1233``: the first and last four digits, the rest as groups of stars."""
    groups = max(math.ceil((len(digits) - 8) / 4), 1)
    return " ".join([digits[:4], *(["****"] * groups), digits[-4:]])


def display_domain(domain: str) -> str:
    """``example[.]top``: defanged, so that no screen or chat turns it into a live link."""
    return domain.replace(".", "[.]")


def display_meeting_id(digits: str) -> str:
    return f"{digits[:3]}***{digits[-3:]}"


def display_wallet(address: str) -> str:
    return f"{address[:6]}…{address[-4:]}"


class _Domains:
    """Registrable domains from the suffix list bundled with tldextract (never fetched)."""

    def __init__(self) -> None:
        import tldextract

        # suffix_list_urls=() and no cache: the snapshot shipped in the package, always.
        self._extract = tldextract.TLDExtract(
            suffix_list_urls=(), cache_dir=None, fallback_to_snapshot=True
        )
        self._extract("example.com")  # load the list now, once, under the caller's lock

    def registrable(self, host: str) -> str | None:
        parts = self._extract(host.lower().rstrip("."))
        if not parts.domain or not parts.suffix or parts.suffix in _FILE_ENDINGS:
            return None
        return f"{parts.domain}.{parts.suffix}"


_DOMAINS: _Domains | None = None
_DOMAINS_LOCK = threading.Lock()


def _domains() -> _Domains:
    global _DOMAINS
    with _DOMAINS_LOCK:
        if _DOMAINS is None:
            _DOMAINS = _Domains()
        return _DOMAINS


def canonical_domain(text: str) -> str | None:
    """The registrable domain of a URL or host name, lower-case; None if it has none."""
    m = _HOST.search(text.strip())
    return _domains().registrable(m.group(1)) if m else None


def parse_raw_value(text: str, language: str = "zh") -> tuple[str, str, str] | None:
    """(kind, canonical, display) of one raw value from a blocklist line, or None.

    A list says only the value, so its kind is guessed from its shape: a wallet address, a
    URL or host name, a phone number, else 12-19 digits as an account.
    """
    value = text.strip()
    if not value:
        return None
    wallet = _WALLET.fullmatch(value)
    if wallet:
        canonical = _canonical_wallet(value)
        return "wallet", canonical, display_wallet(canonical)
    if re.search(r"[A-Za-z]", value) and "." in value:
        domain = canonical_domain(value)
        return ("domain", domain, display_domain(domain)) if domain else None
    digits = _digits(value)
    phone = canonical_phone(value, language) if len(digits) <= 15 else None
    if phone and phonenumbers.is_valid_number(phonenumbers.parse(phone, None)):
        return "phone", phone, display_phone(phone)
    if 12 <= len(digits) <= 19 and not value.startswith(("+", "00")):
        return "account", digits, display_account(digits)
    if phone:
        return "phone", phone, display_phone(phone)
    return None


def _canonical_wallet(address: str) -> str:
    return address.lower() if address.lower().startswith(("0x", "bc1")) else address


# -- finding indicators in a turn -------------------------------------------------------


class IndicatorFinder:
    """Finds indicators in turns and knows which fingerprints are known scam indicators.

    ``known`` maps a fingerprint to the number of confirmed scam sessions it was seen in
    (0 for one known only from an imported list). :meth:`replace_known` swaps the whole
    mapping at once, so a service can refresh it while turns are being decided.
    """

    def __init__(
        self,
        secret: bytes,
        known: Mapping[str, int] | None = None,
        *,
        official_phones: Iterable[str],
        official_domains: Iterable[str],
    ):
        if not secret:
            raise ValueError("an indicator secret must not be empty")
        self._secret = secret
        self.known: Mapping[str, int] = dict(known or {})
        self._official_digits = frozenset(re.sub(r"\D", "", p) for p in official_phones)
        self._official_domains = tuple(d.lower() for d in official_domains)
        self.key_id = key_id(secret)

    def replace_known(self, known: Mapping[str, int]) -> None:
        self.known = dict(known)

    def fingerprint(self, kind: str, canonical: str) -> str:
        return fingerprint(self._secret, kind, canonical)

    def _is_official_phone(self, e164: str, written_digits: str) -> bool:
        national = phonenumbers.national_significant_number(phonenumbers.parse(e164, None))
        return any(
            d in self._official_digits
            for d in (written_digits, written_digits.lstrip("0"), national, e164.lstrip("+"))
        )

    def is_official(self, kind: str, canonical: str) -> bool:
        """Whether a canonical value is one of the risk model's official contacts."""
        if kind == "phone":
            return self._is_official_phone(canonical, canonical.lstrip("+"))
        return kind == "domain" and self._is_official_domain(canonical)

    def _is_official_domain(self, domain: str) -> bool:
        return any(domain == d or domain.endswith("." + d) for d in self._official_domains)

    def find(
        self, text: str, findings: Sequence[Finding], speaker: str, language: str
    ) -> list[Indicator]:
        """Every indicator in one turn, in text order; official contacts left out."""
        found: list[Indicator] = []
        taken: list[tuple[int, int]] = []

        def add(kind: str, canonical: str, display: str, start: int, end: int) -> None:
            if any(s < end and start < e for s, e in taken):
                return
            taken.append((start, end))
            given = self._is_given(text, start, speaker)
            found.append(
                Indicator(kind, self.fingerprint(kind, canonical), display, start, end, given)
            )

        for m in _MEETING.finditer(text):
            digits = _digits(m.group(1))
            add("meeting_id", digits, display_meeting_id(digits), m.start(1), m.end(1))
        for f in findings:
            value = text[f.start : f.end]
            if f.type in _PHONE_TYPES:
                phone = canonical_phone(value, language)
                if phone and not self._is_official_phone(phone, _digits(value)):
                    add("phone", phone, display_phone(phone), f.start, f.end)
            elif f.type in _ACCOUNT_TYPES:
                digits = _digits(value)
                if 8 <= len(digits) <= 30:
                    add("account", digits, display_account(digits), f.start, f.end)
            else:  # an ID number, a code: never an indicator, whatever surrounds it
                taken.append((f.start, f.end))
        for m in _DIGIT_RUN.finditer(text):
            window = text[max(0, m.start() - _CLAUSE_REACH) : m.end() + _CLAUSE_REACH]
            if _ACCOUNT_CUE.search(window):
                digits = _digits(m.group())
                add("account", digits, display_account(digits), m.start(), m.end())
        for m in _WALLET.finditer(text):
            canonical = _canonical_wallet(m.group(1))
            add("wallet", canonical, display_wallet(canonical), m.start(1), m.end(1))
        for m in _HOST.finditer(text):
            domain = _domains().registrable(m.group(1))
            if domain and not self._is_official_domain(domain):
                add("domain", domain, display_domain(domain), m.start(), m.end())
        return sorted(found, key=lambda i: i.start)

    @staticmethod
    def _is_given(text: str, start: int, speaker: str) -> bool:
        before = text[max(0, start - _CLAUSE_REACH) : start]
        before = re.split(r"[。！？!?；;\n]", before)[-1]
        if _OWN.search(before):
            return False
        if speaker == "agent":
            return True
        return speaker == "customer" and _REPORTED.search(before) is not None

    def known_hit(self, indicators: Iterable[Indicator]) -> tuple[Indicator, int] | None:
        """The first indicator whose fingerprint is known, with its confirmed count."""
        for indicator in indicators:
            count = self.known.get(indicator.fingerprint)
            if count is not None:
                return indicator, count
        return None


_WHAT = {
    "en": {
        "phone": "number",
        "domain": "link",
        "account": "account",
        "wallet": "wallet",
        "meeting_id": "meeting id",
    },
    "zh": {
        "phone": "号码",
        "domain": "链接",
        "account": "账户",
        "wallet": "钱包地址",
        "meeting_id": "会议号",
    },
}


def signal_text(indicator: Indicator, confirmed_sessions: int, language: str) -> str:
    """What the risk signal (and the warning) says: the display form and the evidence.

    >>> i = Indicator("phone", "f" * 64, "+86 755****6666", 0, 1, True)
    >>> signal_text(i, 2, "en")
    'number +86 755****6666 (2 confirmed scam sessions)'
    """
    zh = language == "zh"
    what = _WHAT["zh" if zh else "en"][indicator.kind]
    if zh:
        evidence = (
            f"（已在 {confirmed_sessions} 个确认的诈骗会话中出现）"
            if confirmed_sessions
            else "（在诈骗名单中）"
        )
        return f"{what} {indicator.display}{evidence}"
    if confirmed_sessions:
        plural = "" if confirmed_sessions == 1 else "s"
        return f"{what} {indicator.display} ({confirmed_sessions} confirmed scam session{plural})"
    return f"{what} {indicator.display} (on a scam list)"


def read_fingerprints(lines: Iterable[str]) -> dict[str, int]:
    """Known fingerprints from an export: JSON lines with ``fingerprint`` (and
    ``confirmed_sessions``), or bare 64-hex fingerprints, one a line; ``#`` comments.

    Raises ValueError naming the first line that is neither.
    """
    import json

    known: dict[str, int] = {}
    for n, raw in enumerate(lines, 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if re.fullmatch(r"[0-9a-fA-F]{64}", line):
            known[line.lower()] = known.get(line.lower(), 0)
            continue
        try:
            row = json.loads(line)
            fp = str(row["fingerprint"]).lower()
            count = int(row.get("confirmed_sessions") or 0)
        except (ValueError, KeyError, TypeError, AttributeError):
            raise ValueError(
                f"line {n}: expected a JSON object with a fingerprint, or 64 hex digits"
            ) from None
        if not re.fullmatch(r"[0-9a-f]{64}", fp):
            raise ValueError(f"line {n}: a fingerprint is 64 hex digits")
        known[fp] = max(known.get(fp, 0), count)
    return known


def add_known_indicator_signal(
    finder: IndicatorFinder,
    tracker: RiskTracker,
    index: int,
    speaker: str,
    text: str,
    findings: Sequence[Finding],
    language: str,
) -> None:
    """Give turn ``index`` the ``known_scam_indicator`` signal if a known indicator is in it
    (said by anyone: a customer repeating the number counts as much as the agent)."""
    if not finder.known:
        return
    hit = finder.known_hit(finder.find(text, findings, speaker, language))
    if hit is not None:
        tracker.add_signal(index, SIGNAL_KIND, signal_text(hit[0], hit[1], tracker.language))


_VALUE_COLUMNS = frozenset(
    {"value", "indicator", "number", "phone", "url", "link", "domain", "account", "wallet"}
    | {"号码", "电话", "网址", "链接", "域名", "账号", "账户", "钱包"}
)


def raw_values(text: str) -> list[tuple[int, str]]:
    """(line number, raw value) from a blocklist: one value a line, or CSV whose value
    column is named (value, number, url, account, 号码, …) or else the first; blank lines
    and ``#`` comments skipped."""
    import csv

    lines = [(n, line) for n, line in enumerate(text.splitlines(), 1)]
    content = [(n, line) for n, line in lines if line.strip() and not line.lstrip().startswith("#")]
    if not content:
        return []
    first = content[0][1]
    delimiter = next((d for d in (",", "\t", ";") if d in first), None)
    if delimiter is None:
        return [(n, line.strip()) for n, line in content]

    def cells(line: str) -> list[str]:
        try:
            return next(csv.reader([line], delimiter=delimiter), [])
        except csv.Error:  # a NUL or an over-long field: the line as one cell
            return [line]

    rows = [(n, cells(line)) for n, line in content]
    header = [cell.strip().lower() for cell in rows[0][1]]
    column = next((i for i, name in enumerate(header) if name in _VALUE_COLUMNS), None)
    if column is not None:
        rows = rows[1:]
    column = column or 0
    return [(n, cells[column].strip()) for n, cells in rows if len(cells) > column]
