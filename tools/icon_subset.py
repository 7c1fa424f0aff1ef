"""Cut the vendored Bootstrap Icons down to the icons the portal uses.

The whole font is 131 KB of woff2, more than everything else a phone loads for "Jadwal
saya". This writes ``static/vendor/bootstrap-icons/bootstrap-icons-portal.css`` and its
font ``fonts/bootstrap-icons-portal.woff2`` with only the ``bi-*`` classes found in the
templates, the Python code and the scripts (a test keeps the list complete).

    .venv/bin/python tools/icon_subset.py

Needs fontTools with brotli (installed with WeasyPrint).
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ICONS = ROOT / "static" / "vendor" / "bootstrap-icons"
FULL_CSS = ICONS / "bootstrap-icons.min.css"
OUT_CSS = ICONS / "bootstrap-icons-portal.css"
OUT_FONT = ICONS / "fonts" / "bootstrap-icons-portal.woff2"
USED = re.compile(r"\bbi-[a-z0-9-]+")
SOURCES = ("*.html", "*.py", "*.js")
SKIP = {".venv", "node_modules", "vendor", "staticfiles", ".git"}


def used_icons() -> set[str]:
    found: set[str] = set()
    for pattern in SOURCES:
        for path in ROOT.rglob(pattern):
            if SKIP & set(path.relative_to(ROOT).parts) or path.name == "icon_subset.py":
                continue
            found |= set(USED.findall(path.read_text(encoding="utf-8", errors="ignore")))
    return found


def icon_rules(css: str) -> dict[str, str]:
    """``bi-name`` -> its code point escape (``\\f618``)."""
    return dict(re.findall(r'\.(bi-[a-z0-9-]+)::before\{content:"(\\[0-9a-f]+)"\}', css))


def main() -> None:
    from fontTools import subset

    css = FULL_CSS.read_text(encoding="utf-8")
    rules = icon_rules(css)
    wanted = sorted(name for name in used_icons() if name in rules)
    base = re.search(r"\.bi::before,[^{]+\{[^}]+\}", css).group(0)
    codes = [rules[name] for name in wanted]
    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = []
    options.name_IDs = ["*"]
    font = subset.load_font(str(ICONS / "fonts" / "bootstrap-icons.woff2"), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[int(code[1:], 16) for code in codes])
    subsetter.subset(font)
    subset.save_font(font, str(OUT_FONT), options)
    lines = [
        "/* Bootstrap Icons v1.13.2 (MIT, https://icons.getbootstrap.com/), cut down to the",
        "   icons the portal uses by tools/icon_subset.py: do not edit, run it again. */",
        '@font-face{font-display:block;font-family:bootstrap-icons;src:url("fonts/'
        f'{OUT_FONT.name}") format("woff2")}}',
        base,
        *(f'.{name}::before{{content:"{rules[name]}"}}' for name in wanted),
    ]
    OUT_CSS.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(wanted)} icons, {OUT_FONT.stat().st_size / 1024:.1f} KB of woff2")


if __name__ == "__main__":
    main()
