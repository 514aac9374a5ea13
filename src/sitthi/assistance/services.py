"""Initial-assistance use cases (DOMAIN.md §5, seed 002): the committee secretary registers a
request, schedules it for a meeting, records the committee's decision (an amount within the
ceiling in force on the day of the harm, or a rejection with reasons), records payment, and
registers and records an appeal. The public sees a request's stage and dates by its number and
a citizen ID. Each step is one transaction, checks everything before it writes, and is audited.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from auditlog.context import set_actor
from django.core.cache import caches
from django.db import transaction
from django.db.models import OuterRef, Subquery, Sum

from sitthi.core import archive
from sitthi.core.actor import Actor
from sitthi.core.errors import ErrorItem, SitthiError, validate_all
from sitthi.core.models import Role
from sitthi.registry.services import (
    find_hospital,
    parse_date,
    parse_number,
    validate_citizen_id,
)
from sitthi.rules import assistance as rules
from sitthi.rules.assistance import Action, Stage
from sitthi.rules.kernel.thaitime import BE_OFFSET, bangkok_date
from sitthi.rules.params import ParamLookupError, default_parameters

from . import documents as docs
from .models import Document, Payment, Relation, Request, Review, Sequence

WRITERS = (Role.SECRETARY,)
READERS = (Role.SECRETARY, Role.NHSO)

#: Public status look-ups that may fail from one client before it must wait (a citizen ID and
#: a request number together are hard to guess; this keeps it so).
STATUS_TRIES = 10
STATUS_WINDOW_SECONDS = 15 * 60


# -- small checks ----------------------------------------------------------------------------


def _text(value: str | None, field: str, limit: int) -> str:
    text = (value or "").strip()
    if not text:
        raise SitthiError.one("VALUE_REQUIRED", field)
    return text[:limit]


def _choice(value: str, choices, code: str, field: str) -> str:
    if value not in choices:
        raise SitthiError.one(code, field, value=value or "–")
    return value


def _not_before(later: date, earlier: date, field: str, other_th: str, other_en: str) -> None:
    if later < earlier:
        raise SitthiError.one(
            "ASSIST_DATE_BEFORE", field, other_th=other_th, other_en=other_en, value=earlier
        )


def _not_future(day: date, today: date, field: str) -> None:
    if day > today:
        raise SitthiError.one("DATE_IN_FUTURE", field, value=today)


def _get(number: str, *, lock: bool = False) -> Request:
    qs = Request.objects.select_related("hospital", "province")
    if lock:
        qs = qs.select_for_update(of=("self",))
    request = qs.filter(number=(number or "").strip().upper()).first()
    if request is None:
        raise SitthiError.one("NOT_FOUND", "number")
    return request


def _step(request: Request, action: Action) -> Stage:
    appealed = request.reviews.filter(level=2).exists()
    try:
        return rules.next_stage(Stage(request.stage), action, appealed=appealed)
    except ValueError:
        code = "ASSIST_APPEAL_TWICE" if action is Action.APPEAL and appealed else "ASSIST_STAGE"
        th, en = rules.STAGE_NAMES[Stage(request.stage)]
        act_th, act_en = rules.ACTION_NAMES[action]
        raise SitthiError.one(
            code, "stage", stage_th=th, stage_en=en, action_th=act_th, action_en=act_en
        ) from None


def current_review(request: Request) -> Review:
    return request.reviews.order_by("-level").first()


def award(request: Request) -> Decimal | None:
    """What the committee finally awarded: the appeal's amount when the appeal was approved,
    else the first decision's amount when it was approved (a rejected appeal leaves it)."""
    reviews = {r.level: r for r in request.reviews.all()}
    appeal, first = reviews.get(2), reviews.get(1)
    if appeal and appeal.outcome == Review.Outcome.APPROVED:
        return appeal.amount
    if first and first.outcome == Review.Outcome.APPROVED:
        return first.amount
    return None


def paid(request: Request) -> Decimal:
    return sum((p.amount for p in request.payments.all()), Decimal("0.00"))


def outstanding(request: Request) -> Decimal:
    return max((award(request) or Decimal("0.00")) - paid(request), Decimal("0.00"))


def next_actions(request: Request) -> list[Action]:
    """The committee's steps open for the request now (the page's forms, the API's
    ``actions``): those its stage allows, without paying when nothing is outstanding."""
    appealed = any(r.level == 2 for r in request.reviews.all())
    actions = rules.actions_at(Stage(request.stage), appealed=appealed)
    if Action.PAY in actions and outstanding(request) <= 0:
        actions.remove(Action.PAY)
    return actions


# -- register ----------------------------------------------------------------------------------


@dataclass
class RequestIn:
    programme: str
    harmed_cid: str
    harmed_name: str
    relation: str
    requester_cid: str
    requester_name: str
    requester_contact: str
    hospital: str
    harm_on: str
    learned_on: str
    received_on: str
    description: str


def _next_number(programme: str, received_on: date) -> str:
    """``S41-2569-00001``: programme, Buddhist-Era year of receipt, a running number (the
    sequence row is locked, so two secretaries registering at once get different numbers)."""
    year_be = received_on.year + BE_OFFSET
    seq, _ = Sequence.objects.select_for_update().get_or_create(
        programme=programme, year_be=year_be
    )
    seq.last += 1
    seq.save(update_fields=["last"])
    return f"{rules.PROGRAMMES[programme].prefix}-{year_be}-{seq.last:05d}"


def _prepare(data: RequestIn, today: date) -> dict:
    """Every field checked and every problem reported together; nothing written."""
    problems = []

    def check(step, *args):
        try:
            return step(*args)
        except SitthiError as exc:
            problems.extend(exc.items)
            return None

    programme = check(_choice, data.programme, rules.PROGRAMMES, "ASSIST_PROGRAMME", "programme")
    harmed_cid = check(validate_citizen_id, data.harmed_cid, "harmed_cid")
    harmed_name = check(_text, data.harmed_name, "harmed_name", 120)
    relation = check(_choice, data.relation, Relation.values, "ASSIST_RELATION", "relation")
    hospital = check(find_hospital, data.hospital, "hospital")
    harm_on = check(parse_date, data.harm_on, "harm_on")
    received_on = check(parse_date, data.received_on, "received_on")
    description = check(_text, data.description, "description", 5000)
    learned_on = harm_on
    if (data.learned_on or "").strip():
        learned_on = check(parse_date, data.learned_on, "learned_on")
    requester_cid, requester_name = harmed_cid, (data.requester_name or "").strip()[:120]
    if relation == Relation.SELF:
        # the harmed person asks: their own ID and name unless given otherwise
        requester_name = requester_name or harmed_name
        if (data.requester_cid or "").strip():
            given = check(validate_citizen_id, data.requester_cid, "requester_cid")
            if given and harmed_cid and given != harmed_cid:
                problems.append(ErrorItem("ASSIST_SELF_OTHER_ID", "requester_cid"))
    elif relation:
        requester_cid = check(validate_citizen_id, data.requester_cid, "requester_cid")
        requester_name = check(_text, data.requester_name, "requester_name", 120)
    if harm_on and learned_on:
        check(
            _not_before,
            learned_on,
            harm_on,
            "learned_on",
            "วันที่เกิดความเสียหาย",
            "the day of the harm",
        )
    if learned_on and received_on:
        check(
            _not_before,
            received_on,
            learned_on,
            "received_on",
            "วันที่ทราบความเสียหาย",
            "the day the harm became known",
        )
    if received_on:
        check(_not_future, received_on, today, "received_on")
    if problems:
        raise SitthiError(*problems)
    return {
        "programme": programme,
        "harmed_cid": harmed_cid,
        "harmed_name": harmed_name,
        "relation": relation,
        "requester_cid": requester_cid,
        "requester_name": requester_name,
        "requester_contact": (data.requester_contact or "").strip()[:200],
        "hospital": hospital,
        "province_id": hospital.province_id,
        "harm_on": harm_on,
        "learned_on": learned_on,
        "received_on": received_on,
        "description": description,
    }


def register(
    actor: Actor, data: RequestIn, uploads: list[docs.Upload], *, now: datetime
) -> Request:
    """Register a received request with its documents. A late request (after the programme's
    time limit) is registered and flagged with the rule it breaks: the committee still decides.
    The same harm registered twice (programme, person, day, place) is refused."""
    actor.require(*WRITERS)
    today = bangkok_date(now)
    problems = []
    fields, checked = None, []
    try:
        fields = _prepare(data, today)
    except SitthiError as exc:
        problems += exc.items
    try:
        checked = docs.check(uploads)
    except SitthiError as exc:
        problems += exc.items
    if problems:
        raise SitthiError(*problems)
    params = default_parameters()
    same = Request.objects.filter(
        programme=fields["programme"],
        harmed_cid=fields["harmed_cid"],
        harm_on=fields["harm_on"],
        hospital=fields["hospital"],
    ).first()
    if same is not None:
        raise SitthiError.one("ASSIST_DUPLICATE", "harmed_cid", value=same.number)
    timely = rules.timeliness(
        fields["programme"], fields["learned_on"], fields["received_on"], params
    )
    rule = ""
    if timely.deadline:
        rule = f"{timely.years} ปี / years · {timely.source}"
    with transaction.atomic(), set_actor(actor.user):
        request = Request.objects.create(
            number=_next_number(fields["programme"], fields["received_on"]),
            timeliness=timely.status,
            deadline=timely.deadline,
            timeliness_rule=rule,
            stage=Stage.RECEIVED,
            params_version=params.version,
            registered_at=now,
            registered_by=actor.user,
            **fields,
        )
        Review.objects.create(request=request, level=1, received_on=request.received_on)
        _store_documents(actor, request, checked, now)
    return request


def _store_documents(actor: Actor, request: Request, checked, now: datetime) -> list[Document]:
    return [
        Document.objects.create(
            request=request,
            name=c.name,
            content_type=c.content_type,
            size=c.size,
            sha256=c.sha256,
            data=c.data,
            uploaded_at=now,
            uploaded_by=actor.user,
        )
        for c in checked
    ]


def add_documents(
    actor: Actor, number: str, uploads: list[docs.Upload], *, now: datetime
) -> list[Document]:
    """More documents for a registered request (the committee often asks for more)."""
    actor.require(*WRITERS)
    if not uploads:
        raise SitthiError.one("VALUE_REQUIRED", "documents")
    checked = docs.check(uploads)
    with transaction.atomic(), set_actor(actor.user):
        request = _get(number, lock=True)
        if request.documents.count() + len(checked) > docs.MAX_FILES:
            raise SitthiError.one("ASSIST_TOO_MANY_FILES", "documents", limit=docs.MAX_FILES)
        return _store_documents(actor, request, checked, now)


# -- the committee ---------------------------------------------------------------------------


def schedule(actor: Actor, number: str, meeting_on: str, *, now: datetime) -> Request:
    """Put the request (or its appeal) on a meeting's agenda; a later call moves the meeting."""
    actor.require(*WRITERS)
    day = parse_date(meeting_on, "meeting_on")
    with transaction.atomic(), set_actor(actor.user):
        request = _get(number, lock=True)
        stage = _step(request, Action.SCHEDULE)
        review = current_review(request)
        _not_before(day, review.received_on, "meeting_on", "วันที่รับเรื่อง", "the day received")
        review.meeting_on = day
        review.save(update_fields=["meeting_on"])
        request.stage = stage
        request.save(update_fields=["stage"])
    return request


@dataclass
class DecisionIn:
    outcome: str  # approved / rejected
    decided_on: str
    category: str = ""
    amount: str = ""
    reasons: str = ""


def decide(actor: Actor, number: str, data: DecisionIn, *, now: datetime) -> Review:
    """Record the committee's decision on the request or its appeal.

    Approved: a category and an amount within that category's ceiling in force on the day of
    the harm (FACTS.md "Initial assistance ceilings"); over the ceiling (or under a provider
    range's least amount) is refused with the ceiling shown. Rejected: the reasons are required.
    """
    actor.require(*WRITERS)
    today = bangkok_date(now)
    outcome = _choice(data.outcome, Review.Outcome.values, "ASSIST_OUTCOME", "outcome")
    action = Action.APPROVE if outcome == Review.Outcome.APPROVED else Action.REJECT
    decided_on = parse_date(data.decided_on, "decided_on")
    with transaction.atomic(), set_actor(actor.user):
        request = _get(number, lock=True)
        stage = _step(request, action)
        review = current_review(request)
        validate_all(
            lambda: _not_before(
                decided_on, review.meeting_on, "decided_on", "วันประชุม", "the meeting day"
            ),
            lambda: _not_future(decided_on, today, "decided_on"),
        )
        params = default_parameters()
        archive.keep(params, now=now)  # the award names the set it was decided with
        review.outcome, review.decided_on, review.decided_by = outcome, decided_on, actor.user
        review.params_version = params.version
        review.reasons = (data.reasons or "").strip()[:5000]
        if outcome == Review.Outcome.REJECTED:
            if not review.reasons:
                raise SitthiError.one("REASON_REQUIRED", "reasons")
            review.category, review.amount = "", None
        else:
            review.category = _choice(
                data.category, rules.CATEGORIES, "ASSIST_CATEGORY", "category"
            )
            # Finer than a satang is the rule's to say (ASSIST_AMOUNT_SATANG): read 6 places.
            amount = parse_number(data.amount, "amount", max_digits=18, places=6)
            try:
                c = rules.ceiling(request.programme, review.category, request.harm_on, params)
            except ParamLookupError:
                raise SitthiError.one(
                    "ASSIST_NO_CEILING", "category", value=request.harm_on.isoformat()
                ) from None
            problem = rules.amount_problem(c, amount)
            if problem:
                raise SitthiError.one(
                    problem,
                    "amount",
                    value=f"{amount:,}",
                    ceiling=f"{c.high:,.2f}",
                    floor=f"{c.low:,.2f}" if c.low is not None else "0.00",
                )
            already = paid(request)
            if amount < already:
                raise SitthiError.one("ASSIST_BELOW_PAID", "amount", value=f"{already:,.2f}")
            review.amount = amount
            review.ceiling_low, review.ceiling_high = c.low, c.high
            review.ceiling_confirmed, review.ceiling_source = c.confirmed, c.source
        review.save()
        if review.level == 2 and award(request) and outstanding(request) <= 0:
            # the appeal leaves the award at what has been paid already: nothing follows
            stage = Stage.PAID
        request.stage = stage
        request.save(update_fields=["stage"])
    return review


def pay(actor: Actor, number: str, paid_on: str, reference: str, *, now: datetime) -> Payment:
    """Record the payment of what the committee awarded and is not yet paid (after an appeal
    that raised the award, the difference)."""
    actor.require(*WRITERS)
    today = bangkok_date(now)
    day = parse_date(paid_on, "paid_on")
    with transaction.atomic(), set_actor(actor.user):
        request = _get(number, lock=True)
        stage = _step(request, Action.PAY)
        due = outstanding(request)
        if due <= 0:
            raise SitthiError.one("ASSIST_NOTHING_TO_PAY", "stage")
        deciding = max(
            (r for r in request.reviews.all() if r.outcome == Review.Outcome.APPROVED),
            key=lambda r: r.level,
        )
        validate_all(
            lambda: _not_before(
                day, deciding.decided_on, "paid_on", "วันที่มีมติ", "the day of the decision"
            ),
            lambda: _not_future(day, today, "paid_on"),
        )
        payment = Payment.objects.create(
            request=request,
            review=deciding,
            amount=due,
            paid_on=day,
            reference=(reference or "").strip()[:60],
            recorded_at=now,
            recorded_by=actor.user,
        )
        request.stage = stage
        request.save(update_fields=["stage"])
    return payment


def appeal(actor: Actor, number: str, received_on: str, reason: str, *, now: datetime) -> Review:
    """Register an appeal against the first decision (at most one per request)."""
    actor.require(*WRITERS)
    today = bangkok_date(now)
    day = parse_date(received_on, "appeal_received_on")
    why = _text(reason, "appeal_reason", 5000)
    with transaction.atomic(), set_actor(actor.user):
        request = _get(number, lock=True)
        stage = _step(request, Action.APPEAL)
        first = request.reviews.get(level=1)
        validate_all(
            lambda: _not_before(
                day, first.decided_on, "appeal_received_on", "วันที่มีมติ", "the day of the decision"
            ),
            lambda: _not_future(day, today, "appeal_received_on"),
        )
        review = Review.objects.create(request=request, level=2, received_on=day, appeal_reason=why)
        request.stage = stage
        request.save(update_fields=["stage"])
    return review


# -- reading -----------------------------------------------------------------------------------


def get_request(actor: Actor, number: str) -> Request:
    actor.require(*READERS)
    return _get(number)


def get_document(actor: Actor, number: str, doc_id: int) -> Document:
    """Documents hold health details: the secretary only."""
    actor.require(*WRITERS)
    doc = Document.objects.filter(request__number=number, pk=doc_id).first()
    if doc is None:
        raise SitthiError.one("NOT_FOUND", "document")
    return doc


#: The stages at which a request still waits for someone (not paid, not finally refused).
OPEN_STAGES = frozenset(
    {
        rules.Stage.RECEIVED,
        rules.Stage.SCHEDULED,
        rules.Stage.APPROVED,
        rules.Stage.APPEALED,
        rules.Stage.APPEAL_SCHEDULED,
        rules.Stage.APPEAL_APPROVED,
    }
)


def requests(actor: Actor):
    """Every request the actor may read (the secretary and NHSO), oldest received first, with
    the latest review's harm category, the amount last approved and what has been paid (the
    queue's list and its export)."""
    actor.require(*READERS)
    reviews = Review.objects.filter(request=OuterRef("pk"))
    paid = (
        Payment.objects.filter(request=OuterRef("pk"))
        .values("request")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    return (
        Request.objects.select_related("hospital", "province")
        .annotate(
            latest_category=Subquery(
                reviews.exclude(category="").order_by("-level").values("category")[:1]
            ),
            awarded=Subquery(
                reviews.filter(outcome=Review.Outcome.APPROVED)
                .order_by("-level")
                .values("amount")[:1]
            ),
            paid_total=Subquery(paid),
        )
        .order_by("received_on", "id")
    )


def open_older_than(rows, today: date, days: int):
    """The open requests (``OPEN_STAGES``) received more than ``days`` days before ``today``."""
    return rows.filter(
        stage__in=[s.value for s in OPEN_STAGES], received_on__lt=today - timedelta(days=days)
    )


def stage_counts(actor: Actor) -> Counter:
    """How many requests are at each stage (the queue's stage bar)."""
    actor.require(*READERS)
    return Counter(Request.objects.values_list("stage", flat=True))


def queue(
    actor: Actor, *, today: date, stage: str = "", programme: str = "", older: int | None = None
) -> tuple[list[Request], Counter]:
    """Requests oldest first with their age in days since receipt, and the count per stage.
    ``older``: only the open requests (``OPEN_STAGES``) received more than that many days
    before ``today``."""
    actor.require(*READERS)
    qs = Request.objects.select_related("hospital", "province")
    counts = Counter(qs.values_list("stage", flat=True))
    if stage:
        qs = qs.filter(stage=stage)
    if programme:
        qs = qs.filter(programme=programme)
    if older is not None:
        qs = open_older_than(qs, today, older)
    rows = list(qs.order_by("received_on", "id"))
    for r in rows:
        r.age_days = (today - r.received_on).days
    return rows, counts


def ceilings_table(on: date) -> list[dict]:
    """Every programme's ceilings and time limit in force on ``on`` (for the pages)."""
    params = default_parameters()
    out = []
    for p in rules.PROGRAMMES.values():
        try:
            cs = rules.ceilings(p.code, on, params)
        except ParamLookupError:
            cs = {}
        limit = None
        if p.request_within_param:
            try:
                limit = params.value(p.request_within_param, on)
            except ParamLookupError:
                limit = None
        out.append(
            {
                "programme": p,
                "rows": [
                    {"category": k, "th": p.categories[k][0], "en": p.categories[k][1], "c": c}
                    for k, c in cs.items()
                ],
                "confirmed": all(c.confirmed for c in cs.values()),
                "source": next(iter(cs.values())).source if cs else "",
                "since": next(iter(cs.values())).valid_from if cs else None,
                "limit_years": int(limit.value) if limit else None,
                "limit_source": limit.source if limit else "",
            }
        )
    return out


# -- the public status page ------------------------------------------------------------------


def _tries_key(client: str) -> str:
    return f"assistance-status-fail:{client}"


def public_status(number: str, citizen_id: str, *, client: str) -> dict:
    """The stage and dates of a request, for whoever gives its number and the citizen ID of
    the harmed person or of the requester. Any mismatch gives one and the same answer, so
    the page tells nothing about whether a number exists; repeated misses from one client
    must wait."""
    # The misses are counted in the shared ``limits`` cache (sitthi.core.limits), so every
    # server process sees the same count.
    cache = caches["limits"]
    key = _tries_key(client)
    if cache.get(key, 0) >= STATUS_TRIES:
        raise SitthiError.one("ASSIST_TOO_MANY_TRIES")
    number = (number or "").strip().upper()
    cid = "".join(ch for ch in (citizen_id or "") if ch.isdigit())
    request = (
        Request.objects.filter(number=number).prefetch_related("reviews", "payments").first()
        if number and len(cid) == 13
        else None
    )
    if request is None or cid not in (request.harmed_cid, request.requester_cid):
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, 1, STATUS_WINDOW_SECONDS)
        raise SitthiError.one("ASSIST_STATUS_NO_MATCH")
    reviews = {r.level: r for r in request.reviews.all()}
    first, second = reviews.get(1), reviews.get(2)
    payments = list(request.payments.all())
    return {
        "number": request.number,
        "programme": request.programme,
        "stage": request.stage,
        "received_on": request.received_on,
        "meeting_on": first.meeting_on if first else None,
        "decided_on": first.decided_on if first else None,
        "appeal_received_on": second.received_on if second else None,
        "appeal_meeting_on": second.meeting_on if second else None,
        "appeal_decided_on": second.decided_on if second else None,
        "paid_on": payments[-1].paid_on if payments else None,
    }


# -- the yearly report -------------------------------------------------------------------------


def fiscal_year_of(day: date) -> int:
    """The Buddhist-Era fiscal year (1 Oct – 30 Sep) a day falls in: 1 Oct 2025 → 2569."""
    return day.year + BE_OFFSET + (1 if day.month >= 10 else 0)


def fiscal_year_bounds(fy_be: int) -> tuple[date, date]:
    year = fy_be - BE_OFFSET
    return date(year - 1, 10, 1), date(year, 9, 30)


def yearly_report(actor: Actor, fy_be: int) -> dict:
    """Requests received in the fiscal year, by programme, category (of the final decision)
    and province: how many, approved, rejected, still open, the amount awarded and paid."""
    actor.require(*READERS)
    start, end = fiscal_year_bounds(fy_be)
    requests = (
        Request.objects.filter(received_on__gte=start, received_on__lte=end)
        .select_related("province")
        .prefetch_related("reviews", "payments")
    )
    groups: dict[tuple, dict] = defaultdict(
        lambda: {
            "requests": 0,
            "approved": 0,
            "rejected": 0,
            "open": 0,
            "late": 0,
            "awarded": Decimal("0.00"),
            "paid": Decimal("0.00"),
        }
    )
    for r in requests:
        reviews = {v.level: v for v in r.reviews.all()}
        final = reviews.get(2) if reviews.get(2) and reviews[2].outcome else reviews.get(1)
        amount = award(r)
        category = ""
        if final and final.outcome == Review.Outcome.APPROVED:
            category = final.category
        elif amount is not None:  # a rejected appeal: the first award stands
            category = reviews[1].category
        g = groups[(r.programme, category, r.province_id, r.province.name_th)]
        g["requests"] += 1
        g["late"] += r.late
        if final and final.outcome == Review.Outcome.APPROVED or amount is not None:
            g["approved"] += 1
        elif final and final.outcome == Review.Outcome.REJECTED:
            g["rejected"] += 1
        else:
            g["open"] += 1
        g["awarded"] += amount or 0
        g["paid"] += sum((p.amount for p in r.payments.all()), Decimal("0.00"))
    rows = [
        {"programme": k[0], "category": k[1], "province": k[2], "province_name": k[3], **v}
        for k, v in sorted(groups.items())
    ]
    totals = {
        key: sum((row[key] for row in rows), Decimal("0.00") if key in ("awarded", "paid") else 0)
        for key in ("requests", "approved", "rejected", "open", "late", "awarded", "paid")
    }
    return {"fy": fy_be, "start": start, "end": end, "rows": rows, "totals": totals}
