"""The claims area's lists as people search them (``sitthi.web.listing``): the claims list,
the funds' notices. The page, its export and ``GET /api/v1/claims`` read the same filters."""

from __future__ import annotations

import re

from django.db.models import Q
from django.utils.translation import get_language

from sitthi.core.models import Role
from sitthi.registry.models import Fund
from sitthi.rules.claims.schema import SERVICE_TYPES
from sitthi.web.listing import Filter, Listing

from .models import ClaimState


def _not(role: str):
    return lambda actor: actor.role != role


def _funds(actor) -> list[tuple[str, str]]:
    return [(f.code, f"{f.code} {f.name_th}") for f in Fund.objects.order_by("code")]


def _service_types() -> list[tuple[str, str]]:
    english = (get_language() or "th").startswith("en")
    return [
        (code, f"{code} · {spec.get('en' if english else 'th', code)}")
        for code, spec in SERVICE_TYPES.items()
    ]


def _search_claims(rows, text: str):
    """A claim key (part of it), a hospital code, a hospital's name (part of it) or a notice
    number."""
    match = Q(claim_key__icontains=text) | Q(hospital__name_th__icontains=text)
    notice = re.fullmatch(r"[Nn]?0*(\d{1,9})", text)
    if notice and text[:1] in "Nn":  # a notice number as printed: N000123
        match |= Q(notice_id=int(notice.group(1)))
    if text.isdigit() and len(text) == 5:
        match |= Q(hospital_id=text)
    return rows.filter(match)


CLAIMS = Listing(
    "claims",
    (
        Filter("state", ("สถานะ", "State"), "choice", "state", lambda actor: ClaimState.choices),
        Filter(
            "hospital",
            ("รหัสหน่วยบริการ", "Hospital code"),
            "text",
            "hospital_id",
            shown=_not(Role.HOSPITAL),
            maxlength=5,
        ),
        Filter("fund", ("กองทุน", "Fund"), "choice", "fund_id", _funds, shown=_not(Role.FUND)),
        Filter(
            "service_type",
            ("ประเภทบริการ", "Service type"),
            "choice",
            "service_type",
            lambda actor: _service_types(),
        ),
        Filter(
            "admitted_from",
            ("เข้ารับบริการตั้งแต่", "Admitted from"),
            "date_from",
            "admitted_at__date__gte",
        ),
        Filter("admitted_to", ("ถึงวันที่", "to"), "date_to", "admitted_at__date__lte"),
    ),
    search=_search_claims,
    search_label=("ค้นหา (เลขที่เคลม รหัสหรือชื่อหน่วยบริการ เลขหนังสือแจ้ง)", "Search"),
    person=lambda rows, cid: rows.filter(citizen_id=cid),
)


# -- the notices to owner funds ------------------------------------------------------------


def _today():
    from django.utils import timezone

    from sitthi.rules.kernel import thaitime

    return thaitime.bangkok_date(timezone.now())


def notice_pk(text: str) -> int | None:
    """``N000123`` (or ``n123``) → 123; anything else → None."""
    found = re.fullmatch(r"[Nn]0*(\d{1,9})", text)
    return int(found.group(1)) if found else None


def _search_notices(rows, text: str):
    """A notice number as printed (N000123) or (part of) the fund's payment reference."""
    match = Q(payment_reference__icontains=text)
    number = notice_pk(text)
    if number is not None:
        match |= Q(pk=number)
    return rows.filter(match)


#: ?status= of the notices list: sent and not yet paid, or paid.
NOTICE_STATUS = (("sent", "รอจ่าย / not paid"), ("paid", "จ่ายแล้ว / paid"))

#: ?due= as on the deadline board (``queue.DUE_FILTERS``): an unpaid notice due within
#: ``queue.DUE_SOON_DAYS`` days and not late, or past its payment day.
DUE_CHOICES = (
    ("week", "ภายใน 7 วัน / within 7 days"),
    ("overdue", "เกินกำหนด / overdue"),
)


def _notice_status(rows, value: str):
    return rows.filter(paid_on__isnull=value == "sent")


def _notice_due(rows, value: str):
    from datetime import timedelta

    from .queue import DUE_SOON_DAYS

    today = _today()
    rows = rows.filter(paid_on__isnull=True)
    if value == "overdue":
        return rows.filter(payment_due__lt=today)
    return rows.filter(payment_due__gte=today, payment_due__lte=today + timedelta(DUE_SOON_DAYS))


NOTICES = Listing(
    "notices",
    (
        Filter("status", ("สถานะ", "Status"), "choice", _notice_status, NOTICE_STATUS),
        Filter("due", ("กำหนดจ่าย", "Payment due"), "choice", _notice_due, DUE_CHOICES),
        Filter("fund", ("กองทุน", "Fund"), "choice", "fund_id", _funds, shown=_not(Role.FUND)),
        Filter("sent_from", ("ส่งตั้งแต่", "Sent from"), "date_from", "created_at__date__gte"),
        Filter("sent_to", ("ส่งถึงวันที่", "Sent to"), "date_to", "created_at__date__lte"),
        Filter("due_from", ("ครบกำหนดจ่ายตั้งแต่", "Due from"), "date_from", "payment_due__gte"),
        Filter("due_to", ("ครบกำหนดจ่ายถึง", "Due to"), "date_to", "payment_due__lte"),
    ),
    search=_search_notices,
    search_label=("ค้นหา (เลขหนังสือแจ้ง เช่น N000123 หรือเลขอ้างอิงการชำระเงิน)", "Search"),
)


# -- the hospital's statement of payment (STM) -------------------------------------------


def _search_statement(rows, text: str):
    """A claim key (part of it) or a notice number (N000123)."""
    match = Q(claim_key__icontains=text)
    number = notice_pk(text)
    if number is not None:
        match |= Q(notice_id=number)
    return rows.filter(match)


#: The period keeps the statement's own names (?from= ?to=, paid dates, Bangkok, inclusive);
#: the view fills them with this month when they are not given. ``hospital`` is whose
#: statement it is (the view scopes by it; a hospital's is its own).
STATEMENT = Listing(
    "statement",
    (
        Filter(
            "hospital",
            ("รหัสหน่วยบริการ", "Hospital code"),
            "text",
            lambda rows, value: rows,  # the statement's rows are already this hospital's
            shown=_not(Role.HOSPITAL),
            maxlength=5,
        ),
        Filter("from", ("จ่ายตั้งแต่", "Paid from"), "date_from", "paid_at__date__gte"),
        Filter("to", ("ถึงวันที่", "to"), "date_to", "paid_at__date__lte"),
        Filter("fund", ("กองทุน", "Fund"), "choice", "fund_id", _funds),
    ),
    search=_search_statement,
    search_label=("ค้นหา (เลขที่เคลม หรือเลขหนังสือแจ้ง)", "Search"),
    person=lambda rows, cid: rows.filter(citizen_id=cid),
)


def statement_period(params, today) -> dict[str, str]:
    """The statement's period as typed, filled as the page fills it: this month unless the
    address says otherwise (a missing end is today, a missing start the first of the end's
    month). The page and ``GET /api/v1/statements`` both read it so."""
    from sitthi.rules.kernel import thaitime

    out = {"from": str(params.get("from") or ""), "to": str(params.get("to") or "")}
    if not out["to"]:
        out["to"] = thaitime.form_value(today)
    if not out["from"]:
        try:
            end = thaitime.read_date(out["to"], today).value
        except thaitime.DateUnread:
            end = today
        out["from"] = thaitime.form_value(end.replace(day=1))
    return out


# -- the deadline board ----------------------------------------------------------------------


def _deadline_hospitals(rows) -> dict[int, set[str]]:
    """The hospitals of each notice's claims (a payment deadline concerns them all)."""
    from .models import Claim

    ids = [d.subject.pk for d in rows if d.kind == "payment"]
    out: dict[int, set[str]] = {}
    pairs = Claim.objects.filter(notice_id__in=ids).values_list("notice_id", "hospital_id")
    for notice_id, hcode in pairs.distinct():
        out.setdefault(notice_id, set()).add(hcode)
    return out


def _deadline_hospital(rows, code: str):
    of_notice = _deadline_hospitals(rows)
    return [
        d
        for d in rows
        if (d.kind == "notice" and d.subject.hospital_id == code)
        or (d.kind == "payment" and code in of_notice.get(d.subject.pk, ()))
    ]


def _search_deadlines(rows, text: str):
    """A claim key (part of it), a hospital code or name (part of it), a notice number."""
    from sitthi.registry.models import Hospital

    low = text.lower()
    number = notice_pk(text)
    named = set(Hospital.objects.filter(name_th__icontains=text).values_list("hcode", flat=True))
    if text.isdigit() and len(text) == 5:
        named.add(text)
    of_notice = _deadline_hospitals(rows)

    def hit(d) -> bool:
        if d.kind == "notice":
            return low in d.subject.claim_key.lower() or d.subject.hospital_id in named
        return d.subject.pk == number or bool(of_notice.get(d.subject.pk, set()) & named)

    return [d for d in rows if hit(d)]


def _deadline_due(rows, value: str):
    from .queue import select_due

    return select_due(rows, value)


DEADLINES = Listing(
    "deadlines",
    (
        Filter("due", ("กำหนด", "Due"), "choice", _deadline_due, DUE_CHOICES),
        Filter(
            "kind",
            ("งานที่ต้องทำ", "What"),
            "choice",
            lambda rows, value: [d for d in rows if d.kind == value],
            (
                ("notice", "แจ้งกองทุน / notify the fund"),
                ("payment", "จ่ายเงิน / pay a notice"),
            ),
            shown=_not(Role.FUND),
        ),
        Filter(
            "fund",
            ("กองทุน", "Fund"),
            "choice",
            lambda rows, value: [d for d in rows if d.subject.fund_id == value],
            _funds,
            shown=_not(Role.FUND),
        ),
        Filter(
            "hospital",
            ("รหัสหน่วยบริการ", "Hospital code"),
            "text",
            _deadline_hospital,
            maxlength=5,
        ),
    ),
    search=_search_deadlines,
    search_label=("ค้นหา (เลขที่เคลม รหัสหรือชื่อหน่วยบริการ เลขหนังสือแจ้ง)", "Search"),
)
