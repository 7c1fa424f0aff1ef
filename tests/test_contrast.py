"""The navbar's colours and the favicon: the contrast is computed from the CSS itself."""

import re
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.test import RequestFactory

CSS = Path(settings.BASE_DIR, "static", "css", "portal.css")
FAVICON = Path(settings.BASE_DIR, "static", "favicon.svg")


def luminance(hex_colour: str) -> float:
    """Relative luminance of an sRGB colour (WCAG 2.x)."""
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def navbar_rule() -> dict[str, str]:
    block = CSS.read_text().split(".navbar-portal {", 1)[1].split("}", 1)[0]
    return dict(re.findall(r"([-\w]+):\s*(#[0-9a-fA-F]{6});", block))


def test_contrast_helper_matches_known_ratios():
    assert round(contrast("#ffffff", "#000000"), 1) == 21.0
    assert round(contrast("#ffffff", "#0d6efd"), 2) == 4.5  # Bootstrap's primary: just 4.5


def test_every_navbar_text_colour_has_at_least_4_5_to_1_on_its_background():
    rule = navbar_rule()
    background = rule.pop("background-color")
    assert set(rule) == {
        "--bs-navbar-color",
        "--bs-navbar-hover-color",
        "--bs-navbar-active-color",
        "--bs-navbar-brand-color",
        "--bs-navbar-brand-hover-color",
    }
    ratios = {name: round(contrast(colour, background), 2) for name, colour in rule.items()}
    assert min(ratios.values()) >= 4.5, ratios


def test_base_uses_the_navbar_colours_and_links_the_favicon(db):
    request = RequestFactory().get("/")
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    html = render_to_string("base.html", request=request)
    assert 'class="navbar navbar-expand-lg navbar-dark navbar-portal mb-3"' in html
    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in html
    assert "bg-primary mb-3" not in html


def test_favicon_is_a_small_svg_of_our_own():
    svg = FAVICON.read_text()
    assert svg.startswith("<svg") and 'viewBox="0 0 32 32"' in svg
    assert "http://" not in svg.replace('xmlns="http://www.w3.org/2000/svg"', "")
