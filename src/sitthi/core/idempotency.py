"""``Idempotency-Key`` on every write of the HTTP API: a hospital system that sends a POST
again after a timeout gets the first answer back, never a second claim or payment.

:class:`IdempotencyKeys` is a middleware (after authentication and the second factor, in
``settings.MIDDLEWARE``), so it covers every POST, PUT, PATCH and DELETE under ``/api/`` and
``/fhir/`` whatever router or API serves it. With the header:

- The caller is the officer the request acts for: the officer of a valid bearer token (looked
  up here the way ``sitthi.core.api.BearerToken`` looks it up, read-only: it does not record
  the token's use, nor count a bad one: the view still authenticates and answers those), or
  the logged-in officer of the session. An **anonymous** request (``POST
  /api/v1/assistance/status``, or a token that does not authenticate) does not have its key
  honoured: it runs as without one. Scoping by address would let two people behind one
  address share keys and one be answered what the other asked, and would let a replay skip
  the look-up limit; a look-up has no effect to protect anyway.
- A request that reaches no operation (an unknown path, a method the path does not take)
  is answered 404 or 405 as without a key, and nothing is kept.
- A key is 1–255 printable ASCII characters; any other value is answered 400
  IDEMPOTENCY_KEY_INVALID and nothing runs.
- The first request with a key inserts an *in progress* record (caller, key, method, full
  path, the body's SHA-256) in its own committed transaction before the view runs; the
  unique constraint on (caller, key) lets exactly one of two requests sent at once insert it,
  on PostgreSQL and on SQLite. Its answer is stored when the view is done: a 2xx or 4xx,
  except the answers that say "nothing was done, send it again" (401, 403, 429, 409
  CONCURRENT_CHANGE); for those and for a 5xx (or anything raised) the record is deleted
  and a retry runs again.
- A repeat with the same method, path and body once the first is done gets the stored
  status, content type and body, with ``Idempotent-Replayed: true``. The same key with
  another request is 409 IDEMPOTENCY_KEY_REUSED; while the first still runs, 409
  IDEMPOTENCY_IN_PROGRESS (``Retry-After``). An answer larger than MAX_ANSWER_BYTES is not
  kept: a repeat is told so (409 IDEMPOTENCY_ANSWER_NOT_KEPT) and nothing runs again.
- Records are kept TTL (24 hours): the worker's schedule deletes older ones
  (:func:`purge_expired`), and a record past its time is ignored (and deleted) even before
  that, so the key may then be used again.

A record left in progress by a process that died mid-request (a server worker killed) holds
its key until it expires: whether that request was done is not known, so it is not run again
under the key; the caller may look the result up, or send it under a new key (a claim is
idempotent by its own claim key anyway).

For a multipart upload the "body" fingerprinted is what the form carries (each field, each
file's name and bytes), not the raw bytes: a client sends a new random boundary with each
attempt of the same file. Without the header nothing here touches the database."""

from __future__ import annotations

import hashlib
import json
import logging
import re
from datetime import timedelta

from django.core.exceptions import RequestDataTooBig
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.http.request import RawPostDataException
from django.urls import Resolver404, resolve
from django.utils import timezone
from ninja.operation import PathView

from . import limits
from .errors import ErrorItem, SitthiError
from .models import ApiToken, IdempotencyRecord, hash_token

log = logging.getLogger("sitthi.idempotency")

HEADER = "Idempotency-Key"
REPLAYED = "Idempotent-Replayed"
#: The paths whose writes are covered: the JSON API and the FHIR API.
PREFIXES = ("/api/", "/fhir/")
METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
#: How long a key is remembered.
TTL = timedelta(hours=24)
#: The largest answer kept for a replay (the largest bulk answer is well under it).
MAX_ANSWER_BYTES = 8 * 1024 * 1024
#: After this, a request still marked in progress is taken to have been cut off.
STALE = timedelta(minutes=10)
#: Seconds a caller is asked to wait while the first request runs.
RETRY_AFTER = 2
_KEY = re.compile(r"[\x20-\x7e]{1,255}")
#: Statuses that say "nothing was done, send it again": never kept.
_NOT_KEPT = frozenset({401, 403, 429})


def valid_key(key: str) -> bool:
    return _KEY.fullmatch(key) is not None


#: Look-ups by citizen ID that are POSTs only to keep the ID out of addresses: their answers
#: (a person's name and full ID) are not kept, and each repeat is looked up (and recorded)
#: again; a look-up has no effect for a key to protect.
LOOKUPS = frozenset(
    {"/api/v1/rights", "/api/v1/assistance/status", "/fhir/CoverageEligibilityRequest"}
)


def caller_of(request: HttpRequest) -> tuple[int, str] | None:
    """Who the request acts as, ``(officer id, caller)``, or None (anonymous, a token that
    will not authenticate, or an address refused for guessing tokens: the API answers those).
    The caller is the token itself (``token:<id>``: an answer is replayed only to the token
    that was answered, with the scopes it had) or, logged in, the officer as the office it
    works for now (``session:<id>:<role>:<hospital>:<fund>``: an officer moved to another
    office is not replayed the old office's answers)."""
    value = request.headers.get("Authorization")
    if value:
        scheme, _, raw = value.partition(" ")
        if scheme.lower() == "bearer":
            try:
                limits.refuse_if_too_many_bad_tokens(request)
            except SitthiError:
                return None
            token = (
                ApiToken.objects.select_related("user")
                .filter(token_hash=hash_token(raw), revoked_at__isnull=True, user__is_active=True)
                .first()
            )
            if token is None or not token.acts_for(token.user) or token.expired(timezone.now()):
                return None
            return token.user_id, f"token:{token.pk}"
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    office = f"{user.role}:{user.hospital_id or ''}:{user.fund_id or ''}"
    return user.pk, f"session:{user.pk}:{office}"


def routed(request: HttpRequest) -> bool:
    """Whether the request reaches an operation: its path resolves and, for a Django Ninja
    path, the method is one of the path's. A request that does not (answered 404 or 405,
    nothing done) is left to that answer, key or no key. A view this cannot look into counts
    as routed."""
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return False
    # Ninja serves each path by one view closing over its PathView (the path's operations).
    for cell in getattr(match.func, "__closure__", None) or ():
        try:
            view = cell.cell_contents
        except ValueError:  # an empty cell
            continue
        if isinstance(view, PathView):
            return any(request.method in op.methods for op in view.operations)
    return True


def body_sha256(request: HttpRequest) -> str:
    """The SHA-256 of the request's body; of a multipart form, of its fields and files."""
    digest = hashlib.sha256()
    if request.content_type == "multipart/form-data" and request.method == "POST":
        fields = sorted((name, values) for name, values in request.POST.lists())
        digest.update(json.dumps(fields, ensure_ascii=False).encode())
        for name, files in sorted(request.FILES.lists(), key=lambda item: item[0]):
            for upload in files:
                one = hashlib.sha256()
                for chunk in upload.chunks():
                    one.update(chunk)
                upload.seek(0)  # the view reads it from the start
                part = [name, upload.name, upload.content_type, one.hexdigest()]
                digest.update(json.dumps(part, ensure_ascii=False).encode())
    else:
        digest.update(request.body)
    return digest.hexdigest()


def _error(path: str, code: str, http_status: int, **params) -> HttpResponse:
    """The refusal in the shape of the API it is for: FHIR's OperationOutcome under /fhir/,
    the JSON API's error body elsewhere."""
    item = ErrorItem(code, "Idempotency-Key", params)
    if path.startswith("/fhir/"):
        from sitthi.fhir.messages import error_answer  # the FHIR API's own error shape

        response = error_answer(SitthiError(item))
        response.status_code = http_status
    else:
        response = JsonResponse(
            {"errors": [item.as_dict()]},
            status=http_status,
            json_dumps_params={"ensure_ascii": False},
        )
    response["Cache-Control"] = "no-store"
    return response


def _error_codes(response: HttpResponse) -> set[str]:
    """The codes of an error answer: the JSON API's ``errors`` or FHIR's OperationOutcome."""
    kind = response.get("Content-Type", "")
    if not kind.startswith(("application/json", "application/fhir+json")):
        return set()
    try:
        body = json.loads(response.content)
        if body.get("resourceType") == "OperationOutcome":
            return {
                c.get("code")
                for i in body.get("issue", [])
                for c in i.get("details", {}).get("coding", [])
            }
        return {e.get("code") for e in body.get("errors", [])}
    except (ValueError, AttributeError, TypeError):
        return set()


def keepable(response: HttpResponse) -> bool:
    """Whether an answer is kept for a replay (see the module's docstring)."""
    status = response.status_code
    if 200 <= status < 300:
        return True
    if not 400 <= status < 500 or status in _NOT_KEPT:
        return False
    return status != 409 or "CONCURRENT_CHANGE" not in _error_codes(response)


def purge_expired(now=None) -> int:
    """Delete the records older than TTL (the worker's schedule runs it); how many."""
    now = timezone.now() if now is None else now
    deleted, _ = IdempotencyRecord.objects.filter(created_at__lte=now - TTL).delete()
    return deleted


class IdempotencyKeys:
    """The middleware (see the module's docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        key = request.headers.get(HEADER)
        if key is None or request.method not in METHODS or not request.path.startswith(PREFIXES):
            return self.get_response(request)
        if request.path in LOOKUPS:
            return self.get_response(request)
        caller = caller_of(request)
        if caller is None or not routed(request):  # anonymous, or no such operation
            return self.get_response(request)
        if not valid_key(key):
            return _error(request.path, "IDEMPOTENCY_KEY_INVALID", 400)
        try:
            sha = body_sha256(request)
        except (RequestDataTooBig, RawPostDataException):  # the view answers as without one
            return self.get_response(request)
        request_of = (request.method, request.get_full_path(), sha)
        record, found = self._claim(caller, key, request_of)
        if record is None:
            return self._answer(found, request_of)
        return self._run(request, record)

    def _claim(self, caller: tuple[int, str], key: str, request_of: tuple[str, str, str]):
        """(the new in-progress record, None), or (None, the record already there; None when
        a free slot could not be taken in three tries)."""
        method, path, sha = request_of
        for _attempt in range(3):
            now = timezone.now()
            try:
                with transaction.atomic():
                    record = IdempotencyRecord.objects.create(
                        user_id=caller[0],
                        caller=caller[1],
                        key=key,
                        method=method,
                        path=path,
                        body_sha256=sha,
                        created_at=now,
                    )
                return record, None
            except IntegrityError:
                pass
            found = IdempotencyRecord.objects.filter(caller=caller[1], key=key).first()
            if found is None:  # the first ended with an answer not kept: take the slot
                continue
            if found.created_at <= now - TTL:  # expired, not yet purged: the key is free
                IdempotencyRecord.objects.filter(pk=found.pk, created_at=found.created_at).delete()
                continue
            return None, found
        return None, None

    def _answer(self, found: IdempotencyRecord | None, request_of) -> HttpResponse:
        response = self._answer_for(found, request_of)
        log.info(
            "%s %s under a kept Idempotency-Key: answered %s%s",
            request_of[0],
            request_of[1],
            response.status_code,
            " (replayed)" if response.has_header(REPLAYED) else "",
        )
        return response

    def _answer_for(self, found: IdempotencyRecord | None, request_of) -> HttpResponse:
        if found is not None and (found.method, found.path, found.body_sha256) != request_of:
            return _error(request_of[1], "IDEMPOTENCY_KEY_REUSED", 409)
        if (
            found is not None
            and found.state != IdempotencyRecord.State.DONE
            and found.created_at <= timezone.now() - STALE
        ):
            # Still "in progress" long after any request could have ended (its server was
            # stopped): whether it was done is unknown; waiting will not tell.
            return _error(request_of[1], "IDEMPOTENCY_OUTCOME_UNKNOWN", 409)
        if found is None or found.state != IdempotencyRecord.State.DONE:
            response = _error(request_of[1], "IDEMPOTENCY_IN_PROGRESS", 409)
            response["Retry-After"] = str(RETRY_AFTER)
            return response
        if found.body is None:
            return _error(
                request_of[1], "IDEMPOTENCY_ANSWER_NOT_KEPT", 409, status=found.status_code
            )
        response = HttpResponse(
            bytes(found.body), status=found.status_code, content_type=found.content_type or None
        )
        response[REPLAYED] = "true"
        return response

    def _run(self, request: HttpRequest, record: IdempotencyRecord) -> HttpResponse:
        kept = False
        try:
            response = self.get_response(request)
            if keepable(response):
                body = None
                if not response.streaming and len(response.content) <= MAX_ANSWER_BYTES:
                    body = response.content
                IdempotencyRecord.objects.filter(pk=record.pk).update(
                    state=IdempotencyRecord.State.DONE,
                    status_code=response.status_code,
                    content_type=response.get("Content-Type", ""),
                    body=body,
                    finished_at=timezone.now(),
                )
                kept = True
            return response
        finally:
            if not kept:  # a retry runs again
                IdempotencyRecord.objects.filter(pk=record.pk).delete()
