"""Every error the system answers with, in one place: a stable code, its e-Claim family,
the HTTP status, and a Thai and an English message.

The families follow e-Claim (FACTS.md, "Error codes"): *corrective* (data to fix),
*deny* (not payable), *verify* (needs checking); *request* covers problems with the call
itself (authentication, permissions, a malformed parameter).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass


@dataclass(frozen=True)
class ErrorCode:
    code: str
    status: int
    family: str
    th: str
    en: str


_CODES = [
    # -- identifiers -----------------------------------------------------------------------
    ErrorCode(
        "CID_FORMAT",
        400,
        "corrective",
        "เลขประจำตัวประชาชนต้องเป็นตัวเลข 13 หลัก",
        "A citizen ID must be exactly 13 digits.",
    ),
    ErrorCode(
        "CID_CHECK_DIGIT",
        400,
        "corrective",
        "เลขประจำตัวประชาชนไม่ถูกต้อง: หลักที่ 13 (หลักตรวจสอบ) ไม่ตรงกับ 12 หลักแรก",
        "Invalid citizen ID: the 13th (check) digit does not match the first 12 digits.",
    ),
    ErrorCode(
        "HOSPITAL_FORMAT",
        400,
        "corrective",
        "รหัสหน่วยบริการต้องเป็นตัวเลข 5 หลัก",
        "A hospital code must be exactly 5 digits.",
    ),
    ErrorCode(
        "HOSPITAL_UNKNOWN",
        400,
        "corrective",
        "ไม่พบหน่วยบริการรหัส {hcode} ในทะเบียน",
        "No hospital with code {hcode} is registered.",
    ),
    ErrorCode(
        "FUND_UNKNOWN",
        400,
        "corrective",
        "ไม่พบกองทุน/สิทธิรหัส {fund}",
        "No fund with code {fund} is known.",
    ),
    ErrorCode(
        "PROVINCE_UNKNOWN",
        400,
        "corrective",
        "ไม่พบจังหวัดรหัส {province}",
        "No province with code {province} is known.",
    ),
    ErrorCode(
        "PERSON_UNKNOWN",
        404,
        "verify",
        "ไม่พบผู้มีเลขประจำตัวประชาชนนี้ในฐานข้อมูลผู้มีสิทธิ",
        "This citizen ID is not in the beneficiary register.",
    ),
    ErrorCode(
        "PUBLIC_NO_MATCH",
        404,
        "verify",
        "ไม่พบผู้มีสิทธิที่ตรงกับเลขประจำตัวประชาชนและวันเกิดที่ระบุ",
        "No beneficiary matches this citizen ID and birth date.",
    ),
    # -- dates -----------------------------------------------------------------------------
    ErrorCode("DATE_REQUIRED", 400, "corrective", "กรุณาระบุวันที่", "A date is required."),
    ErrorCode(
        "DATE_INVALID",
        400,
        "corrective",
        "วันที่ไม่ถูกต้อง: ใช้รูปแบบ ปปปป-ดด-วว ตามปีคริสต์ศักราช เช่น 2024-03-01",
        "Invalid date: use YYYY-MM-DD in the Christian Era, e.g. 2024-03-01.",
    ),
    ErrorCode(
        "DATE_ORDER",
        400,
        "corrective",
        "วันที่สิ้นสุดต้องไม่ก่อนวันที่เริ่มต้น",
        "The end date must not be before the start date.",
    ),
    ErrorCode(
        "RIGHTS_OVERLAP",
        400,
        "corrective",
        "ช่วงวันที่ของสิทธินี้ทับซ้อนกับสิทธิอื่นของบุคคลเดียวกัน (มีสิทธิหลักได้ครั้งละหนึ่งสิทธิ)",
        "These dates overlap another right of the same person (one main right at a time).",
    ),
    ErrorCode(
        "CSMBS_AGENCY_REQUIRED",
        400,
        "corrective",
        "สิทธิข้าราชการต้องระบุหน่วยงานต้นสังกัด",
        "A civil-servant (CSMBS) right must name the employing agency.",
    ),
    # -- the call itself -------------------------------------------------------------------
    ErrorCode(
        "AUTH_REQUIRED",
        401,
        "request",
        "กรุณาเข้าสู่ระบบ หรือส่งส่วนหัว Authorization: Bearer ตามด้วยโทเคนของหน่วยบริการ",
        "Log in, or send the header Authorization: Bearer followed by your hospital's token.",
    ),
    ErrorCode(
        "TOKEN_INVALID",
        401,
        "request",
        "โทเคนไม่ถูกต้องหรือถูกเพิกถอนแล้ว",
        "The API token is invalid or has been revoked.",
    ),
    ErrorCode(
        "ROLE_FORBIDDEN", 403, "request", "บทบาทของท่านไม่มีสิทธิทำรายการนี้", "Your role may not do this."
    ),
    ErrorCode(
        "HOSPITAL_SCOPE",
        403,
        "request",
        "ท่านดูหรือทำรายการได้เฉพาะข้อมูลของหน่วยบริการของท่าน ({own})",
        "You may only see or act on your own hospital's data ({own}).",
    ),
    ErrorCode("NOT_FOUND", 404, "request", "ไม่พบรายการที่ขอ", "The requested item was not found."),
    ErrorCode(
        "METHOD_NOT_ALLOWED",
        405,
        "request",
        "ใช้วิธีเรียก (HTTP method) นี้กับที่อยู่นี้ไม่ได้",
        "This HTTP method is not allowed here.",
    ),
    ErrorCode(
        "REQUEST_INVALID",
        400,
        "corrective",
        "ข้อมูลที่ส่งมาไม่ถูกต้อง: {detail}",
        "The request is not valid: {detail}",
    ),
]

CATALOGUE: dict[str, ErrorCode] = {c.code: c for c in _CODES}


@dataclass(frozen=True)
class ErrorItem:
    code: str
    field: str | None = None
    params: dict = dataclasses.field(default_factory=dict)

    def as_dict(self) -> dict:
        entry = CATALOGUE[self.code]
        return {
            "code": self.code,
            "family": entry.family,
            "field": self.field,
            "message_th": entry.th.format(**self.params),
            "message_en": entry.en.format(**self.params),
        }


class SitthiError(Exception):
    """Raised by services for bad input or refused access. Nothing has been written when it
    is raised (services raise before they save, inside their transaction)."""

    def __init__(self, *items: ErrorItem):
        for item in items:
            if item.code not in CATALOGUE:
                raise KeyError(f"unknown error code {item.code!r}: add it to sitthi.core.errors")
        self.items = list(items)
        super().__init__(", ".join(i.code for i in items))

    @classmethod
    def one(cls, code: str, field: str | None = None, **params) -> SitthiError:
        return cls(ErrorItem(code, field, params))

    @property
    def status(self) -> int:
        return max(CATALOGUE[i.code].status for i in self.items)

    def as_dict(self) -> dict:
        return {"errors": [i.as_dict() for i in self.items]}


def validate_all(*steps):
    """Run every check (zero-argument callables) and report all their problems together,
    not the first only; returns their results in order."""
    results, problems = [], []
    for step in steps:
        try:
            results.append(step())
        except SitthiError as exc:
            problems += exc.items
            results.append(None)
    if problems:
        raise SitthiError(*problems)
    return results
