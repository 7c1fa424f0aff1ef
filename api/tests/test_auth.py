"""Authentication: sessions, personal tokens (hashed, shown once, revocable), the
password-for-token endpoint, deactivated users and rate limits."""

import hashlib

import pytest

from api.models import ApiToken
from api.services import issue_token
from organizations.services import deactivate_user
from organizations.tests.factories import DEFAULT_PASSWORD

ME = "/api/v1/me/"


def test_anonymous_gets_401_with_token_challenge(world, api):
    response = api().get(ME)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


def test_session_login_reaches_the_api(world, api):
    response = api(world.head).get(ME)
    assert response.status_code == 200
    assert response.json()["username"] == "kepala"


def test_created_token_is_shown_once_and_stored_hashed(world, api):
    response = api(world.head).post("/api/v1/tokens/", {"name": "SIMPEG"})
    assert response.status_code == 201
    key = response.json()["key"]
    token = ApiToken.objects.get(user=world.head)
    assert token.key_hash == hashlib.sha256(key.encode()).hexdigest()
    assert key not in {token.key_hash, token.name, token.prefix}
    listed = api(world.head).get("/api/v1/tokens/").json()
    assert [t["name"] for t in listed] == ["SIMPEG"]
    assert "key" not in listed[0]
    assert api(token=key).get(ME).json()["username"] == "kepala"


def test_revoked_token_stops_working(world, api):
    token, key = issue_token(user=world.head, name="x")
    assert api(world.head).delete(f"/api/v1/tokens/{token.pk}/").status_code == 204
    assert api(token=key).get(ME).status_code == 401
    assert not ApiToken.objects.exists()


def test_cannot_see_or_revoke_another_users_token(world, api):
    token, key = issue_token(user=world.admin, name="admin")
    client = api(world.head)
    assert client.get(f"/api/v1/tokens/{token.pk}/").status_code == 404
    assert client.delete(f"/api/v1/tokens/{token.pk}/").status_code == 404
    assert api(token=key).get(ME).status_code == 200


def test_deactivated_users_token_stops_working(world, api):
    _token, key = issue_token(user=world.head, name="x")
    deactivate_user(user=world.head)
    response = api(token=key).get(ME)
    assert response.status_code == 401


def test_garbage_token_is_401(world, api):
    assert api(token="nope").get(ME).status_code == 401
    client = api()
    client.credentials(HTTP_AUTHORIZATION="Token a b")
    assert client.get(ME).status_code == 401


def test_obtain_token_with_password(world, api):
    response = api().post(
        "/api/v1/auth/token/",
        {"username": "kepala", "password": DEFAULT_PASSWORD, "name": "cron"},
    )
    assert response.status_code == 201
    assert api(token=response.json()["key"]).get(ME).status_code == 200
    assert ApiToken.objects.get().name == "cron"


def test_obtain_token_wrong_password_is_400_in_indonesian(world, api):
    response = api().post("/api/v1/auth/token/", {"username": "kepala", "password": "salah"})
    assert response.status_code == 400
    assert response.json()["detail"] == "Nama pengguna atau kata sandi salah."
    assert not ApiToken.objects.exists()


def test_obtain_token_is_locked_out_by_axes(world, api, settings):
    settings.AXES_FAILURE_LIMIT = 2
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": None, "user": None, "token": None},
    }
    for _ in range(2):
        api().post("/api/v1/auth/token/", {"username": "kepala", "password": "salah"})
    response = api().post(
        "/api/v1/auth/token/", {"username": "kepala", "password": DEFAULT_PASSWORD}
    )
    assert response.status_code in (403, 429)
    assert not ApiToken.objects.exists()


def test_deactivated_user_cannot_obtain_token(world, api):
    deactivate_user(user=world.head)
    response = api().post(
        "/api/v1/auth/token/", {"username": "kepala", "password": DEFAULT_PASSWORD}
    )
    assert response.status_code == 400


@pytest.fixture
def low_rates(settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "2/min", "user": "3/min", "token": "1/min"},
    }


def test_user_rate_limit_answers_429(world, api, low_rates):
    client = api(world.head)
    statuses = [client.get(ME).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]


def test_anonymous_rate_limit_answers_429(world, api, low_rates):
    # Permissions come before throttles: an anonymous limit shows on a public endpoint.
    statuses = [api().get("/api/v1/schema/").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]


def test_token_endpoint_is_stricter(world, api, low_rates):
    body = {"username": "kepala", "password": DEFAULT_PASSWORD}
    assert api().post("/api/v1/auth/token/", body).status_code == 201
    assert api().post("/api/v1/auth/token/", body).status_code == 429


# --- the profile page ------------------------------------------------------------


def test_token_page_shows_the_key_once(world, client_for):
    client = client_for(world.head)
    response = client.post("/akun/token/", {"name": "SIMPEG"})
    assert response.status_code == 200
    token = ApiToken.objects.get(user=world.head)
    key = response.context["new_key"]
    assert hashlib.sha256(key.encode()).hexdigest() == token.key_hash
    assert key in response.content.decode()
    assert response["Cache-Control"] == "no-store"
    again = client.get("/akun/token/")
    assert key not in again.content.decode()
    assert "SIMPEG" in again.content.decode()


def test_token_page_revokes_only_own_tokens(world, client_for):
    mine, _key = issue_token(user=world.head, name="mine")
    theirs, _key = issue_token(user=world.admin, name="theirs")
    client = client_for(world.head)
    assert client.post(f"/akun/token/{theirs.pk}/cabut/").status_code == 404
    assert client.post(f"/akun/token/{mine.pk}/cabut/").status_code == 302
    assert list(ApiToken.objects.values_list("name", flat=True)) == ["theirs"]


def test_token_page_needs_login(world, client_for):
    response = client_for(None).get("/akun/token/")
    assert response.status_code == 302
    assert "/akun/masuk/" in response["Location"]


def test_messages_follow_the_request_language(world, api):
    body = {"username": "kepala", "password": "salah"}
    response = api().post("/api/v1/auth/token/", body, HTTP_ACCEPT_LANGUAGE="en")
    assert response.json()["detail"] == "Wrong username or password."
