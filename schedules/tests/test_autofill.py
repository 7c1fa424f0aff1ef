"""Isi otomatis: the planner's proposal for a week, previewed in the grid, never saved by itself."""

import re
from datetime import date, timedelta

import pytest
from django.urls import reverse

from organizations.models import Role, RoleTag
from organizations.tests.factories import UnitFactory
from policy.values import AWAY_MODES, Mode
from schedules.models import Assignment, DayCounter, Roster
from schedules.roster.autofill import away_days_elsewhere, propose_week
from schedules.roster.forms import cell_name, target_name
from schedules.roster.selectors import away_counts, week_policies
from schedules.roster.services import save_week, submit_week

from .support import FRI, MON, OPEN_DAYS, THU, TUE, WED, WEEK, add_staff, publish_circular

pytestmark = pytest.mark.django_db

ISO = "2025-W13"
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def staffed(world):
    """world.opd: the colleague and two more at the OPD, world.employee alone in the
    sub-unit (so never away: the last of their sub-unit); 50% of 4: two a day."""
    publish_circular(world.agency, number="800/1/SE/2025")
    world.extra = add_staff(world.opd, 2, prefix="Tambahan")
    world.staff = [world.colleague, world.employee, *world.extra]
    return world


def url(name, world, week=ISO):
    return reverse(f"roster:{name}", args=[world.opd.pk, week])


def posted(*triples):
    return {cell_name(emp.pk, day): mode for emp, day, mode in triples}


def stored(opd):
    return set(
        Assignment.objects.filter(roster__unit=opd).values_list("employee_id", "day", "mode")
    )


def away_by_day(proposal):
    return away_counts(proposal.check.proposed, list(proposal.check.policies))


def form_values(body: str) -> dict[str, str]:
    """What the browser posts without JavaScript: every select with its selected option."""
    selects = re.findall(r'<select name="(c-[^"]+)"[^>]*>(.*?)</select>', body, re.S)
    values = {}
    for name, options in selects:
        chosen = re.search(r'<option value="([^"]+)" selected>', options)
        values[name] = chosen.group(1) if chosen else "WFO"
    return values


class TestProposal:
    def test_fills_each_open_day_up_to_the_daily_limit(self, staffed):
        proposal = propose_week(opd=staffed.opd, week_start=WEEK)

        assert {day: n for day, n in away_by_day(proposal).items() if n} == dict.fromkeys(
            OPEN_DAYS, 2
        )
        assert len(proposal.proposed) == 8
        assert all(day in OPEN_DAYS for _emp, day in proposal.proposed)

    def test_never_breaks_a_rule(self, staffed):
        proposal = propose_week(opd=staffed.opd, week_start=WEEK)

        assert proposal.check.errors == []
        # The last of a sub-unit stays at the office.
        assert not any(emp == staffed.employee.pk for emp, _day in proposal.proposed)

    def test_rotates_fairly(self, staffed):
        proposal = propose_week(opd=staffed.opd, week_start=WEEK)
        per_person = [
            sum(1 for emp, _day in proposal.proposed if emp == e.pk)
            for e in (staffed.colleague, *staffed.extra)
        ]

        assert sorted(per_person) == [2, 3, 3]

    def test_keeps_saved_and_edited_cells_as_fixed(self, staffed):
        a, b, *_ = staffed.staff
        c = staffed.extra[1]
        save_week(
            opd=staffed.opd,
            week_start=WEEK,
            cells={(a.pk, MON): Mode.WFA, (a.pk, WED): Mode.WFA},
            actor=staffed.head,
        )
        # In the form: a back to the office on Wednesday, c on leave on Tuesday.
        edits = {(a.pk, WED): Mode.WFO, (c.pk, TUE): Mode.LEAVE}
        proposal = propose_week(opd=staffed.opd, week_start=WEEK, cells=edits)
        cells = proposal.check.proposed

        assert cells[(a.pk, MON)] == Mode.WFA
        assert (a.pk, WED) not in cells  # the head's office day is not filled again
        assert cells[(c.pk, TUE)] == Mode.LEAVE
        assert not {(a.pk, MON), (a.pk, WED), (c.pk, TUE)} & proposal.proposed
        assert proposal.check.errors == []

    def test_fixed_cells_breaking_a_rule_are_kept_and_reported(self, staffed):
        a, _b, c, d = staffed.staff
        edits = {(a.pk, MON): Mode.WFA, (c.pk, MON): Mode.WFA, (d.pk, MON): Mode.WFA}
        proposal = propose_week(opd=staffed.opd, week_start=WEEK, cells=edits)

        assert away_by_day(proposal)[MON] == 3
        assert not any(day == MON for _emp, day in proposal.proposed)
        assert [v.code for v in proposal.check.errors] == ["CAP_EXCEEDED"]

    def test_a_lower_target_leaves_room(self, staffed):
        proposal = propose_week(opd=staffed.opd, week_start=WEEK, targets={MON: 1, TUE: 0})
        counts = away_by_day(proposal)

        assert (counts[MON], counts[TUE], counts[WED]) == (1, 0, 2)

    def test_exempt_roles_are_never_proposed(self, world):
        publish_circular(world.agency, exempt_roles=[RoleTag.TREASURER])
        (treasurer,) = add_staff(world.opd, 1, prefix="Bendahara", role_tags=[RoleTag.TREASURER])
        add_staff(world.opd, 3)
        proposal = propose_week(opd=world.opd, week_start=WEEK)

        assert proposal.proposed
        assert not any(emp == treasurer.pk for emp, _day in proposal.proposed)
        assert proposal.check.errors == []

    def test_proposes_nothing_without_a_circular(self, world):
        add_staff(world.opd, 4)
        proposal = propose_week(opd=world.opd, week_start=WEEK)

        assert proposal.proposed == frozenset()

    def test_writes_nothing(self, staffed):
        a = staffed.staff[0]
        save_week(opd=staffed.opd, week_start=WEEK, cells={(a.pk, MON): "WFA"}, actor=staffed.head)
        before = (stored(staffed.opd), list(DayCounter.objects.values_list("day", "away")))
        propose_week(opd=staffed.opd, week_start=WEEK)

        assert (stored(staffed.opd), list(DayCounter.objects.values_list("day", "away"))) == before


class TestAwayDaysElsewhere:
    def test_counts_days_away_in_the_window_outside_the_week(self, world):
        publish_circular(world.agency, start=date(2025, 3, 17), end=THU)
        a, b = world.colleague, world.employee
        last = Roster.objects.create(unit=world.opd, week_start=WEEK - timedelta(days=7))
        for emp, day, mode in [
            (a, date(2025, 3, 17), "WFA"),
            (a, date(2025, 3, 18), "WFH"),
            (a, date(2025, 3, 19), "CUTI"),  # leave is not a day away
            (b, date(2025, 3, 20), "WFA"),
        ]:
            Assignment.objects.create(roster=last, employee=emp, day=day, mode=mode)
        earlier = Roster.objects.create(unit=world.opd, week_start=WEEK - timedelta(days=14))
        Assignment.objects.create(roster=earlier, employee=a, day=date(2025, 3, 14), mode="WFA")
        this = Roster.objects.create(unit=world.opd, week_start=WEEK)
        Assignment.objects.create(roster=this, employee=b, day=MON, mode="WFA")  # this week
        other = Roster.objects.create(unit=world.other_opd, week_start=WEEK - timedelta(days=7))
        Assignment.objects.create(
            roster=other, employee=world.other_employee, day=date(2025, 3, 17), mode="WFA"
        )

        found = away_days_elsewhere(world.opd, WEEK, week_policies(world.opd, WEEK))

        assert found == {a.pk: 2, b.pk: 1}

    def test_no_circular_no_query(self, world, django_assert_num_queries):
        policies = week_policies(world.opd, WEEK)
        with django_assert_num_queries(0):
            assert away_days_elsewhere(world.opd, WEEK, policies) == {}

    def test_days_away_elsewhere_go_to_those_with_fewer(self, world):
        publish_circular(world.agency, start=date(2025, 3, 17), end=THU)
        a, b = add_staff(world.opd, 2)
        last = Roster.objects.create(unit=world.opd, week_start=WEEK - timedelta(days=7))
        for day in (date(2025, 3, 17), date(2025, 3, 18), date(2025, 3, 19)):
            Assignment.objects.create(roster=last, employee=a, day=day, mode="WFA")
        # Three staff at the OPD (colleague, a, b): one may be away a day.
        proposal = propose_week(opd=world.opd, week_start=WEEK)
        days_of_a = sum(1 for emp, _day in proposal.proposed if emp == a.pk)

        assert days_of_a < sum(1 for emp, _day in proposal.proposed if emp == b.pk)


class TestView:
    def test_htmx_gets_the_grid_with_proposed_cells(self, client_for, staffed):
        response = client_for(staffed.head).post(url("autofill", staffed), {}, **HTMX)
        body = response.content.decode()

        assert response.status_code == 200
        assert body.lstrip().startswith('<div id="roster"')
        assert "<html" not in body
        assert len(re.findall(r'<td class="cell [^"]*cell-proposed"', body)) == 8
        assert body.count("di luar kantor 2 / maks 2") == 4
        assert 'data-testid="proposal-legend"' in body
        assert "8 sel bertanda ini diisi otomatis dan belum disimpan" in body
        assert 'data-testid="no-violations"' in body
        assert not Assignment.objects.exists()
        assert not Roster.objects.exists()

    def test_without_htmx_the_full_page_has_the_proposal_in_the_form(self, client_for, staffed):
        response = client_for(staffed.head).post(url("autofill", staffed), {})
        body = response.content.decode()

        assert response.status_code == 200
        assert "<html" in body
        values = form_values(body)
        away = {name for name, mode in values.items() if mode in AWAY_MODES}
        assert len(away) == 8
        # Each proposed select knows it is not saved, so roster.js posts it.
        for name in away:
            assert f'name="{name}" data-stored="WFO"' in body
        assert body.count('data-stored="WFO"') == 8

    def test_keeps_the_cells_edited_in_the_form(self, client_for, staffed):
        a = staffed.colleague
        body = (
            client_for(staffed.head)
            .post(url("autofill", staffed), posted((a, MON, "CUTI")), **HTMX)
            .content.decode()
        )

        assert form_values(body)[cell_name(a.pk, MON)] == "CUTI"
        assert (
            f'<td class="cell dcol d0 m-CUTI" id="cell-{a.pk}-2025-03-24"' in body
        )  # not proposed

    def test_preview_saves_nothing(self, client_for, staffed):
        a = staffed.colleague
        save_week(opd=staffed.opd, week_start=WEEK, cells={(a.pk, MON): "WFA"}, actor=staffed.head)
        count = Assignment.objects.count()
        client_for(staffed.head).post(url("autofill", staffed), {}, **HTMX)
        client_for(staffed.head).post(url("autofill", staffed), {})

        assert Assignment.objects.count() == count
        assert stored(staffed.opd) == {(a.pk, MON, "WFA")}

    def test_saving_the_proposal_persists_it(self, client_for, staffed):
        client = client_for(staffed.head)
        body = client.post(url("autofill", staffed), {}).content.decode()
        values = form_values(body)
        response = client.post(url("save", staffed), values)

        assert response.status_code == 302
        expected = {
            (int(name.split("-")[1]), date.fromisoformat(_iso(name)), mode)
            for name, mode in values.items()
            if mode != "WFO"
        }
        assert len(expected) == 8
        assert stored(staffed.opd) == expected
        page = client.get(response["Location"]).content.decode()
        assert "Jadwal disimpan (8 perubahan)." in page
        assert page.count("di luar kantor 2 / maks 2") == 4
        assert "cell-proposed" not in page

    def test_lower_target_from_the_form(self, client_for, staffed):
        body = (
            client_for(staffed.head)
            .post(url("autofill", staffed), {target_name(MON): "1"}, **HTMX)
            .content.decode()
        )

        assert "di luar kantor 1 / maks 2" in body
        assert f'name="{target_name(MON)}" min="0" max="2" value="1"' in body

    def test_bad_target_is_refused_without_a_proposal(self, client_for, staffed):
        client = client_for(staffed.head)
        response = client.post(url("autofill", staffed), {target_name(MON): "-1"}, follow=True)
        body = response.content.decode()

        assert "Target harian harus bilangan bulat 0 atau lebih." in body
        assert "cell-proposed" not in body

    def test_nothing_to_fill_says_so(self, client_for, world):
        add_staff(world.opd, 3)
        body = client_for(world.head).post(url("autofill", world), {}, **HTMX).content.decode()

        assert "Tidak ada sel yang dapat diisi otomatis" in body

    def test_submitted_week_is_not_filled(self, client_for, staffed):
        submit_week(opd=staffed.opd, week_start=WEEK, actor=staffed.head)
        response = client_for(staffed.head).post(url("autofill", staffed), {})

        assert response.status_code == 302
        assert response["Location"] == url("week", staffed)
        assert not Assignment.objects.exists()

    def test_grid_offers_the_button_and_targets(self, client_for, staffed):
        body = client_for(staffed.head).get(url("week", staffed)).content.decode()

        assert 'data-testid="autofill"' in body
        assert f'formaction="{url("autofill", staffed)}"' in body
        assert f'hx-post="{url("autofill", staffed)}"' in body
        assert body.count('class="form-control form-control-sm mt-1 mx-auto target-input"') == 4
        assert f'name="{target_name(FRI)}"' not in body

    def test_speaks_english_when_chosen(self, client_for, staffed):
        client = client_for(staffed.head)
        client.post(reverse("set_language"), {"language": "en", "next": "/"})
        body = client.post(url("autofill", staffed), {}).content.decode()

        assert "Fill automatically" in body
        assert "8 cells marked like this were filled automatically" in body


def _iso(name: str) -> str:
    raw = name.split("-")[2]
    return f"{raw[:4]}-{raw[4:6]}-{raw[6:]}"


class TestScope:
    @pytest.mark.parametrize(
        "who",
        ["other_head", "foreign_head", "admin", "other_admin", "employee_user", "inspector"],
    )
    def test_outsiders_get_not_found(self, client_for, staffed, who):
        response = client_for(getattr(staffed, who)).post(url("autofill", staffed), {}, **HTMX)

        assert response.status_code == 404

    def test_operator_may_use_it(self, client_for, staffed):
        response = client_for(staffed.operator).post(url("autofill", staffed), {}, **HTMX)

        assert response.status_code == 200
        body = response.content.decode()
        assert len(re.findall(r'<td class="cell [^"]*cell-proposed"', body)) == 8
        assert "8 sel bertanda ini diisi otomatis dan belum disimpan" in body
        assert not Assignment.objects.exists()  # a proposal, never saved by itself

    def test_anonymous_is_sent_to_login(self, client_for, staffed):
        response = client_for(None).post(url("autofill", staffed), {})

        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))

    def test_get_is_refused(self, client_for, staffed):
        assert client_for(staffed.head).get(url("autofill", staffed)).status_code == 405

    def test_posted_cells_of_another_opd_are_ignored(self, client_for, staffed):
        body = (
            client_for(staffed.head)
            .post(url("autofill", staffed), posted((staffed.other_employee, MON, "CUTI")), **HTMX)
            .content.decode()
        )

        assert cell_name(staffed.other_employee.pk, MON) not in body
        assert not Assignment.objects.exists()


def test_query_count_does_not_grow_with_staff(client_for, world, count_queries):
    publish_circular(world.agency)
    small, large = UnitFactory(agency=world.agency), UnitFactory(agency=world.agency)
    add_staff(small, 5)
    big = add_staff(large, 200)
    save_week(
        opd=large, week_start=WEEK, cells={(e.pk, TUE): "WFA" for e in big[:50]}, actor=world.head
    )
    for unit in (small, large):
        Role.objects.create(user=world.head, kind="opd_head", unit=unit)
    client = client_for(world.head)

    def fill(unit):
        response = client.post(
            reverse("roster:autofill", args=[unit.pk, ISO]),
            {cell_name(big[0].pk, MON): "CUTI"} if unit == large else {},
            **HTMX,
        )
        assert response.status_code == 200
        return response

    fill(small)  # warm-up: first-request caches must not skew the count
    n_small, _ = count_queries(fill, small)
    n_large, response = count_queries(fill, large)

    print("autofill queries", n_small, n_large)
    assert n_small == n_large
    assert n_large <= 30, n_large
    assert response.content.decode().count("di luar kantor 100 / maks 100") == 4
