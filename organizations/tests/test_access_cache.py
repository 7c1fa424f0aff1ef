"""A login's roles from the shared cache: fewer queries per request, never stale access.

A role granted or revoked, an employee moved, deactivated or given a login, a unit
placed under another: the very next request sees it, on local memory and on a real
Redis. The superuser flag is read from the user row of the request, never the cache.
"""

from datetime import date

import pytest
from django.db import connection, transaction
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from organizations import services
from organizations.access import get_actor, opd_for_head
from organizations.models import Employee, Role, Unit, User
from organizations.tests.factories import RoleFactory, UserFactory
from wfa_portal.isoweek import format_week, monday_of


def fresh(user: User) -> User:
    """The user as the next request loads it (no Actor remembered on the object)."""
    return User.objects.get(pk=user.pk)


def week_url(opd: Unit) -> str:
    return reverse("roster:week", args=[opd.pk, format_week(monday_of(date.today()))])


def role_queries(queries) -> list[str]:
    return [q["sql"] for q in queries if '"organizations_role"' in q["sql"]]


def test_a_cached_request_reads_no_roles(world, shared_cache, client_for):
    client = client_for(world.head)
    url = week_url(world.opd)
    with CaptureQueriesContext(connection) as first:
        assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as second:
        response = client.get(url)
    assert response.status_code == 200
    assert world.opd.name in response.content.decode()
    assert role_queries(first) and not role_queries(second)
    assert len(second) <= len(first) - 2  # the roles and the employee record


def test_without_the_shared_cache_every_request_reads_the_roles(world, settings, client_for):
    settings.CACHE_FIGURES = False
    client = client_for(world.head)
    for _ in range(2):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(week_url(world.opd)).status_code == 200
        assert role_queries(queries)


def test_a_revoked_role_is_refused_on_the_very_next_request(world, shared_cache, client_for):
    client = client_for(world.head)
    url = week_url(world.opd)
    assert client.get(url).status_code == 200
    assert client.get(url).status_code == 200  # now served from the cache
    Role.objects.get(user=world.head, unit=world.opd).delete()
    assert client.get(url).status_code == 404


def test_a_granted_role_is_seen_on_the_very_next_request(world, shared_cache, client_for):
    client = client_for(world.other_head)
    url = week_url(world.opd)
    assert client.get(url).status_code == 404
    assert client.get(url).status_code == 404
    RoleFactory(user=world.other_head, kind=Role.Kind.OPD_HEAD, unit=world.opd)
    response = client.get(url)
    assert response.status_code == 200
    assert world.opd.name in response.content.decode()


def test_a_role_changed_in_place_is_seen_at_once(world, shared_cache):
    assert get_actor(fresh(world.head)).head_unit_ids == {world.opd.pk}
    role = Role.objects.get(user=world.head, unit=world.opd)
    role.unit = world.other_opd
    role.save()
    actor = get_actor(fresh(world.head))
    assert actor.head_unit_ids == {world.other_opd.pk}
    with pytest.raises(Http404):
        opd_for_head(fresh(world.head), world.opd.pk)


def test_a_revoked_operator_loses_the_grid_at_once(world, shared_cache, client_for):
    client = client_for(world.operator)
    url = week_url(world.opd)
    assert client.get(url).status_code == 200
    assert client.get(url).status_code == 200
    role = Role.objects.get(user=world.operator, kind=Role.Kind.OPERATOR)
    services.revoke_operator(opd=world.opd, role_id=role.pk)
    assert client.get(url).status_code == 404


def test_an_employee_moved_is_seen_at_once(world, shared_cache):
    assert get_actor(fresh(world.employee_user)).employee.unit_id == world.sub_unit.pk
    employee = Employee.objects.get(pk=world.employee.pk)
    employee.unit = world.other_opd
    employee.save(update_fields=["unit"])
    assert get_actor(fresh(world.employee_user)).employee.unit_id == world.other_opd.pk


def test_a_superior_set_is_seen_at_once(world, shared_cache):
    """The superior is written with update() (under the agency lock), which sends no
    signal: the service itself tells the cache."""
    assert get_actor(fresh(world.employee_user)).employee.superior_id is None
    services.update_employee(
        employee=Employee.objects.get(pk=world.employee.pk),
        changes={"superior": world.colleague},
        actor=None,
    )
    assert get_actor(fresh(world.employee_user)).employee.superior_id == world.colleague.pk


def test_a_deactivated_employee_has_no_record_at_once(world, shared_cache):
    assert get_actor(fresh(world.employee_user)).employee is not None
    services.deactivate_employee(employee=Employee.objects.get(pk=world.employee.pk))
    assert get_actor(fresh(world.employee_user)).employee is None


def test_a_login_given_to_an_employee_is_seen_at_once(world, shared_cache):
    user = UserFactory(username="baru")
    assert get_actor(fresh(user)).employee is None
    world.colleague.user = user
    world.colleague.save(update_fields=["user"])
    assert get_actor(fresh(user)).employee.pk == world.colleague.pk


def test_a_unit_placed_under_another_opd_is_seen_at_once(world, shared_cache):
    assert get_actor(fresh(world.employee_user)).employee.unit.opd_id == world.opd.pk
    sub_unit = Unit.objects.get(pk=world.sub_unit.pk)
    sub_unit.parent = world.other_opd
    sub_unit.save()
    assert get_actor(fresh(world.employee_user)).employee.unit.opd_id == world.other_opd.pk


def test_the_superuser_flag_comes_from_the_user_row(world, shared_cache):
    assert not get_actor(fresh(world.head)).is_superuser
    User.objects.filter(pk=world.head.pk).update(is_superuser=True)  # no signal at all
    assert get_actor(fresh(world.head)).is_superuser
    User.objects.filter(pk=world.head.pk).update(is_superuser=False)
    assert not get_actor(fresh(world.head)).is_superuser


def test_a_read_inside_a_service_transaction_is_never_stored(world, shared_cache, count_queries):
    with transaction.atomic():
        Role.objects.filter(user=world.head).delete()
        assert get_actor(fresh(world.head)).head_unit_ids == frozenset()
        transaction.set_rollback(True)
    # The rolled-back revocation left nothing cached: the role is back, read from rows.
    assert get_actor(fresh(world.head)).head_unit_ids == {world.opd.pk}
    queries, actor = count_queries(get_actor, fresh(world.head))
    assert (queries, actor.head_unit_ids) == (0, {world.opd.pk})


def test_roles_of_one_login_are_never_served_to_another(world, shared_cache):
    assert get_actor(fresh(world.head)).head_unit_ids == {world.opd.pk}
    assert get_actor(fresh(world.other_head)).head_unit_ids == {world.other_opd.pk}
    assert get_actor(fresh(world.admin)).admin_agency_ids == {world.agency.pk}
    assert get_actor(fresh(world.employee_user)).roster_unit_ids == frozenset()
