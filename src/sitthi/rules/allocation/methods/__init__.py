"""The allocation methods of seed 003_efb95171d59d7c5f.txt (FY 2559), one module each: a line's
``method`` names the function that shares it out. Each takes the run (its configuration,
prepared inputs, ``ledger``, notes and report) and the ``Line``, and adds the line's rows to
the ledger.

``METHODS`` holds exactly the names the fiscal-year configuration allows
(``config.METHODS``). A line whose method is not in it is held at NHSO, as ``held`` is — the
configuration refuses such a name (``ALLOC_INVALID_VALUE``) before anything is computed.
``labour.labour_cost`` is not a line's method: it runs once, after every line is shared out.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from sitthi.rules.allocation.config import Line
from sitthi.rules.allocation.methods.capital_replacement import capital_replacement
from sitthi.rules.allocation.methods.dependent_elderly import dependent_elderly
from sitthi.rules.allocation.methods.held import held
from sitthi.rules.allocation.methods.ip_general import ip_general
from sitthi.rules.allocation.methods.labour import labour_cost
from sitthi.rules.allocation.methods.op_general import op_general
from sitthi.rules.allocation.methods.per_person import per_person
from sitthi.rules.allocation.methods.psychiatric import psychiatric

if TYPE_CHECKING:
    from sitthi.rules.allocation.compute import Run

Method = Callable[["Run", Line], None]

METHODS: dict[str, Method] = {
    "op_general": op_general,
    "ip_general": ip_general,
    "psychiatric": psychiatric,
    "dependent_elderly": dependent_elderly,
    "capital_replacement": capital_replacement,
    "per_person": per_person,
    "held": held,
}


def method_for(name: str) -> Method:
    """The function for method ``name``; ``held`` for a name not in ``METHODS``."""
    return METHODS.get(name, held)


__all__ = ["METHODS", "Method", "labour_cost", "method_for"]
