"""The inbox page and the bell: own notifications only, cheap unread count."""

import pytest
from django.urls import reverse

from notifications import services
from notifications.models import Kind, Notification, NotificationPreference

INBOX = reverse("notifications:inbox")


def make_notifications(user, count, *, prefix="ev"):
    for n in range(count):
        services.notify(
            event_key=f"{prefix}:{n}",
            kind=Kind.REQUEST_DECIDED,
            recipients=[user],
            subject=f"Permohonan WFH {n} disetujui",
            body="Permohonan Anda disetujui oleh Kepala OPD.",
            link="/",
        )
    return list(Notification.objects.filter(recipient=user).order_by("pk"))


def test_anonymous_is_sent_to_login(client):
    response = client.get(INBOX)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_anonymous_cannot_mark_read(client, world):
    [notification] = make_notifications(world.head, 1)
    response = client.post(reverse("notifications:mark_read", args=[notification.pk]))
    assert response.status_code == 302 and reverse("login") in response.url
    notification.refresh_from_db()
    assert notification.read_at is None


def test_inbox_lists_own_notifications_newest_first(world, client_for):
    make_notifications(world.head, 3)
    make_notifications(world.other_head, 1, prefix="lain")
    response = client_for(world.head).get(INBOX)
    assert response.status_code == 200
    subjects = [n.subject for n in response.context["page"].object_list]
    assert subjects == [
        "Permohonan WFH 2 disetujui",
        "Permohonan WFH 1 disetujui",
        "Permohonan WFH 0 disetujui",
    ]
    assert b'data-testid="unread-count"' in response.content


def test_inbox_is_paginated(world, client_for):
    make_notifications(world.head, 25)
    client = client_for(world.head)
    assert len(client.get(INBOX).context["page"].object_list) == 20
    assert len(client.get(INBOX, {"page": 2}).context["page"].object_list) == 5


def test_mark_read_marks_only_that_notification(world, client_for):
    first, second = make_notifications(world.head, 2)
    response = client_for(world.head).post(reverse("notifications:mark_read", args=[first.pk]))
    assert response.status_code == 302 and response.url == INBOX
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.read_at is not None and second.read_at is None


def test_open_marks_read_and_follows_the_local_link(world, client_for):
    [notification] = make_notifications(world.head, 1)
    response = client_for(world.head).post(
        reverse("notifications:mark_read", args=[notification.pk]), {"open": "1"}
    )
    assert response.status_code == 302 and response.url == "/"
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_open_never_redirects_off_site(world, client_for):
    [notification] = make_notifications(world.head, 1)
    Notification.objects.update(link="https://evil.example.com/")
    response = client_for(world.head).post(
        reverse("notifications:mark_read", args=[notification.pk]), {"open": "1"}
    )
    assert response.url == INBOX


def test_another_users_notification_is_not_found(world, client_for):
    [theirs] = make_notifications(world.other_head, 1)
    response = client_for(world.head).post(reverse("notifications:mark_read", args=[theirs.pk]))
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_mark_read_wants_post(world, client_for):
    [notification] = make_notifications(world.head, 1)
    url = reverse("notifications:mark_read", args=[notification.pk])
    assert client_for(world.head).get(url).status_code == 405


def test_mark_all_read_leaves_other_users_alone(world, client_for):
    make_notifications(world.head, 3)
    make_notifications(world.other_head, 2, prefix="lain")
    response = client_for(world.head).post(reverse("notifications:mark_all_read"), follow=True)
    assert "3 notifikasi ditandai sudah dibaca." in [str(m) for m in response.context["messages"]]
    assert not Notification.objects.filter(recipient=world.head, read_at__isnull=True).exists()
    others = Notification.objects.filter(recipient=world.other_head, read_at__isnull=True)
    assert others.count() == 2


def test_preferences_form_switches_a_reminder_off(world, client_for):
    response = client_for(world.head).post(
        reverse("notifications:preferences"),
        {Kind.REMINDER_ROSTER_DEADLINE: "on", Kind.SUMMARY_MISSING_ROSTERS: "on"},
    )
    assert response.status_code == 302
    stored = dict(
        NotificationPreference.objects.filter(user=world.head).values_list("kind", "email_enabled")
    )
    assert stored == {
        Kind.REMINDER_ROSTER_DEADLINE: True,
        Kind.REMINDER_TOMORROW: False,
        Kind.SUMMARY_MISSING_ROSTERS: True,
        Kind.SUMMARY_DAILY_FIGURE: False,
    }


def test_preferences_form_offers_no_mandatory_kind(world, client_for):
    form = client_for(world.head).get(INBOX).context["form"]
    assert set(form.fields) == set(services.OPTIONAL_KINDS)


def test_bell_shows_99_plus_beyond_the_cap(world, client_for):
    Notification.objects.bulk_create(
        Notification(recipient=world.head, kind=Kind.WFO_CHOSEN, event_key=f"e{n}", subject="x")
        for n in range(120)
    )
    response = client_for(world.head).get(reverse("home"))
    assert "99+" in response.content.decode()


@pytest.mark.parametrize("unread", [1, 40])
def test_unread_count_is_one_query_whatever_the_count(world, count_queries, unread):
    make_notifications(world.head, unread)
    queries, count = count_queries(services.unread_count, world.head)
    assert (queries, count) == (1, unread)


def test_bell_costs_the_same_queries_with_few_or_many_unread(world, client_for, count_queries):
    client = client_for(world.head)
    make_notifications(world.head, 1)
    few, _ = count_queries(client.get, reverse("home"))
    make_notifications(world.head, 30, prefix="lagi")
    many, _ = count_queries(client.get, reverse("home"))
    assert few == many


def test_bell_counts_only_when_a_template_renders_it(world, rf, count_queries):
    from notifications.context_processors import bell

    make_notifications(world.head, 2)
    request = rf.get("/")
    request.user = world.head
    queries, context = count_queries(bell, request)
    assert queries == 0
    queries, count = count_queries(lambda: context["notification_bell"].count)
    assert (queries, count) == (1, 2)


def test_bell_runs_no_query_for_anonymous(rf, db, count_queries):
    from django.contrib.auth.models import AnonymousUser

    from notifications.context_processors import bell

    request = rf.get("/")
    request.user = AnonymousUser()
    queries, count = count_queries(lambda: bell(request)["notification_bell"].count)
    assert (queries, count) == (0, 0)
