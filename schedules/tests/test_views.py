from datetime import date, timedelta

import pytest
from django.urls import reverse

from organizations.models import RoleTag, ServiceCategory
from organizations.tests.factories import UnitFactory
from schedules.models import Assignment, Roster
from schedules.roster.forms import cell_name
from schedules.roster.services import save_week, submit_week

from .support import FRI, MON, THU, TUE, WEEK, add_staff, publish_circular

pytestmark = pytest.mark.django_db

ISO = "2025-W13"
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def staffed(world):
    """world.opd with four staff (colleague, employee in the sub-unit, two more) under 50%."""
    publish_circular(world.agency, number="800/1/SE/2025")
    world.extra = add_staff(world.opd, 2, prefix="Tambahan")
    world.staff = [world.colleague, world.employee, *world.extra]
    return world


def url(name, world, week=ISO):
    return reverse(f"roster:{name}", args=[world.opd.pk, week])


def cells(*pairs):
    return {cell_name(emp.pk, day): mode for emp, day, mode in pairs}


def stored(opd):
    return set(
        Assignment.objects.filter(roster__unit=opd).values_list("employee_id", "day", "mode")
    )


class TestGrid:
    def test_head_sees_staff_by_sub_unit_and_the_days_of_the_week(self, client_for, staffed):
        body = client_for(staffed.head).get(url("week", staffed)).content.decode()

        assert staffed.opd.name in body
        assert staffed.sub_unit.name in body
        assert staffed.employee.name in body and staffed.colleague.name in body
        assert staffed.other_employee.name not in body
        assert "Cuti Bersama Hari Suci Nyepi" in body  # Friday greyed, saying why
        assert "Hari Suci Nyepi" in body and "Minggu" in body
        assert body.count("di luar kantor 0 / maks 2") == 4
        assert f'name="{cell_name(staffed.colleague.pk, MON)}"' in body
        assert f'name="{cell_name(staffed.colleague.pk, FRI)}"' not in body

    def test_operator_may_fill_the_grid(self, client_for, staffed):
        a, *_ = staffed.staff
        client = client_for(staffed.operator)
        body = client.get(url("week", staffed)).content.decode()
        assert staffed.colleague.name in body
        assert f'name="{cell_name(a.pk, MON)}"' in body  # an editable cell, not a locked one

        response = client.post(url("save", staffed), cells((a, MON, "WFA")))
        assert response.status_code == 302
        assert stored(staffed.opd) == {(a.pk, MON, "WFA")}

    def test_days_without_a_circular_are_greyed(self, client_for, world):
        body = client_for(world.head).get(url("week", world)).content.decode()

        assert body.count("tidak ada SE") == 4
        assert "/ maks" not in body
        assert 'data-testid="no-open-days"' in body

    def test_exempt_staff_are_locked_saying_why(self, client_for, world):
        publish_circular(world.agency, number="800/2/SE/2025", exempt_roles=[RoleTag.TREASURER])
        (treasurer,) = add_staff(world.opd, 1, prefix="Bendahara", role_tags=[RoleTag.TREASURER])
        body = client_for(world.head).get(url("week", world)).content.decode()

        assert f'name="{cell_name(treasurer.pk, MON)}"' not in body
        assert "Bendahara wajib bekerja di kantor menurut SE 800/2/SE/2025" in body
        assert 'data-testid="exempt"' in body

    def test_frontline_opd_cells_are_locked_with_the_reason(self, client_for, world):
        publish_circular(world.agency, number="800/3/SE/2025", exempt_categories=["health"])
        world.opd.category = ServiceCategory.HEALTH
        world.opd.save()
        body = client_for(world.head).get(url("week", world)).content.decode()

        assert 'data-testid="frontline"' in body
        assert "wajib bekerja di kantor menurut SE 800/3/SE/2025" in body
        assert f'name="{cell_name(world.colleague.pk, MON)}"' not in body
        assert "di luar kantor 0 / maks 0" in body

    def test_stored_violations_are_listed_and_marked_on_their_cells(self, client_for, staffed):
        roster = Roster.objects.create(unit=staffed.opd, week_start=WEEK)
        for emp in staffed.staff[:3]:
            Assignment.objects.create(roster=roster, employee=emp, day=MON, mode="WFA")
        body = client_for(staffed.head).get(url("week", staffed)).content.decode()

        assert "di luar kantor 3 / maks 2" in body
        assert "text-bg-danger" in body
        assert "melebihi batas 2 pegawai" in body
        assert 'data-testid="submit-week" disabled' in body

    def test_week_navigation_links_to_the_previous_and_next_iso_weeks(self, client_for, staffed):
        body = client_for(staffed.head).get(url("week", staffed)).content.decode()

        assert url("week", staffed, "2025-W12") in body
        assert url("week", staffed, "2025-W14") in body

    def test_week_across_new_year_is_navigable(self, client_for, staffed):
        response = client_for(staffed.head).get(url("week", staffed, "2026-W01"))

        assert response.status_code == 200
        assert url("week", staffed, "2025-W52") in response.content.decode()

    def test_impossible_week_is_not_found(self, client_for, staffed):
        assert client_for(staffed.head).get(url("week", staffed, "2025-W60")).status_code == 404

    def test_current_week_redirects_to_the_iso_week(self, client_for, staffed):
        response = client_for(staffed.head).get(
            reverse("roster:current_week", args=[staffed.opd.pk])
        )

        assert response.status_code == 302
        assert "-W" in response["Location"]

    def test_htmx_request_gets_the_grid_partial(self, client_for, staffed):
        client = client_for(staffed.head)
        partial = client.get(url("week", staffed), **HTMX).content.decode()
        full = client.get(url("week", staffed)).content.decode()

        assert partial.lstrip().startswith('<div id="roster"')
        assert "<html" not in partial
        assert "<html" in full and 'id="roster"' in full

    def test_speaks_english_when_chosen(self, client_for, staffed):
        roster = Roster.objects.create(unit=staffed.opd, week_start=WEEK)
        for emp in staffed.staff[:3]:
            Assignment.objects.create(roster=roster, employee=emp, day=MON, mode="WFA")
        client = client_for(staffed.head)
        client.post(reverse("set_language"), {"language": "en", "next": "/"})
        body = client.get(url("week", staffed)).content.decode()

        assert "more than the limit of 2" in body

    def test_page_query_count_does_not_grow_with_staff(self, client_for, world, count_queries):
        publish_circular(world.agency)
        small = UnitFactory(agency=world.agency)
        large = UnitFactory(agency=world.agency)
        add_staff(small, 5)
        big = add_staff(large, 500)
        save_week(
            opd=large,
            week_start=WEEK,
            cells={(e.pk, TUE): "WFA" for e in big[:200]},
            actor=world.head,
        )
        from organizations.models import Role

        Role.objects.create(user=world.head, kind="opd_head", unit=small)
        Role.objects.create(user=world.head, kind="opd_head", unit=large)
        client = client_for(world.head)

        def page(unit):
            response = client.get(reverse("roster:week", args=[unit.pk, ISO]))
            assert response.status_code == 200
            return response

        client_for(world.head)
        n_small, _ = count_queries(page, small)
        n_large, response = count_queries(page, large)

        assert n_small == n_large
        assert n_large <= 16, n_large  # 16: the standing layer adds one (circulars.governing)
        print("page queries", n_large)
        assert "di luar kantor 200 / maks 250" in response.content.decode()


class TestValidate:
    def test_returns_counters_and_violations_without_saving(self, client_for, staffed):
        a, b, c, _d = staffed.staff
        response = client_for(staffed.head).post(
            url("validate", staffed),
            cells((a, MON, "WFA"), (b, MON, "WFA"), (c, MON, "WFA")),
            **HTMX,
        )
        body = response.content.decode()

        assert response.status_code == 200
        assert "<html" not in body
        assert body.lstrip().startswith('<div id="roster-feedback"')
        assert "melebihi batas 2 pegawai" in body
        assert 'id="counter-2025-03-24"' in body and 'hx-swap-oob="true"' in body
        assert "di luar kantor 3 / maks 2" in body
        assert "text-bg-danger" in body
        # The cap names no cell, but the unsaved changes that break it are marked.
        assert f'"{a.pk}-2025-03-24"' in body
        assert stored(staffed.opd) == set()
        assert not Roster.objects.exists()

    def test_names_the_flagged_cells_for_marking(self, client_for, staffed):
        a = staffed.staff[0]
        body = (
            client_for(staffed.head)
            .post(url("validate", staffed), cells((a, MON, "WFH")), **HTMX)
            .content.decode()
        )

        assert "hanya mengatur WFA" in body
        assert f'"{a.pk}-2025-03-24"' in body

    def test_clean_week_says_so(self, client_for, staffed):
        a = staffed.staff[0]
        body = (
            client_for(staffed.head)
            .post(url("validate", staffed), cells((a, MON, "WFA")), **HTMX)
            .content.decode()
        )

        assert "Tidak ada pelanggaran." in body
        assert "di luar kantor 1 / maks 2" in body

    def test_unknown_mode_is_refused(self, client_for, staffed):
        response = client_for(staffed.head).post(
            url("validate", staffed), {cell_name(staffed.colleague.pk, MON): "LIBUR"}, **HTMX
        )

        assert response.status_code == 400


class TestSave:
    def test_plain_post_saves_and_redirects_back_to_the_week(self, client_for, staffed):
        a, b, *_ = staffed.staff
        client = client_for(staffed.head)
        response = client.post(url("save", staffed), cells((a, MON, "WFA"), (b, TUE, "WFA")))

        assert response.status_code == 302
        assert response["Location"] == url("week", staffed)
        assert stored(staffed.opd) == {(a.pk, MON, "WFA"), (b.pk, TUE, "WFA")}
        body = client.get(response["Location"]).content.decode()
        assert "Jadwal disimpan (2 perubahan)." in body
        assert "di luar kantor 1 / maks 2" in body

    def test_over_the_cap_nothing_is_saved_and_the_page_shows_why(self, client_for, staffed):
        a, b, c, d = staffed.staff
        response = client_for(staffed.head).post(
            url("save", staffed),
            cells((a, MON, "WFA"), (b, MON, "WFA"), (c, MON, "WFA"), (d, TUE, "WFA")),
        )
        body = response.content.decode()

        assert response.status_code == 200
        assert "Jadwal tidak disimpan: 1 pelanggaran harus diperbaiki lebih dulu." in body
        assert "melebihi batas 2 pegawai" in body
        assert "di luar kantor 3 / maks 2" in body
        # The proposal stays on screen to be fixed, each cell knowing what is saved.
        assert f'name="{cell_name(c.pk, MON)}" data-stored="WFO"' in body
        assert stored(staffed.opd) == set()

    def test_post_ignores_cells_of_other_opds(self, client_for, staffed):
        response = client_for(staffed.head).post(
            url("save", staffed), cells((staffed.other_employee, MON, "CUTI"))
        )

        assert response.status_code == 302
        assert not Assignment.objects.exists()

    def test_submitted_week_cannot_be_saved(self, client_for, staffed):
        a = staffed.staff[0]
        submit_week(opd=staffed.opd, week_start=WEEK, actor=staffed.head)
        client = client_for(staffed.head)
        response = client.post(url("save", staffed), cells((a, MON, "WFA")), follow=True)
        body = response.content.decode()

        assert "sudah diajukan ke BKPSDM dan tidak dapat diubah" in body
        assert stored(staffed.opd) == set()
        assert f'name="{cell_name(a.pk, MON)}"' not in body

    def test_copies_last_weeks_away_pattern(self, client_for, staffed):
        a, b, c, _d = staffed.staff
        last = Roster.objects.create(unit=staffed.opd, week_start=WEEK - timedelta(days=7))
        Assignment.objects.create(roster=last, employee=a, day=date(2025, 3, 17), mode="WFA")
        Assignment.objects.create(roster=last, employee=b, day=date(2025, 3, 20), mode="WFA")
        Assignment.objects.create(roster=last, employee=c, day=date(2025, 3, 18), mode="CUTI")
        # Friday last week was a working day; this Friday is a holiday, so nothing is copied.
        Assignment.objects.create(roster=last, employee=c, day=date(2025, 3, 21), mode="WFA")
        response = client_for(staffed.head).post(url("copy", staffed))

        assert response.status_code == 302
        week = {(e, d, m) for e, d, m in stored(staffed.opd) if d >= WEEK}
        assert week == {(a.pk, MON, "WFA"), (b.pk, THU, "WFA")}

    def test_copy_that_breaks_the_rules_saves_nothing(self, client_for, staffed):
        last = Roster.objects.create(unit=staffed.opd, week_start=WEEK - timedelta(days=7))
        for emp in staffed.staff[:3]:
            Assignment.objects.create(roster=last, employee=emp, day=date(2025, 3, 17), mode="WFA")
        response = client_for(staffed.head).post(url("copy", staffed))
        body = response.content.decode()

        assert response.status_code == 200
        assert "Jadwal tidak disimpan" in body
        assert "di luar kantor 3 / maks 2" in body
        assert not Assignment.objects.filter(day__gte=WEEK).exists()

    def test_submit_refused_while_errors_remain(self, client_for, staffed):
        roster = Roster.objects.create(unit=staffed.opd, week_start=WEEK)
        for emp in staffed.staff[:3]:
            Assignment.objects.create(roster=roster, employee=emp, day=MON, mode="WFA")
        response = client_for(staffed.head).post(url("submit", staffed), follow=True)

        assert "Jadwal belum dapat diajukan: masih ada 1 pelanggaran." in response.content.decode()
        roster.refresh_from_db()
        assert roster.status == Roster.Status.DRAFT

    def test_submit_hands_the_week_to_bkpsdm(self, client_for, staffed):
        response = client_for(staffed.head).post(url("submit", staffed), follow=True)
        body = response.content.decode()

        assert "Jadwal diajukan ke BKPSDM." in body
        assert 'data-testid="locked"' in body
        assert Roster.objects.get(unit=staffed.opd).status == Roster.Status.SUBMITTED


class TestScope:
    OUTSIDERS = ("other_head", "foreign_head", "admin", "other_admin", "employee_user", "inspector")

    @pytest.mark.parametrize("who", OUTSIDERS)
    @pytest.mark.parametrize("name", ["week", "validate", "save", "copy", "submit"])
    def test_outsiders_get_not_found(self, client_for, staffed, who, name):
        client = client_for(getattr(staffed, who))
        method = client.get if name == "week" else client.post
        payload = {} if name == "week" else cells((staffed.colleague, MON, "WFA"))

        assert method(url(name, staffed), payload).status_code == 404
        assert not Assignment.objects.exists()

    @pytest.mark.parametrize("name", ["week", "validate", "save", "copy", "submit"])
    def test_anonymous_is_sent_to_login(self, client_for, staffed, name):
        client = client_for(None)
        response = (client.get if name == "week" else client.post)(url(name, staffed))

        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))

    @pytest.mark.parametrize(
        ("name", "method"),
        [
            ("week", "post"),
            ("validate", "get"),
            ("save", "get"),
            ("copy", "get"),
            ("submit", "get"),
        ],
    )
    def test_wrong_method_is_refused(self, client_for, staffed, name, method):
        client = client_for(staffed.head)

        assert getattr(client, method)(url(name, staffed)).status_code == 405

    def test_unknown_opd_is_not_found(self, client_for, staffed):
        response = client_for(staffed.head).get(reverse("roster:week", args=[999999, ISO]))

        assert response.status_code == 404

    def test_index_lists_own_opds_only(self, client_for, staffed):
        body = client_for(staffed.head).get(reverse("roster:index")).content.decode()

        assert staffed.opd.name in body
        assert staffed.other_opd.name not in body

    @pytest.mark.parametrize("who", ["employee_user", "inspector"])
    def test_index_is_forbidden_without_a_roster_role(self, client_for, staffed, who):
        response = client_for(getattr(staffed, who)).get(reverse("roster:index"))

        assert response.status_code == 403


class TestOversight:
    @pytest.fixture
    def submitted(self, staffed):
        a = staffed.staff[0]
        save_week(opd=staffed.opd, week_start=WEEK, cells={(a.pk, MON): "WFA"}, actor=staffed.head)
        return submit_week(opd=staffed.opd, week_start=WEEK, actor=staffed.head).roster

    def test_admin_lists_the_agencys_submitted_weeks(self, client_for, submitted, staffed):
        body = client_for(staffed.admin).get(reverse("roster:oversight")).content.decode()

        assert staffed.opd.name in body
        assert ISO in body
        assert reverse("roster:oversight_detail", args=[submitted.pk]) in body

    def test_other_agencys_admin_sees_none_of_it(self, client_for, submitted, staffed):
        client = client_for(staffed.other_admin)
        body = client.get(reverse("roster:oversight")).content.decode()

        assert staffed.opd.name not in body
        detail = reverse("roster:oversight_detail", args=[submitted.pk])
        assert client.get(detail).status_code == 404
        accept = reverse("roster:oversight_accept", args=[submitted.pk])
        assert client.post(accept).status_code == 404
        submitted.refresh_from_db()
        assert submitted.status == Roster.Status.SUBMITTED

    @pytest.mark.parametrize("who", ["head", "employee_user", "inspector"])
    def test_list_is_forbidden_to_other_roles(self, client_for, staffed, who):
        response = client_for(getattr(staffed, who)).get(reverse("roster:oversight"))

        assert response.status_code == 403

    @pytest.mark.parametrize("who", ["head", "employee_user", "inspector"])
    def test_detail_is_not_found_for_other_roles(self, client_for, submitted, staffed, who):
        detail = reverse("roster:oversight_detail", args=[submitted.pk])

        assert client_for(getattr(staffed, who)).get(detail).status_code == 404

    def test_admin_reviews_the_week_read_only(self, client_for, submitted, staffed):
        detail = reverse("roster:oversight_detail", args=[submitted.pk])
        body = client_for(staffed.admin).get(detail).content.decode()

        assert "di luar kantor 1 / maks 2" in body
        assert "<select" not in body.split('data-testid="grid"')[1].split("</table>")[0]
        assert 'data-testid="return-form"' in body

    def test_return_with_a_comment_reopens_the_week(self, client_for, submitted, staffed):
        ret = reverse("roster:oversight_return", args=[submitted.pk])
        response = client_for(staffed.admin).post(ret, {"comment": "Bidang TIK kosong."})

        assert response.status_code == 302
        submitted.refresh_from_db()
        assert submitted.status == Roster.Status.DRAFT
        body = client_for(staffed.head).get(url("week", staffed)).content.decode()
        assert "Bidang TIK kosong." in body
        assert f'name="{cell_name(staffed.staff[0].pk, MON)}"' in body

    def test_return_without_a_comment_is_refused(self, client_for, submitted, staffed):
        ret = reverse("roster:oversight_return", args=[submitted.pk])
        response = client_for(staffed.admin).post(ret, {"comment": ""})

        assert response.status_code == 400
        submitted.refresh_from_db()
        assert submitted.status == Roster.Status.SUBMITTED

    def test_accept_makes_the_week_final(self, client_for, submitted, staffed):
        accept = reverse("roster:oversight_accept", args=[submitted.pk])
        response = client_for(staffed.admin).post(accept, follow=True)

        assert "diterima" in response.content.decode()
        submitted.refresh_from_db()
        assert submitted.status == Roster.Status.ACCEPTED
        assert submitted.decided_by == staffed.admin

    def test_decisions_need_post(self, client_for, submitted, staffed):
        client = client_for(staffed.admin)
        for name in ("oversight_accept", "oversight_return"):
            assert client.get(reverse(f"roster:{name}", args=[submitted.pk])).status_code == 405


class TestAdminSite:
    def test_superuser_reads_rosters_and_history(self, client_for, staffed):
        from organizations.tests.factories import UserFactory

        root = UserFactory(username="root", is_staff=True, is_superuser=True)
        client = client_for(root)

        assert client.get(reverse("admin:schedules_roster_changelist")).status_code == 200
        assert client.get(reverse("admin:schedules_assignmentchange_changelist")).status_code == 200
        assert client.get(reverse("admin:schedules_roster_add")).status_code == 403

    def test_bkpsdm_admin_decides_in_the_oversight_pages_not_the_admin(self, client_for, staffed):
        response = client_for(staffed.admin).get(reverse("admin:schedules_roster_changelist"))

        assert response.status_code == 403
