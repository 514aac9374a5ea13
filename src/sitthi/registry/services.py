"""Registry use cases. Each takes the Actor; pages and the API call the same functions, so
what one may see the other may too, and no more."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

import polars as pl
from auditlog.context import set_actor
from django.db import transaction
from django.utils import timezone

from sitthi.core.actor import Actor
from sitthi.core.errors import SitthiError, validate_all
from sitthi.core.logmask import mask_citizen_id
from sitthi.core.models import Role
from sitthi.rules import citizen_id as cid_rules
from sitthi.rules import rights as rights_rules
from sitthi.rules.kernel import numbers, thaitime

from .models import Contract, Hospital, Person, Right, RightsCheck

CHECKERS = (Role.HOSPITAL, Role.NHSO, Role.FUND, Role.EMS, Role.ADMIN)


def parse_date(text: str | None, field: str, today: date | None = None) -> date:
    """A calendar date as people type it: dd/mm/yyyy or yyyy-mm-dd, a year of 2400 or more
    read as Buddhist Era, 1900–2200 as Christian Era (``thaitime.read_date``); refused with
    DATE_REQUIRED, DATE_INVALID or DATE_ABSURD (the dates in the message in the Buddhist Era).
    ``today`` bounds the future; by default today in Bangkok."""
    if text is None or not str(text).strip():
        raise SitthiError.one("DATE_REQUIRED", field)
    if today is None:
        today = thaitime.bangkok_date(timezone.now())
    try:
        return thaitime.read_date(str(text), today).value
    except thaitime.DateUnread as unread:
        raise SitthiError.one(unread.code, field, **unread.params) from None


def parse_local_datetime(text: str | None, field: str, today: date | None = None) -> datetime:
    """A date and time from a form (``thaitime.read_datetime``: the date part read as
    ``parse_date`` reads it), in Bangkok time unless it carries an offset."""
    if today is None:
        today = thaitime.bangkok_date(timezone.now())
    try:
        value = thaitime.read_datetime(str(text or ""), today)
    except thaitime.DateUnread as unread:
        raise SitthiError.one(unread.code, field, **unread.params) from None
    return value if value.tzinfo else value.replace(tzinfo=thaitime.BANGKOK)


def parse_number(
    text: str | None,
    field: str,
    *,
    required: bool = True,
    max_digits: int = 14,
    places: int = 2,
    minimum: Decimal | int | None = None,
    maximum: Decimal | int | None = None,
) -> Decimal | None:
    """An exact decimal as people type it in a form ("1,250.50"), bounded before any
    arithmetic by the kernel's parser (``sitthi.rules.kernel.numbers``): empty is
    VALUE_REQUIRED (or None when not required); anything that is not a plain number
    (``NaN``, ``1e300000``, ``0x10``) is NUMBER_INVALID; more whole digits than ``max_digits
    - places`` or a value outside [``minimum``, ``maximum``] is NUMBER_OUT_OF_RANGE. The
    default bounds are a money field's: 14 digits, 2 places (satang)."""
    if text is None or not str(text).strip():
        if required:
            raise SitthiError.one("VALUE_REQUIRED", field)
        return None
    try:
        return numbers.parse_decimal(
            text,
            max_digits=max_digits,
            places=places,
            minimum=minimum,
            maximum=maximum,
            field=field,
        )
    except numbers.NumberError as exc:
        raise number_error(exc) from None


#: The largest row id the database holds (a 64-bit integer): a bigger "id" is no id.
MAX_ID = 2**63 - 1


def parse_integer(
    text: str | int | None, field: str, *, minimum: int, maximum: int, required: bool = True
) -> int | None:
    """A whole number from outside within [``minimum``, ``maximum``], coded as
    ``parse_number`` is."""
    if text is None or not str(text).strip():
        if required:
            raise SitthiError.one("VALUE_REQUIRED", field)
        return None
    try:
        return numbers.parse_int(text, minimum=minimum, maximum=maximum, field=field)
    except numbers.NumberError as exc:
        raise number_error(exc) from None


def number_error(exc: numbers.NumberError) -> SitthiError:
    """The kernel's refusal of a number as the error a service raises."""
    return SitthiError.one(exc.code, exc.field, **exc.params)


def validate_citizen_id(text: str, field: str = "citizen_id") -> str:
    cid = cid_rules.normalise(text or "")
    code = cid_rules.problem(cid)
    if code:
        raise SitthiError.one(code, field)
    return cid


def find_hospital(text: str, field: str = "hospital") -> Hospital:
    hcode = (text or "").strip()
    if not re.fullmatch(r"\d{5}", hcode):
        raise SitthiError.one("HOSPITAL_FORMAT", field)
    hospital = Hospital.objects.select_related("province").filter(hcode=hcode).first()
    if hospital is None:
        raise SitthiError.one("HOSPITAL_UNKNOWN", field, value=hcode)
    return hospital


def right_on(person: Person, on: date) -> Right | None:
    """The person's right in force on ``on`` (rule: ``sitthi.rules.rights.rights_on``)."""
    rights = {
        r.pk: r for r in person.rights.select_related("fund", "main_unit", "agency__own_hospital")
    }
    query = pl.DataFrame({"qid": [0], "citizen_id": [person.citizen_id], "on": [on]})
    found = rights_rules.rights_on(
        query, _dated_frame(rights.values(), citizen_id=lambda r: person.citizen_id)
    )
    return rights.get(found["id"][0])


@dataclass(frozen=True)
class RightsAnswer:
    person: Person
    on: date
    right: Right | None
    hospital: Hospital | None
    in_network: bool | None
    network_contract: Contract | None
    check: RightsCheck


def check_rights(
    actor: Actor,
    citizen_id: str,
    on: str | None,
    hospital: str | None,
    *,
    via: str,
    now: datetime,
) -> RightsAnswer:
    """The fund and main unit in force for a person on a date and, when a hospital is named,
    whether it is inside that fund's contract network that day.

    Every input is validated before anything is read or written; all problems with the
    inputs are reported together. A hospital officer may ask only about its own hospital
    (the network question is asked *for* the hospital the patient stands in); leaving the
    hospital out means its own. The answer is recorded as a RightsCheck of the actor's
    hospital (masked ID), audited.
    """
    actor.require(*CHECKERS)
    if actor.role == Role.HOSPITAL and not hospital:
        hospital = actor.hospital_code
    cid, on_date, asked = validate_all(
        lambda: validate_citizen_id(citizen_id),
        lambda: parse_date(on, "on"),
        lambda: find_hospital(hospital) if hospital else None,
    )
    if asked is not None:
        actor.require_hospital(asked.hcode)

    person = Person.objects.filter(citizen_id=cid).first()
    if person is None:
        raise SitthiError.one("PERSON_UNKNOWN", "citizen_id")

    right = right_on(person, on_date)
    in_network = contract = None
    if asked is not None and right is not None:
        contracts = {c.pk: c for c in Contract.objects.filter(hospital=asked, fund=right.fund)}
        query = {"qid": [0], "on": [on_date], "hospital": [asked.hcode], "fund": [right.fund_id]}
        found = rights_rules.network(
            pl.DataFrame(query),
            _dated_frame(
                contracts.values(), hospital=lambda c: c.hospital_id, fund=lambda c: c.fund_id
            ),
        )
        in_network, contract = found["in_network"][0], contracts.get(found["id"][0])

    with transaction.atomic(), set_actor(actor.user):
        check = RightsCheck.objects.create(
            checked_at=now,
            user=actor.user,
            via=via,
            hospital_id=actor.hospital_code,
            person=person,
            citizen_id=mask_citizen_id(cid),
            on=on_date,
            asked_hospital=asked,
            fund=right.fund if right else None,
            in_network=in_network,
        )
    return RightsAnswer(person, on_date, right, asked, in_network, contract, check)


@dataclass(frozen=True)
class PublicAnswer:
    on: date
    right: Right | None


def public_rights(citizen_id: str, birth_date: str, today: date) -> PublicAnswer:
    """A person checks their own right today with citizen ID and birth date. A wrong birth
    date and an unknown ID get the same answer, so the page reveals nothing about anyone
    else; nothing is written."""
    cid, born = validate_all(
        lambda: validate_citizen_id(citizen_id), lambda: parse_date(birth_date, "birth_date")
    )
    person = Person.objects.filter(citizen_id=cid, birth_date=born).first()
    if person is None:
        raise SitthiError.one("PUBLIC_NO_MATCH")
    return PublicAnswer(today, right_on(person, today))


def checks_for(actor: Actor, hospital: str | None = None):
    """The rights checks an actor may read: a hospital officer its own hospital's only
    (asking for another hospital is refused, not silently narrowed); NHSO and administrators
    all, optionally by hospital."""
    actor.require(Role.HOSPITAL, Role.NHSO, Role.ADMIN)
    qs = RightsCheck.objects.select_related("fund", "asked_hospital", "user", "hospital")
    if hospital:
        actor.require_hospital(hospital)
        qs = qs.filter(hospital_id=hospital)
    elif actor.role == Role.HOSPITAL:
        qs = qs.filter(hospital_id=actor.hospital_code)
    return qs


def get_check(actor: Actor, check_id: int) -> RightsCheck:
    """One check; another hospital's is answered exactly like a missing one (404), so a
    hospital cannot learn which IDs exist elsewhere."""
    found = checks_for(actor).filter(pk=check_id).first()
    if found is None:
        raise SitthiError.one("NOT_FOUND")
    return found


def _dated_frame(rows, **keys) -> pl.DataFrame:
    """A frame of dated rows (id, valid_from, valid_until and the named key columns) for the
    rules in ``sitthi.rules.rights``."""
    rows = list(rows)
    data = {
        "id": [r.pk for r in rows],
        "valid_from": [r.valid_from for r in rows],
        "valid_until": [r.valid_until for r in rows],
    }
    data |= {name: [get(r) for r in rows] for name, get in keys.items()}
    schema = {"id": pl.Int64, "valid_from": pl.Date, "valid_until": pl.Date}
    return pl.DataFrame(data, schema=schema | {name: pl.String for name in keys})


_DATED = {"valid_from": pl.Date, "valid_until": pl.Date}


def _rows_frame(query, fields: dict[str, str]) -> pl.DataFrame:
    """A frame of the query's ``fields`` (column: model field) and their validity dates."""
    rows = list(query.values_list(*fields.values(), "valid_from", "valid_until"))
    return pl.DataFrame(rows, schema={name: pl.String for name in fields} | _DATED, orient="row")


def rights_frame(citizen_ids) -> pl.DataFrame:
    """The rights of these people (citizen_id, fund, valid_from, valid_until), as
    ``sitthi.rules.rights.rights_on`` reads them."""
    return _rows_frame(
        Right.objects.filter(person__citizen_id__in=list(citizen_ids)),
        {"citizen_id": "person__citizen_id", "fund": "fund_id"},
    )


def contracts_frame(hcodes) -> pl.DataFrame:
    """The fund contracts of these hospitals (hospital, fund, valid_from, valid_until), as
    ``sitthi.rules.rights.contract_funds`` reads them."""
    return _rows_frame(
        Contract.objects.filter(hospital_id__in=list(hcodes)),
        {"hospital": "hospital_id", "fund": "fund_id"},
    )
