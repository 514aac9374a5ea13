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
        "TOKEN_EXPIRED",
        401,
        "request",
        "โทเคนหมดอายุแล้ว กรุณาสร้างโทเคนใหม่ที่หน้าโทเคน API",
        "The API token has expired; make a new one on the API tokens page.",
    ),
    ErrorCode(
        "TOKEN_SCOPE",
        403,
        "request",
        "โทเคนนี้ไม่มีขอบเขตที่ต้องใช้ ({scope})",
        "This API token lacks the scope this call needs ({scope}).",
    ),
    ErrorCode(
        "TOKEN_SCOPE_EXCEEDED",
        403,
        "request",
        "โทเคนที่ใช้เรียกมีขอบเขตเพียง {allowed} จึงสร้างโทเคนที่มีขอบเขต {asked} ไม่ได้",
        "The calling token has only the scopes {allowed}; it cannot make a token with {asked}.",
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
    # -- access limits and the second factor (r15-access) ----------------------------------
    ErrorCode(
        "LOGIN_LOCKED",
        429,
        "request",
        "เข้าสู่ระบบผิดหลายครั้งเกินไป บัญชีหรือที่อยู่นี้ถูกระงับการเข้าสู่ระบบชั่วคราว {minutes} นาที"
        " กรุณารอแล้วลองใหม่ หรือติดต่อผู้ดูแลระบบ",
        "Too many failed log-ins: this account or address may not log in for {minutes} minutes."
        " Wait and try again, or ask an administrator.",
    ),
    ErrorCode(
        "TOO_MANY_BAD_TOKENS",
        429,
        "request",
        "ส่งโทเคนที่ไม่ถูกต้องจากที่อยู่นี้หลายครั้งเกินไป กรุณารอ {minutes} นาที",
        "Too many invalid API tokens from this address: wait {minutes} minutes.",
    ),
    ErrorCode(
        "CID_IN_ADDRESS",
        400,
        "request",
        "ห้ามส่งเลขประจำตัวประชาชนในที่อยู่ (URL) ให้กรอกในแบบฟอร์มแล้วกดส่ง (POST)",
        "A citizen ID may not be sent in the address (URL): enter it in the form and submit it"
        " (POST).",
    ),
    ErrorCode(
        "TOO_MANY_LOOKUPS",
        429,
        "request",
        "ค้นหาจากที่อยู่นี้หลายครั้งเกินไป กรุณารอสักครู่แล้วลองใหม่ (ไม่เกิน {limit} ครั้งต่อนาที)",
        "Too many look-ups from this address: wait a moment and try again (at most {limit} a"
        " minute).",
    ),
    ErrorCode(
        "SECOND_FACTOR_REQUIRED",
        401,
        "request",
        "กรุณายืนยันตัวตนขั้นที่สองด้วยรหัสจากแอปยืนยันตัวตนก่อน",
        "Confirm the second factor with a code from your authenticator app first.",
    ),
    ErrorCode(
        "OTP_CODE_WRONG",
        400,
        "corrective",
        "รหัสยืนยันไม่ถูกต้องหรือหมดเวลาแล้ว กรุณากรอกรหัส 6 หลักล่าสุดจากแอป",
        "The code is wrong or has expired: enter the latest 6-digit code from the app.",
    ),
    ErrorCode(
        "PASSWORD_TOO_SHORT",
        400,
        "corrective",
        "รหัสผ่านสั้นเกินไป ต้องยาวอย่างน้อย {min} ตัวอักษร",
        "The password is too short: at least {min} characters.",
    ),
    ErrorCode(
        "PASSWORD_TOO_COMMON",
        400,
        "corrective",
        "รหัสผ่านนี้ใช้กันทั่วไป เดาได้ง่าย",
        "This password is too common: it is easy to guess.",
    ),
    ErrorCode(
        "PASSWORD_NUMERIC",
        400,
        "corrective",
        "รหัสผ่านต้องไม่เป็นตัวเลขล้วน",
        "The password may not be only digits.",
    ),
    ErrorCode(
        "PASSWORD_LIKE_ACCOUNT",
        400,
        "corrective",
        "รหัสผ่านคล้ายชื่อผู้ใช้หรือชื่อของท่านเกินไป",
        "The password is too like your username or name.",
    ),
    ErrorCode(
        "PASSWORD_MISMATCH",
        400,
        "corrective",
        "รหัสผ่านใหม่ทั้งสองช่องไม่ตรงกัน",
        "The two new passwords differ.",
    ),
    ErrorCode(
        "PASSWORD_WRONG",
        400,
        "corrective",
        "รหัสผ่านปัจจุบันไม่ถูกต้อง",
        "The current password is not correct.",
    ),
    ErrorCode(
        "UPLOAD_STAGE_UNKNOWN",
        409,
        "request",
        "ไม่พบไฟล์ที่รอการยืนยัน (ยืนยันหรือยกเลิกไปแล้ว หรือเกิน 12 ชั่วโมง) กรุณาส่งไฟล์อีกครั้ง",
        "No upload is waiting for this confirmation (already confirmed or cancelled, or older"
        " than 12 hours): send the file again.",
    ),
    ErrorCode(
        "UPLOAD_STAGE_STALE",
        409,
        "request",
        "ข้อมูลที่จะถูกแทนที่เปลี่ยนไปหลังจากแสดงตัวอย่าง ({value}) ไม่ได้บันทึกสิ่งใด กรุณาส่งไฟล์อีกครั้งเพื่อดูตัวอย่างใหม่",
        "The data to be replaced changed after the preview ({value}); nothing was stored."
        " Send the file again to see a new preview.",
    ),
    # -- Idempotency-Key on the API's writes (r17-idem: sitthi.core.idempotency) -------------
    ErrorCode(
        "IDEMPOTENCY_KEY_INVALID",
        400,
        "request",
        "ส่วนหัว Idempotency-Key ไม่ถูกต้อง ต้องเป็นอักขระ ASCII ที่พิมพ์ได้ 1–255 ตัว (เช่น UUID) ไม่ได้ทำรายการใด",
        "The Idempotency-Key header is not valid: it must be 1–255 printable ASCII characters"
        " (a UUID, say). Nothing was done.",
    ),
    ErrorCode(
        "IDEMPOTENCY_KEY_REUSED",
        409,
        "request",
        "Idempotency-Key นี้ใช้กับคำขออื่นไปแล้ว (วิธีเรียก ที่อยู่ หรือเนื้อหาต่างกัน) ภายใน 24 ชั่วโมง"
        " ไม่ได้ทำรายการนี้ กรุณาใช้คีย์ใหม่สำหรับคำขอใหม่",
        "This Idempotency-Key was already used, within 24 hours, for a different request (another"
        " method, address or body). Nothing was done: use a new key for a new request.",
    ),
    ErrorCode(
        "IDEMPOTENCY_IN_PROGRESS",
        409,
        "request",
        "คำขอแรกที่ใช้ Idempotency-Key นี้ยังทำงานอยู่ กรุณารอสักครู่แล้วส่งซ้ำด้วยคีย์เดิม จะได้คำตอบของคำขอแรก",
        "The first request with this Idempotency-Key is still running. Wait a moment and send it"
        " again with the same key to get its answer.",
    ),
    ErrorCode(
        "IDEMPOTENCY_OUTCOME_UNKNOWN",
        409,
        "request",
        "คำขอแรกที่ใช้ Idempotency-Key นี้ถูกตัดกลางทางและไม่ทราบผล ไม่ได้ทำรายการซ้ำ"
        " กรุณาตรวจผลด้วยการเรียกอ่าน (GET) แล้วส่งใหม่ด้วยคีย์ใหม่ถ้ายังไม่สำเร็จ",
        "The first request with this Idempotency-Key was cut off and its outcome is unknown. It"
        " was not done again: check with a GET, and send it under a new key if it was not done.",
    ),
    ErrorCode(
        "IDEMPOTENCY_ANSWER_NOT_KEPT",
        409,
        "request",
        "คำขอแรกที่ใช้ Idempotency-Key นี้ทำเสร็จแล้ว (HTTP {status}) แต่คำตอบใหญ่เกินกว่าจะเก็บไว้"
        " ไม่ได้ทำรายการซ้ำ กรุณาดูผลด้วยการเรียกอ่าน (GET)",
        "The first request with this Idempotency-Key was done (HTTP {status}) but its answer was"
        " too large to keep. It was not done again: read the result with a GET.",
    ),
    ErrorCode(
        "LIST_FILTER_INVALID",
        400,
        "corrective",
        "ค่าที่ใช้กรองรายการในช่อง {field} ไม่ถูกต้อง ({value})",
        "The list filter {field} has a value it cannot use ({value}).",
    ),
    ErrorCode(
        "LIST_PERSON_EXPIRED",
        400,
        "corrective",
        "การค้นหาด้วยเลขประจำตัวประชาชนนี้หมดอายุแล้ว กรุณาพิมพ์เลขค้นหาใหม่",
        "This search by citizen ID has expired: type the number again.",
    ),
)

declare(*CODES)
