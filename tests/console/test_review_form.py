"""Safe review: no verdict is ever preselected, the server refuses a review without one,
and a reopened session shows the reviewer's own previous review."""

from __future__ import annotations

import re

import pytest

from .conftest import csrf_of

DISPOSITION_INPUT = re.compile(r'<input type="radio" name="disposition"[^>]*>')


def _radios(html: str) -> list[str]:
    return DISPOSITION_INPUT.findall(html)


def test_nothing_is_selected_until_the_reviewer_picks(reviewer) -> None:
    html = reviewer.get("/console/sessions/own-scam-en").text
    radios = _radios(html)
    assert len(radios) == 4
    assert all("required" in r for r in radios)
    assert not any("checked" in r for r in radios)
    assert "<select" not in html.split('id="review-form"')[1].split("</form>")[0]


def test_after_a_review_the_control_is_empty_again_and_the_previous_review_shows(
    reviewer,
) -> None:
    page = reviewer.get("/console/sessions/own-scam-en").text
    r = reviewer.post(
        "/console/sessions/own-scam-en/review",
        data={"csrf": csrf_of(page), "disposition": "false_positive", "note": "billing only"},
        follow_redirects=True,
    )
    assert r.status_code == 200
    assert not any("checked" in x for x in _radios(r.text))
    previous = r.text.split('id="previous-review"')[1].split("</p>")[0]
    assert "false positive" in previous.lower() or "误报" in previous
    assert "billing only" in previous


@pytest.mark.parametrize("disposition", ["", "confirmed", "CONFIRMED_SCAM", "no_issue "])
def test_the_server_refuses_a_review_without_a_known_disposition(reviewer, disposition) -> None:
    page = reviewer.get("/console/sessions/own-plain-en").text
    r = reviewer.post(
        "/console/sessions/own-plain-en/review",
        data={"csrf": csrf_of(page), "disposition": disposition},
    )
    assert r.status_code == 400
    assert "text/html" in r.headers["content-type"]
    assert 'role="alert"' in r.text
    again = reviewer.get("/console/sessions/own-plain-en").text
    assert 'id="previous-review"' not in again and 'class="review"' not in again


@pytest.mark.parametrize(
    "disposition", ["confirmed_scam", "agent_violation", "false_positive", "no_issue"]
)
def test_each_known_disposition_is_recorded(reviewer, disposition) -> None:
    page = reviewer.get("/console/sessions/own-id-zh").text
    r = reviewer.post(
        "/console/sessions/own-id-zh/review",
        data={"csrf": csrf_of(page), "disposition": disposition},
        follow_redirects=False,
    )
    assert r.status_code == 303
    assert 'id="previous-review"' in reviewer.get("/console/sessions/own-id-zh").text


def test_the_page_says_what_will_be_recorded(reviewer) -> None:
    html = reviewer.get("/console/sessions/own-scam-en").text
    assert 'id="review-summary"' in html and 'data-reviewer="test-reviewer"' in html
