"""The API's client fixture, shared with the project-wide tests here.

The API tests' autouse ``_fresh_throttles`` is not taken here: it would clear the cache
of every test below, the Redis-outage ones too. Modules that call the API often import it.
"""

from api.tests.conftest import api  # noqa: F401 - a fixture
