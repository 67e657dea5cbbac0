# ruff: noqa: E501  (the conversations are data: one phrasing a line reads best)
"""Write our third set of scam-risk conversations (session 6, issue 16).

    python tests/data/risk/make_conversations_3.py    # rewrites risk_own3_*.jsonl here

Three scam classes the shipped model missed on ``risk_own_eval.jsonl`` (docs/accuracy.md,
"Session 6"), written as classes, in Chinese and English, typed (chat) and spoken (call,
punctuation dropped as speech-to-text does), none copied from that file:

- *tech support with remote access only*: an unsolicited "technician" (broadband,
  computer, phone security, a software vendor) reports a virus, a hacked router or a
  line fault and asks for a screen share or a remote app, with no code, fee or transfer;
- *delivery-fee phishing*: a "courier" says a parcel is held, the address is incomplete
  or a delivery failed, and sends a link to pay a small fee or "reschedule";
- *family emergency / bail*: a "grandchild" or relative arrested or in an accident needs
  bail or a settlement now, often with a "lawyer" or "officer" and "don't tell Mum";

and the hard negatives that use the same words: customers who call their provider
about a slow line and accept remote help, couriers arranging a real delivery (no link,
no fee, or the official app), real family calls with a surprise kept secret, bank
agents warning about the grandparent and parcel scams.

Every slot has six phrasings: even positions build ``risk_own3_train.jsonl`` (trained
on), odd positions ``risk_own3_eval.jsonl`` (never trained on; reported separately).
Every value is made up. Deterministic.
"""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

HERE = Path(__file__).parent
A, C = "agent", "customer"
EN_NAMES = ["Tyler", "Jess", "Kevin", "Megan", "Ryan", "Amy"]
ZH_NAMES = ["小军", "小雨", "浩浩", "婷婷", "小杰", "乐乐"]
ZH_LINKS = [
    "kd-buchai.cc",
    "sf-paisong.top",
    "yz-wuliu.vip",
    "cn-kuaidi.xyz",
    "jd-peisong.shop",
    "ems-cx.online",
]
EN_LINKS = [
    "usps-redeliver.info",
    "parcel-fee.co",
    "dhl-hold.top",
    "fedex-reschedule.live",
    "ups-address.site",
    "royalmail-pay.link",
]

Slot = tuple[str, list[str]]
# (language, scam type or None for legit, slots)
Scenario = tuple[str, str | None, list[Slot]]

SCAMS: list[Scenario] = [
    (
        "zh",
        "tech_support",
        [
            (
                A,
                [
                    "您好，我是宽带运营商的技术支持，系统监测到您家的宽带有异常流量，可能被黑客入侵了",
                    "你好，这里是电信网络安全中心，您的路由器被植入了木马，正在往外发数据",
                    "您好，我们是电脑安全中心的工程师，检测到您的电脑中了病毒，个人信息有泄露风险",
                    "喂您好，我是移动宽带的技术人员，您的光猫存在安全漏洞，需要马上修复",
                    "您好，我是手机安全中心的，您手机里装了一个恶意程序，黑客能看到您的相册",
                    "你好，我们是联通技术部，您家宽带账号被别人盗用了，网速会越来越慢",
                ],
            ),
            (
                C,
                [
                    "啊？我没觉得有什么问题啊",
                    "真的吗，那怎么办",
                    "我不太懂电脑，要怎么弄",
                    "难怪最近网速这么慢",
                    "那会不会影响我手机银行",
                    "你们怎么知道的",
                ],
            ),
            (
                A,
                [
                    "您别担心，我现在帮您处理，请打开腾讯会议，输入我给您的会议号，然后点共享屏幕",
                    "需要您在电脑上下载一个远程软件，装好以后把屏幕上的识别码念给我，我远程帮您清除",
                    "您按我说的操作，打开手机设置里的屏幕共享，我这边看着帮您一步步弄",
                    "您先下载一个向日葵，打开后告诉我上面的设备号，我远程连上去帮您修",
                    "我发您一个会议号，您进会议以后开启共享屏幕，我帮您检查一下后台",
                    "您把屏幕共享给我，我看一下是哪个程序有问题，几分钟就好",
                ],
            ),
            (
                C,
                [
                    "好的，已经打开了",
                    "装好了，你看得到吗",
                    "嗯，我开了共享",
                    "识别码在这里，我念给你",
                    "好，我进会议了",
                    "等一下，我在找设置",
                ],
            ),
            (
                A,
                [
                    "好的我看到了，您别动鼠标，我这边在帮您扫描",
                    "看到了，您的系统确实有问题，处理期间不要关电脑",
                    "很好，接下来您什么都不用做，我远程操作就行",
                    "可以了，我正在帮您删除木马，您先别挂电话",
                    "收到，正在修复，大概需要十分钟",
                    "好的，现在我来操作，您看着就行",
                ],
            ),
        ],
    ),
    (
        "en",
        "tech_support",
        [
            (
                A,
                [
                    "Hello, this is the technical department of your internet provider. Our system shows your router has been hacked and is sending out data.",
                    "Hi, I'm calling from Windows support. Your computer has been sending us error reports, it's infected with a virus.",
                    "Good afternoon, this is the security team at your broadband company. Your IP address has been compromised by hackers.",
                    "Hello, this is Apple support, we detected malware on your device and your photos may be exposed.",
                    "Hi, I'm a technician with your internet service. There's suspicious traffic on your network, someone is accessing your connection.",
                    "This is the computer maintenance department. Your Windows license has expired and your PC is infected with spyware.",
                ],
            ),
            (
                C,
                [
                    "Really? I haven't noticed anything.",
                    "Oh no, what should I do?",
                    "I'm not very good with computers.",
                    "That explains why it's been so slow.",
                    "Is my bank account at risk?",
                    "How did you find out?",
                ],
            ),
            (
                A,
                [
                    "Don't worry, I'll fix it for you. Please go to the website I give you and install AnyDesk, then read me the nine digit number.",
                    "I need you to share your screen with me so I can see what's going on. Open the Zoom meeting link I just sent.",
                    "Please download TeamViewer and tell me the ID that appears, I'll connect and clean it remotely.",
                    "Just join a meeting with me and click share screen, I'll walk you through it.",
                    "I'm going to need remote access to remove the virus. Install Quick Support from the store and give me the code on the screen.",
                    "Open the screen sharing option and let me take a look, it only takes a few minutes.",
                ],
            ),
            (
                C,
                [
                    "Okay, it's installed.",
                    "Alright, I've shared my screen.",
                    "The number is on the screen now.",
                    "I clicked the link, I'm in the meeting.",
                    "Can you see my desktop?",
                    "Give me a second, I'm looking for it.",
                ],
            ),
            (
                A,
                [
                    "Great, I can see it. Please don't touch the mouse while I scan the system.",
                    "Perfect, I'm connected. Stay on the line while I remove the infected files.",
                    "Good, now just leave it to me, don't turn off the computer.",
                    "I can see the problem now, I'll fix it remotely.",
                    "Okay, I'm in. This will take about ten minutes.",
                    "Thank you, I'm running the cleanup now.",
                ],
            ),
        ],
    ),
    (
        "en",
        "phishing",
        [
            (
                A,
                [
                    "Hello, this is the delivery service. We tried to deliver your package today but the address is incomplete.",
                    "Hi, this is a message from the postal service: your parcel is on hold at our depot due to an unpaid shipping fee.",
                    "Good morning, I'm calling about your parcel. It could not be delivered because the house number is missing.",
                    "Hello, your package is being held at customs and there's a small import fee outstanding.",
                    "This is your courier. We had a failed delivery attempt and your parcel will be returned to the sender.",
                    "Hi, your package couldn't be delivered. We need you to confirm your address and pay the redelivery fee.",
                ],
            ),
            (
                C,
                [
                    "Oh, I am waiting for a package actually.",
                    "What do I need to do?",
                    "How much is it?",
                    "I didn't know there was a fee.",
                    "Which package is this?",
                    "Okay, can you redeliver it?",
                ],
            ),
            (
                A,
                [
                    "Please go to {link} and update your address, there's a redelivery fee of $1.99.",
                    "You can pay the fee at {link}, it's only $2.50, then we'll deliver tomorrow.",
                    "Just visit {link}, enter your card details for the small fee and choose a new delivery time.",
                    "I'm sending you the link now: {link}. Pay the customs fee there and it will be released.",
                    "Go to {link} to reschedule your delivery. You'll need to pay a $3 handling fee.",
                    "Click the link we texted you, {link}, and fill in your address and card to release the parcel.",
                ],
            ),
            (
                A,
                [
                    "Please do it today, otherwise the parcel goes back to the sender.",
                    "You have 24 hours before it's returned.",
                    "It's quick, it only takes a minute.",
                    "After you pay you'll get a confirmation text.",
                    "Make sure you do it right away so it isn't sent back.",
                    "Once you've paid, the driver will come tomorrow.",
                ],
            ),
            (
                C,
                [
                    "Okay, I'm on the site now.",
                    "Alright, I'll pay it.",
                    "Done, I entered my card.",
                    "Fine, I'll do it now.",
                    "I'm typing in my address.",
                    "Okay, thanks.",
                ],
            ),
        ],
    ),
    (
        "zh",
        "phishing",
        [
            (
                A,
                [
                    "您好，我是快递客服，您有一个包裹因为地址不详无法派送",
                    "你好，这边是物流中心，您的包裹派送失败了，现在滞留在网点",
                    "您好，您的快递在运输途中被扣了，需要补缴一点运费才能继续派送",
                    "喂您好，我是快递员，您的件地址不完整，送不了",
                    "您好，您有一个国际包裹在清关，需要缴纳一笔关税",
                    "你好，您的包裹显示异常，需要您重新确认收货地址",
                ],
            ),
            (
                C,
                [
                    "哦，我确实在等一个快递",
                    "那要怎么弄",
                    "要多少钱啊",
                    "我怎么没收到通知",
                    "是哪个快递",
                    "那你们能重新送吗",
                ],
            ),
            (
                A,
                [
                    "我把链接发到您手机上了，{link}，您点进去填一下地址，补缴两块钱运费就行",
                    "您登录这个网址 {link}，填写地址和银行卡信息，缴纳手续费后我们安排重新派送",
                    "您打开 {link}，按页面提示操作，支付一元的二次派送费",
                    "麻烦您点击链接 {link}，把关税交一下，今天就能放行",
                    "您在 {link} 上更新一下地址，再付三块钱的保管费",
                    "我发给您一个链接 {link}，进去以后选重新派送，付一下运费",
                ],
            ),
            (
                A,
                [
                    "今天之内要处理，不然包裹就退回了",
                    "尽快操作哦，超时会产生滞留费",
                    "很快的，一分钟就弄好了",
                    "付完以后您会收到短信确认",
                    "您抓紧时间，今天下午就截止了",
                    "操作完了跟我说一声",
                ],
            ),
            (
                C,
                [
                    "好的，我打开了",
                    "行，我现在填",
                    "付好了",
                    "我在输银行卡号",
                    "嗯，我弄一下",
                    "好的谢谢",
                ],
            ),
        ],
    ),
    (
        "en",
        "family_emergency",
        [
            (
                A,
                [
                    "Grandpa? It's me, {name}. I'm in a lot of trouble, I got arrested.",
                    "Hi Grandma, it's your grandson. Please don't be upset, I'm in jail.",
                    "Grandma, it's me. I was in a car accident and the police are holding me.",
                    "Hello, this is Officer Daniels. Your grandson {name} has been arrested after a crash.",
                    "Nana, it's me, I'm in trouble. They put me in a cell and I only get one call.",
                    "Hello, I'm the public defender for your grandson {name}. He's been detained.",
                ],
            ),
            (
                C,
                [
                    "{name}? Oh my goodness, are you hurt?",
                    "What happened? Are you okay?",
                    "Oh no, where are you?",
                    "Is he alright? What do I do?",
                    "You don't sound like yourself.",
                    "How much trouble is he in?",
                ],
            ),
            (
                A,
                [
                    "I need $4,000 for bail so they let me out tonight. The lawyer says it has to be cash.",
                    "The bail is set at $2,500. If it's paid today the charges can be dropped.",
                    "My lawyer says I need bail money right now, can you send it?",
                    "To release him we need the bail paid today. A courier can come to your house to collect the cash.",
                    "Please, I just need money for the bail, I'll pay you back.",
                    "The court needs the bond paid within the hour, you can pay with gift cards or a wire.",
                ],
            ),
            (
                A,
                [
                    "Please don't tell Mom and Dad, they'd be so angry.",
                    "Don't tell anyone, the judge put a gag order on the case.",
                    "Keep this between us, please, I'm so embarrassed.",
                    "Don't call my parents, they'll only make it worse.",
                    "Please don't mention it to anyone in the family.",
                    "It's best you don't discuss this with anyone until it's settled.",
                ],
            ),
            (
                C,
                [
                    "Okay, I'll go to the bank now.",
                    "Alright, I'll get the money.",
                    "I'll do whatever you need.",
                    "How do I send it?",
                    "I have some cash at home.",
                    "Okay, I won't tell anyone.",
                ],
            ),
        ],
    ),
    (
        "zh",
        "family_emergency",
        [
            (
                A,
                [
                    "奶奶，是我啊，我出事了，您别告诉我爸妈",
                    "爷爷，我是你孙子{name}，我在外地被警察抓了",
                    "外婆，是我，我开车撞了人，现在在派出所",
                    "喂，是{name}的奶奶吗？我是派出所的，您孙子打架被拘留了",
                    "姥姥，我是{name}，我出车祸了，对方要我赔钱",
                    "您好，我是{name}的律师，他现在被羁押，需要家属帮忙",
                ],
            ),
            (
                C,
                [
                    "{name}？你怎么了，受伤没有",
                    "啊？怎么回事，人没事吧",
                    "你声音怎么不太一样",
                    "那现在怎么办啊",
                    "要多少钱",
                    "他人在哪里",
                ],
            ),
            (
                A,
                [
                    "需要交两万块保释金才能放我出来，您先转给我的律师",
                    "对方说私了的话赔三万就不追究，今天就要",
                    "要交取保候审的保证金，您把钱转到这个账户",
                    "律师费和保释金一共一万五，越快越好",
                    "医药费要先交，不然对方要报警起诉我",
                    "您去银行取现金，会有人上门来拿",
                ],
            ),
            (
                A,
                [
                    "千万别告诉我爸妈，他们知道了会打死我",
                    "这件事您别跟家里任何人说",
                    "您不要给我爸妈打电话，他们会更着急",
                    "先别声张，等事情处理完我再跟您解释",
                    "这事要保密，说出去对我影响不好",
                    "您自己处理就行，别跟别人讲",
                ],
            ),
            (
                C,
                [
                    "好好好，我这就去银行",
                    "我马上去取钱",
                    "你别急，奶奶给你想办法",
                    "转到哪个账户",
                    "我家里有点现金",
                    "好，我不说",
                ],
            ),
        ],
    ),
    (
        "en",
        "family_emergency",
        [
            (
                A,
                [
                    "Hi Mum, it's me, I dropped my phone in the bath, this is my new number.",
                    "Hey Mom, it's {name}, my phone broke so I'm texting from a friend's number.",
                    "Hi Dad, new number! Lost my old phone at the gym.",
                    "Mum it's me, I'm on a new phone, the old one got stolen.",
                    "Hi Mom, it's me, save this number, my old one doesn't work anymore.",
                    "Hey Dad it's {name}, I smashed my screen so I'm using this phone for now.",
                ],
            ),
            (
                C,
                [
                    "Oh no, are you alright?",
                    "Hi love, okay, I'll save it.",
                    "What happened to your old one?",
                    "Is everything okay?",
                    "Hello darling.",
                    "Oh dear, okay.",
                ],
            ),
            (
                A,
                [
                    "I can't get into my banking app on this phone. Could you pay a bill for me today? I'll pay you back Friday.",
                    "I need to pay my rent today or I get a late fee, can you transfer it for me? I'll send you the details.",
                    "Could you send me £800 for a bill? My card is blocked until the new phone is set up.",
                    "Can you do me a favour and pay my landlord today, I'll give you the account number.",
                    "I need money urgently for a bill, can you transfer it to this account and I'll pay you back next week?",
                    "My app is locked, can you pay this invoice for me, it's due today.",
                ],
            ),
            (
                A,
                [
                    "Please don't call the old number, it's broken. Just text me here.",
                    "I can't talk right now, the mic on this phone is broken, just text.",
                    "Don't ring me, I'm in a meeting, just send it when you can.",
                    "Please do it now, it's really urgent.",
                    "Text me when it's done, I can't answer calls.",
                    "Thanks Mum, you're a lifesaver, let me know once it's sent.",
                ],
            ),
            (
                C,
                [
                    "Okay, send me the details.",
                    "Alright, how much is it?",
                    "I'll do it now.",
                    "Fine, what's the account?",
                    "Okay love.",
                    "I'll sort it out.",
                ],
            ),
        ],
    ),
    (
        "zh",
        "family_emergency",
        [
            (
                A,
                [
                    "妈，是我，我手机掉水里了，这是我的新号码",
                    "爸，我换号了，原来的手机丢了",
                    "妈妈是我，我手机坏了，先用这个号联系你",
                    "妈，我是{name}，手机被偷了，这是我新号",
                    "爸是我，手机屏幕摔碎了，用同事的手机给你发消息",
                    "妈，我换手机号了，你存一下",
                ],
            ),
            (
                C,
                [
                    "啊，人没事吧",
                    "好的，我存一下",
                    "怎么又丢了",
                    "你没事吧",
                    "嗯，知道了",
                    "那旧号不用了吗",
                ],
            ),
            (
                A,
                [
                    "我手机银行登不上了，你先帮我交一下房租，我周五还你",
                    "今天要交一笔钱，我卡被锁了，你先帮我转到这个账户",
                    "急用钱，你先给我转八千，我过两天还你",
                    "你帮我给房东转一下房租，账号我发给你",
                    "我这边有一笔款今天必须付，你先帮我垫一下",
                    "我的卡冻住了，你帮我把钱打到这个账户",
                ],
            ),
            (
                A,
                [
                    "你别打我旧号码了，打不通的，有事发消息",
                    "我现在不方便接电话，你转好了跟我说一声",
                    "先别打电话，我在开会，转完发消息给我",
                    "你尽快转，今天就要",
                    "这个手机打不了电话，你发消息就行",
                    "谢谢妈，转好截个图给我",
                ],
            ),
            (
                C,
                [
                    "好，账号发我",
                    "要多少",
                    "我这就转",
                    "行，我去弄",
                    "好的",
                    "我先转给你",
                ],
            ),
        ],
    ),
]

LEGIT: list[Scenario] = [
    (
        "zh",
        None,
        [
            (
                C,
                [
                    "你好，我家宽带这两天特别慢，看视频一直卡",
                    "您好，我的电脑老是蓝屏，能帮我看看吗",
                    "我家网络总是断，路由器灯一直闪红",
                    "你好，我是你们的宽带用户，网速很不稳定",
                    "我装的你们的安全软件一直报错，打不开",
                    "你好，电视盒子连不上网了",
                ],
            ),
            (
                A,
                [
                    "您好，请问您的宽带账号是登记在哪个地址的",
                    "好的，请问是什么时候开始出现的",
                    "请问您是在我们营业厅办理的宽带吗",
                    "收到，我先帮您查一下线路",
                    "好的，您先重启一下光猫试试",
                    "明白，麻烦提供一下装机地址",
                ],
            ),
            (
                C,
                [
                    "地址是幸福小区三栋",
                    "大概昨天晚上开始的",
                    "是在营业厅办的",
                    "重启过了，还是不行",
                    "就是家里的地址",
                    "好的",
                ],
            ),
            (
                A,
                [
                    "线路这边显示正常，如果您同意，我可以通过我们官方的远程协助帮您看一下电脑设置，您随时可以断开",
                    "我们可以安排师傅明天上门检修，不收任何费用",
                    "您可以在官方APP里申请远程协助，工程师会帮您检查，全程您能看到",
                    "这边给您派单，师傅会先打电话跟您约时间",
                    "如果您愿意，可以用我们官网下载的远程协助工具，我帮您看一下设置，不需要您提供任何密码",
                    "看了一下是您这片区的线路在维修，今晚十点前恢复",
                ],
            ),
            (
                C,
                [
                    "好的，那麻烦你们了",
                    "可以，明天上午在家",
                    "好的我试一下",
                    "行，谢谢",
                    "那我等师傅电话",
                    "好，那我晚上再看看",
                ],
            ),
        ],
    ),
    (
        "en",
        None,
        [
            (
                C,
                [
                    "Hi, my internet keeps dropping every few minutes.",
                    "Hello, my laptop is really slow and I think I might have a virus.",
                    "My Wi-Fi stopped working this morning, the router light is red.",
                    "Hi, I'm a customer and my connection has been slow all week.",
                    "The antivirus you sold me keeps showing an error.",
                    "Hello, my email isn't syncing on my computer.",
                ],
            ),
            (
                A,
                [
                    "Sorry to hear that. Can you confirm the account holder's name and postcode?",
                    "I can help with that. When did it start?",
                    "Let me check the line from our side first.",
                    "Have you tried restarting the router?",
                    "No problem, can I have the address on the account?",
                    "Thanks for calling. Which device is affected?",
                ],
            ),
            (
                C,
                [
                    "It's under my name, the postcode is on the bill.",
                    "It started yesterday.",
                    "Sure, go ahead.",
                    "Yes, I restarted it twice.",
                    "It's my home address.",
                    "My laptop.",
                ],
            ),
            (
                A,
                [
                    "The line looks fine. If you'd like, I can start a remote session through our support app so I can see the settings. You stay in control and can end it anytime.",
                    "I'll book an engineer visit for tomorrow morning, there's no charge.",
                    "With your permission I can share your screen through our official support tool and check the network settings. I won't need any passwords.",
                    "There's an outage in your area, it should be fixed by tonight.",
                    "You can run the diagnostic in our app and I'll look at the results with you.",
                    "I'd suggest running a full scan with your antivirus, and if it's still slow we can schedule a visit.",
                ],
            ),
            (
                C,
                [
                    "Okay, that works.",
                    "Great, thanks for your help.",
                    "Sure, let's do that.",
                    "Alright, I'll wait then.",
                    "Thanks, I'll try that.",
                    "Perfect.",
                ],
            ),
        ],
    ),
    (
        "en",
        None,
        [
            (
                A,
                [
                    "Hi, this is your courier. I'm outside but nobody answered, can I leave the parcel with a neighbour?",
                    "Hello, I'm calling from the delivery company about your parcel, we couldn't find the entrance to the building.",
                    "Hi, it's the driver. I have a package for you, is anyone home this afternoon?",
                    "Good morning, your order is out for delivery today. Do you have a safe place we can leave it?",
                    "Hi, this is the shop you ordered from. Your parcel was returned to us, the courier said the address was incomplete.",
                    "Hello, I'm the delivery driver. The gate code didn't work.",
                ],
            ),
            (
                C,
                [
                    "Yes, next door is fine.",
                    "It's around the back, the blue door.",
                    "I'll be home after three.",
                    "You can leave it by the back door.",
                    "Oh, sorry, I forgot the flat number.",
                    "The code is on the note, it's changed.",
                ],
            ),
            (
                A,
                [
                    "No problem. There's no fee, I'll leave it with number 12.",
                    "Great, I'll come round the back. No need to do anything else.",
                    "I'll try again then. You can also reschedule in the official app if that's easier, free of charge.",
                    "Okay, I'll leave it there and take a photo for you.",
                    "No worries, we'll resend it at no cost. Could you confirm the flat number on the phone?",
                    "Thanks, I've got it, see you in two minutes.",
                ],
            ),
            (
                C,
                [
                    "Thank you!",
                    "Perfect, thanks.",
                    "It's flat 4.",
                    "Great.",
                    "Thanks for calling.",
                    "Cheers.",
                ],
            ),
        ],
    ),
    (
        "zh",
        None,
        [
            (
                A,
                [
                    "您好，我是快递员，您的快递到了，家里有人吗",
                    "你好，您的包裹放快递柜了，取件码已经发短信给您",
                    "您好，这边是快递，您的地址没写门牌号，我确认一下是几单元",
                    "你好，我是送外卖的，小区门口进不去",
                    "您好，我是商家客服，您的快递被退回来了，地址好像少写了楼号",
                    "你好，我在您楼下，快递放门卫可以吗",
                ],
            ),
            (
                C,
                [
                    "在的，你送上来吧",
                    "好的我下班去拿",
                    "三单元502",
                    "我下来拿",
                    "啊不好意思，是5号楼",
                    "可以，放门卫吧",
                ],
            ),
            (
                A,
                [
                    "好的，马上到",
                    "好的，不收任何费用，您取件就行",
                    "好嘞，我给您放门口",
                    "收到，我们免费给您重新寄一次，您在官方APP里看物流",
                    "好的，帮您改好地址了，重新发出不用额外付钱",
                    "行，您记得尽快来拿",
                ],
            ),
            (
                C,
                [
                    "谢谢",
                    "好的",
                    "辛苦了",
                    "麻烦你了",
                    "谢谢啊",
                    "好",
                ],
            ),
        ],
    ),
    (
        "en",
        None,
        [
            (
                A,
                [
                    "Hi Grandma, it's me, {name}! I'm calling from the train, I'll be there Saturday.",
                    "Hey Grandpa, it's {name}. Mom said you weren't feeling well, are you okay?",
                    "Hi Nana, it's me. I passed my driving test!",
                    "Grandma, it's {name}. We're planning a surprise party for Mom's birthday.",
                    "Hi Grandpa, it's me, I got the job I told you about!",
                    "Hey Grandma, it's {name}, I just wanted to say thanks for the birthday card.",
                ],
            ),
            (
                C,
                [
                    "Oh, {name}, how lovely to hear from you!",
                    "I'm fine, dear, just a cold.",
                    "That's wonderful news!",
                    "Oh, what fun. What can I do?",
                    "I'm so proud of you.",
                    "You're welcome, sweetheart.",
                ],
            ),
            (
                A,
                [
                    "I'll bring the photos from my trip. Dad will pick me up at the station.",
                    "Take it easy, I'll come and see you this weekend.",
                    "I'll drive over and take you out for lunch on Sunday.",
                    "Don't tell Mom, it's a surprise! Can you bake your lemon cake?",
                    "I start next month, I'll tell you all about it at dinner.",
                    "I'll call you again on Sunday like always.",
                ],
            ),
            (
                C,
                [
                    "See you Saturday, love.",
                    "Thank you, dear.",
                    "I'd like that very much.",
                    "My lips are sealed. Of course I'll bake it.",
                    "I can't wait to hear about it.",
                    "Talk to you Sunday.",
                ],
            ),
        ],
    ),
    (
        "zh",
        None,
        [
            (
                A,
                [
                    "奶奶，是我啊，{name}，我周末回来看您",
                    "爷爷，我是{name}，我到学校了，跟您报个平安",
                    "外婆，我是{name}，妈妈生日快到了，我们想给她一个惊喜",
                    "姥姥，是我，您身体怎么样",
                    "奶奶，我考试考完了，考得还不错",
                    "爷爷，我是{name}，我找到实习了",
                ],
            ),
            (
                C,
                [
                    "{name}啊，好好好，奶奶等你",
                    "到了就好，路上累不累",
                    "好啊，要我做什么",
                    "挺好的，你别担心",
                    "真棒，想吃什么奶奶给你做",
                    "太好了，什么时候开始",
                ],
            ),
            (
                A,
                [
                    "我坐高铁回来，爸爸去车站接我",
                    "不累，室友都挺好的，您早点休息",
                    "您先别告诉妈妈，到时候给她个惊喜，您帮我们做个蛋糕就行",
                    "那就好，我下周末回来陪您",
                    "想吃您包的饺子",
                    "下个月开始，我回来跟您细说",
                ],
            ),
            (
                C,
                [
                    "好，路上注意安全",
                    "好，你也早点睡",
                    "好好，我不说",
                    "那我等你回来",
                    "好，给你包",
                    "好，好好干",
                ],
            ),
        ],
    ),
    (
        "en",
        None,
        [
            (
                C,
                [
                    "Hi, someone called my mother pretending to be my nephew and asked for bail money. Can you check her account?",
                    "Hello, my dad got a call saying his grandson was arrested and needed money. He's worried he was scammed.",
                    "I got a text saying my parcel is on hold and I need to pay a fee. Is that from you?",
                    "Someone phoned me saying they were from my internet company and wanted to share my screen.",
                    "I had a call from 'Windows support' saying I have a virus. I hung up. Should I be worried?",
                    "My grandmother almost sent gift cards to someone who said he was her grandson in jail.",
                ],
            ),
            (
                A,
                [
                    "Thank you for calling. That is a common scam: real police and courts never ask family for bail by phone or gift cards.",
                    "I'm glad you called. We'll never ask anyone to pay bail or fees over the phone. Let me check the account for any recent transfers.",
                    "That message is not from us. We never charge a redelivery fee by text link. Please don't click it.",
                    "You did the right thing. Real providers don't call out of the blue about viruses, and you should never share your screen with them.",
                    "Hanging up was right. If you did install anything, uninstall it and change your passwords from another device.",
                    "Thank you for telling us. I've added a note to the account and I can set up a call-back check for large withdrawals.",
                ],
            ),
            (
                C,
                [
                    "Thank you, that's a relief.",
                    "Okay, what should she do now?",
                    "Good, I deleted the text.",
                    "I didn't let them in, I hung up.",
                    "Okay, I'll do that.",
                    "That would be great.",
                ],
            ),
            (
                A,
                [
                    "No transfers went out. If they call again, hang up and call the family member directly.",
                    "You can also report it to the police on the non-emergency line. Is there anything else?",
                    "If you want to check a delivery, use our official app or the tracking number from your order.",
                    "We'll never ask for remote access to your computer unless you contact us first.",
                    "I've noted it. Call the number on the back of your card if anything looks wrong.",
                    "Done. Anything over the limit will need a call from us first.",
                ],
            ),
        ],
    ),
    (
        "zh",
        None,
        [
            (
                C,
                [
                    "你好，我妈接到一个电话，说我儿子被抓了要交保释金，我想确认一下她有没有转账",
                    "我爸刚才差点给一个自称是他孙子的人转钱，说是撞了人要私了",
                    "我收到短信说包裹地址不详，让我点链接补运费，是你们发的吗",
                    "刚才有人打电话说是宽带技术人员，让我开共享屏幕，我没理他",
                    "有人说我电脑中了病毒，让我下载远程软件，我挂了",
                    "我外婆接到电话说孙子在派出所，让她取现金，幸好被我拦住了",
                ],
            ),
            (
                A,
                [
                    "您好，这是典型的冒充亲属诈骗，公安机关不会打电话让家属交保释金，我帮您查一下账户",
                    "您做得对，我们这边看一下近期交易，请您稍等",
                    "这不是我们发的短信，我们不会通过短信链接收取任何运费，请不要点击",
                    "您处理得很对，正规运营商不会主动打电话要求共享屏幕",
                    "挂掉是对的，如果装了什么软件请卸载，并换一台设备修改密码",
                    "谢谢您提醒，我帮您在账户上加一个大额转账提醒",
                ],
            ),
            (
                C,
                [
                    "好的，谢谢",
                    "那现在怎么办",
                    "好，我已经删了",
                    "我没有开",
                    "好的我去弄",
                    "那太好了",
                ],
            ),
            (
                A,
                [
                    "账户没有转出记录。如果再接到这种电话，请直接给家人本人打电话核实，也可以拨打96110",
                    "您也可以拨打110报警，还有其他需要帮忙的吗",
                    "查快递请用官方APP或者订单里的运单号",
                    "我们不会在您没有报修的情况下要求远程协助",
                    "已经为您备注了，有问题请拨打卡背面的客服电话",
                    "已经设置好了，大额转出前我们会先给您打电话确认",
                ],
            ),
        ],
    ),
    (
        "en",
        None,
        [
            (
                A,
                [
                    "Hi Mum, it's me, new number! My old phone finally died, save this one.",
                    "Hey Dad, it's {name}, I got a new phone, this is my number now.",
                    "Hi Mom, new number, I switched networks.",
                    "Mum, it's me on my new phone, the old one is in the drawer.",
                    "Hi Dad, this is my new number, the old one is cancelled from today.",
                    "Hey Mom it's {name}, new phone, new number!",
                ],
            ),
            (
                C,
                [
                    "Lovely, saved it.",
                    "Oh good, thanks for letting me know.",
                    "Great, I'll update your contact.",
                    "Okay love, got it.",
                    "Thanks, saved.",
                    "Nice, what phone did you get?",
                ],
            ),
            (
                A,
                [
                    "See you on Sunday for lunch, I'll bring dessert.",
                    "Can you ring me later tonight? I want to tell you about the trip.",
                    "I'll call you after work, love you.",
                    "Are we still on for dinner Friday?",
                    "Give me a ring any time, this one works fine.",
                    "It's a bit bigger than the old one, I'll show you at the weekend.",
                ],
            ),
            (
                C,
                [
                    "See you Sunday.",
                    "Of course, I'll call at eight.",
                    "Love you too.",
                    "Yes, seven o'clock.",
                    "Will do.",
                    "Can't wait.",
                ],
            ),
        ],
    ),
    (
        "zh",
        None,
        [
            (
                A,
                [
                    "妈，是我，我换了个新手机号，你存一下",
                    "爸，我换号了，这个是新号码",
                    "妈妈是我，我办了新卡，以后打这个号",
                    "妈，我是{name}，我换了新手机，号码也换了",
                    "爸，我手机号换了，旧号今天停了",
                    "妈，存一下我新号",
                ],
            ),
            (
                C,
                [
                    "好，我存上了",
                    "知道了",
                    "行，我改一下备注",
                    "好嘞",
                    "收到",
                    "新手机好用吗",
                ],
            ),
            (
                A,
                [
                    "周末我回家吃饭",
                    "晚上给你打电话",
                    "这个号码随时能打通",
                    "你有空给我回个电话",
                    "下周我回来看你们",
                    "挺好用的，回去给你看",
                ],
            ),
            (
                C,
                [
                    "好，给你做红烧肉",
                    "好，等你电话",
                    "好的",
                    "行",
                    "好，路上小心",
                    "好啊",
                ],
            ),
        ],
    ),
    (
        "en",
        None,
        [
            (
                C,
                [
                    "Hi, I returned a jacket two weeks ago and still haven't got my refund.",
                    "Hello, I sent back the shoes last week, when will I be refunded?",
                    "My return was delivered to your warehouse but no refund yet.",
                    "I cancelled my order and paid by bank transfer, how do I get the money back?",
                    "Hi, I'm waiting on a refund for a returned lamp.",
                    "The item arrived broken and I sent it back, where is my refund?",
                ],
            ),
            (
                A,
                [
                    "Sorry for the wait. Your order was paid by bank transfer, so the refund has to go to a bank account.",
                    "I can see the return arrived. As you paid by transfer, could you give me the account you'd like the refund sent to?",
                    "Thanks for your patience. We can't refund to the card because it was a bank payment, so we need an account number.",
                    "Your return was received. Please reply with the account holder's name and the IBAN for the refund.",
                    "I've checked, the refund is approved. Which bank account should we send it to?",
                    "Sorry about that. I'll process the refund now, I just need the account the transfer came from.",
                ],
            ),
            (
                C,
                [
                    "It's the same account I paid from, ending 2231.",
                    "Sure, the account is in my name.",
                    "Here it is, it's my current account.",
                    "Okay, I'll send the IBAN.",
                    "It's the account I used to pay.",
                    "Fine, it's under my name.",
                ],
            ),
            (
                A,
                [
                    "Thank you. The refund is queued and should arrive in 3 to 5 business days. You'll get a confirmation email.",
                    "Done, the refund has been processed, you'll see it within a week.",
                    "Thanks, I've issued the refund, the reference number is in your email.",
                    "All set. It can take up to five working days.",
                    "The refund has been issued, sorry again for the delay.",
                    "Great, I've submitted it, you'll get an email when it's sent.",
                ],
            ),
        ],
    ),
    (
        "zh",
        None,
        [
            (
                C,
                [
                    "你好，我退货已经两周了，退款还没到",
                    "我上周寄回去的鞋子，什么时候退款",
                    "退货显示已经签收了，钱还没退",
                    "我取消了订单，当时是银行转账付的，怎么退",
                    "你好，我的退款一直没到账",
                    "商品坏了我寄回去了，退款呢",
                ],
            ),
            (
                A,
                [
                    "抱歉久等了，您当时是银行转账付款的，退款需要退到银行账户",
                    "看到您的退货已经签收，因为是转账支付，麻烦提供一下收款的账户",
                    "您这笔是对公转账，没办法原路退回到卡，需要您提供一个账户",
                    "退款已经审核通过，请问退到哪个银行账户",
                    "不好意思，我现在给您处理，麻烦告诉我付款时用的账户",
                    "您好，麻烦提供一下户名和收款账号，我们给您办理退款",
                ],
            ),
            (
                C,
                [
                    "就是我付款的那个账户，尾号2231",
                    "账户是我本人的",
                    "好的，我发给你",
                    "户名是我自己",
                    "就用付款那张",
                    "好",
                ],
            ),
            (
                A,
                [
                    "好的，已经为您提交退款，三到五个工作日到账",
                    "退款已经处理好了，一周内到账",
                    "已为您办理，退款编号会短信通知您",
                    "好的，已经提交，请留意到账短信",
                    "退款已发出，再次抱歉",
                    "已经帮您处理了，有问题随时联系我们",
                ],
            ),
        ],
    ),
]


def spoken(text: str, language: str) -> str:
    """As speech-to-text writes it: no sentence punctuation (a link keeps its dots)."""
    if language == "zh":
        return re.sub(r"[，。！？、；：]", " ", text).strip()
    text = re.sub(r"[,!?;:]|\.(?=\s|$)", "", text)
    return text.lower()


def build(parity: int, per_scenario: int) -> list[dict]:
    rng = random.Random(1800 + parity)
    rows = []
    for n, (language, scam_type, slots) in enumerate(SCAMS + LEGIT):
        seen: set[str] = set()
        for _ in range(per_scenario * 4):
            if len(seen) >= per_scenario:
                break
            fill = {
                "name": rng.choice(ZH_NAMES if language == "zh" else EN_NAMES),
                "link": rng.choice(ZH_LINKS if language == "zh" else EN_LINKS),
            }
            turns = [
                {"speaker": speaker, "text": rng.choice(phrasings[parity::2]).format(**fill)}
                for speaker, phrasings in slots
            ]
            key = json.dumps(turns, ensure_ascii=False)
            if key in seen:
                continue
            seen.add(key)
            channel = "call" if len(seen) % 2 else "chat"
            if channel == "call":
                turns = [{**t, "text": spoken(t["text"], language)} for t in turns]
            part = "train" if parity == 0 else "eval"
            gold: dict = {"scam": scam_type is not None}
            if scam_type:
                gold["scam_type"] = scam_type
            rows.append(
                {
                    "id": f"own3-{part}-{n:02d}-{scam_type or 'legit'}-{len(seen):03d}",
                    "channel": channel,
                    "language": language,
                    "turns": turns,
                    "gold": gold,
                }
            )
    return rows


def main() -> None:
    for parity, name, per_scenario in ((0, "risk_own3_train", 14), (1, "risk_own3_eval", 8)):
        rows = build(parity, per_scenario)
        with open(HERE / f"{name}.jsonl", "w", encoding="utf-8") as out:
            for row in rows:
                out.write(json.dumps(row, ensure_ascii=False) + "\n")
        legit = sum(not r["gold"]["scam"] for r in rows)
        print(f"{name}.jsonl: {len(rows)} conversations, {legit} legit")


if __name__ == "__main__":
    main()
