"""Content-Security-Policy: no inline script anywhere, so the header can forbid it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db

ROOT = Path(settings.BASE_DIR)
TEMPLATES = sorted(
    path
    for folder in [ROOT / "templates", *ROOT.glob("*/templates")]
    if ".venv" not in folder.parts
    for path in folder.rglob("*.html")
)
# <script> with a body (anything but src= and a JSON data block), on*= handlers, javascript: URLs.
INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", re.I)
HANDLER = re.compile(r"\s(?:on[a-z]+|hx-on[:-][\w:-]*)\s*=", re.I)
JS_URL = re.compile(r"""(?:href|src|action)\s*=\s*["']?\s*javascript:""", re.I)


def _policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {
        name: values
        for name, *values in (part.split() for part in header.split(";") if part.strip())
    }


def test_every_template_is_found():
    names = {path.name for path in TEMPLATES}
    assert {"base.html", "week.html", "dashboard.html", "swagger_ui.html"} <= names


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_template_has_inline_script_or_handlers(path):
    text = path.read_text(encoding="utf-8")
    assert not INLINE_SCRIPT.search(text), "inline <script>: move it to a static .js file"
    assert not HANDLER.search(text), "on*= handler: add a listener in a static .js file"
    assert not JS_URL.search(text)


@pytest.mark.parametrize(
    ("actor", "name"),
    [
        (None, "login"),
        ("head", "home"),
        ("admin", "circulars:list"),
        ("head", "api:docs"),
    ],
)
def test_pages_carry_a_policy_without_inline_scripts(client_for, world, actor, name):
    response = client_for(getattr(world, actor) if actor else None).get(reverse(name))

    assert response.status_code == 200
    policy = _policy(response)
    assert policy["script-src"] == ["'self'"]
    assert policy["default-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert "'unsafe-eval'" not in policy["script-src"]
    body = response.content.decode()
    assert not INLINE_SCRIPT.search(body)
    assert not HANDLER.search(body)


def test_docs_page_starts_swagger_from_a_static_file(client_for, world):
    body = client_for(world.head).get(reverse("api:docs")).content.decode()

    assert '<script src="/static/js/swagger-init.js"></script>' in body
    assert 'data-schema-url="/api/v1/schema/"' in body


def test_htmx_injects_no_indicator_style(client_for, world):
    body = client_for(world.head).get(reverse("home")).content.decode()

    assert """<meta name="htmx-config" content='{"includeIndicatorStyles": false}'>""" in body
    assert ".htmx-indicator" in (ROOT / "static/css/portal.css").read_text()
