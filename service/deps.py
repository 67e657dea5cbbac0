"""Dependencies as Annotated aliases, so route signatures read like sentences."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from typing import Annotated

from fastapi import Depends, Header, Request
from sqlalchemy.orm import Session, sessionmaker

from piiguard.guard import Guard
from service.config import Settings
from service.errors import ApiError
from service.ingest import TurnRunner
from service.keys import Principal
from service.metrics import Metrics
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


class RateLimiter:
    """A token bucket per key prefix (per process): ``per_minute`` requests, bursts allowed."""

    def __init__(self, per_minute: int):
        self.rate = per_minute / 60.0
        self.capacity = float(max(per_minute, 1))
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def allow(self, key: str) -> bool:
        now = time.monotonic()
        with self._lock:
            tokens, last = self._buckets.get(key, (self.capacity, now))
            tokens = min(self.capacity, tokens + (now - last) * self.rate)
            if tokens < 1.0:
                self._buckets[key] = (tokens, now)
                return False
            self._buckets[key] = (tokens - 1.0, now)
            return True


def _bearer(authorization: str | None, x_api_key: str | None) -> str | None:
    if x_api_key:
        return x_api_key.strip()
    if authorization and authorization.lower().startswith("bearer "):
        return authorization[7:].strip()
    return None


def get_principal(
    request: Request,
    authorization: Annotated[str | None, Header(description="Bearer <API key>")] = None,
    x_api_key: Annotated[str | None, Header(description="or the API key here")] = None,
) -> Principal:
    key = _bearer(authorization, x_api_key)
    principal = None
    if key:
        principal = _state(request).key_cache.principal(key)  # service/key_cache.py
    if principal is None:
        raise ApiError(
            401, "unauthorized", "a valid API key is required", {"WWW-Authenticate": "Bearer"}
        )
    if not _state(request).rate_limiter.allow(principal.prefix):
        raise ApiError(
            429, "rate_limited", "too many requests for this key; slow down", {"Retry-After": "1"}
        )
    return principal


def require(*roles: str) -> Callable[..., Principal]:
    def check(principal: Annotated[Principal, Depends(get_principal)]) -> Principal:
        if principal.role not in roles:
            raise ApiError(403, "forbidden", f"this key's role ({principal.role}) may not do this")
        return principal

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
