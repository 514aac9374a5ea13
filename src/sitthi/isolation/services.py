"""HI Portal use cases (seed 000): add cases (triaged green first), offer each to one unit,
take or decline, close rounds at their deadlines and hand cases on, and the NHSO numbers.
Each is one transaction with an audit record; a take locks the case row, so two officers
taking at once end with one winner and one clear refusal."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from decimal import Decimal
from statistics import median

from auditlog.context import set_actor
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q, Subquery

from sitthi.claims import frames as fr
from sitthi.claims import services as claim_services
from sitthi.claims.models import Claim
from sitthi.core import archive
from sitthi.core.actor import Actor
from sitthi.core.errors import ErrorItem, SitthiError, validate_all
from sitthi.core.models import Role
from sitthi.exchange import services as exchange
from sitthi.registry.models import Person, Province
from sitthi.registry.services import (
    parse_date,
    parse_integer,
    parse_number,
    validate_citizen_id,
)
from sitthi.rules.isolation import policy, rounds, triage_gate
from sitthi.rules.kernel.thaitime import BANGKOK, bangkok_date, be_date, completed_years
from sitthi.rules.params import ParamLookupError, default_parameters
from sitthi.rules.ucep.triage import Assessment, read_measures, with_registry_age

from .models import Case, Offer, Unit

OUTCOME = Offer.Outcome


# -- units and their load today -----------------------------------------------------------------


def _rules_version(now: datetime) -> str:
    """The parameter set an offer is made under, archived the first time (issue 18)."""
    params = default_parameters()
    archive.keep(params, now=now)
    return params.version


def unit_states(on: date) -> list:
    """Every active unit with its free capacity for the Bangkok day ``on``: cases taken that
    day and offers still pending count against the day's capacity."""
    start = datetime.combine(on, datetime.min.time(), BANGKOK)
    units = Unit.objects.filter(active=True).annotate(
        taken=Count("cases", filter=Q(cases__taken_at__gte=start)),
        pending=Count("offers", filter=Q(offers__outcome=OUTCOME.PENDING)),
    )
    return [
        policy.UnitState(
            unit=u.hospital_id,
            district=u.district,
            capacity=u.daily_capacity,
            load=u.taken + u.pending,
        )
        for u in units
    ]


def _offer_next(case: Case, now: datetime, actor: Actor | None, states=None) -> Offer | None:
    """Offer ``case`` to the next unit by the policy, or put it in the NHSO queue."""
    excluded = _excluded_today(case.pk, now)
    states = states if states is not None else unit_states(bangkok_date(now))
    chosen = policy.choose_unit(case.district, excluded, states)
    if chosen is None:
        case.status = Case.Status.NHSO_QUEUE
        case.save(update_fields=["status"])
        return None
    case.status = Case.Status.OFFERED
    case.save(update_fields=["status"])
    offer = Offer.objects.create(
        case=case,
        unit_id=chosen,
        offered_at=now,
        deadline=rounds.deadline(now),
        params_version=_rules_version(now),
    )
    exchange.offers_made([offer], now=now)
    return offer


# -- cases in -----------------------------------------------------------------------------------


@dataclass
class CaseIn:
    citizen_id: str
    contact: str
    district: str
    province: str
    test_date: str
    setting: str
    assessment: dict
    address: str = ""


def _prepare(data: CaseIn, now: datetime) -> dict:
    """Everything about one case checked, nothing written: the fields of the Case to make.
    The fields and the measurements are checked together (every problem of the case at
    once); the colour triage needs them all and is judged once they are right."""
    problems: list[ErrorItem] = []
    try:
        cid, test_date, province = validate_all(
            lambda: validate_citizen_id(data.citizen_id),
            lambda: parse_date(data.test_date, "test_date"),
            lambda: _province(data.province),
            lambda: _required(data.district, "district"),
            lambda: _setting(data.setting),
        )[:3]
    except SitthiError as exc:
        problems += exc.items
    # Every measurement bounded before any rule compares it (issue 15, security review).
    measures, refused = read_measures(data.assessment)
    problems += [ErrorItem(e.code, e.field, e.params) for e in refused]
    if problems:
        raise SitthiError(*problems)
    data = replace(data, assessment=measures)
    try:
        assessment = Assessment(**data.assessment)
    except (TypeError, ValueError) as exc:
        raise SitthiError.one("REQUEST_INVALID", "assessment", detail=str(exc)) from None
    # Adult or child from the registry birth date, never typed (issue 13): an adult breathing
    # 26 a minute is yellow whatever the form said.
    on, params = bangkok_date(now), default_parameters()
    born = Person.objects.filter(citizen_id=cid).values_list("birth_date", flat=True).first()
    try:
        assessment = with_registry_age(assessment, born, on, params)
    except ParamLookupError:
        pass  # before the colour triage existed: the gate below says so
    gate = triage_gate.isolation_allowed(assessment, on, params)
    if not gate.allowed:
        thai = {"yellow": "สีเหลือง", "red": "สีแดง"}.get(gate.colour, gate.colour)
        raise SitthiError.one("CASE_NOT_GREEN", "assessment", value=f"{thai} / {gate.colour}")
    return {
        "citizen_id": cid,
        "contact": (data.contact or "").strip()[:100],
        "address": (data.address or "").strip()[:300],
        "district": data.district.strip(),
        "province": province,
        "test_date": test_date,
        "setting": data.setting,
        "colour": gate.colour,
        "assessment": {
            **{
                k: str(v) if not isinstance(v, bool | None) else v
                for k, v in data.assessment.items()
            },
            **(
                {"age_years": assessment.age_years, "is_child": assessment.is_child} if born else {}
            ),
        },
    }


def add_case(actor: Actor, data: CaseIn, *, now: datetime) -> Case:
    """NHSO adds a case wanting HI or CI. It must be triaged green by the UCEP colour rules;
    a yellow or red case is refused for isolation and pointed to UCEP (seed 004)."""
    actor.require(Role.NHSO)
    return add_cases(actor, [data], now=now)[0]


def check_cases(actor: Actor, rows: list[CaseIn], *, now: datetime) -> tuple[list, list]:
    """Every case of a file checked, nothing written: (the prepared cases, every problem of
    every row as an ErrorItem whose field names its row, ``rows[2].citizen_id``)."""
    actor.require(Role.NHSO)
    prepared, problems = [], []
    for i, data in enumerate(rows, start=1):
        try:
            prepared.append(_prepare(data, now))
        except SitthiError as exc:
            prefix = f"rows[{i}]." if len(rows) > 1 else ""
            problems += [
                ErrorItem(item.code, prefix + (item.field or ""), item.params) for item in exc.items
            ]
    return prepared, problems


def add_cases(actor: Actor, rows: list[CaseIn], *, now: datetime) -> list[Case]:
    """Many cases at once (a file): all are checked first; one bad row refuses them all, and
    the SitthiError names every problem with its row (``rows[2].citizen_id``)."""
    prepared, problems = check_cases(actor, rows, now=now)
    if problems:
        raise SitthiError(*problems)
    cases = []
    with transaction.atomic(), set_actor(actor.user):
        persons = dict(
            Person.objects.filter(citizen_id__in=[p["citizen_id"] for p in prepared]).values_list(
                "citizen_id", "pk"
            )
        )
        for fields in prepared:
            case = Case.objects.create(
                person_id=persons.get(fields["citizen_id"]),
                status=Case.Status.OFFERED,
                created_at=now,
                created_by=actor.user,
                **fields,
            )
            _offer_next(case, now, actor)
            cases.append(case)
    return cases


def _province(code: str) -> Province:
    found = Province.objects.filter(code=(code or "").strip()).first()
    if found is None:
        raise SitthiError.one("PROVINCE_UNKNOWN", "province", province=code)
    return found


def _required(value: str, field: str) -> str:
    if not (value or "").strip():
        raise SitthiError.one("VALUE_REQUIRED", field)
    return value


def _setting(value: str) -> str:
    if value not in Case.Setting.values:
        raise SitthiError.one("VALUE_INVALID", "setting", value=value)
    return value


# -- a unit decides -------------------------------------------------------------------------------


def inbox(actor: Actor):
    """The offers waiting for the actor's unit, soonest deadline first."""
    actor.require(Role.HOSPITAL)
    return (
        Offer.objects.filter(unit_id=actor.hospital_code, outcome=OUTCOME.PENDING)
        .select_related("case")
        .order_by("deadline", "case_id")
    )


def my_cases(actor: Actor):
    actor.require(Role.HOSPITAL)
    return Case.objects.filter(holder_id=actor.hospital_code).order_by("-taken_at")


def _open_offer(actor: Actor, case_id: int, now: datetime) -> tuple[Case, Offer]:
    actor.require(Role.HOSPITAL)
    case = Case.objects.select_for_update().filter(pk=case_id).first()
    if case is None or not case.offers.filter(unit_id=actor.hospital_code).exists():
        raise SitthiError.one("NOT_FOUND")  # never offered to this unit: not its business
    offer = case.offers.filter(unit_id=actor.hospital_code).order_by("-offered_at").first()
    if offer.outcome != OUTCOME.PENDING:
        raise SitthiError.one("OFFER_CLOSED", value=offer.get_outcome_display())
    if now >= offer.deadline:
        raise SitthiError.one("OFFER_CLOSED", value=OUTCOME.TIMED_OUT.label)
    return case, offer


def take(actor: Actor, case_id: int, *, now: datetime) -> Case:
    with transaction.atomic(), set_actor(actor.user):
        case, offer = _open_offer(actor, case_id, now)
        offer.outcome, offer.decided_at, offer.decided_by = OUTCOME.TAKEN, now, actor.user
        offer.save()
        case.status, case.holder_id, case.taken_at = Case.Status.TAKEN, offer.unit_id, now
        case.save()
    return case


def decline(actor: Actor, case_id: int, reason: str, *, now: datetime) -> Case:
    """A decline, with its reason, hands the case on at once."""
    if not (reason or "").strip():
        raise SitthiError.one("REASON_REQUIRED", "reason")
    with transaction.atomic(), set_actor(actor.user):
        case, offer = _open_offer(actor, case_id, now)
        offer.outcome, offer.decided_at, offer.decided_by = OUTCOME.DECLINED, now, actor.user
        offer.reason = reason.strip()[:300]
        offer.save()
        _offer_next(case, now, actor)
    return case


def close_round(now: datetime) -> dict[str, int]:
    """Every offer whose deadline has passed is timed out and its case handed on (seed 000:
    a case not taken by the round's deadline goes to another unit). All cases of the round
    are offered in one batch (``policy.assign_batch``); each offer is saved on its own, so every
    time-out and hand-on has its audit record. Safe to run as often as wanted, from
    ``sitthi worker``'s schedule (``sitthi.jobs.rounds``, once per round slot) or from cron."""
    with transaction.atomic(), set_actor(None):
        due = list(
            Offer.objects.select_for_update(skip_locked=True)
            .filter(outcome=OUTCOME.PENDING, deadline__lte=now)
            .select_related("case")
        )
        if not due:
            return {"timed_out": 0, "handed_on": 0, "nhso_queue": 0, "reopened": _reopen_due(now)}
        for offer in due:  # saved one by one so that the audit log records each
            offer.outcome, offer.decided_at = OUTCOME.TIMED_OUT, now
            offer.save(update_fields=["outcome", "decided_at"])
        cases = {o.case_id: o.case for o in due}
        tried = {cid: _excluded_today(cid, now) for cid in cases}
        states = unit_states(bangkok_date(now))
        order = sorted(cases.values(), key=lambda c: (c.created_at, c.pk))
        chosen = policy.assign_batch([(c.pk, c.district, tried[c.pk]) for c in order], states)
        round_deadline = rounds.deadline(now)
        offers, queued = [], []
        for case_id, unit in chosen:
            if unit is None:
                queued.append(case_id)
            else:
                offers.append(
                    Offer.objects.create(
                        case_id=case_id,
                        unit_id=unit,
                        offered_at=now,
                        deadline=round_deadline,
                        params_version=_rules_version(now),
                    )
                )
        for case in Case.objects.filter(pk__in=queued):
            case.status = Case.Status.NHSO_QUEUE
            case.save(update_fields=["status"])
        exchange.offers_made(offers, now=now)
        reopened = _reopen_due(now)
    return {
        "timed_out": len(due),
        "handed_on": len(offers),
        "nhso_queue": len(queued),
        "reopened": reopened,
    }


def _excluded_today(case_id: int, now: datetime) -> set[str]:
    today = bangkok_date(now)
    return policy.excluded_units(
        (
            (unit, bangkok_date(at))
            for unit, at in Offer.objects.filter(case_id=case_id).values_list(
                "unit_id", "offered_at"
            )
        ),
        today,
    )


def _reopen_due(now: datetime) -> int:
    """Queued cases whose re-opening time has come are offered again (``reopen``)."""
    due = list(
        Case.objects.select_for_update(skip_locked=True).filter(
            status=Case.Status.NHSO_QUEUE, reopen_at__lte=now
        )
    )
    for case in due:
        _reoffer(case, case.reopen_unit_id, now)
    return len(due)


def _reoffer(case: Case, unit: str | None, now: datetime) -> Offer | None:
    case.reopen_at, case.reopen_unit = None, None
    case.save(update_fields=["reopen_at", "reopen_unit"])
    if unit is None:
        return _offer_next(case, now, None)
    case.status = Case.Status.OFFERED
    case.save(update_fields=["status"])
    offer = Offer.objects.create(
        case=case,
        unit_id=unit,
        offered_at=now,
        deadline=rounds.deadline(now),
        params_version=_rules_version(now),
    )
    exchange.offers_made([offer], now=now)
    return offer


def reopen(
    actor: Actor, case_id: int, *, unit: str = "", at: datetime | None = None, now: datetime
) -> Case:
    """NHSO re-opens a case of its queue (no unit left): to one ``unit`` or, without one, to
    every unit by the policy (a unit that declined it on an earlier day counts again), now or
    at ``at``. The offer is recorded like any other, with its round's deadline; a case that is
    not in the queue is refused (CASE_NOT_QUEUED)."""
    actor.require(Role.NHSO)
    unit = (unit or "").strip()
    if unit and not Unit.objects.filter(hospital_id=unit, active=True).exists():
        raise SitthiError.one("HOSPITAL_UNKNOWN", "unit", value=unit)
    if at is not None and at.tzinfo is None:
        raise SitthiError.one("DATETIME_INVALID", "at", value=str(at))
    with transaction.atomic(), set_actor(actor.user):
        case = Case.objects.select_for_update().filter(pk=case_id).first()
        if case is None:
            raise SitthiError.one("NOT_FOUND")
        if case.status != Case.Status.NHSO_QUEUE:
            raise SitthiError.one("CASE_NOT_QUEUED", value=case.get_status_display())
        if at is not None and at > now:
            case.reopen_at, case.reopen_unit_id = at, unit or None
            case.save(update_fields=["reopen_at", "reopen_unit"])
        else:
            _reoffer(case, unit or None, now)
    return case


# -- care becomes a claim ------------------------------------------------------------------------

#: COVID-19, virus identified (WHO ICD-10 U07.1): a case reaches the portal with a positive test.
HICI_DIAGNOSIS = "U07.1"


@dataclass
class CareIn:
    """What the unit gave: the days of care (first and last day, both counted), whether meals
    were provided, and what it charges for each part. Amounts in baht as text (``"6000"``,
    ``"6000.50"``); an empty optional part is not claimed."""

    started: str
    ended: str
    meals: bool
    care_charge: str
    care_days: int | None = None  # default: every day from started to ended
    devices_charge: str = ""
    drugs_charge: str = ""
    oxygen_days: int | None = None
    oxygen_charge: str = ""


#: The most days of HI/CI care one claim may count (a stay longer than a year is no input).
MAX_CARE_DAYS = 366


def _baht(value: str, field_name: str, required: bool) -> Decimal | None:
    """An amount of baht, bounded before any arithmetic (``parse_number``: 14 digits, to the
    satang); zero or less is AMOUNT_NOT_POSITIVE."""
    amount = parse_number(value, field_name, required=required, max_digits=14, places=2)
    if amount is not None and amount <= 0:
        raise SitthiError.one("AMOUNT_NOT_POSITIVE", field_name)
    return amount


def _days(value: int | None, field_name: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool) and value <= 0:
        raise SitthiError.one("QUANTITY_NOT_POSITIVE", field_name)
    return parse_integer(value, field_name, minimum=1, maximum=MAX_CARE_DAYS)


def claim_care(actor: Actor, case_id: int, care: CareIn, *, now: datetime) -> Claim:
    """The unit holding a case claims its care through the clearing house (issue 5: "Care in
    isolation becomes claims through the clearing house at the dated HI/CI rates of the service
    date"; DOMAIN.md §2: "the unit then claims HI/CI care through the clearing house").

    One claim per case (key ``HI<case>``), service type HICI, principal diagnosis U07.1, lines:
    care a day (with or without meals), devices and drugs once, oxygen a day. HI/CI care is
    counted in days, so the stay runs from 00:00 of the first day to 00:00 of the last (Asia/
    Bangkok) and every line is served on the first day. The claim is validated and priced like
    any other — the rates are those in force on the first day of care; from 15 May 2022 it is
    refused with RATE_NOT_LOADED until NHSO loads the revised rates. Refused whole, nothing
    stored, on any problem; sending the same care again returns the same claim; a rejected or
    returned claim may be sent again corrected."""
    actor.require(Role.HOSPITAL)
    case = get_case(actor, case_id)
    if case.status != Case.Status.TAKEN or case.holder_id != actor.hospital_code:
        raise SitthiError.one("CASE_NOT_HELD")
    started, ended, care_charge, devices, drugs, care_days, oxygen_days, oxygen_charge = (
        validate_all(
            lambda: parse_date(care.started, "started"),
            lambda: parse_date(care.ended, "ended"),
            lambda: _baht(care.care_charge, "care_charge", True),
            lambda: _baht(care.devices_charge, "devices_charge", False),
            lambda: _baht(care.drugs_charge, "drugs_charge", False),
            lambda: _days(care.care_days, "care_days"),
            lambda: _days(care.oxygen_days, "oxygen_days"),
            lambda: _baht(care.oxygen_charge, "oxygen_charge", care.oxygen_days is not None),
        )
    )
    today = bangkok_date(now)
    problems = []
    if ended < started:
        problems.append(ErrorItem("DATE_ORDER", "ended"))
    if started < case.test_date:
        problems.append(
            ErrorItem("CARE_BEFORE_TEST", "started", {"value": be_date(case.test_date)})
        )
    if ended > today:
        problems.append(ErrorItem("DATE_IN_FUTURE", "ended", {"value": be_date(today)}))
    if oxygen_charge is not None and oxygen_days is None:
        problems.append(ErrorItem("VALUE_REQUIRED", "oxygen_days"))
    if problems:
        raise SitthiError(*problems)

    admitted = datetime.combine(started, datetime.min.time(), BANGKOK)
    days = (ended - started).days + 1
    lines = [
        fr.LineIn(
            "HICI-CARE-MEALS" if care.meals else "HICI-CARE",
            Decimal(care_days or days),
            admitted,
            care_charge,
        )
    ]
    if devices is not None:
        lines.append(fr.LineIn("HICI-DEVICES", Decimal(1), admitted, devices))
    if drugs is not None:
        lines.append(fr.LineIn("HICI-DRUGS", Decimal(1), admitted, drugs))
    if oxygen_days is not None:
        lines.append(fr.LineIn("HICI-OXYGEN", Decimal(oxygen_days), admitted, oxygen_charge))
    claim_in = fr.ClaimIn(
        claim_key=f"HI{case.pk}",
        hospital=actor.hospital_code,
        citizen_id=case.citizen_id,
        service_type="HICI",
        admitted_at=admitted,
        discharged_at=datetime.combine(ended, datetime.min.time(), BANGKOK),
        diagnoses=[fr.DiagnosisIn(HICI_DIAGNOSIS)],
        lines=lines,
    )
    with transaction.atomic():  # submit sets (and clears) the audit actor itself
        (outcome,) = claim_services.submit(
            actor,
            fr.frames_from_inputs([claim_in]),
            via="isolation",
            now=now,
            whole_or_nothing=True,
        )
        if outcome.claim is None or outcome.status == "conflict":
            raise SitthiError(*outcome.errors)
        with set_actor(actor.user):
            case.claim = outcome.claim
            case.save(update_fields=["claim"])
    return outcome.claim


# -- who sees a case; the NHSO board -------------------------------------------------------------


def get_case(actor: Actor, case_id: int) -> Case:
    """NHSO sees every case; a unit only the cases that were offered to it."""
    actor.require(Role.NHSO, Role.HOSPITAL, Role.ADMIN)
    qs = Case.objects.all()
    if actor.role == Role.HOSPITAL:
        qs = qs.filter(offers__unit_id=actor.hospital_code).distinct()
    found = qs.filter(pk=case_id).first()
    if found is None:
        raise SitthiError.one("NOT_FOUND")
    return found


def patient_of(actor: Actor, case: Case, today) -> dict:
    """What the actor may know of the patient (issue 13, "the case a unit holds is a patient it
    can reach"): NHSO and the unit holding the case (after taking it) see the name, age, phone
    and address; a unit that is only offered the case sees what it needs to decide — the age
    and the district — and no name, phone or address."""
    person = case.person
    age = completed_years(person.birth_date, today) if person else case.assessment.get("age_years")
    out = {
        "age_years": age,
        "district": case.district,
        "name": None,
        "phone": None,
        "address": None,
    }
    holder = (
        actor.role == Role.HOSPITAL
        and case.status == Case.Status.TAKEN
        and case.holder_id == actor.hospital_code
    )
    if holder or actor.role in (Role.NHSO, Role.ADMIN):
        name = f"{person.title}{person.first_name} {person.last_name}" if person else None
        out.update(name=name, phone=case.contact or None, address=case.address or None)
    return out


def cases_for(actor: Actor):
    """The cases ``actor`` may list: NHSO and admins every case; a unit only the cases it holds
    and those offered to it now. A case the unit declined or let time out is no longer its
    business and is not listed for it (unless it is offered to it again). Each case carries
    its open offer (``open_unit``, ``open_deadline``) when it has one, and the deadline of its
    latest offer (``last_deadline``: its round; for a unit, the offer to it)."""
    actor.require(Role.NHSO, Role.HOSPITAL, Role.ADMIN)
    offers = Offer.objects.filter(case=OuterRef("pk"))
    open_offer = offers.filter(outcome=OUTCOME.PENDING)
    qs = Case.objects.select_related("province", "holder__hospital").annotate(
        open_unit=Subquery(open_offer.values("unit_id")[:1]),
        open_deadline=Subquery(open_offer.values("deadline")[:1]),
        last_deadline=Subquery(offers.order_by("-offered_at", "-id").values("deadline")[:1]),
    )
    if actor.role == Role.HOSPITAL:
        mine = open_offer.filter(unit_id=actor.hospital_code)
        qs = qs.filter(Q(holder_id=actor.hospital_code) | Q(Exists(mine)))
    return qs


def nhso_queue(actor: Actor):
    """The cases no unit took, waiting for NHSO (the board's queue; the home page counts it)."""
    actor.require(Role.NHSO, Role.ADMIN)
    return Case.objects.filter(status=Case.Status.NHSO_QUEUE)


def board(actor: Actor) -> dict:
    actor.require(Role.NHSO, Role.ADMIN)
    per_unit = (
        Unit.objects.annotate(
            taken=Count("offers", filter=Q(offers__outcome=OUTCOME.TAKEN)),
            declined=Count("offers", filter=Q(offers__outcome=OUTCOME.DECLINED)),
            timed_out=Count("offers", filter=Q(offers__outcome=OUTCOME.TIMED_OUT)),
            pending=Count("offers", filter=Q(offers__outcome=OUTCOME.PENDING)),
        )
        .select_related("hospital")
        .order_by("hospital_id")
    )
    waits = [
        (c.taken_at - c.created_at).total_seconds() / 3600
        for c in Case.objects.filter(status=Case.Status.TAKEN).only("taken_at", "created_at")
    ]
    return {
        "waiting": Case.objects.filter(status=Case.Status.OFFERED).count(),
        "queue": nhso_queue(actor),
        "taken": len(waits),
        "median_hours": median(waits) if waits else None,
        "units": per_unit,
    }
