"""Safe rendering of a circular's Markdown body.

Markdown turns the text into HTML; nh3 then keeps only an allow-list of tags
and attributes (never a deny-list: those are bypassed again and again). A body
that carries a script is refused at input, so nobody is surprised by a silently
stripped part of an official letter.
"""

import re

import markdown as markdown_lib
import nh3

ALLOWED_TAGS = frozenset(
    {
        "p", "br", "hr", "strong", "em", "b", "i", "u", "s", "sub", "sup", "blockquote",
        "ul", "ol", "li", "h1", "h2", "h3", "h4", "h5", "h6", "code", "pre",
        "table", "thead", "tbody", "tr", "th", "td", "a", "abbr", "dl", "dt", "dd",
    }
)  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"align"}, "td": {"align"}}
URL_SCHEMES = frozenset({"http", "https", "mailto"})

_SCRIPT = re.compile(r"<\s*/?\s*script\b|javascript\s*:", re.IGNORECASE)


def contains_script(text: str) -> bool:
    """True when the text carries a <script> tag or a javascript: URL."""
    return bool(_SCRIPT.search(text or ""))


def render_markdown(text: str) -> str:
    """Markdown to HTML that is safe to put on a page as it is."""
    html = markdown_lib.markdown(text or "", extensions=["tables", "sane_lists"])
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(attrs) for tag, attrs in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel="noopener noreferrer nofollow",
    )
