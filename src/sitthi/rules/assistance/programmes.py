"""The three initial-assistance programmes, their ceilings by category and the time allowed to
ask (DOMAIN.md §5; seed 002_80e7afba8787ed6d.txt lines 5-7; FACTS.md "Initial assistance
ceilings"). The figures are dated parameters under ``rules/params/scalars/assistance/``; this module
only reads them for a day and compares.

What is left to human judgement: which category a harm falls in, and the amount within the
category's range — the committee decides both; the rules only refuse an amount outside it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sitthi.rules.params import ParameterSet, ParamLookupError

#: The categories of harm, most severe first. Each programme words them its own way.
CATEGORIES = ("death_disability", "organ_loss", "injury")


@dataclass(frozen=True)
class Programme:
    code: str
    #: the first part of a request number (``S41-2569-00012``)
    prefix: str
    name_th: str
    name_en: str
    #: for tables and charts
    short_th: str
    short_en: str
    #: the seed's line naming the programme's guideline
    source: str
    ceilings_param: str
    #: None: our sources give no time limit for asking; a request is then not checked
    request_within_param: str | None
    #: category → (Thai, English)
    categories: dict[str, tuple[str, str]]


_PATIENT_CATEGORIES = {
    "death_disability": ("เสียชีวิตหรือทุพพลภาพอย่างถาวร", "death or permanent disability"),
    "organ_loss": ("สูญเสียอวัยวะหรือพิการ", "loss of an organ or disability"),
    "injury": (
        "บาดเจ็บหรือเจ็บป่วยต่อเนื่อง",
        "injury or illness needing continued care",
    ),
}

PROGRAMMES: dict[str, Programme] = {
    p.code: p
    for p in (
        Programme(
            code="section41",
            prefix="S41",
            name_th="ผู้รับบริการได้รับความเสียหายจากการรักษาพยาบาล (มาตรา 41)",
            name_en="Patients harmed by care (Section 41)",
            short_th="มาตรา 41",
            short_en="Section 41",
            source="seed 002_80e7afba8787ed6d.txt, line 5",
            ceilings_param="assistance.section41_ceilings",
            request_within_param="assistance.section41_request_within_years",
            categories=_PATIENT_CATEGORIES,
        ),
        Programme(
            code="provider",
            prefix="PRV",
            name_th="ผู้ให้บริการสาธารณสุขได้รับความเสียหายจากการให้บริการ",
            name_en="Health-care providers harmed while giving care",
            short_th="ผู้ให้บริการ",
            short_en="providers",
            source="seed 002_80e7afba8787ed6d.txt, line 6",
            ceilings_param="assistance.provider_ceilings",
            request_within_param=None,
            categories={
                "death_disability": (
                    "เสียชีวิต ทุพพลภาพอย่างถาวร หรือเจ็บป่วยเรื้อรังตลอดชีวิต",
                    "death, permanent disability or lifelong chronic illness",
                ),
                "organ_loss": ("สูญเสียอวัยวะหรือพิการ", "loss of an organ or disability"),
                "injury": ("บาดเจ็บหรือเจ็บป่วยต่อเนื่อง", "injury or ongoing illness"),
            },
        ),
        Programme(
            code="vaccine",
            prefix="VAC",
            name_th="ผู้ได้รับความเสียหายจากการรับวัคซีนป้องกันโควิด 19",
            name_en="People harmed by COVID-19 vaccination",
            short_th="วัคซีนโควิด 19",
            short_en="COVID-19 vaccine",
            source="seed 002_80e7afba8787ed6d.txt, line 7",
            ceilings_param="assistance.vaccine_ceilings",
            request_within_param="assistance.vaccine_request_within_years",
            categories={
                "death_disability": _PATIENT_CATEGORIES["death_disability"],
                "organ_loss": _PATIENT_CATEGORIES["organ_loss"],
                "injury": ("บาดเจ็บหรือเจ็บป่วย", "injury or illness"),
            },
        ),
    )
}


@dataclass(frozen=True)
class Ceiling:
    """The amount a category may be awarded, in force on the day of the harm."""

    programme: str
    category: str
    #: the least amount, where the regulation gives a range (providers); else None
    low: Decimal | None
    high: Decimal
    valid_from: date
    valid_until: date | None
    source: str
    #: False: a labelled default awaiting confirmation (FACTS.md [?])
    confirmed: bool


def ceilings(programme: str, harm_on: date, params: ParameterSet) -> dict[str, Ceiling]:
    """Every category's ceiling for harm on ``harm_on``.

    Raises ``ParamLookupError`` when no ceilings of the programme are in force that day: the
    committee may still reject such a request, but cannot award an amount the sources lack.
    """
    prog = PROGRAMMES[programme]
    value = params.value(prog.ceilings_param, harm_on)
    out = {}
    for category in CATEGORIES:
        band = value.value[category]
        out[category] = Ceiling(
            programme=programme,
            category=category,
            low=band.get("min"),
            high=band["max"],
            valid_from=value.valid_from,
            valid_until=value.valid_until,
            source=value.source,
            confirmed=value.confirmed,
        )
    return out


def ceiling(programme: str, category: str, harm_on: date, params: ParameterSet) -> Ceiling:
    return ceilings(programme, harm_on, params)[category]


def amount_problem(c: Ceiling, amount: Decimal) -> str | None:
    """The error code an award of ``amount`` breaks, or None when it is within the ceiling.

    "At" the ceiling is allowed (the regulations say "not more than"); one satang over is not.
    A range's least amount (providers) is allowed, one satang under is not.
    """
    if amount <= 0:
        return "AMOUNT_NOT_POSITIVE"
    if amount.as_tuple().exponent < -2:
        return "ASSIST_AMOUNT_SATANG"
    if amount > c.high:
        return "ASSIST_OVER_CEILING"
    if c.low is not None and amount < c.low:
        return "ASSIST_UNDER_FLOOR"
    return None


def add_years(d: date, years: int) -> date:
    """The same day ``years`` later; 29 February falls back to 28 February in a common year."""
    try:
        return d.replace(year=d.year + years)
    except ValueError:
        return d.replace(year=d.year + years, day=28)


@dataclass(frozen=True)
class Timeliness:
    """Whether a request came within the time allowed to ask.

    ``status`` is ``in_time``, ``late`` or ``unchecked`` (no limit in our sources for the
    programme, or none in force on the day the harm became known).
    """

    status: str
    deadline: date | None = None
    years: int | None = None
    source: str = ""

    @property
    def late(self) -> bool:
        return self.status == "late"


def timeliness(
    programme: str, learned_on: date, received_on: date, params: ParameterSet
) -> Timeliness:
    """The request is in time when received on or before the day ``years`` after the harm
    became known ("within 1 year of learning of the harm", FACTS.md, Section 41). A late request
    is flagged with the rule; the committee can still decide it."""
    name = PROGRAMMES[programme].request_within_param
    if name is None:
        return Timeliness("unchecked")
    try:
        value = params.value(name, learned_on)
    except ParamLookupError:
        return Timeliness("unchecked")
    years = int(value.value)
    deadline = add_years(learned_on, years)
    status = "late" if received_on > deadline else "in_time"
    return Timeliness(status, deadline, years, value.source)
