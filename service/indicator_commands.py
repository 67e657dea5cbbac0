"""``piiguard indicators import FILE`` and ``piiguard indicators export``, plugged into the
piiguard CLI (like ``piiguard keys``): the service's blocklist, from the command line.

The database and the fingerprint key are the service's (``PIIGUARD_DATABASE_URL``,
``PIIGUARD_INDICATOR_SECRET`` or its file). An imported file is read, fingerprinted and
dropped; nothing of it but fingerprints and display forms is written.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def _finder():  # noqa: ANN202
    from piiguard.indicators import IndicatorFinder
    from piiguard.risk import RiskModel
    from service.config import Settings
    from service.indicator_secret import indicator_secret

    settings = Settings()
    risk = RiskModel.load(settings.risk_path)
    return IndicatorFinder(
        indicator_secret(settings),
        official_phones=risk.official_phones,
        official_domains=risk.official_domains,
    )


def _import(args: argparse.Namespace) -> int:
    from piiguard.indicators import raw_values
    from service.commands import _session
    from service.store import indicators as store
    from service.store import repo

    try:
        text = Path(args.file).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        print(f"piiguard: cannot read {args.file}: {type(exc).__name__}", file=sys.stderr)
        return 1
    finder = _finder()
    with _session() as session:
        outcome = store.import_values(session, finder, raw_values(text), args.language)
        detail = (
            f"added={outcome.added} known={outcome.already_known} "
            f"skipped={len(outcome.skipped_lines)}"
        )
        repo.audit(session, "cli", "admin", "import_indicators", None, detail)
    skipped = ", ".join(map(str, outcome.skipped_lines[:20]))
    print(
        f"imported {outcome.added} new indicator(s), {outcome.already_known} already listed"
        + (f"; skipped line(s) {skipped}" if skipped else "")
    )
    return 0


def _export(args: argparse.Namespace) -> int:
    from service.commands import _session
    from service.store import indicators as store

    key = _finder().key_id
    out = open(args.output, "w", encoding="utf-8") if args.output else sys.stdout  # noqa: SIM115
    try:
        with _session() as session:
            for r in store.known_rows(session):
                row = {
                    "fingerprint": r.fingerprint,
                    "kind": r.kind,
                    "display": r.display,
                    "confirmed_sessions": r.confirmed_sessions,
                    "imported": r.imported,
                    "key_id": key,
                }
                out.write(json.dumps(row, ensure_ascii=False) + "\n")
    finally:
        if out is not sys.stdout:
            out.close()
    return 0


def register(sub: argparse._SubParsersAction, _common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("indicators", help="import or export the service's scam indicators")
    actions = p.add_subparsers(dest="indicators_action", required=True)
    imp = actions.add_parser("import", help="fingerprint a list of raw values (text or CSV)")
    imp.add_argument("file")
    imp.add_argument(
        "--language",
        choices=["zh", "en"],
        default="zh",
        help="region of numbers without a country code (zh: China, en: the US)",
    )
    imp.set_defaults(func=_import)
    exp = actions.add_parser("export", help="known indicators as JSON lines (no values)")
    exp.add_argument("-o", "--output", help="write here (default: stdout)")
    exp.set_defaults(func=_export)
