"""The one bounded number parser (sitthi.rules.kernel.numbers): a number from outside is
refused by its text (length, digits, exponent, places, range) before any Decimal arithmetic,
with NUMBER_INVALID (not a plain number) or NUMBER_OUT_OF_RANGE (a number, but outside the
field's bounds)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sitthi.rules.kernel import codes
from sitthi.rules.kernel.numbers import NumberError, parse_decimal, parse_int

MONEY = {"max_digits": 14, "places": 2, "minimum": Decimal(0), "maximum": None}


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1,250.50", Decimal("1250.50")),
        (" 7 ", Decimal("7")),
        ("0.01", Decimal("0.01")),
        ("+3", Decimal("3")),
        (".5", Decimal("0.5")),
        (Decimal("12.30"), Decimal("12.30")),
        (12, Decimal("12")),
        ("999999999999.99", Decimal("999999999999.99")),
    ],
)
def test_plain_numbers(text, value):
    assert parse_decimal(text, field="amount", **MONEY) == value


@pytest.mark.parametrize(
    "text",
    [
        "NaN",
        "nan",
        "Infinity",
        "-inf",
        "sNaN",
        "0x10",
        "1.2.3",
        "abc",
        "1e5",
        "1E+2",
        "๑๒",
        "1_000",
    ],
)
def test_not_a_plain_number(text):
    with pytest.raises(NumberError) as info:
        parse_decimal(text, field="amount", **MONEY)
    assert (info.value.code, info.value.field) == ("NUMBER_INVALID", "amount")


@pytest.mark.parametrize(
    "text",
    [
        "1e300000",
        "-1e300000",
        "1" + "0" * 400,
        "1" + "0" * 12,  # 13 whole digits where 12 are allowed
        "9" * 5000,
    ],
)
def test_huge_numbers_are_refused_by_their_text(text):
    with pytest.raises(NumberError) as info:
        parse_decimal(text, field="amount", **MONEY)
    assert info.value.code in ("NUMBER_INVALID", "NUMBER_OUT_OF_RANGE")


def test_places_range_and_floats():
    with pytest.raises(NumberError) as info:
        parse_decimal("1.001", field="amount", **MONEY)
    assert info.value.code == "NUMBER_INVALID"
    with pytest.raises(NumberError) as info:
        parse_decimal("-1", field="amount", **MONEY)
    assert info.value.code == "NUMBER_OUT_OF_RANGE"
    assert info.value.params == {"minimum": "0", "maximum": "999999999999.99", "value": "-1"}
    with pytest.raises(NumberError) as info:
        parse_decimal("11", field="x", max_digits=4, places=0, minimum=0, maximum=10)
    assert info.value.code == "NUMBER_OUT_OF_RANGE"
    with pytest.raises(NumberError):
        parse_decimal(float("inf"), field="x", **MONEY)
    assert parse_decimal(1.5, field="x", **MONEY) == Decimal("1.5")
    with pytest.raises(NumberError):
        parse_decimal(True, field="x", **MONEY)


def test_integers():
    assert parse_int(" 42 ", field="age", minimum=0, maximum=150) == 42
    assert parse_int(7, field="age", minimum=0, maximum=150) == 7
    for bad in ("4.5", "1e2", "NaN", "0x10", 4.5, "abc"):
        with pytest.raises(NumberError) as info:
            parse_int(bad, field="age", minimum=0, maximum=150)
        assert info.value.code == "NUMBER_INVALID", bad
    for far in ("151", "-1", "1" + "0" * 400, 10**400):
        with pytest.raises(NumberError) as info:
            parse_int(far, field="age", minimum=0, maximum=150)
        assert info.value.code == "NUMBER_OUT_OF_RANGE", far


def test_codes_are_declared_beside_number_invalid():
    assert codes.declared(["NUMBER_INVALID", "NUMBER_OUT_OF_RANGE"]) == []
    assert codes.REGISTRY["NUMBER_OUT_OF_RANGE"].status == 400


@given(st.text(max_size=60))
def test_any_text_is_a_number_or_a_coded_refusal(text):
    try:
        value = parse_decimal(text, field="amount", **MONEY)
    except NumberError as exc:
        assert exc.code in ("NUMBER_INVALID", "NUMBER_OUT_OF_RANGE")
    else:
        assert value.is_finite() and Decimal(0) <= value < Decimal(10) ** 12


@pytest.mark.parametrize("text", ["x: 1.0e+300000\n", "x: 1" + "0" * 400 + "\n", "x: 1.0e-99999\n"])
def test_yaml_numbers_are_bounded(text):
    from sitthi.rules.kernel.yamlio import YamlError, read_yaml

    with pytest.raises(YamlError):
        read_yaml(text.encode(), integers=Decimal)


def test_yaml_aliases_are_refused():
    """Issue 15: a "billion laughs" text (aliases of aliases) is refused where it is read."""
    from sitthi.rules.kernel.yamlio import YamlError, read_plain_yaml, read_yaml

    text = b"a: &a [lol, lol]\nb: &b [*a, *a]\nc: [*b, *b]\n"
    for read in (read_yaml, read_plain_yaml):
        with pytest.raises(YamlError, match="aliases"):
            read(text)
    assert read_plain_yaml(b"a: 1.5\n") == {"a": 1.5}
