"""The one rule that splits an amount of integer satang (the conversions between baht and
satang are the kernel's: ``sitthi.rules.kernel.money``, rounding said at each call).

Which unit gets a rounding satang, and why
------------------------------------------
Every amount that is shared out (a line among regions, a province's pot among its units, a
reserve among the units it was taken from) is split by the *largest remainder* (Hamilton)
rule, in integer satang:

1. each part first gets ``floor(total × weight / total weight)`` satang — never more than
   its exact share;
2. the satang left over (fewer than the number of parts) go **one each** to the parts whose
   exact share lost the largest fraction of a satang in step 1 — the parts closest to
   deserving one more;
3. equal fractions are broken by the part's code in ascending order (unit code ``10001``
   before ``10002``): a fixed, published order, so the same inputs always give the same
   satang to the same unit, whatever order the rows came in.

So the parts add up to the total exactly, every part is within one satang of its exact
share, a part with weight 0 gets nothing, and a unit's rounding satang is shown beside it
(the ``rounding`` column: 1 when it received one, else 0).

The same rule has two implementations: ``apportion`` in plain Python over exact integers or
``Fraction`` weights (used for the handful of provinces and pools, whose exact shares are
rationals), and ``split_satang`` over a Polars frame (used for units, with integer weights and
128-bit products so nothing overflows). A property test holds them equal.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction

import polars as pl

from sitthi.rules.kernel import money as _money
from sitthi.rules.kernel.money import baht

__all__ = ["apportion", "baht", "split_satang", "to_satang"]


def to_satang(baht: Decimal | int) -> int:
    """``sitthi.rules.kernel.money.to_satang(baht, rounding=EXACT)``: a figure of the year's
    configuration is already in satang, a finer one is refused, never rounded. Kept under this
    name for the configuration reader; the rules call the kernel's with the rounding said."""
    return _money.to_satang(baht, rounding=_money.EXACT)


def apportion(
    total: int, weights: Sequence[int | Fraction | Decimal], keys: Sequence[str]
) -> list[tuple[int, int]]:
    """Split ``total`` satang by ``weights`` (largest remainder, ties by key ascending).

    Returns ``(amount, rounding)`` per part in the given order; ``rounding`` is 1 for a part
    that received a leftover satang. Weights are non-negative integers, fractions or decimals; if they
    add up to 0 the total must be 0.
    """
    if len(weights) != len(keys):
        raise ValueError("one key per weight")
    weights = [Fraction(w) for w in weights]
    if total < 0 or any(w < 0 for w in weights):
        raise ValueError("a negative amount or weight cannot be apportioned")
    whole = sum(weights, Fraction(0))
    if whole == 0:
        if total:
            raise ValueError("an amount cannot be split over zero weights")
        return [(0, 0)] * len(weights)
    exact = [Fraction(total) * w / whole for w in weights]
    floors = [int(e.numerator // e.denominator) for e in exact]
    left = total - sum(floors)
    order = sorted(range(len(keys)), key=lambda i: (-(exact[i] - floors[i]), keys[i]))
    extra = set(order[:left])
    return [(floors[i] + (i in extra), int(i in extra)) for i in range(len(keys))]


def split_satang(
    frame: pl.DataFrame,
    *,
    total: str,
    weight: str,
    key: str,
    by: Sequence[str] = (),
    out: str = "amount",
) -> pl.DataFrame:
    """Add ``out`` (Int64 satang) and ``rounding`` (0/1) to ``frame``: in each group ``by``,
    the group's ``total`` (a column, equal on every row of the group) split by ``weight``
    under the largest-remainder rule above. Row order is kept.

    ``weight`` and ``total`` must be non-negative integers; a group whose weights add up to 0
    must have a total of 0 (callers choose a fallback basis first and say so).
    """
    group = list(by)
    if frame.height == 0:
        return frame.with_columns(
            pl.lit(0, pl.Int64).alias(out), pl.lit(0, pl.Int64).alias("rounding")
        )

    def over(e: pl.Expr) -> pl.Expr:
        return e.over(group) if group else e

    work = frame.with_row_index("_row").with_columns(
        pl.col(weight).cast(pl.Int128).alias("_w"), pl.col(total).cast(pl.Int128).alias("_t")
    )
    if work.select(((pl.col("_w") < 0) | (pl.col("_t") < 0)).any()).item():
        raise ValueError("a negative amount or weight cannot be split")
    work = work.with_columns(over(pl.col("_w").sum()).alias("_W"))
    if work.select(((pl.col("_W") == 0) & (pl.col("_t") != 0)).any()).item():
        raise ValueError("an amount cannot be split over zero weights")
    work = (
        work.with_columns((pl.col("_t") * pl.col("_w")).alias("_n"))
        .with_columns(
            pl.when(pl.col("_W") > 0).then(pl.col("_n") // pl.col("_W")).otherwise(0).alias("_f"),
            pl.when(pl.col("_W") > 0).then(pl.col("_n") % pl.col("_W")).otherwise(0).alias("_r"),
        )
        .with_columns((pl.col("_t") - over(pl.col("_f").sum())).alias("_left"))
        .sort([*group, "_r", key], descending=[*(False for _ in group), True, False])
        .with_columns(over(pl.int_range(pl.len())).alias("_rank"))
        .with_columns((pl.col("_rank") < pl.col("_left")).cast(pl.Int64).alias("rounding"))
        .with_columns((pl.col("_f").cast(pl.Int64) + pl.col("rounding")).alias(out))
        .sort("_row")
    )
    return work.drop("_row", "_w", "_t", "_W", "_n", "_f", "_r", "_left", "_rank")
