"""A circular as a PDF in the official layout, and the signed PDF BKPSDM uploaded.

The letter is drawn from an HTML template by WeasyPrint: letterhead, number,
subject, addressees, body, the rules in plain words, place and date, the
signature block, copies, and a lampiran with each OPD's daily limit. An official
letter is always Indonesian, whatever language the reader's pages are in.

Nothing is fetched while rendering: the template carries its own CSS, the fonts
are the system's DejaVu, and any URL the HTML might name is refused, so a body
cannot make the server reach out to the network.
"""

from __future__ import annotations

import re
from datetime import date

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from organizations.dates import long_date
from organizations.models import Agency, RoleTag, ServiceCategory, Unit

from . import pdf_cache
from .access import circular_visible_to
from .models import Circular, Phase, Priority
from .rendering import render_markdown
from .summary import OpdLimit, opd_limits

# The issuing office's name under the agency's, when the agency has one of these.
_ISSUING_OFFICE_CODES = ("bkpsdm", "bkd")


def lampiran_rows(circular: Circular) -> list[OpdLimit]:
    """Each OPD of the issuing agency with its headcount, cap and daily limit: the same
    figures the detail page shows."""
    return opd_limits(circular, circular.agency_id)


def indonesian_date(day: date | None) -> str:
    """ "24 Maret 2025" (in the active language; the PDF renders in Indonesian)."""
    return long_date(day)


def format_nip(nip: str) -> str:
    """ "196905121994031004" -> "19690512 199403 1 004", the way letters print it."""
    if len(nip) != 18 or not nip.isdigit():
        return nip
    return f"{nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]}"


def _window_label(start: date, end: date) -> str:
    if start == end:
        return indonesian_date(start)
    return _("%(start)s sampai dengan %(end)s") % {
        "start": indonesian_date(start),
        "end": indonesian_date(end),
    }


def _priority_label(priority: Priority) -> str:
    regions = ", ".join(r.name for r in priority.regions.all())
    return f"{priority.get_kind_display()}: {regions}"


def rules_in_words(circular: Circular) -> list[str]:
    """The circular's rules as sentences for the letter."""
    rules = [
        _("Pengaturan kerja: %(arrangement)s.")
        % {"arrangement": circular.get_arrangement_display()},
        _("Berlaku pada: %(windows)s.")
        % {
            "windows": "; ".join(_window_label(w.start, w.end) for w in circular.windows.all())
            or _("(belum ada masa berlaku)")
        },
        _(
            "Pegawai yang bekerja di luar kantor paling banyak %(cap)s%% dari jumlah pegawai "
            "setiap perangkat daerah per hari; kepala perangkat daerah boleh menetapkan lebih "
            "sedikit."
        )
        % {"cap": circular.cap_percent},
    ]
    if circular.weekly_limit:
        rules.append(
            _("Setiap pegawai paling banyak %(n)s hari per minggu.") % {"n": circular.weekly_limit}
        )
    overrides = [str(limit) for limit in circular.limits.all()]
    if overrides:
        rules.append(_("Batas khusus: %(list)s.") % {"list": "; ".join(overrides)})
    categories = [str(ServiceCategory(c).label) for c in circular.exempt_categories]
    units = [u.name for u in circular.exempt_units.all()]
    if categories or units:
        rules.append(
            _("Tetap bekerja penuh di kantor: %(list)s.") % {"list": "; ".join(categories + units)}
        )
    roles = [str(RoleTag(r).label) for r in circular.exempt_roles]
    if roles:
        rules.append(
            _("Pegawai dengan peran berikut tetap bekerja di kantor: %(list)s.")
            % {"list": ", ".join(roles)}
        )
    priorities = [_priority_label(p) for p in circular.priorities.all()]
    if priorities:
        rules.append(
            _("Prioritas, berurutan: %(list)s. Prioritas tidak melampaui batas.")
            % {"list": "; ".join(priorities)}
        )
    if circular.work_start and circular.work_end:
        hours = _("Jam kerja %(start)s–%(end)s") % {
            "start": circular.work_start.strftime("%H.%M"),
            "end": circular.work_end.strftime("%H.%M"),
        }
        if circular.break_start and circular.break_end:
            hours += _(", istirahat %(start)s–%(end)s") % {
                "start": circular.break_start.strftime("%H.%M"),
                "end": circular.break_end.strftime("%H.%M"),
            }
        rules.append(hours + ".")
    if circular.roster_deadline:
        rules.append(
            _("Jadwal harian disampaikan paling lambat %(day)s.")
            % {"day": indonesian_date(circular.roster_deadline)}
        )
    return rules


def agency_letterhead(agency: Agency) -> list[str]:
    """The lines of an agency's letterhead (kop surat): its name, and the issuing office's
    (BKPSDM, BKD) under it when the agency has one. Shared by every letter the portal
    draws: circulars, standing policies' decrees."""
    lines = [agency.name.upper()]
    office = (
        Unit.objects.opds()
        .filter(agency_id=agency.pk, code__in=_ISSUING_OFFICE_CODES)
        .order_by("code")
        .first()
    )
    if office is not None:
        lines.append(office.name.upper())
    return lines


def _letterhead(circular: Circular) -> list[str]:
    return agency_letterhead(circular.agency)


def _status_mark(circular: Circular) -> str:
    """A line across a letter that is not (or no longer) in force: its phase today."""
    return {
        Phase.DRAFT: _("DRAF – BELUM BERLAKU"),
        Phase.REVOKED: _("DICABUT – TIDAK BERLAKU"),
        Phase.SUPERSEDED: _("DIGANTI – TIDAK BERLAKU"),
        Phase.ENDED: _("BERAKHIR – TIDAK BERLAKU LAGI"),
    }.get(circular.phase(), "")


def _with_rules(circular: Circular) -> Circular:
    """The circular with every row the letter reads, loaded in a few queries."""
    return (
        Circular.objects.select_related("agency", "parent")
        .prefetch_related(
            "windows",
            "limits__unit",
            "limits__region",
            Prefetch("exempt_units", queryset=Unit.objects.order_by("name")),
            Prefetch("priorities", queryset=Priority.objects.prefetch_related("regions")),
        )
        .get(pk=circular.pk)
    )


# The QR code is the one resource a letter carries: a PNG inside the HTML, never a fetch.
_QR_DATA_URI = "data:image/png;base64,"


def _url_fetcher():
    """WeasyPrint's fetcher, refusing every URL but the QR code's own PNG data."""
    from weasyprint.urls import URLFetcher

    class QrOnly(URLFetcher):
        def fetch(self, url, headers=None):
            if not url.startswith(_QR_DATA_URI):
                raise ValueError(f"No external resources in a circular PDF: {url[:80]}")
            return super().fetch(url, headers)

    return QrOnly(allowed_protocols={"data"})


def public_url(circular: Circular, request: HttpRequest | None = None) -> str:
    """The absolute address of the circular on its agency's public page (SITE_URL, else the
    request's own host): there anyone can check that it is genuine and still in force."""
    path = f"{reverse('public:public_agency', args=[circular.agency.code])}#se-{circular.pk}"
    base = (getattr(settings, "SITE_URL", "") or "").rstrip("/")
    if not base and request is not None:
        base = request.build_absolute_uri("/").rstrip("/")
    return f"{base}{path}"


QR_SCALE = 4  # pixels per module
QR_BORDER = 2  # quiet zone, in modules


def qr_png_data_uri(text: str) -> str:
    """The QR code of ``text`` as a PNG data URI (segno: pure Python, no network)."""
    import segno

    return segno.make(text, error="m").png_data_uri(scale=QR_SCALE, border=QR_BORDER)


def letter_html(circular: Circular, request: HttpRequest | None = None) -> str:
    """The letter as HTML, in Indonesian: everything the PDF shows, and nothing else,
    with a QR code to its public page."""
    with translation.override("id"):
        circular = _with_rules(circular)
        address = public_url(circular, request)
        return render_to_string(
            "circulars/pdf/circular.html",
            {
                "circular": circular,
                "status_mark": _status_mark(circular),
                "letterhead": _letterhead(circular),
                "body_html": mark_safe(render_markdown(circular.body)),  # noqa: S308 - nh3 allow-list
                "rules": rules_in_words(circular),
                "issued_on": indonesian_date(circular.issued_on),
                "signatory_nip": format_nip(circular.signatory_nip),
                "lampiran": lampiran_rows(circular),
                "public_url": address,
                "qr_code": qr_png_data_uri(address),
            },
        )


def html_to_pdf(html: str) -> bytes:
    """The expensive step (about 1.5 s of CPU for a letter): WeasyPrint's layout."""
    from weasyprint import HTML  # heavy import: only when a PDF is asked for

    return HTML(string=html, base_url=None, url_fetcher=_url_fetcher()).write_pdf()


def render_circular_pdf(circular: Circular, request: HttpRequest | None = None) -> bytes:
    """The circular as a PDF (bytes), in Indonesian, drawn now."""
    return html_to_pdf(letter_html(circular, request))


def circular_pdf_bytes(circular: Circular, request: HttpRequest | None = None) -> bytes:
    """The circular as a PDF. A published one (a public document, served to anyone
    through /publik/) is drawn once per version of its letter and kept (pdf_cache)."""
    html = letter_html(circular, request)
    if circular.status != Circular.Status.PUBLISHED:
        return html_to_pdf(html)
    return pdf_cache.drawn_once(f"se-{circular.pk}", html, html_to_pdf)


def pdf_filename(circular: Circular) -> str:
    """ "800.1.6/123-BKPSDM/2025" -> "SE-800-1-6-123-bkpsdm-2025.pdf" (ASCII, no slashes)."""
    return f"SE-{slugify(re.sub(r'[/.]+', '-', circular.number)) or circular.pk}.pdf"


def pdf_response(circular: Circular, request: HttpRequest | None = None) -> HttpResponse:
    response = HttpResponse(circular_pdf_bytes(circular, request), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{pdf_filename(circular)}"'
    return response


@require_GET
@login_required
def circular_pdf(request, pk):
    """The generated PDF of a circular the login may see (404 outside its scope)."""
    return pdf_response(circular_visible_to(request.user, pk), request)


@require_GET
@login_required
def signed_pdf(request, pk):
    """The signed PDF BKPSDM uploaded, for those who may see the circular; 404 when none."""
    circular = circular_visible_to(request.user, pk)
    if not circular.signed_pdf:
        raise Http404
    try:
        handle = circular.signed_pdf.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    name = pdf_filename(circular).replace(".pdf", "-ttd.pdf")
    return FileResponse(handle, content_type="application/pdf", filename=name)
