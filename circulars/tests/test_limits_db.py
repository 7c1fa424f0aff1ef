"""Limits of every shape through the database: the migration of today's cap overrides,
scoped limits in the governing policy, the rules on the roster page, the form, the API,
the PDF and the dashboard."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from circulars import summary
from circulars.governing import circular_policies, policies_for_opd
from circulars.models import Circular, Limit
from circulars.pdf import rules_in_words
from circulars.tests.circular_builders import form_data, make_draft, make_published
from organizations.tests.factories import EmployeeFactory, RegionFactory
from policy.values import Code

D = date
MON, TUE, WED = D(2025, 3, 24), D(2025, 3, 25), D(2025, 3, 26)
MARCH = [(MON, D(2025, 3, 27))]


# --- the migration -----------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_todays_cap_overrides_migrate_to_share_limits_with_their_scope():
    executor = MigrationExecutor(connection)
    before = [("circulars", "0002_layers_relations_addresses")]
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    agency = old.get_model("organizations", "Agency").objects.create(
        code="pemkot-x", name="Pemkot X", short_name="Pemkot X", level="city"
    )
    unit = old.get_model("organizations", "Unit").objects.create(
        agency=agency, code="dinkes", name="Dinas Kesehatan", short_name="Dinkes"
    )
    circular = old.get_model("circulars", "Circular").objects.create(
        agency=agency, number="800/1", title="Uji", cap_percent=50
    )
    override = old.get_model("circulars", "CapOverride").objects
    override.create(circular=circular, category="health", cap_percent=20)
    override.create(circular=circular, unit=unit, cap_percent=0)

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    migrated = Circular.objects.get(number="800/1")
    assert migrated.cap_percent == 50
    rows = [
        (row.shape, row.value, row.category, row.unit_id, row.region_id, row.start, row.end)
        for row in migrated.limits.order_by("value")
    ]
    assert rows == [
        ("away_share", 0, "", unit.pk, None, None, None),
        ("away_share", 20, "health", None, None, None, None),
    ]


# --- governing with scoped limits -----------------------------------------------------------


@pytest.fixture
def serang(world):
    """The world's OPD in Kota Tangerang Selatan (a "high-risk zone"), 10 staff."""
    zone = RegionFactory(code="3674", name="Kota Tangerang Selatan")
    world.opd.office_region = zone
    world.opd.category = "support"
    world.opd.save()
    EmployeeFactory.create_batch(8, unit=world.opd)  # with the world's two: 10
    return zone


@pytest.mark.parametrize(
    ("rows", "limits"),
    [
        ([], {MON: 5, TUE: 5}),
        ([{"shape": "away_count", "value": 3}], {MON: 3, TUE: 3}),
        ([{"shape": "stay_share", "value": 75}], {MON: 2, TUE: 2}),
        ([{"shape": "stay_count", "value": 9}], {MON: 1, TUE: 1}),
        ([{"shape": "away_share", "value": 20, "start": TUE, "end": TUE}], {MON: 5, TUE: 2}),
        ([{"shape": "away_share", "value": 10, "category": "health"}], {MON: 5, TUE: 5}),
        ([{"shape": "away_share", "value": 10, "category": "support"}], {MON: 1, TUE: 1}),
        ([{"shape": "away_count", "value": 0, "region": "zone"}], {MON: 0, TUE: 0}),
        (
            [
                {"shape": "away_count", "value": 4},
                {"shape": "stay_count", "value": 7, "start": MON, "end": MON},
            ],
            {MON: 3, TUE: 4},
        ),
    ],
)
def test_the_strictest_limit_that_applies_sets_each_days_limit(world, serang, rows, limits):
    circular = make_published(world.agency, cap=50, windows=MARCH)
    for row in rows:
        region = serang if row.pop("region", None) == "zone" else None
        Limit.objects.create(circular=circular, region=region, **row)
    policies = policies_for_opd(world.opd, MON, TUE)
    assert {day: p.limit_for(10) for day, p in policies.items()} == limits
    by_day = circular_policies(circular, world.opd, [MON, TUE])
    assert {day: p.limit_for(10) for day, p in by_day.items()} == limits


def test_an_office_maximum_makes_too_few_away_an_error_on_the_roster(world, serang):
    from schedules.roster.services import check_week

    circular = make_published(world.agency, cap=100, windows=MARCH)
    Limit.objects.create(circular=circular, shape="office_max_share", value=50)
    check = check_week(opd=world.opd, week_start=MON)
    found = [v for v in check.errors if v.code is Code.TOO_FEW_AWAY]
    assert [(v.day, v.allowed, v.requested) for v in found] == [
        (D(2025, 3, 24), 5, 10),
        (D(2025, 3, 25), 5, 10),
        (D(2025, 3, 26), 5, 10),
        (D(2025, 3, 27), 5, 10),
    ]
    assert "paling banyak 50% dari 10 pegawai di kantor" in found[0].message_id


# --- form, API, PDF, detail and dashboard ------------------------------------------------


def test_the_form_saves_one_limit_per_row_with_its_scope(client_for, world):
    zone = RegionFactory(code="3674", name="Kota Tangerang Selatan")
    data = form_data(
        **{
            "limits-TOTAL_FORMS": "2",
            "limits-0-shape": "office_max_count",
            "limits-0-value": "5",
            "limits-0-region": str(zone.pk),
            "limits-0-start": "2025-03-24",
            "limits-0-end": "2025-03-25",
            "limits-1-shape": "stay_share",
            "limits-1-value": "25",
            "limits-1-unit": str(world.opd.pk),
        }
    )
    assert client_for(world.admin).post(reverse("circulars:create"), data).status_code == 302
    circular = Circular.objects.get()
    assert [str(limit) for limit in circular.limits.all()] == [
        "Paling banyak 5 pegawai di kantor (kantor di Kota Tangerang Selatan; "
        "24 Maret 2025 – 25 Maret 2025)",
        "Paling sedikit 25% pegawai tetap di kantor (Diskominfo)",
    ]
    page = client_for(world.admin).get(reverse("circulars:edit", args=[circular.pk]))
    assert 'name="limits-0-shape"' in page.content.decode()


def test_the_form_refuses_a_share_over_100_and_saves_nothing(client_for, world):
    data = form_data(**{"limits-0-shape": "stay_share", "limits-0-value": "120"})
    response = client_for(world.admin).post(reverse("circulars:create"), data)
    assert response.status_code == 400
    assert "Batas harus antara 0 dan 100 persen." in response.content.decode()
    assert not Circular.objects.exists()


@pytest.mark.parametrize("actor", ["head", "employee_user", "other_admin"])
def test_only_the_agencys_admin_writes_limits(client_for, world, actor):
    draft = make_draft(world, number="SE-1")
    data = form_data(number="SE-1", **{"limits-0-shape": "away_count", "limits-0-value": "1"})
    url = reverse("circulars:edit", args=[draft.pk])
    assert client_for(getattr(world, actor)).post(url, data).status_code in (403, 404)
    assert not Limit.objects.exists()
    assert client_for(world.admin).post(url, data).status_code == 302
    assert [(row.shape, row.value) for row in Limit.objects.all()] == [("away_count", 1)]


def test_the_pdf_and_the_summary_name_every_limit(world):
    circular = make_published(world.agency, cap=50, windows=MARCH)
    Limit.objects.create(circular=circular, shape="office_max_count", value=5)
    Limit.objects.create(circular=circular, shape="away_share", value=25, category="health")
    rules = " ".join(rules_in_words(circular))
    assert "Paling banyak 5 pegawai di kantor" in rules
    assert "Paling banyak 25% pegawai di luar kantor (layanan Kesehatan)" in rules
    text = summary.describe(summary.with_rules(Circular.objects.filter(pk=circular.pk))[0])
    assert "batas lain: Paling banyak 5 pegawai di kantor" in text


def test_the_dashboard_takes_each_days_limit_from_dated_limits(world, serang):
    from monitoring.dashboard import build_dashboard

    circular = make_published(world.agency, cap=50, windows=MARCH)
    Limit.objects.create(circular=circular, shape="away_count", value=1, start=TUE, end=WED)
    dashboard = build_dashboard(world.agency, circular)
    row = next(r for r in dashboard.rows if r.opd == world.opd)
    assert [(d.day, d.limit) for d in row.days] == [
        (MON, 5),
        (TUE, 1),
        (WED, 1),
        (D(2025, 3, 27), 5),
    ]


def test_the_preview_applies_a_new_limit_shape_to_each_opd(client_for, world):
    EmployeeFactory.create_batch(8, unit=world.opd)  # 10 with the sub-unit's employee
    data = form_data(**{"limits-0-shape": "stay_count", "limits-0-value": "8"})
    response = client_for(world.admin).post(
        reverse("circulars:preview"), data, HTTP_HX_REQUEST="true"
    )
    assert 'data-opd="diskominfo" data-cap="50" data-limit="2"' in response.content.decode()


def test_the_form_saves_who_may_go_and_who_comes_first(client_for, world):
    data = form_data(
        eligible_job_types=["pelaksana"],
        excludes_sanctioned="on",
        new_employee_months="12",
        priority_circumstances=["disability"],
        required_away_circumstances=["pregnancy"],
    )
    assert client_for(world.admin).post(reverse("circulars:create"), data).status_code == 302
    circular = Circular.objects.get()
    assert circular.eligible_job_types == ["pelaksana"]
    assert (circular.excludes_sanctioned, circular.new_employee_months) == (True, 12)
    assert circular.priority_circumstances == ["disability"]
    assert circular.required_away_circumstances == ["pregnancy"]
    bad = form_data(number="800/2", eligible_job_types=["menteri"])
    response = client_for(world.admin).post(reverse("circulars:create"), bad)
    assert response.status_code == 400  # an invalid form is refused, nothing saved
    assert "menteri" in response.content.decode()  # the refused choice is named
    assert Circular.objects.count() == 1
