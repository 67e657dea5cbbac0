"""Prometheus metrics: counts by type and action, latency histograms.

Labels are bounded sets (entity types, actions, route templates, the methods in
:data:`HTTP_METHODS` or "other", status codes); never a value, a conversation id, a key,
a raw path or a raw method.
"""

from __future__ import annotations

from prometheus_client import (
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    disable_created_metrics,
    generate_latest,
)

from piiguard.model import TurnDecision

disable_created_metrics()  # the *_created series double the output and say nothing here
_LATENCY_BUCKETS = (0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5)


# HTTP methods a client may send are unbounded ("M4111111111111111X1" is a valid token):
# anything outside this set is counted as "other", so no caller can add series.
HTTP_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
OTHER_METHOD = "other"
UNMATCHED_ROUTE = "unmatched"


def method_label(method: str) -> str:
    return method if method in HTTP_METHODS else OTHER_METHOD


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        r = self.registry
        self.turns = Counter("piiguard_turns", "Turns decided", ["speaker", "action"], registry=r)
        self.findings = Counter(
            "piiguard_findings", "Findings by entity type", ["type"], registry=r
        )
        self.requests_blocked = Counter(
            "piiguard_agent_requests", "Agent requests by entity type", ["type"], registry=r
        )
        self.scan_failures = Counter(
            "piiguard_scan_failures",
            "Turns blocked because scanning failed",
            ["reason"],
            registry=r,
        )
        self.http = Counter(
            "piiguard_http_requests", "HTTP requests", ["route", "method", "status"], registry=r
        )
        self.http_seconds = Histogram(
            "piiguard_http_request_seconds",
            "HTTP request latency",
            ["route"],
            buckets=_LATENCY_BUCKETS,
            registry=r,
        )
        self.turn_seconds = Histogram(
            "piiguard_turn_scan_seconds",
            "Time to decide one turn",
            buckets=_LATENCY_BUCKETS,
            registry=r,
        )
        self.shed = Counter(
            "piiguard_shed_requests", "Requests refused with 503 under overload", registry=r
        )
        self.in_flight = Gauge("piiguard_in_flight_scans", "Scans running now", registry=r)

    def record_turn(self, decision: TurnDecision, seconds: float) -> None:
        self.turns.labels(decision.speaker, decision.action).inc()
        self.turn_seconds.observe(seconds)
        for f in decision.findings:
            self.findings.labels(f.type).inc()
        for entity in decision.agent_request:
            self.requests_blocked.labels(entity).inc()
        if decision.error:
            self.scan_failures.labels(decision.error).inc()

    def render(self) -> bytes:
        return generate_latest(self.registry)
