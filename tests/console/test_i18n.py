"""The console in Simplified Chinese and English: chosen from Accept-Language, switched and
remembered with a cookie; every template string and label has a Chinese translation."""

from __future__ import annotations

import re

import pytest
from babel.messages.extract import extract_from_dir

from service.console import i18n, labels

ROOT = i18n.TEMPLATES.parent
ENGLISH_ONLY = ("Queue", "Save review", "Why flagged")
CHINESE_ONLY = ("待审队列", "保存审核", "标记原因")


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("zh-CN,zh;q=0.9,en;q=0.8", "zh"),
        ("zh-Hans", "zh"),
        ("zh_TW", "zh"),
        ("en-US,en;q=0.9", "en"),
        ("en;q=0.4, zh;q=0.8", "zh"),
        ("zh;q=0, en", "en"),
        ("fr-FR,de;q=0.5", "en"),
        ("", "en"),
        (None, "en"),
        ("zh;q=abc", "en"),
        ("x" * 2000, "en"),
    ],
)
def test_accept_language_picks_the_best_supported_language(header, expected) -> None:
    assert i18n.choose(None, header) == expected


@pytest.mark.parametrize(
    ("cookie", "header", "expected"),
    [
        ("en", "zh-CN", "en"),
        ("zh", "en-US", "zh"),
        ("fr", "zh-CN", "zh"),
        ("", "en", "en"),
    ],
)
def test_the_remembered_choice_wins_over_the_header(cookie, header, expected) -> None:
    assert i18n.choose(cookie, header) == expected


def _catalogued() -> dict[str, str]:
    translations = i18n.catalogue("zh")
    return {m: translations.gettext(m) for m in _msgids()}


def _msgids() -> set[str]:
    method_map = [("**.py", "python"), ("templates/**.html", "jinja2")]
    options = {"templates/**.html": {"extensions": "jinja2.ext.i18n"}}
    found = set()
    for _, _, message, _, _ in extract_from_dir(
        str(ROOT), method_map, options_map=options, keywords={"_": None, "N_": None}
    ):
        found.add(message if isinstance(message, str) else message[0])
    return found


def test_every_message_has_a_chinese_translation() -> None:
    ids = _msgids()
    assert len(ids) > 100  # the extraction itself found the templates and labels
    untranslated = sorted(m for m, zh in _catalogued().items() if zh == m)
    assert not untranslated


@pytest.mark.parametrize(
    "table", [labels.ENTITIES, labels.SIGNALS, labels.DISPOSITIONS, labels.ACTIONS]
)
def test_labels_are_in_the_catalogue(table) -> None:
    zh = i18n.catalogue("zh")
    assert all(zh.gettext(msgid) != msgid for msgid in table.values())


@pytest.mark.parametrize(
    ("kind", "english", "chinese"),
    [
        ("request:CN_RESIDENT_ID", "asked for the resident ID number", "索要身份证号码"),
        ("request:VERIFICATION_CODE", "asked for the one-time code", "索要验证码"),
        ("safe_account", "'safe account' transfer", "转账到“安全账户”"),
        ("code_plus_remote", "code request + remote access", "索要验证码 + 远程控制"),
        ("brand_new_kind", "brand new kind", "brand new kind"),
        ("request:NEW_TYPE", "asked for the new type", "索要new type"),
    ],
)
def test_signal_names_are_human_readable(kind, english, chinese) -> None:
    assert labels.signal_namer(i18n.catalogue("en").gettext, "en")(kind) == english
    assert labels.signal_namer(i18n.catalogue("zh").gettext, "zh")(kind) == chinese


@pytest.mark.parametrize("path", ["/console", "/console/sessions/own-scam-en", "/console/summary"])
def test_pages_follow_accept_language(reviewer, path) -> None:
    zh = reviewer.get(path, headers={"Accept-Language": "zh-CN,zh;q=0.9"}).text
    en = reviewer.get(path, headers={"Accept-Language": "en"}).text
    assert '<html lang="zh-CN">' in zh and '<html lang="en">' in en
    assert "退出登录" in zh and "Sign out" not in zh
    assert "Sign out" in en and "退出登录" not in en


def test_queue_in_each_language(reviewer) -> None:
    zh = reviewer.get("/console?flagged=", headers={"Accept-Language": "zh-CN"}).text
    en = reviewer.get("/console?flagged=", headers={"Accept-Language": "en"}).text
    assert all(w in zh for w in CHINESE_ONLY[:1] + ("标记原因",))
    assert not any(w in zh for w in ENGLISH_ONLY)
    assert all(w in en for w in ("Queue", "Why flagged"))


def test_the_switch_is_remembered(reviewer) -> None:
    r = reviewer.get("/console/language?to=zh&next=/console/summary", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/console/summary"
    assert "piiguard_lang=zh" in r.headers["set-cookie"]
    page = reviewer.get("/console/summary", headers={"Accept-Language": "en"}).text
    assert '<html lang="zh-CN">' in page
    reviewer.get("/console/language?to=en&next=/console")
    page = reviewer.get("/console/summary", headers={"Accept-Language": "zh-CN"}).text
    assert '<html lang="en">' in page


@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/console", "/v1/keys", "/console\\x"]
)
def test_the_switch_only_returns_into_the_console(reviewer, target) -> None:
    r = reviewer.get(
        "/console/language", params={"to": "zh", "next": target}, follow_redirects=False
    )
    assert r.headers["location"] == "/console"


def test_times_carry_their_zone(reviewer) -> None:
    html = reviewer.get("/console?flagged=").text
    assert "data-utc" in html and " UTC</time>" in html and 'Z"' in html


def test_signals_never_show_raw_identifiers(reviewer) -> None:
    for language in ("en", "zh-CN"):
        html = reviewer.get(
            "/console/sessions/own-scam-en", headers={"Accept-Language": language}
        ).text
        shown = html.split("aria-label=")[1]
        assert "asks for VERIFICATION_CODE" not in shown and ">request:" not in shown
        visible = re.sub(r'data-kind="[^"]*"', "", shown)
        assert "_plus_" not in visible
