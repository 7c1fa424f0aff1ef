"""The compact grid: what each cell offers (from the policy), violations marked where they
are, and a large OPD paged by sub-unit with the counters of the whole OPD."""

import json
import re

import pytest
from django.urls import reverse

from organizations.tests.factories import UnitFactory
from schedules.models import Assignment, Revocation, Roster
from schedules.roster.forms import cell_name
from schedules.roster.services import save_week

from .support import MON, TUE, WEEK, add_staff, publish_circular

pytestmark = pytest.mark.django_db

ISO = "2025-W13"
HTMX = {"HTTP_HX_REQUEST": "true"}


def url(name, opd, week=ISO):
    return reverse(f"roster:{name}", args=[opd.pk, week])


def cell_td(body: str, emp, day) -> str:
    """The <td> of one cell, up to its closing tag."""
    found = re.search(rf'<td [^>]*id="cell-{emp.pk}-{day.isoformat()}".*?</td>', body, re.S)
    assert found, f"no cell for {emp.pk} on {day}"
    return found.group(0)


def options(td: str) -> list[str]:
    return re.findall(r'<option value="([A-Z]+)"', td)


@pytest.fixture
def staffed(world):
    world.circular = publish_circular(world.agency, number="800/7/SE/2025", arrangement="WFA")
    world.extra = add_staff(world.opd, 2, prefix="Tambahan")
    world.staff = [world.colleague, world.employee, *world.extra]
    return world


class TestWhatACellOffers:
    def test_a_wfa_only_circular_cycles_office_and_wfa_and_offers_leave_and_travel(
        self, client_for, staffed
    ):
        body = client_for(staffed.head).get(url("week", staffed.opd)).content.decode()
        td = cell_td(body, staffed.colleague, MON)

        assert 'data-modes="WFO WFA"' in td
        assert 'data-extra="CUTI DL"' in td
        assert options(td) == ["WFO", "WFA", "CUTI", "DL"]  # no WFH: the circular says WFA
        assert '<span class="cell-label">WFO</span>' in td

    def test_a_wfh_circular_offers_wfh_and_not_wfa(self, client_for, world):
        publish_circular(world.agency, arrangement="WFH")
        body = client_for(world.head).get(url("week", world.opd)).content.decode()
        td = cell_td(body, world.colleague, MON)

        assert 'data-modes="WFO WFH"' in td
        assert options(td) == ["WFO", "WFH", "CUTI", "DL"]

    def test_an_employee_whose_permission_was_revoked_may_only_be_at_the_office(
        self, client_for, staffed
    ):
        Revocation.objects.create(
            employee=staffed.colleague, circular=staffed.circular, reason="Pelanggaran disiplin"
        )
        body = client_for(staffed.head).get(url("week", staffed.opd)).content.decode()

        revoked = cell_td(body, staffed.colleague, MON)
        assert 'data-modes="WFO"' in revoked
        assert options(revoked) == ["WFO", "CUTI", "DL"]
        assert 'data-modes="WFO WFA"' in cell_td(body, staffed.extra[0], MON)

    def test_a_stored_mode_no_longer_allowed_is_shown_marked_and_explained(
        self, client_for, staffed
    ):
        roster = Roster.objects.create(unit=staffed.opd, week_start=WEEK)
        Assignment.objects.create(roster=roster, employee=staffed.colleague, day=MON, mode="WFH")
        body = client_for(staffed.head).get(url("week", staffed.opd)).content.decode()
        td = cell_td(body, staffed.colleague, MON)

        assert options(td) == ["WFO", "WFA", "CUTI", "DL", "WFH"]  # kept, to be changed
        assert "flagged" in td and "is-invalid" in td
        assert "hanya mengatur WFA" in td  # the message on hover and for screen readers
        link = f'href="#cell-{staffed.colleague.pk}-2025-03-24"'
        assert link in body  # the list jumps to the cell

    def test_closed_days_offer_nothing_and_say_why(self, client_for, staffed):
        body = client_for(staffed.head).get(url("week", staffed.opd)).content.decode()

        assert f'name="{cell_name(staffed.colleague.pk, MON.replace(day=29))}"' not in body
        assert 'class="closed-why" title="Minggu"' in body
        assert "Cuti Bersama Hari Suci Nyepi" in body


class TestMarking:
    def test_over_the_cap_marks_the_day_header_and_links_to_it(self, client_for, staffed):
        a, b, c, _d = staffed.staff
        posted = {cell_name(e.pk, MON): "WFA" for e in (a, b, c)}
        body = (
            client_for(staffed.head)
            .post(url("validate", staffed.opd), posted, **HTMX)
            .content.decode()
        )

        assert 'id="daystate-2025-03-24"' in body and 'hx-swap-oob="true"' in body
        assert 'data-testid="day-flag-2025-03-24"' in body
        assert 'href="#day-2025-03-24"' in body
        assert "melebihi batas 2 pegawai" in body
        assert 'data-testid="day-flag-2025-03-25"' not in body
        flags = json.loads(re.search(r'id="cell-flags"[^>]*>(.*?)</script>', body, re.S).group(1))
        assert sorted(flags["cells"]) == sorted(f"{e.pk}-2025-03-24" for e in (a, b, c))
        assert "melebihi batas 2 pegawai" in flags["cells"][f"{c.pk}-2025-03-24"][0]

    def test_a_stored_week_over_the_cap_marks_only_the_day(self, client_for, staffed):
        roster = Roster.objects.create(unit=staffed.opd, week_start=WEEK)
        for emp in staffed.staff[:3]:
            Assignment.objects.create(roster=roster, employee=emp, day=MON, mode="WFA")
        body = client_for(staffed.head).get(url("week", staffed.opd)).content.decode()

        assert 'data-testid="day-flag-2025-03-24"' in body
        assert "flagged" not in cell_td(body, staffed.staff[0], MON)

    def test_validation_names_each_flagged_cell_with_its_message(self, client_for, staffed):
        a = staffed.colleague
        body = (
            client_for(staffed.head)
            .post(url("validate", staffed.opd), {cell_name(a.pk, TUE): "WFH"}, **HTMX)
            .content.decode()
        )
        flags = json.loads(re.search(r'id="cell-flags"[^>]*>(.*?)</script>', body, re.S).group(1))

        assert list(flags["cells"]) == [f"{a.pk}-2025-03-25"]
        assert "hanya mengatur WFA" in flags["cells"][f"{a.pk}-2025-03-25"][0]
        assert flags["days"] == {}

    def test_english_speaking_head_reads_the_toolbar_in_english(self, client_for, staffed):
        client = client_for(staffed.head)
        client.post(reverse("set_language"), {"language": "en", "next": "/"})
        body = client.get(url("week", staffed.opd)).content.decode()

        assert "Fill the selected cells:" in body
        assert "Choose a day" in body
        assert '<option value="CUTI">Leave</option>' in body


@pytest.fixture
def large(world):
    """An OPD with a sub-unit too large for one page, and a small one."""
    publish_circular(world.agency, number="800/8/SE/2025")
    opd = UnitFactory(agency=world.agency, name="Dinas Besar")
    big = UnitFactory(agency=world.agency, parent=opd, name="Bidang Besar")
    small = UnitFactory(agency=world.agency, parent=opd, name="Bidang Kecil")
    world.large = opd
    world.own = add_staff(opd, 30, prefix="Inti")
    world.big = add_staff(big, 150, prefix="Besar")
    world.small = add_staff(small, 20, prefix="Kecil")
    from organizations.models import Role

    Role.objects.create(user=world.head, kind="opd_head", unit=opd)
    return world


class TestPaging:
    def test_a_large_opd_is_paged_by_sub_unit_with_counters_for_the_whole_opd(
        self, client_for, large
    ):
        save_week(
            opd=large.large,
            week_start=WEEK,
            cells={(e.pk, MON): "WFA" for e in large.small[:10]},
            actor=large.head,
        )
        client = client_for(large.head)
        first = client.get(url("week", large.large)).content.decode()
        last = client.get(url("week", large.large) + "?hal=3").content.decode()

        assert 'data-testid="grid-pages"' in first
        assert "200 pegawai, ditampilkan per bagian." in first
        # Whole sub-units while they fit, a larger one split.
        assert ">Dinas Besar (30)<" in first
        assert ">Bidang Besar (100)<" in first
        assert ">Bidang Besar – Bidang Kecil (70)<" in first
        assert large.own[0].name in first and large.small[0].name not in first
        assert large.small[0].name in last and large.own[0].name not in last
        # The counters count the whole OPD on every page.
        assert "di luar kantor 10 / maks 100" in first
        assert "di luar kantor 10 / maks 100" in last

    def test_a_violation_on_another_page_links_to_that_page(self, client_for, large):
        roster = Roster.objects.create(unit=large.large, week_start=WEEK)
        Assignment.objects.create(roster=roster, employee=large.small[0], day=MON, mode="DL")
        Assignment.objects.create(roster=roster, employee=large.small[1], day=MON, mode="WFH")
        body = client_for(large.head).get(url("week", large.large)).content.decode()

        assert f'/2025-W13/?hal=3#cell-{large.small[1].pk}-2025-03-24"' in body

    def test_saving_a_page_comes_back_to_it(self, client_for, large):
        emp = large.small[0]
        response = client_for(large.head).post(
            url("save", large.large), {"hal": "3", cell_name(emp.pk, MON): "WFA"}
        )

        assert response.status_code == 302
        assert response["Location"] == url("week", large.large) + "?hal=3"
        assert Assignment.objects.filter(employee=emp, day=MON, mode="WFA").exists()

    def test_a_page_past_the_end_shows_the_last(self, client_for, large):
        body = client_for(large.head).get(url("week", large.large) + "?hal=99").content.decode()

        assert large.small[0].name in body

    def test_query_count_does_not_grow_with_staff_on_any_page(
        self, client_for, large, count_queries
    ):
        client = client_for(large.head)
        smaller = UnitFactory(agency=large.agency, name="Dinas Sedang")
        add_staff(smaller, 40)
        from organizations.models import Role

        Role.objects.create(user=large.head, kind="opd_head", unit=smaller)

        def page(unit, suffix=""):
            response = client.get(url("week", unit) + suffix)
            assert response.status_code == 200
            return response

        client.get(url("week", smaller))  # warm the session
        n_small, _ = count_queries(page, smaller)
        n_first, _ = count_queries(page, large.large)
        n_last, _ = count_queries(page, large.large, "?hal=3")
        posted = {cell_name(large.small[0].pk, MON): "WFA"}
        n_check, _ = count_queries(
            lambda: client.post(url("validate", large.large), posted, **HTMX)
        )
        n_check_small, _ = count_queries(lambda: client.post(url("validate", smaller), {}, **HTMX))

        assert n_small == n_first == n_last
        assert n_check == n_check_small


class TestAccessToPages:
    @pytest.mark.parametrize("who", ["head", "operator"])
    def test_the_opds_head_and_operator_open_any_page(self, client_for, large, who):
        from organizations.models import Role

        Role.objects.create(user=large.operator, kind="operator", unit=large.large)
        body = client_for(getattr(large, who)).get(url("week", large.large) + "?hal=2")

        assert body.status_code == 200
        assert large.big[0].name in body.content.decode()

    @pytest.mark.parametrize("who", ["other_head", "other_admin", "employee_user", "inspector"])
    def test_others_get_not_found_on_every_page(self, client_for, large, who):
        client = client_for(getattr(large, who))

        assert client.get(url("week", large.large) + "?hal=2").status_code == 404
        posted = {"hal": "3", cell_name(large.small[0].pk, MON): "WFA"}
        assert client.post(url("save", large.large), posted).status_code == 404
        assert not Assignment.objects.exists()

    def test_anonymous_is_sent_to_login(self, client_for, large):
        response = client_for(None).get(url("week", large.large) + "?hal=2")

        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
