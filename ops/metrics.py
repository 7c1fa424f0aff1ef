"""Prometheus metrics: request latency by view, and the queue figures read at scrape time.

The figures that come from the database (outbox, failed deliveries, imports,
rosters submitted today) are computed when Prometheus scrapes, by a collector:
a handful of indexed COUNT/MIN queries, the same in every process, so they are
right under any number of gunicorn workers.

The latency histogram is kept in the memory of the process that served the
request. With several gunicorn workers, set PROMETHEUS_MULTIPROC_DIR to an
empty folder (deploy/README.md) so every worker writes its figures there and a
scrape sums them; without it a scrape sees only the worker that answered.
"""

from __future__ import annotations

import os
from datetime import datetime, timedelta

from django.db.models import Count, Min, Q
from django.utils import timezone
from prometheus_client import CollectorRegistry, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily

# Buckets (seconds) around what the pages aim at: 300 ms pages, 1 s saves.
LATENCY_BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)

REQUEST_LATENCY = Histogram(
    "wfa_http_request_duration_seconds",
    "Time to answer a request, by the resolved URL name (not the path).",
    ["view"],
    buckets=LATENCY_BUCKETS,
    registry=None,  # registered per scrape in render(), never in the global registry
)


def observe_request(view: str, seconds: float) -> None:
    REQUEST_LATENCY.labels(view).observe(seconds)


class QueueCollector:
    """Gauges read from the database at scrape time."""

    def collect(self):
        from notifications.models import Notification
        from organizations.models import ImportBatch
        from schedules.models import Roster

        now = timezone.now()
        state = Notification.State
        outbox = Notification.objects.filter(
            state__in=[state.PENDING, state.SENDING, state.FAILED]
        ).aggregate(
            pending=Count("pk", filter=Q(state=state.PENDING)),
            sending=Count("pk", filter=Q(state=state.SENDING)),
            failed=Count("pk", filter=Q(state=state.FAILED)),
            oldest=Min("created_at", filter=Q(state__in=[state.PENDING, state.SENDING])),
        )
        waiting = GaugeMetricFamily(
            "wfa_outbox_waiting", "Notifications not yet delivered, by state.", labels=["state"]
        )
        waiting.add_metric(["pending"], outbox["pending"])
        waiting.add_metric(["sending"], outbox["sending"])
        yield waiting
        yield GaugeMetricFamily(
            "wfa_outbox_oldest_waiting_age_seconds",
            "Age of the oldest notification not yet delivered (0 when none waits).",
            value=_age(now, outbox["oldest"]),
        )
        yield GaugeMetricFamily(
            "wfa_notifications_failed",
            "Notifications whose e-mail failed for good (after every retry).",
            value=outbox["failed"],
        )

        imports = ImportBatch.objects.filter(status=ImportBatch.Status.QUEUED).aggregate(
            queued=Count("pk"), oldest=Min("created_at")
        )
        yield GaugeMetricFamily(
            "wfa_imports_queued", "Employee imports waiting for a worker.", value=imports["queued"]
        )
        yield GaugeMetricFamily(
            "wfa_imports_queued_oldest_age_seconds",
            "Age of the oldest queued employee import (0 when none waits).",
            value=_age(now, imports["oldest"]),
        )

        start = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
        yield GaugeMetricFamily(
            "wfa_rosters_submitted_today",
            "Roster weeks submitted to BKPSDM since midnight (portal time zone).",
            value=Roster.objects.filter(
                submitted_at__gte=start, submitted_at__lt=start + timedelta(days=1)
            ).count(),
        )


def _age(now: datetime, oldest: datetime | None) -> float:
    return max((now - oldest).total_seconds(), 0.0) if oldest else 0.0


def render() -> bytes:
    """The exposition text: this process's (or every worker's) latency plus the queue gauges."""
    registry = CollectorRegistry(auto_describe=False)
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.MultiProcessCollector(registry)
    else:
        registry.register(REQUEST_LATENCY)
    registry.register(QueueCollector())
    return generate_latest(registry)
