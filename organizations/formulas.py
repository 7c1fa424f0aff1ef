"""Cells a spreadsheet would read as a formula: every CSV and XLSX export writes through here.

An employee imported as ``=HYPERLINK("http://x","y")`` or ``=cmd|' /C calc'!A0``
must come out of an export as text, never as a live formula (CSV/formula
injection). The rule, the same for CSV and XLSX:

- Text whose first character is ``=``, ``+``, ``-`` or ``@`` (after any leading
  spaces), or one of their full-width and small forms (＝ ＋ － ＠ ﹦ ﹢ ﹣ ﹫) or the
  minus sign (−), or which starts with a tab, CR or LF, gets an apostrophe in
  front: ``'=HYPERLINK(...)``, ``'-``, ``'+62 812 ...``. A spreadsheet shows it
  as text and a reader still reads the value; nothing is dropped. Text that
  already starts with apostrophes before such a character gets one more, so
  the rule can be undone exactly.
- Numbers (``int``, ``float``, ``Decimal``), booleans, dates and times are
  written as what they are, negative numbers too: they come from the portal's
  own arithmetic, never from an upload, and a number cell cannot hold a
  formula. ``-3`` stays the number -3 in XLSX (and ``-3`` in CSV, which Excel
  reads as the number); a *text* ``"-3"`` is text and gets the apostrophe.
- XLSX cannot store the control characters XML forbids (``\\x00``-``\\x08`` ...);
  they are dropped there rather than failing the whole export.

The imports read the portal's own exports back: ``restore`` takes off the
apostrophe this rule put on, so an exported file imported again gives the same
names and positions.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, time, timedelta
from decimal import Decimal

QUOTE = "'"
FORMULA_STARTS = frozenset("=+-@\uff1d\uff0b\uff0d\uff20\ufe66\ufe62\ufe63\ufe6b\u2212")
CONTROL_STARTS = frozenset("\t\r\n")
# What openpyxl refuses to write (XML 1.0 forbids these characters).
_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
# Values written as what they are: numbers, booleans, dates and times are never formulas.
_NOT_TEXT = (bool, int, float, Decimal, date, time, timedelta)


def reads_as_formula(text: str) -> bool:
    """Whether a spreadsheet opening this text (CSV, or a cell typed in) could take it as a
    formula."""
    if not text:
        return False
    if text[0] in CONTROL_STARTS:
        return True
    return text.lstrip()[:1] in FORMULA_STARTS


def _needs_quote(text: str) -> bool:
    return reads_as_formula(text.lstrip(QUOTE))


def safe_cell(value: object, *, xlsx: bool = False) -> object:
    """The value as an export must write it (see the module's rule)."""
    if value is None or isinstance(value, _NOT_TEXT):
        return value
    text = str(value)  # lazy translations, model instances: what a CSV writer would print
    if xlsx:
        text = _XML_ILLEGAL.sub("", text)
    return QUOTE + text if _needs_quote(text) else text


def safe_row(values: Iterable[object], *, xlsx: bool = False) -> list[object]:
    return [safe_cell(value, xlsx=xlsx) for value in values]


def restore(text: str) -> str:
    """An imported cell without the apostrophe an export put in front of it."""
    if text.startswith(QUOTE) and _needs_quote(text[1:]):
        return text[1:]
    return text
