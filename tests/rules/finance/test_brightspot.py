"""The Bright Spot Hospital award, Health Region 7, FY 2565 (seed 002_80e7afba8787ed6d.txt,
"Bright Spot Hospital ปี 2565", lines 40-111): the criteria file, every indicator at its
boundary, the group statistics, the provinces' quotas, and the prizes with ties."""

from __future__ import annotations

import math
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sitthi.rules.finance.brightspot import (
    DATA_FILE,
    RULES,
    TEXTS,
    Criteria,
    IndicatorScore,
    Nomination,
    Score,
    ScoreInputError,
    Stats,
    Submission,
    award,
    check_nominations,
    group_statistics,
    load_criteria,
    missing_inputs,
    score,
    score_all,
)

D = Decimal


@pytest.fixture(scope="module")
def criteria() -> Criteria:
    return load_criteria()


CRITERIA = load_criteria()


def values(**over: object) -> dict[str, object]:
    """Every input given: committee findings yes, every figure 100; ``over`` replaces some."""
    v: dict[str, object] = {
        name: (True if kind == "bool" else D(100)) for name, kind in CRITERIA.inputs()
    }
    v.update(over)
    return v


def sub(hospital: str = "10001", level: str = "M2", province: str = "ขอนแก่น", **over) -> Submission:
    return Submission(hospital, province, level, values(**over))


def one(code: str, s: Submission, stats: dict | None = None) -> IndicatorScore:
    """The result of indicator ``code`` for ``s`` (stats: of ``s`` alone unless given)."""
    stats = group_statistics([s], CRITERIA) if stats is None else stats
    result = score(s, stats, CRITERIA)
    return next(x for x in result.by_indicator if x.code == code)


def earned(code: str, s: Submission, stats: dict | None = None) -> Decimal:
    return one(code, s, stats).points


# -- the criteria file ---------------------------------------------------------------------


def test_prize_tables_add_up_to_the_seed_and_the_budget(criteria):
    """Lines 43-58: "งบประมาณ : จากเขตสุขภาพที่ 7 จำนวน 10 ล้านบาท"; M2 "วงเงิน 2 ล้านบาท"
    1,000,000 / 600,000 / 400,000; F1 F2 "วงเงิน 5 ล้านบาท" 1,250,000 / 1,000,000 (printed
    "1,000.000") / 875,000 / 625,000 / 500,000 and "รางวัลชมเชย จำนวน 375,000 บาท จำนวน 2
    รางวัล"; F3 "วงเงิน 3 ล้านบาท" 1,500,000 / 900,000 / 600,000; A S M1 certificate only."""
    pg = criteria.prize_groups
    assert pg["M2"].prizes == (D(1_000_000), D(600_000), D(400_000))
    assert pg["F1F2"].prizes == tuple(
        D(x) for x in (1_250_000, 1_000_000, 875_000, 625_000, 500_000, 375_000, 375_000)
    )
    assert pg["F1F2"].honourable_mentions == 2
    assert pg["F3"].prizes == (D(1_500_000), D(900_000), D(600_000))
    assert pg["M2"].budget == D(2_000_000)
    assert pg["F1F2"].budget == D(5_000_000)
    assert pg["F3"].budget == D(3_000_000)
    assert pg["ASM1"].budget == 0 and pg["ASM1"].certificate_only and pg["ASM1"].prizes == ()
    assert sum(p.budget for p in pg.values()) == criteria.budget == D(10_000_000)
    assert (criteria.fiscal_year, criteria.region) == (2565, 7)


def test_points_add_up_to_10_60_30_and_100(criteria):
    """Lines 59-64: policy 10, process 60, outcome 30, "คะแนนเต็ม 100 คะแนน"; the process
    sections 10 / 20 / 20 / 10 (lines 84, 87, 94, 101)."""
    assert {c: g.points for c, g in criteria.groups.items()} == {"1": 10, "2": 60, "3": 30}
    for code, g in criteria.groups.items():
        assert sum(i.points for i in criteria.indicators if i.group == code) == g.points
    assert sum(i.points for i in criteria.indicators) == 100
    assert [(s.code, s.points) for s in criteria.groups["2"].sections] == [
        ("2.1", 10),
        ("2.2", 20),
        ("2.3", 20),
        ("2.4", 10),
    ]
    assert len(criteria.indicators) == 5 + 2 + 6 + 6 + 2 + 5
    assert all(i.rule in RULES and i.source for i in criteria.indicators)


def test_quotas_and_levels(criteria):
    """Lines 66-70: A S M1 "ทุกแห่ง", M2 "จังหวัดละ 1 แห่ง", F1 F2 "จังหวัดละ 2 แห่ง", F3 1."""
    assert {c: (p.levels, p.quota) for c, p in criteria.prize_groups.items()} == {
        "M2": (("M2",), 1),
        "F1F2": (("F1", "F2"), 2),
        "F3": (("F3",), 1),
        "ASM1": (("A", "S", "M1"), None),
    }
    assert criteria.group_of("f2").code == "F1F2"
    with pytest.raises(ValueError):
        criteria.group_of("P")


def test_accounting_items_say_the_seed_gives_no_threshold(criteria):
    """Lines 95-100 give points for 3.1-3.6 but no threshold: the committee judges them."""
    for code in ("2.3.1", "2.3.2", "2.3.3", "2.3.4", "2.3.5", "2.3.6"):
        ind = criteria.indicator(code)
        assert ind.rule == "committee"
        assert ind.note == "the seed gives no threshold: judged by the committee"


def test_inputs_list_every_figure_with_its_kind(criteria):
    kinds = dict(criteria.inputs())
    assert kinds["cash_ratio"] == "number" and kinds["eia_met"] == "bool"
    assert criteria.indicator("2.1.1").inputs == ("planfin_revenue_actual", "planfin_revenue_plan")
    assert criteria.indicator("2.4.1").inputs == ("bed_occupancy", "bed_occupancy_previous")
    assert all(criteria.label(name)[0] for name in kinds)
    assert all(code.startswith("BRIGHT_") and th and en for code, (th, en) in TEXTS.items())


# -- load_criteria refuses ------------------------------------------------------------------


def _variant(tmp_path: Path, old: str, new: str, count: int = 1) -> Path:
    text = DATA_FILE.read_text(encoding="utf-8")
    assert text.count(old) >= count, old
    path = tmp_path / "criteria.yaml"
    path.write_text(text.replace(old, new, count), encoding="utf-8")
    return path


def test_refuses_a_typo_key(tmp_path):
    path = _variant(tmp_path, "    quota_per_province: 1\n", "    quota_per_provinse: 1\n")
    with pytest.raises(ValueError, match="unknown key.*quota_per_provinse"):
        load_criteria(path)


def test_refuses_a_duplicate_key(tmp_path):
    path = _variant(tmp_path, "region: 7\n", "region: 7\nregion: 8\n")
    with pytest.raises(ValueError, match="duplicate key"):
        load_criteria(path)


def test_refuses_points_that_do_not_add_up(tmp_path):
    """Cash ratio given 6 points: the outcome group no longer adds to 30, nor all to 100."""
    path = _variant(
        tmp_path, "    points: 5\n    rule: at_least\n", "    points: 6\n    rule: at_least\n"
    )
    with pytest.raises(ValueError, match="add up to 31 points, not 30"):
        load_criteria(path)


def test_refuses_groups_not_adding_to_100(tmp_path):
    path = _variant(tmp_path, "    points: 30\n", "    points: 40\n")
    with pytest.raises(ValueError, match="groups add up to 110 points, not 100"):
        load_criteria(path)


def test_refuses_a_section_not_adding_up(tmp_path):
    path = _variant(tmp_path, "    points: 2.5\n", "    points: 3.5\n")
    with pytest.raises(ValueError, match="section 2.2"):
        load_criteria(path)


def test_refuses_prizes_not_adding_to_the_group_total(tmp_path):
    """Line 50's "1,000.000" taken literally (1,000) leaves F1-F2 short of its 5 million."""
    path = _variant(tmp_path, "[1250000, 1000000, 875000", "[1250000, 1000.000, 875000")
    with pytest.raises(ValueError, match="F1F2.prizes: add up to"):
        load_criteria(path)


def test_refuses_totals_not_adding_to_the_budget(tmp_path):
    path = _variant(tmp_path, "budget: 10000000\n", "budget: 11000000\n")
    with pytest.raises(ValueError, match="not the budget 11,000,000"):
        load_criteria(path)


def test_refuses_an_unknown_rule_kind(tmp_path):
    path = _variant(tmp_path, "rule: at_least\n", "rule: at_leest\n")
    with pytest.raises(ValueError, match="unknown rule kind 'at_leest'"):
        load_criteria(path)


def test_refuses_a_wrong_rule_parameter(tmp_path):
    path = _variant(tmp_path, "threshold: 0.8}", "treshold: 0.8}")
    with pytest.raises(ValueError, match="treshold"):
        load_criteria(path)


def test_reports_every_problem_at_once(tmp_path):
    text = DATA_FILE.read_text(encoding="utf-8")
    text = text.replace("rule: at_least\n", "rule: at_leest\n").replace(
        "region: 7\n", "regoin: 7\n"
    )
    path = tmp_path / "two.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValueError) as err:
        load_criteria(path)
    assert "regoin" in str(err.value) and "at_leest" in str(err.value)


def test_a_minimal_file_of_its_own(tmp_path):
    """A small award written from scratch: one group of 100, one prize group, one indicator."""
    path = tmp_path / "mini.yaml"
    path.write_text(
        """
fiscal_year: 2566
region: 7
budget: 100
source: test
tie_rule: {break_by: ["1"], text_th: ก, text_en: a}
groups:
  - {code: "1", name_th: ก, name_en: a, points: 100, source: s}
prize_groups:
  X: {name_th: ก, name_en: a, levels: [M2], quota_per_province: 1, total: 100, prizes: [60, 40], source: s}
inputs:
  cash: {kind: number, name_th: เงินสด, name_en: cash}
indicators:
  - {code: "1.1", group: "1", name_th: ก, name_en: a, points: 100, rule: at_least, params: {input: cash, threshold: 1}, source: s}
""",
        encoding="utf-8",
    )
    c = load_criteria(path)
    assert c.fiscal_year == 2566 and c.inputs() == [("cash", "number")]
    path.write_text(
        path.read_text(encoding="utf-8").replace("points: 100, rule", "points: 90, rule")
    )
    with pytest.raises(ValueError, match="add up to 90 points, not 100"):
        load_criteria(path)


# -- boundaries, one indicator at a time ----------------------------------------------------


def test_cash_ratio_at_exactly_0_8_earns():
    """Line 111: "Cash Ratio เท่ากับหรือมากกว่า 0.8 | 5 คะแนน"."""
    assert earned("3.5", sub(cash_ratio=D("0.8"))) == 5
    assert earned("3.5", sub(cash_ratio=D("0.79"))) == 0
    assert one("3.5", sub(cash_ratio=D("0.85"))).reason_en == "Cash ratio 0.85 ≥ 0.8"


@pytest.mark.parametrize(
    ("actual", "points", "shown"),
    [("105000000", 5, "+5.00 % ≥ +5 %"), ("104990000", 0, "+4.99 % < +5 %")],
)
def test_planfin_revenue_plus_5_percent_or_more(actual, points, shown):
    """Line 85: "1.1 Planfin รายได้ +5 % ขึ้นไป | 5 คะแนน"; exactly +5 % earns, +4.99 % not."""
    s = sub(planfin_revenue_actual=D(actual), planfin_revenue_plan=D(100_000_000))
    assert earned("2.1.1", s) == points
    assert one("2.1.1", s).reason_en.endswith(shown)


@pytest.mark.parametrize(
    ("actual", "points"), [("105000000", 5), ("105010000", 0), ("90000000", 5)]
)
def test_planfin_expenses_not_over_plus_5_percent(actual, points):
    """Line 86: "1.2 Planfin ค่าใช้จ่าย ไม่เกิน + 5 % | 5 คะแนน"; +5 % earns, +5.01 % not,
    spending under the plan earns."""
    s = sub(planfin_expense_actual=D(actual), planfin_expense_plan=D(100_000_000))
    assert earned("2.1.2", s) == points


def test_planfin_with_no_plan_earns_nothing_and_says_why():
    r = one("2.1.1", sub(planfin_revenue_plan=D(0)))
    assert not r.earned and "plan must be above 0" in r.reason_en


def _group(input_name: str, figures: list[str], level: str = "M2") -> dict:
    """The statistics of a reference group whose ``input_name`` takes ``figures``."""
    ref = [sub(f"2{i:04d}", level, **{input_name: D(f)}) for i, f in enumerate(figures)]
    return group_statistics(ref, CRITERIA)


def test_unit_cost_at_exactly_mean_plus_sd_earns():
    """Line 88: "2.1 Unit Cost OP (Mean+1SD) | 5 คะแนน", under "ไม่เกินค่ากลางกลุ่มโรงพยาบาล"
    (line 87). Group 400, 420, 530: mean 450, SD 70, mean + SD 520."""
    stats = _group("unit_cost_op", ["400.00", "420.00", "530.00"])
    assert stats["M2"]["unit_cost_op"].mean_plus_sd == 520
    assert earned("2.2.1", sub(unit_cost_op=D("520.00")), stats) == 5
    assert earned("2.2.1", sub(unit_cost_op=D("520.01")), stats) == 0
    r = one("2.2.1", sub(unit_cost_op=D("412.40")), stats)
    assert r.reason_en == "unit cost OP 412.40 ≤ mean+1SD 520.00 (n = 3)"


def test_unit_cost_ip_with_an_irrational_sd_is_compared_exactly():
    """Group 10, 20, 60: mean 30, SD √700 = 26.4575131106459059050161575...; the last satang
    under mean + SD earns and the first over does not, whatever the rounding of the root."""
    stats = _group("unit_cost_ip", ["10", "20", "60"])
    assert earned("2.2.2", sub(unit_cost_ip=D("56.45")), stats) == 5
    assert earned("2.2.2", sub(unit_cost_ip=D("56.46")), stats) == 0
    assert earned("2.2.2", sub(unit_cost_ip=D("56.4575131106459059050161575")), stats) == 5
    assert earned("2.2.2", sub(unit_cost_ip=D("56.4575131106459059050161576")), stats) == 0


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("2.2.3", "lc_labour"),
        ("2.2.4", "mc_drugs"),
        ("2.2.5", "mc_nondrug_supplies"),
        ("2.2.6", "mc_medsci_supplies"),
    ],
)
def test_labour_and_material_costs_at_exactly_the_mean_earn(code, name):
    """Lines 90-93: "LC ค่าแรงบุคลากร (Mean) | 2.5 คะแนน" and the three MC rows."""
    stats = _group(name, ["10.00", "20.00", "36.00"])  # mean 22
    assert earned(code, sub(**{name: D("22.00")}), stats) == D("2.5")
    assert earned(code, sub(**{name: D("22.01")}), stats) == 0


def test_a_mean_that_does_not_terminate_is_compared_exactly():
    """Group 10, 10, 11: mean 10.333...; 10.33 is under it, 10.34 over."""
    stats = _group("lc_labour", ["10", "10", "11"])
    assert earned("2.2.3", sub(lc_labour=D("10.33")), stats) == D("2.5")
    assert earned("2.2.3", sub(lc_labour=D("10.34")), stats) == 0
    assert "mean ≈10.33" in one("2.2.3", sub(lc_labour=D("10.33")), stats).reason_en


@pytest.mark.parametrize(("code", "name"), [("3.1", "operating_margin"), ("3.2", "roa")])
def test_margin_and_roa_exactly_at_the_median_do_not_earn(code, name):
    """Lines 107-108: "... เกินค่ากลางกลุ่ม รพ." — "เกิน" is over: the median itself earns
    nothing, a hair above earns 5."""
    stats = _group(name, ["1.5", "2.5", "9.0"])  # median 2.5
    assert earned(code, sub(**{name: D("2.5")}), stats) == 0
    assert earned(code, sub(**{name: D("2.5000001")}), stats) == 5
    assert "≤ median 2.50" in one(code, sub(**{name: D("2.5")}), stats).reason_en


@pytest.mark.parametrize(
    ("value", "previous", "points"),
    [
        ("80", "100", 5),  # exactly 80 %, even though it fell
        ("79.99", "100", 0),  # under 80 and down
        ("79.80", "76", 5),  # under 80 but up exactly 5 %
        ("79.99", "76.18", 5),  # up 5.0013 %
        ("79.7924", "76", 0),  # up exactly 4.99 %
        ("79.99", "76.19", 0),  # up 4.987 %
        ("79.99", "0", 0),  # no rise can be computed on 0
    ],
)
def test_bed_occupancy_80_or_up_5_percent(value, previous, points):
    """Line 102: "4.1 อัตราครองเตียง มากกว่าหรือเท่ากับ 80 % หรือเพิ่มขึ้น ร้อยละ 5 | 5 คะแนน"."""
    s = sub(bed_occupancy=D(value), bed_occupancy_previous=D(previous))
    assert earned("2.4.1", s) == points


def test_bed_occupancy_reason_states_the_rise():
    r = one("2.4.1", sub(bed_occupancy=D("79.80"), bed_occupancy_previous=D("76")))
    assert r.reason_en.startswith("bed occupancy (%) 79.80 < 80 but up +5.00 % ≥ 5 %")
    r = one("2.4.1", sub(bed_occupancy=D("79.7924"), bed_occupancy_previous=D("76")))
    assert "and up +4.99 % < 5 %" in r.reason_en


@pytest.mark.parametrize(
    ("value", "previous", "points"),
    [
        ("1200", "1200", 0),  # the median itself, no rise
        ("1200.01", "1200", 5),  # over the median
        ("1200", "1142.85", 5),  # at the median, up 5.0007 %
        ("1050", "1000", 5),  # under the median, up exactly 5 %
        ("1049.99", "1000", 0),  # under the median, up 4.999 %
    ],
)
def test_sum_adjrw_over_the_median_or_up_5_percent(value, previous, points):
    """Line 103: "4.2 Sum of AdjRw เกินค่ากลางกลุ่ม รพ. หรือเพิ่มขึ้น ร้อยละ 5 | 5 คะแนน"."""
    stats = _group("sum_adjrw", ["800", "1200", "5000"])
    s = sub(sum_adjrw=D(value), sum_adjrw_previous=D(previous))
    assert earned("2.4.2", s, stats) == points


@pytest.mark.parametrize(("code", "name"), [("3.3", "nwc"), ("3.4", "ebitda")])
@pytest.mark.parametrize(
    ("value", "previous", "points"),
    [
        ("5000000", "5000000", 0),  # positive but not up
        ("5000000.01", "5000000", D("7.5")),
        ("-100", "-500", 0),  # up but not positive
        ("0", "-500", 0),  # zero is not positive
        ("1", "-500", D("7.5")),
    ],
)
def test_nwc_and_ebitda_positive_and_increased(code, name, value, previous, points):
    """Lines 109-110: "เงินทุนสำรองสุทธิ (NWC) เป็นบวก และเพิ่มขึ้น | 7.5 คะแนน", "(EBITDA)
    เป็นบวก และเพิ่มขึ้น | 7.5 คะแนน"."""
    s = sub(**{name: D(value), f"{name}_previous": D(previous)})
    assert earned(code, s) == points


@pytest.mark.parametrize(
    ("code", "name", "points"),
    [
        ("1.1", "policy_business_plan", 2),
        ("1.2", "cfo_meeting_reports", 2),
        ("2.3.1", "payable_days_met", 3),
        ("2.3.6", "eia_met", 5),
    ],
)
def test_committee_items_are_yes_or_no(code, name, points):
    """Lines 76-80 (2 points each) and 95-100 (accounting, judged by the committee)."""
    assert earned(code, sub(**{name: True})) == points
    r = one(code, sub(**{name: False}))
    assert r.points == 0 and not r.earned and r.reason_en == "judged not met by the committee"


def test_a_full_house_scores_100():
    s = sub(
        planfin_revenue_actual=D(110),
        operating_margin=D(5),
        roa=D(5),
        nwc=D(101),
        ebitda=D(101),
        cash_ratio=D(1),
        sum_adjrw=D(200),
    )
    ref = [s, sub("10002", operating_margin=D(1), roa=D(1), sum_adjrw=D(100))]
    result = score(s, group_statistics(ref, CRITERIA), CRITERIA)
    assert result.total == 100
    assert result.subtotals == {"1": 10, "2": 60, "3": 30}
    assert result.group == "M2"


# -- inputs ----------------------------------------------------------------------------------


def test_missing_unknown_and_inexact_figures_are_refused():
    v = values()
    del v["cash_ratio"]
    s = Submission("10001", "ขอนแก่น", "M2", v)
    assert missing_inputs(s, CRITERIA) == ["cash_ratio"]
    with pytest.raises(ScoreInputError) as err:
        score_all([s], CRITERIA)
    assert err.value.code == "BRIGHT_INPUT_MISSING"
    with pytest.raises(ScoreInputError) as err:
        score_all([sub(cash_ratio=0.85)], CRITERIA)
    assert err.value.code == "BRIGHT_INPUT_TYPE"
    with pytest.raises(ScoreInputError) as err:
        score_all([sub(eia_met="yes")], CRITERIA)
    assert err.value.code == "BRIGHT_INPUT_TYPE"
    with pytest.raises(ScoreInputError) as err:
        score_all([sub(cash_ratoi=D(1))], CRITERIA)
    assert err.value.code == "BRIGHT_INPUT_UNKNOWN"
    with pytest.raises(ScoreInputError) as err:
        score(sub(), {}, CRITERIA)
    assert err.value.code == "BRIGHT_NO_STATISTICS"


# -- group statistics ----------------------------------------------------------------------


def test_group_statistics_of_three_hospitals():
    """Mean, sample SD (n - 1, as Excel's STDEV) and median of 400, 420, 530: 450, 70, 420."""
    subs = [
        sub("10001", unit_cost_op=D("400.00")),
        sub("10002", unit_cost_op=D("420.00")),
        sub("10003", unit_cost_op=D("530.00")),
    ]
    s = group_statistics(subs, CRITERIA)["M2"]["unit_cost_op"]
    assert (s.n, s.mean, s.sd, s.mean_plus_sd, s.median) == (3, 450, 70, 520, 420)


def test_group_statistics_with_an_irrational_sd():
    """10, 20, 60: variance (400 + 100 + 900) / 2 = 700, SD √700 to 28 digits."""
    s = Stats.of([D(10), D(20), D(60)])
    assert s.mean == 30 and s.median == 20
    assert s.sd == Decimal(700).sqrt()
    assert s.sd == D("26.45751311064590590501615754")
    assert math.isclose(float(s.sd), math.sqrt(700))


def test_one_hospital_has_sd_zero_and_an_even_group_the_middle_mean():
    assert Stats.of([D("612.40")]).sd == 0
    assert Stats.of([D("612.40")]).mean_plus_sd == D("612.40")
    assert Stats.of([D(1), D(2), D(4), D(10)]).median == 3


def test_other_groups_do_not_move_a_groups_statistics():
    """Each prize group is its own reference (line 42: "แบ่งระดับการประเมินตามระดับของหน่วยบริการ
    ตาม Service Plan"): F3 and A/S/M1 figures leave the M2 mean alone; F1 and F2 pool."""
    m2 = [sub(f"1000{i}", "M2", unit_cost_op=D(v)) for i, v in enumerate(["400", "420", "530"])]
    others = [
        sub("20001", "F3", unit_cost_op=D("9999")),
        sub("20002", "M1", unit_cost_op=D("1")),
        sub("20003", "F1", unit_cost_op=D("100")),
        sub("20004", "F2", unit_cost_op=D("300")),
    ]
    alone = group_statistics(m2, CRITERIA)["M2"]
    mixed = group_statistics(m2 + others, CRITERIA)
    assert mixed["M2"] == alone
    assert mixed["F1F2"]["unit_cost_op"].mean == 200 and mixed["F1F2"]["unit_cost_op"].n == 2
    assert mixed["F3"]["unit_cost_op"].n == 1
    assert mixed["ASM1"]["unit_cost_op"].mean == 1
    assert set(mixed["M2"]) == {
        "unit_cost_op",
        "unit_cost_ip",
        "lc_labour",
        "mc_drugs",
        "mc_nondrug_supplies",
        "mc_medsci_supplies",
        "sum_adjrw",
        "operating_margin",
        "roa",
    }


def test_score_all_uses_the_same_submissions():
    """The hospital's own figure is part of its group: 400, 420, 530 → mean + SD 520 for all."""
    subs = [sub(f"1000{i}", unit_cost_op=D(v)) for i, v in enumerate(["400", "420", "530"])]
    scores = score_all(subs, CRITERIA)
    got = [next(x for x in s.by_indicator if x.code == "2.2.1").earned for s in scores]
    assert got == [True, True, False]


# -- nominations -----------------------------------------------------------------------------


def test_a_second_m2_of_a_province_is_over_quota():
    """Line 68: "ระดับบริการ M2 จังหวัดละ 1 แห่ง"."""
    noms = [
        Nomination("10670", "ขอนแก่น", "M2"),
        Nomination("10671", "ขอนแก่น", "M2"),
    ]
    problems = check_nominations(noms, CRITERIA)
    assert problems == [(1, "BRIGHT_OVER_QUOTA", "province=ขอนแก่น, group=M2, quota=1")]


def test_two_f1_f2_of_a_province_are_fine_a_third_is_not():
    """Line 69: "ระดับบริการ F1 F2 จังหวัดละ 2 แห่ง" (F1 and F2 share the quota)."""
    noms = [
        Nomination("11001", "ร้อยเอ็ด", "F1"),
        Nomination("11002", "ร้อยเอ็ด", "F2"),
    ]
    assert check_nominations(noms, CRITERIA) == []
    noms.append(Nomination("11003", "ร้อยเอ็ด", "F2"))
    assert check_nominations(noms, CRITERIA) == [
        (2, "BRIGHT_OVER_QUOTA", "province=ร้อยเอ็ด, group=F1F2, quota=2")
    ]


def test_a_s_m1_are_unlimited_and_provinces_independent():
    """Line 67: "ระดับบริการ A S M1 ทุกแห่ง"; each province has its own quota."""
    noms = [Nomination(f"1200{i}", "กาฬสินธุ์", lv) for i, lv in enumerate(["A", "S", "M1"] * 3)]
    noms += [
        Nomination("13001", "ขอนแก่น", "M2"),
        Nomination("13002", "มหาสารคาม", "M2"),
        Nomination("13003", "ร้อยเอ็ด", "M2"),
        Nomination("13004", "กาฬสินธุ์", "M2"),
        Nomination("13005", "ขอนแก่น", "F3"),
        Nomination("13006", "มหาสารคาม", "F3"),
    ]
    assert check_nominations(noms, CRITERIA) == []


def test_duplicates_and_unknown_levels():
    noms = [
        Nomination("10670", "ขอนแก่น", "M2"),
        Nomination("10670", "ขอนแก่น", "M2"),
        Nomination("10999", "ขอนแก่น", "P2"),
    ]
    problems = check_nominations(noms, CRITERIA)
    assert [(i, code) for i, code, _ in problems] == [
        (1, "BRIGHT_DUPLICATE"),
        (2, "BRIGHT_LEVEL_UNKNOWN"),
    ]
    assert "first at index 0" in problems[0][2]


# -- prizes and ties -----------------------------------------------------------------------


def fake(hospital: str, group: str, subtotals: tuple, level: str | None = None) -> Score:
    """A score with these group subtotals (policy, process, outcome)."""
    sub_d = {"1": D(subtotals[0]), "2": D(subtotals[1]), "3": D(subtotals[2])}
    return Score(hospital, "ขอนแก่น", level or group, group, (), sub_d, sum(sub_d.values()))


def test_equal_totals_are_broken_by_the_outcome_subtotal():
    """Tie rule: total, then outcome, then process, then policy (the seed, line 65, only says
    the scores are ranked)."""
    scores = [fake("10001", "M2", (10, 50, 20)), fake("10002", "M2", (8, 47, 25))]
    got = award(scores, CRITERIA)["M2"]
    assert [(a.hospital, a.rank, a.prize, a.label_en) for a in got] == [
        ("10002", 1, D("1000000.00"), "1st"),
        ("10001", 2, D("600000.00"), "2nd"),
    ]
    scores = [fake("10001", "M2", (10, 50, 25)), fake("10002", "M2", (8, 52, 25))]
    assert award(scores, CRITERIA)["M2"][0].hospital == "10002"  # then the process subtotal


def test_fully_equal_hospitals_share_places_1_and_2():
    """1,000,000 + 600,000 shared by two: 800,000.00 each, both ranked 1st; the third is 3rd."""
    scores = [
        fake("10002", "M2", (10, 50, 20)),
        fake("10001", "M2", (10, 50, 20)),
        fake("10003", "M2", (10, 40, 20)),
    ]
    got = award(scores, CRITERIA)["M2"]
    assert [(a.hospital, a.rank, a.prize, a.tied_with) for a in got] == [
        ("10001", 1, D("800000.00"), ("10002",)),
        ("10002", 1, D("800000.00"), ("10001",)),
        ("10003", 3, D("400000.00"), ()),
    ]
    assert (got[0].label_th, got[0].label_en) == ("ลำดับที่ 1 (ร่วม)", "joint 1st")


def test_satang_that_do_not_divide_go_in_hospital_code_order():
    """Three equal F3 hospitals share 1,500,000 + 900,000 + 600,000 = 3,000,000 → 1,000,000
    each; three sharing M2's 600,000 + 400,000 + 0 get 333,333.34 / .33 / .33."""
    scores = [fake("10001", "M2", (10, 60, 30))] + [
        fake(h, "M2", (10, 50, 20)) for h in ("10004", "10002", "10003")
    ]
    got = award(scores, CRITERIA)["M2"]
    assert [(a.hospital, a.rank, a.prize) for a in got] == [
        ("10001", 1, D("1000000.00")),
        ("10002", 2, D("333333.34")),
        ("10003", 2, D("333333.33")),
        ("10004", 2, D("333333.33")),
    ]


def test_f1_f2_places_6_and_7_are_honourable_mentions_and_the_8th_gets_nothing():
    """Line 54: "รางวัลชมเชย จำนวน 375,000 บาท จำนวน 2 รางวัล"."""
    scores = [fake(f"1100{i}", "F1F2", (10, 60 - i, 20), "F1") for i in range(8)]
    got = award(scores, CRITERIA)["F1F2"]
    assert [a.prize for a in got] == [
        D(x) for x in (1_250_000, 1_000_000, 875_000, 625_000, 500_000, 375_000, 375_000, 0)
    ]
    assert [a.label_en for a in got][4:] == [
        "5th",
        "honourable mention",
        "honourable mention",
        "8th",
    ]
    assert got[5].label_th == "รางวัลชมเชย"


def test_a_s_m1_get_a_certificate_only():
    """Line 67: "(เข้ารับการประเมินและมอบใบประกาศนียบัตรเท่านั้น)"."""
    scores = [fake("12001", "ASM1", (10, 60, 30), "A"), fake("12002", "ASM1", (2, 30, 5), "M1")]
    got = award(scores, CRITERIA)
    assert [(a.rank, a.prize, a.certificate, a.label_en) for a in got["ASM1"]] == [
        (1, 0, True, "certificate"),
        (2, 0, True, "certificate"),
    ]
    assert got["M2"] == [] and got["F3"] == []


def test_award_end_to_end_from_submissions():
    subs = [
        sub("10001", cash_ratio=D("0.8")),
        sub("10002", cash_ratio=D("0.79")),
        sub("12001", "S", cash_ratio=D("2")),
    ]
    got = award(score_all(subs, CRITERIA), CRITERIA)
    assert [(a.hospital, a.prize) for a in got["M2"]] == [
        ("10001", D("1000000.00")),
        ("10002", D("600000.00")),
    ]
    assert got["M2"][0].total - got["M2"][1].total == 5
    assert got["ASM1"][0].certificate


_points = st.sampled_from([D(0), D("2.5"), D(5), D("7.5"), D(10)])


@settings(max_examples=300, deadline=None)
@given(
    group=st.sampled_from(["M2", "F1F2", "F3"]),
    rows=st.lists(st.tuples(_points, _points, _points), min_size=1, max_size=12),
)
def test_prizes_never_exceed_the_groups_budget(group, rows):
    """Whatever the totals and ties, the prizes paid add up to the prizes of the places taken:
    never more than the group's "วงเงิน" (lines 44, 48, 55), exactly it once every prize has a
    hospital; equal hospitals get equal shares (to the satang) and the same rank."""
    pg = CRITERIA.prize_groups[group]
    scores = [fake(f"{10000 + i}", group, row) for i, row in enumerate(rows)]
    got = award(scores, CRITERIA)[group]
    paid = sum(a.prize for a in got)
    assert paid <= pg.budget
    assert paid == sum(pg.prizes[: len(rows)])
    if len(rows) >= len(pg.prizes):
        assert paid == pg.budget
    assert [a.total for a in got] == sorted((a.total for a in got), reverse=True)
    for a in got:
        for b in got:
            if b.hospital in a.tied_with:
                assert a.rank == b.rank and abs(a.prize - b.prize) <= D("0.01")
    assert all(a.prize == a.prize.quantize(D("0.01")) and a.prize >= 0 for a in got)


def test_a_refusal_carries_its_problems_as_kernel_problems(tmp_path):
    """The reader is the kernel's document reader: every problem is a Problem with the award's
    code, its path as field, and the words of the refusal as its value."""
    from sitthi.rules.finance.brightspot.codes import CriteriaError
    from sitthi.rules.kernel.problems import Problem

    path = _variant(tmp_path, "budget: 10000000\n", "budget: 11000000\n")
    with pytest.raises(CriteriaError) as err:
        load_criteria(path)
    issues = err.value.issues
    assert issues and all(isinstance(p, Problem) for p in issues)
    assert {p.code for p in issues} == {"BRIGHT_CRITERIA_INVALID"}
    assert [p.value for p in issues] == err.value.problems
    [budget] = [p for p in issues if "not the budget" in p.value]
    assert budget.field == "prize_groups" and budget.file == str(path)
    assert budget.message("th").startswith("เกณฑ์การประเมินไม่ถูกต้อง: prize_groups:")
