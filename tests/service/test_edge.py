"""The service's edges (issue 17): bounded redaction, metric labels, no 500 on any
input, console sessions, the rate limit, body limits and the API document."""

from __future__ import annotations

import threading

import pytest

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
