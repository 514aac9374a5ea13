"""Claims scenarios: a tariff (dated rows) and one charge line in, the price out
(sitthi.rules.claims.price). A line the tariff does not price on its Bangkok service date is
``priced: false``."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import polars as pl

from sitthi.rules.claims import schema
from sitthi.rules.claims.price import price
from tests.rules.claims.builders import claim, line, tariff_row

BKK = ZoneInfo("Asia/Bangkok")


def _day(v) -> date | None:
    return None if v is None else date.fromisoformat(str(v))


def priced_line(given: dict) -> dict:
    rows = [
        tariff_row(
            r["item"],
            r["satang"],
            _day(r["from"]),
            _day(r.get("until")),
            pricing=r.get("pricing", "lower_of_charge_and_tariff"),
        )
        for r in given["tariff"]
    ]
    tariff = pl.DataFrame(rows, schema=schema.TARIFF)
    ln = given["line"]
    served = datetime.strptime(ln["served_at"], "%Y-%m-%d %H:%M:%S").replace(tzinfo=BKK)
    lines = pl.DataFrame(
        [
            line(
                item_code=ln["item"],
                quantity_milli=ln.get("quantity_milli", 1000),
                charged_satang=ln["charged_satang"],
                served_at=served,
            )
        ],
        schema=schema.LINES,
    )
    claims = pl.DataFrame([claim()], schema=schema.CLAIMS)
    out = price(claims, lines, tariff)
    if out.height == 0:
        return {"priced": False}
    r = out.row(0, named=True)
    return {
        "priced": True,
        "unit_price_satang": r["unit_price_satang"],
        "payable_satang": r["payable_satang"],
        "rule": r["rule"],
    }
