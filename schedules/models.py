"""Rosters: one OPD's week of assignments, their history, and the per-day lock rows.

Storage is sparse: an employee with no Assignment on a day works at the office
(WFO), as in ``RosterCheck``. Setting a cell back to WFO deletes its row.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organizations.models import Employee, Unit

from .domain import Mode


class ModeChoices(models.TextChoices):
    """The storable modes: the same values as ``schedules.domain.Mode``."""

    WFO = Mode.WFO.value, _("WFO (di kantor)")
    WFA = Mode.WFA.value, _("WFA (dari mana saja)")
    WFH = Mode.WFH.value, _("WFH (dari rumah)")
    LEAVE = Mode.LEAVE.value, _("Cuti")
    TRAVEL = Mode.TRAVEL.value, _("Dinas luar")


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


class RosterQuerySet(models.QuerySet):
    def submitted(self) -> RosterQuerySet:
        return self.filter(status=Roster.Status.SUBMITTED)

    def of_week(self, opd_id: int, week_start: date) -> RosterQuerySet:
        return self.filter(unit_id=opd_id, week_start=week_start)


class Roster(models.Model):
    """One OPD's schedule for one ISO week (``week_start`` is its Monday)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draf")
        SUBMITTED = "submitted", _("Diajukan")
        ACCEPTED = "accepted", _("Diterima")

    # Statuses in which the OPD may still change the week.
    EDITABLE = (Status.DRAFT,)

    unit = models.ForeignKey(
        Unit, verbose_name=_("OPD"), on_delete=models.PROTECT, related_name="rosters"
    )
    week_start = models.DateField(_("minggu mulai (Senin)"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    submitted_at = models.DateTimeField(_("diajukan"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diajukan oleh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("diputuskan"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diputuskan oleh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The last comment of BKPSDM when it returned the week; kept after resubmission.
    return_comment = models.TextField(_("catatan pengembalian"), blank=True)
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)

    objects = RosterQuerySet.as_manager()

    class Meta:
        ordering = ["-week_start", "unit__name"]
        verbose_name = _("jadwal mingguan")
        verbose_name_plural = _("jadwal mingguan")
        constraints = [
            models.UniqueConstraint(fields=["unit", "week_start"], name="roster_once_per_week"),
        ]
        indexes = [models.Index(fields=["status", "week_start"], name="roster_status_week")]

    def __str__(self) -> str:
        year, week, _day = self.week_start.isocalendar()
        return f"{self.unit} {year}-W{week:02d}"

    @property
    def week_end(self) -> date:
        return self.week_start + timedelta(days=6)

    @property
    def iso_week(self) -> str:
        year, week, _day = self.week_start.isocalendar()
        return f"{year}-W{week:02d}"

    @property
    def is_editable(self) -> bool:
        return self.status in self.EDITABLE

    @property
    def was_returned(self) -> bool:
        return self.status == self.Status.DRAFT and bool(self.return_comment)

    def clean(self) -> None:
        if self.week_start and self.week_start.weekday() != 0:
            raise ValidationError({"week_start": _("Minggu jadwal harus dimulai hari Senin.")})
        if self.unit_id and self.unit.parent_id is not None:
            raise ValidationError({"unit": _("Jadwal dibuat per OPD, bukan per sub-unit.")})


class AssignmentQuerySet(models.QuerySet):
    def between(self, start: date, end: date) -> AssignmentQuerySet:
        return self.filter(day__range=(start, end))

    def away(self) -> AssignmentQuerySet:
        return self.filter(mode__in=[Mode.WFA.value, Mode.WFH.value])


class Assignment(models.Model):
    """Where one employee works on one day (only days other than WFO are stored)."""

    roster = models.ForeignKey(
        Roster, verbose_name=_("jadwal"), on_delete=models.CASCADE, related_name="assignments"
    )
    employee = models.ForeignKey(
        Employee, verbose_name=_("pegawai"), on_delete=models.CASCADE, related_name="assignments"
    )
    day = models.DateField(_("tanggal"))
    mode = models.CharField(_("mode kerja"), max_length=4, choices=ModeChoices.choices)

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["day", "employee_id"]
        verbose_name = _("penugasan")
        verbose_name_plural = _("penugasan")
        constraints = [
            models.UniqueConstraint(fields=["employee", "day"], name="assignment_once_per_day"),
            models.CheckConstraint(
                condition=models.Q(mode__in=ModeChoices.values), name="assignment_mode_known"
            ),
        ]
        indexes = [models.Index(fields=["roster", "day"], name="assignment_roster_day")]

    def __str__(self) -> str:
        return f"{self.employee_id} {self.day}: {self.mode}"


class DayCounter(models.Model):
    """The away figure of one OPD on one day, and the row writers lock.

    Every roster write locks the counters of its days (ordered by day) with
    SELECT ... FOR UPDATE, so writers of one OPD serialise and writers of
    different OPDs never wait for each other.
    """

    unit = models.ForeignKey(
        Unit, verbose_name=_("OPD"), on_delete=models.CASCADE, related_name="day_counters"
    )
    day = models.DateField(_("tanggal"))
    away = models.PositiveIntegerField(_("di luar kantor"), default=0)

    class Meta:
        verbose_name = _("rekap harian")
        verbose_name_plural = _("rekap harian")
        constraints = [
            models.UniqueConstraint(fields=["unit", "day"], name="day_counter_once_per_day"),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.day}: {self.away}"


class AssignmentChange(models.Model):
    """History: one row per changed cell, who changed it and when."""

    roster = models.ForeignKey(
        Roster, verbose_name=_("jadwal"), on_delete=models.CASCADE, related_name="changes"
    )
    employee = models.ForeignKey(
        Employee, verbose_name=_("pegawai"), on_delete=models.CASCADE, related_name="+"
    )
    day = models.DateField(_("tanggal"))
    old_mode = models.CharField(_("dari"), max_length=4, choices=ModeChoices.choices)
    new_mode = models.CharField(_("menjadi"), max_length=4, choices=ModeChoices.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diubah oleh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    changed_at = models.DateTimeField(_("waktu"), default=timezone.now)

    class Meta:
        ordering = ["changed_at", "pk"]
        verbose_name = _("riwayat penugasan")
        verbose_name_plural = _("riwayat penugasan")
        indexes = [models.Index(fields=["roster", "changed_at"], name="change_roster_time")]

    def __str__(self) -> str:
        return f"{self.employee_id} {self.day}: {self.old_mode} → {self.new_mode}"
