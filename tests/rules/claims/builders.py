"""Small, explicit claim frames for the rule tests: one valid inpatient claim to start from,
and a test tariff whose rows each show one rule."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import polars as pl

from sitthi.rules.claims import schema
from tests.conftest import make_cid

BKK = ZoneInfo("Asia/Bangkok")
CID = make_cid(424242)


def at(y: int, mo: int, d: int, h: int = 0, mi: int = 0, s: int = 0, us: int = 0) -> datetime:
    """An aware Bangkok datetime."""
    return datetime(y, mo, d, h, mi, s, us, tzinfo=BKK)


ADMITTED = at(2022, 4, 24, 8, 0)
DISCHARGED = at(2022, 4, 26, 10, 0)


def tariff_row(
    item_code: str, baht_satang: int, start: date, end: date | None = None, **kw
) -> dict:
    return {
        "programme": kw.get("programme", "general"),
        "schedule": kw.get("schedule", "test"),
        "item_code": item_code,
        "category": kw.get("category", "1"),
        "description": kw.get("description", item_code),
        "unit": kw.get("unit", "ครั้ง"),
        "unit_price_satang": baht_satang,
        "pricing": kw.get("pricing", "lower_of_charge_and_tariff"),
        "valid_from": start,
        "valid_until": end,
        "source": kw.get("source", "test row"),
        "illustrative": kw.get("illustrative", False),
    }


#: ROOM 350.00 a day since UCEP began; DM-OLD withdrawn after 24 Apr 2022 and DM-NEW from 25 Apr
#: 2022 (the diabetes code change, seed 002 DatabasePatch25650425); FLAT a flat 2,500.00 from
#: 25 Apr 2022; UNIT 1.00 baht (rounding); LATE not yet valid until 2030.
TARIFF = pl.DataFrame(
    [
        tariff_row(
            "ROOM", 35000, date(2017, 4, 1), schedule="ucep-illustrative", illustrative=True
        ),
        tariff_row("DM-OLD", 80000, date(2017, 4, 1), date(2022, 4, 24)),
        tariff_row("DM-NEW", 80000, date(2022, 4, 25)),
        tariff_row("FLAT", 250000, date(2022, 4, 25), pricing="tariff", schedule="covid"),
        tariff_row("UNIT", 100, date(2017, 4, 1)),
        tariff_row("LATE", 100, date(2030, 1, 1)),
    ],
    schema=schema.TARIFF,
)


def claim(claim_id: int = 1, **kw) -> dict:
    """A claim row; ``programme=`` adds the optional column (``schema.PROGRAMME``)."""
    row = {
        "claim_id": claim_id,
        "hospital": kw.get("hospital", "10670"),
        "citizen_id": kw.get("citizen_id", CID),
        "service_type": kw.get("service_type", "IP"),
        "admitted_at": kw.get("admitted_at", ADMITTED),
        "discharged_at": kw.get("discharged_at", DISCHARGED),
    }
    if "programme" in kw:
        row["programme"] = kw["programme"]
    return row


def fact(claim_id: int = 1, **kw) -> dict:
    return {
        "claim_id": claim_id,
        "hospital_known": kw.get("hospital_known", True),
        "fund": kw.get("fund", "UCS"),
        "contract_funds": kw.get("contract_funds", ["UCS"]),
        "duplicate_of_paid": kw.get("duplicate_of_paid", False),
    }


def dx(claim_id: int = 1, seq: int = 1, code: str | None = "E11.9", dx_type: str = "1") -> dict:
    return {"claim_id": claim_id, "seq": seq, "code": code, "dx_type": dx_type}


def line(claim_id: int = 1, line_no: int = 1, **kw) -> dict:
    return {
        "claim_id": claim_id,
        "line_no": line_no,
        "item_code": kw.get("item_code", "ROOM"),
        "quantity_milli": kw.get("quantity_milli", 2000),
        "served_at": kw.get("served_at", at(2022, 4, 24, 9, 0)),
        "charged_satang": kw.get("charged_satang", 90000),
    }


def frames(claims=None, facts=None, diagnoses=None, lines=None) -> dict[str, pl.DataFrame]:
    """The four claim frames (a valid inpatient claim 1 where an argument is None)."""
    return {
        "claims": pl.DataFrame(claims if claims is not None else [claim()], schema=schema.CLAIMS),
        "facts": pl.DataFrame(facts if facts is not None else [fact()], schema=schema.CLAIM_FACTS),
        "diagnoses": pl.DataFrame(
            diagnoses if diagnoses is not None else [dx()], schema=schema.DIAGNOSES
        ),
        "lines": pl.DataFrame(lines if lines is not None else [line()], schema=schema.LINES),
    }
