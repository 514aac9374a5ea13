"""Initial assistance's codes (Section 41, providers, vaccine injury): the request, its
stages and appeal, the amount against the dated ceilings, and the public status look-up."""

from __future__ import annotations

from sitthi.rules.kernel.codes import ErrorCode, declare

CODES = (
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
)

declare(*CODES)
