"""Finance scenarios: a quarter-end statement in, the risk flags and level out
(sitthi.rules.finance.risk). Figures not given are those of a healthy hospital: current assets
3,000, inventory 300, other current assets 200, cash 1,500, fixed deposits 500, current
liabilities 1,000, revenue 5,000, expenses 4,900, depreciation 50 (CR 3, QR 2.5, Cash 2)."""

from __future__ import annotations

from sitthi.rules.finance.risk import assess, parse_statement

HEALTHY = {
    "current_assets": "3000.00",
    "inventory": "300.00",
    "other_current_assets": "200.00",
    "cash_and_equivalents": "1500.00",
    "fixed_deposits": "500.00",
    "current_liabilities": "1000.00",
    "revenue": "5000.00",
    "expenses": "4900.00",
    "depreciation": "50.00",
}


def risk(given: dict) -> dict:
    raw = {**HEALTHY, **{k: str(v) for k, v in given.items() if k != "quarter"}}
    st, problems = parse_statement(
        raw, hospital="10670", fiscal_year=2567, quarter=given.get("quarter", 1)
    )
    assert st is not None, problems
    r = assess(st)
    return {**r.flags, "level": r.level, "watch": r.watch}
