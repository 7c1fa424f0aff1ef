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
from policy.values import Mode
from wfa_portal.isoweek import format_week

# Free text people write, the same on the pages, the API and the services (which check it).
NOTE_MAX_LENGTH = 500  # an employee's note to the head with a request
REASON_MAX_LENGTH = 1000  # a rejection, a revocation or a reinstatement


class ModeChoices(models.TextChoices):
    """The storable modes: the same values as ``policy.values.Mode``."""

    WFO = Mode.WFO.value, _("WFO (di kantor)")
    WFA = Mode.WFA.value, _("WFA (dari mana saja)")
    WFH = Mode.WFH.value, _("WFH (dari rumah)")
    LEAVE = Mode.LEAVE.value, _("Cuti")
    TRAVEL = Mode.TRAVEL.value, _("Dinas luar")


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
        return f"{self.unit} {format_week(self.week_start)}"

    @property
    def week_end(self) -> date:
        return self.week_start + timedelta(days=6)

    @property
    def iso_week(self) -> str:
        return format_week(self.week_start)

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

    # No index of its own: ``day_counter_once_per_day`` (unit, day) serves every lookup
    # by unit, and with a second one PostgreSQL picks it and reads years of days.
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("OPD"),
        on_delete=models.CASCADE,
        related_name="day_counters",
        db_index=False,
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


# --- Employees: requests, revocations, acknowledgements, calendar feeds ----------


class AwayRequestQuerySet(models.QuerySet):
    def pending(self) -> AwayRequestQuerySet:
        return self.filter(status=AwayRequest.Status.PENDING)


class AwayRequest(models.Model):
    """An employee asks for one day away under a circular (one row per day).

    Approval writes the day through ``services.save_week``, so a request never
    bypasses the cap or any rule; a refused approval leaves the request pending.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Menunggu keputusan")
        APPROVED = "approved", _("Disetujui")
        REJECTED = "rejected", _("Ditolak")
        WITHDRAWN = "withdrawn", _("Ditarik")

    employee = models.ForeignKey(
        Employee, verbose_name=_("pegawai"), on_delete=models.CASCADE, related_name="away_requests"
    )
    circular = models.ForeignKey(
        "circulars.Circular",
        verbose_name=_("surat edaran"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    day = models.DateField(_("tanggal"))
    mode = models.CharField(_("mode kerja"), max_length=4, choices=ModeChoices.choices)
    note = models.TextField(_("catatan"), blank=True, max_length=NOTE_MAX_LENGTH)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    created_at = models.DateTimeField(_("diajukan"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diputuskan oleh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("diputuskan"), null=True, blank=True)
    reason = models.TextField(_("alasan"), blank=True, max_length=REASON_MAX_LENGTH)

    objects = AwayRequestQuerySet.as_manager()

    class Meta:
        ordering = ["day", "pk"]
        verbose_name = _("permohonan hari di luar kantor")
        verbose_name_plural = _("permohonan hari di luar kantor")
        constraints = [
            models.UniqueConstraint(
                fields=["employee", "day"],
                condition=models.Q(status="pending"),
                name="away_request_one_pending_per_day",
            ),
        ]
        indexes = [models.Index(fields=["status", "day"], name="away_request_status_day")]

    def __str__(self) -> str:
        return f"{self.employee_id} {self.day}: {self.mode} ({self.status})"

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING


class RevocationQuerySet(models.QuerySet):
    def active(self) -> RevocationQuerySet:
        return self.filter(reinstated_at__isnull=True)


class Revocation(models.Model):
    """One employee's permission to work away under a circular, taken back (with a reason)."""

    employee = models.ForeignKey(
        Employee, verbose_name=_("pegawai"), on_delete=models.CASCADE, related_name="revocations"
    )
    circular = models.ForeignKey(
        "circulars.Circular",
        verbose_name=_("surat edaran"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    reason = models.TextField(_("alasan pencabutan"), max_length=REASON_MAX_LENGTH)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dicabut oleh"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    revoked_at = models.DateTimeField(_("dicabut"), default=timezone.now)
    reinstated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dipulihkan oleh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reinstated_at = models.DateTimeField(_("dipulihkan"), null=True, blank=True)
    reinstate_reason = models.TextField(
        _("alasan pemulihan"), blank=True, max_length=REASON_MAX_LENGTH
    )

    objects = RevocationQuerySet.as_manager()

    class Meta:
        ordering = ["-revoked_at", "-pk"]
        verbose_name = _("pencabutan izin")
        verbose_name_plural = _("pencabutan izin")
        constraints = [
            models.UniqueConstraint(
                fields=["employee", "circular"],
                condition=models.Q(reinstated_at__isnull=True),
                name="revocation_one_active",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.employee_id} / {self.circular_id}"

    @property
    def is_active(self) -> bool:
        return self.reinstated_at is None


class Acknowledgement(models.Model):
    """An employee confirmed a circular's conditions before their first day away under it."""

    employee = models.ForeignKey(
        Employee,
        verbose_name=_("pegawai"),
        on_delete=models.CASCADE,
        related_name="acknowledgements",
    )
    circular = models.ForeignKey(
        "circulars.Circular",
        verbose_name=_("surat edaran"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    acknowledged_at = models.DateTimeField(_("disetujui"), default=timezone.now)

    class Meta:
        verbose_name = _("persetujuan ketentuan")
        verbose_name_plural = _("persetujuan ketentuan")
        constraints = [
            models.UniqueConstraint(fields=["employee", "circular"], name="acknowledgement_once"),
        ]

    def __str__(self) -> str:
        return f"{self.employee_id} / {self.circular_id}"


class FeedToken(models.Model):
    """The secret of an employee's calendar feed URL.

    The feed is looked up by the SHA-256 of the token (unique index), so the
    lookup does not compare secrets byte by byte; the token itself is kept so
    its owner can copy the address again. Rotating replaces both.
    """

    employee = models.OneToOneField(
        Employee, verbose_name=_("pegawai"), on_delete=models.CASCADE, related_name="feed_token"
    )
    token = models.CharField(_("token"), max_length=64)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("dibuat"), default=timezone.now)

    class Meta:
        verbose_name = _("token kalender")
        verbose_name_plural = _("token kalender")

    def __str__(self) -> str:
        return f"{self.employee_id}"
