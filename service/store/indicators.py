"""Repository of scam indicators: record sightings, confirm them by review, import lists,
and keep each process's known set (the guard's) in step with the database.

Only fingerprints and display forms are written; values are fingerprinted by the caller's
:class:`~piiguard.indicators.IndicatorFinder` before anything reaches this module.
"""

from __future__ import annotations

import time
import weakref
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import case, delete, func, or_, select, update
from sqlalchemy.orm import Session

from piiguard.guard import Guard
from piiguard.indicators import Indicator, IndicatorFinder
from piiguard.model import Turn, TurnDecision
from service.store.indicator_models import Indicator as IndicatorRow
from service.store.indicator_models import IndicatorSighting
from service.store.models import utcnow

CONFIRMING_DISPOSITION = "confirmed_scam"
_SIDES = {"agent": "agent", "customer": "customer"}

# The version of the known set each finder was last loaded at, and when that was checked
# (monotonic seconds), per process.
_loaded: weakref.WeakKeyDictionary[IndicatorFinder, tuple[tuple, float]] = (
    weakref.WeakKeyDictionary()
)
# How long a process trusts its known set before asking the database whether it moved.
# Changes made in this process (reviews, imports, retirements) call invalidate_known() and
# take effect on the next turn; another replica's take effect within this many seconds.
# Checking on every turn cost a transaction (three round trips) per turn (issue 18).
KNOWN_SET_MAX_AGE_SECONDS = 2.0


def invalidate_known() -> None:
    """Make every finder re-check the database on its next turn (a change was written)."""
    _loaded.clear()


def known_is_fresh(guard: Guard, max_age: float = KNOWN_SET_MAX_AGE_SECONDS) -> bool:
    """True while the guard's known set was checked less than ``max_age`` seconds ago
    (or the guard has no finder): the caller may skip :func:`refresh_known`."""
    finder = guard.indicators
    if finder is None:
        return True
    loaded = _loaded.get(finder)
    return loaded is not None and time.monotonic() - loaded[1] < max_age


def _insert_ignore(session: Session, values: list[dict]) -> None:
    """Insert indicator rows, leaving those that exist (another writer may race us)."""
    if not values:
        return
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        session.execute(pg_insert(IndicatorRow).values(values).on_conflict_do_nothing())
    else:
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        session.execute(sqlite_insert(IndicatorRow).values(values).on_conflict_do_nothing())


# -- the known set ----------------------------------------------------------------------


def _known_clause():  # noqa: ANN202
    return or_(IndicatorRow.confirmed_sessions > 0, IndicatorRow.imported.is_(True))


def refresh_known(session: Session, guard: Guard) -> None:
    """Give the guard's finder the known set now in the database, if it changed.

    One small aggregate query per call; the set itself is reloaded only when it moved.
    Callers on the per-turn path ask :func:`known_is_fresh` first.
    """
    finder = guard.indicators
    if finder is None:
        return
    checked_at = time.monotonic()
    version = tuple(
        session.execute(
            select(func.count(), func.max(IndicatorRow.updated_at)).where(_known_clause())
        ).one()
    )
    loaded = _loaded.get(finder)
    if loaded is None or loaded[0] != version:
        rows = session.execute(
            select(IndicatorRow.fingerprint, IndicatorRow.confirmed_sessions).where(_known_clause())
        )
        finder.replace_known({str(fp): int(count) for fp, count in rows})
    _loaded[finder] = (version, checked_at)


# -- sightings --------------------------------------------------------------------------


def record_decision(
    session: Session,
    guard: Guard,
    conversation_id: str,
    turn: Turn,
    decision: TurnDecision,
    language: str | None,
) -> int:
    """Record the indicators a turn gave (agent) or reported (customer); returns how many.

    A blocked-unscanned turn (scan failed, over budget) has no findings and is skipped.
    """
    found = given_indicators(guard, turn, decision, language)
    if found:
        _record(session, conversation_id, decision.index, _SIDES[turn.speaker], found)
    return len(found)


def given_indicators(
    guard: Guard, turn: Turn, decision: TurnDecision, language: str | None
) -> list[Indicator]:
    """The indicators a turn gave (agent) or reported (customer), one per fingerprint;
    none for a blocked-unscanned turn (scan failed, over budget)."""
    finder = guard.indicators
    if finder is None or turn.speaker not in _SIDES or not turn.text or decision.error:
        return []
    found = finder.find(turn.text, decision.findings, turn.speaker, language or "zh")
    return list({i.fingerprint: i for i in found if i.given}.values())


def record_found(
    session: Session, conversation_id: str, index: int, turn: Turn, found: Iterable[Indicator]
) -> None:
    """Record indicators :func:`given_indicators` returned for turn ``index``."""
    _record(session, conversation_id, index, _SIDES[turn.speaker], found)


def sighting_rows(turn: Turn, found: Iterable[Indicator]) -> tuple[str, list[dict]]:
    """(side, rows) of a turn's sightings as the live-turn write stores them beside the
    turn (PostgreSQL, service/store/repo.py): fingerprints and display forms only."""
    rows = [
        {"fingerprint": i.fingerprint, "kind": i.kind, "display": i.display[:80]} for i in found
    ]
    return _SIDES.get(turn.speaker, turn.speaker), rows


def _record(
    session: Session, conversation_id: str, index: int, side: str, found: Iterable[Indicator]
) -> None:
    now = utcnow()
    unique = {i.fingerprint: i for i in found}
    if not unique:
        return
    _insert_ignore(
        session,
        [
            {
                "fingerprint": i.fingerprint,
                "kind": i.kind,
                "display": i.display[:80],
                "confirmed_sessions": 0,
                "imported": False,
                "first_seen": now,
                "last_seen": now,
                "updated_at": now,
            }
            for i in unique.values()
        ],
    )
    session.execute(
        update(IndicatorRow)
        .where(IndicatorRow.fingerprint.in_(list(unique)))
        .values(last_seen=now, first_seen=func.coalesce(IndicatorRow.first_seen, now))
    )
    seen = set(
        session.scalars(
            select(IndicatorSighting.fingerprint).where(
                IndicatorSighting.conversation_id == conversation_id,
                IndicatorSighting.turn == index,
            )
        )
    )
    for fp in unique:
        if fp not in seen:
            session.add(
                IndicatorSighting(
                    fingerprint=fp,
                    conversation_id=conversation_id,
                    turn=index,
                    side=side,
                    confirmed=False,
                    seen_at=now,
                )
            )
    session.flush()


def erase_sightings(session: Session, conversation_ids: Sequence[str]) -> None:
    """Forget where indicators were seen in these conversations (erasure, retention).
    The indicators' confirmed counts stay: they are evidence, not about the customer."""
    session.execute(
        delete(IndicatorSighting).where(
            IndicatorSighting.conversation_id.in_(list(conversation_ids))
        )
    )


# -- reviews ----------------------------------------------------------------------------


def apply_review(session: Session, conversation_id: str, disposition: str) -> int:
    """Make the session's agent-side indicators confirmed iff ``disposition`` confirms a
    scam; a later other disposition takes the confirmation back. Returns the change in
    confirmed indicators (+n confirmed, -n withdrawn)."""
    confirm = disposition == CONFIRMING_DISPOSITION
    rows = session.execute(
        select(IndicatorSighting.fingerprint, IndicatorSighting.confirmed).where(
            IndicatorSighting.conversation_id == conversation_id,
            IndicatorSighting.side == "agent",
        )
    ).all()
    was = {fp for fp, confirmed in rows if confirmed}
    all_fps = {fp for fp, _ in rows}
    changed = (all_fps - was) if confirm else was
    if not changed:
        return 0
    now = utcnow()
    session.execute(
        update(IndicatorSighting)
        .where(
            IndicatorSighting.conversation_id == conversation_id,
            IndicatorSighting.side == "agent",
        )
        .values(confirmed=confirm)
    )
    step = 1 if confirm else -1
    values: dict = {
        "confirmed_sessions": IndicatorRow.confirmed_sessions + 1
        if confirm
        else case(
            (IndicatorRow.confirmed_sessions > 0, IndicatorRow.confirmed_sessions - 1), else_=0
        ),
        "updated_at": now,
    }
    if confirm:
        values["last_confirmed"] = now
        values["first_confirmed"] = func.coalesce(IndicatorRow.first_confirmed, now)
    session.execute(
        update(IndicatorRow).where(IndicatorRow.fingerprint.in_(list(changed))).values(**values)
    )
    invalidate_known()  # bounded either way: a racing turn re-checks within the max age
    return step * len(changed)


# -- imported lists ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ImportOutcome:
    added: int
    already_known: int
    skipped_lines: tuple[int, ...]


def import_values(
    session: Session,
    finder: IndicatorFinder,
    values: Iterable[tuple[int, str]],
    language: str = "zh",
) -> ImportOutcome:
    """Fingerprint raw values (line number, value) and mark them imported; the values are
    dropped here. Official contacts and what parses as no indicator are skipped."""
    from piiguard.indicators import parse_raw_value

    parsed: dict[str, tuple[str, str]] = {}
    skipped: list[int] = []
    for lineno, raw in values:
        value = parse_raw_value(raw, language)
        if value is None or finder.is_official(value[0], value[1]):
            skipped.append(lineno)
            continue
        kind, canonical, display = value
        parsed[finder.fingerprint(kind, canonical)] = (kind, display)
    now = utcnow()
    existing: set[str] = set()
    fps = list(parsed)
    for start in range(0, len(fps), 500):
        chunk = fps[start : start + 500]
        existing |= set(
            session.scalars(
                select(IndicatorRow.fingerprint).where(
                    IndicatorRow.fingerprint.in_(chunk), IndicatorRow.imported.is_(True)
                )
            )
        )
    _insert_ignore(
        session,
        [
            {
                "fingerprint": fp,
                "kind": kind,
                "display": display[:80],
                "confirmed_sessions": 0,
                "imported": True,
                "imported_at": now,
                "updated_at": now,
            }
            for fp, (kind, display) in parsed.items()
        ],
    )
    for start in range(0, len(fps), 500):
        chunk = [fp for fp in fps[start : start + 500] if fp not in existing]
        if chunk:
            session.execute(
                update(IndicatorRow)
                .where(IndicatorRow.fingerprint.in_(chunk))
                .values(
                    imported=True,
                    imported_at=func.coalesce(IndicatorRow.imported_at, now),
                    updated_at=now,
                )
            )
    invalidate_known()
    return ImportOutcome(len(fps) - len(existing), len(existing), tuple(skipped))


def retire(session: Session, fingerprint: str) -> bool:
    """Delete an indicator and its sightings; False if there was none."""
    session.execute(delete(IndicatorSighting).where(IndicatorSighting.fingerprint == fingerprint))
    result = session.execute(delete(IndicatorRow).where(IndicatorRow.fingerprint == fingerprint))
    invalidate_known()
    return bool(getattr(result, "rowcount", 0))


# -- reading ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class IndicatorFilter:
    kind: str | None = None
    confirmed: bool | None = None
    imported: bool | None = None
    conversation_id: str | None = None
    seen_since: datetime | None = None


def _session_counts(session: Session, fps: list[str]) -> dict[str, tuple[int, list[str]]]:
    """Per fingerprint: how many sessions it was seen in, and (up to 20 of) their ids."""
    out: dict[str, tuple[int, list[str]]] = {}
    if not fps:
        return out
    pairs = session.execute(
        select(IndicatorSighting.fingerprint, IndicatorSighting.conversation_id)
        .where(IndicatorSighting.fingerprint.in_(fps))
        .distinct()
        .order_by(IndicatorSighting.fingerprint, IndicatorSighting.conversation_id)
    ).all()
    for fp, cid in pairs:
        count, ids = out.get(fp, (0, []))
        if len(ids) < 20:
            ids.append(cid)
        out[fp] = (count + 1, ids)
    return out


def list_indicators(
    session: Session, flt: IndicatorFilter, offset: int, limit: int
) -> tuple[int, list[dict]]:
    query = select(IndicatorRow)
    if flt.kind:
        query = query.where(IndicatorRow.kind == flt.kind)
    if flt.confirmed is not None:
        query = query.where(
            IndicatorRow.confirmed_sessions > 0
            if flt.confirmed
            else IndicatorRow.confirmed_sessions == 0
        )
    if flt.imported is not None:
        query = query.where(IndicatorRow.imported.is_(flt.imported))
    if flt.seen_since is not None:
        query = query.where(IndicatorRow.last_seen >= flt.seen_since)
    if flt.conversation_id is not None:
        query = query.where(
            IndicatorRow.fingerprint.in_(
                select(IndicatorSighting.fingerprint).where(
                    IndicatorSighting.conversation_id == flt.conversation_id
                )
            )
        )
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = list(
        session.scalars(
            query.order_by(
                IndicatorRow.confirmed_sessions.desc(),
                IndicatorRow.last_seen.desc(),
                IndicatorRow.fingerprint,
            )
            .offset(offset)
            .limit(limit)
        )
    )
    counts = _session_counts(session, [r.fingerprint for r in rows])
    return total, [_as_dict(r, *counts.get(r.fingerprint, (0, []))) for r in rows]


def _as_dict(row: IndicatorRow, sessions: int, session_ids: list[str]) -> dict:
    return {
        "fingerprint": row.fingerprint,
        "kind": row.kind,
        "display": row.display,
        "confirmed_sessions": row.confirmed_sessions,
        "imported": row.imported,
        "sessions": sessions,
        "session_ids": session_ids,
        "first_seen": row.first_seen,
        "last_seen": row.last_seen,
        "first_confirmed": row.first_confirmed,
        "last_confirmed": row.last_confirmed,
    }


def known_rows(session: Session) -> Iterable[IndicatorRow]:
    """Every known indicator (confirmed or imported), for an export."""
    return session.scalars(
        select(IndicatorRow).where(_known_clause()).order_by(IndicatorRow.fingerprint)
    )
