"""The Celery application.

Production runs a worker and beat against Redis (REDIS_URL). In the embedded
default there is no broker: settings make tasks eager, so the same code runs
in-process, and callers enqueue only after their transaction commits.
"""

import os

from celery import Celery

from ops.tasks_context import connect as connect_request_ids

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wfa_portal.settings")

app = Celery("wfa_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
# The request id travels in task headers; the worker keeps Django's LOGGING (text or JSON).
connect_request_ids()
