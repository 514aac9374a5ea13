"""The rights area's list as officers search it (``sitthi.web.listing``): the rights checks
made. The page, its export and ``GET /api/v1/rights-checks`` read the same filters."""

from __future__ import annotations

from django.db.models import Q

from sitthi.core.models import Role
from sitthi.web.listing import Filter, Listing


def _search_checks(rows, text: str):
    """A hospital code (the checking officer's or the one asked about), a hospital's name
    (part of it), or the checking officer's user name (part of it)."""
    match = (
        Q(user__username__icontains=text)
        | Q(hospital__name_th__icontains=text)
        | Q(asked_hospital__name_th__icontains=text)
    )
    if text.isdigit() and len(text) == 5:
        match |= Q(hospital_id=text) | Q(asked_hospital_id=text)
    return rows.filter(match)


#: How a check was asked (``RightsCheck.via``).
VIA = (("page", "หน้าเว็บ / web page"), ("api", "API"))

RIGHTS_CHECKS = Listing(
    "rights-checks",
    (
        Filter(
            "hospital",
            ("รหัสหน่วยบริการที่ตรวจ", "Checking hospital code"),
            "text",
            "hospital_id",
            shown=lambda actor: actor.role != Role.HOSPITAL,
            maxlength=5,
        ),
        Filter(
            "user",
            ("ผู้ตรวจ (ชื่อผู้ใช้)", "Checked by (user name)"),
            "text",
            "user__username__icontains",
            maxlength=150,
        ),
        Filter("via", ("ช่องทาง", "Via"), "choice", "via", VIA),
        Filter("checked_from", ("ตรวจตั้งแต่", "Checked from"), "date_from", "checked_at__date__gte"),
        Filter("checked_to", ("ถึงวันที่", "to"), "date_to", "checked_at__date__lte"),
    ),
    search=_search_checks,
    search_label=("ค้นหา (รหัสหรือชื่อหน่วยบริการ ชื่อผู้ใช้)", "Search"),
    person=lambda rows, cid: rows.filter(person__citizen_id=cid),
)
