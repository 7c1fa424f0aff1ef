"""The navigation bar of every page, rendered once per process for each combination of
what it shows, then filled with the request's own values (#18).

``templates/_navbar.html`` (the menu of the login's roles, the language menu, the
bell, the account menu) cost more CPU through the template engine than a whole
cached page body. Everything it shows is a function of the key below (the active
language, the script prefix, the login's role flags, the bell's figure) except the
login's name, the page's path and the CSRF token: those are rendered as
placeholders (a ``<`` no escaped text can contain) and put in per request. The
output depends on nothing stored, so it needs no invalidation: a change of roles
changes the key.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

from django import template
from django.template.loader import render_to_string
from django.urls import get_script_prefix
from django.utils import translation
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from wfa_portal.fragments import CSRF_PLACEHOLDER as CSRF

register = template.Library()

NAME = mark_safe("<!--wfa:name-->")  # noqa: S308 - constants
PATH = mark_safe("<!--wfa:path-->")  # noqa: S308
CSRF_INPUT = f'<input type="hidden" name="csrfmiddlewaretoken" value="{CSRF}">'
_MEMO: dict[tuple[Any, ...], str] = {}
_MEMO_SIZE = 2000
_lock = threading.Lock()


@dataclass(frozen=True)
class NavActor:
    """The role flags the menu reads (``actor.*`` in the nav templates): nothing else."""

    roster_unit_ids: bool = False
    is_admin: bool = False
    is_inspector: bool = False
    is_head: bool = False
    employee: bool = False


@dataclass(frozen=True)
class NavUser:
    is_authenticated: bool
    is_superuser: bool
    username: str = NAME

    def get_full_name(self) -> str:
        return NAME


@dataclass(frozen=True)
class NavBell:
    count: int
    label: str


@dataclass(frozen=True)
class NavRequest:
    def get_full_path(self) -> str:
        return PATH


@register.simple_tag(takes_context=True)
def portal_navbar(context) -> SafeString:
    user = context.get("user")
    authenticated = bool(getattr(user, "is_authenticated", False))
    superuser = bool(authenticated and user.is_superuser)
    actor, bell = NavActor(), NavBell(0, "0")
    if authenticated:
        real = context.get("actor")
        if real is not None:
            actor = NavActor(
                roster_unit_ids=bool(real.roster_unit_ids),
                is_admin=real.is_admin,
                is_inspector=real.is_inspector,
                is_head=real.is_head,
                employee=real.employee is not None,
            )
        found = context.get("notification_bell")
        if found is not None:
            bell = NavBell(found.count, found.label)
    language = translation.get_language() or ""
    key = (language, get_script_prefix(), authenticated, superuser, actor, bell)
    html = _MEMO.get(key)
    if html is None:
        html = render_to_string(
            "_navbar.html",
            {
                "LANGUAGE_CODE": language,
                "user": NavUser(authenticated, superuser),
                "actor": actor,
                "notification_bell": bell,
                "request": NavRequest(),
                "csrf_token": CSRF,
            },
        )
        with _lock:
            if len(_MEMO) >= _MEMO_SIZE:
                _MEMO.clear()
            _MEMO[key] = html
    return mark_safe(_filled(html, context, user))  # noqa: S308 - escaped below


def _filled(html: str, context, user) -> str:
    request = context.get("request")
    path = request.get_full_path() if request is not None else ""
    name = (user.get_full_name() or user.username) if getattr(user, "pk", None) else ""
    token = context.get("csrf_token")
    html = html.replace(PATH, escape(path)).replace(NAME, escape(name))
    if not token or token == "NOTPROVIDED":  # noqa: S105 - Django's marker, not a secret
        return html.replace(CSRF_INPUT, "")
    return html.replace(CSRF, escape(str(token)))
