"""A standing policy as a PDF in the layout of a decree (keputusan): the agency's
letterhead (``circulars.pdf.agency_letterhead``, the circulars' own), the number and
subject, the considerations (menimbang) and legal basis (mengingat), the decided terms
(memutuskan: KESATU, KEDUA, ...), and the signature block.

Like a circular it is always Indonesian, drawn by WeasyPrint with nothing fetched, and
each version is drawn once (``circulars.pdf_cache``): the public page serves it to anyone.
"""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from circulars import pdf_cache
from circulars.pdf import agency_letterhead, html_to_pdf, indonesian_date
from organizations.models import JobType

from .models import StandingPolicy

ORDINALS = (
    "KESATU",
    "KEDUA",
    "KETIGA",
    "KEEMPAT",
    "KELIMA",
    "KEENAM",
    "KETUJUH",
    "KEDELAPAN",
    "KESEMBILAN",
    "KESEPULUH",
    "KESEBELAS",
    "KEDUA BELAS",
)


def considerations(policy: StandingPolicy) -> list[str]:
    """What the policy weighs (menimbang): its own lines, or the standard ones."""
    lines = [line.strip() for line in policy.considerations.splitlines() if line.strip()]
    return lines or [
        _(
            "bahwa Peraturan Menteri Pendayagunaan Aparatur Negara dan Reformasi Birokrasi "
            "Nomor 4 Tahun 2025 memungkinkan instansi pemerintah menerapkan fleksibilitas "
            "kerja bagi Aparatur Sipil Negara, baik lokasi maupun waktu, dengan tetap "
            "menjamin kinerja dan pelayanan publik;"
        ),
        _(
            "bahwa berdasarkan pertimbangan sebagaimana dimaksud dalam huruf a, perlu "
            "menetapkan Keputusan tentang %(title)s;"
        )
        % {"title": policy.title},
    ]


def legal_bases(policy: StandingPolicy) -> list[str]:
    return [line.strip() for line in policy.legal_bases.splitlines() if line.strip()]


def decided_terms(policy: StandingPolicy) -> list[tuple[str, str]]:
    """The decree's dictums, each with its ordinal: what the policy decides, in sentences."""
    period = (
        _("mulai %(start)s sampai dengan %(end)s")
        % {"start": indonesian_date(policy.start), "end": indonesian_date(policy.end)}
        if policy.end
        else _("mulai %(start)s tanpa batas akhir") % {"start": indonesian_date(policy.start)}
    )
    terms = [
        _(
            "Menetapkan kerja fleksibel bagi Aparatur Sipil Negara di lingkungan %(agency)s, "
            "berlaku %(period)s."
        )
        % {"agency": policy.agency.name, "period": period},
        _(
            "Pegawai dapat bekerja di luar kantor paling banyak %(n)s hari kerja per minggu, "
            "pada hari %(days)s, di rumah sesuai data kepegawaian, di kantor lain instansi, "
            "atau di lokasi lain sesuai kebutuhan tugas; batas mingguan tidak berlaku bagi "
            "pegawai yang tugasnya di luar kantor atau dalam keadaan khusus."
        )
        % {"n": policy.weekly_limit, "days": policy.weekday_text},
        _daily_limit(policy),
        _eligibility(policy),
        _hours(policy),
        _(
            "Pegawai mengajukan permohonan kepada kepala perangkat daerah dengan alasan dan "
            "rencana kerja berisi target yang terukur; kepala perangkat daerah memutuskan, "
            "memantau capaian target, dan dapat memanggil pegawai ke kantor sewaktu-waktu; "
            "pegawai wajib hadir dan mengonfirmasi panggilan tersebut."
        ),
        _(
            "Pemantauan dilakukan berjenjang oleh kepala perangkat daerah dan Badan "
            "Kepegawaian, termasuk perbandingan sebelum dan sesudah penerapan kerja fleksibel."
        ),
        _("Keputusan ini mulai berlaku pada tanggal ditetapkan."),
    ]
    return list(zip(ORDINALS, terms, strict=False))


def _daily_limit(policy: StandingPolicy) -> str:
    text = _(
        "Pegawai yang bekerja di luar kantor paling banyak %(cap)s%% dari jumlah pegawai "
        "setiap perangkat daerah per hari"
    ) % {"cap": policy.cap_percent}
    limits = [
        f"{row.get_shape_display()} {row.value}"
        + (f" ({row.weekday_text})" if row.weekdays else "")
        for row in policy.limits.all()
    ]
    if limits:
        text += _("; batas khusus: %(list)s") % {"list": "; ".join(limits)}
    return text + "."


def _eligibility(policy: StandingPolicy) -> str:
    text = _(
        "Kerja fleksibel diberikan kepada pegawai yang tugasnya dapat dikerjakan dengan "
        "teknologi informasi dan komunikasi, sedikit tatap muka, tanpa pengawasan "
        "terus-menerus, dan tanpa peralatan khusus, sebagaimana dinilai kepala perangkat daerah"
    )
    if policy.eligible_job_types:
        names = ", ".join(str(JobType(j).label) for j in policy.eligible_job_types)
        text += _(", pada jenis jabatan %(list)s") % {"list": names}
    excluded = []
    if policy.excludes_sanctioned:
        excluded.append(_("pegawai yang sedang menjalani hukuman disiplin"))
    if policy.new_employee_months:
        excluded.append(
            _("pegawai baru kurang dari %(n)s bulan sejak TMT") % {"n": policy.new_employee_months}
        )
    if excluded:
        text += _("; dikecualikan: %(list)s") % {"list": ", ".join(excluded)}
    return text + "."


def _hours(policy: StandingPolicy) -> str:
    text = _(
        "Jam mulai kerja paling awal pukul %(earliest)s dan paling lambat pukul %(latest)s; "
        "jam kerja %(hours)s jam per minggu, %(ramadan)s jam per minggu pada bulan Ramadan"
    ) % {
        "earliest": policy.earliest_start.strftime("%H.%M"),
        "latest": policy.latest_start.strftime("%H.%M"),
        "hours": policy.weekly_hours,
        "ramadan": policy.ramadan_hours,
    }
    shifts = ", ".join(f"{s.name} {s.start:%H.%M}–{s.end:%H.%M}" for s in policy.shifts.all())
    if shifts:
        text += _("; shift: %(list)s") % {"list": shifts}
    return text + "."


def decree_html(policy: StandingPolicy) -> str:
    """The decree as HTML, in Indonesian: everything the PDF shows."""
    with translation.override("id"):
        return render_to_string(
            "standing/pdf/decree.html",
            {
                "policy": policy,
                "letterhead": agency_letterhead(policy.agency),
                "status_mark": _("DIAKHIRI – TIDAK BERLAKU LAGI")
                if policy.status == StandingPolicy.Status.ENDED
                else "",
                "issuer": (policy.signatory_position or policy.agency.name).upper(),
                "considerations": considerations(policy),
                "legal_bases": legal_bases(policy),
                "terms": decided_terms(policy),
                "issued_on": indonesian_date(policy.issued_on) if policy.issued_on else "",
            },
        )


def decree_pdf(policy: StandingPolicy) -> bytes:
    """The decree as a PDF, each version (each different HTML) drawn once."""
    return pdf_cache.drawn_once(f"kebijakan-{policy.pk}", decree_html(policy), html_to_pdf)
