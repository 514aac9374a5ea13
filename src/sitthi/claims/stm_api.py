"""Statements and fee-schedule endpoints: a hospital's statement of payment (STM) as on the
statement page, and the fee schedules in force on a day as on the tariffs page. Both lists
also answer as CSV or XLSX (``?format=`` or ``Accept``), written as the pages export them."""

from __future__ import annotations

from datetime import date, datetime

from django.utils import timezone
from ninja import Field, Query, Router, Schema

from sitthi.core.api import AUTH, ERRORS, actor_of
from sitthi.core.errors import ErrorItem, SitthiError
from sitthi.core.logmask import mask_citizen_id
from sitthi.core.models import Role
from sitthi.registry.models import Hospital
from sitthi.rules.kernel import thaitime
from sitthi.rules.kernel.money import amount_text as money
from sitthi.web.exports import (
    API_FORMAT_HELP,
    api_file_format,
    api_file_responses,
    statement_response,
    table_response,
)

from . import lists, services

TAG = "Statements and fee schedules"
router = Router(tags=[TAG], auth=AUTH)


# -- the statement of payment ------------------------------------------------------------------


class StatementFilter(Schema):
    """The statement page's filters (``sitthi.claims.lists.STATEMENT``): the period by the day
    paid (``from``, ``to``; this month unless given: a missing end is today, a missing start
    the first of the end's month), ``fund``, and ``q`` a claim key (part) or a notice number
    (N000123). Dates as ``yyyy-mm-dd`` or ``dd/mm/yyyy`` in the Buddhist Era."""

    hospital: str | None = Field(
        None,
        max_length=5,
        description="Whose statement: NHSO names the hospital; a hospital's is its own.",
    )
    date_from: str | None = Field(
        None, alias="from", max_length=40, description="Paid on or after this day."
    )
    date_to: str | None = Field(
        None, alias="to", max_length=40, description="Paid on or before this day."
    )
    fund: str | None = Field(None, max_length=10)
    q: str | None = Field(None, max_length=100)
    limit: int = Field(50, ge=1, le=500)
    offset: int = Field(0, ge=0, le=10_000_000)
    format: str | None = Field(None, description=API_FORMAT_HELP)


class StatementLineOut(Schema):
    claim_id: int
    claim_key: str
    citizen_id_masked: str
    service_type: str
    admitted_at: datetime
    fund: str | None
    notice: str | None
    payment_reference: str | None = Field(
        None, description="The bank transfer the fund paid the notice by."
    )
    paid_at: datetime | None
    charged: str
    paid: str | None


class StatementOut(Schema):
    hospital: str
    hospital_name: str
    date_from: date
    date_to: date
    count: int = Field(..., description="Every line the filters select (all pages).")
    total_charged: str = Field(..., description="Of every selected line, not only this page.")
    total_paid: str
    items: list[StatementLineOut]


def read_statement(actor, hospital: str | None, params: dict, today: date):
    """The statement as the page reads it: ``hospital`` (a hospital's own when None), the
    page's filters in ``params`` (``from``, ``to``, ``fund``, ``q``), the period defaulted as
    the page defaults it. The FHIR PaymentReconciliation reads the same statement."""
    actor.require(Role.HOSPITAL, Role.NHSO, Role.ADMIN)
    hospital = hospital or actor.hospital_code or ""
    if not hospital:
        raise SitthiError.one("VALUE_REQUIRED", "hospital")
    lines = services.statement_lines(actor, hospital)
    params = {**params, **lists.statement_period(params, today)}
    selected = lists.STATEMENT.apply(actor, lines, params, today)
    read, _problems = lists.STATEMENT.read(actor, params, today)
    return services.statement_of(
        Hospital.objects.get(hcode=hospital), read["from"], read["to"], selected
    )


@router.get(
    "/statements",
    response={200: StatementOut, **ERRORS},
    summary="A hospital's statement of payment (STM): its paid claims in a period",
    openapi_extra=api_file_responses(),
)
def statement(request, filters: Query[StatementFilter]):
    """A hospital officer reads its own hospital's statement (naming another hospital is 403
    HOSPITAL_SCOPE); NHSO and admin read any hospital's, naming it in ``hospital`` (required:
    400 VALUE_REQUIRED; unknown: HOSPITAL_UNKNOWN). Funds: 403 ROLE_FORBIDDEN. One line per
    paid claim, oldest payment first, with the fund's payment reference; the totals are of
    every selected line, to the satang. A bad filter is a coded 400 (DATE_INVALID,
    DATE_ORDER, LIST_FILTER_INVALID)."""
    actor = actor_of(request)
    fmt = api_file_format(request, filters.format)
    params = filters.dict(by_alias=True, exclude={"limit", "offset", "format", "hospital"})
    stm = read_statement(actor, filters.hospital, params, thaitime.bangkok_date(timezone.now()))
    if fmt:
        return statement_response(stm, fmt)
    page = stm.claims[filters.offset : filters.offset + filters.limit]
    return {
        "hospital": stm.hospital.hcode,
        "hospital_name": stm.hospital.name_th,
        "date_from": stm.date_from,
        "date_to": stm.date_to,
        "count": len(stm.claims),
        "total_charged": money(stm.total_charged),
        "total_paid": money(stm.total_paid),
        "items": [
            {
                "claim_id": c.pk,
                "claim_key": c.claim_key,
                "citizen_id_masked": mask_citizen_id(c.citizen_id),
                "service_type": c.service_type,
                "admitted_at": c.admitted_at,
                "fund": c.fund_id,
                "notice": c.notice.number if c.notice_id else None,
                "payment_reference": (c.notice.payment_reference or None) if c.notice_id else None,
                "paid_at": c.paid_at,
                "charged": money(c.charged_total),
                "paid": money(c.payable_total),
            }
            for c in page
        ],
    }


# -- the fee schedules in force ------------------------------------------------------------------


class TariffFilter(Schema):
    """``on`` the day (``yyyy-mm-dd``, or ``dd/mm/yyyy`` in the Buddhist Era; today unless
    given); ``schedule`` one schedule's name; ``item`` an item code exactly; ``q`` part of an
    item code or of its description; ``programme`` general, ucep or ucep_covid."""

    on: str | None = Field(None, max_length=40)
    schedule: str | None = Field(None, max_length=60)
    item: str | None = Field(None, max_length=40)
    q: str | None = Field(None, max_length=100)
    programme: str | None = Field(None, max_length=20)
    limit: int = Field(100, ge=1, le=1000)
    offset: int = Field(0, ge=0, le=10_000_000)
    format: str | None = Field(None, description=API_FORMAT_HELP)


class TariffItemOut(Schema):
    schedule: str
    programme: str
    item_code: str
    category: str
    description: str
    unit: str
    unit_price: str | None = Field(None, description="Baht, two decimals.")
    pricing: str
    valid_from: date
    valid_until: date | None
    source: str
    illustrative: bool


class TariffScheduleOut(Schema):
    schedule: str
    items: int = Field(..., description="Its items in force on the day that the filters keep.")


class TariffPage(Schema):
    on: date
    count: int
    schedules: list[TariffScheduleOut]
    items: list[TariffItemOut]


TARIFF_FIELDS = [
    "schedule",
    "programme",
    "item_code",
    "category",
    "description",
    "unit",
    "unit_price",
    "pricing",
    "valid_from",
    "valid_until",
    "source",
]
#: The export's headers: field names the export module knows, and in two languages where its
#: name means something else there (a unit code, an assistance programme, a harm category).
TARIFF_HEADERS = [
    {
        "programme": "โปรแกรมที่ใช้ราคา / Programme",
        "category": "หมวด / Category",
        "unit": "หน่วยนับ / Unit",
    }.get(f, f)
    for f in TARIFF_FIELDS
]


def _tariff_rows(filters: TariffFilter, today: date) -> tuple[date, list[dict]]:
    from sitthi.rules.claims.schema import PROGRAMMES

    on = today
    if filters.on and filters.on.strip():
        try:
            on = thaitime.read_date(filters.on.strip(), today).value
        except thaitime.DateUnread as unread:
            raise SitthiError.one(unread.code, "on", **unread.params) from None
    if filters.programme and filters.programme not in PROGRAMMES:
        raise SitthiError(
            ErrorItem(
                "LIST_FILTER_INVALID",
                "programme",
                {"field": ("โปรแกรม", "Programme"), "value": filters.programme},
            )
        )
    rows = services.tariff_in_force(on)
    if filters.schedule:
        rows = [r for r in rows if r["schedule"] == filters.schedule]
    if filters.item:
        rows = [r for r in rows if r["item_code"] == filters.item.strip()]
    if filters.programme:
        rows = [r for r in rows if r["programme"] == filters.programme]
    if filters.q and filters.q.strip():
        text = filters.q.strip().lower()
        rows = [
            r for r in rows if text in r["item_code"].lower() or text in r["description"].lower()
        ]
    return on, rows


@router.get(
    "/fee-schedules",
    response={200: TariffPage, **ERRORS},
    summary="The fee schedules and their items in force on a day",
    openapi_extra=api_file_responses(),
)
def fee_schedules(request, filters: Query[TariffFilter]):
    """Anyone signed in (hospital, fund, NHSO, admin, as the tariffs page): every item of
    the schedules in force whose validity covers ``on``, with the dated parameters' flat
    rates, by schedule and item code. A bad day is a coded 400 (DATE_INVALID, DATE_ABSURD);
    an unknown programme LIST_FILTER_INVALID."""
    actor = actor_of(request)
    if actor.is_public:
        raise SitthiError.one("AUTH_REQUIRED")
    fmt = api_file_format(request, filters.format)
    on, rows = _tariff_rows(filters, thaitime.bangkok_date(timezone.now()))
    if fmt:
        return table_response(
            fmt,
            f"fee-schedules-{on:%Y%m%d}",
            TARIFF_HEADERS,
            ([r[f] for f in TARIFF_FIELDS] for r in rows),
            title=(
                f"อัตราค่าบริการที่ใช้ ณ วันที่ {thaitime.be_date(on)}",
                f"Fee schedules in force on {thaitime.be_date(on, 'en')}",
            ),
            sheet="อัตราค่าบริการ",
        )
    counts: dict[str, int] = {}
    for r in rows:
        counts[r["schedule"]] = counts.get(r["schedule"], 0) + 1
    return {
        "on": on,
        "count": len(rows),
        "schedules": [{"schedule": s, "items": n} for s, n in counts.items()],
        "items": [
            {**r, "unit_price": money(r["unit_price"])}
            for r in rows[filters.offset : filters.offset + filters.limit]
        ],
    }
