"""deploy/: the units, the gunicorn settings and the nginx site agree with the code."""

import configparser
import importlib
import re
import runpy
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
UNITS = DEPLOY / "systemd"
RELEASE = "/srv/wfa-portal/current"
ENV_FILE = "/etc/wfa-portal/env"
SERVICES = ["wfa-portal-web", "wfa-portal-worker", "wfa-portal-beat"]
ONESHOTS = ["wfa-portal-backup", "wfa-portal-restore-drill"]


def unit(name: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str  # systemd keys are case-sensitive
    parser.read_string((UNITS / name).read_text())
    return parser


def exec_start(name: str) -> list[str]:
    return shlex.split(unit(f"{name}.service")["Service"]["ExecStart"])


def in_repo(path: str) -> Path:
    assert path.startswith(f"{RELEASE}/"), path
    return ROOT / path.removeprefix(f"{RELEASE}/")


@pytest.mark.parametrize("name", SERVICES + ONESHOTS)
def test_every_service_runs_as_the_dedicated_user_with_the_environment_file(name):
    service = unit(f"{name}.service")["Service"]
    assert service["User"] == service["Group"] == "wfa"
    assert service["EnvironmentFile"] == ENV_FILE
    assert service["WorkingDirectory"] == RELEASE
    assert in_repo(service["ExecStart"].split()[0]).parent == ROOT / ".venv" / "bin"


@pytest.mark.parametrize("name", SERVICES)
def test_long_running_services_restart_and_belong_to_the_target(name):
    parsed = unit(f"{name}.service")
    assert parsed["Service"]["Restart"] in {"always", "on-failure"}
    assert int(parsed["Service"]["RestartSec"]) > 0
    assert parsed["Unit"]["PartOf"] == "wfa-portal.target"
    assert "wfa-portal.target" in parsed["Install"]["WantedBy"]
    assert f"{name}.service" in unit("wfa-portal.target")["Unit"]["Wants"]


def test_web_runs_gunicorn_on_the_real_wsgi_module_with_the_repo_config():
    command = exec_start("wfa-portal-web")
    assert Path(command[0]).name == "gunicorn"
    module, _colon, attribute = command[1].partition(":")
    assert module == "wfa_portal.wsgi"
    assert f"{module}.{attribute or 'application'}" == settings.WSGI_APPLICATION
    assert callable(importlib.import_module(module).application)
    config = in_repo(command[command.index("--config") + 1])
    assert config == DEPLOY / "gunicorn.conf.py"


@pytest.mark.parametrize(
    ("name", "role"), [("wfa-portal-worker", "worker"), ("wfa-portal-beat", "beat")]
)
def test_celery_services_name_the_real_celery_app(name, role):
    command = exec_start(name)
    assert Path(command[0]).name == "celery"
    app_module = command[command.index("-A") + 1]
    assert app_module == "wfa_portal"
    from celery import Celery

    assert isinstance(importlib.import_module(app_module).celery_app, Celery)
    assert command[command.index("-A") + 2] == role


@pytest.mark.parametrize(
    ("name", "command"),
    [("wfa-portal-backup", "backup"), ("wfa-portal-restore-drill", "restore_drill")],
)
def test_backup_services_run_the_management_commands(name, command):
    args = exec_start(name)
    assert args[1:3] == ["manage.py", command]
    assert (ROOT / "ops" / "management" / "commands" / f"{command}.py").is_file()
    timer = unit(f"{name}.timer")["Timer"]
    assert timer["OnCalendar"] and timer["Persistent"] == "true"


def test_gunicorn_config_binds_where_nginx_proxies_and_cleans_up_metrics():
    config = runpy.run_path(str(DEPLOY / "gunicorn.conf.py"))
    nginx = (DEPLOY / "nginx" / "wfa-portal.conf").read_text()
    upstream = re.search(r"upstream wfa_portal \{\s*server ([^;\s]+);", nginx).group(1)
    assert config["bind"] == upstream == "127.0.0.1:8000"
    assert config["accesslog"] is None  # the app logs access itself, probes below INFO
    assert callable(config["child_exit"])
    web = unit("wfa-portal-web.service")["Service"]
    assert web["Environment"].startswith("PROMETHEUS_MULTIPROC_DIR=/run/wfa-portal-web/")


def test_nginx_upload_limit_matches_the_app():
    from circulars.services import MAX_PDF_BYTES

    nginx = (DEPLOY / "nginx" / "wfa-portal.conf").read_text()
    limit = int(re.search(r"client_max_body_size (\d+)m;", nginx).group(1)) * 1024 * 1024
    assert limit == settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    assert limit > max(MAX_PDF_BYTES, settings.UPLOAD_MAX_BYTES)


def test_nginx_sets_the_forwarded_headers_for_one_trusted_proxy():
    snippet = (DEPLOY / "nginx" / "wfa-portal-proxy.conf").read_text()
    headers = dict(re.findall(r"proxy_set_header (\S+) (\S+);", snippet))
    assert headers["X-Forwarded-For"] == "$remote_addr"  # replaced, never appended to
    assert headers["X-Forwarded-Proto"] == "$scheme"
    assert headers["Host"] == "$host"
    site = (DEPLOY / "nginx" / "wfa-portal.conf").read_text()
    proxied = re.findall(r"location [^{]+\{[^}]*\}", site)
    for block in proxied:
        if "alias" not in block and "return 301" not in block and "acme" not in block:
            assert "wfa-portal-proxy.conf" in block, block


def test_nginx_serves_the_static_root_of_the_current_release():
    site = (DEPLOY / "nginx" / "wfa-portal.conf").read_text()
    alias = re.search(r"location /static/ \{\s*alias ([^;]+);", site).group(1)
    assert settings.STATIC_URL.strip("/") == "static"
    assert in_repo(alias.rstrip("/")) == ROOT / Path(settings.STATIC_ROOT).relative_to(
        settings.BASE_DIR
    )


def test_every_variable_of_the_environment_file_is_read_and_documented():
    names = re.findall(r"^#?([A-Z][A-Z0-9_]+)=", (DEPLOY / "env.example").read_text(), re.M)
    code = (ROOT / "wfa_portal" / "settings.py").read_text() + (
        DEPLOY / "gunicorn.conf.py"
    ).read_text()
    readme = (ROOT / "README.md").read_text()
    assert "DATABASE_URL" in names and "METRICS_TOKEN" in names
    for name in names:
        assert f'"{name}"' in code, f"{name} is not read by settings.py or gunicorn.conf.py"
        assert f"`{name}`" in readme, f"{name} is not in README.md's table"


def test_units_pass_systemd_analyze_verify(tmp_path):
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        pytest.skip("systemd-analyze is not installed")
    for path in UNITS.iterdir():
        (tmp_path / path.name).write_text(path.read_text().replace(RELEASE, str(ROOT)))
    result = subprocess.run(  # noqa: S603 - a fixed command on our own files
        [analyze, "verify", "--man=no", *sorted(str(p) for p in tmp_path.iterdir())],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
