"""Errors inside the console are HTML pages in the reader's language; the JSON API keeps
its JSON errors."""

from __future__ import annotations

import pytest

from service.routes import console as console_routes

from ..service.conftest import make_api
from .conftest import csrf_of, sign_in


@pytest.mark.parametrize(
    "path", ["/console/sessions/no-such-session", "/console/nothing-here", "/console/a/b/c"]
)
@pytest.mark.parametrize(("language", "words"), [("en", "Not found"), ("zh-CN", "未找到")])
def test_a_console_404_is_an_html_page(reviewer, path, language, words) -> None:
    r = reviewer.get(path, headers={"Accept-Language": language})
    assert r.status_code == 404
    assert r.headers["content-type"].startswith("text/html")
    assert "<!doctype html>" in r.text and words in r.text
    assert '"error"' not in r.text


def test_a_console_403_is_an_html_page(reviewer) -> None:
    r = reviewer.get("/console/audit", headers={"Accept-Language": "en"})
    assert r.status_code == 403 and r.headers["content-type"].startswith("text/html")
    assert "Not allowed" in r.text


def test_a_forged_form_gets_an_html_403(reviewer) -> None:
    r = reviewer.post(
        "/console/sessions/own-plain-en/review", data={"csrf": "forged", "disposition": "no_issue"}
    )
    assert r.status_code == 403 and r.headers["content-type"].startswith("text/html")


def test_bad_query_values_get_an_html_422(reviewer) -> None:
    r = reviewer.get("/console?page=0")
    assert r.status_code == 422 and r.headers["content-type"].startswith("text/html")


@pytest.mark.parametrize("path", ["/v1/sessions/no-such-session", "/v1/nothing-here"])
def test_the_api_keeps_json_errors(console_api, path) -> None:
    r = console_api.client.get(path, headers=console_api.reviewer)
    assert r.status_code == 404
    assert r.json()["error"]["code"] == "not_found"


def test_too_many_failed_sign_ins_get_an_html_429(tmp_path, guard) -> None:
    for api in make_api(
        f"sqlite:///{tmp_path / 'limited.db'}", guard, console_sign_in_failures_per_minute=2
    ):
        client = api.client
        statuses = []
        for _ in range(4):
            token = csrf_of(client.get("/console/login").text)
            r = client.post(
                "/console/login",
                data={"key": "pgk_r_wrong", "csrf": token},
                headers={"Accept-Language": "zh-CN"},
            )
            statuses.append(r.status_code)
        assert statuses[:2] == [200, 200] and statuses[-1] == 429
        assert r.headers["content-type"].startswith("text/html")
        assert "登录失败次数过多" in r.text and 'role="alert"' in r.text
        assert r.headers["retry-after"] == "60"


def test_an_unexpected_failure_is_a_500_page_with_the_request_id(console_api, monkeypatch) -> None:
    sign_in(console_api.client, console_api.reviewer)

    def broken(*_args, **_kwargs):
        raise RuntimeError("card 4111 1111 1111 1111 in a message")

    monkeypatch.setattr(console_routes.triage, "summary_stats", broken)
    r = console_api.client.get("/console/summary", headers={"Accept-Language": "en"})
    assert r.status_code == 500 and r.headers["content-type"].startswith("text/html")
    request_id = r.headers["x-request-id"]
    assert request_id and request_id in r.text
    assert "4111" not in r.text and "RuntimeError" not in r.text
