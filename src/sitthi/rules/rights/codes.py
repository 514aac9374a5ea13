"""The registry's codes: identifiers (citizen ID, hospital, fund, province, person) and the
dates of a right (one main right at a time; a civil-servant right names its agency)."""

from __future__ import annotations

from sitthi.rules.kernel.codes import ErrorCode, declare

CODES = (
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
        "ไม่พบหน่วยบริการรหัส {value} ในทะเบียน",
        "No hospital with code {value} is registered.",
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
    ErrorCode("DATE_REQUIRED", 400, "corrective", "กรุณาระบุวันที่", "A date is required."),
    ErrorCode(
        "DATE_INVALID",
        400,
        "corrective",
        "วันที่ไม่ถูกต้อง ({value}): พิมพ์ วว/ดด/ปปปป เช่น 01/03/2567 (พ.ศ.) หรือ 2024-03-01 (ค.ศ.)",
        "Invalid date ({value}): type dd/mm/yyyy, e.g. 01/03/2567 (BE), or 2024-03-01 (CE).",
    ),
    ErrorCode(
        "DATE_ABSURD",
        400,
        "corrective",
        "วันที่ {value} อยู่นอกช่วงที่รับได้ ({earliest} ถึง {latest}): ปี พ.ศ. ตั้งแต่ 2443 หรือ ค.ศ. 1900–2200",
        "The date {value} is outside the accepted range ({earliest} to {latest}): a year from"
        " 2443 BE, or 1900–2200 CE.",
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
)

declare(*CODES)
