"""Text and display figures shared by the allocation methods: baht and ten-thousandths as text
inside polars expressions, a rate per person rounded for display, an exact fraction as a
Decimal. Display only: ``money`` holds the one rounding rule for amounts."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction

import polars as pl


def baht_text(e: pl.Expr) -> pl.Expr:
    """Non-negative satang as baht text, 1234.56."""
    return pl.format("{}.{}", e // 100, (e % 100).cast(pl.Utf8).str.zfill(2))


def e4_text(e: pl.Expr) -> pl.Expr:
    """Non-negative ten-thousandths as text, 12.3456."""
    return pl.format("{}.{}", e // 10_000, (e % 10_000).cast(pl.Utf8).str.zfill(4))


def display_rate(satang: int | Fraction, persons: int, places: str = "0.0001") -> Decimal:
    """Baht per person as a Decimal rounded for display."""
    if persons == 0:
        return Decimal(0)
    with localcontext() as ctx:
        ctx.prec = 40
        value = Decimal(Fraction(satang).numerator) / Decimal(Fraction(satang).denominator)
        return (value / persons / 100).quantize(Decimal(places), ROUND_HALF_UP)


def exact_decimal(x: Fraction) -> Decimal:
    with localcontext() as ctx:
        ctx.prec = 40
        return Decimal(x.numerator) / Decimal(x.denominator)
