"""Thai first: pages are Thai unless the person chose English with the switch (kept in the
language cookie). The browser's Accept-Language is not consulted, so an English-configured
browser in a Thai hospital still gets Thai."""

from django.conf import settings
from django.utils import translation

_AVAILABLE = {code for code, _ in settings.LANGUAGES}


class ThaiFirstLocale:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in _AVAILABLE else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        translation.deactivate()
        return response
