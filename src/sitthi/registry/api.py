"""Registry endpoints: the rights check and the hospital's own check history."""

from __future__ import annotations

from datetime import date, datetime

from django.utils import timezone
from ninja import Field, Query, Router, Schema

from sitthi.core.api import AUTH, ERRORS, actor_of
from sitthi.core.links import links
from sitthi.rules.kernel import thaitime

from . import services
from .lists import RIGHTS_CHECKS

router = Router(tags=["Rights"], auth=AUTH)


class NamedRef(Schema):
    code: str
    name_th: str
    name_en: str


class RightOut(Schema):
    fund: NamedRef
    programme: str
    main_unit: NamedRef | None
    agency: NamedRef | None
    agency_hospital: NamedRef | None
    valid_from: date
    valid_until: date | None


class NetworkOut(Schema):
    hospital: NamedRef
    in_network: bool | None
    contract_from: date | None
    contract_until: date | None


class RightsOut(Schema):
    citizen_id: str
    name: str
    on: date
    right: RightOut | None
    network: NetworkOut | None
    check_id: int


def _hospital_ref(h) -> dict | None:
    return h and {"code": h.hcode, "name_th": h.name_th, "name_en": h.name_en}


def rights_payload(answer: services.RightsAnswer) -> dict:
    right = answer.right
    out = {
        "citizen_id": answer.person.citizen_id,
        "name": answer.person.full_name,
        "on": answer.on,
        "right": None,
        "network": None,
        "check_id": answer.check.pk,
    }
    if right is not None:
        agency = right.agency
        out["right"] = {
            "fund": {
                "code": right.fund.code,
                "name_th": right.fund.name_th,
                "name_en": right.fund.name_en,
            },
            "programme": right.fund.programme,
            "main_unit": _hospital_ref(right.main_unit),
            "agency": agency
            and {"code": agency.code, "name_th": agency.name_th, "name_en": agency.name_en},
            "agency_hospital": _hospital_ref(agency and agency.own_hospital),
            "valid_from": right.valid_from,
            "valid_until": right.valid_until,
        }
    if answer.hospital is not None:
        c = answer.network_contract
        out["network"] = {
            "hospital": _hospital_ref(answer.hospital),
            "in_network": answer.in_network,
            "contract_from": c and c.valid_from,
            "contract_until": c and c.valid_until,
        }
    return out


@router.get(
    "/rights/{citizen_id}",
    response={200: RightsOut, **ERRORS},
    summary="Check a person's rights on a date",
    openapi_extra=links("registry", (200,), "/check_id", "check_id", "get_check"),
)
def check_rights(request, citizen_id: str, on: str | None = None, hospital: str | None = None):
    """The fund and main registered unit (หน่วยบริการประจำ) in force on `on`
    (YYYY-MM-DD, Christian Era) and, when `hospital` (5-digit code) is given, whether that
    hospital is inside the fund's contract network that day. A hospital token may ask only
    for its own hospital and, when `hospital` is left out, is answered for its own.
    `right` is null when the person has no right in force that day."""
    answer = services.check_rights(
        actor_of(request), citizen_id, on, hospital, via="api", now=timezone.now()
    )
    return rights_payload(answer)


class RightsIn(Schema):
    citizen_id: str = Field(..., max_length=40, description="13 digits, separators allowed")
    on: str | None = Field(None, max_length=40, description="YYYY-MM-DD; default today")
    hospital: str | None = Field(None, max_length=40, description="5-digit hospital code")


@router.post(
    "/rights",
    response={200: RightsOut, **ERRORS},
    summary="Check a person's rights on a date (citizen ID in the body)",
)
def check_rights_by_body(request, payload: RightsIn):
    """The same check as `GET /rights/{citizen_id}`, with the citizen ID in the JSON body, so
    that it appears in no address and no access log. Prefer this one."""
    answer = services.check_rights(
        actor_of(request),
        payload.citizen_id,
        payload.on,
        payload.hospital,
        via="api",
        now=timezone.now(),
    )
    return rights_payload(answer)


class CheckOut(Schema):
    id: int
    checked_at: datetime
    via: str
    hospital: str | None
    citizen_id_masked: str
    on: date
    asked_hospital: str | None
    fund: str | None
    in_network: bool | None


class CheckFilter(Schema):
    """The rights-check history's filters, as on the page (``sitthi.registry.lists``): ``q`` a
    hospital code or name (part) or a user name (part); ``hospital`` the checking hospital
    (a hospital may name only its own: HOSPITAL_SCOPE); ``user`` (part of a user name);
    ``via`` page or api; ``checked_from``/``checked_to`` as ``yyyy-mm-dd`` or ``dd/mm/yyyy`` in
    the Buddhist Era. Newest first."""

    q: str | None = None
    hospital: str | None = None
    user: str | None = None
    via: str | None = None
    checked_from: str | None = None
    checked_to: str | None = None
    limit: int = Field(50, ge=1, le=500)
    offset: int = Field(0, ge=0, le=10_000_000)


def _check(c) -> dict:
    return {
        "id": c.pk,
        "checked_at": c.checked_at,
        "via": c.via,
        "hospital": c.hospital_id,
        "citizen_id_masked": c.citizen_id,
        "on": c.on,
        "asked_hospital": c.asked_hospital_id,
        "fund": c.fund_id,
        "in_network": c.in_network,
    }


class CheckPage(Schema):
    count: int
    items: list[CheckOut]


@router.get(
    "/rights-checks",
    response={200: CheckPage, **ERRORS},
    summary="Rights checks made by my hospital",
)
def list_checks(request, filters: Query[CheckFilter]):
    """A hospital sees only its own checks; NHSO and administrators may filter by hospital."""
    actor = actor_of(request)
    qs = RIGHTS_CHECKS.apply(
        actor,
        services.checks_for(actor, filters.hospital),
        filters.dict(exclude={"limit", "offset"}),
        thaitime.bangkok_date(timezone.now()),
    )
    page = qs[filters.offset : filters.offset + filters.limit]
    return {"count": qs.count(), "items": [_check(c) for c in page]}


@router.get(
    "/rights-checks/{check_id}",
    response={200: CheckOut, **ERRORS},
    summary="One rights check",
)
def get_check(request, check_id: int):
    return _check(services.get_check(actor_of(request), check_id))
