"""The frames every claims rule reads and writes. One contract for one claim (the API passes
one-row frames) and for a national batch.

Money is Int64 **satang** (1 baht = 100 satang) inside frames: exact, fast, and summable;
services convert to Decimal baht at the edges. Quantities are Int64 **milli-units**
(quantity × 1000), so 2.5 tablets is 2500. Datetimes are Asia/Bangkok, microsecond precision.
Dates used for "in force on" decisions are the Bangkok calendar dates of those datetimes.
"""

from __future__ import annotations

import polars as pl

from sitthi.rules.kernel.thaitime import ZONE_NAME as BANGKOK  # the zone's name, for dtypes

TS = pl.Datetime("us", BANGKOK)

#: One row per claim. ``claim_id`` is the caller's key for the batch (unique in the frame).
CLAIMS = {
    "claim_id": pl.Int64,
    "hospital": pl.String,  # 5-digit hospital code as sent
    "citizen_id": pl.String,  # 13 digits as sent
    "service_type": pl.String,  # a key of SERVICE_TYPES
    "admitted_at": TS,  # visit or admission time
    "discharged_at": TS,  # null for an outpatient visit
}

#: An optional column of a claims frame: the programme whose schedules price the claim (a
#: key of PROGRAMMES). Absent or null: the service type's (``SERVICE_TYPES[...]["programme"]``).
#: Files and the API never carry it; the service sets it only for a claim made by billing a
#: UCEP episode (``SERVICE_TYPES["UCEP"]["programmes"]``).
PROGRAMME = {"programme": pl.String}

#: Facts the service layer looks up before the rules run (from the registry and claim store),
#: one row per claim, joined on ``claim_id``. Nulls mean "not found".
CLAIM_FACTS = {
    "claim_id": pl.Int64,
    "hospital_known": pl.Boolean,  # the hospital code is registered
    "fund": pl.String,  # fund of the right in force on the admission date; null = none
    "contract_funds": pl.List(pl.String),  # funds the hospital has a contract with that day
    "duplicate_of_paid": pl.Boolean,  # same hospital, person, service type and admission
    #                                   time as a claim already paid
}

#: One row per diagnosis. ``dx_type`` "1" is the principal diagnosis (e-Claim DXTYPE).
DIAGNOSES = {
    "claim_id": pl.Int64,
    "seq": pl.Int32,
    "code": pl.String,  # ICD-10 with or without the dot: "E11.9" or "E119"
    "dx_type": pl.String,
}

#: One row per charge line.
LINES = {
    "claim_id": pl.Int64,
    "line_no": pl.Int32,
    "item_code": pl.String,
    "quantity_milli": pl.Int64,
    "served_at": TS,
    "charged_satang": pl.Int64,
}

#: The fee schedule (tariff) in force, one row per item and validity range (inclusive dates).
#: ``pricing``: "lower_of_charge_and_tariff" (the default rule of issue 3) or "tariff" (pay
#: the tariff whatever the charge, e.g. a flat rate).
TARIFF = {
    "programme": pl.String,  # a key of PROGRAMMES: the claims this row prices
    "schedule": pl.String,  # e.g. "ucep-illustrative", "covid"
    "item_code": pl.String,
    "category": pl.String,  # หมวด
    "description": pl.String,
    "unit": pl.String,
    "unit_price_satang": pl.Int64,
    "pricing": pl.String,
    "valid_from": pl.Date,
    "valid_until": pl.Date,  # null = open-ended
    "source": pl.String,  # where the price comes from (file + row, or the parameter name)
    "illustrative": pl.Boolean,  # true: a demo price, to be labelled wherever it shows
}

#: What validation returns: every problem, not the first only. ``line_no`` is null for a
#: claim-level problem (a diagnosis names its seq in ``field``: "diagnoses[3].code").
#: ``code`` is a key of sitthi.core.errors.CATALOGUE; ``value`` fills its message (the
#: unknown code, the fund…; never a citizen ID).
ERRORS = {
    "claim_id": pl.Int64,
    "line_no": pl.Int32,
    "field": pl.String,
    "code": pl.String,
    "value": pl.String,
}

#: What pricing returns, one row per line, with its explanation.
PRICED = {
    "claim_id": pl.Int64,
    "line_no": pl.Int32,
    "schedule": pl.String,
    "unit_price_satang": pl.Int64,
    "tariff_satang": pl.Int64,  # unit price × quantity, rounded half up to the satang
    "payable_satang": pl.Int64,
    "rule": pl.String,  # "lower_of_charge_and_tariff" | "tariff"
    "tariff_valid_from": pl.Date,
    "tariff_valid_until": pl.Date,
    "tariff_source": pl.String,
    "illustrative": pl.Boolean,
}

#: Programmes: which claims a fee schedule prices. Each programme prices from its own dated
#: schedules only, never from a merge where an item code shared by two schedules would be
#: ambiguous (issue 13, "COVID-19 rates beside the EMS fee schedule": "the EMS schedule and the
#: annex may share item codes. Each programme prices from its own schedule (dated)"). A fee
#: schedule declares the programmes it prices; a line is priced by the row of its claim's
#: programme and its item code in force on its service date. Programme -> Thai, English,
#: source.
GENERAL, UCEP, UCEP_COVID = "general", "ucep", "ucep_covid"
PROGRAMMES = {
    GENERAL: {
        "th": "บัญชีอัตราทั่วไป (ผู้ป่วยนอก ผู้ป่วยใน ค่าจัดการศพโควิด 19 และ HI/CI)",
        "en": "the general schedules (outpatient, inpatient, COVID-19 body handling, HI/CI)",
        "source": 'issue 3, "Validate and price": pricing by dated tariffs in rules/params/; '
        "the flat rates of seed 002_80e7afba8787ed6d.txt and FACTS.md (COVID-19 HI/CI, 2021)",
    },
    UCEP: {
        "th": "อัตราค่าบริการการแพทย์ฉุกเฉินที่ สพฉ. ประกาศ (Fee schedule) สำหรับ UCEP",
        "en": "the EMS (NIEM) fee schedule, for UCEP",
        "source": 'seed 001_9fcdabf8e5dd4edb.txt §2 step 4: "ในอัตราที่ สพฉ. กำหนดประกาศอัตรา'
        'ค่าบริการการแพทย์ฉุกเฉิน (Fee schedule)"',
    },
    UCEP_COVID: {
        "th": "บัญชีและอัตราค่าใช้จ่ายแนบท้ายหลักเกณฑ์ฯ UCEP COVID-19 Plus (ผู้ป่วยโควิด 19 กลุ่มสีเหลืองและสีแดง)",
        "en": "the list and rates annexed to the UCEP COVID-19 Plus criteria (COVID-19 yellow "
        "and red patients)",
        "source": 'seed 004_0cb97de555201e57.txt, step 8: "กองทุนของผู้มีสิทธิได้รับการรักษาพยาบาล'
        "ตามกฎหมาย ต้องจ่ายค่าใช้จ่ายในอัตราตามบัญชีและอัตราค่าใช้จ่ายแนบท้ายหลักเกณฑ์ วิธีการ "
        'และเงื่อนไข"',
    },
}

#: Service types a claim may carry.
#: ``needs_right``: the patient must have a right in force on the admission date.
#: ``payer``: "own_fund" (the fund of that right) or a fixed fund code.
#: ``network``: the hospital must hold a contract, on the admission date, with the payer
#: (seed 001_9fcdabf8e5dd4edb.txt §1: at a contracted hospital the fund's normal system
#: applies; UCEP, for hospitals outside the network, arrives with its own issue).
#: ``needs_discharge``: an inpatient stay has a discharge time.
#: ``programme``: the programme (a key of PROGRAMMES) whose schedules price the claim unless
#: the claim names one of ``programmes`` (only the billing of a UCEP episode may: the COVID-19
#: annex for yellow/red care, seed 004 step 8).
#: COVID-19 body handling: a flat rate paid to UC service units for every Thai national,
#: whatever their right (seed 002_80e7afba8787ed6d.txt, "การบันทึกเบิกค่าจัดการศพโควิด").
SERVICE_TYPES = {
    "OP": {
        "needs_right": True,
        "payer": "own_fund",
        "network": True,
        "needs_discharge": False,
        "programme": GENERAL,
        "th": "ผู้ป่วยนอก",
        "en": "outpatient",
    },
    "IP": {
        "needs_right": True,
        "payer": "own_fund",
        "network": True,
        "needs_discharge": True,
        "programme": GENERAL,
        "th": "ผู้ป่วยใน",
        "en": "inpatient",
    },
    # UCEP: the part of an emergency episode inside the coverage window, billed by a private
    # hospital *outside* the fund's network to NHSO as clearing house and paid by the owner
    # fund (seed 001_9fcdabf8e5dd4edb.txt §2 steps 4, 6–8). Eligibility and the window are
    # decided by sitthi.rules.ucep before the claim is made.
    "UCEP": {
        "needs_right": True,
        "payer": "own_fund",
        "network": False,
        "needs_discharge": False,
        "programme": UCEP,
        "programmes": (UCEP, UCEP_COVID),
        # One way to the money: a UCEP claim is only the billing of an eligible episode
        # (sitthi.ucep.services.make_claim); any other way in is CLAIM_NEEDS_EPISODE.
        "only_via": ("ucep", "CLAIM_NEEDS_EPISODE"),
        "th": "ผู้ป่วยฉุกเฉินวิกฤต (UCEP)",
        "en": "emergency-critical (UCEP)",
    },
    "COVID_BODY": {
        "needs_right": False,
        "payer": "UCS",
        "network": True,
        "needs_discharge": False,
        "programme": GENERAL,
        "th": "ค่าจัดการศพผู้เสียชีวิตจากโควิด 19",
        "en": "COVID-19 body handling",
    },
    # COVID-19 home / community isolation: green patients are cared for "under their own
    # scheme" (FACTS.md, "UCEP COVID-19 Plus"; DOMAIN.md §1 "Green: ... treated free under the
    # patient's own fund, by Home Isolation (HI), Community Isolation (CI)"). The case reaches
    # the unit through the HI Portal, whatever the patient's registration (seed
    # 000_a3b7e1d5dbe51319.txt), so no contract with the paying fund is asked for. The stay
    # (admission to discharge) bounds the days of care.
    "HICI": {
        "needs_right": True,
        "payer": "own_fund",
        "network": False,
        "needs_discharge": True,
        "programme": GENERAL,
        # Only the billing of a case the unit holds (sitthi.isolation.services): otherwise
        # CLAIM_NEEDS_CASE.
        "only_via": ("isolation", "CLAIM_NEEDS_CASE"),
        "th": "ดูแลผู้ติดเชื้อโควิด 19 แบบแยกกักตัวที่บ้านหรือในชุมชน (HI/CI)",
        "en": "COVID-19 home or community isolation (HI/CI)",
    },
}


def empty(schema: dict) -> pl.DataFrame:
    return pl.DataFrame(schema=schema)
