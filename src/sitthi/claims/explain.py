"""Every amount explains itself: a stored priced line, in a Thai and an English sentence,
by the same wording the pricing rule uses."""

from __future__ import annotations

from sitthi.rules.claims import price as price_rules
from sitthi.rules.kernel import money

from . import frames as fr
from .models import ClaimLine


def explain_line(line: ClaimLine) -> tuple[str, str]:
    row = {
        "claim_id": line.claim_id,
        "line_no": line.line_no,
        "item_code": line.item_code,
        "schedule": line.schedule,
        "quantity_milli": fr.to_milli(line.quantity),
        "charged_satang": money.to_satang(line.charged, rounding=money.HALF_UP),
        "unit_price_satang": money.to_satang(line.unit_price, rounding=money.HALF_UP),
        "tariff_satang": money.to_satang(line.tariff_amount, rounding=money.HALF_UP),
        "payable_satang": money.to_satang(line.payable, rounding=money.HALF_UP),
        "rule": line.rule,
        "tariff_valid_from": line.tariff_valid_from,
        "tariff_valid_until": line.tariff_valid_until,
        "tariff_source": line.tariff_source,
        "illustrative": line.illustrative,
    }
    text = price_rules.explain(row)
    return text["th"], text["en"]
