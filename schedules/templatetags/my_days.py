"""Rendering helpers of "Jadwal saya": the month's calendar cells built in one call.

Five or six weeks of seven cells, each with a condition per badge, cost the
template engine more than the rest of the page's logic; the cells are written
here with string joins (every text escaped), as the template wrote them.
"""

from __future__ import annotations

from datetime import date

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from policy.values import Mode
from schedules.requests.selectors import MyDay

register = template.Library()


@register.simple_tag
def calendar_cells(week: list[MyDay], month: date) -> SafeString:
    """The <td> cells of one week of the month's calendar."""
    waiting = escape(_("Menunggu keputusan"))
    return mark_safe(  # noqa: S308 (every value below is escaped, an enum or a number)
        "".join(_cell(d, month, waiting) for d in week)
    )


def _cell(d: MyDay, month: date, waiting: str) -> str:
    classes = "" if d.day.month == month.month else "text-muted bg-body-tertiary"
    if d.is_today:
        classes += " border-primary border-2"
    title = f' title="SE {escape(d.circular.number)}"' if d.circular else ""
    badge = ""
    if d.away:
        badge = f'<span class="badge text-bg-success">{escape(d.mode)}</span>'
    elif d.mode != Mode.WFO:
        badge = f'<span class="badge text-bg-info">{escape(d.mode)}</span>'
    pending = f'<span class="badge text-bg-warning" title="{waiting}">?</span>' if d.pending else ""
    return (
        f'\n          <td class="{classes}" data-testid="cal-{d.day.isoformat()}"{title}>'
        f"\n            <div>{d.day.day}</div>"
        f"\n            {badge}"
        f"\n            {pending}"
        "\n          </td>\n          "
    )
