"""Claim edits: every problem of every claim, over Polars frames.

Issue 3, "Validate and price": "Edits with stable codes [...] A claim with an error is rejected
with all its errors, not the first only." ``validate`` runs every edit below over the whole
batch (no Python loop over rows; the API passes one-row frames through the same code) and
returns one row per problem: ``schema.ERRORS`` plus a ``value`` column holding what the
message's placeholder shows (the unknown item code, the fund, ...; null when the message has
none). Codes are keys of ``sitthi.core.errors.CATALOGUE``; their families (corrective, deny,
verify) follow e-Claim (FACTS.md, "Error codes").

Each edit is a function below whose docstring cites its source and states what it leaves to
people. Nulls in ``claim_facts`` mean "not found" (see ``schema.CLAIM_FACTS``); a fact that is
missing never passes silently. Where one problem makes another meaningless, the consequence is
not reported twice: no network edit for an unknown hospital or an unknown payer, no rights edit
for a malformed citizen ID, no "not in force" edit for an item in no schedule at all.

Lines and diagnoses of a claim that is not in ``claims`` are ignored (the service builds the
frames together). ``field`` names what a person would correct: claim fields by name; line
fields ``item_code``, ``quantity``, ``served_at``, ``charged`` with ``line_no`` set; diagnoses
as ``diagnoses[<seq>].code`` with ``line_no`` null.
"""

from __future__ import annotations

import polars as pl

from sitthi.rules import citizen_id
from sitthi.rules.claims import icd10, schema
from sitthi.rules.claims.tariff import (
    LIMITS,
    ONE_PER_CLAIM,
    PER_STAY_DAY,
    REVISIONS,
    check_tariff,
    key_expr,
    limits_frame,
    lines_in_force,
    programme_expr,
    service_date_expr,
)

#: ``schema.ERRORS`` with ``value`` (to be added to the schema by the lead).
ERRORS = schema.ERRORS
SORT = ["claim_id", "line_no", "field", "code", "value"]
#: Frame column -> the field name an error reports (what the person sent).
LINE_FIELDS = {
    "item_code": "item_code",
    "quantity_milli": "quantity",
    "served_at": "served_at",
    "charged_satang": "charged",
}


# --- service types --------------------------------------------------------------------------


def _service_attr(attr: str, dtype: pl.DataType, service_type: str | pl.Expr) -> pl.Expr:
    st = pl.col(service_type) if isinstance(service_type, str) else service_type
    return st.replace_strict(
        {k: v[attr] for k, v in schema.SERVICE_TYPES.items()}, default=None, return_dtype=dtype
    )


def payer_expr(
    service_type: str | pl.Expr = "service_type", fund: str | pl.Expr = "fund"
) -> pl.Expr:
    """The fund that pays a claim (``schema.SERVICE_TYPES[...]["payer"]``): the fund of the
    patient's right in force on the admission date ("own_fund"; null when there is none), or a
    fixed fund — COVID-19 body handling is paid by UC for every Thai national, whatever the
    right (seed 002_80e7afba8787ed6d.txt, "การบันทึกเบิกค่าจัดการศพโควิด"). Null for an unknown
    service type."""
    st = pl.col(service_type) if isinstance(service_type, str) else service_type
    f = pl.col(fund) if isinstance(fund, str) else fund
    out = pl.lit(None, dtype=pl.String)
    for key, spec in reversed(schema.SERVICE_TYPES.items()):
        value = f if spec["payer"] == "own_fund" else pl.lit(spec["payer"], dtype=pl.String)
        out = pl.when(st == key).then(value).otherwise(out)
    return out.alias("payer")


def payer(claims: pl.DataFrame, facts: pl.DataFrame) -> pl.DataFrame:
    """``claim_id`` and ``payer`` for each claim (``payer_expr``)."""
    return claims.join(facts.select("claim_id", "fund"), on="claim_id", how="left").select(
        "claim_id", payer_expr()
    )


# --- building the frames the edits read --------------------------------------------------------


def _claims(claims: pl.DataFrame, facts: pl.DataFrame) -> pl.LazyFrame:
    named = "programme" if "programme" in claims.columns else None
    return (
        claims.lazy()
        .select(*schema.CLAIMS, programme_expr(programme=named))
        .join(facts.lazy().select(list(schema.CLAIM_FACTS)), on="claim_id", how="left")
        .with_columns(
            known_type=pl.col("service_type").is_in(list(schema.SERVICE_TYPES)).fill_null(False),
            needs_right=_service_attr("needs_right", pl.Boolean(), "service_type"),
            network=_service_attr("network", pl.Boolean(), "service_type"),
            needs_discharge=_service_attr("needs_discharge", pl.Boolean(), "service_type"),
            payer=payer_expr(),
            cid_problem=citizen_id.problem_expr("citizen_id"),
            hospital_well_formed=pl.col("hospital").str.contains(r"^[0-9]{5}$").fill_null(False),
        )
    )


def _lines(lines: pl.DataFrame, claims: pl.LazyFrame) -> pl.LazyFrame:
    return (
        lines.lazy()
        .select(list(schema.LINES))
        .join(
            claims.select(
                "claim_id", "programme", "admitted_at", "discharged_at", "needs_discharge"
            ),
            on="claim_id",
            how="inner",
        )
    )


def _errors(
    frame: pl.LazyFrame,
    when: pl.Expr,
    code: str | pl.Expr,
    field: str | pl.Expr | None,
    value: pl.Expr | None = None,
    line: bool = False,
) -> pl.LazyFrame:
    """Rows of ``frame`` where ``when`` is true (null counts as "no problem found") as errors."""
    return frame.filter(when).select(
        pl.col("claim_id"),
        (pl.col("line_no") if line else pl.lit(None)).cast(pl.Int32).alias("line_no"),
        (field if isinstance(field, pl.Expr) else pl.lit(field)).cast(pl.String).alias("field"),
        (code if isinstance(code, pl.Expr) else pl.lit(code)).cast(pl.String).alias("code"),
        (value if value is not None else pl.lit(None)).cast(pl.String).alias("value"),
    )


# --- claim edits ------------------------------------------------------------------------------


def citizen_id_edit(c: pl.LazyFrame) -> pl.LazyFrame:
    """CID_FORMAT / CID_CHECK_DIGIT: FACTS.md "Citizen ID" (13 digits, mod-11 check digit) and
    e-Claim 104 / 116. The ID is never echoed in ``value`` (DOMAIN.md: never log a full ID)."""
    return _errors(c, pl.col("cid_problem").is_not_null(), pl.col("cid_problem"), "citizen_id")


def hospital_format_edit(c: pl.LazyFrame) -> pl.LazyFrame:
    """HOSPITAL_FORMAT: FACTS.md "Hospital code (HCODE)": 5 digits."""
    return _errors(
        c, ~pl.col("hospital_well_formed"), "HOSPITAL_FORMAT", "hospital", pl.col("hospital")
    )


def hospital_unknown_edit(c: pl.LazyFrame) -> pl.LazyFrame:
    """HOSPITAL_UNKNOWN: issue 3, "hospital unknown"; ``hospital_known`` false or not looked up.
    (The message's placeholder is ``{hcode}``: ``value`` holds the code.)"""
    return _errors(
        c,
        pl.col("hospital_well_formed") & ~pl.col("hospital_known").fill_null(False),
        "HOSPITAL_UNKNOWN",
        "hospital",
        pl.col("hospital"),
    )


def service_type_edit(c: pl.LazyFrame) -> pl.LazyFrame:
    """SERVICE_TYPE_UNKNOWN: the service type is not a key of ``schema.SERVICE_TYPES``."""
    return _errors(
        c, ~pl.col("known_type"), "SERVICE_TYPE_UNKNOWN", "service_type", pl.col("service_type")
    )


def admitted_required_edit(c: pl.LazyFrame) -> pl.LazyFrame:
    """VALUE_REQUIRED (admitted_at): every claim has a visit or admission time (issue 3,
    "Submit"); without it no date decides rights, contracts or the tariff."""
    return _errors(c, pl.col("admitted_at").is_null(), "VALUE_REQUIRED", "admitted_at")


def discharge_required_edit(c: pl.LazyFrame) -> pl.LazyFrame:
    """DISCHARGE_REQUIRED: an inpatient stay has a discharge time (e-Claim IPD: DATEDSC,
    TIMEDSC; ``SERVICE_TYPES[...]["needs_discharge"]``)."""
    return _errors(
        c,
        pl.col("needs_discharge") & pl.col("discharged_at").is_null(),
        "DISCHARGE_REQUIRED",
        "discharged_at",
    )


def discharge_order_edit(c: pl.LazyFrame) -> pl.LazyFrame:
    """DISCHARGE_BEFORE_ADMISSION: issue 3, "dates out of order". Discharge at the very
    admission time is allowed (a stay of no length is odd, not impossible)."""
    return _errors(
        c,
        pl.col("discharged_at") < pl.col("admitted_at"),
        "DISCHARGE_BEFORE_ADMISSION",
        "discharged_at",
    )


def rights_edit(c: pl.LazyFrame) -> pl.LazyFrame:
    """RIGHTS_NOT_IN_FORCE: issue 3, "rights not in force on the service date"; e-Claim 999
    (not found in eligibility data). Only for service types that need a right
    (``needs_right``); not reported for a malformed citizen ID (no person can be found)."""
    return _errors(
        c,
        pl.col("needs_right") & pl.col("fund").is_null() & pl.col("cid_problem").is_null(),
        "RIGHTS_NOT_IN_FORCE",
        "citizen_id",
    )


def network_edit(c: pl.LazyFrame) -> pl.LazyFrame:
    """HOSPITAL_NOT_IN_NETWORK: issue 3, "hospital [...] not allowed for this service"; seed
    001_9fcdabf8e5dd4edb.txt §1 (at a hospital in the fund's contract network the fund's normal
    system applies), so these service types need a contract, on the admission date, between the
    hospital and the payer (``payer_expr``). Skipped when the hospital is unknown or there is no
    payer (those are their own errors). UCEP, for hospitals *outside* the network, arrives with
    its own issue."""
    in_network = pl.col("contract_funds").list.contains(pl.col("payer")).fill_null(False)
    return _errors(
        c,
        pl.col("network")
        & pl.col("payer").is_not_null()
        & pl.col("hospital_known").fill_null(False)
        & ~in_network,
        "HOSPITAL_NOT_IN_NETWORK",
        "hospital",
        pl.col("payer"),
    )


def duplicate_edit(c: pl.LazyFrame) -> pl.LazyFrame:
    """DUPLICATE_OF_PAID: issue 3, "duplicate of a paid claim" (same hospital, person, service
    type and admission time as a paid claim: the service looks it up). Claim-level, no field."""
    return _errors(c, pl.col("duplicate_of_paid").fill_null(False), "DUPLICATE_OF_PAID", None)


def lines_missing_edit(c: pl.LazyFrame, lines: pl.LazyFrame) -> pl.LazyFrame:
    """LINES_MISSING: issue 3, "Submit": a claim has lines (item, quantity, time, charge)."""
    return _errors(
        c.join(lines.select("claim_id"), on="claim_id", how="anti"),
        pl.lit(True),
        "LINES_MISSING",
        "lines",
    )


# --- diagnoses ----------------------------------------------------------------------------------


def principal_diagnosis_edit(c: pl.LazyFrame, dx: pl.LazyFrame) -> pl.LazyFrame:
    """DIAGNOSIS_PRINCIPAL_MISSING: e-Claim 201 (FACTS.md "Error codes": no principal
    diagnosis); the principal is DXTYPE "1" (e-Claim ODX/IDX).

    No service type is excepted, COVID-19 body handling included: that flat rate is for deaths
    from COVID-19 (seed 002, "การบันทึกเบิกค่าจัดการศพโควิด"), and the principal diagnosis is
    where the claim says so. Whether that diagnosis is in fact COVID-19 (U07.1 / U07.2), and
    whether a claim naming two principal diagnoses is wrong, is left to the reviewer."""
    principal = dx.filter(pl.col("dx_type").str.strip_chars() == "1").select("claim_id")
    return _errors(
        c.join(principal, on="claim_id", how="anti"),
        pl.lit(True),
        "DIAGNOSIS_PRINCIPAL_MISSING",
        "diagnoses",
    )


def diagnosis_code_edit(dx: pl.LazyFrame) -> pl.LazyFrame:
    """DIAGNOSIS_UNKNOWN: issue 3, "diagnosis code not in ICD-10 (from a well-kept package that
    ships the WHO list, with the Thai ICD-10-TM additions as data)"; see ``icd10``. An empty code
    is VALUE_REQUIRED. One error per diagnosis, field ``diagnoses[<seq>].code``."""
    field = pl.format("diagnoses[{}].code", pl.col("seq"))
    blank = pl.col("code").is_null() | (icd10.normalise_code_expr("code") == "")
    return pl.concat(
        [
            _errors(dx, blank, "VALUE_REQUIRED", field),
            _errors(
                dx,
                ~blank & ~icd10.valid_code_expr("code"),
                "DIAGNOSIS_UNKNOWN",
                field,
                pl.col("code"),
            ),
        ]
    )


# --- lines --------------------------------------------------------------------------------------


def line_required_edit(lines: pl.LazyFrame) -> pl.LazyFrame:
    """VALUE_REQUIRED: a line has an item, a quantity, a time of service and a charge (issue 3,
    "Submit"; e-Claim CHA/ADP)."""
    parts = [
        _errors(lines, pl.col(col).is_null(), "VALUE_REQUIRED", name, line=True)
        for col, name in LINE_FIELDS.items()
    ]
    blank_item = pl.col("item_code").str.strip_chars() == ""
    parts.append(_errors(lines, blank_item, "VALUE_REQUIRED", "item_code", line=True))
    return pl.concat(parts)


def line_duplicate_edit(lines: pl.LazyFrame) -> pl.LazyFrame:
    """DUPLICATE_IN_FILE: two lines of one claim under one line number (a priced line is known
    by claim and line number, so they must be unique)."""
    return _errors(
        lines,
        pl.len().over("claim_id", "line_no") > 1,
        "DUPLICATE_IN_FILE",
        "line_no",
        pl.format("line {}", pl.col("line_no")),
        line=True,
    )


def quantity_edit(lines: pl.LazyFrame) -> pl.LazyFrame:
    """QUANTITY_NOT_POSITIVE: issue 3, "negative or zero quantities or amounts". 0.001 of a
    unit (quantity_milli 1) is accepted."""
    return _errors(
        lines, pl.col("quantity_milli") <= 0, "QUANTITY_NOT_POSITIVE", "quantity", line=True
    )


def amount_edit(lines: pl.LazyFrame) -> pl.LazyFrame:
    """AMOUNT_NOT_POSITIVE: e-Claim 301 (FACTS.md "Error codes": zero or negative charge);
    issue 3. One satang is accepted."""
    return _errors(
        lines, pl.col("charged_satang") <= 0, "AMOUNT_NOT_POSITIVE", "charged", line=True
    )


def line_in_stay_edit(lines: pl.LazyFrame) -> pl.LazyFrame:
    """LINE_OUTSIDE_STAY: issue 3, "dates out of order": a line is served within the visit or
    stay — not before the admission time, not after the discharge time (both ends included).
    A visit without a discharge time (outpatient, body handling) is one day: the line's
    Bangkok calendar date is the admission's. An inpatient claim missing its discharge
    (DISCHARGE_REQUIRED) is checked only against the admission time. How long after a visit
    a take-home item may be dispensed is left to the reviewer."""
    served, admitted, discharged = (
        pl.col("served_at"),
        pl.col("admitted_at"),
        pl.col("discharged_at"),
    )
    one_day = discharged.is_null() & ~pl.col("needs_discharge").fill_null(False)
    outside = (
        (served < admitted)
        | (discharged.is_not_null() & (served > discharged))
        | (one_day & (service_date_expr(served) != service_date_expr(admitted)))
    )
    return _errors(lines, outside, "LINE_OUTSIDE_STAY", "served_at", line=True)


def item_edits(
    lines: pl.LazyFrame, tariff: pl.DataFrame, revisions: pl.DataFrame | None = None
) -> pl.LazyFrame:
    """ITEM_UNKNOWN: the item code is in no row of the schedules of its claim's programme
    (issue 3, "item code unknown"; issue 13: a claim is priced by its programme's schedules
    only, so a code of another programme's schedule is unknown to it).
    ITEM_NOT_IN_FORCE: rows exist for the code but none covers the line's Bangkok service date —
    withdrawn or not yet valid (issue 3; DOMAIN.md §3 and seed 002_80e7afba8787ed6d.txt,
    DatabasePatch25650425: "หากเบิกรหัสที่ยกเลิกไปแล้วจะไม่ได้รับการจ่ายชดเชย" — a claim with a
    withdrawn code is not paid). Validity ranges are inclusive: an item is in force on its
    ``valid_until`` day and not the day after. Item codes are compared exactly as sent (the
    service trims what it reads).

    RATE_NOT_LOADED instead of ITEM_NOT_IN_FORCE: the item's rates were revised from a known
    day with figures not yet loaded (``revisions``, from ``tariff.pending_revisions``; issue 5:
    "the rates revised from 15 May 2022 are an input until their source is known — separate
    dated values, never a guess"), and the line is served on or after that day."""
    codes = tariff.select(key=key_expr()).get_column("key").unique()
    known = key_expr().is_in(codes.implode()).fill_null(False)
    has_item = pl.col("item_code").str.strip_chars() != ""
    covered = lines_in_force(lines, tariff).select("claim_id", "line_no").unique()
    uncovered = (
        lines.filter(known & pl.col("served_at").is_not_null())
        .join(covered, on=["claim_id", "line_no"], how="anti")
        .join(
            (revisions if revisions is not None else pl.DataFrame(schema=REVISIONS)).lazy(),
            on="item_code",
            how="left",
        )
    )
    pending = (service_date_expr("served_at") >= pl.col("revised_from")).fill_null(False)
    return pl.concat(
        [
            _errors(
                lines,
                has_item & ~known & pl.col("programme").is_not_null(),
                "ITEM_UNKNOWN",
                "item_code",
                pl.col("item_code"),
                line=True,
            ),
            _errors(
                uncovered,
                pl.lit(True),
                pl.when(pending)
                .then(pl.lit("RATE_NOT_LOADED"))
                .otherwise(pl.lit("ITEM_NOT_IN_FORCE")),
                "item_code",
                pl.col("item_code"),
                line=True,
            ),
        ]
    )


def stay_days_expr() -> pl.Expr:
    """Bangkok calendar days the visit or stay touches, both ends counted: admitted 10 Jan
    and discharged 19 Jan is 10 days; a visit without a discharge time is 1 day."""
    admitted = service_date_expr("admitted_at")
    discharged = service_date_expr("discharged_at")
    return ((discharged - admitted).dt.total_days() + 1).fill_null(1)


def quantity_limit_edit(lines: pl.LazyFrame, limits: pl.DataFrame | None = None) -> pl.LazyFrame:
    """QUANTITY_OVER_LIMIT: more of an item than one claim may carry (``tariff.PARAMETER_ITEMS``):

    - ``one_per_claim``: a payment per case or per deceased is made once — COVID-19 body
      handling "2,500 บาทต่อผู้เสียชีวิต" (seed 002_80e7afba8787ed6d.txt); HI/CI devices "up to
      1,100 baht/case", drugs "up to 7,200 baht/case" (FACTS.md, "COVID-19 HI/CI, 2021").
    - ``per_stay_day``: a daily rate is paid at most once a day of the stay (``stay_days_expr``);
      items of one ``group`` share it (care with or without meals: one of them a day). FACTS.md:
      "The maximum days: not found" — no cap beyond the stay is applied.

    Reported once per claim and group, on the group's last line, with the group in ``value``."""
    limits = limits if limits is not None else limits_frame()
    allowed = (
        pl.when(pl.col("limit") == ONE_PER_CLAIM)
        .then(pl.lit(1000, pl.Int64))
        .when(pl.col("limit") == PER_STAY_DAY)
        .then(stay_days_expr().cast(pl.Int64) * 1000)
    )
    groups = (
        lines.filter(pl.col("quantity_milli") > 0)
        .join(limits.lazy().cast(LIMITS), on="item_code", how="inner")
        .with_columns(allowed=allowed)
        .group_by("claim_id", "group")
        .agg(
            pl.col("quantity_milli").sum().alias("total"),
            pl.col("allowed").min(),
            pl.col("line_no").max(),
        )
    )
    return _errors(
        groups,
        pl.col("total") > pl.col("allowed"),
        "QUANTITY_OVER_LIMIT",
        "quantity",
        pl.col("group"),
        line=True,
    )


def validate(
    claims: pl.DataFrame,
    facts: pl.DataFrame,
    diagnoses: pl.DataFrame,
    lines: pl.DataFrame,
    tariff: pl.DataFrame,
    revisions: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """Every problem of every claim, one row each (``ERRORS``), sorted by claim_id, line_no,
    field, code (nulls first: claim-level problems before line problems). An empty frame means
    every claim passed. Frames follow ``schema`` (CLAIMS, CLAIM_FACTS, DIAGNOSES, LINES,
    TARIFF); the tariff is checked first (``check_tariff``). ``revisions``
    (``tariff.pending_revisions``) names the items whose revised rates are not loaded yet."""
    check_tariff(tariff)
    c = _claims(claims, facts)
    ln = _lines(lines, c)
    dx = (
        diagnoses.lazy()
        .select(list(schema.DIAGNOSES))
        .join(c.select("claim_id"), on="claim_id", how="semi")
    )
    parts = [
        citizen_id_edit(c),
        hospital_format_edit(c),
        hospital_unknown_edit(c),
        service_type_edit(c),
        admitted_required_edit(c),
        discharge_required_edit(c),
        discharge_order_edit(c),
        rights_edit(c),
        network_edit(c),
        duplicate_edit(c),
        lines_missing_edit(c, ln),
        principal_diagnosis_edit(c, dx),
        diagnosis_code_edit(dx),
        line_required_edit(ln),
        line_duplicate_edit(ln),
        quantity_edit(ln),
        amount_edit(ln),
        line_in_stay_edit(ln),
        quantity_limit_edit(ln),
        item_edits(ln, tariff, revisions),
    ]
    return pl.concat(parts).sort(SORT, nulls_last=False).collect().cast(ERRORS)
