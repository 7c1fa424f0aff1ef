"""Which published circular governs a unit on a day, and what it means for that OPD.

Schedules use only this module to learn the rules of a day. Order of
precedence: a circular of the unit's own agency first, then the nearest
ancestor agency's circular that applies to the agencies below it; among
circulars of the same agency, the one published last. An ancestor's circular
that a nearer agency has narrowed (a published circular naming it as parent)
no longer governs that agency at all: the narrower circular replaces it.
"""

from __future__ import annotations

from datetime import date

from django.db.models import Prefetch, Q
from django.utils.translation import gettext as _

from organizations.models import Agency, ServiceCategory, Unit
from schedules.domain import DayPolicy, Mode, PriorityCriterion, PriorityKind

from .calendar import each_day, non_working_days
from .models import Circular, Priority


def agency_chain(agency: Agency) -> list[Agency]:
    """The agency, its parent, its grandparent... (a few rows, loaded one by one)."""
    chain = [agency]
    while chain[-1].parent_id and len(chain) < 6:
        chain.append(chain[-1].parent)
    return chain


def candidate_circulars(agency: Agency, start: date, end: date) -> list[tuple[int, Circular]]:
    """Published circulars that could govern the agency's units in [start, end],
    each with its distance in the agency chain (0: the agency's own)."""
    chain = agency_chain(agency)
    distance = {a.pk: i for i, a in enumerate(chain)}
    scope = Q(agency=agency) | Q(agency_id__in=list(distance)[1:], applies_to_subordinates=True)
    circulars = (
        Circular.objects.published()
        .filter(scope)
        .overlapping(start, end)
        .prefetch_related(
            "windows",
            "cap_overrides",
            Prefetch("exempt_units", queryset=Unit.objects.only("pk")),
            Prefetch("priorities", queryset=Priority.objects.prefetch_related("regions")),
        )
    )
    ranked = [(distance[c.agency_id], c) for c in circulars]
    shadowed = _narrowed_by_nearer_agency(ranked, distance)
    ranked = [(d, c) for d, c in ranked if c.pk not in shadowed]
    # Nearest agency first; within one agency the latest publication wins.
    ranked.sort(
        key=lambda item: (
            item[0],
            -(item[1].published_at.timestamp() if item[1].published_at else 0),
        )
    )
    return ranked


def _narrowed_by_nearer_agency(
    ranked: list[tuple[int, Circular]], distance: dict[int, int]
) -> set[int]:
    """Ancestor circulars that a nearer agency has narrowed with a published circular of its own.

    A regional circular that follows (``parent``) a national one replaces it for
    that region: on the days of the national window the region left out, the
    national circular must not govern, or narrowing the window would mean nothing.
    """
    ancestors = {c.pk: d for d, c in ranked if d > 0}
    if not ancestors:
        return set()
    children = (
        Circular.objects.published()
        .filter(parent_id__in=list(ancestors), agency_id__in=list(distance))
        .values_list("parent_id", "agency_id")
    )
    return {
        parent_id for parent_id, agency_id in children if distance[agency_id] < ancestors[parent_id]
    }


def _covers(circular: Circular, day: date) -> bool:
    return any(w.start <= day <= w.end for w in circular.windows.all())


def pick_governing(ranked: list[tuple[int, Circular]], day: date) -> Circular | None:
    return next((c for _distance, c in ranked if _covers(c, day)), None)


def governing_circular(unit: Unit, day: date) -> Circular | None:
    """The published circular that governs the unit on the day, if any."""
    return pick_governing(candidate_circulars(unit.agency, day, day), day)


def effective_cap(circular: Circular, opd: Unit) -> int:
    """The lowest of the circular's cap and its overrides for the OPD's category or the OPD."""
    caps = [circular.cap_percent]
    for override in circular.cap_overrides.all():
        if override.unit_id == opd.pk or (override.category and override.category == opd.category):
            caps.append(override.cap_percent)
    return min(caps)


def exemption_reason(circular: Circular, opd: Unit) -> str:
    """Why the OPD must stay fully at the office under the circular ("" when it need not)."""
    if opd.pk in {u.pk for u in circular.exempt_units.all()}:
        return _("%(opd)s dikecualikan oleh SE %(number)s") % {
            "opd": opd.short_name,
            "number": circular.number,
        }
    if opd.category in circular.exempt_categories:
        return _("layanan %(category)s wajib bekerja di kantor menurut SE %(number)s") % {
            "category": ServiceCategory(opd.category).label,
            "number": circular.number,
        }
    return ""


def daily_limit(cap_percent: int, headcount: int) -> int:
    """How many of the OPD's staff may be away on a day: floor(cap% x headcount)."""
    return cap_percent * headcount // 100


def _priorities(circular: Circular) -> tuple[PriorityCriterion, ...]:
    return tuple(
        PriorityCriterion(
            kind=PriorityKind(p.kind), region_ids=frozenset(r.pk for r in p.regions.all())
        )
        for p in circular.priorities.all()
    )


def day_policy(
    circular: Circular | None, opd: Unit, day: date, closed: dict[date, str]
) -> DayPolicy:
    working = day not in closed
    if circular is None:
        return DayPolicy(day=day, working_day=working, non_working_reason=closed.get(day, ""))
    reason = exemption_reason(circular, opd)
    return DayPolicy(
        day=day,
        working_day=working,
        non_working_reason=closed.get(day, ""),
        circular_id=circular.pk,
        circular_number=circular.number,
        arrangement=Mode(circular.arrangement),
        cap_percent=effective_cap(circular, opd),
        unit_exempt=bool(reason),
        unit_exempt_reason=reason,
        exempt_roles=frozenset(circular.exempt_roles),
        weekly_limit=circular.weekly_limit,
        priorities=_priorities(circular),
    )


def policies_for_opd(opd: Unit, start: date, end: date) -> dict[date, DayPolicy]:
    """The DayPolicy of every date from start to end for an OPD, in a constant number of queries."""
    ranked = candidate_circulars(opd.agency, start, end)
    closed = non_working_days(opd.agency_id, start, end)
    return {
        day: day_policy(pick_governing(ranked, day), opd, day, closed)
        for day in each_day(start, end)
    }
