"""The review console's pages (server-rendered; reviewer and admin keys sign in).

Pages render in the reader's language (service/console/i18n.py); errors under /console
are HTML pages (service/console/error_pages.py). Everything shown comes from stored,
redacted data.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Annotated, Literal
from urllib.parse import quote

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import Select

from service import review_export
from service.console import i18n
from service.console.auth import COOKIE, LIFETIME_SECONDS, PRE_COOKIE
from service.console.error_pages import ConsoleRoute, SignIn, language_of
from service.deps import DbSession, audit
from service.errors import ApiError
from service.free_text import redacted_free_text
from service.keys import Principal, authenticate
from service.ratelimit import digest
from service.routes.reviews import export_response
from service.store import indicators as indicator_store
from service.store import repo, triage
from service.store.models import Conversation

__all__ = ["SignIn", "router"]

router = APIRouter(prefix="/console", include_in_schema=False, route_class=ConsoleRoute)
PAGE = 25
AUDIT_PAGE = 50
LEVELS = ("low", "medium", "high")
DISPOSITIONS = ("confirmed_scam", "agent_violation", "false_positive", "no_issue")
LANGUAGE_COOKIE_SECONDS = 365 * 24 * 3600
_TEXT_MAX = 200


def _viewer(request: Request, db: DbSession) -> tuple[Principal, str]:
    found = request.app.state.console_auth.read(request.cookies.get(COOKIE), db)
    if found is None:
        raise SignIn
    return found


Viewer = Annotated[tuple[Principal, str], Depends(_viewer)]


def _here(request: Request) -> str:
    query = request.url.query
    return request.url.path + (f"?{query}" if query else "")


def _page(
    request: Request, name: str, viewer: tuple[Principal, str] | None, **context
) -> HTMLResponse:
    csrf = request.app.state.console_auth.csrf_for(viewer[1]) if viewer else None
    return language_of(request).templates.TemplateResponse(
        request,
        name,
        {
            "viewer": viewer[0] if viewer else None,
            "csrf": csrf,
            "here": _here(request),
            **context,
        },
    )


def _check_csrf(request: Request, session_id: str, token: str) -> None:
    if not request.app.state.console_auth.csrf_ok(session_id, token):
        raise ApiError(
            403, "forbidden", "the form expired or did not come from this console; reload and retry"
        )


def _session_url(session_id: str, suffix: str = "") -> str:
    return f"/console/sessions/{quote(session_id, safe='')}{suffix}"


@router.get("/language")
def choose_language(to: str = "", next: str = "/console") -> Response:  # noqa: A002
    """The language switch: remembered in a cookie, then back to the page it was used on."""
    target = next if next.startswith("/console") and "\\" not in next else "/console"
    response = RedirectResponse(target, status_code=303)
    if to in i18n.LANGUAGES:
        response.set_cookie(
            i18n.COOKIE, to, max_age=LANGUAGE_COOKIE_SECONDS, samesite="lax", path="/console"
        )
    return response


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, error: str | None = None) -> HTMLResponse:
    pre = request.cookies.get(PRE_COOKIE) or request.app.state.console_auth.issue_pre()
    response = language_of(request).templates.TemplateResponse(
        request,
        "login.html",
        {
            "viewer": None,
            "csrf": request.app.state.console_auth.csrf_for(pre),
            "error": error,
            "here": "/console/login",
        },
    )
    if error == "wait":
        # The sign-in page itself, with its message, answered as what it is: a 429.
        response.status_code = 429
        response.headers["Retry-After"] = "60"
    response.set_cookie(
        PRE_COOKIE, pre, httponly=True, samesite="strict", secure=request.url.scheme == "https"
    )
    return response


@router.post("/login")
def login(
    request: Request,
    db: DbSession,
    key: Annotated[str, Form(max_length=200)],
    csrf: Annotated[str, Form(max_length=200)],
) -> Response:
    pre = request.cookies.get(PRE_COOKIE) or ""
    _check_csrf(request, pre, csrf)
    failures = request.app.state.sign_in_failures
    client = digest(request.client.host if request.client else "unknown")
    if failures.exhausted(client):
        # Counted per client address, before the key is looked up: guessing is slow.
        return RedirectResponse("/console/login?error=wait", status_code=303)
    principal = authenticate(db, key.strip())
    if principal is None or principal.role not in ("reviewer", "admin"):
        failures.allow(client)
        # Audited without what was typed: it may be a secret pasted in the wrong box.
        repo.audit(db, "anonymous", "none", "console_sign_in_failed", None, None)
        return RedirectResponse("/console/login?error=1", status_code=303)
    auth = request.app.state.console_auth
    cookie = auth.sign_in(db, principal, request.cookies.get(COOKIE))
    audit(db, principal, "console_sign_in")
    response = RedirectResponse("/console", status_code=303)
    response.set_cookie(
        COOKIE,
        cookie,
        max_age=LIFETIME_SECONDS,
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
        path="/console",
    )
    response.delete_cookie(PRE_COOKIE)
    return response


@router.post("/logout")
def logout(
    request: Request, db: DbSession, viewer: Viewer, csrf: Annotated[str, Form(max_length=200)]
) -> Response:
    _check_csrf(request, viewer[1], csrf)
    request.app.state.console_auth.sign_out(db, request.cookies.get(COOKIE))
    audit(db, viewer[0], "console_sign_out")
    response = RedirectResponse("/console/login", status_code=303)
    response.delete_cookie(COOKIE, path="/console")
    return response


def _flag(value: str | None) -> bool | None:
    return {"yes": True, "no": False}.get(value or "")


def _day(value: str | None, plus: int = 0) -> datetime | None:
    try:
        return datetime.fromisoformat(value) + timedelta(days=plus) if value else None
    except (ValueError, OverflowError):  # not a date, or the day after 9999-12-31
        return None


def _text(value: str | None) -> str:
    return (value or "").strip()[:_TEXT_MAX]


class QueueParams:
    """The queue's query string, read once, kept as given (to refill the form and links)."""

    def __init__(
        self,
        flagged: str | None = "yes",
        level: str | None = None,
        agent_block: str | None = None,
        scam: str | None = None,
        unreviewed: str | None = None,
        since: str | None = None,
        until: str | None = None,
        sort: str = "risk",
        q: str | None = None,
        signal: str | None = None,
        entity: str | None = None,
        disposition: str | None = None,
        reviewer: str | None = None,
        assigned: str | None = None,
    ) -> None:
        self.given = {
            "flagged": flagged or "",
            "level": level or "",
            "agent_block": agent_block or "",
            "scam": scam or "",
            "unreviewed": unreviewed or "",
            "since": since or "",
            "until": until or "",
            "sort": "recent" if sort == "recent" else "risk",
            "q": _text(q),
            "signal": _text(signal),
            "entity": _text(entity),
            "disposition": disposition if disposition in DISPOSITIONS else "",
            "reviewer": _text(reviewer),
            "assigned": _text(assigned),
        }

    def query(self, me: str, *, reviewed: bool | None = None) -> Select[Conversation]:
        g = self.given
        base = repo.SessionFilter(
            flagged=_flag(g["flagged"]),
            level=g["level"] if g["level"] in LEVELS else None,
            agent_block=_flag(g["agent_block"]),
            scam=_flag(g["scam"]),
            reviewed=False if g["unreviewed"] == "yes" else reviewed,
            since=_day(g["since"]),
            until=_day(g["until"], 1),
        )
        search = triage.Search(
            id_contains=g["q"] or None,
            signal=g["signal"] or None,
            entity=g["entity"] or None,
            disposition=g["disposition"] or None,
            reviewer=g["reviewer"] or None,
            assigned_to=me if g["assigned"] == "me" else (g["assigned"] or None),
        )
        return triage.search_query(base, search)


Queue = Annotated[QueueParams, Depends()]


@router.get("", response_class=HTMLResponse)
def queue(
    request: Request,
    db: DbSession,
    viewer: Viewer,
    params: Queue,
    page: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
) -> HTMLResponse:
    """The queue of sessions to triage, riskiest first by default."""
    total, rows = repo.page_of(
        db, params.query(viewer[0].name), (page - 1) * PAGE, PAGE, params.given["sort"]
    )
    audit(db, viewer[0], "console_queue", None, f"page={page}")
    return _page(
        request,
        "queue.html",
        viewer,
        rows=rows,
        total=total,
        page=page,
        pages=max(1, -(-total // PAGE)),
        params=params.given,
        stats=repo.stats(db),
        reasons=triage.reasons(db, [r.id for r in rows]),
        signal_kinds=triage.signal_kinds(db),
        entity_types=triage.entity_types(db),
        dispositions=DISPOSITIONS,
    )


@router.get("/next")
def next_unreviewed(
    db: DbSession, viewer: Viewer, skip: Annotated[str | None, Query(max_length=200)] = None
) -> Response:
    """Open the riskiest flagged session nobody has reviewed or taken."""
    found = triage.next_unreviewed(db, skip)
    if found is None:
        return RedirectResponse("/console?flagged=yes&unreviewed=yes", status_code=303)
    return RedirectResponse(_session_url(found), status_code=303)


@router.get("/export")
def export(
    db: DbSession,
    viewer: Viewer,
    params: Queue,
    format: Literal["csv", "json"] = "csv",  # noqa: A002
) -> Response:
    """The reviewed sessions matching the queue's filters, as the API exports them."""
    query = params.query(viewer[0].name, reviewed=True)
    return export_response(
        db, viewer[0], query, format, 0, review_export.EXPORT_MAX_ROWS, "console"
    )


def _session_view(
    request: Request,
    db: DbSession,
    viewer: tuple[Principal, str],
    session_id: str,
    review_error: bool = False,
) -> HTMLResponse:
    row = repo.session_detail(db, session_id)
    if row is None:
        raise ApiError(404, "not_found", "no such session")
    audit(db, viewer[0], "view_session", session_id, "console")
    by_turn: dict[int, list] = {}
    for s in row.signals:
        by_turn.setdefault(s.turn, []).append(s)
    # The reviewer's own latest review, shown when they reopen the session: never used to
    # preselect the control (a verdict is always chosen afresh).
    mine = next((r for r in reversed(row.reviews) if r.reviewer == viewer[0].name), None)
    _, indicators = indicator_store.list_indicators(
        db, indicator_store.IndicatorFilter(conversation_id=session_id), 0, 50
    )
    response = _page(
        request,
        "session.html",
        viewer,
        row=row,
        signals_by_turn=by_turn,
        dispositions=DISPOSITIONS,
        mine=mine,
        review_error=review_error,
        indicators=indicators,
    )
    if review_error:
        response.status_code = 400
    return response


@router.get("/sessions/{session_id}", response_class=HTMLResponse)
def session_page(request: Request, session_id: str, db: DbSession, viewer: Viewer) -> HTMLResponse:
    return _session_view(request, db, viewer, session_id)


@router.post("/sessions/{session_id}/review")
def review(
    request: Request,
    session_id: str,
    db: DbSession,
    viewer: Viewer,
    csrf: Annotated[str, Form(max_length=200)],
    disposition: Annotated[str, Form(max_length=40)] = "",
    note: Annotated[str, Form(max_length=4000)] = "",
) -> Response:
    _check_csrf(request, viewer[1], csrf)
    if disposition not in DISPOSITIONS:
        # Checked here as well as by the form's required radios: a verdict is never assumed.
        return _session_view(request, db, viewer, session_id, review_error=True)
    row = repo.load_conversation(db, session_id)
    if row is None:
        raise ApiError(404, "not_found", "no such session")
    note = redacted_free_text(request.app.state.guard, note, "note")
    repo.add_review(db, row, viewer[0].name, disposition, note)
    audit(db, viewer[0], "review_session", session_id, disposition)
    return RedirectResponse(_session_url(session_id, "?reviewed=1"), status_code=303)


@router.post("/sessions/{session_id}/assign")
def assign(
    request: Request,
    session_id: str,
    db: DbSession,
    viewer: Viewer,
    csrf: Annotated[str, Form(max_length=200)],
    to: Annotated[str, Form(max_length=10)] = "",
) -> Response:
    """Take a session ("me") or release it (empty)."""
    _check_csrf(request, viewer[1], csrf)
    assignee = viewer[0].name if to == "me" else None
    if not triage.assign(db, session_id, assignee):
        raise ApiError(404, "not_found", "no such session")
    audit(db, viewer[0], "assign_session" if assignee else "unassign_session", session_id)
    return RedirectResponse(_session_url(session_id), status_code=303)


@router.get("/summary", response_class=HTMLResponse)
def summary(
    request: Request,
    db: DbSession,
    viewer: Viewer,
    since: str | None = None,
    until: str | None = None,
) -> HTMLResponse:
    """Counters and charts for sessions started in a date range (UTC days; default: all)."""
    audit(db, viewer[0], "console_summary")
    stats = triage.summary_stats(db, _day(since), _day(until, 1))
    peak_day = max((n for _, n in stats["per_day"]), default=0) or 1
    peak_signal = max((n for _, n in stats["top_signals"]), default=0) or 1
    # The counters link to the queue with the same range.
    scope = {"since": since or "", "until": until or ""}
    return _page(
        request,
        "summary.html",
        viewer,
        stats=stats,
        peak_day=peak_day,
        peak_signal=peak_signal,
        params=scope,
    )


def _audit_filter(
    actor: str | None, action: str | None, since: str | None, until: str | None
) -> tuple[triage.AuditFilter, dict[str, str]]:
    given = {
        "actor": _text(actor),
        "action": _text(action),
        "since": since or "",
        "until": until or "",
    }
    flt = triage.AuditFilter(
        actor=given["actor"] or None,
        action=given["action"] or None,
        since=_day(since),
        until=_day(until, 1),
    )
    return flt, given


def _admin_only(viewer: tuple[Principal, str]) -> None:
    if viewer[0].role != "admin":
        raise ApiError(403, "forbidden", "the audit log is for admin keys")


@router.get("/audit", response_class=HTMLResponse)
def audit_page(
    request: Request,
    db: DbSession,
    viewer: Viewer,
    actor: str | None = None,
    action: str | None = None,
    since: str | None = None,
    until: str | None = None,
    page: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
) -> HTMLResponse:
    _admin_only(viewer)
    flt, given = _audit_filter(actor, action, since, until)
    total, rows = triage.audit_page(db, flt, (page - 1) * AUDIT_PAGE, AUDIT_PAGE)
    return _page(
        request,
        "audit.html",
        viewer,
        rows=rows,
        total=total,
        page=page,
        pages=max(1, -(-total // AUDIT_PAGE)),
        params=given,
        actions=triage.audit_actions(db),
    )


@router.get("/audit/export")
def audit_export(
    db: DbSession,
    viewer: Viewer,
    actor: str | None = None,
    action: str | None = None,
    since: str | None = None,
    until: str | None = None,
) -> Response:
    """The filtered audit log as CSV (newest first, at most EXPORT_MAX_ROWS entries)."""
    _admin_only(viewer)
    flt, given = _audit_filter(actor, action, since, until)
    _, rows = triage.audit_page(db, flt, 0, review_export.EXPORT_MAX_ROWS)
    # Which filters were set, not what was typed in them (a pasted value must not be kept).
    used = ",".join(k for k, v in given.items() if v)
    audit(db, viewer[0], "export_audit", None, f"rows={len(rows)} filters={used or 'none'}")
    body = review_export.to_csv(review_export.AUDIT_COLUMNS, review_export.audit_records(rows))
    return Response(
        body,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="audit-log.csv"'},
    )


@router.get("/indicators", response_class=HTMLResponse)
def indicators_page(
    request: Request,
    db: DbSession,
    viewer: Viewer,
    confirmed: str | None = None,
    offset: Annotated[int, Query(ge=0, le=1_000_000_000)] = 0,
) -> HTMLResponse:
    """Scam indicators, most confirmed first (display forms only)."""
    flt = indicator_store.IndicatorFilter(confirmed=_flag(confirmed))
    total, items = indicator_store.list_indicators(db, flt, offset, PAGE)
    audit(db, viewer[0], "list_indicators", None, "console")
    return _page(
        request,
        "indicators.html",
        viewer,
        items=items,
        total=total,
        offset=offset,
        page=PAGE,
        confirmed=confirmed or "",
    )
