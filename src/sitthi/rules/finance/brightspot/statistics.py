"""Bright Spot: submissions and the exact statistics of a prize group."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Context, Decimal
from fractions import Fraction

from sitthi.rules.finance.brightspot.codes import ScoreInputError
from sitthi.rules.finance.brightspot.criteria import Criteria

_CTX = Context(prec=28)  # display figures of the group statistics: 28 significant digits

# -- submissions and group statistics ------------------------------------------------------


@dataclass(frozen=True)
class Submission:
    """A hospital's figures: ``values`` maps each input of ``Criteria.inputs()`` to a bool
    (committee findings) or an exact Decimal."""

    hospital: str
    province: str
    level: str
    values: Mapping[str, Decimal | bool]


def missing_inputs(sub: Submission, criteria: Criteria) -> list[str]:
    """The inputs the submission does not give (None counts as not given), in criteria order."""
    return [name for name, _ in criteria.inputs() if sub.values.get(name) is None]


def _to_decimal(x: Fraction) -> Decimal:
    """A fraction as a Decimal of 28 significant digits (exact when it terminates there)."""
    return _CTX.divide(Decimal(x.numerator), Decimal(x.denominator))


@dataclass(frozen=True)
class Stats:
    """A prize group's figures for one input: ``n`` hospitals, the mean, the sample standard
    deviation (n - 1, as Excel's STDEV; 0 for one hospital), mean + 1 SD and the median, as
    Decimals of 28 significant digits. ``values`` (sorted) keeps the figures they come from;
    comparisons are made exactly from them."""

    n: int
    mean: Decimal
    sd: Decimal
    mean_plus_sd: Decimal
    median: Decimal
    values: tuple[Decimal, ...] = ()

    @classmethod
    def of(cls, values: Iterable[Decimal]) -> Stats:
        vs = tuple(sorted(values))
        if not vs:
            raise ValueError("no figures: the statistics of an empty group are undefined")
        n = len(vs)
        mean = _fraction_mean(vs)
        var = _fraction_variance(vs, mean)
        # sqrt(p/q) = sqrt(p*q)/q, taken at 60 digits then rounded to 28: exact for squares
        wide = Context(prec=60)
        sd = _CTX.plus(
            wide.divide(wide.sqrt(Decimal(var.numerator * var.denominator)), var.denominator)
        )
        mean_d = _to_decimal(mean)
        return cls(
            n=n,
            mean=mean_d,
            sd=sd,
            mean_plus_sd=_CTX.add(mean_d, sd),
            median=_to_decimal(_fraction_median(vs)),
            values=vs,
        )

    def exact_mean(self) -> Fraction:
        return _fraction_mean(self.values) if self.values else Fraction(self.mean)

    def exact_variance(self) -> Fraction:
        if self.values:
            return _fraction_variance(self.values, self.exact_mean())
        return Fraction(self.sd) ** 2

    def exact_median(self) -> Fraction:
        return _fraction_median(self.values) if self.values else Fraction(self.median)

    def at_most_mean_plus_sd(self, value: Decimal) -> bool:
        """value <= mean + 1 SD, exactly: (value - mean)^2 <= variance when above the mean."""
        d = Fraction(value) - self.exact_mean()
        return d <= 0 or d * d <= self.exact_variance()


def _fraction_mean(vs: Sequence[Decimal]) -> Fraction:
    return sum((Fraction(v) for v in vs), Fraction(0)) / len(vs)


def _fraction_variance(vs: Sequence[Decimal], mean: Fraction) -> Fraction:
    if len(vs) < 2:
        return Fraction(0)
    return sum(((Fraction(v) - mean) ** 2 for v in vs), Fraction(0)) / (len(vs) - 1)


def _fraction_median(vs: Sequence[Decimal]) -> Fraction:
    s = sorted(vs)
    mid = len(s) // 2
    return Fraction(s[mid]) if len(s) % 2 else (Fraction(s[mid - 1]) + Fraction(s[mid])) / 2


def _number(sub: Submission, name: str) -> Decimal:
    v = sub.values.get(name)
    if v is None:
        raise ScoreInputError("BRIGHT_INPUT_MISSING", f"hospital={sub.hospital}, input={name}")
    if isinstance(v, bool) or not isinstance(v, Decimal | int):
        raise ScoreInputError(
            "BRIGHT_INPUT_TYPE", f"hospital={sub.hospital}, input={name}, value={v!r}"
        )
    d = Decimal(v)
    if not d.is_finite():
        raise ScoreInputError(
            "BRIGHT_INPUT_TYPE", f"hospital={sub.hospital}, input={name}, value={v!r}"
        )
    return d


def _flag(sub: Submission, name: str) -> bool:
    v = sub.values.get(name)
    if v is None:
        raise ScoreInputError("BRIGHT_INPUT_MISSING", f"hospital={sub.hospital}, input={name}")
    if not isinstance(v, bool):
        raise ScoreInputError(
            "BRIGHT_INPUT_TYPE", f"hospital={sub.hospital}, input={name}, value={v!r}"
        )
    return v


def group_statistics(
    submissions: Iterable[Submission], criteria: Criteria
) -> dict[str, dict[str, Stats]]:
    """prize group -> input -> Stats, for the inputs read by a group rule (unit costs, LC/MC,
    Sum of AdjRW, operating margin, ROA), from the hospitals of that prize group only.

    Lines 87 "ไม่เกินค่ากลางกลุ่มโรงพยาบาล", 103, 107-108 "ค่ากลางกลุ่ม รพ.": the group is the
    prize group (M2; F1-F2; F3; A/S/M1) of the submissions given, which the caller takes from one
    region and fiscal year. A hospital that does not give a figure is left out of that figure's
    statistics; the same hospital twice is a ValueError.
    """
    names = [ind.params["input"] for ind in criteria.indicators if ind.uses_group]
    figures: dict[str, dict[str, list[Decimal]]] = {}
    seen: set[str] = set()
    for sub in submissions:
        if sub.hospital in seen:
            raise ScoreInputError("BRIGHT_DUPLICATE", f"hospital={sub.hospital}")
        seen.add(sub.hospital)
        pg = criteria.group_of(sub.level)
        for name in names:
            if sub.values.get(name) is not None:
                figures.setdefault(pg.code, {}).setdefault(name, []).append(_number(sub, name))
    return {
        code: {name: Stats.of(vs) for name, vs in by_input.items()}
        for code, by_input in figures.items()
    }
