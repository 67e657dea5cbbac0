"""Issue 14: the classes of value that leaked on data nobody here wrote.

Every example the issue gives is here as one member of a table of its class, with
values made up for these tests (never taken from the dev corpus). A positive case names
the value and its type: the value must be covered by a finding of that type. A negative
case names a value that must not be reported as the full entity.
"""

from __future__ import annotations

import pytest

from piiguard.guard import Guard

from ..conftest import chat
from ..helpers import luhn_complete, ric_complete

CARD = luhn_complete("627380194455127")  # 6273801944551272
CARD_GROUPS = (CARD[:4], CARD[4:8], CARD[8:12], CARD[12:])
RIC = ric_complete("32058419880516723")  # 320584198805167234
RIC_X = ric_complete("32058419880516106")  # check character X


def _covered(guard: Guard, turns: list[tuple[str, str]], value: str, entity: str) -> bool:
    """Whether ``value`` (in the last turn) is covered by findings of type ``entity``."""
    result = guard.scan(chat(*turns))
    text = turns[-1][1]
    start = text.index(value)
    end = start + len(value)
    findings = [f for f in result.turns[-1].findings if f.type == entity]
    covered = set()
    for f in findings:
        covered.update(range(f.start, f.end))
    return all(i in covered or text[i].isspace() for i in range(start, end))


def _types(guard: Guard, turns: list[tuple[str, str]]) -> list[str]:
    return [f.type for f in guard.scan(chat(*turns)).turns[-1].findings]


# -- phone numbers outside the CN / NANP / E.164 shapes -----------------------------------

PHONES = [
    ("ring me on 0413 62 71 90 after lunch", "0413 62 71 90"),  # 4-2-2-2
    ("Phone: 41-28-63-07", "41-28-63-07"),  # 2-2-2-2
    ("the Leeds desk is +44 (0)113 496 0277", "+44 (0)113 496 0277"),  # trunk prefix
    ("they're not answering at (31) 462-905", "(31) 462-905"),  # area code, short local
    ("my mobile is 07700 900 382", "07700 900 382"),  # UK-style mobile
    ("call me at 555-0187 tonight", "555-0187"),  # 7-digit local after a label
    ("you can reach me at 463 8810", "463 8810"),
    ("the number is 555-0163", "555-0163"),
    ("Phone: 463 8810", "463 8810"),
    ("Mobile: 0612 44 90 17 Desk: 020 7946 0321", "0612 44 90 17"),
    ("Mobile: 0612 44 90 17 Desk: 020 7946 0321", "020 7946 0321"),
    ("office 917.284.5530x214 fax", "917.284.5530x214"),
    ("14 Rue Lafitte 75009 01 42 68 53 00-Office", "01 42 68 53 00"),
    ("电话 +49 30 2093 7745", "+49 30 2093 7745"),
    ("手机号13907551284就行", "13907551284"),
    ("ring me on (31) 462-905, thanks", "(31) 462-905"),
    ("you can ring 463 8810 after five", "463 8810"),
    ("give me a ring on 0612 44 90 17", "0612 44 90 17"),
]


@pytest.mark.parametrize(("text", "value"), PHONES)
def test_phone_numbers_in_national_and_international_formats(
    guard: Guard, text: str, value: str
) -> None:
    assert _covered(guard, [("customer", text)], value, "PHONE_NUMBER")


NOT_PHONES = [
    "the meeting is on 2031-04-17 at ten",
    "order 5550187 shipped on Monday",
    "it cost 2,149.00 in total",
    "my driver's license number is 58820419",
    "keep getting address 203.0.113.77 blocked",
    "the case number is 48213379",
    "room 4417 on floor 12",
]


@pytest.mark.parametrize("text", NOT_PHONES)
def test_numbers_that_are_not_phone_numbers(guard: Guard, text: str) -> None:
    assert "PHONE_NUMBER" not in _types(guard, [("customer", text)])


def test_a_phone_number_read_digit_by_digit_mid_sentence(guard: Guard) -> None:
    turns = [
        ("agent", "what's the best phone number to reach you on?"),
        ("customer", "is five one two eight six seven three three oh nine still good for you"),
    ]
    value = "five one two eight six seven three three oh nine"
    assert _covered(guard, turns, value, "PHONE_NUMBER")


# -- values glued to Chinese text -------------------------------------------------------

GLUED = [
    ("邮件地址zhao.lin@example.org", "zhao.lin@example.org", "EMAIL_ADDRESS"),
    ("发到kevin_wu@mail.example.cn就行", "kevin_wu@mail.example.cn", "EMAIL_ADDRESS"),
    (f"卡号{CARD}谢谢", CARD, "CREDIT_CARD"),
    (f"身份证{RIC}对吧", RIC, "CN_RESIDENT_ID"),
    ("手机13907551284", "13907551284", "PHONE_NUMBER"),
]


@pytest.mark.parametrize(("text", "value", "entity"), GLUED)
def test_values_glued_to_chinese_text(guard: Guard, text: str, value: str, entity: str) -> None:
    assert _covered(guard, [("customer", text)], value, entity)


# -- unusual grouping and separators ------------------------------------------------------

SEPARATORS = ["  ", "\t", "\u00a0", "\u202f", "\u2011", "\u2013", "\u2014", "\u2212", ".", "/", "_"]


@pytest.mark.parametrize("sep", SEPARATORS, ids=lambda s: f"U+{ord(s[0]):04X}x{len(s)}")
def test_any_separator_between_card_groups(guard: Guard, sep: str) -> None:
    value = sep.join(CARD_GROUPS)
    assert _covered(guard, [("customer", f"card {value} thanks")], value, "CREDIT_CARD")


# Separators that only appear mixed or around the groups: a line break, a dash or slash
# with spaces round it, a space and a tab, an ellipsis.
MIXED_SEPARATORS = ["\n", " - ", " / ", " \t", "\r\n", " \u2013 ", "..."]


@pytest.mark.parametrize("sep", MIXED_SEPARATORS, ids=repr)
def test_mixed_separators_and_line_breaks_between_card_groups(guard: Guard, sep: str) -> None:
    value = sep.join(CARD_GROUPS)
    assert _covered(guard, [("customer", f"card {value} thanks")], value, "CREDIT_CARD")


CARD_18 = luhn_complete("62173801515045726")
CARD_19 = luhn_complete("621738015150457269")


@pytest.mark.parametrize(
    "value",
    [
        " ".join([CARD_18[:4], CARD_18[4:8], CARD_18[8:12], CARD_18[12:]]),  # 4-4-4-6
        "-".join([CARD_19[:4], CARD_19[4:8], CARD_19[8:12], CARD_19[12:]]),  # 4-4-4-7
    ],
)
def test_a_long_last_group_is_read_as_part_of_the_card(guard: Guard, value: str) -> None:
    assert _covered(guard, [("customer", f"银联卡 {value}")], value, "CREDIT_CARD")


@pytest.mark.parametrize(
    "text",
    ["waybill JD4539710288346154 not moving", "快递单号SF4539710288346154一直没更新"],
)
def test_a_waybill_number_with_a_letter_prefix_is_not_a_card(guard: Guard, text: str) -> None:
    assert "CREDIT_CARD" not in _types(guard, [("customer", text)])


ID_GROUPINGS = [
    # unusual separators with the check character X glued to the last group
    "_".join([RIC_X[:3], RIC_X[3:6], RIC_X[6:10], RIC_X[10:14], RIC_X[14:]]),
    "/".join([RIC_X[:6], RIC_X[6:14], RIC_X[14:]]),
    ".".join([RIC_X[:6], RIC_X[6:14], RIC_X[14:]]),
    "\u2014".join([RIC_X[:4], RIC_X[4:8], RIC_X[8:12], RIC_X[12:16], RIC_X[16:]]),
    " ".join([RIC[:4], RIC[4:8], RIC[8:12], RIC[12:16], RIC[16:]]),  # 4-4-4-4-2
    "  ".join([RIC[:4], RIC[4:8], RIC[8:12], RIC[12:16], RIC[16:]]),
    " ".join([RIC[:6], RIC[6:14], RIC[14:]]),  # 6-8-4
    "  ".join([RIC[:6], RIC[6:14], RIC[14:]]),
]


@pytest.mark.parametrize("value", ID_GROUPINGS)
def test_resident_id_in_any_grouping(guard: Guard, value: str) -> None:
    assert _covered(guard, [("customer", f"身份证号 {value}")], value, "CN_RESIDENT_ID")


_FINANCIAL = dict(zip("0123456789", "零壹贰叁肆伍陆柒捌玖", strict=True))


def test_chinese_financial_numerals() -> None:
    # A table of one class: each digit's financial numeral is read as that digit.
    from piiguard.normalize import normalize

    for digit, numeral in _FINANCIAL.items():
        assert normalize(f"卡号{numeral}{numeral}{numeral}{numeral}").text.endswith(digit * 4)


@pytest.mark.parametrize("traditional", [False, True])
def test_card_in_financial_numerals(guard: Guard, traditional: bool) -> None:
    value = "".join(_FINANCIAL[d] for d in CARD)
    if traditional:
        value = value.translate(str.maketrans("贰叁陆", "貳參陸"))
    assert _covered(guard, [("customer", f"卡号{value}")], value, "CREDIT_CARD")


TRADITIONAL = [
    ("密碼是 Qw8lake", "Qw8lake", "PASSWORD"),
    ("驗證碼 581306", "581306", "VERIFICATION_CODE"),
    ("身分證 320584880516723", "320584880516723", "CN_RESIDENT_ID"),  # legacy: needs its label
    (f"卡號 {CARD}", CARD, "CREDIT_CARD"),
    ("有效期限 11/29", "11/29", "CARD_EXPIRY"),
]


@pytest.mark.parametrize(("text", "value", "entity"), TRADITIONAL)
def test_traditional_chinese_labels(guard: Guard, text: str, value: str, entity: str) -> None:
    assert _covered(guard, [("customer", text)], value, entity)


# -- spoken forms -------------------------------------------------------------------------

SPOKEN_EMAILS = [
    ("邮箱是li点ming艾特qq点com", "li点ming艾特qq点com"),
    ("发我邮箱 wu点yan点ping 艾特 example 点 cn", "wu点yan点ping 艾特 example 点 cn"),
    ("邮箱chen艾特mail点example点org谢谢", "chen艾特mail点example点org"),
]


@pytest.mark.parametrize(("text", "value"), SPOKEN_EMAILS)
def test_chinese_spoken_email_in_any_order(guard: Guard, text: str, value: str) -> None:
    assert _covered(guard, [("customer", text)], value, "EMAIL_ADDRESS")


_EN = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
HOMOPHONES = [
    ("four", "for"),
    ("two", "to"),
    ("two", "too"),
    ("zero", "oh"),
]


@pytest.mark.parametrize(("digit_word", "heard"), HOMOPHONES)
def test_asr_homophones_inside_a_card_read_aloud(guard: Guard, digit_word: str, heard: str) -> None:
    words = [_EN[int(d)] for d in CARD]
    # replace the first occurrence after the first two words: it sits inside the run
    at = next(i for i, w in enumerate(words) if w == digit_word and i >= 2)
    words[at] = heard
    value = " ".join(words)
    assert _covered(guard, [("customer", f"my card is {value}")], value, "CREDIT_CARD")


def test_homophones_outside_a_digit_run_stay_words(guard: Guard) -> None:
    from piiguard.normalize import normalize

    for text in ("I paid 20 for 3 of them", "go to two shops", "one for all"):
        assert normalize(text).text == text


# -- CVV and passwords in awkward places --------------------------------------------------

CVVS = [
    ([("customer", f"card {' '.join(CARD_GROUPS)} exp 08/29 417")], "417"),
    ([("customer", f"卡号 {CARD}，后三位 602")], "602"),
    ([("customer", "背面是 三五九")], "三五九"),
    ([("customer", "the digits on the back are 8 3 5")], "8 3 5"),
    ([("customer", "the numbers on the back of my card are 2 9 1")], "2 9 1"),
    ([("agent", "请提供有效期和背面的安全码"), ("customer", "一一二七，三一八")], "三一八"),
]


@pytest.mark.parametrize(("turns", "value"), CVVS)
def test_cvv_in_awkward_places(guard: Guard, turns: list[tuple[str, str]], value: str) -> None:
    assert _covered(guard, turns, value, "CARD_CVV")


def test_expiry_and_cvv_in_one_answer_are_not_a_card(guard: Guard) -> None:
    turns = [("agent", "请提供有效期和背面的安全码"), ("customer", "一一二七，三一八")]
    assert _covered(guard, turns, "一一二七", "CARD_EXPIRY")
    assert "CREDIT_CARD" not in _types(guard, turns)


PASSWORDS = [
    ([("customer", "密码是 Lotus88 或者 Maple77")], "Maple77"),
    ([("customer", "my password is Birch41 or maybe Cedar52")], "Cedar52"),
    ([("agent", "您的登录密码是多少"), ("customer", "我设的是 sunflower2020")], "sunflower2020"),
    ([("customer", "密码我忘了，我设的是 panda2019 吧")], "panda2019"),
    (
        [("customer", "I think the password was reset"), ("customer", "I set it to Bluefin!42")],
        "Bluefin!42",
    ),
    (
        [("customer", "my passphrase is correct horse battery staple")],
        "correct horse battery staple",
    ),
    ([("customer", "the passphrase is violet ocean lantern")], "violet ocean lantern"),
]


@pytest.mark.parametrize(("turns", "value"), PASSWORDS)
def test_passwords_in_awkward_places(
    guard: Guard, turns: list[tuple[str, str]], value: str
) -> None:
    assert _covered(guard, turns, value, "PASSWORD")


# -- split across turns with a long interjection ------------------------------------------


@pytest.mark.parametrize(
    "interjection",
    [
        "okay, I'm writing this down, please go on with the rest when you're ready",
        "好的我记一下，您继续说后面的",
    ],
)
def test_card_split_across_turns_with_a_long_interjection(guard: Guard, interjection: str) -> None:
    result = guard.scan(
        chat(
            ("customer", f"my card number is {CARD_GROUPS[0]} {CARD_GROUPS[1]}"),
            ("agent", interjection),
            ("customer", f"{CARD_GROUPS[2]} {CARD_GROUPS[3]}"),
        )
    )
    for index in (0, 2):
        assert not any(c.isdigit() for c in result.turns[index].redacted_text)
    assert {f.type for f in result.turns[2].findings} == {"CREDIT_CARD"}


# -- false alarms -------------------------------------------------------------------------

LAST_FOUR = [
    [("agent", "请报一下身份证后四位"), ("customer", "二三一六")],
    [("agent", "can you confirm the last four of your SSN?"), ("customer", "sure it's 7720")],
    [("agent", "and the last four of the card?"), ("customer", "four four one nine")],
    [("agent", "卡号尾号是多少"), ("customer", "八八零三")],
    [("customer", "the card ending in 5530 please")],
]


@pytest.mark.parametrize("turns", LAST_FOUR)
def test_a_last_four_answer_is_not_the_full_entity(
    guard: Guard, turns: list[tuple[str, str]]
) -> None:
    types = set(_types(guard, turns))
    assert not types & {"CN_RESIDENT_ID", "US_SSN", "CREDIT_CARD", "BANK_ACCOUNT"}


NOT_CODES = [
    [("agent", "what code do you see on the screen?"), ("customer", "It shows 502")],
    [("customer", "my promo code is SPRING2031 can you apply it")],
    [("customer", "the app says error code 4032 when I log in")],
    [("customer", "优惠码 WINTER8842 还能用吗")],
    [("agent", "what does the screen say?"), ("customer", "错误代码 1043")],
]


@pytest.mark.parametrize("turns", NOT_CODES)
def test_error_and_promo_codes_are_not_verification_codes(
    guard: Guard, turns: list[tuple[str, str]]
) -> None:
    assert "VERIFICATION_CODE" not in _types(guard, turns)


# -- one-time codes in the shapes a phone number also has ---------------------------------

CODES_NOT_PHONES = [
    ("security code from the text 5830 1947", "5830 1947"),
    ("my one-time code is 6204-3318", "6204-3318"),
    ("2618 0573 是我的短信验证码", "2618 0573"),
    ("认证码 7391 0462", "7391 0462"),
    ("84170629, that's the verification code", "84170629"),
]


@pytest.mark.parametrize(("text", "value"), CODES_NOT_PHONES)
def test_a_labelled_code_in_two_groups_is_one_code_not_a_phone(
    guard: Guard, text: str, value: str
) -> None:
    assert _covered(guard, [("customer", text)], value, "VERIFICATION_CODE")
    assert "PHONE_NUMBER" not in _types(guard, [("customer", text)])


def test_a_label_after_a_number_does_not_reach_past_the_next_number(guard: Guard) -> None:
    text = "I paid 5830 at the shop yesterday and then 6204 was the code they sent"
    found = guard.scan(chat(("customer", text))).turns[0].findings
    assert not any(text[f.start : f.end] == "5830" for f in found)


NOT_CODES_OR_PHONES = [
    ("the app says code 7305 when I pay", "VERIFICATION_CODE"),
    ("the screen shows code 4417 again", "VERIFICATION_CODE"),
    ("order number 6175550143, any update?", "PHONE_NUMBER"),
    ("tracking number 2125550199 shows nothing", "PHONE_NUMBER"),
]


@pytest.mark.parametrize(("text", "entity"), NOT_CODES_OR_PHONES)
def test_numbers_an_app_shows_or_an_order_has_are_not_codes_or_phones(
    guard: Guard, text: str, entity: str
) -> None:
    assert entity not in _types(guard, [("customer", text)])


CARD_EXPIRY_CVV_LINES = [
    f"{' '.join(CARD_GROUPS)}  04/31  586",  # double spaces round the expiry
    f"{' '.join(CARD_GROUPS)}，04/31，586",  # full-width commas
    f"{' '.join(CARD_GROUPS)} 2031-04 586",
]


@pytest.mark.parametrize("text", CARD_EXPIRY_CVV_LINES)
def test_card_expiry_and_cvv_on_one_line_are_three_values(guard: Guard, text: str) -> None:
    card = " ".join(CARD_GROUPS)
    assert _covered(guard, [("customer", text)], card, "CREDIT_CARD")
    expiry = "2031-04" if "2031-04" in text else "04/31"
    assert _covered(guard, [("customer", text)], expiry, "CARD_EXPIRY")
    assert _covered(guard, [("customer", text)], "586", "CARD_CVV")
