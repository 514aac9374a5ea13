"""Hospital finance endpoints: load a quarter's statements (a hospital system sends its own;
NHSO sends many) and read a hospital's risk scores."""

from __future__ import annotations

from django.utils import timezone
from ninja import Field, Router, Schema

from sitthi.claims.api import money
from sitthi.core.api import AUTH, ERRORS, actor_of

from . import services

router = Router(tags=["hospital finance"], auth=AUTH)


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


class ProblemOut(Schema):
    hospital: str
    code: str
    field: str | None
    value: str
    message_th: str
    message_en: str


class LoadOut(Schema):
    scored: dict[str, int] = Field(..., description="hospital code -> risk level 0-7")
    problems: list[ProblemOut]


@router.post(
    "/finance/statements",
    response={200: LoadOut, **ERRORS},
    summary="Load and score a quarter's statements",
)
def load(request, payload: LoadIn):
    """Each statement is scored on its own: a hospital with a missing or impossible figure is
    listed in ``problems`` (per field) and the others are still scored and stored. A hospital
    system may send only its own hospital's statement (FIN_NOT_YOUR_HOSPITAL)."""
    report = services.load_statements(
        actor_of(request),
        [s.dict() for s in payload.statements],
        fiscal_year=payload.fiscal_year,
        quarter=payload.quarter,
        source="api",
        now=timezone.now(),
    )
    return {
        "scored": report.stored,
        "problems": [
            {k: r[k] for k in ("hospital", "code", "field", "message_th", "message_en")}
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
