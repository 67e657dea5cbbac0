# ruff: noqa: E501  (the conversations are data: one phrasing a line reads best)
"""Write our own scam-risk conversations: hard negatives and scams the external sets lack.

    python tests/data/risk/make_conversations.py      # rewrites the .jsonl files here

The external development sets (``../shared/corpus/external/``) have no legit bank,
wallet or telecom calls, so a model trained on them alone learns "bank words = scam".
These scenarios are the hard cases: legit calls that ask for the last four digits or a
date of birth, mention the official hotline, warn about scams, or use the external
sets' shortcut words (身份证, 银行卡, 转账, "social security", "gift card"); and scams of
types the external sets lack (loans and credit records, police/court scripts that use
anti-fraud vocabulary, tech support, family emergencies, investment, phishing links).

Every slot of a scenario has several phrasings. Phrasings at even positions build
``risk_own_train.jsonl`` (used by ``piiguard train-risk``); phrasings at odd positions
build ``risk_own_eval.jsonl``, which training never reads: it is the hard-negative
measurement of docs/accuracy.md (same scenarios, different wording). Written for this
project; nothing here is taken from ``../shared/corpus/dev.jsonl``. Deterministic.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

HERE = Path(__file__).parent
A, C = "agent", "customer"

ZH_BANKS = ["工商银行", "建设银行", "招商银行", "农业银行", "中国银行", "交通银行"]
ZH_HOTLINES = ["95588", "95533", "95555", "95599", "95566", "95559"]
EN_BANKS = ["First Harbor Bank", "Maple Credit Union", "Summit National", "Lakeside Bank"]
EN_NAMES = ["Dana", "Marcus", "Priya", "Tom", "Elena", "Sam"]
ZH_NAMES = ["小周", "小林", "王经理", "陈专员", "小刘", "赵顾问"]

# A scenario: (language, scam, scam_type or None, slots). A slot is (speaker, phrasings).
Slot = tuple[str, list[str]]

HARD_NEGATIVES: list[tuple[str, list[Slot]]] = [
    (
        "zh",
        [
            (
                C,
                [
                    "我的银行卡丢了，想挂失一下",
                    "你好，我钱包丢了，里面的卡要先停掉",
                    "我卡找不到了，怕被别人刷，能帮我挂失吗",
                    "我的储蓄卡好像掉在出租车上了",
                ],
            ),
            (
                A,
                [
                    "好的，为了核实是您本人，请告诉我卡号后四位和您的出生日期",
                    "可以的，麻烦先报一下身份证号后四位和持卡人姓名",
                    "我先帮您核对一下，请说一下卡号最后四位和开户时的预留手机号后四位",
                    "为了确认身份，请提供您的出生年月日和卡号末四位",
                ],
            ),
            (
                C,
                [
                    "后四位是 3391，我是 1987 年 6 月出生的",
                    "身份证后四位是 002X，名字叫张敏",
                    "最后四位 7720，手机尾号 8815",
                    "我是九零年三月的，卡号末尾 4406",
                ],
            ),
            (
                A,
                [
                    "已经为您办理临时挂失，这张卡现在不能交易了，补卡请带身份证到任意网点",
                    "挂失成功，卡片已经冻结，新卡可以在手机银行里预约补办",
                    "好的，这张卡已经止付，您的资金是安全的，补办新卡需要本人到柜台",
                    "已经帮您口头挂失，五天内请到网点办理正式挂失",
                ],
            ),
            (
                A,
                [
                    "温馨提示：我行工作人员不会索要验证码和密码，如有疑问请拨打 {hotline}",
                    "另外提醒您，任何人问您要短信验证码都不要给，官方客服电话是 {hotline}",
                    "请注意，银行不会让您把钱转到所谓的安全账户，有问题打 {hotline}",
                    "之后如果有人自称银行客服联系您，请挂断后拨打卡背面的 {hotline} 核实",
                ],
            ),
            (C, ["好的，谢谢", "明白了，麻烦你了", "知道了，谢谢提醒", "好，我明天去网点"]),
        ],
    ),
    (
        "zh",
        [
            (
                A,
                [
                    "您好，这里是{bank}客服，系统显示您的银行卡刚刚向一个陌生账户转账两万元，想跟您确认一下",
                    "您好，我是{bank}反诈专员{name}，您今天有一笔大额转账，我们想提醒您注意",
                    "您好，{bank}来电，您刚才的转账被系统拦截了，请问是您本人操作的吗",
                    "您好，这里是{bank}风控中心，您的账户刚才有一笔异常转出，需要跟您核实",
                ],
            ),
            (
                C,
                [
                    "是我转的，对方说是公安的安全账户",
                    "对，是我转的，给一个带我投资的老师",
                    "不是我操作的啊，怎么回事",
                    "是我转的，网上认识的客服说要先交保证金",
                ],
            ),
            (
                A,
                [
                    "公安机关和银行都不会让您把钱转到所谓安全账户，这很可能是诈骗，建议您马上报警",
                    "这种情况很像诈骗，请先不要再转账了，我们也不会问您要密码或验证码",
                    "您描述的是典型的诈骗手法，请立即停止操作，我们可以先帮您暂停这笔交易",
                    "请提高警惕，正规机构不会这样要求您，这笔钱我们先帮您冻结拦截",
                ],
            ),
            (
                A,
                [
                    "如果不放心我的身份，您可以挂断后自己拨打卡背面的 {hotline} 核实",
                    "您也可以挂断电话，拨打我行官方客服 {hotline} 确认",
                    "建议您拨打 96110 反诈专线咨询，或者去就近的派出所",
                    "之后请通过手机银行或 {hotline} 查询这笔交易的处理进度",
                ],
            ),
            (
                C,
                [
                    "好的，我马上报警",
                    "谢谢提醒，我自己打过去问问",
                    "幸亏你们打来了",
                    "好的，我先不转了",
                ],
            ),
        ],
    ),
    (
        "zh",
        [
            (
                C,
                [
                    "我的支付宝提示账户异常被限制了",
                    "微信支付说我账户有风险，付不了钱",
                    "我的钱包怎么突然被冻结了，啊？怎么会冻结",
                    "我收不了款了，提示账户被限制收款",
                ],
            ),
            (
                A,
                [
                    "别着急，这是系统检测到异地登录后做的保护，您在App里通过人脸识别就能自助解除",
                    "这是风控限制，您在官方App的安全中心按提示验证本人就可以恢复",
                    "系统发现近期有异常交易，临时限制了部分功能，您可以在App里提交身份证照片申诉",
                    "这个限制是为了保护您的资金，按照App里的指引完成身份验证就可以",
                ],
            ),
            (
                A,
                [
                    "整个过程不需要您把验证码告诉任何人，我们也不会让您转账",
                    "请注意不要把验证码告诉别人，包括自称客服的人",
                    "我们不会要求您下载其他软件或者共享屏幕，请认准官方App",
                    "解除限制是免费的，不会收取任何保证金或者手续费",
                ],
            ),
            (C, ["好的，我去App里试试", "那我自己在App里弄", "明白了，谢谢", "行，我先试一下"]),
            (
                A,
                [
                    "还有其他问题可以在App里联系在线客服",
                    "如果还不行可以再联系我们",
                    "祝您生活愉快",
                    "感谢您的来电",
                ],
            ),
        ],
    ),
    (
        "zh",
        [
            (
                C,
                [
                    "我想把手机套餐改便宜一点",
                    "我想办理携号转网",
                    "我的手机怎么停机了",
                    "我想查一下这个月话费为什么这么多",
                ],
            ),
            (
                A,
                [
                    "好的，请提供一下机主姓名和身份证号后四位核实身份",
                    "为了确认是机主本人，请说一下身份证后四位和入网时间",
                    "麻烦先验证一下，请提供机主姓名和证件号码最后四位",
                    "可以，请问机主姓名是什么，身份证后四位是多少",
                ],
            ),
            (
                C,
                [
                    "机主是我本人，李强，后四位 3316",
                    "王芳，身份证后四位 1028",
                    "我叫刘洋，后四位是 5570，二零一五年入网的",
                    "陈静，证件尾号 8803",
                ],
            ),
            (
                A,
                [
                    "已经为您办理，下个月一号生效，可以在营业厅App里查看",
                    "您的号码是欠费停机，缴费后两小时内会恢复",
                    "这个月多出来的是流量包费用，我可以帮您退订",
                    "携号转网需要先结清费用，您可以在App里查询是否符合条件",
                ],
            ),
            (
                A,
                [
                    "如有疑问可以拨打 10086 咨询",
                    "有问题请拨打官方客服 10010",
                    "我们的官方客服电话是 10000，其他号码都不是我们",
                    "您也可以到营业厅办理",
                ],
            ),
            (C, ["好的，谢谢", "行，知道了", "好，那就这样吧", "谢谢你"]),
        ],
    ),
    (
        "zh",
        [
            (
                A,
                [
                    "您好，这里是{bank}信用卡中心，提醒您本期账单已经逾期三天",
                    "您好，您的信用卡还款日已经过了，目前有一笔欠款未还",
                    "您好，{bank}信用卡中心{name}，您上个月的账单还没有还清",
                    "您好，提醒您信用卡最低还款额还没有还",
                ],
            ),
            (
                C,
                [
                    "啊，我忘了，现在还来得及吗",
                    "不好意思最近太忙忘了",
                    "我以为自动还款了",
                    "我记得还了呀",
                ],
            ),
            (
                A,
                [
                    "请尽快通过手机银行或官方App还款，长时间逾期会影响您的个人征信",
                    "您可以在App里直接还款，我们不会让您转账到任何个人账户",
                    "今天之内还款的话不会上报征信，请通过官方渠道还款",
                    "请在我行App或者网点还款，不要相信任何让您转到私人账户的说法",
                ],
            ),
            (
                A,
                [
                    "如需核实，请拨打卡背面的客服电话 {hotline}",
                    "有疑问可以拨打 {hotline}",
                    "您也可以挂断后自行拨打 {hotline} 核实",
                    "还款后可以在App里查看",
                ],
            ),
            (C, ["好的，我现在就还", "明白，谢谢提醒", "好的我晚上还", "行"]),
        ],
    ),
    (
        "zh",
        [
            (
                C,
                [
                    "刚才有人打电话说是公安局的，说我涉嫌洗钱，要我把钱转到安全账户",
                    "有人说是快递客服要给我理赔，让我下载一个会议软件",
                    "我接到一个电话说我的校园贷没注销会影响征信，要我把额度借出来",
                    "有人加我微信说是你们客服，让我把验证码发给他",
                ],
            ),
            (
                A,
                [
                    "您做得对，先核实是对的，这是典型的诈骗手法，公检法不会电话办案，也不会要求转账",
                    "这是诈骗，请不要下载任何软件，也不要共享屏幕，我们不会这样联系您",
                    "这种说法都是骗子编的，正规机构不会让您借款转账",
                    "我们客服不会加您微信，更不会要验证码，请不要发给他",
                ],
            ),
            (
                A,
                [
                    "建议您拨打 96110 反诈专线咨询，或者直接报警",
                    "您可以把那个号码告诉我们，我们帮您上报",
                    "如果已经转了钱，请尽快报警并拨打 {hotline} 止付",
                    "之后有类似电话直接挂断就好",
                ],
            ),
            (C, ["谢谢你们", "好的，我不理他了", "幸好先问了你们", "嗯，我去报警"]),
        ],
    ),
    (
        "zh",
        [
            (
                C,
                [
                    "我的银行卡转账限额太低了，想调高一点",
                    "我给家里人转账一直失败，提示超过限额",
                    "手机银行转账为什么要等二十四小时到账",
                    "我想把工资卡绑定到支付宝",
                ],
            ),
            (
                A,
                [
                    "可以的，您在手机银行App的安全中心就能调整转账限额，需要验证本人",
                    "这个需要本人带身份证到网点柜台办理，或者在App里用U盾调整",
                    "这是您之前设置的延时到账，可以在App的转账设置里改成实时到账",
                    "绑定银行卡时请在支付宝App里输入卡号和预留手机号，按提示操作",
                ],
            ),
            (
                A,
                [
                    "调额时收到的验证码只在App里输入，不要告诉任何人",
                    "为了您的资金安全，请不要把密码告诉包括我们在内的任何人",
                    "我们不会通过电话索要您的验证码或者密码",
                    "如有疑问可以拨打 {hotline}",
                ],
            ),
            (C, ["好的明白了", "谢谢", "行，我自己在App里调", "知道了"]),
        ],
    ),
]

HARD_NEGATIVES_EN: list[tuple[str, list[Slot]]] = [
    (
        "en",
        [
            (
                A,
                [
                    "Hi, this is the fraud prevention team at {bank_en}. We noticed a charge of $482 at an electronics store. Did you make this purchase?",
                    "Hello, I'm calling from {bank_en} card services about an unusual transaction on your card.",
                    "Good afternoon, this is {name} from {bank_en}. We flagged a purchase on your debit card this morning.",
                    "Hi, {bank_en} security here. A transaction abroad was declined on your account and we want to check it with you.",
                ],
            ),
            (
                C,
                [
                    "No, that wasn't me!",
                    "Hmm, I don't recognise that at all.",
                    "Yes, that was me actually.",
                    "Wait, what purchase? I'm at home.",
                ],
            ),
            (
                A,
                [
                    "To confirm I'm speaking with the cardholder, can you give me your date of birth and the last four digits of your card?",
                    "Before we go on, could you verify your date of birth and ZIP code?",
                    "I just need to verify you first: what are the last four digits of the card, and your date of birth?",
                    "For verification, please confirm your full name and the last 4 of your card.",
                ],
            ),
            (
                C,
                [
                    "Sure, it's March 4th 1979 and the card ends in 2210.",
                    "ZIP is 30318, born June 1990.",
                    "Ends in 8841, and I was born in 1985.",
                    "Jane Porter, last four are 5512.",
                ],
            ),
            (
                A,
                [
                    "Thanks. I've blocked the card and a replacement will arrive in 5 to 7 business days. We will never ask for your PIN or online banking password.",
                    "I've declined the charge and reissued your card. Just so you know, we'll never ask you to move money or read us a one-time code.",
                    "All set, the charge is reversed. Remember we never ask for your full card number or PIN over the phone.",
                    "Done. Your account is safe and nothing else is needed from you.",
                ],
            ),
            (
                A,
                [
                    "If you want to double-check this call, hang up and call the number on the back of your card.",
                    "You can also verify by calling us at the number on the back of your card.",
                    "Feel free to call back through the number in our official app.",
                    "Is there anything else I can help with today?",
                ],
            ),
            (
                C,
                [
                    "Great, thanks for catching that.",
                    "Thank you so much.",
                    "Okay, appreciate it.",
                    "No, that's all.",
                ],
            ),
        ],
    ),
    (
        "en",
        [
            (
                C,
                [
                    "Hi, I need to update my mailing address for my social security benefits.",
                    "I'm calling because my social security payment didn't arrive this month.",
                    "I want to set up direct deposit for my social security check.",
                    "My mother passed away and I need to report it for her social security.",
                ],
            ),
            (
                A,
                [
                    "I can help with that. To verify your identity, please tell me your date of birth and the last four digits of your social security number.",
                    "Sure. First I need your full name and your date of birth, please.",
                    "I'm sorry to hear that. Can you give me her full name and date of birth?",
                    "Of course. Could you confirm your date of birth and the address we have on file?",
                ],
            ),
            (
                C,
                [
                    "It's 7 July 1951, last four 4402.",
                    "Robert Lee, born 1948.",
                    "Margaret Hill, May 2 1940.",
                    "Born 1955, and the old address is 12 Pine Street.",
                ],
            ),
            (
                A,
                [
                    "Thank you, the change is done and you'll get a letter confirming it. We never ask for payment or gift cards, so if anyone does, it's a scam.",
                    "I see the payment was delayed by the holiday; it will arrive on Wednesday.",
                    "Thanks, I've recorded it. You can also do this online at ssa.gov with your own account.",
                    "Direct deposit is set up from next month. We will never call you demanding money.",
                ],
            ),
            (
                C,
                [
                    "Thank you.",
                    "Good to know, thanks.",
                    "Okay, that's helpful.",
                    "Thanks for your patience.",
                ],
            ),
        ],
    ),
    (
        "en",
        [
            (
                C,
                [
                    "I got a gift card for my birthday and it shows a zero balance.",
                    "Can I use two gift cards on one online order?",
                    "I'd like to buy a gift card for my niece, do they expire?",
                    "My gift card was declined at the register yesterday.",
                ],
            ),
            (
                A,
                [
                    "Sorry about that. Can you read me the number on the back of the card so I can check the balance?",
                    "Yes, you can combine up to two gift cards at checkout.",
                    "Our gift cards never expire and have no fees.",
                    "Let me look into it. Do you have the receipt from when it was bought?",
                ],
            ),
            (
                C,
                [
                    "Sure, it's 6006 4913 2288.",
                    "Great, thanks.",
                    "Perfect.",
                    "Yes, I have it here.",
                ],
            ),
            (
                A,
                [
                    "I see the card was never activated at the store; I've activated it now and the full $50 is there.",
                    "Anything else I can help with?",
                    "Just a tip: nobody legitimate will ever ask you to pay a bill or a fine with gift cards.",
                    "I've issued a replacement card that will arrive by mail.",
                ],
            ),
            (C, ["Thanks a lot!", "That's all, bye.", "Good to know.", "Awesome."]),
        ],
    ),
    (
        "en",
        [
            (
                C,
                [
                    "Someone called saying they were from the IRS and that I owe back taxes payable in gift cards.",
                    "A man said he was from Microsoft support and wanted to access my computer.",
                    "I got a text saying my account is suspended and to click a link.",
                    "Somebody claiming to be from your bank asked me for the code you texted me.",
                ],
            ),
            (
                A,
                [
                    "You did the right thing calling. That's a scam: the IRS never calls demanding gift cards. Please don't pay anything.",
                    "That's a known scam. Microsoft won't call you, and you should never let a stranger access your computer.",
                    "That text is not from us. Don't click the link; log in through our official app instead.",
                    "We never ask for that code. Please don't share it, and I'll put a note on your account.",
                ],
            ),
            (
                A,
                [
                    "You can report it to the FTC at reportfraud.ftc.gov.",
                    "If you already gave any details, change your password from the official app.",
                    "For anything about your account, call the number on the back of your card.",
                    "Is there anything else I can help with?",
                ],
            ),
            (
                C,
                [
                    "Thanks, I'll report it.",
                    "Phew, glad I checked.",
                    "Okay, I won't click it.",
                    "Thanks for the help.",
                ],
            ),
        ],
    ),
    (
        "en",
        [
            (
                C,
                [
                    "Hi, I want to dispute a payment on my PayPal account.",
                    "My wallet app says my account is limited. What do I do?",
                    "I can't log in to my online banking, it says locked.",
                    "I was charged twice for the same order.",
                ],
            ),
            (
                A,
                [
                    "I can help. Can you confirm the email on the account and your date of birth?",
                    "Let's get you sorted. Please verify the last four digits of the linked card.",
                    "For security, please confirm your date of birth and postcode.",
                    "Sure. Could you tell me the order date and the last four of the card you used?",
                ],
            ),
            (
                C,
                [
                    "It's the one ending 3390, born 1992.",
                    "Postcode is 94110, born 1988.",
                    "Order was on the 3rd, card ends 7719.",
                    "Born August 1975.",
                ],
            ),
            (
                A,
                [
                    "Thanks. The limitation is lifted once you upload an ID photo in the app's resolution center.",
                    "I've opened a dispute; you'll hear back within 10 days.",
                    "I've reset the lock. You'll get a one-time code in the app - enter it there and never read it to anyone, including us.",
                    "I've refunded the duplicate charge; it takes 3 to 5 days.",
                ],
            ),
            (C, ["Great, thanks.", "Okay, will do.", "Thank you!", "Perfect."]),
        ],
    ),
]

SCAMS: list[tuple[str, str, list[Slot]]] = [
    (
        "zh",
        "loan_credit",
        [
            (
                A,
                [
                    "您好，我是{name}，某金融平台的客服，系统显示您大学期间开通过校园贷账户",
                    "您好，这里是网贷清理专项小组，您名下有一个学生贷款账户还没有注销",
                    "您好，我是征信中心工作人员，您的个人征信有一条不良记录",
                    "您好，我们是某借款平台，您以前的学生账户需要处理",
                ],
            ),
            (
                C,
                [
                    "我没用过校园贷啊",
                    "什么账户？我不知道",
                    "啊？怎么会有不良记录",
                    "我已经毕业很多年了",
                ],
            ),
            (
                A,
                [
                    "按照国家规定这类账户必须注销，不注销会影响您的个人征信，以后买房贷款都办不了",
                    "如果今天不处理，征信会出问题，还会被列入黑名单",
                    "需要您配合我们清空额度，才能消除记录",
                    "这个需要马上处理，否则会上报人民银行征信",
                ],
            ),
            (
                A,
                [
                    "请您打开借呗和微粒贷，把额度都借出来，转到我们的指定账户核销",
                    "您需要在几个平台把额度借出来，转到我们提供的账户，验证后会原路退回",
                    "把备用金和金条的钱转到核销账户，我们审核完就退给您",
                    "请先把贷款额度借出来转给我们清零，之后系统自动注销",
                ],
            ),
            (C, ["这样安全吗", "要转多少", "好吧，我试试", "那钱什么时候退给我"]),
            (
                A,
                [
                    "放心，这是正规流程，全程有监管，不要告诉其他人以免影响处理",
                    "很安全的，操作完立刻退回，这件事请保密",
                    "您按我说的做就行，中途不要挂电话",
                    "今天下班前必须完成，否则就来不及了",
                ],
            ),
        ],
    ),
    (
        "zh",
        "authority",
        [
            (
                A,
                [
                    "您好，这里是市公安局反诈中心，请您提高警惕，您的身份信息涉嫌一起洗钱案件",
                    "您好，我是反诈中心的{name}警官，您的银行账户被犯罪分子利用了",
                    "我是市公安局刑侦支队的，您涉嫌参与一起诈骗案，现在依法对您进行调查",
                    "这里是检察院，您名下有一张涉案的卡，我们需要跟您核实",
                ],
            ),
            (C, ["不可能吧，我什么都没做", "啊？怎么会这样", "你们真的是警察吗", "那我该怎么办"]),
            (
                A,
                [
                    "为了证明您的清白，需要把您账户里的资金转到安全账户进行资金核查",
                    "我们需要对您的资金进行清查，请转到我们指定的监管账户",
                    "核查完毕后资金会全部退还，请把钱转到国家安全账户",
                    "请配合把存款转到核查账户，这是反诈流程",
                ],
            ),
            (
                A,
                [
                    "这是机密案件，不要告诉家人，也不要去银行问，否则按妨碍调查处理",
                    "这件事必须保密，不能跟任何人说，包括银行柜员",
                    "请您提高警惕，不要接听其他电话，以免信息泄露",
                    "我们是反诈中心，是在保护您，这件事不要告诉别人",
                ],
            ),
            (C, ["好吧，那要转到哪里", "我需要去银行吗", "我有点害怕", "好的我配合"]),
        ],
    ),
    (
        "zh",
        "tech_support",
        [
            (
                A,
                [
                    "您好，我是电脑安全中心的技术支持，检测到您的电脑中了病毒",
                    "您好，这里是网银技术部，您的网银插件需要升级",
                    "您好，我是手机安全管家客服，您的手机存在安全漏洞",
                    "您好，我们是宽带技术支持，您的网络被黑客入侵了",
                ],
            ),
            (C, ["是吗，我没发现什么问题", "那怎么办", "需要我做什么", "会有什么影响吗"]),
            (
                A,
                [
                    "请下载向日葵远程软件，我远程帮您处理",
                    "请打开会议软件开启屏幕共享，我一步步指导您",
                    "需要您安装一个远程控制软件，把识别码告诉我",
                    "请您共享一下屏幕，我看看具体问题",
                ],
            ),
            (
                A,
                [
                    "处理过程中会收到一个验证码，请念给我听",
                    "接下来打开手机银行，我帮您检查账户是否安全",
                    "处理需要支付一笔两百元的服务费",
                    "请不要挂断，也不要动手机",
                ],
            ),
            (C, ["好的，已经装好了", "验证码是多少来着", "要付钱吗", "好，我打开了"]),
        ],
    ),
    (
        "en",
        "authority",
        [
            (
                A,
                [
                    "This is Agent {name} with the FBI. Your identity was used to open accounts tied to drug trafficking.",
                    "I'm calling from the Social Security Administration. Your number has been suspended due to suspicious activity.",
                    "This is the IRS. You owe back taxes and a warrant has been issued in your name.",
                    "This is Officer {name} from the sheriff's department. You missed a jury duty summons.",
                ],
            ),
            (
                C,
                [
                    "What? That can't be right.",
                    "Oh my god, what do I do?",
                    "Is this real?",
                    "I didn't do anything.",
                ],
            ),
            (
                A,
                [
                    "To protect your savings, you need to move your money into a secure government account today.",
                    "You must pay the fine right now in Bitcoin at a crypto ATM to avoid arrest.",
                    "Buy gift cards for the amount and read me the numbers to clear this.",
                    "We need to transfer your balance to a federal holding account until the case is closed.",
                ],
            ),
            (
                A,
                [
                    "This is a confidential investigation. Tell no one, not even your family or the bank.",
                    "Do not discuss this with anyone, or you'll be charged with obstruction.",
                    "Stay on the line and don't tell the bank teller why you're withdrawing.",
                    "Don't hang up. If you call anyone else, the case gets escalated.",
                ],
            ),
            (
                C,
                [
                    "Okay, I'll go to the bank now.",
                    "How much do I need?",
                    "Alright, I won't tell anyone.",
                    "Okay...",
                ],
            ),
        ],
    ),
    (
        "en",
        "bank_security",
        [
            (
                A,
                [
                    "This is the security department at {bank_en}. We've detected suspicious logins and need to verify your identity urgently.",
                    "Hi, {bank_en} fraud team. Someone is trying to take money from your account right now.",
                    "This is {name} from your bank's security team. Your account will be locked in 30 minutes unless we verify you.",
                    "Your card has been compromised; I'm calling from the bank to secure it.",
                ],
            ),
            (
                C,
                [
                    "Oh no, what should I do?",
                    "Can I call you back on the number on my card?",
                    "How do I know you're from the bank?",
                    "Okay, what do you need?",
                ],
            ),
            (
                A,
                [
                    "Please don't hang up or call the number on your card, those lines are compromised right now.",
                    "There's no time to call back, the transfer goes through in minutes.",
                    "If you hang up, the account gets frozen and we can't help.",
                    "Calling the branch will only delay this; stay with me.",
                ],
            ),
            (
                A,
                [
                    "I'm sending a verification code to your phone now. Read it back to me to confirm it's you.",
                    "Tell me the code we just texted you so I can block the transaction.",
                    "To reverse the charge I need the six-digit code and your online banking password.",
                    "Move your balance into this new protected account while we reset yours.",
                ],
            ),
            (
                C,
                [
                    "Okay, the code is 4 8 1 2 7 7.",
                    "It says the code is for a new payee?",
                    "Alright, I'll move it.",
                    "Give me a second.",
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
                    "Grandma? It's me, I'm in trouble. I got arrested after a car accident.",
                    "Hi, I'm a lawyer representing your son. He's in jail and needs bail tonight.",
                    "We have your daughter. If you want to see her again, do exactly what I say.",
                    "Mom, I lost my phone, this is a friend's number. I need money for the hospital right now.",
                ],
            ),
            (
                C,
                [
                    "Oh no, are you okay?",
                    "Who is this?",
                    "Please don't hurt her!",
                    "What happened?",
                ],
            ),
            (
                A,
                [
                    "I need $3,000 for bail. Please send it by wire or gift cards, it's the only way they accept.",
                    "Withdraw cash and a courier will come pick it up from your house.",
                    "Send the money through this payment app to the account I give you.",
                    "Buy Bitcoin at the machine at the gas station and send it to this address.",
                ],
            ),
            (
                A,
                [
                    "Please don't tell Mom and Dad, I'm so embarrassed.",
                    "Don't call the police or anyone else, or things will get worse.",
                    "Keep this between us, okay?",
                    "Don't hang up the phone until it's done.",
                ],
            ),
            (
                C,
                [
                    "Okay, okay, I'll go now.",
                    "How do I send it?",
                    "I'll get the money.",
                    "Alright.",
                ],
            ),
        ],
    ),
    (
        "en",
        "investment",
        [
            (
                A,
                [
                    "Hi, I'm {name}, a senior analyst at a crypto trading platform. We guarantee 30% monthly returns.",
                    "I'm calling about an exclusive investment opportunity with guaranteed profits.",
                    "Our AI trading bot has doubled clients' money in weeks; spots are limited.",
                    "I'm a financial adviser with an insider stock tip that can't lose.",
                ],
            ),
            (
                C,
                [
                    "That sounds too good to be true.",
                    "How does it work?",
                    "What's the risk?",
                    "I'm interested.",
                ],
            ),
            (
                A,
                [
                    "Just download our trading app and deposit $500 to start; you can withdraw anytime.",
                    "Transfer your savings into the platform's wallet and I'll manage the trades for you.",
                    "Send USDT to this wallet address to open your account.",
                    "To withdraw your profits you first need to pay a 10% tax and processing fee.",
                ],
            ),
            (
                A,
                [
                    "This offer expires today, so decide now.",
                    "Don't tell your bank, they'll try to stop you from getting rich.",
                    "Other clients are already in, don't miss out.",
                    "Keep it confidential, it's an insider deal.",
                ],
            ),
            (C, ["Alright, I'll try it.", "Okay, sending it now.", "Let me think.", "Fine."]),
        ],
    ),
    (
        "en",
        "phishing",
        [
            (
                A,
                [
                    "This is an automated notice: your account has been suspended due to unusual activity.",
                    "Hi, we're contacting you from your delivery service; your parcel is on hold.",
                    "Your streaming subscription payment failed and the account will be closed.",
                    "We noticed a login to your email from a new device.",
                ],
            ),
            (C, ["Oh, what do I do?", "Which account?", "I didn't get any email.", "Okay."]),
            (
                A,
                [
                    "Click the link we texted you, secure-verify-login.co, and enter your card details to restore access.",
                    "Please visit parcel-redelivery-fee.top and pay the small redelivery fee.",
                    "Go to account-update-now.xyz and log in with your password to confirm.",
                    "Open the link in the message and type your username, password and the code you receive.",
                ],
            ),
            (
                A,
                [
                    "You must do this within 24 hours or the account will be deleted.",
                    "If you don't verify today, your data will be lost.",
                    "Do it now before the link expires.",
                    "It only takes a minute, please hurry.",
                ],
            ),
            (C, ["Okay, I'm on the site now.", "I'll do it.", "Done.", "Alright."]),
        ],
    ),
    (
        "zh",
        "prize",
        [
            (
                A,
                [
                    "恭喜您，这里是福利彩票中心，您的手机号被抽中了二等奖，奖金八万元",
                    "您好，这里是某电视台节目组，您被抽中为幸运观众，奖品是一台汽车",
                    "恭喜您在我们的周年庆活动中中了一等奖",
                    "您好，这里是抽奖中心，您的号码中了大奖",
                ],
            ),
            (C, ["真的吗？我没参加过抽奖啊", "啊？我中奖了？", "怎么领奖", "不会是骗人的吧"]),
            (
                A,
                [
                    "领奖需要登记您的姓名、身份证号和手机号",
                    "请提供一下您的身份证号码和银行卡号，奖金直接打到卡上",
                    "为了发放奖金，需要核实您的身份证和收款卡号",
                    "请报一下您的真实姓名、证件号码，我们登记一下",
                ],
            ),
            (
                A,
                [
                    "领奖前需要先交个人所得税和公证费两千元，交完马上发奖",
                    "需要先缴纳一笔保证金，奖金到账后一起退给您",
                    "今天是最后一天，过期视为自动放弃",
                    "这个名额有限，请不要告诉别人",
                ],
            ),
            (C, ["那我怎么交", "好吧", "要交多少", "行，我转给你"]),
        ],
    ),
]


def _expand(
    language: str, slots: list[Slot], parity: int, rng: random.Random, n: int
) -> list[list[dict[str, str]]]:
    out = []
    for _ in range(n):
        bank_i = rng.randrange(len(ZH_BANKS))
        fill = {
            "bank": ZH_BANKS[bank_i],
            "hotline": ZH_HOTLINES[bank_i],
            "bank_en": rng.choice(EN_BANKS),
            "name": rng.choice(ZH_NAMES if language == "zh" else EN_NAMES),
        }
        turns = []
        for speaker, phrasings in slots:
            own = [p for i, p in enumerate(phrasings) if i % 2 == parity]
            turns.append({"speaker": speaker, "text": rng.choice(own).format(**fill)})
        out.append(turns)
    return out


def build(parity: int, per_scenario: int) -> list[dict]:
    rng = random.Random(1600 + parity)
    rows = []
    scenarios = [(lang, False, None, s) for lang, s in HARD_NEGATIVES + HARD_NEGATIVES_EN]
    scenarios += [(lang, True, t, s) for lang, t, s in SCAMS]
    for n, (language, scam, scam_type, slots) in enumerate(scenarios):
        seen: set[str] = set()
        for turns in _expand(language, slots, parity, rng, per_scenario * 3):
            key = json.dumps(turns, ensure_ascii=False)
            if key in seen:
                continue
            seen.add(key)
            if len(seen) > per_scenario:
                break
            part = "train" if parity == 0 else "eval"
            label = scam_type or "legit"
            gold: dict = {"scam": scam}
            if scam_type:
                gold["scam_type"] = scam_type
            rows.append(
                {
                    "id": f"own-{part}-{n:02d}-{label}-{len(seen):03d}",
                    "channel": "call",
                    "language": language,
                    "turns": turns,
                    "gold": gold,
                }
            )
    return rows


def main() -> None:
    for parity, name, per_scenario in ((0, "risk_own_train", 20), (1, "risk_own_eval", 12)):
        rows = build(parity, per_scenario)
        with open(HERE / f"{name}.jsonl", "w", encoding="utf-8") as out:
            for row in rows:
                out.write(json.dumps(row, ensure_ascii=False) + "\n")
        legit = sum(not r["gold"]["scam"] for r in rows)
        print(f"{name}.jsonl: {len(rows)} conversations, {legit} legit")


if __name__ == "__main__":
    main()
