"""COVID-19 colour triage and the general emergency-critical decision (sitthi.rules.ucep.triage).

Seed 004_0cb97de555201e57.txt, "อาการผู้ป่วยกลุ่มสีเหลือง-แดงที่เข้าขั้นวิกฤต" items 1-3 and
"อาการผู้ป่วยกลุ่มสีเขียว"; seed 001_9fcdabf8e5dd4edb.txt §1 (emergency-critical by the national
EMS criteria); DOMAIN.md §1. Every threshold is tested on both sides of its boundary."""

from __future__ import annotations

from dataclasses import fields
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sitthi.rules.params import ParamLookupError, default_parameters
from sitthi.rules.ucep import triage as triage_rules
from sitthi.rules.ucep.triage import (
    ITEM_1,
    PARAMS,
    Assessment,
    general_critical,
    triage,
)

ON = date(2022, 3, 16)
ADULT = {"is_child": False}
CHILD = {"is_child": True}


def codes(**kw) -> tuple[str, ...]:
    return triage(Assessment(**kw), ON).codes


def colour(**kw) -> str:
    return triage(Assessment(**kw), ON).colour


def status(code: str, **kw) -> bool | None:
    t = triage(Assessment(**kw), ON)
    for group, value in ((t.criteria, True), (t.not_met, False), (t.unknown, None)):
        if any(c.code == code for c in group):
            return value
    raise AssertionError(f"{code} not judged")


# --- item 1: red ----------------------------------------------------------------------------


@pytest.mark.parametrize(("field", "code"), [(f, c) for f, c, _, _ in ITEM_1])
def test_each_item_1_sign_alone_is_red_and_critical(field, code):
    """Seed 004, item 1: "หัวใจหยุดเต้น มีสิ่งอุดกั้นทางเดินหายใจ หายใจลำบากเฉียบพลัน มีภาวะช็อก
    มีภาวะโคม่า มีอาการซึมลง ... หรือกำลังชักเมื่อแรกรับที่จุดคัดแยก"; red = item 1 is our reading."""
    t = triage(Assessment(**{field: True}), ON)
    assert (t.colour, t.emergency_critical, t.codes) == ("red", True, (code,))
    assert t.criteria[0].item == "1" and "item 1" in t.criteria[0].source
    assert colour(**{field: False}) == "green"


def test_red_wins_over_yellow_and_lists_every_criterion_met():
    """Seed 004, items 1 and 2: a patient meeting both is red, and the decision lists both."""
    t = triage(Assessment(shock=True, spo2_room_air=90, cough=True), ON)
    assert t.colour == "red"
    assert t.codes == ("SHOCK", "LOW_SPO2", "GREEN_COUGH")


# --- item 2: yellow --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("temp", "fever_hours", "met"),
    [
        (39.0, 25, False),
        (39.1, 24, False),
        (39.1, 25, True),
        (39.0, 24, False),
        (Decimal("39.01"), Decimal("24.5"), True),
        (40, None, None),
        (None, 48, None),
        (38, None, False),
    ],
)
def test_fever_above_39_for_longer_than_24_hours(temp, fever_hours, met):
    """Seed 004, item 2: "มีอาการไข้สูงกว่า 39 องศาฯ นานกว่า 24 ชั่วโมง" — both strictly above;
    an unmeasured duration is unknown (never met), unless the temperature already fails."""
    assert status("HIGH_FEVER_PROLONGED", temperature_c=temp, fever_hours=fever_hours) is met
    expected = "yellow" if met else "green"
    assert colour(temperature_c=temp, fever_hours=fever_hours) == expected


@pytest.mark.parametrize(("rr", "met"), [(25, False), (26, True), (Decimal("25.5"), True)])
def test_adult_respiratory_rate_above_25(rr, met):
    """Seed 004, item 2: "หายใจเร็วกว่า 25 ครั้งต่อนาที ในผู้ใหญ่"."""
    assert status("TACHYPNOEA_ADULT", respiratory_rate=rr, **ADULT) is met
    assert colour(respiratory_rate=rr, **ADULT) == ("yellow" if met else "green")


def test_respiratory_rate_rule_is_for_adults_only():
    """Seed 004, item 2: the rate rule says "ในผู้ใหญ่"; a child's rate alone is not a criterion,
    and when nobody said whether the patient is a child the criterion is unknown (not met)."""
    assert status("TACHYPNOEA_ADULT", respiratory_rate=40, **CHILD) is False
    assert colour(respiratory_rate=40, **CHILD) == "green"
    t = triage(Assessment(respiratory_rate=40), ON)
    assert t.colour == "green" and "TACHYPNOEA_ADULT" in [c.code for c in t.unknown]


@pytest.mark.parametrize(("spo2", "met"), [(94, False), (93, True), (Decimal("93.9"), True)])
def test_room_air_spo2_below_94(spo2, met):
    """Seed 004, item 2: "Oxygen Saturation แรกรับ Room Air น้อยกว่าร้อยละ 94"."""
    assert status("LOW_SPO2", spo2_room_air=spo2) is met
    assert colour(spo2_room_air=spo2) == ("yellow" if met else "green")


@pytest.mark.parametrize(("points", "met"), [(2, False), (3, True), (Decimal("2.9"), False)])
def test_exercise_induced_desaturation_of_3_points_or_more(points, met):
    """Seed 004, item 2: "Exercise-induced hypoxia ...: มีการลดลง Oxygen Saturation Room Air
    มากกว่าหรือเท่ากับร้อยละ 3"."""
    assert status("EXERCISE_DESATURATION", exercise_desaturation_points=points) is met
    assert colour(exercise_desaturation_points=points) == ("yellow" if met else "green")


@pytest.mark.parametrize(
    ("field", "code"),
    [("comorbidity_changed", "COMORBIDITY_CHANGED"), ("officer_high_risk", "OFFICER_HIGH_RISK")],
)
def test_judgement_criteria_of_item_2(field, code):
    """Seed 004, item 2: "โรคประจำตัวที่มีการเปลี่ยนแปลง หรือจำเป็นต้องติดตามอาการอย่างใกล้ชิด
    ตามดุลยพินิจของแพทย์" and "ผู้ป่วยที่มีความเสี่ยงสูงตามดุลยพินิจของผู้คัดแยก"."""
    assert codes(**{field: True}) == (code,)
    assert colour(**{field: True}) == "yellow"
    assert colour(**{field: False}) == "green"


@pytest.mark.parametrize(
    ("field", "code"),
    [
        ("child_dyspnoea", "CHILD_DYSPNOEA"),
        ("child_drowsy", "CHILD_DROWSY"),
        ("child_poor_feeding", "CHILD_POOR_FEEDING"),
    ],
)
def test_childrens_signs_count_for_children_only(field, code):
    """Seed 004, item 2: "ในเด็ก หากมีอาการหายใจลำบาก ซึมลง ดื่มนม หรือรับประทานอาหารน้อยลง"."""
    assert status(code, **{field: True}, **CHILD) is True
    assert colour(**{field: True}, **CHILD) == "yellow"
    assert status(code, **{field: True}, **ADULT) is False
    assert colour(**{field: True}, **ADULT) == "green"
    assert status(code, **{field: True}) is None  # child or not unknown
    assert status(code, **{field: False}, **CHILD) is False


# --- item 3: dyspnoea or tachypnoea with a risk factor -----------------------------------------


@pytest.mark.parametrize(
    ("kw", "code", "met"),
    [
        ({"age_years": 60}, "RISK_ELDERLY", False),
        ({"age_years": 61}, "RISK_ELDERLY", True),
        ({"weight_kg": 90}, "RISK_OBESITY", False),
        ({"weight_kg": Decimal("90.1")}, "RISK_OBESITY", True),
        ({"weight_kg": 90.1}, "RISK_OBESITY", True),
        ({"lymphocytes_per_ul": 1000}, "RISK_LYMPHOPENIA", False),
        ({"lymphocytes_per_ul": 999}, "RISK_LYMPHOPENIA", True),
    ],
)
def test_numeric_risk_factors_at_their_boundaries(kw, code, met):
    """Seed 004, item 3: "มีอาการเหนื่อยหอบ หายใจเร็ว มีปัจจัยเสี่ยง... อายุมากกว่า 60 ปี ...
    ภาวะอ้วน น้ำหนักเกิน 90 กิโลกรัม ... เม็ดเลือดขาวน้อยกว่า 1,000 เซลล์ต่อไมโครลิตร"."""
    assert status(code, dyspnoea_or_tachypnoea=True, **kw) is met
    assert colour(dyspnoea_or_tachypnoea=True, **kw) == ("yellow" if met else "green")


@pytest.mark.parametrize(
    ("field", "code"),
    [
        ("copd", "RISK_COPD"),
        ("chronic_lung_disease", "RISK_CHRONIC_LUNG"),
        ("chronic_kidney_disease", "RISK_CKD"),
        ("cardiovascular_disease", "RISK_CARDIOVASCULAR"),
        ("congenital_heart_disease", "RISK_CONGENITAL_HEART"),
        ("stroke", "RISK_STROKE"),
        ("uncontrolled_diabetes", "RISK_UNCONTROLLED_DIABETES"),
        ("pregnant", "RISK_PREGNANCY"),
        ("cirrhosis", "RISK_CIRRHOSIS"),
        ("immunodeficiency", "RISK_IMMUNODEFICIENCY"),
        ("other_risk_factor", "RISK_OTHER_JUDGED"),
    ],
)
def test_each_risk_factor_needs_dyspnoea_or_tachypnoea(field, code):
    """Seed 004, item 3: "โรคปอดอุดกั้นเรื้อรัง โรคปอดเรื้อรังอื่นๆ ไตเรื้อรัง โรคหัวใจและหลอดเลือด
    โรคหัวใจแต่กำเนิด โรคหลอดเลือดสมอง เบาหวานที่คุมไม่ได้ ... หญิงตั้งครรภ์ ตับแข็ง ภูมิคุ้มกันต่ำ
    ... อื่น ๆ หรือตามดุลยพินิจของผู้คัดแยก" — each only with "เหนื่อยหอบ หายใจเร็ว"."""
    assert codes(dyspnoea_or_tachypnoea=True, **{field: True}) == (code,)
    assert colour(dyspnoea_or_tachypnoea=True, **{field: True}) == "yellow"
    assert colour(dyspnoea_or_tachypnoea=False, **{field: True}) == "green"
    assert status(code, dyspnoea_or_tachypnoea=None, **{field: True}) is None
    assert colour(dyspnoea_or_tachypnoea=True) == "green"  # no risk factor: not item 3


def test_the_risk_age_is_counted_in_completed_years_and_is_whole():
    """Seed 004, item 3 "อายุมากกว่า 60 ปี": completed years (the parameter's note)."""
    with pytest.raises(ValueError, match="whole number"):
        Assessment(age_years=60.5)


# --- green ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kw", "code"),
    [
        ({"temperature_c": 37.5}, "GREEN_FEVER"),
        ({"loss_of_taste": True}, "GREEN_LOSS_OF_TASTE"),
        ({"loss_of_smell": True}, "GREEN_LOSS_OF_SMELL"),
        ({"cough": True}, "GREEN_COUGH"),
        ({"runny_nose": True}, "GREEN_RUNNY_NOSE"),
        ({"sore_throat": True}, "GREEN_SORE_THROAT"),
        ({"red_eyes": True}, "GREEN_RED_EYES"),
        ({"rash": True}, "GREEN_RASH"),
        ({"diarrhoea": True}, "GREEN_DIARRHOEA"),
    ],
)
def test_green_symptoms_are_green_and_not_critical(kw, code):
    """Seed 004, "อาการผู้ป่วยกลุ่มสีเขียว": "มีไข้อุณหภูมิ 37.5 องศาเซลเซียสขึ้นไป; ลิ้นไม่รับรส
    จมูกไม่รับกลิ่น; ไอ มีน้ำมูก เจ็บคอ; ตาแดง มีผื่น และถ่ายเหลว" — "ไม่นับเป็นผู้ป่วยฉุกเฉินวิกฤต"."""
    t = triage(Assessment(**kw), ON)
    assert (t.colour, t.emergency_critical, t.asymptomatic, t.codes) == (
        "green",
        False,
        False,
        (code,),
    )


def test_green_fever_from_37_5():
    """Seed 004, green: "มีไข้อุณหภูมิ 37.5 องศาเซลเซียสขึ้นไป" — at or above."""
    assert status("GREEN_FEVER", temperature_c=Decimal("37.4")) is False
    assert status("GREEN_FEVER", temperature_c=Decimal("37.5")) is True


def test_no_symptom_at_all_is_green_asymptomatic():
    """Seed 004, green: "ผู้ที่ไม่มีอาการ หรืออาการไม่รุนแรง" — no symptom is green too (the seed
    wins over a separate "none" colour); nothing measured is listed as unknown, not as met."""
    t = triage(Assessment(), ON)
    assert (t.colour, t.emergency_critical, t.asymptomatic, t.criteria) == (
        "green",
        False,
        True,
        (),
    )
    assert len(t.unknown) > 30 and not t.not_met


def test_unknown_is_never_met():
    """Issue 4 / brief: a value not measured (None) never counts as met; an all-None assessment
    and an all-False one give the same colour."""
    names = [f.name for f in fields(Assessment) if f.type == "bool | None"]
    all_false = Assessment(**dict.fromkeys(names, False))
    assert triage(all_false, ON).colour == triage(Assessment(), ON).colour == "green"


# --- parameters, sources, input checks ---------------------------------------------------------


def test_every_criterion_cites_seed_004_and_its_threshold_parameters():
    """ARCHITECTURE.md "Rules read like the law": each criterion names its source and the
    dated parameters behind its threshold; the decision records the parameter set's version."""
    t = triage(Assessment(), ON)
    assert t.parameters_version == default_parameters().version
    every = t.criteria + t.not_met + t.unknown
    assert len({c.code for c in every}) == len(every)
    for c in every:
        assert c.source.startswith("seed 004_0cb97de555201e57.txt"), c
        assert c.th and c.en
        for p in c.parameters:
            assert p in PARAMS.values()
    used = {p for c in every for p in c.parameters}
    assert used == set(PARAMS.values())


def test_thresholds_are_dated_from_16_march_2022():
    """FACTS.md, UCEP COVID-19 Plus [V]: in force 16 March 2022; seed 004: "มีผลบังคับใช้
    ตั้งแต่วันที่ 16 มีนาคม 2565". Colour triage is not defined the day before."""
    with pytest.raises(ParamLookupError, match="2022-03-15"):
        triage(Assessment(), date(2022, 3, 15))


def test_a_what_if_threshold_changes_the_decision():
    """ARCHITECTURE.md: "a 'what if these rates had applied' run is one argument away"."""
    ps = default_parameters().with_overrides(
        {PARAMS["spo2"]: [{"from": ON, "value": 96, "source": "test"}]}
    )
    assert triage(Assessment(spo2_room_air=95), ON).colour == "green"
    t = triage(Assessment(spo2_room_air=95), ON, ps)
    assert t.colour == "yellow" and t.parameters_version == ps.version
    assert t.criteria[0].threshold == "< 96 %"


def test_measured_value_and_threshold_are_shown():
    """Issue 4: "The decision lists which criteria were met" — with threshold and measurement."""
    t = triage(Assessment(temperature_c=39.1, fever_hours=25), ON)
    fever = t.criteria[0]
    assert (fever.code, fever.threshold, fever.measured) == (
        "HIGH_FEVER_PROLONGED",
        "> 39 °C and > 24 h",
        "39.1 °C, 25 h",
    )
    assert fever.parameters == (PARAMS["fever_celsius"], PARAMS["fever_hours"])


@pytest.mark.parametrize(
    "kw",
    [
        {"shock": "yes"},
        {"shock": 1},
        {"temperature_c": "39"},
        {"temperature_c": True},
        {"spo2_room_air": -1},
        {"weight_kg": float("nan")},
    ],
)
def test_bad_input_is_refused(kw):
    """ARCHITECTURE.md "Bad input gets a clear error": no truthy strings, no negative or NaN."""
    with pytest.raises((TypeError, ValueError)):
        Assessment(**kw)


# --- general UCEP ------------------------------------------------------------------------------


@pytest.mark.parametrize(("field", "code"), [(f, c) for f, c, _, _ in ITEM_1])
def test_general_ucep_critical_by_each_item_1_sign(field, code):
    """Seed 001 §1: "เป็นผู้ป่วยฉุกเฉินวิกฤต ตามหลักเกณฑ์การคัดแยกผู้ป่วยฉุกเฉินวิกฤต ที่ กพฉ.
    กำหนดประกาศ"; the critical signs listed in seed 004 item 1."""
    c = general_critical(Assessment(**{field: True}), date(2017, 4, 1))
    assert c.emergency_critical and c.codes == (code,)


def test_general_ucep_critical_by_the_officers_judgement_only():
    """Seed 001 §1 and §2 step 1 (the hospital triages by the สพฉ. criteria; the full list is not
    in the seeds, so it is the officer's finding). Yellow-type findings alone do not make a
    general UCEP patient critical: they are COVID-19 criteria."""
    assert general_critical(Assessment(officer_critical=True), date(2017, 4, 1)).codes == (
        "OFFICER_CRITICAL",
    )
    c = general_critical(Assessment(spo2_room_air=80, officer_critical=False), date(2017, 4, 1))
    assert not c.emergency_critical
    assert "ดุลยพินิจ" in c.left_to_judgement_th and "judgement" in c.left_to_judgement_en
    assert not general_critical(Assessment(), date(2017, 4, 1)).emergency_critical


# --- properties ------------------------------------------------------------------------------

BOOL3 = st.sampled_from([None, True, False])


@st.composite
def assessments(draw):
    kw = {}
    for f in fields(Assessment):
        if f.type == "bool | None":
            kw[f.name] = draw(BOOL3)
    kw["temperature_c"] = draw(st.none() | st.decimals(35, 42, places=1))
    kw["fever_hours"] = draw(st.none() | st.integers(0, 96))
    kw["respiratory_rate"] = draw(st.none() | st.integers(8, 60))
    kw["spo2_room_air"] = draw(st.none() | st.integers(70, 100))
    kw["exercise_desaturation_points"] = draw(st.none() | st.integers(0, 10))
    kw["age_years"] = draw(st.none() | st.integers(0, 100))
    kw["weight_kg"] = draw(st.none() | st.decimals(3, 150, places=1))
    kw["lymphocytes_per_ul"] = draw(st.none() | st.integers(0, 5000))
    return Assessment(**kw)


@given(assessments())
def test_colour_follows_the_items_met(a):
    """Seed 004 (our reading): red iff an item-1 criterion is met; yellow iff otherwise item 2
    or 3; critical iff yellow or red; every criterion is judged exactly once."""
    t = triage(a, ON)
    items = {c.item for c in t.criteria}
    expected = "red" if "1" in items else "yellow" if items & {"2", "3"} else "green"
    assert t.colour == expected
    assert t.emergency_critical is (expected != "green")
    assert len(t.criteria) + len(t.not_met) + len(t.unknown) == len(
        triage(Assessment(), ON).unknown
    )
    # general UCEP: critical iff an item-1 sign or the officer's finding
    assert general_critical(a, ON).emergency_critical is bool(
        {c.code for c in t.criteria} & {c for _, c, _, _ in ITEM_1} or a.officer_critical
    )


# --- adult or child from the registry birth date -----------------------------------------------


def test_an_adult_breathing_26_a_minute_is_yellow_once_the_registry_age_is_known():
    """Seed 004_0cb97de555201e57.txt, "อาการผู้ป่วยกลุ่มสีเหลือง-แดงที่เข้าขั้นวิกฤต" item 2:
    "อัตราการหายใจ ≥ 25 ครั้งต่อนาที ในผู้ใหญ่". Typed without "adult", the criterion is unknown and
    the case would be green; with the birth date it is an adult's and met."""
    on = date(2022, 5, 1)
    typed = Assessment(respiratory_rate=26)
    assert triage(typed, on).colour == "green"
    known = triage_rules.with_registry_age(typed, date(1990, 1, 1), on)
    assert (known.age_years, known.is_child) == (32, False)
    assert triage(known, on).colour == "yellow"


def test_the_child_limit_is_18_completed_years_and_the_registry_wins_over_what_was_typed():
    """ucep.triage.child_under_years (Child Protection Act B.E. 2546 s.4: "บุคคลซึ่งมีอายุต่ำกว่า
    สิบแปดปีบริบูรณ์"; confirmed: false, the seed gives no limit)."""
    on = date(2022, 5, 1)
    typed_adult = Assessment(is_child=False, child_drowsy=True)
    day_before_18 = triage_rules.with_registry_age(typed_adult, date(2004, 5, 2), on)
    assert (day_before_18.age_years, day_before_18.is_child) == (17, True)
    assert triage(day_before_18, on).colour == "yellow"
    on_18th_birthday = triage_rules.with_registry_age(typed_adult, date(2004, 5, 1), on)
    assert (on_18th_birthday.age_years, on_18th_birthday.is_child) == (18, False)
    assert triage_rules.with_registry_age(typed_adult, None, on) is typed_adult
