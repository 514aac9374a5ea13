"""The claims area's lists as files (``sitthi.web.exports``): the claims list and the notices,
written the same for the page's export and for ``GET /api/v1/claims`` / ``/notices`` with
``?format=`` or ``Accept``."""

from __future__ import annotations

from django.db.models import Count

from sitthi.core.logmask import mask_citizen_id
from sitthi.rules.kernel.thaitime import BANGKOK
from sitthi.web.exports import table_response

CLAIM_HEADERS = [
    "id",
    "claim_key",
    "hospital",
    "citizen_id (masked)",
    "service_type",
    "admitted_at (Asia/Bangkok)",
    "state",
    "fund",
    "charged",
    "payable",
    "notice",
]

NOTICE_HEADERS = [
    "notice",
    "fund",
    "sent_at (Asia/Bangkok)",
    "claims",
    "total",
    "payment_due",
    "paid_on",
    "paid_amount",
    "payment_reference",
]


def claims_file(fmt: str, claims):
    """Every claim of ``claims`` (a filtered queryset), one row each."""
    rows = (
        [
            c.pk,
            c.claim_key,
            c.hospital_id,
            mask_citizen_id(c.citizen_id),
            c.service_type,
            c.admitted_at.astimezone(BANGKOK).replace(tzinfo=None),
            c.state,
            c.fund_id,
            c.charged_total,
            c.payable_total,
            c.notice.number if c.notice_id else None,
        ]
        for c in claims.select_related("notice").iterator()
    )
    return table_response(fmt, "claims", CLAIM_HEADERS, rows)


def notices_file(fmt: str, notices):
    """Every notice of ``notices`` (a filtered queryset), one row each."""
    rows = (
        [
            n.number,
            n.fund_id,
            n.created_at.astimezone(BANGKOK).replace(tzinfo=None),
            n.claim_count,
            n.total,
            n.payment_due,
            n.paid_on,
            n.paid_amount,
            n.payment_reference or None,
        ]
        for n in notices.annotate(claim_count=Count("claims")).iterator()
    )
    return table_response(fmt, "notices", NOTICE_HEADERS, rows)
