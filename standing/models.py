"""Standing flexible work (Permen PANRB 4/2025): the agency's policy, each employee's
arrangement, their applications with a work plan, and recalls to the office.

The rules themselves are pure functions in ``policy.standing``; the policy is
one layer of ``policy.layers`` (``circulars.governing`` loads it). Every
transition lives in ``standing.services``.
"""

from __future__ import annotations

import uuid
from datetime import date, time

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from circulars.models import Limit as CircularLimit
from circulars.models import validate_job_types
from organizations.models import Agency, Employee, validate_evidence
from policy.values import Mode

WEEKDAYS = (
    (0, _("Senin")),
    (1, _("Selasa")),
    (2, _("Rabu")),
    (3, _("Kamis")),
    (4, _("Jumat")),
)


def validate_weekdays(value: object) -> None:
    if not isinstance(value, list) or any(v not in range(5) for v in value):
        raise ValidationError(_("Hari kerja tidak dikenal (Senin sampai Jumat)."), code="weekdays")


def weekday_names(days) -> str:
    names = dict(WEEKDAYS)
    return ", ".join(str(names[d]) for d in sorted(days) if d in names)


class StandingPolicyQuerySet(models.QuerySet):
    def governing(self) -> StandingPolicyQuerySet:
        """Published, or ended (an ended policy still governs the days before its end)."""
        return self.filter(
            status__in=[StandingPolicy.Status.PUBLISHED, StandingPolicy.Status.ENDED]
        )

    def overlapping(self, start: date, end: date) -> StandingPolicyQuerySet:
        return self.filter(Q(end__isnull=True) | Q(end__gte=start), start__lte=end)


class StandingPolicy(models.Model):
    """An agency's standing flexible-work policy, numbered and dated like a circular."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Konsep")
        PUBLISHED = "published", _("Berlaku")
        ENDED = "ended", _("Diakhiri")

    agency = models.ForeignKey(
        Agency, verbose_name=_("instansi"), on_delete=models.CASCADE, related_name="+"
    )
    number = models.CharField(_("nomor"), max_length=100)
    title = models.CharField(_("tentang"), max_length=300)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    considerations = models.TextField(
        _("menimbang"),
        blank=True,
        help_text=_("Satu pertimbangan per baris. Kosong: pertimbangan baku Permen PANRB 4/2025."),
    )
    legal_bases = models.TextField(_("dasar hukum"), blank=True, help_text=_("Satu per baris."))
    signatory_name = models.CharField(_("nama penanda tangan"), max_length=200, blank=True)
    signatory_position = models.CharField(_("jabatan penanda tangan"), max_length=200, blank=True)
    issued_on = models.DateField(_("tanggal ditetapkan"), null=True, blank=True)
    start = models.DateField(_("berlaku mulai"))
    end = models.DateField(
        _("berlaku sampai"), null=True, blank=True, help_text=_("Kosong: tanpa batas akhir.")
    )
    weekly_limit = models.PositiveSmallIntegerField(
        _("batas hari di luar kantor per pegawai per minggu"),
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    open_weekdays = models.JSONField(
        _("hari yang dibuka untuk bekerja di luar kantor"),
        default=list,
        validators=[validate_weekdays],
    )
    cap_percent = models.PositiveSmallIntegerField(
        _("batas pegawai di luar kantor per hari (%)"),
        default=100,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    eligible_job_types = models.JSONField(
        _("hanya jenis jabatan ini yang boleh"),
        default=list,
        blank=True,
        validators=[validate_job_types],
        help_text=_("Kosong: semua jenis jabatan."),
    )
    excludes_sanctioned = models.BooleanField(
        _("pegawai yang sedang menjalani hukuman disiplin dikecualikan"), default=True
    )
    new_employee_months = models.PositiveSmallIntegerField(
        _("pegawai baru dikecualikan (bulan sejak TMT)"),
        null=True,
        blank=True,
        default=12,
        validators=[MaxValueValidator(120)],
    )
    earliest_start = models.TimeField(_("jam mulai paling awal"), default=time(7, 0))
    latest_start = models.TimeField(_("jam mulai paling lambat"), default=time(8, 30))
    weekly_minutes = models.PositiveSmallIntegerField(
        _("jam kerja per minggu (menit)"), default=37 * 60 + 30
    )
    ramadan_minutes = models.PositiveSmallIntegerField(
        _("jam kerja per minggu pada bulan Ramadan (menit)"), default=32 * 60 + 30
    )
    ramadan_start = models.DateField(_("Ramadan mulai"), null=True, blank=True)
    ramadan_end = models.DateField(_("Ramadan sampai"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    published_at = models.DateTimeField(_("diterbitkan"), null=True, blank=True)
    ended_at = models.DateTimeField(_("diakhiri"), null=True, blank=True)
    end_reason = models.TextField(_("alasan diakhiri"), blank=True)

    objects = StandingPolicyQuerySet.as_manager()

    class Meta:
        ordering = ["-start", "-pk"]
        verbose_name = _("kebijakan kerja fleksibel")
        verbose_name_plural = _("kebijakan kerja fleksibel")
        constraints = [
            models.UniqueConstraint(fields=["agency", "number"], name="standing_number_once"),
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")),
                name="standing_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}: {self.title}"

    def clean(self) -> None:
        if self.end and self.start and self.end < self.start:
            raise ValidationError({"end": _("Tanggal akhir harus sesudah tanggal mulai.")})
        if self.earliest_start and self.latest_start and self.latest_start < self.earliest_start:
            raise ValidationError(
                {"latest_start": _("Jam mulai paling lambat harus sesudah jam mulai paling awal.")}
            )

    @property
    def weekday_text(self) -> str:
        return weekday_names(self.open_weekdays)

    @property
    def weekly_hours(self) -> str:
        from policy.standing import hours_text

        return hours_text(self.weekly_minutes)

    @property
    def ramadan_hours(self) -> str:
        from policy.standing import hours_text

        return hours_text(self.ramadan_minutes)

    def in_ramadan(self, day: date) -> bool:
        return bool(self.ramadan_start and self.ramadan_end) and (
            self.ramadan_start <= day <= self.ramadan_end
        )


class StandingLimit(models.Model):
    """A cap of the policy, in any shape of ``policy.limits``, on some weekdays (or all)."""

    policy = models.ForeignKey(StandingPolicy, on_delete=models.CASCADE, related_name="limits")
    weekdays = models.JSONField(
        _("hari"), default=list, blank=True, validators=[validate_weekdays],
        help_text=_("Kosong: setiap hari yang dibuka."),
    )  # fmt: skip
    shape = models.CharField(
        _("bentuk batas"),
        max_length=16,
        choices=CircularLimit.Shape.choices,
        default=CircularLimit.Shape.AWAY_SHARE,
    )
    value = models.PositiveSmallIntegerField(_("nilai"))

    class Meta:
        ordering = ["pk"]
        verbose_name = _("batas per hari")
        verbose_name_plural = _("batas per hari")

    def __str__(self) -> str:
        return f"{self.shape} {self.value}"

    @property
    def weekday_text(self) -> str:
        return weekday_names(self.weekdays)

    def clean(self) -> None:
        if self.shape in CircularLimit.SHARES and self.value > 100:
            raise ValidationError({"value": _("Persentase paling besar 100.")})


class StandingShift(models.Model):
    """A shift the policy allows, with its hours."""

    policy = models.ForeignKey(StandingPolicy, on_delete=models.CASCADE, related_name="shifts")
    name = models.CharField(_("nama shift"), max_length=40)
    start = models.TimeField(_("mulai"))
    end = models.TimeField(_("selesai"))
    break_minutes = models.PositiveSmallIntegerField(_("istirahat (menit)"), default=60)

    class Meta:
        ordering = ["start", "pk"]
        verbose_name = _("shift")
        verbose_name_plural = _("shift")
        constraints = [
            models.UniqueConstraint(fields=["policy", "name"], name="standing_shift_name_once")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.start:%H:%M}-{self.end:%H:%M})"


class PolicyEvent(models.Model):
    """The history of a standing policy."""

    class Action(models.TextChoices):
        CREATED = "created", _("Dibuat")
        UPDATED = "updated", _("Diubah")
        PUBLISHED = "published", _("Diterbitkan")
        ENDED = "ended", _("Diakhiri")

    policy = models.ForeignKey(StandingPolicy, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("tindakan"), max_length=10, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(_("waktu"), default=timezone.now)
    note = models.TextField(_("catatan"), blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.policy_id} {self.action}"


class Place(models.TextChoices):
    HOME = "home", _("Rumah sesuai data kepegawaian")
    OTHER_OFFICE = "other_office", _("Kantor lain instansi")
    OTHER_LOCATION = "other_location", _("Lokasi lain sesuai kebutuhan tugas")


class WeeklyException(models.TextChoices):
    NONE = "", _("Tidak ada")
    OUTSIDE_DUTIES = "outside_duties", _("Tugas di luar kantor")
    SPECIAL = "special", _("Keadaan khusus")


class TaskCriteria(models.Model):
    """The four task criteria the unit head confirms (Permen PANRB 4/2025)."""

    ict_doable = models.BooleanField(_("dapat dikerjakan dengan TIK"), default=False)
    little_contact = models.BooleanField(_("sedikit tatap muka"), default=False)
    no_supervision = models.BooleanField(_("tanpa pengawasan terus-menerus"), default=False)
    no_equipment = models.BooleanField(_("tanpa peralatan khusus"), default=False)

    class Meta:
        abstract = True

    @property
    def criteria_met(self) -> bool:
        return self.ict_doable and self.little_contact and self.no_supervision and self.no_equipment


class ArrangementQuerySet(models.QuerySet):
    def current(self, day: date) -> ArrangementQuerySet:
        return self.filter(Q(end__isnull=True) | Q(end__gte=day), start__lte=day)

    def overlapping(self, start: date, end: date) -> ArrangementQuerySet:
        return self.filter(Q(end__isnull=True) | Q(end__gte=start), start__lte=end)


class Arrangement(TaskCriteria):
    """An employee's standing arrangement as the unit head decided it. A new one ends
    the one before (its end set), so the rows of an employee are their history."""

    employee = models.ForeignKey(
        Employee, verbose_name=_("pegawai"), on_delete=models.CASCADE, related_name="+"
    )
    policy = models.ForeignKey(
        StandingPolicy, verbose_name=_("kebijakan"), on_delete=models.PROTECT, related_name="+"
    )
    eligible = models.BooleanField(_("memenuhi syarat"), default=True)
    weekdays = models.JSONField(
        _("hari biasa di luar kantor"), default=list, blank=True, validators=[validate_weekdays]
    )
    place = models.CharField(_("tempat"), max_length=16, choices=Place.choices, default=Place.HOME)
    place_note = models.CharField(_("keterangan tempat"), max_length=200, blank=True)
    start_time = models.TimeField(_("jam mulai"), null=True, blank=True)
    shift = models.ForeignKey(
        StandingShift, verbose_name=_("shift"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )  # fmt: skip
    weekly_exception = models.CharField(
        _("pengecualian batas mingguan"),
        max_length=16,
        choices=WeeklyException.choices,
        default=WeeklyException.NONE,
        blank=True,
    )
    start = models.DateField(_("mulai"))
    end = models.DateField(_("sampai"), null=True, blank=True)
    application = models.ForeignKey(
        "Application", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(_("catatan"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("diputuskan"), default=timezone.now)

    objects = ArrangementQuerySet.as_manager()

    class Meta:
        ordering = ["-start", "-pk"]
        verbose_name = _("pengaturan kerja fleksibel")
        verbose_name_plural = _("pengaturan kerja fleksibel")
        indexes = [models.Index(fields=["employee", "start"], name="arrangement_employee_start")]

    def __str__(self) -> str:
        return f"{self.employee_id} {self.start}"

    @property
    def weekday_text(self) -> str:
        return weekday_names(self.weekdays)


class AwayMode(models.TextChoices):
    """The away modes a one-day application may ask for (``policy.values.AWAY_MODES``)."""

    WFA = Mode.WFA.value, _("WFA (dari mana saja)")
    WFH = Mode.WFH.value, _("WFH (dari rumah)")


def evidence_path(instance, filename: str) -> str:
    return f"standing/{instance.employee_id}/{uuid.uuid4().hex}/{filename[-80:]}"


class ApplicationQuerySet(models.QuerySet):
    def pending(self) -> ApplicationQuerySet:
        return self.filter(status=Application.Status.PENDING)


class Application(models.Model):
    """An employee applies for a standing arrangement (or one day) with a work plan."""

    class Kind(models.TextChoices):
        ARRANGEMENT = "arrangement", _("Pengaturan tetap")
        ONE_DAY = "one_day", _("Satu hari")

    class Status(models.TextChoices):
        PENDING = "pending", _("Menunggu keputusan")
        APPROVED = "approved", _("Disetujui")
        REJECTED = "rejected", _("Ditolak")
        WITHDRAWN = "withdrawn", _("Ditarik")

    employee = models.ForeignKey(
        Employee, verbose_name=_("pegawai"), on_delete=models.CASCADE, related_name="+"
    )
    policy = models.ForeignKey(
        StandingPolicy, verbose_name=_("kebijakan"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(
        _("jenis"), max_length=12, choices=Kind.choices, default=Kind.ARRANGEMENT
    )
    day = models.DateField(_("tanggal"), null=True, blank=True)
    weekdays = models.JSONField(
        _("hari di luar kantor"), default=list, blank=True, validators=[validate_weekdays]
    )
    place = models.CharField(_("tempat"), max_length=16, choices=Place.choices, default=Place.HOME)
    place_note = models.CharField(_("keterangan tempat"), max_length=200, blank=True)
    start_time = models.TimeField(_("jam mulai"), null=True, blank=True)
    start = models.DateField(_("mulai"), null=True, blank=True)
    mode = models.CharField(
        _("mode kerja"),
        max_length=4,
        choices=AwayMode.choices,
        default=AwayMode.WFA,
        help_text=_("Untuk permohonan satu hari: WFA atau WFH, sesuai yang dibuka pada hari itu."),
    )
    reason = models.TextField(_("alasan"), max_length=2000)
    evidence = models.FileField(
        _("berkas pendukung"), upload_to=evidence_path, blank=True,
        validators=[validate_evidence],
    )  # fmt: skip
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    created_at = models.DateTimeField(_("diajukan"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("diputuskan"), null=True, blank=True)
    decision_note = models.TextField(_("catatan keputusan"), blank=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("permohonan kerja fleksibel")
        verbose_name_plural = _("permohonan kerja fleksibel")
        constraints = [
            models.UniqueConstraint(
                fields=["employee"],
                condition=Q(status="pending"),
                name="standing_application_one_pending",
            )
        ]

    def __str__(self) -> str:
        return f"{self.employee_id} {self.kind} ({self.status})"

    @property
    def weekday_text(self) -> str:
        return weekday_names(self.weekdays)


class WorkTarget(models.Model):
    """One measurable target of an application's work plan: the employee reports its
    result (what shows it is done), the decider reviews it (met or not, a comment)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="targets")
    target = models.CharField(_("target"), max_length=300)
    evidence_of_done = models.CharField(_("bukti selesai"), max_length=300)
    result = models.TextField(_("hasil yang menunjukkan selesai"), blank=True, max_length=2000)
    result_note = models.TextField(_("catatan pegawai"), blank=True, max_length=2000)
    reported_at = models.DateTimeField(_("dilaporkan"), null=True, blank=True)
    met = models.BooleanField(_("tercapai"), null=True, blank=True)
    review_comment = models.TextField(_("komentar atasan"), blank=True, max_length=2000)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("dinilai"), null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("target rencana kerja")
        verbose_name_plural = _("target rencana kerja")
        constraints = [
            models.CheckConstraint(
                condition=Q(met__isnull=True) | Q(reported_at__isnull=False),
                name="target_reviewed_after_report",
            )
        ]
        indexes = [
            models.Index(
                fields=["reported_at"],
                condition=Q(reported_at__isnull=False, met__isnull=True),
                name="target_awaiting_review",
            )
        ]

    def __str__(self) -> str:
        return self.target

    @property
    def state(self) -> str:
        """What the target waits for, in words: a report, a review, or its outcome."""
        if self.met is True:
            return str(_("Tercapai"))
        if self.met is False:
            return str(_("Tidak tercapai"))
        if self.reported_at is not None:
            return str(_("Menunggu penilaian atasan"))
        return str(_("Belum dilaporkan"))


class Recall(models.Model):
    """A head calls an employee back to the office for a date and time, with a reason."""

    employee = models.ForeignKey(
        Employee, verbose_name=_("pegawai"), on_delete=models.CASCADE, related_name="+"
    )
    day = models.DateField(_("tanggal"))
    at = models.TimeField(_("jam hadir"))
    reason = models.TextField(_("alasan"), max_length=2000)
    recalled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("dipanggil"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("dikonfirmasi"), null=True, blank=True)
    released = models.PositiveSmallIntegerField(_("hari di luar kantor dibatalkan"), default=0)

    class Meta:
        ordering = ["-day", "-pk"]
        verbose_name = _("pemanggilan ke kantor")
        verbose_name_plural = _("pemanggilan ke kantor")
        constraints = [
            models.UniqueConstraint(fields=["employee", "day"], name="recall_once_a_day")
        ]

    def __str__(self) -> str:
        return f"{self.employee_id} {self.day}"

    @property
    def minutes_to_confirm(self) -> int | None:
        if self.confirmed_at is None:
            return None
        return int((self.confirmed_at - self.created_at).total_seconds() // 60)
