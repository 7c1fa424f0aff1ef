"""Static file storages whose ``url()`` answers from memory after the first call (#18).

Every page asks ``{% static %}`` for the same handful of files (stylesheets,
scripts, the icon), and each answer costs a path quote and a URL join (with the
manifest: a lookup and a hash check besides): a fifth of the base template's CPU.
The files of a running process never change (collectstatic runs before it starts),
so the answer of a name is kept; with DEBUG on, nothing is kept.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.staticfiles.storage import StaticFilesStorage as DjangoStaticFilesStorage
from whitenoise.storage import CompressedManifestStaticFilesStorage as WhiteNoiseManifest


class _RemembersUrls:
    def url(self, name: Any, force: bool = False) -> str:
        if force or settings.DEBUG:
            return super().url(name, force)  # type: ignore[misc]
        urls = self.__dict__.setdefault("_wfa_urls", {})
        found = urls.get(name)
        if found is None:
            found = urls[name] = super().url(name)  # type: ignore[misc]
        return found


class StaticFilesStorage(_RemembersUrls, DjangoStaticFilesStorage):
    pass


class CompressedManifestStaticFilesStorage(_RemembersUrls, WhiteNoiseManifest):
    pass
