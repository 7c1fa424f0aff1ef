"""The request queues (head's and BKPSDM's) and the lists around them: paged, filtered,
decided in bulk; a request in a week already handed to BKPSDM says so, with the way out."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from notifications.models import Kind, Notification
from organizations.models import Role, Unit
from organizations.tests.factories import EmployeeFactory, UnitFactory, UserFactory
from schedules.models import Assignment, AwayRequest, Roster
from schedules.requests import services as svc
from wfa_portal.isoweek import monday_of

from .employee_support import coming_circular, coming_working_days, roster_away, staff_opd
from .support import add_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def se(world):
    staff_opd(world)
    world.circular = coming_circular(world.agency)
    world.days = coming_working_days(world.agency, 4)
    return world


def pending(employees, circular, days):
    """One pending request per employee and day, in one INSERT (no rule is judged)."""
    rows = [
        AwayRequest(employee=e, circular=circular, day=day, mode="WFA")
        for e in employees
        for day in days
    ]
    return AwayRequest.objects.bulk_create(rows)


def head_of_new_opd(agency, n: int):
    """A new OPD whose head is also one of its employees (their requests go to BKPSDM)."""
    opd = UnitFactory(agency=agency, code=f"opd-{n}", short_name=f"OPD {n}")
    user = UserFactory(username=f"kepala-opd-{n}")
    Role.objects.create(user=user, kind=Role.Kind.OPD_HEAD, unit=opd)
    add_staff(opd, 2)
    return EmployeeFactory(unit=opd, user=user, name=f"Kepala {n}")


def queue_url(se):
    return reverse("requests:queue", args=[se.opd.pk])


def agency_url(se):
    return reverse("requests:agency_queue", args=[se.agency.pk])


def submit(opd, day):
    return Roster.objects.update_or_create(
        unit=opd,
        week_start=monday_of(day),
        defaults={"status": Roster.Status.SUBMITTED, "submitted_at": timezone.now()},
    )[0]


class TestHeadQueue:
    def test_who_may_see_it(self, client_for, se):
        pending([se.employee], se.circular, se.days[:1])
        for user in (se.head, se.operator):
            body = client_for(user).get(queue_url(se)).content.decode()
            assert se.employee.name in body
        for user in (se.other_head, se.foreign_head, se.employee_user, se.other_admin):
            assert client_for(user).get(queue_url(se)).status_code == 404
        assert client_for(None).get(queue_url(se)).status_code == 302

    def test_paged_and_the_pager_keeps_the_filters(self, client_for, se):
        staff = add_staff(se.opd, 30, prefix="Antre")
        pending(staff, se.circular, se.days[:1])
        client = client_for(se.head)
        response = client.get(queue_url(se), {"q": "Antre"})
        assert len(response.context["rows"]) == 25
        body = response.content.decode()
        assert "Halaman 1 dari 2 (30 baris)" in body
        assert "?q=Antre&amp;page=2" in body
        second = client.get(queue_url(se), {"q": "Antre", "page": 2})
        assert len(second.context["rows"]) == 5

    def test_filters_status_unit_days_and_name_or_nip(self, client_for, se):
        first, second = pending([se.employee, se.colleague], se.circular, se.days[:1])
        later = pending([se.colleague], se.circular, se.days[2:3])[0]
        AwayRequest.objects.filter(pk=second.pk).update(status="rejected", reason="Rapat")
        client = client_for(se.head)

        def shown(**params):
            return {row.request.pk for row in client.get(queue_url(se), params).context["rows"]}

        assert shown() == {first.pk, later.pk}
        assert shown(status="rejected") == {second.pk}
        assert shown(status="all") == {first.pk, second.pk, later.pk}
        assert shown(unit=se.sub_unit.pk) == {first.pk}
        assert shown(start=se.days[1].isoformat()) == {later.pk}
        assert shown(end=se.days[0].isoformat()) == {first.pk}
        assert shown(q=se.employee.name[:5].lower()) == {first.pk}
        assert shown(q=se.colleague.nip[:10]) == {later.pk}
        body = client.get(queue_url(se), {"status": "rejected"}).content.decode()
        assert "Rapat" in body and "Ditolak" in body

    def test_a_bad_filter_says_so_and_never_fails(self, client_for, se):
        pending([se.employee], se.circular, se.days[:1])
        client = client_for(se.head)
        response = client.get(queue_url(se), {"start": "31-02-2026", "unit": "x", "status": "?"})
        assert response.status_code == 400
        body = response.content.decode()
        assert "Tulis tanggal sebagai tttt-bb-hh." in body
        assert [r.request.status for r in response.context["rows"]] == ["pending"]
        backwards = {"start": se.days[1].isoformat(), "end": se.days[0].isoformat()}
        assert (
            "Tanggal akhir sebelum tanggal awal."
            in client.get(queue_url(se), backwards).content.decode()
        )

    def test_an_htmx_filter_gets_only_the_results(self, client_for, se):
        pending([se.employee], se.circular, se.days[:1])
        response = client_for(se.head).get(queue_url(se), {"q": "x"}, HTTP_HX_REQUEST="true")
        body = response.content.decode()
        assert body.lstrip().startswith('<div id="queue-results">')
        assert "Tidak ada permohonan yang cocok dengan saringan ini." in body

    def test_query_count_does_not_grow_with_pending_requests(self, client_for, se, count_queries):
        client = client_for(se.head)
        pending([se.employee, se.colleague], se.circular, se.days[:2])
        client.get(queue_url(se))
        small, response = count_queries(client.get, queue_url(se))
        size_small = len(response.content)
        pending(add_staff(se.opd, 60, prefix="Banyak"), se.circular, se.days)
        large, response = count_queries(client.get, queue_url(se))
        assert len(response.context["rows"]) == 25
        assert small == large
        # A full page (25 rows) weighs about what 25 rows weigh, whatever the queue holds.
        assert len(response.content) < size_small + 25 * 3000

    def test_the_first_page_at_1000_staff_and_2500_pending_is_under_200_kb(
        self, client_for, se, count_queries
    ):
        client = client_for(se.head)
        pending([se.employee], se.circular, se.days[:1])
        client.get(queue_url(se))
        small, _ = count_queries(client.get, queue_url(se))
        staff = add_staff(se.opd, 1000, prefix="Besar")
        days = coming_working_days(se.agency, 3)
        rows = [(e, d) for d in days for e in staff][:2500]
        AwayRequest.objects.bulk_create(
            [
                AwayRequest(employee=e, circular=se.circular, day=d, mode="WFA", note="Keluarga")
                for e, d in rows
            ]
        )
        large, response = count_queries(client.get, queue_url(se))
        assert small == large
        assert "Halaman 1 dari 101 (2501 baris)" in response.content.decode()
        assert len(response.content) < 200 * 1024


class TestBulkDecision:
    def test_each_row_decided_on_its_own_and_refused_rows_say_why(self, client_for, se):
        # Cap 50% of 5 staff: 2 away. Two already away on day 0 leave no room there.
        roster_away(se.opd, se.extra[0], [se.days[0]], actor=se.head, status="draft")
        roster_away(se.opd, se.extra[1], [se.days[0]], actor=se.head, status="draft")
        refused, fine = pending([se.employee], se.circular, se.days[:2])
        url = reverse("requests:queue_decide", args=[se.opd.pk])
        response = client_for(se.head).post(
            url, {"ids": [refused.pk, fine.pk], "action": "approve"}, follow=True
        )
        body = response.content.decode()
        assert "1 permohonan disetujui." in body
        assert "1 permohonan tidak dapat diputuskan dan tetap menunggu:" in body
        assert se.employee.name in body
        assert AwayRequest.objects.get(pk=refused.pk).status == "pending"
        assert AwayRequest.objects.get(pk=fine.pk).status == "approved"
        saved = set(Assignment.objects.filter(employee=se.employee).values_list("day", flat=True))
        assert saved == {se.days[1]}

    def test_bulk_reject_with_one_reason(self, client_for, se):
        rows = pending([se.employee, se.colleague], se.circular, se.days[:1])
        url = reverse("requests:queue_decide", args=[se.opd.pk])
        data = {"ids": [r.pk for r in rows], "action": "reject", "reason": "Ada audit"}
        response = client_for(se.head).post(url, data, follow=True)
        assert "2 permohonan ditolak." in response.content.decode()
        assert set(AwayRequest.objects.values_list("status", "reason")) == {
            ("rejected", "Ada audit")
        }

    def test_a_row_decided_meanwhile_is_reported_and_the_rest_decided(self, client_for, se):
        done, fresh = pending([se.employee, se.colleague], se.circular, se.days[:1])
        AwayRequest.objects.filter(pk=done.pk).update(status="approved")
        url = reverse("requests:queue_decide", args=[se.opd.pk])
        data = {"ids": [done.pk, fresh.pk], "action": "reject", "reason": "Rapat"}
        body = client_for(se.head).post(url, data, follow=True).content.decode()
        assert "1 permohonan ditolak." in body
        assert "Permohonan ini sudah disetujui." in body
        assert AwayRequest.objects.get(pk=done.pk).status == "approved"
        assert AwayRequest.objects.get(pk=fresh.pk).status == "rejected"

    def test_after_deciding_the_filters_are_kept(self, client_for, se):
        (row,) = pending([se.employee], se.circular, se.days[:1])
        url = reverse("requests:queue_decide", args=[se.opd.pk])
        data = {"ids": [row.pk], "action": "approve", "query": "q=Peg&unit=7\r\nX-Bad: 1"}
        response = client_for(se.head).post(url, data)
        assert response.status_code == 302
        assert response["Location"].startswith(queue_url(se) + "?q=Peg&unit=7")
        assert "\n" not in response["Location"]

    def test_a_request_in_a_submitted_week_is_refused_and_nothing_is_written(self, client_for, se):
        (row,) = pending([se.employee], se.circular, se.days[:1])
        submit(se.opd, se.days[0])
        url = reverse("requests:queue_decide", args=[se.opd.pk])
        response = client_for(se.head).post(
            url, {"ids": [row.pk], "action": "approve"}, follow=True
        )
        assert "sudah diajukan ke BKPSDM dan tidak dapat diubah" in response.content.decode()
        assert AwayRequest.objects.get(pk=row.pk).status == "pending"
        assert not Assignment.objects.filter(employee=se.employee).exists()


class TestClosedWeek:
    def test_the_head_sees_why_and_asks_bkpsdm_in_one_click(self, client_for, se):
        (row,) = pending([se.employee], se.circular, se.days[:1])
        roster = submit(se.opd, se.days[0])
        client = client_for(se.head)
        body = client.get(queue_url(se)).content.decode()
        assert f'data-testid="closed-week-{row.pk}"' in body
        assert "baru dapat disetujui setelah BKPSDM mengembalikan jadwalnya" in body
        ask = reverse("requests:ask_week_back", args=[se.opd.pk, roster.pk])
        assert ask in body

        response = client.post(ask, follow=True)
        assert "BKPSDM diminta mengembalikan jadwal minggu" in response.content.decode()
        notice = Notification.objects.get(kind=Kind.ROSTER_RETURN_ASKED)
        assert notice.recipient == se.admin
        assert notice.subject == f"Diskominfo meminta jadwal minggu {roster.iso_week} dikembalikan"
        assert "1 permohonan pegawai" in notice.body
        assert notice.subject not in notice.body
        assert notice.link == reverse("roster:oversight_detail", args=[roster.pk])

        again = client.post(ask, follow=True).content.decode()
        assert "sudah diminta mengembalikan" in again
        assert Notification.objects.filter(kind=Kind.ROSTER_RETURN_ASKED).count() == 1

        # BKPSDM sees the ask on its list and returns the week through the oversight.
        listing = client_for(se.admin).get(reverse("roster:oversight")).content.decode()
        assert f'data-testid="asked-back-{roster.pk}"' in listing
        client_for(se.admin).post(
            reverse("roster:oversight_return", args=[roster.pk]), {"comment": "Silakan"}
        )
        client = client_for(se.head)
        decide = reverse("requests:queue_decide", args=[se.opd.pk])
        client.post(decide, {"ids": [row.pk], "action": "approve"})
        assert AwayRequest.objects.get(pk=row.pk).status == "approved"

    def test_an_accepted_week_can_only_be_rejected(self, client_for, se):
        (row,) = pending([se.employee], se.circular, se.days[:1])
        roster = submit(se.opd, se.days[0])
        Roster.objects.filter(pk=roster.pk).update(status=Roster.Status.ACCEPTED)
        client = client_for(se.head)
        body = client.get(queue_url(se)).content.decode()
        assert "permohonan ini hanya dapat ditolak" in body
        assert f'data-testid="approve-{row.pk}"' not in body
        ask = reverse("requests:ask_week_back", args=[se.opd.pk, roster.pk])
        response = client.post(ask, follow=True)
        assert "sudah diterima BKPSDM dan tidak dapat dikembalikan" in response.content.decode()
        assert not Notification.objects.filter(kind=Kind.ROSTER_RETURN_ASKED).exists()

    def test_who_may_ask(self, client_for, se):
        roster = submit(se.opd, se.days[0])
        other = submit(se.other_opd, se.days[0])
        ask = reverse("requests:ask_week_back", args=[se.opd.pk, roster.pk])
        for user in (se.other_head, se.foreign_head, se.employee_user, se.admin, se.other_admin):
            assert client_for(user).post(ask).status_code == 404
        assert client_for(None).post(ask).status_code == 302
        guessed = reverse("requests:ask_week_back", args=[se.opd.pk, other.pk])
        assert client_for(se.head).post(guessed).status_code == 404
        assert client_for(se.head).get(ask).status_code == 405
        assert not Notification.objects.filter(kind=Kind.ROSTER_RETURN_ASKED).exists()
        assert client_for(se.operator).post(ask).status_code == 302
        assert Notification.objects.filter(kind=Kind.ROSTER_RETURN_ASKED).count() == 1

    def test_the_employee_is_told_on_the_request_form(self, client_for, se):
        submit(se.opd, se.days[0])
        url = reverse("requests:requests")
        client = client_for(se.employee_user)
        body = client.get(url).content.decode()
        assert f'data-testid="submitted-{se.days[0].isoformat()}"' in body
        assert "minggu sudah diajukan" in body
        response = client.post(
            url, {"circular": se.circular.pk, "days": [se.days[0].isoformat()]}, follow=True
        )
        body = response.content.decode()
        assert "atasan Anda baru dapat menyetujui permohonan itu setelah meminta BKPSDM" in body
        row = AwayRequest.objects.get(employee=se.employee)
        assert f'data-testid="request-closed-{row.pk}"' in body

    def test_the_notice_reads_in_the_admins_language(self, client_for, se):
        se.admin.language = "en"
        se.admin.save(update_fields=["language"])
        pending([se.employee], se.circular, se.days[:1])
        roster = submit(se.opd, se.days[0])
        svc.ask_week_back(roster=roster, actor=se.head)
        notice = Notification.objects.get(kind=Kind.ROSTER_RETURN_ASKED)
        assert notice.subject == f"Diskominfo asks for the week {roster.iso_week} back"


class TestAgencyQueue:
    def test_who_may_see_it(self, client_for, se):
        row = pending([head_of_new_opd(se.agency, 1)], se.circular, se.days[:1])[0]
        body = client_for(se.admin).get(agency_url(se)).content.decode()
        assert f'data-testid="queue-{row.pk}"' in body
        for user in (se.head, se.other_head, se.other_admin, se.employee_user):
            assert client_for(user).get(agency_url(se)).status_code == 404
        assert client_for(None).get(agency_url(se)).status_code == 302

    def test_filter_by_opd(self, client_for, se):
        one = pending([head_of_new_opd(se.agency, 1)], se.circular, se.days[:1])[0]
        two = pending([head_of_new_opd(se.agency, 2)], se.circular, se.days[:1])[0]
        client = client_for(se.admin)
        opd = Unit.objects.get(code="opd-2")
        rows = client.get(agency_url(se), {"unit": opd.pk}).context["rows"]
        assert [r.request.pk for r in rows] == [two.pk]
        assert {r.request.pk for r in client.get(agency_url(se)).context["rows"]} == {
            one.pk,
            two.pk,
        }

    def test_closed_week_links_to_the_return(self, client_for, se):
        head = head_of_new_opd(se.agency, 1)
        row = pending([head], se.circular, se.days[:1])[0]
        roster = submit(head.unit, se.days[0])
        body = client_for(se.admin).get(agency_url(se)).content.decode()
        assert f'data-testid="return-week-{row.pk}"' in body
        assert reverse("roster:oversight_detail", args=[roster.pk]) in body

    def test_query_count_does_not_grow_with_opds(self, client_for, se, count_queries):
        client = client_for(se.admin)
        heads = [head_of_new_opd(se.agency, n) for n in range(2)]
        pending(heads, se.circular, se.days[:2])
        submit(heads[0].unit, se.days[0])
        client.get(agency_url(se))
        small, response = count_queries(client.get, agency_url(se))
        assert len(response.context["rows"]) == 4
        heads = [head_of_new_opd(se.agency, n) for n in range(2, 20)]
        pending(heads, se.circular, se.days[:2])
        for head in heads[:5]:
            submit(head.unit, se.days[1])
        large, response = count_queries(client.get, agency_url(se))
        assert len(response.context["rows"]) == 25
        assert small == large

    def test_the_room_is_each_opds_own(self, client_for, se):
        heads = [head_of_new_opd(se.agency, n) for n in range(2)]
        pending(heads, se.circular, se.days[:1])
        rows = client_for(se.admin).get(agency_url(se)).context["rows"]
        # 3 active staff each, cap 50%: one away allowed per OPD.
        assert {(r.request.employee.unit_id, r.limit, r.away) for r in rows} == {
            (heads[0].unit_id, 1, 0),
            (heads[1].unit_id, 1, 0),
        }


class TestOversightList:
    URL = "roster:oversight"

    def test_access(self, client_for, se):
        roster = submit(se.opd, se.days[0])
        body = client_for(se.admin).get(reverse(self.URL)).content.decode()
        assert f'data-testid="roster-{roster.pk}"' in body
        other = client_for(se.other_admin).get(reverse(self.URL)).content.decode()
        assert f'data-testid="roster-{roster.pk}"' not in other
        for user in (se.head, se.employee_user):
            assert client_for(user).get(reverse(self.URL)).status_code == 403
        assert client_for(None).get(reverse(self.URL)).status_code == 302

    def test_paged_filtered_and_constant_queries(self, client_for, se, count_queries):
        client = client_for(se.admin)
        for n in range(3):
            submit(se.opd, se.days[0] + timedelta(weeks=n))
        client.get(reverse(self.URL))
        small, _ = count_queries(client.get, reverse(self.URL))
        for n in range(3, 30):
            submit(se.opd, se.days[0] + timedelta(weeks=n))
        submit(se.other_opd, se.days[0])
        large, response = count_queries(client.get, reverse(self.URL))
        assert small == large
        assert len(response.context["rosters"]) == 25
        assert "Halaman 1 dari 2 (31 baris)" in response.content.decode()
        only = client.get(reverse(self.URL), {"unit": se.other_opd.pk}).context["rosters"]
        assert [r.unit_id for r in only] == [se.other_opd.pk]
        assert client.get(reverse(self.URL), {"status": "accepted"}).context["rosters"] == []
        bad = client.get(reverse(self.URL), {"start": "kemarin"})
        assert bad.status_code == 400
        assert "Tulis tanggal sebagai tttt-bb-hh." in bad.content.decode()


class TestOtherLists:
    def test_acknowledgements_paged_and_filtered(self, client_for, se, count_queries):
        svc.acknowledge(employee=se.employee, circular=se.circular)
        url = reverse("requests:acknowledgements", args=[se.opd.pk])
        client = client_for(se.head)
        client.get(url)
        small, _ = count_queries(client.get, url)
        add_staff(se.opd, 40)
        large, response = count_queries(client.get, url)
        assert small == large
        assert len(response.context["rows"]) == 25
        assert "1 dari 45 pegawai sudah menyetujui ketentuan." in response.content.decode()
        done = client.get(url, {"state": "done"}).context["rows"]
        assert [e for e, _at in done] == [se.employee]
        named = client.get(url, {"q": se.colleague.name}).context["rows"]
        assert [e for e, _at in named] == [se.colleague]

    def test_revocation_report_paged_with_whole_counts(self, client_for, se, count_queries):
        staff = add_staff(se.opd, 30, prefix="Sanksi")
        url = reverse("requests:revocation_report", args=[se.agency.pk])
        client = client_for(se.admin)
        svc.revoke_permission(employee=staff[0], circular=se.circular, reason="x", actor=se.head)
        client.get(url)
        small, _ = count_queries(client.get, url)
        for employee in staff[1:]:
            svc.revoke_permission(
                employee=employee, circular=se.circular, reason="x", actor=se.head
            )
        large, response = count_queries(client.get, url)
        assert small == large
        body = response.content.decode()
        assert "30 berlaku, 0 dipulihkan" in body
        assert "Halaman 1 dari 2 (30 baris)" in body
