"""``held`` — kept at NHSO and paid during the year by the line's own rules (claims, cases,
lists): not shared out here. The line's whole balance, after any transfer, is one row payable
to NHSO (``Ledger.held``). In the shipped FY 2559 year (``rules/params/documents/allocation/fy2559.yaml``) these are the
lines seed 003_efb95171d59d7c5f.txt gives rules of their own: หมวด 2 ส่วนที่ 3–6 and 8–9
(special cases, P&P, rehabilitation, Thai traditional medicine, Section 41 and provider
assistance), หมวด 3 and 4 (HIV/AIDS, kidney failure), หมวด 5 ส่วนที่ 1 (diabetes and
hypertension), หมวด 6 (remote areas, three southern provinces) and หมวด 7 (MOPH workforce).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sitthi.rules.allocation.config import Line

if TYPE_CHECKING:
    from sitthi.rules.allocation.compute import Run


def held(run: Run, ln: Line) -> None:
    """All the line has, held at NHSO."""
    run.ledger.held(ln)
