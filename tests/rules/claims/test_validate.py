"""Claim edits (sitthi.rules.claims.validate): one failing case per edit, the boundaries, and a
claim with several problems getting all of them. Issue 3, "Validate and price": "A claim with
an error is rejected with all its errors, not the first only." """

from __future__ import annotations

from datetime import timedelta

import polars as pl
import pytest

from sitthi.core.errors import CATALOGUE
from sitthi.rules.claims import schema
from sitthi.rules.claims.tariff import default_tariff
from sitthi.rules.claims.validate import ERRORS, payer, payer_expr, validate
from tests.rules.claims.builders import (
    ADMITTED,
    DISCHARGED,
    TARIFF,
    at,
    claim,
    dx,
    fact,
    frames,
    line,
)


def run(tariff: pl.DataFrame = TARIFF, **kw) -> pl.DataFrame:
    f = frames(**kw)
    return validate(f["claims"], f["facts"], f["diagnoses"], f["lines"], tariff)


def codes(errors: pl.DataFrame) -> list[tuple]:
    return [(r["line_no"], r["field"], r["code"], r["value"]) for r in errors.iter_rows(named=True)]


def only(errors: pl.DataFrame) -> tuple:
    assert errors.height == 1, errors
    return codes(errors)[0]


def test_a_valid_claim_has_no_errors_and_the_frame_has_its_columns():
    out = run()
    assert out.is_empty()
    assert out.schema == pl.Schema(ERRORS)
    assert list(ERRORS) == list(schema.ERRORS) and "value" in ERRORS


def test_every_code_it_can_return_is_in_the_catalogue():
    """Codes are stable strings documented in one place (ARCHITECTURE.md, error shape)."""
    import inspect

    from sitthi.rules.claims import validate as module

    source = inspect.getsource(module)
    used = {c for c in CATALOGUE if f'"{c}"' in source}
    assert {"HOSPITAL_UNKNOWN", "DUPLICATE_OF_PAID", "ITEM_NOT_IN_FORCE"} <= used


# --- claim-level edits -------------------------------------------------------------------------


def test_cid_format():
    """FACTS.md "Citizen ID": 13 digits (e-Claim 116: CID wrong format). The ID is not echoed."""
    assert only(run(claims=[claim(citizen_id="123")])) == (None, "citizen_id", "CID_FORMAT", None)
    assert only(run(claims=[claim(citizen_id=None)]))[2] == "CID_FORMAT"


def test_cid_check_digit():
    """FACTS.md "Citizen ID": check digit = (11 − sum mod 11) mod 10 (e-Claim 104)."""
    good = claim()["citizen_id"]
    bad = good[:12] + str((int(good[12]) + 1) % 10)
    assert only(run(claims=[claim(citizen_id=bad)])) == (
        None,
        "citizen_id",
        "CID_CHECK_DIGIT",
        None,
    )


def test_hospital_format():
    """FACTS.md "Hospital code (HCODE)": 5 digits. The unknown-hospital edit is not repeated."""
    out = run(claims=[claim(hospital="1067")], facts=[fact(hospital_known=False)])
    assert only(out) == (None, "hospital", "HOSPITAL_FORMAT", "1067")


def test_hospital_unknown():
    """Issue 3: "hospital unknown". ``hospital_known`` false, or no facts row at all (null =
    not found); the network edit is not repeated for an unknown hospital."""
    out = run(facts=[fact(hospital_known=False)])
    assert only(out) == (None, "hospital", "HOSPITAL_UNKNOWN", "10670")
    missing = run(facts=[])  # nothing looked up: no right in force, unknown hospital
    assert [c[2] for c in codes(missing)] == ["RIGHTS_NOT_IN_FORCE", "HOSPITAL_UNKNOWN"]


def test_service_type_unknown():
    """schema.SERVICE_TYPES lists the service types a claim may carry."""
    out = run(claims=[claim(service_type="XX")])
    assert only(out) == (None, "service_type", "SERVICE_TYPE_UNKNOWN", "XX")


def test_admission_time_required():
    """Issue 3, "Submit": a claim has its admission/visit time."""
    out = run(claims=[claim(admitted_at=None)])
    assert only(out) == (None, "admitted_at", "VALUE_REQUIRED", None)


def test_discharge_required_for_an_inpatient():
    """e-Claim IPD carries DATEDSC/TIMEDSC; SERVICE_TYPES["IP"]["needs_discharge"]. The lines
    are then checked against the admission time only."""
    out = run(
        claims=[claim(discharged_at=None)], lines=[line(served_at=ADMITTED + timedelta(days=5))]
    )
    assert only(out) == (None, "discharged_at", "DISCHARGE_REQUIRED", None)
    assert run(claims=[claim(service_type="OP", discharged_at=None)]).is_empty()


def test_discharge_before_admission():
    """Issue 3: "dates out of order". Discharge at the admission instant is allowed."""
    out = run(
        claims=[claim(discharged_at=ADMITTED - timedelta(microseconds=1))],
        lines=[line(served_at=ADMITTED)],
    )
    assert [c[2] for c in codes(out)] == ["DISCHARGE_BEFORE_ADMISSION", "LINE_OUTSIDE_STAY"]
    assert run(claims=[claim(discharged_at=ADMITTED)], lines=[line(served_at=ADMITTED)]).is_empty()


def test_rights_not_in_force():
    """Issue 3: "rights not in force on the service date"; e-Claim 999. Not for body handling
    (paid for every Thai national whatever the right, seed 002 "การบันทึกเบิกค่าจัดการศพโควิด"),
    nor for a malformed citizen ID (no person can be looked up)."""
    assert only(run(facts=[fact(fund=None)])) == (None, "citizen_id", "RIGHTS_NOT_IN_FORCE", None)
    body = claim(service_type="COVID_BODY", discharged_at=None)
    assert run(claims=[body], facts=[fact(fund=None)]).is_empty()
    out = run(claims=[claim(citizen_id="12")], facts=[fact(fund=None)])
    assert [c[2] for c in codes(out)] == ["CID_FORMAT"]


def test_hospital_not_in_network():
    """Seed 001_9fcdabf8e5dd4edb.txt §1: at a hospital in the fund's contract network the fund's
    normal system applies; these service types need a contract with the payer on the admission
    date. Body handling is paid by UC whatever the person's own fund."""
    assert only(run(facts=[fact(contract_funds=["SSS"])])) == (
        None,
        "hospital",
        "HOSPITAL_NOT_IN_NETWORK",
        "UCS",
    )
    assert only(run(facts=[fact(contract_funds=None)]))[2] == "HOSPITAL_NOT_IN_NETWORK"
    assert only(run(facts=[fact(fund="SSS", contract_funds=["UCS"])]))[3] == "SSS"
    body = claim(service_type="COVID_BODY", discharged_at=None)
    assert only(run(claims=[body], facts=[fact(fund="SSS", contract_funds=["SSS"])]))[3] == "UCS"
    assert run(claims=[body], facts=[fact(fund="SSS", contract_funds=["SSS", "UCS"])]).is_empty()


def test_duplicate_of_paid():
    """Issue 3: "duplicate of a paid claim". Claim-level: no field."""
    assert only(run(facts=[fact(duplicate_of_paid=True)])) == (
        None,
        None,
        "DUPLICATE_OF_PAID",
        None,
    )
    assert run(facts=[fact(duplicate_of_paid=None)]).is_empty()


def test_lines_missing():
    """Issue 3, "Submit": a claim has lines."""
    assert only(run(lines=[])) == (None, "lines", "LINES_MISSING", None)


# --- diagnoses ------------------------------------------------------------------------------------


def test_principal_diagnosis_missing():
    """e-Claim 201 (FACTS.md "Error codes"): no principal diagnosis (DXTYPE "1"). Body
    handling is not excepted: its principal diagnosis states the COVID-19 death."""
    out = run(diagnoses=[dx(dx_type="2")])
    assert only(out) == (None, "diagnoses", "DIAGNOSIS_PRINCIPAL_MISSING", None)
    body = claim(service_type="COVID_BODY", discharged_at=None)
    assert only(run(claims=[body], diagnoses=[]))[2] == "DIAGNOSIS_PRINCIPAL_MISSING"
    assert run(claims=[body], diagnoses=[dx(code="U07.1")]).is_empty()


def test_diagnosis_unknown_names_the_diagnosis_by_seq():
    """Issue 3: "diagnosis code not in ICD-10 (from a well-kept package that ships the WHO list,
    with the Thai ICD-10-TM additions as data)". Dots, case and spaces do not matter; a block
    range is no code; an empty code is required."""
    out = run(
        diagnoses=[
            dx(seq=1, code="e11.9"),
            dx(seq=2, code=" I10 ", dx_type="2"),
            dx(seq=3, code="E11.99", dx_type="2"),
            dx(seq=4, code="E10-E14", dx_type="2"),
            dx(seq=5, code=None, dx_type="2"),
        ]
    )
    assert codes(out) == [
        (None, "diagnoses[3].code", "DIAGNOSIS_UNKNOWN", "E11.99"),
        (None, "diagnoses[4].code", "DIAGNOSIS_UNKNOWN", "E10-E14"),
        (None, "diagnoses[5].code", "VALUE_REQUIRED", None),
    ]


# --- lines ------------------------------------------------------------------------------------------


def test_quantity_not_positive_boundaries():
    """Issue 3: "negative or zero quantities". 0.001 of a unit is a quantity."""
    assert only(run(lines=[line(quantity_milli=0)])) == (
        1,
        "quantity",
        "QUANTITY_NOT_POSITIVE",
        None,
    )
    assert only(run(lines=[line(quantity_milli=-1000)]))[2] == "QUANTITY_NOT_POSITIVE"
    assert run(lines=[line(quantity_milli=1)]).is_empty()


def test_amount_not_positive_boundaries():
    """e-Claim 301 (FACTS.md): zero or negative charge. One satang is a charge."""
    assert only(run(lines=[line(charged_satang=0)])) == (1, "charged", "AMOUNT_NOT_POSITIVE", None)
    assert only(run(lines=[line(charged_satang=-100)]))[2] == "AMOUNT_NOT_POSITIVE"
    assert run(lines=[line(charged_satang=1)]).is_empty()


def test_line_fields_required_and_line_numbers_unique():
    out = run(
        lines=[
            line(line_no=1, item_code=None, quantity_milli=None),
            line(line_no=2, served_at=None, charged_satang=None),
            line(line_no=3, item_code="  "),
            line(line_no=3),
        ]
    )
    assert codes(out) == [
        (1, "item_code", "VALUE_REQUIRED", None),
        (1, "quantity", "VALUE_REQUIRED", None),
        (2, "charged", "VALUE_REQUIRED", None),
        (2, "served_at", "VALUE_REQUIRED", None),
        (3, "item_code", "VALUE_REQUIRED", None),
        (3, "line_no", "DUPLICATE_IN_FILE", "line 3"),
        (3, "line_no", "DUPLICATE_IN_FILE", "line 3"),
    ]


def test_line_outside_stay_boundaries_of_an_inpatient_stay():
    """Issue 3: "dates out of order": a line is served within the stay, both ends included."""
    edge = [
        line(line_no=1, served_at=ADMITTED),
        line(line_no=2, served_at=DISCHARGED),
        line(line_no=3, served_at=ADMITTED - timedelta(microseconds=1)),
        line(line_no=4, served_at=DISCHARGED + timedelta(microseconds=1)),
    ]
    out = run(lines=edge)
    assert codes(out) == [
        (3, "served_at", "LINE_OUTSIDE_STAY", None),
        (4, "served_at", "LINE_OUTSIDE_STAY", None),
    ]


def test_line_outside_an_outpatient_visit_is_judged_by_the_bangkok_date():
    """An outpatient visit has no discharge time: a line belongs to the visit's Bangkok calendar
    day (schema: "in force on" dates are Bangkok dates). 23:00 and 23:59:59 the same evening
    are in; 00:00 the next Bangkok day is out, though it is still the same UTC day."""
    visit = claim(service_type="OP", admitted_at=at(2022, 4, 24, 23, 0), discharged_at=None)
    out = run(
        claims=[visit],
        lines=[
            line(line_no=1, served_at=at(2022, 4, 24, 23, 0)),
            line(line_no=2, served_at=at(2022, 4, 24, 23, 59, 59, 999999)),
            line(line_no=3, served_at=at(2022, 4, 25, 0, 0)),
        ],
    )
    assert codes(out) == [(3, "served_at", "LINE_OUTSIDE_STAY", None)]


def test_item_unknown():
    """Issue 3: "item code unknown": in no row of any schedule."""
    assert only(run(lines=[line(item_code="NOPE")])) == (1, "item_code", "ITEM_UNKNOWN", "NOPE")


def test_item_not_in_force_the_diabetes_code_change():
    """DOMAIN.md §3 and seed 002_80e7afba8787ed6d.txt (DatabasePatch25650425): "หากเบิกรหัสที่
    ยกเลิกไปแล้วจะไม่ได้รับการจ่ายชดเชย". The old code is in force on its last day, 24 April 2022,
    and not on 25 April; the new code the other way round. A time late on the 24th in UTC is
    already the 25th in Bangkok."""
    stay = claim(admitted_at=at(2022, 4, 24, 0, 0), discharged_at=at(2022, 4, 26, 0, 0))
    out = run(
        claims=[stay],
        lines=[
            line(line_no=1, item_code="DM-OLD", served_at=at(2022, 4, 24, 23, 59, 59)),
            line(line_no=2, item_code="DM-OLD", served_at=at(2022, 4, 25, 0, 0)),
            line(line_no=3, item_code="DM-NEW", served_at=at(2022, 4, 24, 23, 59, 59)),
            line(line_no=4, item_code="DM-NEW", served_at=at(2022, 4, 25, 0, 0)),
            line(line_no=5, item_code="LATE", served_at=at(2022, 4, 25, 0, 0)),
        ],
    )
    assert codes(out) == [
        (2, "item_code", "ITEM_NOT_IN_FORCE", "DM-OLD"),
        (3, "item_code", "ITEM_NOT_IN_FORCE", "DM-NEW"),
        (5, "item_code", "ITEM_NOT_IN_FORCE", "LATE"),
    ]


def test_the_shipped_illustrative_diabetes_codes_change_on_25_april_2022():
    """The same boundary in the shipped illustrative schedule (codes invented, date from seed
    002 DatabasePatch25650425)."""
    stay = claim(admitted_at=at(2022, 4, 24, 0, 0), discharged_at=at(2022, 4, 26, 0, 0))
    out = run(
        tariff=default_tariff(),
        claims=[stay],
        lines=[
            line(line_no=1, item_code="DMT1-01", served_at=at(2022, 4, 24, 12)),
            line(line_no=2, item_code="DMT1-01", served_at=at(2022, 4, 25, 12)),
            line(line_no=3, item_code="DMT1-02", served_at=at(2022, 4, 25, 12)),
            line(line_no=4, item_code="DMGP-01", served_at=at(2022, 4, 25, 12)),
        ],
    )
    assert [(c[0], c[2]) for c in codes(out)] == [
        (2, "ITEM_NOT_IN_FORCE"),
        (4, "ITEM_NOT_IN_FORCE"),
    ]


# --- all together ---------------------------------------------------------------------------------


def test_a_claim_with_many_problems_gets_all_of_them_sorted():
    """Issue 3: rejected "with all its errors, not the first only"; sorted by claim, line,
    field, code (claim-level first). Another claim in the batch keeps its own errors."""
    bad = claim(
        claim_id=7,
        citizen_id="1234567890123",
        service_type="IP",
        discharged_at=None,
    )
    out = run(
        claims=[claim(claim_id=3), bad],
        facts=[fact(claim_id=3), fact(claim_id=7, fund=None, duplicate_of_paid=True)],
        diagnoses=[dx(claim_id=3), dx(claim_id=7, code="XYZ", dx_type="2")],
        lines=[
            line(claim_id=3, line_no=1, item_code="NOPE"),
            line(
                claim_id=7,
                line_no=1,
                quantity_milli=0,
                charged_satang=0,
                item_code="DM-OLD",
                served_at=at(2022, 4, 25, 9),
            ),
            line(claim_id=7, line_no=2, served_at=ADMITTED - timedelta(hours=1)),
        ],
    )
    assert [
        (r["claim_id"], *c) for r, c in zip(out.iter_rows(named=True), codes(out), strict=True)
    ] == [
        (3, 1, "item_code", "ITEM_UNKNOWN", "NOPE"),
        (7, None, None, "DUPLICATE_OF_PAID", None),
        (7, None, "citizen_id", "CID_CHECK_DIGIT", None),
        (7, None, "diagnoses", "DIAGNOSIS_PRINCIPAL_MISSING", None),
        (7, None, "diagnoses[1].code", "DIAGNOSIS_UNKNOWN", "XYZ"),
        (7, None, "discharged_at", "DISCHARGE_REQUIRED", None),
        (7, 1, "charged", "AMOUNT_NOT_POSITIVE", None),
        (7, 1, "item_code", "ITEM_NOT_IN_FORCE", "DM-OLD"),
        (7, 1, "quantity", "QUANTITY_NOT_POSITIVE", None),
        (7, 2, "served_at", "LINE_OUTSIDE_STAY", None),
    ]
    assert all(c in CATALOGUE for c in out["code"])


def test_lines_and_diagnoses_of_claims_not_in_the_batch_are_ignored():
    out = run(
        lines=[line(), line(claim_id=99, item_code="NOPE")],
        diagnoses=[dx(), dx(claim_id=99, code="?")],
    )
    assert out.is_empty()


# --- payer ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("service_type", "fund", "expected"),
    [
        ("OP", "SSS", "SSS"),
        ("IP", "OFC", "OFC"),
        ("IP", None, None),
        ("COVID_BODY", "SSS", "UCS"),
        ("XX", "UCS", None),
    ],
)
def test_payer_per_service_type(service_type, fund, expected):
    """schema.SERVICE_TYPES: "own_fund" or a fixed fund; body handling is paid by UC (seed 002)."""
    f = frames(claims=[claim(service_type=service_type)], facts=[fact(fund=fund)])
    assert payer(f["claims"], f["facts"])["payer"].to_list() == [expected]
    frame = pl.DataFrame(
        {"service_type": [service_type], "fund": [fund]},
        schema={"service_type": pl.String, "fund": pl.String},
    )
    assert frame.select(payer_expr())["payer"].to_list() == [expected]
