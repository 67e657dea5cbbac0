"""Telephone numbers in any national or international format (ITU-T E.164 / E.123).

libphonenumber's ``PhoneNumberMatcher`` finds the candidates and decides whether they
can be numbers of a region: national formats grouped 4-2-2-2 or 2-2-2-2, a trunk prefix
in brackets (``+44 (0)20 ...``), an area code in brackets with a short local part,
extensions (``x204``), and 7-digit local numbers. ``phone_number.yaml`` keeps the CN,
NANP and spoken shapes; this recognizer covers everything libphonenumber knows.

How sure a candidate is, from the number itself and the words around it:

* written with ``+`` or ``00`` and possible for its country: reported on its own;
* valid in one of :data:`REGIONS` (libphonenumber's number plans): reported on its own
  when it has 10 or more digits, otherwise only next to a phone label;
* merely possible (the right length somewhere): only next to a phone label ("phone",
  "call me at", "fax", 电话, 手机 ...), before it or right after it ("... 4471 office").

Candidates that are something else are skipped: Luhn-valid 13-19 digit runs (cards),
ISO dates, amounts with cents, and numbers named by a negative label (order, 订单号).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import phonenumbers
from phonenumbers import Leniency, PhoneNumberMatcher
from presidio_analyzer import AnalysisExplanation, EntityRecognizer, RecognizerResult

from piiguard.labels import LabelMatcher
from piiguard.spec import ContextSpec
from piiguard.validators import get_validator

# Regions whose number plans are tried for a number written without a country code:
# the ones the product's customers and the synthetic test sets call from most.
REGIONS = ("US", "GB", "CN", "DE", "FR", "AU", "IN", "BR", "IT", "ES", "NL", "CH", "SE")

# Short local numbers (7-9 digits, always next to a label) only need a region whose plan
# has such lengths; these three cover them and cost a quarter of the full list.
_SHORT_NUMBER_REGIONS = ("US", "GB", "DE")
INTERNATIONAL_SCORE = 0.75
VALID_LONG_SCORE = 0.55
VALID_SHORT_SCORE = 0.35
POSSIBLE_SCORE = 0.3
LABEL_BOOST = 0.35
# Below the 1.0 a labelled phone_number.yaml match reaches: on the same span that one
# wins, always (presidio keeps one of two equal-scored duplicates, the first it saw).
MAX_SCORE = 0.95
_MIN_DIGITS = 7
_LABEL_BEFORE_CHARS = 40
_LABEL_AFTER_CHARS = 12
_LABEL_AFTER = re.compile(
    r"[\s,;\\()-]{0,3}(?:office|fax|mobile|cell|home|work|desk|phone|tel)(?![a-z])", re.IGNORECASE
)

_POSITIVE = {
    "en": (
        "phone",
        "phone number",
        "telephone",
        "tel",
        "mobile",
        "cell",
        "fax",
        "office",
        "desk",
        "home",
        "work",
        "call",
        "call me",
        "call us",
        "reach",
        "reach me",
        "text",
        "whatsapp",
        "answering",
        "contact",
        "hotline",
        "number",
        "number is",
        "reached",
        "callback",
        "call back",
        "ring",
        "ring me",
        "dial",
        "extension",
        "messages to",
    ),
    "zh": (
        "电话",
        "手机",
        "手机号",
        "号码",
        "座机",
        "传真",
        "联系",
        "致电",
        "拨打",
        "回拨",
        "来电",
        "電話",
        "手機",
        # a mobile line's number in Taiwan (門號, folded to 门号)
        "门号",
    ),
}
_NEGATIVE = {
    "en": (
        "order",
        "tracking",
        "invoice",
        "reference",
        "transaction",
        "account number",
        "routing",
        "ssn",
        "social security",
        "card",
        "card number",
        "license",
        "licence",
        "passport",
        "id number",
        "ip",
        "address",
        "iban",
        "zip",
        "postcode",
        "postal code",
        "case",
        "confirmation",
        "ticket",
        "meeting",
        "meeting id",
        # One-time codes are 4-8 digits too ("security code from the text 4723 2215").
        "verification code",
        "security code",
        "one-time code",
        "one time code",
        "sms code",
        "auth code",
        "passcode",
        "otp",
    ),
    "zh": (
        "订单",
        "单号",
        "运单",
        "流水",
        "卡号",
        "身份证",
        "身份證",
        "账号",
        "邮编",
        "编号",
        "会议号",
        "识别码",
        "工号",
        "qq",
        "社会安全号",
        "社安号",
        "社保号",
        "验证码",
        "动态码",
        "校验码",
        "认证码",
        "短信码",
        "动态密码",
    ),
}

# Positive labels that fit any number: they lose to any negative label nearby.
_GENERIC = frozenset(
    # "text" too: "the code from the text" is about a message, not a number to text.
    {
        "number",
        "number is",
        "reach",
        "reached",
        "answering",
        "messages to",
        "home",
        "work",
        "text",
        "号码",
    }
)
# Labels that name a telephone and nothing else: the only ones a label carried from an
# earlier turn may bring ("what's a good phone number?" -> a bare "555 0142").
_STRONG = {
    "en": ("phone", "phone number", "telephone", "mobile", "cell", "fax", "whatsapp"),
    "zh": ("电话", "手机", "手机号", "座机", "传真", "電話", "手機", "门号"),
}

# A stretch of text that may hold a phone number: digits with the characters numbers
# are written with between them. Each stretch goes to the matcher on its own, so the
# cost follows the numbers in a turn, not its length.
_STRETCH = re.compile(r"(?:\+|\b00)?[(\d][\d\s().\-/x]{5,40}\d(?:\s?(?:x|ext\.?)\s?\d{1,6})?")
# A date (with or without a time after it) or a dotted-quad IP address.
# Month and day must be a month and a day: "0612-86-74-01" is a French mobile grouped
# 4-2-2-2, not the date 0612-86-74.
_DATE = re.compile(
    r"(?<!\d)\d{4}[-/.](?:0?[1-9]|1[0-2])[-/.](?:0?[1-9]|[12]\d|3[01])(?!\d)"
    r"|(?<!\d)(?:0?[1-9]|[12]\d|3[01])[-/.](?:0?[1-9]|[12]\d|3[01])[-/.]\d{4}(?!\d)"
)
_IP_ADDRESS = re.compile(r"^\d{1,3}(?:\.\d{1,3}){3}\Z")
_AMOUNT = re.compile(r"^[\d,]+\.\d{2}\Z")


_CARD_GROUPS = re.compile(r"(?<![\d-])\d{4}(?:[ -]\d{4}){2,3}(?:[ -]\d{1,3})?(?![\d-])")


def _inside_card_groups(text: str, start: int, end: int) -> bool:
    """Part of a 4-4-4-4 run: a card number (valid or not), never a phone number."""
    lo = max(0, start - 25)
    return any(
        m.start() <= start and end <= m.end() for m in _CARD_GROUPS.finditer(text, lo, end + 25)
    )


# Written the way cards and resident IDs are: contiguous, 4-4-4-4(-3), 4-6-5, 6-8-4.
_CARD_OR_ID_SHAPE = re.compile(
    r"(?:\d{13,19}|\d{4}(?:[ -]\d{4}){3}(?:[ -]\d{1,3})?|\d{4}[ -]\d{6}[ -]\d{5}"
    r"|\d{6}[ -]\d{8}[ -]\d{3}[\dXx])\Z"
)
_CN_MOBILE = re.compile(r"(?:1[3-9]\d[ -]?\d{4}[ -]?\d{4})\Z")


def _left_to_others(stretch: str) -> bool:
    """Stretches this recognizer need not read (the matcher costs about 0.2 ms a region):
    too few digits; plain card numbers and resident IDs (their own recognizers, with
    checksums, find them); plain CN mobiles (phone_number.yaml finds them)."""
    digits = "".join(c for c in stretch if c.isdigit())
    if len(digits) < _MIN_DIGITS:
        return True
    if re.search(r"[+(x]", stretch):
        return False
    if len(digits) > 20:
        return True  # longer than any number plan with its country code
    if 13 <= len(digits) <= 19 and _CARD_OR_ID_SHAPE.match(stretch.strip()):
        return _luhn_card(digits) or _resident_id(stretch)
    return _CN_MOBILE.match(stretch.strip()) is not None


def _regions_for(piece: str) -> tuple[str, ...]:
    """Regions worth trying: a number written with "+" (or "00", the international
    prefix of most of the world) reads the same in every region: one is enough; of the
    rest, the regions in whose plan some number in ``piece`` can have a possible length."""
    if re.match(r"\s*\(?\+", piece):
        return REGIONS[:1]
    if re.match(r"\s*\(?00", piece):
        return ("GB",)  # a region whose international prefix is 00 (not the US's 011)
    regions = _SHORT_NUMBER_REGIONS if sum(c.isdigit() for c in piece) < 10 else REGIONS
    if "x" in piece:
        return regions  # an extension's digits are not the number's: no length bound
    runs = _digit_runs(piece)
    return tuple(r for r in regions if any(_PLANS[r].may_hold(run) for run in runs))


class _Plan:
    """What one region's number plan allows, for ruling the region out cheaply.

    The matcher (about 0.1 ms a region) only ever reads a candidate made of whole digit
    groups of the stretch (it splits candidates at separators, never inside a group);
    the number it parses from one is the candidate's digits, less the region's country
    code when they start with it, less a national prefix the region's own pattern
    strips. If no such length is possible in the plan, no match can come from the
    region. Digits that start with the region's international prefix may dial any
    country, and a prefix transform rule rewrites digits: both keep the region.
    """

    def __init__(self, region: str):
        meta = phonenumbers.PhoneMetadata.metadata_for_region(region)
        assert meta is not None and meta.general_desc is not None
        desc = meta.general_desc
        self.lengths = frozenset(desc.possible_length) | frozenset(
            desc.possible_length_local_only or ()
        )
        self.country_code = str(meta.country_code)
        self.prefix = re.compile(meta.national_prefix_for_parsing or "(?!)")
        self.international = re.compile(meta.international_prefix or "(?!)")
        self.rewrites = meta.national_prefix_transform_rule is not None

    def may_hold(self, digits: str) -> bool:
        if len(digits) < _MIN_DIGITS:
            return False  # scored 0 whatever it parses as (see _score)
        if self.rewrites or self.international.match(digits):
            return True
        nationals = [digits]
        if digits.startswith(self.country_code):
            nationals.append(digits[len(self.country_code) :])
        for national in nationals:
            if len(national) in self.lengths:
                return True
            stripped = self.prefix.match(national)
            if stripped is not None and len(national) - stripped.end() in self.lengths:
                return True
        return False


# Built once: loading a region's metadata on its first number costs up to 30 ms.
_PLANS = {region: _Plan(region) for region in REGIONS}


# No number has more digits: 15 national digits at most in these plans, after an
# international prefix (up to 7 digits) and a country code (up to 3), with room to spare.
_MAX_RUN_DIGITS = 28


def _digit_runs(piece: str) -> list[str]:
    """The digits of every run of consecutive digit groups of ``piece`` short enough
    to be one number."""
    groups = re.findall(r"\d+", piece)
    runs = []
    for i in range(len(groups)):
        run = ""
        for group in groups[i:]:
            run += group
            if len(run) > _MAX_RUN_DIGITS:
                break
            runs.append(run)
    return runs


def _resident_id(stretch: str) -> bool:
    return get_validator("gb11643")(stretch)


def _grouped_as_in(raw: str, region: str) -> bool:
    """Whether ``raw`` groups its digits the way ``region`` writes its numbers (a 4-4-2
    account number is a valid German number but not written like one)."""
    return any(True for _ in PhoneNumberMatcher(raw, region, leniency=Leniency.STRICT_GROUPING))


def _luhn_card(digits: str) -> bool:
    return get_validator("luhn")(digits)


class InternationalPhoneRecognizer(EntityRecognizer):
    """Phone numbers via libphonenumber's matcher; see the module docstring."""

    ENTITIES = ("PHONE_NUMBER",)
    NAME = "phone_international"
    # Reads characters only: the engine may skip the spaCy pass, and turns with fewer
    # digits than the shortest local number never reach it.
    NEEDS_NLP = False
    MIN_DIGITS = _MIN_DIGITS
    examples = {  # noqa: RUF012  # read by the pack loader, run as tests
        "match": [
            "you can ring me on [[0412 55 66 77]] after six",
            "Phone: [[33-21-47-65]]",
            "the London office is [[+44 (0)20 7946 0958]]",
            "they're not answering at [[(21) 555-019]]",
            "my mobile is [[07911 123 456]]",
            "call me at [[555-0142]] tonight",
            "reach me at [[382 7719]]",
            "fax [[(604)318-2290x417]] please",
            "[[+49 30 901820]] is the Berlin desk",
        ],
        "no_match": [
            "the meeting is on 2024-03-15 at ten",
            "order 5550142 shipped",
            "it cost 1,299.00 in total",
            "card 4111 1111 1111 1111",
            "room 4417 on floor 12",
            "the zip is 94107",
        ],
    }

    def __init__(self, supported_language: str = "en"):
        positive = ContextSpec(words=_POSITIVE, window=_LABEL_BEFORE_CHARS, boost=LABEL_BOOST)
        negative = ContextSpec(words=_NEGATIVE, window=24)
        # Read by piiguard's label-window enhancer (labels carried from earlier turns):
        # with no boost of its own it lifts a weak reading to the 0.6 floor, no higher;
        # the labels around the number itself are weighed here, in _labelled.
        self.context_spec = ContextSpec(words=_STRONG, window=_LABEL_BEFORE_CHARS, boost=0.0)
        self.negative_context_spec = negative
        self.priority = 48  # below the CN / NANP patterns of phone_number.yaml on ties
        self._positive = LabelMatcher(positive.all_words())
        self._negative = LabelMatcher(negative.all_words())
        super().__init__(
            supported_entities=list(self.ENTITIES),
            name=self.NAME,
            supported_language=supported_language,
            context=list(self.context_spec.all_words()),
        )

    def load(self) -> None:
        """Nothing to load: libphonenumber's metadata ships with the package."""

    def analyze(
        self,
        text: str,
        entities: list[str],
        nlp_artifacts: object = None,
    ) -> list[RecognizerResult]:
        results: list[RecognizerResult] = []
        for stretch in _STRETCH.finditer(text):
            if _left_to_others(stretch.group()):
                continue
            digits = sum(c.isdigit() for c in stretch.group())
            if digits < 10 and not self._labelled(text, stretch.start(), stretch.end()):
                continue  # a short local number counts only next to a phone label
            if _inside_card_groups(text, stretch.start(), stretch.end()):
                continue  # every number found in it would be dropped (_is_something_else)
            for start, end, score, why in self._numbers_in(text, stretch.start(), stretch.end()):
                results.append(self._result(start, end, score, why))
        return results

    def _numbers_in(self, text: str, lo: int, hi: int) -> Iterable[tuple[int, int, float, str]]:
        """(start, end, score, reason) of the best reading of each number in text[lo:hi]."""
        best: dict[tuple[int, int], tuple[float, str]] = {}
        piece = text[lo:hi]
        for region in _regions_for(piece):
            for m in PhoneNumberMatcher(piece, region, leniency=Leniency.POSSIBLE, max_tries=20):
                score, why = self._score(m.raw_string, m.number, region)
                key = (lo + m.start, lo + m.end)
                if score > best.get(key, (0.0, ""))[0]:
                    best[key] = (score, f"{why} ({region})")
        # Overlapping readings of one stretch: the surest, then the longest, wins.
        chosen: list[tuple[int, int, float, str]] = []
        for (start, end), (score, why) in sorted(
            best.items(), key=lambda kv: (-kv[1][0], -(kv[0][1] - kv[0][0]))
        ):
            if all(end <= s or start >= e for s, e, _, _ in chosen):
                chosen.append((start, end, score, why))
        for start, end, score, why in chosen:
            if self._is_something_else(text, start, end):
                continue
            labelled = self._labelled(text, start, end)
            if labelled:
                score = min(MAX_SCORE, max(score + LABEL_BOOST, 0.6))
                why += "; phone label nearby"
            # Unlabelled weak readings are still returned: a label carried from an
            # earlier turn ("what number can we reach you on?") may raise them.
            yield start, end, score, why

    @staticmethod
    def _score(raw: str, number: phonenumbers.PhoneNumber, region: str) -> tuple[float, str]:
        digits = sum(c.isdigit() for c in raw)
        if digits < _MIN_DIGITS:
            return 0.0, ""
        if raw.lstrip("(").startswith(("+", "00")):
            return INTERNATIONAL_SCORE, "international format"
        if phonenumbers.is_valid_number(number):
            # Grouped the way numbers are written ("0477 11 28 98", "(21) 555-019"); a
            # bare run of digits is as often a policy or order number.
            grouped = re.search(r"\d[\s().\-/]+\d", raw) is not None
            if digits >= 10 and grouped and _grouped_as_in(raw, region):
                return VALID_LONG_SCORE, "valid national number"
            return VALID_SHORT_SCORE, "valid national number, needs a label"
        return POSSIBLE_SCORE, "possible number"

    def _is_something_else(self, text: str, start: int, end: int) -> bool:
        value = text[start:end].strip()
        # A card number is written as plain digit groups: no "+", brackets or extension.
        digits = "".join(c for c in value if c.isdigit())
        plain = not re.search(r"[+()]|x|ext", value, re.IGNORECASE)
        if plain and 13 <= len(digits) <= 19 and _luhn_card(digits):
            return True
        if _DATE.search(value) or _AMOUNT.match(value) or _IP_ADDRESS.match(value):
            return True
        # Glued to letters or after "#" ("F1628235401", "SSA-7895421", "#1234567") it is
        # an identifier; followed by ":mm" a time; with ".." in it, two numbers.
        if re.search(r"(?:[A-Za-z]-?|#\s?)\Z", text[max(0, start - 2) : start]) or re.match(
            r"[A-Za-z]|:\d", text[end : end + 2]
        ):
            return True
        if ".." in value or _inside_card_groups(text, start, end):
            return True
        before = self._negative.last(text, max(0, start - _LABEL_BEFORE_CHARS), start)
        positive = self._positive.last(text, max(0, start - _LABEL_BEFORE_CHARS), start)
        if before is None:
            return False
        # "number is" names no kind of number: "licence number is" is a licence; a
        # negative label right before a positive one makes one label ("身份证号码").
        return positive is None or positive.label in _GENERIC or before.end >= positive.start - 1

    def _labelled(self, text: str, start: int, end: int) -> bool:
        if self._positive.last(text, max(0, start - _LABEL_BEFORE_CHARS), start) is not None:
            return True
        # A label right after the number, as address blocks write it ("... 4471-Office").
        return _LABEL_AFTER.match(text, end, end + _LABEL_AFTER_CHARS) is not None

    def _result(self, start: int, end: int, score: float, why: str) -> RecognizerResult:
        explanation = AnalysisExplanation(
            recognizer=self.NAME,
            original_score=score,
            pattern_name="phonenumbers",
            textual_explanation=why,
        )
        return RecognizerResult(
            entity_type="PHONE_NUMBER",
            start=start,
            end=end,
            score=score,
            analysis_explanation=explanation,
            recognition_metadata={
                RecognizerResult.RECOGNIZER_NAME_KEY: self.NAME,
                RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
            },
        )
