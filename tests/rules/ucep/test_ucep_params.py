"""The UCEP parameters as shipped: values, start dates and the clauses they cite.

Seed 004_0cb97de555201e57.txt "อาการผู้ป่วยกลุ่มสีเหลือง-แดงที่เข้าขั้นวิกฤต" and
"อาการผู้ป่วยกลุ่มสีเขียว" (thresholds, UCEP COVID-19 Plus in force 16 March 2022, FACTS.md);
seed 001_9fcdabf8e5dd4edb.txt §2 steps 4-5 (72 hours, in force 1 April 2017, FACTS.md)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from sitthi.rules.params import ParamLookupError, default_parameters
from sitthi.rules.ucep.triage import PARAMS

PLUS = date(2022, 3, 16)

EXPECTED = {
    "ucep.triage.fever_celsius": ("39", "°C", "ไข้สูงกว่า 39 องศาฯ"),
    "ucep.triage.fever_hours": ("24", "hours", "นานกว่า 24 ชั่วโมง"),
    "ucep.triage.respiratory_rate_per_minute": ("25", "breaths/min", "หายใจเร็วกว่า 25 ครั้งต่อนาที"),
    "ucep.triage.spo2_room_air_percent": ("94", "%", "น้อยกว่าร้อยละ 94"),
    "ucep.triage.exercise_desaturation_points": (
        "3",
        "percentage points",
        "มากกว่าหรือเท่ากับร้อยละ 3",
    ),
    "ucep.triage.risk_age_years": ("60", "years", "อายุมากกว่า 60 ปี"),
    "ucep.triage.risk_weight_kg": ("90", "kg", "น้ำหนักเกิน 90 กิโลกรัม"),
    "ucep.triage.risk_lymphocytes_per_microlitre": (
        "1000",
        "cells/µL",
        "น้อยกว่า 1,000 เซลล์ต่อไมโครลิตร",
    ),
    "ucep.triage.green_fever_celsius": ("37.5", "°C", "37.5 องศาเซลเซียสขึ้นไป"),
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_triage_threshold_from_16_march_2022_with_its_clause(name):
    """Each threshold quotes its seed-004 clause and starts with UCEP COVID-19 Plus."""
    ps = default_parameters()
    value, unit, quote = EXPECTED[name]
    v = ps.value(name, PLUS)
    assert (v.value, v.unit, v.valid_from, v.valid_until) == (Decimal(value), unit, PLUS, None)
    assert "seed 004_0cb97de555201e57.txt" in v.source and quote in v.source
    assert "16 March 2022" in v.source
    with pytest.raises(ParamLookupError):
        ps.value(name, date(2022, 3, 15))


def test_the_triage_reads_exactly_these_parameters():
    assert set(PARAMS.values()) == set(EXPECTED)


def test_the_child_age_limit_is_dated_sourced_outside_the_seed_and_not_confirmed():
    """Seed 004 item 2 names children ("ในเด็ก") without an age limit. Issue 13 asks for the
    limit as a dated parameter with its source: the Child Protection Act B.E. 2546 s.4 (under 18
    completed years), marked not confirmed because the seed does not give it."""
    ps = default_parameters()
    assert [n for n in ps.names() if "child" in n] == ["ucep.triage.child_under_years"]
    v = ps.value("ucep.triage.child_under_years", PLUS)
    assert v.value == Decimal("18") and v.confirmed is False
    assert "2546" in v.source and "seed 004" in v.source


def test_window_files_cite_both_72_hour_sentences_of_seed_004():
    """DOMAIN.md §1: "Model the coverage window as a dated, per-programme parameter (general UCEP
    72 h; COVID-19 yellow/red from 16 March 2022: until discharge), citing both sentences"."""
    ps = default_parameters()
    general = ps.value("ucep.coverage_window_hours", date(2017, 4, 1))
    assert general.value == Decimal("72") and "step 9" in general.source
    plus = ps.value("ucep.covid_yellow_red_until_discharge", PLUS)
    assert plus.value is True
    assert "โดยไม่กำหนดระยะเวลา 72 ชั่วโมงแรก" in plus.source
    assert "ทันทีแต่ไม่เกิน 72" in plus.note and "แต่ไม่เกิน 72 ชั่วโมง" in plus.note
