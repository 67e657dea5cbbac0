"""``piiguard keys ...`` (API key management) and ``piiguard purge`` (retention), plugged
into the piiguard CLI.

The piiguard CLI loads this through its ``piiguard.commands`` entry point when run from
the repository; the database is the service's (``PIIGUARD_DATABASE_URL``). The database
layer is imported only when one of these commands runs: every other command (``scan`` on an
archive, with its worker processes) would otherwise pay for loading it.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from service.roles import ROLES

if TYPE_CHECKING:  # for the annotation only: the database layer loads lazily
    from sqlalchemy.orm import Session


@contextmanager
def _session() -> Iterator[Session]:
    """A session on the service's database, in one transaction."""
    from service.config import Settings
    from service.store.db import make_engine, migrate, session_factory, transaction

    engine = make_engine(Settings().database_url)
    migrate(engine)
    with transaction(session_factory(engine)) as session:
        yield session


def _redacted_name(name: str) -> str:
    """The key's name as it may be stored: free text goes through redaction like a turn."""
    from piiguard.guard import Guard, GuardConfig
    from service.config import Settings
    from service.free_text import redacted_free_text

    settings = Settings()
    guard = Guard.build(
        GuardConfig(
            recognizer_folders=tuple(settings.recognizer_folders),
            policy_path=settings.policy_path,
            risk_path=settings.risk_path,
        )
    )
    return redacted_free_text(guard, name, "name")[:120]


def _create(args: argparse.Namespace) -> int:
    from service import keys

    name = _redacted_name(args.name)
    with _session() as session:
        key = keys.create_key(session, args.role, name)
    print(key)
    print(f"created a {args.role} key for {name!r}; it is shown only this once", file=sys.stderr)
    return 0


def _revoke(args: argparse.Namespace) -> int:
    from service import keys

    with _session() as session:
        count = keys.revoke_key(session, args.prefix)
    if not count:
        print(f"piiguard: no live key with prefix {args.prefix!r}", file=sys.stderr)
        return 1
    print(f"revoked {count} key(s)", file=sys.stderr)
    return 0


def _list(_: argparse.Namespace) -> int:
    from service import keys

    with _session() as session:
        for k in keys.list_keys(session):
            state = "revoked" if k.revoked_at else "live"
            print(f"{k.prefix:<14} {k.role:<9} {state:<8} {k.name}")
    return 0


def _purge(args: argparse.Namespace) -> int:
    from service.config import Settings
    from service.retention import purge
    from service.store.db import make_engine, migrate, session_factory

    days = args.days if args.days is not None else Settings().retention_days
    if days < 1:
        print("piiguard: --days must be 1 or more", file=sys.stderr)
        return 2
    engine = make_engine(Settings().database_url)
    migrate(engine)
    try:
        erased = purge(session_factory(engine), days)
    finally:
        engine.dispose()
    print(
        f"purged {len(erased)} conversation(s) idle for more than {days} days: "
        f"{sum(e.turns for e in erased)} turns, {sum(e.signals for e in erased)} signals, "
        f"{sum(e.reviews for e in erased)} reviews (each recorded in the audit log)"
    )
    return 0


def register(sub: argparse._SubParsersAction, _common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("keys", help="create, revoke or list the service's API keys")
    actions = p.add_subparsers(dest="keys_action", required=True)
    create = actions.add_parser("create", help="create a key and print it once")
    create.add_argument("--role", required=True, choices=ROLES)
    create.add_argument("--name", required=True)
    create.set_defaults(func=_create)
    revoke = actions.add_parser("revoke", help="revoke a key by its public prefix")
    revoke.add_argument("prefix")
    revoke.set_defaults(func=_revoke)
    actions.add_parser("list", help="list keys (prefix, role, state, name)").set_defaults(
        func=_list
    )
    purge = sub.add_parser(
        "purge",
        help="delete conversations idle longer than the retention period "
        "(PIIGUARD_RETENTION_DAYS, default 180)",
    )
    purge.add_argument("--days", type=int, default=None, help="override the retention period")
    purge.set_defaults(func=_purge)
