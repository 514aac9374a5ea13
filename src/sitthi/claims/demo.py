"""Demo claims for `make run`: the illustrative fee schedule and a handful of claims of the
demo hospital in every state, so that each page has something to show. Service dates are
fixed (the same prices every time); the clearing-house steps are dated a few days back from
today, so the deadline board shows time left and something overdue."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path

from django.utils import timezone

from sitthi.core.actor import Actor
from sitthi.core.models import User
from sitthi.registry import demo as registry_demo
from sitthi.rules.kernel.thaitime import BANGKOK

from . import frames as fr
from . import services
from .models import Claim

TABLES = Path(__file__).resolve().parents[1] / "rules" / "params" / "tables"
SCHEDULE = TABLES / "ucep_fee_schedule_illustrative.csv"
#: The illustrative annex to the UCEP COVID-19 Plus criteria (programme ucep_covid).
COVID_ANNEX = TABLES / "ucep_covid_annex_illustrative.csv"


def _at(day: int, hour: int = 9, month: int = 6) -> datetime:
    return datetime(2025, month, day, hour, 0, tzinfo=BANGKOK)


def _op(key, cid, day, lines, dx=("J06.9",)) -> fr.ClaimIn:
    when = _at(day)
    return fr.ClaimIn(
        claim_key=key,
        hospital=registry_demo.HOSP_PUBLIC,
        citizen_id=cid,
        service_type="OP",
        admitted_at=when,
        discharged_at=None,
        diagnoses=[fr.DiagnosisIn(c, "1" if i == 0 else "4") for i, c in enumerate(dx)],
        lines=[
            fr.LineIn(code, Decimal(q), when + timedelta(minutes=30 * i), Decimal(amount))
            for i, (code, q, amount) in enumerate(lines)
        ],
    )


def load_schedules(now: datetime) -> None:
    """The shipped illustrative schedules: the EMS schedule (programmes general and ucep) and
    the COVID-19 annex (ucep_covid). Loading an unchanged schedule again changes nothing."""
    for path in (SCHEDULE, COVID_ANNEX):
        services.load_tariff(None, path.read_bytes(), path.name, now=now)


def load_demo_claims() -> str:
    now = timezone.now()
    load_schedules(now)  # also on a database made before programmes: its schedules renewed
    if Claim.objects.exists():
        return "demo claims: already loaded"
    hospital = Actor.of(User.objects.get(username="hosp_public"))
    nhso = Actor.of(User.objects.get(username="nhso"))
    fund = Actor.of(User.objects.get(username="fund_uc"))
    uc, switched = registry_demo.CID_UC, registry_demo.CID_SSS_TO_UC
    visit = [("H001", "1", "600.00"), ("7001", "1", "180.00"), ("4001", "20", "40.00")]
    claims = [
        _op("DEMO-0001", uc, 2, visit),
        _op(
            "DEMO-0002", uc, 3, [("H001", "1", "500.00"), ("9999", "1", "100.00")], dx=("E11.99X",)
        ),
        _op("DEMO-0003", switched, 4, visit + [("8001", "1", "450.00")], dx=("J18.9",)),
        _op("DEMO-0004", uc, 5, [("H001", "1", "500.00"), ("C002", "1", "250.00")]),
        _op("DEMO-0005", switched, 6, visit, dx=("I10", "E11.9")),
        _op("DEMO-0006", uc, 9, [("B002", "1", "700.00"), ("I002", "1", "150.00")], dx=("S61.0",)),
        _op("DEMO-0007", uc, 10, [("DMT1-01", "1", "800.00")], dx=("E10.9",)),
        _op(
            "DEMO-0008",
            switched,
            11,
            [("H001", "1", "500.00"), ("7002", "1", "350.00")],
            dx=("E87.1",),
        ),
    ]
    outcomes = services.submit(
        hospital, fr.frames_from_inputs(claims), via="api", now=now - timedelta(days=40)
    )
    ids = {o.claim_key: o.claim.pk for o in outcomes}
    # NHSO verified some: two long ago (one of them notified and paid), one overdue, one fresh.
    for key, days_ago in (
        ("DEMO-0005", 38),
        ("DEMO-0006", 38),
        ("DEMO-0003", 33),
        ("DEMO-0004", 9),
        ("DEMO-0008", 2),
    ):
        services.mark_documents_complete(nhso, ids[key], now=now - timedelta(days=days_ago))
    paid = services.create_notice(
        nhso, "UCS", [ids["DEMO-0005"], ids["DEMO-0006"]], now=now - timedelta(days=20)
    )
    services.record_payment(
        fund,
        paid.pk,
        paid.total,
        (now - timedelta(days=8)).date(),
        "KTB-DEMO-001",
        now=now - timedelta(days=8),
    )
    services.create_notice(nhso, "UCS", [ids["DEMO-0004"]], now=now - timedelta(days=4))
    states = ", ".join(f"{k} {Claim.objects.get(pk=v).state}" for k, v in ids.items())
    return f"demo claims: {len(ids)} ({states})"
