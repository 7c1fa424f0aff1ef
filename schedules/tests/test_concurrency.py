"""The cap under concurrency, on a real PostgreSQL with real threads.

Each thread has its own database connection (Django opens one per thread) and
closes it when done.
"""

import os
import threading
import time

import pytest
from django.db import OperationalError, connection, transaction

from organizations.tests.factories import UnitFactory
from policy.values import Code, Mode
from schedules.models import Assignment, DayCounter
from schedules.roster.services import save_week

from .support import MON, WEEK, add_staff, publish_circular

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

THREADS = 20
ROUNDS = 10


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        reason = f"needs PostgreSQL, the database is {connection.vendor}"
        if os.environ.get("WFA_REQUIRE_SERVICES") == "1":
            pytest.fail(reason)
        pytest.skip(reason)


def in_thread(fn, *args, **kwargs):
    """Run fn in a new thread with its own connection; returns (thread, outcome dict)."""
    outcome: dict = {}

    def run():
        try:
            outcome["result"] = fn(*args, **kwargs)
        except Exception as exc:  # reported by the test, not swallowed
            outcome["error"] = exc
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread, outcome


def test_racing_heads_never_put_more_away_than_the_cap(world):
    publish_circular(world.agency)  # 50%: 10 of 20 staff may be away
    for round_no in range(ROUNDS):
        opd = UnitFactory(agency=world.agency, code=f"race-{round_no}")
        staff = add_staff(opd, THREADS)
        start = threading.Barrier(THREADS)

        def put_away(employee, opd=opd, start=start):
            start.wait()
            return save_week(
                opd=opd, week_start=WEEK, cells={(employee.pk, MON): Mode.WFA}, actor=world.head
            )

        runs = [in_thread(put_away, employee) for employee in staff]
        for thread, _outcome in runs:
            thread.join(30)
        outcomes = [outcome for _thread, outcome in runs]

        assert [o["error"] for o in outcomes if "error" in o] == []
        results = [o["result"] for o in outcomes]
        refused = [r for r in results if not r.saved]
        away = Assignment.objects.filter(roster__unit=opd, day=MON).count()
        assert away == 10, f"round {round_no}: {away} away, the limit is 10"
        assert sum(r.saved for r in results) == 10
        assert {v.code for r in refused for v in r.errors} == {Code.CAP_EXCEEDED}
        assert DayCounter.objects.get(unit=opd, day=MON).away == 10


def hold_lock_of(opd, employee, user, locked, release):
    """Save inside a transaction that stays open (its locks held) until released."""
    with transaction.atomic():
        save_week(opd=opd, week_start=WEEK, cells={(employee.pk, MON): Mode.WFA}, actor=user)
        locked.set()
        release.wait(20)


def save_with_lock_timeout(opd, employee, user, timeout_ms):
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(f"SET LOCAL lock_timeout = {int(timeout_ms)}")
        return save_week(opd=opd, week_start=WEEK, cells={(employee.pk, MON): Mode.WFA}, actor=user)


def test_a_save_of_another_opd_does_not_wait(world):
    publish_circular(world.agency)
    opd_a = UnitFactory(agency=world.agency, code="lock-a")
    opd_b = UnitFactory(agency=world.agency, code="lock-b")
    (a1, a2) = add_staff(opd_a, 2, prefix="A")
    (b1, _b2) = add_staff(opd_b, 2, prefix="B")
    locked, release = threading.Event(), threading.Event()
    holder, held = in_thread(hold_lock_of, opd_a, a1, world.head, locked, release)
    try:
        assert locked.wait(10), held.get("error")

        started = time.monotonic()
        other, other_outcome = in_thread(save_with_lock_timeout, opd_b, b1, world.head, 2000)
        other.join(10)
        elapsed = time.monotonic() - started
        same, same_outcome = in_thread(save_with_lock_timeout, opd_a, a2, world.head, 300)
        same.join(10)
    finally:
        release.set()
        holder.join(10)

    assert "error" not in other_outcome, other_outcome.get("error")
    assert other_outcome["result"].saved
    assert elapsed < 1.5
    # The same OPD's writer had to queue behind the lock and gave up after 300 ms.
    assert isinstance(same_outcome.get("error"), OperationalError)
    assert "lock timeout" in str(same_outcome["error"])
    assert Assignment.objects.filter(employee__in=[a1, b1], day=MON).count() == 2
    assert not Assignment.objects.filter(employee=a2).exists()
