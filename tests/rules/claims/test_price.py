"""Pricing (sitthi.rules.claims.price). Issue 3: "The payable amount of a line is the lower of
charge and tariff unless the tariff says otherwise. Every priced line carries its explanation
(rule, parameter, dates)"; DOMAIN.md §3: "a claim is priced by the rates in force on its service
date"; ARCHITECTURE.md: "Money is exact"."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sitthi.rules.claims import schema
from sitthi.rules.claims.price import baht, date_th, explain, price, quantity
from sitthi.rules.claims.tariff import default_tariff, service_date_expr
from tests.rules.claims.builders import TARIFF, at, claim, frames, line, tariff_row


def run(lines, tariff: pl.DataFrame = TARIFF, claims=None) -> pl.DataFrame:
    f = frames(lines=lines, claims=claims)
    return price(f["claims"], f["lines"], tariff)


def one(lines, **kw) -> dict:
    out = run(lines, **kw)
    assert out.height == 1, out
    return out.row(0, named=True)


def test_lower_of_charge_and_tariff_pays_the_tariff_when_the_charge_is_higher():
    """Issue 3: "the lower of charge and tariff"."""
    row = one([line(item_code="ROOM", quantity_milli=2000, charged_satang=90000)])
    assert row["tariff_satang"] == 70000
    assert row["payable_satang"] == 70000
    assert row["rule"] == "lower_of_charge_and_tariff"
    assert row["unit_price_satang"] == 35000
    assert (row["tariff_valid_from"], row["tariff_valid_until"]) == (date(2017, 4, 1), None)
    assert row["schedule"] == "ucep-illustrative" and row["illustrative"] is True


def test_lower_of_charge_and_tariff_pays_the_charge_when_it_is_lower():
    row = one([line(item_code="ROOM", quantity_milli=2000, charged_satang=60000)])
    assert (row["tariff_satang"], row["payable_satang"]) == (70000, 60000)


def test_flat_rate_pays_the_tariff_whatever_the_charge():
    """Seed 002 "การบันทึกเบิกค่าจัดการศพโควิด": a flat 2,500 baht per deceased."""
    served = at(2022, 5, 1, 10)
    for charged in (1, 250000, 900000):
        row = one(
            [line(item_code="FLAT", quantity_milli=1000, charged_satang=charged, served_at=served)]
        )
        assert row["payable_satang"] == 250000
        assert row["rule"] == "tariff"


def test_covid_body_handling_in_the_default_tariff():
    row = one(
        [
            line(
                item_code="COVID-BODY",
                quantity_milli=1000,
                charged_satang=300000,
                served_at=at(2022, 5, 1),
            )
        ],
        tariff=default_tariff(),
    )
    assert row["payable_satang"] == 250000
    assert row["tariff_source"].startswith("parameter covid.body_handling_per_deceased")
    assert row["illustrative"] is False


@pytest.mark.parametrize(
    ("quantity_milli", "expected_satang"),
    [
        (333, 33),  # 0.333 × 1.00 baht = 33.3 satang -> 33
        (335, 34),  # 33.5 -> 34 (half up)
        (334, 33),
        (5, 1),  # 0.5 satang -> 1
        (4, 0),  # 0.4 satang -> 0
        (1, 0),
    ],
)
def test_rounding_half_up_to_the_satang(quantity_milli, expected_satang):
    """ARCHITECTURE.md "Money is exact": unit price × quantity rounded half up to the satang,
    in integers."""
    row = one([line(item_code="UNIT", quantity_milli=quantity_milli, charged_satang=10**6)])
    assert row["tariff_satang"] == expected_satang == row["payable_satang"]


def test_the_valid_until_day_is_priced_and_the_day_after_is_not():
    """Seed 002 DatabasePatch25650425 (diabetes code change): the old code is priced on 24 April
    2022 and not on 25 April (Bangkok dates: 17:00 UTC on the 24th is the 25th in Bangkok)."""
    last = at(2022, 4, 24, 23, 59, 59, 999999)
    after = at(2022, 4, 25)
    out = run(
        [
            line(line_no=1, item_code="DM-OLD", served_at=last),
            line(line_no=2, item_code="DM-OLD", served_at=after),
            line(line_no=3, item_code="DM-NEW", served_at=last),
            line(line_no=4, item_code="DM-NEW", served_at=after),
            line(
                line_no=5,
                item_code="DM-OLD",
                served_at=datetime(2022, 4, 24, 17, tzinfo=UTC),
            ),
        ]
    )
    assert out["line_no"].to_list() == [1, 4]
    assert out["tariff_valid_until"].to_list() == [date(2022, 4, 24), None]


def test_lines_that_cannot_be_priced_are_absent():
    """Validation reports them: unknown item, not in force, quantity or charge not positive,
    no service time, or a claim not in the batch. 0.001 of a unit and one satang are priced."""
    out = run(
        [
            line(line_no=1, item_code="NOPE"),
            line(line_no=2, item_code="LATE"),
            line(line_no=3, quantity_milli=0),
            line(line_no=4, charged_satang=0),
            line(line_no=5, served_at=None),
            line(line_no=6, quantity_milli=1),
            line(line_no=7, charged_satang=1),
            line(claim_id=99, line_no=1),
        ]
    )
    assert out["line_no"].to_list() == [6, 7]
    assert out["payable_satang"].to_list() == [35, 1]  # 0.001 × 350.00 = 0.35 baht
    assert out.schema == pl.Schema(schema.PRICED)


def test_rows_keep_the_order_of_the_lines():
    lines = [line(claim_id=c, line_no=n) for c, n in ((2, 2), (1, 1), (2, 1))]
    out = run(lines, claims=[claim(1), claim(2)])
    assert list(zip(out["claim_id"], out["line_no"], strict=True)) == [(2, 2), (1, 1), (2, 1)]


def test_amounts_beyond_64_bits_in_the_product_stay_exact():
    """A price of 10,000,000,000 baht × 1,000,000 units: the product overflows Int64 before the
    division by 1000, so it is computed in 128 bits."""
    tariff = pl.DataFrame([tariff_row("BIG", 10**12, date(2000, 1, 1))], schema=schema.TARIFF)
    row = one(
        [line(item_code="BIG", quantity_milli=10**9 + 1, charged_satang=2**62)], tariff=tariff
    )
    assert row["tariff_satang"] == (10**12 * (10**9 + 1) + 500) // 1000
    assert row["payable_satang"] == min(row["tariff_satang"], 2**62)


# --- explanations ---------------------------------------------------------------------------------


def explained(**kw) -> dict:
    ln = line(**kw)
    row = one([ln], **({"tariff": kw.pop("tariff")} if "tariff" in kw else {}))
    return explain({**row, **ln})


def test_explain_the_tariff_below_the_charge_in_thai_and_english():
    e = explained(item_code="ROOM", quantity_milli=2000, charged_satang=90000)
    assert e["th"] == (
        "จ่ายตามอัตรา 350.00 บาท × 2 = 700.00 บาท ต่ำกว่าที่เรียกเก็บ 900.00 บาท"
        " (บัญชี ucep-illustrative มีผลตั้งแต่ 1 เม.ย. 2560)"
        " — ราคาตัวอย่างเพื่อการสาธิต ไม่ใช่อัตราทางการ"
    )
    assert e["en"] == (
        "Paid at the tariff: 350.00 baht × 2 = 700.00 baht, lower than the 900.00 baht charged"
        " (schedule ucep-illustrative, in force from 1 Apr 2017)"
        " — illustrative demo price, not an official rate"
    )
    assert e["rule"] == "lower_of_charge_and_tariff" and e["illustrative"] is True
    assert e["source"] == "test row"


def test_explain_the_charge_below_the_tariff_and_a_closed_range_in_buddhist_era():
    e = explained(
        item_code="DM-OLD", quantity_milli=1500, charged_satang=100000, served_at=at(2022, 4, 1)
    )
    assert e["th"] == (
        "จ่ายตามที่เรียกเก็บ 1,000.00 บาท ต่ำกว่าอัตรา 800.00 บาท × 1.5 = 1,200.00 บาท"
        " (บัญชี test มีผล 1 เม.ย. 2560 – 24 เม.ย. 2565)"
    )
    assert e["en"].endswith("(schedule test, in force 1 Apr 2017 – 24 Apr 2022)")


def test_explain_equal_flat_and_rounded():
    assert (
        "เท่ากับที่เรียกเก็บ"
        in explained(item_code="ROOM", quantity_milli=1000, charged_satang=35000)["th"]
    )
    flat = explained(
        item_code="FLAT", quantity_milli=1000, charged_satang=300000, served_at=at(2022, 5, 1)
    )
    assert flat["th"].startswith(
        "จ่ายเหมาตามอัตรา 2,500.00 บาท × 1 = 2,500.00 บาท ไม่ขึ้นกับที่เรียกเก็บ 3,000.00 บาท"
    )
    rounded = explained(item_code="UNIT", quantity_milli=333, charged_satang=100)
    assert "1.00 บาท × 0.333 = 0.33 บาท (ปัดเศษสตางค์แบบครึ่งขึ้น)" in rounded["th"]
    assert "(rounded half up to the satang)" in rounded["en"]


def test_explain_needs_the_line_beside_the_priced_row():
    row = one([line()])
    with pytest.raises(KeyError, match="quantity_milli"):
        explain(row)


def test_formatting_helpers():
    assert baht(123456789) == "1,234,567.89"
    assert baht(5) == "0.05"
    assert baht(-150) == "-1.50"
    assert quantity(2000) == "2" and quantity(2500) == "2.5" and quantity(333) == "0.333"
    assert quantity(1_000_000) == "1000"
    assert date_th(date(2022, 4, 25)) == "25 เม.ย. 2565"


# --- the Bangkok service date ---------------------------------------------------------------------

BANGKOK_ERA = st.datetimes(
    min_value=datetime(1920, 4, 2), max_value=datetime(2100, 1, 1), timezones=st.just(UTC)
)


@given(st.lists(BANGKOK_ERA, min_size=1, max_size=50))
def test_service_date_is_the_bangkok_calendar_date(instants):
    """schema: "Dates used for 'in force on' decisions are the Bangkok calendar dates"; the
    fixed-offset shortcut agrees with a real time-zone conversion."""
    s = pl.Series("t", instants, dtype=pl.Datetime("us", "UTC"))
    frame = pl.DataFrame({"t": s, "b": s.dt.convert_time_zone(schema.BANGKOK)})
    out = frame.select(
        fast_utc=service_date_expr("t"),
        fast_bkk=service_date_expr("b"),
        slow=pl.col("t").dt.convert_time_zone(schema.BANGKOK).dt.date(),
    )
    assert out["fast_utc"].to_list() == out["slow"].to_list() == out["fast_bkk"].to_list()


def test_service_date_before_bangkok_took_utc_plus_7_is_null():
    """IANA tzdata Asia/Bangkok: Bangkok Mean Time (+6:42:04) until 1 April 1920."""
    s = pl.Series(
        [
            datetime(1920, 3, 31, 17, 17, 55, tzinfo=UTC),
            datetime(1920, 3, 31, 17, 17, 56, tzinfo=UTC),
        ]
    )
    assert pl.DataFrame({"t": s}).select(service_date_expr("t"))["t"].to_list() == [
        None,
        date(1920, 4, 1),
    ]
    assert timedelta(hours=6, minutes=42, seconds=4) + timedelta(
        minutes=17, seconds=56
    ) == timedelta(hours=7)
