"""schemathesis against the OpenAPI document: generated requests, bounded, no 5xx."""

from __future__ import annotations

import json
import os

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from service.config import Settings
from service.keys import create_key
from service.main import create_app
from service.store.db import transaction

from ..conftest import RECOGNIZERS


@schemathesis.serializer("application/x-ndjson")
def _ndjson(_ctx, value) -> bytes:  # noqa: ANN001
    """The stream endpoint's body: whatever was generated, as text lines."""
    return (value if isinstance(value, str) else json.dumps(value)).encode("utf-8", "surrogatepass")


MAX_EXAMPLES = int(os.environ.get("PIIGUARD_FUZZ_EXAMPLES", "25"))


@pytest.fixture(scope="module")
def fuzz_target(tmp_path_factory, guard):
    db = tmp_path_factory.mktemp("fuzz") / "fuzz.db"
    app = create_app(
        Settings(
            database_url=f"sqlite:///{db}",
            recognizer_folders=[RECOGNIZERS],
            rate_limit_per_minute=1_000_000,
        ),
        guard=guard,
    )
    keys = {}
    with transaction(app.state.sessions) as session:
        for role in ("ingest", "reviewer", "admin"):
            keys[role] = create_key(session, role, f"fuzz-{role}")
    return app, keys


def _key_for(path: str, keys: dict[str, str]) -> str:
    if path.startswith("/v1/sessions"):
        return keys["reviewer"]
    if path.startswith(("/v1/audit", "/v1/keys", "/metrics")):
        return keys["admin"]
    return keys["ingest"]


def test_no_server_errors(fuzz_target) -> None:
    """Every operation of the OpenAPI document, MAX_EXAMPLES generated requests each."""
    app, keys = fuzz_target
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 10
    for operation in operations:
        check_operation(operation, _key_for(operation.path, keys))


def check_operation(operation, key: str) -> None:
    """MAX_EXAMPLES generated requests to one operation: no 5xx, errors in the envelope."""

    @settings(
        max_examples=MAX_EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy())
    def check(case) -> None:
        response = case.call(headers={"Authorization": f"Bearer {key}"})
        assert response.status_code < 500, (
            case.method,
            case.path,
            response.status_code,
            response.text[:300],
        )
        content_type = response.headers.get("content-type") or [""]
        content_type = content_type[0] if isinstance(content_type, list) else content_type
        if response.status_code >= 400 and content_type.startswith("application/json"):
            body = response.json()
            assert set(body) == {"error"} and {"code", "message"} <= set(body["error"]), body

    check()
