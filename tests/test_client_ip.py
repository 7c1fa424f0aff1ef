"""Behind a reverse proxy: one setting (TRUSTED_PROXY_COUNT) decides which address is
the client's, for the API throttles, django-axes and the public pages alike. By
default no forwarded header is trusted."""

from __future__ import annotations

import pytest
from axes.helpers import get_client_ip_address
from axes.models import AccessAttempt
from django.core.cache import cache
from django.test import RequestFactory
from django.urls import reverse
from rest_framework.test import APIClient
from rest_framework.throttling import BaseThrottle

from api.models import ApiToken
from organizations.tests.factories import DEFAULT_PASSWORD
from tests.test_runtime import settings_in_subprocess
from wfa_portal.client_ip import client_ip

TOKEN = "/api/v1/auth/token/"
CLIENT = "203.0.113.7"  # the address our proxy saw
PROXY = "10.0.0.2"  # REMOTE_ADDR behind the proxy


@pytest.fixture(autouse=True)
def _token_rate(settings):
    cache.clear()  # throttle counters of other tests
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "100/min", "user": "100/min", "token": "9/min"},
    }
    yield
    cache.clear()


@pytest.fixture
def behind_one_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}


def obtain_tokens(forwarded_for: list[str], *, remote: str = "127.0.0.1") -> list[int]:
    login = {"username": "kepala", "password": DEFAULT_PASSWORD}
    return [
        APIClient()
        .post(TOKEN, login, format="json", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=header)
        .status_code
        for header in forwarded_for
    ]


def test_by_default_a_forwarded_for_header_does_not_dodge_the_token_throttle(world):
    codes = obtain_tokens([f"198.51.100.{n}" for n in range(14)])
    assert codes == [201] * 9 + [429] * 5
    assert ApiToken.objects.filter(user=world.head).count() == 9


def test_behind_one_proxy_a_prepended_address_does_not_dodge_the_token_throttle(
    world, behind_one_proxy
):
    codes = obtain_tokens([f"198.51.100.{n}, {CLIENT}" for n in range(14)], remote=PROXY)
    assert codes == [201] * 9 + [429] * 5


def test_behind_one_proxy_each_client_the_proxy_saw_has_its_own_limit(world, behind_one_proxy):
    codes = obtain_tokens([f"1.2.3.4, 203.0.113.{n}" for n in range(14)], remote=PROXY)
    assert codes == [201] * 14
    assert ApiToken.objects.filter(user=world.head).count() == 14


@pytest.mark.parametrize(
    ("proxies", "forwarded_for", "expected"),
    [
        (0, "", PROXY),
        (0, "198.51.100.1", PROXY),
        (0, f"198.51.100.1, {CLIENT}", PROXY),
        (1, "", PROXY),
        (1, CLIENT, CLIENT),
        (1, f"198.51.100.1, {CLIENT}", CLIENT),
        (1, f"198.51.100.1,{CLIENT}", CLIENT),
        (2, f"198.51.100.1, {CLIENT}, 10.0.0.1", CLIENT),
        (2, CLIENT, CLIENT),  # fewer entries than proxies: the left-most there is
        (1, "2001:db8::7", "2001:db8::7"),
    ],
)
def test_client_ip_is_drfs_rule_for_the_same_number_of_proxies(
    proxies, forwarded_for, expected, settings
):
    settings.TRUSTED_PROXY_COUNT = proxies
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": proxies}
    extra = {"HTTP_X_FORWARDED_FOR": forwarded_for} if forwarded_for else {}
    request = RequestFactory().get("/", REMOTE_ADDR=PROXY, **extra)
    assert client_ip(request) == expected
    assert BaseThrottle().get_ident(request) == expected
    assert get_client_ip_address(request) == expected  # django-axes asks the same function


@pytest.mark.parametrize("junk", ["unknown", "<script>", "1.2.3.4.5", "x" * 500, "\x00"])
def test_a_forwarded_value_that_is_no_address_falls_back_to_remote_addr(junk, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    request = RequestFactory().get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=junk)
    assert client_ip(request) == PROXY


def test_axes_records_remote_addr_by_default_whatever_the_header(client, world):
    client.post(
        reverse("login"),
        {"username": "kepala", "password": "salah"},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR="198.51.100.9",
    )
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == [PROXY]


def test_axes_behind_one_proxy_records_and_locks_the_address_the_proxy_saw(
    client, world, settings, behind_one_proxy
):
    settings.AXES_FAILURE_LIMIT = 2
    wrong = {"username": "kepala", "password": "salah"}
    for n in range(2):
        client.post(
            reverse("login"),
            wrong,
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR=f"198.51.100.{n}, {CLIENT}",
        )
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {CLIENT}
    right = {"username": "kepala", "password": DEFAULT_PASSWORD}
    locked = client.post(
        reverse("login"), right, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"1.1.1.1, {CLIENT}"
    )
    assert locked.status_code == 429
    assert 'data-testid="locked-out"' in locked.content.decode()
    # Another client behind the same proxy is not locked out.
    other = client.post(
        reverse("login"), right, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.8"
    )
    assert other.status_code == 302


def test_one_environment_variable_sets_drf_and_axes_alike():
    expr = (
        "settings.TRUSTED_PROXY_COUNT, settings.REST_FRAMEWORK['NUM_PROXIES'], "
        "settings.AXES_CLIENT_IP_CALLABLE"
    )
    default = settings_in_subprocess({"DEBUG": "1"}, expr)
    assert default.returncode == 0, default.stderr
    assert default.stdout.strip() == "0 0 wfa_portal.client_ip.client_ip"
    two = settings_in_subprocess({"DEBUG": "1", "TRUSTED_PROXY_COUNT": "2"}, expr)
    assert two.stdout.strip() == "2 2 wfa_portal.client_ip.client_ip"
