"""The FastAPI app: ``create_app(settings)`` builds one Guard and one database engine.

Run with ``make run`` (uvicorn on 127.0.0.1:8000, SQLite file store) or
``uvicorn --factory service.main:create_app``; settings come from ``PIIGUARD_*``
environment variables (see service/config.py and the README).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import RedirectResponse
from fastapi.staticfiles import StaticFiles

from piiguard.guard import Guard, GuardConfig
from service import errors, openapi
from service import logging as service_logging
from service.config import Settings
from service.console import error_pages as console_error_pages
from service.console import labels as console_labels
from service.console.auth import ConsoleAuth
from service.indicator_secret import with_indicators
from service.ingest import TurnRunner
from service.key_cache import KeyCache, database_verifier
from service.metrics import Metrics
from service.middleware import GuardrailsMiddleware
from service.ratelimit import RateLimiter
from service.redaction import BoundedRedactor
from service.retention import RetentionTask
from service.routes import admin, audio, console, health, indicators, ingest, reviews, sessions
from service.store.db import MAX_CONNECTIONS, make_engine, migrate, session_factory

log = logging.getLogger("piiguard.service")
CONSOLE_STATIC = Path(__file__).resolve().parent / "console" / "static"


def create_app(settings: Settings | None = None, *, guard: Guard | None = None) -> FastAPI:
    """The app, ready to serve: database migrated, one Guard built (or the one given).

    Everything is built here rather than in a lifespan hook so that any ASGI client
    (uvicorn workers, TestClient, schemathesis) gets a working app.
    """
    settings = settings or Settings()
    service_logging.configure()
    metrics = Metrics()
    engine = make_engine(settings.database_url, settings.db_busy_timeout_seconds)
    migrate(engine)
    guard = guard or Guard.build(
        GuardConfig(
            recognizer_folders=tuple(settings.recognizer_folders),
            policy_path=settings.policy_path,
            risk_path=settings.risk_path,
        )
    )
    guard = with_indicators(guard, settings)
    console_labels.declare_types(guard.types)
    # One turn worker per database connection: a live turn holds its worker through its
    # read and its commit (service/turn_runner.py), so fewer would queue turns on commits.
    runner = TurnRunner(settings.turn_time_budget_seconds, metrics, workers=MAX_CONNECTIONS)
    retention = RetentionTask(
        session_factory(engine), settings.retention_days, settings.retention_interval_seconds
    )
    redactor = BoundedRedactor(settings.turn_time_budget_seconds, metrics)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        log.info("piiguard service ready", extra={"database": engine.dialect.name})
        purging = asyncio.create_task(retention.run())
        try:
            yield
        finally:
            await retention.stop(purging)
            runner.close()
            redactor.close()
            engine.dispose()

    app = FastAPI(
        title="piiguard",
        version="1",
        summary="Find, redact and block sensitive data in support conversations; warn on scams.",
        lifespan=lifespan,
        docs_url=None,  # served offline by service.openapi, under the service's CSP
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.metrics = metrics
    app.state.engine = engine
    app.state.sessions = session_factory(engine)
    app.state.key_cache = KeyCache(database_verifier(app.state.sessions))
    app.state.guard = guard
    app.state.runner = runner
    app.state.retention = retention
    app.state.redactor = redactor
    app.state.rate_limiter = RateLimiter(
        settings.rate_limit_per_minute, settings.rate_limit_storage_url, "api"
    )
    app.state.sign_in_failures = RateLimiter(
        settings.console_sign_in_failures_per_minute,
        settings.rate_limit_storage_url,
        "console-sign-in-failures",
    )
    errors.install(app)
    openapi.install(app)
    for router in (health.router, ingest.router, sessions.router, admin.router, console.router):
        app.include_router(router)
    app.include_router(audio.router)
    app.include_router(reviews.router)  # issue 19: export of reviewed sessions
    app.include_router(indicators.router)
    app.mount("/console/static", StaticFiles(directory=str(CONSOLE_STATIC)), name="console-static")
    app.state.console_auth = ConsoleAuth(
        settings.console_secret, idle_seconds=settings.console_idle_minutes * 60
    )

    @app.exception_handler(console.SignIn)
    async def _sign_in(_: Request, __: Exception) -> RedirectResponse:
        return RedirectResponse("/console/login", status_code=303)

    console_error_pages.install(app)  # issue 19: HTML error pages under /console

    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "POST"],
            allow_headers=["Authorization", "Content-Type", "Idempotency-Key", "X-API-Key"],
        )
    app.add_middleware(
        GuardrailsMiddleware,
        max_body_bytes=settings.max_body_bytes,
        max_in_flight=settings.max_in_flight,
        metrics=metrics,
        body_limits={"/v1/audio/": settings.max_audio_bytes + 1_000_000},  # + transcript
    )
    return app
