"""The domain events that notify people: who hears of what, and in which words.

Each function is called inside the transaction of the change that caused it
(circulars and schedules services), so the outbox rows commit or roll back
with the change. Texts are rendered in Indonesian, the portal's default
language, whatever language the person acting happens to use.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from organizations.models import Agency, Role, User

from .models import Kind
from .services import notify


def agencies_under(agency: Agency, *, with_subordinates: bool) -> list[int]:
    """The agency, and with_subordinates its children and grandchildren."""
    if not with_subordinates:
        return [agency.pk]
    below = Agency.objects.filter(Q(parent=agency) | Q(parent__parent=agency))
    return [agency.pk, *below.values_list("pk", flat=True)]


def roster_keepers(opd_ids) -> QuerySet[User]:
    """Heads and operators of the OPDs: those who fill their rosters."""
    return User.objects.filter(
        is_active=True, roles__kind__in=Role.UNIT_KINDS, roles__unit_id__in=opd_ids
    ).distinct()


def agency_admins(agency_ids) -> QuerySet[User]:
    return User.objects.filter(
        is_active=True, roles__kind=Role.Kind.BKPSDM_ADMIN, roles__agency_id__in=agency_ids
    ).distinct()


def people_of(agency_ids) -> QuerySet[User]:
    """Every active login working in the agencies: staff, heads, operators, admins."""
    return User.objects.filter(
        Q(employee__unit__agency_id__in=agency_ids, employee__active=True)
        | Q(roles__unit__agency_id__in=agency_ids)
        | Q(roles__agency_id__in=agency_ids),
        is_active=True,
    ).distinct()


def circular_published(circular) -> int:
    """A new (or amending) circular is in force: everyone it concerns hears of it."""
    kind = Kind.CIRCULAR_AMENDED if circular.amends_id else Kind.CIRCULAR_PUBLISHED
    with translation.override("id"):
        if circular.amends_id:
            subject = _("SE %(number)s mengubah SE %(old)s") % {
                "number": circular.number,
                "old": circular.amends.number,
            }
        else:
            subject = _("Surat Edaran baru: SE %(number)s") % {"number": circular.number}
        body = _("%(agency)s menerbitkan surat edaran tentang %(title)s.") % {
            "agency": circular.agency.name,
            "title": circular.title,
        }
    return _about_circular(circular, kind, "published", subject, body)


def circular_revoked(circular) -> int:
    with translation.override("id"):
        subject = _("SE %(number)s dicabut") % {"number": circular.number}
        body = _("Perihal: %(title)s.\nAlasan pencabutan: %(reason)s") % {
            "title": circular.title,
            "reason": circular.revoke_reason,
        }
    return _about_circular(circular, Kind.CIRCULAR_REVOKED, "revoked", subject, body)


def _about_circular(circular, kind: str, what: str, subject: str, body: str) -> int:
    agency_ids = agencies_under(circular.agency, with_subordinates=circular.applies_to_subordinates)
    return notify(
        event_key=f"circular:{circular.pk}:{what}",
        kind=kind,
        recipients=people_of(agency_ids),
        subject=subject,
        body=body,
        link=reverse("circulars:detail", args=[circular.pk]),
    )


def roster_decided(roster) -> int:
    """BKPSDM returned or accepted a week: the OPD's head and operators hear of it."""
    returned = roster.status == roster.Status.DRAFT
    with translation.override("id"):
        values = {"opd": roster.unit.short_name, "week": roster.iso_week}
        if returned:
            subject = _("Jadwal %(opd)s minggu %(week)s dikembalikan") % values
            body = _("BKPSDM mengembalikan jadwal untuk diperbaiki: %(comment)s") % {
                "comment": roster.return_comment
            }
        else:
            subject = _("Jadwal %(opd)s minggu %(week)s diterima") % values
            body = _("BKPSDM menerima jadwal ini; jadwal tidak dapat diubah lagi.")
    # A week can be returned more than once: each decision is its own event.
    stamp = roster.decided_at.isoformat() if roster.decided_at else ""
    return notify(
        event_key=f"roster:{roster.pk}:{'returned' if returned else 'accepted'}:{stamp}",
        kind=Kind.ROSTER_RETURNED if returned else Kind.ROSTER_ACCEPTED,
        recipients=roster_keepers([roster.unit_id]),
        subject=subject,
        body=body,
        link=reverse("schedules:week", kwargs={"unit_id": roster.unit_id, "week": roster.iso_week}),
    )


def away_days_sent_to_office(employee, *, old_opd, new_opd, days) -> int:
    """An employee moved to another OPD and their coming days away went back to the
    office: the employee and the heads and operators of both OPDs hear which days."""
    with translation.override("id"):
        subject = _("%(name)s pindah ke %(opd)s: %(n)d hari di luar kantor menjadi WFO") % {
            "name": employee.name,
            "opd": new_opd.name,
            "n": len(days),
        }
        body = _(
            "%(name)s dipindahkan dari %(old)s ke %(new)s. Hari di luar kantor berikut "
            "dikembalikan ke kantor (WFO): %(days)s."
        ) % {
            "name": employee.name,
            "old": old_opd.name,
            "new": new_opd.name,
            "days": ", ".join(date_format(day, "l, j F Y") for day in days),
        }
    recipients = [*roster_keepers([old_opd.pk, new_opd.pk])]
    if employee.user_id and employee.user.is_active:
        recipients.append(employee.user)
    stamp = timezone.now().isoformat()
    return notify(
        event_key=f"moved_to_office:{employee.pk}:{new_opd.pk}:{stamp}",
        kind=Kind.MOVED_TO_OFFICE,
        recipients=recipients,
        subject=subject,
        body=body,
        link=reverse("employee:my_days"),
    )
