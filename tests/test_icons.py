"""The portal loads a cut-down Bootstrap Icons (tools/icon_subset.py): every icon a
template, a module or a script names must be in it, or it would show as a blank."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)


def _tool():
    spec = importlib.util.spec_from_file_location("icon_subset", ROOT / "tools" / "icon_subset.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_icon_used_is_in_the_subset():
    tool = _tool()
    known = tool.icon_rules(tool.FULL_CSS.read_text(encoding="utf-8"))
    subset = tool.icon_rules(tool.OUT_CSS.read_text(encoding="utf-8").replace("\n", ""))
    used = {name for name in tool.used_icons() if name in known}

    assert "bi-whatsapp" in used and "bi-lock" in used
    assert used - set(subset) == set(), "run tools/icon_subset.py"
    assert tool.OUT_FONT.stat().st_size < 20 * 1024


def test_the_pages_load_the_subset():
    base = (ROOT / "templates" / "base.html").read_text(encoding="utf-8")

    assert "bootstrap-icons-portal.css" in base
    assert "bootstrap-icons.min.css" not in base
