"""Dependencies as Annotated aliases, so route signatures read like sentences."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Annotated

from fastapi import Depends, Request, Security
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session, sessionmaker
from starlette.concurrency import run_in_threadpool

from piiguard.guard import Guard
from service.config import Settings
from service.errors import ApiError
from service.ingest import TurnRunner
from service.keys import Principal
from service.metrics import Metrics
from service.ratelimit import digest
from service.store import repo


def _state(request: Request):  # noqa: ANN202
    return request.app.state


# The getters below are `async def` although they do no I/O: FastAPI runs a plain `def`
# dependency in a worker thread, and five thread hops a request were measurable.


async def get_guard(request: Request) -> Guard:
    return _state(request).guard


async def get_settings(request: Request) -> Settings:
    return _state(request).settings


async def get_factory(request: Request) -> sessionmaker[Session]:
    return _state(request).sessions


async def get_runner(request: Request) -> TurnRunner:
    return _state(request).runner


async def get_metrics(request: Request) -> Metrics:
    return _state(request).metrics


def get_db(request: Request) -> Iterator[Session]:
    with _state(request).sessions() as session, session.begin():
        yield session


GuardDep = Annotated[Guard, Depends(get_guard)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
SessionFactory = Annotated[sessionmaker[Session], Depends(get_factory)]
RunnerDep = Annotated[TurnRunner, Depends(get_runner)]
MetricsDep = Annotated[Metrics, Depends(get_metrics)]
# scope="function": the transaction commits when the route returns, before the response
# leaves, so a client that reads right after a write (a redirect after a review) sees it.
DbSession = Annotated[Session, Depends(get_db, scope="function")]


# The API key, as the document declares it: a bearer token, or the same key in X-API-Key.
BEARER_SCHEME = HTTPBearer(
    auto_error=False,
    scheme_name="bearerKey",
    description="An API key: `Authorization: Bearer pgk_...`. Keys are made with "
    "`piiguard keys create` or `POST /v1/keys`; each has one role (ingest, reviewer, admin).",
)
HEADER_SCHEME = APIKeyHeader(
    name="X-API-Key",
    auto_error=False,
    scheme_name="apiKeyHeader",
    description="The same API key in an `X-API-Key` header, for clients that cannot set "
    "Authorization.",
)


def _presented_key(
    bearer: HTTPAuthorizationCredentials | None, header_key: str | None
) -> str | None:
    if header_key and header_key.strip():
        return header_key.strip()
    if bearer is not None and bearer.credentials.strip():
        return bearer.credentials.strip()
    return None


Bearer = Annotated[HTTPAuthorizationCredentials | None, Security(BEARER_SCHEME)]
HeaderKey = Annotated[str | None, Security(HEADER_SCHEME)]


async def get_principal(request: Request, bearer: Bearer, header_key: HeaderKey) -> Principal:
    """The caller, within its key's rate limit.

    A key whose minute is spent gets 429 before any database lookup (looking costs no
    query); only requests with a live key are counted, so made-up keys add no counters.

    A remembered key with in-memory counters is answered on the event loop: no I/O, and
    no thread hop (two a request, ~1 ms of a turn on a busy machine, issue 18). Anything
    that may wait (the database, a shared Redis) runs in a worker thread.
    """
    state = _state(request)
    key = _presented_key(bearer, header_key)
    known = state.key_cache.remembered(key) if key and state.rate_limiter.in_memory else None
    if known is not None:
        return _admit(state, key, known)
    return await run_in_threadpool(_admit, state, key, None)


def _admit(state, key: str | None, known: Principal | None) -> Principal:  # noqa: ANN001
    limiter = state.rate_limiter
    name = digest(key) if key else ""
    if key and limiter.exhausted(name):
        raise _rate_limited(limiter.retry_after(name))
    principal = known
    if key and principal is None:
        principal = state.key_cache.principal(key)  # service/key_cache.py
    if principal is None:
        raise ApiError(
            401, "unauthorized", "a valid API key is required", {"WWW-Authenticate": "Bearer"}
        )
    if not limiter.allow(name):
        raise _rate_limited(limiter.retry_after(name))
    return principal


def _rate_limited(retry_after: int) -> ApiError:
    # Retry-After: when the oldest request of the window ages out and one more fits.
    return ApiError(
        429,
        "rate_limited",
        "too many requests for this key; slow down",
        {"Retry-After": str(retry_after)},
    )


def require(*roles: str) -> Callable[..., Principal]:
    # The key schemes directly, not through a get_principal dependency: one dependency
    # fewer for FastAPI to solve on every request (issue 18: solving was ~9 % of a worker).
    async def check(request: Request, bearer: Bearer, header_key: HeaderKey) -> Principal:
        principal = await get_principal(request, bearer, header_key)
        if principal.role not in roles:
            raise ApiError(403, "forbidden", f"this key's role ({principal.role}) may not do this")
        return principal

    check.roles = roles  # type: ignore[attr-defined]  # read by service.openapi for 403s
    return check


AnyKey = Annotated[Principal, Depends(get_principal)]
IngestKey = Annotated[Principal, Depends(require("ingest"))]
ReviewerKey = Annotated[Principal, Depends(require("reviewer", "admin"))]
AdminKey = Annotated[Principal, Depends(require("admin"))]


def audit(
    session: Session,
    who: Principal,
    action: str,
    target: str | None = None,
    detail: str | None = None,
) -> None:
    repo.audit(session, who.name, who.role, action, target, detail)
