"""Demo standing flexible work for `manage.py seed_demo` (runs after the schedules' demo).

Pemkot Serang gets a standing flexible-work policy (Permen PANRB 4/2025): every
Friday open, at most 2 days a week per employee, start between 07:00 and 08:30,
37.5 hours a week (32.5 in Ramadan), from 1 September 2025 with no end. A
Lebaran circular "(contoh)" sat over it on the two working days before the Idul
Fitri 1447 H holidays (16-17 March 2026), so both layers can be seen in that week
(a past window: the example circular of ``circulars.demo`` stays the only
"(contoh)" circular in force). In Diskominfo three
colleagues of the demo employee have a Friday arrangement (the grid of a week
the example circular does not cover comes pre-filled), and one more has an
application with a work plan waiting in the head's queue. The demo employee
has nothing yet, so they can apply themselves.

The number, the signatory and the Lebaran circular are invented ("contoh").
Every step finds what it made before and changes nothing on a second run.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from circulars.demo import PEMKOT_SERANG, PERPRES_JAM_KERJA, UU_ASN, Spec, _seed_circular
from organizations.models import Agency, Employee, Role, Unit

from . import services as svc
from .models import Application, Arrangement, StandingPolicy

D = dt.date
AGENCY = "pemkot-serang"
DEMO_OPD = "diskominfo"
DEMO_EMPLOYEE_LOGIN = "pegawai.diskominfo"
NUMBER = "800.1.6/910-BKPSDM/2025"
PERMEN = (
    "Peraturan Menteri Pendayagunaan Aparatur Negara dan Reformasi Birokrasi Nomor 4 Tahun "
    "2025 tentang Pelaksanaan Tugas Kedinasan Pegawai Aparatur Sipil Negara secara Fleksibel "
    "pada Instansi Pemerintah"
)

LEBARAN = Spec(
    agency=AGENCY,
    number="800.1.6/911-BKPSDM/2026",
    title=(
        "(contoh) Pelaksanaan WFA menjelang Idul Fitri 1447 H di Lingkungan Pemerintah Kota Serang"
    ),
    arrangement="WFA",
    windows=((D(2026, 3, 16), D(2026, 3, 17)),),
    issued_on=D(2026, 3, 9),
    issued_place="Serang",
    signatory=PEMKOT_SERANG.signatory,
    purpose="Contoh surat edaran Lebaran di atas kebijakan kerja fleksibel tetap.",
    body=(
        "Surat edaran **contoh**: menjelang Idul Fitri 1447 H pegawai dapat bekerja dari mana "
        "saja paling banyak 50% per perangkat daerah per hari; pada tanggal ini surat edaran "
        "ini menggantikan kebijakan kerja fleksibel tetap."
    ),
    addressees=PEMKOT_SERANG.addressees,
    legal_bases=(UU_ASN, PERPRES_JAM_KERJA),
    copies_to=PEMKOT_SERANG.copies_to,
    cap_percent=50,
    exempt_categories=("health",),
)


def seed(stdout=None) -> list[str]:
    agency = Agency.objects.get(code=AGENCY)
    admin = (
        Role.objects.filter(agency=agency, kind=Role.Kind.BKPSDM_ADMIN)
        .select_related("user")
        .first()
    )
    opd = Unit.objects.opds().get(agency=agency, code=DEMO_OPD)
    head = Role.objects.filter(unit=opd, kind=Role.Kind.OPD_HEAD).select_related("user").first()
    with transaction.atomic():
        policy = StandingPolicy.objects.filter(agency=agency, number=NUMBER).first()
        made = policy is None
        if made:
            policy = svc.save_policy(
                agency=agency,
                actor=admin.user if admin else None,
                data={
                    "number": NUMBER,
                    "title": (
                        "(contoh) Fleksibilitas Kerja ASN di Lingkungan Pemerintah Kota Serang"
                    ),
                    "legal_bases": "\n".join([PERMEN, PERPRES_JAM_KERJA]),
                    "signatory_name": PEMKOT_SERANG.signatory[0],
                    "signatory_position": PEMKOT_SERANG.signatory[3],
                    "issued_on": D(2025, 8, 25),
                    "start": D(2025, 9, 1),
                    "end": None,
                    "weekly_limit": 2,
                    "open_weekdays": [4],
                    "cap_percent": 100,
                    "excludes_sanctioned": True,
                    "new_employee_months": 12,
                },
            )
            policy = svc.publish_policy(policy=policy, actor=admin.user if admin else None)
        _circular, lebaran_made = _seed_circular(LEBARAN)
        arranged = asked = 0
        if head is not None and not Arrangement.objects.filter(policy=policy).exists():
            arranged, asked = _people(opd, policy, head.user)
    return [
        f"Kebijakan kerja fleksibel demo: {'baru' if made else 'sudah ada'}"
        f" (SE Lebaran contoh: {'baru' if lebaran_made else 'sudah ada'}).",
        f"Pengaturan demo: {arranged} baru, permohonan: {asked} baru.",
    ]


def _people(opd: Unit, policy: StandingPolicy, head) -> tuple[int, int]:
    staff = [
        e
        for e in Employee.objects.of_opd(opd.pk)
        .active()
        .select_related("unit", "user")
        .order_by("name")
        if not e.role_tags and e.user_id != head.pk and not _is_demo_login(e)
    ]
    arranged = 0
    for employee in staff[:6]:
        if arranged == 3:
            break
        try:
            svc.decide_arrangement(
                employee=employee,
                policy=policy,
                actor=head,
                data=svc.ArrangementData(
                    eligible=True,
                    weekdays=[4],
                    start=policy.start,
                    ict_doable=True,
                    little_contact=True,
                    no_supervision=True,
                    no_equipment=True,
                    note="Data demo.",
                ),
            )
        except ValidationError:  # excluded by the rules (a new or sanctioned employee)
            continue
        arranged += 1
    asked = 0
    for employee in staff[6:]:
        if Application.objects.filter(employee=employee).exists():
            continue
        svc.submit_application(
            employee=employee,
            policy=policy,
            reason="Data demo: jarak rumah ke kantor jauh.",
            targets=[
                svc.Target("Menyusun 2 laporan analisis data", "Laporan diunggah di e-Kinerja"),
                svc.Target("Memperbarui 10 halaman situs", "Tautan halaman yang diperbarui"),
            ],
            weekdays=[4],
        )
        asked += 1
        break
    for employee in staff[7:]:
        if Application.objects.filter(employee=employee).exists():
            continue
        try:
            with transaction.atomic():
                _reviewed_work_plan(employee, policy, head)
        except ValidationError:  # excluded by the rules (a new or sanctioned employee)
            continue
        asked += 1
        break
    return arranged, asked


def _reviewed_work_plan(employee: Employee, policy: StandingPolicy, head) -> None:
    """An approved application whose targets are reported: one reviewed as met, one
    waiting for the head, so BKPSDM's "targets met" and the head's review list show."""
    application = svc.submit_application(
        employee=employee,
        policy=policy,
        reason="Data demo: merawat orang tua di rumah.",
        targets=[
            svc.Target("Menyelesaikan 20 verifikasi berkas", "Daftar berkas terverifikasi"),
            svc.Target("Menyusun notula 4 rapat daring", "Notula diunggah di e-Kinerja"),
        ],
        weekdays=[4],
    )
    svc.approve_application(
        application=application,
        actor=head,
        data=svc.ArrangementData(
            eligible=True,
            weekdays=[4],
            start=max(policy.start, timezone.localdate()),
            ict_doable=True,
            little_contact=True,
            no_supervision=True,
            no_equipment=True,
        ),
    )
    met, waiting = application.targets.order_by("pk")
    svc.report_target(target=met, employee=employee, result="20 berkas terverifikasi, daftar No. 7")
    svc.review_target(target=met, actor=head, met=True, comment="Tepat waktu.")
    svc.report_target(target=waiting, employee=employee, result="Notula 3 dari 4 rapat diunggah")


def _is_demo_login(employee: Employee) -> bool:
    return employee.user_id is not None and employee.user.username == DEMO_EMPLOYEE_LOGIN
