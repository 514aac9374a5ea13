"""Initial assistance (เงินช่วยเหลือเบื้องต้น) without proof of fault (DOMAIN.md §5; seed
002_80e7afba8787ed6d.txt, lines 2-7): three programmes, their dated ceilings by category, the
time allowed to ask, and the steps a request goes through from receipt to payment.

Pure: no Django, database or clock. The caller passes the dates and the parameter set.
"""

from sitthi.rules.assistance.programmes import (
    CATEGORIES,
    PROGRAMMES,
    Ceiling,
    Programme,
    Timeliness,
    add_years,
    amount_problem,
    ceiling,
    ceilings,
    timeliness,
)
from sitthi.rules.assistance.workflow import (
    ACTION_NAMES,
    STAGE_NAMES,
    Action,
    Stage,
    actions_at,
    allowed,
    next_stage,
)

__all__ = [
    "ACTION_NAMES",
    "STAGE_NAMES",
    "CATEGORIES",
    "PROGRAMMES",
    "Action",
    "Ceiling",
    "Programme",
    "Stage",
    "Timeliness",
    "actions_at",
    "add_years",
    "allowed",
    "amount_problem",
    "ceiling",
    "ceilings",
    "next_stage",
    "timeliness",
]
