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
from django.db import IntegrityError, transaction

from sitthi.core.actor import Actor
from sitthi.core.errors import ErrorItem, SitthiError
from sitthi.core.models import Role
from sitthi.registry.models import Hospital
from sitthi.rules.finance import risk
from sitthi.rules.kernel import thaitime
from sitthi.rules.kernel.problems import Problem

from .models import Statement

LOADERS = (Role.NHSO, Role.HOSPITAL)
READERS = (Role.NHSO, Role.ADMIN, Role.HOSPITAL)


@dataclass
class RowProblem:
    """One problem of one row: the row as the officer counts it (a file's row as Excel
    numbers it, the header being row 1; the API's first statement is row 1) and its
    hospital."""

    row: int
    hospital: str
    problem: Problem


@dataclass
class Replacement:
    """A statement in force that a load would replace, and the figures that would replace it."""

    old: Statement
    new: risk.RiskResult

    @property
    def hospital(self) -> str:
        return self.old.hospital_id

    def figures(self) -> list[dict]:
        """Each figure old and new, marked where it changes (for the preview)."""
        out = []
        for name in risk.FIELDS:
            old, new = getattr(self.old, name), getattr(self.new.statement, name)
            th, en = risk.FIELD_NAMES[name]
            out.append({"field": name, "th": th, "en": en, "old": old, "new": new})
        return out


@dataclass
class LoadReport:
    """What a load did, or would do: the hospitals scored (code → level), the problems row by
    row, and — until the officer confirms — the statements it would replace."""

    stored: dict[str, int] = field(default_factory=dict)
    problem_rows: list[RowProblem] = field(default_factory=list)
    results: list[risk.RiskResult] = field(default_factory=list)
    replacing: list[Replacement] = field(default_factory=list)
    fiscal_year: int = 0
    quarter: int = 0

    @property
    def problems(self) -> dict[str, list[Problem]]:
        """The problems by hospital (a row without a hospital code as ``row n``)."""
        out: dict[str, list[Problem]] = {}
        for rp in self.problem_rows:
            out.setdefault(rp.hospital or f"row {rp.row}", []).append(rp.problem)
        return out

    @property
    def new_hospitals(self) -> list[str]:
        """The hospitals scored that have no statement of this quarter yet."""
        replaced = {r.hospital for r in self.replacing}
        return [r.statement.hospital for r in self.results if r.statement.hospital not in replaced]

    def rows(self) -> list[dict]:
        """One row per problem in the file's order, with Thai and English messages (for pages
        and exports)."""
        out = []
        for rp in sorted(self.problem_rows, key=lambda rp: rp.row):
            p = rp.problem
            label_th, label_en = risk.FIELD_NAMES.get(p.field, (p.field, p.field))
            message = ErrorItem(p.code, p.field, {"value": p.value or "–"}).as_dict()
            out.append(
                {
                    "row": rp.row,
                    "hospital": rp.hospital,
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


def current_quarter(now: datetime) -> tuple[int, int]:
    """The Thai fiscal year (Buddhist Era) and quarter of a moment, in Bangkok: the fiscal
    year starts on 1 October (Q1 October–December … Q4 July–September), so 15 November 2024
    is FY 2568 Q1 and 15 April 2025 FY 2568 Q3."""
    day = thaitime.bangkok_date(now)
    fy = day.year + 543 + (1 if day.month >= 10 else 0)
    q = (day.month - 10) // 3 + 1 if day.month >= 10 else (day.month + 2) // 3 + 1
    return fy, q


def plan_statements(
    actor: Actor,
    rows: list[dict],
    *,
    fiscal_year: int,
    quarter: int,
    numbers: list[int] | None = None,
) -> LoadReport:
    """Read and score every row of a quarter's load without storing anything: every problem
    of every row at once, each with its row number (``numbers``, the file's as Excel counts
    them; by default 1, 2, … as a list counts), the results, and which statements in force
    they would replace."""
    actor.require(*LOADERS)
    fy, q = check_quarter(fiscal_year, quarter)
    report = LoadReport(fiscal_year=fy, quarter=q)
    known = set(
        Hospital.objects.filter(
            hcode__in={str(r.get("hospital") or "").strip() for r in rows}
        ).values_list("hcode", flat=True)
    )
    results: dict[str, risk.RiskResult] = {}
    seen: set[str] = set()
    numbers = list(numbers) if numbers is not None else list(range(1, len(rows) + 1))
    for i, row in zip(numbers, rows, strict=True):
        hcode = str(row.get("hospital") or "").strip()

        def problem(code, name="hospital", value=hcode, i=i, hcode=hcode):
            report.problem_rows.append(RowProblem(i, hcode, risk.Problem(name, code, value)))

        if hcode and hcode in seen:  # as risk.assess_many: neither row is scored
            results.pop(hcode, None)
            problem("FIN_DUPLICATE")
            continue
        seen.add(hcode)
        if hcode not in known:
            problem("FIN_HOSPITAL_UNKNOWN" if hcode else "FIN_VALUE_REQUIRED")
        elif actor.role == Role.HOSPITAL and hcode != actor.hospital_code:
            problem("FIN_NOT_YOUR_HOSPITAL")
        # the figures are read even when the hospital is wrong: every problem in one pass
        st, found = risk.parse_statement(
            {k: row.get(k) for k in risk.FIELDS}, hospital=hcode or "-", fiscal_year=fy, quarter=q
        )
        for p in found:
            report.problem_rows.append(RowProblem(i, hcode, p))
        if st is not None and hcode in known and not any(rp.row == i for rp in report.problem_rows):
            results[hcode] = risk.assess(st)
    report.results = list(results.values())
    in_force = {
        s.hospital_id: s
        for s in Statement.objects.filter(
            fiscal_year=fy, quarter=q, hospital_id__in=list(results)
        ).select_related("hospital", "loaded_by")
    }
    report.replacing = [
        Replacement(in_force[r.statement.hospital], r)
        for r in report.results
        if r.statement.hospital in in_force
    ]
    return report


def would_replace_error(report: LoadReport) -> SitthiError:
    """FIN_WOULD_REPLACE, one item per statement a load would replace (409)."""
    return SitthiError(
        *(
            ErrorItem(
                "FIN_WOULD_REPLACE",
                "hospital",
                {
                    "value": f"{r.hospital} {r.old.hospital.name_th}",
                    "period": f"{r.old.fiscal_year} Q{r.old.quarter}",
                    "level": str(r.old.level),
                    "loaded": (
                        thaitime.be_datetime(r.old.loaded_at, "th"),
                        thaitime.be_datetime(r.old.loaded_at, "en"),
                    ),
                    "by": r.old.loaded_by.username,
                },
            )
            for r in report.replacing
        )
    )


def store_statements(
    actor: Actor,
    report: LoadReport,
    *,
    source: str,
    now: datetime,
    expect: dict[str, int] | None = None,
) -> LoadReport:
    """Store a planned load: a statement in force that it replaces is kept as it was, marked
    superseded (when, by whom), and the new figures become the next version; audited.
    ``expect`` (hospital → id of the statement the preview showed, or 0 for none) refuses
    with UPLOAD_STAGE_STALE when the quarter changed since the preview."""
    actor.require(*LOADERS)
    fy, q = report.fiscal_year, report.quarter
    codes = [r.statement.hospital for r in report.results]
    try:
        with transaction.atomic(), set_actor(actor.user):
            in_force = {
                s.hospital_id: s
                for s in Statement.objects.select_for_update().filter(
                    fiscal_year=fy, quarter=q, hospital_id__in=codes
                )
            }
            if expect is not None:
                changed = sorted(
                    h for h in codes if (in_force[h].pk if h in in_force else 0) != expect.get(h, 0)
                )
                if changed:
                    raise SitthiError.one(
                        "UPLOAD_STAGE_STALE",
                        "stage",
                        value=", ".join(f"{h} {fy} Q{q}" for h in changed),
                    )
            for r in report.results:
                st = r.statement
                old = in_force.get(st.hospital)
                if old is not None:
                    old.superseded_at, old.superseded_by = now, actor.user
                    old.save(update_fields=["superseded_at", "superseded_by"])
                Statement.objects.create(
                    hospital_id=st.hospital,
                    fiscal_year=fy,
                    quarter=q,
                    version=_last_version(st.hospital, fy, q) + 1,
                    **{name: getattr(st, name) for name in risk.FIELDS},
                    cr=_q4(r.cr),
                    qr=_q4(r.qr),
                    cash_ratio=_q4(r.cash_ratio),
                    nwc=r.nwc,
                    ni=r.ni,
                    ebitda=r.ebitda,
                    months_left=_q4(r.months_left),
                    flags=dict(r.flags),
                    level=r.level,
                    source=source[:200],
                    loaded_at=now,
                    loaded_by=actor.user,
                )
                report.stored[st.hospital] = r.level
    except IntegrityError:  # another load of the same quarter won the race: nothing stored
        report.stored.clear()
        raise SitthiError.one(
            "UPLOAD_STAGE_STALE", "stage", value=", ".join(f"{h} {fy} Q{q}" for h in codes)
        ) from None
    return report


def _last_version(hcode: str, fy: int, q: int) -> int:
    last = (
        Statement.versions.filter(hospital_id=hcode, fiscal_year=fy, quarter=q)
        .order_by("-version")
        .values_list("version", flat=True)
        .first()
    )
    return last or 0


def load_statements(
    actor: Actor,
    rows: list[dict],
    *,
    fiscal_year: int,
    quarter: int,
    source: str,
    now: datetime,
    replace: bool = False,
    numbers: list[int] | None = None,
) -> LoadReport:
    """Score and store the statements of one quarter. Rows: ``{"hospital": "10670",
    "current_assets": ..., ...}``. A load that would replace a statement in force is refused
    with FIN_WOULD_REPLACE (409, nothing stored) unless ``replace`` says the caller confirms;
    then the replaced statement is kept as an earlier version."""
    report = plan_statements(actor, rows, fiscal_year=fiscal_year, quarter=quarter, numbers=numbers)
    if report.replacing and not replace:
        raise would_replace_error(report)
    return store_statements(actor, report, source=source, now=now)


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


def replaced_versions(actor: Actor, hcode: str) -> list[Statement]:
    """A hospital's statements that a later load replaced, newest quarter and version first
    (kept for its history page only: no score or list reads them)."""
    _scope(actor, hcode)
    return list(
        Statement.versions.filter(hospital_id=hcode, superseded_at__isnull=False)
        .select_related("loaded_by", "superseded_by")
        .order_by("-fiscal_year", "-quarter", "-version")
    )


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
