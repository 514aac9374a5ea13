"""UCEP endpoints for hospital information systems, the EMS coordination centre and the funds:
everything the UCEP pages do, through the same services and scoped the same way (a hospital
its own episodes, the centre all, a fund its own members')."""

from __future__ import annotations

from dataclasses import fields as dc_fields
from datetime import datetime
from decimal import Decimal

from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status

from sitthi.claims import frames as fr
from sitthi.claims.api import SubmitOut, claim_out, money
from sitthi.core.api import AUTH, ERRORS, actor_of
from sitthi.core.errors import ErrorItem, SitthiError
from sitthi.core.links import links
from sitthi.core.logmask import mask_citizen_id
from sitthi.rules.kernel.numbers import NumberError
from sitthi.rules.kernel.thaitime import BANGKOK, bangkok_date
from sitthi.rules.params import default_parameters
from sitthi.rules.ucep import coverage, triage

from . import lists, services
from .models import Episode

router = Router(tags=["UCEP"], auth=AUTH)


# -- shapes ----------------------------------------------------------------------------------------


class EpisodeIn(Schema):
    citizen_id: str = Field(..., description="13 digits, with its check digit.")
    admitted_at: datetime = Field(
        ..., description="Admission time with its offset: the clock starts."
    )
    covid: bool = Field(False, description="A COVID-19 patient (colour triage from 16 Mar 2022).")


class TriageIn(Schema):
    assessment: dict = Field(
        default_factory=dict,
        description="Triage inputs: the fields of sitthi.rules.ucep.triage.Assessment (numbers "
        "as numbers or strings, yes/no as booleans). Adult or child comes from the registry "
        "birth date; is_child is read only for a person the registry has no birth date for.",
    )


class NotifyIn(Schema):
    contact: str = Field(
        "", max_length=200, description="Who the centre calls (ward, name, phone)."
    )


class AtIn(Schema):
    at: datetime


class MoveIn(Schema):
    to_hospital: str = Field(..., description="5-digit code of the receiving hospital.")
    at: datetime


class FitIn(Schema):
    at: datetime
    refused: bool = Field(False, description="The patient refused the transfer: pays from then.")


class ChargeIn(Schema):
    item_code: str = Field(..., min_length=1, max_length=40)
    quantity: Decimal = Field(..., max_digits=14, decimal_places=3)
    served_at: datetime
    charged: Decimal = Field(
        ..., max_digits=14, decimal_places=2, description='Baht, e.g. "1250.00".'
    )


class ChargesIn(Schema):
    lines: list[ChargeIn] = Field(..., max_length=500)


class BillIn(Schema):
    diagnoses: list[str] = Field(
        ..., min_length=1, max_length=50, description="ICD-10, principal first."
    )


class EmsActIn(Schema):
    action: str = Field(
        ..., description="review, confirm, overrule, arrange_transfer or close (EMS centre only)."
    )
    reason: str = Field(
        "", max_length=500, description="Required to overrule, and to close an open episode."
    )
    hospital: str = Field(
        "", max_length=5, description="The receiving hospital (arrange_transfer)."
    )


class StayOut(Schema):
    stay_no: int
    hospital: str
    hospital_name_th: str
    hospital_phone: str
    received_at: datetime
    left_at: datetime | None


class TriageOut(Schema):
    assessed_at: datetime
    colour: str
    emergency_critical: bool
    criteria: list[dict]
    params_version: str


class ChargeOut(Schema):
    line_no: int
    stay_no: int
    hospital: str
    item_code: str
    quantity: str
    served_at: datetime
    charged: str
    payer: str
    rule: str
    exception: str | None
    reason_th: str | None
    reason_en: str | None
    source: str | None
    claim_key: str | None
    params_version: str | None = Field(
        None, description="The parameter set the payer was decided with (archived, replayable)."
    )


class BilledOut(Schema):
    claim_id: int
    claim_key: str
    state: str
    lines: list[int]
    charged: str
    payable: str | None
    paid_at: datetime | None


class BillingOut(Schema):
    claims: list[BilledOut]
    unbilled_lines: list[int]
    unbilled: str
    paid: str


class EmsOut(Schema):
    state: str
    finding_critical: bool | None
    reason: str
    reviewed_at: datetime | None
    contact: str
    fund_acknowledged_at: datetime | None


class EpisodeOut(Schema):
    id: int
    citizen_id_masked: str
    fund: str | None
    first_hospital: str
    admitted_at: datetime
    covid: bool
    programme: str
    state: str
    emergency_critical: bool | None
    eligible: bool | None
    eligibility_failed: list[str]
    notified_at: datetime | None
    fit_to_move_at: datetime | None
    refused_transfer: bool
    chose_to_stay_at: datetime | None
    discharged_at: datetime | None
    window_start: datetime | None
    window_end: datetime | None
    params_version: str
    ems: EmsOut
    stays: list[StayOut]
    triage: TriageOut | None
    charges: list[ChargeOut]
    totals: dict[str, str]
    billing: BillingOut


class EpisodeBrief(Schema):
    id: int
    fund: str | None
    first_hospital: str
    current_hospital: str
    current_hospital_phone: str
    contact: str
    admitted_at: datetime
    hours_since_admission: int
    past_window: bool
    state: str
    ems_state: str
    emergency_critical: bool | None
    eligible: bool | None
    notified_at: datetime | None
    fund_acknowledged_at: datetime | None


class EpisodePage(Schema):
    results: list[EpisodeBrief]


class EpisodeListPage(EpisodePage):
    count: int = Field(..., description="How many episodes the filters select (all pages).")


class TransferBackOut(Schema):
    kind: str
    th: str
    en: str
    source: str
    hospital: str | None
    hospital_name_th: str | None


class _ListFilter(Schema):
    """The filters of the UCEP list pages (``sitthi.ucep.lists``); dates as ``yyyy-mm-dd`` or
    ``dd/mm/yyyy`` in the Buddhist Era. A filter a role is not offered (a hospital's
    ``hospital``, a fund's ``fund``) is ignored."""

    q: str | None = Field(
        None, description="An episode number (E12 or 12), a hospital's code or name (part)."
    )
    hospital: str | None = Field(None, description="A hospital that treated the patient (code).")
    fund: str | None = Field(None, description="The fund in force on admission (code).")
    covid: str | None = Field(None, description="yes or no")
    group: str | None = Field(
        None, description="1, 2 or 3: the group of the hospital the Bangkok queue gave."
    )
    admitted_from: str | None = Field(None, description="Admitted on or after this day.")
    admitted_to: str | None = Field(None, description="Admitted on or before this day.")


class EpisodeFilter(_ListFilter):
    state: str | None = Field(None, description="open or discharged")
    ems_state: str | None = Field(None, description="The coordination centre's state.")
    limit: int = Field(200, ge=1, le=500)
    offset: int = Field(0, ge=0, le=10_000_000)


class InboxFilter(_ListFilter):
    state: str | None = Field(
        None,
        description="new, under_review, confirmed, overruled, transfer_arranged or closed "
        "(default: every state but closed)",
    )


class FundFilter(_ListFilter):
    unread: bool = Field(False, description="Only notifications not yet acknowledged.")


# -- what is shown ---------------------------------------------------------------------------------


def _charge_out(c) -> dict:
    text = services.charge_reason(c)
    return {
        "line_no": c.line_no,
        "stay_no": c.stay.stay_no,
        "hospital": c.stay.hospital_id,
        "item_code": c.item_code,
        "quantity": f"{c.quantity.normalize():f}",
        "served_at": c.served_at,
        "charged": money(c.charged),
        "payer": c.payer,
        "rule": c.rule,
        "exception": c.exception or None,
        "reason_th": text["th"] if text else None,
        "reason_en": text["en"] if text else None,
        "source": text["source"] if text else None,
        "claim_key": c.claim.claim_key if c.claim_id else None,
        "params_version": c.params_version or None,
    }


def episode_out(actor, episode: Episode) -> dict:
    window_start = window_end = None
    if episode.charges.exists() or episode.eligible:
        try:
            window_start, window_end = services.window_of(episode)
        except SitthiError:
            pass
    latest = episode.triages.order_by("-assessed_at", "-id").first()
    billing = services.billing_of(
        episode, actor.hospital_code if actor.role == "hospital" else None
    )
    return {
        "id": episode.pk,
        "citizen_id_masked": mask_citizen_id(episode.citizen_id),
        "fund": episode.fund_id,
        "first_hospital": episode.first_hospital_id,
        "admitted_at": episode.admitted_at,
        "covid": episode.covid,
        "programme": episode.programme,
        "state": episode.state,
        "emergency_critical": episode.emergency_critical,
        "eligible": episode.eligible,
        "eligibility_failed": list(episode.eligibility_failed),
        "notified_at": episode.notified_at,
        "fit_to_move_at": episode.fit_to_move_at,
        "refused_transfer": episode.refused_transfer,
        "chose_to_stay_at": episode.chose_to_stay_at,
        "discharged_at": episode.discharged_at,
        "window_start": window_start,
        "window_end": window_end,
        "params_version": episode.params_version or default_parameters().version,
        "ems": {
            "state": episode.ems_state,
            "finding_critical": episode.ems_critical,
            "reason": episode.ems_reason,
            "reviewed_at": episode.ems_reviewed_at,
            "contact": episode.notify_contact,
            "fund_acknowledged_at": episode.fund_acknowledged_at,
        },
        "stays": [
            {
                "stay_no": s.stay_no,
                "hospital": s.hospital_id,
                "hospital_name_th": s.hospital.name_th,
                "hospital_phone": s.hospital.phone,
                "received_at": s.received_at,
                "left_at": s.left_at,
            }
            for s in episode.stays.select_related("hospital")
        ],
        "triage": None
        if latest is None
        else {
            "assessed_at": latest.assessed_at,
            "colour": latest.colour,
            "emergency_critical": latest.emergency_critical,
            "criteria": latest.criteria,
            "params_version": latest.params_version,
        },
        "charges": [_charge_out(c) for c in episode.charges.select_related("stay", "claim")],
        "totals": {p: money(a) for p, a in sorted(services.totals_by_payer(episode).items())},
        "billing": {
            "claims": [
                {
                    "claim_id": b["claim"].pk,
                    "claim_key": b["claim"].claim_key,
                    "state": b["claim"].state,
                    "lines": b["lines"],
                    "charged": money(b["charged"]),
                    "payable": money(b["claim"].payable_total),
                    "paid_at": b["claim"].paid_at,
                }
                for b in billing["claims"]
            ],
            "unbilled_lines": billing["unbilled_lines"],
            "unbilled": money(billing["unbilled"]),
            "paid": money(billing["paid"]),
        },
    }


def _brief(episode: Episode, now: datetime, window_hours: float) -> dict:
    stay = services.current_stay(episode)
    since = services.hours_since_admission(episode, now)
    return {
        "id": episode.pk,
        "fund": episode.fund_id,
        "first_hospital": episode.first_hospital_id,
        "current_hospital": stay.hospital_id,
        "current_hospital_phone": stay.hospital.phone,
        "contact": episode.notify_contact,
        "admitted_at": episode.admitted_at,
        "hours_since_admission": int(since),
        "past_window": since > window_hours,
        "state": episode.state,
        "ems_state": episode.ems_state,
        "emergency_critical": episode.emergency_critical,
        "eligible": episode.eligible,
        "notified_at": episode.notified_at,
        "fund_acknowledged_at": episode.fund_acknowledged_at,
    }


def _page(episodes, now: datetime) -> dict:
    hours = float(default_parameters().value(coverage.WINDOW_HOURS, bangkok_date(now)).value)
    return {"results": [_bangkok(_brief(e, now, hours)) for e in episodes]}


def _bangkok(value):
    """Times as Bangkok sees them (+07:00), all through the answer."""
    if isinstance(value, datetime):
        return value.astimezone(BANGKOK)
    if isinstance(value, dict):
        return {k: _bangkok(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_bangkok(v) for v in value]
    return value


def _detail(request, episode_id: int) -> dict:
    actor = actor_of(request)
    return _bangkok(episode_out(actor, services.get_episode(actor, episode_id)))


# -- the hospital's episode ------------------------------------------------------------------------


@router.get("/ucep/episodes", response={200: EpisodeListPage, **ERRORS}, summary="UCEP episodes")
def list_episodes(request, filters: Query[EpisodeFilter]):
    """A hospital sees the episodes it treated; the EMS centre and NHSO all; a fund its
    members'. Newest admission first, ``limit`` at a time from ``offset``; the filters are the
    episode list page's."""
    actor = actor_of(request)
    now = timezone.now()
    qs = lists.EPISODES.apply(
        actor,
        services.episodes_for(actor),
        filters.dict(exclude={"limit", "offset"}),
        bangkok_date(now),
    )
    page = _page(qs[filters.offset : filters.offset + filters.limit], now)
    return {**page, "count": qs.count()}


@router.post(
    "/ucep/episodes",
    response={201: EpisodeOut, **ERRORS},
    summary="Hospital: open an episode",
    openapi_extra=links(
        "ucep",
        (201,),
        "/id",
        "episode_id",
        "get_episode",
        "record_triage",
        "notify",
        "add_charges",
        "discharge",
        "bill",
        "transfer_back",
    ),
)
def open_episode(request, payload: EpisodeIn):
    """The first admission of an emergency patient starts the clock (seed 001 §2 step 4)."""
    actor = actor_of(request)
    episode = services.open_episode(
        actor, payload.citizen_id, payload.admitted_at, covid=payload.covid, now=timezone.now()
    )
    return Status(201, _bangkok(episode_out(actor, episode)))


@router.get(
    "/ucep/episodes/{episode_id}", response={200: EpisodeOut, **ERRORS}, summary="One episode"
)
def get_episode(request, episode_id: int):
    """The episode with its stays, triage, window, each charge's payer with its reason and
    source, the parameter version, the billing and the coordination centre's state."""
    return _detail(request, episode_id)


@router.post(
    "/ucep/episodes/{episode_id}/triage",
    response={200: EpisodeOut, **ERRORS},
    summary="Hospital: record the triage",
)
def record_triage(request, episode_id: int, payload: TriageIn):
    services.record_triage(
        actor_of(request), episode_id, _assessment_inputs(payload.assessment), now=timezone.now()
    )
    return _detail(request, episode_id)


def _assessment_inputs(raw: dict) -> dict:
    """The JSON triage inputs as ``Assessment`` values: yes/no fields must be booleans, numbers
    numbers (or their text); age in whole years. Unknown fields are the service's to refuse."""
    kinds = {f.name: str(f.type) for f in dc_fields(triage.Assessment)}
    out, problems = {}, []
    for name, value in raw.items():
        kind = kinds.get(name)
        if kind is None or value is None:
            out[name] = value
        elif "bool" in kind:
            if not isinstance(value, bool):
                problems.append(ErrorItem("REQUEST_INVALID", name, {"detail": "true or false"}))
            out[name] = value
        else:
            try:
                number = triage.read_measure(name, value)
            except NumberError as exc:
                problems.append(ErrorItem(exc.code, exc.field, exc.params))
                continue
            out[name] = number
    if problems:
        raise SitthiError(*problems)
    return out


@router.post(
    "/ucep/episodes/{episode_id}/notify",
    response={200: EpisodeOut, **ERRORS},
    summary="Hospital: notify the EMS coordination centre",
)
def notify(request, episode_id: int, payload: NotifyIn):
    """Seed 001 §2 step 2. The owner fund sees the notification in its inbox."""
    services.notify_ems(actor_of(request), episode_id, now=timezone.now(), contact=payload.contact)
    return _detail(request, episode_id)


@router.post(
    "/ucep/episodes/{episode_id}/transfers",
    response={200: EpisodeOut, **ERRORS},
    summary="Hospital: the patient moves to another hospital",
)
def transfer(request, episode_id: int, payload: MoveIn):
    services.transfer(
        actor_of(request), episode_id, payload.to_hospital, payload.at, now=timezone.now()
    )
    return _detail(request, episode_id)


@router.post(
    "/ucep/episodes/{episode_id}/fit-to-move",
    response={200: EpisodeOut, **ERRORS},
    summary="Hospital: fit to move (and whether the patient refused)",
)
def fit_to_move(request, episode_id: int, payload: FitIn):
    services.fit_to_move(
        actor_of(request), episode_id, payload.at, refused=payload.refused, now=timezone.now()
    )
    return _detail(request, episode_id)


@router.post(
    "/ucep/episodes/{episode_id}/stay-choice",
    response={200: EpisodeOut, **ERRORS},
    summary="Hospital: a patient not emergency-critical chose to stay (pays from then)",
)
def stay_choice(request, episode_id: int, payload: AtIn):
    """Seed 004: "หากประสงค์รักษาต่อต้องรับผิดชอบค่าใช้จ่ายเอง". Refused with
    STAY_CHOICE_NOT_APPLICABLE for a UCEP case, a state hospital or a network hospital."""
    services.choose_to_stay(actor_of(request), episode_id, payload.at, now=timezone.now())
    return _detail(request, episode_id)


@router.post(
    "/ucep/episodes/{episode_id}/discharge",
    response={200: EpisodeOut, **ERRORS},
    summary="Hospital: discharge",
)
def discharge(request, episode_id: int, payload: AtIn):
    services.discharge(actor_of(request), episode_id, payload.at, now=timezone.now())
    return _detail(request, episode_id)


@router.post(
    "/ucep/episodes/{episode_id}/charges",
    response={200: EpisodeOut, **ERRORS},
    summary="Hospital: record charges of its own stays",
)
def add_charges(request, episode_id: int, payload: ChargesIn):
    """All lines are checked before any is saved; each line's payer is decided at once."""
    lines = [fr.LineIn(ln.item_code, ln.quantity, ln.served_at, ln.charged) for ln in payload.lines]
    services.add_charges(actor_of(request), episode_id, lines, now=timezone.now())
    return _detail(request, episode_id)


@router.post(
    "/ucep/episodes/{episode_id}/claims",
    response={200: SubmitOut, 201: SubmitOut, **ERRORS},
    summary="Hospital: bill the UCEP-paid charges not yet billed",
)
def bill(request, episode_id: int, payload: BillIn):
    """The only way a UCEP claim is made. A further call bills charges recorded since as a
    further claim of the episode; a rejected or returned claim is billed again under its own
    key. Nothing is billed twice."""
    outcome = services.make_claim(
        actor_of(request), episode_id, payload.diagnoses, now=timezone.now()
    )
    body = {
        "status": outcome.status,
        "claim": claim_out(outcome.claim) if outcome.claim else None,
        "problems": [e.as_dict() for e in outcome.errors],
    }
    return Status(201 if outcome.status in ("created", "resubmitted") else 200, body)


@router.get(
    "/ucep/episodes/{episode_id}/transfer-back",
    response={200: TransferBackOut, **ERRORS},
    summary="Where the patient goes back to",
)
def transfer_back(request, episode_id: int):
    """Seed 001, "แนวทางรับย้ายกลับ รพ. รัฐ"; for a Bangkok CSMBS patient without an agency
    hospital, the next hospital of the queue (not taken until assigned)."""
    advice, target = services.advise_transfer_back(
        actor_of(request), episode_id, now=timezone.now()
    )
    return _advice_out(advice, target)


@router.post(
    "/ucep/episodes/{episode_id}/transfer-back/assign",
    response={200: TransferBackOut, **ERRORS},
    summary="Take the queue's next hospital for this episode (once)",
)
def assign_transfer_back(request, episode_id: int):
    advice, target = services.advise_transfer_back(
        actor_of(request), episode_id, now=timezone.now(), assign=True
    )
    return _advice_out(advice, target)


def _advice_out(advice, target) -> dict:
    return {
        "kind": advice.kind,
        "th": advice.th,
        "en": advice.en,
        "source": advice.source,
        "hospital": target.hcode if target else None,
        "hospital_name_th": target.name_th if target else None,
    }


# -- the coordination centre and the funds ---------------------------------------------------------


@router.get(
    "/ucep/ems/inbox", response={200: EpisodePage, **ERRORS}, summary="EMS centre: the inbox"
)
def ems_inbox(request, filters: Query[InboxFilter]):
    """Notified episodes, oldest notification first, with the hospital's contact and whether
    the time since admission is past the window."""
    actor, now = actor_of(request), timezone.now()
    rows = lists.EMS_INBOX.apply(
        actor, lists.inbox_rows(actor, filters.state), filters.dict(), bangkok_date(now)
    )
    return _page(rows, now)


@router.post(
    "/ucep/episodes/{episode_id}/ems",
    response={200: EpisodeOut, **ERRORS},
    summary="EMS centre: review, confirm or overrule the triage, arrange the transfer, close",
)
def ems_act(request, episode_id: int, payload: EmsActIn):
    """States: new → under_review → confirmed | overruled → transfer_arranged → closed. An
    overruled triage (reason required) makes the episode follow the not-eligible path."""
    services.ems_act(
        actor_of(request),
        episode_id,
        payload.action,
        reason=payload.reason,
        hospital=payload.hospital,
        now=timezone.now(),
    )
    return _detail(request, episode_id)


@router.get(
    "/ucep/fund/notifications",
    response={200: EpisodePage, **ERRORS},
    summary="Fund: UCEP notifications of its own members",
)
def fund_notifications(request, filters: Query[FundFilter]):
    """Newest notification first, at most 200; the filters are the fund's UCEP page's."""
    actor, now = actor_of(request), timezone.now()
    rows = lists.FUND_INBOX.apply(
        actor,
        services.fund_inbox(actor, unacknowledged=filters.unread),
        filters.dict(exclude={"unread"}),
        bangkok_date(now),
    )
    return _page(rows[:200], now)


@router.post(
    "/ucep/episodes/{episode_id}/acknowledge",
    response={200: EpisodeOut, **ERRORS},
    summary="Fund: the notification is read; the transfer back is being prepared",
)
def acknowledge(request, episode_id: int):
    services.fund_acknowledge(actor_of(request), episode_id, now=timezone.now())
    return _detail(request, episode_id)
