"""A ministry's circular reaches the regional governments it addresses: its impact is
assessed, and publishing it applies it, in every one of them (issue 12).

Which agencies a circular reaches has one home, ``policy.layers.reaches`` (pure,
tested first as a table), asked through ``circulars.governing.reached_agencies`` by
governing, by the impact of publishing and by the notices alike.

The nation of these tests: KemenPAN-RB (a ministry, no OPD), Pemprov Banten and
Pemprov DKI (provinces with no parent agency, as in the demo data) and Pemkot Serang
(a city in Banten's region, no parent agency either). Each regional government has an
OPD of four with a submitted future week: two of the four away on Monday, which a
cap of 50% allows and one of 25% does not.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from circulars import governing, impact, services
from circulars.governing import policies_for_opd
from circulars.models import Circular, Window
from circulars.tests.impact_support import future_week, store_week
from monitoring.dashboard import build_dashboard
from notifications.models import Notification
from organizations.models import Agency, Employee, Unit, User
from organizations.tests.factories import (
    AgencyFactory,
    RegionFactory,
    RoleFactory,
    UnitFactory,
    UserFactory,
)
from policy import layers
from policy.layers import Address, AgencyFacts, Layer, Reach
from policy.values import Code
from schedules.models import Assignment, Roster
from schedules.roster.services import check_week
from schedules.tests.support import add_staff

# --- the one answer, pure (no database) ---------------------------------------------------

MINISTRY = 1
BANTEN = AgencyFacts(10, "province", region_id=36, province="Banten")
DKI = AgencyFacts(12, "province", region_id=31, province="DKI Jakarta")
SERANG = AgencyFacts(11, "city", region_id=3673, province="Banten")  # no parent agency
LEBAK = AgencyFacts(13, "regency", region_id=3602, province="Banten", ancestors=(10,))
UNDER_MINISTRY = AgencyFacts(14, "province", region_id=32, province="Jawa Barat", ancestors=(1,))

PROVINCES = Address(frozenset({"province"}))
ALL_LEVELS = Address(frozenset({"province", "regency", "city"}))
IN_BANTEN = Address(frozenset({"province", "regency", "city"}), provinces=frozenset({"Banten"}))
ONLY_SERANG = Address(frozenset({"city"}), region_ids=frozenset({3673}))

# (case, circular, agency, expected placement)
REACH = [
    ("own agency", Reach(10), BANTEN, (Layer.EVENT, 0)),
    ("national to provinces: Banten", Reach(MINISTRY, True, address=PROVINCES), BANTEN,
     (Layer.NATIONAL, 1)),
    ("national to provinces: DKI", Reach(MINISTRY, True, address=PROVINCES), DKI,
     (Layer.NATIONAL, 1)),
    ("national to provinces: not a city", Reach(MINISTRY, True, address=PROVINCES), SERANG, None),
    ("national to all levels: a city", Reach(MINISTRY, True, address=ALL_LEVELS), SERANG,
     (Layer.NATIONAL, 1)),
    ("national to all levels: a regency with a parent", Reach(MINISTRY, True, address=ALL_LEVELS),
     LEBAK, (Layer.NATIONAL, 2)),
    ("national in Banten only: Serang", Reach(MINISTRY, True, address=IN_BANTEN), SERANG,
     (Layer.NATIONAL, 1)),
    ("national in Banten only: not DKI", Reach(MINISTRY, True, address=IN_BANTEN), DKI, None),
    ("national to one city: Serang", Reach(MINISTRY, True, address=ONLY_SERANG), SERANG,
     (Layer.NATIONAL, 1)),
    ("national to one city: not Banten", Reach(MINISTRY, True, address=ONLY_SERANG), BANTEN, None),
    ("national addressing nobody", Reach(MINISTRY, True), BANTEN, None),
    ("national to nobody, but its subordinates", Reach(MINISTRY, True, subordinates=True),
     UNDER_MINISTRY, (Layer.NATIONAL, 1)),
    ("national to subordinates: not a province without a parent",
     Reach(MINISTRY, True, subordinates=True), BANTEN, None),
    ("a province's to its regencies", Reach(10, subordinates=True), LEBAK, (Layer.REGIONAL, 1)),
    ("a province's, not to subordinates", Reach(10), LEBAK, None),
    ("a province's never reaches a city outside its chain", Reach(10, subordinates=True), SERANG,
     None),
    ("a regional government cannot address", Reach(10, False, address=ALL_LEVELS), DKI, None),
]  # fmt: skip


@pytest.mark.parametrize(
    ("circular", "agency", "expected"), [c[1:] for c in REACH], ids=[c[0] for c in REACH]
)
def test_which_agencies_a_circular_reaches(circular, agency, expected):
    assert layers.placement(circular, agency) == expected
    assert layers.reaches(circular, agency) is (expected is not None)


# --- the nation ---------------------------------------------------------------------------


@dataclass
class Region:
    agency: Agency
    opd: Unit
    staff: list[Employee]
    roster: Roster
    head: User
    operator: User
    employee_login: User


@dataclass
class Nation:
    ministry: Agency
    admin: User
    monday: date
    regions: dict[str, Region]
    banten_region: object

    @property
    def tuesday(self):
        return self.monday + timedelta(days=1)

    def __getitem__(self, code: str) -> Region:
        return self.regions[code]


def _regional_government(code, level, region, monday, *, away=2, parent=None) -> Region:
    agency = AgencyFactory(
        code=code, short_name=code.upper(), name=f"Pemerintah {code}", level=level,
        region=region, parent=parent,
    )  # fmt: skip
    opd = UnitFactory(agency=agency, code=f"{code}-bkd", name=f"Badan Kepegawaian {code}")
    staff = add_staff(opd, 4, prefix=f"Staf {code}", job_type="pelaksana")
    login = UserFactory(username=f"pegawai-{code}", language="en")
    staff[0].user = login
    staff[0].save(update_fields=["user"])
    roster = store_week(opd, monday, {person: [monday] for person in staff[:away]})
    head = UserFactory(username=f"kepala-{code}")
    RoleFactory(user=head, kind="opd_head", unit=opd)
    operator = UserFactory(username=f"operator-{code}", language="en")
    RoleFactory(user=operator, kind="operator", unit=opd)
    return Region(agency, opd, staff, roster, head, operator, login)


@pytest.fixture
def nation(db) -> Nation:
    ministry = AgencyFactory(
        code="kemenpan-rb", short_name="KemenPAN-RB", name="Kementerian PAN-RB", level="ministry"
    )
    admin = UserFactory(username="admin-kemenpan")
    RoleFactory(user=admin, kind="bkpsdm_admin", agency=ministry, unit=None)
    banten_region = RegionFactory(code="36", name="Provinsi Banten", kind="province",
                                  province="Banten")  # fmt: skip
    dki_region = RegionFactory(code="31", name="Provinsi DKI Jakarta", kind="province",
                               province="DKI Jakarta")  # fmt: skip
    serang_region = RegionFactory(code="3673", name="Kota Serang", kind="city", province="Banten")
    monday = future_week(ministry)
    regions = {
        "banten": _regional_government("banten", "province", banten_region, monday),
        "dki": _regional_government("dki", "province", dki_region, monday),
        "serang": _regional_government("serang", "city", serang_region, monday),
    }
    return Nation(ministry, admin, monday, regions, banten_region)


def national(nation: Nation, *, levels, regions=(), cap=25, status="draft", number="2 Tahun 2026",
             **fields) -> Circular:  # fmt: skip
    """SE MenPAN-RB over Monday to Thursday of the nation's week."""
    circular = Circular.objects.create(
        agency=nation.ministry, number=number, title=f"Uji SE {number}", status=status,
        published_at=timezone.now() if status == "published" else None,
        cap_percent=cap, addressed_levels=list(levels), **fields,
    )  # fmt: skip
    circular.addressed_regions.set(regions)
    Window.objects.create(circular=circular, start=nation.monday, end=nation.monday + timedelta(3))
    return Circular.objects.select_related("agency", "amends", "parent").get(pk=circular.pk)


def _codes(agencies) -> list[str]:
    return sorted(a.code for a in agencies)


def _status(region: Region) -> str:
    return Roster.objects.get(pk=region.roster.pk).status


# --- reached vs not reached, through the database -------------------------------------------

# (case, addressed levels, only in Banten, reached, touched)
ADDRESSED = [
    ("provinces", ["province"], False, ["banten", "dki"]),
    ("cities", ["city"], False, ["serang"]),
    ("every level in Banten", ["province", "city"], True, ["banten", "serang"]),
    ("every level", ["province", "regency", "city"], False, ["banten", "dki", "serang"]),
    ("nobody", [], False, []),
]


@pytest.mark.parametrize(
    ("levels", "in_banten", "reached"), [c[1:] for c in ADDRESSED], ids=[c[0] for c in ADDRESSED]
)
def test_a_national_circular_is_assessed_and_applied_where_it_reaches(
    nation, levels, in_banten, reached
):
    draft = national(nation, levels=levels, regions=[nation.banten_region] if in_banten else [])
    reached_codes = sorted([*reached, "kemenpan-rb"])
    assert _codes(governing.reached_agencies(draft)) == reached_codes

    found = impact.impact_of(draft)
    assert _codes(a.agency for a in found.agencies) == reached
    assert found.reached == len(reached) + 1  # the ministry's own (no OPD) is assessed too
    assert found.over_days == len(reached) and found.handed_in == len(reached)

    services.publish_circular(user=nation.admin, circular=draft)

    for code, region in nation.regions.items():
        roster = Roster.objects.get(pk=region.roster.pk)
        if code in reached:
            assert roster.status == Roster.Status.DRAFT
            assert "Dikembalikan otomatis: SE 2 Tahun 2026 diterbitkan." in roster.return_comment
            assert "1 hari melebihi batas baru" in roster.return_comment
            note = Notification.objects.get(recipient=region.head, kind="rules_changed_roster")
            assert (
                note.subject
                == f"Jadwal {region.opd.short_name} berubah: SE 2 Tahun 2026 diterbitkan"
            )
            assert Notification.objects.filter(
                recipient=region.employee_login, kind="circular_published"
            ).exists()
        else:
            assert roster.status == Roster.Status.SUBMITTED and roster.return_comment == ""
            people = [region.head, region.operator, region.employee_login]
            assert not Notification.objects.filter(recipient__in=people).exists()


def test_a_regional_circular_already_narrower_leaves_its_region_untouched(nation):
    """Banten's own circular already allows only 25%, and Banten's week keeps to it:
    the national circular at 25% reaches Banten but changes nothing there."""
    banten = nation["banten"]
    Assignment.objects.filter(roster=banten.roster, employee=banten.staff[1]).delete()
    own = Circular.objects.create(
        agency=banten.agency, number="800/1/2026", title="SE Banten", status="published",
        published_at=timezone.now(), cap_percent=25,
    )  # fmt: skip
    Window.objects.create(circular=own, start=nation.monday, end=nation.monday + timedelta(3))
    draft = national(nation, levels=["province"])

    found = impact.impact_of(draft)
    assert found.reached == 3
    assert _codes(a.agency for a in found.agencies) == ["dki"]
    services.publish_circular(user=nation.admin, circular=draft)
    assert _status(banten) == Roster.Status.SUBMITTED
    assert _status(nation["dki"]) == Roster.Status.DRAFT
    # Both circulars govern Banten's Monday, its own first (strictest wins).
    policy = policies_for_opd(banten.opd, nation.monday, nation.monday)[nation.monday]
    assert policy.circular_ids == (own.pk, draft.pk)


def test_a_regional_circular_following_the_national_one_narrows_it_for_its_region(nation):
    """Banten follows SE 2/2026 (its parent) from Tuesday only: for Banten, the national
    circular no longer governs Monday, so Banten's Monday away days go back to the
    office; DKI is not Banten's to change and is not assessed."""
    parent = national(nation, levels=["province"], cap=50, status="published")
    banten = nation["banten"]
    draft = Circular.objects.create(
        agency=banten.agency, number="800/2/2026", title="SE Banten", status="draft",
        cap_percent=50, parent=parent,
    )  # fmt: skip
    Window.objects.create(circular=draft, start=nation.tuesday, end=nation.monday + timedelta(3))
    draft = Circular.objects.select_related("agency", "amends", "parent").get(pk=draft.pk)

    found = impact.impact_of(draft)
    assert found.reached == 1 and not found.several_agencies
    assert [o.opd for o in found.opds] == [banten.opd]
    codes = [r.violation.code for w in found.weeks for r in w.refused]
    assert codes == [Code.OUTSIDE_WINDOW, Code.OUTSIDE_WINDOW]

    services.publish_circular(user=nation.admin, circular=draft)
    assert not Assignment.objects.filter(roster=banten.roster).exists()
    assert _status(banten) == Roster.Status.DRAFT
    dki = nation["dki"]
    assert Assignment.objects.filter(roster=dki.roster).count() == 2
    assert _status(dki) == Roster.Status.SUBMITTED


def test_an_amendment_that_stops_reaching_cities_takes_their_days_away(nation):
    """SE 2/2026 reached provinces and cities at 50%; its amendment reaches provinces
    only, at 25%: the provinces' Mondays are over the new limit, and Serang, no longer
    governed by any circular, loses its days away (released through the writer)."""
    old = national(nation, levels=["province", "city"], cap=50, status="published")
    draft = services.amend_circular(user=nation.admin, circular=old)
    draft.addressed_levels = ["province"]
    draft.cap_percent = 25
    draft.save()
    draft = Circular.objects.select_related("agency", "amends", "parent").get(pk=draft.pk)

    assert _codes(governing.reached_agencies(draft)) == ["banten", "dki", "kemenpan-rb"]
    assert _codes(impact.assessed_agencies(draft)) == ["banten", "dki", "kemenpan-rb", "serang"]
    found = impact.impact_of(draft)
    by_agency = {a.agency.code: a for a in found.agencies}
    assert sorted(by_agency) == ["banten", "dki", "serang"]
    assert (by_agency["banten"].over_days, by_agency["banten"].refused_days) == (1, 0)
    assert (by_agency["serang"].over_days, by_agency["serang"].refused_days) == (0, 2)

    services.publish_circular(user=nation.admin, circular=draft)

    serang = nation["serang"]
    assert not Assignment.objects.filter(roster=serang.roster).exists()
    returned = Roster.objects.get(pk=serang.roster.pk).return_comment
    assert f"SE {draft.number} mengubah SE 2 Tahun 2026" in returned
    assert "2 hari di luar kantor dikembalikan ke kantor (WFO)" in returned
    # The employee who lost a day reads why, in English (their language).
    note = Notification.objects.get(recipient=serang.employee_login, kind="rules_changed_roster")
    assert note.subject == "1 of your days away is now WFO"
    for code in ("banten", "dki"):
        assert _status(nation[code]) == Roster.Status.DRAFT
    # Everyone either circular reaches hears of the amendment, Serang's staff included.
    amended = Notification.objects.filter(kind="circular_amended")
    assert set(amended.values_list("recipient__username", flat=True)) >= {
        "kepala-serang", "kepala-banten", "kepala-dki", "pegawai-serang",
    }  # fmt: skip


def test_a_national_circular_reaches_a_regency_with_a_parent_by_address_too(nation):
    """Lebak sits below Banten (a chain of parents exists): the address reaches it all
    the same, and only once."""
    lebak_region = RegionFactory(code="3602", name="Kabupaten Lebak", kind="regency",
                                 province="Banten")  # fmt: skip
    lebak = _regional_government(
        "lebak", "regency", lebak_region, nation.monday, parent=nation["banten"].agency
    )
    draft = national(nation, levels=["regency"])
    assert _codes(governing.reached_agencies(draft)) == ["kemenpan-rb", "lebak"]
    found = impact.impact_of(draft)
    assert [o.opd for o in found.opds] == [lebak.opd]
    assert found.over_days == 1


def test_revoking_a_national_circular_is_heard_where_it_reached(nation):
    circular = national(nation, levels=["city"], status="published")
    services.revoke_circular(user=nation.admin, circular=circular, reason="Keadaan pulih.")
    heard = set(
        Notification.objects.filter(kind="circular_revoked").values_list(
            "recipient__username", flat=True
        )
    )
    assert {"kepala-serang", "operator-serang", "pegawai-serang"} <= heard
    assert not heard & {"kepala-banten", "kepala-dki", "pegawai-dki"}
    english = Notification.objects.get(recipient__username="pegawai-serang")
    assert english.subject == "Circular 2 Tahun 2026 revoked"


def test_the_rosters_reminder_asks_every_reached_agency(nation):
    from notifications.jobs import opds_to_roster

    national(nation, levels=["province"], status="published")
    opds = opds_to_roster(nation.monday, nation.monday + timedelta(days=6))
    assert sorted(o.code for o in opds.values()) == ["banten-bkd", "dki-bkd"]


# --- the words a user sees on the preview ---------------------------------------------------


def _page(client, draft, name="circulars:publish", language="id") -> str:
    client.cookies["django_language"] = language
    response = client.get(reverse(name, args=[draft.pk]), HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    return response.content.decode()


def test_the_publish_page_shows_totals_then_agencies_then_opds(nation, client_for):
    # DKI's week keeps to 25% already: reached but not touched.
    dki = nation["dki"]
    Assignment.objects.filter(roster=dki.roster, employee=dki.staff[1]).delete()
    draft = national(nation, levels=["province", "city"])
    body = _page(client_for(nation.admin), draft)
    totals = body.index('data-testid="impact-totals"')
    agencies = body.index('data-testid="impact-agency-table"')
    assert totals < agencies < body.index('data-testid="impact-detail"')
    assert 'data-testid="impact-agencies">2<' in body
    assert "dari 4 instansi yang dijangkau terdampak" in body
    assert 'data-testid="impact-over">2<' in body
    assert 'data-testid="impact-handed-in">2<' in body
    assert '<tr data-testid="impact-agency" data-agency="banten">' in body
    assert '<tr data-testid="impact-agency" data-agency="dki">' not in body
    assert "Pemerintah serang" in body and "Per instansi" in body
    assert "BANTEN · BANTEN-BKD · minggu" in body
    assert "instansi lainnya" not in body

    english = _page(client_for(nation.admin), draft, language="en")
    assert "of 4 agencies reached are affected" in english
    assert "Per agency" in english


def test_a_drafts_own_page_shows_the_same_preview(nation, client_for):
    draft = national(nation, levels=["province"])
    body = _page(client_for(nation.admin), draft, name="circulars:detail")
    assert 'data-testid="impact-agencies">2<' in body
    assert "dari 3 instansi yang dijangkau terdampak" in body


def test_only_the_first_rows_are_listed_then_how_many_more(nation, client_for, monkeypatch):
    monkeypatch.setattr(impact, "ROWS_SHOWN", 1)
    draft = national(nation, levels=["province", "city"])
    body = _page(client_for(nation.admin), draft)
    assert body.count('data-testid="impact-agency" ') == 1
    assert body.count('<tr data-testid="impact-opd"') == 1
    assert "dan 2 instansi lainnya" in body
    assert "dan 2 OPD lainnya" in body
    english = _page(client_for(nation.admin), draft, language="en")
    assert "and 2 more agencies" in english and "and 2 more OPDs" in english


@pytest.mark.parametrize("who", ["banten_admin", "head", "employee", "anonymous"])
def test_only_the_ministrys_admin_sees_the_national_preview(nation, client_for, who):
    banten = nation["banten"]
    admin = UserFactory(username="admin-banten")
    RoleFactory(user=admin, kind="bkpsdm_admin", agency=banten.agency, unit=None)
    user = {"banten_admin": admin, "head": banten.head, "employee": banten.employee_login,
            "anonymous": None}[who]  # fmt: skip
    draft = national(nation, levels=["province"])
    response = client_for(user).get(reverse("circulars:publish", args=[draft.pk]))
    assert response.status_code == (302 if user is None else 404)
    assert "impact-agency" not in response.content.decode()


# --- query budgets -----------------------------------------------------------------------------


def _more_provinces(nation, n: int) -> None:
    for i in range(n):
        region = RegionFactory(code=f"9{i}", name=f"Provinsi Uji {i}", kind="province",
                               province=f"Uji {i}")  # fmt: skip
        _regional_government(f"prov-{i}", "province", region, nation.monday)


def test_the_preview_costs_the_same_for_2_and_6_agencies(nation, client_for, count_queries):
    draft = national(nation, levels=["province"])
    url = reverse("circulars:publish", args=[draft.pk])
    client = client_for(nation.admin)

    def preview() -> impact.Impact:  # as a request loads it: a fresh row each time
        return impact.impact_of(
            Circular.objects.select_related("agency", "amends").get(pk=draft.pk)
        )

    small, found = count_queries(preview)
    assert len(found.agencies) == 2
    page_small, _r = count_queries(client.get, url)
    _more_provinces(nation, 4)
    large, found = count_queries(preview)
    assert len(found.agencies) == 6 and found.over_days == 6
    page_large, response = count_queries(client.get, url)
    assert 'data-testid="impact-agencies">6<' in response.content.decode()
    assert (large, page_large) == (small, page_small)


# Publishing writes per touched OPD (its weeks, its heads' notice) and per employee who
# loses a day (their notice); never per agency merely reached. Measured: 64 queries for
# 2 touched provinces, 104 for 6 (10 per touched agency of one OPD); the bound leaves 2.
PER_TOUCHED_AGENCY = 12


def test_publishing_grows_only_with_the_agencies_it_changes(nation, count_queries):
    def publish_after_setup(extra: int):
        _more_provinces(nation, extra)
        draft = national(nation, levels=["province"], number=f"SE uji {extra}")
        return count_queries(services.publish_circular, user=nation.admin, circular=draft)

    small, _c = publish_after_setup(0)  # Banten and DKI
    Roster.objects.update(status=Roster.Status.SUBMITTED)
    Circular.objects.filter(agency=nation.ministry).update(status="revoked")
    large, _c = publish_after_setup(4)  # six provinces
    assert Roster.objects.filter(status=Roster.Status.DRAFT).count() == 6
    assert large <= small + 4 * PER_TOUCHED_AGENCY, (small, large)


# --- after publishing, each agency's dashboard agrees with its grid ---------------------------


def test_each_agencys_dashboard_agrees_with_its_grid_after_publishing(nation):
    draft = national(nation, levels=["province", "city"])
    services.publish_circular(user=nation.admin, circular=draft)
    circular = Circular.objects.get(pk=draft.pk)
    for region in nation.regions.values():
        dashboard = build_dashboard(region.agency, circular)
        (row,) = dashboard.all_rows
        grid = check_week(opd=region.opd, week_start=nation.monday)
        policies = policies_for_opd(region.opd, nation.monday, nation.monday + timedelta(3))
        for figure in row.days:
            stored = Assignment.objects.filter(employee__unit=region.opd, day=figure.day).count()
            assert figure.away == stored
            assert figure.limit == policies[figure.day].limit_for(row.headcount)
        over = sorted({v.day for v in grid.errors if v.code is Code.CAP_EXCEEDED})
        assert [f.day for f in row.days if f.over] == over == [nation.monday]
        assert row.violations == 1
        assert [w.status for w in row.weeks] == ["returned"]


def test_a_reached_agency_watches_the_national_circular_on_its_dashboard(nation, client):
    """BKPSDM of a province the ministry addressed finds the circular on its monitoring
    index and opens its dashboard; a city it did not address gets neither."""
    draft = national(nation, levels=["province"])
    services.publish_circular(user=nation.admin, circular=draft)
    watchers = {}
    for code in ("banten", "serang"):
        watchers[code] = UserFactory(username=f"bkpsdm-{code}")
        RoleFactory(user=watchers[code], kind="bkpsdm_admin", agency=nation[code].agency, unit=None)

    client.force_login(watchers["banten"])
    index = client.get(reverse("monitoring:index")).content.decode()
    assert "Uji SE 2 Tahun 2026" in index
    url = reverse("monitoring:dashboard", args=[nation["banten"].agency.pk, draft.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert nation["banten"].opd.name in page.content.decode()

    client.force_login(watchers["serang"])
    assert "Uji SE 2 Tahun 2026" not in client.get(reverse("monitoring:index")).content.decode()
    url = reverse("monitoring:dashboard", args=[nation["serang"].agency.pk, draft.pk])
    assert client.get(url).status_code == 404
