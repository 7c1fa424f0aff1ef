"""Who may not be away under a day's policy, and why.

Pure Python. Each reason is a ``Bar`` with a stable code (``values.Code``) and
its message in Indonesian and English, ready to follow "cannot work away on
<day>: ". ``is_barred`` answers the same question without building messages;
``BarIndex`` answers it for a whole staff, day after day, for the hot paths of
the rules and the planner (a test keeps the two in agreement).

Reasons, in the order they are reported:

- EXEMPT_ROLE: the member holds a role the circular keeps at the office
  (treasurer, supervisor, activity leader...).
- PERMISSION_REVOKED: the member's permission to work away under a circular
  that governs the day (any of ``DayPolicy.applied_ids``) was revoked and not
  reinstated.
- JOB_TYPE_EXCLUDED: the circular lets only some job types go ("only pelaksana
  may go") and the member's is another, or is not recorded.
- UNDER_SANCTION: the circular excludes staff under a disciplinary sanction and
  one covers the day.
- NEW_EMPLOYEE: the circular excludes staff appointed within N months, and the
  member's TMT (from the NIP: its month for a PNS, January of its year for a
  PPPK, whose number holds no month) is fewer than N calendar months before
  the day's month.
- RECALLED: the head recalled the member to the office for the day (standing
  flexible work); whatever the policy allows, the day is an office day.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from policy.texts import (
    BAR_TEXTS,
    circular_names,
    format_date_en,
    format_date_id,
    job_type_names,
    role_names,
)
from policy.values import Code

if TYPE_CHECKING:
    from policy.values import DayPolicy, StaffMember

__all__ = [
    "Bar",
    "BarIndex",
    "bar_facts",
    "bar_facts_by",
    "bar_policy_facts",
    "bar_key",
    "barred_ids",
    "bars",
    "is_barred",
    "months_between",
]


@dataclass(frozen=True, slots=True)
class Bar:
    """One reason a member may not be away: a stable code and a clause in both languages."""

    code: Code
    message_id: str  # Indonesian, e.g. "sebagai bendahara wajib bekerja di kantor menurut ..."
    message_en: str
    detail: tuple[str, ...] = ()  # what the reason names: the roles, for EXEMPT_ROLE

    def message(self, language: str) -> str:
        return self.message_en if language.startswith("en") else self.message_id


def months_between(earlier: date, later: date) -> int:
    """Calendar months from ``earlier``'s month to ``later``'s (March to May: 2)."""
    return (later.year - earlier.year) * 12 + later.month - earlier.month


def _is_new(member: StaffMember, policy: DayPolicy) -> bool:
    months = policy.new_employee_months
    if months is None or member.appointed is None:
        return False
    return months_between(member.appointed, policy.day) < months


def bar_key(policy: DayPolicy) -> tuple[object, ...]:
    """What of a policy the bars that do not depend on the day depend on: policies
    with equal keys bar the same staff, but for sanctions and new employees."""
    return (policy.exempt_roles, policy.applied_ids(), policy.eligible_job_types)


def bar_policy_facts(policy: DayPolicy) -> tuple[object, ...]:
    """What of a policy ``bars`` reads: policies with equal facts give every member
    equal bars."""
    return (
        policy.day,
        policy.circular_id,
        policy.circular_number,
        policy.circular_ids,
        policy.circular_numbers,
        policy.exempt_roles,
        policy.eligible_job_types,
        policy.excludes_sanctioned,
        policy.new_employee_months,
    )


def bar_facts(policy: DayPolicy, member: StaffMember) -> tuple[object, ...]:
    """What of a member ``bars`` reads under the policy: under one policy, members
    with equal facts get equal bars (so a caller may keep the answer by them)."""
    return bar_facts_by(policy)(member)


def bar_facts_by(policy: DayPolicy) -> Callable[[StaffMember], tuple[object, ...]]:
    """``bar_facts`` under one policy, for many members (what it reads of the policy
    read once)."""
    day, months = policy.day, policy.new_employee_months
    sanctioned = policy.excludes_sanctioned
    # ``_is_new``, inline: new when months_between(appointed, day) < months, i.e. when
    # the appointment's month index is above the day's less ``months``.
    oldest_new = None if months is None else day.year * 12 + day.month - months

    def facts(member: StaffMember) -> tuple[object, ...]:
        appointed = member.appointed
        return (
            member.roles,
            member.revoked_circular_ids,
            member.job_type,
            appointed
            if oldest_new is not None
            and appointed is not None
            and appointed.year * 12 + appointed.month > oldest_new
            else None,
            member.sanctions if sanctioned else (),
            day in member.recalled_days,
        )

    return facts


def is_barred(policy: DayPolicy, member: StaffMember) -> bool:
    """Whether any reason of ``bars`` applies (no messages built)."""
    return _static_test(policy)(member) or _dated(policy, member)


def barred_ids(policy: DayPolicy, members: Iterable[StaffMember]) -> frozenset[int]:
    """The ids of the members ``is_barred`` names (one pass)."""
    static = _static_test(policy)
    return frozenset(m.employee_id for m in members if static(m) or _dated(policy, m))


def _static_test(policy: DayPolicy) -> Callable[[StaffMember], bool]:
    roles, applied = policy.exempt_roles, policy.applied_ids()
    job_types = policy.eligible_job_types

    def test(member: StaffMember) -> bool:
        return (
            bool(member.roles & roles)
            or not applied.isdisjoint(member.revoked_circular_ids)
            or bool(job_types and member.job_type not in job_types)
        )

    return test


def _dated(policy: DayPolicy, member: StaffMember) -> bool:
    sanctioned = policy.excludes_sanctioned and member.under_sanction(policy.day)
    return sanctioned or _is_new(member, policy) or policy.day in member.recalled_days


@dataclass(slots=True)
class BarIndex:
    """``barred_ids`` for one staff over many days and policies, fast.

    The bars that do not depend on the day are computed once per ``bar_key``;
    sanctions only look at the few members who have one, and new employees are
    found once per first month that still counts as new.
    """

    members: list[StaffMember]
    _static: dict[tuple[object, ...], frozenset[int]] = field(default_factory=dict)
    _sanctioned: list[StaffMember] = field(default_factory=list)
    _recalled: list[StaffMember] = field(default_factory=list)
    _new: dict[int, frozenset[int]] = field(default_factory=dict)  # by oldest_new month
    # For the bars that do not depend on the day: the few members with a role or a
    # revocation.
    _with_roles: list[StaffMember] = field(default_factory=list)
    _with_revoked: list[StaffMember] = field(default_factory=list)

    def __post_init__(self) -> None:
        members = self.members
        self._sanctioned = [m for m in members if m.sanctions]
        self._recalled = [m for m in members if m.recalled_days]
        self._with_roles = [m for m in members if m.roles]
        self._with_revoked = [m for m in members if m.revoked_circular_ids]

    def barred(self, policy: DayPolicy) -> frozenset[int]:
        found = self.static(policy)
        dated = self._dated(policy)
        return found | dated if dated else found

    def static(self, policy: DayPolicy) -> frozenset[int]:
        """The part of ``barred`` that does not depend on the day (the same frozenset
        for every policy of one ``bar_key``)."""
        key = bar_key(policy)
        found = self._static.get(key)
        if found is None:
            found = self._static[key] = self._static_ids(policy)
        return found

    def _static_ids(self, policy: DayPolicy) -> frozenset[int]:
        """``_static_test`` for every member, by the few groups it can hold."""
        roles, applied = policy.exempt_roles, policy.applied_ids()
        job_types = policy.eligible_job_types
        found = {m.employee_id for m in self._with_roles if m.roles & roles}
        found.update(
            m.employee_id
            for m in self._with_revoked
            if not applied.isdisjoint(m.revoked_circular_ids)
        )
        if job_types:
            found.update(m.employee_id for m in self.members if m.job_type not in job_types)
        return frozenset(found)

    def _appointed_after(self, month: int) -> frozenset[int]:
        """The members whose appointment month index (year * 12 + month) is above ``month``."""
        year = month // 12  # the month after ``month`` starts in this year...
        first = date(year, month % 12 + 1, 1) if 1 <= year <= 9999 else None
        if first is None:
            # Out of the calendar: every appointed member is new, or none is.
            return frozenset(
                m.employee_id for m in self.members if m.appointed is not None and year < 1
            )
        return frozenset(
            [
                m.employee_id
                for m in self.members
                if m.appointed is not None and m.appointed >= first
            ]
        )

    def _dated(self, policy: DayPolicy) -> frozenset[int]:
        day = policy.day
        found: set[int] = set()
        if policy.excludes_sanctioned:
            found.update(m.employee_id for m in self._sanctioned if m.under_sanction(day))
        if policy.new_employee_months is not None:
            # New: months_between(appointed, day) < N, i.e. appointed month > day's - N.
            oldest_new = day.year * 12 + day.month - policy.new_employee_months
            new = self._new.get(oldest_new)
            if new is None:
                new = self._new[oldest_new] = self._appointed_after(oldest_new)
            found.update(new)
        found.update(m.employee_id for m in self._recalled if day in m.recalled_days)
        return frozenset(found)


def bars(policy: DayPolicy, member: StaffMember) -> tuple[Bar, ...]:
    """Every reason the member may not be away under the policy, in a fixed order."""
    if not is_barred(policy, member):
        return ()
    circ = circular_names(policy.circular_number)
    found = []
    if roles := tuple(sorted(member.roles & policy.exempt_roles)):
        found.append(_bar(Code.EXEMPT_ROLE, circ | role_names(roles), detail=roles))
    if revoked := policy.applied_ids() & member.revoked_circular_ids:
        number = _number_of(policy, min(revoked))
        found.append(_bar(Code.PERMISSION_REVOKED, circular_names(number)))
    if policy.eligible_job_types and member.job_type not in policy.eligible_job_types:
        names = job_type_names(member.job_type, tuple(sorted(policy.eligible_job_types)))
        found.append(_bar(Code.JOB_TYPE_EXCLUDED, circ | names, detail=(member.job_type,)))
    if policy.excludes_sanctioned and member.under_sanction(policy.day):
        found.append(_bar(Code.UNDER_SANCTION, circ | _sanction_span(member, policy.day)))
    if _is_new(member, policy):
        assert member.appointed is not None  # _is_new needs it
        fields = circ | {
            "months": str(policy.new_employee_months),
            "tmt_id": f"{member.appointed.month:02d}/{member.appointed.year}",
            "tmt_en": f"{member.appointed.month:02d}/{member.appointed.year}",
        }
        found.append(_bar(Code.NEW_EMPLOYEE, fields))
    if policy.day in member.recalled_days:
        found.append(
            _bar(
                Code.RECALLED,
                {"date_id": format_date_id(policy.day), "date_en": format_date_en(policy.day)},
            )
        )
    return tuple(found)


def _sanction_span(member: StaffMember, day: date) -> dict[str, str]:
    start, end = next((s, e) for s, e in member.sanctions if s <= day and (e is None or day <= e))
    if end is None:
        return {
            "span_id": f"sejak {format_date_id(start)}",
            "span_en": f"since {format_date_en(start)}",
        }
    return {
        "span_id": f"{format_date_id(start)} sampai {format_date_id(end)}",
        "span_en": f"{format_date_en(start)} to {format_date_en(end)}",
    }


def _number_of(policy: DayPolicy, circular_id: int) -> str:
    numbers = dict(zip(policy.circular_ids, policy.circular_numbers, strict=False))
    return numbers.get(circular_id, policy.circular_number)


def _bar(code: Code, fields: dict[str, str], *, detail: tuple[str, ...] = ()) -> Bar:
    text_id, text_en = BAR_TEXTS[code]
    return Bar(code, text_id.format(**fields), text_en.format(**fields), detail)
