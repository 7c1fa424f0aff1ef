from django import template
from django.core.exceptions import FieldDoesNotExist
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from circulars.models import Circular, Window
from circulars.rendering import render_markdown
from circulars.summary import date_range_label

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text: str) -> str:
    """A circular's Markdown body as sanitised HTML (see circulars.rendering)."""
    return mark_safe(render_markdown(text))  # noqa: S308 - nh3 allow-list output


_ROW_LABELS = {
    "windows": _("masa berlaku"),
    "exempt_units": _("OPD yang dikecualikan"),
    "limits": _("batas khusus"),
    "priorities": _("prioritas"),
}


@register.filter
def field_label(name: str) -> str:
    """The human name of a circular's field, for the history."""
    if name in _ROW_LABELS:
        return str(_ROW_LABELS[name])
    try:
        return str(Circular._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:
        return name


@register.filter
def plain(value) -> str:
    """A history value as text: lists joined, empty shown as a dash."""
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    if isinstance(value, bool):
        return str(_("ya") if value else _("tidak"))
    return str(value)


@register.filter
def window_label(window: Window) -> str:
    """ "24–27 Maret 2025" in the active language."""
    return date_range_label(window.start, window.end)
