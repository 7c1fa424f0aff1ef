"""A one-day application asks for WFA or WFH: the modes the day's policy offers, the
day written in that mode through the roster's writer, the page and the API."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from rest_framework.test import APIClient

from schedules.models import Assignment
from schedules.tests.support import publish_circular
from standing import services as svc
from standing.models import Application

from .builders import make_policy, next_weekday

pytestmark = pytest.mark.django_db


def one_day(world, policy, day, mode):
    return svc.submit_application(
        employee=world.employee,
        policy=policy,
        reason="Urusan keluarga",
        targets=[svc.Target("Laporan", "Unggahan e-Kinerja")],
        kind=Application.Kind.ONE_DAY,
        day=day,
        mode=mode,
    )


@pytest.mark.parametrize(
    "circular, mode, offered, error",
    [
        (None, "WFA", ["WFA", "WFH"], None),
        (None, "WFH", ["WFA", "WFH"], None),
        ("WFA", "WFA", ["WFA"], None),
        ("WFA", "WFH", ["WFA"], "Pada tanggal ini hanya dibuka: WFA."),
        ("WFH", "WFA", ["WFH"], "Pada tanggal ini hanya dibuka: WFH."),
        (None, "WFO", ["WFA", "WFH"], "Pilih WFA atau WFH."),
        (None, "LEAVE", ["WFA", "WFH"], "Pilih WFA atau WFH."),
    ],
)
def test_the_mode_asked_must_be_one_the_day_offers(world, circular, mode, offered, error):
    policy = make_policy(world)
    friday = next_weekday(4)
    if circular:
        publish_circular(world.agency, start=friday, end=friday, cap=100, arrangement=circular)
    assert [m.value for m in svc.offered_modes(world.employee, friday)] == offered
    if error:
        with pytest.raises(ValidationError) as refused:
            one_day(world, policy, friday, mode)
        assert refused.value.message_dict == {"mode": [error]}
        assert not Application.objects.exists()
    else:
        assert one_day(world, policy, friday, mode).mode == mode


@pytest.mark.parametrize("mode", ["WFA", "WFH"])
def test_the_approved_day_is_written_in_the_mode_asked(world, mode):
    policy = make_policy(world)
    friday = next_weekday(4)
    application = one_day(world, policy, friday, mode)
    svc.approve_application(application=application, actor=world.head)
    written = Assignment.objects.get(employee=world.employee, day=friday)
    assert written.mode == mode


def test_an_arrangement_application_keeps_wfa(world):
    policy = make_policy(world)
    application = svc.submit_application(
        employee=world.employee,
        policy=policy,
        reason="Rumah jauh",
        targets=[svc.Target("Laporan", "Unggahan")],
        weekdays=[4],
        mode="WFH",
    )
    assert application.mode == "WFA"


def test_the_page_asks_for_the_mode(world, client_for):
    make_policy(world)
    friday = next_weekday(4)
    client = client_for(world.employee_user)
    page = client.get(reverse("standing:apply")).content.decode()
    assert "Mode kerja (satu hari)" in page and "WFH (dari rumah)" in page
    post = {
        "kind": "one_day",
        "day": friday.isoformat(),
        "mode": "WFH",
        "place": "home",
        "reason": "Urusan keluarga",
        "targets-TOTAL_FORMS": "1",
        "targets-INITIAL_FORMS": "0",
        "targets-0-target": "Laporan",
        "targets-0-evidence_of_done": "Unggahan",
    }
    assert client.post(reverse("standing:apply"), post).status_code == 302
    assert Application.objects.get().mode == "WFH"
    assert "WFH" in client.get(reverse("standing:mine")).content.decode()


def test_the_page_says_when_the_mode_is_closed(world, client_for):
    make_policy(world)
    friday = next_weekday(4)
    publish_circular(world.agency, start=friday, end=friday, cap=100, arrangement="WFA")
    post = {
        "kind": "one_day",
        "day": friday.isoformat(),
        "mode": "WFH",
        "place": "home",
        "reason": "Urusan keluarga",
        "targets-TOTAL_FORMS": "1",
        "targets-INITIAL_FORMS": "0",
        "targets-0-target": "Laporan",
        "targets-0-evidence_of_done": "Unggahan",
    }
    response = client_for(world.employee_user).post(reverse("standing:apply"), post)
    assert response.status_code == 400
    assert "Pada tanggal ini hanya dibuka: WFA." in response.content.decode()
    assert not Application.objects.exists()


def test_the_api_takes_the_mode(world):
    make_policy(world)
    friday = next_weekday(4)
    client = APIClient()
    client.force_login(world.employee_user, backend="django.contrib.auth.backends.ModelBackend")
    body = {
        "kind": "one_day",
        "day": friday.isoformat(),
        "mode": "WFH",
        "reason": "Urusan keluarga",
        "targets": [{"target": "Laporan", "evidence_of_done": "Unggahan"}],
    }
    created = client.post("/api/v1/me/standing-applications/", body, format="json")
    assert created.status_code == 201, created.json()
    assert created.json()["mode"] == "WFH"
    bad = client.post("/api/v1/me/standing-applications/", {**body, "mode": "WFO"}, format="json")
    assert bad.status_code == 400


def test_the_closed_mode_in_english(world):
    from django.utils import translation

    policy = make_policy(world)
    friday = next_weekday(4)
    publish_circular(world.agency, start=friday, end=friday, cap=100, arrangement="WFA")
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        one_day(world, policy, friday, "WFH")
    assert refused.value.message_dict == {"mode": ["On this date only this is open: WFA."]}
