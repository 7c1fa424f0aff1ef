from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Q
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from .nip import normalize_nip, parse_ni_pppk, parse_nip


class NipField(models.CharField):
    """An 18-digit NIP, normalised from the spaced form people type."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 18)
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        return normalize_nip(value) if isinstance(value, str) else value

    def formfield(self, **kwargs):
        # Room for the spaces of "19660801 198803 1 001"; the model validates the rest.
        return super().formfield(**{"max_length": 30, **kwargs})


class User(AbstractUser):
    """A login. Roles come from Role rows and the linked Employee, never from flags here."""

    # The language the person last chose in the navbar: their notices are written in it.
    language = models.CharField(
        _("bahasa"),
        max_length=8,
        blank=True,
        choices=[("id", "Bahasa Indonesia"), ("en", "English")],
    )

    class Meta(AbstractUser.Meta):
        verbose_name = _("akun")
        verbose_name_plural = _("akun")


class Region(models.Model):
    """A kabupaten/kota (or a province, for offices such as DKI's)."""

    class Kind(models.TextChoices):
        PROVINCE = "province", _("Provinsi")
        REGENCY = "regency", _("Kabupaten")
        CITY = "city", _("Kota")

    code = models.CharField(_("kode BPS"), max_length=8, unique=True)
    name = models.CharField(_("nama"), max_length=100)
    kind = models.CharField(_("jenis"), max_length=10, choices=Kind.choices)
    province = models.CharField(_("provinsi"), max_length=100)
    is_jabodetabek = models.BooleanField(_("Jabodetabek"), default=False)

    class Meta:
        ordering = ["province", "name"]
        verbose_name = _("wilayah")
        verbose_name_plural = _("wilayah")

    def __str__(self) -> str:
        return self.name


class Agency(models.Model):
    """An instansi: a ministry or a regional government (Pemprov, Pemkab, Pemkot)."""

    class Level(models.TextChoices):
        MINISTRY = "ministry", _("Kementerian")
        PROVINCE = "province", _("Pemerintah Provinsi")
        REGENCY = "regency", _("Pemerintah Kabupaten")
        CITY = "city", _("Pemerintah Kota")

    code = models.SlugField(_("kode"), max_length=40, unique=True)
    name = models.CharField(_("nama"), max_length=200)
    short_name = models.CharField(_("nama singkat"), max_length=60)
    level = models.CharField(_("tingkat"), max_length=10, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("instansi induk"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    region = models.ForeignKey(
        Region, verbose_name=_("wilayah"), null=True, blank=True, on_delete=models.PROTECT
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("instansi")
        verbose_name_plural = _("instansi")

    def __str__(self) -> str:
        return self.short_name

    def clean(self) -> None:
        if self.level == self.Level.MINISTRY and self.parent_id:
            raise ValidationError({"parent": _("Kementerian tidak memiliki instansi induk.")})
        if self.pk and self.parent_id == self.pk:
            raise ValidationError({"parent": _("Instansi tidak boleh menjadi induk dirinya.")})


class ServiceCategory(models.TextChoices):
    """What an office does, in the terms circulars use to exempt frontline services.

    The list follows SE MenPAN-RB 1/2024's direct services plus the categories
    of the regional circulars in shared/domain.md.
    """

    SUPPORT = "support", _("Administrasi / dukungan pimpinan")
    HEALTH = "health", _("Kesehatan")
    EDUCATION = "education", _("Pendidikan")
    SECURITY = "security", _("Keamanan dan ketertiban umum")
    DISASTER = "disaster", _("Penanggulangan bencana")
    CIVIL_REGISTRY = "civil_registry", _("Kependudukan dan pencatatan sipil")
    LICENSING = "licensing", _("Perizinan / pelayanan terpadu satu pintu")
    TERRITORIAL = "territorial", _("Pelayanan kewilayahan (kecamatan, kelurahan)")
    TRANSPORT = "transport", _("Perhubungan / transportasi")
    OTHER_ESSENTIAL = "other_essential", _("Pelayanan esensial lainnya")


class UnitQuerySet(models.QuerySet):
    def opds(self) -> "UnitQuerySet":
        """Top-level units: the offices a circular's cap is counted for."""
        return self.filter(parent__isnull=True)


class Unit(models.Model):
    """An OPD (parent empty) or one of its sub-units (a bidang, a Puskesmas).

    Two levels only: a sub-unit's parent is an OPD. The cap is counted per OPD
    and its sub-units roll up to it.
    """

    agency = models.ForeignKey(
        Agency, verbose_name=_("instansi"), on_delete=models.PROTECT, related_name="units"
    )
    code = models.SlugField(_("kode"), max_length=40)
    name = models.CharField(_("nama"), max_length=200)
    short_name = models.CharField(_("nama singkat"), max_length=80)
    category = models.CharField(
        _("kategori layanan"),
        max_length=20,
        choices=ServiceCategory.choices,
        default=ServiceCategory.SUPPORT,
    )
    office_region = models.ForeignKey(
        Region,
        verbose_name=_("lokasi kantor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("OPD induk"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sub_units",
    )

    objects = UnitQuerySet.as_manager()

    class Meta:
        ordering = ["agency__name", "name"]
        verbose_name = _("unit kerja")
        verbose_name_plural = _("unit kerja")
        constraints = [
            models.UniqueConstraint(fields=["agency", "code"], name="unit_code_unique_per_agency"),
            models.CheckConstraint(condition=~Q(parent=models.F("id")), name="unit_not_own_parent"),
        ]

    def __str__(self) -> str:
        return self.short_name

    @property
    def opd_id(self) -> int:
        return self.parent_id or self.pk

    def clean(self) -> None:
        if self.parent is None:
            return
        if self.parent.parent_id is not None:
            raise ValidationError({"parent": _("Sub-unit hanya boleh berinduk pada OPD.")})
        if self.parent.agency_id != self.agency_id:
            raise ValidationError({"parent": _("OPD induk harus dari instansi yang sama.")})


class RoleTag(models.TextChoices):
    """Roles that circulars name: those who must stay at the office."""

    TREASURER = "treasurer", _("Bendahara")
    SUPERVISOR = "supervisor", _("Pengawas")
    ACTIVITY_LEADER = "activity_leader", _("Pimpinan kegiatan / PPTK")
    STRUCTURAL_HEAD = "structural_head", _("Pejabat struktural")


def validate_role_tags(value: object) -> None:
    valid = set(RoleTag.values)
    if not isinstance(value, list) or any(tag not in valid for tag in value):
        raise ValidationError(_("Peran tidak dikenal."), code="role_tags")


class EmployeeQuerySet(models.QuerySet):
    def active(self) -> "EmployeeQuerySet":
        return self.filter(active=True)

    def of_opd(self, opd_id: int) -> "EmployeeQuerySet":
        """Staff of an OPD, its sub-units included.

        Written as ``unit_id IN (the OPD and its sub-units)`` so PostgreSQL reads the
        staff through the ``employee_unit_active`` index; a condition on the joined
        unit's parent (``unit_id = X OR unit.parent_id = X``) scans every employee.
        """
        units = Unit.objects.filter(Q(pk=opd_id) | Q(parent_id=opd_id)).values("pk")
        return self.filter(unit_id__in=units)

    def with_opd(self) -> "EmployeeQuerySet":
        """Annotate ``opd_id``: the OPD each employee's unit rolls up to."""
        return self.annotate(opd_id=Coalesce("unit__parent_id", "unit_id"))

    def headcount_by_opd(self, opd_ids) -> dict[int, int]:
        """Active staff per OPD (sub-units included), in one query."""
        opd_ids = list(opd_ids)
        units = Unit.objects.filter(Q(pk__in=opd_ids) | Q(parent_id__in=opd_ids)).values("pk")
        rows = (
            self.active()
            .filter(unit_id__in=units)
            .with_opd()
            .values("opd_id")
            .annotate(n=Count("pk"))
            .order_by()
        )
        return {row["opd_id"]: row["n"] for row in rows}


class JobType(models.TextChoices):
    """The kind of position (``policy.values.JobType``): a circular may let only some go."""

    STRUCTURAL = "struktural", _("Struktural")
    FUNCTIONAL = "fungsional", _("Fungsional")
    IMPLEMENTING = "pelaksana", _("Pelaksana")


class AsnKind(models.TextChoices):
    PNS = "pns", _("PNS")
    PPPK = "pppk", _("PPPK")


class Employee(models.Model):
    """An ASN: a PNS, whose number is a NIP, or a PPPK, whose number is an NI PPPK."""

    # Checked in clean(): which number it is depends on ``asn_kind``.
    nip = NipField(_("NIP / NI PPPK"), unique=True)
    name = models.CharField(_("nama lengkap"), max_length=200)
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit kerja"), on_delete=models.PROTECT, related_name="employees"
    )
    position = models.CharField(_("jabatan"), max_length=200, blank=True)
    job_type = models.CharField(
        _("jenis jabatan"), max_length=10, choices=JobType.choices, blank=True
    )
    asn_kind = models.CharField(
        _("jenis ASN"), max_length=4, choices=AsnKind.choices, default=AsnKind.PNS
    )
    role_tags = models.JSONField(
        _("peran"), default=list, blank=True, validators=[validate_role_tags]
    )
    domicile_region = models.ForeignKey(
        Region,
        verbose_name=_("domisili"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="residents",
    )
    active = models.BooleanField(_("aktif"), default=True)
    # Who verifies the employee's attendance when a duty says "the direct superior";
    # same agency, never oneself, no loop (organizations/superiors.py, under a lock).
    superior = models.ForeignKey(
        "self",
        verbose_name=_("atasan langsung"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="subordinates",
    )
    user = models.OneToOneField(
        User,
        verbose_name=_("akun"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="employee",
    )

    objects = EmployeeQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("pegawai")
        verbose_name_plural = _("pegawai")
        indexes = [models.Index(fields=["unit", "active"], name="employee_unit_active")]

    def __str__(self) -> str:
        return f"{self.name} ({self.nip})"

    @property
    def role_labels(self) -> list[str]:
        return [str(RoleTag(tag).label) for tag in self.role_tags]

    def clean(self) -> None:
        if self.superior_id is not None and self.unit_id is not None:
            from .superiors import check_superior

            check_superior(self, self.superior)
        if not self.nip:
            return
        check = parse_ni_pppk if self.asn_kind == AsnKind.PPPK else parse_nip
        try:
            check(self.nip)
        except ValidationError as exc:
            raise ValidationError({"nip": exc.messages}) from None


class DisciplinarySanction(models.Model):
    """A disciplinary sanction (PP 94/2021) an employee serves: a circular may exclude
    staff under one from working away on the days it covers."""

    employee = models.ForeignKey(
        Employee, verbose_name=_("pegawai"), on_delete=models.CASCADE, related_name="sanctions"
    )
    start = models.DateField(_("mulai"))
    end = models.DateField(
        _("sampai"), null=True, blank=True, help_text=_("Kosong: belum selesai.")
    )
    note = models.TextField(_("keterangan"), blank=True)
    recorded_by = models.ForeignKey(
        User, verbose_name=_("dicatat oleh"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    recorded_at = models.DateTimeField(_("dicatat"), auto_now_add=True)

    class Meta:
        ordering = ["employee", "start"]
        verbose_name = _("hukuman disiplin")
        verbose_name_plural = _("hukuman disiplin")
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(start__lte=models.F("end")),
                name="sanction_dates_ordered",
            )
        ]

    def __str__(self) -> str:
        return f"{self.employee.name}: {self.start} – {self.end or '…'}"

    def clean(self) -> None:
        if self.start and self.end and self.start > self.end:
            raise ValidationError({"end": _("Tanggal selesai tidak boleh sebelum tanggal mulai.")})


def circumstance_path(instance: "EmployeeCircumstance", filename: str) -> str:
    return f"circumstances/{instance.employee_id}/{filename}"


def validate_evidence(upload) -> None:
    """A supporting file of at most 5 MB: a PDF or a photo (checked by its first bytes)."""
    if upload.size is not None and upload.size > 5 * 1024 * 1024:
        raise ValidationError(_("Berkas paling besar 5 MB."), code="evidence_too_large")
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if not (
        head.startswith(b"%PDF-") or head.startswith(b"\xff\xd8\xff") or head.startswith(b"\x89PNG")
    ):
        raise ValidationError(_("Berkas harus PDF, JPG atau PNG."), code="evidence_type")


class EmployeeCircumstance(models.Model):
    """A circumstance group an employee belongs to, declared with a note and an optional
    file: a circular may give the group priority or require it to work away."""

    class Kind(models.TextChoices):
        PREGNANCY = "pregnancy", _("Hamil")
        DISABILITY = "disability", _("Penyandang disabilitas")
        YOUNG_CHILDREN = "young_children", _("Memiliki anak kecil")
        DISASTER = "disaster", _("Terdampak bencana")

    employee = models.ForeignKey(
        Employee, verbose_name=_("pegawai"), on_delete=models.CASCADE, related_name="circumstances"
    )
    kind = models.CharField(_("keadaan"), max_length=16, choices=Kind.choices)
    note = models.TextField(_("keterangan"))
    evidence = models.FileField(
        _("berkas pendukung"), upload_to=circumstance_path, blank=True,
        validators=[validate_evidence],
    )  # fmt: skip
    until = models.DateField(_("berlaku sampai"), null=True, blank=True)
    declared_by = models.ForeignKey(
        User, verbose_name=_("dicatat oleh"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    declared_at = models.DateTimeField(_("dicatat"), auto_now_add=True)

    class Meta:
        ordering = ["employee", "kind"]
        verbose_name = _("keadaan khusus pegawai")
        verbose_name_plural = _("keadaan khusus pegawai")

    def __str__(self) -> str:
        return f"{self.employee.name}: {self.get_kind_display()}"


class Role(models.Model):
    """What a login may do, and where.

    BKPSDM admins and inspectors act for an agency; OPD heads and their
    operators act for an OPD. Employees need no row: their Employee record
    (linked to the user) is their role.
    """

    class Kind(models.TextChoices):
        BKPSDM_ADMIN = "bkpsdm_admin", _("Admin BKPSDM")
        INSPECTOR = "inspector", _("Inspektur")
        OPD_HEAD = "opd_head", _("Kepala OPD")
        OPERATOR = "operator", _("Operator OPD")

    AGENCY_KINDS = (Kind.BKPSDM_ADMIN, Kind.INSPECTOR)
    UNIT_KINDS = (Kind.OPD_HEAD, Kind.OPERATOR)

    user = models.ForeignKey(
        User, verbose_name=_("akun"), on_delete=models.CASCADE, related_name="roles"
    )
    kind = models.CharField(_("peran"), max_length=20, choices=Kind.choices)
    agency = models.ForeignKey(
        Agency, verbose_name=_("instansi"), null=True, blank=True, on_delete=models.CASCADE
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("OPD"), null=True, blank=True, on_delete=models.CASCADE
    )
    granted_by = models.ForeignKey(
        User,
        verbose_name=_("diberikan oleh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    class Meta:
        verbose_name = _("peran akun")
        verbose_name_plural = _("peran akun")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(
                        kind__in=["bkpsdm_admin", "inspector"],
                        agency__isnull=False,
                        unit__isnull=True,
                    )
                    | Q(kind__in=["opd_head", "operator"], agency__isnull=True, unit__isnull=False)
                ),
                name="role_scope_matches_kind",
            ),
            models.UniqueConstraint(
                fields=["user", "kind", "agency"],
                condition=Q(unit__isnull=True),
                name="role_unique_per_agency",
            ),
            models.UniqueConstraint(
                fields=["user", "kind", "unit"],
                condition=Q(agency__isnull=True),
                name="role_unique_per_unit",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.unit or self.agency}"

    def clean(self) -> None:
        if self.kind in self.AGENCY_KINDS and (self.agency_id is None or self.unit_id):
            raise ValidationError({"agency": _("Peran ini berlaku untuk satu instansi.")})
        if self.kind in self.UNIT_KINDS:
            if self.unit_id is None or self.agency_id:
                raise ValidationError({"unit": _("Peran ini berlaku untuk satu OPD.")})
            if self.unit.parent_id is not None:
                raise ValidationError({"unit": _("Pilih OPD, bukan sub-unit.")})


class ImportBatch(models.Model):
    """An uploaded employee master, checked and waiting for the admin to confirm it."""

    class Status(models.TextChoices):
        PREVIEW = "preview", _("Pratinjau")
        QUEUED = "queued", _("Sedang diproses")
        APPLIED = "applied", _("Diterapkan")
        FAILED = "failed", _("Gagal")

    agency = models.ForeignKey(
        Agency, verbose_name=_("instansi"), on_delete=models.CASCADE, related_name="+"
    )
    uploaded_by = models.ForeignKey(
        User,
        verbose_name=_("diunggah oleh"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    filename = models.CharField(_("nama berkas"), max_length=200)
    rows = models.JSONField(_("baris"), default=list)
    total = models.PositiveIntegerField(_("jumlah baris"), default=0)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PREVIEW
    )
    created_at = models.DateTimeField(_("diunggah"), auto_now_add=True)
    applied_at = models.DateTimeField(_("diterapkan"), null=True, blank=True)
    created_count = models.PositiveIntegerField(_("pegawai baru"), default=0)
    updated_count = models.PositiveIntegerField(_("pegawai diperbarui"), default=0)
    error = models.TextField(_("kesalahan"), blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("impor pegawai")
        verbose_name_plural = _("impor pegawai")

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_status_display()})"
