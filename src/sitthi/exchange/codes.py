"""The codes of the change feed and webhooks (gathered by ``sitthi.core.errors``)."""

from __future__ import annotations

from sitthi.rules.kernel.codes import ErrorCode, declare

CODES = (
    ErrorCode(
        "EVENTS_CURSOR_INVALID",
        400,
        "request",
        "ตัวชี้ตำแหน่ง (cursor) ของรายการเหตุการณ์ไม่ถูกต้อง ให้ใช้ค่า next จากคำตอบก่อนหน้า",
        "The events cursor is not valid; pass the `next` of the previous answer.",
    ),
    ErrorCode(
        "WEBHOOK_URL_INVALID",
        400,
        "corrective",
        "ที่อยู่ webhook ต้องขึ้นต้นด้วย https:// (http:// ได้เฉพาะเครื่องนี้เมื่อเปิดให้ทดสอบ)",
        "A webhook URL must be https:// (http:// only to this machine, when testing allows it).",
    ),
    ErrorCode(
        "WEBHOOK_NOT_FOUND",
        404,
        "request",
        "ไม่พบ webhook หรือการส่งที่ขอ หรือไม่ใช่ของหน่วยงานท่าน",
        "No such webhook or delivery, or it is not your office's.",
    ),
)
BY_CODE = declare(*CODES)
