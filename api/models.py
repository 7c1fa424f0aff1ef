"""Personal API tokens: a user creates them on their profile page and revokes them there.

Only a SHA-256 digest of the key is stored: the key itself is shown once, when
it is created, and cannot be recovered from the database.
"""

import hashlib

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

PREFIX_LENGTH = 8


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def matching(self, key: str) -> "ApiTokenQuerySet":
        return self.filter(key_hash=hash_key(key))


class ApiToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("akun"),
        on_delete=models.CASCADE,
        related_name="api_tokens",
    )
    name = models.CharField(_("nama"), max_length=100)
    key_hash = models.CharField(_("sidik kunci"), max_length=64, unique=True, editable=False)
    prefix = models.CharField(_("awalan kunci"), max_length=PREFIX_LENGTH, editable=False)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("terakhir dipakai"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("token API")
        verbose_name_plural = _("token API")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
