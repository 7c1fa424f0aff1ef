"""Use cases of personal API tokens: issue one, revoke one."""

import secrets

from django.db import transaction
from django.utils import timezone

from organizations.models import User

from .models import PREFIX_LENGTH, ApiToken, hash_key


@transaction.atomic
def issue_token(*, user: User, name: str) -> tuple[ApiToken, str]:
    """A new token and its key; only the key's digest is stored, so show it now or never."""
    key = secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name.strip()[:100], key_hash=hash_key(key), prefix=key[:PREFIX_LENGTH]
    )
    return token, key


def revoke_token(*, token: ApiToken) -> None:
    token.delete()


def touch_token(*, token: ApiToken) -> None:
    """Remember when the token was last used (at most once a minute: no write per request)."""
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
