"""Liveness and metrics."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from prometheus_client import CONTENT_TYPE_LATEST
from sqlalchemy import text

from service.deps import AnyKey, MetricsDep
from service.schemas import Health

router = APIRouter(tags=["health"])


@router.get("/healthz", response_model=Health)
def healthz(request: Request) -> dict:
    """No key needed. Reports whether the database answers."""
    try:
        with request.app.state.sessions() as session:
            session.execute(text("SELECT 1"))
        database = "ok"
    except Exception:  # a health check reports, it does not fail
        database = "unavailable"
    return {"status": "ok", "database": database}


@router.get("/metrics", response_class=Response)
def metrics(m: MetricsDep, _: AnyKey) -> Response:
    """Prometheus text format: counts by type and action, latency histograms."""
    return Response(m.render(), media_type=CONTENT_TYPE_LATEST)
