"""Demo places: the real regions of Banten and Jabodetabek, the agencies of the five
circulars in shared/domain.md, and their OPDs under the names the local governments use.

Offices sit in the agency's seat unless stated: Pemprov Banten's OPDs at the KP3B in
Kota Serang, Pemprov DKI's at Balai Kota in Jakarta Pusat. Some do not, and that is
what the Pemprov Banten 2023 circular's office-location priority is about: its
Kantor Penghubung in Jakarta Pusat, its education branch offices and Samsat units in
Kota Tangerang and Tangerang Selatan.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..models import Agency, Region, ServiceCategory

C = ServiceCategory
K = Region.Kind

# (BPS code, name, kind, province, is_jabodetabek)
REGIONS = (
    ("36", "Provinsi Banten", K.PROVINCE, "Banten", False),
    ("3601", "Kabupaten Pandeglang", K.REGENCY, "Banten", False),
    ("3602", "Kabupaten Lebak", K.REGENCY, "Banten", False),
    ("3603", "Kabupaten Tangerang", K.REGENCY, "Banten", True),
    ("3604", "Kabupaten Serang", K.REGENCY, "Banten", False),
    ("3671", "Kota Tangerang", K.CITY, "Banten", True),
    ("3672", "Kota Cilegon", K.CITY, "Banten", False),
    ("3673", "Kota Serang", K.CITY, "Banten", False),
    ("3674", "Kota Tangerang Selatan", K.CITY, "Banten", True),
    ("31", "Provinsi DKI Jakarta", K.PROVINCE, "DKI Jakarta", True),
    ("3101", "Kabupaten Administrasi Kepulauan Seribu", K.REGENCY, "DKI Jakarta", True),
    ("3171", "Kota Administrasi Jakarta Selatan", K.CITY, "DKI Jakarta", True),
    ("3172", "Kota Administrasi Jakarta Timur", K.CITY, "DKI Jakarta", True),
    ("3173", "Kota Administrasi Jakarta Pusat", K.CITY, "DKI Jakarta", True),
    ("3174", "Kota Administrasi Jakarta Barat", K.CITY, "DKI Jakarta", True),
    ("3175", "Kota Administrasi Jakarta Utara", K.CITY, "DKI Jakarta", True),
    ("3201", "Kabupaten Bogor", K.REGENCY, "Jawa Barat", True),
    ("3216", "Kabupaten Bekasi", K.REGENCY, "Jawa Barat", True),
    ("3271", "Kota Bogor", K.CITY, "Jawa Barat", True),
    ("3275", "Kota Bekasi", K.CITY, "Jawa Barat", True),
    ("3276", "Kota Depok", K.CITY, "Jawa Barat", True),
)


@dataclass(frozen=True)
class SubUnitSpec:
    code: str
    name: str
    short_name: str
    category: str
    kind: str  # bidang, puskesmas, kelurahan, uptd
    profile: str = ""  # staffing profile; the OPD's when empty
    office_region: str | None = None


@dataclass(frozen=True)
class OpdSpec:
    code: str
    name: str
    short_name: str
    category: str
    staff: int  # active employees, sub-units included
    head: str
    profile: str
    secretary: str | None = None
    supervisors: tuple[str, ...] = ()  # jabatan pengawas at the OPD itself, by priority
    bidang: tuple[str, ...] = ()  # Kepala Bidang (or like) at the OPD itself
    sub_units: tuple[SubUnitSpec, ...] = ()
    office_region: str | None = None
    domicile: dict[str, int] | None = None  # where its staff live, if not the agency's mix

    def office_region_of(self, unit_code: str) -> str | None:
        for sub in self.sub_units:
            if sub.code == unit_code and sub.office_region:
                return sub.office_region
        return self.office_region


@dataclass(frozen=True)
class AgencySpec:
    code: str
    name: str
    short_name: str
    level: str
    region: str | None
    parent: str | None = None
    office_region: str | None = None  # where its OPDs sit unless stated
    domicile: dict[str, int] = field(default_factory=dict)  # where its staff live, by weight
    name_mix: dict[str, int] = field(default_factory=dict)  # naming cultures, by weight
    opds: tuple[OpdSpec, ...] = ()


SUBBAGIAN = (
    "Kepala Subbagian Umum dan Kepegawaian",
    "Kepala Subbagian Keuangan dan Aset",
    "Kepala Subbagian Perencanaan dan Pelaporan",
)


def _dinas(code, name, short, category, staff, profile, bidang=(), **extra) -> OpdSpec:
    extra.setdefault("secretary", "Sekretaris Dinas")
    extra.setdefault("supervisors", SUBBAGIAN)
    return OpdSpec(
        code, name, short, category, staff, f"Kepala {name}", profile, bidang=bidang, **extra
    )


def _badan(code, name, short, category, staff, profile, bidang=(), **extra) -> OpdSpec:
    extra.setdefault("secretary", "Sekretaris Badan")
    extra.setdefault("supervisors", SUBBAGIAN)
    return OpdSpec(
        code, name, short, category, staff, f"Kepala {name}", profile, bidang=bidang, **extra
    )


def _sub(code: str, name: str, category: str, kind: str, profile: str = "", region=None):
    return SubUnitSpec(code, name, name, category, kind, profile, region)


def _puskesmas(*places: str | tuple[str, str]) -> tuple[SubUnitSpec, ...]:
    """Puskesmas sub-units; a (name, BPS code) pair for one away from the agency's seat."""
    subs = []
    for place in places:
        name, region = place if isinstance(place, tuple) else (place, None)
        code = "puskesmas-" + name.lower().replace("kecamatan ", "").replace(" ", "-")
        subs.append(_sub(code, f"Puskesmas {name}", C.HEALTH, "puskesmas", "puskesmas", region))
    return tuple(subs)


def _kelurahan(*names: str) -> tuple[SubUnitSpec, ...]:
    return tuple(
        _sub(
            "kelurahan-" + n.lower().replace(" ", "-"),
            f"Kelurahan {n}",
            C.TERRITORIAL,
            "kelurahan",
            "kelurahan",
        )
        for n in names
    )


def dinkes(staff: int, puskesmas=(), **extra) -> OpdSpec:
    bidang = (
        "Kepala Bidang Kesehatan Masyarakat",
        "Kepala Bidang Pencegahan dan Pengendalian Penyakit",
        "Kepala Bidang Pelayanan dan Sumber Daya Kesehatan",
    )
    return _dinas(
        "dinkes",
        "Dinas Kesehatan",
        "Dinkes",
        C.HEALTH,
        staff,
        "health_office",
        bidang,
        sub_units=puskesmas,
        **extra,
    )


def rsud(code: str, name: str, staff: int, region: str | None = None) -> OpdSpec:
    return OpdSpec(
        code,
        name.replace("RSUD", "Rumah Sakit Umum Daerah").replace("RSU ", "Rumah Sakit Umum "),
        name,
        C.HEALTH,
        staff,
        f"Direktur {name}",
        "hospital",
        secretary="Kepala Bagian Tata Usaha",
        supervisors=(
            "Kepala Seksi Pelayanan Medik",
            "Kepala Seksi Keperawatan",
            "Kepala Subbagian Keuangan",
        ),
        bidang=("Kepala Bidang Pelayanan", "Kepala Bidang Keperawatan", "Kepala Bidang Penunjang"),
        office_region=region,
    )


def disdukcapil(staff: int) -> OpdSpec:
    bidang = (
        "Kepala Bidang Pelayanan Pendaftaran Penduduk",
        "Kepala Bidang Pelayanan Pencatatan Sipil",
        "Kepala Bidang Pengelolaan Informasi Administrasi Kependudukan",
        "Kepala Bidang Pemanfaatan Data dan Inovasi Pelayanan",
    )
    name = "Dinas Kependudukan dan Pencatatan Sipil"
    return _dinas(
        "disdukcapil", name, "Disdukcapil", C.CIVIL_REGISTRY, staff, "civil_registry", bidang
    )


def dpmptsp(staff: int) -> OpdSpec:
    bidang = (
        "Kepala Bidang Pelayanan Perizinan dan Nonperizinan",
        "Kepala Bidang Penanaman Modal",
        "Kepala Bidang Pengaduan, Kebijakan dan Pelaporan Layanan",
        "Kepala Bidang Pengendalian Pelaksanaan Penanaman Modal",
    )
    name = "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu"
    return _dinas("dpmptsp", name, "DPMPTSP", C.LICENSING, staff, "licensing", bidang)


def dindikbud(
    staff: int, *, province: bool = False, sub_units=(), code="dindikbud", name=None
) -> OpdSpec:
    levels = (
        ("SMA", "SMK", "Pendidikan Khusus")
        if province
        else ("Sekolah Dasar", "Sekolah Menengah Pertama", "PAUD dan Pendidikan Nonformal")
    )
    bidang = tuple(f"Kepala Bidang Pembinaan {level}" for level in levels) + (
        "Kepala Bidang Kebudayaan",
    )
    name = name or "Dinas Pendidikan dan Kebudayaan"
    short = "Disdik" if name == "Dinas Pendidikan" else "Dindikbud"
    return _dinas(code, name, short, C.EDUCATION, staff, "education", bidang, sub_units=sub_units)


def satpol_pp(staff: int) -> OpdSpec:
    bidang = (
        "Kepala Bidang Penegakan Peraturan Daerah",
        "Kepala Bidang Ketertiban Umum dan Ketenteraman Masyarakat",
        "Kepala Bidang Perlindungan Masyarakat",
        "Kepala Bidang Sumber Daya Aparatur",
    )
    name = "Satuan Polisi Pamong Praja"
    return OpdSpec(
        "satpol-pp",
        name,
        "Satpol PP",
        C.SECURITY,
        staff,
        f"Kepala {name}",
        "security",
        "Sekretaris Satuan",
        SUBBAGIAN,
        bidang,
    )


def bpbd(staff: int) -> OpdSpec:
    bidang = (
        "Kepala Bidang Pencegahan dan Kesiapsiagaan",
        "Kepala Bidang Kedaruratan dan Logistik",
        "Kepala Bidang Rehabilitasi dan Rekonstruksi",
    )
    name = "Badan Penanggulangan Bencana Daerah"
    # the Sekda heads a BPBD ex officio; its Kepala Pelaksana runs it day to day
    return OpdSpec(
        "bpbd",
        name,
        "BPBD",
        C.DISASTER,
        staff,
        f"Kepala Pelaksana {name}",
        "disaster",
        "Sekretaris Badan",
        SUBBAGIAN,
        bidang,
    )


def bkpsdm(staff: int) -> OpdSpec:
    bidang = (
        "Kepala Bidang Pengadaan, Pemberhentian dan Informasi",
        "Kepala Bidang Mutasi dan Promosi",
        "Kepala Bidang Pengembangan Kompetensi Aparatur",
        "Kepala Bidang Penilaian Kinerja Aparatur dan Penghargaan",
    )
    name = "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia"
    return _badan("bkpsdm", name, "BKPSDM", C.SUPPORT, staff, "hr", bidang)


def bkd(staff: int) -> OpdSpec:
    bidang = (
        "Kepala Bidang Pengadaan dan Informasi Kepegawaian",
        "Kepala Bidang Mutasi dan Promosi",
        "Kepala Bidang Pengembangan Kompetensi Aparatur",
        "Kepala Bidang Kinerja dan Penghargaan",
    )
    return _badan("bkd", "Badan Kepegawaian Daerah", "BKD", C.SUPPORT, staff, "hr", bidang)


def bappeda(staff: int) -> OpdSpec:
    bidang = (
        "Kepala Bidang Perencanaan, Pengendalian dan Evaluasi Pembangunan Daerah",
        "Kepala Bidang Perekonomian dan Sumber Daya Alam",
        "Kepala Bidang Pemerintahan dan Pembangunan Manusia",
        "Kepala Bidang Infrastruktur dan Kewilayahan",
    )
    name = "Badan Perencanaan Pembangunan Daerah"
    return _badan("bappeda", name, "Bappeda", C.SUPPORT, staff, "planning", bidang)


def diskominfo(
    name: str, staff: int, *, short="Diskominfo", code="diskominfo", sub_units=()
) -> OpdSpec:
    bidang = (
        ()
        if sub_units
        else (
            "Kepala Bidang Informasi dan Komunikasi Publik",
            "Kepala Bidang Aplikasi Informatika",
            "Kepala Bidang Persandian dan Statistik",
        )
    )
    return _dinas(code, name, short, C.SUPPORT, staff, "it", bidang, sub_units=sub_units)


def dishub(staff: int) -> OpdSpec:
    bidang = (
        "Kepala Bidang Lalu Lintas",
        "Kepala Bidang Angkutan",
        "Kepala Bidang Prasarana dan Keselamatan Transportasi",
    )
    return _dinas("dishub", "Dinas Perhubungan", "Dishub", C.TRANSPORT, staff, "transport", bidang)


def kecamatan(place: str, staff: int, *, kelurahan=(), region: str | None = None) -> OpdSpec:
    return OpdSpec(
        "kecamatan-" + place.lower().replace(" ", "-"),
        f"Kecamatan {place}",
        f"Kec. {place}",
        C.TERRITORIAL,
        staff,
        f"Camat {place}",
        "territorial",
        secretary="Sekretaris Kecamatan",
        supervisors=(
            "Kepala Seksi Pemerintahan",
            "Kepala Seksi Ketenteraman dan Ketertiban Umum",
            "Kepala Seksi Pemberdayaan Masyarakat",
        ),
        sub_units=_kelurahan(*kelurahan),
        office_region=region,
    )


def bagian_umum(staff: int) -> OpdSpec:
    return OpdSpec(
        "setda-umum",
        "Bagian Umum Sekretariat Daerah",
        "Bagian Umum Setda",
        C.SUPPORT,
        staff,
        "Kepala Bagian Umum",
        "support",
        supervisors=(
            "Kepala Subbagian Tata Usaha dan Kepegawaian",
            "Kepala Subbagian Rumah Tangga",
            "Kepala Subbagian Perlengkapan",
        ),
    )


def inspektorat(staff: int, area: str) -> OpdSpec:
    return OpdSpec(
        "inspektorat",
        "Inspektorat Daerah",
        "Inspektorat",
        C.SUPPORT,
        staff,
        f"Inspektur {area}",
        "audit",
        secretary="Sekretaris Inspektorat",
        supervisors=SUBBAGIAN[:2],
        bidang=tuple(f"Inspektur Pembantu Wilayah {n}" for n in ("I", "II", "III", "IV")),
    )


BANTEN_MIX = {"banten": 35, "sunda": 30, "jawa": 25, "betawi": 10}

PEMPROV_BANTEN = AgencySpec(
    "pemprov-banten",
    "Pemerintah Provinsi Banten",
    "Pemprov Banten",
    Agency.Level.PROVINCE,
    region="36",
    office_region="3673",  # KP3B, Curug, Kota Serang
    # many provincial ASN commute from the Tangerang side: hence the 2023 priority
    domicile={"3673": 40, "3604": 17, "3601": 5, "3602": 4, "3672": 5, "3603": 8, "3671": 8}
    | {"3674": 7, "3174": 2, "3171": 1, "3276": 1, "3201": 1, "3275": 1},
    name_mix=BANTEN_MIX,
    opds=(
        dinkes(
            70,
            (_sub("uptd-labkesda", "UPTD Laboratorium Kesehatan Daerah", C.HEALTH, "uptd", "lab"),),
        ),
        rsud("rsud-banten", "RSUD Banten", 120),
        rsud("rsud-malingping", "RSUD Malingping", 45, region="3602"),
        dindikbud(
            60,
            province=True,
            sub_units=tuple(
                _sub(
                    f"kcd-{code}",
                    f"Kantor Cabang Dinas Pendidikan Wilayah {place}",
                    C.EDUCATION,
                    "uptd",
                    "education_branch",
                    region,
                )
                for code, place, region in (
                    ("kota-serang", "Kota Serang", "3673"),
                    ("kota-tangerang", "Kota Tangerang", "3671"),
                    ("tangsel", "Kota Tangerang Selatan", "3674"),
                )
            ),
        ),
        disdukcapil(25),
        dpmptsp(40),
        satpol_pp(65),
        bpbd(35),
        bkd(55),
        bappeda(50),
        diskominfo("Dinas Komunikasi, Informatika, Statistik dan Persandian", 45),
        dishub(50),
        _badan(
            "bapenda",
            "Badan Pendapatan Daerah",
            "Bapenda",
            C.SUPPORT,
            60,
            "revenue",
            sub_units=tuple(
                # Samsat offices serve the public face to face
                _sub(
                    f"uptd-ppd-{code}",
                    f"UPTD Pengelolaan Pendapatan Daerah {place}",
                    C.OTHER_ESSENTIAL,
                    "uptd",
                    "samsat",
                    region,
                )
                for code, place, region in (
                    ("serang", "Serang", "3673"),
                    ("ciledug", "Ciledug", "3671"),
                    ("serpong", "Serpong", "3674"),
                )
            ),
        ),
        OpdSpec(
            "biro-umum",
            "Biro Umum Sekretariat Daerah",
            "Biro Umum",
            C.SUPPORT,
            40,
            "Kepala Biro Umum",
            "support",
            supervisors=("Kepala Subbagian Tata Usaha Pimpinan", "Kepala Subbagian Rumah Tangga"),
            bidang=(
                "Kepala Bagian Tata Usaha",
                "Kepala Bagian Rumah Tangga",
                "Kepala Bagian Perlengkapan",
            ),
        ),
        OpdSpec(
            "kantor-penghubung",
            "Kantor Penghubung Pemerintah Provinsi Banten di Jakarta",
            "Kantor Penghubung",
            C.SUPPORT,
            5,
            "Kepala Kantor Penghubung",
            "liaison",
            office_region="3173",
            domicile={"3173": 2, "3171": 2, "3172": 2, "3674": 2, "3671": 1, "3276": 1, "3275": 1},
        ),
    ),
)

PEMKOT_SERANG = AgencySpec(
    "pemkot-serang",
    "Pemerintah Kota Serang",
    "Pemkot Serang",
    Agency.Level.CITY,
    region="3673",
    parent="pemprov-banten",
    domicile={"3673": 72, "3604": 12, "3601": 4, "3672": 3, "3602": 1, "3603": 3, "3671": 2}
    | {"3674": 1, "3172": 1, "3275": 1},
    name_mix=BANTEN_MIX,
    opds=(
        diskominfo(
            "Dinas Komunikasi, Informatika, Persandian dan Statistik",
            38,
            sub_units=tuple(
                _sub(f"bidang-{code}", f"Bidang {name}", C.SUPPORT, "bidang")
                for code, name in (
                    ("ikp", "Informasi dan Komunikasi Publik"),
                    ("aptika", "Aplikasi Informatika"),
                    ("persandian-statistik", "Persandian dan Statistik"),
                )
            ),
        ),
        bappeda(32),
        dinkes(110, _puskesmas("Kasemen", "Ciracas", "Cipocok Jaya", "Singandaru")),
        rsud("rsud", "RSUD Kota Serang", 90),
        disdukcapil(35),
        dpmptsp(28),
        dindikbud(55),
        satpol_pp(70),
        bpbd(24),
        bkpsdm(30),
        dishub(45),
        inspektorat(26, "Kota Serang"),
        kecamatan(
            "Cipocok Jaya", 40, kelurahan=("Cipocok Jaya", "Karundang", "Banjarsari", "Dalung")
        ),
        kecamatan("Kasemen", 30),
        bagian_umum(22),
    ),
)

PEMKAB_SERANG = AgencySpec(
    "pemkab-serang",
    "Pemerintah Kabupaten Serang",
    "Pemkab Serang",
    Agency.Level.REGENCY,
    region="3604",
    parent="pemprov-banten",
    domicile={
        "3604": 64,
        "3673": 20,
        "3672": 5,
        "3601": 3,
        "3602": 2,
        "3603": 3,
        "3671": 2,
        "3174": 1,
    },
    name_mix=BANTEN_MIX,
    opds=(
        dinkes(115, _puskesmas("Ciruas", "Kragilan", "Cikande", "Anyar")),
        # the regency's hospital stands in Kota Serang, the old seat of the regency
        rsud("rsud-drajat-prawiranegara", "RSUD dr. Drajat Prawiranegara", 100, region="3673"),
        disdukcapil(30),
        dpmptsp(25),
        dindikbud(50),
        satpol_pp(60),
        bpbd(28),
        bkpsdm(32),
        bappeda(26),
        diskominfo("Dinas Komunikasi, Informatika, Persandian dan Statistik", 30),
        dishub(40),
        kecamatan("Ciruas", 35),
        kecamatan("Kramatwatu", 28),
        kecamatan("Cikande", 30),
        bagian_umum(20),
    ),
)

PEMKOT_CILEGON = AgencySpec(
    "pemkot-cilegon",
    "Pemerintah Kota Cilegon",
    "Pemkot Cilegon",
    Agency.Level.CITY,
    region="3672",
    parent="pemprov-banten",
    domicile={"3672": 75, "3604": 12, "3673": 8, "3601": 2, "3671": 1, "3603": 1, "3174": 1},
    name_mix=BANTEN_MIX,
    opds=(
        dinkes(95, _puskesmas("Jombang", "Pulomerak", "Ciwandan")),
        rsud("rsud", "RSUD Kota Cilegon", 85),
        disdukcapil(33),
        dpmptsp(27),
        dindikbud(48),
        satpol_pp(55),
        bpbd(22),
        bkpsdm(28),
        bappeda(24),
        diskominfo("Dinas Komunikasi, Informatika, Sandi dan Statistik", 26),
        dishub(42),
        kecamatan("Jombang", 34, kelurahan=("Jombang Wetan", "Masigit", "Panggung Rawi")),
        kecamatan("Pulomerak", 25),
        bagian_umum(18),
    ),
)

PEMKOT_TANGSEL = AgencySpec(
    "pemkot-tangsel",
    "Pemerintah Kota Tangerang Selatan",
    "Pemkot Tangerang Selatan",
    Agency.Level.CITY,
    region="3674",
    parent="pemprov-banten",
    domicile={"3674": 64, "3603": 8, "3671": 7, "3171": 6, "3276": 5, "3201": 3, "3174": 2}
    | {"3271": 1, "3673": 2, "3275": 1, "3173": 1},
    name_mix={"jawa": 35, "betawi": 30, "sunda": 25, "banten": 10},
    opds=(
        dinkes(120, _puskesmas("Serpong 1", "Pamulang", "Ciputat", "Pondok Aren")),
        rsud("rsu", "RSU Kota Tangerang Selatan", 95),
        disdukcapil(40),
        dpmptsp(30),
        dindikbud(65),
        satpol_pp(75),
        bpbd(30),
        bkpsdm(34),
        bappeda(28),
        diskominfo("Dinas Komunikasi dan Informatika", 35),
        dishub(48),
        kecamatan("Serpong", 38, kelurahan=("Cilenggang", "Lengkong Gudang", "Rawa Mekar Jaya")),
        kecamatan("Pamulang", 32),
        kecamatan("Pondok Aren", 33),
        bagian_umum(24),
    ),
)

PEMPROV_DKI = AgencySpec(
    "pemprov-dki",
    "Pemerintah Provinsi DKI Jakarta",
    "Pemprov DKI Jakarta",
    Agency.Level.PROVINCE,
    region="31",
    office_region="3173",  # Balai Kota, Jalan Medan Merdeka Selatan
    domicile={"3171": 14, "3172": 18, "3173": 8, "3174": 14, "3175": 10, "3101": 1, "3276": 7}
    | {"3275": 8, "3216": 4, "3201": 4, "3271": 2, "3674": 5, "3671": 4, "3603": 1},
    name_mix={"jawa": 40, "betawi": 35, "sunda": 20, "banten": 5},
    opds=(
        dinkes(
            110,
            _puskesmas(
                ("Kecamatan Menteng", "3173"),
                ("Kecamatan Kebayoran Baru", "3171"),
                ("Kecamatan Cakung", "3172"),
                ("Kecamatan Cengkareng", "3174"),
            ),
        ),
        rsud("rsud-tarakan", "RSUD Tarakan", 105),
        rsud("rsud-pasar-minggu", "RSUD Pasar Minggu", 80, region="3171"),
        disdukcapil(45),
        dpmptsp(50),
        dindikbud(70, province=True, code="disdik", name="Dinas Pendidikan"),
        satpol_pp(90),
        bpbd(40),
        bkd(50),
        bappeda(40),
        diskominfo(
            "Dinas Komunikasi, Informatika dan Statistik",
            45,
            short="Diskominfotik",
            code="diskominfotik",
        ),
        dishub(85),
        kecamatan("Menteng", 36, kelurahan=("Menteng", "Cikini", "Gondangdia"), region="3173"),
        kecamatan("Kebayoran Baru", 38, region="3171"),
        kecamatan("Cakung", 40, region="3172"),
    ),
)

MINISTRIES = (
    AgencySpec(
        "kemenpan-rb",
        "Kementerian Pendayagunaan Aparatur Negara dan Reformasi Birokrasi",
        "KemenPAN-RB",
        Agency.Level.MINISTRY,
        region=None,
    ),
    AgencySpec(
        "kemendagri", "Kementerian Dalam Negeri", "Kemendagri", Agency.Level.MINISTRY, region=None
    ),
)

# parents before children
AGENCIES = (
    *MINISTRIES,
    PEMPROV_BANTEN,
    PEMKOT_SERANG,
    PEMKAB_SERANG,
    PEMKOT_CILEGON,
    PEMKOT_TANGSEL,
    PEMPROV_DKI,
)
