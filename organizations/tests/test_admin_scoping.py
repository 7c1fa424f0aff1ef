"""The Django admin keeps a BKPSDM admin inside their own agency.

Every form of every registered admin class (and of its inlines) is built for
the admin of agency A; every choice it offers must belong to agency A. Then
the attacks that once worked are replayed: a role on the superuser's login,
a link of the superuser's login to an employee, a move of an employee.
"""

import pytest
from django.contrib import admin
from django.forms import ModelChoiceField, ModelMultipleChoiceField
from django.test import RequestFactory
from django.urls import reverse

from organizations.access import accounts_of_agencies
from organizations.models import Agency, Employee, Region, Role, Unit, User
from organizations.tests.factories import RegionFactory, UserFactory


def _agencies_of(obj) -> set[int] | None:
    """The agencies a row belongs to; None for shared reference data."""
    if isinstance(obj, Region):
        return None
    if isinstance(obj, Agency):
        return {obj.pk}
    if isinstance(obj, Unit):
        return {obj.agency_id}
    if isinstance(obj, Employee):
        return {obj.unit.agency_id}
    if isinstance(obj, User):
        return {
            agency.pk
            for agency in Agency.objects.all()
            if accounts_of_agencies([agency.pk]).filter(pk=obj.pk).exists()
        }
    raise AssertionError(f"{type(obj).__name__} offered as a choice: the test must know its owner")


def _forms_for(model_admin, request, obj):
    form = model_admin.get_form(request, obj)()
    yield model_admin, form
    for inline in model_admin.get_inline_instances(request, obj):
        formset = inline.get_formset(request, obj)(instance=obj)
        yield inline, formset.empty_form


def _own_object(model_admin, request):
    return model_admin.get_queryset(request).first()


@pytest.fixture
def superuser(db):
    return UserFactory(username="root", is_staff=True, is_superuser=True)


@pytest.mark.django_db
def test_every_admin_choice_offered_to_an_agency_admin_is_of_their_agency(world, superuser):
    RegionFactory()
    request = RequestFactory().get("/admin/")
    request.user = world.admin
    checked = 0
    for model_admin in admin.site._registry.values():
        for obj in (None, _own_object(model_admin, request)):
            allowed = (
                model_admin.has_add_permission(request)
                if obj is None
                else model_admin.has_change_permission(request, obj)
            )
            if not allowed:
                continue
            for owner, form in _forms_for(model_admin, request, obj):
                for name, field in form.fields.items():
                    if not isinstance(field, ModelChoiceField | ModelMultipleChoiceField):
                        continue
                    checked += 1
                    for choice in field.queryset:
                        agencies = _agencies_of(choice)
                        assert agencies is None or agencies <= {world.agency.pk}, (
                            f"{type(owner).__name__}.{name} offers {choice!r} of another agency"
                        )
    # Units, employees, circular overrides and days off all have choice fields.
    assert checked >= 4


@pytest.mark.django_db
class TestAttacksOnLogins:
    def test_agency_admin_cannot_give_a_role_on_the_superusers_login(
        self, client_for, world, superuser
    ):
        response = client_for(world.admin).post(
            reverse("admin:organizations_role_add"),
            {"user": superuser.pk, "kind": "inspector", "agency": world.agency.pk},
        )
        assert response.status_code == 403
        assert not Role.objects.filter(user=superuser).exists()

    def test_role_admin_is_for_superusers_only(self, client_for, world, superuser):
        assert (
            client_for(world.admin).get(reverse("admin:organizations_role_changelist")).status_code
            == 403
        )
        assert (
            client_for(superuser).get(reverse("admin:organizations_role_changelist")).status_code
            == 200
        )

    def test_agency_admin_cannot_link_a_foreign_login_to_an_employee(
        self, client_for, world, superuser
    ):
        url = reverse("admin:organizations_employee_change", args=[world.colleague.pk])
        response = client_for(world.admin).post(
            url,
            {
                "nip": world.colleague.nip,
                "name": "Nama Baru",
                "position": "",
                "role_tags": "[]",
                "domicile_region": "",
                "active": "on",
                "user": superuser.pk,
                "unit": world.foreign_opd.pk,
            },
        )
        assert response.status_code == 302, response.content.decode()[:2000]
        world.colleague.refresh_from_db()
        assert world.colleague.name == "Nama Baru"  # the rest of the form still saves
        assert world.colleague.user_id is None
        assert world.colleague.unit_id == world.opd.pk

    def test_hijacked_login_never_reaches_the_attackers_account_pages(
        self, client_for, world, superuser
    ):
        client = client_for(world.admin)
        client.post(
            reverse("admin:organizations_role_add"),
            {"user": superuser.pk, "kind": "inspector", "agency": world.agency.pk},
        )
        listing = client.get(reverse("account_list", args=[world.agency.pk]))
        assert listing.status_code == 200
        assert "root" not in listing.content.decode()
        deactivate = client.post(
            reverse("account_deactivate", args=[world.agency.pk, superuser.pk])
        )
        assert deactivate.status_code == 404
        superuser.refresh_from_db()
        assert superuser.is_active

    def test_a_role_row_on_the_superuser_still_gives_no_agency_power_over_it(
        self, client_for, world, superuser
    ):
        Role.objects.create(user=superuser, kind="inspector", agency=world.agency)
        client = client_for(world.admin)
        assert (
            client.get(reverse("account_detail", args=[world.agency.pk, superuser.pk])).status_code
            == 404
        )
        client.post(reverse("account_deactivate", args=[world.agency.pk, superuser.pk]))
        superuser.refresh_from_db()
        assert superuser.is_active

    def test_agency_admin_cannot_move_a_unit_to_another_parent(self, client_for, world):
        url = reverse("admin:organizations_unit_change", args=[world.sub_unit.pk])
        form = admin.site._registry[Unit].get_form(_request(world.admin), world.sub_unit)
        assert "parent" not in form.base_fields
        assert "agency" not in form.base_fields
        client_for(world.admin).post(url, {"parent": world.other_opd.pk})
        world.sub_unit.refresh_from_db()
        assert world.sub_unit.parent_id == world.opd.pk


def _request(user):
    request = RequestFactory().get("/admin/")
    request.user = user
    return request
