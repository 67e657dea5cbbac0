"""The review console's pages (server-rendered; reviewer and admin keys sign in)."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from service.console import render
from service.console.auth import COOKIE, LIFETIME_SECONDS, PRE_COOKIE
from service.deps import DbSession, audit
from service.errors import ApiError
from service.free_text import redacted_free_text
from service.keys import Principal, authenticate
from service.schemas import Disposition
from service.store import indicators as indicator_store
from service.store import repo

router = APIRouter(prefix="/console", include_in_schema=False)
templates = Jinja2Templates(
    directory=str(Path(__file__).resolve().parent.parent / "console" / "templates")
)
templates.env.globals.update(pieces=render.pieces, clock=render.clock)
PAGE = 25
LEVELS = ("low", "medium", "high")
DISPOSITIONS = ("confirmed_scam", "agent_violation", "false_positive", "no_issue")


class SignIn(Exception):
    """Not signed in: the handler redirects to the sign-in page."""


def _viewer(request: Request, db: DbSession) -> tuple[Principal, str]:
    found = request.app.state.console_auth.read(request.cookies.get(COOKIE), db)
    if found is None:
        raise SignIn
    return found


Viewer = Annotated[tuple[Principal, str], Depends(_viewer)]


def _page(
    request: Request, name: str, viewer: tuple[Principal, str] | None, **context
) -> HTMLResponse:
    csrf = request.app.state.console_auth.csrf_for(viewer[1]) if viewer else None
    return templates.TemplateResponse(
        request, name, {"viewer": viewer[0] if viewer else None, "csrf": csrf, **context}
    )


def _check_csrf(request: Request, session_id: str, token: str) -> None:
    if not request.app.state.console_auth.csrf_ok(session_id, token):
        raise ApiError(
            403, "forbidden", "the form expired or did not come from this console; reload and retry"
        )


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, error: str | None = None) -> HTMLResponse:
    pre = request.cookies.get(PRE_COOKIE) or request.app.state.console_auth.issue_pre()
    response = templates.TemplateResponse(
        request,
        "login.html",
        {"viewer": None, "csrf": request.app.state.console_auth.csrf_for(pre), "error": error},
    )
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
    principal = authenticate(db, key.strip())
    if principal is None or principal.role not in ("reviewer", "admin"):
        return RedirectResponse("/console/login?error=1", status_code=303)
    audit(db, principal, "console_sign_in")
    response = RedirectResponse("/console", status_code=303)
    response.set_cookie(
        COOKIE,
        request.app.state.console_auth.issue(principal),
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
    request: Request, viewer: Viewer, csrf: Annotated[str, Form(max_length=200)]
) -> Response:
    _check_csrf(request, viewer[1], csrf)
    response = RedirectResponse("/console/login", status_code=303)
    response.delete_cookie(COOKIE, path="/console")
    return response


def _flag(value: str | None) -> bool | None:
    return {"yes": True, "no": False}.get(value or "")


@router.get("", response_class=HTMLResponse)
def queue(
    request: Request,
    db: DbSession,
    viewer: Viewer,
    flagged: str | None = "yes",
    level: str | None = None,
    agent_block: str | None = None,
    scam: str | None = None,
    unreviewed: str | None = None,
    since: str | None = None,
    until: str | None = None,
    sort: str = "risk",
    page: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
) -> HTMLResponse:
    """The queue of sessions to triage, riskiest first by default."""

    def day(value: str | None, plus: int = 0) -> datetime | None:
        try:
            return datetime.fromisoformat(value) + timedelta(days=plus) if value else None
        except ValueError:
            return None

    flt = repo.SessionFilter(
        flagged=_flag(flagged),
        level=level if level in LEVELS else None,
        agent_block=_flag(agent_block),
        scam=_flag(scam),
        reviewed=False if unreviewed == "yes" else None,
        since=day(since),
        until=day(until, 1),
    )
    page = max(page, 1)
    total, rows = repo.list_sessions(
        db, flt, (page - 1) * PAGE, PAGE, "risk" if sort == "risk" else "recent"
    )
    audit(db, viewer[0], "console_queue", None, f"page={page}")
    params = {
        "flagged": flagged or "",
        "level": level or "",
        "agent_block": agent_block or "",
        "scam": scam or "",
        "unreviewed": unreviewed or "",
        "since": since or "",
        "until": until or "",
        "sort": sort,
    }
    return _page(
        request,
        "queue.html",
        viewer,
        rows=rows,
        total=total,
        page=page,
        pages=max(1, -(-total // PAGE)),
        params=params,
        stats=repo.stats(db),
    )


@router.get("/sessions/{session_id}", response_class=HTMLResponse)
def session_page(request: Request, session_id: str, db: DbSession, viewer: Viewer) -> HTMLResponse:
    row = repo.session_detail(db, session_id)
    if row is None:
        raise ApiError(404, "not_found", "no such session")
    audit(db, viewer[0], "view_session", session_id, "console")
    by_turn: dict[int, list] = {}
    for s in row.signals:
        by_turn.setdefault(s.turn, []).append(s)
    _, indicators = indicator_store.list_indicators(
        db, indicator_store.IndicatorFilter(conversation_id=session_id), 0, 50
    )
    return _page(
        request,
        "session.html",
        viewer,
        row=row,
        signals_by_turn=by_turn,
        dispositions=DISPOSITIONS,
        indicators=indicators,
    )


@router.post("/sessions/{session_id}/review")
def review(
    request: Request,
    session_id: str,
    db: DbSession,
    viewer: Viewer,
    disposition: Annotated[Disposition, Form()],
    csrf: Annotated[str, Form(max_length=200)],
    note: Annotated[str, Form(max_length=4000)] = "",
) -> Response:
    _check_csrf(request, viewer[1], csrf)
    row = repo.load_conversation(db, session_id)
    if row is None:
        raise ApiError(404, "not_found", "no such session")
    note = redacted_free_text(request.app.state.guard, note, "note")
    repo.add_review(db, row, viewer[0].name, disposition, note)
    audit(db, viewer[0], "review_session", session_id, disposition)
    return RedirectResponse(
        f"/console/sessions/{quote(session_id, safe='')}?reviewed=1", status_code=303
    )


@router.get("/summary", response_class=HTMLResponse)
def summary(request: Request, db: DbSession, viewer: Viewer) -> HTMLResponse:
    audit(db, viewer[0], "console_summary")
    stats = repo.stats(db)
    peak_day = max((n for _, n in stats["per_day"]), default=0) or 1
    peak_signal = max((n for _, n in stats["top_signals"]), default=0) or 1
    return _page(
        request, "summary.html", viewer, stats=stats, peak_day=peak_day, peak_signal=peak_signal
    )


@router.get("/audit", response_class=HTMLResponse)
def audit_page(request: Request, db: DbSession, viewer: Viewer) -> HTMLResponse:
    if viewer[0].role != "admin":
        raise ApiError(403, "forbidden", "the audit log is for admin keys")
    _, rows = repo.list_audit(db, 0, 200)
    return _page(request, "audit.html", viewer, rows=rows)


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
