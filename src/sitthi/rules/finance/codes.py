"""Finance's service codes: a statement of an unknown or another hospital, and the Bright
Spot award's region and nominations. The readers' own codes are declared beside them
(``risk.TEXTS``: FIN_*, ``brightspot.codes``: BRIGHT_*)."""

from __future__ import annotations

from sitthi.rules.kernel.codes import ErrorCode, declare

CODES = (
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
        "FIN_WOULD_REPLACE",
        409,
        "request",
        "มีงบการเงินของ {value} ไตรมาส {period} อยู่แล้ว (ระดับ {level} โหลดเมื่อ {loaded} โดย {by})"
        " การส่งนี้จะแทนที่ฉบับเดิม: ส่งใหม่พร้อม replace=true เพื่อยืนยัน ไม่ได้บันทึกสิ่งใด",
        "A statement of {value} for {period} is already stored (level {level}, loaded {loaded}"
        " by {by}); this would replace it. Send again with replace=true to confirm; nothing"
        " was stored.",
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
)

declare(*CODES)
