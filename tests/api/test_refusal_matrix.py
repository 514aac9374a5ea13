"""The refusal matrix: every operation of the OpenAPI document, called by every office that may
not see or act on the object it names, by a token lacking the scope it needs, and with no
credentials, must be refused with a coded answer and change nothing (ARCHITECTURE.md, "Nobody
sees what is not theirs"; issue 17: tokens act only within their scopes).

The operations come from the document itself (``sitthi.api.api.get_openapi_schema()``): an
operation missing from ``TABLE``, or an entry of ``TABLE`` the document no longer has, fails
``test_every_operation_of_the_schema_is_in_the_table``, so a new endpoint cannot escape the
matrix. Path parameters are resolved by name (``RESOLVERS``): a new name fails with the line
to add; a name two areas use for different objects (``run_id``: a Bright Spot award run, an
allocation run) is resolved by its path's prefix first (``AREA_RESOLVERS``).

The offices of the world (one set of objects for the module, each test in its own savepoint):

* ``A`` the Khon Kaen hospital 10670: its claims, documents, rights check, UCEP episode, the
  isolation case offered to its unit, its job, webhook and delivery, its financial statement,
  its unit's line in the allocation run (the shipped FY 2559 version over the registry);
* ``B`` the private hospital 90001, with none of these;
* ``X`` the UCS fund, owner of A's claims (notified to it), notice and episode;
* ``Y`` the SSS fund, with none of these;
* ``nhso``, ``ems``, ``sec`` (the initial-assistance secretary) and ``admin`` (by session: an
  administrator has no tokens).

Each TABLE entry says which roles may call the operation at all (``may``), which of the actors
above may see or act on the world's object (``sees``), the scope a token needs, and a valid
body. Every actor outside ``sees`` is refused: 403/404 with a permission code (a 400 is not a
refusal, because validation runs before the permission check: every body here is valid), or,
for a list (``holds``) an actor of an allowed role gets 200 without the world's object in it.
Each probe runs as the table says; a list with a filter of a hospital, fund or unit runs again
naming the owner's, and one with exports again as CSV (``marker``); ``also`` adds probes with a
changed query or body. After every refused call the rows of every model (their content on
PostgreSQL), the audit log among them, are what they were. The first actor of ``sees`` (or
``by``) is the positive control: it gets ``ok``, so the matrix cannot pass because everything
is broken. The FHIR API's matrix (``test_fhir_refusal_matrix.py``) probes ``/fhir/`` in this
world."""

from __future__ import annotations

import ipaddress
import itertools
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.test import Client
from django.utils import timezone

from sitthi.api import api
from sitthi.core.models import ApiToken
from sitthi.rules.kernel.thaitime import bangkok_date

pytestmark = pytest.mark.django_db

PREFIX = "/api/v1"
TOKEN_ACTORS = ("A", "B", "X", "Y", "nhso", "ems", "sec")
ACTORS = (*TOKEN_ACTORS, "admin")
ROLE = {
    "A": "hospital",
    "B": "hospital",
    "X": "fund",
    "Y": "fund",
    "nhso": "nhso",
    "ems": "ems",
    "sec": "secretary",
    "admin": "admin",
}
ROLES = set(ROLE.values())
#: The codes a refusal of the caller (not of its input) answers with.
REFUSALS = {
    "ROLE_FORBIDDEN",
    "HOSPITAL_SCOPE",
    "FUND_SCOPE",
    "NOT_FOUND",
    "JOB_NOT_FOUND",
    "WEBHOOK_NOT_FOUND",
}
#: Every actor: for an operation whose object is no office's (reference data, a person's rights).
EVERYONE = " ".join(ACTORS)


def codes(r) -> list[str]:
    return [e["code"] for e in r.json()["errors"]]


def has(key: str, value: Callable) -> Callable:
    """A list's answer holds the world's object: some dict in it has ``key`` == ``value(w)``."""

    def holds(w, body) -> bool:
        want = value(w)
        todo = [body]
        while todo:
            v = todo.pop()
            if isinstance(v, dict):
                if v.get(key) == want:
                    return True
                todo.extend(v.values())
            elif isinstance(v, list):
                todo.extend(v)
        return False

    return holds


@dataclass(frozen=True)
class Op:
    may: str  # the roles that may call it at all, or "public" (auth=None)
    sees: str  # the actors that may see / act on the world's object
    scope: str | None = None  # the token scope it needs; default: read for GET, else submit
    body: Callable | None = None  # w -> a valid JSON body
    files: Callable | None = None  # w -> {"file": SimpleUploadedFile} (multipart)
    query: Callable | None = None  # w -> query parameters
    holds: Callable | None = None  # a list: (w, answer) -> the world's object is in it
    marker: Callable | None = None  # a list with exports: w -> text the owner's CSV holds
    ok: int = 200  # the positive control's status
    ok_code: str | None = None  # ... and code, where it is a refusal of the state, not the caller
    by: str | None = None  # the positive control's actor, if not the first of ``sees``
    body_refusal: str | None = None  # refused with 200 and only this code in its problems
    patch: Callable | None = None  # (monkeypatch) before the positive control
    #: further refusals: (actor, w -> what it changes: the query of a GET, else the body)
    also: tuple = ()
    note: str = ""


def _iso(dt) -> str:
    return dt.isoformat()


def _claim_body(w, key):
    from tests.claims.conftest import payload

    return payload(w.person, key=key, hospital="10670", when=w.visit)


def _resend_body(w):
    body = _claim_body(w, "unused")
    return {k: body[k] for k in ("citizen_id", "service_type", "admitted_at", "diagnoses", "lines")}


def _pdf(w):
    return {"file": SimpleUploadedFile("scan.pdf", w.pdf, content_type="application/pdf")}


def _claims_csv(w):
    from tests.jobs.helpers import claims_csv

    data = claims_csv(w.person, 1)
    return {"file": SimpleUploadedFile("claims.csv", data, content_type="text/csv")}


def _public_address(monkeypatch):
    from sitthi.exchange import services

    monkeypatch.setattr(services, "_addresses", lambda host: [ipaddress.ip_address("8.8.8.8")])


def _assistance_form():
    from tests.assistance.test_api_secretary import form

    return form()


def _allocation_yaml(w):
    import yaml

    from tests.rules.allocation.tiny import shipped_raw

    raw = shipped_raw()
    raw["op"]["qof_per_person"] = "38.00"
    data = yaml.safe_dump(raw, allow_unicode=True).encode()
    return {"file": SimpleUploadedFile("fy2559.yaml", data)}


HEALTHY = {
    "current_assets": "3000000.00",
    "inventory": "300000.00",
    "other_current_assets": "100000.00",
    "cash_and_equivalents": "1500000.00",
    "fixed_deposits": "500000.00",
    "current_liabilities": "1000000.00",
    "revenue": "12000000.00",
    "expenses": "11000000.00",
    "depreciation": "400000.00",
}
GREEN = {"cough": True, "temperature_c": "37.8", "spo2_room_air": "97", "age_years": 30}

#: Every operation of the API: "METHOD path" (the path without /api/v1) → who may call it.
TABLE: dict[str, Op] = {
    # -- registry: the rights check (CHECKERS) and a hospital's own check history ------------
    "GET /rights/{citizen_id}": Op(
        "hospital fund nhso ems admin",
        "A B X Y nhso ems admin",
        query=lambda w: {"on": w.today.isoformat()},
        also=(("B", lambda w: {"hospital": "10670"}),),
        note="no owner: a person; a hospital asks for its own network only",
    ),
    "POST /rights": Op(
        "hospital fund nhso ems admin",
        "A B X Y nhso ems admin",
        body=lambda w: {"citizen_id": w.person.citizen_id, "on": w.today.isoformat()},
        also=(("B", lambda w: {"hospital": "10670"}),),
    ),
    "GET /rights-checks": Op(
        "hospital nhso admin", "A nhso admin", holds=has("id", lambda w: w.check.pk)
    ),
    "GET /rights-checks/{check_id}": Op("hospital nhso admin", "A nhso admin"),
    # -- claims -------------------------------------------------------------------------------
    "POST /claims": Op(
        "hospital",
        "A",
        body=lambda w: _claim_body(w, "K-NEW"),
        ok=201,
        also=(("A", lambda w: {"hospital": "90001"}),),
        note="the body names hospital 10670: B is refused HOSPITAL_SCOPE",
    ),
    "GET /claims": Op(
        "hospital fund nhso admin",
        "A X nhso admin",
        holds=has("id", lambda w: w.claim.pk),
        marker=lambda w: w.claim.claim_key,
    ),
    "POST /claims/bulk": Op(
        "hospital",
        "A",
        body=lambda w: {"claims": [_claim_body(w, "K-NEW")]},
        also=(("A", lambda w: {"claims": [_claim_body(w, "K-NEW") | {"hospital": "90001"}]}),),
    ),
    "GET /claims/{claim_id}": Op("hospital fund nhso admin", "A X nhso admin"),
    "POST /claims/{claim_id}/documents-complete": Op(
        "nhso", "nhso", ok=409, ok_code="STATE_MOVE_INVALID", note="the claim is notified"
    ),
    "POST /claims/{claim_id}/return": Op(
        "nhso",
        "nhso",
        body=lambda w: {"reason": "ขาดเอกสาร"},
        ok=409,
        ok_code="STATE_MOVE_INVALID",
        note="the claim is notified",
    ),
    "POST /notices": Op(
        "nhso",
        "nhso",
        body=lambda w: {"fund": "UCS", "claim_ids": [w.claim2.pk]},
        ok=201,
    ),
    "GET /notices": Op(
        "fund nhso admin",
        "X nhso admin",
        holds=has("id", lambda w: w.notice.pk),
        marker=lambda w: w.notice.number,
    ),
    "POST /notices/{notice_id}/payment": Op(
        "fund",
        "X",
        scope="pay",
        body=lambda w: {
            "amount": str(w.notice.total),
            "paid_on": w.today.isoformat(),
            "reference": "PAY-1",
        },
    ),
    "GET /claims/{claim_id}/fhir": Op("hospital fund nhso admin", "A X nhso admin"),
    "POST /claims/{claim_id}/resend": Op(
        "hospital",
        "A",
        body=_resend_body,
        ok=409,
        ok_code="CLAIM_NOT_RESENDABLE",
        note="the claim is notified",
    ),
    "POST /claims/{claim_id}/documents": Op("hospital", "A", files=_pdf, ok=201),
    "GET /claims/{claim_id}/documents": Op(
        "hospital fund nhso admin", "A X nhso admin", holds=has("id", lambda w: w.document.pk)
    ),
    "GET /claims/{claim_id}/documents/{document_id}": Op(
        "hospital fund nhso admin", "A X nhso admin"
    ),
    "GET /claims-lookup": Op(
        "hospital fund nhso admin",
        "A B X Y nhso admin",
        query=lambda w: {"kind": "item", "q": "LAB"},
        note="reference data: no owner",
    ),
    "POST /claims/bulk/moves": Op(
        "nhso",
        "nhso",
        body=lambda w: {"move": "documents-complete", "claim_ids": [w.claim3.pk]},
    ),
    "POST /notices/transfer": Op(
        "fund",
        "X",
        scope="pay",
        body=lambda w: {
            "notice_ids": [w.notice.pk],
            "amount": str(w.notice.total),
            "paid_on": w.today.isoformat(),
            "reference": "TR-1",
        },
        note="another fund's notice: FUND_SCOPE",
    ),
    "GET /statements": Op(
        "hospital nhso admin",
        "A nhso admin",
        query=lambda w: {"hospital": "10670"},
        also=(("A", lambda w: {"hospital": "90001"}),),
        holds=has("claim_id", lambda w: w.paid_claim.pk),
        marker=lambda w: w.paid_claim.claim_key,
        note="B names A's hospital: HOSPITAL_SCOPE",
    ),
    "GET /fee-schedules": Op(" ".join(ROLES), EVERYONE, note="anyone signed in"),
    # -- UCEP ---------------------------------------------------------------------------------
    "GET /ucep/episodes": Op(
        "hospital fund nhso ems admin",
        "A X nhso ems admin",
        holds=has("id", lambda w: w.episode.pk),
    ),
    "POST /ucep/episodes": Op(
        "hospital",
        "A B",
        body=lambda w: {
            "citizen_id": w.person.citizen_id,
            "admitted_at": _iso(w.now - timedelta(minutes=30)),
            "covid": False,
        },
        ok=201,
        note="no object named: any hospital opens its own episode",
    ),
    "GET /ucep/episodes/{episode_id}": Op("hospital fund nhso ems admin", "A X nhso ems admin"),
    "POST /ucep/episodes/{episode_id}/triage": Op(
        "hospital", "A", body=lambda w: {"assessment": {"cardiac_arrest": True}}
    ),
    "POST /ucep/episodes/{episode_id}/notify": Op(
        "hospital", "A", body=lambda w: {"contact": "ward 2"}
    ),
    "POST /ucep/episodes/{episode_id}/transfers": Op(
        "hospital", "A", body=lambda w: {"to_hospital": "90001", "at": _iso(w.now)}
    ),
    "POST /ucep/episodes/{episode_id}/fit-to-move": Op(
        "hospital", "A", body=lambda w: {"at": _iso(w.now), "refused": False}
    ),
    "POST /ucep/episodes/{episode_id}/stay-choice": Op(
        "hospital",
        "A",
        body=lambda w: {"at": _iso(w.now)},
        ok=409,
        ok_code="STAY_CHOICE_NOT_APPLICABLE",
        note="the patient is emergency-critical",
    ),
    "POST /ucep/episodes/{episode_id}/discharge": Op(
        "hospital", "A", body=lambda w: {"at": _iso(w.now)}
    ),
    "POST /ucep/episodes/{episode_id}/charges": Op(
        "hospital",
        "A",
        body=lambda w: {
            "lines": [
                {
                    "item_code": "LAB-1",
                    "quantity": "1",
                    "served_at": _iso(w.now),
                    "charged": "100.00",
                }
            ]
        },
    ),
    "POST /ucep/episodes/{episode_id}/claims": Op(
        "hospital",
        "A",
        body=lambda w: {"diagnoses": ["I46.9"]},
        ok=409,
        ok_code="NOT_ELIGIBLE",
        note="A is a state hospital in the UCS network",
    ),
    "GET /ucep/episodes/{episode_id}/transfer-back": Op(
        "hospital fund nhso ems admin", "A X nhso ems admin"
    ),
    "POST /ucep/episodes/{episode_id}/transfer-back/assign": Op(
        "hospital fund nhso ems admin", "A X nhso ems admin"
    ),
    "GET /ucep/ems/inbox": Op(
        "ems nhso admin", "ems nhso admin", holds=has("id", lambda w: w.episode.pk)
    ),
    "POST /ucep/episodes/{episode_id}/ems": Op(
        "ems", "ems", body=lambda w: {"action": "review", "reason": "", "hospital": ""}
    ),
    "GET /ucep/fund/notifications": Op(
        "fund nhso admin", "X nhso admin", holds=has("id", lambda w: w.episode.pk)
    ),
    "POST /ucep/episodes/{episode_id}/acknowledge": Op("fund", "X"),
    # -- isolation ----------------------------------------------------------------------------
    "POST /isolation/cases": Op(
        "nhso",
        "nhso",
        body=lambda w: {
            "citizen_id": w.person.citizen_id,
            "contact": "0812345678",
            "district": "บางนา",
            "province": "10",
            "test_date": w.today.isoformat(),
            "setting": "HI",
            "assessment": GREEN,
        },
        ok=201,
    ),
    "GET /isolation/cases": Op(
        "hospital nhso admin",
        "A nhso admin",
        holds=has("id", lambda w: w.case.pk),
        marker=lambda w: f"HI{w.case.pk},",
    ),
    "GET /isolation/offers": Op("hospital", "A", holds=has("id", lambda w: w.case.pk)),
    "POST /isolation/cases/{case_id}/take": Op("hospital", "A"),
    "POST /isolation/cases/{case_id}/reopen": Op(
        "nhso",
        "nhso",
        body=lambda w: {"unit": "", "at": None},
        ok=409,
        ok_code="CASE_NOT_QUEUED",
        note="the case is offered, not queued",
    ),
    "POST /isolation/cases/{case_id}/decline": Op(
        "hospital", "A", body=lambda w: {"reason": "ไม่มีเตียง"}
    ),
    "POST /isolation/cases/{case_id}/claim": Op(
        "hospital",
        "A",
        body=lambda w: {
            "started": w.today.isoformat(),
            "ended": w.today.isoformat(),
            "care_charge": "600.00",
        },
        ok=409,
        ok_code="CASE_NOT_HELD",
        note="offered to A, not yet taken",
    ),
    "GET /isolation/cases/{case_id}": Op("hospital nhso admin", "A nhso admin"),
    "GET /isolation/queue": Op("nhso admin", "nhso admin", note="no case is queued"),
    # -- initial assistance -------------------------------------------------------------------
    "POST /assistance/status": Op(
        "public",
        EVERYONE,
        body=lambda w: {"number": w.request.number, "citizen_id": w.request.harmed_cid},
        note="auth=None: the number and the citizen ID together",
    ),
    "GET /assistance/requests/{number}": Op("secretary nhso", "sec nhso"),
    "GET /assistance/requests": Op(
        "secretary nhso",
        "sec nhso",
        holds=has("number", lambda w: w.request.number),
        marker=lambda w: w.request.number,
        note="the secretary and NHSO read every request; no office owns one",
    ),
    "POST /assistance/requests": Op(
        "secretary", "sec", body=lambda w: _assistance_form(), ok=201, note="the secretary only"
    ),
    "POST /assistance/requests/{number}/meeting": Op(
        "secretary", "sec", body=lambda w: {"meeting_on": w.today.isoformat()}
    ),
    "POST /assistance/requests/{number}/decision": Op(
        "secretary",
        "sec",
        body=lambda w: {
            "outcome": "rejected",
            "decided_on": w.today.isoformat(),
            "reasons": "ไม่เข้าเกณฑ์",
        },
        ok=409,
        ok_code="ASSIST_STAGE",
        note="the request is received, not yet on a meeting's agenda",
    ),
    "POST /assistance/requests/{number}/appeal": Op(
        "secretary",
        "sec",
        body=lambda w: {"received_on": w.today.isoformat(), "reason": "ขออุทธรณ์"},
        ok=409,
        ok_code="ASSIST_STAGE",
        note="nothing decided yet to appeal against",
    ),
    "POST /assistance/requests/{number}/payment": Op(
        "secretary",
        "sec",
        scope="pay",
        body=lambda w: {"paid_on": w.today.isoformat(), "reference": "PAY-S41"},
        ok=409,
        ok_code="ASSIST_STAGE",
        note="nothing awarded yet",
    ),
    "POST /assistance/requests/{number}/documents": Op(
        "secretary",
        "sec",
        files=lambda w: {
            "documents": [SimpleUploadedFile("more.pdf", w.pdf, content_type="application/pdf")]
        },
    ),
    # -- allocation ---------------------------------------------------------------------------
    "GET /allocation/configs": Op(
        "fund nhso admin",
        "X Y nhso admin",
        holds=has("id", lambda w: w.config.pk),
        note="NHSO, funds and admin read every year's versions; a hospital ROLE_FORBIDDEN",
    ),
    "GET /allocation/configs/{config_id}": Op("fund nhso admin", "X Y nhso admin"),
    "POST /allocation/configs": Op(
        "nhso admin",
        "nhso admin",
        files=_allocation_yaml,
        ok=201,
        note="a changed FY 2559 file: a new version",
    ),
    "POST /allocation/configs/{config_id}/edits": Op(
        "nhso admin",
        "nhso admin",
        body=lambda w: {"changes": {"op.band_pct": "11"}},
        ok=201,
        note="a new version of the year with one figure changed",
    ),
    "POST /allocation/configs/{config_id}/runs": Op(
        "nhso admin",
        "nhso admin",
        files=lambda w: {},
        ok=202,
        note="the registry alone (no service file); the job runs at once in tests",
    ),
    "GET /allocation/runs": Op(
        "hospital fund nhso admin",
        "A X Y nhso admin",
        holds=has("id", lambda w: w.allocation_run.pk),
        marker=lambda w: f"\n{w.allocation_run.pk},{w.config.fy},",
        note="a hospital: the runs that pay its unit (B is paid nothing)",
    ),
    "GET /allocation/runs/{run_id}": Op("fund nhso admin", "X Y nhso admin"),
    "GET /allocation/compare": Op(
        "fund nhso admin",
        "X Y nhso admin",
        query=lambda w: {"base": w.allocation_run.pk, "other": w.allocation_run2.pk},
        note="two runs of the year, as the runs are read",
    ),
    "GET /allocation/runs/{run_id}/units": Op(
        "fund nhso admin",
        "X Y nhso admin",
        holds=has("unit", lambda w: "10670"),
        marker=lambda w: "\n10670,",
    ),
    "GET /allocation/runs/{run_id}/units/{unit}": Op(
        "hospital fund nhso admin",
        "A X Y nhso admin",
        note="unit A's statement: another hospital NOT_FOUND",
    ),
    # -- finance ------------------------------------------------------------------------------
    "POST /finance/statements": Op(
        "hospital nhso",
        "A nhso",
        body=lambda w: {
            "fiscal_year": 2567,
            "quarter": 2,
            "statements": [{"hospital": "10670", **HEALTHY}],
        },
        body_refusal="FIN_NOT_YOUR_HOSPITAL",
        also=(("A", lambda w: {"statements": [{"hospital": "90001", **HEALTHY}]}),),
        note="another hospital's statement is a problem of its row (200), nothing stored",
    ),
    "GET /finance/hospitals/{hcode}/risk": Op("hospital nhso admin", "A nhso admin"),
    "GET /finance/brightspot/runs": Op(
        "nhso admin", "nhso admin", holds=has("id", lambda w: w.run.pk)
    ),
    "GET /finance/brightspot/runs/{run_id}": Op("nhso admin", "nhso admin"),
    # -- jobs ---------------------------------------------------------------------------------
    "GET /jobs": Op(
        " ".join(ROLES),
        "A nhso admin",
        holds=has("id", lambda w: w.job.pk),
        note="anyone: its own jobs",
    ),
    "GET /jobs/{job_id}": Op(" ".join(ROLES), "A nhso admin"),
    "POST /claims-whatif/fee-schedule": Op(
        "nhso admin",
        "nhso admin",
        files=lambda w: {
            "file": SimpleUploadedFile("t.csv", w.tariff_csv, content_type="text/csv")
        },
        ok=202,
        note="no office's object: the NHSO's own what-if with another fee schedule",
    ),
    "POST /claims-whatif": Op(
        "nhso admin",
        "nhso admin",
        body=lambda w: {"sets": ["covid.body_handling_per_deceased=3000@2022-04-25"]},
        ok=202,
        note="no office's object: the NHSO's own what-if",
    ),
    "POST /claim-files": Op("hospital", "A B", files=_claims_csv, ok=202),
    # -- the change feed and webhooks ---------------------------------------------------------
    "GET /events": Op(
        "hospital fund nhso ems",
        "A",
        holds=lambda w, body: any(e["audience"]["code"] == "10670" for e in body["events"]),
        note="each office its own events",
    ),
    "POST /webhooks": Op(
        "hospital fund nhso ems",
        "A B X Y nhso ems",
        body=lambda w: {"url": "https://hooks.example.org/sitthi"},
        ok=201,
        patch=_public_address,
        note="no object named: a webhook for the caller's own office",
    ),
    "GET /webhooks": Op("hospital fund nhso ems", "A", holds=has("id", lambda w: w.webhook.pk)),
    # -- tokens: an officer's own (TOKEN_ROLES; an administrator has none) -----------------
    "GET /tokens": Op(
        "hospital fund nhso ems secretary", "A", holds=has("id", lambda w: w.spare_token.pk)
    ),
    "POST /tokens": Op(
        "hospital fund nhso ems secretary",
        "A B X Y nhso ems sec",
        body=lambda w: {"name": "matrix new", "scopes": ["read"], "days": 30},
        ok=201,
        note="no object named: a token for the caller itself",
    ),
    "DELETE /tokens/{token_id}": Op("hospital fund nhso ems secretary", "A", ok=204),
    "DELETE /webhooks/{webhook_id}": Op("hospital fund nhso ems", "A", ok=204),
    "GET /webhook-deliveries": Op(
        "hospital fund nhso ems", "A", holds=has("id", lambda w: w.delivery.pk)
    ),
    "POST /webhook-deliveries/{delivery_id}/replay": Op("hospital fund nhso ems", "A", ok=202),
}

#: Path parameters by name → the world's value. A new name: add one line here (and, if it
#: names a new kind of object, make one owned by A or X in ``_build``).
RESOLVERS: dict[str, Callable] = {
    "citizen_id": lambda w: w.person.citizen_id,
    "check_id": lambda w: w.check.pk,
    "claim_id": lambda w: w.claim.pk,
    "document_id": lambda w: w.document.pk,
    "notice_id": lambda w: w.notice.pk,
    "episode_id": lambda w: w.episode.pk,
    "case_id": lambda w: w.case.pk,
    "number": lambda w: w.request.number,
    "hcode": lambda w: "10670",
    "run_id": lambda w: w.run.pk,  # a Bright Spot award run; an allocation run: AREA_RESOLVERS
    "config_id": lambda w: w.config.pk,
    "unit": lambda w: "10670",
    "job_id": lambda w: w.job.pk,
    "webhook_id": lambda w: w.webhook.pk,
    "token_id": lambda w: w.spare_token.pk,
    "delivery_id": lambda w: w.delivery.pk,
}

#: A name two areas use for different objects: (path prefix, name) → the world's value, before
#: ``RESOLVERS``.
AREA_RESOLVERS: dict[tuple[str, str], Callable] = {
    ("/allocation/", "run_id"): lambda w: w.allocation_run.pk,
}


def schema_operations() -> dict[str, dict]:
    out = {}
    for path, ops in api.get_openapi_schema()["paths"].items():
        for method, op in ops.items():
            out[f"{method.upper()} {path.removeprefix(PREFIX)}"] = op
    return out


OPERATIONS = schema_operations()
KEYS = sorted(set(OPERATIONS) | set(TABLE))


def test_every_operation_of_the_schema_is_in_the_table():
    missing = sorted(set(OPERATIONS) - set(TABLE))
    stale = sorted(set(TABLE) - set(OPERATIONS))
    assert not missing, (
        "operations of the OpenAPI document missing from the refusal matrix: add each to TABLE "
        f"in {__name__}, with who may call it and who sees the world's object, read from its "
        "code (and its object to _build), e.g.\n"
        + "\n".join(f'    "{k}": Op("<roles>", "<actors>", body=lambda w: {{…}}),' for k in missing)
    )
    assert not stale, f"TABLE entries the OpenAPI document no longer has (remove them): {stale}"


def test_every_path_parameter_has_a_resolver():
    names = {n for key in OPERATIONS for n in re.findall(r"{(\w+)}", key)}
    assert names - set(RESOLVERS) == set(), "add these to RESOLVERS: " + ", ".join(
        f'"{n}": lambda w: …' for n in sorted(names - set(RESOLVERS))
    )


def test_the_table_is_consistent_with_itself_and_the_schema():
    for key, op in TABLE.items():
        if op.may == "public":
            assert not OPERATIONS.get(key, {}).get("security"), f"{key} is listed public: it is not"
            continue
        assert set(op.may.split()) <= ROLES, key
        assert {ROLE[a] for a in op.sees.split()} <= set(op.may.split()), key
        if key in OPERATIONS:
            assert OPERATIONS[key].get("security"), f"{key} has auth=None: list it as public"
    for key, op in TABLE.items():
        # a refusal probe with a body the schema refuses would answer 400 before the view's
        # permission check: every operation with a body gets a valid one
        content = OPERATIONS.get(key, {}).get("requestBody", {}).get("content", {})
        if "application/json" in content:
            assert op.body, f"{key} takes a JSON body: give it a valid one (body=)"
        if "multipart/form-data" in content:
            assert op.files, f"{key} takes a file: give it one (files=)"
        assert op.ok != 400, f"{key}: a positive control answering 400 proves nothing"


# -- the world ---------------------------------------------------------------------------------


def _build() -> SimpleNamespace:
    from sitthi.allocation import services as allocation
    from sitthi.assistance import documents as assistance_documents
    from sitthi.assistance import services as assistance
    from sitthi.claims import services as claims
    from sitthi.claims.models import TariffItem, TariffVersion
    from sitthi.core.actor import Actor
    from sitthi.core.models import User
    from sitthi.exchange.models import Delivery, Webhook
    from sitthi.finance import services as finance
    from sitthi.finance.models import AwardRun
    from sitthi.isolation import services as isolation
    from sitthi.isolation.models import Unit
    from sitthi.jobs.models import Job
    from sitthi.registry import services as registry
    from sitthi.registry.models import Contract, Hospital, Person, Right
    from sitthi.ucep import services as ucep
    from tests.assistance.conftest import make_pdf, request_in
    from tests.claims.conftest import bkk
    from tests.conftest import make_cid
    from tests.rules.allocation.tiny import SHIPPED

    now = timezone.now()
    w = SimpleNamespace(now=now, today=bangkok_date(now), visit=bkk(2024, 3, 1, 9, 0))
    a = Hospital.objects.create(
        hcode="10670",
        name_th="โรงพยาบาลทดสอบขอนแก่น",
        ownership="public",
        moph=True,
        province_id="40",
        level="A",
    )
    Hospital.objects.create(
        hcode="90001", name_th="โรงพยาบาลเอกชน", ownership="private", province_id="10"
    )
    Contract.objects.create(hospital=a, fund_id="UCS", valid_from=bkk(2002, 10, 1).date())
    w.person = Person.objects.create(
        citizen_id=make_cid(),
        title="นาย",
        first_name="สมชาย",
        last_name="ใจดี",
        sex="1",
        birth_date=bkk(1980, 5, 17).date(),
        province_id="40",
    )
    Right.objects.create(
        person=w.person, fund_id="UCS", main_unit=a, valid_from=bkk(2015, 1, 1).date()
    )
    v = TariffVersion.objects.create(
        schedule="test", content_hash="m" * 64, filename="t.csv", rows=1, loaded_at=bkk(2020, 1, 1)
    )
    for programme in ("general", "ucep"):
        TariffItem.objects.create(
            version=v,
            programme=programme,
            item_code="LAB-1",
            category="7",
            description="LAB-1",
            unit="unit",
            unit_price=Decimal("100.00"),
            pricing="lower_of_charge_and_tariff",
            valid_from=bkk(2015, 1, 1).date(),
            source="test schedule",
        )

    def user(name, role, **kw):
        return User.objects.create_user(name, password=None, role=role, **kw)

    w.users = {
        "A": user("m_a", "hospital", hospital_id="10670"),
        "B": user("m_b", "hospital", hospital_id="90001"),
        "X": user("m_x", "fund", fund_id="UCS"),
        "Y": user("m_y", "fund", fund_id="SSS"),
        "nhso": user("m_nhso", "nhso"),
        "ems": user("m_ems", "ems"),
        "sec": user("m_sec", "secretary"),
        "admin": user("m_admin", "admin"),
    }
    w.actor = {k: Actor.of(u) for k, u in w.users.items()}
    w.tokens = {k: ApiToken.issue(w.users[k], "matrix", ApiToken.SCOPES)[1] for k in TOKEN_ACTORS}
    w.spare_token = ApiToken.issue(w.users["A"], "spare", ApiToken.SCOPES)[0]
    A, nhso = w.actor["A"], w.actor["nhso"]
    # A's webhook first, so that A's events below are queued to it as deliveries
    w.webhook = Webhook.objects.create(
        audience="hospital",
        audience_code="10670",
        url="https://hooks.example.org/a",
        secret="whsec_matrix",
        created_at=now,
        created_by=w.users["A"],
    )
    client = Client()
    made = []
    for key in ("K-1", "K-2", "K-3", "K-4"):
        r = client.post(
            f"{PREFIX}/claims",
            json.dumps(_claim_body(w, key)),
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {w.tokens['A']}",
        )
        assert r.status_code == 201 and r.json()["status"] == "created", r.content
        made.append(r.json()["claim"]["id"])
    # K-1 notified to UCS (unpaid), K-2 documents complete, K-3 accepted, K-4 paid by UCS
    for pk in (made[0], made[1], made[3]):
        claims.mark_documents_complete(nhso, pk, now=now)
    w.notice = claims.create_notice(nhso, "UCS", [made[0]], now=now)
    paid = claims.create_notice(nhso, "UCS", [made[3]], now=now)
    claims.record_payment(w.actor["X"], paid.pk, paid.total, w.today, "PAID-1", now=now)
    w.claim, w.claim2, w.claim3, w.paid_claim = (claims.get_claim(nhso, pk) for pk in made)
    w.pdf = make_pdf()
    w.document = claims.attach_document(A, w.claim.pk, w.pdf, "scan.pdf", now=now)
    w.delivery = Delivery.objects.filter(webhook=w.webhook).first()
    assert w.delivery is not None
    w.check = registry.check_rights(
        A, w.person.citizen_id, w.today.isoformat(), None, via="api", now=now
    ).check
    w.episode = ucep.open_episode(
        A, w.person.citizen_id, now - timedelta(hours=1), covid=False, now=now
    )
    ucep.record_triage(A, w.episode.pk, {"cardiac_arrest": True}, now=now)
    ucep.notify_ems(A, w.episode.pk, now=now, contact="ward 1")
    w.episode.refresh_from_db()
    assert w.episode.fund_id == "UCS"
    Unit.objects.create(hospital=a, district="บางนา", daily_capacity=10)
    w.case = isolation.add_case(
        nhso,
        isolation.CaseIn(
            citizen_id=w.person.citizen_id,
            contact="0812345678",
            district="บางนา",
            province="10",
            test_date=w.today.isoformat(),
            setting="HI",
            assessment={k: Decimal(v) if isinstance(v, str) else v for k, v in GREEN.items()},
        ),
        now=now,
    )
    # the offer stays open through the run, whatever the round's closing time today
    assert w.case.offers.filter(unit_id="10670").update(deadline=now + timedelta(days=1)) == 1
    w.job = Job.objects.create(
        kind=Job.Kind.CLAIMS_IMPORT,
        owner=w.users["A"],
        hospital=a,
        params={"filename": "claims.csv"},
        created_at=now,
    )
    finance.load_statements(
        nhso, [{"hospital": "10670", **HEALTHY}], fiscal_year=2567, quarter=1, source="api", now=now
    )
    w.run = AwardRun.objects.create(
        fiscal_year=2567,
        region=7,
        criteria_hash="m" * 64,
        result={"groups": []},
        created_at=now,
        created_by=w.users["nhso"],
    )
    w.request = assistance.register(
        w.actor["sec"],
        request_in(hospital="10670"),
        [assistance_documents.Upload("form.pdf", w.pdf)],
        now=now,
    )
    # an allocation year (the shipped FY 2559) run over the registry: A's person is counted at
    # unit A on the population date, so the run pays A (and not B)
    w.config = allocation.load_config(nhso, SHIPPED.read_bytes(), "fy2559.yaml", now=now)
    from sitthi.rules.claims.tariff import ILLUSTRATIVE_PATH

    w.tariff_csv = ILLUSTRATIVE_PATH.read_bytes()  # a valid fee schedule for the what-if
    w.allocation_run = allocation.run_from_registry(nhso, w.config, now=now)
    w.allocation_run2 = allocation.run_from_registry(nhso, w.config, now=now)
    assert w.allocation_run.payments.filter(payee="10670", payee_kind="unit").exists()
    assert not w.allocation_run.payments.filter(payee="90001").exists()
    return w


@pytest.fixture(scope="module")
def _world_once(django_db_setup, django_db_blocker):
    """The world, once for the module inside an outer transaction rolled back at its end; each
    test runs in its own savepoint."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield _build()
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def world(_world_once, db):
    return _world_once


# -- calling an operation ----------------------------------------------------------------------


def _op(key: str) -> Op:
    if key not in TABLE:
        pytest.fail(f"{key} is not in TABLE: add it (who may call it, read from its code)")
    if key not in OPERATIONS:
        pytest.fail(f"{key} is in TABLE but not in the OpenAPI document: remove it")
    return TABLE[key]


def _path(key: str, w) -> tuple[str, str]:
    method, path = key.split(" ", 1)

    def value(m):
        name = m.group(1)
        for (prefix, area_name), resolve in AREA_RESOLVERS.items():
            if name == area_name and path.startswith(prefix):
                return str(resolve(w))
        if name not in RESOLVERS:
            pytest.fail(
                f"{key}: no resolver for the path parameter {name!r}: add one line to RESOLVERS "
                f'in {__name__}, e.g. "{name}": lambda w: w.<object>.pk'
            )
        return str(RESOLVERS[name](w))

    return method, PREFIX + re.sub(r"{(\w+)}", value, path)


#: One client for the tokens and one for the administrator's session, made once: a new
#: client loads the middleware again (whitenoise reads every static file), most of a call's time.
_CLIENTS: dict[str, Client] = {}


def _client(name: str) -> Client:
    if name not in _CLIENTS:
        _CLIENTS[name] = Client()
    return _CLIENTS[name]


def _admin(w) -> Client:
    client = _client("admin")
    client.force_login(w.users["admin"])
    return client


def call(
    key: str,
    w,
    who: str | None,
    token: str | None = None,
    admin: Client | None = None,
    extra: dict | None = None,
):
    """``who`` calls the operation with its full token (admin: its session, ``admin`` if
    given); ``token`` instead of it; neither: no credentials."""
    op = TABLE[key]
    method, path = _path(key, w)
    client, headers = _client("token"), {}
    client.cookies.clear()  # a token or nothing: never a session
    if who == "admin":
        client = admin or _admin(w)
    elif who is not None:
        token = w.tokens[who]
    if token:
        headers["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    extra = extra or {}  # a GET's further query, another method's changes to its body
    query = (op.query(w) if op.query else {}) | (extra if method == "GET" else {})
    if op.files:
        return client.post(path + _qs(query), op.files(w), **headers)
    if method == "GET":
        return client.get(path, query, **headers)
    body = json.dumps(op.body(w) | extra) if op.body else ""
    return client.generic(
        method, path + _qs(query), body, content_type="application/json", **headers
    )


def _qs(query: dict) -> str:
    from urllib.parse import urlencode

    return "?" + urlencode(query) if query else ""


def fingerprint() -> dict[str, str]:
    """Every model's rows (on PostgreSQL their content, else their number); API tokens by
    number only (a call that passes authentication notes ``last_used_at``)."""
    parts = {}
    pg = connection.vendor == "postgresql"
    for m in apps.get_models():
        if m._meta.proxy or not m._meta.managed:
            continue
        t = connection.ops.quote_name(m._meta.db_table)
        if pg and m is not ApiToken:
            parts[m._meta.label] = (
                f"SELECT count(*)::text || ':' || coalesce(md5(string_agg(md5(x::text), '' "
                f"ORDER BY md5(x::text))), '') FROM {t} x"
            )
        else:
            parts[m._meta.label] = f"SELECT CAST(count(*) AS TEXT) FROM {t}"
    labels = list(parts)
    sql = "SELECT " + ", ".join(f"({parts[label]})" for label in labels)
    with connection.cursor() as c:
        c.execute(sql)
        row = c.fetchone()
    return dict(zip(labels, row, strict=True))


def changed(before: dict, after: dict) -> list[str]:
    return [k for k in before if before[k] != after[k]]


def _refused(key: str, w, who: str, r) -> str | None:
    """Why the answer is not a coded refusal of the caller (None: it is one)."""
    op = TABLE[key]
    if r.status_code == 200 and "csv" in r.get("Content-Type", ""):
        text = r.content.decode("utf-8-sig")
        return f"its CSV holds the world's {op.marker(w)!r}" if op.marker(w) in text else None
    if r.status_code == 200 and op.body_refusal and ROLE[who] in op.may.split():
        got = {p["code"] for p in r.json()["problems"]}
        return None if got == {op.body_refusal} else f"200 with problems {got}"
    if r.status_code == 200 and op.holds and ROLE[who] in op.may.split():
        return (
            f"200 holding the world's object: {r.content[:300]!r}"
            if op.holds(w, r.json())
            else None
        )
    if r.status_code not in (403, 404):
        return f"{r.status_code}: {r.content[:300]!r}"
    try:
        got = set(codes(r))
    except (ValueError, KeyError, TypeError):
        return f"{r.status_code} without the error body: {r.content[:300]!r}"
    if not got or not got <= REFUSALS:
        return f"{r.status_code} with codes {got}, not a refusal of the caller"
    return None


# -- the matrix --------------------------------------------------------------------------------


@pytest.mark.parametrize("key", KEYS)
def test_the_offices_that_may_not_are_refused_and_nothing_changes(key, world):
    op = _op(key)
    if op.may == "public":
        return _public(key, world)
    others = [a for a in ACTORS if a not in op.sees.split()]
    admin = _admin(world)  # its session (and last login) exist before the fingerprint
    before = fingerprint()
    failures = []
    probes = [(how, extra, who) for (how, extra), who in itertools.product(_variants(key), others)]
    probes += [(f" with {change(world)}", change(world), who) for who, change in op.also]
    for how, extra, who in probes:
        r = call(key, world, who, admin=admin, extra=extra)
        why = _refused(key, world, who, r)
        if why:
            failures.append(f"{who} ({ROLE[who]}){how}: {why}")
        moved = changed(before, fingerprint())
        if moved:
            failures.append(f"{who} ({ROLE[who]}){how}: the refused call changed {moved}")
            before = fingerprint()
    assert not failures, f"{key}:\n" + "\n".join(failures)


#: A list's filters naming the owner: an office that may not see the owner's data names it.
OWNER_FILTERS = {"hospital": "10670", "fund": "UCS", "unit": "10670"}


def _variants(key: str) -> list[tuple[str, dict]]:
    """The calls of a probe: as the table says; for a list with filters of a hospital, fund or
    unit, again naming the owner's; for a list with exports, again as CSV."""
    out = [("", {})]
    named = {p["name"] for p in OPERATIONS[key].get("parameters", []) if p["in"] == "query"}
    owner = {k: v for k, v in OWNER_FILTERS.items() if k in named}
    if key.startswith("GET ") and owner:
        out.append((f" naming the owner {owner}", owner))
    if TABLE[key].marker:
        out.append((" as CSV", {"format": "csv"}))
    return out


def _public(key, w):
    """A public operation: the right number and citizen ID answer, a wrong one is refused alike
    and says nothing."""
    r = call(key, w, None)
    assert r.status_code == 200 and r.json()["number"] == w.request.number, r.content
    before = fingerprint()
    method, path = _path(key, w)
    wrong = {"number": w.request.number, "citizen_id": w.person.citizen_id}
    r = _client("token").post(path, json.dumps(wrong), content_type="application/json")
    assert r.status_code in (400, 404) and codes(r) == ["ASSIST_STATUS_NO_MATCH"], r.content
    assert w.request.number not in r.content.decode()
    assert changed(before, fingerprint()) == []


def _needed(key: str) -> str:
    op = TABLE[key]
    return op.scope or ("read" if key.startswith(("GET ", "HEAD ")) else "submit")


def _positive_actor(op: Op) -> str:
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
    assert r.status_code == 403 and codes(r) == ["TOKEN_SCOPE"], (key, r.content)
    assert f"({scope})" in r.json()["errors"][0]["message_en"]
    assert changed(before, fingerprint()) == []


@pytest.mark.parametrize("key", KEYS)
def test_no_credentials_is_401(key, world):
    op = _op(key)
    if op.may == "public":
        assert not OPERATIONS[key].get("security")
        return
    before = fingerprint()
    r = call(key, world, None)
    assert r.status_code == 401 and codes(r) == ["AUTH_REQUIRED"], (key, r.content)
    assert changed(before, fingerprint()) == []


@pytest.mark.parametrize("key", KEYS)
def test_the_offices_that_may_are_served(key, world, monkeypatch):
    """The positive control: the owner's call passes every permission check."""
    op = _op(key)
    if op.may == "public":
        return
    if op.patch:
        op.patch(monkeypatch)
    readers = op.sees.split() if key.startswith("GET ") else [_positive_actor(op)]
    for who in readers:
        r = call(key, world, who)
        assert r.status_code == op.ok, (key, who, r.content[:500])
        if op.ok_code:
            assert codes(r) == [op.ok_code], (key, who, r.content[:500])
        if op.holds:
            assert op.holds(world, r.json()), (key, who, "the world's object is missing")
        if op.marker:
            r = call(key, world, who, extra={"format": "csv"})
            assert r.status_code == 200 and "csv" in r["Content-Type"], (key, who, r.content)
            assert op.marker(world) in r.content.decode("utf-8-sig"), (key, who, "not in CSV")


def test_another_hospitals_claims_file_fails_in_its_job_and_stores_nothing(world):
    """``POST /claim-files`` names no object: any hospital may send a file, and its job is its
    own. A file of another hospital's claims is refused when the job reads it (the claims
    service's HOSPITAL_SCOPE): the job fails and no claim is stored."""
    from sitthi.claims.models import Claim
    from sitthi.jobs.models import Job

    claims_before = Claim.objects.count()
    r = call("POST /claim-files", world, "B")
    assert r.status_code == 202, r.content
    job = Job.objects.get(pk=r.json()["id"])
    assert job.hospital_id == "90001" and job.status == Job.Status.FAILED, job.result
    assert "HOSPITAL_SCOPE" in json.dumps(job.result)
    assert Claim.objects.count() == claims_before
