"""Under /api/ every error has the one shape of ARCHITECTURE.md, even those produced before a
view runs (an unknown path, a method the path does not allow)."""

from django.http import JsonResponse

from .errors import ErrorItem

_CODES = {
    400: "REQUEST_INVALID",
    404: "NOT_FOUND",
    405: "METHOD_NOT_ALLOWED",
    413: "FILE_TOO_LARGE",
}


class ApiErrorShape:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            request.path.startswith("/api/")
            and response.status_code in _CODES
            and not response.get("Content-Type", "").startswith("application/json")
        ):
            shaped = JsonResponse(
                {"errors": [ErrorItem(_CODES[response.status_code]).as_dict()]},
                status=response.status_code,
            )
            if response.has_header("Allow"):
                shaped["Allow"] = response["Allow"]
            return shaped
        return response


class RejectNulCharacters:
    """No text anywhere may carry a NUL character (PostgreSQL cannot store one, and no real
    input has one): such a request is refused as REQUEST_INVALID before any view runs.
    Uploaded files are binary and are not looked at here."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._has_nul(request):
            from django.http import HttpResponse
            from django.template.loader import render_to_string

            item = ErrorItem("REQUEST_INVALID", None, {"detail": "NUL character (\\0)"})
            if request.path.startswith("/api/"):
                return JsonResponse({"errors": [item.as_dict()]}, status=400)
            html = render_to_string("web/refused.html", {"errors": [item.as_dict()]}, request)
            return HttpResponse(html, status=400)
        return self.get_response(request)

    @staticmethod
    def _has_nul(request) -> bool:
        def in_pairs(query) -> bool:
            return any(
                "\x00" in key or any("\x00" in v for v in values) for key, values in query.lists()
            )

        if "\x00" in request.path or in_pairs(request.GET):
            return True
        if request.META.get("CONTENT_TYPE", "").startswith("application/json"):
            return b"\x00" in request.body or b"\\u0000" in request.body
        return request.method == "POST" and in_pairs(request.POST)
