"""Demo hospital finance for `make run`: five quarters of synthetic statements (FY 2565 Q1 to
FY 2566 Q1) for every public hospital, some drifting into crisis, loaded through the same
service as an upload; and the Bright Spot award of Health Region 7, FY 2565, nominated,
submitted and scored. Reproducible (fixed seed); the figures are made up."""

from __future__ import annotations

import random
from datetime import datetime
from decimal import Decimal

from django.utils import timezone

from sitthi.core.actor import Actor
from sitthi.core.models import User
from sitthi.registry import demo as registry_demo
from sitthi.registry.models import Hospital
from sitthi.rules.kernel.thaitime import BANGKOK

from . import services
from .models import Statement

SEED = 2565
QUARTERS = ((2565, 1), (2565, 2), (2565, 3), (2565, 4), (2566, 1))


def _money(x: float) -> Decimal:
    return Decimal(str(round(max(x, 0.0), 2)))


def _statement(rng: random.Random, size: float, health: float, q: int) -> dict:
    """Fiscal-year-to-date figures for a hospital of ``size`` (monthly revenue, baht) whose
    ``health`` runs from about -1 (deep trouble) to 1 (comfortable)."""
    months = 3 * q
    revenue = size * months * rng.uniform(0.95, 1.05)
    expenses = revenue * (1 - 0.06 * health + rng.uniform(-0.02, 0.02))
    liabilities = size * rng.uniform(1.5, 3.0)
    current_assets = liabilities * (1.6 + 1.2 * health + rng.uniform(-0.2, 0.2))
    inventory = current_assets * rng.uniform(0.08, 0.15)
    other = current_assets * rng.uniform(0.02, 0.06)
    cash = (current_assets - inventory - other) * rng.uniform(0.35, 0.7)
    deposits = (current_assets - inventory - other - cash) * rng.uniform(0.0, 0.4)
    return {
        "current_assets": _money(current_assets),
        "inventory": _money(inventory),
        "other_current_assets": _money(other),
        "cash_and_equivalents": _money(cash),
        "fixed_deposits": _money(deposits),
        "current_liabilities": _money(liabilities),
        "revenue": _money(revenue),
        "expenses": _money(expenses),
        "depreciation": _money(revenue * 0.04),
    }


def load_demo_finance() -> str:
    if Statement.objects.exists():
        return "demo finance: already loaded"
    registry_demo.ensure_users()
    nhso = Actor.of(User.objects.get(username="nhso"))
    rng = random.Random(SEED)
    hospitals = list(Hospital.objects.filter(ownership="public").order_by("hcode"))
    profile = {
        h.hcode: (rng.uniform(8e6, 60e6), rng.betavariate(5, 2) * 2 - 1, rng.uniform(-0.15, 0.12))
        for h in hospitals
    }
    scored = 0
    for fy, q in QUARTERS:
        rows = []
        step = QUARTERS.index((fy, q))
        for h in hospitals:
            size, health, drift = profile[h.hcode]
            rows.append({"hospital": h.hcode, **_statement(rng, size, health + drift * step, q)})
        # loaded in the month after the quarter's end (Q1 ends in December: January)
        at = datetime(fy - 543, (q - 1) * 3 + 1, 15, tzinfo=BANGKOK)
        report = services.load_statements(
            nhso, rows, fiscal_year=fy, quarter=q, source="demo", now=min(at, timezone.now())
        )
        scored += len(report.stored)
    winners = _demo_brightspot(nhso, rng)
    return f"demo finance: {scored} statements over {len(QUARTERS)} quarters; {winners}"


def _figures(rng: random.Random) -> dict[str, str]:
    """Made-up figures and committee findings for one nominated hospital (Bright Spot)."""
    revenue_plan = rng.uniform(80e6, 400e6)
    expense_plan = revenue_plan * rng.uniform(0.92, 1.0)
    nwc_prev = rng.uniform(-5e6, 40e6)
    ebitda_prev = rng.uniform(-3e6, 20e6)
    occ_prev = rng.uniform(60, 95)
    adjrw_prev = rng.uniform(800, 9000)
    numbers = {
        "planfin_revenue_actual": revenue_plan * rng.uniform(0.97, 1.10),
        "planfin_revenue_plan": revenue_plan,
        "planfin_expense_actual": expense_plan * rng.uniform(0.95, 1.09),
        "planfin_expense_plan": expense_plan,
        "unit_cost_op": rng.uniform(350, 700),
        "unit_cost_ip": rng.uniform(9000, 16000),
        "lc_labour": rng.uniform(20e6, 90e6),
        "mc_drugs": rng.uniform(5e6, 30e6),
        "mc_nondrug_supplies": rng.uniform(1e6, 8e6),
        "mc_medsci_supplies": rng.uniform(1e6, 6e6),
        "bed_occupancy": occ_prev * rng.uniform(0.9, 1.12),
        "bed_occupancy_previous": occ_prev,
        "sum_adjrw": adjrw_prev * rng.uniform(0.92, 1.12),
        "sum_adjrw_previous": adjrw_prev,
        "operating_margin": rng.uniform(-8, 12),
        "roa": rng.uniform(-4, 9),
        "nwc": nwc_prev * rng.uniform(0.8, 1.3) + rng.uniform(-2e6, 4e6),
        "nwc_previous": nwc_prev,
        "ebitda": ebitda_prev * rng.uniform(0.8, 1.3) + rng.uniform(-1e6, 2e6),
        "ebitda_previous": ebitda_prev,
        "cash_ratio": rng.uniform(0.3, 1.8),
    }
    out = {k: str(_money(v) if v >= 0 else -_money(-v)) for k, v in numbers.items()}
    for name in (
        "policy_business_plan",
        "cfo_meeting_reports",
        "innovation_software",
        "procurement_medsci_supplies",
        "procurement_drugs",
        "payable_days_met",
        "uc_collection_days_met",
        "cs_collection_days_met",
        "inventory_met",
        "trial_balance_met",
        "eia_met",
    ):
        out[name] = "yes" if rng.random() < 0.7 else "no"
    return out


def _demo_brightspot(nhso: Actor, rng: random.Random) -> str:
    """Region 7's public hospitals nominated as far as the provinces' quotas allow, their
    figures recorded, and the award run."""
    from sitthi.core.errors import SitthiError

    from . import award

    c = award.criteria()
    now = timezone.now()
    for h in Hospital.objects.filter(
        province__region_id=c.region, ownership="public", level__gt=""
    ).order_by("hcode"):
        try:
            n = award.nominate(nhso, h.hcode, now=now)
        except SitthiError:  # over the province's quota for its level
            continue
        award.save_submission(nhso, n.pk, _figures(rng), now=now)
    try:
        run = award.run_award(nhso, now=now)
    except SitthiError as exc:
        return f"Bright Spot not run: {exc}"
    n = sum(len(g["rows"]) for g in run.result["groups"])
    return f"Bright Spot {c.fiscal_year} region {c.region}: {n} hospitals scored"
