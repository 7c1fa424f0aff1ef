"""One way to answer a page that htmx may ask for in part."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers


def render_page(
    request: HttpRequest,
    template: str,
    context: dict,
    *,
    partial: str = "",
    status: int = 200,
) -> HttpResponse:
    """The whole page, or on an htmx request the named ``{% partialdef %}`` of the same
    template. Either way the response says it varies on ``HX-Request``, so a cache never
    serves the fragment to a browser that asked for the page, or the other way round."""
    name = f"{template}#{partial}" if partial and request.htmx else template
    response = render(request, name, context, status=status)
    patch_vary_headers(response, ("HX-Request",))
    return response


def render_page_or_part(
    request: HttpRequest,
    *,
    page: Callable[[], HttpResponse],
    part: Callable[[], tuple[str, dict]],
) -> HttpResponse:
    """``render_page`` for a page whose body comes from a cache: ``page()`` answers the
    whole page (``wfa_portal.shell.render_framed``); on an htmx request the template
    (``"template#partial"``) and context of ``part()`` are rendered. Varies on
    ``HX-Request``."""
    if request.htmx:
        name, context = part()
        response = render(request, name, context)
    else:
        response = page()
    patch_vary_headers(response, ("HX-Request",))
    return response
