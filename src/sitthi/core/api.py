"""The JSON API's shared parts: bearer-token authentication for hospital systems, session
authentication for people, and the one error shape."""

from __future__ import annotations

from datetime import datetime

from django.db import InterfaceError, OperationalError
from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.renderers import JSONRenderer
from ninja.responses import NinjaJSONEncoder
from ninja.security import HttpBearer, django_auth

from sitthi.rules.kernel.thaitime import BANGKOK

from . import dbfaults, limits
from .actor import Actor
from .errors import CATALOGUE, ErrorItem, SitthiError
from .models import ApiToken, hash_token


class BearerToken(HttpBearer):
    """``Authorization: Bearer <token>``; the token acts as the officer who made it.

    A token carries scopes. By default a GET or HEAD needs "read" and any other method
    "submit"; a route that records a payment is marked with ``AUTH_PAY`` and needs "pay".
    A token without the scope is answered 403 TOKEN_SCOPE; people logged in by session are
    not affected by scopes."""

    def __init__(self, scope: str | None = None):
        super().__init__()
        self.scope = scope

    def needed_scope(self, request: HttpRequest) -> str:
        if self.scope:
            return self.scope
        return "read" if request.method in ("GET", "HEAD") else "submit"

    def authenticate(self, request: HttpRequest, token: str):
        # Guessing is slowed per address: past BAD_TOKENS invalid tokens in the window, the
        # address is answered TOO_MANY_BAD_TOKENS (429), even with a valid token.
        limits.refuse_if_too_many_bad_tokens(request)
        found = (
            ApiToken.objects.select_related("user")
            .filter(token_hash=hash_token(token), revoked_at__isnull=True, user__is_active=True)
            .first()
        )
        # A token acts for the office it was made for: once its officer is moved to another
        # hospital or fund (or changes role) it stops working rather than follow the officer.
        if found is None or not found.acts_for(found.user):
            limits.count_bad_token(request)
            raise SitthiError.one("TOKEN_INVALID")
        now = timezone.now()
        if found.expired(now):
            raise SitthiError.one("TOKEN_EXPIRED")
        scope = self.needed_scope(request)
        if scope not in found.scope_list:
            raise SitthiError.one("TOKEN_SCOPE", scope=scope)
        ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)
        request.user = found.user
        # The token the call came with: what it may do bounds what it may make (tokens API).
        request.api_token = found
        return found.user


def actor_of(request: HttpRequest) -> Actor:
    return Actor.of(getattr(request, "auth", None) or request.user)


class ErrorOut(Schema):
    code: str
    family: str
    field: str | None
    message_th: str
    message_en: str


class ErrorsOut(Schema):
    errors: list[ErrorOut]


def _errors(api: NinjaAPI, request, status: int, items: list[dict]):
    return api.create_response(request, {"errors": items}, status=status)


def validation_items(exc: ValidationError) -> list[ErrorItem]:
    """Ninja's validation errors of a request as REQUEST_INVALID items, each naming its
    field (the JSON API's and the FHIR API's)."""
    items = []
    for err in exc.errors:
        loc = [str(p) for p in err.get("loc", []) if p not in ("body", "query", "path")]
        items.append(
            ErrorItem("REQUEST_INVALID", ".".join(loc) or None, {"detail": err.get("msg", "")})
        )
    return items


def install_error_handlers(api: NinjaAPI) -> None:
    @api.exception_handler(OperationalError)
    @api.exception_handler(InterfaceError)
    def database_fault(request, exc):  # also with DEBUG on, where the API would answer 500
        return dbfaults.answer(request, exc)

    @api.exception_handler(SitthiError)
    def sitthi_error(request, exc: SitthiError):
        return _errors(api, request, exc.status, exc.as_dict()["errors"])

    @api.exception_handler(ValidationError)
    def validation_error(request, exc: ValidationError):
        return _errors(api, request, 400, [i.as_dict() for i in validation_items(exc)])

    @api.exception_handler(AuthenticationError)
    def auth_error(request, exc):
        return _errors(api, request, 401, [ErrorItem("AUTH_REQUIRED").as_dict()])

    @api.exception_handler(Http404)
    def not_found(request, exc):
        return _errors(api, request, 404, [ErrorItem("NOT_FOUND").as_dict()])

    @api.exception_handler(HttpError)
    def http_error(request, exc: HttpError):
        return _errors(
            api,
            request,
            exc.status_code,
            [ErrorItem("REQUEST_INVALID", None, {"detail": str(exc)}).as_dict()],
        )


AUTH = [BearerToken(), django_auth]
#: For the routes that record a payment: a token needs the "pay" scope.
AUTH_PAY = [BearerToken(scope="pay"), django_auth]
ERRORS = {
    400: ErrorsOut,
    401: ErrorsOut,
    403: ErrorsOut,
    404: ErrorsOut,
    409: ErrorsOut,
    429: ErrorsOut,
}


#: The optional header every write operation of the document names (sitthi.core.idempotency).
IDEMPOTENCY_HEADER_DOC = {
    "name": "Idempotency-Key",
    "in": "header",
    "required": False,
    "description": (
        "Optional; 1–255 printable ASCII characters (a UUID, say), new for each new request. "
        "Sent again by the same token with the same request within 24 hours, the first answer "
        "is replayed (the same status and body, header `Idempotent-Replayed: true`) and "
        "nothing is done twice. The same key with another request is 409 "
        "IDEMPOTENCY_KEY_REUSED; while the first still runs, 409 IDEMPOTENCY_IN_PROGRESS; "
        "a first request cut off, 409 IDEMPOTENCY_OUTCOME_UNKNOWN; an answer too large to "
        "keep, 409 IDEMPOTENCY_ANSWER_NOT_KEPT; a malformed key, 400 IDEMPOTENCY_KEY_INVALID. "
        "Not honoured without authentication, nor on look-ups by citizen ID."
    ),
    "schema": {"type": "string", "minLength": 1, "maxLength": 255, "pattern": "^[ -~]+$"},
}
_WRITES = ("post", "put", "patch", "delete")


class SitthiAPI(NinjaAPI):
    """The project's NinjaAPI: its document names the ``Idempotency-Key`` header, and the
    409 and 400 answers it brings, on every write operation (the header itself is handled for
    every API by the middleware ``sitthi.core.idempotency.IdempotencyKeys``)."""

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        errors_ref = {"$ref": "#/components/schemas/ErrorsOut"}
        if "ErrorsOut" not in schema.get("components", {}).get("schemas", {}):
            errors_ref = {"type": "object"}
        for operations in schema.get("paths", {}).values():
            for method, operation in operations.items():
                if method not in _WRITES:
                    continue
                params = operation.setdefault("parameters", [])
                if not any(p.get("name") == "Idempotency-Key" for p in params):
                    params.append(dict(IDEMPOTENCY_HEADER_DOC))
                responses = operation.setdefault("responses", {})
                for status, why in (
                    (
                        409,
                        "IDEMPOTENCY_KEY_REUSED, IDEMPOTENCY_IN_PROGRESS, IDEMPOTENCY_OUTCOME_UNKNOWN"
                        " or IDEMPOTENCY_ANSWER_NOT_KEPT",
                    ),
                    (400, "IDEMPOTENCY_KEY_INVALID"),
                ):
                    found = responses.get(status, responses.get(str(status)))
                    if found is None:
                        responses[status] = {
                            "description": why,
                            "content": {"application/json": {"schema": errors_ref}},
                        }
                    elif why not in found.get("description", ""):
                        found["description"] = f"{found.get('description', '')}; {why}".lstrip("; ")
        return schema


def error_catalogue_markdown() -> str:
    rows = "\n".join(
        f"| `{c.code}` | {c.status} | {c.family} | {c.th} | {c.en} |" for c in CATALOGUE.values()
    )
    return "| code | HTTP | family | ไทย | English |\n|---|---|---|---|---|\n" + rows


class BangkokJSONEncoder(NinjaJSONEncoder):
    """Every time in an answer carries Bangkok's offset (``2025-06-02T09:00:00+07:00``), as the
    docs say, whether it was just given or read back from the database (stored in UTC)."""

    def default(self, o):
        if isinstance(o, datetime) and o.tzinfo is not None:
            return o.astimezone(BANGKOK).isoformat()
        return super().default(o)


class BangkokJSONRenderer(JSONRenderer):
    """Thai as Thai (UTF-8), not as \\u escapes, so an answer reads in a terminal."""

    encoder_class = BangkokJSONEncoder
    json_dumps_params = {"ensure_ascii": False}
