"""Use cases that write rosters: save a week, submit it, return or accept it.

Every write of a week goes through ``save_week`` (the grid, the copy of last
week, the API, an approved request): it takes the locks of ``writer`` (the
employees whose cells change, then the OPD's day counters of the week, then the
roster), re-reads the stored cells inside the lock, validates the whole
resulting week with ``rules.check_roster`` and then has ``writer`` write every
changed cell or none.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from notifications import events
from organizations.models import Unit, User
from policy import check as rules
from policy.values import (
    AWAY_MODES,
    Assignment,
    DayPolicy,
    Mode,
    RosterCheck,
    StaffMember,
    Violation,
)
from wfa_portal.isoweek import week_days

from .. import writer
from ..models import Roster
from .selectors import (
    Cells,
    StaffRow,
    current_cells,
    last_week_pattern,
    staff_members,
    staff_of,
    week_policies,
    week_state,
)


@dataclass(frozen=True)
class CopiedWeek:
    """Last week's away pattern laid on this week: the cells to save, and whether
    anybody worked away last week at all."""

    cells: Cells
    had_away: bool


def copy_last_week(current: WeekCheck) -> CopiedWeek | None:
    """The copy-last-week rule ("Salin minggu lalu"): on this week's open days each
    employee takes last week's mode (the office where they had none); leave and travel
    are this week's facts, not a pattern, so they stay. None: there is no last week."""
    staff_ids = {e.pk for e in current.employees}
    pattern = last_week_pattern(current.opd, current.week_start, staff_ids)
    if pattern is None:
        return None
    open_days = [day for day, policy in current.policies.items() if policy.is_open()]
    cells = {
        (emp, day): pattern.get((emp, day), Mode.WFO)
        for emp in staff_ids
        for day in open_days
        if current.proposed.get((emp, day)) not in (Mode.LEAVE, Mode.TRAVEL)
    }
    return CopiedWeek(cells=cells, had_away=any(mode != Mode.WFO for mode in pattern.values()))


class RulesRefused(ValidationError):
    """A write the roster rules refuse: the rules' messages, and the violations
    themselves (the API answers them as 422 with the roster's violation shape)."""

    def __init__(self, violations: list[Violation], *, code: str = "rules", lead: str = "") -> None:
        language = translation.get_language() or "id"
        messages = ([lead] if lead else []) + [v.message(language) for v in violations]
        super().__init__([ValidationError(message, code=code) for message in messages])
        self.code = code
        self.violations = violations


@dataclass
class WeekCheck:
    """A proposed week and what the rules say of it."""

    opd: Unit
    week_start: date
    policies: dict[date, DayPolicy]
    employees: list[StaffRow]
    roster: Roster | None
    current: Cells
    proposed: Cells
    changed: Cells
    violations: list[Violation] = field(default_factory=list)
    # The staff as the rules judged them (the grid asks the policy who may be away).
    members: list[StaffMember] = field(default_factory=list)

    @property
    def errors(self) -> list[Violation]:
        return rules.errors(self.violations)

    @property
    def warnings(self) -> list[Violation]:
        return rules.warnings(self.violations)

    @property
    def adds_away(self) -> bool:
        """Whether any change puts someone away (WFA/WFH): only those can be refused."""
        return any(mode in AWAY_MODES for mode in self.changed.values())


@dataclass
class SaveResult:
    saved: bool
    roster: Roster | None
    violations: list[Violation]
    changed: int = 0
    check: WeekCheck | None = None

    @property
    def errors(self) -> list[Violation]:
        return rules.errors(self.violations)

    @property
    def warnings(self) -> list[Violation]:
        return rules.warnings(self.violations)


def check_week(*, opd: Unit, week_start: date, cells: Cells | None = None) -> WeekCheck:
    """Validate the stored week with ``cells`` applied on top; nothing is written or locked."""
    roster, current = week_state(opd, week_start)
    return _check(opd, week_start, cells or {}, current, roster)


@transaction.atomic
def save_week(*, opd: Unit, week_start: date, cells: Cells, actor: User) -> SaveResult:
    """Apply ``cells`` (employee id, date) -> mode to the OPD's week, all or nothing.

    ``cells`` is a patch over the stored week: cells not given keep their
    stored mode. Errors block the save unless the change puts nobody away
    (choosing the office, leave or travel is always allowed). Raises
    ValidationError when the week is not editable or a cell is outside the
    week or the OPD's staff.
    """
    _require_monday(week_start)
    lock = writer.lock_week(opd, week_start, employee_ids={emp for emp, _day in cells})
    roster = lock.roster
    _require_editable(roster)
    # Judged inside the locks, on the rows as they are now.
    result = _check(opd, week_start, cells, current_cells(opd, week_start), roster)
    if result.errors and result.adds_away:
        return SaveResult(saved=False, roster=roster, violations=result.violations, check=result)
    writer.write_week(lock, before=result.current, changed=result.changed, actor=actor)
    return SaveResult(
        saved=True,
        roster=roster,
        violations=result.violations,
        changed=len(result.changed),
        check=result,
    )


@transaction.atomic
def submit_week(*, opd: Unit, week_start: date, actor: User) -> SaveResult:
    """Hand the week to BKPSDM; refused while the stored week has errors."""
    _require_monday(week_start)
    roster = writer.lock_week(opd, week_start, employee_ids=()).roster
    _require_editable(roster)
    result = _check(opd, week_start, {}, current_cells(opd, week_start), roster)
    if result.errors:
        raise ValidationError(
            ngettext(
                "Jadwal belum dapat diajukan: masih ada %(n)d pelanggaran.",
                "Jadwal belum dapat diajukan: masih ada %(n)d pelanggaran.",
                len(result.errors),
            )
            % {"n": len(result.errors)},
            code="has_errors",
        )
    roster.status = Roster.Status.SUBMITTED
    roster.submitted_at = timezone.now()
    roster.submitted_by = actor
    roster.save(update_fields=["status", "submitted_at", "submitted_by", "updated_at"])
    return SaveResult(saved=True, roster=roster, violations=result.violations)


@transaction.atomic
def return_week(*, roster: Roster, actor: User, comment: str) -> Roster:
    """BKPSDM sends a submitted week back to the OPD as a draft, saying why."""
    comment = comment.strip()
    if not comment:
        raise ValidationError(
            _("Tulis alasan pengembalian untuk kepala OPD."), code="comment_required"
        )
    roster = _lock_submitted(roster, actor)
    roster.status = Roster.Status.DRAFT
    roster.return_comment = comment
    return _decide(roster, actor, ["return_comment"])


@transaction.atomic
def accept_week(*, roster: Roster, actor: User) -> Roster:
    """BKPSDM accepts a submitted week; it can no longer be changed."""
    roster = _lock_submitted(roster, actor)
    roster.status = Roster.Status.ACCEPTED
    return _decide(roster, actor, [])


# --- helpers -------------------------------------------------------------------


def _require_monday(week_start: date) -> None:
    if week_start.weekday() != 0:
        raise ValueError(f"week_start must be a Monday, got {week_start.isoformat()}")


def _require_editable(roster: Roster) -> None:
    if roster.status == Roster.Status.SUBMITTED:
        raise ValidationError(
            _(
                "Jadwal minggu ini sudah diajukan ke BKPSDM dan tidak dapat diubah "
                "sampai dikembalikan."
            ),
            code="submitted",
        )
    if roster.status == Roster.Status.ACCEPTED:
        raise ValidationError(
            _("Jadwal minggu ini sudah diterima BKPSDM dan tidak dapat diubah lagi."),
            code="accepted",
        )


def _check(
    opd: Unit, week_start: date, cells: Cells, current: Cells, roster: Roster | None
) -> WeekCheck:
    cells = {key: Mode(mode) for key, mode in cells.items()}
    employees = staff_of(opd)
    staff_ids = {e.pk for e in employees}
    days = set(week_days(week_start))
    _require_in_scope(cells, staff_ids, days)
    changed = {key: mode for key, mode in cells.items() if current.get(key, Mode.WFO) != mode}
    proposed = dict(current)
    for key, mode in changed.items():
        if mode == Mode.WFO:
            proposed.pop(key, None)
        else:
            proposed[key] = mode
    policies = week_policies(opd, week_start)
    members = staff_members(opd, employees, policies.values())
    check = RosterCheck(
        unit_id=opd.pk,
        staff=members,
        days=policies,
        assignments=[Assignment(emp, day, mode) for (emp, day), mode in proposed.items()],
    )
    return WeekCheck(
        opd=opd,
        week_start=week_start,
        policies=policies,
        employees=employees,
        roster=roster,
        current=current,
        proposed=proposed,
        changed=changed,
        violations=rules.check_roster(check),
        members=members,
    )


def _require_in_scope(cells: Cells, staff_ids: set[int], days: set[date]) -> None:
    for emp, day in cells:
        if emp not in staff_ids:
            raise ValidationError(
                _("Pegawai %(id)s bukan pegawai aktif OPD ini.") % {"id": emp},
                code="not_on_staff",
            )
        if day not in days:
            raise ValidationError(
                _("Tanggal %(day)s di luar minggu jadwal ini.") % {"day": day.isoformat()},
                code="outside_week",
            )


def _lock_submitted(roster: Roster, actor: User) -> Roster:
    roster = Roster.objects.select_for_update().select_related("unit").get(pk=roster.pk)
    if roster.status != Roster.Status.SUBMITTED:
        raise ValidationError(
            _("Hanya jadwal yang sedang diajukan yang dapat dikembalikan atau diterima."),
            code="not_submitted",
        )
    if roster.submitted_by_id == actor.pk:
        raise ValidationError(
            _("Anda tidak dapat memutuskan jadwal yang Anda ajukan sendiri."), code="own"
        )
    return roster


def _decide(roster: Roster, actor: User, fields: list[str]) -> Roster:
    roster.decided_at = timezone.now()
    roster.decided_by = actor
    roster.save(update_fields=["status", "decided_at", "decided_by", "updated_at", *fields])
    events.roster_decided(roster)
    return roster
