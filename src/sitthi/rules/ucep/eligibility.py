"""Who is covered by UCEP: seed 001_9fcdabf8e5dd4edb.txt §1 ("ผู้ได้รับการคุ้มครองสิทธิตามนโยบาย").

All three conditions must hold:

1. "เป็นผู้มีสิทธิประกันสุขภาพในการดูแลของ 3 กองทุน คือ สปสช. ,สำนักงานประกันสังคม, กรมบัญชีกลาง"
   — the patient's right on the admission date belongs to a fund of programme UC, SSS or CSMBS
   (``registry.Fund.programme``; the seed's "ในอนาคตต้องเข้าทุกกองทุน" is future policy: another
   programme joins by changing ``COVERED_PROGRAMMES``, with a dated source);
2. "เข้ารับการรักษาในโรงพยาบาลเอกชนในพื้นที่ ที่อยู่ใกล้ และเป็นโรงพยาบาลนอกคู่สัญญากับกองทุนที่ผู้ป่วย
   มีสิทธิ" — the hospital is private and outside that fund's contract network ("ที่อยู่ใกล้",
   nearby, is the patient's and the ambulance's choice: not checked);
3. "เป็นผู้ป่วยฉุกเฉินวิกฤต ตามหลักเกณฑ์การคัดแยกผู้ป่วยฉุกเฉินวิกฤต ที่ กพฉ. กำหนดประกาศ" —
   emergency-critical (``sitthi.rules.ucep.triage``).

Otherwise "กรณีเข้ารับการรักษาในรพ.ของรัฐหรือรพ.เอกชนที่ป็นคู่สัญญากับกองทุนหลักประกันสุขภาพ ทั้ง
3แห่งนี้ก็ให้ใช้ระบบปกติของกองทุนนั้นๆ": the fund's normal system applies. A patient who is not
emergency-critical is routed to the own-rights hospital and pays if choosing to stay (seed
004_0cb97de555201e57.txt, "ขั้นตอนการใช้สิทธิ UCEP": "กรณีไม่เข้าเกณฑ์ฉุกเฉินวิกฤตให้รีบประสาน
โรงพยาบาลตามสิทธิหากประสงค์รักษาต่อต้องรับผิดชอบค่าใช้จ่ายเอง").

Every failed condition is listed, not the first only. Pure: no Django, database, network or clock.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["COVERED_PROGRAMMES", "FAILURES", "Eligibility", "Reason", "eligibility"]

SEED_001 = "seed 001_9fcdabf8e5dd4edb.txt"

#: ``registry.Fund.programme`` values whose beneficiaries UCEP covers (seed 001 §1, 1st bullet).
COVERED_PROGRAMMES = ("UC", "SSS", "CSMBS")

#: Failure codes, in the order of seed 001 §1: Thai, English, source.
FAILURES = {
    "NO_COVERED_FUND": (
        "ผู้ป่วยไม่มีสิทธิของ 3 กองทุน (บัตรทอง ประกันสังคม ข้าราชการ) ในวันที่เข้ารับการรักษา",
        "On the admission date the patient has no right under the three funds (UC, SSS, CSMBS).",
        f'{SEED_001} §1, 1st bullet: "เป็นผู้มีสิทธิประกันสุขภาพในการดูแลของ 3 กองทุน คือ สปสช. '
        ',สำนักงานประกันสังคม, กรมบัญชีกลาง"',
    ),
    "STATE_HOSPITAL": (
        "โรงพยาบาลเป็นโรงพยาบาลของรัฐ ไม่ใช่โรงพยาบาลเอกชน",
        "The hospital is a state hospital, not a private one.",
        f'{SEED_001} §1, 2nd bullet: "เข้ารับการรักษาในโรงพยาบาลเอกชน"; last bullet: '
        '"กรณีเข้ารับการรักษาในรพ.ของรัฐ ... ก็ให้ใช้ระบบปกติของกองทุนนั้นๆ"',
    ),
    "IN_NETWORK": (
        "โรงพยาบาลเป็นคู่สัญญากับกองทุนของผู้ป่วย",
        "The hospital is in the contract network of the patient's fund.",
        f'{SEED_001} §1, 2nd bullet: "เป็นโรงพยาบาลนอกคู่สัญญากับกองทุนที่ผู้ป่วยมีสิทธิ"; last '
        'bullet: "รพ.เอกชนที่ป็นคู่สัญญากับกองทุนหลักประกันสุขภาพ ... ก็ให้ใช้ระบบปกติของกองทุนนั้นๆ"',
    ),
    "NOT_CRITICAL": (
        "ผู้ป่วยไม่เข้าเกณฑ์ผู้ป่วยฉุกเฉินวิกฤตตามหลักเกณฑ์ที่ กพฉ. กำหนด",
        "The patient is not emergency-critical by the national EMS triage criteria.",
        f'{SEED_001} §1, 3rd bullet: "เป็นผู้ป่วยฉุกเฉินวิกฤต ตามหลักเกณฑ์การคัดแยกผู้ป่วยฉุกเฉินวิกฤต '
        'ที่ กพฉ. กำหนดประกาศ"',
    ),
}


@dataclass(frozen=True, slots=True)
class Reason:
    code: str
    th: str
    en: str
    source: str


@dataclass(frozen=True, slots=True)
class Eligibility:
    """``failed``: every failed condition's code, in the seed's order; ``reasons`` the same
    with their texts; ``th``/``en``: the answer in one paragraph (what applies instead)."""

    eligible: bool
    failed: tuple[str, ...]
    reasons: tuple[Reason, ...]
    th: str
    en: str
    source: str


def _check_flag(name: str, v: object) -> bool:
    if not isinstance(v, bool):
        raise TypeError(f"{name} must be True or False (look it up first), got {v!r}")
    return v


def eligibility(
    fund: str | None,
    programme_of_fund: str | None,
    hospital_private: bool,
    hospital_in_network: bool,
    emergency_critical: bool,
) -> Eligibility:
    """Is the patient covered by UCEP (seed 001 §1, all three bullets)?

    ``fund``: the code of the patient's right in force on the admission date (UCS, SSS, OFC,
    …; None = no right found); ``programme_of_fund``: that fund's ``registry.Fund.programme``;
    ``hospital_in_network``: the hospital holds a contract with that fund on the admission date.
    The three booleans must be known: a fact not looked up is an error, never a silent "no"."""
    private = _check_flag("hospital_private", hospital_private)
    in_network = _check_flag("hospital_in_network", hospital_in_network)
    critical = _check_flag("emergency_critical", emergency_critical)
    covered = fund is not None and programme_of_fund in COVERED_PROGRAMMES
    failed = tuple(
        code
        for code, fails in (
            ("NO_COVERED_FUND", not covered),
            ("STATE_HOSPITAL", not private),
            ("IN_NETWORK", in_network),
            ("NOT_CRITICAL", not critical),
        )
        if fails
    )
    reasons = tuple(Reason(code, *FAILURES[code]) for code in failed)
    source = f"{SEED_001} §1"
    if not failed:
        th = (
            f"อยู่ในความคุ้มครอง UCEP (เจ็บป่วยฉุกเฉิน รักษาทุกที่ ดีทุกสิทธิ): สิทธิ {fund} "
            "รักษาในโรงพยาบาลเอกชนนอกคู่สัญญาของกองทุน และเป็นผู้ป่วยฉุกเฉินวิกฤต "
            "ค่ารักษาในช่วงเวลาคุ้มครองเรียกเก็บผ่าน สปสช. ตามอัตรา สพฉ."
        )
        en = (
            f"Covered by UCEP: a {fund} beneficiary, treated at a private hospital outside the "
            "fund's network, emergency-critical. Costs inside the coverage window are billed "
            "through NHSO at the EMS fee schedule."
        )
        return Eligibility(True, (), (), th, en, source)

    why_th = "; ".join(r.th for r in reasons)
    why_en = " ".join(r.en for r in reasons)
    if "NO_COVERED_FUND" in failed:
        then_th = (
            "ไม่อยู่ในความคุ้มครอง UCEP: ใช้สิทธิหรือระบบของกองทุนที่ผู้ป่วยมี (ถ้ามี) มิฉะนั้นผู้ป่วยรับผิดชอบค่าใช้จ่ายเอง"
        )
        then_en = (
            "Not covered by UCEP: the patient's own scheme (if any) applies under its own "
            "rules; otherwise the patient pays."
        )
    else:
        then_th = f"ไม่อยู่ในความคุ้มครอง UCEP: ใช้ระบบปกติของกองทุน {fund}"
        then_en = f"Not covered by UCEP: the normal system of the fund {fund} applies."
    if "NOT_CRITICAL" in failed and not {"STATE_HOSPITAL", "IN_NETWORK"} & set(failed):
        then_th += " ให้ประสานโรงพยาบาลตามสิทธิ หากประสงค์รักษาต่อที่โรงพยาบาลนี้ต้องรับผิดชอบค่าใช้จ่ายเอง"
        then_en += (
            " The hospital arranges the move to the patient's own-rights hospital; a patient "
            "who chooses to stay pays (seed 004, ขั้นตอนการใช้สิทธิ UCEP)."
        )
        source += '; seed 004_0cb97de555201e57.txt, "ขั้นตอนการใช้สิทธิ UCEP"'
    return Eligibility(
        False, failed, reasons, f"{then_th} ({why_th})", f"{then_en} ({why_en})", source
    )
