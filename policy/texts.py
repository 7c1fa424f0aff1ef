"""The words of the roster rules: each violation's message in Indonesian and English.

Pure Python like the rules themselves (no Django, no gettext): a violation
carries both languages and the page shows the one the reader chose. Kept
apart from the logic so a translator reviews every message in one place.
"""

from __future__ import annotations

from datetime import date

from policy.limits import Limit, Shape
from policy.values import Code, Mode

# Own tables rather than strftime("%A"): the process locale is not Indonesian.
_DAYS_ID = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
_DAYS_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS_ID = (
    *("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus"),
    *("September", "Oktober", "November", "Desember"),
)
_MONTHS_EN = (
    *("January", "February", "March", "April", "May", "June", "July", "August"),
    *("September", "October", "November", "December"),
)
ROLES_ID = {
    "treasurer": "bendahara",
    "supervisor": "pengawas",
    "activity_leader": "pimpinan kegiatan",
    "structural_head": "pejabat struktural",
}
MODES_EN = {Mode.LEAVE: "leave", Mode.TRAVEL: "official travel", Mode.WFO: "office"}

# One (Indonesian, English) template pair per message; fields are filled by
# the builders below. Kept together so a translator reviews them in one place.
TEXTS: dict[str, tuple[str, str]] = {
    "stray": (
        "{name} dijadwalkan {mode} pada {date_id}, di luar periode jadwal yang diperiksa.",
        "{name} is rostered {mode} on {date_en}, outside the roster period being checked.",
    ),
    "unknown": (
        "Pegawai dengan ID {emp} bukan pegawai OPD ini, sehingga tidak dapat dijadwalkan "
        "{mode} pada {date_id}.",
        "Employee ID {emp} is not on the staff of this OPD, so cannot be rostered {mode} "
        "on {date_en}.",
    ),
    Code.NOT_ON_STAFF: (
        "{name} tidak tercatat sebagai pegawai OPD ini pada {date_id}{span_id}, sehingga "
        "tidak dapat dijadwalkan {mode} pada hari itu.",
        "{name} is not on the staff of this OPD on {date_en}{span_en}, so cannot be "
        "rostered {mode} that day.",
    ),
    Code.NON_WORKING_DAY: (
        "{name} tidak dapat {mode} pada {date_id} karena hari itu bukan hari kerja{why_id}.",
        "{name} cannot work {mode} on {date_en}: it is not a working day{why_en}.",
    ),
    Code.OUTSIDE_WINDOW: (
        "{name} tidak dapat {mode} pada {date_id}: tidak ada surat edaran yang berlaku "
        "untuk tanggal tersebut.",
        "{name} cannot work {mode} on {date_en}: no published circular covers that date.",
    ),
    Code.FRONTLINE_UNIT: (
        "{name} tidak dapat {mode} pada {date_id}: OPD ini memberikan pelayanan langsung"
        "{why_id} dan wajib hadir 100% di kantor menurut {circ_id}.",
        "{name} cannot work {mode} on {date_en}: this OPD serves the public directly"
        "{why_en} and must keep all staff at the office under {circ_en}.",
    ),
    # Every reason a member is barred (policy.eligibility) reads the same way.
    "barred": (
        "{name} tidak dapat {mode} pada {date_id}: {reason_id}.",
        "{name} cannot work {mode} on {date_en}: {reason_en}.",
    ),
    Code.WRONG_MODE: (
        "{name} dijadwalkan {mode} pada {date_id}, padahal {circ_id} hanya mengatur "
        "{arrangement}. Ubah menjadi {arrangement} atau WFO.",
        "{name} is rostered {mode} on {date_en}, but {circ_en} only provides for "
        "{arrangement}. Change it to {arrangement} or WFO.",
    ),
    Code.CAP_EXCEEDED: (
        "Pada {date_id} ada {requested} pegawai bekerja di luar kantor, melebihi batas "
        "{allowed} pegawai ({rule_id}) menurut {circ_id}. Jadwalkan {excess} pegawai lagi "
        "di kantor.",
        "On {date_en}, {requested} staff are away from the office, more than the limit of "
        "{allowed} ({rule_en}) under {circ_en}. Bring {excess} more back to the office.",
    ),
    Code.TOO_FEW_AWAY: (
        "Pada {date_id} ada {requested} pegawai bekerja di kantor, melebihi batas {allowed} "
        "pegawai di kantor ({rule_id}) menurut {circ_id}. Jadwalkan {excess} pegawai lagi "
        "bekerja di luar kantor.",
        "On {date_en}, {requested} staff are at the office, more than the limit of {allowed} "
        "at the office ({rule_en}) under {circ_en}. Roster {excess} more away from the office.",
    ),
    Code.WEEKLY_LIMIT: (
        "{name} dijadwalkan {requested} hari di luar kantor dalam minggu yang dimulai "
        "{week_id}, melebihi batas {allowed} hari per minggu menurut {circ_id}; batas "
        "terlampaui pada {date_id}.",
        "{name} is rostered away {requested} days in the week starting {week_en}, more than "
        "the limit of {allowed} days per week under {circ_en}; the limit is passed on "
        "{date_en}.",
    ),
    Code.PRIORITY_SKIPPED: (
        "{name} dijadwalkan {mode} pada {date_id}, sementara {other} yang lebih "
        "diprioritaskan menurut {circ_id} tetap di kantor dan baru mendapat {other_days} "
        "hari di luar kantor ({name}: {own_days} hari).",
        "{name} is rostered {mode} on {date_en} while {other}, who has priority under "
        "{circ_en}, stays at the office with only {other_days} days away so far "
        "({name}: {own_days}).",
    ),
    Code.REQUIRED_AWAY: (
        "{name} bekerja di kantor pada {date_id}, padahal {circ_id} mewajibkan pegawai dalam "
        "keadaan {groups_id} bekerja {arrangement}.",
        "{name} is at the office on {date_en}, but {circ_en} requires staff in the situation "
        "of {groups_en} to work {arrangement}.",
    ),
    Code.NO_COVER: (
        "Pada {date_id} tidak ada satu pun pegawai sub-unit berikut di kantor "
        "({requested} dari {requested} di luar kantor): {people_id}. Pastikan layanan tetap "
        "berjalan.",
        "On {date_en} nobody from this sub-unit is at the office ({requested} of "
        "{requested} out): {people_en}. Make sure the service keeps running.",
    ),
}


# The clause of each reason a member may not be away (see policy.eligibility);
# "{name} cannot work WFA on <day>: " comes before it.
BAR_TEXTS: dict[Code, tuple[str, str]] = {
    Code.EXEMPT_ROLE: (
        "sebagai {roles_id} wajib bekerja di kantor menurut {circ_id}",
        "as {roles_en} they must work at the office under {circ_en}",
    ),
    Code.PERMISSION_REVOKED: (
        "izin bekerja di luar kantor berdasarkan {circ_id} telah dicabut",
        "their permission to work away under {circ_en} has been revoked",
    ),
    Code.JOB_TYPE_EXCLUDED: (
        "menurut {circ_id} hanya {allowed_id} yang boleh bekerja di luar kantor, sedangkan "
        "jenis jabatannya {own_id}",
        "under {circ_en} only {allowed_en} may work away, and their position is {own_en}",
    ),
    Code.UNDER_SANCTION: (
        "sedang menjalani hukuman disiplin ({span_id}) sehingga dikecualikan menurut {circ_id}",
        "they are under a disciplinary sanction ({span_en}) and so excluded under {circ_en}",
    ),
    Code.RECALLED: (
        "dipanggil ke kantor oleh kepala unit kerja pada {date_id}",
        "they were recalled to the office by the head of their unit on {date_en}",
    ),
    Code.NEW_EMPLOYEE: (
        "sebagai pegawai baru (TMT {tmt_id}, kurang dari {months} bulan) dikecualikan "
        "menurut {circ_id}",
        "as a new employee (appointed {tmt_en}, less than {months} months ago) they are "
        "excluded under {circ_en}",
    ),
}
JOB_TYPES: dict[str, tuple[str, str]] = {
    "struktural": ("pejabat struktural", "structural officials"),
    "fungsional": ("pejabat fungsional", "functional officials"),
    "pelaksana": ("pelaksana", "implementing staff"),
    "": ("belum tercatat", "not recorded"),
}


def job_type_names(own: str, allowed: tuple[str, ...]) -> dict[str, str]:
    """The member's job type and the ones a circular lets go, in both languages."""

    def pick(value: str, language: int) -> str:
        return JOB_TYPES.get(value, (value, value))[language]

    return {
        "own_id": pick(own, 0),
        "own_en": pick(own, 1),
        "allowed_id": ", ".join(pick(v, 0) for v in allowed),
        "allowed_en": ", ".join(pick(v, 1) for v in allowed),
    }


# How a limit reads in a message, for an OPD of {headcount} staff.
LIMIT_TEXTS: dict[Shape, tuple[str, str]] = {
    Shape.AWAY_SHARE: ("{value}% dari {headcount} pegawai", "{value}% of {headcount} staff"),
    Shape.AWAY_COUNT: (
        "paling banyak {value} pegawai di luar kantor",
        "at most {value} staff away",
    ),
    Shape.STAY_SHARE: (
        "{value}% dari {headcount} pegawai wajib tetap di kantor",
        "{value}% of {headcount} staff must stay at the office",
    ),
    Shape.STAY_COUNT: (
        "{value} pegawai wajib tetap di kantor",
        "{value} staff must stay at the office",
    ),
    Shape.OFFICE_MAX_SHARE: (
        "paling banyak {value}% dari {headcount} pegawai di kantor",
        "at most {value}% of {headcount} staff at the office",
    ),
    Shape.OFFICE_MAX_COUNT: (
        "paling banyak {value} pegawai di kantor",
        "at most {value} staff at the office",
    ),
}


CIRCUMSTANCES: dict[str, tuple[str, str]] = {
    "pregnancy": ("hamil", "pregnancy"),
    "disability": ("disabilitas", "disability"),
    "young_children": ("memiliki anak kecil", "young children"),
    "disaster": ("terdampak bencana", "affected by a disaster"),
}


def circumstance_names(groups: tuple[str, ...]) -> dict[str, str]:
    return {
        "groups_id": ", ".join(CIRCUMSTANCES.get(g, (g, g))[0] for g in groups),
        "groups_en": ", ".join(CIRCUMSTANCES.get(g, (g, g))[1] for g in groups),
    }


def limit_words(limit: Limit, headcount: int) -> dict[str, str]:
    """The limit in both languages, as ``rule_id`` and ``rule_en``."""
    text_id, text_en = LIMIT_TEXTS[limit.shape]
    fields = {"value": limit.value, "headcount": headcount}
    return {"rule_id": text_id.format(**fields), "rule_en": text_en.format(**fields)}


def circular_names(number: str) -> dict[str, str]:
    """How a message names the governing circular, in both languages."""
    return {
        "circ_id": f"SE Nomor {number}" if number else "surat edaran yang berlaku",
        "circ_en": f"circular No. {number}" if number else "the governing circular",
    }


def role_names(roles: tuple[str, ...]) -> dict[str, str]:
    return {
        "roles_id": ", ".join(ROLES_ID.get(r, r.replace("_", " ")) for r in roles),
        "roles_en": ", ".join(r.replace("_", " ") for r in roles),
    }


def format_date_id(day: date) -> str:
    """``Senin, 24 Maret 2025``."""
    return f"{_DAYS_ID[day.weekday()]}, {day.day} {_MONTHS_ID[day.month - 1]} {day.year}"


def format_date_en(day: date) -> str:
    """``Monday 24 March 2025``."""
    return f"{_DAYS_EN[day.weekday()]} {day.day} {_MONTHS_EN[day.month - 1]} {day.year}"


# --- attendance findings (policy.attendance) -------------------------------------------

ATTENDANCE_TEXTS: dict[str, tuple[str, str]] = {
    "ATT_LATE": (
        "Terlambat: lewat dari jam masuk dan toleransinya.",
        "Late: after the start time and its tolerance.",
    ),
    "ATT_EARLY": (
        "Pulang lebih awal: sebelum jam pulang dikurangi toleransi.",
        "Left early: before the end time less the tolerance.",
    ),
    "ATT_OFF_TIME": (
        "Di luar toleransi jam presensi.",
        "Outside the tolerance of the check-in time.",
    ),
    "ATT_OUTSIDE": ("Di luar radius titik lokasi.", "Outside the radius of the location point."),
    "ATT_NO_LOCATION": (
        "Tanpa lokasi, padahal kewajiban presensi menetapkan tempat.",
        "No location, though the attendance duty names a place.",
    ),
    "ATT_NO_POINT": (
        "Titik lokasi belum dicatat, jarak tidak dapat diperiksa.",
        "No location point is recorded: the distance cannot be checked.",
    ),
    "ATT_MISSING": ("Tidak presensi pada jam yang diwajibkan.", "No check-in at a required time."),
    "ATT_SAME_SPOT": (
        "Mencurigakan: lokasi persis sama dengan presensi hari lain.",
        "Suspicious: exactly the same location as a check-in on another day.",
    ),
    "ATT_TOO_FAST": (
        "Mencurigakan: jarak dari presensi sebelumnya mustahil ditempuh secepat itu.",
        "Suspicious: impossible travel speed since the previous check-in.",
    ),
    "ATT_POOR_ACCURACY": (
        "Mencurigakan: akurasi lokasi lebih buruk dari radius titik.",
        "Suspicious: location accuracy worse than the point's radius.",
    ),
}


# The standing regime (policy.standing): an employee's arrangement and pattern of hours.
STANDING_TEXTS: dict[Code, tuple[str, str]] = {
    Code.WEEKDAY_CLOSED: (
        "Hari {weekday_id} tidak dibuka untuk bekerja di luar kantor menurut {circ_id}.",
        "{weekday_en} is not open to working away under {circ_en}.",
    ),
    Code.WEEKLY_LIMIT: (
        "{requested} hari di luar kantor per minggu melebihi batas {allowed} hari per minggu "
        "menurut {circ_id}.",
        "{requested} days away a week is more than the limit of {allowed} days a week under "
        "{circ_en}.",
    ),
    Code.HOURS_SHORT: (
        "Pola jam kerja ini hanya mencapai {planned} jam seminggu, kurang dari {required} jam "
        "yang wajib dipenuhi{ramadan_id}.",
        "This pattern of hours only reaches {planned} hours a week, less than the {required} "
        "hours to meet{ramadan_en}.",
    ),
    Code.START_OUTSIDE_WINDOW: (
        "Jam mulai {start} pada hari {weekday_id} di luar rentang yang diizinkan "
        "({earliest}-{latest}).",
        "The start time {start} on {weekday_en} is outside the allowed window "
        "({earliest}-{latest}).",
    ),
    Code.UNKNOWN_SHIFT: (
        "Shift {shift} tidak diatur dalam {circ_id}.",
        "Shift {shift} is not set by {circ_en}.",
    ),
}


def attendance_message(code: str, language: str) -> str:
    """A finding's words in the reader's language (the code itself when unknown)."""
    pair = ATTENDANCE_TEXTS.get(code)
    if pair is None:
        return code
    return pair[1] if language.startswith("en") else pair[0]


def weekday_names(weekday: int) -> dict[str, str]:
    return {"weekday_id": _DAYS_ID[weekday], "weekday_en": _DAYS_EN[weekday]}


def standing_names(number: str) -> dict[str, str]:
    """How a message names a standing policy, in both languages."""
    return {
        "circ_id": f"kebijakan kerja fleksibel Nomor {number}"
        if number
        else "kebijakan kerja fleksibel",
        "circ_en": f"flexible-work policy No. {number}" if number else "the flexible-work policy",
    }
