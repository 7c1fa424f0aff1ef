"""Check-ins imported from a regional attendance app: map, check, preview, apply all or none.

The file is read by ``organizations.tables`` (the same limits as every upload); the
columns are found through the agency's saved ``ImportSource`` mapping. Every row is
checked before anything is kept; a file with one bad row keeps nothing. A checked
file waits as a ``CheckInImport``; applying it writes every row with the same
findings as a portal check-in, in the request for a small file and as a background
job (progress in the soft cache) for a large one.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from organizations.models import Agency, Employee, User
from organizations.nip import normalize_nip
from organizations.tables import LOST_DIGITS, FileRejected
from policy import attendance as rules
from wfa_portal.soft_cache import soft_cache

from .findings import Context, is_suspicious
from .models import CheckIn, CheckInImport, ImportSource

logger = logging.getLogger(__name__)

SYNC_ROWS = 2000  # up to this many rows are written during the request
CHUNK = 1000
SHOWN_ERRORS = 200  # row errors listed on the page; the rest are counted

FIELDS = ("nip", "date", "time", "lat", "lng", "accuracy", "device")


def _key(header: str) -> str:
    return " ".join(header.split()).lower()


def columns_of(source: ImportSource) -> dict[str, str]:
    """The mapped header of each field (only those the source names)."""
    named = {
        "nip": source.nip_column,
        "date": source.date_column,
        "time": source.time_column,
        "lat": source.lat_column,
        "lng": source.lng_column,
        "accuracy": source.accuracy_column,
        "device": source.device_column,
    }
    return {name: header for name, header in named.items() if header.strip()}


def mapped_rows(table: list[list[str]], source: ImportSource) -> list[dict[str, str]]:
    """Each data row as {field: text} through the source's mapping; FileRejected when a
    mapped column is not in the file's header."""
    header = [_key(cell) for cell in table[0]]
    index, missing = {}, []
    for name, column in columns_of(source).items():
        if _key(column) in header:
            index[name] = header.index(_key(column))
        else:
            missing.append(column)
    if missing:
        raise FileRejected(
            _(
                "Kolom pada pemetaan '%(source)s' tidak ada di berkas: %(columns)s. "
                "Kolom berkas: %(found)s."
            )
            % {
                "source": source.name,
                "columns": ", ".join(missing),
                "found": ", ".join(table[0][:20]),
            }
        )
    if len(table) == 1:
        raise FileRejected(_("Berkas tidak berisi baris presensi."))
    return [
        {name: (row[i].strip() if i < len(row) else "") for name, i in index.items()}
        for row in table[1:]
    ]


@dataclass
class RowCheck:
    line: int
    values: dict[str, str]
    errors: list[str] = field(default_factory=list)
    normalised: list | None = None  # [employee id, local ISO datetime, lat, lng, accuracy, device]


@dataclass
class Preview:
    rows: list[RowCheck]

    @property
    def error_rows(self) -> list[RowCheck]:
        return [r for r in self.rows if r.errors]

    @property
    def shown_errors(self) -> list[RowCheck]:
        return self.error_rows[:SHOWN_ERRORS]

    @property
    def ok(self) -> bool:
        return bool(self.rows) and not self.error_rows

    @property
    def employees(self) -> int:
        return len({r.normalised[0] for r in self.rows if r.normalised})


def _when(values: dict[str, str], source: ImportSource) -> tuple[datetime | None, str]:
    """The local date and time of a row, or the words of what is wrong."""
    day_text, time_text = values["date"], values.get("time", "")
    if not time_text:  # one column holds both: "2025-04-08 07:31[:05]"
        day_text, _sep, time_text = day_text.replace("T", " ").partition(" ")
    try:
        day = datetime.strptime(day_text, source.date_format).date()
    except ValueError:
        return None, _("Tanggal '%(value)s' tidak sah: gunakan %(format)s.") % {
            "value": values["date"],
            "format": source.get_date_format_display(),
        }
    for pattern in ("%H:%M:%S", "%H:%M", "%H.%M"):
        try:
            clock = datetime.strptime(time_text.strip(), pattern).time()
            return datetime.combine(day, clock), ""
        except ValueError:
            continue
    return None, _("Jam '%(value)s' tidak sah: gunakan JJ:MM atau JJ:MM:DD.") % {"value": time_text}


def _number(text: str) -> float | None:
    try:
        value = float(text.replace(",", "."))
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _location(values: dict[str, str], errors: list[str]) -> tuple[float | None, ...]:
    lat_text, lng_text = values.get("lat", ""), values.get("lng", "")
    accuracy_text = values.get("accuracy", "")
    if not lat_text and not lng_text:
        return None, None, None
    lat, lng = _number(lat_text), _number(lng_text)
    if lat is None or lng is None:
        errors.append(
            _("Lintang/bujur '%(lat)s', '%(lng)s' bukan angka.")
            % {"lat": lat_text, "lng": lng_text}
        )
        return None, None, None
    if not rules.valid_coordinates(lat, lng):
        errors.append(
            _("Koordinat %(lat)s, %(lng)s di luar jangkauan (lintang -90..90, bujur -180..180).")
            % {"lat": lat_text, "lng": lng_text}
        )
        return None, None, None
    accuracy = _number(accuracy_text) if accuracy_text else None
    if accuracy_text and (accuracy is None or accuracy < 0):
        errors.append(
            _("Akurasi '%(value)s' tidak sah: meter, 0 atau lebih.") % {"value": accuracy_text}
        )
    return lat, lng, accuracy


def check_rows(agency: Agency, source: ImportSource, rows: list[dict[str, str]]) -> Preview:
    """Every row checked against the agency's employees and the check-ins already kept
    (two queries); nothing is written."""
    nips = {normalize_nip(r["nip"]) for r in rows}
    people = dict(
        Employee.objects.filter(nip__in=nips, unit__agency=agency, active=True).values_list(
            "nip", "pk"
        )
    )
    elsewhere = set(
        Employee.objects.filter(nip__in=nips - set(people)).values_list("nip", flat=True)
    )
    checked = [
        _check_row(line, values, source, people, elsewhere)
        for line, values in enumerate(rows, start=2)
    ]
    _refuse_repeats(checked)
    _refuse_kept(checked)
    return Preview(checked)


def _check_row(line, values, source, people, elsewhere) -> RowCheck:
    row = RowCheck(line=line, values=values)
    nip = normalize_nip(values["nip"])
    employee_id = people.get(nip)
    if values["nip"].startswith(LOST_DIGITS):
        row.errors.append(
            _("NIP tersimpan sebagai angka di Excel; digit terakhirnya hilang.")
            + " "
            + _("Simpan kolom NIP sebagai teks.")
        )
    elif not (nip.isdigit() and len(nip) == 18):
        row.errors.append(_("NIP '%(nip)s' tidak sah: harus 18 digit.") % {"nip": values["nip"]})
    elif nip in elsewhere:
        row.errors.append(_("NIP %(nip)s bukan pegawai aktif instansi ini.") % {"nip": nip})
    elif employee_id is None:
        row.errors.append(_("NIP %(nip)s tidak dikenal.") % {"nip": nip})
    when, problem = _when(values, source)
    if problem:
        row.errors.append(problem)
    lat, lng, accuracy = _location(values, row.errors)
    if not row.errors:
        device = values.get("device", "")[:100]
        row.normalised = [employee_id, when.isoformat(), lat, lng, accuracy, device]
    return row


def _refuse_repeats(rows: list[RowCheck]) -> None:
    seen: dict[tuple[int, str], int] = {}
    for row in rows:
        if row.normalised is None:
            continue
        key = (row.normalised[0], row.normalised[1])
        if key in seen:
            row.errors.append(
                _("Baris ganda: NIP dan waktu sama dengan baris %(line)s.") % {"line": seen[key]}
            )
            row.normalised = None
        else:
            seen[key] = row.line


def _aware(text: str) -> datetime:
    return timezone.make_aware(datetime.fromisoformat(text))


def _refuse_kept(rows: list[RowCheck]) -> None:
    """A check-in already kept (the same file imported twice) refuses its row (one query)."""
    wanted = [r for r in rows if r.normalised is not None]
    if not wanted:
        return
    times = [_aware(r.normalised[1]) for r in wanted]
    kept = set(
        CheckIn.objects.filter(
            employee_id__in={r.normalised[0] for r in wanted},
            at__range=(min(times), max(times)),
        ).values_list("employee_id", "at")
    )
    for row, at in zip(wanted, times, strict=True):
        if (row.normalised[0], at) in kept:
            row.errors.append(_("Presensi ini sudah tercatat (berkas yang sama pernah diimpor?)."))
            row.normalised = None


# --- staging and applying -------------------------------------------------------------------


def stage(
    *, agency: Agency, source: ImportSource, actor: User, filename: str, rows: list[dict[str, str]]
) -> tuple[Preview, CheckInImport | None]:
    """Check the rows; keep them for confirmation only when every row is valid."""
    preview = check_rows(agency, source, rows)
    if not preview.ok:
        return preview, None
    batch = CheckInImport.objects.create(
        agency=agency,
        source=source,
        uploaded_by=actor,
        filename=filename[:200],
        rows=[r.normalised for r in preview.rows],
        total=len(preview.rows),
    )
    return preview, batch


def request_apply(*, batch: CheckInImport, actor: User) -> CheckInImport:
    """Apply now if small, else queue a background job (after the commit)."""
    with transaction.atomic():
        batch = CheckInImport.objects.select_for_update().get(pk=batch.pk)
        _require(batch, CheckInImport.Status.PREVIEW)
        if batch.total <= SYNC_ROWS:
            return apply(batch=batch)
        batch.status = CheckInImport.Status.QUEUED
        batch.save(update_fields=["status"])
        transaction.on_commit(partial(_enqueue, batch.pk))
    return batch


def _enqueue(batch_id: int) -> None:
    from wfa_portal.broker import publish

    from .tasks import apply_import_task

    if not publish(apply_import_task, [(batch_id,)]):
        logger.warning("check-in import %s: broker unavailable, applying in-process", batch_id)
        run_queued(batch_id=batch_id)


def run_queued(*, batch_id: int) -> None:
    """The background job: apply a queued import, or record why it failed."""
    if not CheckInImport.objects.filter(pk=batch_id, status=CheckInImport.Status.QUEUED).exists():
        return  # already done: a task delivered twice does nothing
    try:
        apply(batch=CheckInImport(pk=batch_id))
    except ValidationError as error:
        _fail(batch_id, " ".join(error.messages))
    except Exception as error:
        logger.exception("check-in import %s failed", batch_id)
        _fail(
            batch_id,
            _("Terjadi kesalahan tak terduga saat menerapkan impor (%(kind)s).")
            % {"kind": type(error).__name__}
            + " "
            + _("Tidak ada yang disimpan."),
        )


def _fail(batch_id: int, message: str) -> None:
    CheckInImport.objects.filter(pk=batch_id, status=CheckInImport.Status.QUEUED).update(
        status=CheckInImport.Status.FAILED, error=message
    )


def progress_key(batch_id: int) -> str:
    return f"checkin-import:{batch_id}:done"


def progress(batch: CheckInImport) -> int:
    if batch.status == CheckInImport.Status.APPLIED:
        return 100
    done = soft_cache.get(progress_key(batch.pk), 0)
    return min(99, done * 100 // max(1, batch.total))


def _require(batch: CheckInImport, *allowed: str) -> None:
    if batch.status not in allowed:
        raise ValidationError(
            _("Impor ini sudah diterapkan.")
            if batch.status == CheckInImport.Status.APPLIED
            else _("Impor ini sedang atau sudah diproses.")
        )


@transaction.atomic
def apply(*, batch: CheckInImport) -> CheckInImport:
    """Write every row of a staged import or none, each with its findings."""
    batch = CheckInImport.objects.select_for_update().select_related("agency").get(pk=batch.pk)
    _require(batch, CheckInImport.Status.PREVIEW, CheckInImport.Status.QUEUED)
    rows = sorted(batch.rows, key=lambda r: (r[0], r[1]))
    stale = _stale(batch.agency, rows)
    if stale:
        raise ValidationError(stale)
    days = [datetime.fromisoformat(r[1]).date() for r in rows]
    context = Context.load(batch.agency, {r[0] for r in rows}, min(days), max(days))
    created = 0
    for start in range(0, len(rows), CHUNK):
        chunk = [_check_in(context, row, batch) for row in rows[start : start + CHUNK]]
        CheckIn.objects.bulk_create(chunk)
        created += len(chunk)
        soft_cache.set(progress_key(batch.pk), created, timeout=3600)
    batch.status = CheckInImport.Status.APPLIED
    batch.applied_at = timezone.now()
    batch.created_count = created
    batch.save(update_fields=["status", "applied_at", "created_count"])
    return batch


def _stale(agency: Agency, rows: Iterable[list]) -> str:
    """Why the rows no longer apply (an employee left or moved away), or ""."""
    wanted = {r[0] for r in rows}
    current = set(
        Employee.objects.filter(pk__in=wanted, unit__agency=agency, active=True).values_list(
            "pk", flat=True
        )
    )
    if wanted - current:
        return _(
            "Data pegawai berubah sejak pratinjau (%(n)s pegawai tidak lagi aktif di instansi "
            "ini). Tidak ada yang disimpan; unggah ulang berkasnya."
        ) % {"n": len(wanted - current)}
    return ""


def _check_in(context: Context, row: list, batch: CheckInImport) -> CheckIn:
    employee_id, when, lat, lng, accuracy, device = row
    at = _aware(when)
    fix = rules.Fix(lat, lng, accuracy) if lat is not None else None
    codes = context.judge(employee_id, at, fix)
    return CheckIn(
        employee_id=employee_id,
        day=at.date(),
        at=at,
        lat=lat,
        lng=lng,
        accuracy_m=accuracy,
        device=device,
        source=CheckIn.Source.IMPORT,
        batch=batch,
        findings=codes,
        suspicious=is_suspicious(codes),
    )


def max_rows() -> int:
    return settings.IMPORT_MAX_ATTENDANCE_ROWS
