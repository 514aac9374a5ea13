"""Under /api/ every error has the one shape of ARCHITECTURE.md, even those produced before a
view runs (an unknown path, a method the path does not allow)."""

from django.http import JsonResponse

from .errors import ErrorItem

_CODES = {404: "NOT_FOUND", 405: "METHOD_NOT_ALLOWED"}


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
