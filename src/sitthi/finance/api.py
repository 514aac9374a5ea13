"""Hospital finance endpoints: load a quarter's statements (a hospital system sends its own;
NHSO sends many) and read a hospital's risk scores."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from django.utils import timezone
from ninja import Field, Query, Router, Schema

from sitthi.claims.api import money
from sitthi.core.api import AUTH, ERRORS, actor_of

from . import award, services

router = Router(tags=["Finance"], auth=AUTH)


class StatementIn(Schema):
    hospital: str = Field(..., description="5-digit hospital code")
    current_assets: str | None = None
    inventory: str | None = None
    other_current_assets: str | None = None
    cash_and_equivalents: str | None = None
    fixed_deposits: str | None = None
    current_liabilities: str | None = None
    revenue: str | None = Field(None, description="fiscal-year-to-date, baht with two decimals")
    expenses: str | None = None
    depreciation: str | None = None


class LoadIn(Schema):
    fiscal_year: int = Field(..., description="Buddhist Era, e.g. 2565")
    quarter: int = Field(..., description="1-4 (Q1 = October-December)")
    statements: list[StatementIn] = Field(..., max_length=5000)
    replace: bool = Field(
        False,
        description="true confirms replacing statements already stored for this quarter (the"
        " replaced figures are kept as an earlier version in the hospital's history); without"
        " it such a load is refused with 409 FIN_WOULD_REPLACE and nothing is stored",
    )


class StatementProblemOut(Schema):
    row: int = Field(..., description="the statement's place in the list, the first being 1")
    hospital: str
    code: str
    field: str | None
    value: str
    message_th: str
    message_en: str


class LoadOut(Schema):
    scored: dict[str, int] = Field(..., description="hospital code -> risk level 0-7")
    replaced: list[str] = Field(
        ..., description="hospital codes whose earlier statement of the quarter was replaced"
    )
    problems: list[StatementProblemOut]


@router.post(
    "/finance/statements",
    response={200: LoadOut, **ERRORS},
    summary="Load and score a quarter's statements",
)
def load(request, payload: LoadIn):
    """Each statement is scored on its own: every problem of every statement is listed in
    ``problems`` at once (its ``row``, hospital and field), and the others are still scored
    and stored. A hospital system may send only its own hospital's statement
    (FIN_NOT_YOUR_HOSPITAL).

    A statement already stored for the hospital and quarter is replaced only with
    ``replace: true``: without it the answer is 409 with one FIN_WOULD_REPLACE per statement
    that would be replaced (hospital, quarter, level, when and by whom it was loaded) and
    nothing is stored. With it the earlier statement is kept, marked replaced (when, by
    whom), and shown in the hospital's history; scores and lists read the new one only."""
    report = services.load_statements(
        actor_of(request),
        [s.dict() for s in payload.statements],
        fiscal_year=payload.fiscal_year,
        quarter=payload.quarter,
        source="api",
        now=timezone.now(),
        replace=payload.replace,
    )
    return {
        "scored": report.stored,
        "replaced": [r.hospital for r in report.replacing],
        "problems": [
            {k: r[k] for k in ("row", "hospital", "code", "field", "message_th", "message_en")}
            | {"value": r["value"] or ""}
            for r in report.rows()
        ],
    }


class RiskOut(Schema):
    fiscal_year: int
    quarter: int
    level: int
    cr: str | None
    qr: str | None
    cash_ratio: str | None
    nwc: str
    ni: str
    months_left: str | None
    flags: dict[str, int]


@router.get(
    "/finance/hospitals/{hcode}/risk",
    response={200: list[RiskOut], **ERRORS},
    summary="A hospital's risk scores, quarter by quarter",
)
def risk_scores(request, hcode: str):
    _, statements = services.hospital_history(actor_of(request), hcode)
    return [
        {
            "fiscal_year": s.fiscal_year,
            "quarter": s.quarter,
            "level": s.level,
            "cr": None if s.cr is None else str(s.cr),
            "qr": None if s.qr is None else str(s.qr),
            "cash_ratio": None if s.cash_ratio is None else str(s.cash_ratio),
            "nwc": money(s.nwc),
            "ni": money(s.ni),
            "months_left": None if s.months_left is None else str(s.months_left),
            "flags": s.flags,
        }
        for s in statements
    ]


# -- Bright Spot results (issue 17) ----------------------------------------------------------


class AwardRowOut(Schema):
    rank: int | None
    hospital: str
    name: str
    province: str
    level: str
    subtotals: dict[str, str] = Field(..., description="policy, process, outcome scores")
    total: str
    label_th: str
    prize: str = Field(..., description="baht, two decimals")


class AwardGroupOut(Schema):
    code: str
    name_th: str
    rows: list[AwardRowOut]


class AwardRunOut(Schema):
    id: int
    fiscal_year: int = Field(..., description="Buddhist Era")
    region: int
    created_at: datetime
    groups: list[AwardGroupOut]


def award_run_out(run) -> dict:
    return {
        "id": run.pk,
        "fiscal_year": run.fiscal_year,
        "region": run.region,
        "created_at": run.created_at,
        "groups": [
            {
                "code": g["code"],
                "name_th": g["name_th"],
                "rows": [
                    {
                        "rank": r.get("rank"),
                        "hospital": r["hospital"],
                        "name": r["name"],
                        "province": r["province"],
                        "level": r["level"],
                        "subtotals": {k: str(v) for k, v in r["subtotals"].items()},
                        "total": str(r["total"]),
                        "label_th": r.get("label_th") or "",
                        "prize": money(Decimal(str(r["prize"]))),
                    }
                    for r in g["rows"]
                ],
            }
            for g in run.result["groups"]
        ],
    }


class AwardRunFilter(Schema):
    """The runs list's filters and its page, named as the other lists' (``GET /claims``):
    ``limit`` rows from ``offset``."""

    fiscal_year: int | None = Field(None, ge=1, le=9999, description="Buddhist Era")
    region: int | None = Field(None, ge=1, le=99)
    limit: int = Field(50, ge=1, le=500)
    offset: int = Field(0, ge=0, le=10_000_000)


class AwardRunPage(Schema):
    count: int
    items: list[AwardRunOut]


@router.get(
    "/finance/brightspot/runs",
    response={200: AwardRunPage, **ERRORS},
    summary="NHSO: the scored Bright Spot runs (results per fiscal year and region)",
)
def brightspot_runs(request, filters: Query[AwardRunFilter]):
    """NHSO and admin, as the award pages (a hospital or fund: 403 ROLE_FORBIDDEN); newest
    first, filtered by ``fiscal_year`` (Buddhist Era) and ``region``, paged as the other
    lists (``limit``, ``offset``; ``count`` is every run the filters select). The award is
    yearly: there are no quarterly results."""
    rows = award.runs(actor_of(request))
    if filters.fiscal_year is not None:
        rows = rows.filter(fiscal_year=filters.fiscal_year)
    if filters.region is not None:
        rows = rows.filter(region=filters.region)
    page = rows[filters.offset : filters.offset + filters.limit]
    return {"count": rows.count(), "items": [award_run_out(r) for r in page]}


@router.get(
    "/finance/brightspot/runs/{run_id}",
    response={200: AwardRunOut, **ERRORS},
    summary="NHSO: one Bright Spot run's results, every group, rank, score and prize",
)
def brightspot_run(request, run_id: int):
    """NHSO and admin (others: 403 ROLE_FORBIDDEN); an unknown run: 404 NOT_FOUND."""
    return award_run_out(award.get_run(actor_of(request), run_id))
