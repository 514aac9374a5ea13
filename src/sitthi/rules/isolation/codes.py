"""The isolation (HI Portal) codes: the queue, the green-only gate, offers, the unit that
holds a case and the dates of its care."""

from __future__ import annotations

from sitthi.rules.kernel.codes import ErrorCode, declare

CODES = (
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
)

declare(*CODES)
