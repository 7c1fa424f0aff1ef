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


# --- NI PPPK -------------------------------------------------------------------------
#
# A PPPK employee (contract civil servant) carries an 18-digit NI PPPK, laid out
# like a NIP for its birth date, gender digit and sequence, but whose digits 9-14
# are a 4-digit year and a 2-digit code, not a year and month of appointment: a
# NIP check would refuse "19900101 2024 21 1 001" for its "month" 21. It has its
# own check and its own messages.


@dataclass(frozen=True)
class PppkParts:
    birth_date: date
    year: int
    code: str
    gender: int
    sequence: int


def parse_ni_pppk(value: str, *, today: date | None = None) -> PppkParts:
    """Return the parts of an NI PPPK, or raise ValidationError naming what is wrong."""
    number = normalize_nip(value)
    if not number.isascii() or not number.isdigit() or len(number) != 18:
        raise ValidationError(_("NI PPPK harus terdiri dari 18 digit angka."), code="pppk_format")
    try:
        birth = date(int(number[0:4]), int(number[4:6]), int(number[6:8]))
    except ValueError:
        raise ValidationError(
            _("Tanggal lahir pada NI PPPK tidak valid."), code="pppk_birth_date"
        ) from None
    year = int(number[8:12])
    today = today or timezone.localdate()
    if year < 1900:
        raise ValidationError(
            _("Tahun pada NI PPPK (digit ke-9 sampai ke-12) tidak valid."), code="pppk_year"
        )
    if year > today.year:
        raise ValidationError(
            _("Tahun pada NI PPPK tidak boleh di masa depan."), code="pppk_year_future"
        )
    if year < birth.year + 18:
        raise ValidationError(
            _("Tahun pada NI PPPK lebih awal dari ulang tahun ke-18 pemiliknya."),
            code="pppk_year_too_young",
        )
    if number[14] not in "12":
        raise ValidationError(
            _("Digit jenis kelamin pada NI PPPK (digit ke-15) harus 1 atau 2."),
            code="pppk_gender",
        )
    if number[15:] == "000":
        raise ValidationError(_("Nomor urut pada NI PPPK tidak boleh 000."), code="pppk_sequence")
    return PppkParts(birth, year, number[12:14], int(number[14]), int(number[15:]))


def validate_ni_pppk(value: str) -> None:
    parse_ni_pppk(value)


def appointment_month(number: str, *, pppk: bool) -> date | None:
    """The first day of the month the employee was appointed, as far as the number
    tells (None when it is not a valid number): a NIP's TMT year and month; for a
    PPPK, whose number holds a year but no month, 1 January of that year."""
    try:
        if pppk:
            return date(parse_ni_pppk(number).year, 1, 1)
        parts = parse_nip(number)
    except ValidationError:
        return None
    return date(parts.appointed_year, parts.appointed_month, 1)
