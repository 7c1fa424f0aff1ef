"""Schemathesis against the live schema, loaded from the WSGI app, as a BKPSDM
admin and as an OPD head: no 5xx, and every response conforms to the schema.

Bounded: twenty examples per operation, derandomized, keep the whole run near a minute
(PostgreSQL, where NUL in text fails). Strings run unbounded: any UTF-8 character, NUL
included, with a fifth of them taken from EDGES.
"""

import pytest

schemathesis = pytest.importorskip("schemathesis")

from django.core import signals  # noqa: E402
from django.core.wsgi import get_wsgi_application  # noqa: E402
from django.db import close_old_connections  # noqa: E402
from django.test import override_settings  # noqa: E402
from hypothesis import HealthCheck, settings  # noqa: E402
from schemathesis.checks import not_a_server_error, response_schema_conformance  # noqa: E402
from schemathesis.config import SchemathesisConfig  # noqa: E402

from api.services import issue_token  # noqa: E402
from schedules.tests.support import add_staff, publish_circular  # noqa: E402

# The WSGI client of schemathesis sends "Host: localhost".
# Examples and fuzzing only: the coverage phase alone runs dozens of cases per operation.
# Generation is spelled out, not left to defaults: NUL bytes allowed, any UTF-8 character
# (no narrower codec), valid and invalid data both (invalid strings run past maxLength).
# Besides, a fifth of the generated strings come from EDGES: the inputs an attack run found
# 500s with (NUL, Unicode digits, 5,000-digit numbers, long text, the calendar's edge).
EDGES = [
    "\x00",
    "a\x00b",
    "x" * 5000,
    "²",
    "٣",
    "9" * 5000,
    "9" * 30,
    "9999-12-31",
    "0001-01-01",
    "9999-W52",
    "0001-W01",
    "2025-W53",
    "[" * 64,
]
CONFIG = SchemathesisConfig.from_dict(
    {
        "dictionaries": {"edges": {"values": EDGES}},
        "generation": {
            "allow-x00": True,
            "codec": "utf-8",
            "mode": "all",
            "dictionaries": {"string": {"dictionary": "edges", "probability": 0.2}},
        },
        "phases": {"coverage": {"enabled": False}, "stateful": {"enabled": False}},
    }
)
with override_settings(ALLOWED_HOSTS=["localhost"]):
    schema = schemathesis.openapi.from_wsgi(
        "/api/v1/schema/", get_wsgi_application(), config=CONFIG
    )

# Operations that change the caller's own credentials, not the data: skipped.
SKIPPED = {("POST", "/api/v1/auth/token/"), ("DELETE", "/api/v1/tokens/{id}/")}

BOUNDED = settings(
    max_examples=20,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)


@pytest.fixture
def live(db, settings):
    settings.ALLOWED_HOSTS = ["localhost", "testserver"]
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": None, "user": None, "token": None},
    }
    # The WSGI handler closes "old" connections at each request, which would end the
    # test's transaction; Django's own test client switches that off the same way.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def _header(world, actor: str) -> dict[str, str]:
    add_staff(world.opd, 4)
    publish_circular(world.agency)
    _token, key = issue_token(user=getattr(world, actor), name="schemathesis")
    return {"Authorization": f"Token {key}"}


def _check(case, header: dict[str, str]) -> None:
    if (case.method.upper(), case.path) in SKIPPED:
        return
    response = case.call(headers=header)
    case.validate_response(response, checks=[not_a_server_error, response_schema_conformance])


@pytest.fixture
def admin_header(live, world):
    return _header(world, "admin")


@pytest.fixture
def head_header(live, world):
    return _header(world, "head")


# A 5,000-character session cookie is one of the generated cases; the client warns.
pytestmark = pytest.mark.filterwarnings("ignore:The 'sessionid' cookie is too large")


@schema.parametrize()
@BOUNDED
def test_api_as_bkpsdm_admin(case, admin_header):
    _check(case, admin_header)


@schema.parametrize()
@BOUNDED
def test_api_as_opd_head(case, head_header):
    _check(case, head_header)
