"""Replay (issue 18): decide stored claims again under the versions they were decided with —
the fee-schedule versions and the parameter set named on each claim (``tariff_versions``,
``params_version``; the set is turned back from its archive, ``sitthi.core.archive``) — and
report every difference from what is stored. On an untouched database there is none.

What is compared, per claim: accepted or rejected, the paying fund, the failed edits (code,
line, field) and each line's payable amount, rule and schedule. The facts are read as they
stand (the registry's rights and contracts; a claim counts as a duplicate only of claims paid
before it was decided, never of itself), so a difference can also mean the registry changed
since: the report says what differs, and the decision it would be now."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal

import polars as pl

from sitthi.core import archive
from sitthi.rules.claims import workflow
from sitthi.rules.kernel import money
from sitthi.rules.params.loader import ParamError

from . import frames as fr
from . import services
from .models import Claim, ClaimState, TariffVersion

S = ClaimState
BATCH = 500


@dataclass(frozen=True)
class Difference:
    claim_id: int
    claim_key: str
    hospital: str
    line_no: int | None
    what: str  # outcome | fund | problems | payable | rule | schedule | versions
    stored: str
    replayed: str


@dataclass
class Report:
    claims: int = 0
    lines: int = 0
    differences: list[Difference] = field(default_factory=list)
    #: versions that could not be turned back (each claim that used one is a "versions"
    #: difference and is not decided again)
    missing: list[str] = field(default_factory=list)

    @property
    def same(self) -> bool:
        return not self.differences


def _versions(text: str) -> tuple[list[tuple[str, str]], str | None]:
    """``schedule:hash12;…;params:version`` → the schedules and the parameter version."""
    schedules, params = [], None
    for part in filter(None, (text or "").split(";")):
        name, _, digest = part.partition(":")
        if name == "params":
            params = digest
        else:
            schedules.append((name, digest))
    return schedules, params


def _schedule_versions(pairs: list[tuple[str, str]]) -> list[TariffVersion] | None:
    out = []
    for schedule, digest in pairs:
        found = (
            TariffVersion.objects.filter(schedule=schedule, content_hash__startswith=digest)
            .order_by("pk")
            .first()
        )
        if found is None:
            return None
        out.append(found)
    return sorted(out, key=lambda v: v.schedule)


def inputs_of(claims: list[Claim]) -> fr.Frames:
    return fr.frames_from_inputs(
        [
            fr.ClaimIn(
                claim_key=c.claim_key,
                hospital=c.hospital_id,
                citizen_id=c.citizen_id,
                service_type=c.service_type,
                admitted_at=c.admitted_at,
                discharged_at=c.discharged_at,
                diagnoses=[fr.DiagnosisIn(d.code, d.dx_type) for d in c.diagnoses.all()],
                lines=[
                    fr.LineIn(ln.item_code, ln.quantity, ln.served_at, ln.charged)
                    for ln in c.lines.all()
                ],
                # Only a UCEP episode's billing names its programme; the others' is their
                # service type's, as when they were decided.
                programme=(c.programme or None) if c.via == "ucep" else None,
            )
            for c in claims
        ]
    )


def facts_then(frames: fr.Frames, claims: list[Claim]) -> pl.DataFrame:
    """The facts as ``services.claim_facts`` reads them, with "a duplicate of a paid claim"
    as it stood when each claim was decided: paid before it, and not itself."""
    facts = services.claim_facts(frames)
    paid: dict[tuple, list[tuple]] = defaultdict(list)  # identity → [(pk, paid_at)]
    for pk, paid_at, *identity in Claim.objects.filter(
        state=S.PAID,
        hospital_id__in={c.hospital_id for c in claims},
        citizen_id__in={c.citizen_id for c in claims},
    ).values_list("pk", "paid_at", *services.PAID_FIELDS):
        paid[tuple(identity)].append((pk, paid_at))
    rows = frames.claims.sort("claim_id").iter_rows(named=True)
    duplicate = [
        any(
            pk != c.pk and paid_at and paid_at < c.decided_at
            for pk, paid_at in paid.get(workflow.paid_identity(row), ())
        )
        for c, row in zip(claims, rows, strict=True)
    ]
    ids = frames.claims.sort("claim_id")["claim_id"]
    then = pl.DataFrame({"claim_id": ids, "duplicate_of_paid": duplicate})
    return (
        facts.drop("duplicate_of_paid")
        .join(then, on="claim_id", how="left")
        .select(facts.columns)
        .cast(facts.schema)
    )


def _text(value) -> str:
    return "" if value is None else str(value)


def _compare(claim: Claim, cid: int, decision: services.Decision) -> Iterator[Difference]:
    def diff(what, stored, replayed, line=None):
        return Difference(
            claim.pk, claim.claim_key, claim.hospital_id, line, what, _text(stored), _text(replayed)
        )

    errors = decision.errors.filter(pl.col("claim_id") == cid)
    rejected = errors.height > 0
    was_rejected = claim.state == S.REJECTED
    if rejected != was_rejected:
        yield diff(
            "outcome",
            "rejected" if was_rejected else "accepted",
            "rejected" if rejected else "accepted",
        )
    stored_problems = sorted((p.code, p.line_no or 0, p.field or "") for p in claim.problems.all())
    replayed_problems = sorted(
        (r["code"], r.get("line_no") or 0, r["field"] or "") for r in errors.iter_rows(named=True)
    )
    if stored_problems != replayed_problems:
        yield diff("problems", stored_problems, replayed_problems)
    if not rejected and not was_rejected:
        payer = dict(decision.payer.select("claim_id", "payer").iter_rows()).get(cid)
        if payer != claim.fund_id:
            yield diff("fund", claim.fund_id, payer)
    priced = {
        r["line_no"]: r
        for r in decision.priced.filter(pl.col("claim_id") == cid).iter_rows(named=True)
    }
    for ln in claim.lines.all():
        p = priced.get(ln.line_no, {})
        payable = None
        if not rejected and p.get("payable_satang") is not None:
            payable = money.baht(p["payable_satang"])
        stored = ln.payable if not was_rejected else None
        if (stored is None) != (payable is None) or (
            stored is not None and Decimal(stored) != payable
        ):
            yield diff("payable", stored, payable, ln.line_no)
        if (ln.rule or "") != (p.get("rule") or ""):
            yield diff("rule", ln.rule, p.get("rule"), ln.line_no)
        if (ln.schedule or "") != (p.get("schedule") or ""):
            yield diff("schedule", ln.schedule, p.get("schedule"), ln.line_no)


def replay(claims: Iterable[Claim], *, progress=None) -> Report:
    """Decide ``claims`` again, batch by batch of those decided with the same versions."""
    report = Report()
    groups: dict[str, list[Claim]] = defaultdict(list)
    for c in claims:
        groups[c.tariff_versions or ""].append(c)
    for text, group in groups.items():
        pairs, params_version = _versions(text)
        params_version = params_version or (group[0].params_version or None)
        versions = _schedule_versions(pairs)
        try:
            params = archive.parameters(params_version) if params_version else None
        except ParamError:
            params = None
        if versions is None or params is None:
            report.missing.append(text)
            for c in group:
                report.claims += 1
                report.differences.append(
                    Difference(c.pk, c.claim_key, c.hospital_id, None, "versions", text, "")
                )
            continue
        for start in range(0, len(group), BATCH):
            batch = group[start : start + BATCH]
            frames = inputs_of(batch)
            decision = services.decide(
                frames, versions=versions, params=params, facts=facts_then(frames, batch)
            )
            ids = frames.keys.sort("claim_id")["claim_id"].to_list()
            for cid, claim in zip(ids, batch, strict=True):
                report.differences.extend(_compare(claim, cid, decision))
                report.lines += len(claim.lines.all())
            report.claims += len(batch)
            if progress:
                progress(len(batch))
    return report


def stored_claims(*, hospital: str | None = None, date_from=None, date_to=None):
    """The claims a replay decides again: every decided claim (not one merely submitted), or
    a hospital's, or those admitted in a period (Bangkok dates, inclusive)."""
    qs = (
        Claim.objects.exclude(state=S.SUBMITTED)
        .filter(decided_at__isnull=False)
        .prefetch_related("lines", "diagnoses", "problems")
        .order_by("pk")
    )
    if hospital:
        qs = qs.filter(hospital_id=hospital)
    if date_from:
        qs = qs.filter(admitted_at__date__gte=date_from)
    if date_to:
        qs = qs.filter(admitted_at__date__lte=date_to)
    return qs
