"""A generated benchmark corpus: Chinese and English chat and call conversations in which,
as in real support traffic, most turns hold nothing sensitive.

Deterministic for a seed; written as contract JSONL. Values are valid (Luhn cards, GB
11643 IDs) so the engine does the same work it does on real data.
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

PLAIN_EN = [
    "Hi, thanks for contacting support, how can I help you today?",
    "I ordered a blender last week and it still hasn't arrived.",
    "Let me check that for you, one moment please.",
    "It looks like the parcel is at the local depot and will be delivered tomorrow.",
    "Okay great, thank you so much.",
    "Is there anything else I can help you with?",
    "Can I change the delivery address to my office?",
    "Sure, I've updated the address, you'll get a confirmation email shortly.",
    "my app keeps logging me out whenever I switch networks",
    "please try updating to the latest version from the app store",
    "the refund should appear on your statement in three to five business days",
    "no that's everything, have a good day",
]
PLAIN_ZH = [
    "您好，请问有什么可以帮您？",
    "我上周买的东西到现在还没收到",
    "好的，稍等，我帮您查一下物流信息。",
    "显示已经到了本地网点，明天会派送。",
    "好的谢谢",
    "请问还有其他问题吗？",
    "能不能帮我改一下收货地址",
    "已经为您修改好了，稍后会有短信通知。",
    "我的App一直闪退是怎么回事",
    "建议您先更新到最新版本再试一下",
    "退款会在一到三个工作日内原路退回",
    "没有了，谢谢你",
]


def _luhn(prefix: str) -> str:
    total = 0
    for i, ch in enumerate(reversed(prefix)):
        d = int(ch) * (2 if i % 2 == 0 else 1)
        total += d - 9 if d > 9 else d
    return prefix + str((10 - total % 10) % 10)


def _ric(rng: random.Random) -> str:
    first17 = (
        f"{rng.choice(['110105', '310115', '440306'])}{rng.randint(1960, 2000)}"
        f"{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}{rng.randint(0, 999):03d}"
    )
    total = sum(int(d) * (2 ** (17 - i) % 11) for i, d in enumerate(first17))
    check = (12 - total % 11) % 11
    return first17 + ("X" if check == 10 else str(check))


def _sensitive(rng: random.Random, zh: bool) -> str:
    card = _luhn(
        rng.choice(["4", "62", "51"]) + "".join(rng.choice("0123456789") for _ in range(14))
    )
    grouped = " ".join(card[i : i + 4] for i in range(0, len(card), 4))
    code = f"{rng.randint(0, 999999):06d}"
    phone = f"1{rng.choice('3589')}{rng.randint(0, 999999999):09d}"
    options_zh = [
        f"我的卡号是 {grouped}",
        f"验证码 {code}",
        f"手机号 {phone}",
        f"身份证 {_ric(rng)}",
        f"密码是 abc{rng.randint(1000, 9999)}",
    ]
    options_en = [
        f"my card number is {grouped}",
        f"the code is {code}",
        f"call me on {phone}",
        f"my password is Tulip${rng.randint(1000, 9999)}",
        "email me at li.lei@example.com",
    ]
    return rng.choice(options_zh if zh else options_en)


def generate(n_conversations: int, seed: int = 7, sensitive_share: float = 0.12) -> list[dict]:
    rng = random.Random(seed)
    rows = []
    for i in range(n_conversations):
        zh = i % 2 == 0
        channel = "call" if i % 3 == 0 else "chat"
        turns = []
        clock = 0.0
        for t in range(rng.randint(8, 20)):
            speaker = "agent" if t % 2 == 0 else "customer"
            text = (
                _sensitive(rng, zh)
                if speaker == "customer" and rng.random() < sensitive_share * 2
                else rng.choice(PLAIN_ZH if zh else PLAIN_EN)
            )
            turn = {"speaker": speaker, "text": text}
            if channel == "call":
                turn |= {"start": round(clock, 1), "end": round(clock + 3.0, 1)}
                clock += 3.5
            turns.append(turn)
        rows.append(
            {
                "id": f"gen-{i:05d}",
                "channel": channel,
                "language": "zh" if zh else "en",
                "turns": turns,
            }
        )
    return rows


def main(argv: list[str]) -> int:
    out = Path(argv[1]) if len(argv) > 1 else Path("bench/generated.jsonl")
    n = int(argv[2]) if len(argv) > 2 else 400
    with out.open("w", encoding="utf-8") as fh:
        for row in generate(n):
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
