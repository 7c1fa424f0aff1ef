"""Free text people write has one limit, kept by the service, the same on the pages and the API.

The model field holds the number; the service refuses anything longer whoever sent it;
the page form and the API serializer read the same number (a request note was 500
characters on the page and 1,000 in the API; reasons were unlimited in the API).
"""

import pytest
from django.core.exceptions import ValidationError

from api import employee_views as api_views
from schedules.models import NOTE_MAX_LENGTH, REASON_MAX_LENGTH, AwayRequest, Revocation
from schedules.requests import forms
from schedules.requests import services as svc
from schedules.tests.employee_support import coming_circular, coming_working_days, staff_opd

pytestmark = pytest.mark.django_db


@pytest.fixture
def se(world):
    staff_opd(world)
    world.circular = coming_circular(world.agency)
    world.days = coming_working_days(world.agency, 2)
    return world


def test_every_entry_point_reads_the_models_limits():
    note = AwayRequest._meta.get_field("note").max_length
    assert note == NOTE_MAX_LENGTH == 500
    assert forms.AwayRequestForm.base_fields["note"].max_length == note
    assert api_views.NewRequestSerializer().fields["note"].max_length == note
    for model, field in [
        (AwayRequest, "reason"),
        (Revocation, "reason"),
        (Revocation, "reinstate_reason"),
    ]:
        assert model._meta.get_field(field).max_length == REASON_MAX_LENGTH == 1000
    assert forms.DecideForm.base_fields["reason"].max_length == REASON_MAX_LENGTH
    assert forms.RevokeForm.base_fields["reason"].max_length == REASON_MAX_LENGTH
    assert forms.ReinstateForm.base_fields["reason"].max_length == REASON_MAX_LENGTH
    assert api_views.ReasonSerializer().fields["reason"].max_length == REASON_MAX_LENGTH
    assert api_views.NewRevocationSerializer().fields["reason"].max_length == REASON_MAX_LENGTH


def test_service_refuses_a_note_one_past_the_limit_and_saves_nothing(se):
    with pytest.raises(ValidationError) as refused:
        svc.request_days(
            employee=se.employee, circular=se.circular, days=se.days[:1], note="x" * 501
        )
    assert refused.value.message_dict["note"] == ["Paling banyak 500 karakter (tertulis 501)."]
    assert not AwayRequest.objects.exists()
    [row] = svc.request_days(
        employee=se.employee, circular=se.circular, days=se.days[:1], note=" " + "x" * 500 + " "
    )
    assert row.note == "x" * 500


def test_service_refuses_reasons_past_the_limit(se):
    [row] = svc.request_days(employee=se.employee, circular=se.circular, days=se.days[:1])
    with pytest.raises(ValidationError) as refused:
        svc.reject_request(away_request=row, actor=se.head, reason="r" * 1001)
    assert "reason" in refused.value.message_dict
    row.refresh_from_db()
    assert row.status == AwayRequest.Status.PENDING
    with pytest.raises(ValidationError):
        svc.revoke_permission(
            employee=se.colleague, circular=se.circular, reason="r" * 1001, actor=se.head
        )
    assert not Revocation.objects.exists()
    revocation = svc.revoke_permission(
        employee=se.colleague, circular=se.circular, reason="r" * 1000, actor=se.head
    )
    with pytest.raises(ValidationError):
        svc.reinstate_permission(revocation=revocation, reason="r" * 1001, actor=se.head)
    revocation.refresh_from_db()
    assert revocation.reinstated_at is None


def test_api_refuses_an_overlong_note_and_reason(se, api):
    body = {"circular": se.circular.pk, "days": [se.days[0].isoformat()], "note": "x" * 501}
    response = api(se.employee_user).post("/api/v1/me/requests/", body, format="json")
    assert response.status_code == 400
    assert "note" in response.json()
    assert not AwayRequest.objects.exists()
    body = {"employee": se.colleague.pk, "circular": se.circular.pk, "reason": "r" * 1001}
    response = api(se.head).post("/api/v1/revocations/", body, format="json")
    assert response.status_code == 400
    assert "reason" in response.json()
    assert not Revocation.objects.exists()


def test_page_refuses_an_overlong_note(se, client_for):
    from django.urls import reverse

    client = client_for(se.employee_user)
    response = client.post(
        reverse("requests:requests"),
        {"circular": se.circular.pk, "days": se.days[0].isoformat(), "note": "x" * 501},
    )
    assert not AwayRequest.objects.exists()
    assert "500" in response.content.decode()
