"""The language of a request: Russian unless the visitor chose another one.

Django's LocaleMiddleware also reads the browser's Accept-Language, which turned allauth's and
Django's own strings English for English browsers while ours stayed Russian. Here only an
explicit choice counts: the cookie that Django's ``set_language`` view sets.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase
from django.utils import translation
from django.utils.cache import patch_vary_headers


def chosen_language(request: HttpRequest) -> str:
    """The language from the language cookie if it is one we offer, else the default."""
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if chosen in dict(settings.LANGUAGES):
        return chosen
    return settings.LANGUAGE_CODE


class ChosenLanguageMiddleware:
    """Activates the chosen language for the request and resets to the default after it.

    Resetting matters because the active language is per thread: without it, whatever renders
    before this middleware on the next request in the same thread (the unknown-host page, for
    one) would speak the previous visitor's language.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        language = chosen_language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        try:
            response = self.get_response(request)
        finally:
            translation.deactivate()
        # The same URL answers in different languages depending on the cookie.
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        return response
