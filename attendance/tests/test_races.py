"""Races between two writes of attendance, with real threads on PostgreSQL."""

from __future__ import annotations

import pytest

from attendance import imports, services
from attendance.models import CheckIn, CheckInImport, DayVerification, ImportSource
from schedules.tests.threads import run_together

from .support import DAY

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_two_clicks_on_apply_write_the_import_once(world, postgres_db):
    source = ImportSource.objects.create(
        agency=world.agency, name="Race", nip_column="nip", date_column="tanggal"
    )
    rows = [
        {"nip": e.nip, "date": f"2025-04-08 07:0{i}"}
        for i, e in enumerate([world.employee, world.colleague, world.other_employee])
    ]
    _preview, batch = imports.stage(
        agency=world.agency, source=source, actor=world.admin, filename="a.csv", rows=rows
    )
    outcomes = run_together(
        lambda: imports.request_apply(batch=batch, actor=world.admin),
        lambda: imports.request_apply(batch=batch, actor=world.admin),
    )
    assert not any("error" in o for o in outcomes), outcomes
    refused = [o for o in outcomes if "refused" in o]
    assert len(refused) == 1
    assert "sudah diterapkan" in " ".join(refused[0]["refused"].messages)
    assert CheckIn.objects.count() == 3
    assert CheckInImport.objects.get().created_count == 3


def test_two_heads_deciding_the_same_day_keep_one_verdict(world, postgres_db):
    outcomes = run_together(
        lambda: services.decide_days(
            opd=world.opd, day=DAY, actor=world.head, employee_ids=[world.employee.pk],
            status="verified",
        ),
        lambda: services.decide_days(
            opd=world.opd, day=DAY, actor=world.head, employee_ids=[world.employee.pk],
            status="disputed", note="Lokasi janggal",
        ),
    )  # fmt: skip
    assert not any("error" in o or "refused" in o for o in outcomes), outcomes
    verdict = DayVerification.objects.get(employee=world.employee, day=DAY)
    assert verdict.status in ("verified", "disputed")
    assert (verdict.status == "disputed") == (verdict.note == "Lokasi janggal")


def test_two_tabs_adding_files_cannot_pass_five_together(world, postgres_db):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone

    from attendance.models import ReportAttachment

    today = timezone.localdate()

    def add_three(tab):
        files = [SimpleUploadedFile(f"{tab}{i}.pdf", b"%PDF-1.4") for i in range(3)]
        return services.save_report(
            employee=world.employee, day=today, text="Kerja", attachments=files
        )

    outcomes = run_together(lambda: add_three("a"), lambda: add_three("b"))
    assert not any("error" in o for o in outcomes), outcomes
    refused = [o["refused"] for o in outcomes if "refused" in o]
    assert len(refused) == 1
    assert "Paling banyak 5 lampiran per laporan: sudah ada 3, ditambah 3." in str(refused[0])
    assert ReportAttachment.objects.count() == 3
