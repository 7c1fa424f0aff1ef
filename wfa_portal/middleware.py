"""The interface language: Indonesian unless the person chose English.

Django's LocaleMiddleware follows the browser's Accept-Language, so an office
PC installed in English would show the portal in English. Here the navbar's
choice (the language cookie) decides, and otherwise Indonesian. API clients
(/api/) still negotiate with Accept-Language, as integrations expect.
"""

from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers


class ChosenLanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = self._language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie", "Accept-Language"))
        response.headers.setdefault("Content-Language", language)
        return response

    def _language(self, request) -> str:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if chosen in dict(settings.LANGUAGES):
            return chosen
        if request.path_info.startswith("/api/"):
            return translation.get_language_from_request(request)
        return settings.LANGUAGE_CODE
