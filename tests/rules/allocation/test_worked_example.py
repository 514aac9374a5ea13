"""A worked example, every number computed by hand below and asserted to the satang.

The tiny year (conftest.tiny_raw): OP 200.00, IP 50.00, capital 10.00, special (held) 1.00
baht per person; community psychiatric care 1,000.00 baht fixed. OP: QOF 40.00, output 20.00,
data quality 10.00 per person; 80 % / 20 %; band ±10 %; age index 1 (under 60) and 3 (60+).

Two regions, three provinces, five units, 400 registered persons:

    unit   prov region public moph  <60  60+  persons  weighted (×index)
    10001  10   1      yes    yes    60   20   80       60 + 60  = 120
    10002  10   1      no     no     20    0   20       20
    11001  11   1      yes    yes    50   50  100       50 + 150 = 200
    20001  20   2      yes    yes    80   20  100       80 + 60  = 140
    20002  20   2      yes    no    100    0  100      100

    province 10: 100 persons, 140 weighted · 11: 100, 200 · 20: 200, 240 · total 400, 580
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import polars as pl
import pytest

from sitthi.rules.allocation import Inputs, allocate, read_config, unit_statement
from tests.rules.allocation.tiny import (
    TINY_COUNTS,
    TINY_SERVICE,
    TINY_UNITS,
    tiny_persons,
    tiny_raw,
)


@pytest.fixture(scope="module")
def result():
    return allocate(
        read_config(tiny_raw()), tiny_persons(), TINY_UNITS, Inputs(service=TINY_SERVICE)
    )


def amounts(result, line: str, part: str) -> dict[str, int]:
    rows = result.by_unit.filter((pl.col("line") == line) & (pl.col("part") == part))
    return dict(rows.select("unit", "amount_satang").iter_rows())


def test_the_person_rows_are_counted_first(result):
    """Seed 003_efb95171d59d7c5f.txt: "ร้อยละ 80 ... คำนวณแบบเหมาจ่ายรายหัวตามจำนวนผู้มีสิทธิที่
    ลงทะเบียนในแต่ละหน่วยบริการประจำ": 400 person rows become counts per unit; the same counts
    given pre-aggregated give the same result."""
    assert result.report["persons"] == 400
    counts = pl.DataFrame(
        [(u, g, n) for u, pair in TINY_COUNTS.items() for g, n in enumerate(pair) if n],
        schema={"unit": pl.Utf8, "age_group": pl.Int8, "persons": pl.Int64},
        orient="row",
    )
    again = allocate(
        read_config(tiny_raw()), counts.lazy(), TINY_UNITS, Inputs(service=TINY_SERVICE)
    )
    assert again.by_unit.equals(result.by_unit)
    assert again.by_payee.equals(result.by_payee)


def test_op_regional_pots(result):
    """Seed 003, หลักเกณฑ์งบบริการผู้ป่วยนอกทั่วไป: "บริหารแบบ Global budget ระดับเขต"; 3.1) QOF
    "ไม่น้อยกว่า 37 บาทต่อผู้มีสิทธิ"; 3.2) output "ให้จ่ายตามผลงานการให้บริการผู้ป่วยนอก";
    "2.2 คุณภาพข้อมูล 3.00 บ/ปชก.". Each region has 200 persons, so its pots are
    QOF 40 × 200 = 8,000.00, output 20 × 200 = 4,000.00, data quality 10 × 200 = 2,000.00 baht.

    QOF, region 1, by score × persons: 10001 80×80 = 6,400; 10002 50×20 = 1,000; 11001
    100×100 = 10,000; total 17,400. 800,000 satang × 6,400/17,400 = 294,252.87 → 294,252;
    × 1,000/17,400 = 45,977.01 → 45,977; × 10,000/17,400 = 459,770.11 → 459,770. The floors
    leave 1 satang: it goes to the largest fraction, .87, unit 10001 → 294,253.
    Region 2: only 20001 has a score (60 × 100): all 800,000 satang.

    Output, region 1, by visits 300 : 100 : 400 of 800 → 150,000 / 50,000 / 200,000 satang.
    Region 2 reports no visits at all: the pot is shared by registered persons instead,
    100 : 100 → 200,000 each, and the report says so.

    Data quality, region 1, scores all 100 → by persons 80 : 20 : 100 → 80,000 / 20,000 /
    100,000. Region 2: 100×100 : 50×100 = 2 : 1 → 133,333.33 and 66,666.67 → floors 133,333
    and 66,666, the leftover satang to the larger fraction (.67): 20002 → 66,667."""
    assert amounts(result, "OP", "qof") == {
        "10001": 294_253,
        "10002": 45_977,
        "11001": 459_770,
        "20001": 800_000,
    }
    assert amounts(result, "OP", "output") == {
        "10001": 150_000, "10002": 50_000, "11001": 200_000, "20001": 200_000, "20002": 200_000,
    }  # fmt: skip
    assert result.report["op"]["fallbacks"] == [{"part": "output", "region": 2}]
    assert amounts(result, "OP", "data_quality") == {
        "10001": 80_000, "10002": 20_000, "11001": 100_000, "20001": 133_333, "20002": 66_667,
    }  # fmt: skip
    qof = result.by_unit.filter((pl.col("line") == "OP") & (pl.col("part") == "qof"))
    assert dict(qof.select("unit", "rounding").iter_rows())["10001"] == 1


def test_op_capitation_pools(result):
    """Seed 003: "ส่วนที่ 1 จ่ายแบบเหมาจ่ายต่อผู้มีสิทธิ ... 1.1 Diff by age ระดับจังหวัด/CUP 80%
    1.2 Fixed rate 20%". The rest per person is 200 − 40 − 20 − 10 = 130.00 baht; × 400 =
    52,000.00 baht: 80 % = 41,600.00 (age-adjusted), 20 % = 10,400.00 (equal).

    Equal part: 10,400 / 400 = 26.00 baht per person exactly: 10001 80 × 2,600 = 208,000;
    10002 52,000; the three units of 100 persons 260,000 satang each."""
    op = result.report["op"]
    assert op["capitation_rest_satang"] == 5_200_000
    assert (op["age_adjusted_pool_satang"], op["equal_pool_satang"]) == (4_160_000, 1_040_000)
    assert op["equal_rate_baht"] == Decimal("26.0000")
    assert amounts(result, "OP", "equal") == {
        "10001": 208_000, "10002": 52_000, "11001": 260_000, "20001": 260_000, "20002": 260_000,
    }  # fmt: skip


def test_op_province_band_clamp(result):
    """Seed 003: "โดยปรับอัตราตามโครงสร้างอายุของผู้มีสิทธิที่ลงทะเบียนในระดับจังหวัด และให้อัตรา
    เหมาจ่ายรายหัว ... ของแต่ละจังหวัดต่างจากค่าเฉลี่ยไม่เกินร้อยละ 10 (ค่าเฉลี่ยประเทศ±10%)".

    National average 41,600 / 400 = 104.00 baht; band [93.60, 114.40].
    Proportional level λ₀ = 41,600 / 580 = 71.7241 baht per weighted person:
      province 10: 140 λ₀ = 10,041.38 → 100.41/person (inside)
      province 11: 200 λ₀ = 14,344.83 → 143.45/person (above 114.40)
      province 20: 240 λ₀ = 17,213.79 →  86.07/person (below 93.60)
    Iteration 1: F(λ₀) = 10,041.38 + 100 × 114.40 + 200 × 93.60 − 41,600 = −1,398.62 < 0, so
    the level rises. Band edges above λ₀: 78 (= 93.60 / 1.2, province 20 leaves the floor),
    81.714 (= 114.40 / 1.4, province 10 reaches the top), 95.33.
    Iteration 2: F(78) = 140 × 78 + 11,440 + 200 × 93.60 − 41,600 = −520 < 0.
    Iteration 3: F(81.714) = 11,440 + 11,440 + 240 × 81.714 − 41,600 = +891.43 ≥ 0: the root is
    on [78, 81.714], where the free provinces 10 and 20 have 140 + 240 = 380 weighted persons:
    λ* = 78 + 520 / 380 = 1,508/19 = 79.3684.
      province 10: 140 × 1,508/19 = 11,111.578947… (111.12/person)
      province 11: held at 100 × 114.40 = 11,440.00
      province 20: 240 × 1,508/19 = 19,048.421052… (95.24/person)
    In satang, floors 1,111,157 + 1,144,000 + 1,904,842 = 4,159,999; the last satang to the
    largest fraction (.89, province 10) → 1,111,158 / 1,144,000 / 1,904,842.
    Before the clamp (by weighted persons): 4,160,000 × 140/580 = 1,004,137.93, × 200/580 =
    1,434,482.76, × 240/580 = 1,721,379.31 → floors leave 2 satang for .93 and .76 →
    1,004,138 / 1,434,483 / 1,721,379. Moved: 1,434,483 − 1,144,000 = 290,483 satang, taken
    from province 11 and spread over 10 (+107,020) and 20 (+183,463)."""
    clamp = result.report["op"]["clamp"]
    assert (clamp["national_rate_baht"], clamp["band_low_baht"], clamp["band_high_baht"]) == (
        Decimal("104.0000"), Decimal("93.6000"), Decimal("114.4000"),
    )  # fmt: skip
    # the level in satang per ten-thousandth of a weighted person: 7,936.84… / 10,000
    assert Fraction(clamp["level"]) == Fraction(1508, 19) * 100 / 10_000
    assert clamp["iterations"] == 3
    assert (clamp["clamped_high"], clamp["clamped_low"]) == (["11"], [])
    assert clamp["moved_satang"] == 290_483
    prov = result.op_provinces.select(
        "province", "amount_before_satang", "amount_satang", "moved_satang", "clamped"
    ).rows()
    assert prov == [
        ("10", 1_004_138, 1_111_158, 107_020, None),
        ("11", 1_434_483, 1_144_000, -290_483, "high"),
        ("20", 1_721_379, 1_904_842, 183_463, None),
    ]
    assert result.op_provinces["rate_baht"].to_list() == [
        Decimal("111.1158"), Decimal("114.4000"), Decimal("95.2421"),
    ]  # fmt: skip


def test_op_province_amounts_to_units_by_weighted_persons(result):
    """Seed 003 (same clause): a province's amount goes to its units by age-weighted persons.
    Province 10 (1,111,158 satang): 10001 120/140 → 952,421.14; 10002 20/140 → 158,736.86 →
    floors 952,421 + 158,736, the leftover satang to .86 (10002) → 158,737.
    Province 11: 11001 alone → 1,144,000.
    Province 20 (1,904,842): 20001 140/240 → 1,111,157.83; 20002 100/240 → 793,684.17 →
    the leftover satang to .83 (20001) → 1,111,158 and 793,684."""
    assert amounts(result, "OP", "age_adjusted") == {
        "10001": 952_421, "10002": 158_737, "11001": 1_144_000, "20001": 1_111_158, "20002": 793_684,
    }  # fmt: skip


def test_op_regional_global_budgets(result):
    """The regional global budget is the sum of its units' amounts. Per unit:
      10001: 294,253 + 150,000 +  80,000 +   952,421 + 208,000 = 1,684,674
      10002:  45,977 +  50,000 +  20,000 +   158,737 +  52,000 =   326,714
      11001: 459,770 + 200,000 + 100,000 + 1,144,000 + 260,000 = 2,163,770
      20001: 800,000 + 200,000 + 133,333 + 1,111,158 + 260,000 = 2,504,491
      20002:       0 + 200,000 +  66,667 +   793,684 + 260,000 = 1,320,351
    Region 1: 4,175,158 satang (41,751.58 baht) against the flat 200 × 200 = 40,000.00; region 2:
    3,824,842 (−1,751.58): the age adjustment moves money between regions, the nation's OP
    stays 80,000.00 baht exactly."""
    op_total = (
        result.by_unit.filter(pl.col("line") == "OP")
        .group_by("unit")
        .agg(pl.col("amount_satang").sum())
    )
    assert dict(op_total.rows()) == {
        "10001": 1_684_674, "10002": 326_714, "11001": 2_163_770, "20001": 2_504_491, "20002": 1_320_351,
    }  # fmt: skip
    regions = result.op_regions.select(
        "region", "global_budget_satang", "flat_budget_satang", "age_adjustment_satang"
    ).rows()
    assert regions == [(1, 4_175_158, 4_000_000, 175_158), (2, 3_824_842, 4_000_000, -175_158)]


def test_ip_point_value_and_tie_break(result):
    """Seed 003: "ค่าบริการ IP ตามระบบ DRG V 5" under a global budget. Budget 50 × 400 =
    20,000.00 baht; total AdjRW 3.0000; point value 20,000 / 3 = 6,666.666… baht per AdjRW
    (shown 6,666.67). Each of 10001, 11001, 20001 has AdjRW 1.0000 → 666,666.67 satang: floors
    666,666 × 3 = 1,999,998 leave 2 satang; the fractions are equal (.67), so the tie goes by
    unit code ascending: 10001 and 11001 get one each, 20001 does not."""
    ip = result.report["ip"]
    assert ip["point_value_fraction"] == "20000/3"
    assert ip["point_value_display"] == Decimal("6666.67")
    assert ip["point_value"] * ip["total_adjrw"] == pytest.approx(
        Decimal(20_000), abs=Decimal("1e-30")
    )
    assert amounts(result, "IP", "drg") == {"10001": 666_667, "11001": 666_667, "20001": 666_666}
    drg = result.by_unit.filter(pl.col("line") == "IP")
    assert dict(drg.select("unit", "rounding").rows()) == {"10001": 1, "11001": 1, "20001": 0}


def test_capital_replacement_ninety_ten(result):
    """Seed 003, หมวด 2 ส่วนที่ 7: "ไม่น้อยว่า 90% จ่ายตรงให้หน่วยบริการ ... ไม่เกิน 10% ให้บริหาร
    ระดับจังหวัด" (MOPH units). 10 × 400 = 4,000.00 baht by persons: 80,000 / 20,000 /
    100,000 / 100,000 / 100,000 satang. Province 10's MOPH unit 10001: 80,000 → 8,000 to the
    province, 72,000 direct; 11001: 10,000 / 90,000; province 20's MOPH unit 20001: 10,000 /
    90,000. The private 10002 (20,000) and the non-MOPH 20002 (100,000) are paid directly."""
    assert amounts(result, "CAP", "direct") == {
        "10001": 72_000, "10002": 20_000, "11001": 90_000, "20001": 90_000, "20002": 100_000,
    }  # fmt: skip
    funds = result.by_payee.filter(pl.col("part") == "province_fund")
    assert funds.select("payee", "amount_satang").rows() == [
        ("10", 8_000),
        ("11", 10_000),
        ("20", 10_000),
    ]


def test_psychiatric_cap_over_target(result):
    """Seed 003: "เฉลี่ยคนละ 6,000 บาท/ปี ... หากผลงานมากกว่าเป้าหมาย ... และหรือกำหนดเพดานการให้
    งบประมาณ". Target 2 patients at 300.00; 5 patients (10001: 2, 20001: 3) are over target;
    rule "cap": 300 × 2 = 600.00 baht shared 2 : 3 → 240.00 and 360.00 (120.00 per patient);
    the line's other 400.00 baht is held at NHSO."""
    assert amounts(result, "PSY", "patients") == {"10001": 24_000, "20001": 36_000}
    psy = result.report["psychiatric"]
    assert (psy["need_satang"], psy["paid_satang"], psy["paid_per_patient_baht"]) == (
        60_000, 60_000, Decimal("120.00"),
    )  # fmt: skip
    held = result.by_payee.filter(pl.col("line") == "PSY")
    assert held.select("payee_kind", "part", "amount_satang").rows() == [
        ("nhso", "unspent", 40_000)
    ]


def test_every_line_reconciles(result):
    """Budget + transfers = paid + held, to the satang, for every line."""
    rows = result.lines.select(
        "line",
        "available_satang",
        "to_units_satang",
        "to_others_satang",
        "held_satang",
        "difference_satang",
    ).rows()
    assert rows == [
        ("OP", 8_000_000, 8_000_000, 0, 0, 0),
        ("IP", 2_000_000, 2_000_000, 0, 0, 0),
        ("CAP", 400_000, 372_000, 28_000, 0, 0),
        ("HELD", 40_000, 0, 0, 40_000, 0),
        ("PSY", 100_000, 60_000, 0, 40_000, 0),
    ]
    assert result.report["rounding"] == {"OP": 4, "IP": 2}


def test_unit_statement_explains_each_amount(result):
    """A unit's statement: every amount with its reason in Thai and English, and the total
    (10001: OP 1,684,674 + IP 666,667 + capital 72,000 + psychiatric 24,000 = 2,447,341)."""
    rows = unit_statement(result, "10001")
    assert [r["part"] for r in rows] == [
        "qof", "output", "data_quality", "age_adjusted", "equal", "drg", "direct", "patients", "total",
    ]  # fmt: skip
    assert rows[-1]["amount_satang"] == 2_447_341
    assert rows[-1]["amount_baht"] == Decimal("24473.41")
    qof = rows[0]
    assert "คะแนน 80.00 × ผู้มีสิทธิ 80 คน" in qof["text_th"]
    assert "รวมเศษ 1 สตางค์" in qof["text_th"] and "1 satang from rounding" in qof["text_en"]
    assert "ปรับลดลงมาที่เพดานบน" in unit_statement(result, "11001")[3]["text_th"]
