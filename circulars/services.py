"""Use cases of a circular's life: draft, edit, publish, amend, revoke.

Each function takes keyword-only arguments, runs in one transaction and raises
``ValidationError`` with field errors (keys are form field names, plus
``windows``, ``limits`` and ``priorities`` for the rows) before it
writes anything. Views only translate those errors into the page.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from notifications import events
from organizations.dates import long_date
from organizations.models import Agency, Region, RoleTag, ServiceCategory, Unit, User
from policy import limits as caps

from . import impact
from .governing import policies_changed
from .models import (
    REGIONAL_LEVELS,
    Arrangement,
    Circular,
    CircularEvent,
    CircularRead,
    Limit,
    Priority,
    Relation,
    Window,
    describe_limit,
)
from .narrowing import Problem, Terms, narrowing_problems, window_problems
from .rendering import contains_script

MAX_PDF_BYTES = 10 * 1024 * 1024

# Plain model fields a draft carries (everything but the rows and the file).
SCALAR_FIELDS = (
    "number",
    "title",
    "arrangement",
    "parent",
    "signatory_name",
    "signatory_rank",
    "signatory_nip",
    "signatory_position",
    "issued_place",
    "issued_on",
    "addressees",
    "legal_bases",
    "purpose",
    "body",
    "copies_to",
    "cap_percent",
    "weekly_limit",
    "exempt_categories",
    "exempt_roles",
    "conditions",
    "work_start",
    "work_end",
    "break_start",
    "break_end",
    "roster_deadline",
    "applies_to_subordinates",
    "relation",
    "effective_from",
    "addressed_levels",
    "eligible_job_types",
    "excludes_sanctioned",
    "new_employee_months",
    "priority_circumstances",
    "required_away_circumstances",
)


@dataclass(frozen=True)
class LimitRule:
    """One limit of any shape (``Limit.Shape``), with its optional scope: a service
    category, an OPD, the OPD's office region and a date range, in any combination."""

    shape: str
    value: int
    category: str = ""
    unit: Unit | None = None
    region: Region | None = None
    start: date | None = None
    end: date | None = None

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> LimitRule:
        """A limit from a validated row of the form or the API (absent scopes: none)."""
        return cls(
            shape=row["shape"],
            value=row["value"],
            category=row.get("category") or "",
            unit=row.get("unit"),
            region=row.get("region"),
            start=row.get("start"),
            end=row.get("end"),
        )

    @classmethod
    def of(cls, limit: Any) -> LimitRule:
        """The rule as a stored ``Limit`` row holds it."""
        return cls(
            limit.shape,
            limit.value,
            limit.category,
            limit.unit,
            limit.region,
            limit.start,
            limit.end,
        )


@dataclass(frozen=True)
class PriorityRule:
    kind: str
    regions: tuple[Region, ...]

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> PriorityRule:
        return cls(kind=row["kind"], regions=tuple(row["regions"]))

    @classmethod
    def of(cls, priority: Priority) -> PriorityRule:
        return cls(priority.kind, tuple(priority.regions.all()))


@dataclass
class Draft:
    """Everything a circular's author typed, as plain values (the form builds it)."""

    fields: dict[str, Any]
    windows: list[tuple[date, date]] = field(default_factory=list)
    exempt_units: list[Unit] = field(default_factory=list)
    limits: list[LimitRule] = field(default_factory=list)
    priorities: list[PriorityRule] = field(default_factory=list)
    addressed_regions: list[Region] = field(default_factory=list)
    # An uploaded file replaces the PDF, False removes it, None keeps it.
    signed_pdf: UploadedFile | bool | None = None


def draft_over(data: dict[str, Any], base: Circular | None = None) -> Draft:
    """A Draft from the values given (the API's JSON, whole or a PATCH), over the
    circular's current values where a key is missing (new: the form's defaults)."""
    fields = {name: getattr(base, name) for name in SCALAR_FIELDS} if base else {}
    if base is None:
        fields.update({"arrangement": "WFA", "cap_percent": 50, "exempt_categories": []})
        fields["exempt_roles"] = []
    fields.update({name: data[name] for name in SCALAR_FIELDS if name in data})
    return Draft(
        fields=fields,
        windows=_draft_windows(data, base),
        exempt_units=list(
            data["exempt_units"] if "exempt_units" in data else _current_rows(base, "exempt_units")
        ),
        limits=_draft_limits(data, base),
        priorities=_draft_priorities(data, base),
        addressed_regions=list(
            data["addressed_regions"]
            if "addressed_regions" in data
            else _current_rows(base, "addressed_regions")
        ),
    )


def _current_rows(base: Circular | None, name: str) -> list[Any]:
    return list(getattr(base, name).all()) if base else []


def _draft_windows(data: dict[str, Any], base: Circular | None) -> list[tuple[date, date]]:
    if "windows" in data:
        return [(w["start"], w["end"]) for w in data["windows"]]
    return [(w.start, w.end) for w in _current_rows(base, "windows")]


def _draft_limits(data: dict[str, Any], base: Circular | None) -> list[LimitRule]:
    if "limits" in data:
        return [LimitRule.from_row(row) for row in data["limits"]]
    return [LimitRule.of(row) for row in _current_rows(base, "limits")]


def _draft_priorities(data: dict[str, Any], base: Circular | None) -> list[PriorityRule]:
    if "priorities" in data:
        return [PriorityRule.from_row(row) for row in data["priorities"]]
    return [PriorityRule.of(row) for row in _current_rows(base, "priorities")]


# --- The hook for notifications ------------------------------------------------


def record_circular_event(
    *,
    circular: Circular,
    action: str,
    actor: User | None,
    changes: dict[str, Any] | None = None,
    note: str = "",
) -> CircularEvent:
    """Write one line of a circular's history.

    Every change of a circular passes here, inside the transaction of the
    change: the notifications work adds its outbox row at this point.
    """
    event = CircularEvent.objects.create(
        circular=circular, action=action, actor=actor, changes=changes or {}, note=note
    )
    if action == CircularEvent.Action.PUBLISHED:
        events.circular_published(circular)
    elif action == CircularEvent.Action.REVOKED:
        events.circular_revoked(circular)
    return event


# --- Validators shared with the forms -----------------------------------------


def validate_signed_pdf(upload: UploadedFile) -> None:
    """A real PDF (checked by its first bytes, not its name) of at most 10 MB."""
    if upload.size is not None and upload.size > MAX_PDF_BYTES:
        raise ValidationError(
            _("Berkas terlalu besar (%(size)s MB); paling besar 10 MB.")
            % {"size": f"{upload.size / 1024 / 1024:.1f}"},
            code="pdf_too_large",
        )
    upload.seek(0)
    head = upload.read(5)
    upload.seek(0)
    if head != b"%PDF-":
        raise ValidationError(
            _("Berkas bukan PDF. Unggah hasil pindai surat yang ditandatangani dalam format PDF."),
            code="not_pdf",
        )


def validate_body(body: str) -> None:
    if contains_script(body):
        raise ValidationError(_("Isi surat tidak boleh memuat skrip."), code="script")


def allowed_parents(agency: Agency) -> Any:
    """Published circulars this agency may narrow: its ancestors' or a ministry's."""
    ancestors: list[int] = []
    current = agency.parent
    while current is not None and len(ancestors) < 6:
        ancestors.append(current.pk)
        current = current.parent
    return (
        Circular.objects.published()
        .filter(Q(agency_id__in=ancestors) | Q(agency__level=Agency.Level.MINISTRY))
        .exclude(agency=agency)
        .select_related("agency")
    )


# --- Validation of a draft ----------------------------------------------------


class _Errors:
    def __init__(self) -> None:
        self.by_field: dict[str, list[str]] = {}

    def add(self, name: str, message: str) -> None:
        self.by_field.setdefault(name, []).append(str(message))

    def raise_if_any(self) -> None:
        if self.by_field:
            raise ValidationError(self.by_field)


def _fmt(day: date) -> str:
    return long_date(day)


def problem_message(problem: Problem) -> str:
    """An Indonesian sentence for a narrowing Problem, naming the rule and the parent."""
    p = problem.params
    code = problem.code
    if code == "NO_WINDOW":
        return _("Isi paling sedikit satu masa berlaku sebelum menerbitkan surat edaran.")
    if code == "WINDOW_REVERSED":
        return _("Masa berlaku %(start)s – %(end)s terbalik: tanggal selesai sebelum mulai.") % {
            "start": _fmt(p["start"]),
            "end": _fmt(p["end"]),
        }
    if code == "WINDOW_OUT_OF_RANGE":
        return _(
            "Masa berlaku %(start)s – %(end)s di luar rentang yang dapat dijadwalkan "
            "(%(earliest)s – %(latest)s)."
        ) % {key: _fmt(p[key]) for key in ("start", "end", "earliest", "latest")}
    if code == "WINDOW_TOO_LONG":
        return _(
            "Masa berlaku %(start)s – %(end)s lebih dari %(days)s hari: "
            "bagi menjadi beberapa masa berlaku atau surat edaran."
        ) % {"start": _fmt(p["start"]), "end": _fmt(p["end"]), "days": p["days"]}
    if code == "WINDOW_OVERLAP":
        return _("Masa berlaku %(first)s dan %(second)s bertumpang tindih.") % {
            "first": f"{_fmt(p['first'][0])} – {_fmt(p['first'][1])}",
            "second": f"{_fmt(p['second'][0])} – {_fmt(p['second'][1])}",
        }
    if code == "WINDOW_OUTSIDE_PARENT":
        return _(
            "Masa berlaku %(start)s – %(end)s di luar masa berlaku SE induk %(parent)s: "
            "surat edaran daerah hanya boleh mempersempit surat induknya."
        ) % {"start": _fmt(p["start"]), "end": _fmt(p["end"]), "parent": p["parent"]}
    if code == "CAP_ABOVE_PARENT":
        return (
            _(
                "Batas %(cap)s%% melebihi batas SE induk %(parent)s (%(parent_cap)s%%): "
                "batas hanya boleh sama atau lebih rendah."
            )
            % p
        )
    if code == "WEEKLY_LIMIT_ABOVE_PARENT":
        if p["limit"] is None:
            return (
                _(
                    "SE induk %(parent)s membatasi %(parent_limit)s hari per pegawai per minggu: "
                    "isi batas mingguan paling banyak %(parent_limit)s."
                )
                % p
            )
        return (
            _(
                "Batas %(limit)s hari per minggu melebihi batas SE induk %(parent)s "
                "(%(parent_limit)s hari)."
            )
            % p
        )
    if code == "CATEGORY_EXEMPTION_DROPPED":
        names = ", ".join(str(ServiceCategory(c).label) for c in p["missing"])
        return _(
            "SE induk %(parent)s mengecualikan layanan %(names)s: pengecualian itu harus tetap ada."
        ) % {"parent": p["parent"], "names": names}
    if code == "ROLE_EXEMPTION_DROPPED":
        names = ", ".join(str(RoleTag(r).label) for r in p["missing"])
        return _(
            "SE induk %(parent)s mengecualikan peran %(names)s: pengecualian itu harus tetap ada."
        ) % {"parent": p["parent"], "names": names}
    if code == "ARRANGEMENT_WIDER":
        return (
            _(
                "SE induk %(parent)s hanya mengizinkan WFH: surat edaran turunannya tidak boleh "
                "memperluasnya menjadi WFA."
            )
            % p
        )
    if code == "LIMIT_WIDER":
        limit = p["limit"]
        row = Limit(
            shape=limit.shape.value,
            value=limit.value,
            category=limit.category,
            unit_id=limit.unit_id,
            region_id=limit.region_id,
            start=limit.start,
            end=limit.end,
        )
        return _(
            "SE induk %(parent)s menetapkan batas “%(rule)s”: surat edaran ini harus "
            "memuat batas yang sama atau lebih ketat untuk cakupan yang sama."
        ) % {"parent": p["parent"], "rule": describe_limit(row)}
    return _("Surat edaran ini memperluas SE induk %(parent)s.") % {"parent": p.get("parent", "")}


def _rule_limits(rules: Iterable[Any]) -> tuple[caps.Limit, ...]:
    """Limit rows or ``LimitRule``s as the pure engine's values."""
    out = []
    for rule in rules:
        unit = getattr(rule, "unit_id", None) or getattr(getattr(rule, "unit", None), "pk", None)
        region = getattr(rule, "region_id", None) or getattr(
            getattr(rule, "region", None), "pk", None
        )
        if rule.shape in Limit.Shape.values and isinstance(rule.value, int):
            out.append(
                caps.Limit(
                    caps.Shape(rule.shape),
                    rule.value,
                    category=rule.category or "",
                    unit_id=unit,
                    region_id=region,
                    start=rule.start,
                    end=rule.end,
                )
            )
    return tuple(out)


def _terms(
    number: str,
    fields: dict[str, Any],
    windows: list[tuple[date, date]],
    limits: Iterable[Any] = (),
) -> Terms:
    return Terms(
        limits=_rule_limits(limits),
        number=number,
        arrangement=fields.get("arrangement") or Arrangement.WFA,
        windows=tuple(windows),
        cap_percent=fields.get("cap_percent") or 0,
        weekly_limit=fields.get("weekly_limit"),
        exempt_categories=frozenset(fields.get("exempt_categories") or ()),
        exempt_roles=frozenset(fields.get("exempt_roles") or ()),
    )


def _parent_terms(parent: Circular) -> Terms:
    return Terms(
        limits=_rule_limits(parent.limits.all()),
        number=parent.number,
        arrangement=parent.arrangement,
        windows=tuple((w.start, w.end) for w in parent.windows.all()),
        cap_percent=parent.cap_percent,
        weekly_limit=parent.weekly_limit,
        exempt_categories=frozenset(parent.exempt_categories),
        exempt_roles=frozenset(parent.exempt_roles),
    )


def _rule_problems(
    errors: _Errors,
    *,
    fields: dict[str, Any],
    windows: list[tuple[date, date]],
    for_publish: bool,
    limits: Iterable[Any] = (),
) -> None:
    """Windows and narrowing: the rules publish re-checks."""
    for problem in window_problems(tuple(windows)):
        if problem.code != "NO_WINDOW" or for_publish:
            errors.add(problem.field, problem_message(problem))
    parent = fields.get("parent")
    if parent is not None and windows:
        child = _terms(fields.get("number", ""), fields, windows, limits)
        for problem in narrowing_problems(child, _parent_terms(parent)):
            errors.add(problem.field, problem_message(problem))


def _check_layering(
    errors: _Errors, *, agency: Agency, fields: dict[str, Any], circular: Circular | None
) -> None:
    """The relation to overlapping circulars, an amendment's effective date, addressees."""
    if fields.get("relation", "") not in Relation.values:
        errors.add("relation", _("Pilih hubungan dengan surat edaran lain yang tersedia."))
    if fields.get("effective_from") and (circular is None or circular.amends_id is None):
        errors.add(
            "effective_from",
            _("Tanggal berlaku perubahan hanya diisi pada surat edaran perubahan."),
        )
    levels = fields.get("addressed_levels") or []
    if any(level not in REGIONAL_LEVELS for level in levels):
        errors.add("addressed_levels", _("Tingkat pemerintah daerah tidak dikenal."))
    elif levels and agency.level != Agency.Level.MINISTRY:
        errors.add(
            "addressed_levels",
            _(
                "Hanya surat edaran kementerian yang dapat ditujukan langsung kepada "
                "pemerintah daerah."
            ),
        )


def _check_fields(
    errors: _Errors, *, agency: Agency, fields: dict[str, Any], pk: int | None
) -> None:
    number = (fields.get("number") or "").strip()
    if not number:
        errors.add("number", _("Nomor surat wajib diisi."))
    elif Circular.objects.filter(agency=agency, number=number).exclude(pk=pk).exists():
        errors.add(
            "number",
            _("Nomor %(number)s sudah dipakai surat edaran lain dari instansi ini.")
            % {"number": number},
        )
    if not (fields.get("title") or "").strip():
        errors.add("title", _("Perihal surat wajib diisi."))
    if fields.get("arrangement") not in Arrangement.values:
        errors.add("arrangement", _("Pilih WFA atau WFH."))
    if contains_script(fields.get("body") or ""):
        errors.add("body", _("Isi surat tidak boleh memuat skrip."))
    cap = fields.get("cap_percent")
    if not isinstance(cap, int) or not 0 <= cap <= 100:
        errors.add("cap_percent", _("Batas harus antara 0 dan 100 persen."))
    weekly = fields.get("weekly_limit")
    if weekly is not None and not 1 <= weekly <= 7:
        errors.add("weekly_limit", _("Batas mingguan harus antara 1 dan 7 hari."))
    if any(c not in ServiceCategory.values for c in fields.get("exempt_categories") or ()):
        errors.add("exempt_categories", _("Kategori layanan tidak dikenal."))
    if any(r not in RoleTag.values for r in fields.get("exempt_roles") or ()):
        errors.add("exempt_roles", _("Peran tidak dikenal."))
    parent = fields.get("parent")
    if parent is not None and (
        (pk is not None and parent.pk == pk)
        or not allowed_parents(agency).filter(pk=parent.pk).exists()
    ):
        errors.add(
            "parent",
            _(
                "SE induk harus surat edaran yang berlaku dari instansi yang lebih tinggi "
                "(instansi induk atau kementerian)."
            ),
        )


def _check_rows(errors: _Errors, *, agency: Agency, draft: Draft) -> None:
    if any(u.agency_id != agency.pk or u.parent_id is not None for u in draft.exempt_units):
        errors.add("exempt_units", _("OPD yang dikecualikan harus OPD instansi penerbit."))
    for rule in draft.limits:
        for message in _limit_problems(rule, agency=agency, cap=draft.fields.get("cap_percent")):
            errors.add("limits", message)
    for priority in draft.priorities:
        if priority.kind not in Priority.Kind.values or not priority.regions:
            errors.add(
                "priorities", _("Setiap prioritas perlu kriteria dan paling sedikit satu wilayah.")
            )


def _limit_problems(rule: LimitRule, *, agency: Agency, cap: Any) -> list[str]:
    """What is wrong with one limit row (empty when nothing is)."""
    problems = []
    if rule.shape not in Limit.Shape.values:
        return [_("Pilih bentuk batas yang tersedia.")]
    if not isinstance(rule.value, int) or rule.value < 0:
        problems.append(_("Nilai batas tidak boleh negatif."))
    elif rule.shape in Limit.SHARES and rule.value > 100:
        problems.append(_("Batas harus antara 0 dan 100 persen."))
    elif rule.shape == Limit.Shape.AWAY_SHARE and isinstance(cap, int) and rule.value > cap:
        problems.append(
            _("Batas khusus %(rule)s%% harus lebih rendah dari batas umum %(cap)s%%.")
            % {"rule": rule.value, "cap": cap}
        )
    if rule.unit is not None and (rule.unit.agency_id != agency.pk or rule.unit.parent_id):
        problems.append(_("Batas khusus hanya untuk OPD instansi penerbit."))
    if rule.start and rule.end and rule.start > rule.end:
        problems.append(_("Tanggal selesai batas tidak boleh sebelum tanggal mulainya."))
    return problems


def _validate(*, agency: Agency, draft: Draft, circular: Circular | None) -> None:
    errors = _Errors()
    pk = circular.pk if circular else None
    _check_fields(errors, agency=agency, fields=draft.fields, pk=pk)
    _check_layering(errors, agency=agency, fields=draft.fields, circular=circular)
    _check_rows(errors, agency=agency, draft=draft)
    if isinstance(draft.signed_pdf, UploadedFile):
        try:
            validate_signed_pdf(draft.signed_pdf)
        except ValidationError as exc:
            errors.add("signed_pdf", exc.messages[0])
    if "parent" not in errors.by_field and "cap_percent" not in errors.by_field:
        _rule_problems(
            errors,
            fields=draft.fields,
            windows=draft.windows,
            for_publish=False,
            limits=draft.limits,
        )
    probe = Circular(agency=agency, pk=pk, **_model_values(draft.fields))
    # Lengths, choices and the model's own rules: a bad value never reaches the database.
    checked = set(errors.by_field) | {"agency", "created_by", "signed_pdf", "parent", "amends"}
    checked.add("addressed_regions")
    steps: tuple[Callable[[], None], ...] = (
        lambda: probe.clean_fields(exclude=checked),
        probe.clean,
    )
    for step in steps:
        try:
            step()
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                if name not in errors.by_field:
                    for message in messages:
                        errors.add(name, message)
    errors.raise_if_any()


def _model_values(fields: dict[str, Any]) -> dict[str, Any]:
    values = {name: fields[name] for name in SCALAR_FIELDS if name in fields}
    for text in ("number", "title"):
        if text in values:
            values[text] = (values[text] or "").strip()
    return values


# --- Writing a draft ------------------------------------------------------------


def _write(circular: Circular, draft: Draft) -> None:
    for name, value in _model_values(draft.fields).items():
        setattr(circular, name, value)
    try:
        with transaction.atomic():
            circular.save()
    except IntegrityError:
        # Two authors typed the same number at once: the constraint decides.
        raise ValidationError(
            {"number": [_("Nomor ini sudah dipakai surat edaran lain dari instansi ini.")]}
        ) from None
    if isinstance(draft.signed_pdf, UploadedFile):
        circular.signed_pdf.save(draft.signed_pdf.name, draft.signed_pdf, save=True)
    elif draft.signed_pdf is False and circular.signed_pdf:
        circular.signed_pdf.delete(save=True)
    circular.exempt_units.set(draft.exempt_units)
    circular.windows.all().delete()
    Window.objects.bulk_create(
        [Window(circular=circular, start=s, end=e) for s, e in sorted(draft.windows)]
    )
    circular.limits.all().delete()
    _add_limits(circular, draft.limits)
    circular.priorities.all().delete()
    for order, rule in enumerate(draft.priorities, start=1):
        priority = Priority.objects.create(circular=circular, order=order, kind=rule.kind)
        priority.regions.set(rule.regions)
    circular.addressed_regions.set(draft.addressed_regions if circular.addressed_levels else [])


def _add_limits(circular: Circular, rules: Iterable[LimitRule]) -> None:
    scopes = ("shape", "value", "category", "unit", "region", "start", "end")
    Limit.objects.bulk_create(
        [
            Limit(circular=circular, **{name: getattr(rule, name) for name in scopes})
            for rule in rules
        ]
    )


@transaction.atomic
def create_draft(*, user: User | None, agency: Agency, draft: Draft) -> Circular:
    """A new draft circular of the agency."""
    _validate(agency=agency, draft=draft, circular=None)
    circular = Circular(agency=agency, created_by=user, status=Circular.Status.DRAFT)
    _write(circular, draft)
    record_circular_event(circular=circular, action=CircularEvent.Action.CREATED, actor=user)
    return circular


def _locked(circular: Circular) -> Circular:
    locked: Circular = (
        Circular.objects.select_for_update(of=("self",))
        .select_related("agency", "parent", "amends")
        .get(pk=circular.pk)
    )
    return locked


def _require_draft(circular: Circular) -> None:
    if circular.status != Circular.Status.DRAFT:
        raise ValidationError(
            _(
                "SE %(number)s sudah diterbitkan dan tidak dapat diubah lagi; "
                "buat surat edaran perubahan."
            )
            % {"number": circular.number},
            code="not_editable",
        )


@transaction.atomic
def update_draft(*, user: User | None, circular: Circular, draft: Draft) -> Circular:
    """Change a draft; the history keeps each changed field's value before and after."""
    circular = _locked(circular)
    _require_draft(circular)
    _validate(agency=circular.agency, draft=draft, circular=circular)
    before = snapshot(circular)
    _write(circular, draft)
    changes = diff(before, snapshot(circular))
    if changes:
        record_circular_event(
            circular=circular, action=CircularEvent.Action.UPDATED, actor=user, changes=changes
        )
    return circular


# --- History: field-level before and after -----------------------------------------


def _plain(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, Circular):
        return value.number
    return str(value)


def snapshot(circular: Circular) -> dict[str, Any]:
    """The circular as plain JSON values, for the history."""
    values = {name: _plain(getattr(circular, name)) for name in SCALAR_FIELDS}
    values["signed_pdf"] = circular.signed_pdf.name or ""
    values["windows"] = [
        f"{w.start.isoformat()} – {w.end.isoformat()}" for w in circular.windows.all()
    ]
    values["exempt_units"] = sorted(u.short_name for u in circular.exempt_units.all())
    values["limits"] = [str(limit) for limit in circular.limits.select_related("unit", "region")]
    values["priorities"] = [
        f"{p.get_kind_display()}: {', '.join(r.name for r in p.regions.all())}"
        for p in circular.priorities.prefetch_related("regions")
    ]
    values["addressed_regions"] = sorted(r.name for r in circular.addressed_regions.all())
    return values


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {
        name: {"before": before.get(name), "after": value}
        for name, value in after.items()
        if before.get(name) != value
    }


# --- Publishing, amending, revoking ----------------------------------------------


def publish_problems(circular: Circular) -> dict[str, list[str]]:
    """What stops the draft from being published (empty when nothing does)."""
    errors = _Errors()
    windows = [(w.start, w.end) for w in circular.windows.all()]
    fields = {name: getattr(circular, name) for name in SCALAR_FIELDS}
    parent = circular.parent
    if parent is not None and parent.status != Circular.Status.PUBLISHED:
        errors.add(
            "parent",
            _("SE induk %(parent)s tidak berlaku lagi: pilih SE induk yang berlaku.")
            % {"parent": parent.number},
        )
        fields["parent"] = None
    _rule_problems(
        errors, fields=fields, windows=windows, for_publish=True, limits=circular.limits.all()
    )
    old = circular.amends
    if old is not None and old.status != Circular.Status.PUBLISHED:
        errors.add(
            "__all__",
            _("SE %(number)s yang diubah sudah tidak berlaku, jadi tidak dapat diganti.")
            % {"number": old.number},
        )
    if not circular.relation:
        for other in overlapping_published(circular, windows):
            errors.add("relation", _overlap_message(other))
    return errors.by_field


def overlapping_published(circular: Circular, windows: list[tuple[date, date]]) -> list[Circular]:
    """Published circulars of the same agency whose dates meet the windows (the one
    an amendment replaces is not counted: publishing supersedes it)."""
    if not windows:
        return []
    meets = Q()
    for start, end in windows:
        meets |= Q(windows__start__lte=end, windows__end__gte=start)
    return list(
        Circular.objects.published()
        .filter(meets, agency_id=circular.agency_id)
        .exclude(pk__in=[pk for pk in (circular.pk, circular.amends_id) if pk is not None])
        .distinct()
        .order_by("published_at", "pk")
        .prefetch_related("windows")
    )


def _overlap_message(other: Circular) -> str:
    when = ", ".join(f"{_fmt(w.start)} – {_fmt(w.end)}" for w in other.windows.all())
    return _(
        "Tanggalnya tumpang tindih dengan SE %(number)s (%(when)s) yang sedang berlaku. "
        "Nyatakan hubungannya: mengubah (menggantikan SE itu pada tanggal yang sama) atau "
        "menambah (keduanya berlaku, aturan yang paling ketat yang dipakai)."
    ) % {"number": other.number, "when": when}


@transaction.atomic
def publish_circular(*, user: User | None, circular: Circular) -> Circular:
    """Put a draft in force; the circular it amends, if any, is superseded."""
    circular = _locked(circular)
    if circular.status != Circular.Status.DRAFT:
        raise ValidationError(
            _("Hanya draf yang dapat diterbitkan; SE %(number)s berstatus %(status)s.")
            % {"number": circular.number, "status": circular.phase().label},
            code="not_draft",
        )
    problems = publish_problems(circular)
    if problems:
        raise ValidationError(problems)
    # What it does to the rosters that exist, judged with the staff locked (the
    # writer's first step), so no grid save slips a day in between; applied below.
    found = impact.lock_and_assess(circular)
    circular.status = Circular.Status.PUBLISHED
    circular.published_at = timezone.now()
    circular.save(update_fields=["status", "published_at", "updated_at"])
    record_circular_event(circular=circular, action=CircularEvent.Action.PUBLISHED, actor=user)
    if circular.amends_id:
        old = Circular.objects.select_for_update().get(pk=circular.amends_id)
        old.status = Circular.Status.SUPERSEDED
        old.save(update_fields=["status", "updated_at"])
        record_circular_event(
            circular=old,
            action=CircularEvent.Action.SUPERSEDED,
            actor=user,
            note=_("Diganti oleh SE %(number)s.") % {"number": circular.number},
        )
    policies_changed(circular.agency_id)
    impact.apply(
        found.opds,
        actor=user,
        cause=lambda: impact.publication_cause(circular),
        event_key=f"circular:{circular.pk}:impact",
    )
    return circular


def _amendment_number(old: Circular) -> str:
    base = _("%(number)s (perubahan)") % {"number": old.number}
    number, n = base[:100], 1
    while Circular.objects.filter(agency_id=old.agency_id, number=number).exists():
        n += 1
        number = f"{base} {n}"[:100]
    return number


@transaction.atomic
def amend_circular(*, user: User | None, circular: Circular) -> Circular:
    """A new draft that copies a published circular and will replace it when published."""
    old = _locked(circular)
    if old.status != Circular.Status.PUBLISHED:
        raise ValidationError(
            _("Hanya surat edaran yang berlaku yang dapat diubah dengan surat edaran baru."),
            code="not_published",
        )
    new = Circular(
        agency=old.agency,
        status=Circular.Status.DRAFT,
        amends=old,
        created_by=user,
        **{name: getattr(old, name) for name in SCALAR_FIELDS},
    )
    new.number = _amendment_number(old)
    new.relation = Relation.NONE  # it replaces ``old`` through ``amends``
    new.effective_from = None  # replaces it entirely unless the author sets a date
    new.save()
    new.exempt_units.set(old.exempt_units.all())
    new.addressed_regions.set(old.addressed_regions.all())
    Window.objects.bulk_create(
        [Window(circular=new, start=w.start, end=w.end) for w in old.windows.all()]
    )
    _add_limits(new, [LimitRule.of(row) for row in old.limits.select_related("unit", "region")])
    for p in old.priorities.prefetch_related("regions"):
        copy = Priority.objects.create(circular=new, order=p.order, kind=p.kind)
        copy.regions.set(p.regions.all())
    note = _("Perubahan atas SE %(number)s.") % {"number": old.number}
    record_circular_event(circular=new, action=CircularEvent.Action.CREATED, actor=user, note=note)
    record_circular_event(
        circular=old,
        action=CircularEvent.Action.AMENDED,
        actor=user,
        note=_("Draf perubahan %(number)s dibuat.") % {"number": new.number},
    )
    policies_changed(old.agency_id)
    return new


@transaction.atomic
def revoke_circular(*, user: User | None, circular: Circular, reason: str) -> Circular:
    """Withdraw a circular in force; the reason is kept and shown."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Alasan pencabutan wajib diisi.")]})
    circular = _locked(circular)
    if circular.status != Circular.Status.PUBLISHED:
        raise ValidationError(
            _("Hanya surat edaran yang berlaku yang dapat dicabut."), code="not_published"
        )
    circular.status = Circular.Status.REVOKED
    circular.revoked_at = timezone.now()
    circular.revoke_reason = reason
    circular.save(update_fields=["status", "revoked_at", "revoke_reason", "updated_at"])
    record_circular_event(
        circular=circular, action=CircularEvent.Action.REVOKED, actor=user, note=reason
    )
    policies_changed(circular.agency_id)
    return circular


def mark_read(*, user: User, circular: Circular) -> None:
    """Remember that a login opened a circular in force (one query, idempotent)."""
    if circular.status == Circular.Status.PUBLISHED and user.is_authenticated:
        CircularRead.objects.bulk_create(
            [CircularRead(circular=circular, user=user)], ignore_conflicts=True
        )
