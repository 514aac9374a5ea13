"""The codes of background jobs (gathered by ``sitthi.core.errors``)."""

from __future__ import annotations

from sitthi.rules.kernel.codes import ErrorCode, declare

CODES = (
    ErrorCode(
        "WHATIF_CHANGE_INVALID",
        400,
        "corrective",
        "อ่านการเปลี่ยนแปลงที่จะทดลองไม่ได้: {detail}",
        "The change to try cannot be read: {detail}",
    ),
    ErrorCode(
        "JOB_NOT_FOUND",
        404,
        "request",
        "ไม่พบงานเบื้องหลังที่ขอ หรือท่านไม่มีสิทธิดูงานนี้",
        "No such background job, or it is not yours to see.",
    ),
    ErrorCode(
        "JOB_INPUT_REFUSED",
        400,
        "corrective",
        "แฟ้มถูกปฏิเสธทั้งแฟ้ม ไม่มีการบันทึกใด ๆ ดูรายการปัญหาในรายงาน",
        "The file was refused whole and nothing was stored; see the problems in the report.",
    ),
    ErrorCode(
        "JOB_FAILED",
        409,
        "request",
        "งานเบื้องหลังล้มเหลวโดยไม่คาดคิด ไม่มีการบันทึกใด ๆ กรุณาลองใหม่หรือแจ้งผู้ดูแลระบบ",
        "The background job failed unexpectedly and stored nothing; try again or tell the admin.",
    ),
    ErrorCode(
        "JOB_TIMED_OUT",
        409,
        "request",
        "งานเบื้องหลังใช้เวลานานเกินกำหนดหรือตัวทำงานหยุดซ้ำหลายครั้ง ไม่มีการบันทึกใด ๆ กรุณาส่งใหม่",
        "The background job ran past its time limit or lost its worker too often; nothing was "
        "stored. Send it again.",
    ),
)
BY_CODE = declare(*CODES)
