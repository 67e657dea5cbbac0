"""The service's edges (issue 17): bounded redaction, metric labels, no 500 on any
input, console sessions, the rate limit, body limits and the API document."""

from __future__ import annotations

import json
import logging
import re
import socket
import threading
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import update

from service import key_cache
from service.config import Settings
from service.main import create_app
from service.metrics import HTTP_METHODS
from service.store.db import transaction
from service.store.models import ConsoleSession

from ..conftest import RECOGNIZERS
from .conftest import Api, make_api

# ---------------------------------------------------------------- /v1/redact is bounded


def test_two_thousand_identical_findings_redact_within_the_budget(api: Api) -> None:
    text = "pin 6093 " * 2000  # 18,000 characters: one turn's worth
    r = api.client.post("/v1/redact", json={"text": text}, headers=api.ingest)
    assert r.status_code == 200
    body = r.json()
    assert body["error"] is None, "answered inside the turn time budget"
    assert "6093" not in body["redacted_text"]
    assert len(body["findings"]) == 2000


@pytest.mark.parametrize(
    ("chars", "status"),
    [(20_000, 200), (20_001, 413), (150_000, 413)],
)
def test_redact_takes_at_most_one_turn_of_text(api: Api, chars: int, status: int) -> None:
    r = api.client.post("/v1/redact", json={"text": "a" * chars}, headers=api.ingest)
    assert r.status_code == status
    if status == 413:
        assert r.json()["error"]["code"] == "text_too_long"


def test_redact_refuses_a_lone_surrogate_with_a_422(api: Api) -> None:
    r = api.client.post(
        "/v1/redact",
        content=b'{"text": "pin 7302 \\ud800"}',
        headers=api.ingest | {"Content-Type": "application/json"},
    )
    assert r.status_code == 422 and r.json()["error"]["code"] == "invalid_request"


class _StuckGuard:
    """A guard whose redaction does not finish until released: a text over budget."""

    def __init__(self) -> None:
        self.release = threading.Event()

    def redact_text(self, text: str, language: str | None = None):  # noqa: ANN201
        self.release.wait(30)
        return text, []


def test_redact_over_its_budget_withholds_the_text(db_url: str, guard) -> None:
    for api in make_api(db_url, guard, turn_time_budget_seconds=0.1):
        stuck = _StuckGuard()
        api.app.state.guard = stuck
        try:
            r = api.client.post("/v1/redact", json={"text": "my pin is 7302"}, headers=api.ingest)
        finally:
            stuck.release.set()
            api.app.state.guard = guard
        assert r.status_code == 200
        assert r.json() == {
            "redacted_text": "[withheld: scan failed]",
            "findings": [],
            "error": "time_budget",
        }
        metrics = api.client.get("/metrics", headers=api.admin).text
        assert 'piiguard_scan_failures_total{reason="time_budget"} 1.0' in metrics


# ---------------------------------------------------------------- metric labels are bounded


def _label_values(metrics: str, series: str, label: str) -> set[str]:
    pattern = re.compile(rf'^{series}\{{.*?\b{label}="([^"]*)"', re.MULTILINE)
    return set(pattern.findall(metrics))


def test_metric_labels_come_from_a_fixed_set(api: Api) -> None:
    odd_methods = ["M4111111111111111X1", "BREW", "get", "PROPFIND"]
    for method in odd_methods:
        api.client.request(method, "/healthz")
    for path in ("/nope/4111111111111111", "/v1/../etc", "/console/static/missing.css"):
        api.client.get(path)
    api.client.get("/healthz")
    metrics = api.client.get("/metrics", headers=api.admin).text
    methods = _label_values(metrics, "piiguard_http_requests_total", "method")
    routes = _label_values(metrics, "piiguard_http_requests_total", "route")
    assert methods <= HTTP_METHODS | {"other"} and "other" in methods and "GET" in methods
    templates = {
        getattr(route, "path", None)
        for top in api.app.routes
        for route in getattr(getattr(top, "original_router", None), "routes", [top])
    }
    assert routes <= templates | {"unmatched"} and "unmatched" in routes
    assert "4111111111111111" not in metrics and "BREW" not in metrics


# ---------------------------------------------------------------- no input gives a 500


_CSRF = re.compile(r'name="csrf" value="([^"]+)"')


def _login_form(api: Api) -> str:
    page = api.client.get("/console/login")
    return _CSRF.search(page.text).group(1)


def _sign_in(api: Api, headers: dict[str, str]) -> str:
    """Signs the test client in with ``headers``' key; returns the session cookie."""
    key = headers["Authorization"].removeprefix("Bearer ")
    r = api.client.post(
        "/console/login", data={"key": key, "csrf": _login_form(api)}, follow_redirects=False
    )
    assert r.status_code == 303 and r.headers["location"] == "/console"
    return r.cookies["piiguard_console"]


def _page_csrf(api: Api) -> str:
    return _CSRF.search(api.client.get("/console").text).group(1)


@pytest.mark.parametrize("csrf", ["令牌不对", "ü" * 40, "\u200b", "a" * 64, "0" * 64, ""])
def test_a_bad_csrf_field_of_any_characters_is_a_403(api: Api, csrf: str) -> None:
    _login_form(api)
    key = api.reviewer["Authorization"].removeprefix("Bearer ")
    r = api.client.post("/console/login", data={"key": key, "csrf": csrf})
    assert r.status_code in (403, 422)
    assert "piiguard_console" not in r.cookies


def test_non_ascii_pre_cookie_and_signed_in_forms_get_a_403(api: Api) -> None:
    key = api.reviewer["Authorization"].removeprefix("Bearer ")
    r = api.client.post(
        "/console/login",
        data={"key": key, "csrf": "ü"},
        headers={"Cookie": "piiguard_console_pre=签名".encode()},
    )
    assert r.status_code == 403
    _sign_in(api, api.reviewer)
    for path in ("/console/logout", "/console/sessions/any/review"):
        r = api.client.post(path, data={"csrf": "令牌", "disposition": "no_issue"})
        assert r.status_code == 403, path
    assert api.client.get("/console", follow_redirects=False).status_code == 200


@pytest.mark.parametrize(
    "cookie",
    [
        "abc.签名",
        "eyJwIjoi.ü",
        "x" * 5000,
        ".",
        "ImFiYyI.Zk1x2A.bm90LWEtc2lnbmF0dXJl",
    ],
)
def test_a_forged_session_cookie_of_any_characters_signs_in_nobody(api: Api, cookie: str) -> None:
    raw = f"piiguard_console={cookie}".encode()
    r = api.client.get("/console", headers={"Cookie": raw}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/console/login"


@pytest.mark.parametrize(
    "query",
    [
        "until=9999-12-31",
        "since=9999-12-31&until=9999-12-31",
        "since=0001-01-01",
        "until=2026-02-30",
        "until=%F0%9F%98%B4",
        "page=1&sort=%00",
        "since=2026-01-01T00:00:00%2B08:00&until=2026-01-02T00:00:00Z",
    ],
)
def test_queue_filters_at_the_ends_of_the_calendar(api: Api, query: str) -> None:
    _sign_in(api, api.reviewer)
    r = api.client.get(f"/console?{query}")
    assert r.status_code == 200


def test_an_unhandled_error_is_one_log_line_with_class_and_request_id(api: Api, caplog) -> None:
    secret = "card 4532 0151 1283 0366"

    def explode() -> None:
        raise RuntimeError(f"could not parse {secret}")

    api.app.add_api_route("/test-explode", explode)
    with caplog.at_level(logging.DEBUG):
        r = api.client.get("/test-explode")
    assert r.status_code == 500
    request_id = r.headers["x-request-id"]
    assert r.json()["error"]["code"] == "internal_error" and request_id in r.text
    assert secret not in r.text
    errors = [rec for rec in caplog.records if rec.levelno >= logging.ERROR]
    assert len(errors) == 1, [rec.getMessage() for rec in errors]
    line = errors[0].getMessage()
    assert "RuntimeError" in line and request_id in line and "\n" not in line
    assert errors[0].exc_info is None and errors[0].exc_text is None
    assert all(secret not in rec.getMessage() for rec in caplog.records)


# ---------------------------------------------------------------- console sessions


def test_signing_out_ends_the_session_on_the_server(api: Api) -> None:
    cookie = _sign_in(api, api.reviewer)
    assert api.client.get("/console", follow_redirects=False).status_code == 200
    r = api.client.post("/console/logout", data={"csrf": _page_csrf(api)}, follow_redirects=False)
    assert r.status_code == 303
    # The old cookie, replayed (a copy an attacker kept), no longer opens anything.
    api.client.cookies.clear()
    api.client.cookies.set("piiguard_console", cookie, path="/console")
    assert api.client.get("/console", follow_redirects=False).status_code == 303


def test_signing_in_again_rotates_the_session(api: Api) -> None:
    first = _sign_in(api, api.reviewer)
    second = _sign_in(api, api.admin)
    assert first != second
    api.client.cookies.clear()
    api.client.cookies.set("piiguard_console", first, path="/console")
    assert api.client.get("/console", follow_redirects=False).status_code == 303
    api.client.cookies.clear()
    api.client.cookies.set("piiguard_console", second, path="/console")
    assert api.client.get("/console", follow_redirects=False).status_code == 200


@pytest.mark.parametrize(("idle_minutes", "open"), [(5, True), (29, True), (31, False)])
def test_an_idle_session_ends(api: Api, idle_minutes: int, open: bool) -> None:
    _sign_in(api, api.reviewer)
    then = datetime.now(UTC) - timedelta(minutes=idle_minutes)
    with transaction(api.app.state.sessions) as db:
        db.execute(update(ConsoleSession).values(last_seen_at=then))
    status = api.client.get("/console", follow_redirects=False).status_code
    assert status == (200 if open else 303)


def test_revoking_the_key_ends_its_sessions(api: Api) -> None:
    _sign_in(api, api.reviewer)
    prefix = api.reviewer["Authorization"].removeprefix("Bearer ")[:12]
    assert api.client.delete(f"/v1/keys/{prefix}", headers=api.admin).status_code == 204
    assert api.client.get("/console", follow_redirects=False).status_code == 303


def test_failed_sign_ins_are_audited_and_rate_limited(db_url: str, guard) -> None:
    for api in make_api(db_url, guard, console_sign_in_failures_per_minute=3):
        typed = "pgk_r_4532015112830366"
        for _ in range(3):
            r = api.client.post(
                "/console/login",
                data={"key": typed, "csrf": _login_form(api)},
                follow_redirects=False,
            )
            assert r.headers["location"] == "/console/login?error=1"
        # Now even the right key waits: guessing costs a minute per few tries.
        key = api.reviewer["Authorization"].removeprefix("Bearer ")
        r = api.client.post(
            "/console/login", data={"key": key, "csrf": _login_form(api)}, follow_redirects=False
        )
        assert r.headers["location"] == "/console/login?error=wait"
        assert "piiguard_console" not in r.cookies
        entries = api.client.get("/v1/audit", headers=api.admin).json()["items"]
        failed = [e for e in entries if e["action"] == "console_sign_in_failed"]
        assert len(failed) == 3
        assert typed not in json.dumps(entries)


# ---------------------------------------------------------------- the rate limit


def test_the_per_minute_limit_is_what_happens(db_url: str, guard, monkeypatch) -> None:
    per_minute = 150
    lookups: list[str] = []
    real = key_cache.authenticate

    def counting(session, key: str):  # noqa: ANN001, ANN202
        lookups.append(key)
        return real(session, key)

    for api in make_api(db_url, guard, rate_limit_per_minute=per_minute):
        codes = [
            api.client.get("/metrics", headers=api.admin).status_code
            for _ in range(per_minute + 60)
        ]
        assert codes.count(200) == per_minute and codes[per_minute:] == [429] * 60
        r = api.client.get("/metrics", headers=api.admin)
        assert 1 < int(r.headers["retry-after"]) <= 60
        assert api.client.get("/v1/sessions", headers=api.reviewer).status_code == 200

        # A key over its limit is refused before its database lookup (the cache of
        # verified keys emptied, so any lookup would have to reach the database).
        monkeypatch.setattr(key_cache, "authenticate", counting)
        api.app.state.key_cache.clear()
        for _ in range(5):
            assert api.client.get("/metrics", headers=api.admin).status_code == 429
        assert lookups == []


def _redis_answers() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
        return True
    except OSError:
        return False


@pytest.mark.skipif(not _redis_answers(), reason="Redis on 127.0.0.1:6379 does not answer")
def test_workers_sharing_redis_share_one_limit(tmp_path, guard) -> None:
    # Two apps on one database stand for two worker processes.
    url = f"sqlite:///{tmp_path / 'shared.db'}"
    shared = {"rate_limit_per_minute": 4, "rate_limit_storage_url": "redis://127.0.0.1:6379"}
    for first in make_api(url, guard, **shared):
        second_app = create_app(
            Settings(database_url=url, recognizer_folders=[RECOGNIZERS], **shared), guard=guard
        )
        with TestClient(second_app) as second:
            codes = []
            for client in (first.client, second, first.client, second, first.client, second):
                codes.append(client.get("/metrics", headers=first.admin).status_code)
        second_app.state.engine.dispose()
        assert codes == [200, 200, 200, 200, 429, 429]


# ---------------------------------------------------------------- body limits


def _chunks(total: int, size: int = 512):
    sent = 0
    yield b'{"id": "c1", "turns": [{"speaker": "customer", "text": "'
    while sent < total:
        yield b"x" * size
        sent += size
    yield b'"}]}'


@pytest.mark.parametrize(
    "path", ["/v1/scan", "/v1/redact", "/v1/conversations/c1/turns", "/v1/conversations/c1/stream"]
)
def test_a_chunked_body_over_the_limit_is_a_413(db_url: str, guard, path: str) -> None:
    for api in make_api(db_url, guard, max_body_bytes=4_000):
        json_body = api.ingest | {"Content-Type": "application/json"}
        r = api.client.post(path, content=_chunks(10_000), headers=json_body)
        assert r.status_code == 413
        assert r.json()["error"]["code"] == "payload_too_large"
        small = api.client.post(
            "/v1/redact", content=iter([b'{"text": ', b'"hello"}']), headers=json_body
        )
        assert small.status_code == 200
