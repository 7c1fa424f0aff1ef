"""Settings of the served benchmarks: the portal as deployed, with the URLs of
``_bare_urls`` (the portal's plus a bare view). Used as DJANGO_SETTINGS_MODULE by
bench/throughput.py; never loaded by the portal itself.
"""

import os

os.environ.setdefault("WFA_TESTING", "1")  # a development key, no HTTPS redirect on loopback

from wfa_portal.settings import *  # noqa: E402, F403
from wfa_portal.settings import MIDDLEWARE  # noqa: E402

DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "_bare_urls"
WHITENOISE_AUTOREFRESH = False  # as deployed: no file scan per request
MIDDLEWARE = list(MIDDLEWARE)
# Keys of their own in the shared Redis database: a test run beside the bench
# changes the policy version of its own keys, not of these.
_PREFIX = os.environ.get("WFA_BENCH_CACHE_PREFIX", "bench-throughput")
CACHES = {name: {**config, "KEY_PREFIX": _PREFIX} for name, config in CACHES.items()}  # noqa: F405
