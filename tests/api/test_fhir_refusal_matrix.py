"""The refusal matrix of the FHIR API (``/fhir/``, a second NinjaAPI: ``sitthi.fhir.api``), in
the world of the JSON API's matrix (``tests.api.test_refusal_matrix``: the same offices, objects
and fingerprint): every operation of the FHIR OpenAPI document, called by every office that
may not see or act on the object it names, by a token lacking the scope it needs (``read`` for
GET, ``submit`` for POST, ``pay`` for PaymentNotice: docs/fhir.md) and with no credentials, is
refused with a coded OperationOutcome (the code at ``issue[i].details.coding[0].code``) and
changes nothing; ``GET /fhir/metadata`` is public.

An operation missing from ``TABLE`` fails ``test_every_fhir_operation_is_in_the_table``. One
operation may have several entries, ``"METHOD path#what"``: ``POST /Claim`` is a claim
(``use`` = claim) and a UCEP notification (``use`` = preauthorization); a claim is read by
``claim-<pk>`` and by its bare number; an Organization is a hospital or a fund. Path
parameters are resolved by name (``RESOLVERS``) unless an entry names its own (``params``).
Each entry's ``also`` adds probes: (actor, w -> for a GET the changes to its query, a ``None``
dropping a parameter; for a POST the whole message)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.test import Client

from sitthi.core.models import ApiToken
from sitthi.fhir import systems as S
from sitthi.fhir.api import api as fhir_api
from tests.api import test_refusal_matrix as matrix
from tests.api.test_refusal_matrix import (
    ACTORS,
    EVERYONE,
    REFUSALS,
    ROLE,
    ROLES,
    _admin,
    _claim_body,
    _client,
    changed,
    fingerprint,
    has,
)
from tests.fhir.helpers import FHIR, dumps, eligibility_request, fhir_claim

pytestmark = pytest.mark.django_db

#: The JSON matrix's world, built once for this module too (its module-scoped fixture).
_world_once = matrix._world_once


@pytest.fixture
def world(_world_once, db):
    return _world_once


PREFIX = "/fhir"


def fhir_codes(r) -> list[str]:
    """The Sitthi codes of an OperationOutcome answer (not the JSON API's {"errors": […]})."""
    body = r.json()
    if body.get("resourceType") != "OperationOutcome":
        raise ValueError(f"not an OperationOutcome: {body.get('resourceType')}")
    return [i["details"]["coding"][0]["code"] for i in body["issue"]]


@dataclass(frozen=True)
class FhirOp:
    may: str  # the roles that may call it at all, or "public" (auth=None)
    sees: str  # the actors that may see / act on the world's object
    scope: str | None = None  # the token scope it needs; default: read for GET, else submit
    body: Callable | None = None  # w -> a valid FHIR resource (dict)
    query: Callable | None = None  # w -> query parameters
    params: dict = field(default_factory=dict)  # path parameter → w -> value (over RESOLVERS)
    holds: Callable | None = None  # a search: (w, answer) -> the world's object is in it
    ok: int = 200  # the positive control's status
    ok_code: str | None = None
    by: str | None = None  # the positive control's actor, if not the first of ``sees``
    also: tuple = ()  # (actor, w -> query changes of a GET, or the whole message of a POST)
    note: str = ""


def _claim(w, key, **changes):
    return fhir_claim(_claim_body(w, key) | changes)


def _preauthorization(w):
    """The UCEP notification of A's episode (triage recorded) to the EMS centre."""
    message = fhir_claim(_claim_body(w, "unused"), use="preauthorization")
    message["identifier"] = [{"system": S.EPISODE_SYSTEM, "value": str(w.episode.pk)}]
    message["supportingInfo"] = [
        {
            "sequence": 1,
            "category": {"coding": [{"system": "urn:sitthi:info", "code": "contact"}]},
            "valueString": "ER, 02-111-2222",
        }
    ]
    return message


def _payment(w):
    return {
        "resourceType": "PaymentNotice",
        "status": "active",
        "request": {"identifier": {"system": S.NOTICE_SYSTEM, "value": w.notice.number}},
        "created": w.now.isoformat(),
        "payment": {"identifier": {"system": S.PAYMENT_REF_SYSTEM, "value": "FHIR-PAY-1"}},
        "paymentDate": w.today.isoformat(),
        "recipient": {"display": "NHSO"},
        "amount": {"value": str(w.notice.total), "currency": "THB"},
    }


def _eligibility(w, hospital=None):
    return eligibility_request(w.person.citizen_id, w.today.isoformat(), hospital)


READERS = "hospital fund nhso admin"  # a claim's readers (GET /api/v1/claims/{id})

#: Every operation of the FHIR API: "METHOD path[#what]" (the path without /fhir).
TABLE: dict[str, FhirOp] = {
    "GET /metadata": FhirOp("public", EVERYONE, note="the CapabilityStatement: no token"),
    "POST /CoverageEligibilityRequest": FhirOp(
        "hospital fund nhso ems admin",
        "A B X Y nhso ems admin",
        body=_eligibility,
        also=(("B", lambda w: _eligibility(w, "10670")),),
        note="POST /api/v1/rights: a person, no owner; a hospital asks for its own network only",
    ),
    "POST /Claim#claim": FhirOp(
        "hospital",
        "A",
        body=lambda w: _claim(w, "K-FHIR"),
        ok=201,
        also=(("A", lambda w: _claim(w, "K-FHIR", hospital="90001")),),
        note="the claim names hospital 10670: B is refused HOSPITAL_SCOPE",
    ),
    "POST /Claim#preauthorization": FhirOp(
        "hospital",
        "A",
        body=_preauthorization,
        note="A's UCEP episode: another hospital NOT_FOUND, any other role ROLE_FORBIDDEN",
    ),
    "GET /Claim/{claim_id}": FhirOp(READERS, "A X nhso admin"),
    "GET /Claim/{claim_id}#number": FhirOp(
        READERS, "A X nhso admin", params={"claim_id": lambda w: str(w.claim.pk)}
    ),
    "GET /ClaimResponse/{claim_id}": FhirOp(
        READERS,
        "A X nhso admin",
        params={"claim_id": lambda w: f"claimresponse-{w.claim.pk}"},
    ),
    "GET /ClaimResponse/{claim_id}#number": FhirOp(
        READERS, "A X nhso admin", params={"claim_id": lambda w: str(w.claim.pk)}
    ),
    "POST /PaymentNotice": FhirOp(
        "fund",
        "X",
        scope="pay",
        body=_payment,
        note="UCS's notice: another fund NOT_FOUND",
    ),
    "GET /PaymentReconciliation": FhirOp(
        "hospital nhso admin",
        "A nhso admin",
        query=lambda w: {"hospital": "10670"},
        holds=has("reference", lambda w: f"Claim/claim-{w.paid_claim.pk}"),
        also=(
            ("B", lambda w: {"hospital": None}),
            ("B", lambda w: {"hospital": None, "fund": "UCS"}),
            ("A", lambda w: {"hospital": "90001"}),
        ),
        note="GET /api/v1/statements: B naming A's hospital HOSPITAL_SCOPE, its own is empty",
    ),
    "GET /Organization/{org_id}": FhirOp(
        " ".join(ROLES), EVERYONE, note="a hospital: reference data for anyone signed in"
    ),
    "GET /Organization/{org_id}#fund": FhirOp(
        " ".join(ROLES), EVERYONE, params={"org_id": lambda w: "UCS"}, note="a fund"
    ),
}

#: Path parameters by name → the world's value (an entry's ``params`` first).
RESOLVERS: dict[str, Callable] = {
    "claim_id": lambda w: f"claim-{w.claim.pk}",
    "org_id": lambda w: "10670",
}


def schema_operations() -> dict[str, dict]:
    out = {}
    for path, ops in fhir_api.get_openapi_schema()["paths"].items():
        for method, op in ops.items():
            out[f"{method.upper()} {path.removeprefix(PREFIX)}"] = op
    return out


def _operation(key: str) -> str:
    return key.split("#", 1)[0]


OPERATIONS = schema_operations()
#: The entries, and any operation none of them covers (its tests fail with what to add).
KEYS = sorted(set(TABLE) | (set(OPERATIONS) - {_operation(k) for k in TABLE}))


def test_every_fhir_operation_is_in_the_table():
    listed = {_operation(k) for k in TABLE}
    missing = sorted(set(OPERATIONS) - listed)
    stale = sorted(listed - set(OPERATIONS))
    assert not missing, (
        "operations of the FHIR OpenAPI document missing from the FHIR refusal matrix: add each "
        f"to TABLE in {__name__}, with who may call it and who sees the world's object:\n"
        + "\n".join(
            f'    "{k}": FhirOp("<roles>", "<actors>", body=lambda w: {{…}}),' for k in missing
        )
    )
    assert not stale, f"TABLE entries the FHIR document no longer has (remove them): {stale}"


def test_every_fhir_path_parameter_has_a_resolver():
    names = {n for key in OPERATIONS for n in re.findall(r"{(\w+)}", key)}
    assert names - set(RESOLVERS) == set(), "add these to RESOLVERS: " + ", ".join(
        sorted(names - set(RESOLVERS))
    )


def test_the_fhir_table_is_consistent_with_itself_and_the_schema():
    for key, op in TABLE.items():
        schema = OPERATIONS.get(_operation(key), {})
        if op.may == "public":
            assert not schema.get("security"), f"{key} is listed public: it is not"
            continue
        assert set(op.may.split()) <= ROLES, key
        assert {ROLE[a] for a in op.sees.split()} <= set(op.may.split()), key
        assert schema.get("security"), f"{key} has auth=None: list it as public"
        if FHIR in schema.get("requestBody", {}).get("content", {}):
            assert op.body, f"{key} takes a FHIR resource: give it a valid one (body=)"
        assert op.ok != 400, f"{key}: a positive control answering 400 proves nothing"


# -- calling an operation ----------------------------------------------------------------------


def _op(key: str) -> FhirOp:
    if key not in TABLE:
        pytest.fail(f"{key} is not in TABLE: add it (who may call it, read from its code)")
    if _operation(key) not in OPERATIONS:
        pytest.fail(f"{key} is in TABLE but not in the FHIR OpenAPI document: remove it")
    return TABLE[key]


def _path(key: str, w) -> tuple[str, str]:
    method, path = _operation(key).split(" ", 1)
    op = TABLE[key]

    def value(m):
        name = m.group(1)
        resolve = op.params.get(name) or RESOLVERS.get(name)
        if resolve is None:
            pytest.fail(f"{key}: no resolver for the path parameter {name!r}: add it to RESOLVERS")
        return str(resolve(w))

    return method, PREFIX + re.sub(r"{(\w+)}", value, path)


def call(key, w, who, token=None, admin: Client | None = None, change: dict | None = None):
    """``who`` calls the entry with its full token (admin: its session); ``token`` instead;
    neither: no credentials. ``change``: a GET's query changes, or a POST's whole message."""
    op = TABLE[key]
    method, path = _path(key, w)
    client, headers = _client("token"), {}
    client.cookies.clear()
    if who == "admin":
        client = admin or _admin(w)
    elif who is not None:
        token = w.tokens[who]
    if token:
        headers["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    if method == "GET":
        query = (op.query(w) if op.query else {}) | (change or {})
        return client.get(path, {k: v for k, v in query.items() if v is not None}, **headers)
    message = change if change is not None else op.body(w)
    return client.generic(method, path, dumps(message), content_type=FHIR, **headers)


def _refused(key: str, w, who: str, r) -> str | None:
    """Why the answer is not a coded FHIR refusal of the caller (None: it is one)."""
    op = TABLE[key]
    if r.status_code == 200 and op.holds and ROLE[who] in op.may.split():
        body = r.json()
        if body.get("resourceType") != "Bundle":
            return f"200 but not a Bundle: {r.content[:300]!r}"
        return f"200 holding the world's object: {r.content[:300]!r}" if op.holds(w, body) else None
    if r.status_code not in (403, 404):
        return f"{r.status_code}: {r.content[:300]!r}"
    if not r["Content-Type"].startswith(FHIR):
        return f"{r.status_code} as {r['Content-Type']}, not {FHIR}"
    try:
        got = set(fhir_codes(r))
    except (ValueError, KeyError, TypeError, IndexError):
        return f"{r.status_code} without an OperationOutcome: {r.content[:300]!r}"
    if not got or not got <= REFUSALS:
        return f"{r.status_code} with codes {got}, not a refusal of the caller"
    return None


# -- the matrix --------------------------------------------------------------------------------


@pytest.mark.parametrize("key", KEYS)
def test_the_offices_that_may_not_are_refused_and_nothing_changes(key, world):
    op = _op(key)
    if op.may == "public":
        return
    others = [a for a in ACTORS if a not in op.sees.split()]
    admin = _admin(world)
    before = fingerprint()
    failures = []
    probes = [("", None, who) for who in others]
    probes += [(f" with {change(world)}", change(world), who) for who, change in op.also]
    for how, change, who in probes:
        r = call(key, world, who, admin=admin, change=change)
        why = _refused(key, world, who, r)
        if why:
            failures.append(f"{who} ({ROLE[who]}){how}: {why}")
        moved = changed(before, fingerprint())
        if moved:
            failures.append(f"{who} ({ROLE[who]}){how}: the refused call changed {moved}")
            before = fingerprint()
    assert not failures, f"{key}:\n" + "\n".join(failures)


def _needed(key: str) -> str:
    op = TABLE[key]
    return op.scope or ("read" if key.startswith("GET ") else "submit")


def _positive_actor(op: FhirOp) -> str:
    return op.by or next(a for a in op.sees.split() if a != "admin")


@pytest.mark.parametrize("key", KEYS)
def test_a_token_without_the_scope_is_refused_token_scope(key, world):
    op = _op(key)
    if op.may == "public":
        return
    scope = _needed(key)
    who = _positive_actor(op)
    _, raw = ApiToken.issue(world.users[who], "lacking", [s for s in ApiToken.SCOPES if s != scope])
    before = fingerprint()
    r = call(key, world, None, token=raw)
    assert r.status_code == 403 and fhir_codes(r) == ["TOKEN_SCOPE"], (key, r.content)
    assert f"({scope})" in r.json()["issue"][0]["diagnostics"], r.content
    assert changed(before, fingerprint()) == []


@pytest.mark.parametrize("key", KEYS)
def test_no_credentials_is_401(key, world):
    op = _op(key)
    before = fingerprint()
    r = call(key, world, None)
    if op.may == "public":
        assert not OPERATIONS[_operation(key)].get("security")
        assert r.status_code == 200, r.content
        assert r.json()["resourceType"] == "CapabilityStatement"
    else:
        assert r.status_code == 401 and fhir_codes(r) == ["AUTH_REQUIRED"], (key, r.content)
    assert changed(before, fingerprint()) == []


@pytest.mark.parametrize("key", KEYS)
def test_the_offices_that_may_are_served(key, world):
    """The positive control: the owner's call passes every permission check."""
    op = _op(key)
    if op.may == "public":
        return
    readers = op.sees.split() if key.startswith("GET ") else [_positive_actor(op)]
    for who in readers:
        r = call(key, world, who)
        assert r.status_code == op.ok, (key, who, r.content[:500])
        assert r["Content-Type"].startswith(FHIR), (key, who, r["Content-Type"])
        if op.ok_code:
            assert fhir_codes(r) == [op.ok_code], (key, who, r.content[:500])
        else:
            assert r.json()["resourceType"] != "OperationOutcome", (key, who, r.content[:500])
        if op.holds:
            assert op.holds(world, r.json()), (key, who, "the world's object is missing")
