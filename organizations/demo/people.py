"""Demo people: names, academic titles and NIPs, generated deterministically.

Pure Python, nothing from Django: given the same random.Random, every call gives the
same person. Names mix the Sundanese, Javanese, Betawi and Banten naming found in
Banten and Jakarta offices; people born from the late 1980s on often carry the
newer, pan-Indonesian names instead.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

# given names, then second names, per culture and gender (1 man, 2 woman, as in the NIP)
NAMES: dict[str, dict[int, tuple[tuple[str, ...], tuple[str, ...]]]] = {
    "sunda": {
        1: (
            ("Asep", "Ujang", "Cecep", "Dadang", "Deden", "Yayan", "Jajang", "Wawan", "Nandang")
            + ("Dadan", "Engkus", "Acep", "Usep", "Tatang", "Aang", "Iwan", "Yudi", "Agus"),
            ("Saepudin", "Sopyan", "Hidayat", "Kurniawan", "Permana", "Sukmana", "Suherman")
            + ("Rusmana", "Hermawan", "Nugraha", "Gunawan", "Sudrajat", "Mulyana", "Ruhiyat")
            + ("Supriatna", "Ramdani", "Firmansyah", "Hamdani"),
        ),
        2: (
            ("Euis", "Neneng", "Yati", "Iis", "Lilis", "Cucu", "Nining", "Rina", "Yanti", "Imas")
            + ("Nenden", "Neni", "Tini", "Dedeh", "Elis", "Wiwin", "Teti", "Ratna", "Dewi"),
            ("Rohayati", "Kurniasih", "Nurjanah", "Rahayu", "Sumiati", "Marlina", "Herawati")
            + ("Komalasari", "Suryani", "Setiawati", "Nurhayati", "Rostika", "Juwita", "Hasanah"),
        ),
    },
    "jawa": {
        1: (
            ("Budi", "Joko", "Slamet", "Bambang", "Eko", "Heru", "Teguh", "Wahyu", "Sigit")
            + ("Bayu", "Adi", "Hari", "Rudi", "Danang", "Ari", "Agung", "Dwi", "Tri"),
            ("Santoso", "Prasetyo", "Wibowo", "Susanto", "Purnomo", "Nugroho", "Setiawan")
            + ("Raharjo", "Wicaksono", "Hartono", "Sulistyo", "Widodo", "Saputro", "Utomo")
            + ("Haryanto", "Cahyono", "Wijaya", "Darmawan"),
        ),
        2: (
            ("Sri", "Endang", "Retno", "Ratih", "Ayu", "Dyah", "Kartika", "Puji", "Rini")
            + ("Nanik", "Tutik", "Wulan", "Indah", "Fitri", "Yuni", "Ani", "Tri", "Dwi"),
            ("Wahyuni", "Lestari", "Rahayu", "Handayani", "Astuti", "Wulandari", "Rahmawati")
            + ("Kusumawati", "Purwaningsih", "Setyaningsih", "Hartati", "Sulistyowati")
            + ("Nugraheni", "Utami", "Maharani", "Anggraeni", "Pratiwi"),
        ),
    },
    "betawi": {
        1: (
            ("Muhammad", "Ahmad", "Abdul", "Saiful", "Rojali", "Mamat", "Sanusi", "Jaelani")
            + ("Ridwan", "Zulkifli", "Marzuki", "Husein", "Basri", "Mahmud", "Syarif", "Udin"),
            ("Ridwan", "Syarifudin", "Jaelani", "Sanusi", "Fauzi", "Bahrudin", "Ramli")
            + ("Sarbini", "Marzuki", "Mursid", "Nasrullah", "Hasanudin", "Sueb", "Rahman"),
        ),
        2: (
            ("Siti", "Aminah", "Zubaedah", "Mardiyah", "Rohimah", "Masitoh", "Juleha")
            + ("Rukiyah", "Halimah", "Fatimah", "Saodah", "Maemunah", "Nur", "Aisyah"),
            ("Aminah", "Nurhasanah", "Zubaedah", "Rohimah", "Masitoh", "Halimah", "Fatimah")
            + ("Khodijah", "Saadah", "Mardiyah", "Hasanah", "Zahro"),
        ),
    },
    "banten": {
        1: (
            ("Ahmad", "Uday", "Mulyadi", "Rohman", "Sahrul", "Encep", "Apud", "Jaja", "Hasan")
            + ("Ace", "Haerudin", "Nurhadi", "Suhaemi", "Khaerul", "Chaerudin", "Chotib", "Ubaid"),
            ("Chaerudin", "Suhaemi", "Mulyadi", "Syamsudin", "Jamaludin", "Saefullah")
            + ("Sanwani", "Rohmatullah", "Fathurrohman", "Hasanudin", "Surya", "Mujahid")
            + ("Bahrul Ulum", "Khaerul Anam", "Baehaqi"),
        ),
        2: (
            ("Eni", "Iin", "Ida", "Nunung", "Rohani", "Eti", "Uum", "Neng", "Enah", "Yuyun")
            + ("Mimin", "Tuti", "Ela", "Enung"),
            ("Rohaeni", "Sumarni", "Rosidah", "Maryani", "Khoeriyah", "Nurlaela", "Masruroh")
            + ("Hayati", "Zakiah", "Suhaeti", "Mulyanah", "Halimatussadiah"),
        ),
    },
    "modern": {
        1: (
            ("Rizky", "Fajar", "Dimas", "Ilham", "Reza", "Aldi", "Fikri", "Arief", "Bagus")
            + ("Rangga", "Andika", "Yusuf", "Naufal", "Fadhil", "Galih", "Rian", "Hafiz"),
            ("Maulana", "Ramadhan", "Pratama", "Saputra", "Firmansyah", "Hidayatullah")
            + ("Nugraha", "Akbar", "Kurniawan", "Syahputra", "Alfarizi", "Prakoso"),
        ),
        2: (
            ("Nadia", "Putri", "Anisa", "Dinda", "Rizka", "Aulia", "Intan", "Nabila", "Salsabila")
            + ("Amalia", "Tiara", "Citra", "Meilani", "Sarah", "Annisa", "Fitria", "Nurul"),
            ("Rahmawati", "Amelia", "Safitri", "Lestari", "Oktaviani", "Puspitasari")
            + ("Febriani", "Anggraini", "Fitriani", "Permatasari", "Ramadhani", "Kusuma"),
        ),
    },
}
# older Javanese often carry one name only
SINGLE_NAMES = {
    1: ("Sutrisno", "Suparman", "Sugiyono", "Suwarno", "Mulyono", "Supriyadi", "Sukardi"),
    2: ("Sumarni", "Suparmi", "Sulastri", "Suwarni", "Tumini", "Sukarsih"),
}
NAME_PREFIXES = {1: ("Muhammad", "Ahmad", "Mohamad"), 2: ("Siti", "Nur", "Dewi")}

# (front, back) academic titles per kind of job; "Drs." becomes "Dra." for a woman
TITLES: dict[str, tuple[tuple[str, str], ...]] = {
    "plain": (("", ""), ("", ""), ("", ""), ("", "A.Md."), ("", "S.E.")),
    "admin": (("", ""), ("", "S.Sos."), ("", "S.IP."), ("", "S.AP."), ("", "S.E."))
    + (("", "A.Md."), ("", "S.H."), ("", "")),
    "admin_senior": (("", "S.Sos., M.Si."), ("", "S.E."), ("", "S.IP., M.Si."), ("", "S.H."))
    + (("", "S.E., M.M."), ("", "S.Sos."), ("", "S.AP., M.AP.")),
    "exec": (("", "S.STP., M.Si."), ("", "S.Sos., M.Si."), ("Drs.", "M.Si."), ("", "S.H., M.H."))
    + (("", "S.E., M.M."), ("", "S.IP., M.Si."), ("", "S.T., M.T."), ("Dr.", "S.Sos., M.Si."))
    + (("Ir.", "M.T."), ("", "S.E., M.Ak.")),
    "finance": (("", "S.E."), ("", "S.Ak."), ("", "A.Md.Ak."), ("", "S.E., M.Ak."), ("", "S.E.")),
    "it": (("", "S.Kom."), ("", "S.Kom."), ("", "S.T."), ("", "A.Md.Kom."), ("", "S.Kom., M.Kom."))
    + (("", "S.Tr.Kom."),),
    "it_exec": (("", "S.Kom., M.T.I."), ("", "S.T., M.Kom."), ("", "S.Sos., M.Si."))
    + (("", "S.STP., M.Si."),),
    "comms": (("", "S.I.Kom."), ("", "S.Sos."), ("", "S.I.Kom., M.Si."), ("", "A.Md.")),
    "stats": (("", "S.Si."), ("", "S.Stat."), ("", "S.Tr.Stat.")),
    "planning": (("", "S.T."), ("", "S.E."), ("", "S.P."), ("", "S.T., M.T."), ("", "S.E., M.Si."))
    + (("", "S.Si., M.Si."), ("", "S.PWK.")),
    "hr": (("", "S.Psi."), ("", "S.Sos."), ("", "S.E."), ("", "S.H."), ("", "S.AP."))
    + (("", "S.Psi., M.Psi."),),
    "law": (("", "S.H."), ("", "S.H."), ("", "S.H., M.H."), ("", "S.Sos.")),
    "audit": (("", "S.E."), ("", "S.Ak."), ("", "S.E., M.Ak."), ("", "S.H."), ("", "S.E., M.M.")),
    "doctor": (("dr.", ""), ("dr.", ""), ("dr.", "M.Kes."), ("dr.", "M.K.M.")),
    "doctor_exec": (("dr.", "M.Kes."), ("dr.", "M.K.M."), ("dr.", "M.A.R.S."), ("drg.", "M.Kes."))
    + (("dr.", "Sp.PD., M.Kes."),),
    "specialist": (("dr.", "Sp.PD."), ("dr.", "Sp.A."), ("dr.", "Sp.OG."), ("dr.", "Sp.B."))
    + (("dr.", "Sp.An."), ("dr.", "Sp.JP."), ("dr.", "Sp.N.")),
    "dentist": (("drg.", ""),),
    "nurse": (("", "S.Kep., Ners"), ("", "A.Md.Kep."), ("", "A.Md.Kep."), ("", "S.Tr.Kep.")),
    "midwife": (("", "A.Md.Keb."), ("", "A.Md.Keb."), ("", "S.Tr.Keb."), ("", "S.Keb., Bd.")),
    "pharmacist": (("apt.", "S.Farm."), ("apt.", "S.Farm., M.Farm.")),
    "pharm_tech": (("", "A.Md.Farm."),),
    "public_health": (
        ("", "S.K.M."),
        ("", "S.K.M."),
        ("", "S.K.M., M.Kes."),
        ("", "S.K.M., M.K.M."),
    ),
    "nutrition": (("", "S.Gz."), ("", "A.Md.Gz.")),
    "health_tech": (("", "A.Md.Kes."), ("", "A.Md.AK."), ("", "A.Md.Rad."), ("", "S.Tr.Kes.")),
    "puskesmas_head": (("dr.", ""), ("dr.", "M.K.M."), ("", "S.K.M."), ("", "S.K.M., M.Kes."))
    + (("drg.", ""),),
    "education": (
        ("", "S.Pd."),
        ("", "S.Pd."),
        ("", "S.Pd.I."),
        ("", "S.Pd., M.Pd."),
        ("", "S.S."),
    ),
    "edu_exec": (
        ("Dr.", "M.Pd."),
        ("Drs.", "M.Pd."),
        ("", "S.Pd., M.Pd."),
        ("Dr.", "S.Pd., M.Si."),
    ),
    "culture": (("", "S.S."), ("", "S.Sn."), ("", "S.Hum.")),
    "field": (("", ""), ("", ""), ("", ""), ("", "S.H."), ("", "S.Sos."), ("", "A.Md.")),
    "transport": (("", "A.Md.LLAJ."), ("", "S.SiT."), ("", "S.Tr.Tra."), ("", ""), ("", "S.T.")),
    "transport_exec": (("", "S.SiT., M.T."), ("", "A.Md.LLAJ., S.E., M.M."), ("Ir.", "M.T."))
    + (("", "S.T., M.Si."),),
    "ipdn": (
        ("", "S.STP."),
        ("", "S.IP."),
        ("", "S.Sos."),
        ("", "S.Tr.IP."),
        ("", "S.STP., M.Si."),
    ),
    "ipdn_exec": (("", "S.STP., M.Si."), ("", "S.IP., M.Si."), ("", "S.Sos., M.Si."))
    + (("", "S.STP., M.AP."),),
    "disaster": (("", "S.T."), ("", "S.Si."), ("", ""), ("", "S.Sos."), ("", "A.Md.")),
}

# Recruitment stood still in these years (the CPNS moratorium): nobody's TMT falls in them.
NO_INTAKE_YEARS = frozenset({2015, 2016})
# Every seeded NIP has an appointment no later than this, so the seed never depends on today.
LAST_INTAKE_YEAR = 2024
INTAKE_MONTHS = (1, 1, 2, 3, 3, 4, 4, 6, 12)


@dataclass(frozen=True)
class Name:
    full: str  # as on a decree: "dr. Hj. Rina Marlina, M.Kes."
    first_name: str  # for the login, titles dropped
    last_name: str


def person_name(
    rng: random.Random, *, gender: int, culture: str, birth_year: int, titles: str, position: str
) -> Name:
    """A realistic full name with academic titles, and its bare first/last name."""
    words, honorific = _core_name(rng, gender, culture, birth_year)
    front, back = rng.choice(_titles_for(titles, position))
    if front == "Drs." and gender == 2:
        front = "Dra."
    if birth_year < 1982 and rng.random() < 0.15:
        front = f"{front} {'H.' if gender == 1 else 'Hj.'}".strip()
    core = " ".join(([honorific] if honorific else []) + words)
    full = f"{front} {core}".strip() + (f", {back}" if back else "")
    return Name(full, words[0], " ".join(words[1:]))


def _titles_for(family: str, position: str) -> tuple[tuple[str, str], ...]:
    """A functional position's grade asks for a level of schooling: Terampil and Mahir a
    diploma (A.Md.) or less, Ahli a degree."""
    options = TITLES[family]
    if "Terampil" in position or "Mahir" in position:
        fitting = tuple(t for t in options if t[1].startswith("A.Md") or t == ("", ""))
    elif " Ahli " in position:
        fitting = tuple(t for t in options if t != ("", "") and not t[1].startswith("A.Md"))
    else:
        fitting = options
    return fitting or options


def _core_name(
    rng: random.Random, gender: int, culture: str, birth_year: int
) -> tuple[list[str], str]:
    """The name's words, and a Banten noble prefix (Tb., Ratu) kept out of first_name."""
    if culture == "jawa" and birth_year < 1976 and rng.random() < 0.25:
        return [rng.choice(SINGLE_NAMES[gender])], ""
    pool = "modern" if birth_year >= 1988 and rng.random() < 0.55 else culture
    given, second = NAMES[pool][gender]
    words = [rng.choice(given)]
    if rng.random() < 0.15 and words[0] not in NAME_PREFIXES[gender]:
        words.insert(0, rng.choice(NAME_PREFIXES[gender]))
    last = rng.choice(second if rng.random() < 0.8 else NAMES[culture][gender][1])
    if last not in words:
        words.append(last)
    honorific = ""
    if culture == "banten" and rng.random() < 0.15:
        honorific = "Tb." if gender == 1 else "Ratu"
    return words, honorific


def birth_date(rng: random.Random, first_year: int, last_year: int, mode: int) -> date:
    year = round(rng.triangular(first_year, last_year, mode))
    return date(year, 1, 1) + timedelta(days=rng.randrange(365))


def make_nip(rng: random.Random, *, born: date, gender: int, min_age: int, used: set[str]) -> str:
    """A valid NIP unique within ``used`` (which it extends).

    TMT CPNS falls between the ``min_age``-th and the (min_age + 8)-th birthday
    year, never in a moratorium year, and never after LAST_INTAKE_YEAR.
    """
    year = born.year + rng.randint(min_age, min_age + 8)
    while year in NO_INTAKE_YEARS:
        year += 1
    year = min(year, LAST_INTAKE_YEAR)
    prefix = f"{born:%Y%m%d}{year:04d}{rng.choice(INTAKE_MONTHS):02d}{gender}"
    sequence = rng.randint(1, 12)
    while f"{prefix}{sequence:03d}" in used:
        sequence = sequence % 999 + 1
    nip = f"{prefix}{sequence:03d}"
    used.add(nip)
    return nip
