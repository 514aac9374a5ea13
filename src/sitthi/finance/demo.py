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
from sitthi.core.thaidate import BANGKOK
from sitthi.registry import demo as registry_demo
from sitthi.registry.models import Hospital

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
    return f"demo finance: {scored} statements over {len(QUARTERS)} quarters"
