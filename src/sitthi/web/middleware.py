"""The pages' middleware: Thai first (``ThaiFirstLocale``), and a page view's coded refusal
drawn as the refusal page in one place (``RefusalPage``)."""

from django.conf import settings
from django.utils import translation

from sitthi.core.errors import SitthiError
from sitthi.web.pages import refused

_AVAILABLE = {code for code, _ in settings.LANGUAGES}


class ThaiFirstLocale:
    """Thai first: pages are Thai unless the person chose English with the switch (kept in the
    language cookie). The browser's Accept-Language is not consulted, so an English-configured
    browser in a Thai hospital still gets Thai."""

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


class RefusalPage:
    """A coded refusal (``SitthiError``) a page view raises becomes the refusal page here, in
    one place: every error with its code and Thai and English message, with the error's HTTP
    status. Under /api/ nothing is done: the API shapes its own errors (its exception handler,
    and ``ApiErrorShape`` for what comes before a view). A view that re-renders its form with
    the errors inline, or redirects, still catches the error itself.

    The exception has left the view, so a ``transaction.atomic`` block it was raised in has
    rolled back before the page is drawn."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, SitthiError) and not request.path.startswith("/api/"):
            return refused(request, exception)
        return None
