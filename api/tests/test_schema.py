"""The OpenAPI 3 schema and the vendored docs page."""

import re

import yaml
from django.urls import URLPattern, URLResolver, get_resolver

from api import urls as api_urls


def _schema(client):
    response = client.get("/api/v1/schema/")
    assert response.status_code == 200
    return yaml.safe_load(response.content)


def _api_paths() -> set[str]:
    """Every path of api/urls.py in OpenAPI form ({pk}, {unit}, {week})."""
    paths = set()
    for pattern in api_urls.urlpatterns:
        if isinstance(pattern, URLResolver):
            continue
        assert isinstance(pattern, URLPattern)
        route = str(pattern.pattern).lstrip("^").rstrip("$")
        route = re.sub(r"\(\?P<(\w+)>[^)]*\)", r"{\1}", route)
        route = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route)
        route = route.replace("{pk}", "{id}")  # drf-spectacular names a pk "id"
        if route.startswith(("schema/", "docs/")) or "\\.(?P" in route or "{format}" in route:
            continue
        paths.add("/api/v1/" + route)
    return paths


def test_schema_is_openapi_3_with_every_path(world, client):
    schema = _schema(client)
    assert schema["openapi"].startswith("3.")
    assert {"openapi", "info", "paths", "components"} <= set(schema)
    assert schema["info"]["title"] == "WFA Portal API"
    assert "tokenAuth" in schema["components"]["securitySchemes"]
    assert _api_paths() - set(schema["paths"]) == set()
    assert "/api/v1/rosters/{unit}/{week}/assignments/" in schema["paths"]
    put = schema["paths"]["/api/v1/rosters/{unit}/{week}/assignments/"]["put"]
    assert {"200", "422"} <= set(put["responses"])


def test_read_only_fields_are_marked(world, client):
    components = _schema(client)["components"]["schemas"]
    circular = components["Circular"]["properties"]
    for name in ("status", "created_by", "published_at", "amends"):
        assert circular[name].get("readOnly") is True, name
    assert "status" not in components["CircularRequest"]["properties"]


def test_docs_page_uses_only_vendored_assets(world, client):
    response = client.get("/api/v1/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/vendor/swagger-ui/swagger-ui-bundle.js" in html
    assert not re.search(r"(?:src|href)=[\"'](?:https?:)?//", html)
    assert "cdn" not in html.lower()


def test_vendored_files_exist(settings):
    vendor = settings.BASE_DIR / "static" / "vendor" / "swagger-ui"
    for name in ("swagger-ui-bundle.js", "swagger-ui.css", "swagger-ui-standalone-preset.js"):
        assert (vendor / name).stat().st_size > 1000
    assert "Apache" in (vendor / "LICENSE").read_text()


def test_resolver_has_api_namespace():
    assert "api" in get_resolver().namespace_dict


def _formats(node) -> set[str]:
    if isinstance(node, dict):
        found = {node["format"]} if isinstance(node.get("format"), str) else set()
        return found.union(*(_formats(value) for value in node.values()))
    if isinstance(node, list):
        return set().union(*(_formats(value) for value in node))
    return set()


def test_schema_formats_are_only_those_the_api_writes(world, client):
    """``format: time`` (RFC 3339: with an offset) and ``format: email`` (never "") were lies.
    ``binary`` is a file: a report's attachment, uploaded (multipart) and downloaded."""
    assert _formats(_schema(client)) <= {"date", "date-time", "uri", "binary"}


def test_office_hours_are_what_the_schema_says(world, client, api):
    pattern = _schema(client)["components"]["schemas"]["Circular"]["properties"]["work_start"][
        "pattern"
    ]
    body = {
        "number": "800/9/2025",
        "title": "WFA",
        "windows": [{"start": "2025-03-24", "end": "2025-03-27"}],
        "work_start": "07:30",
        "work_end": "16:00:00",
    }
    created = api(world.admin).post("/api/v1/circulars/", body, format="json")

    assert created.status_code == 201, created.content
    assert (created.json()["work_start"], created.json()["work_end"]) == ("07:30:00", "16:00:00")
    assert re.fullmatch(pattern, created.json()["work_start"])


def test_an_account_without_email_is_what_the_schema_says(world, client, api):
    email = _schema(client)["components"]["schemas"]["Account"]["properties"]["email"]
    type(world.head).objects.filter(pk=world.head.pk).update(email="")
    accounts = api(world.admin).get("/api/v1/accounts/").json()["results"]

    assert email["type"] == "string" and "format" not in email
    assert "" in {account["email"] for account in accounts}


def test_schema_generation_warns_of_nothing(db):
    """drf-spectacular's deploy check (run by CI with --fail-level WARNING) stays clean:
    a choice set used under two names needs an ENUM_NAME_OVERRIDES entry."""
    from django.core import checks

    found = checks.run_checks(include_deployment_checks=True)
    assert [m.msg for m in found if m.id.startswith("drf_spectacular")] == []
