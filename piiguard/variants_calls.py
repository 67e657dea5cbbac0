"""Call-transcript variant classes: how values are *said* on a phone line.

Registered into :data:`piiguard.variants.CLASSES` by :func:`register` (variants.py calls it
after its own classes). Kept apart from variants.py because these shapes come from speech,
not typing: groups read in tens ("twenty-three forty-five"), "double" / "triple", a
country code after "plus", an extension after the number (转 / 分機 / "extension"), a
number given in pieces with the agent's "uh-huh" between them, a PIN corrected mid-answer
("four eight two... no wait, four seven two nine"), the first of two guesses
("我记得是X，还是Y来着"), digits counted (三个六三个八), spaced pinyin pass phrases, an
IBAN whose letters are spelled, a CVV after 后面是 / "the back says", an expiry given as
an answer in words, an e-mail spelled with the NATO alphabet, and spoken non-values
(menu choices, floor and room numbers, a microphone check) that must not fire.

Every builder takes the same :class:`~piiguard.variants.Draw`, so the seeded sampler and
hypothesis both drive them; each class has its own random stream (see ``sample``).
"""

from __future__ import annotations

import re

import phonenumbers

from piiguard import variants as v

__all__ = ["register"]

_NATO = {
    "a": "alpha", "b": "bravo", "c": "charlie", "d": "delta", "e": "echo", "f": "foxtrot",
    "g": "golf", "h": "hotel", "i": "india", "j": "juliet", "k": "kilo", "l": "lima",
    "m": "mike", "n": "november", "o": "oscar", "p": "papa", "q": "quebec", "r": "romeo",
    "s": "sierra", "t": "tango", "u": "uniform", "v": "victor", "w": "whiskey", "x": "x-ray",
    "y": "yankee", "z": "zulu",
}  # fmt: skip
_ZH_COUNT = "零一两三四五六七八九"  # 两 is how a count of two is said (两个零)
_BACKCHANNELS = {
    "zh": ("嗯。", "好的。", "嗯嗯，您说。", "对，继续。"),
    "en": ("Uh-huh.", "Go on.", "Okay.", "Mm-hm, go ahead."),
}
_BACKCHANNEL_ASKS = {
    "PHONE_NUMBER": {"zh": "请留一个联系电话。", "en": "Can I get a callback number?"},
    "US_SSN": {"zh": "请提供您的社会安全号码。", "en": "And your social, please?"},
    "CREDIT_CARD": {"zh": "麻烦报一下卡号。", "en": "Go ahead with the card number."},
    "BANK_ACCOUNT": {"zh": "收款账号是多少？", "en": "What's the account number?"},
}


def _say_group(d: v.Draw, chunk: str) -> str:
    """One group of digits read either digit by digit or in tens, as callers mix them."""
    if len(chunk) >= 2 and d.chance(0.5):
        return v.spoken_en_pairs(d, chunk)
    return v.spoken_en(d, chunk)


def _say_groups(d: v.Draw, groups: list[str], language: str) -> str:
    if language == "zh":
        return d.choice(("，", " ", "")).join(v.spoken_zh(d, g) for g in groups)
    return d.choice((", ", " ", "... ")).join(_say_group(d, g) for g in groups)


def _national_groups(number: phonenumbers.PhoneNumber) -> list[str]:
    """The national number's groups as phonenumbers formats them internationally."""
    text = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    parts = text.split(" ")[1:]  # the first part is +CC
    return ["".join(c for c in p if c.isdigit()) for p in parts if any(c.isdigit() for c in p)]


def _phone_classes() -> None:
    def mixed_groups(d: v.Draw) -> v.Variant:
        national = phonenumbers.format_number(
            v.phone_number(d, d.choice(("US", "CA"))), phonenumbers.PhoneNumberFormat.NATIONAL
        )
        digits = "".join(c for c in national if c.isdigit())
        said = _say_groups(d, [digits[:3], digits[3:6], digits[6:]], "en")
        turn = v._Turn("customer").text(d.choice(("sure, it's ", "yeah call me on ", "it's ")))
        turn.value(said, "PHONE_NUMBER").text(d.choice((".", ", thanks", " if you need it")))
        ask = v._Turn("agent").text(_BACKCHANNEL_ASKS["PHONE_NUMBER"]["en"])
        return v._variant("PHONE_NUMBER/spoken-en-tens", "PHONE_NUMBER", "en", "call", [ask, turn])

    def international(d: v.Draw) -> v.Variant:
        number = v.phone_number(d)
        while number.country_code == 1:
            number = v.phone_number(d)
        cc = str(number.country_code)
        said = d.choice(("plus ", "Plus ")) + v.spoken_en(d, cc)
        said += d.choice((", ", " ")) + _say_groups(d, _national_groups(number), "en")
        turn = v._Turn("customer").text(
            d.choice(("My number is ", "It's ", "you can reach me on ", ""))
        )
        turn.value(said, "PHONE_NUMBER").text(d.choice((".", ", that's my mobile", "")))
        ask = v._Turn("agent").text(d.choice(("Which number can we reach you on?",)))
        return v._variant(
            "PHONE_NUMBER/spoken-en-international", "PHONE_NUMBER", "en", "call", [ask, turn]
        )

    def extension(d: v.Draw) -> v.Variant:
        # Written with the number (转8012, x4431, " ext. 207") the extension is one span
        # with it; said after a pause (", extension two oh seven", "，转八幺五") it is a
        # span of its own next to the number's (see phone_number.yaml).
        language = d.choice(("zh", "en"))
        spoken = d.chance(0.5)
        ext = d.digits(d.integer(3, 4))
        if language == "zh":
            area, local = v.cn_landline_parts(d)
            if spoken:
                number = _say_zh_groups(d, [area, local[:4], local[4:]])
                word = d.choice(("转", "分机", "转分机", "，转", "，分机"))
                said_ext = v.spoken_zh(d, ext)
            else:
                number = d.choice((f"{area}-{local}", f"({area}){local}"))
                word = d.choice(("转", "分機 ", "分机", " 转 ", "-", "，转"))
                said_ext = ext
            turn = v._Turn("customer").text(d.choice(("公司座机", "办公室电话是", "留个座机：")))
        else:
            national = phonenumbers.format_number(
                v.phone_number(d, "US"), phonenumbers.PhoneNumberFormat.NATIONAL
            )
            digits = "".join(c for c in national if c.isdigit())
            if spoken:
                number = _say_groups(d, [digits[:3], digits[3:6], digits[6:]], "en")
                word = d.choice((", extension ", " extension ", ", ext ", " ex "))
                said_ext = _say_group(d, ext)
            else:
                number = national
                word = d.choice((" ext. ", " x", " ext ", ", extension "))
                said_ext = ext
            turn = v._Turn("customer").text(
                d.choice(("call me at work, it's ", "my office line is ", "work number: "))
            )
        if word[0] in ",，":
            turn.value(number, "PHONE_NUMBER").text(word[0])
            pause = word[1:]
            lead = pause[: len(pause) - len(pause.lstrip())]
            turn.text(lead).value(pause.lstrip() + said_ext, "PHONE_NUMBER")
        else:
            turn.value(f"{number}{word}{said_ext}", "PHONE_NUMBER")
        turn.text(d.choice(v._TAILS[language]))
        return v._variant(
            "PHONE_NUMBER/extension",
            "PHONE_NUMBER",
            language,
            "call" if spoken else "chat",
            [v._opener(d, language), turn],
        )

    v._register("PHONE_NUMBER/spoken-en-tens", "PHONE_NUMBER", mixed_groups)
    v._register("PHONE_NUMBER/spoken-en-international", "PHONE_NUMBER", international)
    v._register("PHONE_NUMBER/extension", "PHONE_NUMBER", extension)


def _say_zh_groups(d: v.Draw, groups: list[str]) -> str:
    return d.choice(("，", " ", "")).join(v.spoken_zh(d, g) for g in groups)


def _backchannel_classes() -> None:
    """A value given in pieces over several customer turns, the agent only saying "uh-huh"."""

    def split(entity: str) -> v.Builder:
        def build(d: v.Draw) -> v.Variant:
            language = d.choice(("zh", "en")) if entity != "US_SSN" else "en"
            value, sizes, _ = v._digit_value(d, entity, language)
            groups = v.group(value, sizes, " ").split(" ")
            cut = d.integer(1, len(groups) - 1)
            pieces = [groups[:cut], groups[cut:]]
            turns = [v._Turn("agent").text(_BACKCHANNEL_ASKS[entity][language])]
            for i, piece in enumerate(pieces):
                if i:
                    turns.append(v._Turn("agent").text(d.choice(_BACKCHANNELS[language])))
                said = _say_zh_groups(d, piece) if language == "zh" else _say_groups(d, piece, "en")
                turn = v._Turn("customer")
                if i == 0:
                    turn.text(
                        d.choice(("", "嗯，", "好的，") if language == "zh" else ("", "it's "))
                    )
                turn.value(said, entity).text(
                    d.choice(("，", "……", "。") if language == "zh" else (",", "...", "."))
                )
                turns.append(turn)
            return v._variant(f"{entity}/split-backchannel", entity, language, "call", turns)

        return build

    for entity in ("PHONE_NUMBER", "US_SSN", "CREDIT_CARD", "BANK_ACCOUNT"):
        v._register(f"{entity}/split-backchannel", entity, split(entity))


def _counted_zh(d: v.Draw, digits: str) -> str:
    """Runs of a repeated digit counted the way Mandarin speakers read them: 666888 ->
    三个六三个八, 004999 -> 两个零四三个九; single digits read as themselves."""
    out = []
    i = 0
    while i < len(digits):
        j = i
        while j < len(digits) and digits[j] == digits[i]:
            j += 1
        run = j - i
        digit = "幺" if digits[i] == "1" and d.chance(0.5) else v._ZH_DIGITS[int(digits[i])]
        out.append(f"{_ZH_COUNT[run]}个{digit}" if run >= 2 else digit)
        i = j
    return "".join(out)


def _counted_pin(d: v.Draw) -> str:
    """A six-digit PIN made of runs (at least one counted run of two or more)."""
    while True:
        runs = [d.integer(2, 4)]
        while sum(runs) < 6:
            runs.append(min(d.integer(1, 3), 6 - sum(runs)))
        digits = ""
        for run in runs:
            digit = d.choice([c for c in "0123456789" if not digits or c != digits[-1]])
            digits += digit * run
        if len(digits) == 6:
            return digits


def _say_pin(d: v.Draw, language: str, digits: str) -> str:
    return v.spoken_zh(d, digits) if language == "zh" else v.spoken_en(d, digits)


def _password_classes() -> None:
    def self_correction(d: v.Draw) -> v.Variant:
        language = d.choice(("zh", "en"))
        first, second = v.pin(d), v.pin(d)
        if d.chance(0.5):  # the slip is often a digit short
            first = first[:-1]
        ask = v._Turn("agent").text(
            d.choice(("请报一下您的六位服务密码。", "您的取款密码是多少？"))
            if language == "zh"
            else d.choice(("Can you give me the account PIN?", "And your PIN, please?"))
        )
        turn = v._Turn("customer").text(
            d.choice(("嗯，是", "密码是", ""))
            if language == "zh"
            else d.choice(("Yeah it's ", "It's ", ""))
        )
        turn.value(_say_pin(d, language, first), "PASSWORD")
        turn.text(
            d.choice(("……不对，是", "，哦不对，", "……不是不是，是", "，说错了，是"))
            if language == "zh"
            else d.choice(("... no wait, ", ", sorry, I mean ", "... no, actually it's ", ", no, "))
        )
        turn.value(_say_pin(d, language, second), "PASSWORD").text(
            "。" if language == "zh" else "."
        )
        return v._variant("PASSWORD/self-correction", "PASSWORD", language, "call", [ask, turn])

    def or_was_it(d: v.Draw) -> v.Variant:
        language = d.choice(("zh", "en"))
        first = v.pin(d)
        second = first[:-2] + first[-1] + first[-2] if first[-1] != first[-2] else v.pin(d)
        turn = v._Turn("customer")
        if language == "zh":
            turn.text(d.choice(("服务密码我记得是……", "密码好像是", "我记得是", "应该是")))
            turn.value(v.spoken_zh(d, first), "PASSWORD").text(
                d.choice(("，还是", "，要不就是", "……或者是"))
            )
            turn.value(v.spoken_zh(d, second), "PASSWORD").text(
                d.choice(("来着？", "，记不清了。", ""))
            )
            ask = v._Turn("agent").text("请在按键上输入六位服务密码。")
        else:
            turn.text(d.choice(("I think the PIN is ", "I think it's ", "it should be ")))
            turn.value(v.spoken_en(d, first), "PASSWORD").text(
                d.choice((", or was it ", "... or maybe "))
            )
            turn.value(v.spoken_en(d, second), "PASSWORD").text(d.choice(("?", ", I'm not sure.")))
            ask = v._Turn("agent").text("I'll need the PIN on the account to go on.")
        return v._variant("PASSWORD/or-was-it", "PASSWORD", language, "call", [ask, turn])

    def counted_zh(d: v.Draw) -> v.Variant:
        said = _counted_zh(d, _counted_pin(d))
        ask = v._Turn("agent").text(d.choice(("您的取款密码是多少？", "请报一下支付密码。")))
        turn = v._Turn("customer").text(
            d.choice(("我的密码是", "密码是", "我记得是", "嗯，", "应该是"))
        )
        turn.value(said, "PASSWORD").text(d.choice(("，这样行吗？", "。", "")))
        return v._variant("PASSWORD/pin-counted-zh", "PASSWORD", "zh", "call", [ask, turn])

    def hedged_answer(d: v.Draw) -> v.Variant:
        language = d.choice(("zh", "en"))
        if language == "zh":
            ask = v._Turn("agent").text(d.choice(("您的支付密码是多少？", "服务密码报一下。")))
            lead = d.choice(("我记得是", "应该是", "好像是", "嗯……是", "就是"))
        else:
            ask = v._Turn("agent").text(
                d.choice(("What's the PIN on the card?", "Can you tell me your PIN?"))
            )
            lead = d.choice(("I think it's ", "Probably ", "I believe it's ", "Um, it's "))
        turn = v._Turn("customer").text(lead).value(_say_pin(d, language, v.pin(d)), "PASSWORD")
        turn.text(d.choice(v._TAILS[language]))
        return v._variant("PASSWORD/pin-hedged-answer", "PASSWORD", language, "call", [ask, turn])

    def spaced_pinyin(d: v.Draw) -> v.Variant:
        phrase = d.choice(
            (
                "wo ai ni yi sheng yi shi",
                "wo shi ni baba",
                "zhang san feng",
                "tian tian xiang shang",
                "wo ai bei jing",
                "xiao mei mei",
                "yi lu ping an",
            )
        )
        turn = v._Turn("customer").text(d.choice(("密码", "密码是 ", "登录密码：", "我的密码是")))
        turn.value(phrase, "PASSWORD").text(d.choice(("", "。", "，全是小写")))
        return v._variant(
            "PASSWORD/spaced-pinyin",
            "PASSWORD",
            "zh",
            d.choice(("chat", "call")),
            [v._opener(d, "zh"), turn],
        )

    v._register("PASSWORD/self-correction", "PASSWORD", self_correction)
    v._register("PASSWORD/or-was-it", "PASSWORD", or_was_it)
    v._register("PASSWORD/pin-counted-zh", "PASSWORD", counted_zh)
    v._register("PASSWORD/pin-hedged-answer", "PASSWORD", hedged_answer)
    v._register("PASSWORD/spaced-pinyin", "PASSWORD", spaced_pinyin)


def _bank_classes() -> None:
    def iban_spoken(d: v.Draw) -> v.Variant:
        language = d.choice(("zh", "en"))
        _, value = v.bank_account(d, "iban")
        groups = v.group(value, [4] * 9, " ").split(" ")
        said = []
        for g in groups:
            letters = " ".join(g) if g.isalpha() else None
            if letters is not None:
                said.append(letters)
            elif g[:2].isalpha():  # the country code and check digits: "G B two nine"
                said.append(" ".join(g[:2]) + " " + _say_pin(d, language, g[2:]))
            else:
                said.append(_say_pin(d, language, g))
        ask = v._Turn("agent").text(
            "麻烦念一下对方的IBAN。" if language == "zh" else "Can you read me the IBAN?"
        )
        turn = v._Turn("customer").text(
            d.choice(("好的，", "是") if language == "zh" else ("Yeah, it's ", "It's "))
        )
        turn.value(
            d.choice(("，", " ") if language == "zh" else (", ", " ")).join(said), "BANK_ACCOUNT"
        )
        turn.text("。" if language == "zh" else ".")
        return v._variant("BANK_ACCOUNT/iban-spoken", "BANK_ACCOUNT", language, "call", [ask, turn])

    def pieces_answer(d: v.Draw) -> v.Variant:
        language = d.choice(("zh", "en"))
        value = v.domestic_account(d)
        size = d.choice((3, 4))
        groups = [value[i : i + size] for i in range(0, len(value), size)]
        ask = v._Turn("agent").text(
            d.choice(("收款账号是多少？", "退款打到哪个账户？"))
            if language == "zh"
            else d.choice(
                ("I just need your bank account number.", "Which account should we pay into?")
            )
        )
        turn = v._Turn("customer").text(
            d.choice(("嗯，", "是", "") if language == "zh" else ("Um, it's ", "It's ", ""))
        )
        said = _say_zh_groups(d, groups) if language == "zh" else _say_groups(d, groups, "en")
        turn.value(said, "BANK_ACCOUNT").text("。" if language == "zh" else ".")
        return v._variant(
            "BANK_ACCOUNT/spoken-pieces-answer", "BANK_ACCOUNT", language, "call", [ask, turn]
        )

    v._register("BANK_ACCOUNT/iban-spoken", "BANK_ACCOUNT", iban_spoken)
    v._register("BANK_ACCOUNT/spoken-pieces-answer", "BANK_ACCOUNT", pieces_answer)


def _say_cvv(d: v.Draw, language: str, value: str) -> str:
    if language == "en" and len(set(value)) == 1 and d.chance(0.6):
        return d.choice(("triple ", "Triple ")) + v._EN_DIGITS[int(value[0])]
    if language == "zh":
        return d.choice(("，", "")).join(v.spoken_zh(d, c) for c in value)
    return v.spoken_en(d, value)


def _cvv_classes() -> None:
    def back_says(d: v.Draw) -> v.Variant:
        language = d.choice(("zh", "en"))
        spoken = d.chance(0.5)
        number = v.card_number(d)
        while len(number) != 16:  # the agent asks for three digits: not an Amex card
            number = v.card_number(d)
        sizes = v.card_grouping(number)
        value = v.cvv(d)
        groups = v.group(number, sizes, " ").split(" ")
        if spoken:
            card = _say_zh_groups(d, groups) if language == "zh" else _say_groups(d, groups, "en")
            code = _say_cvv(d, language, value)
        else:
            card, code = v.group(number, sizes, d.choice((" ", ""))), value
        ask = v._Turn("agent").text(
            "请提供卡号及卡背面三位数。"
            if language == "zh"
            else "Read me the card number and the code on the back."
        )
        turn = v._Turn("customer").value(card, "CREDIT_CARD")
        turn.text(
            d.choice(("，后面是", "，背后是", "，背面写的是", "，反面是"))
            if language == "zh"
            else d.choice((", and the back says ", ", on the back it's ", ", the back is "))
        )
        turn.value(code, "CARD_CVV").text("。" if language == "zh" else ".")
        return v._variant(
            "CARD_CVV/back-says", "CARD_CVV", language, "call" if spoken else "chat", [ask, turn]
        )

    def spoken_answer(d: v.Draw) -> v.Variant:
        language = d.choice(("zh", "en"))
        value = d.choice((v.cvv(d), d.digits(1) * 3))
        ask = v._Turn("agent").text(
            d.choice(("还有卡背面最后那三个数字。", "背面签名栏那三位是多少？"))
            if language == "zh"
            else d.choice(
                ("And the three digits on the back.", "And the security code on the back, please.")
            )
        )
        turn = v._Turn("customer").value(_say_cvv(d, language, value), "CARD_CVV")
        turn.text("。" if language == "zh" else ".")
        return v._variant("CARD_CVV/spoken-answer", "CARD_CVV", language, "call", [ask, turn])

    v._register("CARD_CVV/back-says", "CARD_CVV", back_says)
    v._register("CARD_CVV/spoken-answer", "CARD_CVV", spoken_answer)


_MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)  # fmt: skip
_ZH_MONTHS = ("一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二")


def _expiry_classes() -> None:
    def spoken_answer(d: v.Draw) -> v.Variant:
        language = d.choice(("zh", "en"))
        month, year = v.expiry(d)
        yy = year % 100
        if language == "zh":
            said = d.choice(
                (
                    f"{v.spoken_zh(d, f'{month:02d}')}，{v.spoken_zh(d, f'{yy:02d}')}",
                    f"{v.spoken_zh(d, str(year))}年{_ZH_MONTHS[month - 1]}月",
                    f"{v.spoken_zh(d, f'{yy:02d}')}年{_ZH_MONTHS[month - 1]}月份",
                    f"{_ZH_MONTHS[month - 1]}月，{v.spoken_zh(d, f'{yy:02d}')}年",
                )
            )
            ask = v._Turn("agent").text(d.choice(("有效期呢？", "卡的有效期是多少？")))
        else:
            month_word = v.en_number(month) if month > 9 else v._EN_DIGITS[month]
            said = d.choice(
                (
                    f"{month_word.capitalize()} {v.en_number(yy)}",
                    f"{v.spoken_en(d, f'{month:02d}')} slash {v.en_number(yy)}",
                    f"{_MONTHS[month - 1]} twenty {v.en_number(yy)}",
                    f"{v.spoken_en(d, f'{month:02d}')}, {v.spoken_en(d, f'{yy:02d}')}",
                    f"{_MONTHS[month - 1]} {v.en_number(20)} {v.en_number(yy)}",
                )
            )
            ask = v._Turn("agent").text(d.choice(("And the expiry?", "When does it expire?")))
        turn = v._Turn("customer").text(
            d.choice(
                ("", "是", "到")
                if language == "zh"
                else ("", "It's ", "Yes, it says ", "It's good till the end of ")
            )
        )
        turn.value(said, "CARD_EXPIRY").text("。" if language == "zh" else ".")
        return v._variant("CARD_EXPIRY/spoken-answer", "CARD_EXPIRY", language, "call", [ask, turn])

    v._register("CARD_EXPIRY/spoken-answer", "CARD_EXPIRY", spoken_answer)


def _code_classes() -> None:
    def pieces_answer(d: v.Draw) -> v.Variant:
        language = d.choice(("zh", "en"))
        code = v.one_time_code(d)
        size = d.choice((2, 3))
        groups = [code[i : i + size] for i in range(0, len(code), size)]
        ask = v._Turn("agent").text(
            d.choice(("您手机收到一条验证码，报给我。", "短信里那个六位数字念一下。"))
            if language == "zh"
            else d.choice(
                ("Read me the code we just texted you.", "What are the six digits in the text?")
            )
        )
        if language == "zh":
            said = d.choice(("，", "……")).join(v.spoken_zh(d, g) for g in groups)
            turn = v._Turn("customer").text(d.choice(("哦哦，收到了，那个是……", "是", "")))
        else:
            said = d.choice((", ", ", um, ", "... ")).join(v.spoken_en(d, g) for g in groups)
            turn = v._Turn("customer").text(d.choice(("It says ", "", "Okay, ")))
        turn.value(said, "VERIFICATION_CODE").text("。" if language == "zh" else ".")
        return v._variant(
            "VERIFICATION_CODE/spoken-pieces-answer",
            "VERIFICATION_CODE",
            language,
            "call",
            [ask, turn],
        )

    v._register("VERIFICATION_CODE/spoken-pieces-answer", "VERIFICATION_CODE", pieces_answer)


def _email_classes() -> None:
    def nato(d: v.Draw) -> v.Variant:
        pieces, domain = v.email_parts(d)
        while not pieces[0][0].isalpha():  # a QQ mailbox is digits: nothing to spell
            pieces, domain = v.email_parts(d)
        local = pieces[0]
        spelled_upto = d.integer(1, min(3, len(local)))
        names = {"_": "underscore", "+": "plus", "-": "dash"}
        words = []
        for ch in local[:spelled_upto]:
            words.append(f"{ch} as in {_NATO[ch]}" if ch.isalpha() else names.get(ch, ch))
        for part in re.split(r"([_+-])", local[spelled_upto:]):
            if part:
                words.append(names.get(part, part))
        head = ", ".join(words)
        tail_pieces = [head, *pieces[1:]]
        domain_said = domain.replace(".", " dot ").replace("-", " dash ")
        said = ", dot, ".join(tail_pieces) + f", at {domain_said}"
        ask = v._Turn("agent").text("What's the email address you're trying to use?")
        turn = (
            v._Turn("customer").text(d.choice(("It's ", "Sure, ", ""))).value(said, "EMAIL_ADDRESS")
        )
        turn.text(".")
        return v._variant("EMAIL_ADDRESS/spelled-nato", "EMAIL_ADDRESS", "en", "call", [ask, turn])

    v._register("EMAIL_ADDRESS/spelled-nato", "EMAIL_ADDRESS", nato)


def _negative_classes() -> None:
    def spoken_non_values(d: v.Draw) -> v.Variant:
        language = d.choice(("zh", "en"))
        turn = v._Turn("customer")
        if language == "zh":
            kind = d.choice(("mic", "floor", "menu", "steps"))
            if kind == "mic":
                turn.decoy(d.choice(("一二三四五", "一二三", "喂喂，一二三四")), "MIC_CHECK").text(
                    "，能听到吗？"
                )
            elif kind == "floor":
                turn.text("我在").decoy(
                    f"{d.choice('三四五六七八')}楼{v.spoken_zh(d, d.digits(2))}", "ROOM"
                ).text("等你们")
            elif kind == "menu":
                turn.text("我按了").decoy(
                    f"{d.choice('一二三')}，然后按{d.choice('二三四')}", "MENU"
                ).text("，还是没转人工")
            else:
                turn.text("我按您说的做了").decoy(
                    d.choice(("一二三", "第一步第二步")), "STEPS"
                ).text("步，然后呢？")
        else:
            kind = d.choice(("mic", "room", "menu", "steps", "address"))
            if kind == "mic":
                turn.text("Testing, ").decoy(
                    d.choice(("one two three", "one two three four")), "MIC_CHECK"
                ).text(", can you hear me?")
            elif kind == "room":
                turn.text("I'm in room ").decoy(
                    v.en_number(d.integer(10, 99)) + " " + v.en_number(d.integer(10, 99)), "ROOM"
                ).text(" at the hotel.")
            elif kind == "menu":
                turn.text("I pressed ").decoy(
                    f"{d.choice(('one', 'two'))} and then {d.choice(('three', 'four'))}", "MENU"
                ).text(" and nothing happened.")
            elif kind == "steps":
                turn.text("Okay, I did steps ").decoy(
                    d.choice(("one two three", "one, two and three")), "STEPS"
                ).text(", what next?")
            else:
                turn.text("Just go to ").decoy(
                    d.choice(("one two three four", "twelve thirty-four", "fifteen twenty")),
                    "ADDRESS",
                ).text(d.choice((" Main Street", " Elm Road")) + ".")
        return v._variant(
            "NOT/spoken-non-values", None, language, "call", [v._opener(d, language), turn]
        )

    def last_four_spoken(d: v.Draw) -> v.Variant:
        language = d.choice(("zh", "en"))
        digits = d.digits(4)
        if language == "zh":
            kind = d.choice(("卡号", "身份证", "银行卡", "手机号"))
            ask = v._Turn("agent").text(f"请核对一下您{kind}后四位。")
            turn = v._Turn("customer").text(d.choice(("", "后四位是", "尾号", "是")))
            turn.decoy(v.spoken_zh(d, digits), "LAST_FOUR").text(d.choice(("。", "")))
        else:
            kind = d.choice(("card", "social", "account", "phone number"))
            ask = v._Turn("agent").text(f"Can you confirm the last four of your {kind}?")
            turn = v._Turn("customer").text(d.choice(("", "Sure, ", "It ends in ", "Last four ")))
            turn.decoy(
                d.choice((v.spoken_en(d, digits), v.spoken_en_pairs(d, digits))), "LAST_FOUR"
            )
            turn.text(".")
        return v._variant("NOT/last-four-spoken", None, language, "call", [ask, turn])

    def masked_echo(d: v.Draw) -> v.Variant:
        language = d.choice(("zh", "en"))
        digits = d.digits(4)
        if language == "zh":
            turn = v._Turn("customer").text(d.choice(("是尾号", "就是尾号是", "卡号尾号")))
            turn.decoy(d.choice((digits, v.spoken_zh(d, digits))), "LAST_FOUR").text("的那张卡。")
        else:
            turn = v._Turn("customer").text(
                d.choice(("It's the card ending in ", "the one ending ", "the card ending "))
            )
            turn.decoy(d.choice((digits, v.spoken_en(d, digits))), "LAST_FOUR").text(".")
        return v._variant(
            "NOT/masked-last-four", None, language, "call", [v._opener(d, language), turn]
        )

    v._register("NOT/spoken-non-values", None, spoken_non_values)
    v._register("NOT/last-four-spoken", None, last_four_spoken)
    v._register("NOT/masked-last-four", None, masked_echo)


def register() -> None:
    """Add the call classes to :data:`piiguard.variants.CLASSES` (idempotent)."""
    for add in (
        _phone_classes,
        _backchannel_classes,
        _password_classes,
        _bank_classes,
        _cvv_classes,
        _expiry_classes,
        _code_classes,
        _email_classes,
        _negative_classes,
    ):
        add()
