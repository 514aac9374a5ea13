"""Hospital finance use cases (DOMAIN.md §6, seed 002): load a quarter's statements and score
them (MOPH risk score 0–7), a hospital's page and trend, a region's watch list; the Bright
Spot award lives in ``award.py``.

A hospital officer loads and reads its own statements only; NHSO loads and reads all.
A missing or impossible figure is reported per hospital and field, and the other hospitals
of the same file are still scored (issue 8).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from auditlog.context import set_actor
from django.db import transaction

from sitthi.core.actor import Actor
from sitthi.core.errors import ErrorItem, SitthiError
from sitthi.core.models import Role
from sitthi.registry.models import Hospital
from sitthi.rules.finance import risk
from sitthi.rules.kernel.problems import Problem

from .models import Statement

LOADERS = (Role.NHSO, Role.HOSPITAL)
READERS = (Role.NHSO, Role.ADMIN, Role.HOSPITAL)


@dataclass
class LoadReport:
    """What a load did: the hospitals scored (code → level) and the problems per hospital."""

    stored: dict[str, int] = field(default_factory=dict)
    problems: dict[str, list[Problem]] = field(default_factory=dict)

    def rows(self) -> list[dict]:
        """One row per problem, with Thai and English messages (for pages and exports)."""
        out = []
        for hcode, items in sorted(self.problems.items()):
            for p in items:
                label_th, label_en = risk.FIELD_NAMES.get(p.field, (p.field, p.field))
                message = ErrorItem(p.code, p.field, {"value": p.value or "–"}).as_dict()
                out.append(
                    {
                        "hospital": hcode,
                        "field_th": label_th,
                        "field_en": label_en,
                        "value": p.value,
                        **message,
                    }
                )
        return out


def check_quarter(fiscal_year, quarter) -> tuple[int, int]:
    """A Buddhist-Era fiscal year and a quarter 1–4 (the rules' own codes)."""
    try:
        fy = int(str(fiscal_year).strip())
    except (TypeError, ValueError):
        fy = 0
    if not 2400 <= fy <= 2800:
        raise SitthiError.one("FIN_FISCAL_YEAR", "fiscal_year", value=str(fiscal_year))
    try:
        q = int(str(quarter).strip())
    except (TypeError, ValueError):
        q = 0
    if not 1 <= q <= 4:
        raise SitthiError.one("FIN_QUARTER", "quarter", value=str(quarter))
    return fy, q


def load_statements(
    actor: Actor,
    rows: list[dict],
    *,
    fiscal_year: int,
    quarter: int,
    source: str,
    now: datetime,
) -> LoadReport:
    """Score and store the statements of one quarter (a statement loaded again replaces the
    earlier one, audited). Rows: ``{"hospital": "10670", "current_assets": ..., ...}``."""
    actor.require(*LOADERS)
    fy, q = check_quarter(fiscal_year, quarter)
    report = LoadReport()
    known = set(
        Hospital.objects.filter(
            hcode__in={str(r.get("hospital") or "").strip() for r in rows}
        ).values_list("hcode", flat=True)
    )
    candidates = []
    for i, row in enumerate(rows, start=1):
        hcode = str(row.get("hospital") or "").strip()
        key = hcode or f"row {i}"
        if hcode not in known:
            code = "FIN_HOSPITAL_UNKNOWN" if hcode else "FIN_VALUE_REQUIRED"
            report.problems.setdefault(key, []).append(risk.Problem("hospital", code, hcode))
            continue
        if actor.role == Role.HOSPITAL and hcode != actor.hospital_code:
            report.problems.setdefault(key, []).append(
                risk.Problem("hospital", "FIN_NOT_YOUR_HOSPITAL", hcode)
            )
            continue
        candidates.append((hcode, {k: row.get(k) for k in risk.FIELDS}))
    results, problems = risk.assess_many(candidates, fiscal_year=fy, quarter=q)
    for hcode, items in problems.items():
        report.problems.setdefault(hcode, []).extend(items)
    with transaction.atomic(), set_actor(actor.user):
        for r in results:
            st = r.statement
            values = {name: getattr(st, name) for name in risk.FIELDS}
            Statement.objects.update_or_create(
                hospital_id=st.hospital,
                fiscal_year=fy,
                quarter=q,
                defaults={
                    **values,
                    "cr": _q4(r.cr),
                    "qr": _q4(r.qr),
                    "cash_ratio": _q4(r.cash_ratio),
                    "nwc": r.nwc,
                    "ni": r.ni,
                    "ebitda": r.ebitda,
                    "months_left": _q4(r.months_left),
                    "flags": dict(r.flags),
                    "level": r.level,
                    "source": source[:200],
                    "loaded_at": now,
                    "loaded_by": actor.user,
                },
            )
            report.stored[st.hospital] = r.level
    return report


def _q4(value):
    """Ratios are stored to four decimals (the flags were decided on the exact value)."""
    from decimal import ROUND_HALF_EVEN, Decimal

    if value is None:
        return None
    return value.quantize(Decimal("0.0001"), rounding=ROUND_HALF_EVEN)


# -- reading -----------------------------------------------------------------------------------


def _scope(actor: Actor, hcode: str) -> None:
    actor.require(*READERS)
    actor.require_hospital(hcode)


def hospital_history(actor: Actor, hcode: str) -> tuple[Hospital, list[Statement]]:
    """A hospital's statements, oldest quarter first (its own only, for a hospital officer)."""
    _scope(actor, hcode)
    hospital = Hospital.objects.select_related("province").filter(hcode=hcode).first()
    if hospital is None:
        raise SitthiError.one("NOT_FOUND", "hospital")
    return hospital, list(hospital.statements.order_by("fiscal_year", "quarter"))


def quarters() -> list[tuple[int, int]]:
    return list(
        Statement.objects.values_list("fiscal_year", "quarter")
        .distinct()
        .order_by("-fiscal_year", "-quarter")
    )


def quarter_overview(actor: Actor, fiscal_year: int, quarter: int, region: int | None = None):
    """Every statement of a quarter (a hospital officer: its own), worst level first."""
    actor.require(*READERS)
    qs = Statement.objects.filter(fiscal_year=fiscal_year, quarter=quarter).select_related(
        "hospital", "hospital__province"
    )
    if actor.role == Role.HOSPITAL:
        qs = qs.filter(hospital_id=actor.hospital_code)
    if region:
        qs = qs.filter(hospital__province__region_id=region)
    return list(qs.order_by("-level", "hospital_id"))


def watch_list(actor: Actor, region: int, fiscal_year: int, quarter: int) -> dict:
    """A region's hospitals at level 6 or 7 in a quarter, and the count of hospitals at each
    level in every quarter loaded (for the chart)."""
    actor.require(Role.NHSO, Role.ADMIN)
    rows = Statement.objects.filter(hospital__province__region_id=region)
    watch = list(
        rows.filter(fiscal_year=fiscal_year, quarter=quarter, level__in=risk.WATCH_LEVELS)
        .select_related("hospital", "hospital__province")
        .order_by("-level", "hospital_id")
    )
    counts: dict[tuple[int, int], Counter] = defaultdict(Counter)
    for fy, q, level in rows.values_list("fiscal_year", "quarter", "level"):
        counts[(fy, q)][level] += 1
    return {
        "region": region,
        "fiscal_year": fiscal_year,
        "quarter": quarter,
        "watch": watch,
        "by_quarter": [
            {"fy": fy, "q": q, "levels": [counts[(fy, q)][lv] for lv in range(8)]}
            for fy, q in sorted(counts)
        ],
    }


# -- the lists (``lists.py``): every statement the actor may read, filtered there -------------


def statements(actor: Actor):
    """Every statement the actor may read (a hospital officer: its own hospital's), worst
    level first, then by hospital code: the finance list and its export."""
    actor.require(*READERS)
    qs = Statement.objects.select_related("hospital", "hospital__province")
    if actor.role == Role.HOSPITAL:
        qs = qs.filter(hospital_id=actor.hospital_code)
    return qs.order_by("-fiscal_year", "-quarter", "-level", "hospital_id")


def watch_statements(actor: Actor):
    """The statements at a watch level (6 or 7), for NHSO and admin: the watch list."""
    actor.require(Role.NHSO, Role.ADMIN)
    return statements(actor).filter(level__in=risk.WATCH_LEVELS)


def levels_by_quarter(actor: Actor, region: int | None = None) -> list[dict]:
    """How many hospitals (of a region, or all) were at each level, quarter by quarter."""
    actor.require(Role.NHSO, Role.ADMIN)
    rows = Statement.objects.all()
    if region:
        rows = rows.filter(hospital__province__region_id=region)
    counts: dict[tuple[int, int], Counter] = defaultdict(Counter)
    for fy, q, level in rows.values_list("fiscal_year", "quarter", "level"):
        counts[(fy, q)][level] += 1
    return [
        {"fy": fy, "q": q, "levels": [counts[(fy, q)][lv] for lv in range(8)]}
        for fy, q in sorted(counts)
    ]
