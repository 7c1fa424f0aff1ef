from datetime import date

import pytest
from django.core.exceptions import ValidationError

from organizations.nip import normalize_nip, parse_nip

TODAY = date(2026, 11, 22)


def nip_error(value: str) -> ValidationError:
    with pytest.raises(ValidationError) as info:
        parse_nip(value, today=TODAY)
    return info.value


def test_accepts_spaced_nip_and_reads_its_parts():
    parts = parse_nip("19660801 198803 1 001", today=TODAY)
    assert parts.birth_date == date(1966, 8, 1)
    assert (parts.appointed_year, parts.appointed_month) == (1988, 3)
    assert parts.gender == 1
    assert parts.sequence == 1


def test_normalises_spaces_dots_and_dashes():
    assert normalize_nip(" 19660801 198803.1-001 ") == "196608011988031001"


@pytest.mark.parametrize(
    "value",
    [
        "",
        "1966080119880310",
        "1966080119880310012",
        "19660801198803100A",
        "１９６６０８０１１９８８０３１００１",
    ],
)
def test_rejects_wrong_length_or_non_digits(value):
    error = nip_error(value)
    assert error.code == "nip_format"
    assert error.messages == ["NIP harus terdiri dari 18 digit angka."]


@pytest.mark.parametrize(
    "value", ["196602301988031001", "196613011988031001", "196608001988031001"]
)
def test_rejects_impossible_birth_date(value):
    error = nip_error(value)
    assert error.code == "nip_birth_date"
    assert error.messages == ["Tanggal lahir pada NIP tidak valid."]


def test_rejects_appointment_month_thirteen():
    error = nip_error("196608011988131001")
    assert error.code == "nip_appointment"
    assert "TMT CPNS" in error.messages[0]


def test_rejects_appointment_in_the_future():
    error = nip_error("199608012026121001")
    assert error.code == "nip_appointment_future"
    assert error.messages == ["TMT CPNS pada NIP tidak boleh di masa depan."]


def test_accepts_appointment_in_the_current_month():
    assert parse_nip("199608012026111001", today=TODAY).appointed_month == 11


def test_rejects_appointment_before_eighteenth_birthday():
    error = nip_error("199008012008071001")
    assert error.code == "nip_appointment_too_young"
    assert "ulang tahun ke-18" in error.messages[0]


def test_accepts_appointment_in_the_month_of_eighteenth_birthday():
    assert parse_nip("199008012008081001", today=TODAY).appointed_year == 2008


@pytest.mark.parametrize("digit", ["0", "3", "9"])
def test_rejects_gender_digit_other_than_one_or_two(digit):
    error = nip_error(f"19660801198803{digit}001")
    assert error.code == "nip_gender"
    assert error.messages == ["Digit jenis kelamin pada NIP (digit ke-15) harus 1 atau 2."]


def test_rejects_sequence_zero():
    assert nip_error("196608011988032000").code == "nip_sequence"


def test_messages_follow_the_active_language():
    from django.utils import translation

    error = nip_error("196602301988031001")
    with translation.override("en"):
        assert error.messages == ["The birth date in the NIP is not valid."]
    assert error.messages == ["Tanggal lahir pada NIP tidak valid."]
