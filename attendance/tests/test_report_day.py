"""Which days an employee may write a daily report for: a day away, today or up to a week back."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from attendance.models import DailyReport
from attendance.services import REPORT_DAYS_BACK, check_report_day

from .support import away

pytestmark = pytest.mark.django_db

TODAY = date(2025, 4, 10)  # a Thursday
FUTURE = "Laporan kerja hanya untuk hari ini atau hari yang sudah lewat."
TOO_OLD = "Laporan kerja hanya dapat ditulis paling lama 7 hari ke belakang."


def not_away(day: date) -> str:
    return (
        "Laporan kerja hanya untuk hari kerja di luar kantor (WFA/WFH); "
        f"{day.isoformat()} bukan hari di luar kantor Anda."
    )


@pytest.mark.parametrize(
    ("back", "mode", "words"),
    [
        (0, "WFH", None),
        (0, "WFA", None),
        (REPORT_DAYS_BACK, "WFH", None),
        (REPORT_DAYS_BACK + 1, "WFH", TOO_OLD),
        (-1, "WFH", FUTURE),
        (0, None, "not away"),
        (3, None, "not away"),
    ],
)
def test_a_report_day_is_a_recent_day_away(world, back, mode, words):
    day = TODAY - timedelta(days=back)
    if mode:
        away(world.opd, world.employee, day, mode)
    if words is None:
        check_report_day(employee=world.employee, day=day, today=TODAY)
        return
    with pytest.raises(ValidationError) as refused:
        check_report_day(employee=world.employee, day=day, today=TODAY)
    assert refused.value.messages == [not_away(day) if words == "not away" else words]


def test_another_employees_day_away_is_not_mine(world):
    away(world.opd, world.colleague, TODAY)
    with pytest.raises(ValidationError):
        check_report_day(employee=world.employee, day=TODAY, today=TODAY)


def test_the_page_refuses_an_office_day_with_words_and_keeps_nothing(world, client_for):
    today = timezone.localdate()
    response = client_for(world.employee_user).post(
        reverse("attendance:my_report", args=[today]), {"text": "Rapat"}
    )
    assert response.status_code == 400
    assert not_away(today) in response.content.decode()
    assert not DailyReport.objects.exists()
