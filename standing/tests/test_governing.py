"""The standing policy as a layer of ``circulars.governing``: it governs its weekdays
from its start, an event circular over it replaces it on its dates, drafts and other
agencies' policies govern nothing, and loading it costs a fixed number of queries."""

from __future__ import annotations

from datetime import date

import pytest

from circulars.governing import load, policies_for_opd
from circulars.tests.circular_builders import make_published
from standing import services as svc
from standing.models import StandingPolicy

from .builders import make_policy

pytestmark = pytest.mark.django_db
D = date


def test_a_published_policy_governs_its_weekdays(world):
    policy = make_policy(world)
    days = policies_for_opd(world.opd, D(2025, 9, 8), D(2025, 9, 14))
    assert [d for d, p in days.items() if p.is_open()] == [D(2025, 9, 12)]
    friday = days[D(2025, 9, 12)]
    assert friday.circular_id == -policy.pk
    assert friday.weekly_limit == 2
    assert friday.excludes_sanctioned
    before = policies_for_opd(world.opd, D(2025, 8, 25), D(2025, 8, 31))
    assert not any(p.is_open() for p in before.values())


def test_before_its_start_and_as_a_draft_it_governs_nothing(world):
    make_policy(world, publish=False)
    days = policies_for_opd(world.opd, D(2025, 9, 8), D(2025, 9, 14))
    assert not any(p.is_open() for p in days.values())
    make_policy(world, number="2", start=D(2025, 9, 13))
    days = policies_for_opd(world.opd, D(2025, 9, 8), D(2025, 9, 21))
    assert [d for d, p in days.items() if p.is_open()] == [D(2025, 9, 19)]


def test_another_agencys_policy_governs_nothing_here(world):
    make_policy(world, agency=world.other_agency)
    days = policies_for_opd(world.opd, D(2025, 9, 8), D(2025, 9, 14))
    assert not any(p.is_open() for p in days.values())


def test_an_event_circular_over_it_replaces_it_on_its_dates(world):
    make_policy(world, open_weekdays=[3, 4])
    lebaran = make_published(
        world.agency, number="SE/LEBARAN", cap=50, windows=[(D(2026, 3, 16), D(2026, 3, 20))]
    )
    days = policies_for_opd(world.opd, D(2026, 3, 16), D(2026, 3, 27))
    # Every working day of the Lebaran window is open under the event circular.
    assert all(days[D(2026, 3, n)].circular_id == lebaran.pk for n in range(16, 21))
    assert days[D(2026, 3, 16)].cap_percent == 50
    assert days[D(2026, 3, 16)].weekly_limit is None
    # After it the standing policy governs again: Thursday and Friday only.
    after = [d for d in (D(2026, 3, n) for n in range(23, 28)) if days[d].is_open()]
    assert after == [D(2026, 3, 26), D(2026, 3, 27)]
    assert days[D(2026, 3, 27)].circular_id < 0


def test_an_ended_policy_governs_up_to_its_end(world):
    policy = make_policy(world)
    svc.end_policy(policy=policy, end=D(2025, 9, 17), reason="Evaluasi", actor=world.admin)
    days = policies_for_opd(world.opd, D(2025, 9, 8), D(2025, 9, 28))
    assert [d for d, p in days.items() if p.is_open()] == [D(2025, 9, 12)]
    assert StandingPolicy.objects.get(pk=policy.pk).status == StandingPolicy.Status.ENDED


def test_primary_and_in_force_name_circulars_only(world):
    make_policy(world)
    loaded = load(world.agency, D(2025, 9, 8), D(2025, 9, 14))
    assert loaded.policy(world.opd, D(2025, 9, 12)).is_open()
    assert loaded.primary(world.opd, D(2025, 9, 12)) is None
    assert loaded.in_force(world.opd) == []


def test_loading_costs_the_same_queries_with_more_policies(world, count_queries):
    def run():
        return load(world.agency, D(2025, 9, 1), D(2025, 12, 31)).policies(world.opd)

    first = make_policy(world, end=D(2025, 9, 30), limits=[svc.LimitRow([4], "away_count", 3)])
    small, _ = count_queries(run)
    for n in range(3):
        make_policy(
            world,
            number=f"N{n}",
            start=D(2025, 10 + n, 1),
            end=D(2025, 10 + n, 28),
            limits=[svc.LimitRow([4], "away_share", 50), svc.LimitRow([], "stay_count", 1)],
        )
    large, days = count_queries(run)
    assert large == small
    assert first.pk and days[D(2025, 10, 3)].cap_percent == 50


@pytest.fixture
def figure_cache(settings):
    """The shared cache of resolved policies on (tests run with it off)."""
    from circulars import governing

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    settings.CACHE_FIGURES = True
    governing._new_policy_version()


def test_publishing_and_ending_a_policy_is_seen_at_once_through_the_cache(world, figure_cache):
    week = (D(2025, 9, 8), D(2025, 9, 14))
    assert not any(p.is_open() for p in policies_for_opd(world.opd, *week).values())  # cached
    policy = make_policy(world)
    assert policies_for_opd(world.opd, *week)[D(2025, 9, 12)].is_open()
    svc.end_policy(policy=policy, end=D(2025, 9, 10), reason="Dievaluasi", actor=world.admin)
    assert not policies_for_opd(world.opd, *week)[D(2025, 9, 12)].is_open()
