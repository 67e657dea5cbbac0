"""``piiguard keys ...``: API key management, plugged into the piiguard CLI.

The piiguard CLI loads this through its ``piiguard.commands`` entry point when run from
the repository; the database is the service's (``PIIGUARD_DATABASE_URL``). The database
layer is imported only when a ``keys`` command runs: every other command (``scan`` on an
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


def _create(args: argparse.Namespace) -> int:
    from service import keys

    with _session() as session:
        key = keys.create_key(session, args.role, args.name)
    print(key)
    print(
        f"created a {args.role} key for {args.name!r}; it is shown only this once", file=sys.stderr
    )
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
