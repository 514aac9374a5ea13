"""The webhook pages' lists as people search them (``sitthi.web.listing``): an office's
webhooks and their deliveries."""

from __future__ import annotations

from sitthi.web.listing import Filter, Listing

from .models import Delivery, Kind

ACTIVE = (("yes", "ใช้งานอยู่ / active"), ("no", "ยกเลิกแล้ว / removed"))


#: Each event kind in the officer's words: (Thai, English).
KIND_WORDS = {
    Kind.CLAIM_DECIDED: ("ผลการพิจารณาเคลม", "claim decided"),
    Kind.CLAIM_RETURNED: ("เคลมถูกส่งกลับให้แก้ไข", "claim returned for correction"),
    Kind.CLAIM_DOCUMENTS_COMPLETE: ("เอกสารเคลมครบ", "claim documents complete"),
    Kind.CLAIM_PAID: ("เคลมได้รับเงินแล้ว", "claim paid"),
    Kind.NOTICE_SENT: ("ส่งหนังสือแจ้งกองทุนแล้ว", "notice sent to the fund"),
    Kind.NOTICE_PAID: ("หนังสือแจ้งได้รับชำระแล้ว", "notice paid"),
    Kind.OFFER_MADE: ("เสนอผู้ป่วยแยกกักตัวให้หน่วยบริการ", "isolation case offered to a unit"),
    Kind.OFFER_CLOSING: ("ข้อเสนอผู้ป่วยแยกกักตัวใกล้หมดเวลา", "isolation offer closing soon"),
    # the window's length is the dated parameter ucep.coverage_window_hours, not written here
    Kind.UCEP_WINDOW_ENDING: ("ช่วงคุ้มครอง UCEP ใกล้สิ้นสุด", "UCEP coverage window ending soon"),
}


def kind_words(kind: str) -> str:
    th, en = KIND_WORDS.get(kind, (kind, kind))
    return f"{th} · {en}"


def _kinds(actor) -> list[tuple[str, str]]:
    return [(value, kind_words(value)) for value in Kind.values]


def _search_url(rows, text: str):
    return rows.filter(url__icontains=text)


def _search_delivery(rows, text: str):
    """The subject's key (a claim key, a notice number: part of it) or the webhook's URL."""
    from django.db.models import Q

    return rows.filter(Q(event__subject_key__icontains=text) | Q(webhook__url__icontains=text))


WEBHOOKS = Listing(
    "webhooks",
    (
        Filter(
            "active",
            ("สถานะ", "State"),
            "choice",
            lambda rows, v: rows.filter(active=(v == "yes")),
            ACTIVE,
        ),
    ),
    search=_search_url,
    search_label=("ค้นหาที่อยู่ (URL)", "Search the URL"),
)

DELIVERIES = Listing(
    "webhook-deliveries",
    (
        Filter(
            "status",
            ("สถานะการส่ง", "Delivery status"),
            "choice",
            "status",
            (
                (Delivery.Status.PENDING, "รอส่ง · waiting"),
                (Delivery.Status.DELIVERED, "ส่งถึงแล้ว · delivered"),
                (Delivery.Status.FAILED, "เลิกส่ง · gave up"),
            ),
        ),
        Filter("kind", ("เหตุการณ์", "Event"), "choice", "event__kind", _kinds),
        Filter(
            "occurred_from",
            ("เกิดตั้งแต่วันที่", "Occurred from"),
            "date_from",
            "event__occurred_at__date__gte",
        ),
        Filter(
            "occurred_to",
            ("ถึงวันที่", "Occurred to"),
            "date_to",
            "event__occurred_at__date__lte",
        ),
    ),
    search=_search_delivery,
    search_label=("ค้นหาเลขที่เคลม/หนังสือแจ้ง หรือ URL", "Claim key, notice number or URL"),
)
