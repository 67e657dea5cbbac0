"""GET /v1/reviews/export: reviewed sessions as CSV or JSON, for reviewer and admin keys,
filtered as /v1/sessions, every export audited, notes as stored (redacted)."""

from __future__ import annotations

import csv
import io

import pytest

from service.review_export import REVIEW_COLUMNS

from ..conftest import SENSITIVE_VALUES
from ..leaks import leaked

CALLS = [
    ("exp-scam", "Bank security here. Read me the SMS code, then we move you to WhatsApp."),
    ("exp-card", "Please tell me your full card number and the three digits on the back."),
    ("exp-plain", "Your parcel left the warehouse this morning."),
    ("exp-unreviewed", "I can reset the router for you now."),
]


def _store(api) -> None:
    for cid, text in CALLS:
        body = {
            "id": cid,
            "channel": "chat",
            "language": "en",
            "turns": [
                {"speaker": "agent", "text": text},
                {"speaker": "customer", "text": "ok, 4481 9902 1737 5520"},
            ],
        }
        assert api.client.post("/v1/scan", json=body, headers=api.ingest).status_code == 200


def _review(api, cid: str, disposition: str, note: str = "") -> None:
    r = api.client.post(
        f"/v1/sessions/{cid}/review",
        json={"disposition": disposition, "note": note},
        headers=api.reviewer,
    )
    assert r.status_code == 201, r.text


@pytest.fixture
def reviewed(api):
    _store(api)
    _review(api, "exp-scam", "agent_violation")
    _review(api, "exp-scam", "confirmed_scam", "caller wanted code 662901 read out")
    _review(api, "exp-card", "false_positive")
    _review(api, "exp-plain", "no_issue", "=HYPERLINK(1)")
    return api


def _csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_csv_has_a_header_and_one_row_per_reviewed_session(reviewed) -> None:
    r = reviewed.client.get("/v1/reviews/export?format=csv", headers=reviewed.reviewer)
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/csv")
    assert r.text.splitlines()[0] == ",".join(REVIEW_COLUMNS)
    rows = _csv(r.text)
    assert sorted(row["id"] for row in rows) == ["exp-card", "exp-plain", "exp-scam"]
    scam = next(row for row in rows if row["id"] == "exp-scam")
    assert scam["dispositions"] == "agent_violation | confirmed_scam"
    assert scam["reviewers"] == "test-reviewer"
    assert scam["created_at"].endswith("Z") and scam["last_reviewed_at"].endswith("Z")


def test_notes_are_exported_as_stored_redacted_and_formula_safe(reviewed) -> None:
    r = reviewed.client.get("/v1/reviews/export?format=csv", headers=reviewed.admin)
    assert "662901" not in r.text and not leaked(r.text, SENSITIVE_VALUES)
    assert "4481" not in r.text
    plain = next(row for row in _csv(r.text) if row["id"] == "exp-plain")
    assert plain["notes"] == "'=HYPERLINK(1)"


def test_json_carries_the_same_records(reviewed) -> None:
    r = reviewed.client.get("/v1/reviews/export?format=json", headers=reviewed.reviewer)
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/json")
    body = r.json()
    assert body["count"] == 3 and {i["id"] for i in body["items"]} == {
        "exp-scam",
        "exp-card",
        "exp-plain",
    }
    item = next(i for i in body["items"] if i["id"] == "exp-scam")
    assert set(item) == set(REVIEW_COLUMNS)
    assert item["dispositions"] == ["agent_violation", "confirmed_scam"]
    assert isinstance(item["signals"], list)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("level=low", None),
        ("agent_block=true", None),
        ("since=2999-01-01T00:00:00Z", set()),
        ("until=2000-01-01T00:00:00Z", set()),
    ],
)
def test_filters_as_in_sessions(reviewed, query, expected) -> None:
    listed = reviewed.client.get(
        f"/v1/sessions?reviewed=true&{query}&limit=200", headers=reviewed.reviewer
    ).json()
    want = {i["id"] for i in listed["items"]} if expected is None else expected
    r = reviewed.client.get(f"/v1/reviews/export?format=json&{query}", headers=reviewed.reviewer)
    assert {i["id"] for i in r.json()["items"]} == want


@pytest.mark.parametrize("key", ["ingest", None])
def test_only_reviewer_and_admin_keys_export(reviewed, key) -> None:
    headers = getattr(reviewed, key) if key else {}
    r = reviewed.client.get("/v1/reviews/export?format=csv", headers=headers)
    assert r.status_code in (401, 403)
    assert r.json()["error"]["code"] in ("unauthorized", "forbidden")


@pytest.mark.parametrize("query", ["format=xml", "limit=0", "limit=10001", "level=extreme"])
def test_bad_parameters_are_a_clear_422(reviewed, query) -> None:
    r = reviewed.client.get(f"/v1/reviews/export?{query}", headers=reviewed.reviewer)
    assert r.status_code == 422 and r.json()["error"]["code"] == "invalid_request"


def test_every_export_is_audited(reviewed) -> None:
    reviewed.client.get("/v1/reviews/export?format=csv", headers=reviewed.reviewer)
    reviewed.client.get("/v1/reviews/export?format=json", headers=reviewed.admin)
    log = reviewed.client.get("/v1/audit?limit=200", headers=reviewed.admin)
    assert log.status_code == 200, log.text
    entries = [e for e in log.json()["items"] if e["action"] == "export_reviews"]
    assert len(entries) == 2
    assert {e["actor"] for e in entries} == {"test-reviewer", "test-admin"}
    assert any("format=csv rows=3" in e["detail"] for e in entries)


def test_an_empty_export_still_has_its_header(api) -> None:
    r = api.client.get("/v1/reviews/export", headers=api.reviewer)
    assert r.status_code == 200 and r.text.strip() == ",".join(REVIEW_COLUMNS)


def test_the_exported_type_is_the_scam_type_the_scan_returned(api) -> None:
    """risk.type is stored with the conversation (whole transcripts and live turns)."""
    turns = [
        ("agent", "This is your bank's security team. Read me the SMS code we just sent."),
        ("agent", "Now move your savings to the safe account I give you, tell no one."),
    ]
    body = {
        "id": "typed-scan",
        "language": "en",
        "turns": [{"speaker": s, "text": t} for s, t in turns],
    }
    scanned = api.client.post("/v1/scan", json=body, headers=api.ingest).json()["risk"]
    for speaker, text in turns:
        r = api.client.post(
            "/v1/conversations/typed-turns/turns",
            json={"speaker": speaker, "text": text, "language": "en"},
            headers=api.ingest,
        )
        assert r.status_code == 200, r.text
    live = r.json()["risk"]
    assert scanned["scam"] and scanned["type"] and live["type"] == scanned["type"]
    for cid in ("typed-scan", "typed-turns"):
        _review(api, cid, "confirmed_scam")
    r = api.client.get("/v1/reviews/export?format=json", headers=api.reviewer)
    assert {i["id"]: i["type"] for i in r.json()["items"]} == {
        "typed-scan": scanned["type"],
        "typed-turns": live["type"],
    }
    rows = _csv(api.client.get("/v1/reviews/export", headers=api.reviewer).text)
    assert {row["id"]: row["type"] for row in rows} == {
        "typed-scan": scanned["type"],
        "typed-turns": live["type"],
    }
