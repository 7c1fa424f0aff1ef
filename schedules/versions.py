"""Versions of what the schedule pages show, for fragments kept in the shared cache (#18).

A page fragment cached with ``wfa_portal.soft_cache.versioned_by`` names every
version it depends on; whoever changes the rows gives those versions a new value,
at once (a reader inside the writer's own transaction) and again after commit (a
reader elsewhere that read the rows before the commit and stored them under the
version of then). The homes of the other versions: the rules
(``circulars.governing.POLICY_VERSION_KEY``: circulars, windows, limits, days off,
standing policies), roles, employees and units
(``organizations.access.ACCESS_VERSION_KEY``).

- ``opd_days_key(opd_id)``: the OPD's days: assignments and day counters (bumped by
  ``schedules.writer.recount``, which every writer of them calls), and its weeks'
  rosters (status, comments: a signal on ``Roster``, so the admin is covered too; a
  change of status also bumps the employees' versions of staff who moved away since).
- ``employee_days_key(employee_id)``: one employee's requests (a signal on
  ``AwayRequest``; ``employee_days_changed`` where they are updated in bulk), the
  circulars they acknowledged and their calendar address.
- ``SCHEDULES_KEY``: any OPD's days, weeks, requests or revocations: bumped with each
  of the two above (and by a signal on ``Revocation``), for the pages that sum up a
  whole agency (the dashboard).
- ``DUTIES_KEY``: the attendance duties of circulars (a signal on ``AttendanceDuty``).
- ``STAFF_FACTS_KEY``: what the rules read of staff beside their employee rows (which
  the access version covers): disciplinary sanctions, circumstance groups, revoked
  permissions, standing arrangements and recalls (signals on each; all are written one
  row at a time). Rare writes, so one version for every OPD.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial

from django.conf import settings
from django.db import transaction

from wfa_portal.soft_cache import new_versions

DUTIES_KEY = "wfa:attendance:duties:version"
SCHEDULES_KEY = "wfa:schedules:version"
STAFF_FACTS_KEY = "wfa:schedules:staff-facts:version"


def opd_days_key(opd_id: int) -> str:
    return f"wfa:schedules:opd-days:version:{opd_id}"


def employee_days_key(employee_id: int) -> str:
    return f"wfa:my-days:version:{employee_id}"


def _changed(keys: list[str]) -> None:
    if keys and settings.CACHE_FIGURES:
        new_versions(keys)
        transaction.on_commit(partial(new_versions, keys))


def opd_days_changed(opd_ids: Iterable[int]) -> None:
    """The OPDs' assignments, counters or weeks changed."""
    _changed([*(opd_days_key(pk) for pk in sorted(set(opd_ids))), SCHEDULES_KEY])


def employee_days_changed(employee_ids: Iterable[int]) -> None:
    """The employees' requests, acknowledgements or calendar address changed."""
    _changed([*(employee_days_key(pk) for pk in sorted(set(employee_ids))), SCHEDULES_KEY])


def duties_changed() -> None:
    _changed([DUTIES_KEY])


def staff_facts_changed() -> None:
    """A sanction, circumstance, revocation, arrangement or recall changed."""
    _changed([STAFF_FACTS_KEY])


# --- signals: edits outside the services (the admin, fixtures) are seen too ------------


def roster_saved(sender, instance, update_fields=None, **kwargs) -> None:
    opd_days_changed([instance.unit_id])
    if update_fields is None or "status" in update_fields:
        moved = _moved_staff(instance)
        if moved:
            employee_days_changed(moved)


def _moved_staff(roster) -> list[int]:
    """Staff with days in this roster who now belong to another OPD (a move carries only
    the coming days): their pages read this week's status too, under their new OPD's
    version. One query, on a change of status only."""
    from .models import Assignment

    return list(
        Assignment.objects.filter(roster_id=roster.pk)
        .exclude(employee__unit_id=roster.unit_id)
        .exclude(employee__unit__parent_id=roster.unit_id)
        .values_list("employee_id", flat=True)
        .distinct()
    )


def request_saved(sender, instance, **kwargs) -> None:
    employee_days_changed([instance.employee_id])


def revocation_saved(sender, instance, **kwargs) -> None:
    employee_days_changed([instance.employee_id])
    staff_facts_changed()


def staff_fact_saved(sender, instance, **kwargs) -> None:
    staff_facts_changed()


def acknowledgement_saved(sender, instance, **kwargs) -> None:
    employee_days_changed([instance.employee_id])


def duty_saved(sender, instance, **kwargs) -> None:
    duties_changed()
