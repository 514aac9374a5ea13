"""The initial-assistance queue as the secretary and NHSO search it (``sitthi.web.listing``):
every request, by stage, programme (the kind of harm), harm category, province, where the harm
happened (the ``q`` box: a hospital's code or name, or a request number), the day received
(typed in the Buddhist Era), the open ones older than some days (the home page's queue), and
a harmed person's or requester's citizen ID (sent by POST, never in the address)."""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone

from sitthi.core.errors import SitthiError
from sitthi.registry.models import Province
from sitthi.rules import assistance as rules
from sitthi.rules.kernel.thaitime import bangkok_date
from sitthi.web.listing import Filter, Listing

from . import services


def _stages(actor) -> list[tuple[str, str]]:
    return [(s.value, th) for s, (th, _en) in rules.STAGE_NAMES.items()]


def _programmes(actor) -> list[tuple[str, str]]:
    return [(p.code, p.short_th) for p in rules.PROGRAMMES.values()]


def _categories(actor) -> list[tuple[str, str]]:
    """The harm categories, each in the words of the Section 41 programme (the others word
    them a little differently but mean the same severity)."""
    words = rules.PROGRAMMES["section41"].categories
    return [(c, words[c][0]) for c in rules.CATEGORIES]


def _provinces(actor) -> list[tuple[str, str]]:
    return [(p.code, p.name_th) for p in Province.objects.order_by("name_th")]


def _search(rows, text: str):
    """A request number (part of it), a hospital code, or a hospital's name (part of it)."""
    match = (
        Q(number__icontains=text)
        | Q(hospital__name_th__icontains=text)
        | Q(hospital__name_en__icontains=text)
    )
    if text.isdigit():
        match |= Q(hospital__hcode__startswith=text)
    return rows.filter(match)


#: The most days ``older`` may say (ten years).
OLDER_MAX_DAYS = 3650


def read_older(text: str | None) -> int | None:
    """The queue's ``older`` (open requests older than that many days), checked before the
    list is read: a whole number of days up to ``OLDER_MAX_DAYS``, else REQUEST_INVALID."""
    text = (text or "").strip()
    if not text:
        return None
    # ASCII digits only: "²" and "๓" are digits to str.isdigit but not to int()'s liking
    if not (text.isascii() and text.isdigit()) or int(text) > OLDER_MAX_DAYS:
        raise SitthiError.one("REQUEST_INVALID", "older", detail="older: a number of days")
    return int(text)


def _older(rows, days: str):
    """The home page's "open requests older than N days" (``read_older`` has checked N)."""
    return services.open_older_than(rows, bangkok_date(timezone.now()), int(days))


REQUESTS = Listing(
    "assistance",
    (
        Filter("stage", ("ขั้นตอน", "Stage"), "choice", "stage", _stages),
        Filter("programme", ("ประเภทการช่วยเหลือ", "Programme"), "choice", "programme", _programmes),
        Filter(
            "category",
            ("ระดับความเสียหาย", "Harm category"),
            "choice",
            "latest_category",
            _categories,
        ),
        Filter("province", ("จังหวัด", "Province"), "choice", "province_id", _provinces),
        Filter("received_from", ("รับคำร้องตั้งแต่", "Received from"), "date_from", "received_on__gte"),
        Filter("received_to", ("ถึงวันที่", "to"), "date_to", "received_on__lte"),
        Filter(
            "older",
            ("ยังไม่เสร็จ รับมาเกิน (วัน)", "Open, received more than (days) ago"),
            "text",
            _older,
            maxlength=4,
        ),
    ),
    search=_search,
    search_label=(
        "ค้นหา (เลขที่คำร้อง รหัสหรือชื่อหน่วยบริการ)",
        "Search (request number, hospital code or name)",
    ),
    person=lambda rows, cid: rows.filter(Q(harmed_cid=cid) | Q(requester_cid=cid)),
)
