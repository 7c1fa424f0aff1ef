"""/me/ and the caller's own notifications."""

from notifications.models import Notification
from notifications.services import notify


def _notify(user, key="e1"):
    notify(event_key=key, kind="roster_accepted", recipients=[user], subject="S", body="B")
    return Notification.objects.get(recipient=user, event_key=key)


def test_me_shows_roles_and_employee(world, api):
    data = api(world.head).get("/api/v1/me/").json()
    assert data["roles"] == [{"kind": "opd_head", "agency": None, "unit": world.opd.pk}]
    assert data["employee"] is None
    data = api(world.employee_user).get("/api/v1/me/").json()
    assert data["roles"] == []
    assert data["employee"]["id"] == world.employee.pk
    assert data["calendar_feed_url"].startswith("http://testserver/saya/kalender/")
    assert data["calendar_feed_url"].endswith(".ics")


def test_notifications_are_own_only(world, api):
    mine = _notify(world.head)
    theirs = _notify(world.admin)
    client = api(world.head)
    rows = client.get("/api/v1/me/notifications/").json()["results"]
    assert [r["id"] for r in rows] == [mine.pk]
    assert client.get(f"/api/v1/me/notifications/{theirs.pk}/").status_code == 404
    assert client.post(f"/api/v1/me/notifications/{theirs.pk}/read/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_mark_read_and_read_all(world, api):
    first = _notify(world.head, "a")
    _notify(world.head, "b")
    client = api(world.head)
    response = client.post(f"/api/v1/me/notifications/{first.pk}/read/")
    assert response.status_code == 200
    assert response.json()["read_at"] is not None
    unread = client.get("/api/v1/me/notifications/?unread=1").json()["results"]
    assert len(unread) == 1
    assert client.post("/api/v1/me/notifications/read-all/").json() == {"marked": 1}
    assert not Notification.objects.filter(read_at__isnull=True).exists()


def test_anonymous_has_no_me(world, api):
    assert api().get("/api/v1/me/notifications/").status_code == 401
