"""Database engine, sessions and migrations (Alembic, run on start-up)."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event, make_url, text
from sqlalchemy.orm import Session, sessionmaker

MIGRATIONS = Path(__file__).parent / "migrations"
_MIGRATION_LOCK = 0x70_69_69_67  # "piig": an advisory-lock key of our own
# Connections a process may open (PostgreSQL), and keeps open. The turn workers are sized
# to MAX_CONNECTIONS (service/main.py), so a turn never waits for a connection.
POOL_SIZE = 10
MAX_CONNECTIONS = 20


def _json(value: object) -> str:
    # Readable JSON (no \uXXXX escapes): what is stored can be audited as it reads.
    return json.dumps(value, ensure_ascii=False)


def _private_sqlite_file(url: str) -> None:
    """Create the SQLite file readable by its owner only (0600) before SQLite does, which
    would follow the umask (usually world-readable). SQLite gives its -wal and -shm files
    the main file's permissions."""
    database = make_url(url).database
    if not database or database == ":memory:" or database.startswith("file:"):
        return
    try:
        fd = os.open(database, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except (FileExistsError, FileNotFoundError):  # exists, or SQLite reports the bad path
        return
    os.close(fd)


def make_engine(url: str, busy_timeout_seconds: float = 5.0) -> Engine:
    """An engine for ``url``; SQLite gets foreign keys and a busy timeout (a database
    still locked after it is an error the service answers with 503, not a hang)."""
    if url.startswith("sqlite"):
        _private_sqlite_file(url)
        engine = create_engine(
            url,
            json_serializer=_json,
            connect_args={"check_same_thread": False, "timeout": busy_timeout_seconds},
        )

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record) -> None:  # noqa: ANN001
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.close()

        return engine
    # No pre-ping: it cost a round trip on every checkout, two per live turn. A connection
    # the server dropped (restart, idle timeout) fails its request once with 503 and
    # Retry-After, and that error makes the pool replace every connection older than it.
    # Up to 20 connections a process: size max_connections for workers x replicas x 20.
    return create_engine(
        url,
        json_serializer=_json,
        pool_size=POOL_SIZE,
        max_overflow=MAX_CONNECTIONS - POOL_SIZE,
        pool_recycle=1800,
    )


def migrate(engine: Engine) -> None:
    """Bring the schema to the latest migration (creates it on first start)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            # Replicas and workers start together: one migrates, the others wait here
            # (the lock is held until this transaction ends) and then find nothing to do.
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK})
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


@contextmanager
def transaction(factory: sessionmaker[Session]) -> Iterator[Session]:
    """A session whose work is committed whole or rolled back whole."""
    with factory() as session, session.begin():
        yield session
