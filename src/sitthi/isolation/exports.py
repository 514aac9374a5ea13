"""The isolation area's cases list as a file (``sitthi.web.exports``): the same for the cases
page's export and for ``GET /api/v1/isolation/cases`` with ``?format=`` or ``Accept``."""

from __future__ import annotations

from sitthi.core.logmask import mask_citizen_id
from sitthi.core.models import Role
from sitthi.rules.kernel.thaitime import BANGKOK
from sitthi.web.exports import table_response


def local_time(moment):
    return moment.astimezone(BANGKOK).replace(tzinfo=None) if moment else None


CASE_HEADERS = [
    "case",
    "citizen_id (masked)",
    "registered_at (Asia/Bangkok)",
    "province (code)",
    "district",
    "setting",
    "status",
    "holder",
    "taken_at (Asia/Bangkok)",
    "offered_to",
    "deadline (Asia/Bangkok)",
]


def case_file(actor, fmt: str, cases):
    """The cases list as a file: the page's export and GET /api/v1/isolation/cases."""
    unit = actor.hospital_code if actor.role == Role.HOSPITAL else None
    rows = (
        [
            f"HI{c.pk}",
            # a unit only offered the case does not know whose it is
            mask_citizen_id(c.citizen_id) if unit in (None, c.holder_id) else None,
            local_time(c.created_at),
            c.province_id,
            c.district,
            c.setting,
            c.status,
            c.holder_id,
            local_time(c.taken_at),
            c.open_unit,
            local_time(c.open_deadline),
        ]
        for c in cases.iterator()
    )
    return table_response(fmt, "isolation-cases", CASE_HEADERS, rows)
