"""BKPSDM's page on an employee: sanctions and circumstances, and the rosters re-checked."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from circulars.models import Circular
from circulars.tests.impact_support import make_scene
from notifications.models import Notification
from organizations.models import DisciplinarySanction, EmployeeCircumstance
from schedules.models import Assignment, Roster

pytestmark = pytest.mark.django_db


def page(employee) -> str:
    return reverse("employee_eligibility", args=[employee.pk])


def add_url(employee) -> str:
    return reverse("employee_sanction_add", args=[employee.pk])


def test_admin_sees_the_page(world, client_for):
    response = client_for(world.admin).get(page(world.colleague))
    body = response.content.decode()
    assert response.status_code == 200
    assert world.colleague.name in body
    assert "Tidak ada hukuman disiplin yang tercatat." in body
    assert "Catat keadaan khusus" in body


@pytest.mark.parametrize("actor", ["other_admin", "head", "operator", "employee_user", "inspector"])
def test_others_get_404_and_change_nothing(world, client_for, actor):
    client = client_for(getattr(world, actor))
    assert client.get(page(world.colleague)).status_code == 404
    response = client.post(add_url(world.colleague), {"start": "2030-01-01"})
    assert response.status_code == 404
    assert not DisciplinarySanction.objects.exists()


def test_another_agencys_employee_is_404_for_our_admin(world, client_for):
    assert client_for(world.admin).get(page(world.foreign_employee)).status_code == 404


def test_anonymous_is_sent_to_log_in(world, client_for):
    response = client_for(None).get(page(world.colleague))
    assert response.status_code == 302 and response["Location"].startswith("/akun/masuk/")


def test_wrong_method(world, client_for):
    assert client_for(world.admin).get(add_url(world.colleague)).status_code == 405


def test_bad_dates_are_refused_in_indonesian_and_nothing_is_saved(world, client_for):
    response = client_for(world.admin).post(
        add_url(world.colleague), {"start": "2030-02-10", "end": "2030-02-01"}
    )
    assert response.status_code == 400
    assert "Tanggal selesai tidak boleh sebelum tanggal mulai." in response.content.decode()
    assert not DisciplinarySanction.objects.exists()


def test_a_sanction_releases_the_coming_days_away_and_returns_the_week(world, client_for):
    scene = make_scene(world)
    Circular.objects.filter(pk=scene.circular.pk).update(excludes_sanctioned=True)
    punished = scene.staff[0]
    client = client_for(world.admin)
    response = client.post(
        add_url(punished),
        {"start": scene.monday.isoformat(), "end": (scene.monday + timedelta(days=9)).isoformat()},
        follow=True,
    )
    body = response.content.decode()
    assert "Hukuman disiplin dicatat." in body
    assert "1 hari di luar kantor pegawai ini dikembalikan ke kantor (WFO)" in body
    assert not Assignment.objects.filter(employee=punished).exists()
    roster = Roster.objects.get(pk=scene.roster.pk)
    assert roster.status == Roster.Status.DRAFT
    assert "hukuman disiplin" in roster.return_comment
    assert punished.name in roster.return_comment
    note = Notification.objects.get(recipient=world.other_head, kind="rules_changed_roster")
    assert "dikembalikan menjadi draf" in note.body
    # The other staff's days stay.
    assert Assignment.objects.filter(roster=roster).count() == 2


def test_a_sanction_under_a_circular_that_does_not_exclude_changes_nothing(world, client_for):
    scene = make_scene(world)
    client_for(world.admin).post(add_url(scene.staff[0]), {"start": scene.monday.isoformat()})
    assert DisciplinarySanction.objects.get().end is None
    assert Roster.objects.get(pk=scene.roster.pk).status == Roster.Status.SUBMITTED
    assert Assignment.objects.filter(employee=scene.staff[0]).exists()


def test_ending_a_sanction(world, client_for):
    sanction = DisciplinarySanction.objects.create(
        employee=world.colleague, start=scene_day(), end=None
    )
    url = reverse("employee_sanction_end", args=[world.colleague.pk, sanction.pk])
    client = client_for(world.admin)
    body = client.post(url, {"end": "2020-01-01"}, follow=True).content.decode()
    assert "Tanggal selesai tidak boleh sebelum tanggal mulai hukuman." in body
    sanction.refresh_from_db()
    assert sanction.end is None
    client.post(url, {"end": (scene_day() + timedelta(days=3)).isoformat()})
    sanction.refresh_from_db()
    assert sanction.end == scene_day() + timedelta(days=3)


def test_ending_another_employees_sanction_is_404(world, client_for):
    sanction = DisciplinarySanction.objects.create(employee=world.employee, start=scene_day())
    url = reverse("employee_sanction_end", args=[world.colleague.pk, sanction.pk])
    assert client_for(world.admin).post(url, {"end": "2031-01-01"}).status_code == 404


def scene_day():
    from datetime import date

    return date(2030, 1, 7)


def test_a_circumstance_with_a_pdf(world, client_for):
    url = reverse("employee_circumstance_add", args=[world.colleague.pk])
    pdf = SimpleUploadedFile("surat.pdf", b"%PDF-1.4 bukti", content_type="application/pdf")
    response = client_for(world.admin).post(
        url, {"kind": "pregnancy", "note": "Surat dokter", "evidence": pdf}, follow=True
    )
    assert "Keadaan khusus pegawai dicatat." in response.content.decode()
    row = EmployeeCircumstance.objects.get()
    assert row.kind == "pregnancy" and row.declared_by == world.admin and row.evidence


@pytest.mark.parametrize(
    ("data", "upload", "words"),
    [
        ({"kind": "pregnancy", "note": ""}, None, "Keterangan wajib diisi."),
        ({"kind": "lottery", "note": "x"}, None, "Pilih keadaan yang tersedia."),
        ({"kind": "disability", "note": "x"}, b"MZ not a pdf", "Berkas harus PDF, JPG atau PNG."),
        ({"kind": "disability", "note": "x", "until": "2020-01-01"}, None, "sudah lewat"),
    ],
)
def test_a_bad_circumstance_is_refused(world, client_for, data, upload, words):
    url = reverse("employee_circumstance_add", args=[world.colleague.pk])
    if upload is not None:
        data = {**data, "evidence": SimpleUploadedFile("x.pdf", upload)}
    response = client_for(world.admin).post(url, data)
    assert response.status_code == 400
    assert words in response.content.decode()
    assert not EmployeeCircumstance.objects.exists()


def test_a_file_over_the_upload_limit_is_refused(world, client_for, settings):
    settings.UPLOAD_MAX_BYTES = 2048
    url = reverse("employee_circumstance_add", args=[world.colleague.pk])
    pdf = SimpleUploadedFile("besar.pdf", b"%PDF-" + b"0" * 3000)
    response = client_for(world.admin).post(
        url, {"kind": "pregnancy", "note": "x", "evidence": pdf}
    )
    assert response.status_code == 400
    assert "Berkas terlalu besar: paling banyak 2 KB" in response.content.decode()
    assert not EmployeeCircumstance.objects.exists()


def test_page_query_count_does_not_grow(world, client_for, count_queries):
    client = client_for(world.admin)
    DisciplinarySanction.objects.create(employee=world.colleague, start=scene_day())
    small, _r = count_queries(lambda: client.get(page(world.colleague)))
    for n in range(6):
        DisciplinarySanction.objects.create(
            employee=world.colleague, start=scene_day() + timedelta(days=30 * n)
        )
        EmployeeCircumstance.objects.create(employee=world.colleague, kind="disaster", note="x")
    large, response = count_queries(lambda: client.get(page(world.colleague)))
    assert response.content.decode().count('data-testid="sanction"') == 7
    assert large == small


def _employee_admin_request(user):
    from django.contrib import admin as django_admin
    from django.test import RequestFactory

    from organizations.models import Employee

    request = RequestFactory().post("/")
    request.user = user
    return django_admin.site._registry[Employee], request


def test_a_sanction_saved_in_the_django_admin_rechecks_the_rosters_too(world):
    """The admin's inline is not a way round: a new sanction there releases the days
    away it covers and returns the week, as the BKPSDM page does."""
    from types import SimpleNamespace

    scene = make_scene(world)
    Circular.objects.filter(pk=scene.circular.pk).update(excludes_sanctioned=True)
    punished = scene.staff[0]
    model_admin, request = _employee_admin_request(world.admin)
    row = DisciplinarySanction(
        employee=punished, start=scene.monday, end=scene.monday + timedelta(days=9)
    )
    formset = SimpleNamespace(
        save=lambda commit=True: [row], deleted_objects=[], save_m2m=lambda: None
    )
    model_admin.save_formset(request, None, formset, True)
    assert DisciplinarySanction.objects.get().recorded_by == world.admin
    assert not Assignment.objects.filter(employee=punished).exists()
    roster = Roster.objects.get(pk=scene.roster.pk)
    assert roster.status == Roster.Status.DRAFT
    assert "hukuman disiplin" in roster.return_comment


def test_a_change_saved_in_the_django_admin_goes_through_the_service(world):
    from types import SimpleNamespace

    from organizations.models import Employee

    model_admin, request = _employee_admin_request(world.admin)
    edited = Employee.objects.get(pk=world.colleague.pk)
    edited.position = "Analis Kebijakan Ahli Muda"
    edited.name = "ignored: not among the changed fields"
    model_admin.save_model(request, edited, SimpleNamespace(changed_data=["position"]), True)
    stored = Employee.objects.get(pk=world.colleague.pk)
    assert stored.position == "Analis Kebijakan Ahli Muda"
    assert stored.name == world.colleague.name
