"""The FHIR API's own codes (gathered by ``sitthi.core.errors``): a message that is not the
FHIR Sitthi takes. Everything past these is the same service, with the same codes, as the
JSON API."""

from __future__ import annotations

from sitthi.rules.kernel.codes import ErrorCode, declare

CODES = (
    ErrorCode(
        "FHIR_INVALID",
        400,
        "request",
        "ข้อความ FHIR ไม่ถูกต้องตามโครงสร้าง R4B ที่ {at}: {detail}",
        "The FHIR message is not valid R4B at {at}: {detail}",
    ),
    ErrorCode(
        "FHIR_WRONG_RESOURCE",
        400,
        "request",
        "ที่อยู่นี้รับทรัพยากร {expected} แต่ได้รับ {got}",
        "This address takes a {expected} resource, not {got}.",
    ),
    ErrorCode(
        "FHIR_CODE_UNKNOWN",
        400,
        "corrective",
        "ไม่รู้จักรหัส {value} ที่ {at} (ระบบที่ใช้ได้: {known})",
        "Unknown code {value} at {at} (known: {known}).",
    ),
    ErrorCode(
        "FHIR_ELEMENT_REQUIRED",
        400,
        "corrective",
        "ต้องระบุ {at} ({detail})",
        "{at} is required ({detail}).",
    ),
    ErrorCode(
        "FHIR_PATIENT_MISMATCH",
        409,
        "verify",
        "ผู้ป่วยในข้อความไม่ใช่ผู้ป่วยของเหตุการณ์ที่อ้างถึง",
        "The patient of the message is not the patient of the episode it names.",
    ),
)
BY_CODE = declare(*CODES)
