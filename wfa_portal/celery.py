"""The Celery application.

Production runs a worker and beat against Redis (REDIS_URL). In the embedded
default there is no broker: settings make tasks eager, so the same code runs
in-process, and callers enqueue only after their transaction commits.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wfa_portal.settings")

app = Celery("wfa_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
