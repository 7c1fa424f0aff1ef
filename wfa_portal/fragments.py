"""Page fragments rendered once and kept in the shared cache (#18), CSRF tokens aside.

A cached fragment is the same HTML for every request of its key, but the CSRF
token of a form is each request's own (masked afresh). A fragment is therefore
rendered with ``CSRF_PLACEHOLDER`` as its ``csrf_token`` (``{% csrf_token %}``
and ``conditional_escape`` keep it as it is) and each request puts its own token
in its place (``page_context``). The placeholder holds a ``<``: no escaped text can
contain it, so only the places of tokens are replaced. The page around the fragment
is given the same token, so a request masks its token once, not once per use.
"""

from __future__ import annotations

from typing import Any

from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.safestring import mark_safe

CSRF_PLACEHOLDER = mark_safe("<!--wfa:csrf-->")  # noqa: S308 - a constant


def render_fragment(template_name: str, context: dict[str, Any]) -> str:
    """The template rendered without the request: no per-request value may enter it."""
    return render_to_string(template_name, {**context, "csrf_token": CSRF_PLACEHOLDER})


def page_context(request: Any, **fragments: str) -> dict[str, Any]:
    """The context of a page around cached fragments: each fragment (by its name in the
    page's template) with this request's CSRF token in every form, and that token as
    the page's own ``csrf_token``."""
    token = get_token(request)
    context: dict[str, Any] = {"csrf_token": token}
    for name, html in fragments.items():
        if CSRF_PLACEHOLDER in html:
            html = html.replace(CSRF_PLACEHOLDER, escape(token))
        context[name] = mark_safe(html)  # noqa: S308 - rendered by the template engine
    return context
