"""Plain values shared by the roster rules and the planner.

Pure Python: nothing here imports Django, so the rules and the planner can be
tested and benchmarked without a database. The Django side (services) turns
rows into these values and violations back into messages on the page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum


class Mode(StrEnum):
    """Where an employee works on one day."""

    WFO = "WFO"  # at the office: always allowed
    WFA = "WFA"  # work from anywhere: a day away
    WFH = "WFH"  # work from home: a day away
    LEAVE = "CUTI"  # leave: recorded, does not count as away
    TRAVEL = "DL"  # official travel (dinas luar): recorded, does not count as away


AWAY_MODES: frozenset[Mode] = frozenset({Mode.WFA, Mode.WFH})


class Severity(StrEnum):
    ERROR = "error"  # blocks saving or submitting
    WARNING = "warning"  # shown, never blocks


class Code(StrEnum):
    OUTSIDE_WINDOW = "OUTSIDE_WINDOW"
    NON_WORKING_DAY = "NON_WORKING_DAY"
    CAP_EXCEEDED = "CAP_EXCEEDED"
    FRONTLINE_UNIT = "FRONTLINE_UNIT"
    EXEMPT_ROLE = "EXEMPT_ROLE"
    PERMISSION_REVOKED = "PERMISSION_REVOKED"
    WEEKLY_LIMIT = "WEEKLY_LIMIT"
    WRONG_MODE = "WRONG_MODE"
    NOT_ON_STAFF = "NOT_ON_STAFF"
    PRIORITY_SKIPPED = "PRIORITY_SKIPPED"
    NO_COVER = "NO_COVER"


class PriorityKind(StrEnum):
    DOMICILE = "domicile"  # the employee lives in one of the regions
    OFFICE = "office"  # the employee's office (unit) stands in one of the regions


@dataclass(frozen=True, slots=True)
class PriorityCriterion:
    kind: PriorityKind
    region_ids: frozenset[int]


@dataclass(frozen=True, slots=True)
class DayPolicy:
    """What governs one OPD on one date, as the circulars app resolved it.

    ``circular_id`` is None when no published circular governs the date: then
    no day away is allowed. ``cap_percent`` is already the effective cap for
    this OPD (the lowest of the general, category and OPD caps).
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
