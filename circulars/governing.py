"""The Django side of the policy engine: circular rows in, ``policy.layers`` terms out.

Schedules learn the rules of a day only through this module, and this module
decides nothing itself: it loads the circulars that could govern an agency
(its own, its parents' that apply to subordinates, and ministries' that
address it or reach it through its parents), says which layer each belongs
to, which ones a nearer agency has narrowed and which an amendment replaces,
and lets ``policy.layers.resolve`` combine them. The order of the layers is
written down in ``policy/layers.py``.

Which agencies a circular reaches is ``policy.layers.placement``; here
``reached_agencies`` asks it for the impact of publishing and for the notices, and
``load_many`` for governing, several agencies at once in a fixed number of queries.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from django.conf import settings
from django.db import transaction
from django.db.models import Prefetch, Q, QuerySet, prefetch_related_objects
from django.utils import translation
from django.utils.translation import gettext as _

from organizations.models import Agency, Region, ServiceCategory, Unit
from policy import layers, limits
from policy.standing import term as standing_term
from policy.values import DayPolicy, Mode, PriorityCriterion, PriorityKind
from wfa_portal.soft_cache import new_versions, versioned

from .calendar import each_day, non_working_days_of
from .models import Circular, Priority

_MAX_CHAIN = 6


def agency_chain(agency: Agency) -> list[Agency]:
    """The agency, its parent, its grandparent... (a few rows, loaded one by one)."""
    chain = [agency]
    while chain[-1].parent_id and len(chain) < _MAX_CHAIN:
        chain.append(chain[-1].parent)
    return chain


@dataclass
class Governing:
    """Every circular that can govern an agency's OPDs over a period, loaded once.

    A fixed number of queries whatever the number of days, OPDs or circulars.
    """

    agency: Agency
    start: date
    end: date
    circulars: dict[int, Circular]
    closed: dict[date, str]
    _placement: dict[int, tuple[layers.Layer, int]]  # circular -> (layer, distance)
    _narrowed: set[int]
    _replaced_from: dict[int, date]
    _published: dict[int, int]
    _facts: layers.AgencyFacts | None = None
    # The agency's standing flexible-work policies (the STANDING layer), by pk.
    standing: dict[int, object] = field(default_factory=dict)
    _terms: dict[tuple[int, bool], list[layers.Term]] = field(default_factory=dict)

    def terms(self, opd: Unit, *, with_priorities: bool = True) -> list[layers.Term]:
        """The circulars as they read for the OPD, those that cannot govern it left out."""
        key = (opd.pk, with_priorities)
        if key not in self._terms:
            terms = [self._term(c, opd, with_priorities) for c in self.circulars.values()]
            terms += [_standing_term(p) for p in self.standing.values()]
            self._terms[key] = layers.governing_terms(terms, self.facts())
        return self._terms[key]

    def policy(self, opd: Unit, day: date) -> DayPolicy:
        return layers.resolve(
            day,
            self.terms(opd),
            _unit_facts(opd),
            working_day=day not in self.closed,
            non_working_reason=self.closed.get(day, ""),
        )

    def policies(self, opd: Unit) -> dict[date, DayPolicy]:
        return {day: self.policy(opd, day) for day in _days(self.start, self.end)}

    def primary(self, opd: Unit, day: date) -> Circular | None:
        applied = layers.applying(self.terms(opd, with_priorities=False), day)
        return self.circulars.get(applied[0].circular_id) if applied else None

    def in_force(self, opd: Unit) -> list[Circular]:
        """The circulars that govern the OPD on some day of the period, primary ones first."""
        terms = self.terms(opd, with_priorities=False)
        days = _days(self.start, self.end)
        found = {t.circular_id for day in days for t in layers.applying(terms, day)}
        ordered = sorted(
            (t for t in terms if t.circular_id in found and t.circular_id in self.circulars),
            key=lambda t: t.rank,
        )
        return [self.circulars[t.circular_id] for t in reversed(ordered)]

    def facts(self) -> layers.AgencyFacts:
        """The agency as ``policy.layers`` reads it (loaded with the circulars)."""
        if self._facts is None:
            self._facts = agency_facts([self.agency])[self.agency.pk]
        return self._facts

    def _term(self, circular: Circular, opd: Unit, with_priorities: bool) -> layers.Term:
        layer, distance = self._placement[circular.pk]
        return layers.Term(
            circular_id=circular.pk,
            number=circular.number,
            layer=layer,
            agency_id=circular.agency_id,
            windows=tuple((w.start, w.end) for w in circular.windows.all()),
            arrangement=Mode(circular.arrangement),
            cap_percent=circular.cap_percent,
            limits=_limits(circular),
            unit_exempt_reason=exemption_reason(circular, opd),
            exempt_roles=frozenset(circular.exempt_roles),
            weekly_limit=circular.weekly_limit,
            priorities=_priorities(circular) if with_priorities else (),
            **_eligibility(circular),
            published=self._published[circular.pk],
            distance=distance,
            relation=layers.Relation(circular.relation),
            applies_from=circular.effective_from if circular.amends_id else None,
            replaced_from=self._replaced_from.get(circular.pk),
            # Whom it addresses was decided when it was placed (``layers.placement``).
            narrowed=circular.pk in self._narrowed,
        )


def load(agency: Agency, start: date, end: date, *, pending: Circular | None = None) -> Governing:
    """The circulars that could govern the agency's OPDs between start and end.

    ``pending`` is a draft read as if it were published now (the latest of all,
    superseding what it amends from its effective date): the impact of
    publishing it (``circulars.impact``) compares the two answers.
    """
    return load_many([agency], start, end, pending=pending)[agency.pk]


def load_many(
    agencies: Sequence[Agency], start: date, end: date, *, pending: Circular | None = None
) -> dict[int, Governing]:
    """``load`` for several agencies at once, by agency id, in a fixed number of
    queries whatever the number of agencies (the impact of a national circular)."""
    facts = _known_facts(agencies)
    in_force = Q(status__in=[Circular.Status.PUBLISHED, Circular.Status.SUPERSEDED])
    if pending is not None:
        in_force |= Q(pk=pending.pk)
    ancestors = {pk for f in facts.values() for pk in f.ancestors}
    circulars = list(
        Circular.objects.filter(in_force)
        .filter(
            Q(agency_id__in=list(facts))
            | Q(agency_id__in=list(ancestors), applies_to_subordinates=True)
            | Q(agency__level=Agency.Level.MINISTRY)
        )
        .overlapping(start, end)
        .select_related("agency")
        .prefetch_related(*_RULES)
    )
    # Rarely needed, so loaded only when needed: addressees and amendments.
    addressing = [c for c in circulars if _addresses(c)]
    prefetch_related_objects(addressing, "addressed_regions")
    if addressing:
        facts = _with_provinces(facts)
    reach = {c.pk: reach_of(c) for c in circulars}
    placements = {a.pk: _placements(circulars, reach, facts[a.pk]) for a in agencies}
    kept = {c.pk: c for c in circulars if any(c.pk in p for p in placements.values())}
    superseded = [c.pk for c in kept.values() if c.status == Circular.Status.SUPERSEDED]
    replaced_from = _replaced_from(superseded)
    narrowed = _narrowed_by_nearer_agency(placements, facts)
    published = _publication_order(kept.values())
    if pending is not None and pending.pk in kept:
        _as_published(kept[pending.pk], placements, facts, replaced_from, narrowed, published)
    closed = non_working_days_of([a.pk for a in agencies], start, end)
    standing = _standing_policies([a.pk for a in agencies], start, end)
    return {
        a.pk: Governing(
            agency=a,
            start=start,
            end=end,
            circulars={pk: kept[pk] for pk in placements[a.pk]},
            closed=closed[a.pk],
            _placement=placements[a.pk],
            _narrowed=narrowed[a.pk],
            _replaced_from=replaced_from,
            _published=published,
            _facts=facts[a.pk],
            standing=standing.get(a.pk, {}),
        )
        for a in agencies
    }


def _placements(
    circulars: list[Circular], reach: dict[int, layers.Reach], agency: layers.AgencyFacts
) -> dict[int, tuple[layers.Layer, int]]:
    """The layer and distance of each circular that reaches the agency (``policy.layers``)."""
    found = {c.pk: layers.placement(reach[c.pk], agency) for c in circulars}
    return {pk: p for pk, p in found.items() if p is not None}


def _as_published(
    draft: Circular,
    placements: dict[int, dict[int, tuple[layers.Layer, int]]],
    facts: dict[int, layers.AgencyFacts],
    replaced_from: dict[int, date],
    narrowed: dict[int, set[int]],
    published: dict[int, int],
) -> None:
    """Read a loaded draft as the latest published circular (no query)."""
    published[draft.pk] = len(published)
    if draft.amends_id is not None and any(draft.amends_id in p for p in placements.values()):
        effective = draft.effective_from or date.min
        replaced_from[draft.amends_id] = min(
            replaced_from.get(draft.amends_id, date.max), effective
        )
    for agency_id, placement in placements.items():
        parent = placement.get(draft.parent_id) if draft.parent_id else None
        distance = _distances(facts[agency_id]).get(draft.agency_id)
        if parent is not None and distance is not None and distance < parent[1]:
            narrowed[agency_id].add(draft.parent_id)


def _standing_policies(
    agency_ids: list[int], start: date, end: date
) -> dict[int, dict[int, object]]:
    """The agencies' published (or ended) standing policies over the period, by agency
    and pk (one query, and one for their limits when any is found)."""
    from standing.models import StandingPolicy

    found: dict[int, dict[int, object]] = {}
    for policy in (
        StandingPolicy.objects.governing()
        .filter(agency_id__in=agency_ids)
        .overlapping(start, end)
        .prefetch_related("limits")
    ):
        found.setdefault(policy.agency_id, {})[policy.pk] = policy
    return found


def _standing_term(policy) -> layers.Term:
    from standing.rules import standing_rules

    return standing_term(standing_rules(policy))


_RULES = (
    "windows",
    "limits",
    Prefetch("exempt_units", queryset=Unit.objects.only("pk")),
    Prefetch("priorities", queryset=Priority.objects.prefetch_related("regions")),
)


def _narrowed_by_nearer_agency(
    placements: dict[int, dict[int, tuple[layers.Layer, int]]],
    facts: dict[int, layers.AgencyFacts],
) -> dict[int, set[int]]:
    """Per agency, the farther circulars that a nearer agency has narrowed with a
    published circular of its own (one query for every agency, none when no
    circular comes from farther away).

    A regional circular that follows (``parent``) a national one replaces it for
    that region: on the days of the national window the region left out, the
    national circular must not govern, or narrowing the window would mean nothing.
    """
    narrowed: dict[int, set[int]] = {pk: set() for pk in placements}
    farther = {pk for p in placements.values() for pk, (_layer, d) in p.items() if d > 0}
    if not farther:
        return narrowed
    chains = {pk for f in facts.values() for pk in (f.agency_id, *f.ancestors)}
    children = list(
        Circular.objects.published()
        .filter(parent_id__in=list(farther), agency_id__in=list(chains))
        .values_list("parent_id", "agency_id")
    )
    for agency_id, placement in placements.items():
        distance = _distances(facts[agency_id])
        for parent, child_agency in children:
            d = distance.get(child_agency)
            if parent in placement and d is not None and d < placement[parent][1]:
                narrowed[agency_id].add(parent)
    return narrowed


def _distances(agency: layers.AgencyFacts) -> dict[int, int]:
    """How far each agency of the chain stands from this one (0: itself)."""
    return {pk: i for i, pk in enumerate((agency.agency_id, *agency.ancestors))}


def _replaced_from(superseded: list[int]) -> dict[int, date]:
    """From when each superseded circular no longer governs: its published amendment's
    effective date, or always when it has none (or the amendment was revoked)."""
    if not superseded:
        return {}
    found = dict.fromkeys(superseded, date.max)
    amendments = Circular.objects.published().filter(amends_id__in=superseded)
    for old, effective in amendments.values_list("amends_id", "effective_from"):
        found[old] = min(found[old], effective or date.min)
    return {pk: (date.min if day == date.max else day) for pk, day in found.items()}


def _publication_order(circulars) -> dict[int, int]:
    ordered = sorted(circulars, key=lambda c: (c.published_at is not None, c.published_at, c.pk))
    return {c.pk: n for n, c in enumerate(ordered)}


def _addresses(circular: Circular) -> bool:
    """A ministry's circular that addresses regional governments (agency loaded)."""
    return bool(circular.addressed_levels) and circular.agency.level == Agency.Level.MINISTRY


def _address(circular: Circular) -> layers.Address | None:
    if not circular.addressed_levels:
        return None
    regions = list(circular.addressed_regions.all())
    return layers.Address(
        levels=frozenset(circular.addressed_levels),
        region_ids=frozenset(r.pk for r in regions if r.kind != Region.Kind.PROVINCE),
        provinces=frozenset(r.province for r in regions if r.kind == Region.Kind.PROVINCE),
    )


def _days(start: date, end: date) -> list[date]:
    return list(each_day(start, end))


def _unit_facts(opd: Unit) -> layers.UnitFacts:
    return layers.UnitFacts(opd.pk, opd.category, opd.office_region_id)


def _limits(circular: Circular) -> tuple[limits.Limit, ...]:
    return tuple(
        limits.Limit(
            limits.Shape(row.shape),
            row.value,
            category=row.category,
            unit_id=row.unit_id,
            region_id=row.region_id,
            start=row.start,
            end=row.end,
        )
        for row in circular.limits.all()
    )


def _priorities(circular: Circular) -> tuple[PriorityCriterion, ...]:
    """The circular's priorities in order; the circumstance groups it gives priority
    or requires away come first."""
    groups = frozenset(circular.priority_circumstances) | frozenset(
        circular.required_away_circumstances
    )
    first = (PriorityCriterion(PriorityKind.CIRCUMSTANCE, groups=groups),) if groups else ()
    return first + tuple(
        PriorityCriterion(
            kind=PriorityKind(p.kind), region_ids=frozenset(r.pk for r in p.regions.all())
        )
        for p in circular.priorities.all()
    )


def _eligibility(circular) -> dict[str, object]:
    return {
        "eligible_job_types": frozenset(getattr(circular, "eligible_job_types", ())),
        "excludes_sanctioned": getattr(circular, "excludes_sanctioned", False),
        "new_employee_months": getattr(circular, "new_employee_months", None),
        "required_away_groups": frozenset(getattr(circular, "required_away_circumstances", ())),
    }


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


# --- which agencies a circular reaches -------------------------------------------------------
#
# One answer for governing, the impact of publishing and the notices: the rows become
# ``policy.layers`` facts and ``layers.reaches`` decides. Agency facts come in one
# query whatever the number of agencies: the chain of parents is read by joins, at
# most _MAX_CHAIN deep, as ``agency_chain`` walks it.

_UP = tuple("__".join(["parent"] * n) for n in range(1, _MAX_CHAIN))  # parent, parent__parent...


def reach_of(circular: Circular) -> layers.Reach:
    """Whom the circular can govern, as ``policy.layers`` reads it (agency loaded;
    its addressed regions read, or prefetched, when it addresses any)."""
    national = circular.agency.level == Agency.Level.MINISTRY
    return layers.Reach(
        agency_id=circular.agency_id,
        national=national,
        subordinates=circular.applies_to_subordinates,
        address=_address(circular) if national else None,
    )


def agency_facts(agencies: Iterable[Agency | int]) -> dict[int, layers.AgencyFacts]:
    """Each agency's facts (level, region, province, chain of parents) by id, in one query."""
    ids = [a if isinstance(a, int) else a.pk for a in agencies]
    return _facts_of(Agency.objects.filter(pk__in=ids)) if ids else {}


def _known_facts(agencies: Sequence[Agency]) -> dict[int, layers.AgencyFacts]:
    """The agencies' facts without a query when none has a parent (a province such as
    Banten or DKI, most pages' case); their province is added only when a circular
    addresses regions (``_with_provinces``)."""
    if any(a.parent_id is not None for a in agencies):
        return agency_facts(agencies)
    return {a.pk: layers.AgencyFacts(a.pk, a.level, a.region_id) for a in agencies}


def _with_provinces(facts: dict[int, layers.AgencyFacts]) -> dict[int, layers.AgencyFacts]:
    """The facts with the province of each agency's region (one query when any lacks it)."""
    missing = {f.region_id for f in facts.values() if f.region_id and not f.province}
    if not missing:
        return facts
    provinces = dict(Region.objects.filter(pk__in=missing).values_list("pk", "province"))
    return {
        pk: replace(f, province=provinces.get(f.region_id, "")) if f.region_id in missing else f
        for pk, f in facts.items()
    }


def _facts_of(queryset) -> dict[int, layers.AgencyFacts]:
    rows = queryset.values_list("pk", "level", "region_id", "region__province", *_UP)
    found = {}
    for pk, level, region_id, province, *up in rows:
        ancestors: list[int] = []
        for parent in up:
            if parent is None or parent == pk or parent in ancestors:
                break
            ancestors.append(parent)
        found[pk] = layers.AgencyFacts(pk, level, region_id, province or "", tuple(ancestors))
    return found


def _candidates(circular: Circular) -> Q:
    """Agencies the circular might reach (a superset: ``layers.reaches`` decides)."""
    found = Q(pk=circular.agency_id)
    if circular.applies_to_subordinates:
        for path in _UP:
            found |= Q(**{path: circular.agency_id})
    if circular.addressed_levels:
        found |= Q(level__in=list(circular.addressed_levels))
    return found


def reached_agency_ids(circulars: Iterable[Circular]) -> dict[int, list[int]]:
    """For each circular (agency loaded), the ids of the agencies it reaches: two
    queries for any number of circulars and agencies (agencies, addressed regions)."""
    circulars = list(circulars)
    if not circulars:
        return {}
    prefetch_related_objects([c for c in circulars if _addresses(c)], "addressed_regions")
    candidates = Q()
    for circular in circulars:
        candidates |= _candidates(circular)
    facts = _facts_of(Agency.objects.filter(candidates))
    found = {}
    for circular in circulars:
        reach = reach_of(circular)
        found[circular.pk] = sorted(pk for pk, f in facts.items() if layers.reaches(reach, f))
    return found


def reached_agencies(circular: Circular, *, also: Iterable[Circular] = ()) -> list[Agency]:
    """The agencies the circular reaches (with ``also``: those any of them reaches,
    e.g. the circular an amendment replaces), by name: three queries at most."""
    ids = reached_agency_ids([circular, *also])
    union = {pk for found in ids.values() for pk in found}
    return list(Agency.objects.filter(pk__in=union).order_by("name", "pk"))


def national_circulars_reaching(agency: Agency, circulars: QuerySet[Circular]) -> list[int]:
    """Ids of the ministries' circulars among ``circulars`` that reach the agency by
    address or as its ancestor's (``layers.reaches`` decides): three queries at most."""
    national = list(
        circulars.filter(agency__level=Agency.Level.MINISTRY)
        .select_related("agency")
        .prefetch_related("addressed_regions")
    )
    if not national:
        return []
    facts = agency_facts([agency])[agency.pk]
    return [c.pk for c in national if layers.reaches(reach_of(c), facts)]


# --- what the pages ask ---------------------------------------------------------------


def governing_circular(unit: Unit, day: date) -> Circular | None:
    """The primary published circular that governs the unit on the day, if any."""
    return load(unit.agency, day, day).primary(unit, day)


def policies_for_opd(opd: Unit, start: date, end: date) -> dict[date, DayPolicy]:
    """The DayPolicy of every date from start to end for an OPD: from the shared cache
    when a request has resolved them since the last change, else in a constant number
    of queries."""
    return _cached_policies(opd, start, end)


def governed(
    opd: Unit, start: date, end: date
) -> tuple[dict[date, DayPolicy], dict[int, Circular]]:
    """Each day's policy and the circulars that govern them (their conditions, hours)."""
    policies = _cached_policies(opd, start, end)
    ids = {pk for policy in policies.values() for pk in policy.applied_ids()}
    if not ids:
        return policies, {}
    circulars = Circular.objects.filter(pk__in=ids).prefetch_related("windows")
    return policies, {c.pk: c for c in circulars}


def circulars_in_force(opd: Unit, start: date, end: date) -> list[Circular]:
    """The circulars that govern the OPD on some day between start and end."""
    return load(opd.agency, start, end).in_force(opd)


def circular_policies(circular: Circular, opd: Unit, days: list[date]) -> dict[date, DayPolicy]:
    """``circular_policy`` on each of the days (resolved once when no limit has dates)."""
    term = _alone(circular, opd)
    unit = _unit_facts(opd)
    if not any(limit.start or limit.end for limit in term.limits):
        policy = layers.resolve_alone(term, unit)
        return dict.fromkeys(days, policy)
    return {day: layers.resolve_alone(term, unit, day) for day in days}


def circular_policy(circular: Circular, opd: Unit, day: date | None = None) -> DayPolicy:
    """What the circular alone rules for the OPD on a working day it governs.

    The pages that show one circular (its dashboard, its lampiran, the preview
    of a draft) ask this policy for the OPD's limit and exemption; priorities
    are left out (they order who goes, never change a limit, and would cost
    queries per OPD). Without a day, only the limits without dates apply.
    ``circular`` may be an unsaved ``summary.UnsavedTerms`` (pk 0).
    """
    return layers.resolve_alone(_alone(circular, opd), _unit_facts(opd), day)


def _alone(circular: Circular, opd: Unit) -> layers.Term:
    return layers.Term(
        circular_id=circular.pk or 0,
        number=circular.number,
        layer=layers.Layer.EVENT,
        agency_id=0,
        windows=(),
        arrangement=Mode(circular.arrangement),
        cap_percent=circular.cap_percent,
        limits=_limits(circular),
        unit_exempt_reason=exemption_reason(circular, opd),
        exempt_roles=frozenset(circular.exempt_roles),
        weekly_limit=circular.weekly_limit,
        **_eligibility(circular),
    )


# --- the shared cache of resolved policies ------------------------------------------------
#
# A page asks what governs an OPD over some days; the answer (plain DayPolicy values,
# never rows or querysets) is kept in the shared cache under the policy version
# (wfa_portal.soft_cache.versioned). Any change to what governs gives the version a
# new value, so the next request resolves afresh: one version for every agency,
# because a ministry's or a province's circular reaches agencies other than its own.
# Entries also expire after POLICY_CACHE_SECONDS, a bound on staleness should Redis
# miss a change while it was down.

POLICY_VERSION_KEY = "wfa:governing:version"
POLICY_CACHE_SECONDS = 600


def policies_changed(agency_id: int | None = None) -> None:
    """What governs agencies changed (a circular published, amended or revoked, a standing
    policy set, a day off): every cached policy is stale once the transaction commits.

    ``agency_id`` names the agency whose rules changed; the version is shared by all
    agencies because rules reach down to subordinate agencies and across from ministries.
    Bumped at once (the writer's own transaction reads its change) and again on commit
    (an answer another request resolved from the rows before the commit is dropped).
    """
    if settings.CACHE_FIGURES:
        _new_policy_version()
        transaction.on_commit(_new_policy_version)


def policies_changed_signal(sender, instance, **kwargs) -> None:
    """A circular, its rows or a day off saved or deleted anywhere (the admin included)."""
    policies_changed(getattr(instance, "agency_id", None))


def _new_policy_version() -> None:
    new_versions([POLICY_VERSION_KEY])


def _inside_a_transaction() -> bool:
    """A service's transaction is open (not only a test case's wrapper): what it
    resolves may come from rows nobody else sees yet, or ever, should it roll back, and
    a writer deciding under its locks must not read an answer cached before a change
    committed elsewhere. Such reads go to the rows and are not stored."""
    connection = transaction.get_connection()
    return any(not getattr(block, "_from_testcase", False) for block in connection.atomic_blocks)


def _policy_key(opd: Unit, start: date, end: date) -> str:
    # The unit's own facts are in the key: a change of category or office region
    # needs no bump. So is the language: reasons are translated when resolved.
    return "wfa:governing:{}:{}:{}:{}:{}:{}:{}".format(
        opd.pk,
        opd.agency_id,
        opd.category,
        opd.office_region_id,
        start.isoformat(),
        end.isoformat(),
        translation.get_language() or "",
    )


def _cached_policies(opd: Unit, start: date, end: date) -> dict[date, DayPolicy]:
    if _inside_a_transaction():
        return load(opd.agency, start, end).policies(opd)
    return versioned(
        POLICY_VERSION_KEY,
        _policy_key(opd, start, end),
        lambda: load(opd.agency, start, end).policies(opd),
        POLICY_CACHE_SECONDS,
    )


def daily_limits(
    agency: Agency, opds: list[Unit], days: list[date], headcount: dict[int, int]
) -> dict[int, list[int]]:
    """Each OPD's limit on each of the days for its headcount (0: none may go), as every
    circular that governs it sets it: one shared-cache read under the policy version.
    The OPDs' facts and headcounts are in the key, so neither needs a bump."""
    if not days:
        return {}

    def compute() -> dict[int, list[int]]:
        rules = load(agency, days[0], days[-1])
        return {
            opd.pk: [rules.policy(opd, d).limit_for(headcount.get(opd.pk, 0)) or 0 for d in days]
            for opd in opds
        }

    if _inside_a_transaction():
        return compute()
    facts = [(o.pk, o.category, o.office_region_id, headcount.get(o.pk, 0)) for o in opds]
    digest = hashlib.sha1(repr((days, facts)).encode(), usedforsecurity=False).hexdigest()
    key = f"wfa:governing:limits:{agency.pk}:{agency.parent_id}:{agency.region_id}:{digest}"
    return versioned(POLICY_VERSION_KEY, key, compute, POLICY_CACHE_SECONDS)
