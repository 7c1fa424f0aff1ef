from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from organizations.nip import appointment_month, normalize_nip, parse_ni_pppk, parse_nip

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


# --- NI PPPK: digits 9-14 are a year and a code, not a year and month ----------------------


def test_ni_pppk_reads_a_year_and_a_code_where_a_nip_has_year_and_month():
    parts = parse_ni_pppk("19900101 2024 21 1 001", today=TODAY)
    assert (parts.birth_date, parts.year, parts.code) == (date(1990, 1, 1), 2024, "21")
    assert (parts.gender, parts.sequence) == (1, 1)
    # the same digits are not a NIP: "month" 21 does not exist
    assert nip_error("199001012024211001").code == "nip_appointment"


@pytest.mark.parametrize(
    ("value", "code", "message_id", "message_en"),
    [
        (
            "19900101202421100",
            "pppk_format",
            "NI PPPK harus terdiri dari 18 digit angka.",
            "An NI PPPK must be 18 digits.",
        ),
        (
            "199013012024211001",
            "pppk_birth_date",
            "Tanggal lahir pada NI PPPK tidak valid.",
            "The birth date in the NI PPPK is not valid.",
        ),
        (
            "199001011824211001",
            "pppk_year",
            "Tahun pada NI PPPK (digit ke-9 sampai ke-12) tidak valid.",
            "The year in the NI PPPK (digits 9 to 12) is not valid.",
        ),
        (
            "199001012031211001",
            "pppk_year_future",
            "Tahun pada NI PPPK tidak boleh di masa depan.",
            "The year in the NI PPPK cannot be in the future.",
        ),
        (
            "199001012005211001",
            "pppk_year_too_young",
            "Tahun pada NI PPPK lebih awal dari ulang tahun ke-18 pemiliknya.",
            "The year in the NI PPPK is before its holder's 18th birthday.",
        ),
        (
            "199001012024213001",
            "pppk_gender",
            "Digit jenis kelamin pada NI PPPK (digit ke-15) harus 1 atau 2.",
            "The gender digit of the NI PPPK (digit 15) must be 1 or 2.",
        ),
        (
            "199001012024211000",
            "pppk_sequence",
            "Nomor urut pada NI PPPK tidak boleh 000.",
            "The sequence number of the NI PPPK cannot be 000.",
        ),
    ],
)
def test_each_way_an_ni_pppk_is_wrong_has_its_own_message(value, code, message_id, message_en):
    for language, message in (("id", message_id), ("en", message_en)):
        with translation.override(language):
            with pytest.raises(ValidationError) as info:
                parse_ni_pppk(value, today=TODAY)
            assert (info.value.code, info.value.messages) == (code, [message])


@pytest.mark.parametrize(
    ("number", "pppk", "expected"),
    [
        ("19660801 198803 1 001", False, date(1988, 3, 1)),
        ("19900101 2024 21 1 001", True, date(2024, 1, 1)),  # a year, no month
        ("19900101 2024 21 1 001", False, None),  # not a NIP
        ("rubbish", True, None),
    ],
)
def test_the_appointment_month_comes_from_the_number(number, pppk, expected):
    assert appointment_month(number, pppk=pppk) == expected
