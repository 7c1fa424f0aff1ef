"""Work-plan targets marked as met: the employee reports a result, the decider reviews it.
Services table-driven, the pages and API with every forbidden actor, the words people
see, the notices, the monitoring's count of targets met, and query counts at two sizes."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from notifications.models import Notification
from organizations.tests.factories import EmployeeFactory, UserFactory
from standing import services as svc
from standing.board import board
from standing.models import Application, WorkTarget

from .builders import criteria, make_policy

pytestmark = pytest.mark.django_db
D = date
FORBIDDEN = ["other_head", "foreign_head", "other_admin", "employee_user"]


def approved(world, employee=None, *, decider=None, n=1) -> Application:
    policy = make_policy(world)
    employee = employee or world.employee
    application = svc.submit_application(
        employee=employee,
        policy=policy,
        reason="Rumah jauh",
        targets=[svc.Target(f"Laporan {i}", "Unggahan e-Kinerja") for i in range(n)],
        weekdays=[4],
        start=D(2025, 10, 1),
    )
    data = svc.ArrangementData(eligible=True, weekdays=[4], **criteria())
    svc.approve_application(application=application, actor=decider or world.head, data=data)
    return Application.objects.get(pk=application.pk)


def first_target(application) -> WorkTarget:
    return application.targets.order_by("pk").first()


def report(world, target, result="Laporan No. 12 diunggah", note=""):
    return svc.report_target(target=target, employee=world.employee, result=result, note=note)


# --- services ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "result, note, error",
    [
        ("", "", "Tulis apa yang menunjukkan target ini selesai."),
        ("   ", "catatan", "Tulis apa yang menunjukkan target ini selesai."),
        ("x" * 2001, "", "Paling banyak 2000 karakter."),
        ("Laporan diunggah", "y" * 2001, "Paling banyak 2000 karakter."),
        ("Laporan diunggah", "", None),
        ("Laporan diunggah", "tertunda sehari", None),
    ],
)
def test_reporting_a_result(world, result, note, error):
    target = first_target(approved(world))
    if error:
        with pytest.raises(ValidationError) as refused:
            report(world, target, result, note)
        assert error in refused.value.messages
        target.refresh_from_db()
        assert target.reported_at is None and target.result == ""
    else:
        report(world, target, result, note)
        target.refresh_from_db()
        assert (target.result, target.result_note) == (result, note)
        assert target.reported_at is not None and target.met is None
        assert target.state == "Menunggu penilaian atasan"


@pytest.mark.parametrize(
    "met, comment, error, state",
    [
        (True, "", None, "Tercapai"),
        (True, "Bagus", None, "Tercapai"),
        (False, "", "Tulis mengapa target ini belum tercapai.", "Menunggu penilaian atasan"),
        (False, "Laporan belum lengkap", None, "Tidak tercapai"),
        (True, "z" * 2001, "Paling banyak 2000 karakter.", "Menunggu penilaian atasan"),
    ],
)
def test_reviewing_a_reported_target(world, met, comment, error, state):
    target = report(world, first_target(approved(world)))
    if error:
        with pytest.raises(ValidationError) as refused:
            svc.review_target(target=target, actor=world.head, met=met, comment=comment)
        assert error in refused.value.messages
    else:
        svc.review_target(target=target, actor=world.head, met=met, comment=comment)
    target.refresh_from_db()
    assert target.state == state
    assert (target.reviewed_by == world.head) == (error is None)


def test_a_target_is_reported_only_once_its_application_is_approved(world):
    policy = make_policy(world)
    application = svc.submit_application(
        employee=world.employee,
        policy=policy,
        reason="Rumah jauh",
        targets=[svc.Target("Laporan", "Unggahan")],
        weekdays=[4],
    )
    with pytest.raises(ValidationError) as refused:
        report(world, first_target(application))
    assert refused.value.messages == [
        "Target hanya dilaporkan dan dinilai setelah permohonannya disetujui."
    ]


def test_an_unreported_target_cannot_be_reviewed(world):
    target = first_target(approved(world))
    with pytest.raises(ValidationError) as refused:
        svc.review_target(target=target, actor=world.head, met=True)
    assert refused.value.messages == ["Pegawai belum melaporkan hasil target ini."]
    target.refresh_from_db()
    assert target.met is None


def test_a_target_not_met_is_reported_again_and_waits_for_a_new_review(world):
    target = report(world, first_target(approved(world)))
    svc.review_target(target=target, actor=world.head, met=False, comment="Belum lengkap")
    report(world, target, "Laporan lengkap diunggah")
    target.refresh_from_db()
    assert (target.met, target.review_comment, target.reviewed_by) == (None, "", None)
    svc.review_target(target=target, actor=world.head, met=True)
    with pytest.raises(ValidationError) as refused:
        report(world, target, "lagi")
    assert refused.value.messages == [
        "Target ini sudah dinyatakan tercapai; laporannya tidak diubah lagi."
    ]


@pytest.mark.parametrize("name", ["other_head", "foreign_head", "other_admin", "employee_user"])
def test_only_the_decider_reviews(world, name):
    target = report(world, first_target(approved(world)))
    with pytest.raises(PermissionDenied):
        svc.review_target(target=target, actor=getattr(world, name), met=True)
    target.refresh_from_db()
    assert target.met is None


def test_only_the_employee_reports_their_target(world):
    target = first_target(approved(world))
    with pytest.raises(PermissionDenied):
        svc.report_target(target=target, employee=world.colleague, result="x")


def test_a_heads_target_is_reviewed_by_bkpsdm_not_by_the_head(world):
    head_employee = EmployeeFactory(unit=world.opd, user=world.head)
    application = approved(world, head_employee, decider=world.admin)
    target = svc.report_target(
        target=first_target(application), employee=head_employee, result="Selesai"
    )
    told = Notification.objects.filter(recipient=world.admin, link__contains="/target/").get()
    assert told.subject == f"{head_employee.name} melaporkan hasil target kerja"
    with pytest.raises(PermissionDenied):
        svc.review_target(target=target, actor=world.head, met=True)
    svc.review_target(target=target, actor=world.admin, met=True)


def test_the_head_and_the_employee_are_told(world):
    target = report(world, first_target(approved(world)))
    heard = Notification.objects.filter(recipient=world.head, link__contains="/target/").get()
    assert heard.subject == f"{world.employee.name} melaporkan hasil target kerja"
    assert heard.body == "Target: Laporan 0"
    svc.review_target(target=target, actor=world.head, met=False, comment="Belum lengkap")
    told = Notification.objects.filter(
        recipient=world.employee_user, link__contains="/target/"
    ).get()
    assert told.subject == "Target kerja Anda dinyatakan belum tercapai"
    assert "Komentar atasan: Belum lengkap" in told.body


def test_the_monitoring_counts_targets_reviewed_as_met(world):
    application = approved(world, n=3)
    a, b, c = application.targets.order_by("pk")
    for t in (a, b):
        report(world, t)
    svc.review_target(target=a, actor=world.head, met=True)
    svc.review_target(target=b, actor=world.head, met=False, comment="Kurang")
    today = timezone.localdate()
    row = next(
        r for r in board(world.agency, today - timedelta(days=7), today).rows if r.opd == world.opd
    )
    assert (row.targets, row.targets_met) == (3, 1)


# --- pages ------------------------------------------------------------------------------


def test_the_employee_reports_on_the_page(world, client_for):
    target = first_target(approved(world))
    client = client_for(world.employee_user)
    mine = client.get(reverse("standing:mine")).content.decode()
    assert "Belum dilaporkan" in mine and "Laporkan hasil" in mine
    url = reverse("standing:target_report", args=[target.pk])
    assert "Laporkan hasil target" in client.get(url).content.decode()
    bad = client.post(url, {"result": "  "})
    assert bad.status_code == 400
    assert "Tulis apa yang menunjukkan target ini selesai." in bad.content.decode()
    response = client.post(url, {"result": "Laporan No. 12", "note": "Tepat waktu"})
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.result == "Laporan No. 12" and target.result_note == "Tepat waktu"
    assert "Menunggu penilaian atasan" in client.get(reverse("standing:mine")).content.decode()


def test_the_head_reviews_on_the_page(world, client_for):
    target = report(world, first_target(approved(world)))
    client = client_for(world.head)
    listing = client.get(reverse("standing:targets")).content.decode()
    assert "Target yang menunggu penilaian" in listing and "Laporan No. 12 diunggah" in listing
    url = reverse("standing:target_review", args=[target.pk])
    refused = client.post(url, {"verdict": "not_met", "comment": ""})
    assert refused.status_code == 400
    assert "Tulis mengapa target ini belum tercapai." in refused.content.decode()
    target.refresh_from_db()
    assert target.met is None
    assert client.post(url, {"verdict": "met", "comment": "Baik"}).status_code == 302
    target.refresh_from_db()
    assert target.met is True and target.review_comment == "Baik"
    listing = client.get(reverse("standing:targets")).content.decode()
    assert "Tidak ada target yang menunggu penilaian." in listing


@pytest.mark.parametrize("name", FORBIDDEN + [None])
def test_forbidden_actors_neither_see_nor_review(world, client_for, name):
    target = report(world, first_target(approved(world)))
    client = client_for(None if name is None else getattr(world, name))
    url = reverse("standing:target_review", args=[target.pk])
    response = client.post(url, {"verdict": "met"})
    assert response.status_code == (302 if name is None else 404)
    if name is not None:
        assert target.result not in client.get(reverse("standing:targets")).content.decode()
    target.refresh_from_db()
    assert target.met is None


@pytest.mark.parametrize("name", ["head", "admin", "other_head", "colleague_user", None])
def test_nobody_else_reports_the_employees_target(world, client_for, name):
    target = first_target(approved(world))
    if name == "colleague_user":
        world.colleague.user = UserFactory()
        world.colleague.save()
        user = world.colleague.user
    else:
        user = None if name is None else getattr(world, name)
    response = client_for(user).post(
        reverse("standing:target_report", args=[target.pk]), {"result": "x"}
    )
    assert response.status_code in ((302,) if name is None else (403, 404))
    target.refresh_from_db()
    assert target.reported_at is None


def test_the_review_list_costs_the_same_queries_with_more_targets(world, client_for, count_queries):
    report(world, first_target(approved(world)))
    client = client_for(world.head)
    url = reverse("standing:targets")
    small, _ = count_queries(client.get, url)
    for _n in range(6):
        employee = EmployeeFactory(unit=world.opd, user=UserFactory())
        application = svc.submit_application(
            employee=employee,
            policy=svc.current_policy(world.agency.pk, timezone.localdate()),
            reason="Jauh",
            targets=[svc.Target("A", "B"), svc.Target("C", "D")],
            weekdays=[4],
            start=D(2025, 10, 1),
        )
        svc.approve_application(
            application=application,
            actor=world.head,
            data=svc.ArrangementData(eligible=True, weekdays=[4], **criteria()),
        )
        for t in application.targets.all():
            svc.report_target(target=t, employee=employee, result="Selesai")
    large, response = count_queries(client.get, url)
    assert large == small
    assert response.content.decode().count("btn-outline-primary") == 13


# --- API ----------------------------------------------------------------------------------


def as_user(user) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def test_the_api_reports_and_reviews(world):
    application = approved(world)
    target = first_target(application)
    employee = as_user(world.employee_user)
    base = f"/api/v1/me/standing-applications/{application.pk}/targets/{target.pk}/report/"
    empty = employee.post(base, {"result": " "}, format="json")
    assert empty.status_code == 400
    done = employee.post(base, {"result": "Laporan No. 12", "note": "ok"}, format="json")
    assert done.status_code == 200, done.json()
    assert done.json()["result"] == "Laporan No. 12" and done.json()["met"] is None
    review = f"/api/v1/standing/applications/{application.pk}/targets/{target.pk}/review/"
    head = as_user(world.head)
    missing = head.post(review, {"met": False}, format="json")
    assert missing.status_code == 400
    assert missing.json()["comment"] == ["Tulis mengapa target ini belum tercapai."]
    ok = head.post(review, {"met": True, "comment": "Baik"}, format="json")
    assert ok.status_code == 200 and ok.json()["met"] is True
    listed = employee.get(f"/api/v1/me/standing-applications/{application.pk}/").json()
    assert listed["targets"][0]["review_comment"] == "Baik"
    again = employee.post(base, {"result": "lagi"}, format="json")
    assert again.status_code == 409 and again.json()["code"] == "met"


@pytest.mark.parametrize("name", FORBIDDEN + [None])
def test_the_api_refuses_other_reviewers(world, name):
    application = approved(world)
    target = report(world, first_target(application))
    url = f"/api/v1/standing/applications/{application.pk}/targets/{target.pk}/review/"
    response = as_user(None if name is None else getattr(world, name)).post(
        url, {"met": True}, format="json"
    )
    assert response.status_code in ((401, 403) if name is None else (403, 404))
    target.refresh_from_db()
    assert target.met is None


def test_a_target_of_another_application_answers_404(world):
    application = approved(world)
    target = report(world, first_target(application))
    url = f"/api/v1/standing/applications/{application.pk + 999}/targets/{target.pk}/review/"
    assert as_user(world.head).post(url, {"met": True}, format="json").status_code == 404
    target.refresh_from_db()
    assert target.met is None


def test_the_pages_in_english(world, client_for):
    from django.conf import settings as django_settings

    target = report(world, first_target(approved(world)))
    head = client_for(world.head)
    head.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    listing = head.get(reverse("standing:targets")).content.decode()
    assert "Targets awaiting review" in listing
    url = reverse("standing:target_review", args=[target.pk])
    assert "Awaiting the superior&#x27;s review" in head.get(url).content.decode()
    refused = head.post(url, {"verdict": "not_met"}).content.decode()
    assert "Write why this target is not met." in refused


def test_the_api_answers_in_english(world):
    application = approved(world)
    target = report(world, first_target(application))
    url = f"/api/v1/standing/applications/{application.pk}/targets/{target.pk}/review/"
    response = as_user(world.head).post(
        url, {"met": False}, format="json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.json()["comment"] == ["Write why this target is not met."]
