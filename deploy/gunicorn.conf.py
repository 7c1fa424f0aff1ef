"""gunicorn settings for WFA Portal (read by deploy/systemd/wfa-portal-web.service).

Every value can be changed in /etc/wfa-portal/env without editing this file.
"""

import os

# nginx on the same machine talks to 127.0.0.1:8000; behind a load balancer bind the
# node's private address instead (GUNICORN_BIND=10.0.0.5:8000) and allow it in the firewall.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# 2-4 per core: requests are short and mostly wait on PostgreSQL.
workers = int(os.environ.get("GUNICORN_WORKERS", "4"))
# The PDF of a circular and a 1,000-staff roster save are the slowest pages (about 1 s);
# 60 s leaves room for an export without letting a stuck worker live forever.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then: a slow leak never takes a node down.
max_requests = 2000
max_requests_jitter = 200
# The app logs one access line per request itself (with the request id, the URL name and the
# time, and never the probes at INFO): gunicorn's own access log stays off.
accesslog = None
errorlog = "-"
# X-Forwarded-Proto is believed only from nginx on this machine.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")


def child_exit(server, worker):
    """With PROMETHEUS_MULTIPROC_DIR, drop a dead worker's live gauges from the sums."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
