"""The review console in a real browser: Playwright driving Debian's Chromium against the
service running under uvicorn. Screenshots of every page go to test-output/console/."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from ..conftest import DEV_CORPUS, ROOT

CHROMIUM = Path("/usr/bin/chromium")
SHOTS = ROOT / "test-output" / "console"
SEED = ("dev-zh-016", "dev-en-006", "dev-zh-012", "dev-en-001", "dev-zh-007", "dev-en-004")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_ready(url: str, proc: subprocess.Popen, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(
                "the service exited early; see server.log in the test's temporary folder"
            )
        try:
            if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)  # polling a readiness endpoint, not standing in for synchronisation
    raise RuntimeError("the service did not become ready")


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[dict]:
    if not CHROMIUM.exists():
        pytest.fail(
            "Chromium is missing at /usr/bin/chromium: "
            "`make test` installs it (apt-get install chromium)"
        )
    db = tmp_path_factory.mktemp("console") / "console.db"
    env = os.environ | {
        "PIIGUARD_DATABASE_URL": f"sqlite:///{db}",
        "PIIGUARD_CONSOLE_SECRET": "test-secret",
    }
    keys = {}
    for role in ("ingest", "reviewer", "admin"):
        out = subprocess.run(
            [
                sys.executable,
                "-m",
                "piiguard.cli",
                "keys",
                "create",
                "--role",
                role,
                "--name",
                f"{role}-tester",
            ],
            env=env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        )
        keys[role] = out.stdout.strip()
    port = _free_port()
    log = (db.parent / "server.log").open("w", encoding="utf-8")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "--factory",
            "service.main:create_app",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ],
        env=env,
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
        text=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_ready(url, proc)
        rows = {
            json.loads(line)["id"]: json.loads(line)
            for line in DEV_CORPUS.read_text(encoding="utf-8").splitlines()
        }
        for cid in SEED:
            body = {k: rows[cid][k] for k in ("id", "channel", "language", "turns")}
            r = httpx.post(
                f"{url}/v1/scan", json=body, headers={"Authorization": f"Bearer {keys['ingest']}"}
            )
            assert r.status_code == 200, r.text
        xss = {
            "id": "xss-check",
            "channel": "chat",
            "language": "en",
            "turns": [
                {
                    "speaker": "agent",
                    "text": "please read me the code <script>window.pwned=1</script>",
                },
                {"speaker": "customer", "text": "<img src=x onerror=window.pwned=1> 386152"},
            ],
        }
        httpx.post(
            f"{url}/v1/scan", json=xss, headers={"Authorization": f"Bearer {keys['ingest']}"}
        )
        yield {"url": url, "keys": keys}
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        log.close()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=str(CHROMIUM),
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield b
        b.close()


def _sign_in(page, url: str, key: str) -> None:
    page.goto(f"{url}/console")
    assert page.url.endswith("/console/login")
    page.fill("#key", key)
    page.click("button[type=submit]")
    page.wait_for_url(f"{url}/console")


def test_review_workflow(server, browser) -> None:
    url, keys = server["url"], server["keys"]
    page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="en-US")

    # A wrong key and an ingest key cannot sign in.
    page.goto(f"{url}/console/login")
    page.fill("#key", "pgk_r_not-a-key")
    page.click("button[type=submit]")
    assert "not a live reviewer" in page.text_content("main")
    page.fill("#key", keys["ingest"])
    page.click("button[type=submit]")
    assert page.url.endswith("/console/login?error=1")

    _sign_in(page, url, keys["reviewer"])
    cookie = next(c for c in page.context.cookies() if c["name"] == "piiguard_console")
    assert cookie["httpOnly"] and cookie["sameSite"] == "Strict"
    assert "flagged" in page.text_content(".counts")
    page.screenshot(path=str(SHOTS / "01-queue.png"), full_page=True)

    # Filter: high risk only, sorted by risk.
    page.select_option("select[name=level]", "high")
    page.click(".filters button[type=submit]")
    ids = page.locator("table.queue tbody td[data-label=Session] a").all_inner_texts()
    assert ids and "dev-zh-012" not in ids and "dev-en-001" not in ids
    assert all(
        b.startswith("high")
        for b in page.locator("td[data-label=Risk] .badge:not(.scam):not(.type)").all_inner_texts()
    )
    page.screenshot(path=str(SHOTS / "02-queue-high.png"), full_page=True)

    # A session: chips for values, blocked agent turns with the phrase, signals.
    page.click("text=dev-zh-016")
    page.wait_for_url(f"{url}/console/sessions/dev-zh-016")
    chips = page.locator(".bubble .chip").all_inner_texts()
    types = [
        page.locator(".bubble .chip").nth(i).get_attribute("data-type") for i in range(len(chips))
    ]
    assert any(c.startswith("card number ····") for c in chips) and "VERIFICATION_CODE" in types
    assert page.locator(".turn.blocked").count() >= 3
    assert (
        "验证码" in page.locator(".turn.blocked .trigger").first.inner_text()
        or page.locator(".trigger").count()
    )
    assert page.locator(".signals li").count() >= 3
    assert "风险提醒" in page.text_content(".warning")
    body = page.content()
    assert "6222" not in body and "四 七 七 两 零 九" not in body, "no raw value on the page"
    page.screenshot(path=str(SHOTS / "03-session-zh.png"), full_page=True)

    # Review it.
    page.check("input[name=disposition][value=confirmed_scam]")
    page.fill("#note", "Fake ICBC risk centre: code and card read out.")
    page.click("text=Save review")
    page.wait_for_url(f"{url}/console/sessions/dev-zh-016?reviewed=1")
    assert "confirmed scam · by reviewer-tester" in page.text_content(".review")

    # Escaping: markup in a transcript renders as text and never runs.
    page.goto(f"{url}/console/sessions/xss-check")
    assert "<script>window.pwned=1</script>" in page.text_content(".chat")
    assert page.evaluate("window.pwned === undefined")

    page.goto(f"{url}/console/summary")
    assert page.locator("svg.chart rect.bar").count() >= 1
    assert page.locator(".hbars li").count() >= 3
    page.screenshot(path=str(SHOTS / "04-summary.png"), full_page=True)

    # Phone width: the same session page stacks its columns.
    phone = browser.new_page(viewport={"width": 390, "height": 844})
    phone.context.add_cookies([cookie])
    phone.goto(f"{url}/console/sessions/dev-en-006")
    assert phone.evaluate("document.documentElement.scrollWidth <= 390")
    phone.screenshot(path=str(SHOTS / "05-session-en-phone.png"), full_page=True)
    phone.goto(f"{url}/console")
    assert phone.evaluate("document.documentElement.scrollWidth <= 390")
    phone.screenshot(path=str(SHOTS / "06-queue-phone.png"), full_page=True)

    # Sign out; the admin sees the review (and the session view) in the audit log.
    page.click("text=Sign out")
    page.wait_for_url(f"{url}/console/login")
    _sign_in(page, url, keys["admin"])
    page.goto(f"{url}/console/audit")
    rows = page.locator("table.queue tbody tr").all_inner_texts()
    assert any(
        "reviewer-tester" in r and "reviewed a session" in r and "dev-zh-016" in r for r in rows
    )
    assert any(
        "reviewer-tester" in r and "viewed a session" in r and "dev-zh-016" in r for r in rows
    )
    page.screenshot(path=str(SHOTS / "07-audit.png"), full_page=True)


def test_forms_need_the_csrf_token(server) -> None:
    url = server["url"]
    with httpx.Client(base_url=url) as client:
        r = client.post(
            "/console/login", data={"key": server["keys"]["reviewer"], "csrf": "forged"}
        )
        assert r.status_code == 403
        page = client.get("/console/login")
        assert (
            page.headers["x-frame-options"] == "DENY"
            and "default-src 'self'" in page.headers["content-security-policy"]
        )


def _signed_in(browser, server, role: str, *, width: int, language: str, zone: str = "UTC"):
    """A new browser context at ``width`` px, Accept-Language ``language``, signed in."""
    context = browser.new_context(
        viewport={"width": width, "height": 900 if width > 500 else 844},
        locale=language,
        timezone_id=zone,
    )
    page = context.new_page()
    _sign_in(page, server["url"], server["keys"][role])
    return page


@pytest.mark.parametrize(
    ("width", "language", "words"),
    [
        (1280, "zh-CN", ("待审队列", "标记原因", "保存审核")),
        (1280, "en-US", ("Queue", "Why flagged", "Save review")),
        (390, "zh-CN", ("待审队列", "标记原因", "保存审核")),
        (390, "en-US", ("Queue", "Why flagged", "Save review")),
    ],
)
def test_safe_review_in_both_languages_and_widths(server, browser, width, language, words) -> None:
    url = server["url"]
    tag = f"{language[:2]}-{width}"
    page = _signed_in(
        browser, server, "reviewer", width=width, language=language, zone="Asia/Shanghai"
    )
    queue_words, reason_word, save_word = words
    assert queue_words in page.text_content("header.top")
    assert reason_word in page.content()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    # Reasons are human-readable names, never raw identifiers.
    reasons = " ".join(page.locator("td.reasons").all_inner_texts())
    assert reasons.strip() and not re.search(r"request:[A-Z]|[A-Z]+_[A-Z]+", reasons)
    # Times: shown in the browser's zone, with it.
    assert "UTC+08:00" in page.locator("time[data-utc]").first.inner_text()
    if width < 500:
        heights = page.evaluate(
            "[...document.querySelectorAll('table.queue tbody tr')].map(r => r.offsetHeight)"
        )
        assert heights and max(heights) < 190, heights  # compact cards, not tall tables
    page.screenshot(path=str(SHOTS / f"10-queue-{tag}.png"), full_page=True)

    # A session: nothing chosen; saving without a choice is refused by the form.
    page.goto(f"{url}/console/sessions/dev-en-004")
    radios = page.locator("#review-form input[name=disposition]")
    assert radios.count() == 4
    assert not any(radios.nth(i).is_checked() for i in range(4))
    before = page.url
    page.click("#save-review")
    assert page.url == before and page.locator(".review").count() == 0
    assert page.evaluate("document.querySelector('#review-form').checkValidity()") is False
    # Choosing says what will be recorded before it is.
    radios.nth(2).check()
    summary = page.inner_text("#review-summary")
    assert radios.nth(2).get_attribute("data-label") in summary and "reviewer-tester" in summary
    page.screenshot(path=str(SHOTS / f"11-session-{tag}.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= width

    # A missing page inside the console is an HTML page in the same language.
    page.goto(f"{url}/console/sessions/no-such-{tag}")
    assert page.locator(".error-page").get_attribute("data-status") == "404"
    assert ("未找到" if language.startswith("zh") else "Not found") in page.inner_text("main")
    page.context.close()


def test_reopened_session_shows_the_previous_review_and_starts_empty(server, browser) -> None:
    url = server["url"]
    page = _signed_in(browser, server, "reviewer", width=1280, language="en-US")
    page.goto(f"{url}/console/sessions/dev-zh-007")
    page.check("input[name=disposition][value=false_positive]")
    page.fill("#note", "Ordinary balance question.")
    page.click("#save-review")
    page.wait_for_url(f"{url}/console/sessions/dev-zh-007?reviewed=1")
    page.goto(f"{url}/console/sessions/dev-zh-007")
    assert "false positive" in page.inner_text("#previous-review")
    radios = page.locator("#review-form input[name=disposition]")
    assert not any(radios.nth(i).is_checked() for i in range(radios.count()))
    page.screenshot(path=str(SHOTS / "12-reopened-en.png"), full_page=True)
    page.context.close()


def test_switch_shortcuts_assignment_and_next(server, browser) -> None:
    url = server["url"]
    page = _signed_in(browser, server, "reviewer", width=1280, language="en-US")
    # The language switch is remembered across pages.
    page.click("header.top .langs a[lang=zh]")
    assert "待审队列" in page.text_content("header.top")
    page.goto(f"{url}/console/summary")
    assert "概览" in page.text_content("header.top")
    page.screenshot(path=str(SHOTS / "13-summary-zh.png"), full_page=True)
    page.click("header.top .langs a[lang=en]")
    assert "Summary" in page.text_content("header.top")

    # Keyboard: j selects the first row, Enter opens it.
    page.goto(f"{url}/console?flagged=")
    first = page.locator("table.queue tbody tr").first.get_attribute("data-row-link")
    page.keyboard.press("j")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{url}{first}")

    # Assign to me, then it is in my queue; n opens the next unreviewed, unassigned one.
    page.click("#assign-to-me")
    page.wait_for_url(f"{url}{first}")
    page.goto(f"{url}/console?assigned=me&flagged=")
    mine = page.locator("td.sid a").all_inner_texts()
    assert len(mine) == 1 and first.endswith(mine[0])
    page.keyboard.press("n")
    page.wait_for_url(f"{url}/console/**")
    assert not page.url.endswith(first)
    page.screenshot(path=str(SHOTS / "14-next-en.png"), full_page=True)
    page.context.close()


def test_exports_and_audit_filters(server, browser) -> None:
    url, keys = server["url"], server["keys"]
    r = httpx.get(
        f"{url}/v1/reviews/export?format=csv",
        headers={"Authorization": f"Bearer {keys['reviewer']}"},
    )
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    page = _signed_in(browser, server, "admin", width=1280, language="zh-CN")
    with page.expect_download() as download:
        page.click("text=导出已审核会话（CSV）")
    assert download.value.suggested_filename.endswith(".csv")
    page.goto(f"{url}/console/audit")
    page.select_option("select[name=action]", "export_reviews")
    page.click(".filters button[type=submit]")
    actions = page.locator("td[data-action]").evaluate_all("els => els.map(e => e.dataset.action)")
    assert actions and set(actions) == {"export_reviews"}
    page.screenshot(path=str(SHOTS / "15-audit-zh.png"), full_page=True)
    phone = _signed_in(browser, server, "admin", width=390, language="zh-CN")
    phone.goto(f"{url}/console/audit")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    phone.screenshot(path=str(SHOTS / "16-audit-zh-phone.png"), full_page=True)
    phone.context.close()
    page.context.close()
