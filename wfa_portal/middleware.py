"""The interface language: Indonesian unless the person chose English.

Django's LocaleMiddleware follows the browser's Accept-Language, so an office
PC installed in English would show the portal in English. Here the navbar's
choice (the language cookie) decides, and otherwise Indonesian. API clients
(/api/) still negotiate with Accept-Language, as integrations expect.
"""

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _


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


class RefuseNulMiddleware:
    """A NUL character (``\\x00``) in the address is refused at the door: a 400 saying so.

    PostgreSQL refuses NUL in text, so a filter such as ``?name=a%00b`` that reaches
    a query fails there, as a 500. Nothing the portal takes from the address (ids,
    weeks, dates, names, codes, search words, page numbers) may hold one; form fields
    and JSON bodies refuse NUL through their own validators, field by field.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or any(
            "\x00" in key or any("\x00" in value for value in values)
            for key, values in request.GET.lists()
        ):
            return self._refuse(request)
        return self.get_response(request)

    def _refuse(self, request):
        message = _("Alamat berisi karakter NUL (\\x00) yang tidak diizinkan.")
        if request.path_info.startswith("/api/"):
            return JsonResponse({"detail": message}, status=400)
        return render(request, "400.html", {"message": message}, status=400)
