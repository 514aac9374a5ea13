"""Triage: is the patient emergency-critical, and for COVID-19 which colour group.

Sources (DOMAIN.md §1):

* seed 004_0cb97de555201e57.txt (UCEP COVID-19 Plus, in force 16 March 2022),
  "อาการผู้ป่วยกลุ่มสีเหลือง-แดงที่เข้าขั้นวิกฤต" items 1-3 and "อาการผู้ป่วยกลุ่มสีเขียว";
* seed 001_9fcdabf8e5dd4edb.txt §1: UCEP covers "ผู้ป่วยฉุกเฉินวิกฤต ตามหลักเกณฑ์การคัดแยก
  ผู้ป่วยฉุกเฉินวิกฤต ที่ กพฉ. กำหนดประกาศ" — the national EMS criteria, which the seeds do not
  list beyond the signs of seed 004 item 1.

``triage`` reads the COVID-19 colour:

* **red**: any sign of item 1 ("หัวใจหยุดเต้น มีสิ่งอุดกั้นทางเดินหายใจ หายใจลำบากเฉียบพลัน มีภาวะ
  ช็อก มีภาวะโคม่า มีอาการซึมลง เมื่อเทียบกับระดับความรู้สึกตัวเดิมหรือกำลังชักเมื่อแรกรับที่จุดคัดแยก");
* **yellow**: otherwise any criterion of item 2 (fever, adult respiratory rate, SpO2, a
  comorbidity that changed, children's signs, exercise-induced desaturation, the triage
  officer's high-risk judgement) or item 3 (dyspnoea or tachypnoea with a risk factor);
* **green**: otherwise. The seed lumps yellow and red together ("กลุ่มสีเหลือง-แดง") and gives
  one list for both; **red = item 1 is our reading** (item 1 lists the immediately
  life-threatening signs; the seed's red group is the one needing the ICU and a ventilator).
  Green is "ผู้ที่ไม่มีอาการ หรืออาการไม่รุนแรง": asymptomatic patients are green too, so a
  patient with no yellow/red criterion is green whether or not a green symptom is recorded
  (``Triage.asymptomatic`` tells the two apart). Green is not emergency-critical ("ไม่นับเป็น
  ผู้ป่วยฉุกเฉินวิกฤต"); yellow and red are.

``general_critical`` decides emergency-critical for general (non-COVID) UCEP: any item-1 sign,
or the triage officer's finding under the full national criteria (``officer_critical``).

What is left to human judgement, and how it enters: every clinical finding is an input (the
rules only compare and combine); the seed's own judgement clauses are inputs of their own —
"โรคประจำตัวที่มีการเปลี่ยนแปลง หรือจำเป็นต้องติดตามอาการอย่างใกล้ชิด ตามดุลยพินิจของแพทย์"
(``comorbidity_changed``), "ผู้ป่วยที่มีความเสี่ยงสูงตามดุลยพินิจของผู้คัดแยก" (``officer_high_risk``),
the open end of the risk-factor list "อื่น ๆ หรือตามดุลยพินิจของผู้คัดแยก" (``other_risk_factor``),
and for general
UCEP the whole กพฉ./สพฉ. criteria set (``officer_critical``). The seed's note applies: the
guideline "ไม่สามารถนำไปใช้ประกอบการพิจารณาของโรงพยาบาลและบุคลากรการแพทย์ในการดูแลรักษาผู้ป่วยได้"
— this decides who pays, never how to treat.

**Adult or child is known, not typed.** The seed's item 2 has an adult breathing rate and signs
"ในเด็ก" but no age limit. ``with_registry_age`` fills ``age_years`` and ``is_child`` from the
registry birth date on the triage day, with the dated limit ``ucep.triage.child_under_years``
(18, the Child Protection Act B.E. 2546 s.4, ``confirmed: false``); the officer's answer is used
only for a person the registry has no birth date for.

Unknown (not measured, not asked) is ``None`` and is never counted as met: a criterion with a
missing input is listed in ``unknown`` so a page can ask for it. Thresholds are dated
parameters under ``ucep.triage.*`` looked up on the triage date; the comparison (strictly above,
at or above…) is the seed's wording, quoted on each criterion.

Pure: no Django, database, network or clock.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from dataclasses import dataclass, fields, replace
from datetime import date
from decimal import Decimal
from typing import Any

from sitthi.rules.kernel import numbers
from sitthi.rules.kernel.thaitime import completed_years
from sitthi.rules.params import ParameterSet, default_parameters

__all__ = [
    "COLOURS",
    "Assessment",
    "Criterion",
    "Triage",
    "Critical",
    "triage",
    "general_critical",
    "with_registry_age",
    "PARAMS",
    "CHILD_UNDER_YEARS",
]

COLOURS = ("green", "yellow", "red")

SEED_004 = "seed 004_0cb97de555201e57.txt"
_YR = f'{SEED_004}, "อาการผู้ป่วยกลุ่มสีเหลือง-แดงที่เข้าขั้นวิกฤต"'
_GREEN = f'{SEED_004}, "อาการผู้ป่วยกลุ่มสีเขียว"'

#: The parameters the triage reads (``ucep.triage.<key>``).
PARAMS = {
    "fever_celsius": "ucep.triage.fever_celsius",
    "fever_hours": "ucep.triage.fever_hours",
    "respiratory_rate": "ucep.triage.respiratory_rate_per_minute",
    "spo2": "ucep.triage.spo2_room_air_percent",
    "desaturation": "ucep.triage.exercise_desaturation_points",
    "age": "ucep.triage.risk_age_years",
    "weight": "ucep.triage.risk_weight_kg",
    "lymphocytes": "ucep.triage.risk_lymphocytes_per_microlitre",
    "green_fever": "ucep.triage.green_fever_celsius",
}

#: Below this age (completed years) the patient is a child (dated, with its source and
#: ``confirmed: false``: the seed gives no limit; ``with_registry_age``).
CHILD_UNDER_YEARS = "ucep.triage.child_under_years"

Number = Decimal | int | float

#: The bounds of a measurement typed or sent in, checked by the kernel's number parser before
#: any rule compares it (ARCHITECTURE.md, "Conventions"): completed years 0-150, every other
#: measurement (°C, hours, breaths a minute, SpO2 %, points, kg, cells per µL) non-negative,
#: at most six whole digits and three decimals — wide enough for any real reading, far from
#: ``1e300000``.
AGE_BOUNDS = (0, 150)
MEASURE_BOUNDS = {"max_digits": 9, "places": 3, "minimum": 0, "maximum": 999_999}


def read_measure(name: str, value: object) -> Number:
    """A measurement from outside as the rules take it: ``age_years`` a whole number, any
    other an exact Decimal; raises ``numbers.NumberError`` (NUMBER_INVALID / _OUT_OF_RANGE)."""
    if name == "age_years":
        low, high = AGE_BOUNDS
        return numbers.parse_int(value, minimum=low, maximum=high, field=name)
    return numbers.parse_decimal(value, field=name, **MEASURE_BOUNDS)


def read_measures(raw: dict) -> tuple[dict, list[numbers.NumberError]]:
    """``raw`` with every measurement of ``Assessment`` read by ``read_measure`` (yes/no
    fields, unknown keys and None left as they are), and the refusals of those that do not
    read (their keys left out)."""
    out, errors = {}, []
    for name, value in raw.items():
        if name in MEASURES and value is not None and not isinstance(value, bool):
            try:
                out[name] = read_measure(name, value)
            except numbers.NumberError as exc:
                errors.append(exc)
        else:
            out[name] = value
    return out, errors


@dataclass(frozen=True, slots=True)
class Assessment:
    """What the triage officer recorded. Every field is optional: ``None`` = not measured or
    not asked, never "no". Numbers may be int, Decimal or float (a float is read by its
    decimal text: 39.1 is 39.1)."""

    # -- the patient
    age_years: int | None = None  # completed years (อายุเต็มปี)
    is_child: bool | None = None  # from the registry birth date (``with_registry_age``)
    # -- item 1: signs at the triage point (→ red)
    cardiac_arrest: bool | None = None  # หัวใจหยุดเต้น
    airway_obstruction: bool | None = None  # มีสิ่งอุดกั้นทางเดินหายใจ
    acute_dyspnoea: bool | None = None  # หายใจลำบากเฉียบพลัน
    shock: bool | None = None  # มีภาวะช็อก
    coma: bool | None = None  # มีภาวะโคม่า
    reduced_consciousness: bool | None = None  # ซึมลง เมื่อเทียบกับระดับความรู้สึกตัวเดิม
    seizure: bool | None = None  # กำลังชักเมื่อแรกรับที่จุดคัดแยก
    # -- item 2 (→ yellow)
    temperature_c: Number | None = None
    fever_hours: Number | None = None  # how long the fever has lasted
    respiratory_rate: Number | None = None  # breaths a minute
    spo2_room_air: Number | None = None  # % at reception, room air
    exercise_desaturation_points: Number | None = None  # fall of SpO2 on exertion, points
    comorbidity_changed: bool | None = None  # changed or needs close watch (physician)
    child_dyspnoea: bool | None = None  # ในเด็ก: หายใจลำบาก
    child_drowsy: bool | None = None  # ในเด็ก: ซึมลง
    child_poor_feeding: bool | None = None  # ในเด็ก: ดื่มนม หรือรับประทานอาหารน้อยลง
    officer_high_risk: bool | None = None  # ความเสี่ยงสูงตามดุลยพินิจของผู้คัดแยก
    # -- item 3: dyspnoea or tachypnoea with a risk factor (→ yellow)
    dyspnoea_or_tachypnoea: bool | None = None  # เหนื่อยหอบ หายใจเร็ว
    copd: bool | None = None
    chronic_lung_disease: bool | None = None  # other chronic lung disease
    chronic_kidney_disease: bool | None = None
    cardiovascular_disease: bool | None = None
    congenital_heart_disease: bool | None = None
    stroke: bool | None = None
    uncontrolled_diabetes: bool | None = None
    weight_kg: Number | None = None
    pregnant: bool | None = None
    cirrhosis: bool | None = None
    immunodeficiency: bool | None = None
    lymphocytes_per_ul: Number | None = None
    other_risk_factor: bool | None = None  # "อื่น ๆ หรือตามดุลยพินิจของผู้คัดแยก"
    # -- green symptoms
    loss_of_taste: bool | None = None
    loss_of_smell: bool | None = None
    cough: bool | None = None
    runny_nose: bool | None = None
    sore_throat: bool | None = None
    red_eyes: bool | None = None
    rash: bool | None = None
    diarrhoea: bool | None = None
    # -- general UCEP: the officer's finding under the full national (กพฉ./สพฉ.) criteria
    officer_critical: bool | None = None

    def __post_init__(self) -> None:
        for f in fields(self):
            v = getattr(self, f.name)
            if v is None:
                continue
            if f.type == "bool | None":
                if not isinstance(v, bool):
                    raise TypeError(f"{f.name} must be True, False or None, got {v!r}")
            elif f.type in ("Number | None", "int | None"):
                if isinstance(v, bool) or not isinstance(v, Decimal | int | float):
                    raise TypeError(f"{f.name} must be a number or None, got {v!r}")
                d = _dec(v)
                if not d.is_finite() or d < 0:
                    raise ValueError(f"{f.name} must be a finite number ≥ 0, got {v!r}")
                if f.type == "int | None" and d != d.to_integral_value():
                    raise ValueError(f"{f.name} is a whole number, got {v!r}")


#: The fields of ``Assessment`` that are numbers (``read_measure`` reads them).
MEASURES = frozenset(
    f.name for f in fields(Assessment) if "Number" in str(f.type) or f.name == "age_years"
)


@dataclass(frozen=True, slots=True)
class Criterion:
    """One criterion as judged: ``met`` is True, False or None (an input is missing).

    ``threshold`` and ``measured`` are display texts ("> 39 °C and > 24 h", "39.1 °C, 25 h");
    ``parameters`` names the dated parameters whose values made the threshold."""

    code: str
    item: str  # "1", "2", "3", "green", "officer"
    th: str
    en: str
    met: bool | None
    threshold: str | None
    measured: str | None
    parameters: tuple[str, ...]
    source: str


@dataclass(frozen=True, slots=True)
class Triage:
    """The COVID-19 colour triage. ``criteria``: the criteria met (all items, green symptoms
    included), in the seed's order; ``not_met`` and ``unknown`` the others."""

    colour: str  # "green" | "yellow" | "red"
    emergency_critical: bool
    asymptomatic: bool  # green with no green symptom recorded ("ผู้ที่ไม่มีอาการ")
    criteria: tuple[Criterion, ...]
    not_met: tuple[Criterion, ...]
    unknown: tuple[Criterion, ...]
    on: date
    parameters_version: str

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(c.code for c in self.criteria)


@dataclass(frozen=True, slots=True)
class Critical:
    """General UCEP: emergency-critical or not, with the criteria met / not met / unknown."""

    emergency_critical: bool
    criteria: tuple[Criterion, ...]
    not_met: tuple[Criterion, ...]
    unknown: tuple[Criterion, ...]
    on: date
    parameters_version: str
    left_to_judgement_th: str
    left_to_judgement_en: str

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(c.code for c in self.criteria)


# --- three-valued logic -------------------------------------------------------------------


def _dec(v: Number) -> Decimal:
    return Decimal(str(v)) if isinstance(v, float) else Decimal(v)


def _and(*xs: bool | None) -> bool | None:
    """False if any is False; True if all are True; else unknown."""
    if any(x is False for x in xs):
        return False
    return True if all(x is True for x in xs) else None


def _cmp(value: Number | None, op: Callable[[Any, Any], bool], limit: Decimal) -> bool | None:
    return None if value is None else bool(op(_dec(value), limit))


def _num(v: Number | None, unit: str) -> str | None:
    if v is None:
        return None
    text = f"{_dec(v):f}"
    return f"{text} {unit}" if unit else text


def _flag(v: bool | None) -> str | None:
    return None if v is None else ("yes" if v else "no")


def _who(a: Assessment) -> str | None:
    return None if a.is_child is None else ("child" if a.is_child else "adult")


def _shown(*parts: str | None) -> str | None:
    """The measured values that are known, joined; None when none is."""
    return ", ".join(p for p in parts if p) or None


# --- the criteria ---------------------------------------------------------------------------

#: Item 1 signs: (field, code, Thai, English). Seed 004 item 1, quoted in the module docstring.
ITEM_1 = (
    ("cardiac_arrest", "CARDIAC_ARREST", "หัวใจหยุดเต้น", "cardiac arrest"),
    ("airway_obstruction", "AIRWAY_OBSTRUCTION", "มีสิ่งอุดกั้นทางเดินหายใจ", "airway obstruction"),
    ("acute_dyspnoea", "ACUTE_DYSPNOEA", "หายใจลำบากเฉียบพลัน", "acute dyspnoea"),
    ("shock", "SHOCK", "มีภาวะช็อก", "shock"),
    ("coma", "COMA", "มีภาวะโคม่า", "coma"),
    (
        "reduced_consciousness",
        "REDUCED_CONSCIOUSNESS",
        "มีอาการซึมลง เมื่อเทียบกับระดับความรู้สึกตัวเดิม",
        "reduced consciousness compared with the patient's baseline",
    ),
    ("seizure", "SEIZURE", "กำลังชักเมื่อแรกรับที่จุดคัดแยก", "seizing on arrival at triage"),
)

#: Item 3 risk factors given as yes/no: (field, code, Thai, English).
RISK_FLAGS = (
    ("copd", "RISK_COPD", "โรคปอดอุดกั้นเรื้อรัง", "COPD"),
    ("chronic_lung_disease", "RISK_CHRONIC_LUNG", "โรคปอดเรื้อรังอื่นๆ", "other chronic lung disease"),
    ("chronic_kidney_disease", "RISK_CKD", "ไตเรื้อรัง", "chronic kidney disease"),
    (
        "cardiovascular_disease",
        "RISK_CARDIOVASCULAR",
        "โรคหัวใจและหลอดเลือด",
        "cardiovascular disease",
    ),
    (
        "congenital_heart_disease",
        "RISK_CONGENITAL_HEART",
        "โรคหัวใจแต่กำเนิด",
        "congenital heart disease",
    ),
    ("stroke", "RISK_STROKE", "โรคหลอดเลือดสมอง", "stroke"),
    (
        "uncontrolled_diabetes",
        "RISK_UNCONTROLLED_DIABETES",
        "เบาหวานที่คุมไม่ได้",
        "uncontrolled diabetes",
    ),
    ("pregnant", "RISK_PREGNANCY", "หญิงตั้งครรภ์", "pregnancy"),
    ("cirrhosis", "RISK_CIRRHOSIS", "ตับแข็ง", "cirrhosis"),
    ("immunodeficiency", "RISK_IMMUNODEFICIENCY", "ภูมิคุ้มกันต่ำ", "immunodeficiency"),
    (
        "other_risk_factor",
        "RISK_OTHER_JUDGED",
        "ปัจจัยเสี่ยงอื่น ๆ ตามดุลยพินิจของผู้คัดแยก",
        "another risk factor in the triage officer's judgement",
    ),
)

#: Green symptoms given as yes/no: (field, code, Thai, English).
GREEN_FLAGS = (
    ("loss_of_taste", "GREEN_LOSS_OF_TASTE", "ลิ้นไม่รับรส", "loss of taste"),
    ("loss_of_smell", "GREEN_LOSS_OF_SMELL", "จมูกไม่รับกลิ่น", "loss of smell"),
    ("cough", "GREEN_COUGH", "ไอ", "cough"),
    ("runny_nose", "GREEN_RUNNY_NOSE", "มีน้ำมูก", "runny nose"),
    ("sore_throat", "GREEN_SORE_THROAT", "เจ็บคอ", "sore throat"),
    ("red_eyes", "GREEN_RED_EYES", "ตาแดง", "red eyes"),
    ("rash", "GREEN_RASH", "มีผื่น", "rash"),
    ("diarrhoea", "GREEN_DIARRHOEA", "ถ่ายเหลว", "diarrhoea"),
)

_ITEM_1_QUOTE = (
    '"หัวใจหยุดเต้น มีสิ่งอุดกั้นทางเดินหายใจ หายใจลำบากเฉียบพลัน มีภาวะช็อก มีภาวะโคม่า '
    'มีอาการซึมลง เมื่อเทียบกับระดับความรู้สึกตัวเดิมหรือกำลังชักเมื่อแรกรับที่จุดคัดแยก"'
)


def _item_1(a: Assessment) -> list[Criterion]:
    return [
        Criterion(
            code,
            "1",
            th,
            en,
            getattr(a, name),
            "yes",
            _flag(getattr(a, name)),
            (),
            f"{_YR}, item 1: {_ITEM_1_QUOTE}",
        )
        for name, code, th, en in ITEM_1
    ]


class _Limits:
    """The thresholds in force on one day, looked up once."""

    def __init__(self, params: ParameterSet, on: date) -> None:
        self._v = {key: params.value(name, on).value for key, name in PARAMS.items()}

    def __getitem__(self, key: str) -> Decimal:
        return self._v[key]


def _item_2(a: Assessment, lim: _Limits) -> list[Criterion]:
    src = f"{_YR}, item 2"
    fc, fh = lim["fever_celsius"], lim["fever_hours"]
    rr, spo2, desat = lim["respiratory_rate"], lim["spo2"], lim["desaturation"]
    adult = None if a.is_child is None else not a.is_child
    out = [
        Criterion(
            "HIGH_FEVER_PROLONGED",
            "2",
            f"ไข้สูงกว่า {fc} องศาเซลเซียส นานกว่า {fh} ชั่วโมง",
            f"fever above {fc} °C for longer than {fh} hours",
            _and(_cmp(a.temperature_c, operator.gt, fc), _cmp(a.fever_hours, operator.gt, fh)),
            f"> {fc} °C and > {fh} h",
            _shown(_num(a.temperature_c, "°C"), _num(a.fever_hours, "h")),
            (PARAMS["fever_celsius"], PARAMS["fever_hours"]),
            f'{src}: "มีอาการไข้สูงกว่า 39 องศาฯ นานกว่า 24 ชั่วโมง"',
        ),
        Criterion(
            "TACHYPNOEA_ADULT",
            "2",
            f"ผู้ใหญ่หายใจเร็วกว่า {rr} ครั้งต่อนาที",
            f"adult breathing faster than {rr} a minute",
            _and(adult, _cmp(a.respiratory_rate, operator.gt, rr)),
            f"> {rr}/min (adults)",
            _shown(_num(a.respiratory_rate, "/min"), _who(a)),
            (PARAMS["respiratory_rate"],),
            f'{src}: "หายใจเร็วกว่า 25 ครั้งต่อนาที ในผู้ใหญ่"',
        ),
        Criterion(
            "LOW_SPO2",
            "2",
            f"ออกซิเจนในเลือดแรกรับ (Room Air) น้อยกว่าร้อยละ {spo2}",
            f"room-air SpO2 at reception below {spo2} %",
            _cmp(a.spo2_room_air, operator.lt, spo2),
            f"< {spo2} %",
            _num(a.spo2_room_air, "%"),
            (PARAMS["spo2"],),
            f'{src}: "Oxygen Saturation แรกรับ Room Air น้อยกว่าร้อยละ 94"',
        ),
        Criterion(
            "COMORBIDITY_CHANGED",
            "2",
            "โรคประจำตัวที่มีการเปลี่ยนแปลง หรือจำเป็นต้องติดตามอาการอย่างใกล้ชิด ตามดุลยพินิจของแพทย์",
            "a comorbidity that changed or needs close watch, in the physician's judgement",
            a.comorbidity_changed,
            "yes",
            _flag(a.comorbidity_changed),
            (),
            f'{src}: "โรคประจำตัวที่มีการเปลี่ยนแปลง หรือจำเป็นต้องติดตามอาการอย่างใกล้ชิด ตามดุลยพินิจของแพทย์"',
        ),
    ]
    child_quote = f'{src}: "ในเด็ก หากมีอาการหายใจลำบาก ซึมลง ดื่มนม หรือรับประทานอาหารน้อยลง"'
    for name, code, th, en in (
        ("child_dyspnoea", "CHILD_DYSPNOEA", "เด็กมีอาการหายใจลำบาก", "child with dyspnoea"),
        ("child_drowsy", "CHILD_DROWSY", "เด็กซึมลง", "drowsy child"),
        (
            "child_poor_feeding",
            "CHILD_POOR_FEEDING",
            "เด็กดื่มนม หรือรับประทานอาหารน้อยลง",
            "child feeding or eating less",
        ),
    ):
        v = getattr(a, name)
        out.append(
            Criterion(
                code,
                "2",
                th,
                en,
                _and(a.is_child, v),
                "yes (children)",
                _shown(_flag(v), _who(a)),
                (),
                child_quote,
            )
        )
    out += [
        Criterion(
            "EXERCISE_DESATURATION",
            "2",
            f"ออกซิเจนในเลือด (Room Air) ลดลงตั้งแต่ร้อยละ {desat} ขึ้นไปหลังออกแรง",
            f"room-air SpO2 falls by {desat} points or more on exertion",
            _cmp(a.exercise_desaturation_points, operator.ge, desat),
            f"≥ {desat} points",
            _num(a.exercise_desaturation_points, "points"),
            (PARAMS["desaturation"],),
            f'{src}: "Exercise-induced hypoxia in COVID-19 patients: มีการลดลง Oxygen Saturation '
            'Room Air มากกว่าหรือเท่ากับร้อยละ 3"',
        ),
        Criterion(
            "OFFICER_HIGH_RISK",
            "2",
            "ผู้ป่วยที่มีความเสี่ยงสูงตามดุลยพินิจของผู้คัดแยก",
            "high risk in the triage officer's judgement",
            a.officer_high_risk,
            "yes",
            _flag(a.officer_high_risk),
            (),
            f'{src}: "ผู้ป่วยที่มีความเสี่ยงสูงตามดุลยพินิจของผู้คัดแยก"',
        ),
    ]
    return out


def _item_3(a: Assessment, lim: _Limits) -> list[Criterion]:
    """One criterion per risk factor, each met when the patient has dyspnoea or tachypnoea
    ("มีอาการเหนื่อยหอบ หายใจเร็ว") and that factor."""
    src = f'{_YR}, item 3: "มีอาการเหนื่อยหอบ หายใจเร็ว มีปัจจัยเสี่ยงอาการรุนแรงหรือโรคร่วม เช่น '
    dt = a.dyspnoea_or_tachypnoea
    th_pre, en_pre = "เหนื่อยหอบ หายใจเร็ว ร่วมกับ", "dyspnoea or tachypnoea with"
    age, weight, lym = lim["age"], lim["weight"], lim["lymphocytes"]

    def crit(code, th, en, factor, threshold, measured, params, quote):
        breath = None if dt is None else f"dyspnoea/tachypnoea {_flag(dt)}"
        return Criterion(
            code,
            "3",
            f"{th_pre}{th}",
            f"{en_pre} {en}",
            _and(dt, factor),
            threshold,
            _shown(breath, measured),
            params,
            f'{src}... {quote} ..."',
        )

    out = [
        crit(
            "RISK_ELDERLY",
            f"อายุมากกว่า {age} ปี",
            f"age over {age}",
            _cmp(a.age_years, operator.gt, age),
            f"> {age} years",
            _num(a.age_years, "years"),
            (PARAMS["age"],),
            "อายุมากกว่า 60 ปี",
        )
    ]
    for name, code, th, en in RISK_FLAGS:
        if name == "pregnant":  # the seed's order: obesity comes before pregnancy
            out.append(
                crit(
                    "RISK_OBESITY",
                    f"ภาวะอ้วน น้ำหนักเกิน {weight} กิโลกรัม",
                    f"obesity, weight over {weight} kg",
                    _cmp(a.weight_kg, operator.gt, weight),
                    f"> {weight} kg",
                    _num(a.weight_kg, "kg"),
                    (PARAMS["weight"],),
                    "ภาวะอ้วน น้ำหนักเกิน 90 กิโลกรัม",
                )
            )
        if name == "other_risk_factor":
            out.append(
                crit(
                    "RISK_LYMPHOPENIA",
                    f"เม็ดเลือดขาว (ลิมโฟไซต์) น้อยกว่า {lym:,} เซลล์ต่อไมโครลิตร",
                    f"lymphocytes below {lym:,} /µL",
                    _cmp(a.lymphocytes_per_ul, operator.lt, lym),
                    f"< {lym:,} /µL",
                    _num(a.lymphocytes_per_ul, "/µL"),
                    (PARAMS["lymphocytes"],),
                    "เม็ดเลือดขาวน้อยกว่า 1,000 เซลล์ต่อไมโครลิตร",
                )
            )
        v = getattr(a, name)
        quote = "อื่น ๆ หรือตามดุลยพินิจของผู้คัดแยกขั้นตอนรับบริการ" if name == "other_risk_factor" else th
        out.append(
            crit(code, th, en, v, "yes", f"{en} {_flag(v)}" if v is not None else None, (), quote)
        )
    return out


def _green(a: Assessment, lim: _Limits) -> list[Criterion]:
    gf = lim["green_fever"]
    out = [
        Criterion(
            "GREEN_FEVER",
            "green",
            f"มีไข้อุณหภูมิ {gf} องศาเซลเซียสขึ้นไป",
            f"fever of {gf} °C or more",
            _cmp(a.temperature_c, operator.ge, gf),
            f"≥ {gf} °C",
            _num(a.temperature_c, "°C"),
            (PARAMS["green_fever"],),
            f'{_GREEN}: "มีไข้อุณหภูมิ 37.5 องศาเซลเซียสขึ้นไป"',
        )
    ]
    quotes = {
        "loss_of_taste": "ลิ้นไม่รับรส จมูกไม่รับกลิ่น",
        "loss_of_smell": "ลิ้นไม่รับรส จมูกไม่รับกลิ่น",
        "cough": "ไอ มีน้ำมูก เจ็บคอ",
        "runny_nose": "ไอ มีน้ำมูก เจ็บคอ",
        "sore_throat": "ไอ มีน้ำมูก เจ็บคอ",
    }
    for name, code, th, en in GREEN_FLAGS:
        v = getattr(a, name)
        quote = quotes.get(name, "ตาแดง มีผื่น และถ่ายเหลว")
        out.append(Criterion(code, "green", th, en, v, "yes", _flag(v), (), f'{_GREEN}: "{quote}"'))
    return out


def _split(criteria: list[Criterion]) -> tuple[tuple[Criterion, ...], ...]:
    return (
        tuple(c for c in criteria if c.met is True),
        tuple(c for c in criteria if c.met is False),
        tuple(c for c in criteria if c.met is None),
    )


def with_registry_age(
    a: Assessment, born: date | None, on: date, params: ParameterSet | None = None
) -> Assessment:
    """``a`` with ``age_years`` and ``is_child`` from the registry birth date ``born`` on the
    triage day ``on`` (module docstring, "Adult or child is known, not typed"): the registry
    wins over what was typed. ``born`` None (not in the registry): ``a`` unchanged."""
    if born is None:
        return a
    params = default_parameters() if params is None else params
    age = completed_years(born, on)
    limit = int(params.value(CHILD_UNDER_YEARS, on).value)
    return replace(a, age_years=age, is_child=age < limit)


def triage(a: Assessment, on: date, params: ParameterSet | None = None) -> Triage:
    """The COVID-19 colour of ``a`` on the triage date ``on`` (seed 004; rules in the module
    docstring): red if any item-1 sign; yellow if any item-2 or item-3 criterion; else green.
    Yellow and red are emergency-critical. Thresholds are the ``ucep.triage.*`` parameters in
    force on ``on`` (from 16 March 2022; an earlier date is a ``ParamLookupError``)."""
    params = default_parameters() if params is None else params
    lim = _Limits(params, on)
    one, two, three, green = _item_1(a), _item_2(a, lim), _item_3(a, lim), _green(a, lim)
    met = lambda cs: any(c.met is True for c in cs)  # noqa: E731
    if met(one):
        colour = "red"
    elif met(two) or met(three):
        colour = "yellow"
    else:
        colour = "green"
    criteria, not_met, unknown = _split(one + two + three + green)
    return Triage(
        colour=colour,
        emergency_critical=colour != "green",
        asymptomatic=not met(green),
        criteria=criteria,
        not_met=not_met,
        unknown=unknown,
        on=on,
        parameters_version=params.version,
    )


_LEFT_TH = (
    "เกณฑ์การคัดแยกผู้ป่วยฉุกเฉินวิกฤตฉบับเต็มที่ กพฉ. กำหนดประกาศ และ สพฉ. จัดทำรายละเอียดไว้ "
    "ไม่ได้อยู่ในเอกสารต้นทาง ระบบตรวจเฉพาะอาการวิกฤตข้อ 1 ส่วนเกณฑ์อื่นเป็นดุลยพินิจของผู้คัดแยก "
    "(ปรึกษาศูนย์ประสานคุ้มครองสิทธิผู้ป่วยฉุกเฉินวิกฤตได้ตลอด 24 ชั่วโมง)"
)
_LEFT_EN = (
    "The full emergency-critical triage criteria (announced by the EMS committee, detailed by "
    "NIEM) are not in the source documents: the system checks the item-1 critical signs only; "
    "every other criterion is the triage officer's judgement (the coordination centre can be "
    "consulted 24 hours a day)."
)


def general_critical(a: Assessment, on: date, params: ParameterSet | None = None) -> Critical:
    """General UCEP: emergency-critical when any item-1 sign is present (seed 004 item 1, the
    national EMS "critical" signs) or the triage officer finds the patient emergency-critical
    under the full national criteria (seed 001 §1: "เป็นผู้ป่วยฉุกเฉินวิกฤต ตามหลักเกณฑ์การคัดแยก
    ผู้ป่วยฉุกเฉินวิกฤต ที่ กพฉ. กำหนดประกาศ และ รายละเอียดเกณฑ์การคัดแยกผู้ป่วยฉุกเฉินวิกฤต ที่ สพฉ.
    ได้จัดทำไว้"; §2 step 1: the hospital triages, "ในกรณีมีปัญหาในการคัดแยกให้ปรึกษาศูนย์ประสาน...").

    Left to human judgement: everything in those national criteria beyond the item-1 signs
    (``officer_critical``). No threshold is read; ``on`` and ``params`` are taken for a
    uniform signature and the recorded parameter version."""
    params = default_parameters() if params is None else params
    officer = Criterion(
        "OFFICER_CRITICAL",
        "officer",
        "ผู้คัดแยกประเมินว่าเป็นผู้ป่วยฉุกเฉินวิกฤตตามหลักเกณฑ์ที่ กพฉ. กำหนด",
        "the triage officer finds the patient emergency-critical by the national EMS criteria",
        a.officer_critical,
        "yes",
        _flag(a.officer_critical),
        (),
        'seed 001_9fcdabf8e5dd4edb.txt §1: "เป็นผู้ป่วยฉุกเฉินวิกฤต ตามหลักเกณฑ์การคัดแยกผู้ป่วย'
        'ฉุกเฉินวิกฤต ที่ กพฉ. กำหนดประกาศ"; §2 step 1',
    )
    criteria, not_met, unknown = _split([*_item_1(a), officer])
    return Critical(
        emergency_critical=bool(criteria),
        criteria=criteria,
        not_met=not_met,
        unknown=unknown,
        on=on,
        parameters_version=params.version,
        left_to_judgement_th=_LEFT_TH,
        left_to_judgement_en=_LEFT_EN,
    )
