"""Numbers read in pieces across turns: "4111 1111" ... "uh-huh" ... "1111 1111".

A customer often reads a card, ID or code in chunks, with the agent's back-channel
("嗯", "uh-huh", "go on") between them. Each chunk alone is too short to be anything; the
chunks together pass the Luhn or GB 11643 check, or complete a requested code.

:class:`NumberAssembler` follows such a sequence turn by turn. It keeps **no digits**:
only the running Luhn sums for both parities, the GB 11643 weighted sum, the province
prefix check and the length, from which the number cannot be recovered. A chunk is
reported (and so redacted) in its own turn as soon as it belongs to a sequence that a
label or a request says is a card, ID or code; the sequence ends when it completes, when
a non-back-channel turn intervenes, or after :data:`MAX_GAP_TURNS` turns.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from piiguard.model import Finding
from piiguard.normalize import normalize
from piiguard.validators import CN_PROVINCE_CODES

__all__ = ["MAX_GAP_TURNS", "NumberAssembler"]

MAX_GAP_TURNS = 3
RECOGNIZER_NAME = "number_pieces"
PIECE_SCORE = 0.55
_RUN = re.compile(r"\d+[Xx]?")
# A masked or partial value ("the last four of your card", 后四位) is not the entity:
# asked for or given, it starts no sequence. The normaliser reads 四 as 4.
_PARTIAL = re.compile(
    r"last\s*(?:four|4|six|6|digits)|ending|ends in"
    r"|后(?:四|4|六|6)位|尾号|末(?:四|4|六|6)位|最后(?:四|4|六|6)位",
    re.IGNORECASE,
)
# Numbers that are not secrets however they are read: error and status codes, promo
# and coupon codes ("it shows 502", "错误代码 1043").
_NOT_A_SECRET = re.compile(
    r"error|status|shows|says|displays|promo|coupon|voucher|错误|报错|显示|提示|优惠",
    re.IGNORECASE,
)
# In a longer agent turn: the conversation moved on (a number of its own, a question).
_ENDS_A_READING = re.compile(r"\d|[?？]|吗|呢")
_QUESTION = re.compile(r"[?？]|吗|呢")
_BACKCHANNEL_QUESTION_CHARS = 5
# ... unless the question asks for the rest ("could you carry on from where you were?").
_ASKS_FOR_THE_REST = re.compile(
    r"carry on|keep going|go on with|go ahead with|continue (?:with|from)|please continue"
    r"|the rest|where you (?:were|left off)|继续|接着说|剩下|后面的",
    re.IGNORECASE,
)
# An SSN is read 3-2-4: its first chunk is the three-digit area number; a phone number's
# first chunk is its area code or mobile prefix (201..., 手机是155，).
_MIN_FIRST_PIECE = {"VERIFICATION_CODE": 3, "US_SSN": 3, "PHONE_NUMBER": 3}
# A phone number's first chunk must be visibly cut off (a comma, dash or ellipsis after
# it): a short number said whole ("请拨打95588。", "call 311") is a public number.
# A filler the turn stops on ("sure it's seven one eight uh", "幺三三，嗯") is a pause too.
_CUT_OFF = re.compile(
    r"[\s,，、\-–—]*(?:\.{2,}|…|[,，、\-–—]|(?<=\s)(?:uh+|um+|erm?|hmm)\b|[嗯呃])"
    r"[\s,，、.…\-–—嗯呃]*\Z",
    re.IGNORECASE,
)
# NANP numbers are 10 digits (area code 2-9); CN mobiles 11 (leading 1). Longer than
# this, a phone sequence is something else.
_PHONE_MAX = 15
_MIN_FIRST_PIECE_LONG = 4
_BACKCHANNEL_MAX_CHARS = 16
_OTHER_TEXT_MAX_CHARS = 24
_GB_WEIGHTS = tuple(2 ** (17 - i) % 11 for i in range(17))
# The first digit of every province code the gb11643 validator accepts (7 included:
# 71 is Taiwan), so a sequence the validator would pass is never cut short here.
_PROVINCE_FIRST = frozenset(code[0] for code in CN_PROVINCE_CODES)
# What a sequence may turn out to be, by the types a label or request announced.
_LONG_TYPES = ("CREDIT_CARD", "CN_RESIDENT_ID", "BANK_ACCOUNT", "US_SSN")
_CODE_LENGTHS = range(4, 9)


def _luhn_value(digit: int, doubled: bool) -> int:
    if not doubled:
        return digit
    d = digit * 2
    return d - 9 if d > 9 else d


@dataclass(slots=True)
class _Sequence:
    """Running checks over the digits read so far (none of the digits themselves)."""

    expected: str
    length: int = 0
    luhn_if_odd_doubled: int = 0  # sum when digits at odd 1-based positions are doubled
    luhn_if_even_doubled: int = 0
    gb_sum: int = 0
    gb_check_ok: bool = False
    province_ok: bool = True
    last_turn: int = 0
    piece_turns: list[int] = field(default_factory=list)
    lead_one: bool = False  # the first digit is 1 (a CN mobile: 11 digits); no digit kept

    def add(self, run: str) -> None:
        for ch in run:
            position = self.length + 1
            if ch in "Xx":
                self.gb_check_ok = self.length == 17 and (12 - self.gb_sum % 11) % 11 == 10
                self.length += 1
                continue
            d = int(ch)
            if self.length == 0:
                self.province_ok = ch in _PROVINCE_FIRST
                self.lead_one = ch == "1"
            self.luhn_if_odd_doubled = (
                self.luhn_if_odd_doubled + _luhn_value(d, position % 2 == 1)
            ) % 10
            self.luhn_if_even_doubled = (
                self.luhn_if_even_doubled + _luhn_value(d, position % 2 == 0)
            ) % 10
            if self.length < 17:
                self.gb_sum = (self.gb_sum + d * _GB_WEIGHTS[self.length]) % 11
            elif self.length == 17:
                self.gb_check_ok = (12 - self.gb_sum % 11) % 11 == d
            self.length += 1

    def completed_as(self) -> str | None:
        """The type the digits so far complete, if any."""
        if self.expected == "VERIFICATION_CODE":
            return "VERIFICATION_CODE" if self.length in _CODE_LENGTHS else None
        if self.expected == "PHONE_NUMBER":
            return "PHONE_NUMBER" if self.length == (11 if self.lead_one else 10) else None
        resident_id = self.length == 18 and self.gb_check_ok and self.province_ok
        # Luhn doubles every second digit counted from the right-most one.
        luhn = self.luhn_if_odd_doubled if self.length % 2 == 0 else self.luhn_if_even_doubled
        card = 13 <= self.length <= 19 and luhn % 10 == 0
        # An 18-digit card passes GB 11643 one time in eleven, an ID passes Luhn one time
        # in ten: the type the label announced decides when both checks pass.
        if card and (self.expected == "CREDIT_CARD" or not resident_id):
            return "CREDIT_CARD"
        if resident_id:
            return "CN_RESIDENT_ID"
        return None


def _pieces(text: str, findings: Sequence[Finding]) -> list[tuple[int, int, str]]:
    """Digit runs of a number-reading turn, at original offsets, outside any finding."""
    norm = normalize(text)
    runs = []
    dates = [d.span() for d in _SLASH_DATE.finditer(norm.text)] if "/" in norm.text else []
    for m in _RUN.finditer(norm.text):
        if _in_code_token(norm.text, m.start(), m.end()):
            continue  # "APP-2024-118", "CZ3105": an identifier, not a number being read
        if any(a <= m.start() and m.end() <= b for a, b in dates):
            continue  # "生日 79/04/18": a date written with slashes, not a chunk
        if norm.text[m.end() : m.end() + 1] in _UNITS:
            continue  # "2027年1月7日", "500元": a date or a quantity, not a chunk
        start, end = norm.to_original(m.start(), m.end())
        if any(f.start < end and start < f.end for f in findings):
            continue
        runs.append((start, end, m.group()))
    if not runs:
        return []
    other = _RUN.sub("", norm.text)
    # A turn that breaks off right after its digits ("my security code from the text is
    # 212...") is a number being read even after a longer lead-in.
    longest = _OTHER_TEXT_MAX_CHARS * (2 if _CUT_OFF.match(text, runs[-1][1]) else 1)
    if len(re.sub(r"[\s\W_]", "", other)) > longest:
        return []  # a sentence that happens to contain digits, not someone reading a number
    return runs


class NumberAssembler:
    """Joins number chunks across turns; see the module docstring."""

    def __init__(self, *, answers_questions: bool = True) -> None:
        # False for the agent's side: a customer's "what's your badge number?" makes the
        # agent's bare "It's 94562." no phone number (only a question naming a phone
        # does), and an agent gives out only the values it may give (a callback number,
        # an account to pay into).
        self._answers_questions = answers_questions
        self._sequence: _Sequence | None = None
        # The last other-speaker turn asked for a partial value or a non-secret number.
        self._partial_asked = False
        # ... or named a phone number ("请留一个联系电话", "a callback number?").
        self._phone_asked = False
        # The last customer turn ended on a phone number: an extension may follow alone.
        self._phone_ended = False

    def state(self) -> dict[str, Any] | None:
        """JSON-able state: running sums and lengths, no digits."""
        seq = self._sequence
        if seq is None:
            if not (self._partial_asked or self._phone_asked or self._phone_ended):
                return None
            return {
                "partial_asked": self._partial_asked,
                "phone_asked": self._phone_asked,
                "phone_ended": self._phone_ended,
            }
        return {
            "partial_asked": self._partial_asked,
            "phone_asked": self._phone_asked,
            "phone_ended": self._phone_ended,
            "expected": seq.expected,
            "length": seq.length,
            "luhn_odd": seq.luhn_if_odd_doubled,
            "luhn_even": seq.luhn_if_even_doubled,
            "gb_sum": seq.gb_sum,
            "gb_check_ok": seq.gb_check_ok,
            "province_ok": seq.province_ok,
            "last_turn": seq.last_turn,
            "piece_turns": list(seq.piece_turns),
            "lead_one": seq.lead_one,
        }

    @classmethod
    def from_state(
        cls, state: dict[str, Any] | None, *, answers_questions: bool = True
    ) -> NumberAssembler:
        assembler = cls(answers_questions=answers_questions)
        if state is not None:
            assembler._partial_asked = bool(state.get("partial_asked", False))
            assembler._phone_asked = bool(state.get("phone_asked", False))
            assembler._phone_ended = bool(state.get("phone_ended", False))
        if state is not None and "expected" in state:
            assembler._sequence = _Sequence(
                expected=state["expected"],
                length=state["length"],
                luhn_if_odd_doubled=state["luhn_odd"],
                luhn_if_even_doubled=state["luhn_even"],
                gb_sum=state["gb_sum"],
                gb_check_ok=state["gb_check_ok"],
                province_ok=state["province_ok"],
                last_turn=state["last_turn"],
                piece_turns=list(state["piece_turns"]),
                lead_one=bool(state.get("lead_one", False)),
            )
        return assembler

    def other_turn(self, index: int, text: str) -> None:
        """An agent or system turn. It keeps a sequence open when it is a back-channel
        ("嗯", "go on") or a statement without a number of its own ("okay, I'm writing
        it down, go ahead with the rest"); :data:`MAX_GAP_TURNS` still bounds the gap.
        A longer turn with a number or a question in it (the talk moved on), or a
        question for a partial value, ends the sequence."""
        folded = normalize(text).text
        self._partial_asked = bool(_PARTIAL.search(folded) or _NOT_A_SECRET.search(folded))
        asks = _NAMES_A_PHONE if self._answers_questions else _NAMES_A_PHONE_ITSELF
        self._phone_asked = asks.search(folded) is not None
        if self._sequence is None:
            return
        short = len(re.sub(r"\s", "", text)) <= _BACKCHANNEL_MAX_CHARS
        moved_on = _ENDS_A_READING.search(folded) is not None and (
            any(c.isdigit() for c in folded) or _ASKS_FOR_THE_REST.search(folded) is None
        )
        # A short question about something else ("and your zip?", "邮编呢？") moves on too;
        # "嗯？" or "go on?" is still a back-channel.
        asks_other = (
            _QUESTION.search(folded) is not None
            and len(re.sub(r"[\s\W_]", "", folded)) > _BACKCHANNEL_QUESTION_CHARS
            and _ASKS_FOR_THE_REST.search(folded) is None
        )
        if self._partial_asked or (not short and moved_on) or (short and asks_other):
            self._sequence = None

    def numberless_turn(self) -> None:
        """A turn of this side with no digit and no finding: what :meth:`customer_turn`
        would do with it (an open sequence stays open), without reading it."""
        self._partial_asked = self._phone_asked = self._phone_ended = False

    def customer_turn(
        self,
        index: int,
        text: str,
        findings: Sequence[Finding],
        expected_types: Iterable[str],
        other_label: bool = False,
    ) -> list[Finding]:
        """Findings for the chunks of ``text`` that belong to a number being read.

        ``other_label`` says the turn names some other kind of number (票号, order): its
        digits are that, not the next chunk.
        """
        partial_asked, self._partial_asked = self._partial_asked, False
        phone_asked, self._phone_asked = self._phone_asked, False
        phone_ended, self._phone_ended = self._phone_ended, _ends_on_phone(text, findings)
        if phone_ended and not findings:
            extension = _extension_alone(text)
            if extension is not None:
                return [Finding("PHONE_NUMBER", *extension, PIECE_SCORE, RECOGNIZER_NAME)]
        if other_label:
            self._sequence = None
            return []
        seq = self._sequence
        if seq is not None and index - seq.last_turn > MAX_GAP_TURNS:
            seq = self._sequence = None
        pieces = _pieces(text, findings)
        if seq is not None:
            pieces = _claimed(seq, text, findings) or pieces
        elif not pieces:
            pieces = _cut_off_phone_reading(_expected(expected_types), text, findings)
            if not pieces and not partial_asked:
                self._sequence = (
                    _cut_off_code(text, findings, _expected(expected_types), index)
                    or _cut_off_phone(text, findings, index)
                    or _cut_off_account(text, findings, index)
                )
                return []
        if not pieces:
            if seq is not None and findings:
                self._sequence = None
            return []
        if seq is None:
            expected = _expected(expected_types)
            folded = normalize(text).text
            if not self._answers_questions and expected not in _AGENT_GIVES:
                return []
            if (
                expected is None
                or partial_asked
                or _PARTIAL.search(folded)
                or _NOT_A_SECRET.search(folded)
            ):
                return []
            if _first_chunk_digits(text, pieces) < _MIN_FIRST_PIECE.get(
                expected, _MIN_FIRST_PIECE_LONG
            ):
                return []
            if expected == "PHONE_NUMBER" and not (
                _CUT_OFF.match(text, pieces[-1][1]) or (phone_asked and _bare_answer(text, pieces))
            ):
                return []
            seq = self._sequence = _Sequence(expected)
        out = []
        for start, end, run in pieces:
            seq.add(run)
            seq.piece_turns.append(index)
            out.append((start, end))
        seq.last_turn = index
        completed = seq.completed_as()
        report_as = completed or seq.expected
        longest = _PHONE_MAX if seq.expected == "PHONE_NUMBER" else 19
        # A code of 4-8 digits is complete at four, unless the turn breaks off after it
        # ("my code is 1856..."): then the rest may follow.
        more_to_come = (
            seq.expected == "VERIFICATION_CODE"
            and seq.length < max(_CODE_LENGTHS)
            and _CUT_OFF.match(text, pieces[-1][1]) is not None
        )
        if (completed is not None and not more_to_come) or seq.length > longest:
            self._sequence = None
        return [
            Finding(report_as, s, e, PIECE_SCORE, RECOGNIZER_NAME) for s, e in _joined(text, out)
        ]


# What an agent reads out in pieces itself: a number to call or an account to pay into.
_AGENT_GIVES = ("PHONE_NUMBER", "BANK_ACCOUNT")
# An agent turn that names a phone number: a bare answer right after it is one.
_NAMES_A_PHONE = re.compile(
    r"phone|mobile|cell|callback|call you|reach you|number|电话|手机|号码|座机|联系方式",
    re.IGNORECASE,
)
# ... for the agent's side: only a phone by name ("what's your phone number again?"), not
# any number ("what's your badge number?").
_NAMES_A_PHONE_ITSELF = re.compile(
    r"phone|mobile|cell|callback|call ?back|电话|手机|座机|联系方式", re.IGNORECASE
)
# A turn that is only the digits and a full stop ("幺五二。", "five oh six, four thirty."),
# given when the number was asked for: speech-to-text ends every utterance with a stop,
# so the stop does not say the number is whole.
# Written so that no space can be taken by two parts: "\s*[.]?\s*\Z" tried every split
# of a long run of spaces before a non-space (seconds on a 20,000-space turn, in `re`,
# which has no timeout and holds the GIL).
_FULL_STOP_END = re.compile(r"\s*(?:[.。]\s*)?\Z")
_BARE_ANSWER_OTHER_CHARS = 6


def _bare_answer(text: str, pieces: list[tuple[int, int, str]]) -> bool:
    if not _FULL_STOP_END.match(text, pieces[-1][1]):
        return False
    other = text[: pieces[0][0]] + "".join(
        text[end:start] for (_, end, _), (start, _, _) in zip(pieces, pieces[1:], strict=False)
    )
    return len(re.sub(r"[\s\W_]", "", other)) <= _BARE_ANSWER_OTHER_CHARS


def _first_chunk_digits(text: str, pieces: list[tuple[int, int, str]]) -> int:
    """Digits of the first chunk: its groups with only separators between them (an ID
    read "460 607..." starts with six digits, not three)."""
    count = len(pieces[0][2])
    for (_, end, _), (start, _, run) in zip(pieces, pieces[1:], strict=False):
        if not _BETWEEN_CHUNKS.fullmatch(text, end, start):
            break
        count += len(run)
    return count


def _claimed(seq: _Sequence, text: str, findings: Sequence[Finding]) -> list[tuple[int, int, str]]:
    """The rest of a card or resident ID that the detector read as something else (the
    second half of a card, spoken, is a valid phone number on its own): its chunks, when
    with them the sequence passes its checksum as the type it was announced as. The
    caller then drops the other reading: the checksum over the whole number is the
    stronger evidence."""
    if seq.expected not in ("CREDIT_CARD", "CN_RESIDENT_ID"):
        return []
    others = [f for f in findings if f.type != seq.expected]
    if not others:
        return []
    runs = _pieces(text, [f for f in findings if f.type == seq.expected])
    if not runs:
        return []
    trial = replace(seq, piece_turns=list(seq.piece_turns))
    for _, _, run in runs:
        trial.add(run)
    return runs if trial.completed_as() == seq.expected else []


def _cut_off_phone_reading(
    expected: str | None, text: str, findings: Sequence[Finding]
) -> list[tuple[int, int, str]]:
    """The first part of an announced card, ID or SSN that the detector read as a phone
    number ("证件号是六三零两幺三幺九六九，", ten digits and a comma): its chunks, when the
    turn is cut off right after them. The caller drops the phone reading."""
    if expected not in _LONG_TYPES:
        return []
    phones = [f for f in findings if f.type == "PHONE_NUMBER"]
    if not phones or not _CUT_OFF.match(text, phones[-1].end):
        return []
    return _pieces(text, [f for f in findings if f.type != "PHONE_NUMBER"])


# An extension said in a turn of its own right after the number ("转 八幺五", "extension
# two oh four."): only the word and its digits, as the same-turn pattern reads them.
_EXTENSION_ALONE = re.compile(
    r"\s*(?:and\s+|then\s+)?(?P<ext>(?:转分机|转|分机|分機|ext\.?|extension)\s*\d{1,6})"
    r"\s*(?:[.。,，]\s*)?\Z",  # linear on a long run of spaces (see _FULL_STOP_END)
    re.IGNORECASE,
)


def _ends_on_phone(text: str, findings: Sequence[Finding]) -> bool:
    phones = [f for f in findings if f.type == "PHONE_NUMBER"]
    return bool(phones) and _ENDS_AFTER_PHONE.match(text, phones[-1].end) is not None


def _extension_alone(text: str) -> tuple[int, int] | None:
    norm = normalize(text)
    m = _EXTENSION_ALONE.match(norm.text)
    return None if m is None else norm.to_original(m.start("ext"), m.end("ext"))


# What may follow a phone number's first part at the end of its turn: nothing, a pause
# or a filler. A full stop ("It's 555-1234.") says the number was given whole.
_ENDS_AFTER_PHONE = re.compile(r"[\s,，、…\-–—嗯呃]*(?:\b(?:uh+|um+)\b[\s,，、…]*)?\Z", re.I)


def _cut_off_phone(text: str, findings: Sequence[Finding], index: int) -> _Sequence | None:
    """A phone number found too short to be whole at the end of its turn (the area code
    and the first digits: "号码是 幺八六 零二幺七", "it's plus four four seven eight four
    five"): a sequence that starts with its digits, so the rest said in the next turn is
    read as part of it. Its own finding stays as it is."""
    phones = [f for f in findings if f.type == "PHONE_NUMBER"]
    if not phones or not _ENDS_AFTER_PHONE.match(text, phones[-1].end):
        return None
    last = phones[-1]
    runs = [r for r in _pieces(text, []) if last.start <= r[0] and r[1] <= last.end]
    if not runs:
        return None
    seq = _Sequence("PHONE_NUMBER", last_turn=index)
    for _, _, run in runs:
        seq.add(run)
        seq.piece_turns.append(index)
    return seq if seq.length < (11 if seq.lead_one else 10) else None


def _cut_off_account(text: str, findings: Sequence[Finding], index: int) -> _Sequence | None:
    """An account number found at the end of its turn that breaks off right after it
    ("the account number is four four six, two oh one,", "账号是 三幺洞洞 幺六二六，"):
    a sequence that starts with its digits, so the rest read after an interruption ("hold
    on, let me get a pen") is read as part of it. Its own finding stays as it is."""
    accounts = [f for f in findings if f.type == "BANK_ACCOUNT"]
    if not accounts or not _CUT_OFF.match(text, accounts[-1].end):
        return None
    last = accounts[-1]
    runs = [r for r in _pieces(text, []) if last.start <= r[0] and r[1] <= last.end]
    seq = _Sequence("BANK_ACCOUNT", last_turn=index)
    for _, _, run in runs:
        seq.add(run)
        seq.piece_turns.append(index)
    return seq if runs and seq.length < _ACCOUNT_MAX else None


# Longer than this a domestic account number is not (IBANs are read with their letters).
_ACCOUNT_MAX = 19


def _cut_off_code(
    text: str, findings: Sequence[Finding], expected: str | None, index: int
) -> _Sequence | None:
    """A one-time code found whole that the turn breaks off after ("my one-time code is
    1856..."): a sequence that starts with its digits, so the rest in a later turn is
    read as part of it. Its own finding stays as it is."""
    if expected != "VERIFICATION_CODE":
        return None
    codes = [f for f in findings if f.type == "VERIFICATION_CODE"]
    if not codes or not _CUT_OFF.match(text, codes[-1].end):
        return None
    last = codes[-1]
    runs = [r for r in _pieces(text, []) if last.start <= r[0] and r[1] <= last.end]
    if not runs:
        return None
    seq = _Sequence("VERIFICATION_CODE", last_turn=index)
    for _, _, run in runs:
        seq.add(run)
        seq.piece_turns.append(index)
    return seq if seq.length < max(_CODE_LENGTHS) else None


# A date typed with slashes, three groups ("79/04/18", "1988/3/12", "12/05/2024").
_SLASH_DATE = re.compile(r"(?<![\d/])\d{2,4}/\d{1,2}/\d{2,4}(?![\d/])")

# Characters after a number that make it a date, a time or a quantity.
_UNITS = frozenset("年月日号点分秒元块万千百岁个位次天%")


# What may stand between two chunks of one number in one turn ("3690 8912", "369-089",
# "4111 1111... 1111"): spaces, dashes, dots, slashes; a word or a comma ends the chunk.
_BETWEEN_CHUNKS = re.compile(r"[\s\-\u2010-\u2015\u2212_./…]*")


def _joined(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Chunks of one turn with only separators between them, as one span: the number
    read in groups is one value (and one finding), not a finding per group."""
    out: list[tuple[int, int]] = []
    for start, end in spans:
        if out and _BETWEEN_CHUNKS.fullmatch(text, out[-1][1], start):
            out[-1] = (out[-1][0], end)
        else:
            out.append((start, end))
    return out


def _in_code_token(text: str, start: int, end: int) -> bool:
    # A token ends at a space or at a Chinese character: "SSN是477" is a label and a number.
    lo = start
    while lo > 0 and not text[lo - 1].isspace() and text[lo - 1].isascii():
        lo -= 1
    hi = end
    while hi < len(text) and not text[hi].isspace() and text[hi].isascii():
        hi += 1
    return bool(re.search(r"[A-Za-z]", text[lo:start] + text[end:hi]))


def _expected(types: Iterable[str]) -> str | None:
    wanted = set(types)
    for entity in _LONG_TYPES:
        if entity in wanted:
            return entity
    if "VERIFICATION_CODE" in wanted:
        return "VERIFICATION_CODE"
    if "PHONE_NUMBER" in wanted:
        return "PHONE_NUMBER"
    return None
