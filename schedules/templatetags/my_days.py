"""Rendering helpers of "Jadwal saya": the coming days and the month's calendar.

Seven coming days (each with a dozen conditions and an included status badge)
and five or six weeks of seven calendar cells cost the template engine more than
the rest of the page's logic; they are written here with string joins (every text
escaped), as the templates wrote them.
"""

from __future__ import annotations

from datetime import date

from django import template
from django.urls import reverse
from django.utils.html import conditional_escape, escape
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


# --- the coming days: one <li> per day ----------------------------------------------------

_PHASE_BADGES = {
    "in_force": "text-bg-success",
    "coming": "text-bg-info",
    "draft": "text-bg-secondary",
    "revoked": "text-bg-danger",
    "superseded": "text-bg-warning",
}


@register.simple_tag(takes_context=True)
def coming_day(context, d: MyDay) -> SafeString:
    """One coming day of the list (what ``_day.html`` wrote through the template engine):
    its mode, the circular that governs it with its hours and conditions, a request
    approved or waiting, and the form that gives a day away back to the office."""
    iso = d.day.isoformat()
    today = ""
    if d.is_today:
        today = f' <span class="badge text-bg-primary">{escape(_("Hari ini"))}</span>'
    working = d.policy.working_day
    off = ""
    if not working:
        reason = escape(d.policy.non_working_reason)
        off = f'<div class="small text-muted">{escape(_("Libur"))}: {reason}</div>'
    badge = "text-bg-success" if d.away else ("text-bg-secondary" if working else "text-bg-light")
    mode = escape(d.mode) if working or d.away else "—"
    approved = ""
    if d.approved_not_rostered:
        text = _(
            "Permohonan %(mode)s disetujui; tampil di jadwal setelah kepala OPD mengajukan"
            " jadwal minggu ini."
        ) % {"mode": escape(d.approved.mode)}
        approved = f'<div class="small text-success-emphasis" data-testid="approved">{text}</div>'
    pending = ""
    if d.pending:
        text = _("Permohonan %(mode)s menunggu keputusan.") % {"mode": escape(d.pending.mode)}
        pending = f'<div class="small text-warning-emphasis">{text}</div>'
    office = ""
    if d.can_choose_office:
        action = escape(reverse("requests:choose_office", args=[iso]))
        label = escape(_("Saya memilih bekerja di kantor (WFO)"))
        office = (
            f'\n    <form method="post" action="{action}" class="mt-2">{_csrf(context)}'
            '\n      <button type="submit" class="btn btn-outline-secondary btn-sm"'
            f' data-testid="choose-office">{label}</button>'
            "\n    </form>\n  "
        )
    item = "list-group-item list-group-item-primary" if d.is_today else "list-group-item"
    return mark_safe(  # noqa: S308 (every value below is escaped, an enum or a number)
        f'<li class="{item}" data-testid="day-{iso}">'
        '\n  <div class="d-flex justify-content-between align-items-start gap-2">'
        "\n    <div>"
        f"\n      <strong>{escape(d.label)}</strong>{today}"
        f"\n      {off}"
        "\n    </div>"
        f'\n    <span class="badge fs-6 {badge}" data-testid="mode">{mode}</span>'
        "\n  </div>"
        f"\n  {_circular(d) if d.circular and working else ''}"
        f"\n  {approved}"
        f"\n  {pending}"
        f"\n  {office}"
        "\n</li>\n"
    )


def _circular(d: MyDay) -> str:
    circular = d.circular
    url = escape(reverse("circulars:detail", args=[circular.pk]))
    phase = circular.current_phase
    badge = _PHASE_BADGES.get(phase, "text-bg-light border")
    status = (
        f'<span class="badge {badge}" data-testid="phase" data-phase="{escape(phase)}">'
        f"{escape(phase.label)}</span>"
    )
    hours = ""
    if circular.work_start and circular.work_end:
        hours = f" · {escape(_('Jam kerja'))} {circular.work_start:%H:%M}–{circular.work_end:%H:%M}"
        if circular.break_start and circular.break_end:
            hours += (
                f" ({escape(_('istirahat'))} "
                f"{circular.break_start:%H:%M}–{circular.break_end:%H:%M})"
            )
    conditions = ""
    if d.away:
        lines = circular.condition_lines()
        if lines:
            items = "".join(f"<li>{escape(line)}</li>" for line in lines)
            conditions = f'\n      <ul class="small mb-1 mt-1">{items}</ul>\n    '
    return (
        f'\n    <div class="small mt-1">{escape(_("Surat edaran"))}: <a href="{url}">'
        f"SE {escape(circular.number)}</a> {status}\n"  # _status.html ended with a newline
        f"\n      {hours}"
        "\n    </div>"
        f"\n    {conditions}"
        "\n  "
    )


def _csrf(context) -> str:
    """What ``{% csrf_token %}`` writes."""
    token = context.get("csrf_token")
    if not token or token == "NOTPROVIDED":  # noqa: S105 - Django's marker, not a secret
        return ""
    # conditional_escape, as the tag: a cached fragment's placeholder (wfa_portal.fragments)
    # is kept as it is.
    return f'<input type="hidden" name="csrfmiddlewaretoken" value="{conditional_escape(token)}">'
