"""Rendering helpers of the roster grid.

A week of 1,000 staff has 7,000 cells: each is built here with string joins
(values escaped) instead of nested template loops, to keep the page fast.
"""

from __future__ import annotations

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from policy.values import AWAY_MODES, Mode, Violation
from schedules.forms import cell_name
from schedules.selectors import GridCell, GridRow, GridSection

register = template.Library()


def _labels() -> dict[Mode, str]:
    return {
        Mode.WFO: "WFO",
        Mode.WFA: "WFA",
        Mode.WFH: "WFH",
        Mode.LEAVE: _("Cuti"),
        Mode.TRAVEL: _("DL"),
    }


def _options(labels: dict[Mode, str]) -> dict[Mode, str]:
    """The <option> list once per selected mode."""
    return {
        selected: "".join(
            f'<option value="{mode.value}"{" selected" if mode == selected else ""}>'
            f"{escape(label)}</option>"
            for mode, label in labels.items()
        )
        for selected in Mode
    }


@register.simple_tag(takes_context=True)
def grid_rows(context, section: GridSection, editable: bool) -> SafeString:
    """The <tr> rows of one sub-unit: the employee's name, then a cell per day."""
    cache = context.render_context.setdefault("roster_grid", {})
    if "labels" not in cache:
        cache["labels"] = _labels()
        cache["options"] = _options(cache["labels"])
        cache["exempt"] = escape(_("wajib di kantor"))
        cache["proposed"] = escape(_("usulan otomatis"))
    return mark_safe(  # noqa: S308 (every value below is escaped or an enum/int)
        "".join(_row(row, editable, cache) for row in section.rows)
    )


def _row(row: GridRow, editable: bool, cache: dict) -> str:
    name = escape(row.employee.name)
    badge = ""
    if row.locked_reason:
        badge = (
            f' <span class="badge text-bg-secondary" title="{escape(row.locked_reason)}"'
            f' data-testid="exempt">{cache["exempt"]}</span>'
        )
    cells = "".join(_cell(row.employee.pk, name, c, editable, cache) for c in row.cells)
    return f'<tr><th scope="row" class="fw-normal">{name}{badge}</th>{cells}</tr>'


def _cell(emp, name, cell: GridCell, editable, cache: dict) -> str:
    labels, options = cache["labels"], cache["options"]
    iso = cell.day.isoformat()
    key = f"{emp}-{iso}"
    bad = " table-danger" if cell.flagged else ""
    mark = ""
    if cell.proposed:  # a class (styled, read by roster.js) and a badge saying so
        bad += " cell-proposed"
        mark = (
            f'<span class="badge cell-proposed-badge" title="{cache["proposed"]}">'
            '<i class="bi bi-magic" aria-hidden="true"></i>'
            f'<span class="visually-hidden">{cache["proposed"]}</span></span>'
        )
    if editable and cell.editable:
        invalid = " is-invalid" if cell.flagged else ""
        saved = f' data-stored="{cell.stored.value}"' if cell.stored is not None else ""
        return (
            f'<td class="cell{bad}" data-cell="{key}">'
            f'<select name="{cell_name(emp, cell.day)}" data-cell="{key}"{saved} '
            f'class="form-select form-select-sm{invalid}" aria-label="{name} {iso}">'
            f"{options[cell.mode]}</select>{mark}</td>"
        )
    text = labels[cell.mode] if cell.mode != Mode.WFO or cell.locked_reason else "·"
    if cell.locked_reason:
        title = escape(cell.locked_reason)
        return (
            f'<td class="cell text-muted{bad}" data-cell="{key}" title="{title}">'
            f'<i class="bi bi-lock" aria-hidden="true"></i> {text}'
            f'<span class="visually-hidden">{title}</span></td>'
        )
    away = " fw-semibold" if cell.mode in AWAY_MODES else ""
    return f'<td class="cell text-muted bg-body-tertiary{bad}{away}" data-cell="{key}">{text}</td>'


@register.filter
def message(violation: Violation) -> str:
    """The violation in the active language."""
    return violation.message(get_language() or "id")
