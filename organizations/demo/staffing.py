"""Demo staffing: who works in each demo OPD, in which position, with which roles.

Pure Python, nothing from Django. Each OPD draws from its own random.Random,
seeded by the agency and OPD codes, so changing one OPD's data does not reshuffle
the people of every other OPD; NIPs stay unique across the whole seed because
one ``used`` set is threaded through in a fixed order.

Positions follow the civil-service structure (UU ASN): the head (jabatan pimpinan
tinggi), administrators (Sekretaris, Kepala Bidang), supervisors (jabatan
pengawas: Kepala Subbagian, Kepala Seksi, Sekretaris Kelurahan), then functional
and executive staff. Role tags: heads of an OPD or sub-unit, the Sekretaris and
every Kepala Bidang are ``structural_head``; holders of a jabatan pengawas are
``supervisor``; one ``treasurer`` (Bendahara Pengeluaran) per OPD; and one to
three ``activity_leader`` (PPTK) per OPD, Kepala Bidang first.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from .people import birth_date, make_nip, person_name
from .places import AgencySpec, OpdSpec, SubUnitSpec

STRUCTURAL_HEAD = "structural_head"
SUPERVISOR = "supervisor"
TREASURER = "treasurer"
ACTIVITY_LEADER = "activity_leader"
TREASURER_POSITION = "Bendahara Pengeluaran"


@dataclass(frozen=True)
class Post:
    """A kind of position in a pool: its weight, its titles and how many women hold it."""

    title: str
    titles: str
    weight: float = 1.0
    female: float = 0.45


@dataclass(frozen=True)
class Profile:
    posts: tuple[Post, ...]
    head_titles: str = "exec"
    senior_titles: str = "admin_senior"


OFFICE = (
    Post("Pengadministrasi Perkantoran", "plain", 3),
    Post("Penata Layanan Operasional", "admin", 2),
    Post("Pengelola Layanan Operasional", "admin", 2),
    Post("Operator Layanan Operasional", "plain", 1),
    Post("Arsiparis Terampil", "admin", 0.7),
    Post("Analis Keuangan Pusat dan Daerah Ahli Pertama", "finance", 0.7),
    Post("Pengelola Pengadaan Barang/Jasa Ahli Pertama", "admin", 0.4),
)
POLICY = (
    Post("Analis Kebijakan Ahli Muda", "admin_senior", 1.5),
    Post("Analis Kebijakan Ahli Pertama", "admin", 2),
)

PROFILES: dict[str, Profile] = {
    "support": Profile(
        OFFICE
        + POLICY
        + (
            Post("Pranata Komputer Ahli Pertama", "it", 0.7),
            Post("Pranata Hubungan Masyarakat Ahli Pertama", "comms", 0.7),
        )
    ),
    "it": Profile(
        (
            Post("Pranata Komputer Ahli Muda", "it", 2, 0.35),
            Post("Pranata Komputer Ahli Pertama", "it", 4, 0.35),
            Post("Pranata Komputer Terampil", "it", 2, 0.35),
            Post("Pranata Hubungan Masyarakat Ahli Muda", "comms", 1),
            Post("Pranata Hubungan Masyarakat Ahli Pertama", "comms", 2, 0.55),
            Post("Statistisi Ahli Pertama", "stats", 1.5, 0.55),
            Post("Sandiman Ahli Pertama", "it", 1, 0.3),
            Post("Manggala Informatika Ahli Pertama", "it", 1, 0.35),
        )
        + OFFICE[:4],
        head_titles="it_exec",
        senior_titles="it_exec",
    ),
    "planning": Profile(
        (
            Post("Perencana Ahli Madya", "planning", 1),
            Post("Perencana Ahli Muda", "planning", 3),
            Post("Perencana Ahli Pertama", "planning", 4, 0.55),
            Post("Statistisi Ahli Pertama", "stats", 0.5),
        )
        + POLICY
        + OFFICE[:4],
        senior_titles="planning",
    ),
    "hr": Profile(
        (
            Post("Analis Sumber Daya Manusia Aparatur Ahli Muda", "hr", 2, 0.55),
            Post("Analis Sumber Daya Manusia Aparatur Ahli Pertama", "hr", 4, 0.55),
            Post("Pranata Sumber Daya Manusia Aparatur Terampil", "admin", 3, 0.55),
            Post("Asesor Sumber Daya Manusia Aparatur Ahli Muda", "hr", 1),
            Post("Widyaiswara Ahli Muda", "admin_senior", 0.5),
        )
        + OFFICE,
        senior_titles="hr",
    ),
    "health_office": Profile(
        (
            Post("Administrator Kesehatan Ahli Muda", "public_health", 2, 0.6),
            Post("Administrator Kesehatan Ahli Pertama", "public_health", 2, 0.6),
            Post("Epidemiolog Kesehatan Ahli Muda", "public_health", 1, 0.55),
            Post("Epidemiolog Kesehatan Ahli Pertama", "public_health", 1, 0.55),
            Post("Penyuluh Kesehatan Masyarakat Ahli Pertama", "public_health", 1.5, 0.65),
            Post("Tenaga Sanitasi Lingkungan Terampil", "health_tech", 1),
            Post("Nutrisionis Ahli Pertama", "nutrition", 1, 0.85),
            Post("Apoteker Ahli Pertama", "pharmacist", 1, 0.75),
            Post("Entomolog Kesehatan Ahli Pertama", "public_health", 0.5),
        )
        + OFFICE[:4],
        head_titles="doctor_exec",
        senior_titles="public_health",
    ),
    "puskesmas": Profile(
        (
            Post("Dokter Ahli Pertama", "doctor", 2, 0.65),
            Post("Dokter Gigi Ahli Pertama", "dentist", 0.7, 0.7),
            Post("Perawat Terampil", "nurse", 4, 0.7),
            Post("Perawat Ahli Pertama", "nurse", 3, 0.7),
            Post("Bidan Terampil", "midwife", 4, 1.0),
            Post("Bidan Ahli Pertama", "midwife", 1.5, 1.0),
            Post("Tenaga Sanitasi Lingkungan Terampil", "health_tech", 1),
            Post("Nutrisionis Terampil", "nutrition", 1, 0.85),
            Post("Asisten Apoteker Terampil", "pharm_tech", 1, 0.8),
            Post("Pranata Laboratorium Kesehatan Terampil", "health_tech", 1, 0.7),
            Post("Penyuluh Kesehatan Masyarakat Ahli Pertama", "public_health", 1, 0.7),
            Post("Perekam Medis Terampil", "health_tech", 1, 0.6),
            Post("Pengadministrasi Perkantoran", "plain", 1),
        ),
        senior_titles="public_health",
    ),
    "hospital": Profile(
        (
            Post("Dokter Ahli Muda", "doctor", 2, 0.55),
            Post("Dokter Ahli Madya", "specialist", 2, 0.45),
            Post("Dokter Gigi Ahli Muda", "dentist", 0.5, 0.7),
            Post("Perawat Terampil", "nurse", 5, 0.7),
            Post("Perawat Mahir", "nurse", 2, 0.7),
            Post("Perawat Ahli Pertama", "nurse", 4, 0.7),
            Post("Perawat Ahli Muda", "nurse", 2, 0.7),
            Post("Bidan Terampil", "midwife", 2, 1.0),
            Post("Apoteker Ahli Pertama", "pharmacist", 1, 0.75),
            Post("Asisten Apoteker Terampil", "pharm_tech", 1, 0.8),
            Post("Radiografer Terampil", "health_tech", 1, 0.4),
            Post("Pranata Laboratorium Kesehatan Terampil", "health_tech", 1, 0.7),
            Post("Fisioterapis Terampil", "health_tech", 0.7, 0.6),
            Post("Nutrisionis Ahli Pertama", "nutrition", 0.7, 0.85),
            Post("Perekam Medis Terampil", "health_tech", 1, 0.6),
            Post("Administrator Kesehatan Ahli Pertama", "public_health", 1, 0.6),
        )
        + OFFICE[:2],
        head_titles="doctor_exec",
        senior_titles="public_health",
    ),
    "lab": Profile(
        (
            Post("Pranata Laboratorium Kesehatan Terampil", "health_tech", 3, 0.7),
            Post("Pranata Laboratorium Kesehatan Ahli Pertama", "health_tech", 1, 0.7),
            Post("Pengadministrasi Perkantoran", "plain", 1),
        ),
        senior_titles="public_health",
    ),
    "civil_registry": Profile(
        (
            Post("Administrator Database Kependudukan Ahli Muda", "it", 1),
            Post("Administrator Database Kependudukan Ahli Pertama", "it", 2),
            Post("Penata Layanan Operasional", "admin", 3, 0.55),
            Post("Pengelola Layanan Operasional", "admin", 3, 0.55),
            Post("Operator Layanan Operasional", "plain", 3, 0.5),
            Post("Pranata Komputer Terampil", "it", 1),
            Post("Arsiparis Terampil", "admin", 1, 0.55),
        )
    ),
    "licensing": Profile(
        (
            Post("Penata Kelola Penanaman Modal Ahli Muda", "admin_senior", 1),
            Post("Penata Kelola Penanaman Modal Ahli Pertama", "admin", 2),
            Post("Analis Kebijakan Ahli Pertama", "law", 1),
            Post("Penata Layanan Operasional", "admin", 3, 0.55),
            Post("Pengelola Layanan Operasional", "admin", 2, 0.55),
            Post("Operator Layanan Operasional", "plain", 1),
            Post("Pranata Komputer Terampil", "it", 1),
            Post("Arsiparis Terampil", "admin", 0.5, 0.55),
        )
    ),
    "education": Profile(
        (
            Post("Pengawas Sekolah Ahli Madya", "education", 1.5, 0.45),
            Post("Pengawas Sekolah Ahli Muda", "education", 1.5, 0.5),
            Post("Penilik Ahli Muda", "education", 1, 0.5),
            Post("Pamong Belajar Ahli Pertama", "education", 1, 0.6),
            Post("Pengembang Teknologi Pembelajaran Ahli Pertama", "education", 1),
            Post("Pamong Budaya Ahli Muda", "culture", 0.5),
            Post("Pamong Budaya Ahli Pertama", "culture", 1),
            Post("Analis Kebijakan Ahli Pertama", "admin", 1),
        )
        + OFFICE[:5],
        head_titles="edu_exec",
        senior_titles="education",
    ),
    "education_branch": Profile(
        (
            Post("Pengawas Sekolah Ahli Madya", "education", 2),
            Post("Pengawas Sekolah Ahli Muda", "education", 1, 0.5),
            Post("Penata Layanan Operasional", "admin", 2),
            Post("Pengelola Layanan Operasional", "admin", 1),
            Post("Pengadministrasi Perkantoran", "plain", 1),
        ),
        senior_titles="education",
    ),
    "security": Profile(
        (
            Post("Polisi Pamong Praja Terampil", "field", 6, 0.15),
            Post("Polisi Pamong Praja Mahir", "field", 3, 0.15),
            Post("Polisi Pamong Praja Ahli Pertama", "law", 2, 0.2),
            Post("Polisi Pamong Praja Ahli Muda", "law", 1, 0.2),
            Post("Pengelola Layanan Operasional", "admin", 1),
            Post("Pengadministrasi Perkantoran", "plain", 1),
        ),
        senior_titles="law",
    ),
    "disaster": Profile(
        (
            Post("Penata Penanggulangan Bencana Ahli Muda", "disaster", 1, 0.3),
            Post("Penata Penanggulangan Bencana Ahli Pertama", "disaster", 3, 0.3),
            Post("Penata Penanggulangan Bencana Terampil", "disaster", 3, 0.25),
            Post("Operator Layanan Operasional", "plain", 2, 0.3),
            Post("Pengelola Layanan Operasional", "admin", 1),
            Post("Pranata Komputer Terampil", "it", 0.5),
        ),
        senior_titles="disaster",
    ),
    "territorial": Profile(
        (
            Post("Analis Kebijakan Ahli Pertama", "ipdn", 1),
            Post("Penata Layanan Operasional", "admin", 2),
            Post("Pengelola Layanan Operasional", "admin", 3),
            Post("Operator Layanan Operasional", "plain", 2),
            Post("Pengadministrasi Perkantoran", "plain", 2),
            Post("Arsiparis Terampil", "admin", 0.5),
            Post("Pranata Komputer Terampil", "it", 0.5),
        ),
        head_titles="ipdn_exec",
        senior_titles="ipdn",
    ),
    "kelurahan": Profile(
        (
            Post("Penata Layanan Operasional", "admin", 1),
            Post("Pengelola Layanan Operasional", "admin", 2),
            Post("Operator Layanan Operasional", "plain", 2),
            Post("Pengadministrasi Perkantoran", "plain", 2),
        ),
        senior_titles="ipdn",
    ),
    "transport": Profile(
        (
            Post("Penguji Kendaraan Bermotor Ahli Pertama", "transport", 1, 0.2),
            Post("Penguji Kendaraan Bermotor Terampil", "transport", 2, 0.15),
            Post("Operator Layanan Operasional", "field", 3, 0.2),
            Post("Pengelola Layanan Operasional", "transport", 2, 0.3),
            Post("Penata Layanan Operasional", "admin", 1),
            Post("Analis Kebijakan Ahli Pertama", "transport", 1),
            Post("Pengadministrasi Perkantoran", "plain", 1),
            Post("Pranata Komputer Ahli Pertama", "it", 0.5),
        ),
        head_titles="transport_exec",
        senior_titles="transport",
    ),
    "audit": Profile(
        (
            Post("Auditor Ahli Madya", "audit", 1),
            Post("Auditor Ahli Muda", "audit", 2),
            Post("Auditor Ahli Pertama", "audit", 3, 0.55),
            Post("Pengawas Penyelenggaraan Urusan Pemerintahan di Daerah Ahli Muda", "law", 1.5),
            Post("Pengawas Penyelenggaraan Urusan Pemerintahan di Daerah Ahli Pertama", "law", 1.5),
        )
        + OFFICE[:3],
        senior_titles="audit",
    ),
    "revenue": Profile(
        (
            Post("Analis Keuangan Pusat dan Daerah Ahli Muda", "finance", 2),
            Post("Analis Keuangan Pusat dan Daerah Ahli Pertama", "finance", 3, 0.55),
            Post("Pranata Komputer Ahli Pertama", "it", 1),
        )
        + OFFICE[:4],
        senior_titles="finance",
    ),
    "samsat": Profile(
        (
            Post("Penata Layanan Operasional", "admin", 2),
            Post("Pengelola Layanan Operasional", "admin", 3),
            Post("Operator Layanan Operasional", "plain", 3),
            Post("Analis Keuangan Pusat dan Daerah Ahli Pertama", "finance", 1),
        ),
        senior_titles="finance",
    ),
    "liaison": Profile(
        (
            Post("Analis Kebijakan Ahli Pertama", "admin", 1),
            Post("Pranata Hubungan Masyarakat Ahli Pertama", "comms", 1),
            Post("Penata Layanan Operasional", "admin", 1),
            Post("Pengelola Layanan Operasional", "admin", 1),
        )
    ),
}

# the share of an OPD's staff working at the OPD itself rather than in its sub-units
OFFICE_SHARE = {"bidang": 0.3, "puskesmas": 0.3, "kelurahan": 0.45, "uptd": 0.5}
# the jabatan pengawas of a sub-unit, if it has enough staff for one
SUB_UNIT_SUPERVISOR = {
    "puskesmas": "Kepala Subbagian Tata Usaha",
    "kelurahan": "Sekretaris Kelurahan",
    "uptd": "Kepala Subbagian Tata Usaha",
}


@dataclass(frozen=True)
class PlannedEmployee:
    nip: str
    name: str
    first_name: str
    last_name: str
    unit_code: str  # the OPD's or a sub-unit's code, within the agency
    position: str
    role_tags: tuple[str, ...]
    domicile: str  # BPS code of a Region


@dataclass
class _Slot:
    unit_code: str
    position: str
    titles: str
    female: float = 0.45
    tags: list[str] = field(default_factory=list)
    seniority: str = "staff"  # head, senior, supervisor, staff
    pptk_rank: int = 9  # lower is chosen first as activity leader; 9 never


def plan_opd(agency: AgencySpec, opd: OpdSpec, used: set[str]) -> list[PlannedEmployee]:
    """The staff of one OPD and its sub-units; the OPD head comes first."""
    rng = random.Random(f"wfa-demo:{agency.code}:{opd.code}")  # noqa: S311 - demo data, no secret
    office_size, *sub_unit_sizes = _sizes(opd, rng)
    slots = _office_slots(opd, office_size, rng)
    for sub, size in zip(opd.sub_units, sub_unit_sizes, strict=True):
        slots += _sub_unit_slots(opd, sub, size, rng)
    _tag_activity_leaders(slots, 1 if opd.staff < 10 else 2 if opd.staff < 80 else 3)
    return [_person(rng, agency, opd, slot, used) for slot in slots]


def _sizes(opd: OpdSpec, rng: random.Random) -> list[int]:
    """Headcount of the OPD itself, then of each sub-unit; sums to ``opd.staff``."""
    if not opd.sub_units:
        return [opd.staff]
    office = max(3, round(opd.staff * OFFICE_SHARE[opd.sub_units[0].kind]))
    rest, count = opd.staff - office, len(opd.sub_units)
    sizes = [rest // count + (1 if i < rest % count else 0) for i in range(count)]
    for i in range(count - 1):
        shift = rng.randint(-3, 3)
        if min(sizes[i] + shift, sizes[i + 1] - shift) >= 4:
            sizes[i], sizes[i + 1] = sizes[i] + shift, sizes[i + 1] - shift
    return [office, *sizes]


def _office_slots(opd: OpdSpec, size: int, rng: random.Random) -> list[_Slot]:
    profile = PROFILES[opd.profile]
    slots = [_Slot(opd.code, opd.head, profile.head_titles, 0.3, [STRUCTURAL_HEAD], "head")]
    if opd.secretary and opd.staff >= 20:
        slots.append(_senior(opd.code, opd.secretary, profile, pptk_rank=9))
    slots.append(_Slot(opd.code, TREASURER_POSITION, "finance", 0.6, [TREASURER]))
    supervisors = 0 if opd.staff < 15 else 1 if opd.staff < 35 else 2 if opd.staff < 60 else 3
    for title in opd.supervisors[:supervisors]:
        slots.append(_supervisor(opd.code, title, profile.senior_titles))
    for title in opd.bidang[: max(0, (opd.staff - 10) // 20)]:
        slots.append(_senior(opd.code, title, profile, pptk_rank=0))
    if len(slots) > size:
        raise ValueError(f"{opd.code}: {size} staff cannot hold {len(slots)} key positions")
    return slots + _fill(opd.code, profile, size - len(slots), rng)


def _sub_unit_slots(opd: OpdSpec, sub: SubUnitSpec, size: int, rng: random.Random) -> list[_Slot]:
    profile = PROFILES[sub.profile or opd.profile]
    if sub.kind == "kelurahan":
        head = "Lurah " + sub.name.removeprefix("Kelurahan ")
    else:
        head = "Kepala " + sub.name
    titles = {"puskesmas": "puskesmas_head", "kelurahan": "ipdn"}.get(
        sub.kind, profile.senior_titles
    )
    slots = [
        _Slot(
            sub.code,
            head,
            titles,
            0.4,
            [STRUCTURAL_HEAD],
            "senior",
            0 if sub.kind == "bidang" else 2,
        )
    ]
    if sub.kind in SUB_UNIT_SUPERVISOR and size >= 6:
        slots.append(_supervisor(sub.code, SUB_UNIT_SUPERVISOR[sub.kind], profile.senior_titles))
    return slots + _fill(sub.code, profile, size - len(slots), rng)


def _senior(unit_code: str, title: str, profile: Profile, *, pptk_rank: int) -> _Slot:
    return _Slot(
        unit_code, title, profile.senior_titles, 0.4, [STRUCTURAL_HEAD], "senior", pptk_rank
    )


def _supervisor(unit_code: str, title: str, titles: str) -> _Slot:
    return _Slot(unit_code, title, titles, 0.5, [SUPERVISOR], "supervisor", 1)


def _fill(unit_code: str, profile: Profile, count: int, rng: random.Random) -> list[_Slot]:
    posts = rng.choices(profile.posts, weights=[p.weight for p in profile.posts], k=count)
    return [
        _Slot(unit_code, p.title, p.titles, p.female, pptk_rank=_functional_rank(p.title))
        for p in posts
    ]


def _functional_rank(title: str) -> int:
    if "Ahli Muda" in title or "Ahli Madya" in title:
        return 3
    return 4 if "Ahli Pertama" in title else 5


def _tag_activity_leaders(slots: list[_Slot], count: int) -> None:
    """PPTK go to Kepala Bidang first, then supervisors, then senior functional staff."""
    eligible = [s for s in slots if s.pptk_rank < 9]
    for slot in sorted(eligible, key=lambda s: s.pptk_rank)[:count]:
        slot.tags.append(ACTIVITY_LEADER)


DOCTOR_TITLES = frozenset({"doctor", "specialist", "dentist", "doctor_exec", "puskesmas_head"})
# (first birth year, last, most common) per seniority
BIRTH_YEARS = {
    "head": (1967, 1977, 1971),
    "senior": (1968, 1984, 1975),
    "supervisor": (1970, 1990, 1980),
}


def _person(
    rng: random.Random, agency: AgencySpec, opd: OpdSpec, slot: _Slot, used: set[str]
) -> PlannedEmployee:
    gender = 2 if rng.random() < slot.female else 1
    if slot.seniority in BIRTH_YEARS:
        born = birth_date(rng, *BIRTH_YEARS[slot.seniority])
    elif "Terampil" in slot.position or "Pertama" in slot.position:
        born = birth_date(rng, 1972, 2000, 1994)
    else:
        born = birth_date(rng, 1967, 2000, 1985)
    min_age = 25 if slot.titles in DOCTOR_TITLES else 21
    culture = rng.choices(list(agency.name_mix), weights=list(agency.name_mix.values()))[0]
    name = person_name(
        rng,
        gender=gender,
        culture=culture,
        birth_year=born.year,
        titles=slot.titles,
        position=slot.position,
    )
    return PlannedEmployee(
        nip=make_nip(rng, born=born, gender=gender, min_age=min_age, used=used),
        name=name.full,
        first_name=name.first_name,
        last_name=name.last_name,
        unit_code=slot.unit_code,
        position=slot.position,
        role_tags=tuple(slot.tags),
        domicile=_domicile(rng, agency, opd, slot.unit_code),
    )


def _domicile(rng: random.Random, agency: AgencySpec, opd: OpdSpec, unit_code: str) -> str:
    """Most live near the office: an office away from the agency's seat draws from its own city."""
    mix = opd.domicile or agency.domicile
    office = opd.office_region_of(unit_code) or agency.office_region
    if office != agency.office_region and not opd.domicile and rng.random() < 0.6:
        return office
    return rng.choices(list(mix), weights=list(mix.values()))[0]


def plan_agency(agency: AgencySpec, used: set[str]) -> dict[str, list[PlannedEmployee]]:
    """Every OPD's staff, keyed by OPD code."""
    return {opd.code: plan_opd(agency, opd, used) for opd in agency.opds}
