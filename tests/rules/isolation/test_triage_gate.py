"""Only green cases go to isolation (sitthi.rules.isolation.triage_gate).

Seed 004_0cb97de555201e57.txt (UCEP COVID-19 Plus, in force 16 March 2022): green — "ผู้ที่ไม่มี
อาการ หรืออาการไม่รุนแรง", "แนวทางการรักษา : แบบ Home Isolation (HI), Community Isolation (CI) หรือ
Hotel Isolation"; yellow — "จึงไม่เหมาะที่จะทำการกักตัวรักษาที่บ้านหรือชุมชนได้ และควรเข้ารับการรักษาตัว
ที่โรงพยาบาล"; red — "ต้องอยู่ภายใต้การดูแลของแพทย์ในโรงพยาบาลอย่างใกล้ชิดที่ห้อง ICU". Issue 5: "a
yellow/red case is refused for isolation with the reason and pointed to UCEP"."""

from __future__ import annotations

from datetime import date

import pytest

from sitthi.rules.isolation.triage_gate import Gate, isolation_allowed
from sitthi.rules.params import ParamLookupError
from sitthi.rules.ucep.triage import Assessment

ON = date(2024, 3, 1)


def test_green_is_allowed():
    """Seed 004 green: "ผู้ที่ไม่มีอาการ หรืออาการไม่รุนแรง" → "Home Isolation (HI), Community
    Isolation (CI)": mild symptoms and no symptoms at all are both allowed."""
    for a in (Assessment(cough=True, spo2_room_air=97, temperature_c=37.8), Assessment()):
        allowed, colour, reason_th, reason_en = isolation_allowed(a, ON)
        assert (allowed, colour) == (True, "green")
        assert "Home Isolation" in reason_th and "isolation is allowed" in reason_en


def test_yellow_is_refused_with_the_criterion_and_a_pointer_to_ucep():
    """Seed 004 yellow, item 2 "Oxygen Saturation แรกรับ Room Air น้อยกว่าร้อยละ 94": SpO2 93 is
    refused ("ไม่เหมาะที่จะทำการกักตัวรักษาที่บ้านหรือชุมชน"), SpO2 94 is not yellow."""
    gate = isolation_allowed(Assessment(spo2_room_air=93), ON)
    assert isinstance(gate, Gate) and (gate.allowed, gate.colour) == (False, "yellow")
    assert "ร้อยละ 94" in gate.reason_th and "UCEP" in gate.reason_th
    assert "below 94 %" in gate.reason_en and "UCEP COVID-19 Plus" in gate.reason_en
    assert "กักตัวรักษาที่บ้านหรือชุมชน" in gate.reason_th and "seed 004" in gate.reason_en
    assert isolation_allowed(Assessment(spo2_room_air=94), ON).allowed


def test_red_is_refused_and_names_the_icu():
    """Seed 004 red, item 1 "มีภาวะช็อก": "ต้องอยู่ภายใต้การดูแลของแพทย์ในโรงพยาบาลอย่างใกล้ชิดที่ห้อง
    ICU" — refused for isolation, pointed to UCEP; green symptoms are not listed as reasons."""
    gate = isolation_allowed(Assessment(shock=True, cough=True), ON)
    assert (gate.allowed, gate.colour) == (False, "red")
    assert "มีภาวะช็อก" in gate.reason_th and "ICU" in gate.reason_th and "UCEP" in gate.reason_th
    assert "shock" in gate.reason_en and "cough" not in gate.reason_en


def test_item_3_risk_factor_with_dyspnoea_is_refused():
    """Seed 004 item 3 "มีอาการเหนื่อยหอบ หายใจเร็ว มีปัจจัยเสี่ยง ... อายุมากกว่า 60 ปี": yellow."""
    gate = isolation_allowed(Assessment(dyspnoea_or_tachypnoea=True, age_years=61), ON)
    assert (gate.allowed, gate.colour) == (False, "yellow")
    assert isolation_allowed(Assessment(dyspnoea_or_tachypnoea=True, age_years=60), ON).allowed


def test_no_colour_rules_before_ucep_covid_19_plus():
    """Seed 004: "มีผลบังคับใช้ตั้งแต่วันที่ 16 มีนาคม 2565": before it the colour rules were not in
    force — an error, never a silent green (the HI Portal letter of 2021 is older)."""
    assert isolation_allowed(Assessment(), date(2022, 3, 16)).allowed
    with pytest.raises(ParamLookupError):
        isolation_allowed(Assessment(), date(2022, 3, 15))
