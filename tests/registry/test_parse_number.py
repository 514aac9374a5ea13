"""The one form-number parser (registry.services.parse_number) the assistance and Bright Spot
forms share: exact decimals, thousands separators, coded refusals."""

from decimal import Decimal

import pytest

from sitthi.core.errors import SitthiError
from sitthi.registry.services import parse_number


@pytest.mark.parametrize(
    ("text", "value"),
    [("1,250.50", Decimal("1250.50")), (" 7 ", Decimal("7")), ("-0.01", Decimal("-0.01"))],
)
def test_numbers(text, value):
    assert parse_number(text, "amount") == value


@pytest.mark.parametrize("text", ["abc", "NaN", "Infinity", "1.2.3"])
def test_not_numbers(text):
    with pytest.raises(SitthiError) as info:
        parse_number(text, "amount")
    assert [(i.code, i.field) for i in info.value.items] == [("NUMBER_INVALID", "amount")]


def test_empty():
    with pytest.raises(SitthiError) as info:
        parse_number("  ", "amount")
    assert info.value.items[0].code == "VALUE_REQUIRED"
    assert parse_number("", "amount", required=False) is None
