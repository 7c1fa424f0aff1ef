import pytest
from django.urls import reverse

from monitoring.dashboard import AwayRequest, Filters, Revocation, build_dashboard
from notifications.models import Notification
from organizations.models import ServiceCategory
from organizations.tests.factories import AgencyFactory, UnitFactory
from schedules.tests.support import FRI

from .support import (
    HTMX,
    ISO,
    MON,
    OPEN_DAYS,
    THU,
    TUE,
    WED,
    add_staff,
    away,
    expected_figures,
    publish_circular,
    set_status,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def board_world(world):
    """Diskominfo with 6 staff (limit 3), Bappeda with 4 (limit 2), a 50% WFA 24-27 March."""
    world.circular = publish_circular(world.agency, number="800/7/SE/2025")
    world.more = add_staff(world.opd, 2, prefix="Tambahan") + add_staff(world.sub_unit, 2)
    world.bappeda_more = add_staff(world.other_opd, 3, prefix="Staf")
    return world


def url(world, **query):
    base = reverse("monitoring:dashboard", args=[world.agency.pk, world.circular.pk])
    if query:
        from urllib.parse import urlencode

        base += "?" + urlencode(query)
    return base


def row_of(board, opd):
    return next(r for r in board.all_rows if r.opd.pk == opd.pk)


class TestFigures:
    def test_figures_equal_those_computed_from_the_rows(self, board_world):
        w = board_world
        a, b, c = w.colleague, w.employee, w.more[0]
        away(w.opd, w.head, [(a, MON), (b, MON), (c, MON), (a, TUE), (c, WED)])
        away(w.other_opd, w.other_head, [(w.other_employee, MON), (w.bappeda_more[0], THU)])
        # Two of Diskominfo's staff leave after the week was saved: Monday is now over the cap.
        for e in w.more[2:]:
            e.active = False
            e.save()

        board = build_dashboard(w.agency, w.circular)

        assert board.days == list(OPEN_DAYS)  # Friday 28 March is cuti bersama Nyepi
        expected = expected_figures(w.agency, board.days)
        for opd_id, figures in expected.items():
            row = next(r for r in board.all_rows if r.opd.pk == opd_id)
            assert row.headcount == figures["headcount"]
            assert [d.away for d in row.days] == [figures["away"][d] for d in board.days]
            assert {d.limit for d in row.days} == {figures["limit"]}
            assert row.violations == figures["violations"]
        assert row_of(board, w.opd).violations == 1  # 3 away on Monday, limit now 2
        assert board.totals.headcount == sum(f["headcount"] for f in expected.values())
        assert board.totals.away == [
            sum(f["away"][d] for f in expected.values()) for d in board.days
        ]
        assert board.totals.violations == sum(f["violations"] for f in expected.values())

    def test_an_exempt_opd_has_no_days_away_and_owes_no_roster(self, world):
        world.other_opd.category = ServiceCategory.HEALTH
        world.other_opd.save()
        world.circular = publish_circular(world.agency, exempt_categories=["health"])

        board = build_dashboard(world.agency, world.circular)

        row = row_of(board, world.other_opd)
        assert row.exempt_reason and row.cap_percent == 0
        assert all(d.limit == 0 for d in row.days)
        assert not row.outstanding
        assert [r.opd for r in board.outstanding_rows] == [world.opd]

    def test_each_week_status_is_shown(self, world, client_for):
        world.circular = publish_circular(world.agency)
        opds = {
            s: UnitFactory(agency=world.agency, code=f"opd-{s}")
            for s in ["not_started", "draft", "submitted", "returned", "accepted"]
        }
        for status, opd in opds.items():
            set_status(opd, status, world)

        board = build_dashboard(world.agency, world.circular)

        for status, opd in opds.items():
            assert [w.status for w in row_of(board, opd).weeks] == [status]
        outstanding = {r.opd.pk for r in board.outstanding_rows}
        assert outstanding >= {opds["not_started"].pk, opds["draft"].pk, opds["returned"].pk}
        assert not outstanding & {opds["submitted"].pk, opds["accepted"].pk}
        body = client_for(world.admin).get(url(world)).content.decode()
        for label in ["Belum dimulai", "Draf", "Diajukan", "Dikembalikan", "Diterima"]:
            assert label in body

    def test_the_window_of_a_circular_without_windows_is_empty(self, world):
        from circulars.tests.circular_builders import make_published

        circular = make_published(world.agency, windows=[(FRI, FRI)])
        board = build_dashboard(world.agency, circular)
        assert board.days == [] and board.weeks == []


class TestFilters:
    def test_problems_only_hides_opds_without_problems(self, board_world):
        w = board_world
        set_status(w.other_opd, "submitted", w)
        board = build_dashboard(w.agency, w.circular, Filters(problems_only=True))
        assert [r.opd for r in board.rows] == [w.opd]  # not started
        assert board.totals.opds == 2  # totals stay the agency's

    def test_category_and_status_filters(self, board_world):
        w = board_world
        w.other_opd.category = ServiceCategory.EDUCATION
        w.other_opd.save()
        set_status(w.opd, "draft", w)
        by_category = build_dashboard(w.agency, w.circular, Filters(category="education"))
        by_status = build_dashboard(w.agency, w.circular, Filters(status="draft"))
        assert [r.opd for r in by_category.rows] == [w.other_opd]
        assert [r.opd for r in by_status.rows] == [w.opd]

    def test_htmx_gets_the_table_only_and_the_page_gets_everything(self, board_world, client_for):
        client = client_for(board_world.admin)
        partial = client.get(url(board_world, problems="on"), **HTMX).content.decode()
        full = client.get(url(board_world, problems="on")).content.decode()
        assert 'id="dashboard-table"' in partial and "<html" not in partial
        assert "<html" in full and "chart.umd.min.js" in full and 'id="chart-data"' in full

    def test_bad_filter_values_show_everything(self, board_world, client_for):
        response = client_for(board_world.admin).get(url(board_world, status="nonsense"))
        assert response.status_code == 200
        assert len(response.context["board"].rows) == 2


class TestQueryBudget:
    def test_query_count_does_not_grow_with_opds_or_staff(
        self, board_world, client_for, count_queries
    ):
        w = board_world
        away(w.opd, w.head, [(w.colleague, MON)])
        client = client_for(w.admin)
        client.get(url(w))  # warm caches (sessions, translations)
        small, response = count_queries(client.get, url(w))
        assert response.status_code == 200
        for i in range(8):
            opd = UnitFactory(agency=w.agency, code=f"extra-{i}")
            sub = UnitFactory(agency=w.agency, parent=opd, code=f"extra-sub-{i}")
            staff = add_staff(opd, 5) + add_staff(sub, 5)
            away(opd, w.admin, [(staff[0], MON), (staff[1], TUE)])
            if i % 2:
                set_status(opd, "submitted", w)
        large, response = count_queries(client.get, url(w))
        assert response.status_code == 200
        assert len(response.context["board"].all_rows) == 10
        assert large == small, (small, large)


class TestAccess:
    def test_admin_and_inspector_read_the_dashboard(self, board_world, client_for):
        as_admin = client_for(board_world.admin).get(url(board_world))
        assert as_admin.status_code == 200
        assert board_world.circular.number in as_admin.content.decode()
        assert b"remind-all" in as_admin.content  # the admin may remind
        response = client_for(board_world.inspector).get(url(board_world))
        assert response.status_code == 200
        assert board_world.circular.number in response.content.decode()
        assert b"remind-all" not in response.content  # inspectors read only

    @pytest.mark.parametrize("actor", ["head", "operator", "employee_user", "other_admin"])
    def test_others_get_404(self, board_world, client_for, actor):
        assert client_for(getattr(board_world, actor)).get(url(board_world)).status_code == 404

    def test_anonymous_is_sent_to_login(self, board_world, client_for):
        response = client_for(None).get(url(board_world))
        assert response.status_code == 302 and "/akun/masuk/" in response["Location"]

    def test_post_is_not_allowed(self, board_world, client_for):
        assert client_for(board_world.admin).post(url(board_world)).status_code == 405

    def test_a_circular_of_another_agency_is_404(self, board_world, client_for):
        foreign = publish_circular(board_world.other_agency)
        target = reverse("monitoring:dashboard", args=[board_world.agency.pk, foreign.pk])
        assert client_for(board_world.admin).get(target).status_code == 404

    def test_a_parent_agencys_circular_for_its_subordinates_is_shown(self, world, client_for):
        province = AgencyFactory(code="pemprov", short_name="Pemprov")
        world.agency.parent = province
        world.agency.save()
        circular = publish_circular(province)
        circular.applies_to_subordinates = True
        circular.save()
        target = reverse("monitoring:dashboard", args=[world.agency.pk, circular.pk])
        response = client_for(world.admin).get(target)
        assert response.status_code == 200
        assert circular.number in response.content.decode()
        opds = {row.opd.pk for row in response.context["board"].all_rows}
        assert world.opd.pk in opds and world.foreign_opd.pk not in opds

    def test_index_lists_the_agencys_circulars(self, board_world, client_for):
        body = client_for(board_world.inspector).get(reverse("monitoring:index")).content.decode()
        assert board_world.circular.number in body
        assert client_for(board_world.head).get(reverse("monitoring:index")).status_code == 403

    def test_nav_link_only_for_admins_and_inspectors(self, board_world, client_for):
        assert b"nav-monitoring" in client_for(board_world.inspector).get("/").content
        assert b"nav-monitoring" not in client_for(board_world.head).get("/").content


class TestRemind:
    def remind_url(self, world):
        return reverse("monitoring:remind", args=[world.agency.pk, world.circular.pk])

    def test_reminds_heads_and_operators_of_outstanding_opds_once_a_day(
        self, board_world, client_for
    ):
        w = board_world
        set_status(w.other_opd, "submitted", w)
        client = client_for(w.admin)
        response = client.post(self.remind_url(w), follow=True)
        rows = Notification.objects.filter(kind="reminder_roster_deadline")
        assert {n.recipient for n in rows} == {w.head, w.operator}
        assert "Pengingat dikirim ke 2 penerima di 1 OPD." in response.content.decode()

        again = client.post(self.remind_url(w), follow=True)
        assert rows.count() == 2
        assert "sudah diingatkan hari ini" in again.content.decode()

    def test_reminds_one_opd(self, board_world, client_for):
        w = board_world
        client_for(w.admin).post(self.remind_url(w), {"opd": w.other_opd.pk})
        reminded = Notification.objects.filter(kind="reminder_roster_deadline")
        assert {n.recipient for n in reminded} == {w.other_head}

    def test_an_opd_of_another_agency_is_404(self, board_world, client_for):
        response = client_for(board_world.admin).post(
            self.remind_url(board_world), {"opd": board_world.foreign_opd.pk}
        )
        assert response.status_code == 404
        assert not Notification.objects.filter(kind="reminder_roster_deadline").exists()

    @pytest.mark.parametrize("actor", ["inspector", "head", "other_admin"])
    def test_only_bkpsdm_reminds(self, board_world, client_for, actor):
        response = client_for(getattr(board_world, actor)).post(self.remind_url(board_world))
        assert response.status_code == 404
        assert not Notification.objects.filter(kind="reminder_roster_deadline").exists()

    def test_get_is_not_allowed(self, board_world, client_for):
        assert client_for(board_world.admin).get(self.remind_url(board_world)).status_code == 405


class TestDrillDown:
    def week_url(self, world, unit=None):
        return reverse("monitoring:opd_week", args=[(unit or world.opd).pk, ISO])

    def test_admin_drills_down_to_the_week_and_the_review_page(self, board_world, client_for):
        w = board_world
        away(w.opd, w.head, [(w.colleague, MON)])
        board_body = client_for(w.admin).get(url(w)).content.decode()
        assert self.week_url(w) in board_body
        response = client_for(w.admin).get(self.week_url(w))
        body = response.content.decode()
        assert w.colleague.name in body and "WFA" in body
        roster_id = response.context["roster"].pk
        assert reverse("roster:oversight_detail", args=[roster_id]) in body

    def test_inspector_and_the_opds_head_read_it_without_review_link(self, board_world, client_for):
        w = board_world
        away(w.opd, w.head, [(w.colleague, MON)])
        for actor in (w.inspector, w.head):
            response = client_for(actor).get(self.week_url(w))
            assert response.status_code == 200
            assert response.context["review_url"] == ""

    @pytest.mark.parametrize("actor", ["other_head", "employee_user", "other_admin"])
    def test_others_get_404(self, board_world, client_for, actor):
        assert (
            client_for(getattr(board_world, actor)).get(self.week_url(board_world)).status_code
            == 404
        )

    def test_a_sub_unit_is_not_a_roster(self, board_world, client_for):
        target = self.week_url(board_world, board_world.sub_unit)
        assert client_for(board_world.admin).get(target).status_code == 404


requires_requests = pytest.mark.skipif(
    AwayRequest is None or Revocation is None, reason="requests and revocations not built yet"
)


@requires_requests
class TestRequestsAndRevocations:
    def test_pending_requests_and_active_revocations_are_counted_per_opd(self, board_world):
        from django.utils import timezone

        w = board_world
        other = publish_circular(w.agency, start=FRI, end=FRI)
        AwayRequest.objects.create(employee=w.employee, circular=w.circular, day=MON, mode="WFA")
        AwayRequest.objects.create(employee=w.colleague, circular=w.circular, day=TUE, mode="WFA")
        AwayRequest.objects.create(
            employee=w.colleague, circular=w.circular, day=WED, mode="WFA", status="approved"
        )
        AwayRequest.objects.create(employee=w.other_employee, circular=other, day=FRI, mode="WFA")
        Revocation.objects.create(employee=w.employee, circular=w.circular, reason="Tidak aktif")
        Revocation.objects.create(
            employee=w.colleague,
            circular=w.circular,
            reason="Salah",
            reinstated_at=timezone.now(),
        )

        board = build_dashboard(w.agency, w.circular)

        diskominfo, bappeda = row_of(board, w.opd), row_of(board, w.other_opd)
        assert (diskominfo.pending_requests, diskominfo.revocations) == (2, 1)
        assert (bappeda.pending_requests, bappeda.revocations) == (0, 0)
        assert (board.totals.pending_requests, board.totals.revocations) == (2, 1)

    def test_revocation_report_exports(self, board_world, client_for):
        w = board_world
        Revocation.objects.create(
            employee=w.employee,
            circular=w.circular,
            reason="Tidak dapat dihubungi",
            revoked_by=w.admin,
        )
        Revocation.objects.create(
            employee=w.foreign_employee, circular=w.circular, reason="Lain instansi"
        )
        client = client_for(w.inspector)
        target = reverse("monitoring:revocations_export", args=[w.agency.pk, w.circular.pk, "csv"])
        text = client.get(target).content.decode("utf-8-sig")
        assert "Tidak dapat dihubungi" in text and w.employee.nip in text
        assert "Lain instansi" not in text
        for fmt, start in [("xlsx", b"PK"), ("pdf", b"%PDF")]:
            target = reverse(
                "monitoring:revocations_export", args=[w.agency.pk, w.circular.pk, fmt]
            )
            assert client.get(target).content.startswith(start)
        assert client_for(w.head).get(target).status_code == 404


class TestDrillDownWords:
    """The drill-down per OPD week: the page's language, days off, the over-cap days."""

    def week_url(self, world):
        return reverse("monitoring:opd_week", args=[world.opd.pk, ISO])

    def header_and_row(self, body: str, name: str) -> tuple[list[str], list[str]]:
        import re

        table = body.split('data-testid="opd-week"', 1)[1]
        header = re.findall(r"<th[^>]*>([^<]*)</th>", table.split("</thead>", 1)[0])
        row = table.split(f"<td>{name}</td>", 1)[1].split("</tr>", 1)[0]
        return header, re.findall(r"<td[^>]*>([^<]*)</td>", row)

    def test_day_names_follow_the_language_and_days_off_are_not_wfo(self, board_world, client_for):
        w = board_world
        away(w.opd, w.head, [(w.colleague, MON)])
        client = client_for(w.admin)
        header, cells = self.header_and_row(
            client.get(self.week_url(w)).content.decode(), w.colleague.name
        )
        assert header[3:] == [
            "Sen 24/03",
            "Sel 25/03",
            "Rab 26/03",
            "Kam 27/03",
            "Jum 28/03",
            "Sab 29/03",
            "Min 30/03",
        ]
        # Monday away; Friday is cuti bersama (Nyepi) and the weekend is off: none of them WFO.
        assert cells[1:] == ["WFA", "WFO", "WFO", "WFO", "Libur", "Libur", "Libur"]
        client.post(reverse("set_language"), {"language": "en", "next": "/"})
        header, cells = self.header_and_row(
            client.get(self.week_url(w)).content.decode(), w.colleague.name
        )
        assert header[3:6] == ["Mon 24/03", "Tue 25/03", "Wed 26/03"]
        assert cells[-1] == "Day off"

    def test_over_cap_days_are_marked_as_the_dashboard_counts_them(self, board_world, client_for):
        w = board_world
        a, b, c = w.colleague, w.employee, w.more[0]
        away(w.opd, w.head, [(a, MON), (b, MON), (c, MON), (a, TUE)])
        for e in w.more[2:]:  # two leave: Monday's 3 away is now over the limit of 2
            e.active = False
            e.save()
        board = build_dashboard(w.agency, w.circular)
        assert row_of(board, w.opd).violations == 1
        body = client_for(w.inspector).get(self.week_url(w)).content.decode()
        assert "1 hari melebihi batas harian (ditandai merah)" in body
        header = body.split("</thead>", 1)[0]
        assert header.count('data-over="1"') == 1
        assert 'class="table-danger" data-over="1">Sen 24/03<' in header
        csv = (
            client_for(w.inspector)
            .get(reverse("monitoring:opd_week_export", args=[w.opd.pk, ISO, "csv"]))
            .content.decode("utf-8-sig")
        )
        assert ",Melebihi batas,,ya,,,,,," in csv
        assert ",Batas harian,,2,2,2,2,,," in csv
