"""Values as they are said on calls (issue 14, the call classes of piiguard.variants_calls).

Each test is a class of speech, not one sentence: several variants in both languages where
the class exists in both, and negatives that must stay untouched. A positive asserts the
value's words are gone from the redacted text and the finding has the value's type.
"""

from __future__ import annotations

import pytest

from piiguard.guard import Guard
from piiguard.normalize import normalize

from ..conftest import chat


def _scan(guard: Guard, *turns: tuple[str, str]):
    return guard.scan(chat(*turns))


def _hidden(guard: Guard, turns: list[tuple[str, str]], turn: int, value: str, entity: str):
    result = _scan(guard, *turns)
    decision = result.turns[turn]
    assert entity in {f.type for f in decision.findings}, (turns[turn][1], decision.findings)
    for word in value.replace(",", " ").split():
        assert word not in decision.redacted_text.split(), (word, decision.redacted_text)
    return decision


# ------------------------------------------------------------------ normalisation


@pytest.mark.parametrize(
    ("text", "digits"),
    [
        ("It's plus four four, seven nine one one, one two three, four five six.", "+447911123456"),
        ("plus for nine one five one six six four oh six three four zero", "+4915166406340"),
        ("Plus three three, six, twelve, forty-eight, ninety, thirty-seven", "+33612489037"),
    ],
)
def test_plus_before_a_spoken_number_is_the_plus_sign(text: str, digits: str) -> None:
    assert digits in normalize(text).text


@pytest.mark.parametrize(
    "text", ["two plus three is five", "plus one more thing", "it's 44 plus 12"]
)
def test_plus_elsewhere_stays_a_word(text: str) -> None:
    assert "+" not in normalize(text).text


@pytest.mark.parametrize(
    ("text", "digits"),
    [
        ("我的密码是三个六三个八", "666888"),
        ("应该是两个零四个九", "009999"),
        ("我记得是两个五三个六八", "556668"),
        ("嗯，四个九两个八。", "999988"),
    ],
)
def test_counted_chinese_digits_are_the_digit_repeated(text: str, digits: str) -> None:
    assert digits in normalize(text).text


@pytest.mark.parametrize(
    ("text", "not_read_as"),
    [("三个八岁的孩子", "888"), ("两个一百", "11"), ("五个六月", "66666"), ("三个一块钱", "111")],
)
def test_a_count_of_things_is_not_a_counted_digit(text: str, not_read_as: str) -> None:
    assert not_read_as not in normalize(text).text


@pytest.mark.parametrize(
    ("text", "digits"),
    [
        ("it's to oh one... five fifty... six zero zero four", "2015506004"),
        ("five fifty, six one", "55061"),
        ("fifty-six", "56"),
        ("fifty six", "56"),
    ],
)
def test_tens_join_the_next_digit_only_without_a_pause(text: str, digits: str) -> None:
    assert normalize(text).text.endswith(digits)


@pytest.mark.parametrize(
    ("text", "digits"),
    [
        ("the back is to four three.", "243"),
        ("double to two", "222"),
        ("on the back it's seven four to.", "742"),
    ],
)
def test_short_values_with_a_homophone_read_as_digits(text: str, digits: str) -> None:
    assert digits in normalize(text).text


@pytest.mark.parametrize(
    "text",
    ["it's for two people", "it is to two hours", "I went from one to.", "that's for one night"],
)
def test_homophone_prepositions_stay_words(text: str) -> None:
    assert normalize(text).text == text


# ------------------------------------------------------------------ phone numbers


@pytest.mark.parametrize(
    ("turns", "value"),
    [
        (
            [
                ("agent", "Can I get a callback number?"),
                (
                    "customer",
                    "It's plus four four, seven nine one one, one two three, four five six.",
                ),
            ],
            "plus four four seven nine one one one two three four five six",
        ),
        (
            [
                ("agent", "And a number in case there are questions?"),
                (
                    "customer",
                    "My number is plus four nine, thirty, "
                    "two five eight nine, four four one seven.",
                ),
            ],
            "plus four nine thirty two five eight nine four four one seven",
        ),
        (
            [
                ("agent", "Which number can we reach you on?"),
                ("customer", "plus six one, four one two, six oh eight, nine four seven"),
            ],
            "plus six one four one two six oh eight nine four seven",
        ),
    ],
)
def test_an_international_number_read_out_is_hidden_with_its_plus(
    guard: Guard, turns, value: str
) -> None:
    _hidden(guard, turns, 1, value, "PHONE_NUMBER")


@pytest.mark.parametrize(
    ("text", "value", "findings"),
    [
        ("可以，公司座机010-84573306转8012", "8012", 1),
        ("若有疑問可撥打市話(02)2712-4589 分機 315。", "315", 1),
        ("my office line is (212) 583-4419 ext. 207", "207", 1),
        ("work number: 646-382-1907 x4431", "4431", 1),
        ("家里座机零七五五，八六三二，幺幺九零转八零一二。", "八零一二", 1),
        # said after a pause: the number and the extension each have a span (both
        # masked), so the number's span is the number's whichever way a transcript
        # labels it (with the extension or without)
        (
            "It's two one two, five eight three, four four one nine, extension two oh seven.",
            "two oh seven",
            2,
        ),
        ("you can reach her at 555-1234, extension 222. She's in today", "222", 2),
        ("The call-back number is 1-800-555-1234, extension 456.", "456", 2),
        ("打我公司座机，洞五七幺 八八六二 三洞四幺，转八幺五", "八幺五", 2),
        ("座机是零二幺 六二三四 八八五幺，分机 拐拐洞", "拐拐洞", 2),
    ],
)
def test_an_extension_is_hidden_with_its_number(
    guard: Guard, text: str, value: str, findings: int
) -> None:
    decision = _hidden(
        guard,
        [("agent", "请留个电话 / a number please"), ("customer", text)],
        1,
        value,
        "PHONE_NUMBER",
    )
    assert len(decision.findings) == findings
    # nothing of the number or its extension word is left in the text
    assert "extension" not in decision.redacted_text and "分机" not in decision.redacted_text


@pytest.mark.parametrize(
    "text",
    [
        "I'm in room 212, extension cords are cheap",
        "it's on page 12, extension 4 of the manual",
        "电话打了三次，转2次都没人接",
    ],
)
def test_a_pause_and_an_extension_word_without_a_number_before_is_no_extension(
    guard: Guard, text: str
) -> None:
    decision = _scan(guard, ("agent", "anything else?"), ("customer", text)).turns[1]
    assert not decision.findings


@pytest.mark.parametrize("text", ["先转500试试", "a 1200 x 800 image please", "转账2000元转了两次"])
def test_an_amount_or_a_size_is_no_extension(guard: Guard, text: str) -> None:
    result = _scan(guard, ("customer", text))
    assert not [f for f in result.turns[0].findings if f.type == "PHONE_NUMBER"]


@pytest.mark.parametrize(
    "turns",
    [
        [
            ("agent", "请留一个联系电话。"),
            ("customer", "幺五二。"),
            ("agent", "嗯。"),
            ("customer", "五八九幺，零五零九。"),
        ],
        [
            ("agent", "请留一个联系电话。"),
            ("customer", "留手机吧，一八六，"),
            ("agent", "嗯。"),
            ("customer", "二幺五九，零四七三。"),
        ],
        [
            ("agent", "Can I get a callback number?"),
            ("customer", "it's five oh six, four thirty."),
            ("agent", "Go on."),
            ("customer", "thirty-six eighty-nine."),
        ],
    ],
)
def test_a_phone_number_given_in_pieces_with_a_backchannel(guard: Guard, turns) -> None:
    result = _scan(guard, *turns)
    for index in (1, 3):
        assert [f.type for f in result.turns[index].findings] == ["PHONE_NUMBER"], turns[index]


def test_a_short_answer_without_a_phone_question_starts_no_phone_reading(guard: Guard) -> None:
    result = _scan(
        guard,
        ("agent", "好的，请稍等。"),
        ("customer", "幺五二。"),
        ("agent", "嗯。"),
        ("customer", "好的"),
    )
    assert result.turns[1].findings == ()


# ------------------------------------------------------------------ passwords and PINs


@pytest.mark.parametrize(
    ("turns", "values"),
    [
        (
            [
                ("agent", "Can you give me the four digit account PIN?"),
                ("customer", "Yeah it's four eight two... no wait, four seven two nine."),
            ],
            ["four eight two", "four seven two nine"],
        ),
        (
            [
                ("agent", "您的取款密码是多少？"),
                ("customer", "密码是八四七八，说错了，是五幺零九四九。"),
            ],
            ["八四七八", "五幺零九四九"],
        ),
        (
            [
                ("agent", "And your PIN, please?"),
                ("customer", "It's six one three, sorry, I mean six one three nine."),
            ],
            ["six one three nine"],
        ),
        (
            [
                ("agent", "请报一下服务密码"),
                ("customer", "服务密码我记得是……八八六六二零，还是八八六六零二来着？"),
            ],
            ["八八六六二零", "八八六六零二"],
        ),
        (
            [
                ("agent", "I'll need the PIN on the account."),
                (
                    "customer",
                    "I think it's one eight eight three, or was it one eight three eight?",
                ),
            ],
            ["one eight eight three", "one eight three eight"],
        ),
        (
            [
                ("agent", "请在按键上输入服务密码。"),
                ("customer", "我记得是二四零六，要不就是二四六零，记不清了。"),
            ],
            ["二四零六", "二四六零"],
        ),
    ],
)
def test_every_pin_of_a_correction_or_a_guess_is_hidden(guard: Guard, turns, values) -> None:
    result = _scan(guard, *turns)
    redacted = result.turns[1].redacted_text
    assert {f.type for f in result.turns[1].findings} == {"PASSWORD"}
    for value in values:
        assert value not in redacted, (value, redacted)


@pytest.mark.parametrize(
    ("turns", "value"),
    [
        (
            [("agent", "请报一下密码"), ("customer", "我的密码是三个六三个八，这样行吗？")],
            "三个六三个八",
        ),
        (
            [("agent", "您的支付密码是多少？"), ("customer", "我记得是两个五三个六八")],
            "两个五三个六八",
        ),
        (
            [
                ("agent", "What's the PIN on the card?"),
                ("customer", "I think it's one nine nine oh."),
            ],
            "one nine nine oh",
        ),
        ([("agent", "服务密码报一下。"), ("customer", "应该是八六九八二七。")], "八六九八二七"),
        (
            [
                ("agent", "您跟我说一下密码"),
                ("customer", "支付密码就是我生日，八七幺二幺幺……哎不对"),
            ],
            "八七幺二幺幺",
        ),
    ],
)
def test_a_pin_counted_or_hedged_is_hidden(guard: Guard, turns, value: str) -> None:
    result = _scan(guard, *turns)
    assert "PASSWORD" in {f.type for f in result.turns[1].findings}
    assert value not in result.turns[1].redacted_text


@pytest.mark.parametrize(
    "text",
    [
        "密码是 wo ai ni yi sheng yi shi",
        "密码wo shi ni baba，全是小写",
        "登录密码：tian tian xiang shang",
    ],
)
def test_a_spaced_pinyin_pass_phrase_is_hidden(guard: Guard, text: str) -> None:
    result = _scan(guard, ("customer", text))
    assert [f.type for f in result.turns[0].findings] == ["PASSWORD"]
    assert not any(
        c.isascii() and c.isalpha() for c in result.turns[0].redacted_text.replace("PASSWORD", "")
    )


@pytest.mark.parametrize(
    "text", ["密码是 not working again", "密码 is wrong", "密码 wrong three times"]
)
def test_english_words_after_a_chinese_label_are_no_pinyin_phrase(guard: Guard, text: str) -> None:
    assert _scan(guard, ("customer", text)).turns[0].findings == ()


def test_a_pin_correction_without_a_password_context_is_nothing(guard: Guard) -> None:
    result = _scan(
        guard,
        ("agent", "How many items?"),
        ("customer", "four eight two... no wait, four seven two."),
    )
    assert result.turns[1].findings == ()


# ------------------------------------------------------------------ bank accounts, cards


@pytest.mark.parametrize(
    "text",
    [
        "Yeah, it's G B two nine, N W B K, six oh one six, one three three one, "
        "nine two six eight, one nine.",
        "是G B 二九，N W B K，六零幺六，幺三三幺，九二六八，幺九。",
        "It's D E eight nine, three seven oh four, oh oh four four, oh five three two, "
        "oh one three oh, oh oh.",
    ],
)
def test_an_iban_read_out_with_its_letters_spelled_is_hidden(guard: Guard, text: str) -> None:
    result = _scan(
        guard, ("agent", "Can you read me the IBAN? / 麻烦念一下IBAN"), ("customer", text)
    )
    decision = result.turns[1]
    assert [f.type for f in decision.findings] == ["BANK_ACCOUNT"]
    assert " B " not in decision.redacted_text and "K," not in decision.redacted_text


def test_a_spelled_iban_that_fails_mod_97_is_no_iban(guard: Guard) -> None:
    text = (
        "it's G B two eight, N W B K, six oh one six, one three three one, "
        "nine two six eight, one nine"
    )
    result = _scan(guard, ("customer", text))
    assert not [f for f in result.turns[0].findings if f.type == "BANK_ACCOUNT"]


@pytest.mark.parametrize(
    "question",
    [
        "Which account should we pay into?",
        "What account is the refund going to?",
        "退款打到哪个账户？",
    ],
)
def test_an_account_read_in_pieces_after_a_question_is_hidden(guard: Guard, question: str) -> None:
    result = _scan(
        guard,
        ("agent", question),
        ("customer", "Um, it's two seven one, oh oh four, eight six three, nine."),
    )
    assert [f.type for f in result.turns[1].findings] == ["BANK_ACCOUNT"]


@pytest.mark.parametrize(
    ("text", "cvv"),
    [
        ("5146052008722998，后面是903", "903"),
        ("4111 1111 1111 1111, and the back says 345", "345"),
        ("六二二八，四八五五，九三零八，二八九零，后面是九零三", "九零三"),
        (
            "four five three two, oh one five one, one two eight three, oh three six six, "
            "on the back it's seven seven one.",
            "seven seven one",
        ),
    ],
)
def test_a_cvv_after_the_card_pointed_at_the_back_is_hidden(
    guard: Guard, text: str, cvv: str
) -> None:
    result = _scan(guard, ("agent", "请提供卡号 / the card number please"), ("customer", text))
    assert {f.type for f in result.turns[1].findings} == {"CREDIT_CARD", "CARD_CVV"}
    assert cvv not in result.turns[1].redacted_text


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        ("And the expiry?", "Six thirty-one."),
        ("When does it expire?", "Eleven twenty-nine."),
        ("有效期呢？", "到五月，三零年。"),
        ("卡的有效期是多少？", "三一年七月份。"),
    ],
)
def test_an_expiry_said_as_the_answer_is_hidden(guard: Guard, question: str, answer: str) -> None:
    result = _scan(guard, ("agent", question), ("customer", answer))
    assert [f.type for f in result.turns[1].findings] == ["CARD_EXPIRY"]


def test_three_digits_after_an_expiry_stay_the_cvv(guard: Guard) -> None:
    result = _scan(
        guard, ("agent", "再报一下有效期跟卡背面三位数。"), ("customer", "零五三零，然后五三零")
    )
    assert [f.type for f in result.turns[1].findings] == ["CARD_EXPIRY", "CARD_CVV"]


def test_an_ssn_in_pieces_after_verify_your_identity_stays_an_ssn(guard: Guard) -> None:
    result = _scan(
        guard,
        ("agent", "To verify your identity, please state your social security number."),
        ("customer", "Um, it's four one eight, seven two..."),
        ("agent", "Go on."),
        ("customer", "six oh five three."),
    )
    assert [f.type for f in result.turns[1].findings] == ["US_SSN"]
    assert [f.type for f in result.turns[3].findings] == ["US_SSN"]


# ------------------------------------------------------------------ e-mail


@pytest.mark.parametrize(
    "text",
    [
        "It's m as in mike, dot, okafor, at yahoo dot co dot uk.",
        "sure, j as in juliet, o, h, n, dot, lee, at gmail dot com",
        "t as in tango, o as in oscar, m, plus, bank, at example dash corp dot com",
    ],
)
def test_an_email_spelled_with_the_nato_alphabet_is_hidden(guard: Guard, text: str) -> None:
    result = _scan(guard, ("agent", "What's the email address?"), ("customer", text))
    decision = result.turns[1]
    assert [f.type for f in decision.findings] == ["EMAIL_ADDRESS"]
    assert " at " not in decision.redacted_text and "dot" not in decision.redacted_text


def test_a_spelled_letter_without_an_address_is_no_email(guard: Guard) -> None:
    result = _scan(guard, ("customer", "that's b as in bravo, and the rest is at the office"))
    assert result.turns[0].findings == ()


# ------------------------------------------------------------------ spoken non-values


@pytest.mark.parametrize(
    "turns",
    [
        [
            ("agent", "Can you hear me?"),
            ("customer", "Testing, one two three four, can you hear me?"),
        ],
        [("agent", "Where are you?"), ("customer", "Just go to one two three four Main Street.")],
        [
            ("agent", "Okay, go to settings."),
            ("customer", "ok I'm on step one two three four now, what next?"),
        ],
        [("agent", "喂？能听到吗？"), ("customer", "喂喂，一二三四，能听到吗？")],
        [
            ("agent", "Can you confirm the last four of the card?"),
            ("customer", "four four one nine"),
        ],
        [("agent", "请核对一下卡号后四位"), ("customer", "二三一六")],
    ],
)
def test_spoken_non_values_and_last_four_answers_are_not_redacted(guard: Guard, turns) -> None:
    assert _scan(guard, *turns).turns[1].findings == ()


# ------------------------------------------------------------------ quoted and offered passwords


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("password is 'Falcon#orbit30' if that helps", ["Falcon#orbit30"]),
        ("支付密码是「tiger.meadow.marble」。", ["tiger.meadow.marble"]),
        ("登录密码是“670dneh”，就这个", ["670dneh"]),
        ("my password? I tried 'Tulip!73' and nothing works", ["Tulip!73"]),
        (
            "the passcode is either marble0035, or maybe River.willow08",
            ["marble0035", "River.willow08"],
        ),
        ("支付密码是F4aYNPC9w#cw，也可能是 Copper*violet05", ["F4aYNPC9w#cw", "Copper*violet05"]),
    ],
)
def test_quoted_and_second_passwords_are_hidden(guard: Guard, text: str, values) -> None:
    decision = _scan(guard, ("customer", text)).turns[0]
    assert {f.type for f in decision.findings} == {"PASSWORD"}
    for value in values:
        assert value not in decision.redacted_text


@pytest.mark.parametrize(
    "text",
    [
        "the app says 'error 502' when I pay",
        "I tried 'SPRING2024' at checkout",
        "my password is either",
    ],
)
def test_quoted_codes_without_a_password_label_are_not_passwords(guard: Guard, text: str) -> None:
    assert not [
        f for f in _scan(guard, ("customer", text)).turns[0].findings if f.type == "PASSWORD"
    ]


# ------------------------------------------------------------------ radio-style digits


@pytest.mark.parametrize(
    ("text", "digits"),
    [
        ("我手机是 幺三九 幺七六二 四洞五八", "13917624058"),
        ("好，三幺洞幺洞四 幺九八八 洞三幺七 九七洞三", "310104198803179703"),
        ("背面是……幺九拐", "197"),
        ("两八 拐五 六三", "287563"),
        ("账号勾五洞拐，幺幺两三", "95071123"),
    ],
)
def test_radio_digits_read_as_digits_in_a_run(text: str, digits: str) -> None:
    assert digits in normalize(text).text.replace(" ", "").replace(",", "")


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("前面路口左拐三百米就到", "拐"),
        ("系统这个漏洞三天了还没修", "漏洞"),
        ("请勾选第二项", "勾选"),
        ("左拐三", "拐"),
        ("山洞里有两三个人", "洞"),
    ],
)
def test_radio_digit_characters_in_words_stay_words(text: str, word: str) -> None:
    assert word in normalize(text).text


@pytest.mark.parametrize(
    ("turns", "value", "entity"),
    [
        (
            [("agent", "请报一下手机号"), ("customer", "幺八六 洞二幺三 七七四八")],
            "洞二幺三",
            "PHONE_NUMBER",
        ),
        (
            [
                ("agent", "麻烦报一下身份证号码"),
                ("customer", "好，三幺洞幺洞四 幺九八八 洞三幺七 九七洞三"),
            ],
            "洞三幺七",
            "CN_RESIDENT_ID",
        ),
        (
            [
                ("agent", "卡号报一下"),
                ("customer", "嗯……六二幺七 洞洞五二 八八三洞 三六六二 三三两"),
            ],
            "洞洞五二",
            "CREDIT_CARD",
        ),
        (
            [("agent", "短信里有个六位数，念给我"), ("customer", "验证码是 两八 拐五 六三")],
            "拐五",
            "VERIFICATION_CODE",
        ),
    ],
)
def test_values_read_in_radio_digits_are_hidden(
    guard: Guard, turns, value: str, entity: str
) -> None:
    _hidden(guard, turns, 1, value, entity)


# ------------------------------------------------------------------ CVV after "the back is"


@pytest.mark.parametrize(
    ("turns", "value"),
    [
        (
            [
                ("agent", "and the expiry and the three numbers by the signature"),
                ("customer", "expires march twenty nine and the back is six to three"),
            ],
            "six to three",
        ),
        (
            [
                ("agent", "expiry and the code on the back please"),
                ("customer", "oh four slash twenty eight, the back is two five nine"),
            ],
            "two five nine",
        ),
        (
            [("agent", "Expiry and CVV?"), ("customer", "exp 10/27, on the back it's 804")],
            "804",
        ),
        (
            [
                ("agent", "有效期和背面三位数报一下"),
                ("customer", "有效期二九年三月，背面是……洞拐五"),
            ],
            "洞拐五",
        ),
        (
            [("agent", "还有背面签名栏那三个数字"), ("customer", "背面是…… 六 勾 二")],
            "勾",
        ),
    ],
)
def test_a_cvv_after_the_back_is_is_hidden(guard: Guard, turns, value: str) -> None:
    _hidden(guard, turns, 1, value, "CARD_CVV")


@pytest.mark.parametrize(
    "text",
    [
        "the ratio is four to one",
        "the score was three to one at half time",
        "the back is 3 inches wide",
        "it is one to two days",
    ],
)
def test_x_to_y_without_a_code_label_stays_words(guard: Guard, text: str) -> None:
    decision = _scan(guard, ("agent", "anything else?"), ("customer", text)).turns[1]
    assert not decision.findings


# ------------------------------------------------------------------ sort code / routing


@pytest.mark.parametrize(
    ("speaker", "text", "account", "not_a_value"),
    [
        (
            "agent",
            "name: R Ahmed Properties, sort code 40-12-76, account 71638204",
            "71638204",
            "40-12-76",
        ),
        (
            "customer",
            "sort code 20-45-18, account 63920417, it's a Barclays one",
            "63920417",
            "20-45-18",
        ),
        (
            "agent",
            "bank of america routing zero two six oh oh nine five nine three account four "
            "four six, two oh one, nine one seven, three three",
            "nine one seven",
            "zero two six",
        ),
        (
            "customer",
            "my routing is 122105155, the account is 000123456789",
            "000123456789",
            "122105155",
        ),
        (
            "customer",
            "routing number 021000021 and account number 4820 1177 3391",
            "3391",
            "021000021",
        ),
    ],
)
def test_an_account_after_a_sort_code_or_routing_number_is_the_account(
    guard: Guard, speaker: str, text: str, account: str, not_a_value: str
) -> None:
    decision = _scan(guard, ("agent", "where do I send it?"), (speaker, text)).turns[1]
    assert "BANK_ACCOUNT" in {f.type for f in decision.findings}
    assert account not in decision.redacted_text
    # the routing number / sort code is no entity: it stays, and no code is reported
    assert not_a_value.split()[0] in decision.redacted_text
    assert {f.type for f in decision.findings} == {"BANK_ACCOUNT"}


# ------------------------------------------------------------------ debit cards as 账号


@pytest.mark.parametrize(
    "text",
    [
        "账户是工行的，6222 0236 9977 4624 940",
        "转到我这个账号 6217 0052 8830 3662 332",
        "储蓄卡账号六二二八 四八二幺 二二五四 四幺洞幺 九九幺",
    ],
)
def test_a_unionpay_card_called_an_account_is_a_card(guard: Guard, text: str) -> None:
    decision = _scan(guard, ("agent", "收款账户是多少"), ("customer", text)).turns[1]
    assert [f.type for f in decision.findings] == ["CREDIT_CARD"]


@pytest.mark.parametrize(
    "text",
    [
        "对公账户 3100 1626 0120 5000 4471",
        "收款账号 60148827301956624",
        "账号 6222 0236 9977 4624 941",
    ],
)
def test_an_account_number_that_is_no_card_stays_an_account(guard: Guard, text: str) -> None:
    decision = _scan(guard, ("agent", "收款账户是多少"), ("customer", text)).turns[1]
    assert [f.type for f in decision.findings] == ["BANK_ACCOUNT"]


# ------------------------------------------------------------------ phones in pieces


@pytest.mark.parametrize(
    ("turns", "pieces"),
    [
        # the area code, a pause on a filler, the rest in the next turn
        (
            [
                ("agent", "can i get the mobile number on the account"),
                ("customer", "sure it's four one five uh"),
                ("customer", "triple two, oh six double eight"),
            ],
            {1: "four one five", 2: "triple two"},
        ),
        (
            [
                ("agent", "请问是哪个号码呢"),
                ("customer", "号码是 幺三七 洞二幺六"),
                ("agent", "嗯"),
                ("customer", "八八四二"),
            ],
            {1: "洞二幺六", 3: "八八四二"},
        ),
        (
            [
                ("agent", "what's the number of your main line"),
                ("customer", "it's plus four four seven nine one one"),
                ("agent", "okay"),
                ("customer", "three two six oh five seven"),
            ],
            {1: "seven nine one one", 3: "three two six"},
        ),
        (
            [
                ("agent", "留个联系电话吧"),
                ("customer", "幺五八，嗯"),
                ("agent", "您说"),
                ("customer", "拐七二洞 三六四九"),
            ],
            {3: "拐七二洞"},
        ),
    ],
)
def test_a_phone_number_read_over_two_turns_is_hidden_in_both(guard: Guard, turns, pieces) -> None:
    result = _scan(guard, *turns)
    for index, words in pieces.items():
        decision = result.turns[index]
        assert "PHONE_NUMBER" in {f.type for f in decision.findings}, (index, decision.findings)
        for word in words.split():
            assert word not in decision.redacted_text.split(), (word, decision.redacted_text)


@pytest.mark.parametrize(
    ("turns", "extension"),
    [
        (
            [
                ("agent", "快递员怎么联系您"),
                ("customer", "打我公司座机，洞五七幺 八八六二 三洞四幺"),
                ("customer", "转 八幺五"),
            ],
            "八幺五",
        ),
        (
            [
                ("agent", "what's a good number"),
                ("customer", "two one two, five five five, oh one four seven"),
                ("agent", "uh-huh"),
                ("customer", "extension three oh two."),
            ],
            "three oh two",
        ),
        (
            [
                ("agent", "office number?"),
                ("customer", "It's 646-382-1907"),
                ("customer", "ext 4431"),
            ],
            "4431",
        ),
    ],
)
def test_an_extension_in_the_next_turn_is_part_of_the_number(
    guard: Guard, turns, extension: str
) -> None:
    decision = _scan(guard, *turns).turns[-1]
    assert [f.type for f in decision.findings] == ["PHONE_NUMBER"]
    assert extension.split()[0] not in decision.redacted_text.split()


@pytest.mark.parametrize(
    "turns",
    [
        # a whole number with a full stop: what follows is something else
        [
            ("agent", "number?"),
            ("customer", "It's 555-0142."),
            ("agent", "and your zip?"),
            ("customer", "94107"),
        ],
        # an extension word with no number before it
        [("agent", "anything else?"), ("customer", "no thanks"), ("customer", "转 300 给他")],
        # a filler after a room number
        [
            ("agent", "where are you staying"),
            ("customer", "room four one two uh"),
            ("customer", "the one by the lift"),
        ],
    ],
)
def test_what_follows_a_whole_number_or_no_number_is_not_a_piece(guard: Guard, turns) -> None:
    decision = _scan(guard, *turns).turns[-1]
    assert "PHONE_NUMBER" not in {f.type for f in decision.findings}, decision.findings


@pytest.mark.parametrize(
    ("text", "false_start"),
    [
        (
            "yeah it's four one five eight two nine uh sorry four one five eight two nine three "
            "three six seven",
            "four one five eight two nine",
        ),
        ("是幺八六 洞二幺三，不对，幺八六 洞二幺四 七七四九", "洞二幺三"),
        ("it's two oh one, no wait, to oh one five five five oh one four two", "two oh one,"),
        ("是 幺三九 说错了 幺三八 幺七六二 四洞五八", "幺三九"),
    ],
)
def test_a_phone_number_s_false_start_is_hidden_too(
    guard: Guard, text: str, false_start: str
) -> None:
    decision = _hidden(
        guard,
        [("agent", "And your phone number?"), ("customer", text)],
        1,
        false_start.rstrip(","),
        "PHONE_NUMBER",
    )
    assert {f.type for f in decision.findings} == {"PHONE_NUMBER"}


@pytest.mark.parametrize(
    "text",
    [
        "it was 3 items, sorry 4 items in total 12345678",
        "room four one two, sorry, four one three",
        "I ordered two, no wait, three of them",
    ],
)
def test_a_correction_without_a_phone_number_after_it_is_no_false_start(
    guard: Guard, text: str
) -> None:
    decision = _scan(guard, ("agent", "anything else?"), ("customer", text)).turns[1]
    assert "PHONE_NUMBER" not in {f.type for f in decision.findings}


# ------------------------------------------------------------------ values the agent reads


@pytest.mark.parametrize(
    ("turns", "rest"),
    [
        (
            [
                ("customer", "where do i send it"),
                ("agent", "the account number is four four six, two oh one,"),
                ("customer", "hold on let me get a pen"),
                ("agent", "nine one seven three three"),
            ],
            "nine one seven",
        ),
        (
            [
                ("customer", "那我转到哪里"),
                ("agent", "你直接转到安全账户，账号是 三幺洞洞 幺六二六，"),
                ("customer", "等一下，我拿个笔"),
                ("agent", "洞幺二洞 五洞洞洞 四四七幺"),
            ],
            "洞幺二洞",
        ),
        (
            [
                ("customer", "what number do I call back?"),
                ("agent", "call us on two one two, five five five,"),
                ("customer", "okay"),
                ("agent", "oh one four seven"),
            ],
            "oh one four seven",
        ),
    ],
)
def test_a_value_the_agent_reads_in_pieces_is_hidden(guard: Guard, turns, rest: str) -> None:
    decision = _scan(guard, *turns).turns[-1]
    assert decision.findings, decision.redacted_text
    assert rest not in decision.redacted_text


@pytest.mark.parametrize(
    "turns",
    [
        [
            ("customer", "我的卡号 6222 0236 9977 4624 940"),
            ("agent", "好的，已经续费成功，下次扣款日期2027年1月7日"),
        ],
        [
            ("customer", "account number is 4820 1177,"),
            ("agent", "thanks, that's 3 items for 45 dollars"),
        ],
    ],
)
def test_an_agent_s_dates_and_amounts_are_not_pieces(guard: Guard, turns) -> None:
    assert not _scan(guard, *turns).turns[-1].findings


@pytest.mark.parametrize(
    "turns",
    [
        [("customer", "Okay, what's your badge number?"), ("agent", "It's 94562.")],
        [("customer", "what was that badge number again?"), ("agent", "23456.")],
        [
            ("customer", "Wait, what's your employee ID number?"),
            ("agent", "My ID number is... 3456."),
        ],
        [("customer", "你的工号是多少？"), ("agent", "我的工号是三幺七二，")],
    ],
)
def test_an_agent_s_badge_or_employee_number_is_no_piece(guard: Guard, turns) -> None:
    assert not _scan(guard, *turns).turns[-1].findings


@pytest.mark.parametrize(
    "turns",
    [
        [
            ("customer", "what's your callback number?"),
            ("agent", "five five five, oh one four two."),
        ],
        [("customer", "你的电话是多少？"), ("agent", "幺五洞 二八八六 七幺三四。")],
    ],
)
def test_an_agent_s_bare_answer_to_a_phone_question_is_a_phone(guard: Guard, turns) -> None:
    assert [f.type for f in _scan(guard, *turns).turns[-1].findings] == ["PHONE_NUMBER"]


# ------------------------------------------------------------------ repairs inside a value


@pytest.mark.parametrize(
    ("question", "text", "entity", "words"),
    [
        (
            "the number on the front of your card",
            "six oh one one, five two oh one, three four eight eight, uh, sorry, four seven six"
            " seven",
            "CREDIT_CARD",
            "sorry seven",
        ),
        (
            "card number please",
            "four five three two uh sorry four five three one, five one one two, eight three oh"
            " three, six six one two",
            "CREDIT_CARD",
            "two one three",
        ),
        (
            "卡号给我报一下",
            "六二二二……不对……六二二八 四八三三 幺二九九 八八七六",
            "CREDIT_CARD",
            "六二二二",
        ),
        (
            "卡号给我报一下",
            "农业银行的 六二二八 四八三三 幺二九 啊不是 幺二九九 八八七六 五",
            "CREDIT_CARD",
            "幺二九",
        ),
        (
            "and the account number?",
            "it's 4820 1177 35, no wait, 4820 1177 3562 19",
            "BANK_ACCOUNT",
            "35",
        ),
    ],
)
def test_a_repair_inside_a_long_number_is_hidden_with_it(
    guard: Guard, question: str, text: str, entity: str, words: str
) -> None:
    decision = _scan(guard, ("agent", question), ("customer", text)).turns[1]
    assert [f.type for f in decision.findings] == [entity], decision.findings
    finding = decision.findings[0]
    # one span from the false start to the corrected run's last digit
    for word in words.split():
        assert word not in text[: finding.start] + text[finding.end :], (word, decision)


@pytest.mark.parametrize(
    "text",
    [
        "卡号是 6222 0236 9977 4624 940，不对，是另一张卡，我再找找",
        "my card 4111 1111 1111 1111 expires, sorry, it expired last month",
        "order three four five, sorry, order number 12345678",
    ],
)
def test_a_repair_next_to_a_number_with_other_words_joins_nothing(guard: Guard, text: str) -> None:
    decision = _scan(guard, ("agent", "卡号给我报一下"), ("customer", text)).turns[1]
    for f in decision.findings:
        assert not any(w in text[f.start : f.end] for w in ("不对", "sorry")), decision


@pytest.mark.parametrize(
    ("text", "rest"),
    [
        ("好的，三三洞幺洞六 幺九九五幺幺 幺幺二六……然后是七幺", "七幺"),
        ("身份证号 11010519800101 12，然后是 38", "38"),
        ("it's one one oh one oh five, one nine eight oh oh one oh one, one two, then three eight",
         "three eight"),
    ],
)  # fmt: skip
def test_an_id_s_last_digits_after_then_are_part_of_it(guard: Guard, text: str, rest: str) -> None:
    decision = _scan(guard, ("agent", "身份证号码报一下"), ("customer", text)).turns[1]
    assert "CN_RESIDENT_ID" in {f.type for f in decision.findings}, decision.findings
    assert rest not in decision.redacted_text, decision.redacted_text


@pytest.mark.parametrize(
    "text",
    [
        "身份证号 110105198001011238 然后是我的手机 13912345678",
        "账号 6217 0012 3456 7890 122 然后是多少钱来着",
        "身份证号 33010619951111 26，然后是 99",  # fails the check digit: no ID
    ],
)
def test_digits_after_then_that_make_no_valid_id_stay_apart(guard: Guard, text: str) -> None:
    decision = _scan(guard, ("agent", "身份证号码报一下"), ("customer", text)).turns[1]
    for f in decision.findings:
        assert "然后" not in text[f.start : f.end], decision


@pytest.mark.parametrize(
    ("text", "symbols"),
    [
        ("我的密码是 zhang 三 三 八 八 星号 JD，就是这个", "星号 JD"),
        ("我的密码是 wang 幺九八七 井号", "井号"),
        ("密码是 liu520 感叹号", "感叹号"),
        ("my password is tiger2024 hash", "hash"),
        ("the password's Maple77 exclamation mark.", "exclamation mark"),
    ],
)
def test_a_password_s_spoken_symbol_names_are_hidden_with_it(
    guard: Guard, text: str, symbols: str
) -> None:
    decision = _scan(guard, ("agent", "请问密码是？"), ("customer", text)).turns[1]
    assert [f.type for f in decision.findings] == ["PASSWORD"], decision.findings
    assert symbols not in decision.redacted_text, decision.redacted_text


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("my password is Tulip$2024 star wars is my favourite", "star wars"),
        ("密码是 abc12345 井号键结束", "井号键"),
    ],
)
def test_a_symbol_name_in_other_words_is_no_part_of_the_password(
    guard: Guard, text: str, kept: str
) -> None:
    decision = _scan(guard, ("agent", "请问密码是？"), ("customer", text)).turns[1]
    assert kept in decision.redacted_text, decision.redacted_text


# ------------------------------------------------------------------ Traditional phone labels


@pytest.mark.parametrize(
    "question",
    [
        "請問您的門號是？",
        "請問方便提供您註冊的手機號碼嗎？",
        "請留一個聯絡電話",
        "您的電話號碼是？",
        "請問您的行動電話？",
    ],
)
@pytest.mark.parametrize("answer", ["0935-218-476", "0912 345 678", "零九二八 六一七 三零五"])
def test_a_bare_number_after_a_traditional_phone_question_is_a_phone(
    guard: Guard, question: str, answer: str
) -> None:
    decision = _scan(guard, ("agent", question), ("customer", answer)).turns[1]
    assert [f.type for f in decision.findings] == ["PHONE_NUMBER"], (answer, decision.findings)


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        ("請問您的訂單編號？", "0928-617-305"),
        ("請問您的會員編號是？", "0912 345 678"),
        ("門號辦理要多久？", "大概3到5天"),
        ("請問您的門牌號碼是？", "12號5樓"),
    ],
)
def test_other_traditional_numbers_are_no_phone(guard: Guard, question: str, answer: str) -> None:
    decision = _scan(guard, ("agent", question), ("customer", answer)).turns[1]
    assert "PHONE_NUMBER" not in {f.type for f in decision.findings}, decision.findings


# ------------------------------------------------------------------ spoken slash, restated dates


@pytest.mark.parametrize(
    ("question", "text", "value"),
    [
        ("有效期是", "有效期，嗯，写的是 洞九斜杠三洞，就是三零年九月", "洞九斜杠三洞"),
        ("有效期呢", "零九斜杠三零", "零九斜杠三零"),
        ("有效期呢", "幺二斜线二八", "幺二斜线二八"),
        ("有效期呢", "有效期是 零九 二九 就是二九年九月", "零九 二九"),
        ("and the expiry?", "oh nine slash thirty", "oh nine slash thirty"),
        ("and the expiry?", "it's twelve slash twenty seven", "twelve slash twenty seven"),
    ],
)  # fmt: skip
def test_an_expiry_with_a_spoken_slash_or_a_restated_date_is_hidden(
    guard: Guard, question: str, text: str, value: str
) -> None:
    decision = _scan(guard, ("agent", question), ("customer", text)).turns[1]
    assert {f.type for f in decision.findings} == {"CARD_EXPIRY"}, decision.findings
    assert value not in decision.redacted_text, decision.redacted_text


@pytest.mark.parametrize(
    ("text", "digits"),
    [
        ("三月五号，就是下周三，三点以后", "5"),
        ("三千五，就是三千五百块", ""),
        ("幺三九，就是幺七六二", "1391762"),  # no unit after: the digits go on
        ("零九 二九 就是二九年九月", "0929 "),
    ],
)
def test_a_number_with_a_date_or_amount_unit_does_not_continue_a_run(
    text: str, digits: str
) -> None:
    assert digits in normalize(text).text
    assert "092929" not in normalize(text).text


# ------------------------------------------------------------------ IBAN country codes


@pytest.mark.parametrize(
    "text",
    [
        "她给我的是ＤＥ８４３７０２０４０５０００５３２０１３０００，我抄的时候可能抄错了",
        "he gave me IBAN ES39 0049 1827 3645 0192 8374 is that ok?",
        "您好，这个号码 DE84 3702 0405 0005 3201 3000 校验是正确的",
        "IBAN: FR12 3000 6000 0112 3456 7890 189",
    ],
)
def test_an_iban_that_fails_its_check_is_hidden_with_its_country_code(
    guard: Guard, text: str
) -> None:
    decision = _scan(guard, ("agent", "收款账号 / IBAN?"), ("customer", text)).turns[1]
    assert [f.type for f in decision.findings] == ["BANK_ACCOUNT"], decision.findings
    finding = decision.findings[0]
    assert normalize(text[finding.start : finding.start + 2]).text.isalpha(), decision


@pytest.mark.parametrize(
    "text", ["the code AB84 3702 0405 0005 3201 3000", "CODE84 3702 0405 0005 3201 3000"]
)
def test_letters_that_are_no_iban_country_stay_outside_the_account(guard: Guard, text: str) -> None:
    decision = _scan(guard, ("agent", "IBAN?"), ("customer", text)).turns[1]
    assert "AB" in decision.redacted_text or "CODE" in decision.redacted_text, decision


# ------------------------------------------------------------------ e-mail and phone shapes


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("write to anna_mark AT yahoo.co.uk", "anna_mark"),
        ("email: nora+bank at proton.me (no spam pls)", "nora+bank"),
        ("email: chensofia458 AT 126.com", "chensofia458"),
        ("我的邮箱是ldiego96atyahoo点儿co点儿uk，都是小写", "ldiego96atyahoo"),
        ("发到 james加bankatweb点儿de，都是小写", "james加bankatweb"),
        ("发到 lchen24at163.com，都是小写", "lchen24at163"),
    ],
)
def test_an_obfuscated_or_glued_at_address_is_hidden(guard: Guard, text: str, value: str) -> None:
    decision = _scan(guard, ("agent", "您的邮箱是？"), ("customer", text)).turns[1]
    assert [f.type for f in decision.findings] == ["EMAIL_ADDRESS"], decision.findings
    assert value not in decision.redacted_text, decision.redacted_text


@pytest.mark.parametrize(
    "text",
    [
        "meet me at shop.com",
        "download it from whatsapp.com or chat4u.com",
        "we are AT the office",
        "the new v1.2 at docs.example.com",
        "我在家点外卖，三点到",
    ],
)
def test_websites_and_at_in_sentences_are_no_address(guard: Guard, text: str) -> None:
    decision = _scan(guard, ("agent", "anything else?"), ("customer", text)).turns[1]
    assert "EMAIL_ADDRESS" not in {f.type for f in decision.findings}, decision.findings


@pytest.mark.parametrize(
    "text", ["cell 0612-86-74-01.", "my mobile is 0612-86-74-01", "call 0033-1-44-55-66-77"]
)
def test_a_phone_grouped_like_a_date_with_no_month_is_a_phone(guard: Guard, text: str) -> None:
    decision = _scan(guard, ("agent", "Thanks for calling."), ("customer", text)).turns[1]
    assert "PHONE_NUMBER" in {f.type for f in decision.findings}, decision.findings


@pytest.mark.parametrize(
    "text", ["my phone bill from 2024-03-15 is wrong", "call me about the 15/03/2024 charge"]
)
def test_a_real_date_next_to_a_phone_label_is_no_phone(guard: Guard, text: str) -> None:
    decision = _scan(guard, ("agent", "Thanks for calling."), ("customer", text)).turns[1]
    assert "PHONE_NUMBER" not in {f.type for f in decision.findings}, decision.findings


@pytest.mark.parametrize(
    ("text", "first_name"),
    [
        ("it's pat nolan fifty eight at comcast dot net all one word", "pat"),
        ("邮箱是 zhang wei 八八 艾特 幺六三 点 com 好久没用了", "zhang"),
        ("email address is maria lopez at gmail dot com", "maria"),
        ("我的邮箱是 li na 六六 艾特 qq 点 com", "li"),
    ],
)
def test_a_spoken_address_s_first_name_is_hidden_with_it(
    guard: Guard, text: str, first_name: str
) -> None:
    decision = _scan(guard, ("agent", "what's your email?"), ("customer", text)).turns[1]
    assert [f.type for f in decision.findings] == ["EMAIL_ADDRESS"], decision.findings
    assert first_name not in decision.redacted_text.split(), decision.redacted_text


def test_a_filler_before_a_spoken_address_stays_outside_it(guard: Guard) -> None:
    text = "it's uh nadia dot brook at example dot org"
    decision = _scan(guard, ("agent", "what's your email?"), ("customer", text)).turns[1]
    assert decision.redacted_text == "it's uh <EMAIL_ADDRESS>", decision.redacted_text


@pytest.mark.parametrize(
    ("question", "text"),
    [
        ("好的，請提供生日及身分證後四碼以核對身分。", "生日 79/04/18，身分證字號F228164093"),
        ("好的，请提供生日及身份证后四位以核对身份。", "生日是 1988/3/12"),
    ],
)
def test_a_slash_date_after_an_id_question_is_no_piece_of_the_id(
    guard: Guard, question: str, text: str
) -> None:
    decision = _scan(guard, ("agent", question), ("customer", text)).turns[1]
    assert "CN_RESIDENT_ID" not in {f.type for f in decision.findings}, decision.findings


# ------------------------------------------------------------------ passwords (issue 14, session 6)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        # a passphrase of words closed by a number, no quotes and no copula
        ("my password: blue heron lake 7", "blue heron lake 7"),
        ("my password is copper fox river nine two", "copper fox river nine two"),
        ("passcode: quiet maple garden 41, thanks", "quiet maple garden 41"),
        ("密码 蓝色 海鸥 七号", "蓝色 海鸥 七号"),
        ("登录密码是 红色 老虎 山顶 三号。", "红色 老虎 山顶 三号"),
        # a password after "isn't" / "wasn't": not the "n't" of the copula
        ("the password isn't Tulip22, try again", "Tulip22"),
        ("my PIN wasn't 4821 either", "4821"),
        # Traditional labels
        ("密碼是 hk8821xa", "hk8821xa"),
        ("我的登錄密碼：Lotus#5521，謝謝", "Lotus#5521"),
        # the new value given as the password
        ("新密码设为 Kite#7781", "Kite#7781"),
        ("I want my password changed to Harbor!55", "Harbor!55"),
    ],
)
def test_password_classes_are_hidden(guard: Guard, text: str, value: str) -> None:
    decision = _scan(guard, ("customer", text)).turns[0]
    assert "PASSWORD" in {f.type for f in decision.findings}, (text, decision.findings)
    for word in value.replace(",", " ").split():
        assert word not in decision.redacted_text.split(), (word, decision.redacted_text)


@pytest.mark.parametrize(
    ("question", "answer", "value"),
    [
        (
            "what would you like the new password to be?",
            "can you change it to Maple2025 please",
            "Maple2025",
        ),
        ("what password do you want?", "just set it to Sunset2024! for me", "Sunset2024!"),
        ("您要设什么新密码？", "帮我改成 qw8812zz 吧", "qw8812zz"),
        ("新的密码想设成什么？", "就设成 lan88hai 好了", "lan88hai"),
    ],
)
def test_new_password_after_change_it_to_is_hidden(
    guard: Guard, question: str, answer: str, value: str
) -> None:
    decision = _scan(guard, ("agent", question), ("customer", answer)).turns[1]
    assert "PASSWORD" in {f.type for f in decision.findings}, (answer, decision.findings)
    assert value not in decision.redacted_text


@pytest.mark.parametrize(
    "text",
    [
        "password reset link",
        "the password field is empty",
        "the password isn't working",
        "my password is wrong 3 times now",
        "the password expired 2 days ago",
        "password is older than 90 days",
        "the transfer PIN is something you generate yourself",
        "密码忘了",
        "密碼忘了",
        "密码 输错 三次",
        "把密码改成什么好呢",
        "新密码设为多少",
        "can you change it to English please",
        "I set it to dark mode",
    ],
)
def test_sentences_about_a_password_are_not_passwords(guard: Guard, text: str) -> None:
    findings = _scan(guard, ("customer", text)).turns[0].findings
    assert not [f for f in findings if f.type == "PASSWORD"], (text, findings)


def test_change_it_to_without_a_password_in_view_is_not_a_password(guard: Guard) -> None:
    result = _scan(
        guard, ("agent", "anything else?"), ("customer", "set it to 2 please, the volume")
    )
    assert not [f for f in result.turns[1].findings if f.type == "PASSWORD"]


@pytest.mark.parametrize(
    ("question", "answer", "value"),
    [
        # the label written with look-alike characters by a scam script
        (
            "Also confirm your Apple ID p@ssw0rd so we can reset it.",
            "its Sunny$ide2019",
            "Sunny$ide2019",
        ),
        ("Please send your passw0rd to verify.", "ok Lime#4410", "Lime#4410"),
        # a grudging answer opener before the bare value
        ("不提供密码无法取消哦", "那好吧 520131", "520131"),
        ("请提供一下取款密码", "行吧 884106", "884106"),
        ("what's your password?", "fine, Rover2020", "Rover2020"),
    ],
)
def test_bare_password_answers_are_hidden(
    guard: Guard, question: str, answer: str, value: str
) -> None:
    decision = _scan(guard, ("agent", question), ("customer", answer)).turns[1]
    assert "PASSWORD" in {f.type for f in decision.findings}, (answer, decision.findings)
    assert value not in decision.redacted_text


@pytest.mark.parametrize("answer", ["那好吧 我再想想", "fine, thanks", "行吧 你等一下"])
def test_grudging_replies_without_a_value_are_not_passwords(guard: Guard, answer: str) -> None:
    result = _scan(guard, ("agent", "请提供一下密码"), ("customer", answer))
    assert not [f for f in result.turns[1].findings if f.type == "PASSWORD"]
