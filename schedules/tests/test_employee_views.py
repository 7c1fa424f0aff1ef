from datetime import time, timedelta

import pytest
from django.urls import reverse
from icalendar import Calendar

from organizations.tests.factories import EmployeeFactory
from schedules.models import (
    Acknowledgement,
    Assignment,
    AwayRequest,
    Revocation,
    Roster,
)
from schedules.requests import services as svc

from .employee_support import (
    coming_circular,
    coming_working_days,
    roster_away,
    staff_opd,
    today,
)
from .support import add_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def se(world):
    staff_opd(world)
    world.circular = coming_circular(world.agency)
    world.circular.conditions = "Dapat dihubungi atasan\nHadir bila ada rapat mendadak"
    world.circular.work_start, world.circular.work_end = time(7, 30), time(16, 0)
    world.circular.save()
    world.days = coming_working_days(world.agency, 4)
    return world


def requests_of(employee):
    return list(AwayRequest.objects.filter(employee=employee).values_list("day", "status"))


class TestMyDays:
    URL = "requests:my_days"

    def test_shows_submitted_days_with_circular_conditions_and_hours(self, client_for, se):
        roster_away(se.opd, se.employee, [se.days[0]], actor=se.head)
        body = client_for(se.employee_user).get(reverse(self.URL)).content.decode()
        assert "Jadwal saya" in body
        assert f'data-testid="day-{se.days[0].isoformat()}"' in body
        assert reverse("circulars:detail", args=[se.circular.pk]) in body
        assert "Hadir bila ada rapat mendadak" in body
        assert "07:30–16:00" in body
        assert "WFA" in body

    def test_a_draft_roster_is_not_shown(self, client_for, se):
        roster_away(se.opd, se.employee, [se.days[0]], actor=se.head, status="draft")
        response = client_for(se.employee_user).get(reverse(self.URL))
        days = {d.day: d for d in response.context["upcoming"]}
        if se.days[0] in days:
            assert days[se.days[0]].mode == "WFO"
        assert not any(d.away for week in response.context["weeks"] for d in week)

    def test_month_navigation_keeps_past_weeks(self, client_for, se):
        last_month = today().replace(day=1) - timedelta(days=1)
        past = coming_working_days(se.agency, 1, start=last_month.replace(day=3))[0]
        from circulars.models import Window

        Window.objects.create(circular=se.circular, start=past, end=past)
        Roster.objects.all().delete()
        roster_away(se.opd, se.employee, [past], actor=se.head)
        client = client_for(se.employee_user)
        body = client.get(reverse("requests:month", args=[past.year, past.month])).content.decode()
        assert f'data-testid="cal-{past.isoformat()}"' in body
        response = client.get(reverse("requests:month", args=[past.year, past.month]))
        cell = next(d for week in response.context["weeks"] for d in week if d.day == past)
        assert cell.away and not cell.can_choose_office

    def test_bad_month_is_404(self, client_for, se):
        client = client_for(se.employee_user)
        assert client.get(reverse("requests:month", args=[2026, 13])).status_code == 404

    def test_acknowledgement_prompt_before_the_first_day_away(self, client_for, se):
        roster_away(se.opd, se.employee, [se.days[0]], actor=se.head)
        client = client_for(se.employee_user)
        marker = f'data-testid="acknowledge-{se.circular.pk}"'
        assert marker in client.get(reverse(self.URL)).content.decode()
        response = client.post(reverse("requests:acknowledge", args=[se.circular.pk]))
        assert response.status_code == 302
        assert Acknowledgement.objects.filter(employee=se.employee, circular=se.circular).exists()
        assert marker not in client.get(reverse(self.URL)).content.decode()

    def test_acknowledging_a_circular_not_in_force_is_404(self, client_for, se, world):
        from .support import publish_circular

        foreign = publish_circular(world.other_agency, number="FOREIGN/1")
        client = client_for(se.employee_user)
        assert client.post(reverse("requests:acknowledge", args=[foreign.pk])).status_code == 404
        assert Acknowledgement.objects.count() == 0

    def test_choose_office_from_the_page(self, client_for, se):
        roster_away(se.opd, se.employee, se.days[:2], actor=se.head)
        client = client_for(se.employee_user)
        url = reverse("requests:choose_office", args=[se.days[0]])
        assert client.get(url).status_code == 405
        response = client.post(url, follow=True)
        assert "WFO" in response.content.decode()
        assert set(
            Assignment.objects.filter(employee=se.employee).values_list("day", flat=True)
        ) == {se.days[1]}

    def test_choose_office_acts_on_the_logged_in_employee_only(self, client_for, se):
        roster_away(se.opd, se.colleague, [se.days[0]], actor=se.head)
        client = client_for(se.employee_user)
        client.post(reverse("requests:choose_office", args=[se.days[0]]))
        assert Assignment.objects.filter(employee=se.colleague).count() == 1

    def test_query_count_does_not_grow_with_days(self, client_for, se, count_queries):
        client = client_for(se.employee_user)
        client.get(reverse(self.URL))  # warm the feed token and the holiday cache
        roster_away(se.opd, se.employee, [se.days[0]], actor=se.head)
        n_small, _ = count_queries(client.get, reverse(self.URL))
        more = coming_working_days(se.agency, 12)
        Roster.objects.all().delete()
        first, rest = more[:2], more[2:]
        roster_away(se.opd, se.employee, first + rest[::3], actor=se.head)
        n_large, response = count_queries(client.get, reverse(self.URL))
        assert response.status_code == 200
        assert n_small == n_large

    def test_only_employees_have_my_days(self, client_for, se):
        assert client_for(se.admin).get(reverse(self.URL)).status_code == 403

    def test_anonymous_goes_to_login(self, client_for, se):
        response = client_for(None).get(reverse(self.URL))
        assert response.status_code == 302 and "/akun/masuk/" in response["Location"]

    def test_home_card_links_to_my_schedule(self, client_for, se):
        body = client_for(se.employee_user).get(reverse("home")).content.decode()
        assert reverse("requests:my_days") in body


class TestCalendar:
    def feed_days(self, content):
        calendar = Calendar.from_ical(content)
        events = list(calendar.walk("VEVENT"))
        return calendar, {e.decoded("dtstart"): str(e["uid"]) for e in events}

    def test_feed_lists_exactly_the_assigned_days_away(self, client_for, se):
        roster_away(se.opd, se.employee, se.days[:2], actor=se.head)
        roster_away(se.opd, se.colleague, [se.days[2]], actor=se.head)
        token = svc.feed_token_for(se.employee).token
        response = client_for(None).get(reverse("requests:feed", args=[token]))
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/calendar")
        calendar, days = self.feed_days(response.content)
        assert set(days) == set(se.days[:2])
        assert str(calendar["X-WR-TIMEZONE"]) == "Asia/Jakarta"
        assert b"DTSTART;VALUE=DATE:" in response.content
        _again, days_again = self.feed_days(
            client_for(None).get(reverse("requests:feed", args=[token])).content
        )
        assert days_again == days  # stable UIDs

    def test_draft_days_are_not_in_the_feed(self, client_for, se):
        roster_away(se.opd, se.employee, [se.days[0]], actor=se.head, status="draft")
        token = svc.feed_token_for(se.employee).token
        _cal, days = self.feed_days(
            client_for(None).get(reverse("requests:feed", args=[token])).content
        )
        assert days == {}

    def test_rotating_kills_the_old_address(self, client_for, se):
        old = svc.feed_token_for(se.employee).token
        client = client_for(se.employee_user)
        assert client.get(reverse("requests:feed_rotate")).status_code == 405
        client.post(reverse("requests:feed_rotate"))
        new = svc.feed_token_for(se.employee).token
        assert new != old
        assert client_for(None).get(reverse("requests:feed", args=[old])).status_code == 404
        assert client_for(None).get(reverse("requests:feed", args=[new])).status_code == 200

    def test_a_guessed_token_is_404(self, client_for, se):
        assert client_for(None).get(reverse("requests:feed", args=["nope"])).status_code == 404

    def test_download_for_the_logged_in_employee(self, client_for, se):
        roster_away(se.opd, se.employee, [se.days[1]], actor=se.head)
        response = client_for(se.employee_user).get(reverse("requests:download"))
        assert "attachment" in response["Content-Disposition"]
        _cal, days = self.feed_days(response.content)
        assert set(days) == {se.days[1]}
        assert client_for(None).get(reverse("requests:download")).status_code == 302


class TestRequestsPage:
    URL = "requests:requests"

    def test_employee_requests_days(self, client_for, se):
        client = client_for(se.employee_user)
        assert se.days[0].isoformat() in client.get(reverse(self.URL)).content.decode()
        response = client.post(
            reverse(self.URL),
            {"circular": se.circular.pk, "days": [d.isoformat() for d in se.days[:2]], "note": "x"},
        )
        assert response.status_code == 302
        assert requests_of(se.employee) == [(se.days[0], "pending"), (se.days[1], "pending")]

    def test_refused_day_shows_a_field_error_and_saves_nothing(self, client_for, se):
        response = client_for(se.employee_user).post(
            reverse(self.URL),
            {"circular": se.circular.pk, "days": [today().isoformat(), se.days[0].isoformat()]},
        )
        assert response.status_code == 400
        assert "hari yang sudah lewat" in response.content.decode()
        assert requests_of(se.employee) == []

    @pytest.mark.parametrize(
        "data",
        [{"days": ["2026-02-30"]}, {"days": ["kemarin"]}, {"circular": "x"}, {}],
    )
    def test_garbage_is_a_400_not_a_500(self, client_for, se, data):
        data = {"circular": se.circular.pk, **data}
        response = client_for(se.employee_user).post(reverse(self.URL), data)
        assert response.status_code == 400
        assert requests_of(se.employee) == []

    def test_withdraw_own_request_and_not_anothers(self, client_for, se):
        (mine,) = svc.request_days(employee=se.employee, circular=se.circular, days=[se.days[0]])
        (theirs,) = svc.request_days(employee=se.colleague, circular=se.circular, days=[se.days[0]])
        client = client_for(se.employee_user)
        assert client.post(reverse("requests:withdraw", args=[theirs.pk])).status_code == 404
        assert AwayRequest.objects.get(pk=theirs.pk).status == "pending"
        client.post(reverse("requests:withdraw", args=[mine.pk]))
        assert AwayRequest.objects.get(pk=mine.pk).status == "withdrawn"


class TestQueue:
    def request(self, se, employee=None, day=None):
        (row,) = svc.request_days(
            employee=employee or se.employee, circular=se.circular, days=[day or se.days[0]]
        )
        return row

    def test_head_sees_requests_with_room_under_the_cap(self, client_for, se):
        roster_away(se.opd, se.extra[0], [se.days[0]], actor=se.head, status="draft")
        row = self.request(se)
        response = client_for(se.head).get(reverse("requests:queue", args=[se.opd.pk]))
        (queued,) = response.context["rows"]
        assert (queued.request, queued.away, queued.limit, queued.room) == (row, 1, 2, 1)
        assert "sisa 1" in response.content.decode()

    def test_operator_sees_the_queue_other_heads_and_admins_do_not(self, client_for, se):
        self.request(se)
        url = reverse("requests:queue", args=[se.opd.pk])
        assert client_for(se.operator).get(url).status_code == 200
        for user in (se.other_head, se.foreign_head, se.employee_user, se.other_admin):
            assert client_for(user).get(url).status_code in (403, 404)

    def test_head_approves_and_the_employee_sees_the_day(self, client_for, se):
        row = self.request(se)
        url = reverse("requests:queue_decide", args=[se.opd.pk])
        response = client_for(se.head).post(url, {"ids": [row.pk], "action": "approve"})
        assert response.status_code == 302
        assert AwayRequest.objects.get(pk=row.pk).status == "approved"
        assert Assignment.objects.filter(employee=se.employee, day=se.days[0]).exists()

    def test_reject_needs_a_reason(self, client_for, se):
        row = self.request(se)
        url = reverse("requests:queue_decide", args=[se.opd.pk])
        response = client_for(se.head).post(url, {"ids": [row.pk], "action": "reject"}, follow=True)
        assert "Tulis alasan penolakan" in response.content.decode()
        assert AwayRequest.objects.get(pk=row.pk).status == "pending"
        client_for(se.head).post(url, {"ids": [row.pk], "action": "reject", "reason": "Rapat"})
        assert AwayRequest.objects.get(pk=row.pk).status == "rejected"

    def test_bulk_decision(self, client_for, se):
        rows = [
            self.request(se, se.employee, se.days[0]),
            self.request(se, se.colleague, se.days[1]),
        ]
        url = reverse("requests:queue_decide", args=[se.opd.pk])
        client_for(se.head).post(url, {"ids": [r.pk for r in rows], "action": "approve"})
        assert set(AwayRequest.objects.values_list("status", flat=True)) == {"approved"}

    def test_approval_over_the_cap_says_why_and_stays_pending(self, client_for, se):
        roster_away(se.opd, se.extra[0], [se.days[0]], actor=se.head, status="draft")
        roster_away(se.opd, se.extra[1], [se.days[0]], actor=se.head, status="draft")
        row = self.request(se)
        url = reverse("requests:queue_decide", args=[se.opd.pk])
        response = client_for(se.head).post(
            url, {"ids": [row.pk], "action": "approve"}, follow=True
        )
        assert se.employee.name in response.content.decode()
        assert AwayRequest.objects.get(pk=row.pk).status == "pending"

    def test_guessed_ids_are_404_and_change_nothing(self, client_for, se):
        theirs = self.request(se, se.other_employee)
        mine = self.request(se)
        url = reverse("requests:queue_decide", args=[se.opd.pk])
        response = client_for(se.head).post(url, {"ids": [mine.pk, theirs.pk], "action": "approve"})
        assert response.status_code == 404
        assert set(AwayRequest.objects.values_list("status", flat=True)) == {"pending"}
        other_url = reverse("requests:queue_decide", args=[se.other_opd.pk])
        assert (
            client_for(se.head)
            .post(other_url, {"ids": [theirs.pk], "action": "approve"})
            .status_code
            == 404
        )
        bad = client_for(se.head).post(url, {"ids": ["x"], "action": "approve"})
        assert bad.status_code == 404

    def test_a_heads_own_request_is_not_in_their_queue_but_in_bkpsdms(self, client_for, se):
        own = EmployeeFactory(unit=se.opd, user=se.head)
        row = self.request(se, own)
        head = client_for(se.head)
        assert head.get(reverse("requests:queue", args=[se.opd.pk])).context["rows"] == []
        url = reverse("requests:queue_decide", args=[se.opd.pk])
        assert head.post(url, {"ids": [row.pk], "action": "approve"}).status_code == 404
        operator = client_for(se.operator)
        assert operator.post(url, {"ids": [row.pk], "action": "approve"}).status_code == 404
        assert AwayRequest.objects.get(pk=row.pk).status == "pending"

        agency_url = reverse("requests:agency_queue", args=[se.agency.pk])
        admin = client_for(se.admin)
        assert [r.request for r in admin.get(agency_url).context["rows"]] == [row]
        assert client_for(se.other_admin).get(agency_url).status_code == 404
        assert client_for(se.head).get(agency_url).status_code == 404
        decide = reverse("requests:agency_queue_decide", args=[se.agency.pk])
        client_for(se.admin).post(decide, {"ids": [row.pk], "action": "approve"})
        assert AwayRequest.objects.get(pk=row.pk).status == "approved"

    def test_staff_requests_are_not_bkpsdms_to_decide(self, client_for, se):
        row = self.request(se)
        decide = reverse("requests:agency_queue_decide", args=[se.agency.pk])
        assert (
            client_for(se.admin).post(decide, {"ids": [row.pk], "action": "approve"}).status_code
            == 404
        )

    def test_wrong_method(self, client_for, se):
        url = reverse("requests:queue_decide", args=[se.opd.pk])
        assert client_for(se.head).get(url).status_code == 405


class TestAcknowledgements:
    def test_head_and_bkpsdm_see_who_has_confirmed(self, client_for, se):
        svc.acknowledge(employee=se.employee, circular=se.circular)
        url = reverse("requests:acknowledgements", args=[se.opd.pk])
        for user in (se.head, se.admin):
            response = client_for(user).get(url, {"se": se.circular.pk})
            rows = dict(response.context["rows"])
            assert rows[se.employee] is not None
            assert rows[se.colleague] is None
            assert response.context["done"] == 1

    def test_bkpsdm_sees_counts_per_opd(self, client_for, se):
        svc.acknowledge(employee=se.employee, circular=se.circular)
        url = reverse("requests:agency_acknowledgements", args=[se.agency.pk])
        response = client_for(se.admin).get(url, {"se": se.circular.pk})
        counts = {opd: (done, total) for opd, done, total in response.context["rows"]}
        assert counts[se.opd] == (1, 5)
        assert counts[se.other_opd] == (0, 1)
        assert 'data-testid="agency-ack-' in response.content.decode()
        for user in (se.other_admin, se.head, se.employee_user):
            assert client_for(user).get(url).status_code == 404

    def test_others_cannot(self, client_for, se):
        url = reverse("requests:acknowledgements", args=[se.opd.pk])
        for user in (se.other_head, se.other_admin, se.employee_user):
            assert client_for(user).get(url).status_code == 404

    def test_query_count_does_not_grow_with_staff(self, client_for, se, count_queries):
        url = reverse("requests:acknowledgements", args=[se.opd.pk])
        client = client_for(se.head)
        client.get(url)
        n_small, _ = count_queries(client.get, url)
        add_staff(se.opd, 30)
        n_large, _ = count_queries(client.get, url)
        assert n_small == n_large


class TestRevocationPages:
    def test_head_revokes_with_a_reason(self, client_for, se):
        roster_away(se.opd, se.employee, [se.days[0]], actor=se.head)
        url = reverse("requests:revocations", args=[se.opd.pk])
        client = client_for(se.head)
        response = client.post(url, {"employee": se.employee.pk, "circular": se.circular.pk})
        assert response.status_code == 400
        assert "Tulis alasan pencabutan izin" in response.content.decode()
        assert Revocation.objects.count() == 0
        data = {
            "employee": se.employee.pk,
            "circular": se.circular.pk,
            "reason": "Tidak hadir rapat",
        }
        assert client.post(url, data).status_code == 302
        assert Revocation.objects.get().revoked_by == se.head
        assert not Assignment.objects.filter(employee=se.employee).exists()

    def test_another_opds_employee_cannot_be_chosen(self, client_for, se):
        url = reverse("requests:revocations", args=[se.opd.pk])
        data = {"employee": se.other_employee.pk, "circular": se.circular.pk, "reason": "x"}
        assert client_for(se.head).post(url, data).status_code == 400
        assert Revocation.objects.count() == 0

    def test_access(self, client_for, se):
        url = reverse("requests:revocations", args=[se.opd.pk])
        assert client_for(se.admin).get(url).status_code == 200
        for user in (se.other_head, se.other_admin, se.employee_user):
            assert client_for(user).get(url).status_code == 404
        assert client_for(None).get(url).status_code == 302

    def test_reinstate_within_scope_only(self, client_for, se):
        revocation = svc.revoke_permission(
            employee=se.employee, circular=se.circular, reason="x", actor=se.head
        )
        url = reverse("requests:reinstate", args=[revocation.pk])
        assert client_for(se.other_head).post(url, {"reason": "y"}).status_code == 404
        assert client_for(se.other_admin).post(url, {"reason": "y"}).status_code == 404
        assert client_for(se.employee_user).post(url, {"reason": "y"}).status_code == 404
        client_for(se.admin).post(url, {"reason": ""})
        assert Revocation.objects.get().is_active
        client_for(se.admin).post(url, {"reason": "Sudah dibina"})
        assert not Revocation.objects.get().is_active

    def test_bkpsdm_report_counts_per_circular(self, client_for, se):
        first = svc.revoke_permission(
            employee=se.employee, circular=se.circular, reason="a", actor=se.head
        )
        svc.revoke_permission(
            employee=se.colleague, circular=se.circular, reason="b", actor=se.admin
        )
        svc.reinstate_permission(revocation=first, reason="c", actor=se.admin)
        url = reverse("requests:revocation_report", args=[se.agency.pk])
        response = client_for(se.admin).get(url)
        (group,) = response.context["groups"]
        assert (group["active"], group["reinstated"]) == (1, 1)
        assert "1 berlaku, 1 dipulihkan" in response.content.decode()
        assert client_for(se.other_admin).get(url).status_code == 404
        assert client_for(se.head).get(url).status_code == 404
