"""The navigation bar rendered once per language, role flags and bell figure
(organizations/templatetags/chrome.py) and filled per request: each login sees its own
menu, name, bell and CSRF token, and a change of roles shows on the next page."""

import pytest
from django.test import Client
from django.urls import reverse

from notifications.models import Notification
from organizations.models import Role
from organizations.templatetags import chrome
from tests.clients import logged_in

pytestmark = pytest.mark.django_db


def home(client, path="/") -> str:
    response = client.get(path)
    assert response.status_code == 200
    return response.content.decode()


def test_each_login_sees_the_menu_of_its_own_roles(world):
    chrome._MEMO.clear()
    admin, employee = home(logged_in(world.admin)), home(logged_in(world.employee_user))
    assert "nav-monitoring" in admin and "nav-my-schedule" not in admin
    assert "nav-my-schedule" in employee and "nav-monitoring" not in employee
    assert "nav-monitoring" not in home(logged_in(world.employee_user))  # from the memo


def test_a_role_taken_away_leaves_the_menu_at_once(world):
    head = logged_in(world.head)
    assert "nav-rosters" in home(head)
    Role.objects.filter(user=world.head).delete()
    assert "nav-rosters" not in home(head)


def test_the_name_and_the_path_are_escaped(world):
    world.employee_user.first_name = '<b>"Budi"</b>'
    world.employee_user.save()
    body = home(logged_in(world.employee_user), '/?x="><script>')
    assert "<b>" not in body and "&lt;b&gt;&quot;Budi&quot;&lt;/b&gt;" in body
    assert "<script>" not in body
    assert "<!--wfa:" not in body


def test_the_bell_shows_each_logins_own_count(world):
    Notification.objects.create(
        recipient=world.employee_user, kind="circular_published", event_key="k", subject="s"
    )
    assert 'data-testid="unread-count"' in home(logged_in(world.employee_user))
    assert 'data-testid="unread-count"' not in home(logged_in(world.head))


def test_the_language_form_carries_the_requests_own_token(world):
    client = logged_in(world.employee_user, enforce_csrf_checks=True)
    body = home(client)
    form = body[body.index('id="language-form"') :]
    token = form.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
    response = client.post(
        reverse("set_language"), {"language": "en", "next": "/", "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302
    body = home(client)
    assert 'lang="en"' in body and '<option value="en" selected>' in body


def test_an_anonymous_page_has_no_menu_of_roles(db):
    body = Client().get(reverse("login")).content.decode()
    assert "nav-rosters" not in body and "<!--wfa:" not in body
