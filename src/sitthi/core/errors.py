"""Every error the system answers with, in one place: a stable code, its e-Claim family,
the HTTP status, and a Thai and an English message.

The families follow e-Claim (FACTS.md, "Error codes"): *corrective* (data to fix),
*deny* (not payable), *verify* (needs checking); *request* covers problems with the call
itself (authentication, permissions, a malformed parameter).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from sitthi.rules.allocation import errors as _allocation  # noqa: F401  (declares ALLOC_*)
from sitthi.rules.finance import brightspot as _brightspot  # noqa: F401  (declares BRIGHT_*)
from sitthi.rules.finance import risk as _risk  # noqa: F401  (declares FIN_*)
from sitthi.rules.kernel import documents as _documents  # noqa: F401  (declares DOC_*)
from sitthi.rules.kernel import tables as _tables  # noqa: F401  (declares FILE_*, COLUMN_*)
from sitthi.rules.kernel.codes import REGISTRY, ErrorCode, declare

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
    # -- claims: edits (e-Claim families: corrective / deny / verify) --------------------------
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
    # -- claims: the flow ---------------------------------------------------------------------
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
    ErrorCode("REASON_REQUIRED", 400, "corrective", "กรุณาระบุเหตุผล", "A reason is required."),
    # -- files ----------------------------------------------------------------------------------
    # FILE_TYPE, FILE_TOO_LARGE, FILE_MALFORMED, FILE_MISSING, COLUMN_MISSING: rules.kernel.tables
    ErrorCode("VALUE_REQUIRED", 400, "corrective", "ต้องกรอกข้อมูลช่องนี้", "This field is required."),
    ErrorCode(
        "NUMBER_INVALID", 400, "corrective", "ตัวเลขไม่ถูกต้อง: {value}", "Not a valid number: {value}"
    ),
    ErrorCode(
        "DATETIME_INVALID",
        400,
        "corrective",
        "วันเวลาไม่ถูกต้อง: {value}",
        "Not a valid date or time: {value}",
    ),
    ErrorCode(
        "ROW_ORPHAN",
        400,
        "corrective",
        "แถวนี้อ้างถึงการเรียกเก็บที่ไม่มีในไฟล์ ({value})",
        "This row refers to a claim that is not in the file ({value}).",
    ),
    ErrorCode("COLUMN_UNKNOWN", 400, "corrective", "ไม่รู้จักคอลัมน์ {value}", "Unknown column {value}."),
    ErrorCode(
        "VALUE_INVALID", 400, "corrective", "ค่าไม่ถูกต้อง: {value}", "Not an allowed value: {value}"
    ),
    # DUPLICATE_IN_FILE: rules.kernel.tables
    # -- UCEP ------------------------------------------------------------------------------
    ErrorCode(
        "EPISODE_TIME_ORDER",
        400,
        "corrective",
        "เวลาไม่เรียงลำดับ: {value}",
        "Times out of order: {value}",
    ),
    ErrorCode(
        "EPISODE_CLOSED",
        409,
        "request",
        "ผู้ป่วยจำหน่ายแล้ว แก้ไขเหตุการณ์นี้ไม่ได้",
        "The patient has been discharged: this episode can no longer change.",
    ),
    ErrorCode(
        "TRANSFER_SAME_HOSPITAL",
        400,
        "corrective",
        "ส่งต่อไปยังโรงพยาบาลเดิมไม่ได้",
        "A transfer must go to another hospital.",
    ),
    ErrorCode(
        "NOT_CURRENT_HOSPITAL",
        403,
        "request",
        "ทำรายการได้เฉพาะโรงพยาบาลที่ผู้ป่วยรักษาอยู่ขณะนี้ ({own})",
        "Only the hospital now treating the patient may do this ({own}).",
    ),
    ErrorCode(
        "TRIAGE_REQUIRED", 409, "request", "ต้องคัดแยกผู้ป่วย (triage) ก่อน", "Triage the patient first."
    ),
    ErrorCode(
        "NOT_ELIGIBLE",
        409,
        "deny",
        "ไม่เข้าเงื่อนไข UCEP: ใช้ระบบปกติของกองทุน ({value})",
        "Not eligible for UCEP: the fund's normal system applies ({value}).",
    ),
    ErrorCode(
        "NOTHING_TO_CLAIM",
        409,
        "request",
        "ไม่มีรายการที่ UCEP จ่ายสำหรับโรงพยาบาลนี้",
        "No charge of this hospital is paid by UCEP.",
    ),
    ErrorCode(
        "CLAIM_NEEDS_EPISODE",
        409,
        "deny",
        "เรียกเก็บ UCEP ได้จากหน้าผู้ป่วย UCEP (episode) เท่านั้น ({value}): เปิด episode บันทึกการคัดแยก "
        "แล้วกด เรียกเก็บ หรือใช้ POST /api/v1/ucep/episodes/{{id}}/claims",
        "A UCEP claim is made only by billing its UCEP episode ({value}): open the episode, record "
        "the triage and bill it there, or POST /api/v1/ucep/episodes/{{id}}/claims.",
    ),
    ErrorCode(
        "CLAIM_NEEDS_CASE",
        409,
        "deny",
        "เรียกเก็บ HI/CI ได้จากรายผู้ป่วยที่หน่วยบริการรับดูแลใน HI Portal เท่านั้น ({value})",
        "A HI/CI claim is made only by billing a case the unit holds on the HI Portal ({value}).",
    ),
    ErrorCode(
        "CLAIM_PROGRAMME_NOT_ALLOWED",
        409,
        "request",
        "เลือกบัญชีอัตราที่ใช้คิดราคาเองไม่ได้ ({value}): บัญชีกำหนดจากประเภทบริการ ส่วนบัญชีและอัตราแนบท้าย"
        "หลักเกณฑ์ UCEP COVID-19 Plus ใช้เฉพาะการเรียกเก็บจากหน้าผู้ป่วย UCEP (episode) ของผู้ป่วยโควิด 19 "
        "กลุ่มสีเหลืองหรือสีแดง",
        "A claim cannot choose the fee schedule that prices it ({value}): its service type "
        "decides; the rates annexed to the UCEP COVID-19 Plus criteria price only the billing of "
        "the UCEP episode of a COVID-19 yellow or red patient.",
    ),
    ErrorCode(
        "STAY_CHOICE_NOT_APPLICABLE",
        409,
        "request",
        "บันทึกการเลือกรักษาต่อได้เฉพาะผู้ป่วยที่ไม่เข้าเกณฑ์ฉุกเฉินวิกฤตในโรงพยาบาลเอกชนนอกคู่สัญญา ({value})",
        "A choice to stay applies only to a patient found not emergency-critical at a private "
        "hospital outside the network ({value}).",
    ),
    ErrorCode(
        "TRIAGE_AGE_REQUIRED",
        400,
        "request",
        "ไม่พบวันเกิดในทะเบียน: ระบุว่าผู้ป่วยเป็นเด็กหรือผู้ใหญ่",
        "No birth date in the registry: say whether the patient is a child or an adult.",
    ),
    ErrorCode(
        "EMS_STATE",
        409,
        "request",
        "ทำรายการนี้ไม่ได้ในสถานะปัจจุบันของศูนย์ประสาน ({value})",
        "This step cannot be taken in the coordination centre's current state ({value}).",
    ),
    ErrorCode(
        "EMS_NOT_NOTIFIED",
        409,
        "request",
        "โรงพยาบาลยังไม่ได้แจ้งศูนย์ประสานสำหรับผู้ป่วยรายนี้",
        "The hospital has not notified the coordination centre of this patient.",
    ),
    ErrorCode(
        "EPISODE_BILLED",
        409,
        "request",
        "เรียกเก็บค่าใช้จ่ายของผู้ป่วยรายนี้แล้ว ({value}): ผลการคัดแยกเปลี่ยนไม่ได้",
        "Charges of this episode are already billed ({value}): the triage finding can no longer "
        "change.",
    ),
    ErrorCode(
        "UCEP_STAYS_MISSING",
        400,
        "corrective",
        "ตอนการรักษานี้ไม่มีข้อมูลโรงพยาบาลที่รับผู้ป่วย",
        "This episode has no stay: the first hospital is missing.",
    ),
    ErrorCode(
        "UCEP_FIRST_STAY_MISMATCH",
        400,
        "corrective",
        "เวลารับผู้ป่วยของโรงพยาบาลแห่งแรกต้องตรงกับเวลารับเข้ารักษาครั้งแรกของตอนการรักษา",
        "The first hospital's reception time must equal the episode's first admission time.",
    ),
    ErrorCode(
        "UCEP_STAY_BEFORE_ADMISSION",
        400,
        "corrective",
        "เวลารับย้ายผู้ป่วยอยู่ก่อนเวลารับเข้ารักษาครั้งแรก",
        "A transfer is received before the first admission.",
    ),
    ErrorCode(
        "UCEP_STAYS_OVERLAP",
        400,
        "corrective",
        "ช่วงเวลาที่อยู่ในโรงพยาบาลแต่ละแห่งซ้อนทับกัน (รับย้ายก่อนออกจากโรงพยาบาลเดิม)",
        "Stays overlap: a hospital received the patient before the previous one let go.",
    ),
    ErrorCode(
        "UCEP_STAY_AFTER_DISCHARGE",
        400,
        "corrective",
        "ช่วงเวลาที่อยู่ในโรงพยาบาลอยู่หลังเวลาจำหน่าย",
        "A stay lies after the discharge time.",
    ),
    # -- isolation (HI Portal) ----------------------------------------------------------------
    ErrorCode(
        "CASE_NOT_QUEUED",
        409,
        "request",
        "เปิดเสนอใหม่ได้เฉพาะรายที่อยู่ในคิวของ สปสช. (ไม่มีหน่วยบริการรับ): สถานะขณะนี้ {value}",
        "Only a case in the NHSO queue (no unit left) can be re-opened: it is now {value}.",
    ),
    ErrorCode(
        "CASE_NOT_GREEN",
        409,
        "deny",
        "คัดแยกได้ {value} จึงไม่เข้าเกณฑ์แยกกักตัว (HI/CI): ส่งเข้ารับการรักษาตามสิทธิ UCEP",
        "Triaged {value}: not for home/community isolation; refer under UCEP.",
    ),
    ErrorCode(
        "OFFER_CLOSED",
        409,
        "request",
        "ข้อเสนอนี้ปิดแล้ว ({value}) ทำรายการไม่ได้",
        "This offer is closed ({value}); it can no longer be taken or declined.",
    ),
    ErrorCode(
        "CASE_NOT_HELD",
        409,
        "request",
        "หน่วยบริการของท่านไม่ได้รับดูแลผู้ป่วยรายนี้ จึงเบิกค่าดูแลไม่ได้",
        "Your unit does not hold this case, so it cannot claim its care.",
    ),
    ErrorCode(
        "CARE_BEFORE_TEST",
        400,
        "corrective",
        "วันเริ่มดูแลต้องไม่ก่อนวันที่ตรวจพบเชื้อ ({value})",
        "Care cannot start before the test date ({value}).",
    ),
    ErrorCode(
        "DATE_IN_FUTURE",
        400,
        "corrective",
        "วันที่ต้องไม่เกินวันนี้ ({value})",
        "The date must not be later than today ({value}).",
    ),
    ErrorCode(
        "UNIT_UNKNOWN",
        400,
        "corrective",
        "หน่วยบริการ {value} ไม่ได้อยู่ในเครือข่ายรับผู้ป่วยแยกกักตัว",
        "Hospital {value} is not a unit of the isolation network.",
    ),
    # -- initial assistance (Section 41, providers, vaccine injury) ----------------------------
    ErrorCode(
        "ASSIST_PROGRAMME",
        400,
        "corrective",
        "ไม่รู้จักประเภทการขอรับเงินช่วยเหลือ {value}: ใช้ section41 (มาตรา 41), provider (ผู้ให้บริการ) หรือ vaccine (วัคซีนโควิด 19)",
        "Unknown programme {value}: use section41, provider or vaccine.",
    ),
    ErrorCode(
        "ASSIST_RELATION",
        400,
        "corrective",
        "ผู้ยื่นคำร้องต้องเป็นผู้เสียหายเอง (self) ทายาท (heir) หรือผู้แทน (representative)",
        "The requester must be the harmed person (self), an heir (heir) or a representative (representative).",
    ),
    ErrorCode(
        "ASSIST_SELF_OTHER_ID",
        400,
        "corrective",
        "ผู้ยื่นคำร้องเป็นผู้เสียหายเอง แต่เลขประจำตัวประชาชนไม่ตรงกับของผู้เสียหาย",
        "The harmed person asks, but the requester's citizen ID differs from theirs.",
    ),
    ErrorCode(
        "ASSIST_DATE_BEFORE",
        400,
        "corrective",
        "วันที่นี้ต้องไม่ก่อน{other_th} ({value})",
        "This date must not be before {other_en} ({value}).",
    ),
    ErrorCode(
        "ASSIST_DUPLICATE",
        409,
        "deny",
        "คำร้องนี้ซ้ำกับคำร้องเลขที่ {value} (ประเภท ผู้เสียหาย วันและสถานที่เดียวกัน)",
        "This request repeats request {value} (same programme, person, day and place).",
    ),
    ErrorCode(
        "ASSIST_TOO_MANY_FILES",
        400,
        "corrective",
        "แนบเอกสารได้ไม่เกิน {limit} ไฟล์ต่อคำร้อง",
        "At most {limit} documents per request.",
    ),
    ErrorCode(
        "ASSIST_STAGE",
        409,
        "request",
        "คำร้องอยู่ในขั้น \u201c{stage_th}\u201d จึง{action_th}ไม่ได้",
        "The request is at the stage \u201c{stage_en}\u201d: you cannot {action_en} now.",
    ),
    ErrorCode(
        "ASSIST_APPEAL_TWICE",
        409,
        "deny",
        "คำร้องนี้อุทธรณ์ไปแล้ว อุทธรณ์ได้ครั้งเดียว",
        "This request has already been appealed; there is one appeal.",
    ),
    ErrorCode(
        "ASSIST_OUTCOME",
        400,
        "corrective",
        "มติต้องเป็น approved (จ่าย) หรือ rejected (ไม่จ่าย)",
        "The outcome must be approved or rejected.",
    ),
    ErrorCode(
        "ASSIST_CATEGORY",
        400,
        "corrective",
        "ไม่รู้จักระดับความเสียหาย {value}: ใช้ death_disability, organ_loss หรือ injury",
        "Unknown category {value}: use death_disability, organ_loss or injury.",
    ),
    ErrorCode(
        "ASSIST_NO_CEILING",
        409,
        "verify",
        "ยังไม่มีเพดานเงินช่วยเหลือของประเภทนี้ที่ใช้บังคับในวันที่เกิดความเสียหาย ({value}) จึงกำหนดจำนวนเงินไม่ได้ (มีมติไม่จ่ายได้)",
        "No ceiling of this programme is loaded for the day of the harm ({value}), so no amount can be awarded (a rejection can be recorded).",
    ),
    ErrorCode(
        "ASSIST_OVER_CEILING",
        400,
        "deny",
        "จำนวนเงิน {value} บาท เกินเพดาน {ceiling} บาท ของระดับความเสียหายนี้",
        "The amount {value} baht is over this category's ceiling of {ceiling} baht.",
    ),
    ErrorCode(
        "ASSIST_UNDER_FLOOR",
        400,
        "deny",
        "จำนวนเงิน {value} บาท ต่ำกว่าวงเงินขั้นต่ำ {floor} บาท ของระดับความเสียหายนี้ (ช่วง {floor}–{ceiling} บาท)",
        "The amount {value} baht is below this category's least amount of {floor} baht (range {floor}–{ceiling} baht).",
    ),
    ErrorCode(
        "ASSIST_AMOUNT_SATANG",
        400,
        "corrective",
        "จำนวนเงินมีทศนิยมได้ไม่เกิน 2 ตำแหน่ง (สตางค์)",
        "An amount has at most two decimals (satang).",
    ),
    ErrorCode(
        "ASSIST_BELOW_PAID",
        409,
        "deny",
        "จำนวนเงินต้องไม่น้อยกว่าที่จ่ายไปแล้ว ({value} บาท)",
        "The amount cannot be less than what has already been paid ({value} baht).",
    ),
    ErrorCode(
        "ASSIST_NOTHING_TO_PAY",
        409,
        "request",
        "ไม่มียอดเงินช่วยเหลือค้างจ่ายสำหรับคำร้องนี้",
        "Nothing awarded on this request is left to pay.",
    ),
    ErrorCode(
        "ASSIST_STATUS_NO_MATCH",
        404,
        "verify",
        "ไม่พบคำร้องที่ตรงกับเลขที่คำร้องและเลขประจำตัวประชาชนที่ระบุ",
        "No request matches this request number and citizen ID.",
    ),
    ErrorCode(
        "ASSIST_TOO_MANY_TRIES",
        429,
        "request",
        "ค้นหาไม่พบหลายครั้งเกินไป กรุณารอ 15 นาทีแล้วลองใหม่",
        "Too many look-ups did not match; wait 15 minutes and try again.",
    ),
]

_CODES += [
    ErrorCode(
        "FIN_HOSPITAL_UNKNOWN",
        400,
        "corrective",
        "ไม่พบหน่วยบริการรหัส {value} ในทะเบียน",
        "No hospital with code {value} is registered.",
    ),
    ErrorCode(
        "FIN_NOT_YOUR_HOSPITAL",
        403,
        "request",
        "ส่งงบการเงินได้เฉพาะของหน่วยบริการตนเอง ไม่ใช่ของ {value}",
        "You can load your own hospital's statement only, not {value}'s.",
    ),
    ErrorCode(
        "BRIGHT_NOT_IN_REGION",
        400,
        "corrective",
        "หน่วยบริการ {value} ไม่ได้อยู่ในเขตสุขภาพของรางวัลนี้",
        "Hospital {value} is not in this award's health region.",
    ),
    ErrorCode(
        "BRIGHT_NO_NOMINATIONS",
        409,
        "request",
        "ยังไม่มีหน่วยบริการที่ได้รับการเสนอชื่อ",
        "No hospital has been nominated yet.",
    ),
]

declare(*_CODES)

#: Every code of every area, by code: the areas declare theirs beside their rules
#: (``sitthi.rules.kernel.codes.declare``); importing them here gathers the whole catalogue.
CATALOGUE: dict[str, ErrorCode] = REGISTRY


class _Params(dict):
    """A message placeholder with no value shows as an ellipsis rather than failing."""

    def __missing__(self, key: str) -> str:
        return "…"


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
            "message_th": entry.th.format_map(_Params(self.params)),
            "message_en": entry.en.format_map(_Params(self.params)),
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
