"""The NIP (Nomor Induk Pegawai): an ASN's 18-digit identity number.

Layout: birth date YYYYMMDD, appointment (TMT CPNS) YYYYMM, gender digit
(1 man, 2 woman), 3-digit sequence. Each way a NIP can be wrong has its own
message, so the person typing it knows which part to check.
"""

import re
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

_SEPARATORS = re.compile(r"[\s.\-]+")


@dataclass(frozen=True)
class NipParts:
    birth_date: date
    appointed_year: int
    appointed_month: int
    gender: int
    sequence: int


def normalize_nip(value: str) -> str:
    """Drop the spaces, dots and dashes people type between the NIP's parts."""
    return _SEPARATORS.sub("", value or "")


def parse_nip(value: str, *, today: date | None = None) -> NipParts:
    """Return the parts of a NIP, or raise ValidationError naming what is wrong."""
    nip = normalize_nip(value)
    if not nip.isascii() or not nip.isdigit() or len(nip) != 18:
        raise ValidationError(_("NIP harus terdiri dari 18 digit angka."), code="nip_format")
    birth = _birth_date(nip)
    year, month = int(nip[8:12]), int(nip[12:14])
    _check_appointment(birth, year, month, today or timezone.localdate())
    if nip[14] not in "12":
        raise ValidationError(
            _("Digit jenis kelamin pada NIP (digit ke-15) harus 1 atau 2."), code="nip_gender"
        )
    if nip[15:] == "000":
        raise ValidationError(_("Nomor urut pada NIP tidak boleh 000."), code="nip_sequence")
    return NipParts(birth, year, month, int(nip[14]), int(nip[15:]))


def _birth_date(nip: str) -> date:
    try:
        return date(int(nip[0:4]), int(nip[4:6]), int(nip[6:8]))
    except ValueError:
        raise ValidationError(
            _("Tanggal lahir pada NIP tidak valid."), code="nip_birth_date"
        ) from None


def _check_appointment(birth: date, year: int, month: int, today: date) -> None:
    if not 1 <= month <= 12 or year < 1900:
        raise ValidationError(
            _("Bulan atau tahun pengangkatan (TMT CPNS) pada NIP tidak valid."),
            code="nip_appointment",
        )
    if (year, month) > (today.year, today.month):
        raise ValidationError(
            _("TMT CPNS pada NIP tidak boleh di masa depan."), code="nip_appointment_future"
        )
    if (year, month) < (birth.year + 18, birth.month):
        raise ValidationError(
            _("TMT CPNS pada NIP lebih awal dari ulang tahun ke-18 pemiliknya."),
            code="nip_appointment_too_young",
        )


def validate_nip(value: str) -> None:
    """Model-field validator: the stored value is already normalised."""
    parse_nip(value)
