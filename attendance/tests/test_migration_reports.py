"""Migration 0002 moves a report's single attachment and its target_ref before the columns go."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from attendance.models import DailyReport


@pytest.mark.django_db(transaction=True)
def test_the_old_attachment_and_target_text_survive_the_migration():
    executor = MigrationExecutor(connection)
    before = [("attendance", "0001_duties_points_checkins_reports")]
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    agency = old.get_model("organizations", "Agency").objects.create(
        code="pemkot-m", name="Pemkot M", short_name="Pemkot M", level="city"
    )
    unit = old.get_model("organizations", "Unit").objects.create(
        agency=agency, code="dinkes", name="Dinas Kesehatan", short_name="Dinkes"
    )
    employee = old.get_model("organizations", "Employee").objects.create(
        nip="199001012015031001", name="Uji", unit=unit
    )
    pdf = default_storage.save("daily-reports/uji/bukti.pdf", ContentFile(b"%PDF-1.4 uji"))
    docx = default_storage.save("daily-reports/uji/lama.docx", ContentFile(b"PK\x03\x04 doc"))
    reports = old.get_model("attendance", "DailyReport").objects
    reports.create(employee=employee, day=date(2025, 4, 8), text="Telaah", attachment=pdf)
    reports.create(
        employee=employee,
        day=date(2025, 4, 9),
        text="Rapat",
        attachment=docx,
        target_ref="Sasaran 3",
    )
    reports.create(employee=employee, day=date(2025, 4, 10), text="Tanpa apa-apa")

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    migrated = {r.day.day: r for r in DailyReport.objects.filter(employee_id=employee.pk)}
    first = migrated[8].attachments.get()
    assert (first.name, first.kind, first.size, first.file.name) == ("bukti.pdf", "pdf", 12, pdf)
    second = migrated[9].attachments.get()
    assert (second.name, second.kind) == ("lama.docx", "other")
    assert migrated[9].text == "Rapat\n[Sasaran kerja: Sasaran 3]"
    assert not migrated[9].targets.exists()
    assert not migrated[10].attachments.exists() and migrated[10].text == "Tanpa apa-apa"
