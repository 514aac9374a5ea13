"""OpenAPI links: where a create answers with an id that another operation takes, the
document says so (``responses[status].links``), so that a client generator — and schemathesis'
stateful test — can follow a claim from its submission to its reading, a notice to its
payment, an episode or a case to what is done with it next."""

from __future__ import annotations

from collections.abc import Iterable

#: Operation ids as django-ninja names them: ``sitthi_<area>_api_<function>``.
PREFIX = "sitthi_{area}_api_{function}"


def links(area: str, statuses: Iterable[int], pointer: str, parameter: str, *targets: str) -> dict:
    """``openapi_extra`` for an operation whose answers (``statuses``) carry, at the JSON
    ``pointer`` (``/id``, ``/claim/id``), the value of ``parameter`` that each of ``targets``
    (function names in ``area``'s api module) takes in its path."""
    out = {
        f"{target.replace('_', ' ').title().replace(' ', '')}": {
            "operationId": PREFIX.format(area=area, function=target),
            "parameters": {parameter: f"$response.body#{pointer}"},
        }
        for target in targets
    }
    # django-ninja keys its responses by int status: the links merge into those.
    return {"responses": {status: {"links": out} for status in statuses}}
