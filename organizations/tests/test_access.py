import pytest
from django.http import Http404

from organizations import access
from schedules.roster import access as roster_access


@pytest.mark.django_db
class TestOpdsForRoster:
    def test_head_and_operator_get_their_own_opd_only(self, world):
        assert list(roster_access.roster_opds_for(world.head)) == [world.opd]
        assert list(roster_access.roster_opds_for(world.operator)) == [world.opd]

    @pytest.mark.parametrize(
        "actor", ["other_head", "foreign_head", "admin", "inspector", "employee_user"]
    )
    def test_others_cannot_open_the_opd(self, world, actor):
        with pytest.raises(Http404):
            roster_access.roster_opd_for(getattr(world, actor), world.opd.pk)

    def test_sub_unit_id_is_not_an_opd(self, world):
        with pytest.raises(Http404):
            roster_access.roster_opd_for(world.head, world.sub_unit.pk)

    @pytest.mark.parametrize("bad_id", ["abc", None, "", "1; drop", 10**12])
    def test_garbage_ids_answer_404(self, world, bad_id):
        with pytest.raises(Http404):
            roster_access.roster_opd_for(world.head, bad_id)


@pytest.mark.django_db
class TestEmployeesVisibleTo:
    def test_admin_sees_their_agency_only(self, world):
        visible = set(access.employees_visible_to(world.admin))
        assert visible == {world.employee, world.colleague, world.other_employee}

    def test_head_sees_own_opd_and_sub_units(self, world):
        assert set(access.employees_visible_to(world.head)) == {world.employee, world.colleague}

    def test_employee_sees_only_themself(self, world):
        assert list(access.employees_visible_to(world.employee_user)) == [world.employee]
        with pytest.raises(Http404):
            access.employee_visible_to(world.employee_user, world.colleague.pk)

    def test_other_agency_admin_cannot_read_employee(self, world):
        with pytest.raises(Http404):
            access.employee_visible_to(world.other_admin, world.employee.pk)

    def test_anonymous_sees_nobody(self, world):
        from django.contrib.auth.models import AnonymousUser

        assert not access.employees_visible_to(AnonymousUser()).exists()

    def test_inactive_employee_record_gives_no_employee_role(self, world):
        world.employee.active = False
        world.employee.save()
        assert access.get_actor(world.employee_user).employee is None


@pytest.mark.django_db
def test_units_visible_to_head_are_own_opd_and_sub_units(world):
    assert set(access.units_visible_to(world.head)) == {world.opd, world.sub_unit}


@pytest.mark.django_db
def test_agencies_for_admin_is_their_agency(world):
    assert list(access.agencies_for_admin(world.admin)) == [world.agency]
    assert not access.agencies_for_admin(world.head).exists()
    with pytest.raises(Http404):
        access.agency_for_admin(world.admin, world.other_agency.pk)


@pytest.mark.django_db
def test_actor_is_loaded_once_per_user_object(world, count_queries):
    access.get_actor(world.head)
    queries, actor = count_queries(access.get_actor, world.head)
    assert queries == 0
    assert actor.head_unit_ids == {world.opd.pk}
