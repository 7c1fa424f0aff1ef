"""django-admin for one app's folder (``make messages``), with that folder off sys.path.

Importing the project's Celery app leaves the current directory on sys.path; inside
``monitoring/`` its module ``attendance.py`` would then shadow the ``attendance`` app.
"""

import os
import sys

here = os.getcwd()
import wfa_portal  # noqa: E402, F401 - loads Celery, which puts the current directory on sys.path

sys.path[:] = [p for p in sys.path if os.path.abspath(p or ".") != here]

from django.core.management import execute_from_command_line  # noqa: E402

execute_from_command_line(["django-admin", *sys.argv[1:]])
