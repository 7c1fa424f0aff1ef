import pytest
from django.contrib.auth import SESSION_KEY
from django.urls import reverse

from organizations.services import deactivate_user
from organizations.tests.factories import DEFAULT_PASSWORD, EmployeeFactory

HOME = reverse("home")


@pytest.mark.django_db
class TestHome:
    def test_anonymous_is_sent_to_login(self, client_for, world):
        response = client_for(None).get(HOME)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))

    def test_admin_sees_admin_section(self, client_for, world):
        response = client_for(world.admin).get(HOME)
        assert response.status_code == 200
        assert b'data-testid="home-admin"' in response.content
        assert b'data-testid="home-head"' not in response.content
        assert world.agency.name.encode() in response.content
        assert world.other_agency.name.encode() not in response.content

    def test_head_sees_own_opd_with_headcount(self, client_for, world):
        response = client_for(world.head).get(HOME)
        body = response.content.decode()
        assert 'data-testid="home-head"' in body
        assert world.opd.name in body
        assert world.other_opd.name not in body
        assert "2 pegawai" in body

    def test_employee_sees_own_record(self, client_for, world):
        body = client_for(world.employee_user).get(HOME).content.decode()
        assert 'data-testid="home-employee"' in body
        assert world.employee.nip in body
        assert 'data-testid="home-admin"' not in body

    def test_inspector_sees_inspector_section(self, client_for, world):
        body = client_for(world.inspector).get(HOME).content.decode()
        assert 'data-testid="home-inspector"' in body

    def test_user_without_role_is_told_so(self, client_for, world):
        from organizations.tests.factories import UserFactory

        body = client_for(UserFactory()).get(HOME).content.decode()
        assert 'data-testid="home-no-role"' in body

    def test_post_is_not_allowed(self, client_for, world):
        assert client_for(world.head).post(HOME).status_code == 405

    def test_speaks_english_when_chosen(self, client_for, world):
        client = client_for(world.head)
        client.post(reverse("set_language"), {"language": "en", "next": HOME})
        body = client.get(HOME).content.decode()
        assert "Welcome" in body
        assert 'lang="en"' in body

    def test_query_count_does_not_grow_with_staff(self, client_for, world, count_queries):
        client = client_for(world.head)
        small, _ = count_queries(client.get, HOME)
        EmployeeFactory.create_batch(40, unit=world.opd)
        EmployeeFactory.create_batch(40, unit=world.sub_unit)
        large, response = count_queries(client.get, HOME)
        assert "82 pegawai" in response.content.decode()
        # 8 for the page, 3 for the head's next step (no circular governs this world).
        # 12 with the standing layer's query of circulars.governing (standing/).
        assert small == large <= 12


@pytest.mark.django_db
class TestLogin:
    def test_login_with_right_password_goes_home(self, client, world):
        response = client.post(
            reverse("login"), {"username": "kepala", "password": DEFAULT_PASSWORD}
        )
        assert response.status_code == 302
        assert response["Location"] == HOME

    def test_wrong_password_shows_indonesian_error(self, client, world):
        response = client.post(reverse("login"), {"username": "kepala", "password": "salah"})
        assert response.status_code == 200
        assert "nama pengguna dan sandi yang benar" in response.content.decode().lower()
        assert SESSION_KEY not in client.session

    def test_failed_logins_are_throttled_per_username_and_address(self, client, world, settings):
        settings.AXES_FAILURE_LIMIT = 3
        for _ in range(3):
            client.post(reverse("login"), {"username": "kepala", "password": "salah"})
        response = client.post(
            reverse("login"), {"username": "kepala", "password": DEFAULT_PASSWORD}
        )
        assert response.status_code == 429
        assert 'data-testid="locked-out"' in response.content.decode()
        assert SESSION_KEY not in client.session
        # Another username from the same address is not locked out.
        ok = client.post(reverse("login"), {"username": "admin", "password": DEFAULT_PASSWORD})
        assert ok.status_code == 302

    def test_forwarded_for_header_does_not_dodge_the_lockout(self, client, world, settings):
        settings.AXES_FAILURE_LIMIT = 2
        for n in range(2):
            client.post(
                reverse("login"),
                {"username": "kepala", "password": "salah"},
                HTTP_X_FORWARDED_FOR=f"10.0.0.{n}",
            )
        response = client.post(
            reverse("login"),
            {"username": "kepala", "password": DEFAULT_PASSWORD},
            HTTP_X_FORWARDED_FOR="10.0.0.99",
        )
        assert response.status_code == 429

    def test_logout_is_post_only_and_ends_session(self, client_for, world):
        client = client_for(world.head)
        assert client.get(reverse("logout")).status_code == 405
        client.post(reverse("logout"))
        assert SESSION_KEY not in client.session

    def test_open_redirect_through_next_is_refused(self, client, world):
        response = client.post(
            reverse("login") + "?next=https://evil.example/",
            {"username": "kepala", "password": DEFAULT_PASSWORD, "next": "https://evil.example/"},
        )
        assert response["Location"] == HOME

    def test_deactivated_account_loses_its_session(self, client_for, world):
        client = client_for(world.head)
        assert client.get(HOME).status_code == 200
        deactivate_user(user=world.head)
        response = client.get(HOME)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))

    def test_password_change_requires_the_old_password(self, client_for, world):
        client = client_for(world.head)
        response = client.post(
            reverse("password_change"),
            {
                "old_password": "salah",
                "new_password1": "Baru#2025xyz",
                "new_password2": "Baru#2025xyz",
            },
        )
        assert response.status_code == 200
        world.head.refresh_from_db()
        assert world.head.check_password(DEFAULT_PASSWORD)
        response = client.post(
            reverse("password_change"),
            {
                "old_password": DEFAULT_PASSWORD,
                "new_password1": "Baru#2025xyz",
                "new_password2": "Baru#2025xyz",
            },
        )
        assert response.status_code == 302
        world.head.refresh_from_db()
        assert world.head.check_password("Baru#2025xyz")


@pytest.mark.django_db
class TestErrorPages:
    def test_unknown_page_is_indonesian_404(self, client_for, world):
        response = client_for(world.head).get("/tidak-ada/")
        assert response.status_code == 404
        assert "Halaman yang Anda cari tidak ditemukan." in response.content.decode()

    def test_500_page_renders_without_database(self, rf):
        from organizations.views import server_error

        response = server_error(rf.get("/"))
        assert response.status_code == 500
        assert "Terjadi kesalahan pada server." in response.content.decode()

    def test_403_page_is_indonesian(self, rf, world):
        from organizations.views import permission_denied

        request = rf.get("/")
        request.user = world.head
        response = permission_denied(request)
        assert response.status_code == 403
        assert "Anda tidak memiliki akses" in response.content.decode()


@pytest.mark.django_db
class TestAdminScoping:
    def test_agency_admin_lists_only_their_employees(self, client_for, world):
        response = client_for(world.admin).get(reverse("admin:organizations_employee_changelist"))
        body = response.content.decode()
        assert response.status_code == 200
        assert world.employee.nip in body
        assert world.foreign_employee.nip not in body

    def test_agency_admin_cannot_open_foreign_employee(self, client_for, world):
        url = reverse("admin:organizations_employee_change", args=[world.foreign_employee.pk])
        response = client_for(world.admin).get(url)
        assert response.status_code == 302  # admin redirects a missing object to the index
        assert world.foreign_employee.nip not in response.content.decode()

    def test_agency_admin_cannot_post_to_foreign_employee(self, client_for, world):
        url = reverse("admin:organizations_employee_change", args=[world.foreign_employee.pk])
        client_for(world.admin).post(url, {"name": "Diubah", "nip": world.foreign_employee.nip})
        world.foreign_employee.refresh_from_db()
        assert world.foreign_employee.name != "Diubah"

    def test_unit_choices_are_limited_to_own_agency(self, client_for, world):
        response = client_for(world.admin).get(reverse("admin:organizations_employee_add"))
        body = response.content.decode()
        assert f'value="{world.opd.pk}"' in body
        assert f'value="{world.foreign_opd.pk}"' not in body

    @pytest.mark.parametrize("actor", ["head", "employee_user", "inspector"])
    def test_non_staff_cannot_use_admin(self, client_for, world, actor):
        response = client_for(getattr(world, actor)).get(
            reverse("admin:organizations_employee_changelist")
        )
        assert response.status_code == 302
        assert "/admin/login/" in response["Location"]

    def test_agency_admin_cannot_manage_logins(self, client_for, world):
        response = client_for(world.admin).get(reverse("admin:organizations_user_changelist"))
        assert response.status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize(
    "model", ["schedules_roster", "schedules_assignmentchange", "monitoring_attendancecheck"]
)
def test_service_written_rows_are_read_only_in_admin_and_hidden_from_agency_admins(
    client_for, world, model
):
    from organizations.tests.factories import UserFactory

    root = UserFactory(username="root", is_staff=True, is_superuser=True)
    client = client_for(root)
    assert client.get(reverse(f"admin:{model}_changelist")).status_code == 200
    assert client.get(reverse(f"admin:{model}_add")).status_code == 403
    assert client_for(world.admin).get(reverse(f"admin:{model}_changelist")).status_code == 403
