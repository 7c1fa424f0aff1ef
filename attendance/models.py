"""Attendance and work evidence: the duty a circular states, the location points, the
check-ins with their findings, the head's verification, daily reports, and imports
from regional attendance apps.

Nothing here changes the tables of circulars or organizations: the duty hangs on a
circular by a one-to-one link (a standing policy will get a link of its own), the
points on a unit and an employee the same way.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from organizations.models import Agency, Employee, Unit
from policy import attendance as rules

REPORT_MAX_LENGTH = 2000
NOTE_MAX_LENGTH = 500
MAX_RADIUS_M = 5000

LAT = [MinValueValidator(-90.0), MaxValueValidator(90.0)]
LNG = [MinValueValidator(-180.0), MaxValueValidator(180.0)]


class Place(models.TextChoices):
    OFFICE = rules.Place.OFFICE.value, _("Titik lokasi kantor (OPD)")
    HOME = rules.Place.HOME.value, _("Rumah yang tercatat")
    ANYWHERE = rules.Place.ANYWHERE.value, _("Di mana saja")


class Verifier(models.TextChoices):
    SUPERIOR = rules.Verifier.SUPERIOR.value, _("Atasan langsung")
    HEAD = rules.Verifier.HEAD.value, _("Kepala OPD")


def parse_times(text: str) -> list[str]:
    """ "07:30, 16:00" -> ["07:30", "16:00"], in order; ValidationError on a bad time."""
    from datetime import datetime

    found = []
    for part in [p.strip() for p in text.replace(";", ",").split(",") if p.strip()]:
        try:
            found.append(datetime.strptime(part.replace(".", ":"), "%H:%M").strftime("%H:%M"))
        except ValueError:
            raise ValidationError(
                _("Jam '%(value)s' tidak sah: gunakan JJ:MM, misalnya 07:30.") % {"value": part}
            ) from None
    if not found:
        raise ValidationError(_("Isi sedikitnya satu jam presensi, misalnya 07:30, 16:00."))
    if len(found) > 4:
        raise ValidationError(_("Paling banyak 4 jam presensi per hari."))
    if sorted(set(found)) != found:
        raise ValidationError(_("Jam presensi harus berurutan dan tidak berulang."))
    return found


class AttendanceDuty(models.Model):
    """How an employee away from the office proves they worked, as a circular states it.

    Applies on the employee's days away (WFA/WFH) that the circular governs. A
    standing policy gets its own one-to-one link next to ``circular`` later; the
    constraint then reads "exactly one owner".
    """

    circular = models.OneToOneField(
        "circulars.Circular",
        verbose_name=_("surat edaran"),
        null=True,
        on_delete=models.CASCADE,
        related_name="attendance_duty",
    )
    times = models.JSONField(_("jam presensi"), default=list)
    tolerance_minutes = models.PositiveSmallIntegerField(
        _("toleransi (menit)"), default=15, validators=[MaxValueValidator(180)]
    )
    place = models.CharField(_("tempat presensi"), max_length=10, choices=Place.choices)
    verifier = models.CharField(
        _("diverifikasi oleh"), max_length=10, choices=Verifier.choices, default=Verifier.HEAD
    )
    daily_report = models.BooleanField(_("wajib laporan kerja harian"), default=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)

    class Meta:
        verbose_name = _("kewajiban presensi")
        verbose_name_plural = _("kewajiban presensi")
        constraints = [
            models.CheckConstraint(condition=Q(circular__isnull=False), name="duty_has_owner"),
            models.CheckConstraint(
                condition=Q(tolerance_minutes__lte=180), name="duty_tolerance_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.circular_id}: {', '.join(self.times)}"

    def as_rule(self) -> rules.Duty:
        from datetime import time

        return rules.Duty(
            times=tuple(time.fromisoformat(t) for t in self.times),
            tolerance_minutes=self.tolerance_minutes,
            place=rules.Place(self.place),
        )

    @property
    def times_label(self) -> str:
        return ", ".join(self.times)


class LocationPoint(models.Model):
    """A point on the map with the radius a check-in may stand within (an office or a
    recorded home); who last changed it and when."""

    lat = models.FloatField(_("lintang"), validators=LAT)
    lng = models.FloatField(_("bujur"), validators=LNG)
    radius_m = models.PositiveIntegerField(
        _("radius (meter)"), default=100,
        validators=[MinValueValidator(10), MaxValueValidator(MAX_RADIUS_M)],
    )  # fmt: skip
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)

    class Meta:
        abstract = True

    def as_rule(self) -> rules.Point:
        return rules.Point(self.lat, self.lng, self.radius_m)


class OfficePoint(LocationPoint):
    """The location point of an OPD (or a sub-unit with its own building), with a radius."""

    unit = models.OneToOneField(
        Unit, verbose_name=_("unit kerja"), on_delete=models.CASCADE, related_name="office_point"
    )

    class Meta:
        verbose_name = _("titik lokasi kantor")
        verbose_name_plural = _("titik lokasi kantor")
        constraints = [
            models.CheckConstraint(
                condition=Q(lat__gte=-90, lat__lte=90, lng__gte=-180, lng__lte=180),
                name="office_point_on_earth",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id}: {self.lat}, {self.lng} ({self.radius_m} m)"


class HomePoint(LocationPoint):
    """An employee's recorded home: kept by BKPSDM or the head, never by the employee."""

    employee = models.OneToOneField(
        Employee, verbose_name=_("pegawai"), on_delete=models.CASCADE, related_name="home_point"
    )

    class Meta:
        verbose_name = _("rumah yang tercatat")
        verbose_name_plural = _("rumah yang tercatat")
        constraints = [
            models.CheckConstraint(
                condition=Q(lat__gte=-90, lat__lte=90, lng__gte=-180, lng__lte=180),
                name="home_point_on_earth",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.employee_id}: {self.lat}, {self.lng}"


class ImportSource(models.Model):
    """An attendance app's export format: which column is what, kept per agency so the
    next file of the same app needs no mapping."""

    class DateFormat(models.TextChoices):
        ISO = "%Y-%m-%d", "YYYY-MM-DD"
        DMY_SLASH = "%d/%m/%Y", "DD/MM/YYYY"
        DMY_DASH = "%d-%m-%Y", "DD-MM-YYYY"

    agency = models.ForeignKey(
        Agency, verbose_name=_("instansi"), on_delete=models.CASCADE, related_name="+"
    )
    name = models.CharField(_("nama aplikasi"), max_length=100)
    nip_column = models.CharField(_("kolom NIP"), max_length=100)
    date_column = models.CharField(_("kolom tanggal"), max_length=100)
    time_column = models.CharField(
        _("kolom jam"), max_length=100, blank=True, help_text=_("Kosong: jam ada di kolom tanggal.")
    )
    lat_column = models.CharField(_("kolom lintang"), max_length=100, blank=True)
    lng_column = models.CharField(_("kolom bujur"), max_length=100, blank=True)
    accuracy_column = models.CharField(_("kolom akurasi"), max_length=100, blank=True)
    device_column = models.CharField(_("kolom perangkat"), max_length=100, blank=True)
    date_format = models.CharField(
        _("format tanggal"), max_length=10, choices=DateFormat.choices, default=DateFormat.ISO
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("sumber impor presensi")
        verbose_name_plural = _("sumber impor presensi")
        constraints = [
            models.UniqueConstraint(fields=["agency", "name"], name="import_source_once"),
        ]

    def __str__(self) -> str:
        return self.name


class CheckInImport(models.Model):
    """A checked file of check-ins waiting for confirmation, then applied (all or none)."""

    class Status(models.TextChoices):
        PREVIEW = "preview", _("Pratinjau")
        QUEUED = "queued", _("Sedang diproses")
        APPLIED = "applied", _("Diterapkan")
        FAILED = "failed", _("Gagal")

    agency = models.ForeignKey(
        Agency, verbose_name=_("instansi"), on_delete=models.CASCADE, related_name="+"
    )
    source = models.ForeignKey(
        ImportSource, verbose_name=_("sumber"), on_delete=models.PROTECT, related_name="imports"
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    filename = models.CharField(_("nama berkas"), max_length=200)
    # Normalised rows: [employee id, ISO datetime, lat, lng, accuracy, device].
    rows = models.JSONField(_("baris"), default=list)
    total = models.PositiveIntegerField(_("jumlah baris"), default=0)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PREVIEW
    )
    created_at = models.DateTimeField(_("diunggah"), auto_now_add=True)
    applied_at = models.DateTimeField(_("diterapkan"), null=True, blank=True)
    created_count = models.PositiveIntegerField(_("presensi dicatat"), default=0)
    error = models.TextField(_("kesalahan"), blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("impor presensi")
        verbose_name_plural = _("impor presensi")

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_status_display()})"


class CheckIn(models.Model):
    """One check-in, from the portal or an imported file, with its findings (codes of
    ``policy.attendance.Finding``). Nothing ever refuses a check-in."""

    class Source(models.TextChoices):
        PORTAL = "portal", _("Portal")
        IMPORT = "import", _("Impor aplikasi presensi")

    employee = models.ForeignKey(
        Employee, verbose_name=_("pegawai"), on_delete=models.CASCADE, related_name="check_ins"
    )
    day = models.DateField(_("tanggal"))
    at = models.DateTimeField(_("waktu"))
    lat = models.FloatField(_("lintang"), null=True, blank=True, validators=LAT)
    lng = models.FloatField(_("bujur"), null=True, blank=True, validators=LNG)
    accuracy_m = models.FloatField(_("akurasi (meter)"), null=True, blank=True)
    device = models.CharField(_("perangkat"), max_length=100, blank=True)
    source = models.CharField(
        _("sumber"), max_length=10, choices=Source.choices, default=Source.PORTAL
    )
    batch = models.ForeignKey(
        CheckInImport, null=True, blank=True, on_delete=models.CASCADE, related_name="check_ins"
    )
    findings = models.JSONField(_("temuan"), default=list, blank=True)
    suspicious = models.BooleanField(_("mencurigakan"), default=False)
    created_at = models.DateTimeField(_("dicatat"), auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("presensi")
        verbose_name_plural = _("presensi")
        constraints = [
            models.UniqueConstraint(fields=["employee", "at"], name="checkin_once_per_instant"),
            models.CheckConstraint(
                condition=Q(lat__isnull=True, lng__isnull=True)
                | Q(lat__gte=-90, lat__lte=90, lng__gte=-180, lng__lte=180),
                name="checkin_on_earth",
            ),
        ]
        indexes = [models.Index(fields=["day", "employee"], name="checkin_day_employee")]

    def __str__(self) -> str:
        return f"{self.employee_id} {self.at:%Y-%m-%d %H:%M}"


class DayVerification(models.Model):
    """The head's word on an employee's check-ins of a day: verified, or disputed with a note."""

    class Status(models.TextChoices):
        VERIFIED = "verified", _("Diverifikasi")
        DISPUTED = "disputed", _("Dipersoalkan")

    employee = models.ForeignKey(
        Employee, verbose_name=_("pegawai"), on_delete=models.CASCADE, related_name="+"
    )
    day = models.DateField(_("tanggal"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    note = models.TextField(_("catatan"), blank=True, max_length=NOTE_MAX_LENGTH)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("waktu"), auto_now=True)

    class Meta:
        verbose_name = _("verifikasi presensi")
        verbose_name_plural = _("verifikasi presensi")
        constraints = [
            models.UniqueConstraint(fields=["employee", "day"], name="verification_once_per_day"),
            models.CheckConstraint(
                condition=~Q(status="disputed") | ~Q(note=""), name="dispute_has_note"
            ),
        ]
        indexes = [models.Index(fields=["day", "status"], name="verification_day_status")]

    def __str__(self) -> str:
        return f"{self.employee_id} {self.day}: {self.status}"


def report_path(instance: DailyReport, filename: str) -> str:
    """Where the single attachment of a report used to be stored (kept for migration 0002)."""
    return f"daily-reports/{instance.employee_id}/{instance.day:%Y-%m}/{filename}"


class DailyReport(models.Model):
    """What an employee did on a day away, against the targets of their work plan
    (``targets``, the standing arrangement's ``WorkTarget``), with up to five attachments."""

    employee = models.ForeignKey(
        Employee, verbose_name=_("pegawai"), on_delete=models.CASCADE, related_name="daily_reports"
    )
    day = models.DateField(_("tanggal"))
    text = models.TextField(_("laporan kerja"), max_length=REPORT_MAX_LENGTH)
    targets = models.ManyToManyField(
        "standing.WorkTarget",
        verbose_name=_("target rencana kerja"),
        through="ReportTarget",
        blank=True,
        related_name="+",
    )
    head_comment = models.TextField(_("komentar atasan"), blank=True, max_length=NOTE_MAX_LENGTH)
    commented_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    commented_at = models.DateTimeField(_("dikomentari"), null=True, blank=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)

    class Meta:
        ordering = ["-day"]
        verbose_name = _("laporan kerja harian")
        verbose_name_plural = _("laporan kerja harian")
        constraints = [
            models.UniqueConstraint(fields=["employee", "day"], name="report_once_per_day"),
        ]
        indexes = [models.Index(fields=["day", "employee"], name="report_day_employee")]

    def __str__(self) -> str:
        return f"{self.employee_id} {self.day}"


class ReportTarget(models.Model):
    """A daily report's link to a target of the employee's work plan."""

    report = models.ForeignKey(DailyReport, on_delete=models.CASCADE, related_name="target_links")
    target = models.ForeignKey(
        "standing.WorkTarget",
        verbose_name=_("target rencana kerja"),
        on_delete=models.CASCADE,
        related_name="report_links",
    )

    class Meta:
        verbose_name = _("target laporan kerja")
        verbose_name_plural = _("target laporan kerja")
        constraints = [
            models.UniqueConstraint(fields=["report", "target"], name="report_target_once"),
        ]

    def __str__(self) -> str:
        return f"{self.report_id} -> {self.target_id}"


MAX_ATTACHMENTS = 5
MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024


def attachment_path(instance: ReportAttachment, filename: str) -> str:
    # A random folder: a guessed path never reaches a file (downloads go through a view).
    return f"daily-reports/{uuid.uuid4().hex}/{filename[-80:]}"


class ReportAttachment(models.Model):
    """One file of a daily report: a PDF, PNG or JPEG of at most 5 MB (checked by its
    first bytes), at most five per report. Downloaded only through an access-checked view."""

    class Kind(models.TextChoices):
        PDF = "pdf", "PDF"
        PNG = "png", "PNG"
        JPEG = "jpeg", "JPEG"
        # A DOCX or XLSX attached before the types were narrowed (migration 0002).
        OTHER = "other", _("Lain (lampiran lama)")

    report = models.ForeignKey(DailyReport, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("berkas"), upload_to=attachment_path)
    name = models.CharField(_("nama berkas"), max_length=200)
    kind = models.CharField(_("jenis"), max_length=8, choices=Kind.choices)
    size = models.PositiveIntegerField(_("ukuran (bita)"))
    uploaded_at = models.DateTimeField(_("diunggah"), auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("lampiran laporan kerja")
        verbose_name_plural = _("lampiran laporan kerja")
        constraints = [
            models.CheckConstraint(
                condition=Q(size__lte=MAX_ATTACHMENT_BYTES), name="attachment_at_most_5mb"
            ),
        ]

    def __str__(self) -> str:
        return self.name
