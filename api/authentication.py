"""``Authorization: Token <key>``: personal API tokens, stored as SHA-256 digests."""

from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from .models import ApiToken
from .services import touch_token

KEYWORD = "Token"


class TokenAuthentication(authentication.BaseAuthentication):
    def authenticate(self, request):
        parts = authentication.get_authorization_header(request).split()
        if not parts or parts[0].lower() != KEYWORD.lower().encode():
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(_("Header token tidak valid."))
        try:
            key = parts[1].decode()
        except UnicodeError:
            raise exceptions.AuthenticationFailed(_("Header token tidak valid.")) from None
        token = ApiToken.objects.matching(key).select_related("user").first()
        # A deactivated login's tokens stop working at once, like its sessions.
        if token is None or not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("Token tidak valid atau sudah dicabut."))
        touch_token(token=token)
        return token.user, token

    def authenticate_header(self, request) -> str:
        return KEYWORD
