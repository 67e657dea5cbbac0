"""Round 8: written before any round-8 rule change; split by int(md5(id), 16) % 2."""

import hashlib
import json

A, C = "agent", "customer"
ID_ASK_ZH = [[A, "为了核实身份，麻烦报一下您的身份证号码"], [C, "好，三二零一零六 幺九八七"]]
ID_ASK_ZH2 = [[A, "请您报一下身份证号"], [C, "四四零三零五 一九九零零三 一二"]]
CARD_ASK_ZH = [[A, "请报一下您的卡号"], [C, "六二二八 四八零三 二二一一"]]
CARD_ASK_EN = [[A, "can i get the card number please"], [C, "sure four five three two one one"]]
CARD_ASK_EN2 = [[A, "Could you read me the card number?"], [C, "It's 4532 0151 1283"]]
SSN_ASK_EN = [[A, "i'll need your social security number"], [C, "five two one four four"]]
CODE_ASK_EN = [[A, "read me the code we just texted"], [C, "three eight six"]]
CODE_ASK_ZH = [[A, "您把短信验证码念一下"], [C, "三八六"]]
ACCT_ASK_EN = [[A, "what's your account number"], [C, "it's four four six two oh"]]
NAME_ASK_ZH = [[A, "请问您贵姓"], [C, "姓李"]]
NAME_ASK_EN = [[A, "can i get your full name please"], [C, "it's maria lopez"]]
PHONE_ASK_ZH = [[A, "您的手机号是多少"], [C, "一三九一七六二"]]
ORDER_ASK_EN = [[A, "what's the order number"], [C, "it's one one two three four"]]

rows = [
    # --- whole / complete number, bare NP turns (calls) ---
    ("zh", ID_ASK_ZH[:1], "身份证号码全部十八位", ["CN_RESIDENT_ID"]),
    ("zh", [], "身份证号完整的十八位", ["CN_RESIDENT_ID"]),
    ("zh", [], "嗯 身份证号码 十八位全部", ["CN_RESIDENT_ID"]),
    ("zh", CARD_ASK_ZH[:1], "卡号完整的十六位", ["CREDIT_CARD"]),
    ("zh", [], "您的银行卡号 全部的", ["CREDIT_CARD"]),
    ("zh", [], "卡片正面那一串数字 整个的", ["CREDIT_CARD"]),
    ("en", [], "the whole card number please", ["CREDIT_CARD"]),
    ("en", [], "read me the whole number on the card", ["CREDIT_CARD"]),
    ("en", CARD_ASK_EN, "read me the whole number", ["CREDIT_CARD"]),
    ("en", SSN_ASK_EN, "the full nine digits", ["US_SSN"]),
    ("en", [], "the number on the front of your card", ["CREDIT_CARD"]),
    ("en", [], "just the account pin", ["PASSWORD"]),
    ("en", [], "the full social security number", ["US_SSN"]),
    ("en", [], "all sixteen digits on the front", ["CREDIT_CARD"]),
    ("en", [], "the long number across the front of the card", ["CREDIT_CARD"]),
    # --- repeat / complete-it after a partial answer ---
    ("zh", ID_ASK_ZH, "后面还有两位，完整的再报一遍", ["CN_RESIDENT_ID"]),
    ("zh", ID_ASK_ZH, "还差几位 您从头完整的再说一遍", ["CN_RESIDENT_ID"]),
    ("zh", CODE_ASK_ZH, "再念一遍，慢一点，刚才没听清", ["VERIFICATION_CODE"]),
    ("zh", CODE_ASK_ZH, "没听清楚 麻烦您再说一遍", ["VERIFICATION_CODE"]),
    ("zh", CARD_ASK_ZH, "后面的呢 接着报", ["CREDIT_CARD"]),
    ("zh", CARD_ASK_ZH, "断了 您重新完整报一下", ["CREDIT_CARD"]),
    ("zh", ID_ASK_ZH2, "不对啊 少了一位 您再核对一下重新报", ["CN_RESIDENT_ID"]),
    ("zh", CARD_ASK_ZH, "刚才信号不好 您再重复一遍", ["CREDIT_CARD"]),
    ("en", CARD_ASK_EN, "say it again in full", ["CREDIT_CARD"]),
    ("en", CARD_ASK_EN, "sorry you cut out can you repeat the whole thing", ["CREDIT_CARD"]),
    ("en", CODE_ASK_EN, "one more time slowly please", ["VERIFICATION_CODE"]),
    ("en", CODE_ASK_EN, "Sorry, I missed that. Could you say it again?", ["VERIFICATION_CODE"]),
    ("en", SSN_ASK_EN, "that's only five digits go on with the rest", ["US_SSN"]),
    (
        "en",
        CARD_ASK_EN2,
        "I only got twelve digits. Can you give me all of it from the start?",
        ["CREDIT_CARD"],
    ),
    ("en", ACCT_ASK_EN, "keep going", ["BANK_ACCOUNT"]),
    ("en", CARD_ASK_EN, "and the rest of it", ["CREDIT_CARD"]),
    # --- ellipsis: bare type noun + 呢 / then / and ---
    ("zh", CARD_ASK_ZH, "好，身份证呢", ["CN_RESIDENT_ID"]),
    ("zh", CARD_ASK_ZH, "嗯好的 那身份证号呢", ["CN_RESIDENT_ID"]),
    ("zh", [], "好的 那密码呢", ["PASSWORD"]),
    ("zh", ID_ASK_ZH, "行 卡号呢", ["CREDIT_CARD"]),
    ("zh", CARD_ASK_ZH, "然后有效期", ["CARD_EXPIRY"]),
    ("zh", CARD_ASK_ZH, "再就是背面三位", ["CARD_CVV"]),
    ("en", CARD_ASK_EN, "ok and the social", ["US_SSN"]),
    ("en", CARD_ASK_EN, "great then the expiry", ["CARD_EXPIRY"]),
    ("en", CARD_ASK_EN, "and the one on the back", ["CARD_CVV"]),
    ("en", CARD_ASK_EN2, "And the one on the back of it?", ["CARD_CVV"]),
    ("en", SSN_ASK_EN, "perfect now your date of birth", []),
    ("en", CARD_ASK_EN, "got it now the pin", ["PASSWORD"]),
    ("en", CODE_ASK_EN, "okay and your online banking password", ["PASSWORD"]),
    # --- unfinished sentence that invites the value ---
    ("zh", CARD_ASK_ZH, "好的，卡片上的有效期是", ["CARD_EXPIRY"]),
    ("zh", [], "您的身份证号码是", ["CN_RESIDENT_ID"]),
    ("zh", [], "那您收到的验证码是", ["VERIFICATION_CODE"]),
    ("zh", CARD_ASK_ZH, "卡背面的三位数是", ["CARD_CVV"]),
    ("en", CARD_ASK_EN, "and the expiry date on the card is", ["CARD_EXPIRY"]),
    ("en", [], "okay so your social security number is", ["US_SSN"]),
    ("en", CODE_ASK_EN, "and the code you got is", ["VERIFICATION_CODE"]),
    # --- ASR zh without punctuation: reassurance is no negation ---
    ("zh", [], "好的您别着急 为了核实您的身份 请您先报一下您的身份证号码", ["CN_RESIDENT_ID"]),
    ("zh", [], "您别担心 我们这边先核实一下 您把卡号报一下", ["CREDIT_CARD"]),
    ("zh", [], "不好意思久等了 麻烦您说一下短信验证码", ["VERIFICATION_CODE"]),
    ("zh", [], "不用着急 慢慢来 把卡背面三位数念给我", ["CARD_CVV"]),
    ("zh", [], "别紧张 这是正常流程 您的网银密码告诉我一下", ["PASSWORD"]),
    (
        "en",
        [],
        "don't worry this is standard can you read me the code we texted",
        ["VERIFICATION_CODE"],
    ),
    (
        "en",
        [],
        "no problem at all take your time and give me the card number when you have it",
        ["CREDIT_CARD"],
    ),
    # --- non-asks: self-service, last four, other numbers, warnings ---
    ("en", [], "The code? Enter it in the app, not here.", []),
    ("en", [], "The PIN? Type it on the keypad, don't say it.", []),
    ("en", [], "your code goes in the app not to me", []),
    ("zh", [], "验证码？您在App里自己输入，不用告诉我", []),
    ("zh", [], "请提供新的手机号码，改完之后会有验证码发去新号码，您自己在App输入", []),
    ("zh", [], "改好之后OTP会发到新号码", []),
    ("zh", [], "最後四位", []),
    ("zh", [], "卡号最后四位", []),
    ("zh", [], "麻烦报一下卡号后四位核对一下", []),
    ("zh", [], "身份证后六位是多少", []),
    ("en", [], "just the last four", []),
    ("en", [], "the last four of the card please", []),
    ("en", [], "can you confirm the last four digits of your social", []),
    ("en", [], "What error code does the screen show you?", []),
    ("en", [], "read me the coupon code on the flyer", []),
    ("en", [], "what's the tracking number on the email", []),
    ("en", [], "the order number please", []),
    ("en", [], "and a good callback number", []),
    ("en", NAME_ASK_EN, "and the name on the card", []),
    ("en", NAME_ASK_EN, "thanks and your date of birth", []),
    ("en", ORDER_ASK_EN, "can you say that again", []),
    ("en", ORDER_ASK_EN, "the whole number please", []),
    ("zh", PHONE_ASK_ZH, "后面还有几位 再完整的报一遍", []),
    ("zh", NAME_ASK_ZH, "好的 身份证上的地址呢", []),
    ("zh", [], "订单号呢", []),
    ("zh", [], "您的快递单号是", []),
    ("zh", [], "错误代码是多少", []),
    ("zh", [], "优惠券码念一下", []),
    ("zh", [], "回拨电话留一个", []),
    ("zh", ORDER_ASK_EN[:0], "好的 您别着急 我们不会要您的密码", []),
    ("zh", [], "您别担心 验证码千万不要告诉任何人", []),
    ("en", [], "don't worry we never need your pin", []),
    ("en", CARD_ASK_EN, "no need to repeat it i've got it", []),
    ("zh", CARD_ASK_ZH, "好的收到了 不用再报了", []),
    ("en", [], "the number on the back of the card is our fraud line call it anytime", []),
    ("zh", [], "卡片背面有我们的客服电话", []),
    ("en", CODE_ASK_EN, "that code expired i'll send a new one", []),
    ("zh", [], "身份证号码已经核实通过了", []),
    ("en", [], "your card number is masked on my side so i can't see it", []),
]
out = {"tuning": [], "heldout": []}
n = {"en": 0, "zh": 0}
for lang, before, text, req in rows:
    n[lang] += 1
    rid = f"{lang}-r8-{n[lang]:03d}"
    rec = {"id": rid, "language": lang, "before": before, "text": text, "requested": req}
    part = "heldout" if int(hashlib.md5(rid.encode()).hexdigest(), 16) % 2 == 0 else "tuning"
    out[part].append(rec)
for part, recs in out.items():
    with open(f"tests/data/requests_{part}_8.jsonl", "w", encoding="utf-8") as f:
        for r in recs:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(part, len(recs), sum(1 for r in recs if r["requested"]), "asks")
