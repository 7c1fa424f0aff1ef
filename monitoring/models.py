"""Attendance checks: who the inspectorate or BKPSDM found at an OPD's office on a day.

One check per OPD and day (recording again replaces its entries); an entry per
employee checked. An uploaded e-presence file waits as an AttendanceImport until
the uploader confirms it.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from organizations.models import Agency, Employee, Unit


class AttendanceCheck(models.Model):
    class Source(models.TextChoices):
        MANUAL = "manual", _("Dicatat langsung")
        IMPORT = "import", _("Impor e-presensi")

    unit = models.ForeignKey(
        Unit, verbose_name=_("OPD"), on_delete=models.PROTECT, related_name="attendance_checks"
    )
    day = models.DateField(_("tanggal"))
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diperiksa oleh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    source = models.CharField(
        _("sumber"), max_length=10, choices=Source.choices, default=Source.MANUAL
    )
    note = models.TextField(_("catatan"), blank=True)
    created_at = models.DateTimeField(_("dicatat"), auto_now_add=True)

    class Meta:
        ordering = ["-day", "unit__name"]
        verbose_name = _("pemeriksaan kehadiran")
        verbose_name_plural = _("pemeriksaan kehadiran")
        constraints = [
            models.UniqueConstraint(fields=["unit", "day"], name="attendance_check_once_per_day"),
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.day}"


class AttendanceEntry(models.Model):
    # Not "check": a field of that name would hide Model.check() from the system checks.
    attendance_check = models.ForeignKey(
        AttendanceCheck,
        verbose_name=_("pemeriksaan"),
        on_delete=models.CASCADE,
        related_name="entries",
    )
    employee = models.ForeignKey(
        Employee, verbose_name=_("pegawai"), on_delete=models.CASCADE, related_name="+"
    )
    present = models.BooleanField(_("hadir"), default=True)
    time_in = models.TimeField(_("jam masuk"), null=True, blank=True)

    class Meta:
        ordering = ["attendance_check", "employee__name"]
        verbose_name = _("kehadiran pegawai")
        verbose_name_plural = _("kehadiran pegawai")
        constraints = [
            models.UniqueConstraint(
                fields=["attendance_check", "employee"], name="attendance_entry_once_per_check"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.employee_id}: {'+' if self.present else '-'}"


class AttendanceImport(models.Model):
    """An uploaded e-presence file, checked and waiting for confirmation."""

    class Status(models.TextChoices):
        PREVIEW = "preview", _("Pratinjau")
        APPLIED = "applied", _("Diterapkan")

    agency = models.ForeignKey(
        Agency, verbose_name=_("instansi"), on_delete=models.CASCADE, related_name="+"
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diunggah oleh"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    filename = models.CharField(_("nama berkas"), max_length=200)
    rows = models.JSONField(_("baris"), default=list)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PREVIEW
    )
    created_at = models.DateTimeField(_("diunggah"), auto_now_add=True)
    applied_at = models.DateTimeField(_("diterapkan"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("impor kehadiran")
        verbose_name_plural = _("impor kehadiran")

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_status_display()})"
