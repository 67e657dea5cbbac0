"""Agent-request detection: which sensitive items an agent turn asks the customer for.

The requested *item* is a concept with many surface forms, read from
``data/agent_requests.yaml``:

* its **names** ("card number", 验证码, "PIN");
* **descriptions**: a value noun ("number", "digits", 数字, 码) with a qualifier in its
  sentence (or the one before) saying which item it is: where it is ("the small number by
  the signature strip" -> CVV, 卡正面那一长串数字 -> card), how it arrived ("the digits in
  that SMS", "check your inbox") or what it is for ("to approve the payment") -> one-time
  code, how long it is ("all sixteen" -> card, "the six-digit one" -> code). A PIN that
  came by SMS is a one-time code;
* **documents**: a photo or screenshot of a card, ID or message asks for what is printed on
  it (截图发我看看卡片 -> card number and expiry; both sides -> also the CVV);
* **ellipsis and anaphora**, resolved against the previous request of the conversation:
  after a card request, "and when does it expire?", 有效期呢？, 还有背面的呢？ ask for that
  part of the card; "the latest one, read it out" / 念一下 asks again for the same item.

A mention is a *request* when a live **cue** asks for it: an imperative ("read me",
报一下), a statement of need ("I'll need", 我这边需要), a question (您的支付密码是多少？;
"Which password ..." binds the item right after it), in its sentence or the next or
previous one. A cue is dead when negated in its clause ("不用发给我", "no need to read
out"), inside reported speech ("if anyone asks you to send ...") or about self-service
("enter it in the app yourself"); an item is dead when negated in its clause ("we will
never ask for your PIN"), offered ("I'll send you our account number"), warned about
(任何索要密码的都是诈骗) or narrowed to an identity check ("last four", 后四位).

Rules run on the folded word view (:mod:`piiguard.fold`: look-alikes, full-width,
zero-width, Traditional characters), and every request carries its trigger: the sentence
it came from, at original offsets and with any value masked, so a block is explainable
without revealing anything. :meth:`RequestDetector.explain` says why a turn was or was
not taken as a request.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from piiguard import needles
from piiguard.errors import ConfigError
from piiguard.fold import FoldedText, fold
from piiguard.labels import LabelHit, LabelMatcher
from piiguard.model import RequestTrigger
from piiguard.request_model import RequestModel, features
from piiguard.respell import Respeller
from piiguard.types import TypeDeclaration

__all__ = ["DEFAULT_RULES_PATH", "RequestDetector", "RequestRules", "mask_values"]

DEFAULT_RULES_PATH = Path(__file__).parent / "data" / "agent_requests.yaml"
_SENTENCE_END = re.compile(
    r"[。！？!?；;\n]+|(?<=[A-Za-z0-9)\]])\.(?=\s|$)|(?<=[a-z])\.(?=[A-Z])"  # "set up.I need"
)
# A customer asking whether to *give* an item: a giving verb shortly before a question mark.
_GIVING_QUESTION = re.compile(
    r"(?:说|报|发|给|提供|告诉|念|tell|give|send|share|read)[^。！？!?\n]{0,6}?(?:吗|？|\?)"
    r"|(?:do you need|should i (?:tell|give|send|read)|do i (?:tell|give|send|read))",
    re.IGNORECASE,
)
# What every _GIVING_QUESTION match holds and a respelling never writes: most customer
# turns lack it, and then need no respelled view.
_MAY_ASK_GIVING = re.compile(r"[吗？?]|\b(?:do|should)\b", re.IGNORECASE)
# ... and its verb, which the respelled view only holds if the folded one does (a spaced-out
# 提 供 is joined) or a token is rewritten (Respeller.may_edit: "tel" -> "tell").
_GIVING_VERB = re.compile(
    r"说|报|发|给|提\s*供|告\s*诉|念|tell|give|send|share|read|do you need|should i|do i",
    re.IGNORECASE,
)
# Negation reaches to the start of its clause; these end one.
_CLAUSE_END = re.compile(
    r"[,，、:：]|\b(?:and|but|so|then|just|instead|or)\b|然后|但是|但|或者|或"
    # speech-to-text Chinese has pauses, not commas ("您别着急 为了核实 请您报一下")
    r"|(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])",
    re.I,
)
_LISTED_ITEMS = 3  # a list of this many items reads each item's qualifier in its own part
_LIST_BREAK = re.compile(r"[,，、;:：]|\b(?:and|then|but|or|plus)\b|和|以及|还有", re.I)
_WARNING = re.compile(r"诈骗|骗子|\bscam", re.IGNORECASE)
_TRAILING_NE = re.compile(r"呢\s*$")
_POINTING = re.compile(r"(?:the|that|this|those|these)\b|那个|这个")
_POLITE_END = re.compile(r"\bplease\s*$", re.IGNORECASE)
_ELLIPTICAL_QUESTION = re.compile(r"\s*(?:and|also|plus|what about|how about|还有|那)\b", re.I)
_FRESH_IMPERATIVE = ("please", "请", "麻烦")
_JOINER = re.compile(r"\s*(?:和|、|以及|及|与|\band\b|&)", re.IGNORECASE)
# What may stand before an item in a question that is nothing but the item (请问您的到期日？)
_ZH_ASKING_HEAD = re.compile(
    r"(?:请问|问一下|那)?(?:您|你)?的?(?:[\u4e00-\u9fff]{0,4}的?|[\u4e00-\u9fff]{0,3}卡)?"
)
# ... and in English ("Your card number?", "OK, and the expiry date?")
_EN_ASKING_HEAD = re.compile(
    r"(?:(?:ok|okay|so|right|great|thanks|thank you|alright|now|and)[,.]?\s*)*(?:your|the)?"
)
# A question taken back by the next sentence ("Your PIN? We never need it.", 卡号是？哦不用了)
_GIVE = r"(?:tell|give|send|read|share|say|type|text|spell|need)"
_TAKEN_BACK = re.compile(
    r"[?？]\s*(?:(?:哦|噢|啊|嗯|oh|ah)[,，]?\s*)?(?:不用|不需要|无需|算了|有人|是不是有人"
    r"|(?:别|不要|千万别|千万不要)(?:告诉|说|发|给|念|报|透露)"
    rf"|no(?:[,.!]| need)|never mind|(?:please )?(?:don't|do not|never) {_GIVE}|not needed"
    rf"|we (?:never|don't|do not|won't) {_GIVE}|you (?:don't|do not|never) {_GIVE}"
    r"|that's what|is that what|did (?:he|she|they|someone|anyone))",
    re.IGNORECASE,
)
# "What's that code for?", 这个验证码是干什么的: a question about the item, not for it.
_PURPOSE_END = re.compile(
    r"\b(?:for|about)\s*$|是干什么的\s*$|是做什么的\s*$|有什么用\s*$|是干嘛的\s*$"
)
# "What do you use to log in, face ID or a password?": a choice between ways, not a value.
_CHOICE = re.compile(r",[^,]*\bor\b", re.IGNORECASE)
_CARD_TYPES = frozenset({"CREDIT_CARD", "CARD_CVV", "CARD_EXPIRY"})
# A customer saying a message has arrived ("got it" alone is also "understood": not here).
_SHORT_REPLY = 12
# One of these is in every match of _RECEIVED and _RECEIVED_SHORT.
_RECEIVED_NEEDLES = ("收到", "来了", "到了", "got", "received", "have", "came", "arrived")
_RECEIVED_SHORT = re.compile(r"收到了|收到啦|来了|到了")
_RECEIVED = re.compile(
    r"收到(?:了)?(?:一条|一个|条|个)?(?:短信|验证码|信息)|短信(?:来了|到了)|验证码(?:来了|到了)"
    r"|\b(?:got|received|have) (?:the|your|a|it) ?(?:text|sms|message|code|email)\b"
    r"|\b(?:it|the text|the code|the message) (?:just )?(?:came through|came in|arrived)\b",
    re.IGNORECASE,
)
# An agent saying it sent a message or code ("I've just texted you a code", 系统给您发了短信).
_ANNOUNCED = re.compile(
    r"\b(?:i've|i have|we've|we have|i|we|i'm|we're|i am|we are|i'll|we'll|i will|we will|just)"
    r"\s+(?:just\s+|now\s+|also\s+)?(?:sent|texted|emailed|sending|send|resent|resend|re-sent)\b"
    r"[^.?!]{0,30}?\b(?:code|text|sms|message|email|e-mail|otp|passcode)\b"
    r"|(?:我|我们|系统|这边)(?:这边)?(?:刚|刚刚|刚才|已经|马上|现在)?(?:给您|给你|向您|为您)?"
    r"(?:重新)?(?:发了|发送了|发过去|发出|发送|发)(?:一条|一个|了一条|了一个)?[^。！？]{0,8}?"
    r"(?:短信|验证码|邮件|动态码)",
    re.IGNORECASE,
)
# An agent asking whether the message came ("收到了是吧", "did you get the text?").
_ASKED_RECEIPT = re.compile(
    r"(?:^|[，。,\s]|短信|验证码|码|信息|消息|您|你|都)收到了?(?:吗|是吧|吧|没|没有)"
    r"|收到(?:短信|验证码)了?(?:吗|是吧|吧|没|没有)"
    r"|\b(?:did|have) you (?:get|got|receive|received)"
    r" (?:it|the text|the message|the code|a text|my text)\b",
    re.IGNORECASE,
)
_RECEIPT_NEEDLES = ("收到", "you get", "you got", "you receive")


def _asked_receipt(text: str) -> bool:
    low = text.lower()
    return any(w in low for w in _RECEIPT_NEEDLES) and bool(_ASKED_RECEIPT.search(text))


_ANNOUNCE_NEEDLES = ("sent", "send", "texted", "emailed", "发")
_HABIT = re.compile(r"normally|usually|every time|平时|平常|每次")
# A description by what the customer does with the value ("what you use / enter").
_USED = re.compile(r"\bwhat\b.*\byou\b|输入?的", re.IGNORECASE)
_BOTH_SIDES = re.compile(r"both sides|front|two sides|each side|正反|两面|正面", re.IGNORECASE)
_MASK = "#"
_IDENTITY_REACH = 20
_OFFER_REACH = 35
_ELLIPSIS_REACH = 20
_QUESTION_REACH = 24  # "What's the little code": the item starts within a few words
_REPORTED_REACH = 16
_ASKED_REACH = 10
_ASKED_AFTER_REACH = 40
_NONE = "NONE"
_LIST_JOIN = re.compile(r"[、和及与]")
# The whole of an item, asked for instead of the part a check names ("the full card number").
_NOT_ENOUGH = re.compile(r"不够|不行|\bnot enough\b|\bisn't enough\b", re.IGNORECASE)
_WHOLE = re.compile(r"完整|全部|整个|\b(?:full|whole|entire|complete)\b", re.IGNORECASE)
_VIA = re.compile(r"(?:通过|用|经|\bvia|\bby|\bthrough)\s*(?:电子)?$", re.IGNORECASE)
_BARE_CUE_LENGTH = 30
_OTHER_OBJECT = re.compile(
    r"如果|如有|若有|疑问|问题|\bif\b|\bquestions?\b|\bconcerns?\b|\banything\b", re.IGNORECASE
)
_PRONOUN = re.compile(r"\b(?:it|them|those)\b|它|这个|那个", re.IGNORECASE)
# "I'll need to send you ...": the agent needs to do something, not to be given an item
# (but "I need to know / have / see your ..." asks for it).
_NEED_TO_DO = re.compile(
    r"\s+to\s+(?!know\b|have\b|get\b|see\b|take\b|confirm\b|verify\b|check\b|collect\b|record\b)",
    re.IGNORECASE,
)
# The speaker's own item ("they asked for my social security number", 我的密码) is not
# asked of the listener.
_OWNED = re.compile(r"(?:\b(?:my|mine)\s+(?:[\w'-]+\s+){0,2}|我的|我们的)$", re.IGNORECASE)
_MISSENT = re.compile(
    r"\bby mistake\b|\baccidentally\b|\bwrong (?:number|phone)\b"
    r"|\bto your (?:number|phone|mobile|cell)\b"
    r"|误发|发错|错发|发到(?:了)?(?:您|你)的?(?:手机|号码|这)",
    re.IGNORECASE,
)
# Someone other than the agent needs the item ("you'll need your card number to register").
_OTHER_NEEDER = re.compile(
    r"\b(?:you|they|it|the app|the site|the website|the atm|the machine)"
    r"(?:'ll|'d| will| would| may| might| also| does| did)?\s*$"
)
# Cues that do not say to whom; after "you can" they describe what the customer can do.
_UNDIRECTED = frozenset(
    {"enter", "type", "confirm", "verify", "put", "key in", "provide", "share", "upload"}
)
_CAPABILITY = re.compile(
    r"\b(?:you can|you could|you may|you'll be able to|you will be able to|you can also"
    r"|you'll|you will|you'd|you would)\s*$"
)
# Between a question word and the item it asks for stand only determiners and modifiers:
# "Which email did the code go to?" asks for an e-mail, not the code.
_QUESTION_BREAK = re.compile(
    r"\b(?:did|does|do|is|are|was|were|has|have|had|can|will|would|you|we|they|he|she|i)\b"
)
# Names a message can carry: a PIN or a "security code" that came by SMS is a one-time code.
_SENDABLE = frozenset({"PASSWORD", "CARD_CVV"})
_OWN_ACTION_REACH = 14
_VETO = "VETO"
# A length word ("six digits", 六位) only describes; it names no item of its own.
_LENGTH_WORD = re.compile(r"\d|three|six|nine|sixteen|eighteen|nineteen|[三六九十]")
# An item said not to be needed ("your SSN is not needed", 身份证号不需要提供).
_NOT_NEEDED = re.compile(
    r"\s*(?:(?:is|are|'s) (?:not|never)|isn't|aren't) (?:needed|required|necessary)\b"
    r"|\s*(?:就|也|都)?(?:不需要|不用|无需|不必)",
    re.IGNORECASE,
)
# What may stand around an item in a turn that is nothing but the item ("身份证号码全部十八位",
# "the full nine digits", "just the account pin", "ok and the social"): fillers, articles,
# completeness and length words. Qualifiers, nouns, card parts and documents are blanked
# before these are; anything else (a verb, a value, a reason) makes it a statement.
_BARE_FILLER = re.compile(
    r"\b(?:ok|okay|so|and|then|now|just|only|also|plus|the|your|a|full|whole|entire|complete"
    r"|all|of|on|in|from|by|please|pls|thanks|thank you|great|perfect|right|alright|lovely"
    r"|digits?|numbers?|one|sixteen|eighteen|nineteen|nine|three|four|six|digit|long|too"
    r"|as well|finally|next|uh|um|er|account|online|banking|bank|card|login|security|debit"
    r"|credit|app|atm|mobile|you use|you used|you have|at|for|to|with|that|they|we|goes|go|it)\b"
    r"|好的|好|嗯|呃|那个|那|行|您的|你的|您|你|的|全部|完整|整个|所有|一共|十[六八九]位|[三四六九]位|位"
    r"|(?:they|we|you|i) (?:sent|texted|emailed|gave) you|that goes with it|that go with it"
    r"|数字|[三四六九]位数|数|上面|上|然后|再就是|接下来|另外|还有|以及|和|及|还|也|呢|啊|吧|呀",
    re.IGNORECASE,
)
# ... and, at the very end of a turn, a copula left open: the agent stops for the value
# ("卡片上的有效期是", "and the expiry date on the card is").
_BARE_LENGTH = 70
_OPEN_COPULA = re.compile(r"(?:\b(?:is|was|would be)|是|为)[\s.。…,，]*$", re.IGNORECASE)
_BARE_REST = re.compile(r"[\W_]*", re.UNICODE)
# A giving cue right before a card ("提供一张收款的银行卡", "报一下您的银行卡"), and what
# after a card makes it the card itself, not its number (照片, 正面, 原件, 拍).
_HANDED = re.compile(r"(?:提供|报一下|报给我|报)(?:一下)?[^，。？！,.?!\s]{0,8}$")
# ... or right after it ("您名下的银行卡和存折账号都要报一下")
_HANDED_AFTER = re.compile(
    r"(?:(?:和|、|及|以及)[^，。？！,.?!]{0,6}?)?(?:都要|也要|也)?(?:报一下|报给我|提供一下|发给我|发过来)"
)
_CARD_NOT_NUMBER = re.compile(r"\s*(?:的|照片|图片|正面|反面|背面|正反|原件|拍|截图|号)")
# An item its clause says something about ("系统显示卡号错了一位", "the card number is wrong"):
# stated, not asked for, unless a cue in its own clause asks for it.
_ITEM_STATE = re.compile(
    r"\s*(?:(?:填|输|写|报)?错了|有误|不对|不正确|不一致|不匹配"
    r"|(?:已经|已)(?:核实|验证|通过|收到|冻结|锁定|挂失)"
    r"|(?:is|was|seems|looks) (?:wrong|incorrect|invalid|verified|locked|blocked)"
    r"|(?:doesn't|does not|didn't|did not) match)",
    re.IGNORECASE,
)
# An agent asking the customer to log in while it watches (screen sharing, remote access):
# the password is typed where the agent sees it.
_WATCHED_LOGIN = re.compile(
    r"\b(?:log|sign)\s?(?:in|on|into)(?:to)?\b[^.?!]{0,40}?\b(?:so (?:i|we) can (?:see|check"
    r"|watch|verify|confirm)|while (?:i|we) (?:watch|look|check)|(?:i'll|i will|we'll|we will)"
    r" watch)"
    r"|登录(?!时|的时候)[^。？！]{0,30}?(?:我们?(?:这边)?(?:要|能|可以|帮您|帮你)(?:看(?!看)|查看|核对)"
    r"|让我看)",
    re.IGNORECASE,
)
_LOGIN_NEEDLES = ("log", "sign", "登录")
# What makes a page or an app no self-service: the agent sees it ("在共享的页面上输入一下
# 银行卡密码，我要看到", "type it in while I watch your screen").
_WATCHING = re.compile(
    r"共享|远程|我(?:们)?(?:这边)?(?:要|能|可以)?(?:看到|看着|帮您看)"
    r"|\bscreen ?shar|\bremote (?:access|desktop|session)"
    r"|\b(?:i|we) can see (?:it|what|your screen)|\b(?:i'll|i will|we'll|we will) watch",
    re.IGNORECASE,
)
# The rest of an earlier item, or the item again ("后面那三位再报一下", "the remaining six").
_REST_OF = re.compile(r"后面|剩下|其余|剩余|再|\b(?:rest|remaining|again)\b", re.IGNORECASE)
# The place something of the agent's goes ("we need to send the refund to a bank account").
_DESTINATION = re.compile(
    r"\b(?:we|i)(?:'ll| will| can| need to| have to| want to)?\s+"
    r"(?:send|transfer|pay|refund|deposit)"
    r"\b[^.?!,]{0,25}\b(?:to|into)\s+(?:a|an|your|the)\s+$",
    re.IGNORECASE,
)
_WHEN = re.compile(r"\s*(?:的)?(?:时候|时)")
# The turn sends the item elsewhere ("请在官网页面填写，不要在聊天中发送", "not in this chat").
_NOT_HERE = re.compile(
    r"(?:不要|请勿|别|切勿)(?:在|通过)(?:聊天|对话|这里|此处|微信|电话)[^。？！]{0,4}(?:发送|发|提供|告诉)"
    r"|\b(?:don't|do not|never) (?:send|share|type|post) (?:it|them|this|that|those)? ?"
    r"(?:here|in (?:this|the) chat|over the phone)\b|\bnot (?:here|in (?:this|the) chat)\b",
    re.IGNORECASE,
)
# A cue directed at others ("share it with people sending you money", "give it to anyone").
_WITH_OTHERS = re.compile(
    r"(?:\s+[\w']+){0,3}?\s+(?:with|to)\s+(?:people|anyone|others|other people|someone|anybody"
    r"|strangers|them|the person|third parties)\b",
    re.IGNORECASE,
)
_MAY_NOT_HERE = re.compile(r"不要|请勿|别|切勿|n't|\bnot\b|\bnever\b", re.IGNORECASE)
# An item announced as coming ("改完之后会有验证码发去新号码", "a code will be sent to you"):
# its own clause says it arrives, and no cue after it asks for it.
_ARRIVES = re.compile(
    r"\s*(?:会|将|就会|马上|随后)?(?:发去|发到|发送到|发送至|发至|寄到|传去|传到|下发到?)"
    r"|\s+(?:will|would|should|is going to|gets?|is|was) (?:be )?"
    r"(?:sent|texted|emailed|delivered|arrive|come)\b",
    re.IGNORECASE,
)
# An item followed by its value is stated, not asked for ("the account number is ####").
_STATED = re.compile(r"\s*(?:(?:is|was|are|:|：|是|为)\s*(?:<[^>]*>\s*)?#|(?:<[^>]*>\s*)?#{3})")


@dataclass(frozen=True, slots=True)
class Documents:
    """What a photo of each kind of document shows: its words and its entity types."""

    words: _Phrases
    types: Mapping[str, tuple[str, ...]]  # document word -> types


@dataclass(frozen=True, slots=True)
class RequestRules:
    names: _Phrases
    name_types: Mapping[str, str]  # name -> entity type
    asking_items: frozenset[str]  # names that are questions themselves
    nouns: _Phrases
    qualifiers: _Phrases
    qualifier_types: Mapping[str, str]  # qualifier word -> type (or NONE)
    delivered: _Phrases  # qualifiers saying a value was sent to the customer
    type_order: tuple[str, ...]  # precedence of description types
    photos: _Phrases
    documents: Documents
    card_parts: _Phrases
    card_part_types: Mapping[str, str]
    not_items: _Phrases
    identity_checks: _Phrases
    cues: _Phrases
    questions: _Phrases
    negations: _Phrases
    asking_verbs: _Phrases
    own_actions: _Phrases
    reported: _Phrases
    offers: _Phrases
    self_service: _Phrases
    ellipsis: _Phrases
    anaphora: _Phrases
    affirmations: tuple[str, ...]
    vocabulary: tuple[str, ...] = ()  # item words a misspelling is read back to
    acronyms: tuple[str, ...] = ()  # names a run of spelled letters may spell ("otp")

    @classmethod
    def load(
        cls,
        path: Path = DEFAULT_RULES_PATH,
        extra_identity_checks: Iterable[str] = (),
        declared: Iterable[TypeDeclaration] = (),
    ) -> RequestRules:
        """The rules of ``path`` (the shared grammar: cues, negations, reported speech,
        self-service ...) with the item words and descriptions that ``declared`` types
        bring (see :mod:`piiguard.types`)."""
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError) as exc:
            raise ConfigError(f"cannot be read: {exc}", source=str(path)) from None
        if not isinstance(data, dict):
            raise ConfigError("must be a mapping", source=str(path))
        return _Loader(_with_declared(data, declared, path), path).rules(extra_identity_checks)


def _with_declared(
    data: dict[str, Any], declared: Iterable[TypeDeclaration], path: Path
) -> dict[str, Any]:
    """``data`` with each declared type's words under ``items`` and its descriptions
    under ``descriptions.qualifiers``. Description types are tried in the order of
    ``descriptions.precedence`` (most specific first), then in the order they come."""
    items = {} if data.get("items") is None else data["items"]
    desc = {} if data.get("descriptions") is None else data["descriptions"]
    qualifiers = (desc.get("qualifiers") or {}) if isinstance(desc, dict) else None
    if not isinstance(items, dict) or not isinstance(qualifiers, dict):
        return data  # malformed: the loader names the field
    items, desc, qualifiers = dict(items), dict(desc), dict(qualifiers)
    for d in declared:
        if d.request is None:
            continue
        items[d.entity] = _joined(items.get(d.entity), d.request.words)
        if d.request.descriptions:
            qualifiers[d.entity] = _joined(qualifiers.get(d.entity), d.request.descriptions)
    precedence = desc.pop("precedence", None) or []
    if not isinstance(precedence, list):
        raise ConfigError(
            "must be a list of entity types", source=str(path), field="descriptions.precedence"
        )
    desc["qualifiers"] = {t: qualifiers[t] for t in precedence if t in qualifiers} | qualifiers
    return data | {"items": items, "descriptions": desc}


def _joined(listed: Any, declared: Mapping[str, Sequence[str]]) -> dict[str, list[str]]:
    """The file's phrases per language, then the declared ones on the word view (a
    declaration may be written in Traditional characters or full-width letters: turns
    are read folded, so its words are folded too; a "re:" pattern is taken as written)."""
    out = {lang: list(words) for lang, words in (listed or {}).items()}
    for lang, words in declared.items():
        out.setdefault(lang, []).extend(w if w.startswith("re:") else fold(w).text for w in words)
    return out


class _Loader:
    """Reads the YAML shape into matchers, naming the field of any mistake."""

    def __init__(self, data: dict[str, Any], path: Path):
        self.data = data
        self.path = path

    def fail(self, message: str, where: str) -> ConfigError:
        return ConfigError(message, source=str(self.path), field=where)

    def words(self, value: Any, where: str) -> list[str]:
        """The phrases of a ``{language: [phrase, ...]}`` mapping."""
        if value is None:
            return []
        if not isinstance(value, dict):
            raise self.fail("must map language -> list of phrases", where)
        out: list[str] = []
        for lang, phrases in value.items():
            if lang == "types":
                continue
            if not isinstance(phrases, list) or not all(isinstance(p, str) for p in phrases):
                raise self.fail("must be a list of strings", f"{where}.{lang}")
            out.extend(phrases)
            # the familiar 你 stands wherever the polite 您 does (需要你, 问你要, 你的)
            out.extend(
                p.replace("您", "你")
                for p in phrases
                if "您" in p and not p.startswith("re:") and p.replace("您", "你") not in phrases
            )
        return out

    def matcher(self, key: str) -> _Phrases:
        return _Phrases(self.words(self.data.get(key), key))

    def typed(self, value: Any, where: str, *, required: bool = False) -> dict[str, list[str]]:
        if value is None and not required:
            return {}
        if not isinstance(value, dict) or (required and not value):
            raise self.fail("must map entity type -> phrases per language", where)
        return {t: self.words(v, f"{where}.{t}") for t, v in value.items()}

    def rules(self, extra_identity_checks: Iterable[str]) -> RequestRules:
        # A pack may declare no requestable type: no items is no request, not an error.
        names = self.typed(self.data.get("items"), "items")
        desc = self.data.get("descriptions") or {}
        if not isinstance(desc, dict):
            raise self.fail("must be a mapping with nouns and qualifiers", "descriptions")
        qualifiers = self.typed(desc.get("qualifiers"), "descriptions.qualifiers")
        docs = self.data.get("documents") or {}
        if not isinstance(docs, dict):
            raise self.fail("must map a document kind -> types and words", "documents")
        doc_types: dict[str, tuple[str, ...]] = {}
        for kind, doc in docs.items():
            types = doc.get("types") if isinstance(doc, dict) else None
            if not isinstance(types, list) or not types:
                raise self.fail("needs a list of types", f"documents.{kind}.types")
            for word in self.words(doc, f"documents.{kind}"):
                doc_types[_word_key(word)] = tuple(types)
        parts = self.typed(self.data.get("card_parts"), "card_parts")
        return RequestRules(
            names=_Phrases(w for ws in names.values() for w in ws),
            name_types=_type_of(names),
            asking_items=frozenset(
                _word_key(w) for w in self.words(self.data.get("asking_items"), "asking_items")
            ),
            nouns=_Phrases(self.words(desc.get("nouns"), "descriptions.nouns")),
            qualifiers=_Phrases(_with_plurals(w for ws in qualifiers.values() for w in ws)),
            qualifier_types=_type_of({t: _with_plurals(ws) for t, ws in qualifiers.items()}),
            delivered=_Phrases(self.words(desc.get("delivered"), "descriptions.delivered")),
            type_order=tuple(t for t in qualifiers if t not in (_NONE, _VETO)),
            photos=self.matcher("photos"),
            documents=Documents(_Phrases(doc_types), doc_types),
            card_parts=_Phrases(w for ws in parts.values() for w in ws),
            card_part_types=_type_of(parts),
            not_items=_Phrases(_with_plurals(self.words(self.data.get("not_items"), "not_items"))),
            identity_checks=_Phrases(
                [
                    *self.words(self.data.get("identity_checks"), "identity_checks"),
                    *extra_identity_checks,
                ]
            ),  # fmt: skip
            cues=_Phrases(_with_gerunds(self.words(self.data.get("cues"), "cues"))),
            questions=self.matcher("questions"),
            negations=_Negations(self.words(self.data.get("negations"), "negations")),
            asking_verbs=self.matcher("asking_verbs"),
            own_actions=self.matcher("own_actions"),
            reported=self.matcher("reported"),
            offers=self.matcher("offers"),
            self_service=self.matcher("self_service"),
            ellipsis=self.matcher("ellipsis"),
            anaphora=self.matcher("anaphora"),
            vocabulary=(
                *(w for ws in names.values() for w in ws),
                *self.words(desc.get("nouns"), "descriptions.nouns"),
                *(w for ws in qualifiers.values() for w in ws),
                *doc_types,
                *self.words(self.data.get("photos"), "photos"),
            ),
            acronyms=tuple(
                w for ws in names.values() for w in ws if re.fullmatch(r"[a-z0-9]{2,4}", w)
            ),
            affirmations=tuple(
                sorted(
                    {w.lower() for w in self.words(self.data.get("affirmations"), "affirmations")},
                    key=len,
                    reverse=True,
                )
            ),
        )


class _Phrases:
    """A :class:`LabelMatcher` whose regular-expression phrases only run when their gate
    (the longest literal word outside their groups) occurs in the text: a matcher with a
    regular expression cannot use the shared needle index, and most turns hold none of
    the gates, so this keeps the literal phrases on the fast path."""

    def __init__(self, phrases: Iterable[str]):
        phrases = list(phrases)
        self.literal = LabelMatcher(p for p in phrases if not p.startswith("re:"))
        self.gated = tuple(
            (_gates(p[3:]), LabelMatcher([p])) for p in phrases if p.startswith("re:")
        )
        # The gates go into the shared needle index: one look-up per turn finds which of
        # them occur (a turn is already indexed for the label matchers), instead of a
        # substring search per gate and matcher. A matcher with no gate always runs.
        self._ungated = tuple(k for k, (gates, _) in enumerate(self.gated) if "" in gates)
        by_gate: dict[str, list[int]] = {}
        for k, (gates, _) in enumerate(self.gated):
            if "" not in gates:
                for g in gates:
                    by_gate.setdefault(g, []).append(k)
        self._by_gate = {g: tuple(ks) for g, ks in by_gate.items()}
        self._gate_words = frozenset(by_gate)
        needles.register(self._gate_words)
        self._last: tuple[str | None, list[LabelHit]] = (None, [])

    def find_all(self, text: str) -> list[LabelHit]:
        """Hits in ``text``; the last turn's are remembered (a turn is searched window by
        window). The turn is the masked word view, so no found value is kept."""
        cached = self._last
        if cached[0] == text:
            return cached[1]
        hits = self._search(text)
        self._last = (text, hits)  # one assignment: safe to share between threads
        return hits

    def _search(self, text: str) -> list[LabelHit]:
        hits = self.literal.find_all(text)
        if not self.gated:
            return hits
        present = self._gate_words.intersection(needles.present(text.lower()))
        run = set(self._ungated)
        for g in present:
            run.update(self._by_gate[g])
        gated = self.gated
        extra = [h for k in sorted(run) for h in gated[k][1].find_all(text)]
        if not extra:
            return hits
        kept: list[LabelHit] = []
        for hit in sorted([*hits, *extra], key=lambda h: (h.start, -(h.end - h.start))):
            if not kept or hit.start >= kept[-1].end:
                kept.append(hit)
        return kept


class _Negations(_Phrases):
    """Negations, less the 不 of an A-not-A question (能不能发我, 方便不方便说, 要不要报):
    that asks whether, it does not refuse; and less a reassurance ("don't worry", 别着急,
    不好意思): it calms the listener, it takes back no request."""

    def _search(self, text: str) -> list[LabelHit]:
        return [
            h
            for h in super()._search(text)
            if not _a_not_a(text, h) and not _REASSURANCE.match(text, h.end)
        ]


_REASSURANCE = re.compile(
    r"\s*(?:着急|担心|紧张|急(?!着)|慌|害怕|怕|好意思|客气|要紧)"
    r"|\s+(?:worry|worried|panic|be alarmed|be nervous|stress|fret)\b",
    re.IGNORECASE,
)


def _a_not_a(text: str, hit: LabelHit) -> bool:
    if not hit.label.startswith("不") or hit.start == 0:
        return False
    after = text[hit.start + 1 : hit.start + 3]
    before = text[max(0, hit.start - 2) : hit.start]
    # 能不能, 可不可以 (可以), 方便不方便, 需不需要 (需要)
    return bool(before) and (after[:1] == before[-1:] or (len(before) == 2 and after == before))


# A pattern's leading group of plain words (after a look-behind), not optional.
_LEADING_WORDS = re.compile(
    r"(?:\(\?<![^)]*\))?\(\?:((?:[a-z\u4e00-\u9fff' ]+\|)*[a-z\u4e00-\u9fff' ]+)\)(?![?*])"
)  # words or phrases ("(?:give me|read me) the rest" runs where one of them stands)


def _gates(pattern: str) -> tuple[str, ...]:
    """Words one of which ``pattern`` needs: its longest literal word or, when it has none,
    the words of the group it starts with ("(?:说|讲|报)..." runs only where one of them
    stands); ("",) when neither."""
    gate = _gate(pattern)
    if gate:
        return (gate,)
    lead = _LEADING_WORDS.match(pattern.removeprefix("\\b"))
    return tuple(lead.group(1).split("|")) if lead else ("",)


def _gate(pattern: str) -> str:
    """The longest literal word of ``pattern`` outside its groups ("" when none)."""
    outer = re.sub(r"\[[^\]]*\]", " ", pattern)  # a character class is no literal
    while True:
        stripped = re.sub(r"\([^()]*\)[?*+]?(?:\{[^}]*\})?", " ", outer)
        if stripped == outer:
            break
        outer = stripped
    outer = re.sub(r"(?:\\.|.)(?:[?*]|\{0,?\d*\})", " ", outer)  # an optional character
    outer = re.sub(r"\\[a-zA-Z]|\.\{[^}]*\}|[.?*+{}0-9,]", " ", outer)
    words = re.findall(r"[a-z]+|[\u4e00-\u9fff]+", outer.lower())
    return max(words, key=len) if words else ""


def _pictured(text: str, photo: LabelHit, doc: LabelHit) -> bool:
    """Whether ``doc`` is what the photo shows: near it ("身份证拍照", "a photo of both sides
    of your card"), not a list item beside it (身份证和一张照片) nor the way it is sent
    ("图片通过邮件发送")."""
    lo, hi = (photo.end, doc.start) if photo.end <= doc.start else (doc.end, photo.start)
    between = text[lo:hi]
    reach = 40 if between.isascii() else 10
    if len(between) > reach or _LIST_JOIN.search(between):
        return False
    return not _VIA.search(text, max(0, doc.start - 6), doc.start)


def _with_plurals(words: Iterable[str]) -> list[str]:
    """English phrases and their plurals ("phone number" -> "phone numbers")."""
    out = []
    for w in words:
        out.append(w)
        if w.isascii() and w[-1:].isalpha() and not w.endswith("s") and not w.startswith("re:"):
            out.append(w + "s")
    return out


# Cue heads that are not verbs of giving: no "-ing" form is made of them.
_NOT_VERBS = frozenset(
    {"i", "we", "i'll", "we'll", "can", "could", "may", "let", "have", "go", "so", "what"}
    | {"what's", "is", "are", "all", "just", "only", "need", "needs", "going", "reply", "key"}
)


def _gerund(verb: str) -> str:
    if verb.endswith("e") and not verb.endswith("ee"):
        return verb[:-1] + "ing"
    if re.fullmatch(r"[^aeiou]*[aeiou][bdgmnpt]", verb):  # put -> putting
        return verb + verb[-1] + "ing"
    return verb + "ing"


def _with_gerunds(words: Iterable[str]) -> list[str]:
    """English cues and their "-ing" forms ("would you mind reading me", "mind giving")."""
    out = list(words)
    for w in list(out):
        head, _, rest = w.partition(" ")
        if w.startswith("re:") or not head.isascii() or not head.isalpha() or head in _NOT_VERBS:
            continue
        out.append(" ".join(filter(None, (_gerund(head), rest))))
    return out


def _word_key(word: str) -> str:
    """A phrase as a LabelMatcher reports it back (regex labels as written)."""
    return word.strip() if word.startswith("re:") else word.strip().lower()


def _type_of(typed: Mapping[str, list[str]]) -> dict[str, str]:
    out: dict[str, str] = {}
    for entity, words in typed.items():
        for word in words:
            out.setdefault(_word_key(word), entity)
    return out


@dataclass(frozen=True, slots=True)
class _Item:
    type: str
    hit: LabelHit
    how: str  # "name", "description (...)", "photo of ...", "card part", "anaphora"


@dataclass(slots=True)
class _Decision:
    """Working notes of one turn: the requests and, for ``explain``, why."""

    triggers: dict[str, RequestTrigger] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def _sentences(text: str) -> list[tuple[int, int]]:
    spans = []
    pos = 0
    for m in _SENTENCE_END.finditer(text):
        if m.start() > pos:
            spans.append((pos, m.start()))
        pos = m.end()
    if pos < len(text):
        spans.append((pos, len(text)))
    return spans


def mask_values(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """``text`` with every value span replaced by ``#`` of the same length."""
    chars = list(text)
    for start, end in spans:
        for i in range(max(start, 0), min(end, len(chars))):
            if not chars[i].isspace():
                chars[i] = _MASK
    return "".join(chars)


def _phrase(text: str, start: int, end: int) -> str:
    """A short, value-free trigger phrase: the sentence, masked runs shown as <…>."""
    snippet = re.sub(r"#[#\s]*#|#", "<…>", text[start:end]).strip()
    return snippet if len(snippet) <= 90 else snippet[:87].rstrip() + "…"


def _clause_start(text: str, lo: int, pos: int) -> int:
    """Where the clause holding ``pos`` starts (not before ``lo``)."""
    start = lo
    for m in _CLAUSE_END.finditer(text, lo, pos):
        start = m.end()
    return start


def _list_item(text: str, sent: tuple[int, int], start: int, end: int) -> tuple[int, int]:
    """The span of the list item around ``text[start:end]`` ("your pin | and then the
    code we text you")."""
    lo = sent[0]
    for m in _LIST_BREAK.finditer(text, sent[0], start):
        lo = m.end()
    after = _LIST_BREAK.search(text, end, sent[1])
    return lo, after.start() if after else sent[1]


def _in(matcher: _Phrases, text: str, start: int, end: int) -> list[LabelHit]:
    """The hits of ``matcher`` inside ``text[start:end]``, from its whole-text scan: the
    matcher remembers that scan, so a turn's many windows cost one search per matcher."""
    return [h for h in matcher.find_all(text) if start <= h.start and h.end <= end]


def _last_in(matcher: _Phrases, text: str, start: int, end: int) -> LabelHit | None:
    hits = _in(matcher, text, start, end)
    return hits[-1] if hits else None


def _overlaps(a: LabelHit, spans: Iterable[tuple[int, int]]) -> bool:
    return any(a.start < e and s < a.end for s, e in spans)


class RequestDetector:
    """Finds requested entity types in agent turns; see the module docstring."""

    def __init__(self, rules: RequestRules, model: RequestModel | None = None):
        self.rules = rules
        self.model = model
        # A model whose view `explain` shows without letting it decide (--request-model).
        self.shadow_model: RequestModel | None = None
        self.respeller = Respeller(rules.vocabulary, rules.acronyms)
        self._not_here: tuple[str | None, int] = (None, -1)
        self._folded: tuple[str | None, FoldedText | None] = (None, None)

    def _fold(self, text: str) -> FoldedText:
        """``fold(text)``, the last text's remembered: a turn is read two or three times
        (an agent's by :meth:`detect` and :meth:`announced_items`, a customer's by
        :meth:`received_items` and :meth:`question_items`). Callers pass the masked
        turn, so no found value is kept."""
        cached = self._folded
        if cached[0] == text and cached[1] is not None:
            return cached[1]
        folded = fold(text)
        self._folded = (text, folded)  # one assignment: safe to share between threads
        return folded

    # -- items ---------------------------------------------------------------------

    def _names(self, text: str, start: int, end: int) -> list[_Item]:
        # One matcher for the names of every type: the longest name at a place wins
        # ("security code" is a CVV, "动态口令" a one-time code, not a password).
        return [
            _Item(self.rules.name_types[hit.label], hit, "name")
            for hit in _in(self.rules.names, text, start, end)
            if hit.label in self.rules.name_types
        ]

    def _qualifier_type(
        self, text: str, lo: int, hi: int, noun: str = ""
    ) -> tuple[str, str] | None:
        """The description type qualifiers in ``text[lo:hi]`` point to, and the word."""
        seen: dict[str, str] = {}
        for q in _in(self.rules.qualifiers, text, lo, hi):
            entity = self.rules.qualifier_types.get(q.label, _NONE)
            if entity not in seen or (
                _LENGTH_WORD.search(seen[entity]) and not _LENGTH_WORD.search(q.label)
            ):
                seen[entity] = q.label  # a qualifier other than a length says more
        if _VETO in seen:
            return None
        if "PASSWORD" in seen and _HABIT.search(seen["PASSWORD"]):
            return "PASSWORD", seen["PASSWORD"]  # "what you normally type in": a code changes
        if "PASSWORD" in seen and _USED.search(noun) and not self._delivered(text, lo, hi):
            # "what you use to log in to the app": what the customer keeps using is a
            # password; the app or screen is only where it goes (unless a message brought it)
            return "PASSWORD", seen["PASSWORD"]
        # "the six digits you type at the ATM": a length says less than a place, a medium
        # or a purpose, whatever the precedence of their types
        for entity in self.rules.type_order:
            if entity in seen and not _LENGTH_WORD.search(seen[entity]):
                return entity, seen[entity]
        for entity in self.rules.type_order:
            if entity in seen:
                return entity, seen[entity]
        return None

    def _descriptions(
        self, text: str, sent: tuple[int, int], scope_start: int, names: Sequence[_Item]
    ) -> tuple[list[_Item], set[LabelHit]]:
        """Value nouns a qualifier in scope names ("the digits in that SMS"), and the name
        hits those descriptions replace."""
        out: list[_Item] = []
        replaced: set[LabelHit] = set()
        for noun in _in(self.rules.nouns, text, *sent):
            inside = [n for n in names if n.hit.start <= noun.start and noun.end <= n.hit.end]
            said = text[noun.start : noun.end]
            if _USED.search(said) and _CHOICE.search(text, noun.end, sent[1]):
                continue
            clause = _list_item(text, sent, noun.start, noun.end)
            # In a list of several items ("card number, the 3 digits on the back and the SMS
            # code"), each description's qualifier is in its own list item first.
            listed = clause != sent and self._listed(text, sent)
            found = (
                self._qualifier_type(text, clause[0], clause[1], said) if listed else None
            ) or self._qualifier_type(text, scope_start, sent[1], said)
            if found is None:
                continue
            entity, word = found
            if inside:
                name = inside[0]
                # "the code on the back" is the CVV (a name that only points); a bare "PIN"
                # that came by SMS is a one-time code; "码" inside 密码 stays the password.
                pointing = _POINTING.match(name.hit.label) is not None
                sent_code = (
                    entity == "VERIFICATION_CODE"
                    and name.type in _SENDABLE
                    and name.hit.end == noun.end
                    # 码 ends 密码 too: a zh password stays one (安全码 is no password)
                    and (noun.label.isascii() or name.type == "CARD_CVV")
                    and (
                        self._delivered(text, *clause)
                        # a "security code" an app shows is a one-time code (App里显示的安全码),
                        # not one listed beside a code from a text ("security code and the code
                        # from the text")
                        or (
                            name.type == "CARD_CVV"
                            and self._code_place(text, *(clause if listed else sent))
                        )
                    )
                )  # "the 6 digit PIN from the text"; not "your pin and then the code we text"
                if not (pointing or sent_code) or entity == name.type:
                    continue
                replaced.add(name.hit)
            out.append(_Item(entity, noun, f"description ({noun.label} + {word})"))
        return out, replaced

    def _listed(self, text: str, sent: tuple[int, int]) -> bool:
        """Whether the sentence lists three or more items (names or value nouns): "卡号、
        有效期、背面三位", "card number, expiry, the 3 digits on the back and the SMS code"."""
        spans = {(h.start, h.end) for h in _in(self.rules.names, text, *sent)}
        for n in _in(self.rules.nouns, text, *sent):
            if not any(s <= n.start and n.end <= e for s, e in spans):
                spans.add((n.start, n.end))
        return len(spans) >= _LISTED_ITEMS

    def _delivered(self, text: str, lo: int, hi: int) -> bool:
        return bool(_in(self.rules.delivered, text, lo, hi))

    def _code_place(self, text: str, lo: int, hi: int) -> bool:
        """A one-time code's qualifier (an app, a screen, a message) in ``text[lo:hi]``."""
        return any(
            self.rules.qualifier_types.get(q.label) == "VERIFICATION_CODE"
            and not _LENGTH_WORD.search(q.label)
            for q in _in(self.rules.qualifiers, text, lo, hi)
        )

    def _photos(self, text: str, sent: tuple[int, int], scope_start: int) -> list[_Item]:
        """A photo of a document asks for what is printed on it."""
        out: list[_Item] = []
        for photo in _in(self.rules.photos, text, *sent):
            others = [
                q
                for q in _in(self.rules.qualifiers, text, scope_start, sent[1])
                if self.rules.qualifier_types.get(q.label) == _NONE
            ]  # "photos of the Google Play cards": another kind of card
            for doc in _in(self.rules.documents.words, text, scope_start, sent[1]):
                if not _pictured(text, photo, doc) or any(
                    (q.start <= doc.start and doc.end <= q.end)
                    or (
                        doc.label in ("card", "cards", "卡")
                        and ("card" in q.label or "卡" in q.label)
                    )
                    for q in others
                ):  # "... via Google Play cards. Send photos of the cards": those cards
                    continue
                types = self.rules.documents.types.get(doc.label, ())
                if types and set(types) <= _CARD_TYPES and self._card_back(text, *sent):
                    # "the back of your card" shows the CVV only; both sides show all
                    both = _BOTH_SIDES.search(text, *sent) is not None
                    types = (*types, "CARD_CVV") if both else ("CARD_CVV",)
                out.extend(_Item(t, photo, f"photo of {doc.label}") for t in types)
                break
        return out

    def _bare_cue_sentence(self, text: str, sent: tuple[int, int]) -> bool:
        if _OTHER_OBJECT.search(text, *sent):
            return False  # "如果您有任何疑问，请告诉我": a cue with its own object
        if sent[1] - sent[0] <= _BARE_CUE_LENGTH:
            return True
        # a longer one must point back at the item ("Enter it here to complete ...")
        return bool(_PRONOUN.search(text, *sent)) or bool(_in(self.rules.anaphora, text, *sent))

    def _card_back(self, text: str, start: int, end: int) -> bool:
        return any(
            self.rules.card_part_types.get(p.label) == "CARD_CVV"
            for p in _in(self.rules.card_parts, text, start, end)
        )

    def _items(self, text: str, sent: tuple[int, int], scope_start: int) -> list[_Item]:
        blocked = [(h.start, h.end) for h in _in(self.rules.not_items, text, *sent)]
        names = [n for n in self._names(text, *sent) if not _overlaps(n.hit, blocked)]
        described, replaced = self._descriptions(text, sent, scope_start, names)
        descriptions = []
        for d in described:
            if _overlaps(d.hit, blocked):
                continue
            lo, hi = _list_item(text, sent, d.hit.start, d.hit.end)
            near = [n for n in names if n.hit not in replaced and lo <= n.hit.start < hi]
            if _length_only(d) and near and all(n.type != d.type for n in near):
                continue  # "取款密码也需要验证一下 六位数": the length of the PIN, not a code
            named = [n for n in names if n.hit not in replaced]
            if (
                _length_only(d)
                and _LENGTH_WORD.search(text, d.hit.start, d.hit.end)
                and named
                and all(n.type != d.type for n in named)
            ):
                continue  # "取款密码，六位的那个": a bare length is the named item's
            descriptions.append(d)  # "the sixteen digits plus the month and year": two items
        items = [n for n in names if n.hit not in replaced] + descriptions
        items += [p for p in self._photos(text, sent, scope_start) if not _overlaps(p.hit, blocked)]
        said = text[sent[0] : sent[1]]
        if "提供" in said or "报" in said or "发" in said:  # the needles of _HANDED
            handed = self._handed_cards(text, sent, items)
            items += [c for c in handed if not _overlaps(c.hit, blocked)]
        return sorted(items, key=lambda i: i.hit.start)

    def _handed_cards(
        self, text: str, sent: tuple[int, int], items: Sequence[_Item]
    ) -> list[_Item]:
        """A card handed over by a giving cue is its number (您只要提供一张收款的银行卡)."""
        out = []
        for doc in _in(self.rules.documents.words, text, *sent):
            types = self.rules.documents.types.get(doc.label, ())
            if (
                not types
                or not set(types) <= _CARD_TYPES
                or any(i.hit.start < doc.end and doc.start < i.hit.end for i in items)
            ):
                continue
            if (
                _HANDED.search(text, max(sent[0], doc.start - 12), doc.start)
                or _HANDED_AFTER.match(text, doc.end, sent[1])
            ) and not _CARD_NOT_NUMBER.match(text, doc.end, sent[1]):
                out.append(_Item("CREDIT_CARD", doc, "a card handed over"))
        return out

    # -- liveness ------------------------------------------------------------------

    def _negated_in_clause(self, text: str, sent_start: int, pos: int) -> LabelHit | None:
        negation = _last_in(self.rules.negations, text, _clause_start(text, sent_start, pos), pos)
        if negation is not None and (
            _threat(text, negation) or _quoted(text, sent_start, negation)
        ):
            return None
        return negation

    def _cue_is_live(self, text: str, sent: tuple[int, int], cue: LabelHit) -> bool:
        if any(n.start < cue.start < n.end for n in self.rules.negations.find_all(text)):
            return False  # "也不需要您的密码": the cue inside a negation
        lo = min(max(sent[0], cue.start - _REPORTED_REACH), _clause_start(text, sent[0], cue.start))
        if _last_in(self.rules.reported, text, lo, cue.start) is not None:
            return False  # "if anyone asks you to read them the code": someone else asks
        if self._self_served(text, cue, sent[1]):
            return False
        before = text[max(sent[0], cue.start - 24) : cue.start].lower()
        own_subject = cue.label.startswith(("i ", "i'", "we ", "we'"))  # "unlock it I'll need"
        if "need" in cue.label and (
            (_OTHER_NEEDER.search(before) and not own_subject)
            or _NEED_TO_DO.match(text, cue.end, sent[1])
        ):
            return False  # "you'll need your PIN", "I'll need to send you the forms"
        if cue.label in _UNDIRECTED and _CAPABILITY.search(before):
            return False  # "you can verify your PIN at any ATM": what the customer can do
        if _WITH_OTHERS.match(text, cue.end, sent[1]):
            return False  # "only share it with people sending you money": not with the agent
        verb = _last_in(self.rules.asking_verbs, text, max(sent[0], cue.start - 4), cue.start)
        if verb is not None and self._negated_verb(text, sent, verb):
            return False  # "唔會透過電話或訊息要求您提供": the asking verb is negated
        if cue.label.startswith(_FRESH_IMPERATIVE) or text[
            max(sent[0], cue.start - 8) : cue.start
        ].rstrip().lower().endswith(_FRESH_IMPERATIVE):
            return True  # "don't worry, please send the code": a new imperative
        return self._negated_in_clause(text, sent[0], cue.start) is None

    def _not_here_at(self, text: str) -> int:
        """Where the turn last sends its items elsewhere ("不要在聊天中发送"), -1 if nowhere;
        searched once per turn (every item asks)."""
        cached = self._not_here
        if cached[0] == text:
            return cached[1]
        pos = -1
        if _MAY_NOT_HERE.search(text):
            for m in _NOT_HERE.finditer(text):
                pos = m.start()  # the last: an item before it is sent elsewhere
        self._not_here = (text, pos)  # one assignment: safe to share between threads
        return pos

    def _negated_verb(self, text: str, sent: tuple[int, int], verb: LabelHit) -> bool:
        """A negation before a verb of asking, anywhere earlier in its sentence."""
        negation = _last_in(self.rules.negations, text, sent[0], verb.start)
        return negation is not None and not _threat(text, negation)

    def _self_served(self, text: str, cue: LabelHit, sent_end: int) -> bool:
        """A self-service marker in the cue's own clause ("enter it in the app yourself"),
        unless the agent watches what is typed (a shared screen, remote access)."""
        clause_end = _CLAUSE_END.search(text, cue.end, sent_end)
        end = clause_end.start() if clause_end else sent_end
        lo = _clause_start(text, 0, cue.start)
        return bool(_in(self.rules.self_service, text, lo, end)) and not _WATCHING.search(text)

    def _live(self, matcher: _Phrases, text: str, sent: tuple[int, int]) -> list[LabelHit]:
        """Live cues of a sentence; "send" inside "I'll send you" is an offer, not a cue."""
        hits = _in(matcher, text, *sent)
        if not hits:
            return []
        offers = [(o.start, o.end) for o in _in(self.rules.offers, text, *sent)]
        return [c for c in hits if not _overlaps(c, offers) and self._cue_is_live(text, sent, c)]

    def _item_is_live(
        self, text: str, sent: tuple[int, int], item: _Item, cues: Sequence[LabelHit]
    ) -> str | None:
        """None if the item is live, else why not."""
        # "the last four of the account holder's social": a check earlier in the clause
        lo = min(
            max(sent[0], item.hit.start - _IDENTITY_REACH),
            _clause_start(text, sent[0], item.hit.start),
        )
        # ... or later in its clause, not in the next one ("报一下身份证号，最后一位是X就说X")
        clause_end = _CLAUSE_END.search(text, item.hit.end, sent[1])
        hi = min(clause_end.start() if clause_end else sent[1], item.hit.end + _IDENTITY_REACH)
        check = [
            c for c in _in(self.rules.identity_checks, text, lo, hi) if not _reading_order(text, c)
        ]
        if check and (
            _WHOLE.search(text, max(sent[0], item.hit.start - 8), item.hit.start)
            or (_NOT_ENOUGH.search(text, *sent) and _WHOLE.search(text, *sent))
        ):
            check = []  # "您尾号8834的储蓄卡，完整的卡号再说一下": the whole, not the check
        if check:
            return f"identity check '{check[0].label}'"
        offer = _last_in(
            self.rules.offers, text, max(sent[0], item.hit.start - _OFFER_REACH), item.hit.start
        )
        if offer is not None and not any(c.start >= offer.end for c in cues):
            return f"the agent offers its own ('{offer.label}')"
        # "银行账号信息我会通过短信发送给您": the agent sends it, after the item
        clause_end = _CLAUSE_END.search(text, item.hit.end, sent[1])
        after = _in(
            self.rules.offers, text, item.hit.end, clause_end.start() if clause_end else sent[1]
        )
        if after and not any(item.hit.end <= c.start < after[0].start for c in cues):
            return f"the agent offers its own ('{after[0].label}')"
        warning = _WARNING.search(text, item.hit.end, sent[1])
        if warning and not any(item.hit.end <= c.start < warning.start() for c in cues):
            return "a warning about the item"
        reported = _last_in(
            self.rules.reported, text, max(sent[0], item.hit.start - _OFFER_REACH), item.hit.start
        )
        if reported is not None and not any(reported.end <= c.start for c in cues):
            return f"reported speech ('{reported.label}')"
        own = _last_in(
            self.rules.own_actions,
            text,
            max(
                _clause_start(text, sent[0], item.hit.start),
                item.hit.start - _OWN_ACTION_REACH,
            ),
            item.hit.start,
        )
        if own is not None:
            return f"the customer's own action ('{own.label}')"
        if _OWNED.search(
            text, max(sent[0], item.hit.start - 30), item.hit.start
        ) and not _MISSENT.search(text, *sent):
            # ... unless it went to the listener ("my code was sent to your number by
            # mistake, forward it to me", 我的验证码误发到您手机上了): the listener has it
            return "the speaker's own ('my')"
        if _STATED.match(text, item.hit.end, sent[1]):
            return "stated with its value, not asked for"
        if _NOT_NEEDED.match(text, item.hit.end, sent[1]):
            return "said not to be needed"
        clause_end = _CLAUSE_END.search(text, item.hit.end, sent[1])
        served = _in(
            self.rules.self_service,
            text,
            item.hit.end,
            clause_end.start() if clause_end else sent[1],
        )
        own_clause = _clause_start(text, sent[0], item.hit.start)
        if served and not any(
            not item.hit.start <= c.start < item.hit.end
            for c in _in(self.rules.cues, text, own_clause, served[0].start)
        ):  # any cue in its clause, live or not, asks ("send me a screenshot ... in the app")
            return f"the customer enters it themself ('{served[0].label}')"  # 密码只有您自己输入
        if _ITEM_STATE.match(text, item.hit.end, sent[1]) and not any(
            _clause_start(text, sent[0], item.hit.start) <= c.start < item.hit.start for c in cues
        ):
            return "a statement about the item ('卡号错了一位')"
        if _DESTINATION.search(text, max(sent[0], item.hit.start - 40), item.hit.start):
            # "we need to send the refund to a bank account"
            return "where the agent sends something, not asked for"
        if item.how.startswith("photo") and _WHEN.match(text, item.hit.end, sent[1]):
            return "a time clause ('上传照片时提示失败')"
        if self._not_here_at(text) > item.hit.end:
            return "sent elsewhere, not here ('不要在聊天中发送')"
        if _ARRIVES.match(text, item.hit.end, sent[1]) and not any(
            c.start >= item.hit.end for c in cues
        ):
            return "announced as coming, not asked for"
        if item.type == "CREDIT_CARD" and item.how == "name":
            lo = _clause_start(text, sent[0], item.hit.start)
            end = _CLAUSE_END.search(text, item.hit.end, sent[1])
            hi = end.start() if end else sent[1]
            for other in _in(self.rules.qualifiers, text, lo, hi):
                if self.rules.qualifier_types.get(other.label) == _NONE and (
                    "card" in other.label or "卡" in other.label
                ):  # "会员卡正面的卡号", "the card number on your loyalty card"
                    return f"the number of another kind of card ('{other.label}')"
        negation = self._negation_of(text, sent, item.hit.start, cues)
        return None if negation is None else f"negated ('{negation.label}')"

    def _negation_of(
        self, text: str, sent: tuple[int, int], pos: int, cues: Sequence[LabelHit]
    ) -> LabelHit | None:
        negation = self._unquoted_negation_of(text, sent, pos, cues)
        if negation is not None and _quoted(text, sent[0], negation):
            return None  # '短信里"请勿泄露"前面的数字': words quoted, not said
        return negation

    def _unquoted_negation_of(
        self, text: str, sent: tuple[int, int], pos: int, cues: Sequence[LabelHit]
    ) -> LabelHit | None:
        """The negation governing a mention at ``pos``: one in its own clause, or an earlier
        one in the sentence whose verb of asking reaches a list ("we never ask for your
        PIN, password or code"); a live cue after the negation starts a new request."""
        negation = _last_in(self.rules.negations, text, sent[0], pos)
        if negation is None or any(negation.end <= c.start < pos for c in cues):
            return None
        if _threat(text, negation):
            return None  # "if you don't give me the code, ...": a demand
        if negation.start >= _clause_start(text, sent[0], pos):
            return negation
        verbs = _in(self.rules.asking_verbs, text, negation.end, pos)
        dead_cues = _in(self.rules.cues, text, negation.end, pos)
        return negation if verbs or dead_cues else None

    # -- the decision --------------------------------------------------------------

    def detect(
        self,
        text: str,
        value_spans: Iterable[tuple[int, int]] = (),
        customer_asked: Iterable[str] = (),
        previous: Iterable[str] = (),
    ) -> list[RequestTrigger]:
        """The request triggers of one agent turn (one per requested type).

        ``value_spans`` are the turn's findings (masked before matching, so no trigger
        phrase holds a value); ``customer_asked`` the item types the customer just asked
        about giving (for an agent's "要的"); ``previous`` the types an earlier agent turn
        of the conversation asked for (for "and when does it expire?", 有效期呢, 念一下).
        """
        return list(self._decide(text, value_spans, customer_asked, previous).triggers.values())

    def features_of(
        self, text: str, value_spans: Iterable[tuple[int, int]] = (), previous: Iterable[str] = ()
    ) -> set[str]:
        """The learned model's features of one agent turn (:mod:`piiguard.request_model`):
        its view's n-grams, the types of the items the rules found in it, live or not, and
        the earlier request."""
        view = self.respeller.respell(fold(mask_values(text, value_spans))).text
        sentences = _sentences(view)
        items = {
            item.type
            for i, sent in enumerate(sentences)
            for item in self._items(view, sent, sentences[i - 1][0] if i > 0 else sent[0])
        }
        return features(view, previous, items)

    def explain(
        self,
        text: str,
        value_spans: Iterable[tuple[int, int]] = (),
        customer_asked: Iterable[str] = (),
        previous: Iterable[str] = (),
    ) -> list[str]:
        """Why ``text`` was (or was not) taken as a request: one line per decision."""
        decision = self._decide(text, value_spans, customer_asked, previous, explain=True)
        return decision.notes

    def _decide(
        self,
        text: str,
        value_spans: Iterable[tuple[int, int]],
        customer_asked: Iterable[str],
        previous: Iterable[str],
        *,
        explain: bool = False,
    ) -> _Decision:
        masked = mask_values(text, value_spans)
        view = self.respeller.respell(self._fold(masked))
        v = view.text
        prior = frozenset(previous)
        if not prior and _asked_receipt(v):
            prior = frozenset({"VERIFICATION_CODE"})  # "收到了是吧 那您念一下": the message
        out = _Decision()
        note = out.notes.append if explain else _ignore
        note(f"earlier request carried: {', '.join(sorted(prior)) or 'none'}")
        sentences = _sentences(v)
        items_of = [
            self._items(v, sent, sentences[i - 1][0] if i > 0 else sent[0])
            for i, sent in enumerate(sentences)
        ]
        if not prior and not any(items_of) and "呢" not in v:
            sentences = []  # nothing named, described or pictured: no cue can matter
        cues = [self._live(self.rules.cues, v, s) for s in sentences]
        questions = [self._live(self.rules.questions, v, s) for s in sentences]

        def add(entity: str, lo: int, hi: int, why: str) -> None:
            if entity in out.triggers:
                return
            start, end = view.to_original(lo, hi)
            out.triggers[entity] = RequestTrigger(entity, _phrase(masked, start, end))
            note(f"REQUEST {entity}: {why} in '{_phrase(masked, start, end)}'")

        for i, sent in enumerate(sentences):
            items = items_of[i]
            for item in items:
                ellipsis = self._ellipsis(v, sent, prior, item.hit.start)
                if ellipsis is None and not item.how.startswith("photo"):
                    ellipsis = self._named_ellipsis(v, sent, item)
                label = f"{item.type} ({item.how}: '{item.hit.label}')"
                dead = self._item_is_live(v, sent, item, cues[i])
                if dead is not None:
                    note(f"not a request: {label}: {dead}")
                    continue
                why = self._asked_by(v, i, sentences, item, cues, questions, ellipsis)
                if (
                    why is None  # checked last: it reads the sentence through six matchers
                    and i == len(sentences) - 1
                    and not any(items_of[:i])  # "... for phone banking? The six digits."
                    and self._bare(v, sent)
                ):
                    why = "a turn that is only the item ('身份证号码全部十八位')"
                if why is None:
                    note(f"not a request: {label}: no live cue asks for it")
                    continue
                if _is_question(v, sent) and (
                    _TAKEN_BACK.match(v, sent[1]) or self._served_next(v, sentences, i)
                ):
                    note(f"not a request: {label}: the question is taken back next")
                    continue  # "Read me the card number? No, please don't."
                if _is_question(v, sent) and _PURPOSE_END.search(v, sent[0], sent[1]):
                    note(f"not a request: {label}: a question about what it is for")
                    continue  # "What's that code for?"
                lo, hi = sent
                if why.startswith("cue in the next"):
                    hi = sentences[i + 1][1]
                entity = item.type
                if (
                    _length_only(item)
                    and prior
                    and not prior & _CARD_TYPES
                    and entity not in prior
                    and _REST_OF.search(v, *sent)
                ):  # "后面那三位再报一下" after a code request: the rest of that code
                    entity = min(prior)
                add(entity, lo, hi, f"{label} + {why}")
            if not items and "呢" in v[sent[0] : sent[1]]:
                for entity, why in self._document_ellipsis(v, sent):
                    add(entity, sent[0], sent[1], why)
            if not items and prior:
                ellipsis = self._ellipsis(v, sent, prior, sent[1])
                for entity, why in self._resolve_against(v, sent, prior, cues[i], ellipsis):
                    add(entity, sent[0], sent[1], why)
        viewer = self.model or (self.shadow_model if explain else None)
        if viewer is not None:
            found = {i.type for items in items_of for i in items}
            feats = features(v, prior, found)
            if explain:
                role = "adds" if self.model is not None else "shown only, never decides"
                ranked = sorted(viewer.score(feats).items(), key=lambda kv: -kv[1][0])
                for entity, (p, evidence) in ranked[:3]:
                    note(
                        f"learned model ({role}): {entity} p={p:.2f} (threshold "
                        f"{viewer.threshold(entity):.2f}; evidence: "
                        f"{', '.join(evidence) or 'none'})"
                    )
        if self.model is not None:
            for entity, p, evidence in self.model.additions(feats, out.triggers):
                add(
                    entity,
                    0,
                    len(v),
                    f"learned model p={p:.2f} (evidence: {', '.join(evidence) or 'none'})",
                )
        low = v.lower()
        if "PASSWORD" not in out.triggers and any(n in low for n in _LOGIN_NEEDLES):
            login = _WATCHED_LOGIN.search(v)
            if login is not None and not self.rules.negations.find_all(
                v[max(0, login.start() - 12) : login.start()]
            ):
                sent = next((s for s in _sentences(v) if s[1] > login.start()), (0, len(v)))
                add("PASSWORD", sent[0], sent[1], "a log-in the agent watches")
        asked = set(customer_asked)
        if asked:
            affirmed = self._affirms(self._fold(masked).text)  # spaces kept: "要的 这是…"
            note(
                f"customer asked about giving {', '.join(sorted(asked))}; the agent "
                + ("confirms" if affirmed else "does not confirm")
            )
            if affirmed:
                for entity in sorted(asked):
                    add(entity, 0, len(v), "a yes to the customer's question")
        if explain and not out.triggers:
            cue_words = sorted({c.label for cs in (*cues, *questions) for c in cs})
            note(
                "no request"
                + (f" (live cues: {', '.join(cue_words)})" if cue_words else " (no live cue)")
            )
        return out

    def _asked_by(
        self,
        text: str,
        i: int,
        sentences: Sequence[tuple[int, int]],
        item: _Item,
        cues: Sequence[Sequence[LabelHit]],
        questions: Sequence[Sequence[LabelHit]],
        ellipsis: str | None,
    ) -> str | None:
        """What asks for a live item, or None."""
        if item.how.startswith("photo"):
            return "photo request"
        if item.hit.label in self.rules.asking_items:
            return "a question naming the item"
        if cues[i]:
            return f"cue '{cues[i][0].label}'"
        bound = [
            q
            for q in questions[i]
            if q.start <= item.hit.start <= q.end + _QUESTION_REACH
            and not _QUESTION_BREAK.search(text, q.end, max(q.end, item.hit.start))
        ]
        if bound:
            return f"question '{bound[0].label}'"
        # A cue in a neighbouring sentence reaches this item only if that sentence is a
        # short imperative ("Please share it here.") with no object of its own.
        if i > 0 and cues[i - 1] and self._bare_cue_sentence(text, sentences[i - 1]):
            return f"cue in the previous sentence '{cues[i - 1][0].label}'"
        if (
            i + 1 < len(sentences)
            and cues[i + 1]
            and self._bare_cue_sentence(text, sentences[i + 1])
        ):
            return f"cue in the next sentence '{cues[i + 1][0].label}'"
        if ellipsis is not None:
            return ellipsis
        if _POLITE_END.search(text, *sentences[i]):
            return "a list ending in 'please'"
        if _ELLIPTICAL_QUESTION.match(text, *sentences[i]) and _is_question(text, sentences[i]):
            return "an elliptical question ('and the …?')"
        return None

    def _ellipsis(
        self, text: str, sent: tuple[int, int], prior: frozenset[str], pos: int
    ) -> str | None:
        """An ellipsis marker shortly before ``pos`` ("and the ...", 还有) or a trailing 呢,
        after an earlier request."""
        if not prior:
            return None
        lo = max(sent[0], pos - _ELLIPSIS_REACH)
        # "and the" may overlap the item it introduces ("and the code")
        marker = [
            h
            for h in self.rules.ellipsis.find_all(text)
            if lo <= h.start < pos or h.start - sent[0] <= 2 <= h.end - sent[0] <= pos - sent[0]
        ]  # or at the head of the sentence: "And the one on the back?"
        if marker:
            return f"ellipsis '{marker[0].label}' after an earlier request"
        if _TRAILING_NE.search(text, sent[0], sent[1]):
            return "ellipsis '…呢' after an earlier request"
        return None

    def _named_ellipsis(self, text: str, sent: tuple[int, int], item: _Item) -> str | None:
        """An ellipsis that names its item needs no earlier request the rules saw: "那密码呢？",
        "有效期和背面的安全码呢？", "还有卡背后最后三位", "And the PIN?" (an earlier ask the
        rules missed, or one for a non-item such as a user name)."""
        head = text[sent[0] : item.hit.start].strip().lower()
        tail = text[item.hit.end : sent[1]].strip(" 吗嘛啊呀呢?？.。")
        # "位数|字" ends a word; "您的卡号是？" asks
        if tail not in ("", "字", "码", "号", "是") and not _JOINER.match(tail):
            return None  # "您的验证码收到了吗？" asks about the item, not for it
        if _TRAILING_NE.search(text, sent[0], sent[1]):
            return "ellipsis '…呢' naming the item"
        if head.startswith(("还有", "以及")):
            return f"ellipsis '{head[:2]}' naming the item"
        if _is_question(text, sent) and _ELLIPTICAL_QUESTION.match(text, *sent):
            return "an elliptical question naming the item ('and the …?')"
        if tail == "是" and not _is_question(text, sent):
            return None  # "您的卡号是" unfinished, not "您的卡号是？"
        if _TAKEN_BACK.match(text, sent[1]):
            return None  # "Your card number? No need, I can see it."
        if _is_question(text, sent) and (
            _ZH_ASKING_HEAD.fullmatch(head) or _EN_ASKING_HEAD.fullmatch(head)
        ):
            return "a question that is only the item ('请问信用卡到期日？')"
        return None

    def _bare(self, text: str, sent: tuple[int, int]) -> bool:
        """Whether the sentence, the turn's last, is nothing but its items and fillers."""
        if sent[1] - sent[0] > _BARE_LENGTH:
            return False  # a long sentence says more than its item
        chars = list(text[sent[0] : sent[1]])
        for matcher in (
            self.rules.names,
            self.rules.nouns,
            self.rules.qualifiers,
            self.rules.delivered,
            self.rules.card_parts,
            self.rules.documents.words,
        ):
            for h in _in(matcher, text, *sent):
                chars[h.start - sent[0] : h.end - sent[0]] = " " * (h.end - h.start)
        rest = "".join(chars)
        if "#" in rest:
            return False  # a value is stated
        if not text[sent[1] :].strip(" ?？.。!！…"):  # the turn ends here
            rest = _OPEN_COPULA.sub(" ", rest)
        rest = _BARE_FILLER.sub(" ", rest)
        return _BARE_REST.fullmatch(rest) is not None

    def _document_ellipsis(self, text: str, sent: tuple[int, int]) -> list[tuple[str, str]]:
        """A document's name alone with 呢 asks for its number ("好，身份证呢"; a card's:
        the card number); a message's ("短信呢") asks whether it came."""
        docs = _in(self.rules.documents.words, text, *sent)
        if len(docs) != 1 or not _TRAILING_NE.search(text, sent[0], sent[1]):
            return []
        types = self.rules.documents.types.get(docs[0].label, ())
        if not types or "VERIFICATION_CODE" in types:
            return []
        chars = list(text[sent[0] : sent[1]])
        chars[docs[0].start - sent[0] : docs[0].end - sent[0]] = " " * len(docs[0].label)
        rest = re.sub(r"号码|号", " ", "".join(chars))
        if _BARE_REST.fullmatch(_BARE_FILLER.sub(" ", rest)) is None:
            return []
        return [(types[0], f"ellipsis '{docs[0].label}…呢' naming a document")]

    def _served_next(self, text: str, sentences: Sequence[tuple[int, int]], i: int) -> bool:
        """The next sentence sends the item elsewhere ("The code? Enter it in the app, not
        here."): self-service and no live cue."""
        if i + 1 >= len(sentences):
            return False
        nxt = sentences[i + 1]
        return bool(_in(self.rules.self_service, text, *nxt)) and not self._live(
            self.rules.cues, text, nxt
        )

    def _resolve_against(
        self,
        text: str,
        sent: tuple[int, int],
        prior: frozenset[str],
        cues: Sequence[LabelHit],
        ellipsis: str | None,
    ) -> list[tuple[str, str]]:
        """Item-less requests resolved against the earlier request ("what about the back?")."""
        anaphora = self._live(self.rules.anaphora, text, sent)
        asking = anaphora or cues or ellipsis
        if not asking:
            return []
        if _in(self.rules.identity_checks, text, *sent) or _in(self.rules.not_items, text, *sent):
            return []  # "您登记的手机号尾号是多少": a check, or another number, is asked for
        if prior & _CARD_TYPES or any(
            set(self.rules.documents.types.get(d.label, ())) <= _CARD_TYPES
            for d in _in(self.rules.documents.words, text, *sent)
        ):
            parts = _in(self.rules.card_parts, text, *sent)
            if parts:
                part = parts[0].label
                entity = self.rules.card_part_types.get(part, "")
                if entity:
                    return [(entity, f"the card's '{part}' after an earlier card request")]
        photo = _in(self.rules.photos, text, *sent)
        if photo:
            return [(t, f"photo '{photo[0].label}' of the earlier request") for t in sorted(prior)]
        # "短信到了您就直接说给我": the message that carries the item asked for, by a cue
        # that is an imperative (not 您提供的信息) in a short sentence
        cues = [c for c in cues if not text.startswith("的", c.end)]
        if cues and sent[1] - sent[0] <= _BARE_CUE_LENGTH + 10:
            for doc in _in(self.rules.documents.words, text, *sent):
                carried = prior & set(self.rules.documents.types.get(doc.label, ()))
                if carried:
                    why = f"cue '{cues[0].label}' on the '{doc.label}' of the earlier request"
                    return [(t, why) for t in sorted(carried)]
        if anaphora:
            word = anaphora[0].label
            return [(t, f"'{word}' refers to the earlier request") for t in sorted(prior)]
        return []

    def _affirms(self, masked: str) -> bool:
        """A yes at the head of the turn ("要的", "yes,"), not "对不起" and not a "no"."""
        head = masked.strip().lower()
        for word in self.rules.affirmations:
            if not head.startswith(word):
                continue
            rest = head[len(word) :]
            if rest and (rest[0].isalnum() if rest[0].isascii() else not _is_break(rest[0])):
                continue  # "对不起", "yesterday": a longer word, not a yes
            return not self.rules.negations.find_all(rest) and not self.rules.self_service.find_all(
                rest
            )
        return False

    def received_items(self, customer_text: str) -> frozenset[str]:
        """What a customer's turn says just arrived ("嗯，收到了", "the text came through"):
        a one-time code, which the agent's next "上面写的是多少？" asks for."""
        view = self._fold(customer_text).text
        low = view.lower()
        if not any(n in low for n in _RECEIVED_NEEDLES):
            return frozenset()  # most turns hold no word of arriving: skip the patterns
        said = _RECEIVED.search(view) or (
            len(view.strip()) <= _SHORT_REPLY and _RECEIVED_SHORT.search(view)
        )  # "嗯，收到了。" is a receipt; "我最近收到了一笔退休金" is not
        return frozenset({"VERIFICATION_CODE"}) if said else frozenset()

    def announced_items(self, agent_text: str) -> frozenset[str]:
        """What an agent's turn says it sent ("I'm sending you a text now", 我给您发了一条短信):
        a one-time code, which a later "what does it say?" or 念一下 asks for."""
        view = self._fold(agent_text).text
        low = view.lower()
        if not any(w in low for w in _ANNOUNCE_NEEDLES):
            return frozenset()  # most turns send nothing: skip the pattern
        said = _ANNOUNCED.search(view)
        return frozenset({"VERIFICATION_CODE"}) if said else frozenset()

    def question_items(self, customer_text: str) -> frozenset[str]:
        """Item types a customer asks about giving ("密码也要说吗", "do you need my PIN?")."""
        folded = self._fold(customer_text)
        if not _MAY_ASK_GIVING.search(folded.text):
            return frozenset()  # respelling adds no "?", 吗, "do" or "should": no question
        if not _GIVING_VERB.search(folded.text) and not self.respeller.may_edit(folded.text):
            return frozenset()  # no verb of giving, and respelling writes none
        view = self.respeller.respell(folded).text
        asked: set[str] = set()
        for m in _GIVING_QUESTION.finditer(view):
            lo = max(0, m.start() - _ASKED_REACH)
            hi = m.end()
            if m.group()[-1:] not in "吗？?":
                # "do you need my PIN?": an English question head names its item after it
                end = _SENTENCE_END.search(view, hi)
                hi = min(end.start() if end else len(view), hi + _ASKED_AFTER_REACH)
            asked.update(i.type for i in self._names(view, lo, hi))
        return frozenset(asked)


# A negation after "if you" / "unless" is the condition of a threat ("if you don't give me
# the code your money is gone"), not a refusal to ask.
_THREAT_HEAD = re.compile(r"(?:\bif (?:you|u)|\bunless (?:you|u))\s*$", re.IGNORECASE)


_QUOTES = {"“": "”", '"': '"', "「": "」", "『": "』", "‘": "’"}


def _quoted(text: str, lo: int, hit: LabelHit) -> bool:
    """Whether ``hit`` stands inside a pair of quotation marks opened after ``lo``."""
    for opening, closing in _QUOTES.items():
        start = text.rfind(opening, lo, hit.start)
        if start == -1:
            continue
        if opening == closing and text.count(opening, lo, start) % 2:
            continue  # that mark closes an earlier quotation
        if text.find(closing, hit.end) != -1:
            return True
    return False


def _threat(text: str, negation: LabelHit) -> bool:
    return bool(_THREAT_HEAD.search(text, max(0, negation.start - 12), negation.start))


# "starting with the first four", "从前四位开始念": where to begin reading, not a part asked
# for instead of the whole.
_READ_FROM = re.compile(
    r"(?:\b(?:start|starting|begin|beginning|from|then|after)(?: with| at| from)?(?: the)?|从)\s*$",
    re.IGNORECASE,
)
_READ_FROM_AFTER = re.compile(r"\s*(?:开始|起|然后)")


def _reading_order(text: str, check: LabelHit) -> bool:
    return bool(
        _READ_FROM.search(text, max(0, check.start - 20), check.start)
        or _READ_FROM_AFTER.match(text, check.end)
    )


def _length_only(item: _Item) -> bool:
    word = item.how.rsplit(" + ", 1)[-1]
    return bool(_LENGTH_WORD.search(word))


def _is_question(text: str, sent: tuple[int, int]) -> bool:
    return text[sent[1] : sent[1] + 1] in ("?", "？") or text[sent[0] : sent[1]].rstrip().endswith(
        "呢"
    )


def _is_break(ch: str) -> bool:
    return ch.isspace() or not ch.isalnum()


def _ignore(_: str) -> None:
    return None
