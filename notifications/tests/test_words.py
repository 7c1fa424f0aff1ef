"""The words of notifications and dates: one date format, no subject repeated in the body,
and "Cabut" is "Revoke" in English."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from circulars import services as circular_services
from circulars.tests.circular_builders import make_draft
from notifications.models import Notification
from organizations.dates import long_date, long_datetime, long_day
from schedules.requests import services as svc
from schedules.tests.employee_support import coming_circular, coming_working_days, staff_opd


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("id", ("1 Desember 2026", "Selasa, 1 Desember 2026")),
        ("en", ("1 December 2026", "Tuesday, 1 December 2026")),
    ],
)
def test_one_date_format_in_both_languages(language, expected):
    with translation.override(language):
        assert (long_date(date(2026, 12, 1)), long_day(date(2026, 12, 1))) == expected
        assert long_date(None) == ""


def test_datetimes_are_written_in_local_time():
    moment = datetime(2026, 12, 1, 23, 30, tzinfo=UTC)
    with translation.override("id"):
        assert long_datetime(moment) == "2 Desember 2026 06.30"  # Asia/Jakarta is UTC+7


def _no_subject_in_body():
    rows = list(Notification.objects.values_list("subject", "body"))
    assert rows
    for subject, body in rows:
        assert subject not in body, (subject, body)
    return rows


@pytest.mark.django_db
def test_circular_notices_do_not_repeat_their_subject(world):
    today = timezone.localdate()
    draft = make_draft(
        world, number="800/77-BKPSDM/2026", windows=[(today, today + timedelta(days=5))]
    )
    circular_services.publish_circular(user=world.admin, circular=draft)
    circular_services.revoke_circular(user=world.admin, circular=draft, reason="Keadaan darurat")
    rows = set(_no_subject_in_body())
    assert (
        "SE 800/77-BKPSDM/2026 dicabut",
        "Perihal: Pelaksanaan WFA menjelang Idul Fitri.\nAlasan pencabutan: Keadaan darurat",
    ) in rows


@pytest.mark.django_db
def test_request_decisions_name_the_day_once_in_the_one_format(world):
    staff_opd(world)
    circular = coming_circular(world.agency)
    day = coming_working_days(world.agency, 1)[0]
    (request,) = svc.request_days(employee=world.employee, circular=circular, days=[day])
    svc.reject_request(away_request=request, actor=world.head, reason="Rapat kerja")
    (row,) = Notification.objects.filter(kind="request_decided")
    with translation.override("id"):
        assert row.subject == f"Permohonan WFA {long_day(day)} ditolak"
    assert row.body == "Alasan: Rapat kerja"
    _no_subject_in_body()


@pytest.mark.django_db
def test_revoke_button_says_revoke_in_english(client_for, world):
    today = timezone.localdate()
    draft = make_draft(
        world, number="800/78-BKPSDM/2026", windows=[(today, today + timedelta(days=5))]
    )
    circular_services.publish_circular(user=world.admin, circular=draft)
    client = client_for(world.admin)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    body = client.get(reverse("circulars:detail", args=[draft.pk])).content.decode()
    revoke = reverse("circulars:revoke", args=[draft.pk])
    link = body.split(f'href="{revoke}">', 1)[1].split("<", 1)[0]
    assert link == "Revoke"
    # Others see no such button at all.
    other = client_for(world.head).get(reverse("circulars:detail", args=[draft.pk]))
    assert revoke not in other.content.decode()
