"""Rendering helpers of the roster grid.

A week of 1,000 staff has 7,000 cells: each is built here with string joins
(values escaped) instead of nested template loops, to keep the page fast.

An editable cell holds a ``<select>`` of the modes its day allows the employee
(the form works without JavaScript) and a label; roster.js hides the select and
makes the cell itself the control: a click or Space cycles through
``data-modes``, the menu offers ``data-extra`` (leave, travel).
"""

from __future__ import annotations

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from policy.values import AWAY_MODES, Mode, Violation
from schedules.roster.forms import cell_name
from schedules.roster.selectors import GridCell, GridRow, GridSection

register = template.Library()


def mode_labels() -> dict[Mode, str]:
    return {
        Mode.WFO: "WFO",
        Mode.WFA: "WFA",
        Mode.WFH: "WFH",
        Mode.LEAVE: _("Cuti"),
        Mode.TRAVEL: _("DL"),
    }


def _options(cache: dict, choices: tuple[Mode, ...], selected: Mode) -> str:
    """The <option> list of a cell, built once per (choices, selected)."""
    key = (choices, selected)
    found = cache["options"].get(key)
    if found is None:
        labels = cache["labels"]
        found = "".join(
            f'<option value="{mode.value}"{" selected" if mode == selected else ""}>'
            f"{escape(labels[mode])}</option>"
            for mode in choices
        )
        cache["options"][key] = found
    return found


@register.simple_tag(takes_context=True)
def grid_rows(context, section: GridSection, editable: bool) -> SafeString:
    """The <tr> rows of one sub-unit: the employee's name, then a cell per day."""
    cache = context.render_context.setdefault("roster_grid", {})
    if "labels" not in cache:
        cache["labels"] = mode_labels()
        cache["options"] = {}
        cache["exempt"] = escape(_("wajib di kantor"))
        cache["proposed"] = escape(_("usulan otomatis"))
    return mark_safe(  # noqa: S308 (every value below is escaped or an enum/int)
        "".join(_row(row, editable, cache) for row in section.rows)
    )


def _row(row: GridRow, editable: bool, cache: dict) -> str:
    name = escape(row.employee.name)
    extra = ""
    if row.locked_reason:
        extra = (
            f' <span class="badge text-bg-secondary" title="{escape(row.locked_reason)}"'
            f' data-testid="exempt">{cache["exempt"]}</span>'
        )
    if row.messages:
        text = escape(" ".join(row.messages))
        extra += (
            f' <i class="bi bi-exclamation-octagon-fill text-danger" title="{text}"'
            f' aria-hidden="true"></i><span class="visually-hidden">{text}</span>'
        )
    cells = "".join(_cell(row.employee.pk, name, c, editable, cache) for c in row.cells)
    return (
        f'<tr id="row-{row.employee.pk}"><th scope="row" class="name">'
        f'<span class="name-text">{name}</span>{extra}</th>{cells}</tr>'
    )


def _cell(emp, name, cell: GridCell, editable, cache: dict) -> str:
    labels = cache["labels"]
    iso = cell.day.isoformat()
    key = f"{emp}-{iso}"
    column = f"dcol d{cell.day.weekday()}"
    # Modes are StrEnum members, strings of their value: no ``.value`` lookup per cell.
    classes = f"cell {column} m-{cell.mode}"
    title = ""
    said = ""
    if cell.messages:
        text = escape(" ".join(cell.messages))
        classes += " flagged"
        title = f' title="{text}"'
        said = f'<span class="visually-hidden cell-msg">{text}</span>'
    mark = ""
    if cell.proposed:  # a class (styled, read by roster.js) and a badge saying so
        classes += " cell-proposed"
        mark = (
            f'<span class="badge cell-proposed-badge" title="{cache["proposed"]}">'
            '<i class="bi bi-magic" aria-hidden="true"></i>'
            f'<span class="visually-hidden">{cache["proposed"]}</span></span>'
        )
    if editable and cell.editable:
        invalid = " is-invalid" if cell.messages else ""
        saved = f' data-stored="{cell.stored}"' if cell.stored is not None else ""
        modes = " ".join(cell.cycle)
        extra = " ".join(cell.extra)
        return (
            f'<td class="{classes}" id="cell-{key}" data-cell="{key}" data-modes="{modes}"'
            f' data-extra="{extra}"{title}>'
            f'<select name="{cell_name(emp, cell.day)}"{saved} '
            f'class="form-select form-select-sm{invalid}" aria-label="{name} {iso}">'
            f"{_options(cache, cell.choices, cell.mode)}</select>"
            f'<span class="cell-label">{escape(labels[cell.mode])}</span>{mark}{said}</td>'
        )
    text = labels[cell.mode] if cell.mode != Mode.WFO or cell.locked_reason else "·"
    if cell.locked_reason:
        reason = escape(cell.locked_reason)
        return (
            f'<td class="{classes} locked" id="cell-{key}" data-cell="{key}" title="{reason}">'
            f'<i class="bi bi-lock" aria-hidden="true"></i> {text}'
            f'<span class="visually-hidden">{reason}</span>{said}</td>'
        )
    away = " fw-semibold" if cell.mode in AWAY_MODES else ""
    return (
        f'<td class="{classes} readonly{away}" id="cell-{key}" data-cell="{key}"{title}>'
        f"{text}{said}</td>"
    )


@register.filter
def message(violation: Violation) -> str:
    """The violation in the active language."""
    return violation.message(get_language() or "id")


@register.simple_tag
def mode_label(mode: str) -> str:
    return mode_labels()[Mode(mode)]
