"""What the environment switches on: JSON logs, error reports, the first middleware."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_django(env: dict[str, str], code: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("SENTRY_", "LOG_"))}
    script = (
        "import os, sys, django; os.environ['DJANGO_SETTINGS_MODULE'] = 'wfa_portal.settings'; "
        f"django.setup(); {code}"
    )
    return subprocess.run(  # noqa: S603 - our own interpreter and a fixed snippet
        [sys.executable, "-c", script],
        env={**clean, "WFA_TESTING": "1", **env},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )


LOG_A_LINE = (
    "import logging; from ops.context import request_id_var; request_id_var.set('req-env-1'); "
    "logging.getLogger('wfa.test').warning('Jadwal %s disimpan', 'W35', extra={'unit': 7})"
)


def test_log_format_json_writes_one_json_object_a_line():
    result = run_django({"LOG_FORMAT": "json"}, LOG_A_LINE)
    assert result.returncode == 0, result.stderr
    entry = json.loads(result.stderr.strip().splitlines()[-1])
    assert entry["message"] == "Jadwal W35 disimpan"
    assert entry["level"] == "WARNING"
    assert entry["logger"] == "wfa.test"
    assert entry["request_id"] == "req-env-1"
    assert entry["unit"] == 7
    assert entry["time"].endswith("+00:00")


def test_plain_text_logs_by_default_with_the_request_id():
    result = run_django({}, LOG_A_LINE)
    assert result.returncode == 0, result.stderr
    assert (
        result.stderr.strip().splitlines()[-1] == "WARNING wfa.test [req-env-1] Jadwal W35 disimpan"
    )


def test_sentry_is_neither_imported_nor_started_without_a_dsn():
    result = run_django({}, "print('sentry_sdk' in sys.modules)")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def test_sentry_starts_when_a_dsn_is_set_and_sends_no_personal_data():
    # A DSN on a closed loopback port: nothing is sent, the client is only configured.
    code = (
        "import sentry_sdk; c = sentry_sdk.get_client(); "
        "print(c.is_active(), c.options['send_default_pii'], c.options['environment'])"
    )
    env = {"SENTRY_DSN": "http://public@127.0.0.1:9/1", "SENTRY_ENVIRONMENT": "uji"}
    result = run_django(env, code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True False uji"


def test_ops_middleware_comes_first():
    from django.conf import settings

    assert settings.MIDDLEWARE[0] == "ops.middleware.OpsMiddleware"
