"""Read-out variant classes (session 6): who reads a value, and how it is cut up on a call.

Registered into :data:`piiguard.variants.CLASSES` by :func:`register` (variants.py calls it
after the call classes). Classes: a phone number whose area code ends one turn (on a
pause or a filler) and whose rest opens the next; an extension in a turn of its own; an
agent reading back a number; a scammer giving his own "safe account"; an account number
after a sort code or routing number (which are no values: decoys); a Chinese debit card
called 账号 / 账户 (a card); a CVV after "the back is" / 背面是…… with the expiry before it;
and the negatives: radio-digit characters in ordinary words (拐弯, 漏洞, 勾选), a sort code
or routing number alone. And a phone number's false start, corrected in the same turn.
"""

from __future__ import annotations

import phonenumbers

from piiguard import variants as v

__all__ = ["register"]

_FILLER_PAUSE = {"zh": ("，嗯", "……", "，呃", "，"), "en": (" uh", " um", "...", ",")}
_BACKCHANNEL = {"zh": ("嗯。", "您说。", "好的。"), "en": ("Okay.", "Uh-huh.", "Go on.")}


def _say(d: v.Draw, language: str, digits: str, radio: bool = False) -> str:
    if language == "zh":
        return v.spoken_zh_radio(d, digits) if radio else v.spoken_zh(d, digits)
    return v.spoken_en(d, digits)


def _us_digits(d: v.Draw) -> str:
    national = phonenumbers.format_number(
        v.phone_number(d, d.choice(("US", "CA"))), phonenumbers.PhoneNumberFormat.NATIONAL
    )
    return "".join(c for c in national if c.isdigit())


def _phone_classes() -> None:
    def area_then_rest(d: v.Draw) -> v.Variant:
        language = d.choice(("zh", "en"))
        radio = d.chance(0.5)
        digits = v.cn_mobile(d) if language == "zh" else _us_digits(d)
        cut = 3 if d.chance(0.6) else (7 if language == "zh" else 6)
        ask = v._Turn("agent").text(
            d.choice(("请问是哪个号码呢？", "留个联系电话吧。", "您的手机号是多少？"))
            if language == "zh"
            else d.choice(
                (
                    "Can I get the mobile number on the account?",
                    "What's the best number to reach you?",
                )
            )
        )
        one = v._Turn("customer").text(
            d.choice(("号码是 ", "是", "嗯，"))
            if language == "zh"
            else d.choice(("sure it's ", ""))
        )
        one.value(_say(d, language, digits[:cut], radio), "PHONE_NUMBER")
        one.text(d.choice(_FILLER_PAUSE[language]))
        turns = [ask, one]
        if d.chance(0.6):
            turns.append(v._Turn("agent").text(d.choice(_BACKCHANNEL[language])))
        two = v._Turn("customer").value(_say(d, language, digits[cut:], radio), "PHONE_NUMBER")
        turns.append(two.text(d.choice(("", "。") if language == "zh" else ("", "."))))
        return v._variant("PHONE_NUMBER/area-then-rest", "PHONE_NUMBER", language, "call", turns)

    def extension_next_turn(d: v.Draw) -> v.Variant:
        language = d.choice(("zh", "en"))
        ext = d.digits(d.integer(3, 4))
        if language == "zh":
            area, local = v.cn_landline_parts(d)
            number = v.spoken_zh_radio(d, area + local, [len(area), 4, 4])
            lead, word = "打我公司座机，", d.choice(("转 ", "分机 ", "转"))
            said_ext = v.spoken_zh_radio(d, ext)
        else:
            digits = _us_digits(d)
            number = v.spoken_en(d, digits, [3, 3, 4])
            lead, word = "my office is ", d.choice(("extension ", "ext "))
            said_ext = v.spoken_en(d, ext)
        one = v._Turn("customer").text(lead).value(number, "PHONE_NUMBER")
        turns = [v._Turn("agent").text("怎么联系您？" if language == "zh" else "Best number?"), one]
        if d.chance(0.5):
            turns.append(v._Turn("agent").text(d.choice(_BACKCHANNEL[language])))
        two = v._Turn("customer").value(word + said_ext, "PHONE_NUMBER")
        turns.append(two.text(d.choice(("", "。") if language == "zh" else ("", "."))))
        return v._variant(
            "PHONE_NUMBER/extension-next-turn", "PHONE_NUMBER", language, "call", turns
        )

    def agent_read_back(d: v.Draw) -> v.Variant:
        language = d.choice(("zh", "en"))
        digits = v.cn_mobile(d) if language == "zh" else _us_digits(d)
        sizes = [3, 4, 4] if language == "zh" else [3, 3, 4]
        ask = v._Turn("agent").text("请留个手机号。" if language == "zh" else "Callback number?")
        said = _say(d, language, digits, radio=True)
        one = v._Turn("customer").value(
            v.spoken_zh_radio(d, digits, sizes)
            if language == "zh"
            else v.spoken_en(d, digits, sizes),
            "PHONE_NUMBER",
        )
        back = v._Turn("agent").text(
            d.choice(("好的，", "我复述一下，"))
            if language == "zh"
            else d.choice(("So that's ", "Okay, "))
        )
        back.value(said, "PHONE_NUMBER").text(
            d.choice(("，已备注。", "，对吗？"))
            if language == "zh"
            else d.choice((", correct?", ", got it."))
        )
        return v._variant(
            "PHONE_NUMBER/agent-read-back", "PHONE_NUMBER", language, "call", [ask, one, back]
        )

    def corrected_start(d: v.Draw) -> v.Variant:
        language = d.choice(("zh", "en"))
        digits = v.cn_mobile(d) if language == "zh" else _us_digits(d)
        sizes = [3, 4, 4] if language == "zh" else [3, 3, 4]
        false_start = digits[: d.integer(3, 7)]
        ask = v._Turn("agent").text(
            "您的手机号是？" if language == "zh" else "And your phone number?"
        )
        turn = v._Turn("customer").text("是" if language == "zh" else "yeah it's ")
        turn.value(_say(d, language, false_start, radio=d.chance(0.5)), "PHONE_NUMBER")
        turn.text(
            d.choice(("，不对，", "，不是，", " 说错了 "))
            if language == "zh"
            else d.choice((" uh sorry ", ", no wait, ", " i mean "))
        )
        said = (
            v.spoken_zh_radio(d, digits, sizes)
            if language == "zh"
            else v.spoken_en(d, digits, sizes)
        )
        turn.value(said, "PHONE_NUMBER").text("" if language == "zh" else d.choice(("", ".")))
        return v._variant(
            "PHONE_NUMBER/corrected-start", "PHONE_NUMBER", language, "call", [ask, turn]
        )

    v._register("PHONE_NUMBER/corrected-start", "PHONE_NUMBER", corrected_start)
    v._register("PHONE_NUMBER/area-then-rest", "PHONE_NUMBER", area_then_rest)
    v._register("PHONE_NUMBER/extension-next-turn", "PHONE_NUMBER", extension_next_turn)
    v._register("PHONE_NUMBER/agent-read-back", "PHONE_NUMBER", agent_read_back)


def _routing_number(d: v.Draw) -> str:
    """An ABA routing number (nine digits, 3-7-1 weighted check)."""
    body = f"{d.integer(1, 12):02d}" + d.digits(6)
    total = sum(int(c) * w for c, w in zip(body, (3, 7, 1, 3, 7, 1, 3, 7), strict=True))
    return body + str((10 - total % 10) % 10)


def _bank_classes() -> None:
    def agent_gives_account(d: v.Draw) -> v.Variant:
        language = d.choice(("zh", "en"))
        value = v.domestic_account(d)
        groups = [value[i : i + 4] for i in range(0, len(value), 4)]
        if language == "zh":
            said = d.choice(("，", " ")).join(
                v.spoken_zh_radio(d, g) if d.chance(0.5) else v.spoken_zh(d, g) for g in groups
            )
            lead = d.choice(
                (
                    "你直接转到医院的对公账户，我念给你，你记一下：",
                    "钱先转到我们的安全账户，账号是",
                    "收款账户 ",
                )
            )
            tail = d.choice(("，户名是陈建国。", "，转完截图发我。", ""))
        else:
            said = ", ".join(v.spoken_en(d, g) for g in groups)
            lead = d.choice(
                (
                    "wire it to the safe account, the account number is ",
                    "it goes to our escrow account, account number ",
                )
            )
            tail = d.choice((" and keep this quiet", ", thanks", ""))
        turn = v._Turn("agent").text(lead).value(said, "BANK_ACCOUNT").text(tail)
        ask = v._Turn("customer").text(
            "那我怎么转？" if language == "zh" else "where do I send it?"
        )
        return v._variant(
            "BANK_ACCOUNT/agent-gives-account", "BANK_ACCOUNT", language, "call", [ask, turn]
        )

    def after_routing(d: v.Draw) -> v.Variant:
        spoken = d.chance(0.5)
        uk = d.chance(0.5)
        account = d.digits(8) if uk else d.digits(d.integer(10, 12))
        if uk:
            sort_code = "-".join(d.digits(2) for _ in range(3))
            label = "sort code "
            if spoken:
                sort_code = v.spoken_en(d, sort_code.replace("-", ""))
        else:
            sort_code = _routing_number(d)
            label = d.choice(("routing ", "routing number ", "the routing is "))
            if spoken:
                sort_code = v.spoken_en(d, sort_code)
        said = v.spoken_en(d, account, [3, 3, 3, 3][: len(account) // 3 + 1]) if spoken else account
        speaker = d.choice(("agent", "customer"))
        turn = v._Turn(speaker).text(d.choice(("name: R Ahmed Properties, ", "ok ", "")) + label)
        turn.decoy(sort_code, "ROUTING_NUMBER")
        turn.text(
            d.choice((", account ", " account ", ", the account is ", " and account number "))
        )
        turn.value(said, "BANK_ACCOUNT").text(d.choice(("", ".", " thanks")))
        other = "customer" if speaker == "agent" else "agent"
        ask = v._Turn(other).text(
            d.choice(("ok what are the details", "where do I send it?"))
            if speaker == "agent"
            else "Could you read me the sort code and account number?"
        )
        return v._variant(
            "BANK_ACCOUNT/after-sort-code-or-routing",
            "BANK_ACCOUNT",
            "en",
            "call" if spoken else "chat",
            [ask, turn],
        )

    def interrupted(d: v.Draw) -> v.Variant:
        # Read by either side, cut off after a group, the other side says "hold on", the
        # rest follows.
        language = d.choice(("zh", "en"))
        reader = d.choice(("agent", "customer"))
        listener = "customer" if reader == "agent" else "agent"
        value = v.domestic_account(d)
        groups = [value[i : i + 4] for i in range(0, len(value), 4)]
        cut = d.integer(1, len(groups) - 1)
        say = (
            (lambda gs: "，".join(v.spoken_zh_radio(d, g) for g in gs))
            if language == "zh"
            else (lambda gs: ", ".join(v.spoken_en(d, g) for g in gs))
        )
        one = v._Turn(reader).text("账号是 " if language == "zh" else "the account number is ")
        one.value(say(groups[:cut]), "BANK_ACCOUNT").text("，" if language == "zh" else ",")
        hold = v._Turn(listener).text(
            d.choice(("等一下，我拿个笔", "稍等，我记一下"))
            if language == "zh"
            else d.choice(("hold on let me get a pen", "wait, I'm writing it down"))
        )
        two = v._Turn(reader).value(say(groups[cut:]), "BANK_ACCOUNT")
        ask = v._Turn(listener).text(
            "账号是多少？" if language == "zh" else "what's the account number?"
        )
        return v._variant(
            "BANK_ACCOUNT/interrupted", "BANK_ACCOUNT", language, "call", [ask, one, hold, two]
        )

    v._register("BANK_ACCOUNT/agent-gives-account", "BANK_ACCOUNT", agent_gives_account)
    v._register("BANK_ACCOUNT/interrupted", "BANK_ACCOUNT", interrupted)
    v._register("BANK_ACCOUNT/after-sort-code-or-routing", "BANK_ACCOUNT", after_routing)


def _unionpay_card(d: v.Draw) -> str:
    while True:
        number = v.card_number(d)
        if number.startswith("62") and len(number) >= 16:
            return number


def _card_classes() -> None:
    def debit_called_account(d: v.Draw) -> v.Variant:
        number = _unionpay_card(d)
        spoken = d.chance(0.5)
        sizes = v.card_grouping(number)
        rendered = (
            v.spoken_zh_radio(d, number, sizes)
            if spoken
            else v.group(number, sizes, d.choice((" ", "")))
        )
        speaker = d.choice(("agent", "customer"))
        lead = (
            d.choice(("你直接转到我这个账户，", "收款账号是", "解冻金请转到财务专员个人账户 "))
            if speaker == "agent"
            else d.choice(("账户是工行的，", "储蓄卡账号", "我的账号 "))
        )
        turn = v._Turn(speaker).text(lead).value(rendered, "CREDIT_CARD")
        turn.text(d.choice(("，户名黄志勇。", "，转完跟我说", "")))
        other = v._Turn("customer" if speaker == "agent" else "agent").text(
            "那转到哪里？" if speaker == "agent" else "收款账户是多少？"
        )
        return v._variant(
            "CREDIT_CARD/debit-called-account-zh",
            "CREDIT_CARD",
            "zh",
            "call" if spoken else "chat",
            [other, turn],
        )

    v._register("CREDIT_CARD/debit-called-account-zh", "CREDIT_CARD", debit_called_account)


_EN_MONTHS = (
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december",
)  # fmt: skip


_ZH_MONTHS = ("一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二")


def _cvv_classes() -> None:
    def back_is_after_expiry(d: v.Draw) -> v.Variant:
        language = d.choice(("zh", "en"))
        spoken = d.chance(0.6)
        month, year = v.expiry(d)
        code = v.cvv(d)
        turn = v._Turn("customer")
        if language == "zh":
            yy = f"{year % 100:02d}"
            expiry = (
                f"{v.spoken_zh(d, yy)}年{_ZH_MONTHS[month - 1]}月" if spoken else f"{yy}年{month}月"
            )
            said = (
                d.choice(("", " ")).join(
                    v.spoken_zh_radio(d, c) if d.chance(0.5) else v.spoken_zh(d, c) for c in code
                )
                if spoken
                else code
            )
            turn.text("有效期 ").value(expiry, "CARD_EXPIRY")
            turn.text(d.choice(("，背面是……", "，背面是", "，背面是 ")))
        else:
            expiry = (
                f"{_EN_MONTHS[month - 1]} {v.en_number(year % 100)}"
                if spoken
                else f"{month:02d}/{year % 100:02d}"
            )
            said = v.spoken_en(d, code) if spoken else code
            turn.text(d.choice(("expires ", "exp "))).value(expiry, "CARD_EXPIRY")
            turn.text(d.choice((" and the back is ", ", the back is ", ", on the back it's ")))
        turn.value(said, "CARD_CVV").text(d.choice(("", "。") if language == "zh" else ("", ".")))
        ask = v._Turn("agent").text(
            "再报一下有效期，还有卡背面签名栏那三个数字。"
            if language == "zh"
            else "and the expiry and those three little numbers by the signature"
        )
        return v._variant(
            "CARD_CVV/back-is-after-expiry",
            "CARD_CVV",
            language,
            "call" if spoken else "chat",
            [ask, turn],
        )

    v._register("CARD_CVV/back-is-after-expiry", "CARD_CVV", back_is_after_expiry)


_RADIO_WORDS = (
    ("前面路口左", "拐三百米", "就到了。"),
    ("系统这个漏", "洞三四天", "了还没修好。"),
    ("请", "勾选第二项", "然后提交。"),
    ("过了红绿灯右", "拐两三百米", "，有个药店。"),
    ("山", "洞里有两三个人", "。"),
)


def _negative_classes() -> None:
    def radio_words_zh(d: v.Draw) -> v.Variant:
        before, word, after = d.choice(_RADIO_WORDS)
        turn = v._Turn(d.choice(("customer", "agent"))).text(before)
        turn.decoy(word, "RADIO_WORD").text(after)
        return v._variant("NOT/radio-words-zh", None, "zh", "call", [v._opener(d, "zh"), turn])

    def routing_alone(d: v.Draw) -> v.Variant:
        spoken = d.chance(0.5)
        if d.chance(0.5):
            value = "-".join(d.digits(2) for _ in range(3))
            lead = d.choice(("the sort code is ", "sort code: ", "our sort code is "))
        else:
            value = _routing_number(d)
            lead = d.choice(("the routing number is ", "routing ", "our ABA routing number is "))
        if spoken:
            value = v.spoken_en(d, value.replace("-", ""))
        turn = v._Turn(d.choice(("customer", "agent"))).text(lead)
        turn.decoy(value, "ROUTING_NUMBER").text(d.choice(("", ".", ", is that right?")))
        return v._variant(
            "NOT/sort-code-or-routing-alone",
            None,
            "en",
            "call" if spoken else "chat",
            [v._opener(d, "en"), turn],
        )

    v._register("NOT/radio-words-zh", None, radio_words_zh)
    v._register("NOT/sort-code-or-routing-alone", None, routing_alone)


def register() -> None:
    """Add the read-out classes to :data:`piiguard.variants.CLASSES` (idempotent)."""
    for add in (_phone_classes, _bank_classes, _card_classes, _cvv_classes, _negative_classes):
        add()
