"""The review console in a real browser: Playwright driving Debian's Chromium against the
service running under uvicorn. Screenshots of every page go to test-output/console/."""

from __future__ import annotations

import json
import os
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
    page = browser.new_page(viewport={"width": 1280, "height": 900})

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
        for b in page.locator("td[data-label=Risk] .badge:not(.scam)").all_inner_texts()
    )
    page.screenshot(path=str(SHOTS / "02-queue-high.png"), full_page=True)

    # A session: chips for values, blocked agent turns with the phrase, signals.
    page.click("text=dev-zh-016")
    page.wait_for_url(f"{url}/console/sessions/dev-zh-016")
    chips = page.locator(".bubble .chip").all_inner_texts()
    assert any(c.startswith("CREDIT_CARD ····") for c in chips) and "VERIFICATION_CODE" in chips
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
    page.select_option("#disposition", "confirmed_scam")
    page.fill("#note", "Fake ICBC risk centre: code and card read out.")
    page.click("text=Save review")
    page.wait_for_url(f"{url}/console/sessions/dev-zh-016?reviewed=1")
    assert "confirmed scam by reviewer-tester" in page.text_content(".review")

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
    assert any("reviewer-tester" in r and "review session" in r and "dev-zh-016" in r for r in rows)
    assert any("reviewer-tester" in r and "view session" in r and "dev-zh-016" in r for r in rows)
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
