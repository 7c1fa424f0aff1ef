"""The API's JSON parser: DRF's, with a nesting limit.

Python's JSON decoder recurses once per level, so a body nested 5,000 deep
raises RecursionError (a 500) instead of a parse error, and one nested a few
hundred deep would still reach the serializers. No resource of the API is more
than four levels deep; bodies deeper than ``MAX_DEPTH`` are a 400.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError

MAX_DEPTH = 32


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None) -> Any:
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            data = None
            too_deep = True
        else:
            too_deep = depth(data) > MAX_DEPTH
        if too_deep:
            raise ParseError(
                _("JSON bersarang terlalu dalam: paling banyak %(n)d tingkat.") % {"n": MAX_DEPTH}
            )
        return data


def depth(value: Any) -> int:
    """How many arrays and objects deep the value goes (iteratively: no recursion)."""
    deepest, pending = 0, [(value, 1)]
    while pending:
        item, level = pending.pop()
        if isinstance(item, dict):
            children = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        deepest = max(deepest, level)
        if deepest > MAX_DEPTH:
            break
        pending.extend((child, level + 1) for child in children)
    return deepest
