"""The frame of a page whose body comes from the shared cache, rendered once per
template, language and frame values, then filled per request (#18).

"Jadwal saya", the roster grid and the dashboard are ``base.html`` around a body
kept in the shared cache (``wfa_portal.fragments``). Rendering the frame through
the template engine (head, title, scripts, the navigation bar, the messages)
cost a third of such a visit. Everything in the frame is a function of the
template, the active language, the script prefix and the few values its own
blocks show (``frame``: a title's OPD and week, whether the dashboard has
charts), except four parts: the navigation bar (the login's name and roles, the
bell, the path: ``organizations.templatetags.chrome`` already memoizes it), the
messages, the CSRF token and the cached bodies. So the page's own template is
rendered once with marks in those places (``base.html`` puts ``shell.navbar`` and
``shell.messages`` where a plain render puts the tag and the include), split at
the marks and kept in this process; each request renders only its navigation bar
and messages (``_shell_parts.html``, with the request's context processors) and
joins the pieces. The marks are HTML comments with a ``<``, which no escaped
text contains, and the pieces put in are never searched for marks again. The
output depends on nothing stored, so it needs no invalidation.

Tests in ``tests/test_shell.py`` compare each framed page with the same page
rendered whole by the template engine.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Hashable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.urls import get_script_prefix
from django.utils import translation
from django.utils.html import escape
from django.utils.safestring import mark_safe

from .fragments import CSRF_PLACEHOLDER, page_context

NAVBAR = "<!--wfa:shell:navbar-->"
MESSAGES = "<!--wfa:shell:messages-->"
SPLIT = "<!--wfa:shell:split-->"
_MARKS = re.compile(r"(<!--wfa:(?:csrf|shell:[a-z]+|body:[a-z_]+)-->)")
_MEMO: dict[tuple[Any, ...], list[str]] = {}
_MEMO_SIZE = 2000
_lock = threading.Lock()


def _body_mark(name: str) -> str:
    return f"<!--wfa:body:{name}-->"


def render_framed(
    request: HttpRequest,
    template: str,
    *,
    frame: dict[str, Hashable] | None = None,
    **bodies: str,
) -> HttpResponse:
    """``template`` (which extends ``base.html``) with ``bodies`` (cached fragments with
    CSRF placeholders, by their names in the template) in it, as ``render`` would
    answer it. ``frame``: the other values the template shows (strings, numbers,
    booleans: they are part of the memo's key)."""
    frame = frame or {}
    pieces = _pieces(template, frame, tuple(bodies))
    context = page_context(request, **bodies)
    token = context["csrf_token"]
    navbar, messages = render_to_string(
        "_shell_parts.html", {"csrf_token": token}, request=request
    ).split(SPLIT)
    values = {
        NAVBAR: navbar,
        MESSAGES: messages,
        str(CSRF_PLACEHOLDER): escape(token),
        **{_body_mark(name): context[name] for name in bodies},
    }
    html = "".join(values.get(piece, piece) for piece in pieces)
    return HttpResponse(html)


def _pieces(template: str, frame: dict[str, Hashable], names: tuple[str, ...]) -> list[str]:
    """The frame split at its marks (each mark a piece of its own), from the memo."""
    key = (
        template,
        translation.get_language() or "",
        get_script_prefix(),
        tuple(sorted(frame.items())),
        names,
    )
    found = _MEMO.get(key)
    if found is None:
        marks = {name: mark_safe(_body_mark(name)) for name in names}  # noqa: S308
        shell = {"navbar": mark_safe(NAVBAR), "messages": mark_safe(MESSAGES)}  # noqa: S308
        html = render_to_string(
            template, {**frame, **marks, "shell": shell, "csrf_token": CSRF_PLACEHOLDER}
        )
        found = [piece for piece in _MARKS.split(html) if piece]
        with _lock:
            if len(_MEMO) >= _MEMO_SIZE:
                _MEMO.clear()
            _MEMO[key] = found
    return found
