"""The bell's count from the shared cache: no query per page, never stale.

A new notification, one read, or all read change the figure the very next page
shows, on local memory (embedded mode) and on a real Redis.
"""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from notifications import services
from notifications.models import Kind, Notification


def notify(user, n):
    services.notify(
        event_key=f"bell:{user.pk}:{n}",
        kind=Kind.REQUEST_DECIDED,
        recipients=[user],
        subject=f"Permohonan {n} disetujui",
        body="Disetujui.",
    )


def test_the_count_is_served_without_a_query_until_it_changes(world, shared_cache, count_queries):
    notify(world.head, 1)
    assert count_queries(services.unread_count, world.head) == (1, 1)
    assert count_queries(services.unread_count, world.head) == (0, 1)


def test_a_new_notification_is_counted_at_once(world, shared_cache):
    notify(world.head, 1)
    assert services.unread_count(world.head) == 1
    notify(world.head, 2)
    assert services.unread_count(world.head) == 2
    assert services.unread_count(world.employee_user) == 0  # another reader's figure


def test_reading_one_or_all_is_counted_at_once(world, shared_cache):
    for n in range(3):
        notify(world.head, n)
    assert services.unread_count(world.head) == 3
    services.mark_read(notification=Notification.objects.filter(recipient=world.head).first())
    assert services.unread_count(world.head) == 2
    services.mark_all_read(user=world.head)
    assert services.unread_count(world.head) == 0


def test_the_bell_on_a_page_follows_the_reads(world, shared_cache, client_for):
    client = client_for(world.head)
    for n in range(3):
        notify(world.head, n)
    with CaptureQueriesContext(connection) as cold:
        first = client.get(reverse("home"))
    with CaptureQueriesContext(connection) as warm:
        again = client.get(reverse("home"))
    assert counts_unread(cold) and not counts_unread(warm)  # no COUNT on the second page
    assert unread_badge(first) == unread_badge(again) == "3"
    client.post(reverse("notifications:mark_all_read"))
    assert unread_badge(client.get(reverse("home"))) is None


def counts_unread(queries) -> bool:
    return any('FROM "notifications_notification"' in q["sql"] for q in queries.captured_queries)


def unread_badge(response) -> str | None:
    page = response.content.decode()
    if 'data-testid="unread-count"' not in page:
        return None
    after = page.split('data-testid="unread-count">', 1)[1]
    return after.split("<", 1)[0].strip()
