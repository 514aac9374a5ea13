"""The limits the FY 2559 announcement fixes, as dated parameters (rules/params/scalars/uc/
allocation/), and the capitation notice.

Seed 003_efb95171d59d7c5f.txt (ประกาศคณะกรรมการหลักประกันสุขภาพแห่งชาติ ... ปีงบประมาณ ๒๕๕๙),
line 2, ข้อ ๓: "ประกาศนี้ ให้ใช้บังคับตั้งแต่วันที่ ๑ ตุลาคม ๒๕๕๘ เป็นต้นไป" — every limit is in
force from 1 October 2015, open-ended. A configuration one step past a limit is refused with
the code it always had; one exactly at the limit is accepted.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from sitthi.rules.allocation import (
    NOTICES,
    ConfigError,
    capitation_notice,
    limits_for,
    load_fiscal_year,
    read_config,
)
from sitthi.rules.allocation import config as cfgmod
from sitthi.rules.params import ParamError, default_parameters
from tests.rules.allocation.tiny import shipped_raw, tiny_raw

SEED = "seed 003_efb95171d59d7c5f.txt"


def problems(raw, **kw) -> set[tuple[str, str]]:
    """(field, code) of every problem, or the empty set when the year is accepted."""
    try:
        read_config(raw, **kw)
    except ConfigError as exc:
        return {(p["field"], p["code"]) for p in exc.problems}
    return set()


def with_labour(national="1", regional="2", regions=None) -> dict:
    raw = tiny_raw()
    raw["labour_cost"] = {
        "applies_to": ["OP", "IP"],
        "national_pct": national,
        "regional_pct": regional,
        **({"regions": regions} if regions is not None else {}),
    }
    return raw


# --- the parameters ------------------------------------------------------------------


def test_the_limits_are_dated_parameters_citing_seed_003_from_1_october_2015():
    ps = default_parameters()
    expected = {
        "uc.allocation.qof_minimum_per_person": (Decimal("37.00"), "THB/person"),
        "uc.allocation.capital_unit_min_pct": (Decimal(90), "%"),
        "uc.allocation.capital_province_max_pct": (Decimal(10), "%"),
        "uc.allocation.labour_national_max_pct": (Decimal(1), "%"),
        "uc.allocation.labour_regional_max_pct": (Decimal(2), "%"),
        "uc.allocation.labour_regional_approved_max_pct": (Decimal(5), "%"),
    }
    assert set(cfgmod.LIMITS.values()) == set(expected)
    for name, (value, unit) in expected.items():
        (v,) = ps.parameter(name).values
        assert (v.value, v.unit, v.valid_from, v.valid_until) == (
            value,
            unit,
            date(2015, 10, 1),
            None,
        )
        assert SEED in v.source and "๑ ตุลาคม ๒๕๕๘" in v.source, name


def test_a_year_is_checked_by_the_limits_in_force_on_its_first_day():
    """FY 2559 (BE) starts 1 October 2015 (CE); no year, or a year before the first
    announcement in our sources, takes the earliest value (as before the limits were data)."""
    assert cfgmod.fiscal_year_start(2559) == date(2015, 10, 1)
    shipped = limits_for(2559)
    assert shipped == cfgmod.Limits(
        qof_minimum_baht=Decimal("37.00"),
        capital_unit_min_pct=Decimal(90),
        capital_province_max_pct=Decimal(10),
        labour_national_max_pct=Decimal(1),
        labour_regional_max_pct=Decimal(2),
        labour_regional_approved_max_pct=Decimal(5),
    )
    assert limits_for(None) == limits_for(2550) == limits_for(2570) == shipped


def test_a_changed_limit_applies_from_its_own_date():
    """A limit is data: a new value from FY 2560 leaves FY 2559 as it was."""
    ps = default_parameters().with_overrides(
        {
            "uc.allocation.qof_minimum_per_person": [
                {
                    "from": date(2015, 10, 1),
                    "until": date(2016, 9, 30),
                    "value": Decimal("37.00"),
                    "source": "s",
                },
                {"from": date(2016, 10, 1), "value": Decimal("40.00"), "source": "what if"},
            ]
        }
    )
    raw = tiny_raw()
    raw["op"]["qof_per_person"] = "39.99"
    assert problems(raw, params=ps) == set()
    raw["fy"] = 2560
    assert problems(raw, params=ps) == {("op.qof_per_person", "ALLOC_QOF_BELOW_MINIMUM")}
    assert limits_for(2560, ps).qof_minimum_baht == Decimal("40.00")


def test_a_limit_must_be_a_number():
    ps = default_parameters().with_overrides(
        {
            "uc.allocation.labour_national_max_pct": [
                {"from": date(2015, 10, 1), "value": "1", "source": "s"}
            ]
        }
    )
    with pytest.raises(ParamError, match="labour_national_max_pct"):
        limits_for(2559, ps)


# --- each limit, one step either side ----------------------------------------------------


@pytest.mark.parametrize(("qof", "refused"), [("36.99", True), ("37.00", False), ("37.01", False)])
def test_qof_at_least_37_baht_per_person(qof, refused):
    """Seed 003 line 34, หลักเกณฑ์งบบริการผู้ป่วยนอกทั่วไป 3.1): "ไม่น้อยกว่า 37 บาทต่อผู้มีสิทธิ
    ให้จ่ายตามเกณฑ์คุณภาพและผลงานบริการปฐมภูมิ"."""
    raw = tiny_raw()
    raw["op"]["qof_per_person"] = qof
    want = {("op.qof_per_person", "ALLOC_QOF_BELOW_MINIMUM")} if refused else set()
    assert problems(raw) == want


@pytest.mark.parametrize(
    ("unit", "province", "want"),
    [
        ("89.99", "10.01", {"capital.unit_share_pct", "capital.province_share_pct"}),
        ("90", "10", set()),
        ("90.01", "9.99", set()),
    ],
)
def test_capital_at_least_90_to_units_at_most_10_at_province_level(unit, province, want):
    """Seed 003 line 14, หมวด 2 ส่วนที่ 7 (สังกัด สป.สธ.): "ไม่น้อยว่า 90% จ่ายตรงให้หน่วยบริการ"
    and "ไม่เกิน 10% ให้บริหารระดับจังหวัด" (the shares add to 100, so one step under 90 is one
    step over 10)."""
    raw = tiny_raw()
    raw["capital"] = {"unit_share_pct": unit, "province_share_pct": province}
    assert problems(raw) == {(f, "ALLOC_LIMIT_EXCEEDED") for f in want}


def test_capital_unit_minimum_alone_and_province_maximum_alone():
    """Seed 003 line 14: "ไม่น้อยว่า 90%" and "ไม่เกิน 10%" are two limits, each refused on its
    own field (a split not adding to 100 is refused as well, by its own code)."""
    raw = tiny_raw()
    raw["capital"] = {"unit_share_pct": "89.99", "province_share_pct": "10"}
    assert ("capital.unit_share_pct", "ALLOC_LIMIT_EXCEEDED") in problems(raw)
    assert ("capital.province_share_pct", "ALLOC_LIMIT_EXCEEDED") not in problems(raw)
    raw["capital"] = {"unit_share_pct": "90", "province_share_pct": "10.01"}
    assert ("capital.province_share_pct", "ALLOC_LIMIT_EXCEEDED") in problems(raw)
    assert ("capital.unit_share_pct", "ALLOC_LIMIT_EXCEEDED") not in problems(raw)


@pytest.mark.parametrize(("pct", "refused"), [("1.01", True), ("1", False), ("0.99", False)])
def test_labour_national_at_most_1_percent(pct, refused):
    """Seed 003 line 30, หมวด 2 ส่วนที่ 10: "สำหรับบริหารระดับประเทศไม่เกิน 1%"."""
    want = {("labour_cost.national_pct", "ALLOC_LIMIT_EXCEEDED")} if refused else set()
    assert problems(with_labour(national=pct)) == want


@pytest.mark.parametrize(("pct", "refused"), [("2.01", True), ("2", False), ("1.99", False)])
def test_labour_regional_at_most_2_percent(pct, refused):
    """Seed 003 line 30, หมวด 2 ส่วนที่ 10: "สำหรับการบริหารระดับเขต ... ให้สามารถกันไว้ไม่เกิน 2%"."""
    want = {("labour_cost.regional_pct", "ALLOC_LIMIT_EXCEEDED")} if refused else set()
    assert problems(with_labour(regional=pct)) == want


@pytest.mark.parametrize(
    ("pct", "approved", "refused"),
    [
        ("2", False, False),
        ("2.01", False, True),
        ("2.01", True, False),
        ("5", True, False),
        ("5.01", True, True),
        ("5.01", False, True),
    ],
)
def test_a_region_over_2_percent_needs_approval_and_never_over_5(pct, approved, refused):
    """Seed 003 line 30, หมวด 2 ส่วนที่ 10: "ส่วนบางเขตที่อาจ ต้องกันเงินเกิน 2% แต่ไม่เกิน 5%
    ให้คณะอนุกรรมการพัฒนาระบบการเงินการคลังพิจารณาอนุมัติ"."""
    raw = with_labour(regions={3: {"pct": pct, "approved": approved}})
    want = {("labour_cost.regions.3.pct", "ALLOC_LIMIT_EXCEEDED")} if refused else set()
    assert problems(raw) == want


# --- the capitation notice ----------------------------------------------------------------


def test_the_shipped_year_agrees_with_the_capitation_parameter():
    """fy2559.yaml's lines and stated total and uc.capitation_per_person on 1 October 2015 are
    one figure: 3,028.94 baht per person (FACTS.md "Payment figures"; seed 003)."""
    cfg = load_fiscal_year(2559)
    published = default_parameters().value(cfgmod.CAPITATION_PARAMETER, cfg.start).value
    assert published == cfg.totals.capitation_per_person == Decimal("3028.94")
    assert capitation_notice(cfg) is None


def test_a_what_if_capitation_is_accepted_with_a_notice():
    """A what-if edit (OP 1,110.00, so 3,035.02 per person) is not refused; the notice says it
    differs from the published rate, in Thai and English."""
    raw = shipped_raw()
    op = next(ln for ln in raw["lines"] if ln["code"] == "OP")
    op["rate"] = "1110.00"
    raw["totals"]["capitation_per_person"] = "3035.02"
    cfg = read_config(raw, base_dir=cfgmod.DATA_DIR)
    notice = capitation_notice(cfg)
    assert notice is not None
    assert notice.code == "ALLOC_CAPITATION_DIFFERS_FROM_PARAMETER" and notice.code in NOTICES
    assert notice.field == "totals.capitation_per_person"
    assert "3035.02 ≠ 3028.94" in notice.value and "2015-10-01" in notice.value
    assert "อัตราเหมาจ่ายรายหัว" in notice.message_th and "3035.02" in notice.message_th
    assert "differs from the published rate" in notice.message_en


def test_no_notice_for_a_year_the_parameter_does_not_cover():
    """FY 2560-2567 are not in the sources (uc.capitation_per_person declares no value then):
    nothing to compare, no notice."""
    raw = tiny_raw()
    raw["fy"] = 2562
    assert capitation_notice(read_config(raw)) is None
