"""Scam indicators: canonical forms, keyed fingerprints, safe display, who gave a value,
official contacts left out, and the ``known_scam_indicator`` signal with its warning."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest

from piiguard.guard import Guard
from piiguard.indicators import (
    SIGNAL_KIND,
    IndicatorFinder,
    canonical_domain,
    canonical_phone,
    display_account,
    fingerprint,
    key_id,
    parse_raw_value,
    read_fingerprints,
)
from piiguard.model import Finding

from ..conftest import ROOT, chat

SECRET = b"test-indicator-secret-0123456789"


def _finder(guard: Guard, known: dict[str, int] | None = None) -> IndicatorFinder:
    return IndicatorFinder(
        SECRET,
        known,
        official_phones=guard.risk_model.official_phones,
        official_domains=guard.risk_model.official_domains,
    )


def _with_indicators(guard: Guard, known: dict[str, int] | None = None) -> Guard:
    """The session's guard with an indicator finder (building a Guard again is slow)."""
    return Guard(
        guard.detector,
        guard.policy,
        guard.requests,
        guard.risk_model,
        guard.redactor,
        indicators=_finder(guard, known),
    )


def _known(*raw: str) -> dict[str, int]:
    out = {}
    for value in raw:
        parsed = parse_raw_value(value)
        assert parsed is not None, value
        out[fingerprint(SECRET, parsed[0], parsed[1])] = 1
    return out


# -- canonical forms: every spelling of one value is one indicator ----------------------

SAME_PHONE = [
    [
        "0571-8765 4321",
        "+86 571 8765 4321",
        "+86 57187654321",
        "0086 571 8765 4321",
        "(0571)87654321",
    ],
    ["139 1234 5678", "+86 139-1234-5678", "13912345678", "+8613912345678"],
]


@pytest.mark.parametrize("spellings", SAME_PHONE)
def test_phone_spellings_share_one_canonical_form(spellings: list[str]) -> None:
    forms = {canonical_phone(s, "zh") for s in spellings}
    assert len(forms) == 1 and None not in forms, forms


@pytest.mark.parametrize(
    ("text", "language", "e164"),
    [
        ("(303) 555-0187", "en", None),  # 555-01xx is fictional: not a valid US number...
        ("(303) 444-2817", "en", "+13034442817"),
        ("010-6552 9988", "zh", "+861065529988"),
        ("零五七一 八七六五 四三二一", "zh", "+8657187654321"),  # spoken digits
    ],
)
def test_phone_canonical_form(text: str, language: str, e164: str | None) -> None:
    got = canonical_phone(text, language)
    if e164 is None:
        assert got is None or got.startswith("+1303555")  # ...but still a possible one
    else:
        assert got == e164


@pytest.mark.parametrize(
    ("text", "domain"),
    [
        ("https://Secure-Pay.Example.TOP/refund?id=9", "example.top"),
        ("login.verify-account.example.com.cn", "example.com.cn"),
        ("www.shop-refund.co.uk/claim", "shop-refund.co.uk"),
        ("report.pdf", None),
        ("version 3.5", None),
        ("e.g. this", None),
    ],
)
def test_domain_canonical_form_is_the_registrable_domain(text: str, domain: str | None) -> None:
    assert canonical_domain(text) == domain


@pytest.mark.parametrize(
    ("raw", "kind", "display"),
    [
        ("0571-8765 4321", "phone", "+86 571****4321"),
        ("13912345678", "phone", "+86 139****5678"),
        ("6217 8800 1234 5678", "account", "6217 **** **** 5678"),
        ("6230 5821 0000 4417 256", "account", "6230 **** **** **** 7256"),
        ("http://claim.example.top/x", "domain", "example[.]top"),
        ("0x52908400098527886E0F7030069857D2E4169EE7", "wallet", "0x5290…9ee7"),
        ("not a value", None, None),
        ("", None, None),
    ],
)
def test_raw_values_from_a_list(raw: str, kind: str | None, display: str | None) -> None:
    parsed = parse_raw_value(raw)
    if kind is None:
        assert parsed is None
    else:
        assert parsed is not None and (parsed[0], parsed[2]) == (kind, display)


def test_display_forms_hide_the_middle() -> None:
    assert display_account("6222021234561233") == "6222 **** **** 1233"
    kind, canonical, display = parse_raw_value("+86 138 1234 5678") or ("", "", "")
    assert display == "+86 138****5678"
    assert "12345678" not in display.replace("*", "")


# -- fingerprints -----------------------------------------------------------------------


def test_fingerprints_are_keyed() -> None:
    a = fingerprint(SECRET, "phone", "+8657187654321")
    assert a == fingerprint(SECRET, "phone", "+8657187654321")
    assert a != fingerprint(b"another secret", "phone", "+8657187654321")
    assert a != fingerprint(SECRET, "account", "+8657187654321")  # the kind is part of it
    assert len(a) == 64 and int(a, 16) >= 0
    assert key_id(SECRET) != key_id(b"another secret")


def test_an_empty_secret_is_refused() -> None:
    with pytest.raises(ValueError, match="secret"):
        IndicatorFinder(b"", official_phones=(), official_domains=())


# -- finding indicators in turns: who gave them, official ones left out ------------------

# (speaker, text, (kind, given) of each indicator expected)
TURNS = [
    ("agent", "请拨打 0571-8765 4321 联系我们的风控专员", [("phone", True)]),
    ("agent", "Call our fraud desk back on (303) 444-2817 today.", [("phone", True)]),
    ("agent", "请把资金转入 6217 8800 1234 5678 这个账户", [("account", True)]),
    ("agent", "打开 https://refund.example.top/claim 填写信息", [("domain", True)]),
    ("agent", "请下载 AnyDesk, 把 AnyDesk ID 482 915 306 告诉我", [("meeting_id", True)]),
    ("agent", "腾讯会议号 815 337 2046，请加入", [("meeting_id", True)]),
    ("customer", "他让我打 0571-8765 4321 这个号", [("phone", True)]),
    ("customer", "the man told me to call (303) 444-2817 right away", [("phone", True)]),
    ("customer", "我的手机号是 139 1234 5678", [("phone", False)]),
    ("customer", "my number is (303) 444-2817", [("phone", False)]),
    ("agent", "您预留的手机号是 139 1234 5678 吗", [("phone", False)]),
    ("agent", "is your number (303) 444-2817?", [("phone", False)]),
    # official contacts of the risk model are never indicators
    ("agent", "请拨打 95588 或登录 www.icbc.com.cn 核实", []),
    ("agent", "please call 1-800-732-1000 or visit paypal.com", []),
    ("agent", "您好，请问有什么可以帮您？", []),
]


@pytest.mark.parametrize(("speaker", "text", "expected"), TURNS)
def test_indicators_in_a_turn(guard: Guard, speaker: str, text: str, expected: list) -> None:
    language = "zh" if any("\u4e00" <= c <= "\u9fff" for c in text) else "en"
    findings = guard.detector.detect(text, language)
    found = _finder(guard).find(text, findings, speaker, language)
    assert [(i.kind, i.given) for i in found] == expected
    for indicator in found:
        assert len(indicator.fingerprint) == 64
        digits = "".join(c for c in text[indicator.start : indicator.end] if c.isdigit())
        assert not digits or digits not in indicator.display.replace(" ", "")


def test_an_id_number_is_not_an_account(guard: Guard) -> None:
    text = "请转到 6217 8800 1234 5678"
    not_an_account = [Finding("CN_RESIDENT_ID", 4, len(text), 0.9, "x")]
    assert _finder(guard).find(text, not_an_account, "agent", "zh") == []


# -- the known_scam_indicator signal ------------------------------------------------------


def test_a_known_number_in_another_format_is_a_strong_signal(guard: Guard) -> None:
    g = _with_indicators(guard, _known("0571-8765 4321"))
    result = g.scan(
        chat(
            ("customer", "你好，我的快递一直没到"),
            ("agent", "请回拨 +86 571 87654321 处理理赔"),
        )
    )
    hits = [s for s in result.risk.signals if s.kind == SIGNAL_KIND]
    assert [s.turn for s in hits] == [1]
    assert "+86 571****4321" in hits[0].text and "87654321" not in hits[0].text
    assert result.risk.level == "high" and result.risk.scam
    assert result.risk.warning is not None
    assert "+86 571****4321" in result.risk.warning and "诈骗" in result.risk.warning
    assert result.turns[0].risk.signals == ()  # nothing before the number appeared


def test_the_warning_speaks_the_conversation_language(guard: Guard) -> None:
    g = _with_indicators(guard, {**_known("http://claim.example.top"), **_known("13912345678")})
    result = g.scan(
        chat(("agent", "Please open claim.example.top/form to get your refund."), language="en")
    )
    assert result.risk.warning is not None
    assert "example[.]top" in result.risk.warning
    assert "reported in scams" in result.risk.warning


@pytest.mark.parametrize(
    "turns",
    [
        [("agent", "请拨打 0571-8765 4322 联系我们")],  # one digit off
        [("agent", "请拨打 95588 联系我们")],
        [("agent", "请登录 example.com 查看")],
        [("customer", "我想查询一下订单")],
    ],
)
def test_no_signal_without_a_known_indicator(guard: Guard, turns: list) -> None:
    g = _with_indicators(guard, _known("0571-8765 4321", "http://example.top"))
    result = g.scan(chat(*turns))
    assert SIGNAL_KIND not in {s.kind for s in result.risk.signals}


def test_the_signal_survives_the_conversation_state(guard: Guard) -> None:
    from piiguard.conversation import Conversation
    from piiguard.model import Turn

    g = _with_indicators(guard, _known("0571-8765 4321"))
    conversation = g.conversation(conversation_id="c")
    conversation.add_turn(Turn("agent", "回拨 0571 8765 4321"))
    state = conversation.state()
    assert "87654321" not in json.dumps(state, ensure_ascii=False)
    again = Conversation.from_state(g, state)
    assert SIGNAL_KIND in {s.kind for s in again.risk.signals}


def test_without_a_secret_there_are_no_indicators(guard: Guard) -> None:
    assert guard.indicators is None
    result = guard.scan(chat(("agent", "请回拨 0571-8765 4321")))
    assert SIGNAL_KIND not in {s.kind for s in result.risk.signals}


# -- exported lists ----------------------------------------------------------------------


def test_read_fingerprints_from_an_export() -> None:
    fp1, fp2 = "a" * 64, "B" * 64
    lines = [
        "# exported list",
        json.dumps({"fingerprint": fp1, "display": "+86 571****4321", "confirmed_sessions": 3}),
        fp2,
        "",
    ]
    assert read_fingerprints(lines) == {fp1: 3, fp2.lower(): 0}


@pytest.mark.parametrize("line", ["0571-8765 4321", '{"display": "x"}', '{"fingerprint": "abc"}'])
def test_read_fingerprints_refuses_what_is_not_one(line: str) -> None:
    with pytest.raises(ValueError, match="line 1"):
        read_fingerprints([line])


def test_domains_come_from_the_bundled_suffix_list_with_the_network_blocked() -> None:
    script = textwrap.dedent(
        """
        import socket
        def refuse(*a, **k):
            raise OSError("network blocked by the test")
        socket.socket.connect = refuse
        socket.create_connection = refuse
        socket.getaddrinfo = refuse
        from piiguard.indicators import canonical_domain
        print(canonical_domain("https://pay.verify.example.com.cn/x"))
        """
    )
    proc = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.strip() == "example.com.cn"
    assert "network blocked" not in proc.stderr


# -- piiguard scan --indicators ------------------------------------------------------------


def test_scan_cli_flags_a_listed_number(tmp_path, monkeypatch, capsys) -> None:  # noqa: ANN001
    from piiguard.cli import main

    monkeypatch.delenv("PIIGUARD_INDICATOR_SECRET", raising=False)
    monkeypatch.delenv("PIIGUARD_INDICATOR_SECRET_FILE", raising=False)
    secret = tmp_path / "secret"
    secret.write_text(SECRET.decode() + "\n", encoding="utf-8")
    listed = tmp_path / "indicators.jsonl"
    fp = next(iter(_known("0571-8765 4321")))
    listed.write_text(json.dumps({"fingerprint": fp, "confirmed_sessions": 2}) + "\n")
    transcripts = tmp_path / "in.jsonl"
    rows = [
        {"id": "a", "turns": [{"speaker": "agent", "text": "请回拨 057187654321 办理"}]},
        {"id": "b", "turns": [{"speaker": "agent", "text": "请回拨 057187654329 办理"}]},
    ]
    transcripts.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n")
    out = tmp_path / "out.jsonl"
    args = ["scan", str(transcripts), "-o", str(out), "--indicators", str(listed)]
    assert main([*args, "--indicator-secret-file", str(secret)]) == 0
    results = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    kinds = [{s["kind"] for s in r["risk"]["signals"]} for r in results]
    assert SIGNAL_KIND in kinds[0] and SIGNAL_KIND not in kinds[1]
    assert "87654321" not in out.read_text(encoding="utf-8")

    # without the secret the list is useless: a clear configuration error, no traceback
    assert main(args) == 2
    assert "--indicator-secret-file" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("13900001000\n\n# comment\n 0571-8765 4321 \n", ["13900001000", "0571-8765 4321"]),
        ("number,source\n13900001000,feed\n", ["13900001000"]),
        ("2026-01-01,13900001000\n", ["2026-01-01"]),  # no header: the first column
        ("a\tlink\nx\tclaim.example.top\n", ["claim.example.top"]),
        ('value,x\n"a\x00b",1\n', ["a\x00b"]),
        ('value,x\n"' + "9" * 140_000 + '",1\n', ['"' + "9" * 140_000 + '",1']),  # too long
        ("", []),
    ],
    ids=["text", "csv-header", "csv-no-header", "tsv", "nul", "long-field", "empty"],
)
def test_raw_values_of_a_list(text: str, values: list[str]) -> None:
    from piiguard.indicators import raw_values

    assert [v for _, v in raw_values(text)] == values
