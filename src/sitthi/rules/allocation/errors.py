"""Every problem the fiscal-year allocation can report, as a stable code with a Thai and an
English message (Thai first). Messages may use ``{value}``, the offending value as text.

A problem is a dict ``{"field": dotted.path, "code": CODE, "value": str}``; ``message`` turns
one into text. These codes are to be merged into the project's error catalogue
(``sitthi.core.errors``); this module stays free of Django so the rules can use it.
"""

from __future__ import annotations

from collections.abc import Mapping

from sitthi.rules.kernel.codes import corrective, declare

TEXTS: dict[str, tuple[str, str]] = {
    # -- the fiscal-year configuration ---------------------------------------------------
    "ALLOC_VALUE_REQUIRED": (
        "ต้องระบุค่านี้",
        "A value is required here.",
    ),
    "ALLOC_INVALID_VALUE": (
        "ค่าไม่ถูกต้อง: {value}",
        "Invalid value: {value}",
    ),
    "ALLOC_NEGATIVE": (
        "ค่าต้องไม่ติดลบ: {value}",
        "The value must not be negative: {value}",
    ),
    "ALLOC_NOT_POSITIVE": (
        "ค่าต้องมากกว่าศูนย์: {value}",
        "The value must be greater than zero: {value}",
    ),
    "ALLOC_PRECISION": (
        "ค่าละเอียดเกินที่กำหนด (เงินละเอียดได้ถึงสตางค์ คือทศนิยม 2 ตำแหน่ง): {value}",
        "The value is finer than allowed (money to the satang, two decimals): {value}",
    ),
    "ALLOC_UNKNOWN_KEY": (
        "ไม่รู้จักหัวข้อ {value} (พิมพ์ผิดหรือไม่)",
        "Unknown key {value} (a typo?)",
    ),
    "ALLOC_DUPLICATE": (
        "ระบุซ้ำ: {value}",
        "Given twice: {value}",
    ),
    "ALLOC_SHARES_NOT_100": (
        "สัดส่วนรวมกันต้องได้ร้อยละ 100 (ได้ {value})",
        "The shares must add up to 100 % (they add up to {value}).",
    ),
    "ALLOC_QOF_BELOW_MINIMUM": (
        "เงินตามเกณฑ์คุณภาพและผลงานบริการปฐมภูมิ (QOF) ต้องไม่น้อยกว่า 37 บาทต่อผู้มีสิทธิ (ได้ {value})",
        "The primary-care quality (QOF) part must be at least 37 baht per person (got {value}).",
    ),
    "ALLOC_BAND_INVALID": (
        "ช่วงอัตราจังหวัดรอบค่าเฉลี่ยประเทศต้องอยู่ระหว่างร้อยละ 0 ถึงน้อยกว่า 100 (ได้ {value})",
        "The band around the national average rate must be from 0 % to under 100 % (got {value}).",
    ),
    "ALLOC_LIMIT_EXCEEDED": (
        "เกินเพดานที่ประกาศกำหนด: {value}",
        "Beyond the limit set by the announcement: {value}",
    ),
    "ALLOC_LINES_DO_NOT_ADD_UP": (
        "ผลรวมรายการไม่ตรงกับยอดรวมที่ระบุ: {value}",
        "The lines do not add up to the stated total: {value}",
    ),
    "ALLOC_UNKNOWN_LINE": (
        "ไม่พบรายการงบประมาณรหัส {value}",
        "No budget line with code {value}.",
    ),
    "ALLOC_SHORTFALL_SOURCE": (
        "รายการ {value} ไม่สามารถเป็นแหล่งเงินชดเชยรายการที่ไม่เพียงพอได้",
        "Line {value} cannot give money to a line that runs short.",
    ),
    # -- the run's inputs ----------------------------------------------------------------
    "ALLOC_INPUT_COLUMN_MISSING": (
        "ไม่มีคอลัมน์ {value}",
        "Column {value} is missing.",
    ),
    "ALLOC_INPUT_TYPE": (
        "ชนิดข้อมูลของคอลัมน์ไม่ถูกต้อง (ต้องเป็นจำนวนเต็มหรือทศนิยมแบบแม่นยำ ไม่ใช่ทศนิยมลอยตัว): {value}",
        "Wrong column type (an integer or exact decimal is needed, never a float): {value}",
    ),
    "ALLOC_INPUT_NULL": (
        "มีค่าว่างในคอลัมน์ {value}",
        "Column {value} has empty values.",
    ),
    "ALLOC_INPUT_NEGATIVE": (
        "มีค่าติดลบในคอลัมน์ {value}",
        "Column {value} has negative values.",
    ),
    "ALLOC_INPUT_DUPLICATE": (
        "รหัสซ้ำ: {value}",
        "Duplicate code: {value}",
    ),
    "ALLOC_INPUT_UNKNOWN_UNIT": (
        "ไม่พบหน่วยบริการรหัส {value} ในรายชื่อหน่วยบริการของรอบนี้",
        "Unit {value} is not in this run's list of units.",
    ),
    "ALLOC_INPUT_UNKNOWN_AGE_GROUP": (
        "ไม่พบกลุ่มอายุ {value} ในดัชนีค่าใช้จ่ายตามกลุ่มอายุ",
        "Age group {value} is not in the age-adjusted cost index.",
    ),
    "ALLOC_INPUT_PROVINCE_MISMATCH": (
        "จังหวัดของผู้มีสิทธิไม่ตรงกับจังหวัดของหน่วยบริการประจำ: {value}",
        "The persons' province differs from their main unit's province: {value}",
    ),
    "ALLOC_INPUT_REGION_INVALID": (
        "เขตต้องเป็นเลข 1 ถึง 13: {value}",
        "A region must be a number from 1 to 13: {value}",
    ),
    "ALLOC_INPUT_UNKNOWN_PROVINCE": (
        "ไม่พบจังหวัดรหัส {value} ในรายชื่อหน่วยบริการของรอบนี้",
        "Province {value} has no unit in this run's list of units.",
    ),
    "ALLOC_INPUT_UNKNOWN_CUP": (
        "ไม่พบ CUP รหัส {value} ในรายชื่อหน่วยบริการ",
        "CUP {value} matches no unit.",
    ),
    "ALLOC_INPUT_EMPTY": (
        "ไม่มีผู้มีสิทธิที่ลงทะเบียน",
        "There are no registered persons.",
    ),
    "ALLOC_OP_PARTS_EXCEED_BUDGET": (
        "เงินส่วน QOF ผลงาน และคุณภาพข้อมูล เกินวงเงินบริการผู้ป่วยนอกทั่วไป: {value}",
        "The QOF, output and data-quality parts exceed the outpatient budget: {value}",
    ),
}

declare(*corrective(TEXTS))

#: Notices: what a reader of a configuration should know that refuses nothing (so they are not
#: in the error catalogue, whose codes all refuse with a 4xx). Same shape and checks as TEXTS.
NOTICES: dict[str, tuple[str, str]] = {
    "ALLOC_CAPITATION_DIFFERS_FROM_PARAMETER": (
        "อัตราเหมาจ่ายรายหัวของปีงบประมาณนี้ต่างจากอัตราที่ประกาศ (พารามิเตอร์ตามวันที่): {value}",
        "This year's capitation per person differs from the published rate (dated parameter): {value}",
    ),
}


class AllocationError(ValueError):
    """A list of problems, every one reported at once; ``problems`` are dicts
    ``{"field", "code", "value"}``."""

    def __init__(self, problems: list[dict[str, str]]) -> None:
        self.problems = problems
        super().__init__("; ".join(f"{p['field']}: {message(p, 'en')}" for p in problems))


class ConfigError(AllocationError):
    """The fiscal-year configuration is refused; nothing is computed."""


class InputError(AllocationError):
    """The run's inputs (population, units, service output) are refused; nothing is computed."""


def problem(field: str, code: str, value: object = "") -> dict[str, str]:
    if code not in TEXTS:  # a code must be catalogued before it is used
        raise KeyError(code)
    return {"field": field, "code": code, "value": "" if value is None else str(value)}


def message(item: Mapping[str, str], lang: str = "th") -> str:
    """The problem (or notice) as text in Thai (default) or English."""
    th, en = TEXTS[item["code"]] if item["code"] in TEXTS else NOTICES[item["code"]]
    text = en if lang.startswith("en") else th
    return text.replace("{value}", item.get("value", ""))
