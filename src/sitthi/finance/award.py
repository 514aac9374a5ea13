"""Bright Spot Hospital award use cases (seed 002, "Bright Spot Hospital ปี 2565"; DOMAIN.md
§6): NHSO's regional office nominates hospitals within the provinces' quotas, records each
one's figures and the committee's findings, and scores and awards them by the criteria file
(``rules/params/documents/finance/brightspot_2565_region7.yaml``). A run is kept whole with the criteria's
content hash, so its table and certificates can be shown again unchanged."""

from __future__ import annotations

import hashlib
from datetime import datetime
from decimal import Decimal
from functools import cache

from auditlog.context import set_actor
from django.db import transaction

from sitthi.core.actor import Actor
from sitthi.core.errors import ErrorItem, SitthiError
from sitthi.core.models import Role
from sitthi.registry.models import Hospital
from sitthi.registry.services import parse_number
from sitthi.rules.finance import brightspot as rules

from .models import AwardRun, Nomination, Submission

WRITERS = (Role.NHSO,)
READERS = (Role.NHSO, Role.ADMIN)


@cache
def criteria() -> rules.Criteria:
    return rules.load_criteria()


def criteria_hash() -> str:
    return hashlib.sha256(rules.DATA_FILE.read_bytes()).hexdigest()


def nominations(actor: Actor) -> list[Nomination]:
    actor.require(*READERS)
    c = criteria()
    return list(
        Nomination.objects.filter(fiscal_year=c.fiscal_year, region=c.region)
        .select_related("hospital", "hospital__province", "submission")
        .order_by("hospital__province_id", "level", "hospital_id")
    )


def nominate(actor: Actor, hcode: str, *, now: datetime) -> Nomination:
    """Put a hospital of the region forward; over the province's quota for its service level
    (M2 one, F1–F2 two, F3 one; A/S/M1 all) is refused."""
    actor.require(*WRITERS)
    c = criteria()
    hospital = (
        Hospital.objects.select_related("province").filter(hcode=(hcode or "").strip()).first()
    )
    if hospital is None:
        raise SitthiError.one("HOSPITAL_UNKNOWN", "hospital", value=hcode or "–")
    if hospital.province.region_id != c.region:
        raise SitthiError.one("BRIGHT_NOT_IN_REGION", "hospital", value=hospital.hcode)
    with transaction.atomic(), set_actor(actor.user):
        existing = list(
            Nomination.objects.select_for_update()
            .filter(fiscal_year=c.fiscal_year, region=c.region)
            .select_related("hospital")
            .order_by("id")
        )
        listed = [
            rules.Nomination(n.hospital_id, n.hospital.province_id, n.level) for n in existing
        ]
        new = rules.Nomination(hospital.hcode, hospital.province_id, hospital.level)
        problems = [
            (code, detail)
            for i, code, detail in rules.check_nominations([*listed, new], c)
            if i == len(listed)
        ]
        if problems:
            raise SitthiError(*(ErrorItem(code, "hospital", {"value": d}) for code, d in problems))
        return Nomination.objects.create(
            fiscal_year=c.fiscal_year,
            region=c.region,
            hospital=hospital,
            level=hospital.level,
            created_at=now,
            created_by=actor.user,
        )


def withdraw(actor: Actor, nomination_id: int) -> None:
    actor.require(*WRITERS)
    with transaction.atomic(), set_actor(actor.user):
        deleted, _ = Nomination.objects.filter(pk=nomination_id).delete()
    if not deleted:
        raise SitthiError.one("NOT_FOUND", "nomination")


def get_nomination(actor: Actor, nomination_id: int) -> Nomination:
    actor.require(*READERS)
    n = (
        Nomination.objects.select_related("hospital", "hospital__province")
        .filter(pk=nomination_id)
        .first()
    )
    if n is None:
        raise SitthiError.one("NOT_FOUND", "nomination")
    return n


def _value(kind: str, raw: str, name: str):
    text = (raw or "").strip().replace(",", "")
    if kind == "bool":
        if text in ("yes", "true", "1", "on"):
            return True
        if text in ("no", "false", "0", ""):
            return False
        raise SitthiError.one("VALUE_INVALID", name, value=text)
    # A figure (a ratio, a count, baht): bounded before any scoring, 12 whole digits and 6
    # decimals at most (issue 15, security review).
    return parse_number(text, name, required=False, max_digits=18, places=6)


def save_submission(actor: Actor, nomination_id: int, form, *, now: datetime) -> Submission:
    """The hospital's figures and the committee's yes/no findings; every bad number is
    reported at once and nothing is saved then. An empty number stays missing."""
    actor.require(*WRITERS)
    nomination = get_nomination(actor, nomination_id)
    values, problems = {}, []
    for name, kind in criteria().inputs():
        try:
            v = _value(kind, form.get(name, ""), name)
        except SitthiError as exc:
            problems += exc.items
            continue
        if v is not None:
            values[name] = v if isinstance(v, bool) else str(v)
    if problems:
        raise SitthiError(*problems)
    with transaction.atomic(), set_actor(actor.user):
        sub, _ = Submission.objects.update_or_create(
            nomination=nomination,
            defaults={"values": values, "updated_at": now, "updated_by": actor.user},
        )
    return sub


def _submission(n: Nomination) -> rules.Submission:
    raw = getattr(n, "submission", None)
    values = {}
    for k, v in (raw.values if raw else {}).items():
        values[k] = v if isinstance(v, bool) else Decimal(v)
    return rules.Submission(n.hospital_id, n.hospital.province_id, n.level, values)


def missing(n: Nomination) -> list[str]:
    return rules.missing_inputs(_submission(n), criteria())


def run_award(actor: Actor, *, now: datetime) -> AwardRun:
    """Score every nominated hospital and award the prizes. Every figure must be in: a
    hospital with missing inputs is named with them (BRIGHT_INPUT_MISSING), nothing is run."""
    actor.require(*WRITERS)
    c = criteria()
    noms = nominations(actor)
    if not noms:
        raise SitthiError.one("BRIGHT_NO_NOMINATIONS", "nominations")
    gaps = [(n.hospital_id, missing(n)) for n in noms]
    gaps = [(h, m) for h, m in gaps if m]
    if gaps:
        raise SitthiError(
            *(
                ErrorItem("BRIGHT_INPUT_MISSING", h, {"value": f"{h}: {', '.join(m)}"})
                for h, m in gaps
            )
        )
    subs = [_submission(n) for n in noms]
    scores = rules.score_all(subs, c)
    awards = rules.award(scores, c)
    names = {n.hospital_id: n.hospital for n in noms}
    by_hospital = {s.hospital: s for s in scores}
    result = {"groups": []}
    for code, group in c.prize_groups.items():
        rows = []
        for a in awards.get(code, []):
            s = by_hospital[a.hospital]
            h = names[a.hospital]
            rows.append(
                {
                    "hospital": a.hospital,
                    "name": h.name_th,
                    "province": h.province.name_th,
                    "level": s.level,
                    "rank": a.rank,
                    "total": str(a.total),
                    "subtotals": {k: str(v) for k, v in s.subtotals.items()},
                    "prize": str(a.prize),
                    "tied_with": list(a.tied_with),
                    "certificate": a.certificate,
                    "label_th": a.label_th,
                    "label_en": a.label_en,
                    "indicators": [
                        {
                            "code": i.code,
                            "points": str(i.points),
                            "earned": i.earned,
                            "reason_th": i.reason_th,
                            "reason_en": i.reason_en,
                        }
                        for i in s.by_indicator
                    ],
                }
            )
        result["groups"].append(
            {
                "code": code,
                "name_th": group.name_th,
                "name_en": group.name_en,
                "budget": str(group.budget),
                "certificate_only": group.certificate_only,
                "awarded": str(sum((Decimal(r["prize"]) for r in rows), Decimal("0.00"))),
                "rows": rows,
            }
        )
    with transaction.atomic(), set_actor(actor.user):
        return AwardRun.objects.create(
            fiscal_year=c.fiscal_year,
            region=c.region,
            criteria_hash=criteria_hash(),
            result=result,
            created_at=now,
            created_by=actor.user,
        )


def get_run(actor: Actor, run_id: int) -> AwardRun:
    actor.require(*READERS)
    run = AwardRun.objects.filter(pk=run_id).first()
    if run is None:
        raise SitthiError.one("NOT_FOUND", "run")
    return run


def runs(actor: Actor):
    """Every scored run the actor may read (the award page's readers), newest first."""
    actor.require(*READERS)
    return AwardRun.objects.order_by("-created_at", "-id")


def latest_run(actor: Actor) -> AwardRun | None:
    actor.require(*READERS)
    c = criteria()
    return AwardRun.objects.filter(fiscal_year=c.fiscal_year, region=c.region).first()
