"""UCEP's codes: an episode's times and stays, triage, eligibility, the coordination centre,
and the claims that only an episode or a case may make."""

from __future__ import annotations

from sitthi.rules.kernel.codes import ErrorCode, declare

CODES = (
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
)

declare(*CODES)
