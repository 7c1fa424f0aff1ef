"""The Surat Edaran (circular) and what it rules.

A circular's rules are data: windows, caps, exemptions, priorities and
conditions. Which circular governs a unit on a day is answered in
``circulars.governing``; the narrowing rules are pure functions in
``circulars.narrowing``.
"""

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Max, Min, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organizations.models import Agency, Region, RoleTag, ServiceCategory, Unit


class Arrangement(models.TextChoices):
    WFA = "WFA", _("WFA (bekerja dari mana saja)")
    WFH = "WFH", _("WFH (bekerja dari rumah)")


class Relation(models.TextChoices):
    """What a circular declares about a published circular of the same agency whose
    dates it overlaps (``policy.layers.Relation``)."""

    NONE = "", _("Tidak tumpang tindih")
    AMENDS = "amends", _("Mengubah: menggantikan surat edaran lain pada tanggal yang sama")
    ADDS = "adds", _("Menambah: keduanya berlaku, aturan yang paling ketat yang dipakai")


REGIONAL_LEVELS = ("province", "regency", "city")


def validate_regional_levels(value: object) -> None:
    if not isinstance(value, list) or any(v not in REGIONAL_LEVELS for v in value):
        raise ValidationError(_("Tingkat pemerintah daerah tidak dikenal."), code="levels")


def validate_categories(value: object) -> None:
    if not isinstance(value, list) or any(v not in ServiceCategory.values for v in value):
        raise ValidationError(_("Kategori layanan tidak dikenal."), code="categories")


def validate_role_list(value: object) -> None:
    if not isinstance(value, list) or any(v not in RoleTag.values for v in value):
        raise ValidationError(_("Peran tidak dikenal."), code="roles")


class CircularQuerySet(models.QuerySet):
    def published(self) -> "CircularQuerySet":
        return self.filter(status=Circular.Status.PUBLISHED)

    def covering(self, day: date) -> "CircularQuerySet":
        """Circulars with a window that contains the day."""
        return self.filter(windows__start__lte=day, windows__end__gte=day).distinct()

    def overlapping(self, start: date, end: date) -> "CircularQuerySet":
        return self.filter(windows__start__lte=end, windows__end__gte=start).distinct()

    def in_force(self, day: date | None = None) -> "CircularQuerySet":
        """Published circulars whose last window has not ended yet."""
        day = day or timezone.localdate()
        return self.published().filter(windows__end__gte=day).distinct()

    def with_phase_bounds(self) -> "CircularQuerySet":
        """Annotate each circular's first and last window day, so ``phase()`` needs no query."""
        return self.annotate(
            first_window_day=Min("windows__start"), last_window_day=Max("windows__end")
        )

    def in_phase(self, phase: str, day: date | None = None) -> "CircularQuerySet":
        """Circulars in the phase on the day: the same rule as ``Circular.phase`` in SQL."""
        day = day or timezone.localdate()
        Status = Circular.Status
        if phase in (Phase.DRAFT, Phase.REVOKED, Phase.SUPERSEDED):
            return self.filter(status=phase)
        published = self.published().with_phase_bounds()
        if phase == Phase.COMING:
            return published.filter(first_window_day__gt=day)
        if phase == Phase.IN_FORCE:
            return published.filter(first_window_day__lte=day, last_window_day__gte=day)
        if phase == Phase.ENDED:
            return published.filter(Q(last_window_day__lt=day) | Q(last_window_day__isnull=True))
        if phase == Status.PUBLISHED:
            return self.published()
        return self.none()


class Phase(models.TextChoices):
    """Where a circular stands on a day: its status and its dates together.

    The one answer to "is it in force?" for every page, the PDF, the API and the
    notifications: ``Circular.phase(day)`` and ``CircularQuerySet.in_phase``.
    """

    DRAFT = "draft", _("Draf")
    COMING = "coming", _("Akan berlaku")
    IN_FORCE = "in_force", _("Berlaku")
    ENDED = "ended", _("Berakhir")
    REVOKED = "revoked", _("Dicabut")
    SUPERSEDED = "superseded", _("Diganti")


def phase_of(status: str, first_day: date | None, last_day: date | None, today: date) -> Phase:
    """The phase of a circular with this status and window bounds on ``today`` (pure)."""
    if status != "published":
        return Phase(status)
    if last_day is None or last_day < today:
        return Phase.ENDED
    if first_day is not None and first_day > today:
        return Phase.COMING
    return Phase.IN_FORCE


def signed_pdf_path(instance: "Circular", filename: str) -> str:
    return f"circulars/{instance.agency_id}/{instance.pk or 'new'}-signed.pdf"


class Circular(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draf")
        PUBLISHED = "published", _("Berlaku")
        REVOKED = "revoked", _("Dicabut")
        SUPERSEDED = "superseded", _("Diganti")

    agency = models.ForeignKey(
        Agency,
        verbose_name=_("instansi penerbit"),
        on_delete=models.PROTECT,
        related_name="circulars",
    )
    number = models.CharField(_("nomor"), max_length=100)
    title = models.CharField(_("tentang"), max_length=300)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    arrangement = models.CharField(
        _("pengaturan kerja"),
        max_length=3,
        choices=Arrangement.choices,
        default=Arrangement.WFA,
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("surat edaran induk"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        help_text=_("Surat edaran instansi yang lebih tinggi yang dipersempit oleh surat ini."),
    )
    amends = models.ForeignKey(
        "self",
        verbose_name=_("mengubah surat edaran"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="amendments",
    )
    effective_from = models.DateField(
        _("perubahan berlaku mulai"),
        null=True,
        blank=True,
        help_text=_(
            "Untuk surat edaran perubahan: sejak tanggal ini surat ini menggantikan surat yang "
            "diubahnya. Kosong: menggantikannya seluruhnya."
        ),
    )
    relation = models.CharField(
        _("hubungan dengan surat edaran lain"),
        max_length=6,
        choices=Relation.choices,
        default=Relation.NONE,
        blank=True,
        help_text=_(
            "Wajib dipilih bila tanggalnya tumpang tindih dengan surat edaran lain instansi ini "
            "yang sedang berlaku."
        ),
    )
    addressed_levels = models.JSONField(
        _("ditujukan kepada pemerintah daerah"),
        default=list,
        blank=True,
        validators=[validate_regional_levels],
        help_text=_(
            "Untuk surat edaran kementerian: tingkat pemerintah daerah yang diatur langsung, "
            "tanpa perlu rantai instansi induk."
        ),
    )
    addressed_regions = models.ManyToManyField(
        Region,
        verbose_name=_("hanya di wilayah"),
        blank=True,
        related_name="+",
        help_text=_("Kosong: seluruh wilayah. Provinsi mencakup kabupaten dan kota di dalamnya."),
    )

    # Identity and the letter itself.
    signatory_name = models.CharField(_("nama penanda tangan"), max_length=200, blank=True)
    signatory_rank = models.CharField(_("pangkat/golongan"), max_length=100, blank=True)
    signatory_nip = models.CharField(_("NIP penanda tangan"), max_length=30, blank=True)
    signatory_position = models.CharField(_("jabatan penanda tangan"), max_length=200, blank=True)
    issued_place = models.CharField(_("ditetapkan di"), max_length=100, blank=True)
    issued_on = models.DateField(_("pada tanggal"), null=True, blank=True)
    addressees = models.TextField(_("yth. (kepada)"), blank=True)
    legal_bases = models.TextField(_("dasar hukum"), blank=True, help_text=_("Satu per baris."))
    purpose = models.CharField(_("maksud dan tujuan"), max_length=300, blank=True)
    body = models.TextField(_("isi surat"), blank=True, help_text=_("Format Markdown."))
    copies_to = models.TextField(_("tembusan"), blank=True, help_text=_("Satu per baris."))
    signed_pdf = models.FileField(_("PDF bertanda tangan"), upload_to=signed_pdf_path, blank=True)

    # The rules.
    cap_percent = models.PositiveSmallIntegerField(
        _("batas pegawai di luar kantor (%)"),
        default=50,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    weekly_limit = models.PositiveSmallIntegerField(
        _("batas hari per pegawai per minggu"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(7)],
    )
    exempt_categories = models.JSONField(
        _("kategori layanan yang dikecualikan"),
        default=list,
        blank=True,
        validators=[validate_categories],
    )
    exempt_roles = models.JSONField(
        _("peran yang dikecualikan"), default=list, blank=True, validators=[validate_role_list]
    )
    exempt_units = models.ManyToManyField(
        Unit, verbose_name=_("OPD yang dikecualikan"), blank=True, related_name="+"
    )
    conditions = models.TextField(
        _("ketentuan bagi pegawai"), blank=True, help_text=_("Satu per baris.")
    )
    work_start = models.TimeField(_("jam kerja mulai"), null=True, blank=True)
    work_end = models.TimeField(_("jam kerja selesai"), null=True, blank=True)
    break_start = models.TimeField(_("istirahat mulai"), null=True, blank=True)
    break_end = models.TimeField(_("istirahat selesai"), null=True, blank=True)
    roster_deadline = models.DateField(_("batas pengisian jadwal"), null=True, blank=True)
    applies_to_subordinates = models.BooleanField(
        _("berlaku juga untuk instansi di bawahnya"), default=False
    )

    # Lifecycle.
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)
    published_at = models.DateTimeField(_("diterbitkan"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("dicabut"), null=True, blank=True)
    revoke_reason = models.TextField(_("alasan pencabutan"), blank=True)

    objects = CircularQuerySet.as_manager()

    class Meta:
        ordering = ["-issued_on", "-created_at"]
        verbose_name = _("surat edaran")
        verbose_name_plural = _("surat edaran")
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "number"], name="circular_number_unique_per_agency"
            ),
            models.CheckConstraint(
                condition=Q(cap_percent__gte=0, cap_percent__lte=100),
                name="circular_cap_0_100",
            ),
            models.CheckConstraint(
                condition=Q(weekly_limit__isnull=True) | Q(weekly_limit__gte=1),
                name="circular_weekly_limit_positive",
            ),
        ]
        indexes = [models.Index(fields=["agency", "status"], name="circular_agency_status")]

    def __str__(self) -> str:
        return f"SE {self.number}"

    @property
    def is_editable(self) -> bool:
        return self.status == self.Status.DRAFT

    def window_bounds(self) -> tuple[date | None, date | None]:
        """First and last window day: annotated (``with_phase_bounds``) or from the windows."""
        if hasattr(self, "last_window_day"):
            return self.first_window_day, self.last_window_day
        windows = list(self.windows.all()) if self.pk else []
        if not windows:
            return None, None
        return min(w.start for w in windows), max(w.end for w in windows)

    def phase(self, today: date | None = None) -> Phase:
        """Draft, published and coming, in force, ended, revoked or superseded on ``today``."""
        first, last = self.window_bounds()
        return phase_of(self.status, first, last, today or timezone.localdate())

    @property
    def current_phase(self) -> Phase:
        """``phase()`` for today, for templates."""
        return self.phase()

    def legal_basis_lines(self) -> list[str]:
        return [line.strip() for line in self.legal_bases.splitlines() if line.strip()]

    def condition_lines(self) -> list[str]:
        return [line.strip() for line in self.conditions.splitlines() if line.strip()]

    def copies_to_lines(self) -> list[str]:
        return [line.strip() for line in self.copies_to.splitlines() if line.strip()]

    def clean(self) -> None:
        errors = {}
        if self.work_start and self.work_end and self.work_start >= self.work_end:
            errors["work_end"] = _("Jam kerja selesai harus setelah jam mulai.")
        if self.break_start and self.break_end and self.break_start >= self.break_end:
            errors["break_end"] = _("Istirahat selesai harus setelah istirahat mulai.")
        if self.parent_id and self.parent_id == self.pk:
            errors["parent"] = _("Surat edaran tidak boleh menjadi induk dirinya.")
        if errors:
            raise ValidationError(errors)


class Window(models.Model):
    """An inclusive date range in which days away are allowed."""

    circular = models.ForeignKey(Circular, on_delete=models.CASCADE, related_name="windows")
    start = models.DateField(_("mulai"))
    end = models.DateField(_("sampai"))

    class Meta:
        ordering = ["start"]
        verbose_name = _("masa berlaku")
        verbose_name_plural = _("masa berlaku")
        constraints = [
            models.CheckConstraint(condition=Q(start__lte=models.F("end")), name="window_ordered")
        ]
        indexes = [models.Index(fields=["start", "end"], name="window_range")]

    def __str__(self) -> str:
        return f"{self.start:%d-%m-%Y} – {self.end:%d-%m-%Y}"

    def clean(self) -> None:
        if self.start and self.end and self.start > self.end:
            raise ValidationError({"end": _("Tanggal selesai tidak boleh sebelum tanggal mulai.")})


class Limit(models.Model):
    """One limit of a circular besides its general share away (``Circular.cap_percent``):
    a shape, a value and an optional scope. Every limit that applies to an OPD on a day
    binds it; the strictest wins (``policy.limits``). 0 is a valid value."""

    class Shape(models.TextChoices):
        AWAY_SHARE = "away_share", _("Paling banyak % pegawai di luar kantor")
        AWAY_COUNT = "away_count", _("Paling banyak sekian pegawai di luar kantor")
        STAY_SHARE = "stay_share", _("Paling sedikit % pegawai tetap di kantor")
        STAY_COUNT = "stay_count", _("Paling sedikit sekian pegawai tetap di kantor")
        OFFICE_MAX_SHARE = "office_max_share", _("Paling banyak % pegawai di kantor")
        OFFICE_MAX_COUNT = "office_max_count", _("Paling banyak sekian pegawai di kantor")

    SHARES = (Shape.AWAY_SHARE, Shape.STAY_SHARE, Shape.OFFICE_MAX_SHARE)

    circular = models.ForeignKey(Circular, on_delete=models.CASCADE, related_name="limits")
    shape = models.CharField(
        _("bentuk batas"), max_length=16, choices=Shape.choices, default=Shape.AWAY_SHARE
    )
    value = models.PositiveSmallIntegerField(_("nilai"))
    category = models.CharField(
        _("kategori layanan"), max_length=20, choices=ServiceCategory.choices, blank=True
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("OPD"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    region = models.ForeignKey(
        Region,
        verbose_name=_("lokasi kantor di wilayah"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    start = models.DateField(_("mulai"), null=True, blank=True)
    end = models.DateField(_("sampai"), null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("batas")
        verbose_name_plural = _("batas")
        constraints = [
            models.CheckConstraint(
                condition=~Q(shape__in=["away_share", "stay_share", "office_max_share"])
                | Q(value__lte=100),
                name="limit_share_0_100",
            ),
            models.CheckConstraint(
                condition=Q(start__isnull=True)
                | Q(end__isnull=True)
                | Q(start__lte=models.F("end")),
                name="limit_dates_ordered",
            ),
        ]

    def __str__(self) -> str:
        return describe_limit(self)


def describe_limit(limit: "Limit") -> str:
    """The limit in words, with its scope: "Paling banyak 25% pegawai di luar kantor
    (layanan Kesehatan; 1 Maret 2025 – 10 Maret 2025)"."""
    from django.utils.formats import date_format

    amount = f"{limit.value}%" if limit.shape in Limit.SHARES else str(limit.value)
    away_most = _("Paling banyak %(n)s pegawai di luar kantor")
    stay_least = _("Paling sedikit %(n)s pegawai tetap di kantor")
    office_most = _("Paling banyak %(n)s pegawai di kantor")
    words = {
        Limit.Shape.AWAY_SHARE: away_most,
        Limit.Shape.AWAY_COUNT: away_most,
        Limit.Shape.STAY_SHARE: stay_least,
        Limit.Shape.STAY_COUNT: stay_least,
        Limit.Shape.OFFICE_MAX_SHARE: office_most,
        Limit.Shape.OFFICE_MAX_COUNT: office_most,
    }
    text = words[Limit.Shape(limit.shape)] % {"n": amount}
    scope = []
    if limit.category:
        scope.append(
            _("layanan %(category)s") % {"category": ServiceCategory(limit.category).label}
        )
    if limit.unit_id:
        scope.append(str(limit.unit))
    if limit.region_id:
        scope.append(_("kantor di %(region)s") % {"region": limit.region})
    if limit.start or limit.end:
        start = date_format(limit.start, "j F Y") if limit.start else "…"
        end = date_format(limit.end, "j F Y") if limit.end else "…"
        scope.append(f"{start} – {end}")
    return f"{text} ({'; '.join(scope)})" if scope else str(text)


class Priority(models.Model):
    """One priority criterion, in order: who gets days away first."""

    class Kind(models.TextChoices):
        DOMICILE = "domicile", _("Domisili pegawai di wilayah")
        OFFICE = "office", _("Lokasi kantor di wilayah")

    circular = models.ForeignKey(Circular, on_delete=models.CASCADE, related_name="priorities")
    order = models.PositiveSmallIntegerField(_("urutan"), default=1)
    kind = models.CharField(_("kriteria"), max_length=10, choices=Kind.choices)
    regions = models.ManyToManyField(Region, verbose_name=_("wilayah"), related_name="+")

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("prioritas")
        verbose_name_plural = _("prioritas")

    def __str__(self) -> str:
        return f"{self.order}. {self.get_kind_display()}"


class CircularEvent(models.Model):
    """The history of a circular: who did what, when, and what changed."""

    class Action(models.TextChoices):
        CREATED = "created", _("dibuat")
        UPDATED = "updated", _("diubah")
        PUBLISHED = "published", _("diterbitkan")
        REVOKED = "revoked", _("dicabut")
        SUPERSEDED = "superseded", _("diganti")
        AMENDED = "amended", _("diubah dengan surat edaran baru")

    circular = models.ForeignKey(Circular, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("tindakan"), max_length=12, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("waktu"), default=timezone.now)
    changes = models.JSONField(_("perubahan"), default=dict, blank=True)
    note = models.TextField(_("catatan"), blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("riwayat surat edaran")
        verbose_name_plural = _("riwayat surat edaran")

    def __str__(self) -> str:
        return f"{self.circular}: {self.get_action_display()} ({self.at:%Y-%m-%d %H:%M})"


class CircularRead(models.Model):
    """Who has opened a published circular (shown to BKPSDM)."""

    circular = models.ForeignKey(Circular, on_delete=models.CASCADE, related_name="reads")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    first_read_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["circular", "user"], name="circular_read_once")
        ]

    def __str__(self) -> str:
        return f"{self.circular} / {self.user}"


class DayOff(models.Model):
    """A local change to the national calendar that BKPSDM keeps.

    ``off`` True adds a day off (a local holiday, an extra cuti bersama);
    ``off`` False cancels a national cuti bersama, making it a working day.
    """

    agency = models.ForeignKey(
        Agency, verbose_name=_("instansi"), on_delete=models.CASCADE, related_name="days_off"
    )
    day = models.DateField(_("tanggal"))
    name = models.CharField(_("keterangan"), max_length=200)
    off = models.BooleanField(_("libur"), default=True)

    class Meta:
        ordering = ["day"]
        verbose_name = _("hari libur lokal")
        verbose_name_plural = _("hari libur lokal")
        constraints = [
            models.UniqueConstraint(fields=["agency", "day"], name="day_off_once_per_agency")
        ]

    def __str__(self) -> str:
        return f"{self.day}: {self.name}"
