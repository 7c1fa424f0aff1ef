"""Demo circulars for `manage.py seed_demo`: the five real cases of shared/domain.md.

Runs after ``organizations.demo`` (agencies, OPDs and regions by code). Each
circular is created once, keyed by agency and number, as a published row with
its windows, caps, exemptions, priorities and a "published" event; a re-run
finds it and changes nothing.

What is real and what is not. The windows, caps, exemptions, priorities,
conditions and working hours follow the public reporting of each circular. The
regional numbers, the signatories (names, ranks, NIPs) and the dates of issue
are NOT known from that reporting: they are invented in the house format of
each agency so that the letters look whole, and every one is marked
"invented" below. The signatories are fictitious on purpose, so that no real
official is given an invented NIP. National circulars that follow a real
instrument keep its reported number.

The Pemkab Serang case: the reporting says "SE MenPAN-RB followed by an SE of
the Bupati" for Tuesday 8 April 2025, the first working day after the Idul
Fitri 1446 H cuti bersama. SE MenPAN-RB 2/2025 as reported covers 24-27 March
only, so a separate national circular with the single window 8 April 2025 is
its parent here; its number is invented.

One more circular, marked "(contoh)", is in force from the day the seed runs
for two weeks, so the roster pages of the demo have something to show; and a
draft, also "(contoh)", waits for BKPSDM to publish it (the week after).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from organizations.models import Agency, Region, Unit

from .models import Circular, CircularEvent, Priority, Window

D = dt.date
T = dt.time

DEMO_NOTE = "Data demo (seed_demo)."

SKB_2025 = (
    "Keputusan Bersama Menteri Agama, Menteri Ketenagakerjaan, dan Menteri Pendayagunaan "
    "Aparatur Negara dan Reformasi Birokrasi tentang Hari Libur Nasional dan Cuti Bersama "
    "Tahun 2025"
)
SKB_2024 = SKB_2025.replace("2025", "2024")
# a minister signs by office: no NIP, and the name is left to the signed PDF
MENPANRB = "Menteri Pendayagunaan Aparatur Negara dan Reformasi Birokrasi"
UU_ASN = "Undang-Undang Nomor 20 Tahun 2023 tentang Aparatur Sipil Negara"
PP_DISIPLIN = "Peraturan Pemerintah Nomor 94 Tahun 2021 tentang Disiplin Pegawai Negeri Sipil"
PERPRES_JAM_KERJA = (
    "Peraturan Presiden Nomor 21 Tahun 2023 tentang Hari Kerja dan Jam Kerja Instansi "
    "Pemerintah dan Pegawai Aparatur Sipil Negara"
)


@dataclass(frozen=True)
class Spec:
    """One circular as the seed writes it."""

    agency: str
    number: str
    title: str
    arrangement: str
    windows: tuple[tuple[dt.date, dt.date], ...]
    issued_on: dt.date
    issued_place: str
    signatory: tuple[str, str, str, str]  # name, rank, NIP, position
    purpose: str
    body: str
    addressees: tuple[str, ...]
    legal_bases: tuple[str, ...] = ()
    conditions: tuple[str, ...] = ()
    copies_to: tuple[str, ...] = ()
    cap_percent: int = 50
    exempt_categories: tuple[str, ...] = ()
    exempt_roles: tuple[str, ...] = ()
    exempt_unit_codes: tuple[str, ...] = ()
    exempt_unit_prefixes: tuple[str, ...] = ()  # e.g. "kecamatan-": every kecamatan
    priorities: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (kind, BPS codes); "*jabodetabek"
    working_hours: tuple[dt.time, dt.time, dt.time | None, dt.time | None] | None = None
    roster_deadline: dt.date | None = None
    applies_to_subordinates: bool = False
    parent: tuple[str, str] | None = None  # (agency code, number)
    extra: dict = field(default_factory=dict)


# --- national circulars --------------------------------------------------------------

MENPANRB_2_2025 = Spec(
    agency="kemenpan-rb",
    number="2 Tahun 2025",  # as reported
    title=(
        "Pelaksanaan Tugas Kedinasan secara Fleksibel (Flexible Working Arrangement) bagi "
        "Aparatur Sipil Negara pada Masa Libur Hari Raya Idul Fitri 1446 H"
    ),
    arrangement="WFA",
    windows=((D(2025, 3, 24), D(2025, 3, 27)),),
    issued_on=D(2025, 3, 13),  # approximate: announced in mid-March 2025
    issued_place="Jakarta",
    signatory=("", "", "", MENPANRB),
    purpose="Mengurai kepadatan arus mudik Hari Raya Idul Fitri 1446 H.",
    body=(
        "Instansi pemerintah pusat dan daerah dapat menerapkan tugas kedinasan dari mana saja "
        "(*work from anywhere*) pada tanggal 24, 25, 26, dan 27 Maret 2025, dengan tetap "
        "menjamin kelancaran pelayanan publik dan pencapaian kinerja.\n\n"
        "Pengaturan lebih lanjut ditetapkan oleh Pejabat Pembina Kepegawaian masing-masing "
        "instansi."
    ),
    addressees=(
        "Para Pejabat Pembina Kepegawaian Instansi Pusat",
        "Para Pejabat Pembina Kepegawaian Instansi Daerah",
    ),
    legal_bases=(UU_ASN, PERPRES_JAM_KERJA, SKB_2025),
    # the national SE sets no percentage: each agency sets its own cap below it
    cap_percent=100,
)

MENPANRB_8_APRIL_2025 = Spec(
    agency="kemenpan-rb",
    number="B/1045/M.SM.02.03/2025",  # invented: see the module docstring
    title=(
        "Pelaksanaan Tugas Kedinasan secara Fleksibel bagi Aparatur Sipil Negara pada Arus "
        "Balik Hari Raya Idul Fitri 1446 H"
    ),
    arrangement="WFA",
    windows=((D(2025, 4, 8), D(2025, 4, 8)),),
    issued_on=D(2025, 4, 3),  # invented
    issued_place="Jakarta",
    signatory=("", "", "", MENPANRB),
    purpose="Mengurai kepadatan arus balik Hari Raya Idul Fitri 1446 H.",
    body=(
        "Instansi pemerintah dapat menerapkan tugas kedinasan dari mana saja pada hari Selasa, "
        "8 April 2025, dengan tetap menjamin pelayanan publik berjalan."
    ),
    addressees=("Para Pejabat Pembina Kepegawaian Instansi Pusat dan Daerah",),
    legal_bases=(UU_ASN, PERPRES_JAM_KERJA, SKB_2025),
    cap_percent=100,
)

MENPANRB_1_2024 = Spec(
    agency="kemenpan-rb",
    number="1 Tahun 2024",  # as reported
    title=(
        "Pengaturan Sistem Kerja Aparatur Sipil Negara setelah Libur Nasional dan Cuti Bersama "
        "Hari Raya Idul Fitri 1445 H"
    ),
    arrangement="WFH",
    windows=((D(2024, 4, 16), D(2024, 4, 17)),),
    issued_on=D(2024, 4, 4),  # approximate
    issued_place="Jakarta",
    signatory=("", "", "", MENPANRB),
    purpose="Mengurai kepadatan arus balik setelah libur Hari Raya Idul Fitri 1445 H.",
    body=(
        "Pada tanggal 16 dan 17 April 2024 instansi pemerintah dapat menerapkan tugas "
        "kedinasan di rumah (*work from home*) bagi pegawai yang tidak memberikan pelayanan "
        "langsung kepada masyarakat, dengan paling banyak 50% pegawai per unit kerja."
    ),
    addressees=("Para Pejabat Pembina Kepegawaian Instansi Pusat dan Daerah",),
    legal_bases=(UU_ASN, PERPRES_JAM_KERJA, SKB_2024),
    cap_percent=50,
)

KEMENDAGRI_2023 = Spec(
    agency="kemendagri",
    number="2 Tahun 2023",  # Instruksi Mendagri, as reported; verify against the gazette
    title="Pengendalian Pencemaran Udara pada Wilayah Jabodetabek (Instruksi Menteri Dalam Negeri)",
    arrangement="WFH",
    # the reporting gives no end: a window that holds the regional windows below (invented)
    windows=((D(2023, 8, 28), D(2023, 10, 31)),),
    issued_on=D(2023, 8, 25),  # approximate
    issued_place="Jakarta",
    signatory=("", "", "", "Menteri Dalam Negeri"),
    purpose="Mengendalikan pencemaran udara di wilayah Jabodetabek.",
    body=(
        "Gubernur, bupati, dan wali kota di wilayah Jabodetabek menerapkan pengaturan kerja "
        "dari rumah (*work from home*) bagi paling banyak 50% aparatur sipil negara, dengan "
        "tetap menjamin pelayanan publik."
    ),
    addressees=(
        "Gubernur DKI Jakarta",
        "Gubernur Jawa Barat",
        "Gubernur Banten",
        "Bupati/Wali Kota di wilayah Jabodetabek",
    ),
    legal_bases=(
        "Undang-Undang Nomor 23 Tahun 2014 tentang Pemerintahan Daerah",
        "Undang-Undang Nomor 32 Tahun 2009 tentang Perlindungan dan Pengelolaan Lingkungan Hidup",
    ),
    cap_percent=50,
)

# --- the five real regional cases -------------------------------------------------------

PEMKOT_SERANG = Spec(
    agency="pemkot-serang",
    number="800.1.6/123-BKPSDM/2025",  # invented in the agency's format
    title=(
        "Pelaksanaan Tugas Kedinasan secara Fleksibel (Work From Anywhere) bagi Aparatur Sipil "
        "Negara di Lingkungan Pemerintah Kota Serang pada Masa Libur Hari Raya Idul Fitri 1446 H"
    ),
    arrangement="WFA",
    windows=((D(2025, 3, 24), D(2025, 3, 27)),),
    issued_on=D(2025, 3, 17),  # "went out a week ahead"; the day itself is invented
    issued_place="Serang",
    signatory=(  # fictitious
        "Drs. H. Ahmad Suhaemi, M.Si.",
        "Pembina Utama Muda (IV/c)",
        "196905121994031004",
        "Sekretaris Daerah Kota Serang",
    ),
    purpose="Mengurai kepadatan arus mudik Hari Raya Idul Fitri 1446 H.",
    body=(
        "Menindaklanjuti Surat Edaran Menteri Pendayagunaan Aparatur Negara dan Reformasi "
        "Birokrasi Nomor 2 Tahun 2025, Aparatur Sipil Negara di lingkungan Pemerintah Kota "
        "Serang dapat melaksanakan tugas kedinasan dari mana saja (*work from anywhere*) pada "
        "tanggal **24 sampai dengan 27 Maret 2025**.\n\n"
        "1. Pegawai yang bekerja dari mana saja paling banyak **50%** dari jumlah pegawai "
        "setiap perangkat daerah per hari, dan lebih sedikit bila pelayanan membutuhkan.\n"
        "2. Unit pelayanan tetap siaga penuh.\n"
        "3. Jadwal harian ditetapkan oleh kepala perangkat daerah masing-masing dan "
        "disampaikan kepada BKPSDM paling lambat 21 Maret 2025."
    ),
    addressees=(
        "Kepala Perangkat Daerah di lingkungan Pemerintah Kota Serang",
        "Camat se-Kota Serang",
        "Lurah se-Kota Serang",
    ),
    legal_bases=(
        UU_ASN,
        PP_DISIPLIN,
        PERPRES_JAM_KERJA,
        "Surat Edaran Menteri Pendayagunaan Aparatur Negara dan Reformasi Birokrasi Nomor 2 "
        "Tahun 2025",
    ),
    conditions=(
        "Kepala perangkat daerah menetapkan jadwal harian pegawainya di dalam masa WFA.",
        "Unit yang memberikan pelayanan langsung tetap siaga penuh di kantor.",
        "Batas 50% dapat diperkecil bila pelayanan membutuhkan lebih banyak pegawai.",
        "Pegawai yang bekerja dari mana saja tetap dapat dihubungi dan melaporkan kinerjanya.",
    ),
    copies_to=(
        "Wali Kota Serang (sebagai laporan)",
        "Wakil Wali Kota Serang",
        "Inspektur Kota Serang",
    ),
    cap_percent=50,
    roster_deadline=D(2025, 3, 21),
    parent=("kemenpan-rb", MENPANRB_2_2025.number),
)

PEMKAB_SERANG = Spec(
    agency="pemkab-serang",
    number="800.1.6/456-BKPSDM/2025",  # invented in the agency's format
    title=(
        "Pelaksanaan Tugas Kedinasan secara Fleksibel (Work From Anywhere) bagi Aparatur Sipil "
        "Negara di Lingkungan Pemerintah Kabupaten Serang pada Tanggal 8 April 2025"
    ),
    arrangement="WFA",
    windows=((D(2025, 4, 8), D(2025, 4, 8)),),
    issued_on=D(2025, 4, 7),  # invented
    issued_place="Serang",
    signatory=(  # fictitious
        "H. Rohmatullah Chaerudin, S.Sos., M.Si.",
        "Pembina Utama Muda (IV/c)",
        "197002151995031002",
        "Sekretaris Daerah Kabupaten Serang",
    ),
    purpose="Mengurai kepadatan arus balik Hari Raya Idul Fitri 1446 H.",
    body=(
        "Pada hari **Selasa, 8 April 2025** Aparatur Sipil Negara di lingkungan Pemerintah "
        "Kabupaten Serang dapat melaksanakan tugas kedinasan dari mana saja.\n\n"
        "Perangkat daerah yang melayani masyarakat secara langsung (Dinas Kesehatan dan "
        "Puskesmas) tetap bekerja di kantor. Perangkat daerah yang dapat melayani secara daring "
        "boleh bekerja dari mana saja.\n\n"
        "Mulai **9 April 2025** seluruh pegawai kembali bekerja di kantor; Inspektorat bersama "
        "BKPSDM memeriksa kehadiran di setiap kantor pada hari itu."
    ),
    addressees=(
        "Kepala Perangkat Daerah di lingkungan Pemerintah Kabupaten Serang",
        "Camat se-Kabupaten Serang",
    ),
    legal_bases=(
        UU_ASN,
        PP_DISIPLIN,
        PERPRES_JAM_KERJA,
        "Surat Edaran Menteri Pendayagunaan Aparatur Negara dan Reformasi Birokrasi tentang "
        "pelaksanaan tugas kedinasan secara fleksibel pada arus balik Idul Fitri 1446 H",
    ),
    conditions=(
        "Pegawai tetap boleh memilih bekerja di kantor (WFO) dan melaporkannya kepada BKPSDM.",
        "Pekerjaan selama WFA tetap dicatat dalam SIPKerja.",
        "Tidak ada tambahan cuti.",
        "Mulai 9 April 2025 seluruh pegawai bekerja di kantor; Inspektorat dan BKPSDM "
        "memeriksa kehadiran.",
        "Jam kerja selama Ramadan 08.00–15.00; mulai 8 April 2025 kembali 07.30–16.00 dengan "
        "istirahat 12.00–13.00.",
    ),
    copies_to=(
        "Bupati Serang (sebagai laporan)",
        "Wakil Bupati Serang",
        "Inspektur Kabupaten Serang",
    ),
    cap_percent=50,
    exempt_categories=("health",),
    exempt_unit_codes=("dinkes",),
    working_hours=(T(7, 30), T(16, 0), T(12, 0), T(13, 0)),
    roster_deadline=D(2025, 4, 7),
    parent=("kemenpan-rb", MENPANRB_8_APRIL_2025.number),
)

# "not for ASN in direct or essential services: health, education, security and public
# service": public service is read as the one-stop licensing office, the civil registry
# and the other face-to-face services (the Samsat offices of Bapenda).
BANTEN_EXEMPT = ("health", "education", "security", "licensing", "civil_registry")
BANTEN_EXEMPT += ("other_essential",)

PEMPROV_BANTEN = Spec(
    agency="pemprov-banten",
    number="800.1.6/2100-BKD/2023",  # invented in the agency's format
    title=(
        "Pelaksanaan Tugas Kedinasan dari Rumah (Work From Home) bagi Aparatur Sipil Negara di "
        "Lingkungan Pemerintah Provinsi Banten dalam rangka Pengendalian Pencemaran Udara"
    ),
    arrangement="WFH",
    windows=((D(2023, 8, 28), D(2023, 9, 28)),),
    issued_on=D(2023, 8, 25),  # invented
    issued_place="Serang",
    signatory=(  # fictitious
        "Dr. H. Syamsudin Mulyadi, S.H., M.H.",
        "Pembina Utama Madya (IV/d)",
        "196801101993031005",
        "Sekretaris Daerah Provinsi Banten",
    ),
    purpose="Mengendalikan pencemaran udara.",
    body=(
        "Aparatur Sipil Negara di lingkungan Pemerintah Provinsi Banten bekerja dari rumah "
        "paling banyak **50%** dari jumlah pegawai setiap perangkat daerah, mulai "
        "**28 Agustus sampai dengan 28 September 2023**.\n\n"
        "Ketentuan ini tidak berlaku bagi pegawai yang memberikan pelayanan langsung atau "
        "esensial: kesehatan, pendidikan, keamanan, dan pelayanan publik.\n\n"
        "Prioritas diberikan kepada pegawai yang berdomisili di wilayah Jabodetabek serta "
        "kepada perangkat daerah yang berkantor di Jakarta, Kota Tangerang, dan Kota Tangerang "
        "Selatan."
    ),
    addressees=("Kepala Perangkat Daerah di lingkungan Pemerintah Provinsi Banten",),
    legal_bases=(
        UU_ASN,
        PERPRES_JAM_KERJA,
        "Instruksi Menteri Dalam Negeri Nomor 2 Tahun 2023 tentang Pengendalian Pencemaran "
        "Udara pada Wilayah Jabodetabek",
    ),
    conditions=(
        "Jadwal ditetapkan oleh kepala perangkat daerah masing-masing.",
        "Kepala perangkat daerah menjamin pelayanan tetap berjalan dan memantau capaian target "
        "kinerja.",
        "Setiap perangkat daerah membuka saluran daring untuk konsultasi dan pengaduan.",
    ),
    copies_to=("Penjabat Gubernur Banten (sebagai laporan)", "Inspektur Provinsi Banten"),
    cap_percent=50,
    exempt_categories=BANTEN_EXEMPT,
    priorities=(
        ("domicile", ("*jabodetabek",)),
        ("office", ("31", "3101", "3171", "3172", "3173", "3174", "3175", "3671", "3674")),
    ),
    parent=("kemendagri", KEMENDAGRI_2023.number),
)

PEMKOT_CILEGON = Spec(
    agency="pemkot-cilegon",
    number="800.1.6/789-BKPSDM/2024",  # invented in the agency's format
    title=(
        "Pengaturan Sistem Kerja Aparatur Sipil Negara di Lingkungan Pemerintah Kota Cilegon "
        "setelah Libur Nasional dan Cuti Bersama Hari Raya Idul Fitri 1445 H"
    ),
    arrangement="WFH",
    windows=((D(2024, 4, 16), D(2024, 4, 17)),),
    issued_on=D(2024, 4, 5),  # invented
    issued_place="Cilegon",
    signatory=(  # fictitious
        "H. Khaerul Anam Saefullah, S.E., M.M.",
        "Pembina Utama Muda (IV/c)",
        "197104231996031003",
        "Sekretaris Daerah Kota Cilegon",
    ),
    purpose="Memperlancar arus balik setelah libur Hari Raya Idul Fitri 1445 H.",
    body=(
        "Menindaklanjuti Surat Edaran Menteri Pendayagunaan Aparatur Negara dan Reformasi "
        "Birokrasi Nomor 1 Tahun 2024, Aparatur Sipil Negara yang tidak memberikan pelayanan "
        "langsung dapat mengajukan bekerja dari rumah (WFH) atau di kantor (WFO) pada tanggal "
        "**16 dan 17 April 2024**.\n\n"
        "Tidak berlaku bagi DPMPTSP, Disdukcapil, RSUD, Puskesmas, kecamatan, dan kelurahan."
    ),
    addressees=(
        "Kepala Perangkat Daerah di lingkungan Pemerintah Kota Cilegon",
        "Camat se-Kota Cilegon",
        "Lurah se-Kota Cilegon",
    ),
    legal_bases=(
        UU_ASN,
        PP_DISIPLIN,
        "Surat Edaran Menteri Pendayagunaan Aparatur Negara dan Reformasi Birokrasi Nomor 1 "
        "Tahun 2024",
    ),
    conditions=(
        "Pegawai yang WFH wajib dapat dihubungi oleh atasannya.",
        "Pegawai yang WFH wajib datang ke kantor bila ada rapat mendadak.",
        "Bila tidak dipenuhi, izin WFH dicabut dan dilaporkan kepada Wali Kota.",
    ),
    copies_to=("Wali Kota Cilegon (sebagai laporan)", "Inspektur Kota Cilegon"),
    cap_percent=50,
    exempt_categories=("licensing", "civil_registry", "health", "territorial"),
    exempt_unit_codes=("dpmptsp", "disdukcapil", "rsud"),
    exempt_unit_prefixes=("kecamatan-",),
    parent=("kemenpan-rb", MENPANRB_1_2024.number),
)

PEMKOT_TANGSEL = Spec(
    agency="pemkot-tangsel",
    number="800.1.6/2345-BKPSDM/2023",  # invented in the agency's format
    title=(
        "Pelaksanaan Tugas Kedinasan dari Rumah (Work From Home) bagi Aparatur Sipil Negara di "
        "Lingkungan Pemerintah Kota Tangerang Selatan dalam rangka Pengendalian Pencemaran Udara"
    ),
    arrangement="WFH",
    # "from late August 2023": the start is the Monday after the instruction; the end is
    # not reported and is invented (one month, like the province's)
    windows=((D(2023, 8, 28), D(2023, 9, 29)),),
    issued_on=D(2023, 8, 25),  # invented
    issued_place="Tangerang Selatan",
    signatory=(  # fictitious
        "Drs. Bambang Hartono Wibowo, M.Si.",
        "Pembina Utama Muda (IV/c)",
        "196907081994031006",
        "Sekretaris Daerah Kota Tangerang Selatan",
    ),
    purpose="Mengendalikan pencemaran udara.",
    body=(
        "Menindaklanjuti Instruksi Menteri Dalam Negeri tentang pengendalian pencemaran udara, "
        "kepala perangkat daerah membagi pegawainya **50%** bekerja di kantor dan **50%** "
        "bekerja dari rumah, dan dapat mengaturnya secara bergiliran.\n\n"
        "Bendahara, pengawas, dan pimpinan kegiatan tidak dapat bekerja dari rumah."
    ),
    addressees=(
        "Kepala Perangkat Daerah di lingkungan Pemerintah Kota Tangerang Selatan",
        "Camat se-Kota Tangerang Selatan",
    ),
    legal_bases=(
        UU_ASN,
        "Instruksi Menteri Dalam Negeri Nomor 2 Tahun 2023 tentang Pengendalian Pencemaran "
        "Udara pada Wilayah Jabodetabek",
    ),
    conditions=(
        "Kepala perangkat daerah dapat mengatur WFH secara bergiliran (sif).",
        "Bendahara, pengawas, dan pimpinan kegiatan tetap bekerja di kantor.",
    ),
    copies_to=("Wali Kota Tangerang Selatan (sebagai laporan)",),
    cap_percent=50,
    exempt_roles=("treasurer", "supervisor", "activity_leader"),
    parent=("kemendagri", KEMENDAGRI_2023.number),
)

PEMPROV_DKI = Spec(
    agency="pemprov-dki",
    number="e-0018/SE/2023",  # invented in the agency's format
    title=(
        "Pelaksanaan Tugas Kedinasan dari Rumah (Work From Home) bagi Aparatur Sipil Negara di "
        "Lingkungan Pemerintah Provinsi DKI Jakarta"
    ),
    arrangement="WFH",
    # from 21 August 2023, for two months as reported; before the Kemendagri instruction,
    # so it has no parent
    windows=((D(2023, 8, 21), D(2023, 10, 21)),),
    issued_on=D(2023, 8, 18),  # invented
    issued_place="Jakarta",
    signatory=(  # fictitious
        "Dr. Hari Nugroho Setiawan, S.T., M.T.",
        "Pembina Utama (IV/e)",
        "196712011992031007",
        "Sekretaris Daerah Provinsi DKI Jakarta",
    ),
    purpose="Mengendalikan pencemaran udara di Jakarta.",
    body=(
        "Mulai **21 Agustus 2023** paling banyak **50%** pegawai setiap perangkat daerah "
        "bekerja dari rumah. Rumah sakit dan sekolah tidak termasuk."
    ),
    addressees=("Kepala Perangkat Daerah di lingkungan Pemerintah Provinsi DKI Jakarta",),
    legal_bases=(UU_ASN, PERPRES_JAM_KERJA),
    conditions=("Pelayanan kepada masyarakat tetap berjalan.",),
    copies_to=("Penjabat Gubernur DKI Jakarta (sebagai laporan)",),
    cap_percent=50,
    exempt_categories=("health", "education"),  # hospitals and schools
)

SPECS: tuple[Spec, ...] = (
    MENPANRB_2_2025,
    MENPANRB_8_APRIL_2025,
    MENPANRB_1_2024,
    KEMENDAGRI_2023,
    PEMKOT_SERANG,
    PEMKAB_SERANG,
    PEMPROV_BANTEN,
    PEMKOT_CILEGON,
    PEMKOT_TANGSEL,
    PEMPROV_DKI,
)


def current_demo_spec(today: dt.date) -> Spec:
    """A Pemkot Serang WFA in force this week and the next two: something for the roster pages."""
    monday = today - dt.timedelta(days=today.weekday())
    start, end = monday, monday + dt.timedelta(days=18)  # to the Friday of the week after next
    return Spec(
        agency="pemkot-serang",
        number=f"800.1.6/901-BKPSDM/{today.year}",
        title=(
            "(contoh) Pelaksanaan Tugas Kedinasan secara Fleksibel bagi Aparatur Sipil Negara "
            "di Lingkungan Pemerintah Kota Serang"
        ),
        arrangement="WFA",
        windows=((start, end),),
        issued_on=monday,
        issued_place="Serang",
        signatory=PEMKOT_SERANG.signatory,
        purpose="Contoh surat edaran yang sedang berlaku, untuk mencoba portal.",
        body=(
            "Surat edaran **contoh** untuk demo portal: pegawai dapat bekerja dari mana saja "
            "paling banyak 50% per perangkat daerah per hari selama dua minggu ke depan. "
            "Dinas Kesehatan dan RSUD tetap bekerja di kantor."
        ),
        addressees=PEMKOT_SERANG.addressees,
        legal_bases=(UU_ASN, PERPRES_JAM_KERJA),
        conditions=(
            "Kepala perangkat daerah menetapkan jadwal harian pegawainya.",
            "Pegawai tetap boleh memilih bekerja di kantor.",
        ),
        copies_to=PEMKOT_SERANG.copies_to,
        cap_percent=50,
        exempt_categories=("health",),
        exempt_roles=("treasurer",),
        working_hours=(T(7, 30), T(16, 0), T(12, 0), T(13, 0)),
        roster_deadline=monday,
    )


def draft_demo_spec(today: dt.date) -> Spec:
    """A Pemkot Serang draft for the week after the example circular: BKPSDM's to publish."""
    monday = today - dt.timedelta(days=today.weekday()) + dt.timedelta(weeks=3)
    return Spec(
        agency="pemkot-serang",
        number=f"800.1.6/902-BKPSDM/{today.year}",
        title=(
            "(contoh) Draf Pelaksanaan Tugas Kedinasan secara Fleksibel bagi Aparatur Sipil "
            "Negara di Lingkungan Pemerintah Kota Serang"
        ),
        arrangement="WFA",
        windows=((monday, monday + dt.timedelta(days=4)),),
        issued_on=monday - dt.timedelta(days=7),
        issued_place="Serang",
        signatory=PEMKOT_SERANG.signatory,
        purpose="Contoh draf yang menunggu diterbitkan BKPSDM, untuk mencoba portal.",
        body=(
            "Draf **contoh**: pegawai dapat bekerja dari mana saja paling banyak 30% per "
            "perangkat daerah per hari selama satu minggu."
        ),
        addressees=PEMKOT_SERANG.addressees,
        legal_bases=(UU_ASN, PERPRES_JAM_KERJA),
        conditions=("Pegawai tetap dapat dihubungi atasan selama jam kerja.",),
        copies_to=PEMKOT_SERANG.copies_to,
        cap_percent=30,
        exempt_categories=("health",),
        roster_deadline=monday - dt.timedelta(days=3),
    )


# --- writing ---------------------------------------------------------------------------


def seed(stdout=None) -> None:
    """Create the demo circulars that are missing; leave existing ones alone."""
    today = timezone.localdate()
    specs = (*SPECS, current_demo_spec(today))
    created = 0
    with transaction.atomic():
        for spec in specs:
            _circular, was_created = _seed_circular(spec)
            created += was_created
        _circular, was_created = _seed_circular(draft_demo_spec(today), draft=True)
        created += was_created
        specs += (draft_demo_spec(today),)
    if stdout is not None:
        stdout.write(f"  Surat edaran demo: {created} baru, {len(specs) - created} sudah ada.\n")


def _seed_circular(spec: Spec, *, draft: bool = False) -> tuple[Circular, bool]:
    agency = Agency.objects.get(code=spec.agency)
    existing = Circular.objects.filter(agency=agency, number=spec.number).first()
    if existing is not None:
        return existing, False
    fields = _fields(spec)
    if draft:
        fields.update(status=Circular.Status.DRAFT, published_at=None)
    circular = Circular.objects.create(agency=agency, number=spec.number, **fields)
    Window.objects.bulk_create(
        Window(circular=circular, start=start, end=end) for start, end in spec.windows
    )
    circular.exempt_units.set(_exempt_units(agency, spec))
    for order, (kind, codes) in enumerate(spec.priorities, start=1):
        priority = Priority.objects.create(circular=circular, order=order, kind=kind)
        priority.regions.set(_regions(codes))
    CircularEvent.objects.create(
        circular=circular,
        action=CircularEvent.Action.CREATED if draft else CircularEvent.Action.PUBLISHED,
        at=circular.published_at or timezone.now(),
        note=DEMO_NOTE,
    )
    return circular, True


def _fields(spec: Spec) -> dict:
    name, rank, nip, position = spec.signatory
    start, end, break_start, break_end = spec.working_hours or (None, None, None, None)
    published_at = timezone.make_aware(dt.datetime.combine(spec.issued_on, T(9, 0)))
    return {
        "title": spec.title,
        "status": Circular.Status.PUBLISHED,
        "arrangement": spec.arrangement,
        "parent": _parent(spec),
        "signatory_name": name,
        "signatory_rank": rank,
        "signatory_nip": nip,
        "signatory_position": position,
        "issued_place": spec.issued_place,
        "issued_on": spec.issued_on,
        "addressees": "\n".join(spec.addressees),
        "legal_bases": "\n".join(spec.legal_bases),
        "purpose": spec.purpose,
        "body": spec.body,
        "copies_to": "\n".join(spec.copies_to),
        "cap_percent": spec.cap_percent,
        "exempt_categories": list(spec.exempt_categories),
        "exempt_roles": list(spec.exempt_roles),
        "conditions": "\n".join(spec.conditions),
        "work_start": start,
        "work_end": end,
        "break_start": break_start,
        "break_end": break_end,
        "roster_deadline": spec.roster_deadline,
        "applies_to_subordinates": spec.applies_to_subordinates,
        "published_at": published_at,
    }


def _parent(spec: Spec) -> Circular | None:
    if spec.parent is None:
        return None
    agency_code, number = spec.parent
    return Circular.objects.get(agency__code=agency_code, number=number)


def _exempt_units(agency: Agency, spec: Spec) -> list[Unit]:
    opds = Unit.objects.opds().filter(agency=agency)
    return [
        opd
        for opd in opds
        if opd.code in spec.exempt_unit_codes
        or any(opd.code.startswith(prefix) for prefix in spec.exempt_unit_prefixes)
    ]


def _regions(codes: tuple[str, ...]) -> list[Region]:
    if codes == ("*jabodetabek",):
        return list(Region.objects.filter(is_jabodetabek=True))
    return list(Region.objects.filter(code__in=codes))
