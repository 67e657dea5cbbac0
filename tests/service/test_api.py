"""The HTTP API: contract shapes, keys and roles, sessions, reviews, audit, errors."""

from __future__ import annotations

import json

import pytest

from .conftest import Api

TRANSCRIPT = {
    "id": "conv-1",
    "channel": "chat",
    "language": "zh",
    "turns": [
        {"speaker": "agent", "text": "请把手机收到的验证码报给我"},
        {"speaker": "customer", "text": "386152"},
        {"speaker": "customer", "text": "卡号 4532 0151 1283 0366"},
    ],
}


def test_healthz_needs_no_key(api: Api) -> None:
    assert api.client.get("/healthz").json() == {"status": "ok", "database": "ok"}


@pytest.mark.parametrize(
    ("method", "path", "role_ok", "body"),
    [
        ("post", "/v1/scan", "ingest", TRANSCRIPT),
        ("post", "/v1/conversations/c/turns", "ingest", {"speaker": "customer", "text": "hi"}),
        ("post", "/v1/redact", "ingest", {"text": "hi"}),
        ("get", "/v1/sessions", "reviewer", None),
        ("get", "/v1/audit", "admin", None),
        ("get", "/v1/keys", "admin", None),
    ],
)
def test_keys_and_roles(api: Api, method: str, path: str, role_ok: str, body) -> None:
    call = getattr(api.client, method)
    kwargs = {"json": body} if body is not None else {}
    r = call(path, **kwargs)
    assert r.status_code == 401 and r.json()["error"]["code"] == "unauthorized"
    r = call(path, headers={"Authorization": "Bearer pgk_i_not-a-real-key"}, **kwargs)
    assert r.status_code == 401
    keys = {"ingest": api.ingest, "reviewer": api.reviewer, "admin": api.admin}
    for role, headers in keys.items():
        r = call(path, headers=headers, **kwargs)
        allowed = role == role_ok or (role_ok == "reviewer" and role == "admin")
        assert (r.status_code < 400) == allowed, (role, r.status_code, r.text)
        if not allowed:
            assert r.status_code == 403 and r.json()["error"]["code"] == "forbidden"


def test_scan_returns_the_contract_result(api: Api) -> None:
    r = api.client.post("/v1/scan", json=TRANSCRIPT, headers=api.ingest)
    assert r.status_code == 200
    body = r.json()
    assert set(body) == {"id", "turns", "risk"}
    assert [t["action"] for t in body["turns"]] == ["block", "redact", "redact"]
    assert body["turns"][0]["agent_request"] == ["VERIFICATION_CODE"]
    assert body["turns"][1]["redacted_text"] == "<VERIFICATION_CODE>"
    assert set(body["risk"]) >= {
        "scam",
        "score",
        "level",
        "signals",
        "warning",
    }  # contract keys; additive ones allowed


def test_turn_by_turn_with_idempotency(api: Api) -> None:
    h = api.ingest
    first = api.client.post(
        "/v1/conversations/live-1/turns",
        json=TRANSCRIPT["turns"][0] | {"language": "zh"},
        headers=h | {"Idempotency-Key": "t0"},
    )
    assert first.status_code == 200 and first.json()["action"] == "block"
    second = api.client.post(
        "/v1/conversations/live-1/turns",
        json=TRANSCRIPT["turns"][1],
        headers=h | {"Idempotency-Key": "t1"},
    )
    assert second.json()["findings"][0]["type"] == "VERIFICATION_CODE"
    retry = api.client.post(
        "/v1/conversations/live-1/turns",
        json=TRANSCRIPT["turns"][1],
        headers=h | {"Idempotency-Key": "t1"},
    )
    assert retry.json()["replayed"] is True
    assert {k: v for k, v in retry.json().items() if k != "replayed"} == {
        k: v for k, v in second.json().items() if k != "replayed"
    }
    detail = api.client.get("/v1/sessions/live-1", headers=api.reviewer).json()
    assert [t["index"] for t in detail["turns_detail"]] == [0, 1], "the retry stored nothing"
    assert detail["risk_level"] in ("medium", "high") and detail["flagged"]


def test_redact_plain_text(api: Api) -> None:
    r = api.client.post(
        "/v1/redact", json={"text": "my card 4532 0151 1283 0366"}, headers=api.ingest
    )
    assert r.json()["redacted_text"] == "my card <CREDIT_CARD ****0366>"
    assert r.json()["findings"][0]["type"] == "CREDIT_CARD"


def test_sessions_filters_paging_detail_review_and_audit(api: Api) -> None:
    for i in range(3):
        body = TRANSCRIPT | {"id": f"flagged-{i}"}
        api.client.post("/v1/scan", json=body, headers=api.ingest)
    api.client.post(
        "/v1/scan",
        json={"id": "quiet", "turns": [{"speaker": "agent", "text": "您好"}]},
        headers=api.ingest,
    )
    page = api.client.get("/v1/sessions?flagged=true&limit=2", headers=api.reviewer).json()
    assert page["total"] == 3 and len(page["items"]) == 2
    assert api.client.get("/v1/sessions?flagged=false", headers=api.reviewer).json()["total"] == 1
    assert (
        api.client.get("/v1/sessions?agent_block=true", headers=api.reviewer).json()["total"] == 3
    )
    assert api.client.get("/v1/sessions?level=low", headers=api.reviewer).json()["total"] == 1
    assert (
        api.client.get("/v1/sessions?since=2000-01-01T00:00:00Z", headers=api.reviewer).json()[
            "total"
        ]
        == 4
    )
    assert (
        api.client.get("/v1/sessions?until=2000-01-01T00:00:00Z", headers=api.reviewer).json()[
            "total"
        ]
        == 0
    )
    detail = api.client.get("/v1/sessions/flagged-0", headers=api.reviewer).json()
    assert detail["turns_detail"][2]["redacted_text"] == "卡号 <CREDIT_CARD ****0366>"
    assert detail["turns_detail"][0]["triggers"][0]["type"] == "VERIFICATION_CODE"
    assert detail["signals"]
    r = api.client.post(
        "/v1/sessions/flagged-0/review",
        json={"disposition": "confirmed_scam", "note": "textbook"},
        headers=api.reviewer,
    )
    assert r.status_code == 201
    assert api.client.get("/v1/sessions?reviewed=true", headers=api.reviewer).json()["total"] == 1
    audit = api.client.get("/v1/audit", headers=api.admin).json()["items"]
    actions = [(a["actor"], a["action"], a["target"]) for a in audit]
    assert ("test-reviewer", "review_session", "flagged-0") in actions
    assert ("test-reviewer", "view_session", "flagged-0") in actions


def test_errors_are_json_and_clear(api: Api) -> None:
    r = api.client.get("/v1/sessions/nope", headers=api.reviewer)
    assert r.status_code == 404 and r.json() == {
        "error": {"code": "not_found", "message": "no such session"}
    }
    r = api.client.post(
        "/v1/sessions/nope/review", json={"disposition": "no_issue"}, headers=api.reviewer
    )
    assert r.status_code == 404
    r = api.client.post("/v1/sessions/x/review", json={"disposition": "meh"}, headers=api.reviewer)
    assert r.status_code == 422 and "disposition" in r.json()["error"]["message"]
    r = api.client.post(
        "/v1/scan", content=b"{not json", headers=api.ingest | {"Content-Type": "application/json"}
    )
    assert r.status_code == 422 and r.json()["error"]["code"] == "invalid_request"


def test_validation_errors_never_echo_the_input(api: Api) -> None:
    body = {"id": "x", "turns": [{"speaker": "robot", "text": "卡号 4532015112830366"}]}
    r = api.client.post("/v1/scan", json=body, headers=api.ingest)
    assert r.status_code == 422
    assert "4532015112830366" not in r.text and "turns.0.speaker" in r.text
    r = api.client.post(
        "/v1/scan",
        json={"id": "x", "turns": [{"speaker": "agent", "text": 4532015112830366}]},
        headers=api.ingest,
    )
    assert r.status_code == 422 and "4532015112830366" not in r.text


def test_limits(db_url: str, guard) -> None:
    from .conftest import make_api

    for api in make_api(db_url, guard, max_body_bytes=2000, max_turns=3, max_turn_chars=50):
        big = {"id": "b", "turns": [{"speaker": "agent", "text": "x" * 3000}]}
        r = api.client.post("/v1/scan", json=big, headers=api.ingest)
        assert r.status_code == 413 and r.json()["error"]["code"] == "payload_too_large"
        many = {"id": "m", "turns": [{"speaker": "agent", "text": "hi"}] * 4}
        r = api.client.post("/v1/scan", json=many, headers=api.ingest)
        assert r.status_code == 413 and "at most 3 turns" in r.json()["error"]["message"]
        long_turn = {"id": "l", "turns": [{"speaker": "agent", "text": "y" * 60}]}
        r = api.client.post("/v1/scan", json=long_turn, headers=api.ingest)
        assert r.status_code == 413 and "50 characters" in r.json()["error"]["message"]


def test_admin_manages_keys(api: Api) -> None:
    r = api.client.post("/v1/keys", json={"role": "reviewer", "name": "bob"}, headers=api.admin)
    assert r.status_code == 201
    key, prefix = r.json()["key"], r.json()["prefix"]
    bob = {"Authorization": f"Bearer {key}"}
    assert api.client.get("/v1/sessions", headers=bob).status_code == 200
    listed = api.client.get("/v1/keys", headers=api.admin).json()
    assert any(k["prefix"] == prefix and k["name"] == "bob" for k in listed)
    assert key not in json.dumps(listed)
    assert api.client.delete(f"/v1/keys/{prefix}", headers=api.admin).status_code == 204
    assert api.client.get("/v1/sessions", headers=bob).status_code == 401


def test_metrics_count_without_values_or_ids(api: Api) -> None:
    api.client.post("/v1/scan", json=TRANSCRIPT, headers=api.ingest)
    text = api.client.get("/metrics", headers=api.admin).text
    assert 'piiguard_findings_total{type="CREDIT_CARD"} 1.0' in text
    assert 'piiguard_turns_total{action="block",speaker="agent"} 1.0' in text
    assert "piiguard_turn_scan_seconds_bucket" in text
    assert 'route="/v1/scan"' in text
    assert "conv-1" not in text and "4532" not in text and "386152" not in text


def test_scan_failure_blocks_and_logs_no_text(api: Api, monkeypatch, caplog) -> None:
    guard = api.app.state.guard

    def broken(text, *a, **k):
        raise RuntimeError(f"engine broke on {text}")

    monkeypatch.setattr(guard.detector, "detect", broken)
    r = api.client.post(
        "/v1/conversations/f/turns",
        json={"speaker": "customer", "text": "卡号 4532015112830366"},
        headers=api.ingest,
    )
    assert (
        r.status_code == 200
        and r.json()["action"] == "block"
        and r.json()["error"] == "scan_failed"
    )
    assert "4532015112830366" not in r.text and "4532015112830366" not in caplog.text
    assert "scan_failed" in api.client.get("/metrics", headers=api.admin).text


def test_streamed_turns_are_decided_line_by_line(api: Api) -> None:
    lines = [
        json.dumps(
            {
                "speaker": "agent",
                "text": "请把手机收到的验证码报给我",
                "language": "zh",
                "idempotency_key": "s0",
            },
            ensure_ascii=False,
        ),
        "{not json",
        json.dumps({"speaker": "customer", "text": "386152", "idempotency_key": "s1"}),
        json.dumps({"speaker": "robot", "text": "hi"}),
    ]
    body = ("\n".join(lines) + "\n").encode("utf-8")
    with api.client.stream(
        "POST",
        "/v1/conversations/streamed/turns".replace("turns", "stream"),
        content=body,
        headers=api.ingest | {"Content-Type": "application/x-ndjson"},
    ) as r:
        assert r.status_code == 200 and r.headers["content-type"].startswith("application/x-ndjson")
        out = [json.loads(line) for line in r.iter_lines() if line]
    assert out[0]["action"] == "block" and out[0]["agent_request"] == ["VERIFICATION_CODE"]
    assert out[1]["error"]["code"] == "invalid_request" and out[1]["error"]["message"].startswith(
        "line 2"
    )
    assert out[2]["findings"][0]["type"] == "VERIFICATION_CODE" and out[2]["index"] == 1
    assert "speaker" in out[3]["error"]["message"] and "robot" not in out[3]["error"]["message"]
    detail = api.client.get("/v1/sessions/streamed", headers=api.reviewer).json()
    assert [t["index"] for t in detail["turns_detail"]] == [0, 1]
    assert "386152" not in json.dumps(detail)
