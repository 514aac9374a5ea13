"""The special lines, the shortfall, the labour-cost deduction and bad input, each with its
clause of seed 003_efb95171d59d7c5f.txt."""

from __future__ import annotations

from decimal import Decimal

import polars as pl
import pytest

from sitthi.rules.allocation import (
    InputError,
    Inputs,
    allocate,
    load_fiscal_year,
    read_config,
    unit_statement,
)
from tests.rules.allocation.tiny import TINY_SERVICE, TINY_UNITS, tiny_persons, tiny_raw


def run(raw, service=TINY_SERVICE, **inputs):
    return allocate(read_config(raw), tiny_persons(), TINY_UNITS, Inputs(service=service, **inputs))


def line(result, code):
    return result.lines.filter(pl.col("line") == code).row(0, named=True)


def test_shortfall_is_taken_from_the_named_lines_in_order():
    """หมวด 1 ข้อ 13: "หากเงินที่กำหนดในรายการและประเภทบริการใดไม่เพียงพอ เนื่องจากผลงานบริการมากกว่า
    เป้าหมายที่ได้รับงบประมาณ ให้ใช้เงินกองทุนจากรายการและประเภทบริการอื่นจ่ายไปก่อน".
    Psychiatric rule "pay": 5 patients × 300.00 = 1,500.00 against a line of 1,000.00: 500.00
    short. HELD (400.00) gives all it has, then IP gives the other 100.00; IP's point value is
    computed on what is left (19,900.00)."""
    raw = tiny_raw()
    raw["psychiatric"]["over_target"] = "pay"
    raw["shortfall_from"] = ["HELD", "IP"]
    r = run(raw)
    assert r.report["transfers"] == [
        {"from": "HELD", "to": "PSY", "satang": 40_000, "reason": "shortfall"},
        {"from": "IP", "to": "PSY", "satang": 10_000, "reason": "shortfall"},
    ]
    assert r.report["unfunded"] == []
    psy = line(r, "PSY")
    assert (psy["need_satang"], psy["transfer_in_satang"], psy["to_units_satang"]) == (
        150_000,
        50_000,
        150_000,
    )
    assert line(r, "HELD")["held_satang"] == 0
    assert r.report["ip"]["budget_satang"] == 1_990_000
    psy_rows = r.by_unit.filter(pl.col("line") == "PSY").select("unit", "amount_satang").rows()
    assert psy_rows == [("10001", 60_000), ("20001", 90_000)]  # 300.00 per patient


def test_what_no_line_can_cover_is_reported_and_the_line_pays_pro_rata():
    """Only HELD may give: 400.00 of the 500.00; 100.00 stays unfunded and the 1,400.00 the line
    has is shared 2 : 3 → 560.00 and 840.00."""
    raw = tiny_raw()
    raw["psychiatric"]["over_target"] = "pay"
    r = run(raw)
    assert r.report["unfunded"] == [{"line": "PSY", "satang": 10_000}]
    assert line(r, "PSY")["unfunded_satang"] == 10_000
    rows = r.by_unit.filter(pl.col("line") == "PSY").select("unit", "amount_satang").rows()
    assert rows == [("10001", 56_000), ("20001", 84_000)]


def test_psychiatric_average_over_target():
    """ "หากผลงานมากกว่าเป้าหมาย ... ให้เฉลี่ยงบประมาณ": 1,000.00 over 5 patients = 200.00 each
    (below the 300.00 rate), nothing short, nothing left."""
    raw = tiny_raw()
    raw["psychiatric"]["over_target"] = "average"
    r = run(raw)
    assert r.report["psychiatric"]["paid_per_patient_baht"] == Decimal("200.00")
    assert r.report["transfers"] == []
    assert line(r, "PSY")["held_satang"] == 0


def test_shortfall_from_op_takes_only_its_capitation_rest():
    """OP's QOF, output and data-quality parts are minimums ("ไม่น้อยกว่า 37 บาทต่อผู้มีสิทธิ"), so
    OP gives only from the capitation rest, which shrinks by what it gave."""
    raw = tiny_raw()
    raw["lines"][4]["amount"] = "60000.00"
    raw["psychiatric"] = {"target_patients": 1000, "per_patient": "20000.00", "over_target": "pay"}
    raw["shortfall_from"] = ["OP"]
    r = run(raw)  # need 5 × 20,000 = 100,000.00; OP's rest is 130 × 400 = 52,000.00
    assert r.report["transfers"] == [
        {"from": "OP", "to": "PSY", "satang": 4_000_000, "reason": "shortfall"}
    ]
    assert r.report["op"]["capitation_rest_satang"] == 5_200_000 - 4_000_000
    assert r.report["op"]["pots_satang"]["qof"] == 1_600_000  # untouched


def test_labour_cost_deduction_reserves_part_of_the_public_units_amounts():
    """หมวด 2 ส่วนที่ 10: "ระดับประเทศไม่เกิน 1% ... ระดับเขต ... ไม่เกิน 2% ... เกิน 2% แต่ไม่เกิน
    5% ให้คณะอนุกรรมการ ... พิจารณาอนุมัติ". On capital replacement (10.00 per person): the
    public units' direct amounts are 10001 72,000, 11001 90,000 (region 1) and 20001 90,000,
    20002 100,000 (region 2) satang; the private 10002 is not touched.
    National 1 % of 352,000 = 3,520: 10001 720, 11001 900, 20001 900, 20002 1,000.
    Region 1 at 2 % of 162,000 = 3,240: 10001 1,440, 11001 1,800. Region 2 at 4.5 % (approved)
    of 190,000 = 8,550: 20001 4,050, 20002 4,500."""
    raw = tiny_raw()
    raw["labour_cost"] = {
        "applies_to": ["CAP"],
        "national_pct": "1",
        "regional_pct": "2",
        "regions": {"2": {"pct": "4.5", "approved": True}},
    }
    r = run(raw)
    cap = r.by_unit.filter(pl.col("line") == "CAP")
    nat = dict(
        cap.filter(pl.col("part") == "labour_national").select("unit", "amount_satang").rows()
    )
    reg = dict(
        cap.filter(pl.col("part") == "labour_regional").select("unit", "amount_satang").rows()
    )
    assert nat == {"10001": -720, "11001": -900, "20001": -900, "20002": -1_000}
    assert reg == {"10001": -1_440, "11001": -1_800, "20001": -4_050, "20002": -4_500}
    reserves = r.by_payee.filter(pl.col("part").str.starts_with("labour")).select(
        "payee_kind", "payee", "amount_satang"
    )
    assert sorted(reserves.rows()) == [
        ("nation", "TH", 3_520),
        ("region", "1", 3_240),
        ("region", "2", 8_550),
    ]
    assert r.report["labour_cost"]["regional_satang"]["CAP"] == {1: 3_240, 2: 8_550}
    assert line(r, "CAP")["difference_satang"] == 0
    text = [row for row in unit_statement(r, "20002") if row["part"] == "labour_regional"][0]
    assert "4.50%" in text["text_th"] and "4.50 %" in text["text_en"]


def test_dependent_elderly_pays_the_rate_or_averages_a_short_pot():
    """หมวด 8: "500 ลบ. ให้กองทุนหลักประกันสุขภาพ อปท. ... อัตรา 5,000 บาท/ราย ตามจำนวนผู้สูงอายุ"
    and "100 ลบ. ให้ CUP ในพื้นที่ ... อัตราหนึ่งแสนบาทต่อแห่ง". Scaled down: pots 20,000.00
    and 250,000.00 of a 300,000.00 line. Two funds with 1 and 2 elders are paid 5,000.00 each;
    three CUPs need 300,000.00 from a 250,000.00 pot: averaged 83,333.33, and the last satang
    by the largest remainder and then the lower code."""
    raw = tiny_raw()
    raw["lines"].append(
        {"code": "LTC", "name_th": "ผู้สูงอายุ", "name_en": "LTC", "kind": "fixed",
         "amount": "300000.00", "capitation": False, "method": "dependent_elderly"}
    )  # fmt: skip
    raw["dependent_elderly"] = {
        "per_elder": "5000.00",
        "per_cup": "100000.00",
        "local_fund_pot": "20000.00",
        "cup_pot": "250000.00",
    }
    elders = pl.DataFrame({"local_fund": ["L2", "L1"], "province": ["20", "10"], "elders": [2, 1]})
    cups = pl.DataFrame({"cup": ["20001", "10001", "11001"]})
    r = run(raw, elders=elders, ltc_cups=cups)
    ltc = r.by_payee.filter(pl.col("line") == "LTC").select(
        "payee_kind", "payee", "region", "amount_satang"
    )
    assert ltc.rows() == [
        ("cup", "10001", 1, 8_333_334),
        ("cup", "11001", 1, 8_333_333),
        ("cup", "20001", 2, 8_333_333),
        ("local_fund", "L1", 1, 500_000),
        ("local_fund", "L2", 2, 1_000_000),
        ("nhso", "NHSO", None, 3_500_000),
    ]
    report = r.report["dependent_elderly"]
    assert report["cup"]["averaged"] and report["cup"]["paid_per_item_baht"] == Decimal("83333.33")
    assert not report["local_fund"]["averaged"]
    # 300,000 − 15,000 paid to funds − 250,000 to CUPs = 35,000.00 left, held at NHSO
    assert line(r, "LTC")["held_satang"] == 3_500_000
    assert any("83333.33" in n["en"] for n in r.report["notes"])
    assert unit_statement(r, "10001")[-2]["part"] == "cup"  # the CUP's own LTC money


def test_the_shipped_year_runs_on_a_small_country():
    """FY 2559 as shipped, over the tiny population: every line reconciles; the provider
    assistance goes back to IP ("ให้ปรับเงินเป็นค่าใช้จ่ายประเภทบริการผู้ป่วยในทั่วไป")."""
    cfg = load_fiscal_year(2559)
    counts = tiny_persons().with_columns(pl.col("age_group") * 15)  # groups 0 and 15 (75+)
    r = allocate(cfg, counts, TINY_UNITS, Inputs(service=TINY_SERVICE))
    assert r.lines["difference_satang"].to_list() == [0] * len(cfg.lines)
    assert {
        "from": "PROVIDER_ASSIST",
        "to": "IP",
        "satang": 4_000,
        "reason": "returned_to_parent",
    } in r.report["transfers"]
    assert r.report["ip"]["budget_satang"] == 106_014 * 400
    assert (
        line(r, "IP")["budget_satang"] + line(r, "PROVIDER_ASSIST")["budget_satang"]
        == 106_014 * 400
    )
    assert sum(r.lines.filter(pl.col("capitation"))["budget_satang"]) == 302_894 * 400
    held = r.lines.filter(pl.col("method") == "held").select(
        "line", "held_satang", "available_satang"
    )
    assert all(h == a for _, h, a in held.rows())


@pytest.mark.parametrize(
    ("population", "units", "code", "field"),
    [
        (pl.DataFrame({"unit": ["99999"], "age_group": [0]}), TINY_UNITS, "ALLOC_INPUT_UNKNOWN_UNIT", "population.unit"),
        (pl.DataFrame({"unit": ["10001"], "age_group": [7]}), TINY_UNITS, "ALLOC_INPUT_UNKNOWN_AGE_GROUP", "population.age_group"),
        (pl.DataFrame({"unit": ["10001"], "age_group": [0], "province": ["11"]}), TINY_UNITS, "ALLOC_INPUT_PROVINCE_MISMATCH", "population.province"),
        (pl.DataFrame({"unit": ["10001"], "age_group": [0.0]}), TINY_UNITS, "ALLOC_INPUT_TYPE", "population.age_group"),
        (pl.DataFrame({"unit": ["10001"]}), TINY_UNITS, "ALLOC_INPUT_COLUMN_MISSING", "population.age_group"),
        (pl.DataFrame({"unit": ["10001"], "age_group": [0], "persons": [-1]}), TINY_UNITS, "ALLOC_INPUT_NEGATIVE", "population.persons"),
        (pl.DataFrame({"unit": ["10001"], "age_group": [0], "persons": [0]}), TINY_UNITS, "ALLOC_INPUT_EMPTY", "population"),
        (tiny_persons(), TINY_UNITS.with_columns(region=pl.lit(14)), "ALLOC_INPUT_REGION_INVALID", "units.region"),
        (tiny_persons(), pl.concat([TINY_UNITS, TINY_UNITS.head(1)]), "ALLOC_INPUT_DUPLICATE", "units.unit"),
    ],
)  # fmt: skip
def test_bad_input_is_refused_whole(population, units, code, field):
    """ARCHITECTURE.md: "Bad input gets a clear error and changes nothing"."""
    with pytest.raises(InputError) as info:
        allocate(read_config(tiny_raw()), population, units)
    assert (field, code) in {(p["field"], p["code"]) for p in info.value.problems}


def test_float_service_columns_are_refused():
    """Weights are exact: AdjRW as a Decimal with at most 4 places (or an integer), never a float."""
    bad = TINY_SERVICE.with_columns(
        pl.col("adjrw").cast(pl.Float64), pl.col("qof_score").cast(pl.Float64)
    )
    with pytest.raises(InputError) as info:
        run(tiny_raw(), service=bad)
    assert {(p["field"], p["code"]) for p in info.value.problems} == {
        ("service.adjrw", "ALLOC_INPUT_TYPE"),
        ("service.qof_score", "ALLOC_INPUT_TYPE"),
    }
    finer = TINY_SERVICE.with_columns(
        pl.Series("adjrw", [Decimal("1.00005")] * 5, dtype=pl.Decimal(12, 5))
    )
    with pytest.raises(InputError):
        run(tiny_raw(), service=finer)
