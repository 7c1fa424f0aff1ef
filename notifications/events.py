"""The domain events that notify people: who hears of what, and in which words.

Every notice of the portal is raised here, and only here (a test keeps
``notify()`` from being called anywhere else). Each function is called inside
the transaction of the change that caused it, so the outbox rows commit or roll
back with the change. A notice goes only to active logins, and each reads it in
the language they last chose in the navbar (``User.language``; Indonesian when
they never chose), whatever language the person acting happens to use: the
texts are written once per language among the recipients.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from typing import TYPE_CHECKING

from django.conf import settings
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from organizations.dates import long_date, long_day
from organizations.models import Employee, Role, Unit, User
from wfa_portal.isoweek import format_week

from .models import Kind
from .services import notify

if TYPE_CHECKING:
    from attendance.figure import DailyFigure
    from circulars.impact import RefusedDay, WeekImpact
    from circulars.models import Circular
    from schedules.models import AwayRequest, Revocation, Roster
    from standing.models import Application, Recall, StandingPolicy, WorkTarget

Texts = Callable[[], tuple[str, str]]  # (subject, body), in the active language


def announce(
    *, event_key: str, kind: str, recipients: Iterable[User | None], texts: Texts, link: str = ""
) -> int:
    """Write the notice for every active recipient in their own language.

    ``texts`` is called once per language present among the recipients, under that
    language. Returns the number of new outbox rows (a repeated event adds none).
    """
    groups: dict[str, list[User]] = defaultdict(list)
    for user in recipients:
        if user is not None and user.is_active:
            groups[user.language or settings.LANGUAGE_CODE].append(user)
    sent = 0
    for language, users in sorted(groups.items()):
        with translation.override(language):
            subject, body = texts()
        sent += notify(
            event_key=event_key, kind=kind, recipients=users, subject=subject, body=body, link=link
        )
    return sent


# --- who ----------------------------------------------------------------------------------


def agencies_reached(circulars: Iterable[Circular]) -> list[int]:
    """The agencies any of the circulars reaches (``circulars.governing.reached_agency_ids``,
    the answer governing and the impact of publishing give): its own, those below it
    when it applies to them, the regional governments a ministry's circular addresses."""
    from circulars.governing import reached_agency_ids

    found = reached_agency_ids(circulars)
    return sorted({pk for ids in found.values() for pk in ids})


def roster_keepers(opd_ids: Iterable[int]) -> QuerySet[User]:
    """Heads and operators of the OPDs: those who fill their rosters."""
    return User.objects.filter(
        is_active=True, roles__kind__in=Role.UNIT_KINDS, roles__unit_id__in=opd_ids
    ).distinct()


def opd_heads(opd_id: int) -> QuerySet[User]:
    return User.objects.filter(
        is_active=True, roles__kind=Role.Kind.OPD_HEAD, roles__unit_id=opd_id
    ).distinct()


def agency_admins(agency_ids: Iterable[int]) -> QuerySet[User]:
    return User.objects.filter(
        is_active=True, roles__kind=Role.Kind.BKPSDM_ADMIN, roles__agency_id__in=agency_ids
    ).distinct()


def people_of(agency_ids: Iterable[int]) -> QuerySet[User]:
    """Every active login working in the agencies: staff, heads, operators, admins."""
    return User.objects.filter(
        Q(employee__unit__agency_id__in=agency_ids, employee__active=True)
        | Q(roles__unit__agency_id__in=agency_ids)
        | Q(roles__agency_id__in=agency_ids),
        is_active=True,
    ).distinct()


# --- circulars ----------------------------------------------------------------------------


def circular_published(circular: Circular) -> int:
    """A new (or amending) circular is in force: everyone it concerns hears of it."""
    kind = Kind.CIRCULAR_AMENDED if circular.amends_id else Kind.CIRCULAR_PUBLISHED

    def texts() -> tuple[str, str]:
        if circular.amends is not None:
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
        return subject, body

    return _about_circular(circular, kind, "published", texts)


def circular_revoked(circular: Circular) -> int:
    def texts() -> tuple[str, str]:
        subject = _("SE %(number)s dicabut") % {"number": circular.number}
        body = _("Perihal: %(title)s.\nAlasan pencabutan: %(reason)s") % {
            "title": circular.title,
            "reason": circular.revoke_reason,
        }
        return subject, body

    return _about_circular(circular, Kind.CIRCULAR_REVOKED, "revoked", texts)


def _about_circular(circular: Circular, kind: str, what: str, texts: Texts) -> int:
    # An amendment is news wherever either reaches (it may stop reaching some).
    amended = [circular.amends] if circular.amends_id and circular.amends is not None else []
    agency_ids = agencies_reached([circular, *amended])
    return announce(
        event_key=f"circular:{circular.pk}:{what}",
        kind=kind,
        recipients=people_of(agency_ids),
        texts=texts,
        link=reverse("circulars:detail", args=[circular.pk]),
    )


# --- rosters ------------------------------------------------------------------------------


def roster_decided(roster: Roster) -> int:
    """BKPSDM returned or accepted a week: the OPD's head and operators hear of it."""
    returned = roster.status == roster.Status.DRAFT
    values = {"opd": roster.unit.short_name, "week": roster.iso_week}

    def texts() -> tuple[str, str]:
        if returned:
            subject = _("Jadwal %(opd)s minggu %(week)s dikembalikan") % values
            body = _("BKPSDM mengembalikan jadwal untuk diperbaiki: %(comment)s") % {
                "comment": roster.return_comment
            }
        else:
            subject = _("Jadwal %(opd)s minggu %(week)s diterima") % values
            body = _("BKPSDM menerima jadwal ini; jadwal tidak dapat diubah lagi.")
        return subject, body

    # A week can be returned more than once: each decision is its own event.
    stamp = roster.decided_at.isoformat() if roster.decided_at else ""
    return announce(
        event_key=f"roster:{roster.pk}:{'returned' if returned else 'accepted'}:{stamp}",
        kind=Kind.ROSTER_RETURNED if returned else Kind.ROSTER_ACCEPTED,
        recipients=roster_keepers([roster.unit_id]),
        texts=texts,
        link=reverse("roster:week", kwargs={"unit_id": roster.unit_id, "week": roster.iso_week}),
    )


def week_return_asked(roster: Roster, actor: User, *, note: str, pending: int) -> int:
    """A head asks BKPSDM to return a submitted week: requests for its days wait on it.

    Once per submission of the week: asking again before BKPSDM decides adds nothing.
    """
    values = {"opd": roster.unit.short_name, "week": roster.iso_week}
    who = actor.get_full_name() or actor.username

    def texts() -> tuple[str, str]:
        subject = _("%(opd)s meminta jadwal minggu %(week)s dikembalikan") % values
        body = ngettext(
            "%(who)s meminta minggu ini dikembalikan ke OPD: %(n)d permohonan pegawai pada "
            "minggu itu hanya dapat disetujui setelah jadwalnya dikembalikan.",
            "%(who)s meminta minggu ini dikembalikan ke OPD: %(n)d permohonan pegawai pada "
            "minggu itu hanya dapat disetujui setelah jadwalnya dikembalikan.",
            pending,
        ) % {"who": who, "n": pending}
        if note:
            body += " " + _("Catatan: %(note)s") % {"note": note}
        return subject, body

    stamp = roster.submitted_at.isoformat() if roster.submitted_at else ""
    return announce(
        event_key=f"roster:{roster.pk}:return_asked:{stamp}",
        kind=Kind.ROSTER_RETURN_ASKED,
        recipients=agency_admins([roster.unit.agency_id]),
        texts=texts,
        link=reverse("roster:oversight_detail", args=[roster.pk]),
    )


def roster_deadline_reminder(opd: Unit, week_start: date, today: date) -> int:
    """Beat, before a covered week: the OPD's roster for it is not submitted yet."""

    def texts() -> tuple[str, str]:
        subject = _("Pengingat: jadwal %(opd)s minggu %(week)s belum diajukan") % {
            "opd": opd.short_name,
            "week": format_week(week_start),
        }
        body = _(
            "Jadwal kerja minggu depan (mulai %(monday)s) belum diajukan ke BKPSDM. "
            "Isi dan ajukan sebelum batas waktunya."
        ) % {"monday": long_day(week_start)}
        return subject, body

    return announce(
        event_key=f"reminder:roster:{opd.pk}:{week_start}:{today}",
        kind=Kind.REMINDER_ROSTER_DEADLINE,
        recipients=roster_keepers([opd.pk]),
        texts=texts,
        link=reverse("roster:week", kwargs={"unit_id": opd.pk, "week": week_start}),
    )


def roster_reminder_from_bkpsdm(
    circular: Circular, opd: Unit, keepers: Iterable[User], today: date
) -> int:
    """BKPSDM pressed "remind" on its dashboard: the OPD still owes its week. ``keepers``
    are the OPD's heads and operators (loaded for every OPD at once by the caller)."""

    def texts() -> tuple[str, str]:
        subject = _("Pengingat: jadwal kerja %(opd)s belum diajukan") % {"opd": opd.short_name}
        body = _(
            "BKPSDM mengingatkan: jadwal kerja %(opd)s menurut SE %(number)s belum diajukan."
        ) % {"opd": opd.name, "number": circular.number}
        if circular.roster_deadline:
            body += " " + _("Batas pengisian: %(day)s.") % {
                "day": long_date(circular.roster_deadline)
            }
        return subject, body

    return announce(
        event_key=f"monitoring:remind:{circular.pk}:{opd.pk}:{today.isoformat()}",
        kind=Kind.REMINDER_ROSTER_DEADLINE,
        recipients=keepers,
        texts=texts,
        link=reverse("roster:current_week", args=[opd.pk]),
    )


def missing_rosters_summary(agency_id: int, opds: list[Unit], today: date) -> int:
    """Beat, each morning a window is open: BKPSDM hears which OPDs have no roster."""

    def texts() -> tuple[str, str]:
        subject = _("%(n)s OPD belum mengajukan jadwal minggu ini") % {"n": len(opds)}
        return subject, ", ".join(o.short_name for o in opds)

    return announce(
        event_key=f"summary:missing:{agency_id}:{today}",
        kind=Kind.SUMMARY_MISSING_ROSTERS,
        recipients=agency_admins([agency_id]),
        texts=texts,
        link=reverse("roster:oversight"),
    )


def tomorrow(day: date, mode: str, user_ids: set[int]) -> int:
    """Beat, the evening before: where each person works on the next working day."""

    def texts() -> tuple[str, str]:
        when = long_day(day)
        if mode == "WFO":
            subject = _("Jadwal Anda %(day)s berubah: bekerja di kantor") % {"day": when}
        else:
            subject = _("Besok, %(day)s, Anda dijadwalkan %(mode)s") % {"day": when, "mode": mode}
        return subject, _("Lihat jadwal lengkap dan ketentuannya di Portal WFA.")

    return announce(
        event_key=f"tomorrow:{day}:{mode}",
        kind=Kind.REMINDER_TOMORROW,
        recipients=User.objects.filter(pk__in=user_ids),
        texts=texts,
        link="/",
    )


# --- an employee's days -------------------------------------------------------------------


def request_decided(row: AwayRequest) -> int:
    """The head (or BKPSDM) decided an employee's request for a day away."""
    approved = row.status == row.Status.APPROVED

    def texts() -> tuple[str, str]:
        subject = (
            _("Permohonan %(mode)s %(day)s disetujui")
            if approved
            else _("Permohonan %(mode)s %(day)s ditolak")
        ) % {"mode": row.mode, "day": long_day(row.day)}
        if row.reason:
            body = _("Alasan: %(reason)s") % {"reason": row.reason}
        elif approved:
            body = _(
                "Hari itu masuk ke jadwal Anda setelah kepala OPD mengajukan jadwal minggunya."
            )
        else:
            body = _("Lihat permohonan Anda di Portal WFA.")
        return subject, body

    return announce(
        event_key=f"away_request:{row.pk}:{row.status}",
        kind=Kind.REQUEST_DECIDED,
        recipients=[row.employee.user],
        texts=texts,
        link=reverse("requests:requests"),
    )


def wfo_chosen(employee: Employee, opd_id: int, day: date) -> int:
    """An employee chose the office on a day they were rostered away: the heads hear."""

    def texts() -> tuple[str, str]:
        subject = _("%(name)s memilih bekerja di kantor (WFO) pada %(day)s") % {
            "name": employee.name,
            "day": long_day(day),
        }
        body = _(
            "Hari di luar kantor itu dikembalikan ke WFO dan jadwal minggunya sudah diperbarui."
        )
        return subject, body

    return announce(
        event_key=f"wfo_chosen:{employee.pk}:{day.isoformat()}:{timezone.now().timestamp()}",
        kind=Kind.WFO_CHOSEN,
        recipients=opd_heads(opd_id),
        texts=texts,
        link=reverse("requests:queue", args=[opd_id]),
    )


def permission_revoked(revocation: Revocation, opd: Unit, released: int) -> int:
    """A permission was revoked: the employee and the agency's BKPSDM hear why."""
    employee = revocation.employee

    def texts() -> tuple[str, str]:
        subject = _("Izin %(name)s berdasarkan SE %(number)s dicabut") % {
            "name": employee.name,
            "number": revocation.circular.number,
        }
        body = "\n".join(
            [
                _("Alasan: %(reason)s") % {"reason": revocation.reason},
                _("Hari di luar kantor yang dikembalikan ke WFO: %(n)d") % {"n": released},
            ]
        )
        return subject, body

    return announce(
        event_key=f"revocation:{revocation.pk}",
        kind=Kind.PERMISSION_REVOKED,
        recipients=[*agency_admins([opd.agency_id]), employee.user],
        texts=texts,
        link=reverse("requests:my_days"),
    )


def away_days_sent_to_office(
    employee: Employee, *, old_opd: Unit, new_opd: Unit, days: Sequence[date]
) -> int:
    """An employee moved to another OPD and their coming days away went back to the
    office: the employee and the heads and operators of both OPDs hear which days."""

    def texts() -> tuple[str, str]:
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
            "days": ", ".join(long_day(day) for day in days),
        }
        return subject, body

    stamp = timezone.now().isoformat()
    return announce(
        event_key=f"moved_to_office:{employee.pk}:{new_opd.pk}:{stamp}",
        kind=Kind.MOVED_TO_OFFICE,
        recipients=[*roster_keepers([old_opd.pk, new_opd.pk]), employee.user],
        texts=texts,
        link=reverse("requests:my_days"),
    )


# --- a change of the rules over rosters that exist (circulars.impact) ---------------------


def weeks_changed_by_rule(
    opd: Unit,
    weeks: Sequence[WeekImpact],
    *,
    returned: Iterable[Roster],
    cause: Callable[[], str],
    event_key: str,
) -> int:
    """A new circular (or a sanction) changed the OPD's stored weeks: its heads and
    operators hear which weeks went back to them, which days are over the limit and
    how many days away went back to the office. ``weeks`` are ``impact.WeekImpact``;
    ``cause`` says what changed, in the active language."""
    returned_ids = {r.pk for r in returned}

    def texts() -> tuple[str, str]:
        subject = _("Jadwal %(opd)s berubah: %(cause)s") % {"opd": opd.short_name, "cause": cause()}
        lines = []
        for week in weeks:
            parts = []
            if week.roster_id in returned_ids:
                parts.append(_("dikembalikan menjadi draf"))
            if week.over_days:
                parts.append(
                    _("melebihi batas pada %(days)s")
                    % {"days": ", ".join(long_day(d) for d in week.over_days)}
                )
            if week.refused:
                parts.append(_("%(n)d hari di luar kantor menjadi WFO") % {"n": len(week.refused)})
            if week.other:
                parts.append(_("%(n)d pelanggaran lain") % {"n": len(week.other)})
            lines.append(
                _("Minggu %(week)s: %(what)s.") % {"week": week.iso_week, "what": "; ".join(parts)}
            )
        return subject, "\n".join(lines)

    first = min(weeks, key=lambda w: w.week_start)
    return announce(
        event_key=f"{event_key}:opd:{opd.pk}",
        kind=Kind.RULES_CHANGED_ROSTER,
        recipients=roster_keepers([opd.pk]),
        texts=texts,
        link=reverse("roster:week", kwargs={"unit_id": opd.pk, "week": first.iso_week}),
    )


def away_days_refused(
    employee: Employee, days: Sequence[RefusedDay], *, cause: Callable[[], str], event_key: str
) -> int:
    """The employee's days away that the new rules refuse went back to the office.
    ``days`` are ``impact.RefusedDay``; each reason reads in the recipient's language."""

    def texts() -> tuple[str, str]:
        language = translation.get_language() or settings.LANGUAGE_CODE
        subject = _("%(n)d hari di luar kantor Anda menjadi WFO") % {"n": len(days)}
        lines = [_("Penyebab: %(cause)s.") % {"cause": cause()}]
        lines += [
            f"{long_day(day.day)}: {day.violation.message(language)}"
            for day in sorted(days, key=lambda d: d.day)
        ]
        return subject, "\n".join(lines)

    return announce(
        event_key=f"{event_key}:employee:{employee.pk}",
        kind=Kind.RULES_CHANGED_ROSTER,
        recipients=[employee.user],
        texts=texts,
        link=reverse("requests:my_days"),
    )


# --- attendance ------------------------------------------------------------------------------


def daily_figure(figure: DailyFigure) -> int:
    """Beat, at the configured hour (13:00): BKPSDM receives the day's WFO/WFA figure per OPD
    (``attendance.figure.DailyFigure``), once per agency and day."""

    def texts() -> tuple[str, str]:
        t = figure.totals
        subject = _("Rekap %(day)s: %(wfo)s WFO, %(away)s WFA/WFH, %(missing)s belum melapor") % {
            "day": long_date(figure.day),
            "wfo": t.wfo,
            "away": t.away,
            "missing": t.not_reported,
        }
        lines = [
            _(
                "%(opd)s: WFO %(wfo)s, WFA/WFH %(away)s, cuti %(leave)s, dinas luar %(travel)s, "
                "belum melapor %(missing)s"
            )
            % {
                "opd": row.name,
                "wfo": row.wfo,
                "away": row.away,
                "leave": row.leave,
                "travel": row.travel,
                "missing": row.not_reported,
            }
            for row in figure.rows
        ]
        return subject, "\n".join(lines)

    return announce(
        event_key=f"daily_figure:{figure.agency.pk}:{figure.day}",
        kind=Kind.SUMMARY_DAILY_FIGURE,
        recipients=agency_admins([figure.agency.pk]),
        texts=texts,
        link=reverse("attendance:figure", args=[figure.agency.pk, figure.day]),
    )


# --- standing flexible work (standing/) ---------------------------------------------------


def standing_policy_published(policy: StandingPolicy) -> int:
    """A standing flexible-work policy is in force: the agency's heads hear of it."""

    def texts() -> tuple[str, str]:
        subject = _("Kebijakan kerja fleksibel Nomor %(number)s berlaku mulai %(day)s") % {
            "number": policy.number,
            "day": long_date(policy.start),
        }
        body = _("%(title)s. Pegawai dapat mengajukan pengaturan kerja fleksibel.") % {
            "title": policy.title
        }
        return subject, body

    heads = User.objects.filter(
        is_active=True, roles__kind=Role.Kind.OPD_HEAD, roles__unit__agency_id=policy.agency_id
    ).distinct()
    return announce(
        event_key=f"standing_policy:{policy.pk}:published",
        kind=Kind.STANDING_POLICY,
        recipients=heads,
        texts=texts,
        link=reverse("standing:public_policy", args=[policy.pk]),
    )


def standing_application_submitted(application: Application, *, by_head: bool) -> int:
    """An employee applied: the heads of their OPD decide (BKPSDM for a head's own)."""
    employee = application.employee
    opd_id = employee.unit.parent_id or employee.unit_id
    if by_head:
        deciders = agency_admins([employee.unit.agency_id])
        link = reverse("standing:agency_queue", args=[employee.unit.agency_id])
    else:
        deciders = opd_heads(opd_id).exclude(pk=employee.user_id or 0)
        link = reverse("standing:queue", args=[opd_id])

    def texts() -> tuple[str, str]:
        subject = _("%(name)s mengajukan kerja fleksibel") % {"name": employee.name}
        return subject, _("Alasan: %(reason)s") % {"reason": application.reason}

    return announce(
        event_key=f"standing_application:{application.pk}:submitted",
        kind=Kind.STANDING_APPLICATION,
        recipients=deciders,
        texts=texts,
        link=link,
    )


def standing_application_decided(application: Application) -> int:
    """The employee hears the decision on their application."""
    approved = application.status == application.Status.APPROVED

    def texts() -> tuple[str, str]:
        subject = (
            _("Permohonan kerja fleksibel Anda disetujui")
            if approved
            else _("Permohonan kerja fleksibel Anda ditolak")
        )
        body = (
            _("Alasan: %(reason)s") % {"reason": application.decision_note}
            if application.decision_note
            else _("Lihat pengaturan kerja fleksibel Anda di Portal WFA.")
        )
        return subject, body

    return announce(
        event_key=f"standing_application:{application.pk}:{application.status}",
        kind=Kind.STANDING_APPLICATION,
        recipients=[application.employee.user],
        texts=texts,
        link=reverse("standing:mine"),
    )


def standing_recalled(recall: Recall) -> int:
    """A head calls the employee back to the office: they hear at once and must confirm."""

    def texts() -> tuple[str, str]:
        subject = _("Anda dipanggil ke kantor pada %(day)s pukul %(time)s") % {
            "day": long_day(recall.day),
            "time": recall.at.strftime("%H:%M"),
        }
        body = "\n".join(
            [
                _("Alasan: %(reason)s") % {"reason": recall.reason},
                _("Buka tautan ini untuk mengonfirmasi."),
            ]
        )
        return subject, body

    return announce(
        event_key=f"standing_recall:{recall.pk}",
        kind=Kind.STANDING_RECALL,
        recipients=[recall.employee.user],
        texts=texts,
        link=reverse("standing:recall", args=[recall.pk]),
    )


def standing_target_reported(target: WorkTarget, *, by_head: bool) -> int:
    """An employee reports a work-plan target's result: whoever decided their
    application reviews it (the OPD's heads; BKPSDM for a head's own)."""
    employee = target.application.employee
    opd_id = employee.unit.parent_id or employee.unit_id
    if by_head:
        reviewers = agency_admins([employee.unit.agency_id])
    else:
        reviewers = opd_heads(opd_id).exclude(pk=employee.user_id or 0)

    def texts() -> tuple[str, str]:
        subject = _("%(name)s melaporkan hasil target kerja") % {"name": employee.name}
        return subject, _("Target: %(target)s") % {"target": target.target}

    return announce(
        event_key=f"standing_target:{target.pk}:reported:{target.reported_at:%Y%m%d%H%M%S%f}",
        kind=Kind.STANDING_APPLICATION,
        recipients=reviewers,
        texts=texts,
        link=reverse("standing:target_review", args=[target.pk]),
    )


def standing_target_reviewed(target: WorkTarget) -> int:
    """The employee hears whether their target was found met, and the comment."""

    def texts() -> tuple[str, str]:
        subject = (
            _("Target kerja Anda dinyatakan tercapai")
            if target.met
            else _("Target kerja Anda dinyatakan belum tercapai")
        )
        lines = [_("Target: %(target)s") % {"target": target.target}]
        if target.review_comment:
            lines.append(_("Komentar atasan: %(comment)s") % {"comment": target.review_comment})
        return subject, "\n".join(lines)

    return announce(
        event_key=f"standing_target:{target.pk}:reviewed:{target.reviewed_at:%Y%m%d%H%M%S%f}",
        kind=Kind.STANDING_APPLICATION,
        recipients=[target.application.employee.user],
        texts=texts,
        link=reverse("standing:target_report", args=[target.pk]),
    )
