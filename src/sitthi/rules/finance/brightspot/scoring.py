"""Bright Spot: a hospital's points, indicator by indicator."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any

from sitthi.rules.finance.brightspot.codes import ScoreInputError
from sitthi.rules.finance.brightspot.criteria import Criteria, Indicator
from sitthi.rules.finance.brightspot.statistics import (
    Stats,
    Submission,
    _flag,
    _number,
    _to_decimal,
    group_statistics,
    missing_inputs,
)

# -- scoring -------------------------------------------------------------------------------


@dataclass(frozen=True)
class IndicatorScore:
    """One indicator's result: ``points`` earned (the indicator's points or 0) and why, with
    the figures compared."""

    code: str
    points: Decimal
    earned: bool
    reason_th: str
    reason_en: str


@dataclass(frozen=True)
class Score:
    """A hospital's points: per indicator, per group (``subtotals``) and in all."""

    hospital: str
    province: str
    level: str
    group: str
    by_indicator: tuple[IndicatorScore, ...]
    subtotals: dict[str, Decimal]
    total: Decimal


def _round(x: Decimal | Fraction, places: int) -> Decimal:
    d = x if isinstance(x, Decimal) else _to_decimal(x)
    return d.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def _show(x: Decimal | Fraction, places: int = 2) -> str:
    """A figure for a reason: a Decimal (a given figure) as written, with thousands
    separators; a computed fraction to ``places`` decimals, marked ≈ when rounded."""
    if isinstance(x, Decimal):
        return f"{x:,f}"
    q = _round(x, places)
    return f"{q:,f}" if Fraction(q) == x else f"≈{q:,f}"


def _pair(value: Decimal | Fraction, against: Decimal | Fraction) -> tuple[str, str]:
    """Both figures, with enough decimals that unequal ones do not look equal."""
    places = 2
    if Fraction(value) != Fraction(against):
        for places in (2, 4, 6, 10):
            if _round(value, places) != _round(against, places):
                break
    return _show(value, places), _show(against, places)


def _signed(shown: str) -> str:
    """A change shown with its sign: +5.00, -1.25, ≈+4.99."""
    if shown.startswith("≈"):
        return "≈" + _signed(shown[1:])
    return shown if shown.startswith("-") else f"+{shown}"


def _growth(value: Decimal, previous: Decimal, percent: Decimal) -> tuple[bool | None, str]:
    """Is the rise on ``previous`` at least ``percent`` %? None when ``previous`` is not above
    zero (no rise can be computed); the second item is the rise as shown."""
    if previous <= 0:
        return None, ""
    rise = (Fraction(value) - Fraction(previous)) / Fraction(previous) * 100
    shown, _ = _pair(rise, percent)
    return rise >= percent, _signed(shown)


def _evaluate(
    ind: Indicator, sub: Submission, stats: Mapping[str, Stats] | None, criteria: Criteria
) -> tuple[bool, str, str]:
    """(earned, reason_th, reason_en) of one indicator."""
    p = ind.params
    rule = ind.rule
    if rule == "committee":
        if _flag(sub, p["input"]):
            return True, "คณะกรรมการพิจารณาว่าผ่าน", "judged met by the committee"
        return False, "คณะกรรมการพิจารณาว่าไม่ผ่าน", "judged not met by the committee"

    if rule in ("change_at_least", "change_at_most"):
        actual, plan = _number(sub, p["input_actual"]), _number(sub, p["input_plan"])
        pct = p["percent"]
        (a_th, a_en), (p_th, p_en) = (
            criteria.label(p["input_actual"]),
            criteria.label(p["input_plan"]),
        )
        figures_th = f"{a_th} {_show(actual)} เทียบกับ {p_th} {_show(plan)}"
        figures_en = f"{a_en} {_show(actual)} against {p_en} {_show(plan)}"
        if plan <= 0:
            why = "แผนต้องมากกว่า 0 จึงคำนวณร้อยละได้", "the plan must be above 0 for a percentage"
            return False, f"{figures_th}: {why[0]}", f"{figures_en}: {why[1]}"
        change = (Fraction(actual) - Fraction(plan)) / Fraction(plan) * 100
        shown, limit = _pair(change, pct)
        shown, limit = _signed(shown), _signed(limit)
        if rule == "change_at_least":
            ok = change >= pct
            sign = "≥" if ok else "<"
        else:
            ok = change <= pct
            sign = "≤" if ok else ">"
        text = f"{shown} % {sign} {limit} %"
        return ok, f"{figures_th}: {text}", f"{figures_en}: {text}"

    value = _number(sub, p["input"])
    l_th, l_en = criteria.label(p["input"])

    if rule == "at_least":
        ok = value >= p["threshold"]
        sign = "≥" if ok else "<"
        return (
            ok,
            f"{l_th} {_show(value)} {sign} {p['threshold']}",
            f"{l_en} {_show(value)} {sign} {p['threshold']}",
        )

    if rule == "positive_and_up":
        prev = _number(sub, p["previous"])
        pv_th, pv_en = criteria.label(p["previous"])
        if value <= 0:
            return (
                False,
                f"{l_th} {_show(value)} ไม่เป็นบวก",
                f"{l_en} {_show(value)} is not positive",
            )
        if value > prev:
            return (
                True,
                f"{l_th} {_show(value)} > 0 และเพิ่มขึ้นจาก {pv_th} {_show(prev)}",
                f"{l_en} {_show(value)} > 0 and up on {pv_en} {_show(prev)}",
            )
        return (
            False,
            f"{l_th} {_show(value)} > 0 แต่ไม่เพิ่มขึ้นจาก {pv_th} {_show(prev)}",
            f"{l_en} {_show(value)} > 0 but not up on {pv_en} {_show(prev)}",
        )

    if rule == "at_least_or_up":
        threshold, pct = p["threshold"], p["percent"]
        if value >= threshold:
            return (
                True,
                f"{l_th} {_show(value)} ≥ {threshold}",
                f"{l_en} {_show(value)} ≥ {threshold}",
            )
        head_th, head_en = (
            f"{l_th} {_show(value)} < {threshold}",
            f"{l_en} {_show(value)} < {threshold}",
        )
        return _or_up(sub, p, criteria, value, pct, head_th, head_en)

    # the group rules
    if stats is None or p["input"] not in stats:
        raise ScoreInputError(
            "BRIGHT_NO_STATISTICS", f"hospital={sub.hospital}, input={p['input']}"
        )
    st = stats[p["input"]]
    n = f"(n = {st.n})"
    if rule == "at_most_group_mean_plus_sd":
        ok = st.at_most_mean_plus_sd(value)
        v, s = _pair(value, Fraction(st.mean_plus_sd))  # exact when it terminates
        sign = "≤" if ok else ">"
        return (
            ok,
            f"{l_th} {v} {sign} ค่าเฉลี่ย+1SD ของกลุ่ม {s} {n}",
            f"{l_en} {v} {sign} mean+1SD {s} {n}",
        )
    if rule == "at_most_group_mean":
        mean = st.exact_mean()
        ok = Fraction(value) <= mean
        v, s = _pair(value, mean)
        sign = "≤" if ok else ">"
        return ok, f"{l_th} {v} {sign} ค่าเฉลี่ยของกลุ่ม {s} {n}", f"{l_en} {v} {sign} mean {s} {n}"
    median = st.exact_median()
    above = Fraction(value) > median
    v, s = _pair(value, median)
    sign = ">" if above else "≤"
    head_th = f"{l_th} {v} {sign} ค่ามัธยฐานของกลุ่ม {s} {n}"
    head_en = f"{l_en} {v} {sign} median {s} {n}"
    if rule == "above_group_median" or above:
        return above, head_th, head_en
    return _or_up(sub, p, criteria, value, p["percent"], head_th, head_en)


def _or_up(
    sub: Submission,
    p: Mapping[str, Any],
    criteria: Criteria,
    value: Decimal,
    pct: Decimal,
    head_th: str,
    head_en: str,
) -> tuple[bool, str, str]:
    """The "or up by pct %" branch (lines 102-103) after the level test failed."""
    prev = _number(sub, p["previous"])
    pv_th, pv_en = criteria.label(p["previous"])
    ok, rise = _growth(value, prev, pct)
    if ok is None:
        return (
            False,
            f"{head_th} และคำนวณการเพิ่มขึ้นไม่ได้ ({pv_th} {_show(prev)} ไม่มากกว่า 0)",
            f"{head_en}, and no rise can be computed ({pv_en} {_show(prev)} is not above 0)",
        )
    if ok:
        return (
            True,
            f"{head_th} แต่เพิ่มขึ้น {rise} % ≥ {pct} % ({pv_th} {_show(prev)})",
            f"{head_en} but up {rise} % ≥ {pct} % ({pv_en} {_show(prev)})",
        )
    return (
        False,
        f"{head_th} และเพิ่มขึ้น {rise} % < {pct} % ({pv_th} {_show(prev)})",
        f"{head_en} and up {rise} % < {pct} % ({pv_en} {_show(prev)})",
    )


def score(sub: Submission, stats: Mapping[str, Mapping[str, Stats]], criteria: Criteria) -> Score:
    """The hospital's points, each indicator all or nothing (lines 63-64: the total is the sum
    of the three groups). ``stats`` is ``group_statistics`` of the hospital's region and year.

    A missing figure, an unknown one, a float or a non-bool committee finding is a
    ``ScoreInputError`` (a ValueError): nothing is scored on a guess.
    """
    pg = criteria.group_of(sub.level)
    known = {name for name, _ in criteria.inputs()}
    unknown = sorted(str(k) for k in sub.values if k not in known)
    if unknown:
        raise ScoreInputError(
            "BRIGHT_INPUT_UNKNOWN", f"hospital={sub.hospital}, inputs={', '.join(unknown)}"
        )
    missing = missing_inputs(sub, criteria)
    if missing:
        raise ScoreInputError(
            "BRIGHT_INPUT_MISSING", f"hospital={sub.hospital}, inputs={', '.join(missing)}"
        )
    results = []
    subtotals = {code: Decimal(0) for code in criteria.groups}
    for ind in criteria.indicators:
        ok, th, en = _evaluate(ind, sub, stats.get(pg.code), criteria)
        points = ind.points if ok else Decimal(0)
        subtotals[ind.group] += points
        results.append(IndicatorScore(ind.code, points, ok, th, en))
    return Score(
        hospital=sub.hospital,
        province=sub.province,
        level=sub.level,
        group=pg.code,
        by_indicator=tuple(results),
        subtotals=subtotals,
        total=sum(subtotals.values(), Decimal(0)),
    )


def score_all(submissions: Sequence[Submission], criteria: Criteria) -> list[Score]:
    """Every submission scored against the statistics of the same submissions."""
    stats = group_statistics(submissions, criteria)
    return [score(sub, stats, criteria) for sub in submissions]
