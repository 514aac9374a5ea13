"""The MOPH financial-crisis risk score (``sitthi.rules.finance.risk``).

Seed 002_80e7afba8787ed6d.txt, section "การวิเคราะห์โรงพยาบาลที่ประสบภาวะวิกฤตทางการเงิน": the
five ratios, flags 1.1 CR < 1.5, 1.2 QR < 1.0, 1.3 Cash < 0.8, 2.1 NWC < 0, 2.2 NI < 0,
3.1 NWC/ANI < 3 months (weighing double), 3.2 NWC/ANI < 6 months, and levels 0–7 with their
meanings. FACTS.md "Hospital risk score [I]": liquidity 0–3 + status 0–2 + survival 0–2
(< 3 months → 2, < 6 → 1) = level 0–7. Plain functions: no database, no Django.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sitthi.rules.finance.risk import (
    FIELD_NAMES,
    FIELDS,
    LEVELS,
    TEXTS,
    WATCH_LEVELS,
    Problem,
    RiskResult,
    Statement,
    assess,
    assess_many,
    message,
    parse_statement,
)
from tests.scenarios.finance.adapter import HEALTHY

D = Decimal

FLAG_KEYS = [
    "cr_below_1_5",
    "qr_below_1",
    "cash_below_0_8",
    "nwc_negative",
    "ni_negative",
    "months_below_6",
    "months_below_3",
]


def healthy(**over: object) -> dict[str, object]:
    """Raw figures of a hospital with no flag (the scenarios' HEALTHY: CR 3, QR 2.5, Cash 2,
    NWC 2000, NI 100), with some changed."""
    return {**HEALTHY, **over}


def parse_q2(**over: object) -> tuple[Statement | None, list[Problem]]:
    """Hospital 10670's statement for FY 2565 Q2: the healthy figures with some changed."""
    return parse_statement(healthy(**over), hospital="10670", fiscal_year=2565, quarter=2)


def stmt(quarter: int = 2, **over: object) -> Statement:
    s, problems = parse_statement(
        healthy(**over), hospital="10670", fiscal_year=2565, quarter=quarter
    )
    assert problems == []
    assert s is not None
    return s


def run(quarter: int = 2, **over: object) -> RiskResult:
    return assess(stmt(quarter, **over))


def fired(r: RiskResult) -> dict[str, int]:
    return {k: v for k, v in r.flags.items() if v}


# --- each flag's boundary ------------------------------------------------------------------


def test_healthy_hospital_is_level_0() -> None:
    """Seed section "การวิเคราะห์โรงพยาบาลที่ประสบภาวะวิกฤตทางการเงิน": "ระดับ 0 – 1 ปกติ"."""
    r = run()
    assert r.cr == D(3) and r.qr == D("2.5") and r.cash_ratio == D(2)
    assert r.nwc == D(2000) and r.ni == D(100) and r.ebitda == D(150)
    assert r.months_left is None
    assert list(r.flags) == FLAG_KEYS
    assert fired(r) == {}
    assert (r.score, r.level) == (0, 0)
    assert (r.meaning_th, r.meaning_en) == ("ปกติ", "normal")
    assert not r.watch


@pytest.mark.parametrize(
    ("current_assets", "points"),
    [("1500.00", 0), ("1499.99", 1), ("1500.01", 0)],
)
def test_cr_below_1_5_is_strict(current_assets: str, points: int) -> None:
    """Seed flag 1.1 "CR < 1.5": exactly 1.5 does not fire, one satang below does."""
    r = run(
        current_assets=current_assets,
        inventory="0",
        other_current_assets="0",
        cash_and_equivalents=current_assets,
        fixed_deposits="0",
    )
    assert r.cr == D(current_assets) / D(1000)
    assert r.flags["cr_below_1_5"] == points
    assert fired(r) == ({"cr_below_1_5": 1} if points else {})


@pytest.mark.parametrize(
    ("inventory", "points"),
    [("500.00", 0), ("500.01", 1)],
)
def test_qr_below_1_is_strict(inventory: str, points: int) -> None:
    """Seed flag 1.2 "QR < 1.0", QR = (current assets − inventory − other current assets) /
    current liabilities: QR exactly 1.0 does not fire, a satang below does."""
    r = run(
        current_assets="1600.00",
        inventory=inventory,
        other_current_assets="100.00",
        cash_and_equivalents="1000.00",
        fixed_deposits="0",
    )
    assert r.qr == (D("1500.00") - D(inventory)) / D(1000)
    assert r.flags["qr_below_1"] == points
    assert fired(r) == ({"qr_below_1": 1} if points else {})


@pytest.mark.parametrize(
    ("fixed_deposits", "points"),
    [("300.00", 0), ("299.99", 1)],
)
def test_cash_below_0_8_is_strict(fixed_deposits: str, points: int) -> None:
    """Seed flag 1.3 "Cash < 0.8", cash = cash + equivalents + fixed deposits: exactly 0.8
    does not fire, a satang below does."""
    r = run(cash_and_equivalents="500.00", fixed_deposits=fixed_deposits)
    assert r.cash_ratio == (D(500) + D(fixed_deposits)) / D(1000)
    assert r.flags["cash_below_0_8"] == points
    assert fired(r) == ({"cash_below_0_8": 1} if points else {})


def test_ratios_compared_exactly_not_rounded() -> None:
    """Seed flag 1.1 with a ratio that has no finite decimal: 4.50 / 3.00 = 1.5 exactly, but
    4.49 / 2.99 = 1.5016… and 4.49 / 3.00 = 1.4966… (FACTS.md "Hospital risk score [I]")."""
    common = dict(inventory="0", other_current_assets="0", fixed_deposits="0")
    at = run(
        current_assets="4.50", cash_and_equivalents="4.50", current_liabilities="3.00", **common
    )
    above = run(
        current_assets="4.49", cash_and_equivalents="4.49", current_liabilities="2.99", **common
    )
    below = run(
        current_assets="4.49", cash_and_equivalents="4.49", current_liabilities="3.00", **common
    )
    assert at.flags["cr_below_1_5"] == 0 and at.cr == D("1.5")
    assert above.flags["cr_below_1_5"] == 0
    assert below.flags["cr_below_1_5"] == 1


@pytest.mark.parametrize(
    ("current_liabilities", "points"),
    [("3000.00", 0), ("3000.01", 1)],
)
def test_nwc_negative_is_strict(current_liabilities: str, points: int) -> None:
    """Seed flag 2.1 "ทุนหมุนเวียน (NWC) < 0": NWC exactly 0 does not fire, −0.01 does."""
    r = run(current_liabilities=current_liabilities)
    assert r.nwc == D(3000) - D(current_liabilities)
    assert r.flags["nwc_negative"] == points


@pytest.mark.parametrize(
    ("expenses", "points"),
    [("5000.00", 0), ("5000.01", 1)],
)
def test_ni_negative_is_strict(expenses: str, points: int) -> None:
    """Seed flag 2.2 "NI < 0", NI = รวมรายได้ − รวมค่าใช้จ่าย: NI exactly 0 does not fire,
    −0.01 does (and with NWC 2000 and a one-satang loss, capital lasts for ever: no survival
    points)."""
    r = run(expenses=expenses)
    assert r.ni == D(5000) - D(expenses)
    assert r.flags["ni_negative"] == points
    assert r.flags["months_below_6"] == r.flags["months_below_3"] == 0


# --- months until working capital runs out -------------------------------------------------


def survival(nwc: str, ni: str, quarter: int = 2) -> RiskResult:
    """A statement with the given NWC and NI; current assets are all cash, and at least 100
    (liabilities 100, or 100 − NWC when NWC < 0), so with NWC ≥ 250 no liquidity flag fires."""
    n = D(nwc)
    liabilities = D(100) if n >= 0 else D(100) - n
    assets = liabilities + n
    return run(
        quarter,
        current_assets=str(assets),
        current_liabilities=str(liabilities),
        inventory="0",
        other_current_assets="0",
        cash_and_equivalents=str(assets),
        fixed_deposits="0",
        revenue="10000.00",
        expenses=str(D(10000) - D(ni)),
    )


def test_months_left_under_3_weighs_double() -> None:
    """Seed flag 3.1 "NWC/ANI ระยะเวลาทุนหมุนเวียนหมด < 3 เดือน*" weighing double: quarter 2
    covers 6 months; NI −600 → ANI −100 a month; NWC 250 → 2.5 months → 2 points, and the
    "< 6" point is not added on top (FACTS.md: survival 0–2)."""
    r = survival("250.00", "-600.00")
    assert r.statement.months == 6
    assert r.ani == D(-100)
    assert r.months_left == D("2.5")
    assert (r.flags["months_below_6"], r.flags["months_below_3"]) == (0, 2)
    assert r.flags["ni_negative"] == 1
    assert r.score == 3


def test_months_left_exactly_3_is_the_lower_band() -> None:
    """Seed flags 3.1/3.2: exactly 3 months is not "< 3" but is "< 6" → 1 point."""
    r = survival("300.00", "-600.00")
    assert r.months_left == D(3)
    assert (r.flags["months_below_6"], r.flags["months_below_3"]) == (1, 0)


def test_months_left_a_hair_below_3() -> None:
    """Seed flag 3.1: NWC 299.99 against ANI −100 → 2.9999 months → 2 points."""
    r = survival("299.99", "-600.00")
    assert r.months_left == D("2.9999")
    assert (r.flags["months_below_6"], r.flags["months_below_3"]) == (0, 2)


def test_months_left_exactly_6_and_a_hair_below() -> None:
    """Seed flag 3.2 "< 6 เดือน": exactly 6 months gives nothing; 5.9999 months gives 1."""
    at = survival("600.00", "-600.00")
    below = survival("599.99", "-600.00")
    assert at.months_left == D(6)
    assert (at.flags["months_below_6"], at.flags["months_below_3"]) == (0, 0)
    assert (below.flags["months_below_6"], below.flags["months_below_3"]) == (1, 0)


def test_months_left_exact_when_ani_has_no_finite_decimal() -> None:
    """Seed flag 3.1 with quarter 3 (9 months): NI −100 → ANI −11.11…; NWC 33.33 is
    2.9997 months (fires), NWC 33.34 is 3.0006 months (does not) — the monthly average is
    not rounded before the comparison."""
    assert survival("33.33", "-100.00", quarter=3).flags["months_below_3"] == 2
    r = survival("33.34", "-100.00", quarter=3)
    assert (r.flags["months_below_6"], r.flags["months_below_3"]) == (1, 0)


def test_exactly_3_months_when_rounding_ani_first_would_fire() -> None:
    """Seed flag 3.1 "< 3 เดือน" is strict. Quarter 3, NI −90,000.06 → ANI −10,000.00666…;
    NWC 30,000.02 is exactly 3 months. Dividing by a 28-digit ANI would give
    2.999…9 and fire wrongly; the exact comparison gives 1 point ("< 6"), not 2."""
    r = survival("30000.02", "-90000.06", quarter=3)
    assert r.months_left == D(3)
    assert (r.flags["months_below_6"], r.flags["months_below_3"]) == (1, 0)


def test_no_loss_means_capital_not_running_out() -> None:
    """Seed flags 3.1/3.2 need a loss to run out: NI ≥ 0 → months None, no survival points,
    even with NWC < 0."""
    for ni in ("0.00", "600.00"):
        r = survival("-100.00", ni)
        assert r.months_left is None
        assert (r.flags["months_below_6"], r.flags["months_below_3"]) == (0, 0)
        assert r.flags["nwc_negative"] == 1


@pytest.mark.parametrize("nwc", ["0.00", "-500.00"])
def test_no_working_capital_with_a_loss_is_zero_months(nwc: str) -> None:
    """Seed flag 3.1: with NWC ≤ 0 and a loss, no capital is left: 0 months → 2 points."""
    r = survival(nwc, "-600.00")
    assert r.months_left == D(0)
    assert (r.flags["months_below_6"], r.flags["months_below_3"]) == (0, 2)


def test_months_follow_the_quarter() -> None:
    """Our reading of "ประเมินทุกสิ้นไตรมาส": income figures are fiscal-year-to-date, so
    quarter q covers 3q months; the same NI −1200 is ANI −400 in Q1 and −100 in Q4."""
    assert [stmt(q).months for q in (1, 2, 3, 4)] == [3, 6, 9, 12]
    assert survival("900.00", "-1200.00", quarter=1).ani == D(-400)
    assert survival("900.00", "-1200.00", quarter=4).ani == D(-100)
    q1 = survival("900.00", "-1200.00", quarter=1)  # 900 / 400 = 2.25 months
    q4 = survival("900.00", "-1200.00", quarter=4)  # 900 / 100 = 9 months
    assert (q1.months_left, q1.flags["months_below_3"]) == (D("2.25"), 2)
    assert (q4.months_left, q4.flags["months_below_6"], q4.flags["months_below_3"]) == (D(9), 0, 0)


# --- levels --------------------------------------------------------------------------------


def test_everything_fires_is_level_7() -> None:
    """Seed: all flags (3 liquidity + NWC < 0 + NI < 0 + "< 3 เดือน*" double) → level 7,
    "มีภาวะวิกฤตทางการเงินขั้นรุนแรง", on the watch list."""
    r = run(
        current_assets="900.00",
        inventory="400.00",
        other_current_assets="100.00",
        cash_and_equivalents="300.00",
        fixed_deposits="0",
        current_liabilities="1000.00",
        revenue="1000.00",
        expenses="2000.00",
    )
    assert fired(r) == {
        "cr_below_1_5": 1,
        "qr_below_1": 1,
        "cash_below_0_8": 1,
        "nwc_negative": 1,
        "ni_negative": 1,
        "months_below_3": 2,
    }
    assert r.months_left == D(0)
    assert (r.score, r.level) == (7, 7)
    assert r.meaning_th == "มีภาวะวิกฤตทางการเงินขั้นรุนแรง"
    assert r.watch


def test_liquidity_only_is_level_3() -> None:
    """Seed group 1 only (CR 1.2, QR 0.7, Cash 0.5; NWC 200 ≥ 0, NI 100 ≥ 0) → 3 points,
    level 3 "คาดว่าจะดีขึ้นภายหลัง 3 เดือน", not on the watch list (FACTS.md [I])."""
    r = run(
        current_assets="1200.00",
        inventory="300.00",
        other_current_assets="200.00",
        cash_and_equivalents="500.00",
        fixed_deposits="0",
    )
    assert (r.cr, r.qr, r.cash_ratio) == (D("1.2"), D("0.7"), D("0.5"))
    assert fired(r) == {"cr_below_1_5": 1, "qr_below_1": 1, "cash_below_0_8": 1}
    assert r.level == 3
    assert r.meaning_th == "คาดว่าจะดีขึ้นภายหลัง 3 เดือน"
    assert not r.watch


def test_level_6_is_watched() -> None:
    """Seed: "ระดับ 6 คาดว่าจะประสบปัญหาภายใน 3 เดือน" is on the watch list with level 7:
    liquidity 3 + NI < 0 + 2.5 months left (2 points) = 6."""
    r = run(
        current_assets="1250.00",
        inventory="400.00",
        other_current_assets="100.00",
        cash_and_equivalents="500.00",
        fixed_deposits="0",
        revenue="1000.00",
        expenses="1600.00",
    )
    assert r.months_left == D("2.5")
    assert r.level == 6 and r.watch
    assert r.meaning_en == "expected to run into trouble within 3 months"


def test_no_current_liabilities_no_liquidity_flag() -> None:
    """Seed flags 1.1–1.3 divide by current liabilities: with none, the ratios are None and
    nothing fires (no debt to meet)."""
    r = run(
        current_liabilities="0",
        current_assets="100.00",
        inventory="100.00",
        other_current_assets="0",
        cash_and_equivalents="0",
        fixed_deposits="0",
    )
    assert (r.cr, r.qr, r.cash_ratio) == (None, None, None)
    assert r.level == 0


def test_levels_table() -> None:
    """Seed: "ระดับ 0 – 1 ปกติ" … "ระดับ 7 มีภาวะวิกฤตทางการเงินขั้นรุนแรง"; watch list 6 and 7."""
    assert sorted(LEVELS) == list(range(8))
    assert LEVELS[0][0] == LEVELS[1][0] == "ปกติ"
    assert LEVELS[0][1] == LEVELS[1][1] == "normal"
    assert LEVELS[2][0] == "คาดว่าจะดีขึ้นภายใน 3 เดือน"
    assert LEVELS[3][0] == "คาดว่าจะดีขึ้นภายหลัง 3 เดือน"
    assert LEVELS[4][0] == "คาดว่าจะประสบปัญหาภายหลัง 6 เดือน"
    assert LEVELS[5][0] == "คาดว่าจะประสบปัญหาภายใน 6 เดือน"
    assert LEVELS[6][0] == "คาดว่าจะประสบปัญหาภายใน 3 เดือน"
    assert LEVELS[7][0] == "มีภาวะวิกฤตทางการเงินขั้นรุนแรง"
    assert WATCH_LEVELS == (6, 7)


# --- property: the score -------------------------------------------------------------------

satang = st.integers(min_value=0, max_value=10**9).map(lambda n: D(n) / 100)


@st.composite
def statements(draw: st.DrawFn) -> Statement:
    ca = draw(satang)
    inv = draw(st.integers(min_value=0, max_value=int(ca * 100)).map(lambda n: D(n) / 100))
    oca = draw(st.integers(min_value=0, max_value=int((ca - inv) * 100)).map(lambda n: D(n) / 100))
    cash = draw(st.integers(min_value=0, max_value=int(ca * 100)).map(lambda n: D(n) / 100))
    fd = draw(st.integers(min_value=0, max_value=int((ca - cash) * 100)).map(lambda n: D(n) / 100))
    return Statement(
        hospital="10670",
        fiscal_year=2565,
        quarter=draw(st.integers(min_value=1, max_value=4)),
        current_assets=ca,
        inventory=inv,
        other_current_assets=oca,
        cash_and_equivalents=cash,
        fixed_deposits=fd,
        current_liabilities=draw(satang),
        revenue=draw(satang),
        expenses=draw(satang),
        depreciation=draw(satang),
    )


@settings(max_examples=300, deadline=None)
@given(statements())
def test_score_properties(s: Statement) -> None:
    """FACTS.md "Hospital risk score [I]": score = sum of the flags, 0..7; liquidity 0–3,
    status 0–2, survival 0–2 (never both survival flags); no loss → no survival points; each
    flag agrees with the seed's strict comparison done in exact fractions."""
    r = assess(s)
    assert list(r.flags) == FLAG_KEYS
    assert 0 <= r.score <= 7 and r.level == r.score == sum(r.flags.values())
    assert (r.meaning_th, r.meaning_en) == LEVELS[r.level]
    assert r.watch == (r.level >= 6)
    survival_points = r.flags["months_below_6"] + r.flags["months_below_3"]
    assert survival_points in (0, 1, 2)
    assert r.flags["months_below_3"] in (0, 2) and r.flags["months_below_6"] in (0, 1)
    if r.ni >= 0:
        assert survival_points == 0 and r.months_left is None
    ca, cl = Fraction(s.current_assets), Fraction(s.current_liabilities)
    quick = ca - Fraction(s.inventory) - Fraction(s.other_current_assets)
    cash = Fraction(s.cash_and_equivalents) + Fraction(s.fixed_deposits)
    if cl:
        assert r.flags["cr_below_1_5"] == int(ca / cl < Fraction(3, 2))
        assert r.flags["qr_below_1"] == int(quick / cl < 1)
        assert r.flags["cash_below_0_8"] == int(cash / cl < Fraction(4, 5))
    else:
        assert r.flags["cr_below_1_5"] == r.flags["qr_below_1"] == r.flags["cash_below_0_8"] == 0
    ni = Fraction(s.revenue) - Fraction(s.expenses)
    nwc = ca - cl
    if ni < 0:
        months = max(nwc, Fraction(0)) / (-ni / s.months)
        assert r.flags["months_below_3"] == (2 if months < 3 else 0)
        assert r.flags["months_below_6"] == (1 if 3 <= months < 6 else 0)
    assert r.nwc == s.current_assets - s.current_liabilities
    assert r.ebitda == r.ni + s.depreciation


# --- reading the figures -------------------------------------------------------------------


def test_every_problem_at_once() -> None:
    """Seed section "การวิเคราะห์โรงพยาบาลที่ประสบภาวะวิกฤตทางการเงิน": every item is an amount of
    money; a missing figure, text, a negative liability and a fraction of a satang are all
    reported together, each under its field; no statement is made."""
    raw = healthy(current_liabilities="-1000.00", revenue="abc", expenses="4900.001")
    del raw["depreciation"]
    s, problems = parse_statement(raw, hospital="10670", fiscal_year=2565, quarter=2)
    assert s is None
    assert problems == [
        Problem("current_liabilities", "FIN_NEGATIVE", "-1000.00"),
        Problem("revenue", "FIN_NOT_A_NUMBER", "abc"),
        Problem("expenses", "FIN_PRECISION", "4900.001"),
        Problem("depreciation", "FIN_VALUE_REQUIRED", ""),
    ]
    assert all(p.code in TEXTS and p.field in FIELD_NAMES for p in problems)
    assert message(problems[1], "en") == "Not an amount of money: abc"
    assert message(problems[1]) == "ไม่ใช่ตัวเลขจำนวนเงิน: abc"


@pytest.mark.parametrize(
    ("value", "code"),
    [
        (None, "FIN_VALUE_REQUIRED"),
        ("", "FIN_VALUE_REQUIRED"),
        ("   ", "FIN_VALUE_REQUIRED"),
        ("abc", "FIN_NOT_A_NUMBER"),
        ("1,2,3", "FIN_NOT_A_NUMBER"),
        ("12,34.00", "FIN_NOT_A_NUMBER"),
        ("1e3", "FIN_NOT_A_NUMBER"),
        ("NaN", "FIN_NOT_A_NUMBER"),
        ("Infinity", "FIN_NOT_A_NUMBER"),
        (float("nan"), "FIN_NOT_A_NUMBER"),
        (float("inf"), "FIN_NOT_A_NUMBER"),
        (D("NaN"), "FIN_NOT_A_NUMBER"),
        (True, "FIN_NOT_A_NUMBER"),
        ("1.234", "FIN_PRECISION"),
        (0.1 + 0.2, "FIN_PRECISION"),
        ("-0.01", "FIN_NEGATIVE"),
        (-5, "FIN_NEGATIVE"),
        ("(1,000.00)", "FIN_NEGATIVE"),
    ],
)
def test_refused_values(value: object, code: str) -> None:
    """Amounts to the satang, never negative, never NaN or infinite (seed section
    "การวิเคราะห์โรงพยาบาลที่ประสบภาวะวิกฤตทางการเงิน": all nine items are amounts of money)."""
    _, problems = parse_statement(
        healthy(depreciation=value), hospital="10670", fiscal_year=2565, quarter=2
    )
    assert [(p.field, p.code) for p in problems] == [("depreciation", code)]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (1234.5, D("1234.5")),
        (0.1, D("0.10")),
        ("1,234.50", D("1234.50")),
        ("1,234,567.89", D("1234567.89")),
        (" 1234 ", D(1234)),
        (1234, D(1234)),
        (D("12.3400"), D("12.34")),
        ("-0", D(0)),
    ],
)
def test_accepted_values(value: object, expected: Decimal) -> None:
    """Spreadsheet floats are read through their shortest text, exactly what the cell shows;
    thousands separators in threes are accepted."""
    s, problems = parse_statement(
        healthy(depreciation=value), hospital="10670", fiscal_year=2565, quarter=2
    )
    assert problems == [] and s is not None
    assert isinstance(s.depreciation, Decimal)
    assert s.depreciation == expected


def test_float_read_exactly() -> None:
    """A spreadsheet's 1234.5 is Decimal("1234.5"), not the binary float's long expansion."""
    s, _ = parse_statement(
        healthy(current_assets=3000.0, depreciation=1234.5),
        hospital="10670",
        fiscal_year=2565,
        quarter=2,
    )
    assert s is not None
    assert s.depreciation == D("1234.5") and str(s.depreciation) == "1234.5"


def test_parts_over_total_refused() -> None:
    """QR and the cash ratio take parts out of current assets (seed): inventory + other
    current assets, and cash + fixed deposits, may equal but not exceed current assets."""
    ok, problems = parse_q2(
        inventory="2000.00",
        other_current_assets="1000.00",
        cash_and_equivalents="2999.99",
        fixed_deposits="0.01",
    )
    assert problems == [] and ok is not None
    s, problems = parse_q2(
        inventory="2000.00",
        other_current_assets="1000.01",
        cash_and_equivalents="3000.00",
        fixed_deposits="0.01",
    )
    assert s is None
    assert problems == [
        Problem("inventory", "FIN_PARTS_OVER_TOTAL", "3,000.01 > 3,000.00"),
        Problem("cash_and_equivalents", "FIN_PARTS_OVER_TOTAL", "3,000.01 > 3,000.00"),
    ]


@pytest.mark.parametrize("quarter", [0, 5, -1])
def test_quarter_refused(quarter: int) -> None:
    """Seed: "ประเมินทุกสิ้นไตรมาส" — a fiscal year has quarters 1 to 4."""
    s, problems = parse_statement(healthy(), hospital="10670", fiscal_year=2565, quarter=quarter)
    assert s is None
    assert problems == [Problem("quarter", "FIN_QUARTER", str(quarter))]
    with pytest.raises(ValueError):
        Statement("10670", 2565, quarter, *(D(0),) * len(FIELDS))


def test_christian_era_year_and_blank_hospital_refused() -> None:
    """The fiscal year is Buddhist Era (DOMAIN.md; FY 2565): 2022 is refused, not read."""
    s, problems = parse_statement(healthy(), hospital=" ", fiscal_year=2022, quarter=1)
    assert s is None
    assert problems == [
        Problem("hospital", "FIN_VALUE_REQUIRED", ""),
        Problem("fiscal_year", "FIN_FISCAL_YEAR", "2022"),
    ]


def test_extra_keys_ignored_and_catalogue_complete() -> None:
    """A spreadsheet row may carry other columns; every field and code has both languages."""
    s, problems = parse_statement(
        healthy(name="โรงพยาบาลขอนแก่น"), hospital="10670", fiscal_year=2565, quarter=2
    )
    assert problems == [] and s is not None
    assert set(FIELDS) <= set(FIELD_NAMES)
    assert FIELD_NAMES["current_assets"] == ("สินทรัพย์หมุนเวียน", "current assets")
    for th, en in (*TEXTS.values(), *FIELD_NAMES.values(), *LEVELS.values()):
        assert th and en
    assert all(code.startswith("FIN_") for code in TEXTS)


# --- many hospitals ------------------------------------------------------------------------


def test_assess_many_one_bad_hospital_does_not_stop_the_others() -> None:
    """The ministry scores every hospital each quarter (seed): a bad row is reported under
    its code, the rest are assessed in the order given."""
    rows = [
        ("10670", healthy()),
        ("10671", healthy(revenue="abc")),
        (
            "10672",
            healthy(
                current_assets="1200.00",
                inventory="300.00",
                other_current_assets="200.00",
                cash_and_equivalents="500.00",
                fixed_deposits="0",
            ),
        ),
    ]
    results, problems = assess_many(rows, fiscal_year=2565, quarter=2)
    assert [(r.statement.hospital, r.level) for r in results] == [("10670", 0), ("10672", 3)]
    assert problems == {"10671": [Problem("revenue", "FIN_NOT_A_NUMBER", "abc")]}
    assert all(r.statement.fiscal_year == 2565 and r.statement.quarter == 2 for r in results)


def test_assess_many_duplicates_reported() -> None:
    """A hospital given twice: FIN_DUPLICATE for the second and later rows, and the hospital
    is not assessed from either row (which figures are right is for a person to say)."""
    rows = [
        ("10670", healthy()),
        ("10671", healthy()),
        ("10670", healthy(expenses="9000.00")),
        ("10670", healthy()),
    ]
    results, problems = assess_many(rows, fiscal_year=2565, quarter=2)
    assert [r.statement.hospital for r in results] == ["10671"]
    assert problems == {
        "10670": [
            Problem("hospital", "FIN_DUPLICATE", "10670"),
            Problem("hospital", "FIN_DUPLICATE", "10670"),
        ]
    }
