"""The one parser of a number from outside (a form, an API body, a file's cell): bounded by
its text before any Decimal arithmetic.

ARCHITECTURE.md, "Conventions": a number from outside is bounded (digits, exponent, range)
before any arithmetic; a value out of bounds is a coded error, never a 500 or a slow request.
``Decimal("1e300000")`` is cheap, but what follows is not (``int()`` of it, a quantize, a
multiplication by a rate), so the text is judged first:

- at most ``MAX_TEXT`` characters; thousands separators (``1,250.50``) and surrounding spaces
  are allowed; an optional sign, ASCII digits and at most one decimal point — nothing else:
  no exponent (``1e5``), no ``NaN``/``Infinity``, no hexadecimal (``0x10``), no Thai digits,
  no underscores. Anything else is NUMBER_INVALID;
- more decimals than ``places`` is NUMBER_INVALID (a figure must already be as fine as its
  field, e.g. satang);
- more whole digits than ``max_digits - places``, or a value below ``minimum`` or above
  ``maximum``, is NUMBER_OUT_OF_RANGE, whose message names the bounds.

A value that is already a number (an ``int`` or ``float`` a JSON body carries, a ``Decimal``
from a validated schema, a spreadsheet cell) is judged by the same rules: a float by its
shortest text, an int by its size without turning it into text first, a Decimal by its digits
and exponent. ``bool`` is not a number here.

Errors are ``NumberError`` (a ``ValueError`` with ``code``, ``field`` and message
``params``); a service turns it into its coded error (``sitthi.core.numbers``), a reader
files it as a problem.
"""

from __future__ import annotations

import re
from decimal import Decimal

# NUMBER_INVALID and NUMBER_OUT_OF_RANGE are cell codes, declared together with the table
# reader's (importing them here makes sure they are declared wherever numbers are parsed).
from sitthi.rules.kernel.tables import CELL_CODES

CODES = ("NUMBER_INVALID", "NUMBER_OUT_OF_RANGE")
assert all(c in CELL_CODES for c in CODES)

#: The longest text read as a number (a 14-digit amount with separators and sign is 20).
MAX_TEXT = 40
_PLAIN = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")
_GROUPED = re.compile(r"[+-]?[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]*)?")


class NumberError(ValueError):
    """A number from outside that does not read or is out of bounds."""

    def __init__(self, code: str, field: str | None, params: dict[str, str]) -> None:
        self.code = code
        self.field = field
        self.params = params
        super().__init__(f"{code} {field}: {params.get('value')}")


def shown(value: object) -> str:
    """A value as an error message may show it: at most ``MAX_TEXT`` characters."""
    text = str(value)
    return text if len(text) <= MAX_TEXT else text[: MAX_TEXT - 1] + "…"


def _text_of(value: object, field: str | None) -> str:
    if isinstance(value, bool) or value is None:
        raise NumberError("NUMBER_INVALID", field, {"value": shown(value)})
    if isinstance(value, float):
        if not _finite(value):
            raise NumberError("NUMBER_INVALID", field, {"value": shown(value)})
        return repr(value) if "e" not in repr(value) else format(Decimal(repr(value)), "f")
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise NumberError("NUMBER_INVALID", field, {"value": shown(value)})
        # Judged by its digits and exponent; only a bounded one is written out in full.
        sign, digits, exponent = value.as_tuple()
        if len(digits) + max(exponent, 0) > MAX_TEXT or -exponent > MAX_TEXT:
            raise NumberError("NUMBER_OUT_OF_RANGE", field, {"value": shown(value)})
        return format(value, "f")
    if isinstance(value, int):
        if value.bit_length() > 4 * MAX_TEXT:  # decimal digits <= bits / 3.3
            raise NumberError("NUMBER_OUT_OF_RANGE", field, {"value": f"±10^{MAX_TEXT}"})
        return str(value)
    if not isinstance(value, str):
        raise NumberError("NUMBER_INVALID", field, {"value": shown(value)})
    return value


def parse_decimal(
    value: object,
    *,
    max_digits: int,
    places: int,
    minimum: Decimal | int | None = None,
    maximum: Decimal | int | None = None,
    field: str | None = None,
) -> Decimal:
    """``value`` as an exact Decimal with at most ``places`` decimals and ``max_digits``
    digits in all, within [``minimum``, ``maximum``] (each None: the digits alone bound it);
    else ``NumberError`` (NUMBER_INVALID or NUMBER_OUT_OF_RANGE)."""
    text = _text_of(value, field).strip()
    if len(text) > MAX_TEXT:
        code = "NUMBER_OUT_OF_RANGE" if text.lstrip("+-").isdigit() else "NUMBER_INVALID"
        raise NumberError(
            code,
            field,
            {"value": shown(text)} | _bounds(*_range(max_digits, places, minimum, maximum)),
        )
    if _GROUPED.fullmatch(text):
        text = text.replace(",", "")
    if not _PLAIN.fullmatch(text):
        raise NumberError("NUMBER_INVALID", field, {"value": shown(text)})
    whole, _, fraction = text.lstrip("+-").partition(".")
    low, high = _range(max_digits, places, minimum, maximum)
    if len(fraction.rstrip("0")) > places:
        raise NumberError("NUMBER_INVALID", field, {"value": shown(text)})
    if len(whole.lstrip("0")) > max_digits - places:
        raise NumberError("NUMBER_OUT_OF_RANGE", field, {"value": shown(text)} | _bounds(low, high))
    number = Decimal(text)
    if not low <= number <= high:
        raise NumberError("NUMBER_OUT_OF_RANGE", field, {"value": shown(text)} | _bounds(low, high))
    return number


def parse_int(
    value: object,
    *,
    minimum: int,
    maximum: int,
    field: str | None = None,
) -> int:
    """``value`` as a whole number within [``minimum``, ``maximum``]; a decimal point, an
    exponent or a fraction is NUMBER_INVALID, a value outside the bounds NUMBER_OUT_OF_RANGE."""
    if isinstance(value, float):
        if not _finite(value) or not value.is_integer():
            raise NumberError("NUMBER_INVALID", field, {"value": shown(value)})
        if abs(value) > 10**MAX_TEXT:
            raise NumberError(
                "NUMBER_OUT_OF_RANGE", field, {"value": shown(value)} | _bounds(minimum, maximum)
            )
        value = int(value)
    text = _text_of(value, field).strip()
    if len(text) > MAX_TEXT:
        code = "NUMBER_OUT_OF_RANGE" if text.lstrip("+-").isdigit() else "NUMBER_INVALID"
        raise NumberError(code, field, {"value": shown(text)} | _bounds(minimum, maximum))
    if _GROUPED.fullmatch(text) and "." not in text:
        text = text.replace(",", "")
    if not re.fullmatch(r"[+-]?[0-9]+", text):
        raise NumberError("NUMBER_INVALID", field, {"value": shown(text)})
    number = int(text)
    if not minimum <= number <= maximum:
        raise NumberError(
            "NUMBER_OUT_OF_RANGE", field, {"value": shown(text)} | _bounds(minimum, maximum)
        )
    return number


def _finite(value: float) -> bool:
    return abs(value) < float("inf")  # False for both infinities and for NaN


def _range(max_digits, places, minimum, maximum) -> tuple[Decimal, Decimal]:
    top = Decimal(10) ** (max_digits - places) - Decimal(1).scaleb(-places)
    low = -top if minimum is None else max(Decimal(minimum), -top)
    high = top if maximum is None else min(Decimal(maximum), top)
    return low, high


def _bounds(low, high) -> dict[str, str]:
    return {"minimum": f"{low}", "maximum": f"{high}"}
