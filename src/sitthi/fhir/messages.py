"""Reading a FHIR message in and writing Sitthi's errors out as an OperationOutcome.

A message is read whole before anything is done with it: it must be JSON, of the resource
type the address takes, and valid R4B (``fhir.resources.R4B``); each problem is a coded
FHIR_* error naming the element (FHIRPath-like, ``Claim.item[0].net``). A refused message
stores nothing, because nothing has been called yet."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from django.http import HttpResponse
from fhir.resources.R4B import get_fhir_model_class
from fhir.resources.R4B.operationoutcome import OperationOutcome
from pydantic import ValidationError

from sitthi.core.errors import ErrorItem, SitthiError

from .systems import ERROR_SYSTEM

FHIR_JSON = "application/fhir+json"
MAX_BODY = 5 * 1024 * 1024

#: The FHIR issue type (http://hl7.org/fhir/issue-type) of an answer's status.
ISSUE_TYPE = {400: "invalid", 401: "login", 403: "forbidden", 404: "not-found", 409: "conflict"}
ISSUE_OF_CODE = {
    "FHIR_INVALID": "structure",
    "FHIR_WRONG_RESOURCE": "structure",
    "FHIR_CODE_UNKNOWN": "code-invalid",
    "FHIR_ELEMENT_REQUIRED": "required",
    "TOO_MANY_LOOKUPS": "throttled",
    "TOO_MANY_BAD_TOKENS": "throttled",
}


#: R4B's FinancialResourceStatusCodes, the status of every resource Sitthi takes; only an
#: active one is acted on (fhir.resources checks the element's type, not its value set).
STATUSES = ("active", "cancelled", "draft", "entered-in-error")


def _path(resource_type: str, loc: tuple) -> str:
    out = resource_type
    for part in loc:
        if part == "resource_type":
            part = "resourceType"
        out += f"[{part}]" if isinstance(part, int) else f".{part}"
    return out


def _no_constant(name: str):
    """NaN and Infinity are not JSON (Python's reader takes them unless told not to)."""
    raise ValueError(f"{name} is not a JSON number")


def _nulls(value, loc=()):
    """The places of ``null`` in a message: FHIR JSON has no nulls (an absent element is left
    out), and a null would let a required element through the model's check."""
    if value is None:
        yield loc
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _nulls(v, (*loc, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _nulls(v, (*loc, i))


def read(request, resource_type: str) -> tuple[Any, dict]:
    """The body of ``request`` as a validated R4B ``resource_type`` and as the plain JSON it
    was (decimals kept exact): ``(model, raw)``. Raises a coded SitthiError otherwise."""
    body = request.body
    if len(body) > MAX_BODY:
        raise SitthiError.one("FHIR_INVALID", resource_type, at=resource_type, detail="too large")
    try:
        raw = json.loads(body or b"null", parse_float=Decimal, parse_constant=_no_constant)
    except (ValueError, UnicodeDecodeError) as exc:
        raise SitthiError.one(
            "FHIR_INVALID", resource_type, at=resource_type, detail=f"not JSON ({exc})"
        ) from None
    if not isinstance(raw, dict):
        raise SitthiError.one(
            "FHIR_INVALID", resource_type, at=resource_type, detail="not a JSON object"
        )
    got = raw.get("resourceType")
    if got != resource_type:
        raise SitthiError.one(
            "FHIR_WRONG_RESOURCE",
            "resourceType",
            expected=resource_type,
            got=str(got)[:60] if got else "(none)",
        )
    nulls = [_path(resource_type, loc) for loc in _nulls(raw)][:50]
    if nulls:
        raise SitthiError(
            *(
                ErrorItem("FHIR_INVALID", at, {"at": at, "detail": "null is not FHIR JSON"})
                for at in nulls
            )
        )
    try:
        model = get_fhir_model_class(resource_type).model_validate(raw)
    except ValidationError as exc:
        items = []
        for err in exc.errors()[:50]:
            at = _path(resource_type, tuple(err.get("loc", ())))
            if err.get("type") == "missing":
                items.append(
                    ErrorItem("FHIR_ELEMENT_REQUIRED", at, {"at": at, "detail": "R4B requires it"})
                )
            else:
                msg = " ".join(str(err.get("msg", "")).split())[:200]
                items.append(ErrorItem("FHIR_INVALID", at, {"at": at, "detail": msg}))
        raise SitthiError(*items) from None
    status = getattr(model, "status", None)
    if status is not None and status != "active":
        at = f"{resource_type}.status"
        raise SitthiError.one(
            "FHIR_CODE_UNKNOWN" if status not in STATUSES else "FHIR_INVALID",
            at,
            at=at,
            value=status,
            known="active",
            detail=f"only an active {resource_type} is acted on, not {status}",
        )
    return model, raw


def outcome(error: SitthiError) -> OperationOutcome:
    """Sitthi's error as an OperationOutcome: one issue per problem, with its code in
    ``details.coding`` (system urn:sitthi:error), the Thai message as ``details.text``, the
    English one as ``diagnostics`` and the element as ``expression``."""
    status = error.status
    issues = []
    for item in error.items:
        d = item.as_dict()
        issue = {
            "severity": "error",
            "code": ISSUE_OF_CODE.get(d["code"])
            or ISSUE_TYPE.get(status)
            or ("throttled" if status == 429 else "processing"),
            "details": {
                "coding": [{"system": ERROR_SYSTEM, "code": d["code"], "display": d["message_en"]}],
                "text": d["message_th"],
            },
            "diagnostics": d["message_en"],
        }
        if d["field"]:
            issue["expression"] = [d["field"]]
        issues.append(issue)
    return OperationOutcome(issue=issues)


def answer(resource, status: int = 200) -> HttpResponse:
    """A resource as ``application/fhir+json`` (UTF-8, money as exact decimals)."""
    return HttpResponse(
        resource.model_dump_json(exclude_none=True),
        status=status,
        content_type=f"{FHIR_JSON}; charset=utf-8",
    )


def error_answer(error: SitthiError) -> HttpResponse:
    return answer(outcome(error), error.status)
