"""Changing one's password: guesses of the current password are throttled like logins."""

import pytest
from axes.models import AccessAttempt
from django.urls import reverse

from organizations.tests.factories import DEFAULT_PASSWORD

pytestmark = pytest.mark.django_db

URL = reverse("password_change")
NEW = "Kalender-Baru-2025!"


def change(client, old):
    return client.post(URL, {"old_password": old, "new_password1": NEW, "new_password2": NEW})


def still_has_old_password(user) -> bool:
    user.refresh_from_db()
    return user.check_password(DEFAULT_PASSWORD) and not user.check_password(NEW)


def test_right_current_password_changes_it(client_for, world):
    response = change(client_for(world.head), DEFAULT_PASSWORD)

    assert response.status_code == 302
    assert response["Location"] == reverse("password_change_done")
    world.head.refresh_from_db()
    assert world.head.check_password(NEW)


def test_wrong_current_password_says_so_and_counts_as_a_failed_login(client_for, world):
    response = change(client_for(world.head), "tebakan")

    assert response.status_code == 200
    assert "Sandi lama Anda yang dimasukkan salah." in response.content.decode()
    assert AccessAttempt.objects.get(username="kepala").failures_since_start == 1
    assert still_has_old_password(world.head)


@pytest.mark.parametrize("limit", [3, 5])
def test_after_the_limit_even_the_right_password_is_refused(client_for, world, settings, limit):
    settings.AXES_FAILURE_LIMIT = limit
    client = client_for(world.head)
    for _ in range(limit - 1):
        assert change(client, "tebakan").status_code == 200

    locked = change(client, "tebakan")
    right = change(client, DEFAULT_PASSWORD)

    for response in (locked, right):
        assert response.status_code == 429
        body = response.content.decode()
        assert 'data-testid="locked-out"' in body
        assert "Terlalu banyak percobaan kata sandi yang salah." in body
        assert "Kata sandi Anda tidak diubah." in body
    assert still_has_old_password(world.head)


def test_the_lock_also_closes_the_login_from_that_address(client, client_for, world, settings):
    settings.AXES_FAILURE_LIMIT = 2
    guesser = client_for(world.head)
    change(guesser, "satu")
    change(guesser, "dua")
    client.logout()

    login = client.post(reverse("login"), {"username": "kepala", "password": DEFAULT_PASSWORD})

    assert login.status_code == 429
    assert "Terlalu banyak percobaan masuk yang gagal." in login.content.decode()


def test_one_login_locked_leaves_the_others_alone(client_for, world, settings):
    settings.AXES_FAILURE_LIMIT = 2
    guesser = client_for(world.head)
    change(guesser, "satu")
    change(guesser, "dua")

    response = change(client_for(world.admin), DEFAULT_PASSWORD)

    assert response.status_code == 302
    world.admin.refresh_from_db()
    assert world.admin.check_password(NEW)


def test_anonymous_is_sent_to_login(client):
    response = client.post(URL, {"old_password": "x", "new_password1": NEW, "new_password2": NEW})

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert not AccessAttempt.objects.exists()
