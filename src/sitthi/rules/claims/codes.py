"""The claims' codes: the edits of a claim and its lines (e-Claim families: corrective, deny,
verify), the fee schedule's own (``DATE_ORDER``, ``AMOUNT_NOT_POSITIVE``), the flow of a
claim to its notice and payment, and a file row that refers to no claim of the file. The
cell and file codes are the kernel's (``sitthi.rules.kernel.tables``)."""

from __future__ import annotations

from sitthi.rules.kernel.codes import ErrorCode, declare

CODES = (
    ErrorCode(
        "DATE_ORDER",
        400,
        "corrective",
        "วันที่สิ้นสุดต้องไม่ก่อนวันที่เริ่มต้น",
        "The end date must not be before the start date.",
    ),
    ErrorCode(
        "SERVICE_TYPE_UNKNOWN",
        400,
        "corrective",
        "ไม่รู้จักประเภทบริการ {value}",
        "Unknown service type {value}.",
    ),
    ErrorCode(
        "DISCHARGE_REQUIRED",
        400,
        "corrective",
        "ผู้ป่วยในต้องมีวันเวลาจำหน่าย",
        "An inpatient claim needs a discharge time.",
    ),
    ErrorCode(
        "DISCHARGE_BEFORE_ADMISSION",
        400,
        "corrective",
        "วันเวลาจำหน่ายอยู่ก่อนวันเวลารับเข้ารักษา",
        "The discharge time is before the admission time.",
    ),
    ErrorCode(
        "LINE_OUTSIDE_STAY",
        400,
        "corrective",
        "เวลาให้บริการของรายการนี้อยู่นอกช่วงเข้ารับการรักษา",
        "This line's service time is outside the visit or stay.",
    ),
    ErrorCode(
        "QUANTITY_NOT_POSITIVE",
        400,
        "corrective",
        "จำนวนต้องมากกว่าศูนย์",
        "The quantity must be more than zero.",
    ),
    ErrorCode(
        "AMOUNT_NOT_POSITIVE",
        400,
        "corrective",
        "จำนวนเงินที่เรียกเก็บต้องมากกว่าศูนย์ (e-Claim 301)",
        "The charged amount must be more than zero (e-Claim 301).",
    ),
    ErrorCode(
        "LINES_MISSING",
        400,
        "corrective",
        "การเรียกเก็บต้องมีรายการค่าใช้จ่ายอย่างน้อยหนึ่งรายการ",
        "A claim needs at least one charge line.",
    ),
    ErrorCode(
        "DIAGNOSIS_PRINCIPAL_MISSING",
        400,
        "corrective",
        "ไม่มีรหัสการวินิจฉัยโรคหลัก (e-Claim 201)",
        "No principal diagnosis (e-Claim 201).",
    ),
    ErrorCode(
        "DIAGNOSIS_UNKNOWN",
        400,
        "corrective",
        "รหัสการวินิจฉัย {value} ไม่อยู่ใน ICD-10 (WHO) หรือ ICD-10-TM",
        "Diagnosis code {value} is not in ICD-10 (WHO) or ICD-10-TM.",
    ),
    ErrorCode(
        "ITEM_UNKNOWN",
        400,
        "corrective",
        "ไม่พบรหัสรายการ {value} ในบัญชีอัตราค่าบริการ",
        "Item code {value} is not in any fee schedule.",
    ),
    ErrorCode(
        "ITEM_NOT_IN_FORCE",
        400,
        "deny",
        "รหัสรายการ {value} ไม่มีผลในวันที่ให้บริการ (ยกเลิกแล้วหรือยังไม่เริ่มใช้) จึงไม่จ่ายชดเชย",
        "Item code {value} is not in force on the service date (withdrawn or not yet "
        "valid): not payable.",
    ),
    ErrorCode(
        "RATE_NOT_LOADED",
        400,
        "verify",
        "รายการ {value}: อัตราที่ปรับใหม่ซึ่งมีผลในวันที่ให้บริการยังไม่ได้นำเข้าระบบ "
        "(สปสช. ต้องนำเข้าบัญชีอัตราใหม่ก่อน) จึงยังคิดราคาไม่ได้",
        "Item {value}: the revised rate in force on the service date has not been loaded yet "
        "(NHSO must load the new schedule first), so it cannot be priced.",
    ),
    ErrorCode(
        "QUANTITY_OVER_LIMIT",
        400,
        "corrective",
        "จำนวนของรายการกลุ่ม {value} เกินที่เบิกได้ (จ่ายครั้งเดียวต่อราย หรือไม่เกินวันละหนึ่งตลอดช่วงที่รับการดูแล)",
        "Too much of item group {value} for one claim (paid once per case, or at most one a "
        "day of the stay).",
    ),
    ErrorCode(
        "RIGHTS_NOT_IN_FORCE",
        400,
        "deny",
        "ไม่พบสิทธิที่มีผลในวันที่รับบริการ (e-Claim 999)",
        "No right in force on the service date (e-Claim 999).",
    ),
    ErrorCode(
        "HOSPITAL_NOT_IN_NETWORK",
        400,
        "deny",
        "หน่วยบริการไม่ได้เป็นคู่สัญญาของกองทุน {value} ในวันที่รับบริการ",
        "The hospital has no contract with fund {value} on the service date.",
    ),
    ErrorCode(
        "DUPLICATE_OF_PAID",
        409,
        "deny",
        "ซ้ำกับการเรียกเก็บที่จ่ายเงินแล้ว",
        "Duplicate of a claim already paid.",
    ),
    ErrorCode(
        "CLAIM_KEY_CONFLICT",
        409,
        "request",
        "รหัสอ้างอิงการเรียกเก็บ {key} ถูกใช้กับข้อมูลอื่นแล้ว",
        "Claim key {key} was already used for a different claim.",
    ),
    ErrorCode(
        "STATE_MOVE_INVALID",
        409,
        "request",
        "ไม่สามารถเปลี่ยนสถานะจาก {from_state} เป็น {to_state}",
        "A claim cannot move from {from_state} to {to_state}.",
    ),
    ErrorCode(
        "FUND_SCOPE",
        403,
        "request",
        "ท่านดูหรือทำรายการได้เฉพาะของกองทุนของท่าน ({own})",
        "You may only see or act on your own fund's notices ({own}).",
    ),
    ErrorCode(
        "NOTICE_ALREADY_PAID",
        409,
        "request",
        "หนังสือแจ้งนี้บันทึกการจ่ายเงินแล้ว",
        "This notice has already been paid.",
    ),
    ErrorCode(
        "PAYMENT_AMOUNT_MISMATCH",
        400,
        "corrective",
        "จำนวนเงินที่จ่าย {paid} บาท ไม่เท่ากับยอดในหนังสือแจ้ง {due} บาท",
        "The amount paid, {paid} baht, is not the notice total, {due} baht.",
    ),
    ErrorCode(
        "CLAIM_NOT_RESENDABLE",
        409,
        "request",
        "แก้ไขและส่งใหม่ได้เฉพาะการเรียกเก็บที่ถูกปฏิเสธหรือถูกส่งคืน (สถานะปัจจุบัน {state})",
        "Only a rejected or returned claim can be corrected and resent (it is {state}).",
    ),
    ErrorCode(
        "RESEND_UNCHANGED",
        409,
        "corrective",
        "ไม่มีการแก้ไข: การเรียกเก็บที่ส่งใหม่เหมือนฉบับเดิม",
        "Nothing was changed: the resent claim is the same as the stored one.",
    ),
    ErrorCode(
        "DOCUMENT_TYPE_REFUSED",
        400,
        "corrective",
        "รับเฉพาะไฟล์ PDF, JPEG หรือ PNG (ตรวจจากเนื้อไฟล์ ไม่ใช่ชื่อไฟล์)",
        "Only PDF, JPEG or PNG files are accepted (checked by their content, not their name).",
    ),
    ErrorCode("DOCUMENT_EMPTY", 400, "corrective", "ไฟล์ว่างเปล่า", "The file is empty."),
    ErrorCode(
        "BULK_TOO_MANY",
        400,
        "corrective",
        "เลือกได้ไม่เกิน {limit} รายการต่อครั้ง",
        "At most {limit} items at a time.",
    ),
    ErrorCode(
        "TRANSFER_SUM_MISMATCH",
        400,
        "corrective",
        "ยอดเงินโอน {paid} บาท ไม่เท่ากับผลรวมของหนังสือแจ้งที่เลือก {due} บาท",
        "The transfer, {paid} baht, is not the sum of the chosen notices, {due} baht.",
    ),
    ErrorCode("REASON_REQUIRED", 400, "corrective", "กรุณาระบุเหตุผล", "A reason is required."),
    ErrorCode(
        "ROW_ORPHAN",
        400,
        "corrective",
        "แถวนี้อ้างถึงการเรียกเก็บที่ไม่มีในไฟล์ ({value})",
        "This row refers to a claim that is not in the file ({value}).",
    ),
)

declare(*CODES)
