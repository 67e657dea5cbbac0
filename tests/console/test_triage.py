"""Triage in the console: why each row is there, search and filters, assignment, "my
queue", "next unreviewed", the console's export, and the audit log's filters and CSV."""

from __future__ import annotations

import csv
import io
import re

import pytest

from .conftest import csrf_of, sign_in

ROW_IDS = re.compile(r'<td data-label="[^"]*" class="sid"><a href="[^"]*">([^<]+)</a>')


def _ids(html: str) -> list[str]:
    return ROW_IDS.findall(html)


def _assign(client, cid: str, to: str = "me") -> None:
    token = csrf_of(client.get(f"/console/sessions/{cid}").text)
    r = client.post(
        f"/console/sessions/{cid}/assign", data={"csrf": token, "to": to}, follow_redirects=False
    )
    assert r.status_code == 303


def _review(client, cid: str, disposition: str) -> None:
    token = csrf_of(client.get(f"/console/sessions/{cid}").text)
    r = client.post(
        f"/console/sessions/{cid}/review",
        data={"csrf": token, "disposition": disposition},
        follow_redirects=False,
    )
    assert r.status_code == 303


def test_rows_say_why_they_were_flagged(reviewer) -> None:
    html = reviewer.get("/console?flagged=", headers={"Accept-Language": "en"}).text
    row = html.split(">own-scam-en</a>")[1].split("</tr>")[0]
    assert "asked for the one-time code" in row or "blocked request: one-time code" in row
    assert ">request:" not in row and "VERIFICATION_CODE" not in row
    plain = html.split(">own-plain-en</a>")[1].split("</tr>")[0]
    assert '<span class="reason' not in plain and '<span class="muted">—<' in plain


@pytest.mark.parametrize(
    ("query", "present", "absent"),
    [
        ("q=scam", {"own-scam-en"}, {"own-plain-en", "own-id-zh"}),
        ("q=own-", {"own-scam-en", "own-plain-en", "own-id-zh"}, set()),
        ("q=%25", set(), {"own-scam-en", "own-plain-en", "own-id-zh"}),
        ("q=_", set(), {"own-scam-en", "own-plain-en", "own-id-zh"}),
        ("entity=VERIFICATION_CODE", {"own-scam-en", "own-id-zh"}, {"own-plain-en"}),
        ("signal=request:VERIFICATION_CODE", {"own-scam-en"}, {"own-plain-en"}),
        ("assigned=none", {"own-scam-en", "own-plain-en", "own-id-zh"}, set()),
        ("assigned=someone-else", set(), {"own-scam-en", "own-plain-en", "own-id-zh"}),
    ],
)
def test_search_and_filters(reviewer, query, present, absent) -> None:
    ids = set(_ids(reviewer.get(f"/console?flagged=&{query}").text))
    assert present <= ids and not (absent & ids)


def test_disposition_and_reviewer_filters(reviewer) -> None:
    _review(reviewer, "own-id-zh", "confirmed_scam")
    assert _ids(reviewer.get("/console?flagged=&disposition=confirmed_scam").text) == ["own-id-zh"]
    assert _ids(reviewer.get("/console?flagged=&reviewer=test-reviewer").text) == ["own-id-zh"]
    assert _ids(reviewer.get("/console?flagged=&reviewer=nobody").text) == []
    assert "own-id-zh" not in _ids(reviewer.get("/console?flagged=&disposition=no_issue").text)


def test_assign_to_me_and_my_queue(reviewer) -> None:
    assert _ids(reviewer.get("/console?flagged=&assigned=me").text) == []
    _assign(reviewer, "own-plain-en")
    assert _ids(reviewer.get("/console?flagged=&assigned=me").text) == ["own-plain-en"]
    page = reviewer.get("/console/sessions/own-plain-en").text
    assert 'class="assignee">test-reviewer<' in page and 'id="unassign"' in page
    _assign(reviewer, "own-plain-en", "")
    assert _ids(reviewer.get("/console?flagged=&assigned=me").text) == []


def test_assigning_a_missing_session_is_a_404_page(reviewer) -> None:
    token = csrf_of(reviewer.get("/console").text)
    r = reviewer.post("/console/sessions/nope/assign", data={"csrf": token, "to": "me"})
    assert r.status_code == 404 and r.headers["content-type"].startswith("text/html")


def test_next_unreviewed_opens_the_riskiest_free_flagged_session(reviewer) -> None:
    flagged = _ids(reviewer.get("/console?flagged=yes&sort=risk").text)
    assert len(flagged) >= 2
    first = reviewer.get("/console/next", follow_redirects=False)
    assert first.headers["location"] == f"/console/sessions/{flagged[0]}"
    _assign(reviewer, flagged[0])  # taken: no longer offered
    second = reviewer.get("/console/next", follow_redirects=False)
    assert second.headers["location"] == f"/console/sessions/{flagged[1]}"
    _review(reviewer, flagged[1], "no_issue")  # reviewed: no longer offered
    third = reviewer.get("/console/next", follow_redirects=False)
    assert third.headers["location"] not in (
        f"/console/sessions/{flagged[0]}",
        f"/console/sessions/{flagged[1]}",
    )


def test_next_unreviewed_with_nothing_left_goes_back_to_the_queue(reviewer) -> None:
    for cid in _ids(reviewer.get("/console?flagged=yes").text):
        _review(reviewer, cid, "no_issue")
    r = reviewer.get("/console/next", follow_redirects=False)
    assert r.headers["location"].startswith("/console?")


def test_the_console_export_is_the_api_export_with_the_queue_filters(reviewer) -> None:
    _review(reviewer, "own-scam-en", "confirmed_scam")
    _review(reviewer, "own-plain-en", "no_issue")
    r = reviewer.get("/console/export?format=csv&flagged=")
    assert r.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert sorted(row["id"] for row in rows) == ["own-plain-en", "own-scam-en"]
    only = reviewer.get("/console/export?format=json&flagged=&disposition=no_issue").json()
    assert [i["id"] for i in only["items"]] == ["own-plain-en"]


def test_the_audit_log_is_filtered_paged_and_exported(console_api) -> None:
    client = console_api.client
    sign_in(client, console_api.reviewer)
    for _ in range(3):
        client.get("/console/summary")
    sign_in(client, console_api.admin)
    page = client.get("/console/audit?actor=test-reviewer&action=console_summary").text
    assert page.count('data-action="console_summary"') == 3
    assert 'data-action="console_sign_in"' not in page
    none = client.get("/console/audit?since=2999-01-01").text
    assert 'data-action="' not in none
    paged = client.get("/console/audit?page=2").text
    assert "page 2 of" in paged or "第 2 页" in paged
    exported = client.get("/console/audit/export?actor=test-reviewer&action=console_summary")
    assert exported.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(exported.text)))
    assert len(rows) == 3 and all(r["at"].endswith("Z") for r in rows)
    after = client.get("/console/audit?action=export_audit").text
    assert 'data-action="export_audit"' in after
    assert "test-reviewer" not in after.split('data-action="export_audit"')[1].split("</tr>")[0]


def test_the_audit_export_is_for_admins(reviewer) -> None:
    r = reviewer.get("/console/audit/export")
    assert r.status_code == 403 and r.headers["content-type"].startswith("text/html")


def test_summary_counters_are_links(reviewer) -> None:
    html = reviewer.get("/console/summary").text
    assert 'href="/console?flagged=yes&amp;unreviewed=yes&amp;since=&amp;until="' in html
    assert 'href="/console?flagged=&amp;signal=' in html


@pytest.mark.parametrize(
    ("query", "sessions"),
    [("", 3), ("since=2999-01-01", 0), ("until=2000-01-01", 0), ("since=2000-01-01", 3)],
)
def test_summary_has_a_date_range(reviewer, query, sessions) -> None:
    html = reviewer.get(f"/console/summary?{query}", headers={"Accept-Language": "en"}).text
    counts = re.search(r"<b>(\d+)</b><span>sessions</span>", html)
    assert counts and int(counts.group(1)) == sessions


@pytest.mark.parametrize("language", ["en", "zh-CN"])
def test_a_scam_shows_its_type_by_name_in_the_queue_and_on_its_page(
    reviewer, console_api, language: str
) -> None:
    from service.console.i18n import LANGUAGE_SET
    from service.console.labels import SCAM_TYPES

    from .conftest import CONVERSATIONS

    # The same transcript again is answered from the store: its risk as stored.
    replay = console_api.client.post("/v1/scan", json=CONVERSATIONS[0], headers=console_api.ingest)
    risk = replay.json()["risk"]
    assert replay.status_code == 200 and risk["scam"] and risk["type"] in SCAM_TYPES
    tr = LANGUAGE_SET.get(language[:2]).gettext
    name = tr(SCAM_TYPES[risk["type"]])
    assert language == "en" or name != SCAM_TYPES[risk["type"]]  # translated
    headers = {"Accept-Language": language}
    queue = reviewer.get("/console?flagged=", headers=headers).text
    row = queue.split(">own-scam-en</a>")[1].split("</tr>")[0]
    assert f'<span class="badge type">{name}</span>' in row
    page = reviewer.get("/console/sessions/own-scam-en", headers=headers).text
    assert f'<span class="badge type">{name}</span>' in page
    plain = queue.split(">own-plain-en</a>")[1].split("</tr>")[0]
    assert 'class="badge type"' not in plain
