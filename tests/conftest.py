"""The API's client fixtures, shared with the project-wide tests here."""

from api.tests.conftest import _fresh_throttles, api  # noqa: F401 - fixtures
