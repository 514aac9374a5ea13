"""UCEP use cases (DOMAIN.md §1): open an episode, triage, notify the EMS coordination centre,
transfer, fit to move / refusal, discharge, charges and who pays each, the UCEP claim through
the clearing house, and the transfer-back advice. Each is one transaction with an audit record.
"""

from __future__ import annotations

from dataclasses import fields as dc_fields
from datetime import datetime, timedelta
from decimal import Decimal

import polars as pl
from auditlog.context import set_actor
from django.db import transaction

from sitthi.claims import frames as fr
from sitthi.claims import services as claims
from sitthi.claims.models import Claim, ClaimState
from sitthi.core import archive
from sitthi.core.actor import Actor
from sitthi.core.errors import ErrorItem, SitthiError, validate_all
from sitthi.core.models import Role
from sitthi.registry import services as registry
from sitthi.registry.models import Hospital, Person
from sitthi.registry.services import find_hospital, right_on, validate_citizen_id
from sitthi.rules import rights as rights_rules
from sitthi.rules.claims import workflow as claim_workflow
from sitthi.rules.kernel import money
from sitthi.rules.kernel.thaitime import bangkok_date
from sitthi.rules.params import ParamLookupError, default_parameters
from sitthi.rules.ucep import check, coverage, eligibility, schema, transfer_back, triage

from .models import (
    Agreement,
    Charge,
    EmsAction,
    EmsState,
    Episode,
    Stay,
    TransferAssignment,
    TransferQueue,
    Triage,
)

#: Clock skew tolerated between a hospital system and ours for "it happened just now".
SKEW = timedelta(minutes=5)


# -- who sees what -----------------------------------------------------------------------------


def episodes_for(actor: Actor):
    """A hospital sees the episodes it treated (any stay); the EMS centre, NHSO and admins all;
    a fund the episodes of its members."""
    actor.require(Role.HOSPITAL, Role.EMS, Role.NHSO, Role.FUND, Role.ADMIN)
    qs = Episode.objects.select_related("first_hospital", "fund")
    if actor.role == Role.HOSPITAL:
        return qs.filter(stays__hospital_id=actor.hospital_code).distinct()
    if actor.role == Role.FUND:
        return qs.filter(fund_id=actor.fund_code)
    return qs


def get_episode(actor: Actor, episode_id: int) -> Episode:
    found = episodes_for(actor).filter(pk=episode_id).first()
    if found is None:
        raise SitthiError.one("NOT_FOUND")
    return found


def current_stay(episode: Episode) -> Stay:
    return episode.stays.order_by("-stay_no").first()


def _for_update(actor: Actor, episode_id: int, *, current_only: bool = True) -> Episode:
    """Lock the episode for a change by the hospital now treating the patient."""
    actor.require(Role.HOSPITAL)
    visible = get_episode(actor, episode_id)
    episode = Episode.objects.select_for_update().get(pk=visible.pk)
    if episode.state == Episode.State.DISCHARGED:
        raise SitthiError.one("EPISODE_CLOSED")
    stay = current_stay(episode)
    if current_only and stay.hospital_id != actor.hospital_code:
        raise SitthiError.one("NOT_CURRENT_HOSPITAL", own=stay.hospital_id)
    return episode


def _not_future(at: datetime, now: datetime, field: str) -> None:
    if at > now + SKEW:
        raise SitthiError.one("EPISODE_TIME_ORDER", field, value=f"{field} is in the future")


# -- the episode ----------------------------------------------------------------------------------


def open_episode(
    actor: Actor, citizen_id: str, admitted_at: datetime, *, covid: bool, now: datetime
) -> Episode:
    """A hospital receives an emergency patient: the first admission starts the clock."""
    actor.require(Role.HOSPITAL)
    cid, _ = validate_all(
        lambda: validate_citizen_id(citizen_id),
        lambda: _not_future(admitted_at, now, "admitted_at"),
    )
    person = Person.objects.filter(citizen_id=cid).first()
    right = right_on(person, bangkok_date(admitted_at)) if person else None
    with transaction.atomic(), set_actor(actor.user):
        episode = Episode.objects.create(
            citizen_id=cid,
            person=person,
            fund=right.fund if right else None,
            first_hospital_id=actor.hospital_code,
            admitted_at=admitted_at,
            covid=covid,
            created_at=now,
            created_by=actor.user,
            params_version=default_parameters().version,
        )
        Stay.objects.create(
            episode=episode, stay_no=1, hospital_id=actor.hospital_code, received_at=admitted_at
        )
    return episode


ASSESSMENT_FIELDS = tuple(f.name for f in dc_fields(triage.Assessment))


def record_triage(actor: Actor, episode_id: int, inputs: dict, *, now: datetime) -> Triage:
    """The hospital's triage decides emergency-critical (and, for COVID-19, the colour) by the
    criteria in force that day; eligibility follows (seed 001 §1)."""
    unknown = sorted(set(inputs) - set(ASSESSMENT_FIELDS))
    if unknown:
        raise SitthiError.one("REQUEST_INVALID", unknown[0], detail=f"unknown field {unknown[0]}")
    try:
        assessment = triage.Assessment(**inputs)
    except (TypeError, ValueError) as exc:
        raise SitthiError.one("REQUEST_INVALID", "assessment", detail=str(exc)) from None
    with transaction.atomic(), set_actor(actor.user):
        episode = _for_update(actor, episode_id)
        params = default_parameters()
        on = bangkok_date(episode.admitted_at)
        result = None
        if episode.covid:
            try:
                # Adult or child from the registry birth date, never typed (issue 13).
                born = episode.person.birth_date if episode.person_id else None
                assessment = triage.with_registry_age(assessment, born, on, params)
                result = triage.triage(assessment, on, params)
            except ParamLookupError:
                # Before UCEP COVID-19 Plus (16 Mar 2022) there was no colour triage: a COVID-19
                # patient was judged by the general criteria like any other.
                result = None
            if result is not None and assessment.is_child is None:
                raise SitthiError.one("TRIAGE_AGE_REQUIRED", "is_child")
        stored = {
            f: str(v) if isinstance(v, Decimal) else v
            for f in ASSESSMENT_FIELDS
            if (v := getattr(assessment, f)) is not None
        }
        if result is None:
            result = triage.general_critical(assessment, on, params)
        record = Triage.objects.create(
            episode=episode,
            assessed_at=now,
            assessed_by=actor.user,
            inputs=stored,
            colour=getattr(result, "colour", "") or "",
            emergency_critical=result.emergency_critical,
            criteria=[_criterion(c) for c in result.criteria],
            params_version=params.version,
        )
        episode.emergency_critical = result.emergency_critical
        episode.programme = (
            "covid_yellow_red"
            if episode.covid and record.colour in ("yellow", "red")
            else "general"
        )
        _judge_eligibility(episode)
        episode.save()
        decide(episode)
    return record


def _criterion(c) -> dict:
    out = {}
    for name in ("code", "item", "th", "en", "threshold", "measured", "source"):
        if hasattr(c, name):
            value = getattr(c, name)
            out[name] = (
                value if isinstance(value, str | int | float | bool | type(None)) else str(value)
            )
    return out


def _main_unit(episode: Episode) -> str | None:
    """The unit the patient is registered with on the admission day (SSS: the chosen hospital;
    UC: หน่วยบริการประจำ), from the registry."""
    if not episode.person_id:
        return None
    right = right_on(episode.person, bangkok_date(episode.admitted_at))
    return right.main_unit_id if right else None


def _contract_funds(hospital: Hospital, on) -> list[str]:
    """The funds whose contract network ``hospital`` is in on ``on`` (rule:
    ``sitthi.rules.rights.contract_funds``); the service only fetches the hospital's
    contracts."""
    contracts = registry.contracts_frame([hospital.hcode])
    query = pl.DataFrame(
        {"qid": [0], "hospital": [hospital.hcode], "on": [on]},
        schema={"qid": pl.Int64, "hospital": pl.String, "on": pl.Date},
    )
    return rights_rules.contract_funds(query, contracts)["contract_funds"][0].to_list()


def _judge_eligibility(episode: Episode) -> None:
    """Seed 001 §1, with "its own patients" for the network (``eligibility.in_network``) and
    the coordination centre's finding over the hospital's triage when it reviewed it."""
    hospital = episode.first_hospital
    on = bangkok_date(episode.admitted_at)
    in_network = eligibility.in_network(
        episode.fund_id, _contract_funds(hospital, on), hospital.hcode == _main_unit(episode)
    )
    result = eligibility.eligibility(
        episode.fund_id,
        episode.fund.programme if episode.fund else None,
        hospital.ownership == Hospital.Ownership.PRIVATE,
        in_network,
        bool(episode.critical),
    )
    episode.eligible = result.eligible
    episode.eligibility_failed = list(result.failed)


def notify_ems(actor: Actor, episode_id: int, *, now: datetime, contact: str = "") -> Episode:
    """Seed 001 §2 step 2: the hospital notifies the coordination centre, which tells the
    owner fund so it can prepare the transfer back (the episode enters the centre's inbox as
    *new* and the fund's inbox of UCEP notifications). Needs a triage first. ``contact``: who
    the centre calls (ward, name, phone); the hospital's registry phone is shown beside it."""
    contact = (contact or "").strip()
    if len(contact) > 200:
        raise SitthiError.one("REQUEST_INVALID", "contact", detail="at most 200 characters")
    with transaction.atomic(), set_actor(actor.user):
        episode = _for_update(actor, episode_id)
        if episode.emergency_critical is None:
            raise SitthiError.one("TRIAGE_REQUIRED")
        if contact:
            episode.notify_contact = contact
        if episode.notified_at is None:
            episode.notified_at, episode.ems_state = now, EmsState.NEW
            EmsAction.objects.create(
                episode=episode, action="notified", state_to=EmsState.NEW, at=now, by=actor.user
            )
        episode.save(update_fields=["notified_at", "ems_state", "notify_contact"])
    return episode


#: The coordination centre's steps: action → (states it may be taken from, state after).
EMS_STEPS = {
    "review": ((EmsState.NEW,), EmsState.UNDER_REVIEW),
    "confirm": ((EmsState.NEW, EmsState.UNDER_REVIEW, EmsState.OVERRULED), EmsState.CONFIRMED),
    "overrule": ((EmsState.NEW, EmsState.UNDER_REVIEW, EmsState.CONFIRMED), EmsState.OVERRULED),
    "arrange_transfer": ((EmsState.CONFIRMED, EmsState.OVERRULED), EmsState.TRANSFER_ARRANGED),
    "close": (
        (
            EmsState.NEW,
            EmsState.UNDER_REVIEW,
            EmsState.CONFIRMED,
            EmsState.OVERRULED,
            EmsState.TRANSFER_ARRANGED,
        ),
        EmsState.CLOSED,
    ),
}


def ems_act(
    actor: Actor,
    episode_id: int,
    action: str,
    *,
    reason: str = "",
    hospital: str = "",
    now: datetime,
) -> Episode:
    """A step of the EMS coordination centre on a notified episode (seed 001 §2.1-2.2; seed 004:
    the centre "ตรวจสอบความถูกต้องครบถ้วนของข้อมูล"). *confirm* agrees with the hospital's
    triage; *overrule* (a reason is required) reverses it — a patient the centre finds not
    emergency-critical follows the not-eligible path (the fund's normal system; the patient pays
    if told and staying). *arrange_transfer* names the receiving hospital; *close* ends the
    case in the inbox (a reason is required while the patient is still in hospital). Every
    step is kept (``EmsAction``) and audited."""
    actor.require(Role.EMS)
    if action not in EMS_STEPS:
        raise SitthiError.one("REQUEST_INVALID", "action", detail=f"unknown action {action}")
    reason = (reason or "").strip()
    if len(reason) > 500:
        raise SitthiError.one("REQUEST_INVALID", "reason", detail="at most 500 characters")
    target = find_hospital(hospital, "hospital") if hospital.strip() else None
    with transaction.atomic(), set_actor(actor.user):
        visible = get_episode(actor, episode_id)
        episode = Episode.objects.select_for_update().get(pk=visible.pk)
        if episode.notified_at is None:
            raise SitthiError.one("EMS_NOT_NOTIFIED")
        allowed, after = EMS_STEPS[action]
        if episode.ems_state not in allowed:
            raise SitthiError.one("EMS_STATE", "action", value=f"{episode.ems_state} → {action}")
        needs_reason = action == "overrule" or (
            action == "close" and episode.state == Episode.State.OPEN
        )
        if needs_reason and not reason:
            raise SitthiError.one("VALUE_REQUIRED", "reason")
        if action == "arrange_transfer" and target is None:
            raise SitthiError.one("VALUE_REQUIRED", "hospital")
        if action == "overrule":  # confirming changes no payer; overruling would
            billed = list(_billed_claims(episode).values_list("claim_key", flat=True))
            if billed:
                raise SitthiError.one("EPISODE_BILLED", value=", ".join(billed))
        if action in ("confirm", "overrule"):
            finding = bool(episode.emergency_critical)
            episode.ems_critical = finding if action == "confirm" else not finding
            episode.ems_reason = reason
            episode.ems_reviewed_at, episode.ems_reviewed_by = now, actor.user
        EmsAction.objects.create(
            episode=episode,
            action=action,
            state_from=episode.ems_state,
            state_to=after,
            reason=reason,
            hospital=target,
            at=now,
            by=actor.user,
        )
        episode.ems_state = after
        if action in ("confirm", "overrule"):
            _judge_eligibility(episode)
        episode.save()
        decide(episode)
    return episode


def _billed_claims(episode: Episode):
    """The episode's UCEP claims that stand (not rejected)."""
    return (
        Claim.objects.filter(ucep_charges__episode=episode)
        .exclude(state=ClaimState.REJECTED)
        .distinct()
    )


def choose_to_stay(actor: Actor, episode_id: int, at: datetime, *, now: datetime) -> Episode:
    """A patient found not emergency-critical at a private hospital outside the network was
    told to go to the own-rights hospital and chose to stay: from ``at`` the patient pays
    (seed 004, "ขั้นตอนการใช้สิทธิ UCEP": "กรณีไม่เข้าเกณฑ์ฉุกเฉินวิกฤตให้รีบประสานโรงพยาบาลตามสิทธิ
    หากประสงค์รักษาต่อต้องรับผิดชอบค่าใช้จ่ายเอง")."""
    with transaction.atomic(), set_actor(actor.user):
        episode = _for_update(actor, episode_id)
        if episode.eligible is None:
            raise SitthiError.one("TRIAGE_REQUIRED")
        if episode.eligible or not eligibility.patient_pays_by_choice(episode.eligibility_failed):
            raise SitthiError.one(
                "STAY_CHOICE_NOT_APPLICABLE",
                "chose_to_stay_at",
                value=", ".join(episode.eligibility_failed) or "UCEP",
            )
        _not_future(at, now, "chose_to_stay_at")
        if at < episode.admitted_at:
            raise SitthiError.one(
                "EPISODE_TIME_ORDER", "chose_to_stay_at", value="choice before admission"
            )
        episode.chose_to_stay_at = at
        episode.save(update_fields=["chose_to_stay_at"])
        decide(episode)
    return episode


def transfer(
    actor: Actor, episode_id: int, to_hospital: str, at: datetime, *, now: datetime
) -> Stay:
    """The patient moves to another hospital. The clock does not restart (seed 001 §2 step 9)."""
    target = find_hospital(to_hospital, "to_hospital")
    with transaction.atomic(), set_actor(actor.user):
        episode = _for_update(actor, episode_id)
        stay = current_stay(episode)
        if target.hcode == stay.hospital_id:
            raise SitthiError.one("TRANSFER_SAME_HOSPITAL", "to_hospital")
        _not_future(at, now, "transferred_at")
        if at < stay.received_at:
            raise SitthiError.one(
                "EPISODE_TIME_ORDER",
                "transferred_at",
                value="transfer before the patient was received",
            )
        if stay.charges.filter(served_at__gt=at).exists():
            raise SitthiError.one(
                "EPISODE_TIME_ORDER",
                "transferred_at",
                value="charges of this stay after the transfer",
            )
        stay.left_at = at
        stay.save(update_fields=["left_at"])
        new = Stay.objects.create(
            episode=episode, stay_no=stay.stay_no + 1, hospital=target, received_at=at
        )
        decide(episode)
    return new


def fit_to_move(
    actor: Actor, episode_id: int, at: datetime, *, refused: bool, now: datetime
) -> Episode:
    """The patient can be moved safely; if they refuse, they pay from then on (step 10)."""
    with transaction.atomic(), set_actor(actor.user):
        episode = _for_update(actor, episode_id)
        _not_future(at, now, "fit_to_move_at")
        if at < episode.admitted_at:
            raise SitthiError.one(
                "EPISODE_TIME_ORDER", "fit_to_move_at", value="fit to move before admission"
            )
        episode.fit_to_move_at, episode.refused_transfer = at, refused
        episode.save()
        decide(episode)
    return episode


def discharge(actor: Actor, episode_id: int, at: datetime, *, now: datetime) -> Episode:
    with transaction.atomic(), set_actor(actor.user):
        episode = _for_update(actor, episode_id)
        stay = current_stay(episode)
        _not_future(at, now, "discharged_at")
        if at < stay.received_at:
            raise SitthiError.one(
                "EPISODE_TIME_ORDER",
                "discharged_at",
                value="discharge before the patient was received",
            )
        if episode.charges.filter(served_at__gt=at).exists():
            raise SitthiError.one(
                "EPISODE_TIME_ORDER", "discharged_at", value="charges after the discharge"
            )
        stay.left_at = at
        stay.save(update_fields=["left_at"])
        episode.discharged_at, episode.state = at, Episode.State.DISCHARGED
        episode.save()
        decide(episode)
    return episode


def add_charges(
    actor: Actor, episode_id: int, lines: list[fr.LineIn], *, now: datetime
) -> list[Charge]:
    """Charges of the actor's own stays; each is attached to the stay it falls in. All lines
    are checked before any is saved."""
    actor.require(Role.HOSPITAL)
    with transaction.atomic(), set_actor(actor.user):
        visible = get_episode(actor, episode_id)
        episode = Episode.objects.select_for_update().get(pk=visible.pk)
        own = list(episode.stays.filter(hospital_id=actor.hospital_code))
        problems, placed = [], []
        for i, ln in enumerate(lines, start=1):
            stay = next(
                (
                    s
                    for s in own
                    if s.received_at <= ln.served_at
                    and (s.left_at is None or ln.served_at <= s.left_at)
                ),
                None,
            )
            if stay is None:
                problems.append(("LINE_OUTSIDE_STAY", f"lines[{i}].served_at", None))
            if ln.quantity <= 0:
                problems.append(("QUANTITY_NOT_POSITIVE", f"lines[{i}].quantity", None))
            if ln.charged <= 0:
                problems.append(("AMOUNT_NOT_POSITIVE", f"lines[{i}].charged", None))
            if ln.served_at > now + SKEW:
                problems.append(("EPISODE_TIME_ORDER", f"lines[{i}].served_at", "future"))
            placed.append(stay)
        if not lines:
            problems.append(("LINES_MISSING", "lines", None))
        if problems:
            raise SitthiError(*[ErrorItem(c, f, {"value": v or ""}) for c, f, v in problems])
        start = episode.charges.order_by("-line_no").values_list("line_no", flat=True).first() or 0
        made = Charge.objects.bulk_create(
            Charge(
                episode=episode,
                stay=stay,
                line_no=start + i,
                item_code=ln.item_code.strip(),
                quantity=ln.quantity,
                served_at=ln.served_at,
                charged=ln.charged,
            )
            for i, (ln, stay) in enumerate(zip(lines, placed, strict=True), start=1)
        )
        decide(episode)
    return made


# -- who pays --------------------------------------------------------------------------------------


def frames_of(episode: Episode) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """The episode as the frames of ``sitthi.rules.ucep.schema``, with the facts about each
    hospital as they stood the day the stay began."""
    episodes = pl.DataFrame(
        [
            {
                "episode_id": episode.pk,
                "programme": episode.programme,
                "fund": episode.fund_id,
                "first_admitted_at": episode.admitted_at,
                "discharged_at": episode.discharged_at,
                "fit_to_move_at": episode.fit_to_move_at,
                "refused_transfer": episode.refused_transfer,
            }
        ],
        schema=_input(schema.EPISODES),
    ).pipe(_bangkok, schema.EPISODES)
    main_unit = _main_unit(episode)
    stays = []
    for s in episode.stays.select_related("hospital"):
        on = bangkok_date(s.received_at)
        funds = _contract_funds(s.hospital, on)
        agreement = (
            bool(episode.fund_id)
            and Agreement.objects.in_force(on)
            .filter(hospital=s.hospital, fund_id=episode.fund_id)
            .exists()
        )
        stays.append(
            {
                "episode_id": episode.pk,
                "stay_no": s.stay_no,
                "hospital": s.hospital_id,
                "received_at": s.received_at,
                "left_at": s.left_at,
                "private": s.hospital.ownership == Hospital.Ownership.PRIVATE,
                "contract_funds": funds,
                "main_unit": s.hospital_id == main_unit,
                "agreement": agreement,
            }
        )
    stays_frame = pl.DataFrame(stays, schema=_input(schema.STAYS)).pipe(_bangkok, schema.STAYS)
    lines = [
        {
            "episode_id": episode.pk,
            "line_no": c.line_no,
            "stay_no": c.stay.stay_no,
            "item_code": c.item_code,
            "quantity_milli": fr.to_milli(c.quantity),
            "served_at": c.served_at,
            "charged_satang": money.to_satang(c.charged, rounding=money.HALF_UP),
        }
        for c in episode.charges.select_related("stay")
    ]
    lines_frame = pl.DataFrame(lines, schema=_input(schema.LINES)).pipe(_bangkok, schema.LINES)
    return episodes, stays_frame, lines_frame


def _input(spec: dict) -> dict:
    return {k: (pl.Datetime("us", "UTC") if v == schema.TS else v) for k, v in spec.items()}


def _bangkok(frame: pl.DataFrame, spec: dict) -> pl.DataFrame:
    return frame.with_columns(
        [pl.col(k).dt.convert_time_zone(schema.BANGKOK) for k, v in spec.items() if v == schema.TS]
    ).cast(spec)


def decide(episode: Episode) -> None:
    """Decide the payer of every charge of the episode and save it with its reasons. Run after
    every change, so the page always shows the current answer."""
    charges = {c.line_no: c for c in episode.charges.all()}
    if not charges:
        return
    params = default_parameters()
    archive.keep(params)  # each payer names the set it was decided with (issue 18)
    fields = ["payer", "rule", "exception", "window_start", "window_end", "params_version"]
    if not episode.eligible:
        ordered = list(charges.values())
        decided = coverage.payers_not_eligible(
            episode.eligibility_failed, [c.served_at for c in ordered], episode.chose_to_stay_at
        )
        for c, (payer, rule) in zip(ordered, decided, strict=True):
            c.payer, c.rule, c.exception = payer, rule, ""
            c.window_start = c.window_end = None
            c.params_version = params.version
        Charge.objects.bulk_update(charges.values(), fields)
        return
    frames = frames_of(episode)
    problems = check.check(*frames)
    if problems.height:
        raise SitthiError(
            *[
                ErrorItem(r["code"], r["field"], {"value": r["value"] or ""})
                for r in problems.iter_rows(named=True)
            ]
        )
    decisions = coverage.decide_payers(*frames, params)
    for d in decisions.iter_rows(named=True):
        c = charges[d["line_no"]]
        c.payer, c.rule, c.exception = d["payer"], d["rule"], d["exception"] or ""
        c.window_start, c.window_end = d["window_start"], d["window_end"]
        c.params_version = params.version
    Charge.objects.bulk_update(charges.values(), fields)


def charge_reason(c: Charge) -> dict[str, str] | None:
    """Why the charge has its payer, in Thai and English with the source
    (``coverage.explain``); None before its payer is decided."""
    if not c.payer:
        return None
    return coverage.explain(
        {
            "payer": c.payer,
            "rule": c.rule,
            "exception": c.exception or None,
            "window_start": c.window_start,
            "window_end": c.window_end,
            "served_at": c.served_at,
        }
    )


def window_of(episode: Episode) -> tuple[datetime, datetime | None]:
    episodes, _, _ = frames_of(episode)
    row = coverage.windows(episodes, default_parameters()).row(0, named=True)
    return row["window_start"], row["window_end"]


def totals_by_payer(episode: Episode) -> dict[str, Decimal]:
    out: dict[str, Decimal] = {}
    for c in episode.charges.all():
        out[c.payer or "?"] = out.get(c.payer or "?", Decimal("0.00")) + c.charged
    return out


# -- the UCEP claim --------------------------------------------------------------------------------


#: A billed claim that can be billed again under its own key (a resubmission, a new revision):
#: the clearing house's rule, ``sitthi.rules.claims.workflow.RESUBMITTABLE``.
REBILL_STATES = tuple(sorted(claim_workflow.RESUBMITTABLE))


def _claim_prefix(episode: Episode, hcode: str) -> str:
    return f"UCEP-{episode.pk}-{hcode}-"


def make_claim(actor: Actor, episode_id: int, diagnoses: list[str], *, now: datetime):
    """The hospital bills its UCEP-paid charges to NHSO as clearing house (seed 001 §2 step 6);
    the claim then follows the clearing house: notice within 30 days of complete documents,
    payment within 15 days of the notice (steps 7–8).

    The only way a UCEP claim comes into being. Billing is repeatable: charges recorded after a
    first claim are billed as a further claim of the same episode (keys
    ``UCEP-<episode>-<hospital>-<n>``); a rejected or returned claim is billed again under its
    own key with its charges and any not yet billed (a new revision); a charge on a claim that
    stands is never billed again. The episode is locked while billing, so two officers billing
    at once make one claim. COVID-19 yellow/red care prices from the annex to the COVID criteria
    (programme ``ucep_covid``, seed 004 step 8), other UCEP care from the EMS fee schedule."""
    actor.require(Role.HOSPITAL)
    visible = get_episode(actor, episode_id)
    with transaction.atomic():
        episode = Episode.objects.select_for_update().get(pk=visible.pk)
        if not episode.eligible:
            raise SitthiError.one("NOT_ELIGIBLE", value=", ".join(episode.eligibility_failed))
        own = episode.charges.filter(stay__hospital_id=actor.hospital_code, payer="UCEP")
        rebill = (
            Claim.objects.filter(
                ucep_charges__in=own, hospital_id=actor.hospital_code, state__in=REBILL_STATES
            )
            .order_by("submitted_at", "id")
            .first()
        )
        charges = list(
            own.filter(claim__isnull=True) | own.filter(claim=rebill)
            if rebill
            else own.filter(claim__isnull=True)
        )
        charges.sort(key=lambda c: c.line_no)
        if not charges:
            raise SitthiError.one("NOTHING_TO_CLAIM")
        if rebill is not None:
            key = rebill.claim_key
        else:
            taken = Claim.objects.filter(
                hospital_id=actor.hospital_code,
                claim_key__startswith=_claim_prefix(episode, actor.hospital_code),
            ).count()
            key = f"{_claim_prefix(episode, actor.hospital_code)}{taken + 1}"
        first = min(c.served_at for c in charges)
        stay_start = min(c.stay.received_at for c in charges)
        claim_in = fr.ClaimIn(
            claim_key=key,
            hospital=actor.hospital_code,
            citizen_id=episode.citizen_id,
            service_type="UCEP",
            admitted_at=min(stay_start, first),
            discharged_at=max(c.served_at for c in charges),
            diagnoses=[
                fr.DiagnosisIn(code, "1" if i == 0 else "4") for i, code in enumerate(diagnoses)
            ],
            lines=[fr.LineIn(c.item_code, c.quantity, c.served_at, c.charged) for c in charges],
            **_programme_of(episode),
        )
        (outcome,) = claims.submit(actor, fr.frames_from_inputs([claim_in]), via="ucep", now=now)
        if outcome.status == "conflict":
            raise SitthiError(*outcome.errors)
        with set_actor(actor.user):
            if rebill is not None:
                Charge.objects.filter(claim=rebill).exclude(pk__in=[c.pk for c in charges]).update(
                    claim=None
                )
            Charge.objects.filter(pk__in=[c.pk for c in charges]).update(claim=outcome.claim)
    return outcome


def _programme_of(episode: Episode) -> dict:
    """Which schedules price the claim: the annex to the COVID-19 criteria for yellow/red care
    (seed 004 step 8); otherwise the service type's (the EMS fee schedule)."""
    if episode.programme == "covid_yellow_red":
        return {"programme": "ucep_covid"}
    return {}


def billing_of(episode: Episode, hcode: str | None = None) -> dict:
    """What of the episode's UCEP-paid charges is billed (by claim, with its state), what is
    not yet, and what was paid; ``hcode`` limits it to one hospital's stays."""
    own = episode.charges.filter(payer="UCEP").select_related("claim", "stay")
    if hcode:
        own = own.filter(stay__hospital_id=hcode)
    by_claim: dict[int, dict] = {}
    unbilled = Decimal("0.00")
    unbilled_lines = []
    for c in own.order_by("line_no"):
        if c.claim_id is None:
            unbilled += c.charged
            unbilled_lines.append(c.line_no)
            continue
        row = by_claim.setdefault(
            c.claim_id, {"claim": c.claim, "lines": [], "charged": Decimal("0.00")}
        )
        row["lines"].append(c.line_no)
        row["charged"] += c.charged
    claims_ = sorted(by_claim.values(), key=lambda r: r["claim"].claim_key)
    paid = sum(
        (r["claim"].payable_total or Decimal("0.00"))
        for r in claims_
        if r["claim"].state == ClaimState.PAID
    )
    rebillable = any(r["claim"].state in REBILL_STATES for r in claims_)
    return {
        "claims": claims_,
        "unbilled": unbilled,
        "unbilled_lines": unbilled_lines,
        "paid": Decimal(paid).quantize(Decimal("0.01")),
        "billable": bool(unbilled_lines) or rebillable,
    }


# -- transfer back ---------------------------------------------------------------------------------


def queue_candidates() -> list[tuple[int, str]]:
    return sorted(
        Hospital.objects.filter(
            transfer_back_group__isnull=False, ownership=Hospital.Ownership.PUBLIC
        ).values_list("transfer_back_group", "hcode")
    )


def moph_units(province: str) -> list[transfer_back.Unit]:
    """The hospitals of ``province`` as plain data, for ``transfer_back.choose_moph_hospital``
    (the rule filters and orders them)."""
    return [
        transfer_back.Unit(
            hcode=hcode,
            province=prov,
            level=level or "",
            moph=moph,
            public=ownership == Hospital.Ownership.PUBLIC,
        )
        for hcode, prov, level, moph, ownership in Hospital.objects.filter(
            province_id=province
        ).values_list("hcode", "province_id", "level", "moph", "ownership")
    ]


def advise_transfer_back(actor: Actor, episode_id: int, *, now: datetime, assign: bool = False):
    """Where the patient goes back to (seed 001, "แนวทางรับย้ายกลับ รพ. รัฐ"). For a Bangkok
    CSMBS patient whose agency has no hospital, the queue over groups 1–3 gives the next
    hospital; ``assign`` takes it (once per episode) and moves the persisted queue on."""
    actor.require(Role.HOSPITAL, Role.EMS, Role.NHSO, Role.FUND, Role.ADMIN)
    episode = get_episode(actor, episode_id)
    stay = current_stay(episode)
    right = (
        right_on(episode.person, bangkok_date(episode.admitted_at)) if episode.person_id else None
    )
    agency = right.agency if right else None
    agency_hospital = agency.own_hospital if agency and agency.own_hospital_id else None
    case = transfer_back.TransferCase(
        programme=episode.fund.programme if episode.fund else None,
        registered_unit=right.main_unit_id if right else None,
        agency_hospital=agency_hospital.hcode if agency_hospital else None,
        agency_hospital_province=agency_hospital.province_id if agency_hospital else None,
        private_hospital_province=stay.hospital.province_id,
    )
    advice = transfer_back.advise(case)
    target = getattr(advice, "target", None)
    if advice.kind == "bangkok_queue":
        existing = TransferAssignment.objects.filter(episode=episode).first()
        if existing:
            target = existing.hospital_id
        elif assign:
            target = _take_from_queue(actor, episode, now)
        else:
            queue = TransferQueue.objects.filter(name="bangkok").first()
            candidates = queue_candidates()
            target = (
                transfer_back.next_in_queue(candidates, queue.last_hcode if queue else None)
                if candidates
                else None
            )
    elif advice.kind == "moph_in_province" and not target:
        province = stay.hospital.province_id
        target = transfer_back.choose_moph_hospital(moph_units(province), province)
    return advice, (Hospital.objects.filter(hcode=target).first() if target else None)


def _take_from_queue(actor: Actor, episode: Episode, now: datetime) -> str:
    with transaction.atomic(), set_actor(actor.user):
        queue, _ = TransferQueue.objects.select_for_update().get_or_create(name="bangkok")
        chosen = transfer_back.next_in_queue(queue_candidates(), queue.last_hcode or None)
        queue.last_hcode, queue.updated_at = chosen, now
        queue.save()
        TransferAssignment.objects.create(episode=episode, hospital_id=chosen, assigned_at=now)
    return chosen


def ems_inbox(actor: Actor, *, state: str | None = None):
    """The coordination centre's inbox: notified episodes not yet closed (or those in one
    ``state``), oldest notification first."""
    actor.require(Role.EMS, Role.NHSO, Role.ADMIN)
    qs = Episode.objects.filter(notified_at__isnull=False).select_related("fund", "first_hospital")
    if state:
        if state not in EmsState.values:
            raise SitthiError.one("REQUEST_INVALID", "state", detail=f"unknown state {state}")
        qs = qs.filter(ems_state=state)
    else:
        qs = qs.exclude(ems_state=EmsState.CLOSED)
    return qs.order_by("notified_at", "pk")


def fund_inbox(actor: Actor, *, unacknowledged: bool = False):
    """A fund's inbox of UCEP notifications: its own members' episodes the coordination centre
    was notified of, newest first, to prepare the transfer back (seed 001 §2 step 2). A fund
    sees only its own members; NHSO and admins all."""
    actor.require(Role.FUND, Role.NHSO, Role.ADMIN)
    qs = Episode.objects.filter(notified_at__isnull=False).select_related("fund", "first_hospital")
    if actor.role == Role.FUND:
        qs = qs.filter(fund_id=actor.fund_code)
    if unacknowledged:
        qs = qs.filter(fund_acknowledged_at__isnull=True)
    return qs.order_by("-notified_at", "-pk")


def fund_acknowledge(actor: Actor, episode_id: int, *, now: datetime) -> Episode:
    """The owner fund has read the notification and prepares the transfer back. Once."""
    actor.require(Role.FUND)
    with transaction.atomic(), set_actor(actor.user):
        visible = get_episode(actor, episode_id)
        episode = Episode.objects.select_for_update().get(pk=visible.pk)
        if episode.notified_at is None:
            raise SitthiError.one("EMS_NOT_NOTIFIED")
        if episode.fund_acknowledged_at is None:
            episode.fund_acknowledged_at, episode.fund_acknowledged_by = now, actor.user
            episode.save(update_fields=["fund_acknowledged_at", "fund_acknowledged_by"])
    return episode


def hours_since_admission(episode: Episode, now: datetime) -> float:
    return (now - episode.admitted_at).total_seconds() / 3600
