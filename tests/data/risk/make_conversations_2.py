# ruff: noqa: E501  (the conversations are data: one turn a line reads best)
"""Write our second set of scam-risk conversations (session 5, issue 16).

    python tests/data/risk/make_conversations_2.py    # rewrites risk_own2_*.jsonl here

The first set (``make_conversations.py``) fills slots of a few scenarios. These are
written one by one, in the styles the independent development set showed the model to
fail on (docs/accuracy.md, "Independent set"), none copied from it:

- legit conversations that use the scam's words: the customer reports a fraudulent
  charge or a scam message and the real support freezes the card and opens a dispute; a
  real bank's fraud team calls about a suspicious payment; refunds that go back the
  original way; agents warning "we will never ask for your code" or "enter it yourself,
  not here"; official SMS and chat-system turns;
- scams that start from an SMS or a link in a system turn and finish in chat (card,
  CVV, dynamic code), fake support a customer found on their own, and scammers who use
  the protective words and then ask anyway.

Split by ``md5(id) % 3``: 0 goes to ``risk_own2_eval.jsonl`` (never trained on, reported
separately), 1 and 2 to ``risk_own2_train.jsonl``. Every value is made up.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

HERE = Path(__file__).parent
S, A, C = "system", "agent", "customer"

# (id, language, channel, scam type or None for legit, turns)
Conversation = tuple[str, str, str, str | None, list[tuple[str, str]]]

LEGIT: list[Conversation] = [
    (
        "l2-zh-001",
        "zh",
        "chat",
        None,
        [
            (C, "你好，我的信用卡昨天晚上被盗刷了两笔，都不是我消费的"),
            (A, "您好，非常抱歉给您带来困扰。请先告诉我卡号后四位，我帮您查一下"),
            (C, "后四位 5521"),
            (
                A,
                "查到了，两笔境外网站消费。已为您冻结这张卡，并为您提交了争议申请，案件编号会短信发给您",
            ),
            (A, "温馨提示：我行不会以任何理由索要您的密码或短信验证码，请勿透露给任何人"),
            (C, "好的，谢谢"),
        ],
    ),
    (
        "l2-zh-002",
        "zh",
        "chat",
        None,
        [
            (C, "我刚收到一条短信说我的积分要清零，让我点链接兑换，是你们发的吗"),
            (A, "您好，这不是我行发送的短信，请不要点击链接，也不要在任何页面输入卡号和验证码"),
            (C, "我还没点，吓一跳"),
            (A, "没点就好。我行的积分兑换只在官方App里办理，如有疑问请拨打卡背面的客服电话 95588"),
            (C, "明白了"),
        ],
    ),
    (
        "l2-zh-003",
        "zh",
        "call",
        None,
        [
            (
                A,
                "您好，这里是招商银行信用卡中心，您尾号 3308 的卡刚刚在境外有一笔 2400 元的消费，请问是您本人吗",
            ),
            (C, "不是啊，我人在家里"),
            (
                A,
                "好的，我们已经为您拦截了这笔交易，并为您停用这张卡，新卡会在七个工作日内寄到您的账单地址",
            ),
            (C, "那我需要做什么吗"),
            (
                A,
                "不需要您提供任何密码或验证码。如果您对这通电话有疑虑，可以挂断后拨打卡背面的 95555 核实",
            ),
            (C, "好，谢谢你们"),
        ],
    ),
    (
        "l2-zh-004",
        "zh",
        "chat",
        None,
        [
            (C, "我在你们平台买的耳机退货了，退款什么时候到"),
            (
                A,
                "您好，查到您的退货已签收，退款 399 元已原路退回到您的支付账户，预计 1-3 个工作日到账",
            ),
            (C, "需要我提供银行卡号吗"),
            (A, "不需要的，退款会原路返回，我们不会要求您提供卡号或验证码，也不会让您扫码或转账"),
            (C, "好的"),
        ],
    ),
    (
        "l2-zh-005",
        "zh",
        "chat",
        None,
        [
            (C, "我换了手机号，想把绑定的手机改一下"),
            (A, "好的，请在App里点我的-安全中心-更换手机号，新号码会收到一条验证码"),
            (C, "收到了，要发给你吗"),
            (A, "不用告诉我，验证码请您自己在App里输入，任何人包括我们客服都不会问您要"),
            (C, "好的，已经改好了"),
            (A, "更换成功，感谢您的耐心"),
        ],
    ),
    (
        "l2-zh-006",
        "zh",
        "call",
        None,
        [
            (C, "你好，我接到一个电话说是公安局的，说我涉嫌洗钱，要我把钱转到安全账户，我有点怕"),
            (
                A,
                "您好，您遇到的是典型的冒充公检法诈骗，公安机关不会通过电话办案，更不存在所谓安全账户",
            ),
            (C, "我还没转"),
            (
                A,
                "没转就好。请不要再接听这个号码，如果已经泄露了卡号，可以先把卡临时挂失，我现在帮您办理",
            ),
            (C, "好，帮我挂失吧"),
            (A, "已为您办理临时挂失，您也可以拨打 96110 反诈专线咨询或者到派出所报警"),
        ],
    ),
    (
        "l2-zh-007",
        "zh",
        "chat",
        None,
        [
            (S, "会话已由智能助手转接至人工客服"),
            (C, "我的支付宝账户显示有一笔我不认识的扣款"),
            (A, "您好，请问扣款时间和金额大概是多少"),
            (C, "今天上午，88 块，写的是某视频会员"),
            (A, "这是您之前开通的自动续费，已经帮您关闭，并为您申请退款，款项会原路退回"),
            (C, "哦哦原来是这个，谢谢"),
        ],
    ),
    (
        "l2-zh-008",
        "zh",
        "chat",
        None,
        [
            (
                S,
                "【建设银行】您尾号 6120 的账户于 14:32 消费 3,200.00 元，如非本人操作请致电 95533",
            ),
            (C, "这笔不是我刷的，刚收到短信"),
            (A, "您好，收到。我这边为您查询，这笔交易目前是预授权状态，已为您撤销并冻结卡片"),
            (C, "卡还能用吗"),
            (
                A,
                "这张卡已经停用，您可以到任意网点补办新卡，或者在手机银行里申请邮寄。请注意，我们不会要求您提供密码",
            ),
            (C, "知道了"),
        ],
    ),
    (
        "l2-zh-009",
        "zh",
        "chat",
        None,
        [
            (C, "你好，我的宽带一直断线"),
            (A, "您好，麻烦提供一下宽带账号或者装机地址"),
            (C, "地址是东湖路 18 号 3 单元"),
            (
                A,
                "查到了，线路有故障，已经帮您派单，师傅明天上午上门。师傅不会向您收取任何费用，也不会要求您提供服务密码",
            ),
            (C, "好的谢谢"),
        ],
    ),
    (
        "l2-zh-010",
        "zh",
        "call",
        None,
        [
            (
                A,
                "您好，这里是工商银行风险监控中心，您的账户刚才有一笔转给陌生账户的 5 万元转账被系统暂停了，请问是您本人操作吗",
            ),
            (C, "是我转的，对方说是投资平台的老师"),
            (
                A,
                "这种情况很可能是投资诈骗，建议您暂停这笔转账。我们不会要求您提供验证码，也不会让您转到其他账户",
            ),
            (C, "那先不转了"),
            (A, "好的，这笔已为您取消。如需核实我的身份，可以挂断后拨打 95588"),
        ],
    ),
    (
        "l2-zh-011",
        "zh",
        "chat",
        None,
        [
            (C, "我卡丢了，在外地，怎么办"),
            (A, "别着急，为了核实身份，请提供一下身份证号后四位和卡号后四位"),
            (C, "身份证后四位 0317，卡号后四位 8842"),
            (A, "核实通过，已为您挂失这张卡，挂失后卡内资金是安全的。补卡请带身份证到就近网点"),
            (C, "好的"),
        ],
    ),
    (
        "l2-zh-012",
        "zh",
        "chat",
        None,
        [
            (C, "有人自称你们客服加我微信，说我的快递丢了要赔偿我，让我提供银行卡号，是真的吗"),
            (
                A,
                "您好，我们不会通过微信联系您，理赔也只会在App的订单页面办理，请不要向对方提供卡号和验证码",
            ),
            (C, "那我的快递到底丢没丢"),
            (A, "我帮您查了，包裹正常派送中，今天下午送达"),
            (C, "太好了，差点上当"),
        ],
    ),
    (
        "l2-zh-013",
        "zh",
        "chat",
        None,
        [
            (C, "我想开通网银"),
            (
                A,
                "好的，请在手机银行里点开通网银，系统会给您发一个验证码，请在页面上输入，不要在对话里发送",
            ),
            (C, "好，输入了"),
            (A, "开通成功。登录密码请您自己设置，我们客服看不到，也不会问您"),
        ],
    ),
    (
        "l2-zh-014",
        "zh",
        "chat",
        None,
        [
            (C, "你好，我那张卡有幾筆唔係我簽嘅消費，想報失"),
            (A, "您好，唔好意思。請提供卡號最後四位同出世日期，我幫您核對"),
            (C, "最後四位 2291，出世日期 1990 年 3 月 14 號"),
            (A, "核對完成，我哋已即時停用張卡，新卡會寄去您登記地址，可疑交易會幫您提出爭議"),
            (A, "提提您，我哋職員唔會問您要密碼或者一次性驗證碼"),
            (C, "好，多謝"),
        ],
    ),
    (
        "l2-zh-015",
        "zh",
        "chat",
        None,
        [
            (C, "我收到簡訊說我的門號欠費要停話，叫我點連結繳費"),
            (A, "您好，本公司不會以簡訊連結要求您繳費，也不會要求您提供密碼，請勿點擊"),
            (C, "那我到底有沒有欠費"),
            (A, "幫您查詢，您目前沒有欠費，帳單都已繳清。如需繳費請使用官方App或到門市"),
            (C, "好的謝謝"),
        ],
    ),
    (
        "l2-zh-016",
        "zh",
        "call",
        None,
        [
            (
                A,
                "您好，我是中国银行信用卡中心的，您的卡刚才在一家网店连续消费了三笔，想跟您确认一下",
            ),
            (C, "我没在网上买东西啊"),
            (A, "明白，已为您冻结这张卡防止继续被盗刷，三笔交易会为您发起争议处理"),
            (C, "你们要我提供什么信息吗"),
            (
                A,
                "不需要您提供卡号、密码或者验证码。新卡寄到后请在官方App激活，如有疑问请自行拨打 95566",
            ),
            (C, "好的"),
        ],
    ),
    (
        "l2-zh-017",
        "zh",
        "chat",
        None,
        [
            (C, "我昨天被骗了，对方让我下载一个会议软件共享屏幕，然后转走了两千块"),
            (A, "非常抱歉听到这个。请您先报警，我这边为您冻结账户的转账功能，防止继续损失"),
            (C, "好，已经报警了"),
            (A, "已为您冻结。请卸载那个会议软件，修改登录密码，新密码请您自己设置，不要告诉任何人"),
            (C, "好的，谢谢"),
        ],
    ),
    (
        "l2-zh-018",
        "zh",
        "chat",
        None,
        [
            (C, "我订的机票航班取消了，能退款吗"),
            (A, "您好，航班取消可以全额退款，已为您提交退票，票款会原路退回到您付款的银行卡"),
            (C, "刚有人打电话说航班取消要我去ATM操作退款"),
            (A, "那是诈骗电话，我们的退款不需要您做任何转账操作，也不需要提供验证码，请直接挂断"),
            (C, "明白了"),
        ],
    ),
    (
        "l2-zh-019",
        "zh",
        "chat",
        None,
        [
            (S, "【中国移动】您的验证码为 ######，请勿泄露给他人"),
            (C, "我在补办手机卡，收到这个验证码了"),
            (A, "好的，请直接在营业厅的终端上输入，不用报给我"),
            (C, "输好了"),
            (A, "补卡成功，原卡已作废"),
        ],
    ),
    (
        "l2-zh-020",
        "zh",
        "chat",
        None,
        [
            (C, "你好，我老人家接到电话说孙子出事要钱，我想问问怎么防这个"),
            (A, "这是冒充亲友的诈骗，遇到要钱的电话请先挂断，再用平时的号码打给家人核实"),
            (C, "那银行能帮我设置一下吗"),
            (A, "可以为您设置大额转账提醒和延时到账，已经帮您开通了"),
            (C, "太好了"),
        ],
    ),
    (
        "l2-zh-021",
        "zh",
        "call",
        None,
        [
            (A, "您好，这里是平安银行，您刚才申请的贷款我们发现收款账户是一个可疑账户，想跟您确认"),
            (C, "对方说要先交保证金才能放款"),
            (A, "正规贷款不会先收保证金，这很可能是贷款诈骗，请不要转账。我们不会要您提供密码"),
            (C, "好，那我不交了"),
            (A, "好的，您如果已经泄露了卡号，可以到网点更换银行卡"),
        ],
    ),
    (
        "l2-zh-022",
        "zh",
        "chat",
        None,
        [
            (C, "你们的App提示我账户有异常登录，是不是被盗了"),
            (A, "您好，系统确实检测到一次新设备登录，已为您强制下线该设备"),
            (C, "那我要改密码吗"),
            (A, "建议您在App里自己修改登录密码，新密码不要告诉任何人，包括我们客服"),
            (C, "好的改好了"),
        ],
    ),
    (
        "l2-en-001",
        "en",
        "chat",
        None,
        [
            (
                C,
                "Hi, there are three charges on my card I didn't make, all from some website abroad.",
            ),
            (
                A,
                "I'm sorry about that. To find the account, can you confirm the last four digits of the card?",
            ),
            (C, "It ends in 4471."),
            (
                A,
                "Thanks. I've blocked the card and opened a dispute for the three charges. A replacement card will be mailed to your address in 5-7 days.",
            ),
            (
                A,
                "Reminder: we will never ask for your PIN or one-time passcodes by chat, email or phone.",
            ),
            (C, "Great, thanks."),
        ],
    ),
    (
        "l2-en-002",
        "en",
        "chat",
        None,
        [
            (C, "I got a text saying my account is locked with a link to unlock it. Was that you?"),
            (
                A,
                "No, that wasn't from us. Please don't click the link or enter any details on that site.",
            ),
            (C, "I didn't click it."),
            (
                A,
                "Good. You can forward the text to 7726, and if you're ever unsure, call the number on the back of your card.",
            ),
            (C, "Will do, thanks."),
        ],
    ),
    (
        "l2-en-003",
        "en",
        "call",
        None,
        [
            (
                A,
                "Hello, this is the fraud team at Harbor Bank. We saw a payment of 640 dollars to an electronics store a few minutes ago. Did you make it?",
            ),
            (C, "No, I didn't, I'm at work."),
            (
                A,
                "Thanks for confirming. I've declined it and frozen the card so no further payments go through. A new card is on its way.",
            ),
            (C, "Do you need anything from me?"),
            (
                A,
                "No, we won't ask for your PIN, password or any code. If you want to check this call is genuine, hang up and call the number on the back of your card.",
            ),
            (C, "Okay, thank you."),
        ],
    ),
    (
        "l2-en-004",
        "en",
        "chat",
        None,
        [
            (C, "My order was cancelled, when do I get my refund?"),
            (
                A,
                "Your refund of 58.20 has been processed to your original payment method. It usually shows in 3-5 business days.",
            ),
            (C, "Do you need my card number for that?"),
            (
                A,
                "No need, it goes back to the card you paid with. We never ask for card details or codes to issue a refund.",
            ),
            (C, "Perfect."),
        ],
    ),
    (
        "l2-en-005",
        "en",
        "chat",
        None,
        [
            (C, "I want to change the phone number on my account."),
            (
                A,
                "Sure. Go to Settings > Security > Phone number. We'll text a code to the new number; please enter it in the app yourself, not here.",
            ),
            (C, "Got it, entered it."),
            (
                A,
                "All updated. Just so you know, nobody from our team will ever ask you for that code.",
            ),
        ],
    ),
    (
        "l2-en-006",
        "en",
        "chat",
        None,
        [
            (
                C,
                "Someone called me saying they were from Microsoft and my computer had a virus. They wanted remote access. Is my bank account safe?",
            ),
            (
                A,
                "That was a scam; Microsoft doesn't make calls like that. Did you give them access or any banking details?",
            ),
            (C, "I let them on for a minute and then hung up."),
            (
                A,
                "Okay. I've put a temporary hold on online transfers and reset your online banking access. Please run a security scan and change your password yourself.",
            ),
            (C, "Thank you so much."),
        ],
    ),
    (
        "l2-en-007",
        "en",
        "chat",
        None,
        [
            (S, "Chat transferred from Virtual Assistant to Priya (Card Services)"),
            (C, "There's a charge from a streaming service I don't recognise."),
            (
                A,
                "Let me look. That's a subscription renewal from March. Would you like me to cancel it and request a refund?",
            ),
            (C, "Yes please."),
            (
                A,
                "Done, the refund request is in and will go back to your card ending 9031. Your case number is in your messages.",
            ),
        ],
    ),
    (
        "l2-en-008",
        "en",
        "chat",
        None,
        [
            (
                S,
                "Lakeside Bank: A purchase of $912.40 at TECHWORLD was declined. If this wasn't you, call us at the number on the back of your card.",
            ),
            (C, "That wasn't me, I just got this alert."),
            (
                A,
                "Thanks for reaching out. I've locked the card and flagged the attempt as fraud. A replacement will arrive in about a week.",
            ),
            (C, "Do I need to send you anything?"),
            (A, "No. We'll never ask for your full card number, PIN or security codes here."),
        ],
    ),
    (
        "l2-en-009",
        "en",
        "call",
        None,
        [
            (C, "Hi, I think I gave my card details to a fake delivery website."),
            (
                A,
                "Thanks for telling us quickly. Can you confirm your date of birth and the last four of the card?",
            ),
            (C, "March 2nd 1985, card ends 6672."),
            (
                A,
                "I've cancelled that card and ordered a new one. Any pending charges will be disputed for you.",
            ),
            (
                A,
                "If you get a call asking you to read out a code to stop a payment, that's the fraudster, hang up.",
            ),
            (C, "Understood."),
        ],
    ),
    (
        "l2-en-010",
        "en",
        "chat",
        None,
        [
            (C, "I'd like to open a savings account."),
            (
                A,
                "Happy to help. You'll fill in the application form, which asks for your Social Security number as required by law. Please type it only in the secure form, not in this chat.",
            ),
            (C, "Done, submitted."),
            (
                A,
                "Thanks. We'll text a verification code to finish; enter it on the form. Your account will be ready shortly.",
            ),
        ],
    ),
    (
        "l2-en-011",
        "en",
        "call",
        None,
        [
            (
                A,
                "Good afternoon, this is Summit National's fraud prevention line calling about an unusual transfer request on your account this morning.",
            ),
            (C, "Yes, I was sending money to a new investment company."),
            (
                A,
                "We've paused it because the receiving account has been linked to scam reports. Can I ask how you heard about the company?",
            ),
            (C, "Someone on social media."),
            (
                A,
                "This has the signs of an investment scam. I'd suggest you don't send it. We won't ask you to move money anywhere, and you can call us back on the number on our website.",
            ),
        ],
    ),
    (
        "l2-en-012",
        "en",
        "chat",
        None,
        [
            (C, "I got an email saying I'm owed a tax refund, it wants my bank login."),
            (
                A,
                "That's a phishing email. We'd never ask for your online banking login by email. Please delete it.",
            ),
            (C, "Ok. Should I worry?"),
            (
                A,
                "If you didn't enter anything you're fine. If you did, we can reset your access right away.",
            ),
            (C, "I didn't, thanks."),
        ],
    ),
    (
        "l2-en-013",
        "en",
        "chat",
        None,
        [
            (C, "My phone was stolen yesterday and my banking app is on it."),
            (
                A,
                "Sorry to hear that. I've signed out all devices and blocked mobile banking until you set it up again.",
            ),
            (C, "How do I get back in?"),
            (
                A,
                "When you have a new phone, download our official app and register again; you'll get a code by text which you enter in the app. Don't share it with anyone.",
            ),
            (C, "Okay, thanks."),
        ],
    ),
    (
        "l2-en-014",
        "en",
        "call",
        None,
        [
            (
                C,
                "Hello, I'm calling because someone phoned pretending to be you and asked me to move my savings to a safe account.",
            ),
            (
                A,
                "Thank you for calling us directly. That's a scam; we would never ask you to move money to a safe account.",
            ),
            (C, "I didn't move anything."),
            (
                A,
                "Good. I've added a note and extra protection to your account. If they call again, just hang up.",
            ),
        ],
    ),
    (
        "l2-en-015",
        "en",
        "chat",
        None,
        [
            (C, "My wallet provider says my account is suspended?"),
            (
                A,
                "Let me check. Yes, it was suspended automatically after several wrong password attempts. I've lifted the suspension for you.",
            ),
            (C, "Do I need to verify anything?"),
            (
                A,
                "Just log in and reset the password yourself in the app; we don't need it and won't ask for it.",
            ),
            (C, "Thanks, it works now."),
        ],
    ),
    (
        "l2-en-016",
        "en",
        "chat",
        None,
        [
            (
                C,
                "A guy on a marketplace wants me to 'verify' my account by sending him the code I just got by text.",
            ),
            (
                A,
                "Please don't. That code lets someone take over your account. No buyer or platform needs it.",
            ),
            (C, "Oh wow, ok."),
            (A, "If you already sent it, tell me and I'll secure the account right away."),
            (C, "I didn't send it."),
        ],
    ),
    (
        "l2-en-017",
        "en",
        "call",
        None,
        [
            (
                A,
                "Hi, this is Maple Credit Union. We noticed a large cash withdrawal on your account at a branch you don't usually use. Was that you?",
            ),
            (C, "Yes, that was me, I'm buying a car."),
            (
                A,
                "Great, thanks for confirming. Nothing else needed. Just a reminder that we'll never call asking for your PIN or a code.",
            ),
            (C, "Good to know."),
        ],
    ),
    (
        "l2-en-018",
        "en",
        "chat",
        None,
        [
            (C, "I was charged twice for the same hotel booking."),
            (
                A,
                "I can see both charges. I've refunded the duplicate to your original payment method; you'll see it within 5 days.",
            ),
            (C, "Thanks. Someone texted me about a refund link too."),
            (
                A,
                "That text wasn't from us. Refunds always go back automatically; we don't send links asking for card details.",
            ),
        ],
    ),
    (
        "l2-en-019",
        "en",
        "chat",
        None,
        [
            (
                S,
                "Your Harbor Bank code is ######. We will never call you to ask for it. Don't share it with anyone.",
            ),
            (C, "I'm trying to log in on a new laptop and got this code."),
            (A, "Great, please type it on the login screen. Don't send it to me here."),
            (C, "Logged in, thanks."),
        ],
    ),
    (
        "l2-en-020",
        "en",
        "chat",
        None,
        [
            (
                C,
                "My elderly dad got a call saying his grandson was arrested and needed bail in gift cards.",
            ),
            (
                A,
                "That's a common family emergency scam. No court takes gift cards. Did he buy any?",
            ),
            (C, "He bought two, but didn't send the numbers."),
            (
                A,
                "Good. Keep the receipts and contact the store; we can also set up transfer alerts on his account if he calls us.",
            ),
        ],
    ),
    (
        "l2-en-021",
        "en",
        "call",
        None,
        [
            (
                A,
                "Hello, this is Lakeside Bank's security team about a new payee added to your account an hour ago. Did you add a payee called J. Hart?",
            ),
            (C, "No, I didn't."),
            (
                A,
                "Thanks, I've removed the payee and reset your online banking. We'll post you a new security device. You don't need to give me any codes.",
            ),
            (C, "Thank you."),
        ],
    ),
    (
        "l2-en-022",
        "en",
        "chat",
        None,
        [
            (C, "I need help, my account shows a transfer I didn't authorize."),
            (
                A,
                "I'm sorry. For security, can you confirm your full name and the last four digits of your card?",
            ),
            (C, "Amy Chen, 2208."),
            (
                A,
                "Thank you. I've frozen outgoing transfers and raised a fraud claim. A specialist will contact you from our official number within 24 hours.",
            ),
            (C, "Okay."),
        ],
    ),
    (
        "l2-zh-023",
        "zh",
        "chat",
        None,
        [
            (C, "我在网上看到一个兼职刷单，要先垫付，能不能帮我看看这个收款账户"),
            (A, "刷单返利都是诈骗，请不要垫付任何钱。我们不会让您向陌生账户转账"),
            (C, "好吧，我还以为能赚点钱"),
            (A, "如果您已经转过钱，请立即报警并拨打 96110"),
        ],
    ),
    (
        "l2-zh-024",
        "zh",
        "call",
        None,
        [
            (C, "你好，我收到短信说我的信用卡额度可以提升，让我联系一个客服号码"),
            (A, "您好，提额只能在官方App或者拨打 95555 申请，短信里的号码不是我们的"),
            (C, "那我现在能提额吗"),
            (A, "我看一下，您的卡目前符合条件，已为您提交提额申请，结果会通过官方短信通知"),
        ],
    ),
]

SCAMS: list[Conversation] = [
    (
        "s2-zh-001",
        "zh",
        "chat",
        "phishing",
        [
            (S, "【交通银行】您的信用卡积分 8560 即将过期，请于今日登录 bocom-jifen.top 兑换现金"),
            (C, "我打开了链接，说要联系客服，你们是交行客服吗"),
            (A, "是的，请在这里提供您的卡号、有效期和背面三位安全码，我帮您兑换"),
            (C, "卡号 6222 6200 1234 5678 有效期 08/28 背面 351"),
            (A, "好的，您会收到一个动态码，请把动态码发给我完成兑换"),
            (C, "772910"),
        ],
    ),
    (
        "s2-zh-002",
        "zh",
        "chat",
        "phishing",
        [
            (
                S,
                "【顺丰速运】您的包裹地址有误无法派送，请点击 sf-express-cn.cc 更新地址并支付 3 元",
            ),
            (C, "我付款的时候页面报错了"),
            (A, "您好，这边是顺丰在线客服，页面维护中，您直接把银行卡号和验证码发给我，我帮您补缴"),
            (C, "卡号 6217 0000 1111 2222"),
            (A, "验证码也发一下，五分钟内有效"),
        ],
    ),
    (
        "s2-zh-003",
        "zh",
        "chat",
        "customer_service",
        [
            (C, "我在网上搜到你们的客服电话，我的订单退款一直没到"),
            (A, "您好，您的订单退款失败了，需要您通过我们的专属退款通道重新办理"),
            (C, "怎么办理"),
            (
                A,
                "请下载一个会议软件，开启屏幕共享，我一步步教您操作，验证码不要告诉别人，直接念给我就行",
            ),
            (C, "好的我下载了"),
        ],
    ),
    (
        "s2-zh-004",
        "zh",
        "call",
        "bank_security",
        [
            (
                A,
                "您好，这里是银行风控中心，为了您的资金安全，我行不会索要您的密码，不过您的账户刚刚出现异常交易，需要马上核实",
            ),
            (C, "什么异常"),
            (A, "有人在外地盗刷您的卡，我们需要为您升级安全保护，请把刚收到的验证码报一下"),
            (C, "是 3 8 2 0 1 9"),
            (A, "好的，为了彻底保护资金，还需要您把余额转到我们的临时保护账户"),
        ],
    ),
    (
        "s2-zh-005",
        "zh",
        "chat",
        "bank_security",
        [
            (S, "【工商银行】您的账户存在异常，已被限制使用，请尽快登录 icbc-safe.vip 完成认证"),
            (C, "我登录了那个网站，提示让我联系客服"),
            (A, "您好，请提供您的身份证号、银行卡号和登录密码，我们这边帮您解除限制"),
            (C, "密码也要吗"),
            (A, "是的，系统验证需要，请放心，我们是官方客服，不会泄露"),
        ],
    ),
    (
        "s2-zh-006",
        "zh",
        "chat",
        "customer_service",
        [
            (
                S,
                "【某宝】亲，您购买的商品检测出质量问题，可获得三倍赔偿，请添加客服微信 tb-kefu88 办理",
            ),
            (C, "我加了微信，要怎么理赔"),
            (A, "亲，请提供一下您的银行卡号和预留手机号，赔偿款直接打到卡上"),
            (C, "6228 4800 0000 1234，手机 139 1234 5678"),
            (A, "系统需要验证，您收到一个验证码请发给我，这是退款验证码"),
        ],
    ),
    (
        "s2-zh-007",
        "zh",
        "chat",
        "phishing",
        [
            (S, "【香港郵政】您的郵件因關稅未繳暫停派送，請即登入 hkpost-tax.shop 繳付 HK$18"),
            (C, "我入咗網頁但係付唔到錢"),
            (A, "您好，請直接俾信用卡號碼、到期日同背面三個數字我，我哋幫您手動處理"),
            (C, "4520 8800 1234 5678 到期 11/27 背面 802"),
            (A, "銀行會發短訊俾您，請將入面嘅數字話俾我知"),
        ],
    ),
    (
        "s2-zh-008",
        "zh",
        "call",
        "authority",
        [
            (A, "您好，我是市公安局反诈中心的警官，您的身份证涉嫌一起洗钱案件"),
            (C, "不可能吧"),
            (
                A,
                "提高警惕是对的，为了证明您的清白，需要把资金转入国家安全账户接受核查，此事保密，不要告诉家人",
            ),
            (C, "那要怎么转"),
            (A, "我会给您一个账户，转完后资金会全额退还"),
        ],
    ),
    (
        "s2-zh-009",
        "zh",
        "chat",
        "loan_credit",
        [
            (C, "你好，我在网上申请了贷款，说我的账户被冻结了"),
            (
                A,
                "您好，这边是贷款平台客服，您填写的银行卡号有误导致资金冻结，需要缴纳解冻金才能放款",
            ),
            (C, "要多少钱"),
            (A, "解冻金 3000 元，转到我们的对公账户，放款时一起退还给您"),
        ],
    ),
    (
        "s2-zh-010",
        "zh",
        "chat",
        "phishing",
        [
            (S, "【中国移动】尊敬的用户，您的话费积分可兑换 200 元话费，点击 10086-jf.xyz 领取"),
            (C, "我点进去了，叫我填卡号"),
            (
                A,
                "您好，这里是积分兑换客服，请在对话框输入您的银行卡号、有效期和安全码，再把收到的动态密码告诉我",
            ),
            (C, "动态密码是 5 5 1 9 0 3"),
        ],
    ),
    (
        "s2-en-001",
        "en",
        "chat",
        "phishing",
        [
            (
                S,
                "USPS: Your package is held due to an incomplete address. Update at usps-redelivery-help.com within 12 hours.",
            ),
            (C, "I tried the link but the payment page froze. Is this USPS?"),
            (
                A,
                "Yes, this is USPS support. Please send your card number, expiry date and the 3 digits on the back and I'll process the fee manually.",
            ),
            (C, "4111 1111 1111 1111, 09/27, 447"),
            (A, "Thanks. Your bank will send you a text, please reply here with the number in it."),
        ],
    ),
    (
        "s2-en-002",
        "en",
        "chat",
        "phishing",
        [
            (
                S,
                "Chase: We detected unusual activity. Your account has been limited. Restore access at chase-secure-restore.net",
            ),
            (C, "I entered my login on the site and it said to contact support."),
            (
                A,
                "Hi, online security team here. Please type your username, password and the 6-digit code we just sent to complete verification.",
            ),
            (C, "username jdoe77, password is Summer2024!, code 904 113"),
            (A, "Verified. Please don't call the number on your card, we're handling it here."),
        ],
    ),
    (
        "s2-en-003",
        "en",
        "chat",
        "customer_service",
        [
            (
                C,
                "I found your support number on Google. I was overcharged on my order and want a refund.",
            ),
            (
                A,
                "Sure! To process your refund we'll need to connect to your computer. Please install AnyDesk and read me the 9-digit ID.",
            ),
            (C, "Okay, it's installed."),
            (
                A,
                "Great. Now log into your bank so I can send the refund, and tell me the code your bank texts you.",
            ),
        ],
    ),
    (
        "s2-en-004",
        "en",
        "call",
        "bank_security",
        [
            (
                A,
                "Hi, this is the fraud department at your bank. We'll never ask for your PIN, but we've detected a suspicious payment of 1,200 dollars and need to cancel it right now.",
            ),
            (C, "Oh no, what do I do?"),
            (
                A,
                "I'm sending a cancellation code to your phone. Read it back to me so I can stop the payment.",
            ),
            (C, "It's 5 0 2 7 7 1."),
            (
                A,
                "Thanks. To be safe we'll move your balance into a protected account until the investigation is done.",
            ),
        ],
    ),
    (
        "s2-en-005",
        "en",
        "chat",
        "phishing",
        [
            (
                S,
                "Netflix: Your membership is on hold. Update payment details at netflix-account-billing.co to avoid cancellation.",
            ),
            (C, "I clicked it but it says error, can you help?"),
            (
                A,
                "Of course, this is Netflix billing. Just send me the card number, the expiry and the security code and I'll update it for you.",
            ),
            (C, "5500 0000 0000 0004 exp 02/29 cvv 310"),
            (A, "Updated! You might get a verification text, please send it here to confirm."),
        ],
    ),
    (
        "s2-en-006",
        "en",
        "chat",
        "family_emergency",
        [
            (
                A,
                "Hi Dad, it's me, I broke my phone so this is a new number. Can you help me with something urgent?",
            ),
            (C, "Of course, what's wrong?"),
            (
                A,
                "I need to pay a bill today or I'll get a late fee, can you transfer 900 to this account? I'll pay you back tomorrow. Don't call the old number, it's dead.",
            ),
            (C, "Which account?"),
            (
                A,
                "Sort code 11-22-33, account 44556677. Also a code will come to your phone from my bank app, can you send it to me?",
            ),
        ],
    ),
    (
        "s2-en-007",
        "en",
        "chat",
        "customer_service",
        [
            (
                S,
                "Amazon: A refund of $329.99 is pending for your cancelled order. Claim it at amzn-refund-center.site",
            ),
            (C, "I'm on the refund site, it says to chat with an agent."),
            (
                A,
                "Hello! To release your refund please confirm your full card number and the one-time passcode we send you.",
            ),
            (C, "Card is 4000 0012 3456 7899."),
            (A, "Thanks, now the passcode please. It expires in 5 minutes."),
        ],
    ),
    (
        "s2-en-008",
        "en",
        "call",
        "authority",
        [
            (
                A,
                "This is Officer Daniels with the Federal Trade Commission. Your identity was used to open accounts linked to fraud.",
            ),
            (C, "What? I didn't do anything."),
            (
                A,
                "We know, that's why we need to protect your funds. Withdraw your savings and buy Bitcoin at the machine I'll direct you to. Tell no one, this is a confidential investigation.",
            ),
            (C, "Okay, how much?"),
        ],
    ),
    (
        "s2-en-009",
        "en",
        "chat",
        "tech_support",
        [
            (
                S,
                "Microsoft Security Alert: Your PC is infected. Call Windows support at 1-888-555-0199 immediately.",
            ),
            (C, "I called the number on the alert and they told me to chat here."),
            (
                A,
                "Hello, Microsoft support. Please download QuickSupport and give me the ID so I can remove the virus.",
            ),
            (C, "Done, the ID is 812 334 901."),
            (
                A,
                "Thanks. The repair costs 299, please buy Google Play cards and send me the numbers.",
            ),
        ],
    ),
    (
        "s2-en-010",
        "en",
        "chat",
        "phishing",
        [
            (
                S,
                "PayPal: Your account has been suspended due to unusual login. Verify your identity at paypal-verify-account.info",
            ),
            (C, "I followed the link and it asked me to contact you"),
            (
                A,
                "Yes, verification team here. For security never share this code with anyone. Now, what's the code we just sent you, and your password?",
            ),
            (C, "code 661 204, password Lakers#12"),
        ],
    ),
    (
        "s2-zh-011",
        "zh",
        "chat",
        "investment",
        [
            (C, "老师你好，我是群里看到你推荐的那个平台"),
            (A, "你好，这个平台是内部渠道，收益每天百分之五，先充值一万就能开户"),
            (C, "靠谱吗"),
            (
                A,
                "很多学员都赚了，名额有限，今天不充就没机会了，不要告诉银行是投资，就说是给亲戚转账",
            ),
        ],
    ),
    (
        "s2-en-011",
        "en",
        "chat",
        "investment",
        [
            (A, "Hey! I'm a mentor with a crypto trading group. Our members make 30% a week."),
            (C, "Sounds too good to be true."),
            (
                A,
                "Start small: send 500 in USDT to this wallet and watch it grow. Don't tell your bank, they block crypto.",
            ),
            (C, "How do I buy USDT?"),
        ],
    ),
]


def _rows() -> list[dict]:
    rows = []
    for cid, language, channel, scam_type, turns in [*LEGIT, *SCAMS]:
        gold: dict = {"scam": scam_type is not None}
        if scam_type:
            gold["scam_type"] = scam_type
        rows.append(
            {
                "id": cid,
                "channel": channel,
                "language": language,
                "turns": [{"speaker": s, "text": t} for s, t in turns],
                "gold": gold,
            }
        )
    return rows


def held_out(conversation_id: str) -> bool:
    """The split, fixed before training: md5 of the id, a third held out."""
    return int(hashlib.md5(conversation_id.encode()).hexdigest(), 16) % 3 == 0


def main() -> None:
    rows = _rows()
    ids = [r["id"] for r in rows]
    assert len(ids) == len(set(ids)), "duplicate ids"
    for name, keep in (("risk_own2_train", False), ("risk_own2_eval", True)):
        part = [r for r in rows if held_out(r["id"]) == keep]
        with open(HERE / f"{name}.jsonl", "w", encoding="utf-8") as out:
            for row in part:
                out.write(json.dumps(row, ensure_ascii=False) + "\n")
        legit = sum(not r["gold"]["scam"] for r in part)
        print(f"{name}.jsonl: {len(part)} conversations, {legit} legit")


if __name__ == "__main__":
    main()
