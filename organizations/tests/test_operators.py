import pytest
from django.urls import reverse

from organizations.models import Role
from organizations.tests.factories import EmployeeFactory, UserFactory


def page(world):
    return reverse("opd_operators", args=[world.opd.pk])


@pytest.fixture
def candidate(world):
    """A colleague of the head's OPD with a login."""
    world.colleague.user = UserFactory(username="rekan")
    world.colleague.save()
    return world.colleague


@pytest.mark.django_db
class TestOperators:
    def test_head_appoints_a_colleague_who_can_then_fill_rosters(
        self, client_for, world, candidate
    ):
        response = client_for(world.head).post(page(world), {"employee": candidate.pk})
        assert response.status_code == 302
        role = Role.objects.get(user=candidate.user, kind=Role.Kind.OPERATOR)
        assert (role.unit, role.granted_by) == (world.opd, world.head)
        from schedules.roster.access import roster_opds_for

        assert list(roster_opds_for(candidate.user)) == [world.opd]

    def test_only_staff_of_the_opd_with_a_login_are_offered(self, client_for, world, candidate):
        stranger = EmployeeFactory(unit=world.other_opd, user=UserFactory(username="asing"))
        body = client_for(world.head).get(page(world)).content.decode()
        assert f'value="{candidate.pk}"' in body
        assert f'value="{stranger.pk}"' not in body
        response = client_for(world.head).post(page(world), {"employee": stranger.pk})
        assert "Pilih pegawai OPD ini yang memiliki akun aktif." in response.content.decode()
        assert not Role.objects.filter(user=stranger.user).exists()

    def test_head_revokes_an_operator(self, client_for, world):
        role = Role.objects.get(user=world.operator, kind=Role.Kind.OPERATOR)
        url = reverse("opd_operator_revoke", args=[world.opd.pk, role.pk])
        response = client_for(world.head).post(url, follow=True)
        assert "Operator dicabut." in response.content.decode()
        assert not Role.objects.filter(pk=role.pk).exists()

    def test_a_role_of_another_opd_cannot_be_revoked_through_this_one(self, client_for, world):
        other = Role.objects.create(
            user=UserFactory(), kind=Role.Kind.OPERATOR, unit=world.other_opd
        )
        url = reverse("opd_operator_revoke", args=[world.opd.pk, other.pk])
        response = client_for(world.head).post(url, follow=True)
        assert "Operator ini tidak ditemukan pada OPD Anda." in response.content.decode()
        assert Role.objects.filter(pk=other.pk).exists()

    @pytest.mark.parametrize(
        "actor", ["operator", "other_head", "foreign_head", "admin", "other_admin", "employee_user"]
    )
    def test_only_the_head_may_delegate(self, client_for, world, candidate, actor):
        client = client_for(getattr(world, actor))
        assert client.get(page(world)).status_code == 404
        assert client.post(page(world), {"employee": candidate.pk}).status_code == 404
        role = Role.objects.get(user=world.operator, kind=Role.Kind.OPERATOR)
        url = reverse("opd_operator_revoke", args=[world.opd.pk, role.pk])
        assert client.post(url).status_code == 404
        assert Role.objects.filter(pk=role.pk).exists()
        assert not Role.objects.filter(user=candidate.user).exists()

    def test_anonymous_is_sent_to_login(self, client, world):
        response = client.get(page(world))
        assert response.status_code == 302
        assert "/akun/masuk/" in response["Location"]

    def test_revoke_is_post_only(self, client_for, world):
        url = reverse("opd_operator_revoke", args=[world.opd.pk, 1])
        assert client_for(world.head).get(url).status_code == 405

    def test_home_links_the_head_not_the_operator_to_the_page(self, client_for, world):
        assert page(world) in client_for(world.head).get("/").content.decode()
        assert page(world) not in client_for(world.operator).get("/").content.decode()
