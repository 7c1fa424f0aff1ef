"""The shared cache of resolved policies: served without queries, never stale.

Publishing, amending and revoking a circular, or a day off, is seen by the very
next read, on the process-local cache of the embedded mode and on a real Redis;
one agency's answer is never served to another.
"""

from __future__ import annotations

from datetime import date

import pytest

from circulars import governing
from circulars.models import DayOff
from circulars.services import (
    Draft,
    amend_circular,
    publish_circular,
    revoke_circular,
    update_draft,
)
from circulars.tests.circular_builders import draft_fields, make_draft
from organizations.tests.factories import AgencyFactory, UnitFactory
from wfa_portal.settings import redis_cache

MON, THU = date(2025, 3, 24), date(2025, 3, 27)


@pytest.fixture
def shared_cache(shared_cache):
    """The root conftest's shared cache, with a policy version of this test's own."""
    governing._new_policy_version()
    return shared_cache


def policy(opd, day=MON):
    return governing.policies_for_opd(opd, MON, THU)[day]


def test_a_second_read_costs_no_query(world, shared_cache, count_queries):
    publish_circular(user=world.admin, circular=make_draft(world))
    first, _ = count_queries(policy, world.opd)
    second, answer = count_queries(policy, world.opd)
    assert first > 0
    assert second == 0
    assert answer.cap_percent == 50


def test_publishing_is_seen_at_once(world, shared_cache):
    assert policy(world.opd).circular_id is None  # cached: no circular yet
    circular = publish_circular(user=world.admin, circular=make_draft(world))
    assert policy(world.opd).circular_id == circular.pk


def test_an_amendment_is_seen_at_once(world, shared_cache):
    old = publish_circular(user=world.admin, circular=make_draft(world, cap_percent=50))
    assert policy(world.opd).cap_percent == 50
    new = amend_circular(user=world.admin, circular=old)
    fields = draft_fields(number=new.number, cap_percent=20)
    update_draft(user=world.admin, circular=new, draft=Draft(fields=fields, windows=[(MON, THU)]))
    assert policy(world.opd).circular_id == old.pk  # a draft amendment changes nothing
    publish_circular(user=world.admin, circular=new)
    assert (policy(world.opd).circular_id, policy(world.opd).cap_percent) == (new.pk, 20)


def test_a_revocation_is_seen_at_once(world, shared_cache):
    circular = publish_circular(user=world.admin, circular=make_draft(world))
    assert policy(world.opd).is_open()
    revoke_circular(user=world.admin, circular=circular, reason="Keadaan berubah")
    assert policy(world.opd).circular_id is None
    assert not policy(world.opd).is_open()


def test_a_day_off_is_seen_at_once(world, shared_cache):
    publish_circular(user=world.admin, circular=make_draft(world))
    assert policy(world.opd, THU).working_day
    DayOff.objects.create(agency=world.agency, day=THU, name="Hari jadi kota", off=True)
    assert not policy(world.opd, THU).working_day
    assert policy(world.opd, THU).non_working_reason == "Hari jadi kota"


def test_no_answer_crosses_agencies(world, shared_cache, django_capture_on_commit_callbacks):
    other = AgencyFactory(code="pemkot-c")
    twin = UnitFactory(agency=other, code=world.opd.code, category=world.opd.category)
    publish_circular(user=world.admin, circular=make_draft(world, cap_percent=50))
    assert policy(world.opd).cap_percent == 50
    assert policy(twin).circular_id is None  # the same dates and category, another agency
    with django_capture_on_commit_callbacks(execute=True):
        publish_circular(
            user=world.other_admin,
            circular=make_draft(world, agency=other, user=world.other_admin, cap_percent=30),
        )
    assert (policy(world.opd).cap_percent, policy(twin).cap_percent) == (50, 30)


def test_the_answer_is_in_the_readers_language(world, shared_cache):
    from django.utils import translation

    publish_circular(user=world.admin, circular=make_draft(world))
    saturday = date(2025, 3, 22)
    days = governing.policies_for_opd(world.opd, saturday, THU)
    with translation.override("en"):
        english = governing.policies_for_opd(world.opd, saturday, THU)
    assert days[saturday].non_working_reason == "Sabtu"
    assert english[saturday].non_working_reason == "Saturday"


def test_nothing_is_cached_while_redis_is_down(world, settings, count_queries):
    settings.CACHES = {"default": redis_cache("redis://127.0.0.1:9/0")}  # nothing listens
    settings.CACHE_FIGURES = True
    publish_circular(user=world.admin, circular=make_draft(world))
    first, _ = count_queries(policy, world.opd)
    second, answer = count_queries(policy, world.opd)
    assert first == second > 0  # no process-local copy another process could not refresh
    assert answer.cap_percent == 50


def test_a_transaction_that_rolls_back_leaves_nothing_cached(world, shared_cache):
    """What a service's transaction resolves is never stored: had it been, a publish
    that rolled back would leave its circular in force for everyone until expiry."""
    from django.db import transaction

    class Abandon(Exception):
        pass

    assert policy(world.opd).circular_id is None
    with pytest.raises(Abandon), transaction.atomic():
        circular = publish_circular(user=world.admin, circular=make_draft(world))
        assert policy(world.opd).circular_id == circular.pk  # its own change, read fresh
        raise Abandon
    assert policy(world.opd).circular_id is None
