"""An OPD's roster as plain text for the office's WhatsApp group ("Bagikan ke WhatsApp").

For one day, or each day of a week: who is at the office and who is away (and how),
by sub-unit, the OPD's own staff first, in the page's language. WhatsApp shows
``*text*`` as bold; everything else is plain lines, ready to paste.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from urllib.parse import quote

from django.utils.translation import gettext as _

from organizations.dates import long_date, long_day
from organizations.models import Unit
from policy.values import DayPolicy, Mode

from ..models import Roster
from .selectors import Cells, StaffRow

# The order in which a day's groups are listed: the office first, then the days away.
MODE_ORDER = (Mode.WFO, Mode.WFA, Mode.WFH, Mode.LEAVE, Mode.TRAVEL)


def mode_label(mode: Mode) -> str:
    return {
        Mode.WFO: _("Di kantor"),
        Mode.WFA: _("WFA"),
        Mode.WFH: _("WFH"),
        Mode.LEAVE: _("Cuti"),
        Mode.TRAVEL: _("Dinas luar"),
    }[mode]


def roster_text(
    *,
    opd: Unit,
    days: list[date],
    staff: list[StaffRow],
    cells: Cells,
    policies: dict[date, DayPolicy],
    roster: Roster | None,
) -> str:
    """The days' roster of the OPD as WhatsApp text (see the module docstring)."""
    title = _("Jadwal kerja %(opd)s") % {"opd": opd.name}
    if len(days) == 1:
        lines = [f"*{title}*", long_day(days[0])]
    else:
        lines = [
            f"*{title}*",
            _("%(start)s – %(end)s") % {"start": long_date(days[0]), "end": long_date(days[-1])},
        ]
    if roster is None or roster.status == Roster.Status.DRAFT:
        lines.append(_("(masih draf, belum diajukan ke BKPSDM)"))
    sections = _sections(opd, staff)
    for day in days:
        lines.append("")
        if len(days) > 1:
            lines.append(f"*{long_day(day)}*")
        lines += _day_lines(day, policies[day], sections, cells)
    return "\n".join(lines).strip() + "\n"


def _sections(opd: Unit, staff: list[StaffRow]) -> list[tuple[str, list[StaffRow]]]:
    """Staff by sub-unit: the OPD's own first, then sub-units by name; names sorted."""
    grouped: dict[tuple[int, str], list[StaffRow]] = defaultdict(list)
    for e in staff:
        grouped[(e.unit_id, e.unit_name)].append(e)
    order = sorted(grouped, key=lambda key: (key[0] != opd.pk, key[1].lower(), key[0]))
    return [(name, sorted(grouped[(pk, name)], key=lambda e: e.name)) for pk, name in order]


def _day_lines(
    day: date, policy: DayPolicy, sections: list[tuple[str, list[StaffRow]]], cells: Cells
) -> list[str]:
    if not policy.working_day:
        return [_("Libur: %(reason)s") % {"reason": policy.non_working_reason}]
    lines: list[str] = []
    totals = dict.fromkeys(MODE_ORDER, 0)
    for name, members in sections:
        lines.append(name)
        by_mode: dict[Mode, list[str]] = defaultdict(list)
        for e in members:
            by_mode[cells.get((e.pk, day), Mode.WFO)].append(e.name)
        for mode in MODE_ORDER:
            if by_mode[mode]:
                totals[mode] += len(by_mode[mode])
                lines.append(f"- {mode_label(mode)}: {', '.join(by_mode[mode])}")
    office = totals[Mode.WFO]
    away = sum(n for mode, n in totals.items() if mode != Mode.WFO)
    lines.append(
        _("Di kantor %(office)d orang, tidak di kantor %(away)d orang.")
        % {"office": office, "away": away}
    )
    return lines


def whatsapp_url(text: str) -> str:
    """The wa.me link that opens WhatsApp (on a phone: the app) with the text ready to send."""
    return f"https://wa.me/?text={quote(text, safe='')}"
