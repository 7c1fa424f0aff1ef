"""/metrics: refused without its token, the queue figures right, latency by URL name."""

from datetime import date, timedelta

import pytest
from django.utils import timezone
from prometheus_client.parser import text_string_to_metric_families

from notifications.models import Kind, Notification
from organizations.models import ImportBatch
from schedules.models import Roster

TOKEN = "scrape-secret-0123456789"
METRICS = "/metrics"


@pytest.fixture
def token(settings):
    settings.METRICS_TOKEN = TOKEN
    return TOKEN


def scrape(client) -> dict[tuple[str, tuple], float]:
    response = client.get(METRICS, HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
    assert response.status_code == 200, response.content
    samples = {}
    for family in text_string_to_metric_families(response.content.decode()):
        for sample in family.samples:
            samples[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return samples


def test_metrics_do_not_exist_without_a_token_configured(client, db, settings):
    settings.METRICS_TOKEN = ""
    response = client.get(METRICS, HTTP_AUTHORIZATION="Bearer ")
    assert response.status_code == 404
    assert b"wfa_" not in response.content


@pytest.mark.parametrize(
    "header",
    [
        None,
        "",
        "Bearer",
        "Bearer wrong-token",
        f"Token {TOKEN}",
        f"Basic {TOKEN}",
        f"Bearer {TOKEN}x",
    ],
)
def test_metrics_refuse_a_missing_or_wrong_token(client, db, token, header):
    extra = {} if header is None else {"HTTP_AUTHORIZATION": header}
    response = client.get(METRICS, **extra)
    assert response.status_code == 403
    assert b"wfa_" not in response.content


@pytest.mark.parametrize("actor", ["admin", "head", "employee_user"])
def test_a_login_is_no_substitute_for_the_token(client_for, world, token, actor):
    response = client_for(getattr(world, actor)).get(METRICS)
    assert response.status_code == 403


def test_metrics_report_the_outbox_imports_and_todays_rosters(client, world, token):
    now = timezone.now()
    people = [world.admin, world.head, world.other_head, world.employee_user, world.inspector]
    states = ["pending", "pending", "sending", "failed", "sent"]
    for n, (person, state) in enumerate(zip(people, states, strict=True)):
        Notification.objects.create(
            recipient=person,
            kind=Kind.CIRCULAR_PUBLISHED,
            event_key="circular:1:published",
            subject=f"SE {n}",
            body="-",
            state=state,
            created_at=now - timedelta(minutes=10) if n == 0 else now,
        )
    ImportBatch.objects.create(agency=world.agency, filename="a.xlsx", status="queued")
    ImportBatch.objects.create(agency=world.agency, filename="b.xlsx", status="applied")
    monday = date(2025, 3, 24)
    Roster.objects.create(unit=world.opd, week_start=monday, status="submitted", submitted_at=now)
    Roster.objects.create(
        unit=world.other_opd, week_start=monday, status="accepted", submitted_at=now
    )
    Roster.objects.create(
        unit=world.opd,
        week_start=monday - timedelta(days=7),
        status="submitted",
        submitted_at=now - timedelta(days=2),
    )

    samples = scrape(client)

    assert samples[("wfa_outbox_waiting", (("state", "pending"),))] == 2
    assert samples[("wfa_outbox_waiting", (("state", "sending"),))] == 1
    assert samples[("wfa_notifications_failed", ())] == 1
    assert 600 <= samples[("wfa_outbox_oldest_waiting_age_seconds", ())] < 3600
    assert samples[("wfa_imports_queued", ())] == 1
    assert samples[("wfa_imports_queued_oldest_age_seconds", ())] >= 0
    assert samples[("wfa_rosters_submitted_today", ())] == 2


def test_nothing_waiting_reads_zero(client, db, token):
    samples = scrape(client)
    assert samples[("wfa_outbox_waiting", (("state", "pending"),))] == 0
    assert samples[("wfa_outbox_oldest_waiting_age_seconds", ())] == 0
    assert samples[("wfa_imports_queued_oldest_age_seconds", ())] == 0


def test_latency_is_labelled_by_url_name_not_by_path(client_for, world, token):
    from circulars.tests.circular_builders import make_published

    first = make_published(world.agency, number="SE/1")
    second = make_published(world.agency, number="SE/2")
    client = client_for(world.admin)
    before = scrape(client)
    key = ("wfa_http_request_duration_seconds_count", (("view", "circulars:detail"),))
    client.get(f"/surat-edaran/{first.pk}/")
    client.get(f"/surat-edaran/{second.pk}/")
    client.get("/tidak-ada-halaman/")
    after = scrape(client)
    assert after[key] - before.get(key, 0) == 2
    unmatched = ("wfa_http_request_duration_seconds_count", (("view", "unmatched"),))
    assert after[unmatched] - before.get(unmatched, 0) == 1
    labels = {dict(k[1]).get("view") for k in after if k[0].startswith("wfa_http")}
    assert not any(label and "/" in label for label in labels)
    assert "healthz" not in str(labels) and "metrics" not in str(labels)


def test_a_scrape_costs_the_same_queries_at_two_sizes(client, world, token, count_queries):
    def add_rows(n):
        for i in range(n):
            Notification.objects.create(
                recipient=world.admin,
                kind=Kind.CIRCULAR_PUBLISHED,
                event_key=f"circular:{n}:{i}",
                subject="s",
                body="-",
            )

    add_rows(2)
    small, _ = count_queries(client.get, METRICS, HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
    add_rows(40)
    large, _ = count_queries(client.get, METRICS, HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
    assert small == large == 3
