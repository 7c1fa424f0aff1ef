"""Who may sanction (revoke a permission) and reinstate it, per actor, through the
pages and the API alike (``employee_access.may_sanction``).

Never the sanctioned employee; never someone who reports to them (the operators
of the OPD whose head is sanctioned, the head for their own record); an operator
never sanctions their head. A refusal changes nothing in the database.
"""

import pytest
from django.urls import reverse

from organizations.tests.factories import EmployeeFactory
from schedules.models import Revocation
from schedules.tests.employee_support import coming_circular

ACTORS = [
    "head",
    "operator",
    "sanctioned",
    "admin",
    "other_head",
    "other_admin",
    "employee",
    "anonymous",
]
# Who may decide about each kind of target; everyone else is refused.
ALLOWED = {
    "head": {"admin"},  # a head answers to BKPSDM, not to their own OPD
    "operator": {"head", "admin"},
    "staff": {"head", "operator", "admin"},
}
# How a refusal shows: in scope but not theirs to decide (403, or the page's form
# refuses the choice), outside their scope (404), not logged in.
IN_SCOPE = {"head", "operator", "admin"}


@pytest.fixture
def people(world):
    world.head_employee = EmployeeFactory(unit=world.opd, user=world.head, name="Kepala Dinas")
    world.operator_employee = EmployeeFactory(
        unit=world.opd, user=world.operator, name="Operator Jadwal"
    )
    world.circular = coming_circular(world.agency)
    world.targets = {
        "head": world.head_employee,
        "operator": world.operator_employee,
        "staff": world.employee,
    }
    return world


def user_of(people, actor, target):
    if actor == "anonymous":
        return None
    if actor == "sanctioned":
        return people.targets[target].user
    if actor == "employee":
        return people.employee_user
    return getattr(people, actor)


def refusal_kind(people, actor, target) -> str:
    if actor == "anonymous":
        return "anonymous"
    user = user_of(people, actor, target)
    if actor in IN_SCOPE or user in {people.head, people.operator, people.admin}:
        return "in_scope"
    return "out_of_scope"


def revoked(people, target):
    return Revocation.objects.create(
        employee=people.targets[target],
        circular=people.circular,
        reason="Tidak hadir saat dipanggil rapat",
        revoked_by=people.admin,
    )


CASES = [(actor, target) for target in ALLOWED for actor in ACTORS]


@pytest.mark.parametrize(("actor", "target"), CASES)
def test_reinstate_through_the_page(people, client_for, actor, target):
    revocation = revoked(people, target)
    client = client_for(user_of(people, actor, target))
    url = reverse("requests:reinstate", args=[revocation.pk])

    response = client.post(url, {"reason": "Sudah hadir kembali"}, follow=True)

    revocation.refresh_from_db()
    if actor in ALLOWED[target]:
        assert revocation.reinstated_at is not None
        assert revocation.reinstate_reason == "Sudah hadir kembali"
        name = people.targets[target].name
        assert f"Izin {name} dipulihkan." in response.content.decode()
        return
    assert revocation.reinstated_at is None
    assert revocation.reinstate_reason == ""
    kind = refusal_kind(people, actor, target)
    if kind == "anonymous":
        assert response.redirect_chain[-1][0].startswith(reverse("login"))
    elif kind == "in_scope":
        assert response.status_code == 403
        assert "tidak berwenang mencabut atau memulihkan" in response.content.decode()
    else:
        assert response.status_code == 404


@pytest.mark.parametrize(("actor", "target"), CASES)
def test_reinstate_through_the_api(people, api, actor, target):
    revocation = revoked(people, target)
    client = api(user_of(people, actor, target))

    response = client.post(
        f"/api/v1/revocations/{revocation.pk}/reinstate/", {"reason": "Sudah hadir kembali"}
    )

    revocation.refresh_from_db()
    if actor in ALLOWED[target]:
        assert response.status_code == 200, response.content
        assert response.json()["reinstate_reason"] == "Sudah hadir kembali"
        assert revocation.reinstated_at is not None
        return
    assert revocation.reinstated_at is None
    kind = refusal_kind(people, actor, target)
    expected = {"anonymous": (401, 403), "in_scope": (403,), "out_of_scope": (404,)}[kind]
    assert response.status_code in expected, response.content
    if kind == "in_scope":
        assert "tidak berwenang mencabut atau memulihkan" in response.json()["detail"]


@pytest.mark.parametrize(("actor", "target"), CASES)
def test_revoke_through_the_page(people, client_for, actor, target):
    employee = people.targets[target]
    client = client_for(user_of(people, actor, target))
    url = reverse("requests:revocations", args=[people.opd.pk])
    body = {"employee": employee.pk, "circular": people.circular.pk, "reason": "Mangkir"}

    response = client.post(url, body, follow=True)

    made = Revocation.objects.filter(employee=employee)
    if actor in ALLOWED[target]:
        assert made.count() == 1
        assert f"Izin {employee.name} dicabut" in response.content.decode()
        return
    assert not made.exists()
    kind = refusal_kind(people, actor, target)
    if kind == "anonymous":
        assert response.redirect_chain[-1][0].startswith(reverse("login"))
    elif kind == "in_scope":
        # The form offers only staff this login may sanction: the choice is refused.
        assert response.status_code == 400
        assert "Pilih pegawai OPD ini." in response.content.decode()
    else:
        assert response.status_code == 404


@pytest.mark.parametrize(("actor", "target"), CASES)
def test_revoke_through_the_api(people, api, actor, target):
    employee = people.targets[target]
    client = api(user_of(people, actor, target))
    body = {"employee": employee.pk, "circular": people.circular.pk, "reason": "Mangkir"}

    response = client.post("/api/v1/revocations/", body, format="json")

    made = Revocation.objects.filter(employee=employee)
    if actor in ALLOWED[target]:
        assert response.status_code == 201, response.content
        assert made.count() == 1
        return
    assert not made.exists()
    kind = refusal_kind(people, actor, target)
    expected = {"anonymous": (401, 403), "in_scope": (403,), "out_of_scope": (404,)}[kind]
    assert response.status_code in expected, response.content
    if kind == "in_scope":
        assert "diputuskan oleh atasan atau BKPSDM" in response.json()["detail"]


def test_the_page_hides_the_reinstate_form_from_the_sanctioned_operator(people, client_for):
    revocation = revoked(people, "operator")
    page = client_for(people.operator).get(reverse("requests:revocations", args=[people.opd.pk]))

    text = page.content.decode()
    assert page.status_code == 200
    assert reverse("requests:reinstate", args=[revocation.pk]) not in text
    assert "hanya dapat dipulihkan oleh BKPSDM atau atasan pegawai" in text
    # ...and the revoke form does not offer the operator themself, nor their head.
    assert f'value="{people.operator_employee.pk}"' not in text
    assert f'value="{people.head_employee.pk}"' not in text
    assert f'value="{people.employee.pk}"' in text


def test_the_service_refuses_whatever_the_caller(people):
    """Defence in depth: the service asks the same access decision."""
    from django.core.exceptions import PermissionDenied

    from schedules.requests import services as svc

    revocation = revoked(people, "head")
    with pytest.raises(PermissionDenied):
        svc.reinstate_permission(revocation=revocation, reason="x", actor=people.operator)
    with pytest.raises(PermissionDenied):
        svc.revoke_permission(
            employee=people.head_employee, circular=people.circular, reason="x", actor=people.head
        )
    revocation.refresh_from_db()
    assert revocation.is_active
    assert Revocation.objects.count() == 1
