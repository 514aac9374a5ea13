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
    replace: bool = Field(
        False,
        description="true confirms replacing statements already stored for this quarter (the"
        " replaced figures are kept as an earlier version in the hospital's history); without"
        " it such a load is refused with 409 FIN_WOULD_REPLACE and nothing is stored",
    )


class ProblemOut(Schema):
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
    problems: list[ProblemOut]


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
