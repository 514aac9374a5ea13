"""Where an emergency-critical patient goes back to: seed 001_9fcdabf8e5dd4edb.txt,
"แนวทางรับย้ายกลับ รพ. รัฐ" (DOMAIN.md §1, "Transfer back to a state hospital").

* UC and SSS: "สิทธิหลักประกันสุขภาพถ้วนหน้าและประกันสังคม --- ตามระบบกองทุน"; "รพ.รัฐทุกแห่ง
  รับย้ายผู้ป่วยสิทธิหลักประกันสุขภาพถ้วนหน้าและประกันสังคมที่ขึ้นทะเบียนกับรพ." → the hospital the
  patient is registered with (``registered_unit``).
* CSMBS, the employing agency has its own hospital ("สิทธิข้าราชการในหน่วยงานที่มีรพ.ในสังกัด"):
  private hospital in that hospital's province → that hospital ("ย้ายไปรพ.ในสังกัดของหน่วยงานนั้น");
  in another province → "ย้ายไปรพ.สังกัดกระทรวงสาธารณสุข", a MOPH hospital. The seed does not say
  which one; **our reading**: one in the private hospital's province (the nearest care, which
  the move is for); the coordination centre picks it.
* CSMBS, the agency has no hospital ("สิทธิข้าราชการในหน่วยงานที่ไม่มีรพ.ในสังกัด"): private
  hospital outside Bangkok ("รพ.เอกชนในต่างจังหวัด") → "ย้ายกลับรพ.สังกัดกระทรวงสาธารณสุข" (a MOPH
  hospital, the same reading); in Bangkok ("รพ.เอกชนในกทม.") → "ย้ายกลับรพ.รัฐตามคิวที่กำหนด", a
  state hospital by the queue over groups 1-3 (``next_in_queue``).
* Any other programme: the seed is silent; the fund's own system applies.

Left to people: whether the receiving hospital can take the patient now (beds, specialty: the
seed's group 2 takes "ผู้ป่วยเฉพาะด้าน"), and which MOPH hospital. The queue is a fair rotation
of offers, not an assignment. Pure: no Django, database, network or clock.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

__all__ = [
    "BANGKOK_PROVINCE",
    "KINDS",
    "TransferCase",
    "Advice",
    "advise",
    "next_in_queue",
    "Unit",
    "moph_candidates",
    "choose_moph_hospital",
]

SOURCE = 'seed 001_9fcdabf8e5dd4edb.txt, "แนวทางรับย้ายกลับ รพ. รัฐ"'
BANGKOK_PROVINCE = "10"  # registry province code of กรุงเทพมหานคร
QUEUE_GROUPS = (1, 2, 3)

#: Advice kinds: Thai, English.
KINDS = {
    "registered_unit": ("โรงพยาบาลที่ผู้ป่วยขึ้นทะเบียน", "the hospital the patient is registered with"),
    "agency_hospital": ("โรงพยาบาลในสังกัดของหน่วยงาน", "the employing agency's own hospital"),
    "moph_in_province": (
        "โรงพยาบาลสังกัดกระทรวงสาธารณสุขในจังหวัดที่ตั้งของโรงพยาบาลเอกชน",
        "a Ministry of Public Health hospital in the private hospital's province",
    ),
    "bangkok_queue": (
        "โรงพยาบาลรัฐตามคิวที่กำหนด (กลุ่มที่ 1-3)",
        "a state hospital by the set queue (groups 1-3)",
    ),
    "fund_system": ("ตามระบบของกองทุน", "per the fund's own system"),
}


@dataclass(frozen=True, slots=True)
class TransferCase:
    """``programme``: the fund's ``registry.Fund.programme`` ("UC", "SSS", "CSMBS", other);
    ``registered_unit``: the hcode the patient is registered with (UC/SSS); ``agency_hospital``
    and its province: the CSMBS employing agency's own hospital (None when it has none);
    ``private_hospital_province``: the province code of the private hospital treating now."""

    programme: str
    private_hospital_province: str
    registered_unit: str | None = None
    agency_hospital: str | None = None
    agency_hospital_province: str | None = None


@dataclass(frozen=True, slots=True)
class Advice:
    kind: str  # a key of KINDS
    target: str | None  # hcode when the rule names one; None: chosen by the centre or queue
    province: str | None  # where to look for the target (moph_in_province), else None
    clause_th: str  # the seed's line, quoted
    source: str
    th: str
    en: str


def _advice(kind: str, target: str | None, clause: str, th: str, en: str, province=None) -> Advice:
    return Advice(kind, target, province, clause, SOURCE, th, en)


def advise(case: TransferCase) -> Advice:
    """The transfer-back rule of seed 001 for ``case`` (module docstring)."""
    p = case.programme
    if p in ("UC", "SSS"):
        unit = case.registered_unit
        where_th = f"รหัส {unit}" if unit else "(ยังไม่ทราบรหัส ให้ตรวจสอบสิทธิ)"
        where_en = f"({unit})" if unit else "(not known yet: check the patient's right)"
        return _advice(
            "registered_unit",
            unit,
            "สิทธิหลักประกันสุขภาพถ้วนหน้าและประกันสังคม --- ตามระบบกองทุน; รพ.รัฐทุกแห่ง "
            "รับย้ายผู้ป่วยสิทธิหลักประกันสุขภาพถ้วนหน้าและประกันสังคมที่ขึ้นทะเบียนกับรพ.",
            f"ย้ายกลับตามระบบกองทุน ไปโรงพยาบาลที่ผู้ป่วยขึ้นทะเบียน {where_th}",
            f"Back per the fund's system, to the hospital the patient is registered with "
            f"{where_en}.",
        )
    if p == "CSMBS":
        here = case.private_hospital_province
        if case.agency_hospital is not None:
            if case.agency_hospital_province is None:
                raise ValueError("agency_hospital_province is needed with an agency_hospital")
            clause_head = "สิทธิข้าราชการในหน่วยงานที่มีรพ.ในสังกัด: "
            if case.agency_hospital_province == here:
                return _advice(
                    "agency_hospital",
                    case.agency_hospital,
                    clause_head + "กรณีรักษาที่รพ.เอกชนในจังหวัดที่ตั้งของรพ.ในสังกัดของหน่วยงาน "
                    "--- ย้ายไปรพ.ในสังกัดของหน่วยงานนั้น",
                    f"ย้ายไปโรงพยาบาลในสังกัดของหน่วยงาน รหัส {case.agency_hospital} "
                    "(อยู่ในจังหวัดเดียวกับโรงพยาบาลเอกชน)",
                    f"To the agency's own hospital ({case.agency_hospital}), in the same "
                    "province as the private hospital.",
                )
            return _advice(
                "moph_in_province",
                None,
                clause_head + "กรณีรักษาที่รพ.เอกชนนอกจังหวัดที่ตั้งของรพ.ในสังกัดของหน่วยงาน "
                "--- ย้ายไปรพ.สังกัดกระทรวงสาธารณสุข",
                "ย้ายไปโรงพยาบาลสังกัดกระทรวงสาธารณสุข (โรงพยาบาลในสังกัดของหน่วยงานอยู่ต่างจังหวัด) "
                f"ในจังหวัดรหัส {here}",
                "To a Ministry of Public Health hospital in the private hospital's province "
                f"({here}): the agency's own hospital is in another province.",
                province=here,
            )
        clause_head = "สิทธิข้าราชการในหน่วยงานที่ไม่มีรพ.ในสังกัด: "
        if here != BANGKOK_PROVINCE:
            return _advice(
                "moph_in_province",
                None,
                clause_head + "กรณีรักษาที่รพ.เอกชนในต่างจังหวัด --- ย้ายกลับรพ.สังกัดกระทรวงสาธารณสุข",
                f"ย้ายกลับโรงพยาบาลสังกัดกระทรวงสาธารณสุขในจังหวัดรหัส {here}",
                f"Back to a Ministry of Public Health hospital in the private hospital's "
                f"province ({here}).",
                province=here,
            )
        return _advice(
            "bangkok_queue",
            None,
            clause_head + "กรณีรักษาที่รพ.เอกชนในกทม. ---- ย้ายกลับรพ.รัฐตามคิวที่กำหนด",
            "ย้ายกลับโรงพยาบาลรัฐตามคิวที่กำหนด (กลุ่มที่ 1 รพ.รัฐขนาดใหญ่ในกทม. 15 แห่ง, "
            "กลุ่มที่ 2 รพ.รัฐในกทม.ที่รับผู้ป่วยเฉพาะด้าน 6 แห่ง, กลุ่มที่ 3 รพท.ในเขตปริมณฑล 7 แห่ง)",
            "Back to a state hospital by the set queue (group 1: 15 large Bangkok state "
            "hospitals; group 2: 6 Bangkok state hospitals for specific specialties; group 3: "
            "7 general hospitals in the surrounding provinces).",
        )
    return _advice(
        "fund_system",
        case.registered_unit,
        "(แนวทางรับย้ายกลับกล่าวถึงเฉพาะสิทธิหลักประกันสุขภาพถ้วนหน้า ประกันสังคม และข้าราชการ)",
        "ย้ายกลับตามระบบของกองทุนเจ้าของสิทธิ",
        "Back per the owner fund's own system (the guideline covers UC, SSS and CSMBS only).",
    )


def next_in_queue(candidates: Sequence[tuple[int, str]], last: str | None) -> str:
    """The next hospital of the Bangkok queue (seed 001: "ย้ายกลับรพ.รัฐตามคิวที่กำหนด" over
    "กลุ่มที่ 1 ... กลุ่มที่ 2 ... กลุ่มที่ 3"): a round robin over ``candidates`` (group, hcode)
    ordered by group then hcode, continuing after ``last`` and wrapping from the end to the
    start. ``last`` None, or no longer a candidate, starts at the beginning. The caller
    persists the returned hcode as the next ``last``.

    The seed names the groups but not how the queue runs; an ordered rotation is our reading:
    deterministic, every hospital offered in turn, group 1 first in each round."""
    if not candidates:
        raise ValueError("the queue has no candidates")
    ordered = sorted(set(candidates))
    codes = [h for _, h in ordered]
    if len(set(codes)) != len(codes):
        raise ValueError("a hospital appears in two groups")
    bad = [g for g, _ in ordered if g not in QUEUE_GROUPS]
    if bad:
        raise ValueError(f"queue groups are 1, 2 and 3, got {bad[0]!r}")
    if last is None or last not in codes:
        return codes[0]
    return codes[(codes.index(last) + 1) % len(codes)]


@dataclass(frozen=True, slots=True)
class Unit:
    """A hospital as the transfer-back choice sees it: ``hcode``, ``province`` (registry
    code), service ``level`` ("A", "S", "M1", "M2", "F1", "F2", "F3"; "" when not recorded),
    whether it is under the Ministry of Public Health (``moph``) and publicly owned
    (``public``)."""

    hcode: str
    province: str
    level: str = ""
    moph: bool = False
    public: bool = False


def moph_candidates(units: Sequence[Unit], province: str) -> list[Unit]:
    """The MOPH hospitals that may take the patient back when the advice is
    ``moph_in_province`` (seed 001, "ย้ายไปรพ.สังกัดกระทรวงสาธารณสุข" / "ย้ายกลับรพ.สังกัด
    กระทรวงสาธารณสุข"): public MOPH hospitals in ``province`` (the private hospital's, our
    reading in the module docstring), in the order they are proposed — by ``level`` as
    written (its text: "" first, then A, F1, F2, F3, M1, M2, S), then by ``hcode``.

    The seed names no order: this is the order the service has always proposed them in,
    kept as it was. It is a proposal; the coordination centre picks the hospital."""
    found = [u for u in units if u.moph and u.public and u.province == province]
    return sorted(found, key=lambda u: (u.level, u.hcode))


def choose_moph_hospital(units: Sequence[Unit], province: str) -> str | None:
    """The hcode proposed first by ``moph_candidates`` (None when the province has no public
    MOPH hospital): seed 001, "ย้ายไปรพ.สังกัดกระทรวงสาธารณสุข"."""
    ordered = moph_candidates(units, province)
    return ordered[0].hcode if ordered else None
