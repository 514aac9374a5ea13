"""Clearing-house use cases: submit (idempotent by the hospital's claim key), decide
(validate and price by the rules in force on the service date), move through the states,
notify owner funds, record payments, and report deadlines and statements.

Each use case is one transaction with an audit record; refusals are raised before anything
is written."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

import polars as pl
from auditlog.context import set_actor
from django.db import transaction
from django.db.models import Q

from sitthi.core import archive, audit, bulk, filetypes
from sitthi.core.actor import Actor
from sitthi.core.errors import ErrorItem, SitthiError
from sitthi.core.models import Role
from sitthi.exchange import services as exchange
from sitthi.exchange.models import Kind as EventKind
from sitthi.registry import services as registry
from sitthi.registry.models import Hospital, Person
from sitthi.rules import rights as rights_rules
from sitthi.rules.claims import price as price_rules
from sitthi.rules.claims import schema, workflow
from sitthi.rules.claims import tariff as tariff_rules
from sitthi.rules.claims import validate as validate_rules
from sitthi.rules.kernel import money
from sitthi.rules.kernel.thaitime import BANGKOK, bangkok_date
from sitthi.rules.params import default_parameters
from sitthi.rules.params.loader import ParameterSet

from . import frames as fr
from . import races
from .models import (
    Claim,
    ClaimDiagnosis,
    ClaimDocument,
    ClaimEvent,
    ClaimLine,
    ClaimProblem,
    ClaimState,
    Notice,
    TariffItem,
    TariffVersion,
)

S = ClaimState
#: Which moves a claim may make, and from which states it may be sent again through
#: ``submit``, are the rule's: ``sitthi.rules.claims.workflow`` (MOVES, RESUBMITTABLE).


# -- the tariff in force -------------------------------------------------------------------------


def tariff_frame(
    versions: list[TariffVersion] | None = None, params: ParameterSet | None = None
) -> tuple[pl.DataFrame, str]:
    """All active fee schedules plus the flat rates of the dated parameters, each row with the
    programme it prices, and a version string naming what was used (kept on each decision so
    it can be replayed). A replay names the schedule versions and the parameter set a stored
    decision used (``sitthi.claims.replay``)."""
    if versions is None:
        versions = list(TariffVersion.objects.filter(active=True).order_by("schedule"))
    items = TariffItem.objects.filter(version__in=versions).values_list(
        "programme",
        "version__schedule",
        "item_code",
        "category",
        "description",
        "unit",
        "unit_price",
        "pricing",
        "valid_from",
        "valid_until",
        "source",
        "illustrative",
    )
    rows = [
        {
            "programme": prog,
            "schedule": s,
            "item_code": code,
            "category": cat,
            "description": desc,
            "unit": unit,
            "unit_price_satang": money.to_satang(price, rounding=money.HALF_UP),
            "pricing": pricing,
            "valid_from": vf,
            "valid_until": vu,
            "source": src,
            "illustrative": ill,
        }
        for prog, s, code, cat, desc, unit, price, pricing, vf, vu, src, ill in items
    ]
    loaded = pl.DataFrame(rows, schema=schema.TARIFF) if rows else schema.empty(schema.TARIFF)
    params = params or default_parameters()
    flat = tariff_rules.flat_rate_rows(params)
    frame = pl.concat([loaded, flat.select(list(schema.TARIFF))], how="vertical")
    version = ";".join(f"{v.schedule}:{v.content_hash[:12]}" for v in versions)
    return frame, f"{version};params:{params.version}".lstrip(";")


@transaction.atomic
@dataclass
class TariffChange:
    """What loading a file would do to one schedule: the version in force it replaces (None:
    a new schedule) and the items added, removed and changed (price, rule or dates)."""

    schedule: str
    current: TariffVersion | None
    rows: int
    added: list[dict] = field(default_factory=list)
    removed: list[dict] = field(default_factory=list)
    changed: list[tuple[dict, dict]] = field(default_factory=list)

    @property
    def replaces(self) -> bool:
        return self.current is not None


def _tariff_key(programme, item_code, valid_from) -> tuple:
    return (programme, item_code, valid_from)


def plan_tariff(actor: Actor | None, data: bytes, filename: str) -> list[TariffChange]:
    """Read a fee schedule file (refused whole with every problem, TariffFileError) and say,
    schedule by schedule, what loading it would replace; nothing is stored. A schedule whose
    content is the version in force already is left out (loading it changes nothing)."""
    if actor is not None:
        actor.require(Role.NHSO, Role.ADMIN)
    frame = tariff_rules.read_tariff(data, filename)
    out = []
    for (schedule_name,), part in frame.partition_by("schedule", as_dict=True).items():
        current = (
            TariffVersion.objects.filter(schedule=schedule_name, active=True)
            .select_related("loaded_by")
            .first()
        )
        if current and current.content_hash == tariff_rules.tariff_hash(part):
            continue
        change = TariffChange(schedule_name, current, part.height)
        if current is not None:
            old = {
                _tariff_key(i.programme, i.item_code, i.valid_from): {
                    "programme": i.programme,
                    "item_code": i.item_code,
                    "description": i.description,
                    "unit_price": i.unit_price,
                    "pricing": i.pricing,
                    "valid_from": i.valid_from,
                    "valid_until": i.valid_until,
                }
                for i in current.items.all()
            }
            new = {}
            for r in part.iter_rows(named=True):
                new[_tariff_key(r["programme"], r["item_code"], r["valid_from"])] = {
                    "programme": r["programme"],
                    "item_code": r["item_code"],
                    "description": r["description"] or "",
                    "unit_price": money.baht_or_none(r["unit_price_satang"]),
                    "pricing": r["pricing"],
                    "valid_from": r["valid_from"],
                    "valid_until": r["valid_until"],
                }
            keys = ("unit_price", "pricing", "valid_until")
            change.added = [new[k] for k in sorted(new.keys() - old.keys(), key=str)]
            change.removed = [old[k] for k in sorted(old.keys() - new.keys(), key=str)]
            change.changed = [
                (old[k], new[k])
                for k in sorted(old.keys() & new.keys(), key=str)
                if any(old[k][f] != new[k][f] for f in keys)
            ]
        out.append(change)
    return out


def load_tariff(
    actor: Actor | None,
    data: bytes,
    filename: str,
    *,
    now: datetime,
    expect: dict[str, int] | None = None,
) -> TariffVersion:
    """Load a fee schedule file; it replaces the active version of each schedule it holds
    (the replaced version is kept, inactive, and listed on the fee schedules page).
    A file with any problem is refused whole (TariffFileError carries the per-row report).
    Each row is stored once for each programme its schedule declares (column ``programme``;
    none: ``general``). ``expect`` (schedule → id of the version in force the preview showed,
    0 for none) refuses with UPLOAD_STAGE_STALE when a schedule changed since the preview."""
    if actor is not None:
        actor.require(Role.NHSO, Role.ADMIN)
    frame = tariff_rules.read_tariff(data, filename)
    created = None
    with transaction.atomic():
        if expect is not None:
            in_force = dict(
                TariffVersion.objects.select_for_update()
                .filter(active=True, schedule__in=list(expect))
                .values_list("schedule", "pk")
            )
            stale = sorted(k for k, v in expect.items() if in_force.get(k, 0) != v)
            if stale:
                raise SitthiError.one("UPLOAD_STAGE_STALE", "stage", value=", ".join(stale))
        for (schedule_name,), part in frame.partition_by("schedule", as_dict=True).items():
            digest = tariff_rules.tariff_hash(part)
            current = TariffVersion.objects.filter(schedule=schedule_name, active=True).first()
            if current and current.content_hash == digest:
                created = current
                continue
            with set_actor(actor.user if actor else None):
                if current is not None:  # kept, inactive; saved so that the audit log sees it
                    current.active = False
                    current.save(update_fields=["active"])
                created = TariffVersion.objects.create(
                    schedule=schedule_name,
                    content_hash=digest,
                    filename=filename[:200],
                    illustrative=bool(part["illustrative"].any()),
                    rows=part.height,
                    loaded_at=now,
                    loaded_by=actor.user if actor else None,
                )
            TariffItem.objects.bulk_create(
                TariffItem(
                    version=created,
                    programme=r["programme"],
                    item_code=r["item_code"],
                    category=r["category"] or "",
                    description=r["description"] or "",
                    unit=r["unit"] or "",
                    unit_price=money.baht_or_none(r["unit_price_satang"]),
                    pricing=r["pricing"],
                    valid_from=r["valid_from"],
                    valid_until=r["valid_until"],
                    source=r["source"] or "",
                    illustrative=bool(r["illustrative"]),
                )
                for r in part.iter_rows(named=True)
            )
    return created


def replaced_tariffs() -> list[dict]:
    """Every fee schedule version a later one replaced, newest first, with when and by whom
    it was replaced (the next version of its schedule)."""
    versions = list(TariffVersion.objects.select_related("loaded_by").order_by("schedule", "pk"))
    out = []
    for before, after in zip(versions, versions[1:], strict=False):
        if before.schedule == after.schedule and not before.active:
            out.append({"version": before, "replaced_at": after.loaded_at, "by": after.loaded_by})
    return sorted(out, key=lambda r: r["replaced_at"], reverse=True)


def tariff_in_force(on: date) -> list[dict]:
    """Every fee-schedule item in force on ``on`` (its validity covers the day), of the
    schedules in force and the dated parameters' flat rates, as the tariffs page lists them
    (``tariff_frame``): by schedule, item code, programme; the price in baht."""
    frame, _version = tariff_frame()
    in_force = frame.filter(
        (pl.col("valid_from") <= on)
        & (pl.col("valid_until").is_null() | (pl.col("valid_until") >= on))
    ).sort("schedule", "item_code", "programme", "valid_from")
    return [
        {**r, "unit_price": money.baht_or_none(r.pop("unit_price_satang"))}
        for r in in_force.to_dicts()
    ]


# -- facts the rules need ------------------------------------------------------------------------


#: A stored claim's fields in ``workflow.PAID_IDENTITY``'s order (the same care, paid once).
PAID_FIELDS = ("hospital_id", "citizen_id", "service_type", "admitted_at")


def claim_facts(frames: fr.Frames) -> pl.DataFrame:
    """Look up, in a few queries for the whole batch, what the rules need to know about each
    claim: is the hospital registered, which fund covers the person on the admission date,
    which funds the hospital has contracts with that day, is it a duplicate of a paid claim."""
    claims = frames.claims.with_columns(on=pl.col("admitted_at").dt.date())
    hcodes = claims["hospital"].unique().to_list()
    known = set(Hospital.objects.filter(hcode__in=hcodes).values_list("hcode", flat=True))

    cids = claims["citizen_id"].unique().to_list()
    rights_frame = registry.rights_frame(cids)
    with_fund = rights_rules.rights_on(
        claims.select(qid="claim_id", citizen_id="citizen_id", on="on"), rights_frame
    ).select(claim_id="qid", fund="fund")

    contract_frame = registry.contracts_frame(hcodes)
    funds = rights_rules.contract_funds(
        claims.select(qid="claim_id", hospital="hospital", on="on"), contract_frame
    ).select(claim_id="qid", contract_funds="contract_funds")

    paid = set(
        Claim.objects.filter(state=S.PAID, hospital_id__in=hcodes, citizen_id__in=cids).values_list(
            *PAID_FIELDS
        )
    )
    duplicate = (
        workflow.duplicates_of_paid(claims.iter_rows(named=True), paid)
        if paid
        else [False] * claims.height
    )

    return (
        claims.select("claim_id", "hospital")
        .with_columns(
            hospital_known=pl.col("hospital").is_in(list(known)),
            duplicate_of_paid=pl.Series(duplicate, dtype=pl.Boolean),
        )
        .join(with_fund, on="claim_id", how="left")
        .join(funds, on="claim_id", how="left")
        .with_columns(pl.col("contract_funds").fill_null([]))
        .select(list(schema.CLAIM_FACTS))
        .cast(schema.CLAIM_FACTS)
    )


@dataclass
class Decision:
    errors: pl.DataFrame
    priced: pl.DataFrame
    payer: pl.DataFrame
    version: str


def decide(
    frames: fr.Frames,
    *,
    versions: list[TariffVersion] | None = None,
    params: ParameterSet | None = None,
    facts: pl.DataFrame | None = None,
    tariff: tuple[pl.DataFrame, str] | None = None,
) -> Decision:
    """Validate and price a batch by the rules in force on each service date: the active fee
    schedules and the shipped parameters, or (a replay) the ``versions`` and ``params`` a
    stored decision used, with the ``facts`` as they stood, or (a what-if) a ``tariff`` frame
    of changed schedules with its version text."""
    tariff, version = tariff if tariff is not None else tariff_frame(versions, params)
    facts = claim_facts(frames) if facts is None else facts
    revisions = tariff_rules.pending_revisions(params or default_parameters())
    errors = validate_rules.validate(
        frames.claims, facts, frames.diagnoses, frames.lines, tariff, revisions
    )
    priced = price_rules.price(frames.claims, frames.lines, tariff)
    payer = validate_rules.payer(frames.claims, facts)
    return Decision(errors, priced, payer, version)


# -- submission ------------------------------------------------------------------------------------


@dataclass
class Outcome:
    claim_key: str
    claim: Claim | None
    status: str  # created | unchanged | resubmitted | conflict
    errors: list[ErrorItem] = field(default_factory=list)


def _problem_items(errors: pl.DataFrame) -> dict[int, list[ErrorItem]]:
    out: dict[int, list[ErrorItem]] = {}
    for r in errors.iter_rows(named=True):
        field_name = r["field"]
        if r.get("line_no") is not None:
            field_name = f"lines[{r['line_no']}].{field_name}"
        out.setdefault(r["claim_id"], []).append(
            ErrorItem(r["code"], field_name, {"value": r.get("value") or ""})
        )
    return out


#: The longest text each stored column takes (claims.models); longer is refused before any
#: rule runs, whichever way the claim came (the JSON schema has the same bounds; the form,
#: the file and FHIR reach the service with their own readers).
STORED_LENGTHS = {
    "keys": {"claim_key": 100, "hospital": 5},
    "claims": {"service_type": 20},
    "diagnoses": {"code": 10, "dx_type": 2},
    "lines": {"item_code": 40},
}


def _within_stored_lengths(frames: fr.Frames) -> None:
    problems = []
    for frame_name, limits in STORED_LENGTHS.items():
        frame = getattr(frames, frame_name)
        for column, limit in limits.items():
            if column not in frame.columns or frame.height == 0:
                continue
            if (frame[column].cast(pl.String).str.len_chars().fill_null(0) > limit).any():
                problems.append(
                    ErrorItem(
                        "REQUEST_INVALID",
                        column,
                        {"detail": f"{column}: at most {limit} characters"},
                    )
                )
    if problems:
        raise SitthiError(*problems)


@races.retry_key_races  # two submissions of one key at once: see races.py
def submit(
    actor: Actor,
    frames: fr.Frames,
    *,
    via: str,
    now: datetime,
    whole_or_nothing: bool = False,
    check_only: bool = False,
) -> list[Outcome]:
    """Take a batch of claims from one hospital.

    - The hospital officer may only send its own hospital's claims.
    - Sending the same claim again (same key, same content) returns the stored claim and
      writes nothing; a different claim under a used key is refused (CLAIM_KEY_CONFLICT)
      unless the stored claim was rejected or returned, when it is a resubmission: a new
      revision, with the old one kept in the history.
    - Each new claim is decided at once: accepted and priced, or rejected with all its errors.
    - ``whole_or_nothing`` (files): if any claim has any error or conflict, nothing is stored
      and the outcomes carry every problem.
    - One way to the money (issue 13): a UCEP claim only from ``via="ucep"`` (the billing of
      an episode), a HI/CI claim only from ``via="isolation"`` (a case the unit holds); any
      other is ``refused`` with CLAIM_NEEDS_EPISODE / CLAIM_NEEDS_CASE and stores nothing — in
      a batch, that claim alone; in a whole-or-nothing file, the file. A claim naming its
      programme (``ClaimIn.programme``) is refused likewise (CLAIM_PROGRAMME_NOT_ALLOWED)
      unless it is the billing of a UCEP episode naming ``ucep`` or ``ucep_covid``.
    - ``check_only``: every claim checked as above and nothing stored (the claims of a file
      refused for other problems, so that its report holds every problem at once).
    """
    actor.require(Role.HOSPITAL)
    if frames.claims.height == 0:
        raise SitthiError.one("LINES_MISSING", "claims")
    for hospital in frames.keys["hospital"].unique().to_list():
        actor.require_hospital(hospital)
    keys = {r["claim_id"]: r for r in frames.keys.iter_rows(named=True)}
    _within_stored_lengths(frames)
    if any(not (r["claim_key"] or "").strip() for r in keys.values()):
        # Every way in names its key (the JSON schema, the file's column, the form's field);
        # this is the service's own guard, for a way in that forgot (found by the FHIR fuzz).
        raise SitthiError.one("VALUE_REQUIRED", "claim_key")
    dupes = [
        k
        for k, n in Counter((r["hospital"], r["claim_key"]) for r in keys.values()).items()
        if n > 1
    ]
    if dupes:
        raise SitthiError(
            *[ErrorItem("DUPLICATE_IN_FILE", "claim_key", {"value": k[1]}) for k in dupes]
        )

    hashes = fr.content_hashes(frames)
    existing = {
        (c.hospital_id, c.claim_key): c
        for c in Claim.objects.filter(
            hospital_id=actor.hospital_code,
            claim_key__in=[r["claim_key"] for r in keys.values()],
        )
    }
    outcomes: dict[int, Outcome] = {}
    to_decide: list[int] = []
    wrong_path = {**_malformed_ids(frames), **_off_their_path(frames, via)}
    for cid, k in keys.items():
        found = existing.get((k["hospital"], k["claim_key"]))
        if cid in wrong_path:
            outcomes[cid] = Outcome(k["claim_key"], None, "refused", [wrong_path[cid]])
        elif found is None:
            to_decide.append(cid)
        elif found.content_hash == hashes[cid]:
            outcomes[cid] = Outcome(k["claim_key"], found, "unchanged")
        elif found.state in workflow.RESUBMITTABLE:
            to_decide.append(cid)
        else:
            outcomes[cid] = Outcome(
                k["claim_key"],
                found,
                "conflict",
                [ErrorItem("CLAIM_KEY_CONFLICT", "claim_key", {"key": k["claim_key"]})],
            )

    subset = _subset(frames, to_decide)
    decision = decide(subset) if to_decide else None
    problems = _problem_items(decision.errors) if decision else {}
    if check_only or (
        whole_or_nothing
        and (problems or any(o.status in ("conflict", "refused") for o in outcomes.values()))
    ):
        for cid in to_decide:
            outcomes[cid] = Outcome(keys[cid]["claim_key"], None, "refused", problems.get(cid, []))
        return [outcomes[cid] for cid in keys]

    batch = _Batch(subset, decision) if decision else None
    with transaction.atomic(), set_actor(actor.user):
        found = {
            cid: existing.get((keys[cid]["hospital"], keys[cid]["claim_key"])) for cid in to_decide
        }
        races.lock_as_read(found.values())
        stored = _store(actor, batch, found, hashes, via, now) if to_decide else {}
        for cid in to_decide:
            outcomes[cid] = Outcome(
                keys[cid]["claim_key"],
                stored[cid],
                "resubmitted" if found[cid] else "created",
                problems.get(cid, []),
            )
    return [outcomes[cid] for cid in keys]


def _malformed_ids(frames: fr.Frames) -> dict[int, ErrorItem]:
    """Claims whose citizen ID is not 13 ASCII digits: refused with CID_FORMAT and never
    stored (issue 15: such a value — ``1' OR 1=1 --``, 14 digits — does not fit the 13-character
    column, and PostgreSQL answered 500). A well-formed ID with a wrong check digit is still
    decided, and rejected with CID_CHECK_DIGIT."""
    bad = frames.claims.filter(~pl.col("citizen_id").str.contains(r"^[0-9]{13}$").fill_null(False))[
        "claim_id"
    ]
    return {cid: ErrorItem("CID_FORMAT", "citizen_id") for cid in bad.to_list()}


def _off_their_path(frames: fr.Frames, via: str) -> dict[int, ErrorItem]:
    """Claims of a kind that belongs to an episode or a case (``SERVICE_TYPES[…]["only_via"]``:
    UCEP through its episode, HI/CI through the case the unit holds) sent any other way: each
    is refused with its code and stores nothing — one way to the money.

    A claim naming its programme (the schedules that price it, ``schema.PROGRAMMES``) is
    refused with CLAIM_PROGRAMME_NOT_ALLOWED unless it is the billing of a UCEP episode
    (``via="ucep"``) naming one of its service type's ``programmes``: a hospital cannot
    choose a schedule; the episode's programme decides it (issue 13)."""
    out = {}
    cols = ["claim_id", "service_type"]
    if "programme" in frames.claims.columns:
        cols.append("programme")
    for r in frames.claims.select(cols).iter_rows(named=True):
        spec = schema.SERVICE_TYPES.get(r["service_type"] or "", {})
        only = spec.get("only_via")
        named = r.get("programme")
        if only and only[0] != via:
            out[r["claim_id"]] = ErrorItem(only[1], "service_type", {"value": r["service_type"]})
        elif named is not None and (via != "ucep" or named not in spec.get("programmes", ())):
            out[r["claim_id"]] = ErrorItem(
                "CLAIM_PROGRAMME_NOT_ALLOWED", "programme", {"value": named}
            )
    return out


def _subset(frames: fr.Frames, ids: list[int]) -> fr.Frames:
    keep = pl.col("claim_id").is_in(ids)
    return fr.Frames(
        frames.claims.filter(keep),
        frames.diagnoses.filter(keep),
        frames.lines.filter(keep),
        frames.keys.filter(keep),
    )


def _group(frame: pl.DataFrame, *order: str) -> dict[int, list[dict]]:
    out: dict[int, list[dict]] = {}
    for r in frame.sort("claim_id", *order).iter_rows(named=True):
        out.setdefault(r["claim_id"], []).append(r)
    return out


class _Batch:
    """A decided batch split by claim once, so storing n claims stays linear in n."""

    def __init__(self, frames: fr.Frames, decision: Decision):
        self.claims = {r["claim_id"]: r for r in frames.claims.iter_rows(named=True)}
        self.keys = {r["claim_id"]: r for r in frames.keys.iter_rows(named=True)}
        self.lines = _group(frames.lines, "line_no")
        self.dx = _group(frames.diagnoses, "seq")
        self.errors = _group(decision.errors, "line_no")
        self.priced = _group(decision.priced, "line_no")
        self.payer = dict(decision.payer.select("claim_id", "payer").iter_rows())
        self.programme = dict(tariff_rules.claim_programmes(frames.claims).collect().iter_rows())
        cids = {r["citizen_id"] for r in self.claims.values()}
        self.persons = dict(
            Person.objects.filter(citizen_id__in=cids).values_list("citizen_id", "pk")
        )
        self.version = decision.version
        self.frames, self.decision = frames, decision

    def of(self, cid: int) -> dict:
        row = self.claims[cid]
        return {
            "row": row,
            "key": self.keys[cid],
            "lines": self.lines.get(cid, []),
            "dx": self.dx.get(cid, []),
            "errors": self.errors.get(cid, []),
            "priced": {p["line_no"]: p for p in self.priced.get(cid, [])},
            "payer": self.payer.get(cid),
            "programme": self.programme.get(cid),
            "person_id": self.persons.get(row["citizen_id"]),
            "version": self.version,
        }


#: Rows per INSERT when a batch is stored: a claim row has 24 columns, a line 15; both stay
#: well under PostgreSQL's 65,535 parameters a statement and SQLite's limit is Django's own.
CLAIMS_PER_INSERT = 1000
ROWS_PER_INSERT = 2000


def _store(
    actor: Actor,
    batch: _Batch,
    previous: dict[int, Claim | None],
    hashes: dict[int, str],
    via: str,
    now: datetime,
) -> dict[int, Claim]:
    """Store a decided batch set-wise, in the caller's transaction: the new claims in one
    INSERT (chunked) with their audit records (``core.audit.log_created``, the records
    auditlog's signal would write one by one), then the history, diagnoses, lines and
    problems of every claim of the batch in one INSERT each. A resubmission (a stored claim
    rejected or returned, sent again with new content) is updated in place one by one, as
    before: its previous revision kept in a "resubmitted" event's snapshot, its saved
    changes audited by auditlog's signal. The rows are the same as storing each claim alone."""
    params = default_parameters()
    params_version = params.version
    archive.keep(params, now=now)  # the version stored below can always be turned back
    ones = {cid: batch.of(cid) for cid in previous}
    claims: dict[int, Claim] = {}
    fresh: list[Claim] = []
    for cid, found in previous.items():
        fields = _fields(ones[cid], hashes[cid], via, now, params_version)
        if found is None:
            key = ones[cid]["key"]
            claim = Claim(
                hospital_id=key["hospital"], claim_key=key["claim_key"], revision=1, **fields
            )
            fresh.append(claim)
        else:
            claim = _resubmit(actor, found, fields, now)
        claims[cid] = claim
    Claim.objects.bulk_create(fresh, batch_size=CLAIMS_PER_INSERT)
    audit.log_created(fresh)
    resubmitted = [c for cid, c in claims.items() if previous[cid] is not None]
    if resubmitted:
        for model in (ClaimLine, ClaimDiagnosis, ClaimProblem):
            model.objects.filter(claim__in=resubmitted).delete()

    events, diagnoses, problems = [], [], []
    for cid, claim in claims.items():
        one = ones[cid]
        errors = one["errors"]
        if previous[cid] is None:
            events.append(_event(claim, actor, now, "", S.SUBMITTED, via))
        events.append(
            _event(
                claim, actor, now, S.SUBMITTED, claim.state, ", ".join(e["code"] for e in errors)
            )
        )
        diagnoses += [
            ClaimDiagnosis(claim=claim, seq=d["seq"], code=d["code"], dx_type=d["dx_type"] or "")
            for d in one["dx"]
        ]
        problems += [
            ClaimProblem(
                claim=claim,
                line_no=e["line_no"],
                field=e["field"] or "",
                code=e["code"],
                value=(e.get("value") or "")[:100],
            )
            for e in errors
        ]
    ClaimEvent.objects.bulk_create(events, batch_size=ROWS_PER_INSERT)
    ClaimDiagnosis.objects.bulk_create(diagnoses, batch_size=ROWS_PER_INSERT)
    bulk.insert_frame(ClaimLine, _lines_frame(batch, claims))
    ClaimProblem.objects.bulk_create(problems, batch_size=ROWS_PER_INSERT)
    exchange.claim_decided(claims.values(), now=now)
    return claims


def _fields(one: dict, content_hash: str, via: str, now: datetime, params_version: str) -> dict:
    """A decided claim's own fields (all but hospital, key and revision)."""
    row, lines, errors, priced = one["row"], one["lines"], one["errors"], one["priced"]
    rejected = bool(errors)
    charged = sum(ln["charged_satang"] for ln in lines)
    payable = None if rejected else sum(p["payable_satang"] for p in priced.values())
    return dict(
        content_hash=content_hash,
        via=via,
        citizen_id=row["citizen_id"],
        person_id=one["person_id"],
        service_type=row["service_type"],
        programme=one["programme"] or "",
        admitted_at=row["admitted_at"],
        discharged_at=row["discharged_at"],
        state=workflow.decided_state(rejected),
        fund_id=one["payer"] if not rejected else None,
        charged_total=money.baht_or_none(charged),
        payable_total=money.baht_or_none(payable),
        params_version=params_version,
        tariff_versions=one["version"][:400],
        submitted_at=now,
        decided_at=now,
        documents_complete_at=None,
        notice_due=None,
    )


def _resubmit(actor: Actor, previous: Claim, fields: dict, now: datetime) -> Claim:
    """A new revision of a stored claim: its content so far kept in the "resubmitted" event's
    snapshot, then the claim updated in place (auditlog records the change). The caller
    replaces its diagnoses, lines and problems and writes the decision's event."""
    snapshot = claim_snapshot(previous)
    from_state = previous.state
    claim = previous
    for name, value in fields.items():
        setattr(claim, name, value)
    claim.revision += 1
    claim.save()
    _event(claim, actor, now, from_state, S.SUBMITTED, "resubmitted", snapshot).save()
    return claim


def _event(claim, actor, now, from_state, to_state, note, snapshot=None) -> ClaimEvent:
    return ClaimEvent(
        claim=claim,
        at=now,
        actor=actor.user,
        from_state=from_state,
        to_state=to_state,
        revision=claim.revision,
        note=note,
        snapshot=snapshot,
    )


def _lines_frame(batch: _Batch, claims: dict[int, Claim]) -> pl.DataFrame:
    """The ``ClaimLine`` rows of the stored claims, set-wise (``core.bulk.insert_frame``): each
    line as sent, with its pricing decision and why when the line was priced (schedule, unit
    price, tariff amount, rule, the tariff row's dates and source); payable only on a claim
    accepted whole. What a line stores is what ``claim_out`` and the pages read back."""
    stored = pl.DataFrame(
        {
            "claim_id": list(claims),
            "claim_pk": [c.pk for c in claims.values()],
            "rejected": [c.state == S.REJECTED for c in claims.values()],
        },
        schema={"claim_id": pl.Int64, "claim_pk": pl.Int64, "rejected": pl.Boolean},
    )
    priced = batch.decision.priced.select(list(schema.PRICED))
    lines = batch.frames.lines.join(stored, on="claim_id", maintain_order="left").join(
        priced, on=["claim_id", "line_no"], how="left", maintain_order="left"
    )
    money_text = bulk.decimal_text
    return lines.select(
        claim_id="claim_pk",
        line_no="line_no",
        item_code="item_code",
        quantity=money_text("quantity_milli", 3),
        served_at=bulk.timestamp_text("served_at"),
        charged=money_text("charged_satang", 2),
        schedule=pl.col("schedule").fill_null(""),
        unit_price=money_text("unit_price_satang", 2),
        tariff_amount=money_text("tariff_satang", 2),
        payable=pl.when(pl.col("rejected")).then(None).otherwise(money_text("payable_satang", 2)),
        rule=pl.col("rule").fill_null(""),
        tariff_valid_from="tariff_valid_from",
        tariff_valid_until="tariff_valid_until",
        tariff_source=pl.col("tariff_source").fill_null(""),
        illustrative=pl.col("illustrative").fill_null(False),
    )


def claim_snapshot(claim: Claim) -> dict:
    return {
        "revision": claim.revision,
        "state": claim.state,
        "content_hash": claim.content_hash,
        "admitted_at": claim.admitted_at.isoformat(),
        "discharged_at": claim.discharged_at.isoformat() if claim.discharged_at else None,
        "service_type": claim.service_type,
        "programme": claim.programme,
        "diagnoses": [[d.code, d.dx_type] for d in claim.diagnoses.all()],
        "lines": [
            [
                ln.item_code,
                str(ln.quantity),
                ln.served_at.isoformat(),
                str(ln.charged),
                str(ln.payable) if ln.payable is not None else None,
            ]
            for ln in claim.lines.all()
        ],
        "problems": [[p.code, p.field, p.line_no] for p in claim.problems.all()],
    }


# -- reading ---------------------------------------------------------------------------------------


def claims_for(actor: Actor):
    """A hospital sees its own claims; a fund the claims it pays; NHSO and admins all."""
    actor.require(Role.HOSPITAL, Role.NHSO, Role.FUND, Role.ADMIN)
    qs = Claim.objects.select_related("hospital", "fund", "notice")
    if actor.role == Role.HOSPITAL:
        return qs.filter(hospital_id=actor.hospital_code)
    if actor.role == Role.FUND:
        return qs.filter(fund_id=actor.fund_code, state__in=[S.NOTIFIED, S.PAID])
    return qs


def get_claim(actor: Actor, claim_id: int) -> Claim:
    found = claims_for(actor).filter(pk=claim_id).first()
    if found is None:
        raise SitthiError.one("NOT_FOUND")
    return found


def item_names(codes) -> dict[str, str]:
    """The fee schedules' names (descriptions) of item codes, from the schedules in force."""
    out: dict[str, str] = {}
    rows = TariffItem.objects.filter(version__active=True, item_code__in=list(codes))
    for code, text in rows.values_list("item_code", "description").order_by("item_code", "id"):
        out.setdefault(code, text)
    return out


LOOKUP_ROLES = (Role.HOSPITAL, Role.NHSO, Role.FUND, Role.ADMIN)


def lookup(kind: str, q: str, limit: int = 20) -> list[dict]:
    """Codes whose code or name holds ``q``: ICD-10 (WHO titles and the TM additions) or the
    items of the fee schedules in force. At most ``limit``; codes starting with ``q`` first."""
    from sitthi.rules.claims import icd10

    q = (q or "").strip()
    if len(q) < 2:
        return []
    if kind == "icd10":
        norm = icd10.normalise(q)
        words = q.lower().split()
        hits = []
        for c in icd10.valid_codes().to_list():
            name = icd10.description(c) or ""
            low = name.lower()
            if c.startswith(norm):
                rank = 0
            elif all(w in low for w in words):
                rank = 1 if low.startswith(words[0]) else 2
            else:
                continue
            hits.append((rank, len(c), c, name))
        return [
            {"code": c if len(c) <= 3 else f"{c[:3]}.{c[3:]}", "name": n}
            for _r, _n, c, n in sorted(hits)[:limit]
        ]
    if kind == "item":
        rows = (
            TariffItem.objects.filter(version__active=True)
            .filter(Q(item_code__icontains=q) | Q(description__icontains=q))
            .values_list("item_code", "description", "unit_price")
            .order_by("item_code")
        )
        out: dict[str, dict] = {}
        for code, text, price in rows[: limit * 4]:
            out.setdefault(code, {"code": code, "name": text, "unit_price": f"{price:.2f}"})
        return list(out.values())[:limit]
    raise SitthiError.one("VALUE_INVALID", "kind", value=kind)


# -- state moves ------------------------------------------------------------------------------------


def _move(claim: Claim, to: str, actor: Actor, now: datetime, note: str = "") -> None:
    if not workflow.can_move(claim.state, to):
        raise SitthiError.one("STATE_MOVE_INVALID", "state", from_state=claim.state, to_state=to)
    ClaimEvent.objects.create(
        claim=claim,
        at=now,
        actor=actor.user,
        from_state=claim.state,
        to_state=to,
        revision=claim.revision,
        note=note,
    )
    claim.state = to


def deadline_days(name: str, on: date) -> int:
    return workflow.deadline_days(default_parameters(), name, on)


def mark_documents_complete(actor: Actor, claim_id: int, *, now: datetime) -> Claim:
    """NHSO has the complete documents: the 30-day clock to notify the owner fund starts
    (seed 001_9fcdabf8e5dd4edb.txt §2 step 7; parameter claims.notice_deadline_days)."""
    actor.require(Role.NHSO)
    with transaction.atomic(), set_actor(actor.user):
        claim = Claim.objects.select_for_update().get(pk=get_claim(actor, claim_id).pk)
        _move(claim, S.DOCUMENTS_COMPLETE, actor, now)
        today = bangkok_date(now)
        claim.documents_complete_at = now
        claim.notice_due = workflow.notice_due(
            today, deadline_days(workflow.NOTICE_DEADLINE, today)
        )
        claim.save()
        exchange.claim_moved(EventKind.CLAIM_DOCUMENTS_COMPLETE, claim, now=now)
    return claim


def return_for_correction(actor: Actor, claim_id: int, reason: str, *, now: datetime) -> Claim:
    actor.require(Role.NHSO)
    if not (reason or "").strip():
        raise SitthiError.one("REASON_REQUIRED", "reason")
    with transaction.atomic(), set_actor(actor.user):
        claim = Claim.objects.select_for_update().get(pk=get_claim(actor, claim_id).pk)
        _move(claim, S.RETURNED, actor, now, reason.strip())
        claim.documents_complete_at = None
        claim.notice_due = None
        claim.save()
        exchange.claim_moved(EventKind.CLAIM_RETURNED, claim, now=now, reason=reason.strip())
    return claim


def create_notice(actor: Actor, fund: str, claim_ids: list[int], *, now: datetime) -> Notice:
    """NHSO notifies an owner fund of verified claims; the fund pays within the payment
    deadline counted from the notice (seed 001 §2 step 8; claims.payment_deadline_days)."""
    actor.require(Role.NHSO)
    if not claim_ids:
        raise SitthiError.one("VALUE_REQUIRED", "claim_ids")
    with transaction.atomic(), set_actor(actor.user):
        claims = list(Claim.objects.select_for_update().filter(pk__in=claim_ids).order_by("pk"))
        if len(claims) != len(set(claim_ids)):
            raise SitthiError.one("NOT_FOUND", "claim_ids")
        problems = [
            ErrorItem(
                "STATE_MOVE_INVALID",
                f"claim_ids[{c.pk}]",
                {"from_state": c.state, "to_state": S.NOTIFIED},
            )
            for c in claims
            if not workflow.can_move(c.state, S.NOTIFIED)
        ]
        problems += [
            ErrorItem("FUND_SCOPE", f"claim_ids[{c.pk}]", {"own": fund})
            for c in claims
            if c.fund_id != fund
        ]
        if problems:
            raise SitthiError(*problems)
        today = bangkok_date(now)
        notice = Notice.objects.create(
            fund_id=fund,
            created_at=now,
            created_by=actor.user,
            total=sum((c.payable_total for c in claims), Decimal("0.00")),
            payment_due=workflow.payment_due(
                today, deadline_days(workflow.PAYMENT_DEADLINE, today)
            ),
        )
        for claim in claims:
            _move(claim, S.NOTIFIED, actor, now, notice.number)
            claim.notice = notice
            claim.save()
        exchange.notice_event(EventKind.NOTICE_SENT, notice, now=now)
    return notice


def notices_for(actor: Actor):
    """A fund officer sees only the notices addressed to its fund; NHSO and admins all."""
    actor.require(Role.FUND, Role.NHSO, Role.ADMIN)
    qs = Notice.objects.select_related("fund")
    if actor.role == Role.FUND:
        qs = qs.filter(fund_id=actor.fund_code)
    return qs


def get_notice(actor: Actor, notice_id: int) -> Notice:
    found = notices_for(actor).filter(pk=notice_id).first()
    if found is None:
        raise SitthiError.one("NOT_FOUND")
    return found


def record_payment(
    actor: Actor, notice_id: int, amount: Decimal, paid_on: date, reference: str, *, now: datetime
) -> Notice:
    """The fund records that it paid a notice, in full. Paying twice, or paying another
    fund's notice, is refused."""
    actor.require(Role.FUND)
    with transaction.atomic(), set_actor(actor.user):
        visible = get_notice(actor, notice_id)
        notice = Notice.objects.select_for_update().get(pk=visible.pk)
        if notice.paid_on is not None:
            raise SitthiError.one("NOTICE_ALREADY_PAID")
        if amount != notice.total:
            raise SitthiError.one(
                "PAYMENT_AMOUNT_MISMATCH",
                "amount",
                paid=f"{amount:,.2f}",
                due=f"{notice.total:,.2f}",
            )
        if not (reference or "").strip():
            raise SitthiError.one("VALUE_REQUIRED", "reference")
        _pay(actor, notice, amount, paid_on, reference, now)
    return notice


def _pay(actor, notice: Notice, amount: Decimal, paid_on: date, reference: str, now) -> None:
    notice.paid_amount, notice.paid_on = amount, paid_on
    notice.payment_reference = reference.strip()[:100]
    notice.paid_recorded_at, notice.paid_by = now, actor.user
    notice.save()
    for claim in Claim.objects.select_for_update().filter(notice=notice):
        _move(claim, S.PAID, actor, now, notice.number)
        claim.paid_at = now
        claim.save()
        exchange.claim_moved(EventKind.CLAIM_PAID, claim, now=now, notice=notice.number)
    exchange.notice_event(EventKind.NOTICE_PAID, notice, now=now)


def record_transfer(
    actor: Actor,
    notice_ids: list[int],
    amount: Decimal,
    paid_on: date,
    reference: str,
    *,
    now: datetime,
) -> list[Notice]:
    """One bank transfer pays several notices of the fund: one reference, one date, and an
    amount that must be the sum of the notices' totals. All or nothing: a notice of another
    fund, one not found, one already paid, or a sum that differs refuses the whole transfer
    with every problem listed, and nothing is written. Each notice is then paid as
    ``record_payment`` pays it (its own total, the transfer's reference and date)."""
    actor.require(Role.FUND)
    ids = list(dict.fromkeys(notice_ids))
    if not ids:
        raise SitthiError.one("VALUE_REQUIRED", "notice_ids")
    if len(ids) > BULK_MAX:
        raise SitthiError.one("BULK_TOO_MANY", "notice_ids", limit=BULK_MAX)
    if not (reference or "").strip():
        raise SitthiError.one("VALUE_REQUIRED", "reference")
    with transaction.atomic(), set_actor(actor.user):
        notices = {
            n.pk: n for n in Notice.objects.select_for_update().filter(pk__in=ids).order_by("pk")
        }
        problems = []
        for i in ids:
            n = notices.get(i)
            if n is None:
                problems.append(ErrorItem("NOT_FOUND", f"notice_ids[{i}]"))
            elif n.fund_id != actor.fund_code:
                problems.append(
                    ErrorItem("FUND_SCOPE", f"notice_ids[{i}]", {"own": actor.fund_code})
                )
            elif n.paid_on is not None:
                problems.append(ErrorItem("NOTICE_ALREADY_PAID", f"notice_ids[{i}]"))
        total = sum((n.total for n in notices.values()), Decimal("0.00"))
        if not problems and amount != total:
            problems.append(
                ErrorItem(
                    "TRANSFER_SUM_MISMATCH",
                    "amount",
                    {"paid": f"{amount:,.2f}", "due": f"{total:,.2f}"},
                )
            )
        if problems:
            raise SitthiError(*problems)
        for i in ids:
            _pay(actor, notices[i], notices[i].total, paid_on, reference, now)
    return [notices[i] for i in ids]


# -- correct and resend, documents, bulk moves ---------------------------------------------------

#: The most items one bulk action (claims moved, notices paid) takes.
BULK_MAX = 500


def resend(actor: Actor, claim_id: int, claim: fr.ClaimIn, *, via: str, now: datetime) -> Outcome:
    """The owning hospital corrects a rejected or returned claim and sends it again: the same
    claim key's next revision, through ``submit`` (decided like any other claim; the replaced
    revision kept in the history's snapshot). Another hospital's claim is not found; a claim
    in another state is refused (CLAIM_NOT_RESENDABLE); the same content again is refused
    (RESEND_UNCHANGED)."""
    actor.require(Role.HOSPITAL)
    stored = get_claim(actor, claim_id)
    if stored.state not in workflow.RESUBMITTABLE:
        raise SitthiError.one("CLAIM_NOT_RESENDABLE", "state", state=stored.state)
    claim.claim_key, claim.hospital = stored.claim_key, stored.hospital_id
    (outcome,) = submit(actor, fr.frames_from_inputs([claim]), via=via, now=now)
    if outcome.status == "unchanged":
        raise SitthiError.one("RESEND_UNCHANGED")
    if outcome.status in ("conflict", "refused"):
        raise SitthiError(*outcome.errors)
    return outcome


def return_reason(claim: Claim) -> str | None:
    """NHSO's reason of the claim's latest return, when it is returned."""
    if claim.state != S.RETURNED:
        return None
    event = claim.events.filter(to_state=S.RETURNED).order_by("-at", "-id").first()
    return event.note if event else None


def revisions(claim: Claim) -> list[dict]:
    """Each revision of the claim, oldest first (the replaced ones from their snapshots, the
    current one from the records), with what changed from the revision before."""
    snaps = [
        e.snapshot
        for e in claim.events.filter(snapshot__isnull=False).order_by("revision", "at", "id")
    ]
    current = claim_snapshot(claim)
    out, before = [], None
    for snap in [*snaps, current]:
        out.append({**snap, "changes": _changes(before, snap) if before else []})
        before = snap
    return out


_CHANGE_LABELS = {
    "service_type": "บริการ / service",
    "admitted_at": "วันเวลารับบริการ / admitted",
    "discharged_at": "วันเวลาจำหน่าย / discharged",
    "diagnoses": "การวินิจฉัย / diagnoses",
    "line": "รายการ / line",
}


def _when(text: str | None) -> str:
    """An ISO time of a snapshot as Bangkok's Buddhist-Era date and time."""
    if not text:
        return "–"
    at = datetime.fromisoformat(text).astimezone(BANGKOK)
    return f"{at.day}/{at.month}/{at.year + 543} {at:%H:%M}"


def _changes(old: dict, new: dict) -> list[str]:
    """What a revision changed from the one before, one line per field or claim line."""
    out = []
    if old.get("service_type") != new.get("service_type"):
        out.append(
            f"{_CHANGE_LABELS['service_type']}: {old.get('service_type')} → "
            f"{new.get('service_type')}"
        )
    for name in ("admitted_at", "discharged_at"):
        if old.get(name) != new.get(name):
            out.append(f"{_CHANGE_LABELS[name]}: {_when(old.get(name))} → {_when(new.get(name))}")
    if old.get("diagnoses") != new.get("diagnoses"):
        fmt = lambda ds: "; ".join(d[0] for d in ds or []) or "–"  # noqa: E731
        out.append(
            f"{_CHANGE_LABELS['diagnoses']}: {fmt(old.get('diagnoses'))} → "
            f"{fmt(new.get('diagnoses'))}"
        )
    a, b = old.get("lines") or [], new.get("lines") or []
    for i in range(max(len(a), len(b))):
        x = a[i][:4] if i < len(a) else None
        y = b[i][:4] if i < len(b) else None
        if x != y:
            show = lambda ln: f"{ln[0]} × {ln[1]} = {ln[3]}" if ln else "–"  # noqa: E731
            out.append(f"{_CHANGE_LABELS['line']} {i + 1}: {show(x)} → {show(y)}")
    return out


DOCUMENT_MAX = 10 * 1024 * 1024


def attach_document(
    actor: Actor, claim_id: int, data: bytes, filename: str, *, now: datetime
) -> ClaimDocument:
    """The owning hospital attaches a PDF, JPEG or PNG (at most 10 MB) to its claim."""
    actor.require(Role.HOSPITAL)
    claim = get_claim(actor, claim_id)
    if not data:
        raise SitthiError.one("DOCUMENT_EMPTY", "file")
    if len(data) > DOCUMENT_MAX:
        raise SitthiError.one("FILE_TOO_LARGE", "file", limit="10 MB")
    content_type = filetypes.document_type(data)  # the bytes opened, as for assistance documents
    if content_type is None:
        raise SitthiError.one("DOCUMENT_TYPE_REFUSED", "file")
    import hashlib
    import os

    with transaction.atomic(), set_actor(actor.user):
        return ClaimDocument.objects.create(
            claim=claim,
            filename=os.path.basename(filename or "document")[:200] or "document",
            content_type=content_type,
            size=len(data),
            sha256=hashlib.sha256(data).hexdigest(),
            data=data,
            uploaded_at=now,
            uploaded_by=actor.user,
        )


def documents_of(actor: Actor, claim_id: int):
    """A claim's documents, for whoever may see the claim: its hospital, NHSO, its owner fund
    (once notified) and admins; the file content itself is not read here."""
    actor.require(Role.HOSPITAL, Role.NHSO, Role.FUND, Role.ADMIN)
    claim = get_claim(actor, claim_id)
    return ClaimDocument.objects.filter(claim=claim).defer("data").select_related("uploaded_by")


def get_document(actor: Actor, claim_id: int, document_id: int) -> ClaimDocument:
    found = ClaimDocument.objects.filter(claim=get_claim(actor, claim_id), pk=document_id).first()
    if found is None:
        raise SitthiError.one("NOT_FOUND")
    return found


@dataclass
class ItemResult:
    id: int
    ok: bool
    state: str | None = None
    errors: list[ErrorItem] = field(default_factory=list)


BULK_MOVES = ("documents-complete", "return")


def bulk_move(
    actor: Actor, claim_ids: list[int], move: str, reason: str = "", *, now: datetime
) -> list[ItemResult]:
    """NHSO marks many claims documents-complete, or returns them with one reason, in one
    action. Each claim goes through the same per-claim service (its own transaction, audit
    record and event); a refused one is reported with its reason and the others are done."""
    actor.require(Role.NHSO)
    if move not in BULK_MOVES:
        raise SitthiError.one("VALUE_INVALID", "move", value=move)
    ids = list(dict.fromkeys(claim_ids))
    if not ids:
        raise SitthiError.one("VALUE_REQUIRED", "claim_ids")
    if len(ids) > BULK_MAX:
        raise SitthiError.one("BULK_TOO_MANY", "claim_ids", limit=BULK_MAX)
    if move == "return" and not (reason or "").strip():
        raise SitthiError.one("REASON_REQUIRED", "reason")
    out = []
    for claim_id in ids:
        try:
            if move == "documents-complete":
                claim = mark_documents_complete(actor, claim_id, now=now)
            else:
                claim = return_for_correction(actor, claim_id, reason, now=now)
        except SitthiError as exc:
            out.append(ItemResult(claim_id, False, None, exc.items))
        else:
            out.append(ItemResult(claim_id, True, claim.state))
    return out


# -- deadlines and statements -------------------------------------------------------------------


@dataclass(frozen=True)
class Deadline:
    kind: str  # "notice" (NHSO must notify) | "payment" (fund must pay)
    due: date
    days_left: int
    subject: object  # Claim or Notice

    @property
    def overdue(self) -> bool:
        return workflow.overdue(self.days_left)

    @property
    def days_overdue(self) -> int:
        return workflow.days_overdue(self.days_left)


def deadlines(actor: Actor, today: date) -> list[Deadline]:
    """Open deadlines, most urgent first: claims with complete documents waiting to be
    notified (NHSO), and notices waiting for payment (NHSO sees all; a fund its own)."""
    actor.require(Role.NHSO, Role.FUND, Role.ADMIN)
    out = []
    if actor.role != Role.FUND:
        for c in Claim.objects.filter(state=S.DOCUMENTS_COMPLETE).select_related(
            "hospital", "fund"
        ):
            out.append(Deadline("notice", c.notice_due, workflow.days_left(c.notice_due, today), c))
    for n in notices_for(actor).filter(paid_on__isnull=True):
        out.append(Deadline("payment", n.payment_due, workflow.days_left(n.payment_due, today), n))
    return sorted(out, key=lambda d: (d.due, d.kind))


@dataclass
class Statement:
    hospital: Hospital
    date_from: date
    date_to: date
    claims: list[Claim]
    total_charged: Decimal
    total_paid: Decimal


def statement(actor: Actor, hospital: str, date_from: date, date_to: date) -> Statement:
    """The statement of payment (STM) of a hospital for the claims paid in a period (Bangkok
    dates, inclusive). Totals are the sums of the lines, to the satang."""
    if date_to < date_from:
        actor.require(Role.HOSPITAL, Role.NHSO, Role.ADMIN)
        actor.require_hospital(hospital)
        raise SitthiError.one("DATE_ORDER", "date_to")
    start = datetime.combine(date_from, datetime.min.time(), BANGKOK)
    end = datetime.combine(date_to + timedelta(days=1), datetime.min.time(), BANGKOK)
    lines = statement_lines(actor, hospital).filter(Q(paid_at__gte=start) & Q(paid_at__lt=end))
    return statement_of(Hospital.objects.get(hcode=hospital), date_from, date_to, list(lines))


def statement_lines(actor: Actor, hospital: str):
    """Every paid claim of ``hospital``, in the order the statement lists them; a hospital
    officer may ask for its own only (HOSPITAL_SCOPE), an unknown code is HOSPITAL_UNKNOWN."""
    actor.require(Role.HOSPITAL, Role.NHSO, Role.ADMIN)
    actor.require_hospital(hospital)
    if not Hospital.objects.filter(hcode=hospital).exists():
        raise SitthiError.one("HOSPITAL_UNKNOWN", "hospital", value=hospital)
    return (
        Claim.objects.filter(hospital_id=hospital, state=S.PAID)
        .select_related("fund", "notice", "hospital")
        .order_by("paid_at", "pk")
    )


def statement_of(hospital: Hospital, date_from: date, date_to: date, claims) -> Statement:
    """A statement of the given lines (the statement page's filtered lines): the totals are
    their sums, to the satang."""
    claims = list(claims)
    return Statement(
        hospital,
        date_from,
        date_to,
        claims,
        sum((c.charged_total for c in claims), Decimal("0.00")),
        sum((c.payable_total for c in claims), Decimal("0.00")),
    )
