"""The scheduled reminders: who hears what, on which day, once."""

from datetime import date

import pytest
from django.utils import timezone

from notifications import jobs
from notifications.models import Kind, Notification
from schedules.models import Assignment, AssignmentChange, Roster
from schedules.tests.support import publish_circular

THU, FRI = date(2025, 3, 20), date(2025, 3, 21)
MON, TUE = date(2025, 3, 24), date(2025, 3, 25)


def usernames(kind: str) -> set[str]:
    return set(Notification.objects.filter(kind=kind).values_list("recipient__username", flat=True))


def roster(unit, status=Roster.Status.SUBMITTED, week_start=MON) -> Roster:
    return Roster.objects.create(
        unit=unit, week_start=week_start, status=status, submitted_at=timezone.now()
    )


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (FRI, MON),
        (date(2025, 3, 22), MON),
        (MON, TUE),
        # Thursday before Nyepi and Idul Fitri 1446 H: cuti bersama and holidays until 7 April.
        (date(2025, 3, 27), date(2025, 4, 8)),
    ],
)
def test_next_working_day_skips_weekends_holidays_and_cuti_bersama(today, expected):
    assert jobs.next_working_day(today) == expected


@pytest.mark.django_db
class TestRosterDeadlineReminders:
    def test_heads_of_opds_without_a_submitted_roster_are_reminded_on_thursday(self, world):
        publish_circular(world.agency, start=MON, end=date(2025, 3, 27))
        roster(world.other_opd)  # Bappeda already submitted
        assert jobs.remind_roster_deadlines(THU) == 2
        assert usernames(Kind.REMINDER_ROSTER_DEADLINE) == {"kepala", "operator"}
        note = Notification.objects.get(recipient=world.head, kind=Kind.REMINDER_ROSTER_DEADLINE)
        assert note.subject == "Pengingat: jadwal Diskominfo minggu 2025-W13 belum diajukan"
        assert "Senin, 24 Maret 2025" in note.body
        assert note.link == f"/jadwal/opd/{world.opd.pk}/2025-W13/"

    def test_a_second_run_the_same_day_sends_nothing_more(self, world):
        publish_circular(world.agency, start=MON, end=date(2025, 3, 27))
        jobs.remind_roster_deadlines(THU)
        assert jobs.remind_roster_deadlines(THU) == 0

    def test_no_reminder_early_in_the_week_without_a_deadline(self, world):
        publish_circular(world.agency, start=date(2025, 3, 31), end=date(2025, 4, 4))
        assert jobs.remind_roster_deadlines(date(2025, 3, 24)) == 0

    def test_the_eve_of_a_roster_deadline_reminds_any_day(self, world):
        circular = publish_circular(world.agency, start=date(2025, 3, 31), end=date(2025, 4, 4))
        circular.roster_deadline = date(2025, 3, 25)
        circular.save()
        assert jobs.remind_roster_deadlines(date(2025, 3, 24)) > 0

    def test_frontline_opds_and_other_agencies_are_not_reminded(self, world):
        publish_circular(
            world.agency,
            start=MON,
            end=date(2025, 3, 27),
            exempt_categories=[world.opd.category],
        )
        jobs.remind_roster_deadlines(THU)
        assert not usernames(Kind.REMINDER_ROSTER_DEADLINE) & {"kepala", "kepala_b"}


@pytest.mark.django_db
class TestTomorrow:
    def test_employee_away_tomorrow_is_told_the_day_and_mode(self, world):
        week = roster(world.opd)
        Assignment.objects.create(roster=week, employee=world.employee, day=MON, mode="WFA")
        assert jobs.notify_tomorrow(FRI) == 1
        note = Notification.objects.get(recipient=world.employee_user)
        assert note.kind == Kind.REMINDER_TOMORROW
        assert note.subject == "Besok, Senin, 24 Maret 2025, Anda dijadwalkan WFA"

    def test_draft_rosters_are_not_announced(self, world):
        week = roster(world.opd, status=Roster.Status.DRAFT)
        Assignment.objects.create(roster=week, employee=world.employee, day=MON, mode="WFA")
        assert jobs.notify_tomorrow(FRI) == 0

    def test_a_day_changed_back_to_the_office_is_announced(self, world):
        week = roster(world.opd)
        AssignmentChange.objects.create(
            roster=week, employee=world.employee, day=MON, old_mode="WFA", new_mode="WFO"
        )
        jobs.notify_tomorrow(FRI)
        note = Notification.objects.get(recipient=world.employee_user)
        assert note.subject == "Jadwal Anda Senin, 24 Maret 2025 berubah: bekerja di kantor"


@pytest.mark.django_db
class TestMorningSummary:
    def test_bkpsdm_hears_which_opds_have_no_roster_while_a_window_is_open(self, world):
        publish_circular(world.agency, start=MON, end=date(2025, 3, 27))
        roster(world.opd)
        assert jobs.summarize_missing_rosters(TUE) == 1
        note = Notification.objects.get(kind=Kind.SUMMARY_MISSING_ROSTERS)
        assert note.recipient == world.admin
        assert note.subject == "1 OPD belum mengajukan jadwal minggu ini"
        assert note.body == world.other_opd.short_name

    def test_no_summary_outside_a_window(self, world):
        publish_circular(world.agency, start=MON, end=date(2025, 3, 27))
        assert jobs.summarize_missing_rosters(date(2025, 3, 31)) == 0


def test_every_beat_entry_names_a_registered_task(settings):
    from wfa_portal.celery import app

    app.loader.import_default_modules()
    for name, entry in settings.CELERY_BEAT_SCHEDULE.items():
        assert entry["task"] in app.tasks, name
