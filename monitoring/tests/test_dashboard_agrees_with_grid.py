"""The dashboard of every circular agrees with the roster grid for the same week.

Two circulars of one agency over the same week (an amendment, or one that adds a
limit): whichever circular's dashboard BKPSDM opens, each OPD's days over the
limit are exactly the days the grid (``check_week``) reports over the limit.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from circulars import services
from circulars.models import Circular, Limit, Relation
from circulars.tests.impact_support import make_scene, published, store_week
from monitoring.dashboard import build_dashboard
from policy.values import Code
from schedules.roster.services import check_week
from schedules.tests.support import add_staff

pytestmark = pytest.mark.django_db


def grid_over_days(opd, monday) -> set:
    check = check_week(opd=opd, week_start=monday)
    return {v.day for v in check.errors if v.code == Code.CAP_EXCEEDED}


def dashboard_over_days(agency, circular, opd) -> set:
    board = build_dashboard(agency, Circular.objects.get(pk=circular.pk))
    (row,) = [r for r in board.all_rows if r.opd.pk == opd.pk]
    return {figure.day for figure in row.days if figure.over}


def _amended(world, scene):
    draft = services.amend_circular(user=world.admin, circular=scene.circular)
    draft.cap_percent = 25
    draft.save(update_fields=["cap_percent"])
    return services.publish_circular(user=world.admin, circular=draft)


def _added(world, scene):
    other = published(
        world.agency,
        "800/3/2026",
        scene.monday,
        scene.monday + timedelta(days=3),
        relation=Relation.ADDS,
    )
    Limit.objects.create(circular=other, shape="away_count", value=1)
    return other


@pytest.mark.parametrize("second", [_amended, _added], ids=["amendment", "adds a headcount"])
def test_every_circulars_dashboard_agrees_with_the_grid(world, second):
    scene = make_scene(world, status="draft")
    quiet = world.opd  # an OPD within every limit
    people = add_staff(quiet, 8, prefix="Q")
    store_week(quiet, scene.monday, {people[0]: [scene.monday]}, status="draft")
    newer = second(world, scene)

    for opd in (scene.opd, quiet):
        grid = grid_over_days(opd, scene.monday)
        for circular in (scene.circular, newer):
            assert dashboard_over_days(world.agency, circular, opd) == grid, (
                opd.code,
                circular.number,
            )
    assert grid_over_days(scene.opd, scene.monday) == {scene.monday}
    assert grid_over_days(quiet, scene.monday) == set()
