"""Lists of the monitoring pages that grow with staff are paged and filterable."""

from datetime import date

import pytest
from django.urls import reverse

from monitoring.models import AttendanceCheck
from monitoring.services import record_attendance

from .support import ISO, add_staff, publish_circular

pytestmark = pytest.mark.django_db

DAY = date(2025, 3, 24)


def test_a_checks_entries_are_paged_and_filtered(world, client_for, count_queries):
    publish_circular(world.agency)
    record_attendance(opd=world.opd, day=DAY, actor=world.admin, absent_ids={world.colleague.pk})
    check = AttendanceCheck.objects.get()
    url = reverse("monitoring:attendance_detail", args=[world.agency.pk, check.pk])
    client = client_for(world.inspector)
    client.get(url)
    small, response = count_queries(client.get, url)
    assert len(response.context["entries"]) == 2

    check.delete()
    staff = add_staff(world.opd, 70, prefix="Diperiksa")
    absent = {world.colleague.pk, staff[0].pk}
    record_attendance(opd=world.opd, day=DAY, actor=world.admin, absent_ids=absent)
    check = AttendanceCheck.objects.get()
    url = reverse("monitoring:attendance_detail", args=[world.agency.pk, check.pk])
    large, response = count_queries(client.get, url)
    assert small == large
    assert len(response.context["entries"]) == 50
    assert "Halaman 1 dari 2 (72 baris)" in response.content.decode()

    only = client.get(url, {"only": "discrepant"})
    assert {e.employee_id for e in only.context["entries"]} == absent
    assert f'data-testid="discrepancy-{staff[0].pk}"' in only.content.decode()
    for user in (world.head, world.employee_user, world.other_admin):
        assert client_for(user).get(url).status_code == 404


def test_the_opd_week_pages_its_staff_and_keeps_the_whole_opds_counts(world, client_for):
    publish_circular(world.agency)
    add_staff(world.opd, 60, prefix="Baris")
    url = reverse("monitoring:opd_week", args=[world.opd.pk, ISO])
    client = client_for(world.admin)
    response = client.get(url)
    assert len(response.context["rows"]) == 50
    body = response.content.decode()
    assert "Halaman 1 dari 2 (62 baris)" in body
    assert response.context["table"].footer  # the day counts stay for the whole OPD
    second = client.get(url, {"page": 2})
    assert len(second.context["rows"]) == 12
