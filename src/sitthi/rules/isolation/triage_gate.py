"""Only a case triaged green may go to home or community isolation (issue 5: "it is triaged
green by the UCEP colour rules before it may go to isolation — a yellow/red case is refused for
isolation with the reason and pointed to UCEP").

The colours and what each means for care are those of UCEP COVID-19 Plus (seed
004_0cb97de555201e57.txt, in force 16 March 2022):

* green — "ผู้ที่ไม่มีอาการ หรืออาการไม่รุนแรง ไม่นับเป็นผู้ป่วยฉุกเฉินวิกฤต", "แนวทางการรักษา : แบบ Home
  Isolation (HI), Community Isolation (CI) หรือ Hotel Isolation" → isolation allowed;
* yellow — "เนื่องจากมีอาการที่รุนแรงกว่าผู้ป่วยโควิดสีเขียว จึงไม่เหมาะที่จะทำการกักตัวรักษาที่บ้านหรือ
  ชุมชนได้ และควรเข้ารับการรักษาตัวที่โรงพยาบาล" → refused, to hospital under UCEP;
* red — "ต้องอยู่ภายใต้การดูแลของแพทย์ในโรงพยาบาลอย่างใกล้ชิดที่ห้อง ICU" → refused, to hospital
  under UCEP.

The colour is ``sitthi.rules.ucep.triage.triage`` on the triage date ``on``, with its rules: a
criterion whose input is missing is never counted as met, so a case is green unless some yellow
or red criterion is *known* to be met (``triage(...).unknown`` lists what was not assessed).

Before 16 March 2022 the colour rules were not in force and the call is a ``ParamLookupError``,
never a silent green: the HI Portal letter (seed 000, 27 July 2021) is older than them, and how
cases were screened for HI/CI in 2021 is not in the seeds (an input to find, not a guess).

Left to people: every clinical finding (the ``Assessment``), re-triage when the patient changes,
and the referral itself. Pure: no Django, database, network or clock.
"""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

from sitthi.rules.params import ParameterSet
from sitthi.rules.ucep.triage import Assessment, triage

__all__ = ["Gate", "isolation_allowed", "COLOURS_TH"]

COLOURS_TH = {"green": "สีเขียว", "yellow": "สีเหลือง", "red": "สีแดง"}

_SOURCE = "seed 004_0cb97de555201e57.txt"


class Gate(NamedTuple):
    """The gate's decision: (allowed, colour, reason_th, reason_en)."""

    allowed: bool
    colour: str  # "green" | "yellow" | "red"
    reason_th: str
    reason_en: str


def isolation_allowed(assessment: Assessment, on: date, params: ParameterSet | None = None) -> Gate:
    """May this case go to home or community isolation? Only when triaged green on ``on``
    (module docstring). A yellow or red case is refused with the criteria met and a pointer to
    UCEP COVID-19 Plus; its reasons name the seed's clause."""
    result = triage(assessment, on, params)
    if result.colour == "green":
        return Gate(
            True,
            "green",
            "คัดแยกเป็นผู้ป่วยกลุ่มสีเขียว (ไม่มีอาการหรืออาการไม่รุนแรง ไม่เข้าเกณฑ์กลุ่มสีเหลือง-แดง): "
            "ดูแลแบบ Home Isolation (HI) หรือ Community Isolation (CI) ได้",
            "Triaged green (no or mild symptoms, no yellow or red criterion met): home (HI) or "
            "community (CI) isolation is allowed.",
        )
    met = [c for c in result.criteria if c.item != "green"]
    th = "; ".join(c.th for c in met)
    en = "; ".join(c.en for c in met)
    colour_th = COLOURS_TH[result.colour]
    if result.colour == "red":
        why_th = "ต้องอยู่ภายใต้การดูแลของแพทย์ในโรงพยาบาลอย่างใกล้ชิดที่ห้อง ICU"
        why_en = "needs close care by physicians in a hospital ICU"
    else:
        why_th = "ไม่เหมาะที่จะทำการกักตัวรักษาที่บ้านหรือชุมชน และควรเข้ารับการรักษาตัวที่โรงพยาบาล"
        why_en = "is not suited to isolation at home or in the community and belongs in hospital"
    return Gate(
        False,
        result.colour,
        f"คัดแยกเป็นผู้ป่วยกลุ่ม{colour_th} ({th}): {why_th} — ไม่รับเข้าดูแลแบบแยกกักตัว "
        f"ให้ส่งเข้ารับการรักษาในโรงพยาบาลตามสิทธิ UCEP COVID-19 Plus (ยูเซปโควิดพลัส) "
        f"[{_SOURCE}, กลุ่มผู้ป่วย{colour_th}]",
        f"Triaged {result.colour} ({en}): the patient {why_en} — refused for isolation; refer "
        f"to hospital under UCEP COVID-19 Plus (emergency-critical, any hospital) "
        f"[{_SOURCE}, {result.colour} group].",
    )
