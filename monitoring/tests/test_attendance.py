from datetime import date, time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from monitoring.attendance import attendance_report
from monitoring.models import AttendanceCheck, AttendanceEntry, AttendanceImport
from monitoring.services import record_attendance
from policy.values import Mode
from schedules.roster.services import save_week

from .support import MON, WEEK, add_staff, publish_circular

pytestmark = pytest.mark.django_db

DAY = date(2025, 3, 24)


@pytest.fixture
def checked(world):
    publish_circular(world.agency)
    world.more = add_staff(world.opd, 2, prefix="Tambahan")
    return world


def record_url(world, **query):
    base = reverse("monitoring:attendance_record", args=[world.agency.pk])
    if query:
        from urllib.parse import urlencode

        base += "?" + urlencode(query)
    return base


class TestQuickEntry:
    def test_everyone_is_present_unless_marked_absent(self, checked, client_for):
        w = checked
        client = client_for(w.inspector)
        form = client.get(record_url(w, unit=w.opd.pk, day="2025-03-24"))
        assert w.colleague.name in form.content.decode()
        assert w.other_employee.name not in form.content.decode()

        response = client.post(
            record_url(w),
            {
                "unit": w.opd.pk,
                "day": "2025-03-24",
                "absent": [w.colleague.pk],
                f"time-{w.employee.pk}": "07:25",
                "note": "Sidak pagi",
            },
        )
        assert response.status_code == 302
        check = AttendanceCheck.objects.get()
        assert (check.unit, check.day, check.checked_by, check.note) == (
            w.opd,
            DAY,
            w.inspector,
            "Sidak pagi",
        )
        entries = {e.employee_id: (e.present, e.time_in) for e in check.entries.all()}
        assert entries == {
            w.colleague.pk: (False, None),
            w.employee.pk: (True, time(7, 25)),
            w.more[0].pk: (True, None),
            w.more[1].pk: (True, None),
        }

    def test_recording_again_replaces_the_entries(self, checked):
        w = checked
        record_attendance(opd=w.opd, day=DAY, actor=w.admin, absent_ids={w.colleague.pk})
        record_attendance(opd=w.opd, day=DAY, actor=w.admin, absent_ids=set())
        assert AttendanceCheck.objects.count() == 1
        assert AttendanceEntry.objects.filter(present=False).count() == 0

    def test_an_employee_of_another_opd_cannot_be_marked(self, checked, client_for):
        w = checked
        response = client_for(w.admin).post(
            record_url(w), {"unit": w.opd.pk, "day": "2025-03-24", "absent": [w.other_employee.pk]}
        )
        assert response.status_code == 200
        assert "tidak dikenal" in response.content.decode()
        assert not AttendanceCheck.objects.exists()

    def test_a_bad_day_or_opd_is_refused(self, checked, client_for):
        w = checked
        response = client_for(w.admin).post(record_url(w), {"unit": w.foreign_opd.pk, "day": "x"})
        assert response.status_code == 400
        assert not AttendanceCheck.objects.exists()

    @pytest.mark.parametrize("actor", ["head", "employee_user", "other_admin"])
    def test_others_get_404(self, checked, client_for, actor):
        client = client_for(getattr(checked, actor))
        assert client.get(record_url(checked)).status_code == 404
        post = client.post(record_url(checked), {"unit": checked.opd.pk, "day": "2025-03-24"})
        assert post.status_code == 404
        assert not AttendanceCheck.objects.exists()

    def test_anonymous_is_sent_to_login(self, checked, client_for):
        assert client_for(None).get(record_url(checked)).status_code == 302

    def test_wrong_method(self, checked, client_for):
        assert client_for(checked.admin).put(record_url(checked)).status_code == 405


class TestReport:
    def test_absent_while_rostered_at_the_office_is_a_discrepancy(self, checked, client_for):
        w = checked
        a, b = w.more
        # a is away on Monday; b on leave; colleague and employee are rostered WFO.
        save_week(
            opd=w.opd,
            week_start=WEEK,
            cells={(a.pk, MON): Mode.WFA, (b.pk, MON): Mode.LEAVE},
            actor=w.head,
        )
        record_attendance(
            opd=w.opd, day=DAY, actor=w.admin, absent_ids={w.colleague.pk, b.pk}
        )  # a came in although away: fine
        record_attendance(opd=w.other_opd, day=DAY, actor=w.admin, absent_ids=set())

        report = attendance_report(w.agency)

        by_unit = {r.check.unit_id: r for r in report.checks}
        diskominfo = by_unit[w.opd.pk]
        assert (diskominfo.checked, diskominfo.present, diskominfo.discrepancies) == (4, 2, 1)
        assert diskominfo.rate == 50.0
        assert (by_unit[w.other_opd.pk].rate, by_unit[w.other_opd.pk].discrepancies) == (100.0, 0)
        assert [r.rate for r in report.by_opd] == [100.0, 50.0]  # Bappeda, Diskominfo
        assert report.rate == pytest.approx(60.0)

        body = (
            client_for(w.inspector)
            .get(reverse("monitoring:attendance_detail", args=[w.agency.pk, diskominfo.check.pk]))
            .content.decode()
        )
        assert f"discrepancy-{w.colleague.pk}" in body
        assert f"discrepancy-{b.pk}" not in body

    def test_report_pages_and_exports(self, checked, client_for):
        w = checked
        record_attendance(opd=w.opd, day=DAY, actor=w.admin, absent_ids={w.colleague.pk})
        client = client_for(w.inspector)
        base = reverse("monitoring:attendance", args=[w.agency.pk])
        assert w.opd.name in client.get(base).content.decode()
        assert client.get(base + "?start=2025-03-25").context["report"].checks == []
        for fmt, start in [("xlsx", b"PK"), ("csv", "\ufeffTanggal".encode()), ("pdf", b"%PDF")]:
            response = client.get(reverse("monitoring:attendance_export", args=[w.agency.pk, fmt]))
            assert response.status_code == 200
            assert response.content.startswith(start), fmt
        csv_text = client.get(
            reverse("monitoring:attendance_export", args=[w.agency.pk, "csv"])
        ).content.decode("utf-8-sig")
        assert f"2025-03-24,{w.opd.name},4,3,1,75.0,1," in csv_text

    @pytest.mark.parametrize("actor", ["head", "employee_user", "other_admin"])
    def test_others_get_404(self, checked, client_for, actor):
        record_attendance(opd=checked.opd, day=DAY, actor=checked.admin, absent_ids=set())
        check = AttendanceCheck.objects.get()
        client = client_for(getattr(checked, actor))
        assert (
            client.get(reverse("monitoring:attendance", args=[checked.agency.pk])).status_code
            == 404
        )
        detail = reverse("monitoring:attendance_detail", args=[checked.agency.pk, check.pk])
        assert client.get(detail).status_code == 404

    def test_a_check_of_another_agency_is_404_even_for_an_admin(self, checked, client_for):
        record_attendance(
            opd=checked.foreign_opd, day=DAY, actor=checked.other_admin, absent_ids=set()
        )
        check = AttendanceCheck.objects.get()
        detail = reverse("monitoring:attendance_detail", args=[checked.agency.pk, check.pk])
        assert client_for(checked.admin).get(detail).status_code == 404

    def test_unknown_export_format_is_404(self, checked, client_for):
        target = reverse("monitoring:attendance_export", args=[checked.agency.pk, "doc"])
        assert client_for(checked.admin).get(target).status_code == 404


class TestImport:
    def upload(self, client, world, content: bytes, name="presensi.csv"):
        return client.post(
            reverse("monitoring:attendance_import", args=[world.agency.pk]),
            {"file": SimpleUploadedFile(name, content, content_type="text/csv")},
        )

    def test_preview_writes_nothing_then_apply_records_each_opd_and_day(self, checked, client_for):
        w = checked
        content = (
            "NIP,date,time in\n"
            f"{w.colleague.nip},2025-03-24,07:21\n"
            f"{w.employee.nip},2025-03-24,07:40\n"
            f"{w.other_employee.nip},2025-03-25,08:02\n"
        ).encode()
        client = client_for(w.admin)
        response = self.upload(client, w, content)
        assert response.status_code == 200
        assert "preview-ok" in response.content.decode()
        assert not AttendanceCheck.objects.exists()
        batch = AttendanceImport.objects.get()

        client.post(reverse("monitoring:attendance_import_apply", args=[w.agency.pk, batch.pk]))

        checks = {(c.unit_id, c.day): c for c in AttendanceCheck.objects.all()}
        assert set(checks) == {(w.opd.pk, DAY), (w.other_opd.pk, date(2025, 3, 25))}
        entries = {
            e.employee_id: (e.present, e.time_in) for e in checks[(w.opd.pk, DAY)].entries.all()
        }
        assert entries[w.colleague.pk] == (True, time(7, 21))
        assert entries[w.more[0].pk] == (False, None)  # not in the file: absent
        again = client.post(
            reverse("monitoring:attendance_import_apply", args=[w.agency.pk, batch.pk]), follow=True
        )
        assert "sudah diterapkan" in again.content.decode()

    def test_row_errors_are_reported_and_nothing_is_kept(self, checked, client_for):
        w = checked
        content = (
            "nip;tanggal;jam masuk\n"
            f"{w.colleague.nip};2025-03-24;07:21\n"
            "199001012015011999;2025-03-24;07:00\n"  # unknown NIP
            f"{w.foreign_employee.nip};2025-03-24;07:00\n"  # another agency
            f"{w.employee.nip};24/03/2025;07:00\n"  # bad date
            f"{w.more[0].nip};2025-03-24;7 pagi\n"  # bad time
            f"{w.colleague.nip};2025-03-24;07:30\n"  # duplicate
            "12345;2025-03-24;07:00\n"  # not a NIP
        ).encode()
        body = self.upload(client_for(w.inspector), w, content).content.decode()
        assert "6 baris bermasalah" in body
        for text in [
            "tidak dikenal",
            "instansi lain",
            "YYYY-MM-DD",
            "HH:MM",
            "Baris ganda",
            "18 digit",
        ]:
            assert text in body, text
        assert not AttendanceImport.objects.exists()
        assert not AttendanceCheck.objects.exists()

    @pytest.mark.parametrize(
        ("content", "name", "message"),
        [
            (b"nama,tanggal\nBudi,2025-03-24\n", "p.csv", "Kolom wajib tidak ada"),
            (b"", "p.csv", "Berkas kosong"),
            (b"NIP,date,time in\n", "p.csv", "tidak berisi baris"),
            (b"PK\x03\x04\x00\x00binary", "p.xlsx", "Jenis berkas tidak didukung: unggah .csv."),
            (b"\x00\x01\x02binary", "p.csv", "bukan CSV"),
            (b"\xff\xfe\xfa", "p.csv", "UTF-8"),
        ],
    )
    def test_bad_files_are_refused_with_a_clear_message(
        self, checked, client_for, content, name, message
    ):
        body = self.upload(client_for(checked.admin), checked, content, name).content.decode()
        assert message in body
        assert not AttendanceImport.objects.exists()

    def test_a_file_over_10_mb_is_refused(self, checked, client_for):
        big = b"NIP,date,time in\n" + b"1" * (10 * 1024 * 1024)
        body = self.upload(client_for(checked.admin), checked, big).content.decode()
        assert "paling banyak 10 MB" in body
        assert not AttendanceImport.objects.exists()

    def test_apply_is_all_or_nothing_when_data_changed(self, checked, client_for):
        w = checked
        content = f"NIP,date,time in\n{w.colleague.nip},2025-03-24,07:21\n".encode()
        client = client_for(w.admin)
        self.upload(client, w, content)
        batch = AttendanceImport.objects.get()
        w.colleague.unit = w.foreign_opd  # moved to another agency since the preview
        w.colleague.save()
        response = client.post(
            reverse("monitoring:attendance_import_apply", args=[w.agency.pk, batch.pk]), follow=True
        )
        assert "Data berubah sejak pratinjau" in response.content.decode()
        assert not AttendanceCheck.objects.exists()

    @pytest.mark.parametrize("actor", ["head", "employee_user", "other_admin"])
    def test_others_get_404(self, checked, client_for, actor):
        content = f"NIP,date,time in\n{checked.colleague.nip},2025-03-24,07:21\n".encode()
        self.upload(client_for(checked.admin), checked, content)
        batch = AttendanceImport.objects.get()
        client = client_for(getattr(checked, actor))
        assert self.upload(client, checked, content).status_code == 404
        apply_url = reverse(
            "monitoring:attendance_import_apply", args=[checked.agency.pk, batch.pk]
        )
        assert client.post(apply_url).status_code == 404
        assert not AttendanceCheck.objects.exists()

    def test_apply_needs_post(self, checked, client_for):
        target = reverse("monitoring:attendance_import_apply", args=[checked.agency.pk, 1])
        assert client_for(checked.admin).get(target).status_code == 405


class TestWhatTheCheckerSeesBeforeSaving:
    def test_quick_entry_shows_who_was_scheduled_where(self, checked, client_for):
        w = checked
        save_week(opd=w.opd, week_start=WEEK, cells={(w.colleague.pk, MON): Mode.WFA}, actor=w.head)
        body = client_for(w.inspector).get(record_url(w, unit=w.opd.pk, day="2025-03-24"))
        text = body.content.decode()
        assert "Kolom Jadwal menunjukkan di mana setiap pegawai dijadwalkan" in text
        cell = text.split(f'data-testid="scheduled-{w.colleague.pk}">', 1)[1].split("</td>", 1)[0]
        assert ">WFA</span>" in cell
        cell = text.split(f'data-testid="scheduled-{w.employee.pk}">', 1)[1].split("</td>", 1)[0]
        assert ">WFO</span>" in cell
        assert not AttendanceCheck.objects.exists()

    @pytest.mark.parametrize("actor", ["head", "employee_user", "other_admin", None])
    def test_quick_entry_is_not_for_others(self, checked, client_for, actor):
        user = getattr(checked, actor) if actor else None
        response = client_for(user).get(record_url(checked, unit=checked.opd.pk, day="2025-03-24"))
        assert response.status_code == (302 if user is None else 404)

    def test_import_preview_says_how_many_will_be_marked_absent(self, checked, client_for):
        w = checked
        content = (
            "NIP,date,time in\n"
            f"{w.colleague.nip},2025-03-24,07:21\n"
            f"{w.employee.nip},2025-03-24,07:40\n"
            f"{w.other_employee.nip},2025-03-25,08:02\n"
        ).encode()
        client = client_for(w.admin)
        upload = reverse("monitoring:attendance_import", args=[w.agency.pk])
        file = SimpleUploadedFile("presensi.csv", content, content_type="text/csv")
        text = client.post(upload, {"file": file}).content.decode()
        # Diskominfo has 4 active staff, 2 in the file; Bappeda 1, in the file.
        assert "2 pegawai aktif yang tidak ada di berkas akan dicatat tidak hadir." in text
        rows = text.split('data-testid="check-row">')[1:]
        assert f"<td>{w.opd.name}</td><td>2025-03-24</td>" in rows[0]
        assert (
            rows[0]
            .split("</tr>")[0]
            .endswith('<td class="text-end">2</td><td class="text-end">2</td>')
        )
        assert (
            rows[1]
            .split("</tr>")[0]
            .endswith('<td class="text-end">1</td><td class="text-end">0</td>')
        )
        assert not AttendanceEntry.objects.exists()
        client.post(reverse("set_language"), {"language": "en", "next": "/"})
        file = SimpleUploadedFile("presensi.csv", content, content_type="text/csv")
        text = client.post(upload, {"file": file}).content.decode()
        assert "2 active staff not in the file will be recorded absent." in text
        assert client_for(w.head).post(upload, {}).status_code == 404
