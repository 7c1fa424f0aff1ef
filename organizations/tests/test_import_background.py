"""A large import runs in the background and the page shows its progress."""

import pytest
from django.urls import reverse
from kombu.exceptions import OperationalError

from organizations import services
from organizations.models import Employee, ImportBatch


def make_nip(n: int) -> str:
    """A valid NIP no factory makes (born 1975; the factories' staff are born 1980-1999),
    so the rows of the import never meet an employee another test's world created."""
    return f"1975{1 + n % 12:02d}{1 + n % 28:02d}2000{1 + n % 12:02d}1{n % 1000:03d}"


@pytest.fixture
def large_batch(world, monkeypatch):
    """An import over the synchronous limit (lowered so the test stays small)."""
    monkeypatch.setattr(services, "SYNC_ROWS", 3)
    monkeypatch.setattr(services, "CHUNK", 2)
    rows = [
        {
            "nip": make_nip(700 + n),
            "nama": f"Pegawai {n}",
            "kode_unit": "bappeda",
            "jabatan": "Analis",
            "peran": "",
            "domisili": "",
        }
        for n in range(5)
    ]
    return ImportBatch.objects.create(
        agency=world.agency, uploaded_by=world.admin, filename="besar.csv", rows=rows, total=5
    )


def apply_url(world, batch):
    return reverse("employee_import_apply", args=[world.agency.pk, batch.pk])


def status_url(world, batch):
    return reverse("employee_import_status", args=[world.agency.pk, batch.pk])


@pytest.mark.django_db
class TestBackgroundImport:
    def test_large_import_is_queued_then_applied_after_commit(
        self, client_for, world, large_batch, django_capture_on_commit_callbacks
    ):
        client = client_for(world.admin)
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            response = client.post(apply_url(world, large_batch))
        assert response["Location"] == status_url(world, large_batch)
        large_batch.refresh_from_db()
        assert large_batch.status == ImportBatch.Status.QUEUED
        assert not Employee.objects.filter(nip=make_nip(700)).exists()
        page = client.get(status_url(world, large_batch)).content.decode()
        assert 'data-status="queued"' in page and 'hx-trigger="every 1s"' in page
        for callback in callbacks:  # the commit: the job runs (in-process in tests)
            callback()
        large_batch.refresh_from_db()
        assert large_batch.status == ImportBatch.Status.APPLIED
        assert (large_batch.created_count, large_batch.updated_count) == (5, 0)
        assert (
            Employee.objects.filter(unit=world.other_opd, name__startswith="Pegawai ").count() == 5
        )
        done = client.get(status_url(world, large_batch), HTTP_HX_REQUEST="true")
        body = done.content.decode()
        assert "Impor selesai: 5 pegawai baru, 0 diperbarui." in body
        assert "<html" not in body  # the htmx partial only

    def test_progress_reads_the_rows_written_so_far(self, world, large_batch):
        large_batch.status = ImportBatch.Status.QUEUED
        from django.core.cache import cache

        cache.set(services.import_progress_key(large_batch.pk), 2)
        assert services.import_progress(large_batch) == 40
        cache.delete(services.import_progress_key(large_batch.pk))

    def test_with_the_broker_down_the_import_runs_in_process(
        self, client_for, world, large_batch, monkeypatch, django_capture_on_commit_callbacks
    ):
        from organizations import tasks

        def refuse(*args, **kwargs):
            raise OperationalError("connection refused")

        monkeypatch.setattr(tasks.apply_import_task, "apply_async", refuse)
        with django_capture_on_commit_callbacks(execute=True):
            client_for(world.admin).post(apply_url(world, large_batch))
        large_batch.refresh_from_db()
        assert large_batch.status == ImportBatch.Status.APPLIED

    def test_a_job_that_finds_changed_data_fails_and_writes_nothing(
        self, client_for, world, large_batch, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            client_for(world.admin).post(apply_url(world, large_batch))
        world.other_opd.code = "bappeda-baru"
        world.other_opd.save()
        for callback in callbacks:
            callback()
        large_batch.refresh_from_db()
        assert large_batch.status == ImportBatch.Status.FAILED
        assert "Data berubah sejak pratinjau" in large_batch.error
        assert not Employee.objects.filter(nip=make_nip(700)).exists()
        page = client_for(world.admin).get(status_url(world, large_batch)).content.decode()
        assert "Impor gagal; tidak ada data yang diubah." in page

    def test_a_job_delivered_twice_applies_once(self, world, large_batch):
        large_batch.status = ImportBatch.Status.QUEUED
        large_batch.save()
        services.run_queued_import(batch_id=large_batch.pk, actor_id=world.admin.pk)
        services.run_queued_import(batch_id=large_batch.pk, actor_id=world.admin.pk)
        large_batch.refresh_from_db()
        assert large_batch.created_count == 5
        assert Employee.objects.filter(name__startswith="Pegawai ").count() == 5

    def test_a_queued_import_cannot_be_applied_again(self, client_for, world, large_batch):
        large_batch.status = ImportBatch.Status.QUEUED
        large_batch.save()
        response = client_for(world.admin).post(apply_url(world, large_batch), follow=True)
        assert "Impor ini sedang atau sudah diproses." in response.content.decode()

    @pytest.mark.parametrize("actor", ["other_admin", "head", "employee_user", "inspector"])
    def test_others_cannot_see_the_status(self, client_for, world, large_batch, actor):
        assert (
            client_for(getattr(world, actor)).get(status_url(world, large_batch)).status_code == 404
        )

    def test_status_page_query_count_does_not_grow_with_rows(
        self, client_for, world, large_batch, count_queries
    ):
        client = client_for(world.admin)
        client.get(status_url(world, large_batch))
        small, _ = count_queries(client.get, status_url(world, large_batch))
        large_batch.rows = large_batch.rows * 200
        large_batch.total = len(large_batch.rows)
        large_batch.save()
        large, _ = count_queries(client.get, status_url(world, large_batch))
        assert small == large


@pytest.mark.django_db
class TestQueuedFailures:
    """On the queued path any failure ends the batch failed, with the reason shown."""

    def run_job(self, client_for, world, batch, django_capture_on_commit_callbacks):
        client = client_for(world.admin)
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            client.post(apply_url(world, batch))
        batch.refresh_from_db()
        assert batch.status == ImportBatch.Status.QUEUED
        for callback in callbacks:  # the commit: the job runs (in-process in tests)
            callback()
        batch.refresh_from_db()
        return client.get(status_url(world, batch)).content.decode()

    def test_names_longer_than_the_model_fail_the_batch_with_the_row(
        self, client_for, world, large_batch, django_capture_on_commit_callbacks
    ):
        # Rows kept by a version that did not check lengths: the job must still end.
        large_batch.rows[1]["nama"] = "N" * 250
        large_batch.rows[3]["jabatan"] = "J" * 201
        large_batch.save()
        page = self.run_job(client_for, world, large_batch, django_capture_on_commit_callbacks)
        assert large_batch.status == ImportBatch.Status.FAILED
        assert "Baris 3: Kolom nama terlalu panjang: 250 karakter, paling banyak 200." in (
            large_batch.error
        )
        assert "Baris 5: Kolom jabatan terlalu panjang: 201 karakter" in large_batch.error
        assert not Employee.objects.filter(nip=make_nip(700)).exists()
        assert 'data-status="failed"' in page and "hx-trigger" not in page
        assert "Impor gagal; tidak ada data yang diubah." in page
        assert "Kolom nama terlalu panjang" in page

    def test_an_unexpected_error_fails_the_batch_instead_of_leaving_it_queued(
        self, client_for, world, large_batch, django_capture_on_commit_callbacks
    ):
        # Rows kept without a column this version reads: the job raises a KeyError.
        for row in large_batch.rows:
            del row["jabatan"]
        large_batch.save()
        page = self.run_job(client_for, world, large_batch, django_capture_on_commit_callbacks)
        assert large_batch.status == ImportBatch.Status.FAILED
        assert (
            large_batch.error == "Terjadi kesalahan tak terduga saat menerapkan impor (KeyError)."
        )
        assert "Impor gagal; tidak ada data yang diubah." in page
        assert "KeyError" in page
        assert not Employee.objects.filter(nip=make_nip(700)).exists()

    def test_the_celery_task_itself_records_the_failure(self, world, large_batch):
        from organizations.tasks import apply_import_task

        large_batch.rows[0]["nama"] = "N" * 201
        large_batch.status = ImportBatch.Status.QUEUED
        large_batch.save()
        apply_import_task(large_batch.pk, world.admin.pk)
        large_batch.refresh_from_db()
        assert large_batch.status == ImportBatch.Status.FAILED
        assert "Baris 2: Kolom nama terlalu panjang" in large_batch.error
