"""The codes of the call itself, not of a rule: authentication, roles, a hospital's scope,
an unknown address or method, a malformed request. Django-side (the middleware, the API and
the views answer with them); gathered by ``sitthi.core.errors``."""

from __future__ import annotations

from sitthi.rules.kernel.codes import ErrorCode, declare

CODES = (
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
    # -- the database under faults and races (r15-faults: sitthi.core.dbfaults, claims.races) --
    ErrorCode(
        "DATABASE_UNAVAILABLE",
        503,
        "request",
        "ฐานข้อมูลไม่พร้อมให้บริการชั่วคราว กรุณาลองใหม่อีกครั้งในอีกสักครู่",
        "The database is unavailable for the moment. Please try again shortly.",
    ),
    ErrorCode(
        "CONCURRENT_CHANGE",
        409,
        "request",
        "มีคำขออื่นแก้ไขรายการเดียวกันในเวลาเดียวกัน ไม่มีการบันทึกรายการนี้ กรุณาส่งใหม่อีกครั้ง",
        "Another request changed the same item at the same moment; nothing was saved. "
        "Please send it again.",
    ),
)

declare(*CODES)
