"""Only green cases go to home or community isolation (seed 004_0cb97de555201e57.txt: green —
"แนวทางการรักษา : แบบ Home Isolation (HI), Community Isolation (CI) หรือ Hotel Isolation";
yellow and red are emergency-critical and go to hospital under UCEP)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sitthi.rules.params import ParameterSet
from sitthi.rules.ucep.triage import Assessment, triage


@dataclass(frozen=True)
class Gate:
    allowed: bool
    colour: str
    th: str
    en: str


def isolation_allowed(assessment: Assessment, on: date, params: ParameterSet) -> Gate:
    result = triage(assessment, on, params)
    if result.colour == "green":
        return Gate(True, "green", "สีเขียว: แยกกักตัวได้", "Green: isolation is allowed.")
    return Gate(
        False,
        result.colour,
        f"สี{result.colour}: ผู้ป่วยฉุกเฉินวิกฤต ส่งเข้ารับการรักษาตามสิทธิ UCEP",
        f"{result.colour}: emergency-critical; refer under UCEP.",
    )
