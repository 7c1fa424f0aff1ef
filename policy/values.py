"""The plain values of the policy engine: a day's policy, a staff member, a cell, a violation.

Pure Python: nothing here imports Django, so the rules and the planner can be
tested and benchmarked without a database. The Django side (``circulars.governing``)
turns rows into these values, and the pages show the violations' messages.

``DayPolicy`` answers every question a reader asks about a day: is it open,
the limit for a headcount, whether a member is barred and why, the modes
allowed. No module outside ``policy`` computes any of these itself.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from policy import limits as caps

if TYPE_CHECKING:
    from policy.eligibility import Bar


class Mode(StrEnum):
    """Where an employee works on one day."""

    WFO = "WFO"  # at the office: always allowed
    WFA = "WFA"  # work from anywhere: a day away
    WFH = "WFH"  # work from home: a day away
    LEAVE = "CUTI"  # leave: recorded, does not count as away
    TRAVEL = "DL"  # official travel (dinas luar): recorded, does not count as away


AWAY_MODES: frozenset[Mode] = frozenset({Mode.WFA, Mode.WFH})
# Recorded, never judged: leave and official travel (the grid offers them in a menu).
ABSENCE_MODES: tuple[Mode, ...] = (Mode.LEAVE, Mode.TRAVEL)


class Severity(StrEnum):
    ERROR = "error"  # blocks saving or submitting
    WARNING = "warning"  # shown, never blocks


class Code(StrEnum):
    OUTSIDE_WINDOW = "OUTSIDE_WINDOW"
    NON_WORKING_DAY = "NON_WORKING_DAY"
    CAP_EXCEEDED = "CAP_EXCEEDED"
    TOO_FEW_AWAY = "TOO_FEW_AWAY"  # an office maximum (pandemic): too many at the office
    FRONTLINE_UNIT = "FRONTLINE_UNIT"
    EXEMPT_ROLE = "EXEMPT_ROLE"
    PERMISSION_REVOKED = "PERMISSION_REVOKED"
    JOB_TYPE_EXCLUDED = "JOB_TYPE_EXCLUDED"  # e.g. "only pelaksana may go"
    UNDER_SANCTION = "UNDER_SANCTION"  # a disciplinary sanction covers the day
    NEW_EMPLOYEE = "NEW_EMPLOYEE"  # appointed within the circular's N months
    WEEKLY_LIMIT = "WEEKLY_LIMIT"
    WRONG_MODE = "WRONG_MODE"
    NOT_ON_STAFF = "NOT_ON_STAFF"
    PRIORITY_SKIPPED = "PRIORITY_SKIPPED"
    REQUIRED_AWAY = "REQUIRED_AWAY"  # a member the circular requires away is at the office
    NO_COVER = "NO_COVER"
    # The standing regime (policy.standing): an arrangement and a pattern of hours.
    WEEKDAY_CLOSED = "WEEKDAY_CLOSED"  # a usual day away on a weekday the policy keeps closed
    HOURS_SHORT = "HOURS_SHORT"  # the pattern cannot reach the weekly hours
    START_OUTSIDE_WINDOW = "START_OUTSIDE_WINDOW"  # a start time outside the allowed window
    UNKNOWN_SHIFT = "UNKNOWN_SHIFT"  # a shift the policy does not define
    RECALLED = "RECALLED"  # the head called the member to the office that day


class PriorityKind(StrEnum):
    DOMICILE = "domicile"  # the employee lives in one of the regions
    OFFICE = "office"  # the employee's office (unit) stands in one of the regions
    CIRCUMSTANCE = "circumstance"  # the employee belongs to one of the groups


class JobType(StrEnum):
    """The three kinds of position of an ASN."""

    STRUCTURAL = "struktural"
    FUNCTIONAL = "fungsional"
    IMPLEMENTING = "pelaksana"


class Circumstance(StrEnum):
    """Groups a circular may give priority or require to be away."""

    PREGNANCY = "pregnancy"
    DISABILITY = "disability"
    YOUNG_CHILDREN = "young_children"
    DISASTER = "disaster"


@dataclass(frozen=True, slots=True)
class PriorityCriterion:
    kind: PriorityKind
    region_ids: frozenset[int] = frozenset()
    groups: frozenset[str] = frozenset()  # for CIRCUMSTANCE


@dataclass(frozen=True, slots=True)
class DayPolicy:
    """What governs one OPD on one date, as the layers resolved it.

    ``circular_id`` is None when no published circular governs the date: then
    no day away is allowed. ``cap_percent`` is already the effective share away
    for this OPD (the strictest of the general cap and every scoped share that
    applies); ``limits`` holds every other shape that applies to the OPD on the
    day (``policy.limits``): headcounts away, shares or headcounts that must
    stay, office maximums.

    Ask it rather than reading its fields: ``is_open()``, ``limit_for()``,
    ``is_barred()``/``bars()``, ``modes_allowed()``.
    """

    day: date
    working_day: bool
    non_working_reason: str = ""  # "Sabtu", "Hari Raya Idul Fitri", ...
    circular_id: int | None = None
    circular_number: str = ""
    arrangement: Mode | None = None  # Mode.WFA or Mode.WFH
    cap_percent: int = 0
    unit_exempt: bool = False  # frontline OPD: by category or by name
    unit_exempt_reason: str = ""
    exempt_roles: frozenset[str] = frozenset()
    weekly_limit: int | None = None  # days away per employee per ISO week
    priorities: tuple[PriorityCriterion, ...] = ()
    # Every circular that applied (policy.layers), the primary ``circular_id`` first.
    circular_ids: tuple[int, ...] = ()
    circular_numbers: tuple[str, ...] = ()
    limits: tuple[caps.Limit, ...] = ()
    # Eligibility per employee (policy.eligibility); empty job types: every type may go.
    eligible_job_types: frozenset[str] = frozenset()
    excludes_sanctioned: bool = False
    new_employee_months: int | None = None  # appointed within N months: not away
    required_away_groups: frozenset[str] = frozenset()  # circumstances that must be away

    def applied_ids(self) -> frozenset[int]:
        """Every circular that governs the day (the primary one at least)."""
        if self.circular_ids:
            return frozenset(self.circular_ids)
        return frozenset() if self.circular_id is None else frozenset({self.circular_id})

    def is_open(self) -> bool:
        """Whether a day away can be allowed at all: a working day under a circular."""
        return self.working_day and self.circular_id is not None

    def closed_reason(self) -> str:
        """Why no day away is possible: the holiday's name, "no-circular", or "" when open."""
        if not self.working_day:
            return self.non_working_reason
        return "" if self.circular_id is not None else "no-circular"

    def _bounds(self) -> tuple[caps.Limit, ...]:
        return (caps.Limit(caps.Shape.AWAY_SHARE, self.cap_percent), *self.limits)

    def cap_limit(self, headcount: int) -> int:
        """The most of ``headcount`` the limits let be away, ignoring a frontline OPD."""
        return caps.max_away(self._bounds(), headcount)

    def binding_limit(self, headcount: int) -> caps.Limit:
        """The limit that sets ``cap_limit`` (the share away when nothing is stricter)."""
        return caps.binding_limit(self._bounds(), headcount)[1] or self._bounds()[0]

    def office_limit(self, headcount: int) -> int | None:
        """The most of ``headcount`` who may be at the office: None when no office
        maximum applies (or the day is closed, or the OPD is frontline)."""
        binding = self.office_binding(headcount)
        return None if binding is None else binding.max_office(headcount)

    def office_binding(self, headcount: int) -> caps.Limit | None:
        if not self.is_open() or self.unit_exempt:
            return None
        return caps.max_office(self.limits, headcount)[1]

    def unit_cap_percent(self) -> int:
        """The cap as this OPD lives it: 0 for an exempt (frontline) OPD."""
        return 0 if self.unit_exempt else self.cap_percent

    def limit_for(self, headcount: int) -> int | None:
        """The most staff of this OPD who may be away: None on a closed day, 0 for an
        exempt (frontline) OPD, else what the cap allows of ``headcount``."""
        if not self.is_open():
            return None
        return 0 if self.unit_exempt else self.cap_limit(headcount)

    def arranged_modes(self) -> frozenset[Mode]:
        """The away modes the governing circular provides for on an open day, whatever
        the OPD: its arrangement, or either when it names none."""
        if not self.is_open():
            return frozenset()
        return AWAY_MODES if self.arrangement is None else frozenset({self.arrangement})

    def modes_allowed(self) -> frozenset[Mode]:
        """The away modes this OPD's staff may be rostered: the arranged ones, none
        for an exempt (frontline) OPD."""
        return frozenset() if self.unit_exempt else self.arranged_modes()

    def absence_modes(self) -> tuple[Mode, ...]:
        """Leave and travel, which may be recorded on any open day and are never judged."""
        return ABSENCE_MODES if self.is_open() else ()

    def barred_ids(self, members: Iterable[StaffMember]) -> frozenset[int]:
        """The ids of the members who may not be away on the day (one pass, no messages)."""
        from policy.eligibility import barred_ids

        return barred_ids(self, members)

    def proposed_mode(self) -> Mode | None:
        """The away mode the planner proposes (WFA when either is allowed), or None."""
        allowed = self.modes_allowed()
        if not allowed:
            return None
        return self.arrangement or Mode.WFA

    def is_barred(self, member: StaffMember) -> bool:
        """Whether the member may not be away under this policy (cheap: no messages)."""
        from policy.eligibility import is_barred

        return is_barred(self, member)

    def bars(self, member: StaffMember) -> tuple[Bar, ...]:
        """Every reason the member may not be away, with its code and messages."""
        from policy.eligibility import bars

        return bars(self, member)


@dataclass(frozen=True, slots=True)
class StaffMember:
    """An employee of the OPD, with what the rules need to know of them."""

    employee_id: int
    name: str
    sub_unit_id: int  # the unit they sit in (the OPD itself, or one of its sub-units)
    roles: frozenset[str] = frozenset()
    domicile_region_id: int | None = None
    office_region_id: int | None = None
    active_from: date | None = None  # None: since before the period checked
    active_until: date | None = None  # None: still on staff; inclusive
    revoked_circular_ids: frozenset[int] = frozenset()
    job_type: str = ""  # JobType value; "" when not recorded
    appointed: date | None = None  # first day of the TMT month (from the NIP)
    sanctions: tuple[tuple[date, date | None], ...] = ()  # disciplinary, inclusive; None: open
    circumstances: frozenset[str] = frozenset()  # Circumstance values declared
    # Duties outside the office or a special situation (keadaan khusus, Permen PANRB
    # 4/2025): the weekly limit of days away does not bind them.
    weekly_limit_exempt: bool = False
    # Days the head recalled the member to the office (standing flexible work): no day
    # away on them, whatever the policy allows.
    recalled_days: frozenset[date] = frozenset()

    def under_sanction(self, day: date) -> bool:
        return any(start <= day and (end is None or day <= end) for start, end in self.sanctions)

    def on_staff(self, day: date) -> bool:
        if self.active_from is not None and day < self.active_from:
            return False
        return self.active_until is None or day <= self.active_until


@dataclass(frozen=True, slots=True)
class Assignment:
    employee_id: int
    day: date
    mode: Mode


@dataclass(frozen=True, slots=True)
class Violation:
    code: Code
    severity: Severity
    day: date | None
    unit_id: int | None
    employee_id: int | None
    allowed: int | None
    requested: int | None
    message_id: str  # Indonesian
    message_en: str  # English

    def message(self, language: str) -> str:
        return self.message_en if language.startswith("en") else self.message_id


class LazyText:
    """The descriptor of ``Violation.message_id`` and ``message_en``: a slot that may
    hold, instead of the text, ``(template_id, template_en, fields)`` (from
    ``policy.check``; one tuple shared by both slots), the text being its language's
    ``template.format_map(fields)``, formatted on the first read and kept.

    Every reader (the attribute, ``message()``, ``==``, ``hash``, ``repr``, pickling,
    ``dataclasses.replace``) reads through it, so a violation reads and compares as
    if built with the text. Both languages' templates are chosen when the violation
    is built (nothing is translated on read), and the fields are immutable values,
    so the text is the one the build would have formatted."""

    __slots__ = ("_get", "_index", "_set", "slot")

    def __init__(self, slot: Any, index: int) -> None:
        self.slot = slot  # the slot's own descriptor, for ``policy.check``'s factory
        self._get = slot.__get__
        self._set = slot.__set__
        self._index = index  # of the template in the tuple

    def __get__(self, obj: object, owner: type | None = None) -> Any:
        if obj is None:
            return self
        value = self._get(obj, owner)
        if type(value) is tuple:
            value = value[self._index].format_map(value[2])
            self._set(obj, value)
        return value

    def __set__(self, obj: object, value: object) -> None:
        self._set(obj, value)


for _index, _name in enumerate(("message_id", "message_en")):
    setattr(Violation, _name, LazyText(Violation.__dict__[_name], _index))
del _index, _name


@dataclass(slots=True)
class RosterCheck:
    """Everything the rules need to judge one OPD over a set of days.

    ``assignments`` is the whole proposed state for those days (cells not
    listed are office days). ``away_days_elsewhere`` counts, per employee, the
    days away already held in the same window outside the days checked; the
    priority warning uses it.
    """

    unit_id: int
    staff: list[StaffMember]
    days: dict[date, DayPolicy]
    assignments: list[Assignment]
    away_days_elsewhere: dict[int, int] = field(default_factory=dict)
