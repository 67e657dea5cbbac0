"""Service fixtures: the app on SQLite and on a real PostgreSQL.

Every service test runs against both databases (``db_url`` is parametrised). PostgreSQL
gets a schema of its own per test, dropped afterwards. When PostgreSQL on 127.0.0.1:5432
does not answer, its cases FAIL with a message saying so (they used to skip, which let
`make test` pass without ever touching PostgreSQL). To run without it, deselect them
explicitly: ``pytest -m "not postgresql"``.
"""

from __future__ import annotations

import functools
import json
import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, inspect, text

from service.config import Settings
from service.keys import create_key
from service.main import create_app
from service.store.db import transaction

from ..conftest import RECOGNIZERS, SENSITIVE_VALUES
from ..leaks import leaked

_TIMESTAMP = re.compile(
    r"^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?$"
)


def stored_text(engine) -> str:  # noqa: ANN001
    """Every text value of every content table, one per line (ids, numbers, timestamps and
    key hashes are not content)."""
    chunks = []
    with engine.connect() as c:
        for table in inspect(engine).get_table_names():
            if table in ("api_keys", "alembic_version"):
                continue
            for row in c.execute(text(f'SELECT * FROM "{table}"')):
                for v in row:
                    if isinstance(v, (dict, list)):
                        chunks.append(json.dumps(v, ensure_ascii=False))
                    elif isinstance(v, str) and not _TIMESTAMP.match(v):
                        chunks.append(v)
    return "\n".join(chunks)


PG_SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


@functools.cache
def _postgres_problem() -> str | None:
    """None when PostgreSQL answers, else why not (asked once, only if a case needs it)."""
    try:
        engine = create_engine(PG_SERVER, connect_args={"connect_timeout": 3})
        with engine.connect() as c:
            c.execute(text("SELECT 1"))
        engine.dispose()
        return None
    except Exception as exc:  # noqa: BLE001 - any failure to connect is reported the same way
        return f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgresql)])
def db_url(request, tmp_path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'piiguard.db'}"
        return
    problem = _postgres_problem()
    if problem is not None:
        pytest.fail(
            f"PostgreSQL at {PG_SERVER} does not answer ({problem}). The PostgreSQL cases "
            "are part of `make test`: start the server (user postgres, database test), or "
            "deselect them explicitly with -m 'not postgresql'.",
            pytrace=False,
        )
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_SERVER)
    with admin.begin() as c:
        c.execute(text(f"CREATE SCHEMA {schema}"))
    try:
        yield f"{PG_SERVER}?options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as c:
            c.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


@dataclass
class Api:
    client: TestClient
    app: object
    ingest: dict[str, str]
    reviewer: dict[str, str]
    admin: dict[str, str]


def make_api(db_url: str, guard, **overrides) -> Iterator[Api]:
    settings = Settings(database_url=db_url, recognizer_folders=[RECOGNIZERS], **overrides)
    app = create_app(settings, guard=guard)
    keys = {}
    with transaction(app.state.sessions) as session:
        for role in ("ingest", "reviewer", "admin"):
            keys[role] = {"Authorization": f"Bearer {create_key(session, role, f'test-{role}')}"}
    with TestClient(app) as client:
        yield Api(client, app, keys["ingest"], keys["reviewer"], keys["admin"])
        metrics = client.get("/metrics", headers=keys["admin"]).text
    # The sweep after every app a test used: nothing stored, nothing in the metrics.
    try:
        assert not leaked(metrics, SENSITIVE_VALUES), "a sensitive value reached the metrics"
        stored = stored_text(app.state.engine)
        assert not leaked(stored, SENSITIVE_VALUES), "a sensitive value reached the database"
    finally:
        app.state.engine.dispose()


@pytest.fixture
def api(db_url: str, guard) -> Iterator[Api]:
    yield from make_api(db_url, guard)
