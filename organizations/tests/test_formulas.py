"""The one rule for cells a spreadsheet would read as a formula (organizations.formulas)."""

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from organizations.formulas import reads_as_formula, restore, safe_cell, safe_row


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ('=HYPERLINK("http://x","y")', '\'=HYPERLINK("http://x","y")'),
        ("=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"),
        ("+1+1", "'+1+1"),
        ("-1+1", "'-1+1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("\n@x", "'\n@x"),
        ("  =1+1", "'  =1+1"),
        ("\uff1d1+1", "'\uff1d1+1"),  # full-width equals sign
        ("\uff0b1", "'\uff0b1"),
        ("\uff0d1", "'\uff0d1"),
        ("\uff20SUM(A1)", "'\uff20SUM(A1)"),
        ("\u22121+1", "'\u22121+1"),  # minus sign
        # Readable text stays readable: the apostrophe only marks it as text.
        ("-", "'-"),
        ("+62 812 3456 7890", "'+62 812 3456 7890"),
        ("-3", "'-3"),
        ("'=x", "''=x"),  # already quoted by hand: one more, so restore gives it back
        # Ordinary text is untouched.
        ("Budi Santoso, S.Kom.", "Budi Santoso, S.Kom."),
        ("Kepala Sub-Bagian", "Kepala Sub-Bagian"),
        ("a=b", "a=b"),
        ("'Aisyah", "'Aisyah"),
        ("", ""),
    ],
)
def test_text_that_reads_as_a_formula_gets_an_apostrophe(value, written):
    assert safe_cell(value) == written
    assert safe_cell(value, xlsx=True) == written
    assert restore(written) == value


@pytest.mark.parametrize("value", [-3, -1.5, Decimal("-2.50"), 0, True, None, date(2025, 3, 24)])
def test_numbers_dates_and_booleans_stay_what_they_are(value):
    assert safe_cell(value) is value
    assert safe_cell(value, xlsx=True) is value


def test_xlsx_drops_characters_xml_cannot_hold_then_quotes():
    assert safe_cell("\x01=1+1", xlsx=True) == "'=1+1"
    assert safe_cell("Bu\x07di", xlsx=True) == "Budi"
    assert safe_cell("Bu\x07di") == "Bu\x07di"  # CSV can carry them


def test_non_text_objects_are_written_as_their_text():
    class Named:
        def __str__(self):
            return "=1+1"

    assert safe_row([Named(), 5]) == ["'=1+1", 5]


@given(st.text())
def test_restore_undoes_the_rule_exactly(text):
    assert restore(safe_cell(text)) == text


@given(st.text())
def test_nothing_written_reads_as_a_formula(text):
    assert not reads_as_formula(safe_cell(text))
