"""Console fixtures: the app on SQLite with a few conversations of our own, and a signed-in
TestClient (the browser tests in test_console_browser.py drive a real Chromium instead)."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from ..service.conftest import Api, make_api

# Our own conversations (not from the dev corpus): a fake-support call asking for a code
# and a card, a plain billing question, and a Chinese one asking for an ID number.
CONVERSATIONS = [
    {
        "id": "own-scam-en",
        "channel": "chat",
        "language": "en",
        "turns": [
            {"speaker": "agent", "text": "Fraud desk of your bank here: your account is frozen."},
            {"speaker": "agent", "text": "Read me the verification code we just texted you."},
            {"speaker": "customer", "text": "ok it is 730914"},
            {"speaker": "agent", "text": "Now your full card number, and add me on WhatsApp."},
        ],
    },
    {
        "id": "own-plain-en",
        "channel": "chat",
        "language": "en",
        "turns": [
            {"speaker": "customer", "text": "Why was I billed twice this month?"},
            {"speaker": "agent", "text": "A duplicate charge: the refund comes in 3 days."},
        ],
    },
    {
        "id": "own-id-zh",
        "channel": "chat",
        "language": "zh",
        "turns": [
            {"speaker": "agent", "text": "这里是安全中心，请提供身份证号码和短信验证码。"},
            {"speaker": "customer", "text": "验证码是 502718"},
        ],
    },
]


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found, "the page has no CSRF field"
    return found.group(1)


def sign_in(client: TestClient, key_header: dict[str, str]) -> None:
    key = key_header["Authorization"].removeprefix("Bearer ")
    token = csrf_of(client.get("/console/login").text)
    r = client.post("/console/login", data={"key": key, "csrf": token}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/console", r.text


@pytest.fixture
def console_api(tmp_path, guard) -> Iterator[Api]:
    for api in make_api(f"sqlite:///{tmp_path / 'console.db'}", guard):
        for body in CONVERSATIONS:
            r = api.client.post("/v1/scan", json=body, headers=api.ingest)
            assert r.status_code == 200, r.text
        yield api


@pytest.fixture
def reviewer(console_api: Api) -> TestClient:
    sign_in(console_api.client, console_api.reviewer)
    return console_api.client
