"""Money, exact: integer satang (1 baht = 100 satang) and Decimal baht with two places.

Every conversion that could lose a fraction of a satang says how at the call:
``to_satang(x, rounding=EXACT)`` refuses a finer amount (a figure of the law or a file must
already be in satang), ``to_satang(x, rounding=HALF_UP)`` rounds half away from zero (what a
cashier does with a computed amount). There is no default, so nobody rounds by accident.
"""

from __future__ import annotations

from decimal import ROUND_DOWN, ROUND_FLOOR, ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal

SATANG_PER_BAHT = 100
SATANG = Decimal("0.01")

#: Refuse anything finer than a satang.
EXACT = "exact"
HALF_UP = ROUND_HALF_UP
HALF_EVEN = ROUND_HALF_EVEN
DOWN = ROUND_DOWN
FLOOR = ROUND_FLOOR
#: Digits an amount may have before the point: 10^18 baht is beyond any budget of the law.
MAX_WHOLE_DIGITS = 18
_ROUNDINGS = (EXACT, HALF_UP, HALF_EVEN, DOWN, FLOOR)


class FinerThanSatang(ValueError):
    """An amount with a fraction of a satang where ``rounding=EXACT`` was asked for."""


def to_satang(baht: Decimal | int | str, *, rounding: str) -> int:
    """Baht to integer satang, rounded as ``rounding`` says (``EXACT`` refuses)."""
    if rounding not in _ROUNDINGS:
        raise ValueError(f"unknown rounding {rounding!r}; use one of {_ROUNDINGS}")
    amount = Decimal(baht)
    # Bounded before the multiplication and the rounding (int() of 1e300000 takes seconds).
    if not amount.is_finite() or amount.adjusted() >= MAX_WHOLE_DIGITS:
        raise ValueError(f"{str(baht)[:40]!r} is not an amount")
    value = amount * SATANG_PER_BAHT
    whole = value.to_integral_value(ROUND_HALF_UP if rounding == EXACT else rounding)
    if rounding == EXACT and whole != value:
        raise FinerThanSatang(f"{baht} baht is finer than a satang")
    return int(whole)


def baht(satang: int) -> Decimal:
    """Integer satang as Decimal baht with two places: 123456 -> Decimal("1234.56")."""
    return (Decimal(satang) / SATANG_PER_BAHT).quantize(SATANG)


def baht_or_none(satang: int | None) -> Decimal | None:
    return None if satang is None else baht(satang)


def amount_text(value: Decimal | None) -> str | None:
    """Decimal baht as the API writes it: two places, no separators ("1234.50"); None stays
    None."""
    return None if value is None else f"{value:.2f}"


def baht_text(satang: int) -> str:
    """Integer satang as text with thousands separators: 12345678 -> "123,456.78"."""
    sign = "-" if satang < 0 else ""
    whole, part = divmod(abs(satang), SATANG_PER_BAHT)
    return f"{sign}{whole:,}.{part:02d}"
