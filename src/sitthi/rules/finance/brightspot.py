"""The Bright Spot Hospital award of Health Region 7, fiscal year 2565: criteria, scores, prizes.

Seed 002_80e7afba8787ed6d.txt, "Bright Spot Hospital ปี 2565" (lines 40-111): "หลักเกณฑ์การ
พัฒนาประสิทธิภาพทางการเงินการคลัง สำหรับหน่วยบริการที่มีผลงานดีเด่น (Bright Spot Hospital)
ประจำปีงบประมาณ 2565" (line 41), "งบประมาณ : จากเขตสุขภาพที่ 7 จำนวน 10 ล้านบาท" (line 43).

The whole award is data (``data/brightspot_2565_region7.yaml``), read strictly by
``load_criteria``: 100 points (line 63 "คะแนนเต็ม 100 คะแนน") in three groups, policy/plan/
innovation 10, process 60 and outcome 30 (lines 59-62), each item all or nothing; hospitals
compete within their service level (line 42) and prize group (lines 44-58); provinces nominate
M2 one, F1-F2 two, F3 one, and every A/S/M1, which get a certificate only (lines 66-70).

Every indicator follows one of the rule kinds in ``RULES``. Group statistics (mean, sample SD,
median) are those of the hospital's prize group, computed from the submissions given: the
caller passes one region's submissions for one fiscal year. Every comparison is exact: the
group's figures are compared as fractions (``value <= mean + SD`` as ``(value - mean)^2 <=
variance`` when ``value > mean``), never through a rounded square root.

Pure: no Django, database, network or clock. Points and money are exact ``Decimal``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Context, Decimal
from fractions import Fraction
from itertools import groupby
from pathlib import Path
from typing import Any

from sitthi.rules.params.loader import _read_yaml

DATA_FILE = Path(__file__).with_name("data") / "brightspot_2565_region7.yaml"

FULL_MARKS = Decimal(100)
"""Line 63: "สูตรการคำนวณ : คะแนนเต็ม 100 คะแนน"; line 64: "คะแนนที่ได้ = (คะแนนที่ได้ในข้อ 1 +
คะแนนที่ได้ในข้อ 2 + คะแนนที่ได้ในข้อ 3)"."""

_SATANG = Decimal("0.01")
_CTX = Context(prec=28)  # display figures of the group statistics: 28 significant digits

# -- messages ------------------------------------------------------------------------------

TEXTS: dict[str, tuple[str, str]] = {
    "BRIGHT_OVER_QUOTA": (
        "จังหวัดเสนอหน่วยบริการเกินจำนวนที่กำหนดของระดับบริการนี้ ({value})",
        "The province nominated more units than allowed for this service level ({value}).",
    ),
    "BRIGHT_DUPLICATE": (
        "เสนอหน่วยบริการซ้ำ ({value})",
        "The unit is given twice ({value}).",
    ),
    "BRIGHT_LEVEL_UNKNOWN": (
        "ไม่รู้จักระดับบริการ ({value}) ต้องเป็น A S M1 M2 F1 F2 หรือ F3",
        "Unknown service level ({value}): it must be A, S, M1, M2, F1, F2 or F3.",
    ),
    "BRIGHT_INPUT_MISSING": (
        "ยังไม่ได้กรอกข้อมูล ({value})",
        "A figure is missing ({value}).",
    ),
    "BRIGHT_INPUT_UNKNOWN": (
        "ไม่รู้จักข้อมูลนี้ในเกณฑ์ ({value})",
        "The criteria have no such figure ({value}).",
    ),
    "BRIGHT_INPUT_TYPE": (
        "ชนิดข้อมูลไม่ถูกต้อง: ผลพิจารณาของคณะกรรมการต้องเป็น ใช่/ไม่ใช่ ตัวเลขต้องเป็นทศนิยมแบบแม่นยำ ({value})",
        "Wrong kind of value: a committee finding is yes/no, a figure an exact decimal ({value}).",
    ),
    "BRIGHT_NO_STATISTICS": (
        "ไม่มีค่าสถิติของกลุ่มสำหรับข้อมูลนี้ ({value})",
        "There are no group statistics for this figure ({value}).",
    ),
    "BRIGHT_CRITERIA_INVALID": (
        "เกณฑ์การประเมินไม่ถูกต้อง: {value}",
        "The award criteria are invalid: {value}",
    ),
}


def message(code: str, value: object = "", lang: str = "th") -> str:
    """The Thai (``lang="th"``) or English text of ``code`` with ``value`` filled in."""
    th, en = TEXTS[code]
    return (th if lang == "th" else en).format(value=value)


class CriteriaError(ValueError):
    """The criteria file is refused; ``problems`` lists every problem found."""

    def __init__(self, origin: str, problems: list[str]) -> None:
        self.origin, self.problems = origin, problems
        lines = "\n".join(f"  - {p}" for p in problems)
        super().__init__(f"{origin}: {len(problems)} problem(s) in the award criteria:\n{lines}")


class ScoreInputError(ValueError):
    """A submission cannot be scored: ``code`` is a key of ``TEXTS``, ``detail`` its value."""

    def __init__(self, code: str, detail: str) -> None:
        self.code, self.detail = code, detail
        super().__init__(f"{code}: {message(code, detail, 'en')}")


# -- rule kinds ----------------------------------------------------------------------------

RULES: dict[str, dict[str, str]] = {
    # parameter -> role: "bool" / "number" name an input, "param" is a figure of the rule
    "committee": {"input": "bool"},
    "change_at_least": {"input_actual": "number", "input_plan": "number", "percent": "param"},
    "change_at_most": {"input_actual": "number", "input_plan": "number", "percent": "param"},
    "at_most_group_mean_plus_sd": {"input": "number"},
    "at_most_group_mean": {"input": "number"},
    "above_group_median": {"input": "number"},
    "at_least_or_up": {
        "input": "number",
        "previous": "number",
        "threshold": "param",
        "percent": "param",
    },
    "above_group_median_or_up": {"input": "number", "previous": "number", "percent": "param"},
    "positive_and_up": {"input": "number", "previous": "number"},
    "at_least": {"input": "number", "threshold": "param"},
}
"""committee: a yes/no of the committee (group 1, lines 76-80; accounting 2.3.x, lines 95-100,
whose thresholds the seed does not give). change_at_least / change_at_most: (actual - plan) /
plan x 100 >= / <= percent (lines 85-86). at_most_group_mean_plus_sd / at_most_group_mean:
value <= the group's mean + 1 SD / mean (lines 87-93, "ไม่เกินค่ากลางกลุ่มโรงพยาบาล").
above_group_median: value > the group's median (lines 107-108, "เกินค่ากลางกลุ่ม รพ.").
at_least_or_up: value >= threshold, or up by percent or more on the previous figure (line 102).
above_group_median_or_up: over the median, or up by percent (line 103). positive_and_up: value
> 0 and value > previous (lines 109-110). at_least: value >= threshold (line 111)."""

GROUP_RULES = frozenset(
    {
        "at_most_group_mean_plus_sd",
        "at_most_group_mean",
        "above_group_median",
        "above_group_median_or_up",
    }
)


# -- the criteria --------------------------------------------------------------------------


@dataclass(frozen=True)
class Section:
    """A sub-heading of a group with its points (process: Planfin 10, costs 20, accounts 20,
    productivity 10, lines 84, 87, 94, 101); indicators ``<section>.<n>`` belong to it."""

    code: str
    name_th: str
    name_en: str
    points: Decimal
    source: str = ""


@dataclass(frozen=True)
class Group:
    """One of the three groups of points (lines 60-62)."""

    code: str
    name_th: str
    name_en: str
    points: Decimal
    sections: tuple[Section, ...] = ()
    source: str = ""
    note: str | None = None


@dataclass(frozen=True)
class Indicator:
    """One scored item, all or nothing: ``points`` when its ``rule`` holds, else 0."""

    code: str
    group: str
    name_th: str
    name_en: str
    points: Decimal
    rule: str
    params: dict[str, Any]
    source: str
    note: str | None = None

    @property
    def inputs(self) -> tuple[str, ...]:
        """The names of the figures it reads, in the rule's order (value first)."""
        return tuple(self.params[p] for p, role in RULES[self.rule].items() if role != "param")

    @property
    def uses_group(self) -> bool:
        return self.rule in GROUP_RULES


@dataclass(frozen=True)
class PrizeGroup:
    """Hospitals competing for one prize table (lines 44-58, 66-70). ``quota`` is the number a
    province may nominate (None: all); ``honourable_mentions`` the last prizes that are
    รางวัลชมเชย (F1-F2, line 54)."""

    code: str
    name_th: str
    name_en: str
    levels: tuple[str, ...]
    quota: int | None
    prizes: tuple[Decimal, ...]
    certificate_only: bool
    honourable_mentions: int = 0
    source: str = ""

    @property
    def budget(self) -> Decimal:
        return sum(self.prizes, Decimal(0))


@dataclass(frozen=True)
class Criteria:
    """The award: its groups, prize groups and indicators, and the tie rule."""

    fiscal_year: int
    region: int
    budget: Decimal
    source: str
    groups: dict[str, Group]
    prize_groups: dict[str, PrizeGroup]
    indicators: tuple[Indicator, ...]
    tie_break: tuple[str, ...] = ("3", "2", "1")
    tie_rule_th: str = ""
    tie_rule_en: str = ""
    input_labels: dict[str, tuple[str, str]] = field(default_factory=dict)

    def group_of(self, level: str) -> PrizeGroup:
        """The prize group of a service level ("M2", "f1" ...); an unknown level is a
        ValueError (never a KeyError)."""
        key = level.strip().upper() if isinstance(level, str) else level
        for pg in self.prize_groups.values():
            if key in pg.levels:
                return pg
        known = ", ".join(lv for pg in self.prize_groups.values() for lv in pg.levels)
        raise ValueError(f"unknown service level {level!r}; known: {known}")

    def inputs(self) -> list[tuple[str, str]]:
        """Every figure a submission gives, ``(name, kind)`` with kind "bool" (a committee
        finding) or "number", in the order of the indicators."""
        seen: dict[str, str] = {}
        for ind in self.indicators:
            for p, role in RULES[ind.rule].items():
                if role != "param":
                    seen.setdefault(ind.params[p], role)
        return list(seen.items())

    def label(self, name: str) -> tuple[str, str]:
        """The Thai and English label of an input (its name when the file gives none)."""
        return self.input_labels.get(name, (name, name))

    def indicator(self, code: str) -> Indicator:
        for ind in self.indicators:
            if ind.code == code:
                return ind
        raise ValueError(f"no indicator {code!r}")


# -- the reader ----------------------------------------------------------------------------

_TOP = {
    "fiscal_year",
    "region",
    "budget",
    "source",
    "note",
    "tie_rule",
    "groups",
    "prize_groups",
    "inputs",
    "indicators",
}
_TOP_REQUIRED = _TOP - {"note"}
_TIE = {"break_by", "text_th", "text_en"}
_GROUP = {"code", "name_th", "name_en", "points", "source", "note", "sections"}
_GROUP_REQUIRED = {"code", "name_th", "name_en", "points", "source"}
_SECTION = {"code", "name_th", "name_en", "points", "source", "note"}
_SECTION_REQUIRED = {"code", "name_th", "name_en", "points"}
_PRIZE = {
    "name_th",
    "name_en",
    "levels",
    "quota_per_province",
    "total",
    "prizes",
    "honourable_mentions",
    "certificate_only",
    "source",
    "note",
}
_PRIZE_REQUIRED = {"name_th", "name_en", "levels", "quota_per_province", "total", "prizes"}
_INPUT = {"kind", "name_th", "name_en"}
_INDICATOR = {"code", "group", "name_th", "name_en", "points", "rule", "params", "source", "note"}
_INDICATOR_REQUIRED = _INDICATOR - {"note"}


def _plain(d: Decimal) -> str:
    """A number for a message: 31 rather than 31.0, 1E+1 as 10."""
    return f"{d.normalize():f}"


class _Reader:
    """Collects every problem of the file instead of stopping at the first."""

    def __init__(self) -> None:
        self.problems: list[str] = []

    def add(self, where: str, problem: str) -> None:
        self.problems.append(f"{where}: {problem}" if where else problem)

    def mapping(self, node: Any, where: str, allowed: set[str], required: set[str]) -> dict:
        if not isinstance(node, Mapping):
            self.add(where, f"must be a mapping, got {type(node).__name__}")
            return {}
        unknown = sorted(str(k) for k in node if k not in allowed)
        if unknown:
            self.add(where, f"unknown key(s) {', '.join(unknown)} (a typo?)")
        missing = sorted(k for k in required if k not in node)
        if missing:
            self.add(where, f"missing key(s) {', '.join(missing)}")
        return dict(node)

    def text(self, node: Any, where: str, required: bool = True) -> str:
        if node is None and not required:
            return ""
        if not isinstance(node, str) or not node.strip():
            self.add(where, f"must be a non-empty text, got {node!r}")
            return ""
        return node.strip()

    def number(self, node: Any, where: str, *, places: int | None = None) -> Decimal:
        if isinstance(node, bool) or not isinstance(node, Decimal | int):
            self.add(where, f"must be a number, got {node!r}")
            return Decimal(0)
        d = Decimal(node)
        if not d.is_finite():
            self.add(where, f"must be a finite number, got {node!r}")
            return Decimal(0)
        if places is not None and d != d.quantize(Decimal(1).scaleb(-places)):
            self.add(where, f"{d} is finer than {places} decimal places")
        return d

    def integer(self, node: Any, where: str) -> int:
        d = self.number(node, where)
        if d != d.to_integral_value():
            self.add(where, f"must be a whole number, got {node!r}")
        return int(d)

    def items(self, node: Any, where: str) -> list:
        if not isinstance(node, list):
            self.add(where, f"must be a list, got {type(node).__name__}")
            return []
        return node


def read_criteria(raw: Any, origin: str = "<criteria>") -> Criteria:
    """The criteria in ``raw`` (a file's content), or ``CriteriaError`` listing every problem."""
    r = _Reader()
    top = r.mapping(raw, "", _TOP, _TOP_REQUIRED)
    fiscal_year = r.integer(top.get("fiscal_year"), "fiscal_year")
    region = r.integer(top.get("region"), "region")
    if not 1 <= region <= 13:
        r.add("region", f"a health region is 1 to 13, got {region}")
    budget = r.number(top.get("budget"), "budget", places=2)
    source = r.text(top.get("source"), "source")

    groups = _read_groups(r, top.get("groups"))
    prize_groups = _read_prize_groups(r, top.get("prize_groups"))
    if prize_groups:
        total = sum((pg.budget for pg in prize_groups.values()), Decimal(0))
        if total != budget:
            detail = " + ".join(f"{c} {pg.budget:,}" for c, pg in prize_groups.items())
            r.add(
                "prize_groups",
                f"the prizes add up to {total:,} ({detail}), not the budget {budget:,}",
            )

    tie = r.mapping(top.get("tie_rule"), "tie_rule", _TIE, _TIE)
    break_by = tuple(
        r.text(c, f"tie_rule.break_by[{i}]")
        for i, c in enumerate(r.items(tie.get("break_by"), "tie_rule.break_by"))
    )
    if groups and sorted(break_by) != sorted(groups):
        r.add(
            "tie_rule.break_by",
            f"must name every group once ({', '.join(groups)}), got {list(break_by)}",
        )

    labels, kinds = _read_inputs(r, top.get("inputs"))
    indicators = _read_indicators(r, top.get("indicators"), groups, kinds)

    tie_th = r.text(tie.get("text_th"), "tie_rule.text_th")
    tie_en = r.text(tie.get("text_en"), "tie_rule.text_en")
    if r.problems:
        raise CriteriaError(origin, r.problems)
    return Criteria(
        fiscal_year=fiscal_year,
        region=region,
        budget=budget,
        source=source,
        groups=groups,
        prize_groups=prize_groups,
        indicators=indicators,
        tie_break=break_by,
        tie_rule_th=tie_th,
        tie_rule_en=tie_en,
        input_labels=labels,
    )


def load_criteria(path: Path | None = None) -> Criteria:
    """The award criteria of ``path`` (default: the shipped FY 2565 Region 7 file).

    Strict: a duplicate or unknown key, a missing one, group points not adding to the group's
    points or the groups not to 100, prizes not adding to their group's total or the totals not
    to the budget, an unknown rule kind or parameter: a ``CriteriaError`` (a ValueError) whose
    message lists every problem.
    """
    path = DATA_FILE if path is None else Path(path)
    return read_criteria(_read_yaml(path), str(path))


def _read_groups(r: _Reader, node: Any) -> dict[str, Group]:
    groups: dict[str, Group] = {}
    for i, g in enumerate(r.items(node, "groups")):
        where = f"groups[{i}]"
        m = r.mapping(g, where, _GROUP, _GROUP_REQUIRED)
        code = r.text(m.get("code"), f"{where}.code")
        if code in groups:
            r.add(f"{where}.code", f"group {code!r} given twice")
        points = r.number(m.get("points"), f"{where}.points")
        sections = []
        for j, s in enumerate(r.items(m.get("sections", []), f"{where}.sections")):
            sw = f"{where}.sections[{j}]"
            sm = r.mapping(s, sw, _SECTION, _SECTION_REQUIRED)
            scode = r.text(sm.get("code"), f"{sw}.code")
            if scode and not scode.startswith(f"{code}."):
                r.add(f"{sw}.code", f"{scode!r} does not start with its group's code {code}.")
            sections.append(
                Section(
                    code=scode,
                    name_th=r.text(sm.get("name_th"), f"{sw}.name_th"),
                    name_en=r.text(sm.get("name_en"), f"{sw}.name_en"),
                    points=r.number(sm.get("points"), f"{sw}.points"),
                    source=r.text(sm.get("source"), f"{sw}.source", required=False),
                )
            )
        if sections:
            spoints = sum((s.points for s in sections), Decimal(0))
            if spoints != points:
                r.add(
                    f"{where}.sections",
                    f"the sections add up to {_plain(spoints)}, not the group's {_plain(points)}",
                )
        groups[code] = Group(
            code=code,
            name_th=r.text(m.get("name_th"), f"{where}.name_th"),
            name_en=r.text(m.get("name_en"), f"{where}.name_en"),
            points=points,
            sections=tuple(sections),
            source=r.text(m.get("source"), f"{where}.source"),
            note=r.text(m.get("note"), f"{where}.note", required=False) or None,
        )
    total = sum((g.points for g in groups.values()), Decimal(0))
    if groups and total != FULL_MARKS:
        r.add(
            "groups",
            f"the groups add up to {_plain(total)} points, not {FULL_MARKS} (seed line 63)",
        )
    return groups


def _read_prize_groups(r: _Reader, node: Any) -> dict[str, PrizeGroup]:
    if not isinstance(node, Mapping):
        r.add("prize_groups", "must be a mapping of code to prize group")
        return {}
    result: dict[str, PrizeGroup] = {}
    level_owner: dict[str, str] = {}
    for code, pg in node.items():
        where = f"prize_groups.{code}"
        code = r.text(code, where)
        m = r.mapping(pg, where, _PRIZE, _PRIZE_REQUIRED)
        levels = tuple(
            r.text(lv, f"{where}.levels[{i}]").upper()
            for i, lv in enumerate(r.items(m.get("levels"), f"{where}.levels"))
        )
        if not levels:
            r.add(f"{where}.levels", "names no service level")
        for lv in levels:
            if lv in level_owner:
                r.add(f"{where}.levels", f"level {lv} is already in prize group {level_owner[lv]}")
            level_owner[lv] = code
        quota_node = m.get("quota_per_province")
        quota = None if quota_node is None else r.integer(quota_node, f"{where}.quota_per_province")
        if quota is not None and quota < 1:
            r.add(f"{where}.quota_per_province", f"must be at least 1 or null (all), got {quota}")
        prizes = tuple(
            r.number(p, f"{where}.prizes[{i}]", places=2)
            for i, p in enumerate(r.items(m.get("prizes"), f"{where}.prizes"))
        )
        if any(p <= 0 for p in prizes):
            r.add(f"{where}.prizes", "every prize must be above zero")
        if any(a < b for a, b in zip(prizes, prizes[1:], strict=False)):
            r.add(f"{where}.prizes", "a lower place may not get more than a higher one")
        total = r.number(m.get("total"), f"{where}.total", places=2)
        if sum(prizes, Decimal(0)) != total:
            r.add(
                f"{where}.prizes",
                f"add up to {sum(prizes, Decimal(0)):,}, not the group's total {total:,}",
            )
        certificate_only = m.get("certificate_only", False)
        if not isinstance(certificate_only, bool):
            r.add(f"{where}.certificate_only", f"must be true or false, got {certificate_only!r}")
            certificate_only = False
        if certificate_only and prizes:
            r.add(f"{where}.prizes", "a certificate-only group has no prizes")
        if not certificate_only and not prizes:
            r.add(f"{where}.prizes", "a prize group needs prizes (or certificate_only: true)")
        mentions = r.integer(m.get("honourable_mentions", 0), f"{where}.honourable_mentions")
        if not 0 <= mentions <= len(prizes):
            r.add(f"{where}.honourable_mentions", f"must be 0 to {len(prizes)}, got {mentions}")
        result[code] = PrizeGroup(
            code=code,
            name_th=r.text(m.get("name_th"), f"{where}.name_th"),
            name_en=r.text(m.get("name_en"), f"{where}.name_en"),
            levels=levels,
            quota=quota,
            prizes=prizes,
            certificate_only=certificate_only,
            honourable_mentions=mentions,
            source=r.text(m.get("source"), f"{where}.source", required=False),
        )
    return result


def _read_inputs(r: _Reader, node: Any) -> tuple[dict[str, tuple[str, str]], dict[str, str]]:
    if not isinstance(node, Mapping):
        r.add("inputs", "must be a mapping of input name to {kind, name_th, name_en}")
        return {}, {}
    labels: dict[str, tuple[str, str]] = {}
    kinds: dict[str, str] = {}
    for name, spec in node.items():
        where = f"inputs.{name}"
        m = r.mapping(spec, where, _INPUT, _INPUT)
        kind = m.get("kind")
        if kind not in ("bool", "number"):
            r.add(f"{where}.kind", f"must be bool or number, got {kind!r}")
        kinds[str(name)] = str(kind)
        labels[str(name)] = (
            r.text(m.get("name_th"), f"{where}.name_th"),
            r.text(m.get("name_en"), f"{where}.name_en"),
        )
    return labels, kinds


def _read_indicators(
    r: _Reader, node: Any, groups: dict[str, Group], kinds: dict[str, str]
) -> tuple[Indicator, ...]:
    indicators: list[Indicator] = []
    used: set[str] = set()
    for i, ind in enumerate(r.items(node, "indicators")):
        where = f"indicators[{i}]"
        m = r.mapping(ind, where, _INDICATOR, _INDICATOR_REQUIRED)
        code = r.text(m.get("code"), f"{where}.code")
        where = f"indicators[{i}] ({code})" if code else where
        if any(x.code == code for x in indicators):
            r.add(where, f"code {code!r} given twice")
        group = r.text(m.get("group"), f"{where}.group")
        if groups and group not in groups:
            r.add(f"{where}.group", f"no group {group!r}")
        elif code and not code.startswith(f"{group}."):
            r.add(f"{where}.code", f"{code!r} does not start with its group's code {group}.")
        points = r.number(m.get("points"), f"{where}.points")
        if points <= 0:
            r.add(f"{where}.points", f"must be above zero, got {points}")
        rule = m.get("rule")
        params: dict[str, Any] = {}
        if rule not in RULES:
            r.add(f"{where}.rule", f"unknown rule kind {rule!r}; known: {', '.join(RULES)}")
        else:
            spec = RULES[rule]
            pm = r.mapping(m.get("params"), f"{where}.params", set(spec), set(spec))
            for p, role in spec.items():
                if p not in pm:
                    continue
                if role == "param":
                    params[p] = r.number(pm[p], f"{where}.params.{p}")
                    if p == "percent" and params[p] < 0:
                        r.add(f"{where}.params.{p}", "a percentage may not be negative")
                    continue
                name = r.text(pm[p], f"{where}.params.{p}")
                params[p] = name
                used.add(name)
                if name not in kinds:
                    r.add(f"{where}.params.{p}", f"input {name!r} is not declared under inputs")
                elif kinds[name] != role:
                    r.add(
                        f"{where}.params.{p}",
                        f"input {name!r} is a {kinds[name]}, the rule needs a {role}",
                    )
        indicators.append(
            Indicator(
                code=code,
                group=group,
                name_th=r.text(m.get("name_th"), f"{where}.name_th"),
                name_en=r.text(m.get("name_en"), f"{where}.name_en"),
                points=points,
                rule=str(rule),
                params=params,
                source=r.text(m.get("source"), f"{where}.source"),
                note=r.text(m.get("note"), f"{where}.note", required=False) or None,
            )
        )
    for name in sorted(set(kinds) - used):
        r.add(f"inputs.{name}", "declared but no indicator reads it")
    for g in groups.values():
        mine = [x for x in indicators if x.group == g.code]
        total = sum((x.points for x in mine), Decimal(0))
        if total != g.points:
            r.add(
                f"groups {g.code}",
                f"its indicators add up to {_plain(total)} points, not {_plain(g.points)}",
            )
        for s in g.sections:
            inside = [x for x in mine if x.code.startswith(f"{s.code}.")]
            stotal = sum((x.points for x in inside), Decimal(0))
            if stotal != s.points:
                r.add(
                    f"section {s.code}",
                    f"its indicators add up to {_plain(stotal)} points, not {_plain(s.points)}",
                )
        if g.sections:
            for x in mine:
                if not any(x.code.startswith(f"{s.code}.") for s in g.sections):
                    r.add(f"indicator {x.code}", f"belongs to no section of group {g.code}")
    return tuple(indicators)


# -- nominations ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Nomination:
    """A province's nomination of a hospital (``hospital`` is its code) for its level."""

    hospital: str
    province: str
    level: str


def check_nominations(
    nominations: Sequence[Nomination], criteria: Criteria
) -> list[tuple[int, str, str]]:
    """Every problem as ``(index, code, detail)``, in the order given.

    Lines 66-70: "ให้แต่ละจังหวัดคัดเลือกหน่วยบริการ ... ระดับบริการ A S M1 ทุกแห่ง ... M2
    จังหวัดละ 1 แห่ง ... F1 F2 จังหวัดละ 2 แห่ง ... F3 จังหวัดละ 1 แห่ง". The (quota + 1)-th and
    later nomination of a province in a prize group is BRIGHT_OVER_QUOTA (F1 and F2 share the
    quota of 2); the same hospital again is BRIGHT_DUPLICATE (and does not count towards a
    quota); an unknown level is BRIGHT_LEVEL_UNKNOWN.
    """
    problems: list[tuple[int, str, str]] = []
    first_at: dict[str, int] = {}
    counts: dict[tuple[str, str], int] = {}
    for i, n in enumerate(nominations):
        hospital = str(n.hospital).strip()
        if hospital in first_at:
            problems.append(
                (i, "BRIGHT_DUPLICATE", f"hospital={hospital}, first at index {first_at[hospital]}")
            )
            continue
        first_at[hospital] = i
        try:
            pg = criteria.group_of(n.level)
        except ValueError:
            problems.append((i, "BRIGHT_LEVEL_UNKNOWN", f"hospital={hospital}, level={n.level}"))
            continue
        province = str(n.province).strip()
        key = (province, pg.code)
        counts[key] = counts.get(key, 0) + 1
        if pg.quota is not None and counts[key] > pg.quota:
            problems.append(
                (i, "BRIGHT_OVER_QUOTA", f"province={province}, group={pg.code}, quota={pg.quota}")
            )
    return problems


# -- submissions and group statistics ------------------------------------------------------


@dataclass(frozen=True)
class Submission:
    """A hospital's figures: ``values`` maps each input of ``Criteria.inputs()`` to a bool
    (committee findings) or an exact Decimal."""

    hospital: str
    province: str
    level: str
    values: Mapping[str, Decimal | bool]


def missing_inputs(sub: Submission, criteria: Criteria) -> list[str]:
    """The inputs the submission does not give (None counts as not given), in criteria order."""
    return [name for name, _ in criteria.inputs() if sub.values.get(name) is None]


def _to_decimal(x: Fraction) -> Decimal:
    """A fraction as a Decimal of 28 significant digits (exact when it terminates there)."""
    return _CTX.divide(Decimal(x.numerator), Decimal(x.denominator))


@dataclass(frozen=True)
class Stats:
    """A prize group's figures for one input: ``n`` hospitals, the mean, the sample standard
    deviation (n - 1, as Excel's STDEV; 0 for one hospital), mean + 1 SD and the median, as
    Decimals of 28 significant digits. ``values`` (sorted) keeps the figures they come from;
    comparisons are made exactly from them."""

    n: int
    mean: Decimal
    sd: Decimal
    mean_plus_sd: Decimal
    median: Decimal
    values: tuple[Decimal, ...] = ()

    @classmethod
    def of(cls, values: Iterable[Decimal]) -> Stats:
        vs = tuple(sorted(values))
        if not vs:
            raise ValueError("no figures: the statistics of an empty group are undefined")
        n = len(vs)
        mean = _fraction_mean(vs)
        var = _fraction_variance(vs, mean)
        # sqrt(p/q) = sqrt(p*q)/q, taken at 60 digits then rounded to 28: exact for squares
        wide = Context(prec=60)
        sd = _CTX.plus(
            wide.divide(wide.sqrt(Decimal(var.numerator * var.denominator)), var.denominator)
        )
        mean_d = _to_decimal(mean)
        return cls(
            n=n,
            mean=mean_d,
            sd=sd,
            mean_plus_sd=_CTX.add(mean_d, sd),
            median=_to_decimal(_fraction_median(vs)),
            values=vs,
        )

    def exact_mean(self) -> Fraction:
        return _fraction_mean(self.values) if self.values else Fraction(self.mean)

    def exact_variance(self) -> Fraction:
        if self.values:
            return _fraction_variance(self.values, self.exact_mean())
        return Fraction(self.sd) ** 2

    def exact_median(self) -> Fraction:
        return _fraction_median(self.values) if self.values else Fraction(self.median)

    def at_most_mean_plus_sd(self, value: Decimal) -> bool:
        """value <= mean + 1 SD, exactly: (value - mean)^2 <= variance when above the mean."""
        d = Fraction(value) - self.exact_mean()
        return d <= 0 or d * d <= self.exact_variance()


def _fraction_mean(vs: Sequence[Decimal]) -> Fraction:
    return sum((Fraction(v) for v in vs), Fraction(0)) / len(vs)


def _fraction_variance(vs: Sequence[Decimal], mean: Fraction) -> Fraction:
    if len(vs) < 2:
        return Fraction(0)
    return sum(((Fraction(v) - mean) ** 2 for v in vs), Fraction(0)) / (len(vs) - 1)


def _fraction_median(vs: Sequence[Decimal]) -> Fraction:
    s = sorted(vs)
    mid = len(s) // 2
    return Fraction(s[mid]) if len(s) % 2 else (Fraction(s[mid - 1]) + Fraction(s[mid])) / 2


def _number(sub: Submission, name: str) -> Decimal:
    v = sub.values.get(name)
    if v is None:
        raise ScoreInputError("BRIGHT_INPUT_MISSING", f"hospital={sub.hospital}, input={name}")
    if isinstance(v, bool) or not isinstance(v, Decimal | int):
        raise ScoreInputError(
            "BRIGHT_INPUT_TYPE", f"hospital={sub.hospital}, input={name}, value={v!r}"
        )
    d = Decimal(v)
    if not d.is_finite():
        raise ScoreInputError(
            "BRIGHT_INPUT_TYPE", f"hospital={sub.hospital}, input={name}, value={v!r}"
        )
    return d


def _flag(sub: Submission, name: str) -> bool:
    v = sub.values.get(name)
    if v is None:
        raise ScoreInputError("BRIGHT_INPUT_MISSING", f"hospital={sub.hospital}, input={name}")
    if not isinstance(v, bool):
        raise ScoreInputError(
            "BRIGHT_INPUT_TYPE", f"hospital={sub.hospital}, input={name}, value={v!r}"
        )
    return v


def group_statistics(
    submissions: Iterable[Submission], criteria: Criteria
) -> dict[str, dict[str, Stats]]:
    """prize group -> input -> Stats, for the inputs read by a group rule (unit costs, LC/MC,
    Sum of AdjRW, operating margin, ROA), from the hospitals of that prize group only.

    Lines 87 "ไม่เกินค่ากลางกลุ่มโรงพยาบาล", 103, 107-108 "ค่ากลางกลุ่ม รพ.": the group is the
    prize group (M2; F1-F2; F3; A/S/M1) of the submissions given, which the caller takes from one
    region and fiscal year. A hospital that does not give a figure is left out of that figure's
    statistics; the same hospital twice is a ValueError.
    """
    names = [ind.params["input"] for ind in criteria.indicators if ind.uses_group]
    figures: dict[str, dict[str, list[Decimal]]] = {}
    seen: set[str] = set()
    for sub in submissions:
        if sub.hospital in seen:
            raise ScoreInputError("BRIGHT_DUPLICATE", f"hospital={sub.hospital}")
        seen.add(sub.hospital)
        pg = criteria.group_of(sub.level)
        for name in names:
            if sub.values.get(name) is not None:
                figures.setdefault(pg.code, {}).setdefault(name, []).append(_number(sub, name))
    return {
        code: {name: Stats.of(vs) for name, vs in by_input.items()}
        for code, by_input in figures.items()
    }


# -- scoring -------------------------------------------------------------------------------


@dataclass(frozen=True)
class IndicatorScore:
    """One indicator's result: ``points`` earned (the indicator's points or 0) and why, with
    the figures compared."""

    code: str
    points: Decimal
    earned: bool
    reason_th: str
    reason_en: str


@dataclass(frozen=True)
class Score:
    """A hospital's points: per indicator, per group (``subtotals``) and in all."""

    hospital: str
    province: str
    level: str
    group: str
    by_indicator: tuple[IndicatorScore, ...]
    subtotals: dict[str, Decimal]
    total: Decimal


def _round(x: Decimal | Fraction, places: int) -> Decimal:
    d = x if isinstance(x, Decimal) else _to_decimal(x)
    return d.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def _show(x: Decimal | Fraction, places: int = 2) -> str:
    """A figure for a reason: a Decimal (a given figure) as written, with thousands
    separators; a computed fraction to ``places`` decimals, marked ≈ when rounded."""
    if isinstance(x, Decimal):
        return f"{x:,f}"
    q = _round(x, places)
    return f"{q:,f}" if Fraction(q) == x else f"≈{q:,f}"


def _pair(value: Decimal | Fraction, against: Decimal | Fraction) -> tuple[str, str]:
    """Both figures, with enough decimals that unequal ones do not look equal."""
    places = 2
    if Fraction(value) != Fraction(against):
        for places in (2, 4, 6, 10):
            if _round(value, places) != _round(against, places):
                break
    return _show(value, places), _show(against, places)


def _signed(shown: str) -> str:
    """A change shown with its sign: +5.00, -1.25, ≈+4.99."""
    if shown.startswith("≈"):
        return "≈" + _signed(shown[1:])
    return shown if shown.startswith("-") else f"+{shown}"


def _growth(value: Decimal, previous: Decimal, percent: Decimal) -> tuple[bool | None, str]:
    """Is the rise on ``previous`` at least ``percent`` %? None when ``previous`` is not above
    zero (no rise can be computed); the second item is the rise as shown."""
    if previous <= 0:
        return None, ""
    rise = (Fraction(value) - Fraction(previous)) / Fraction(previous) * 100
    shown, _ = _pair(rise, percent)
    return rise >= percent, _signed(shown)


def _evaluate(
    ind: Indicator, sub: Submission, stats: Mapping[str, Stats] | None, criteria: Criteria
) -> tuple[bool, str, str]:
    """(earned, reason_th, reason_en) of one indicator."""
    p = ind.params
    rule = ind.rule
    if rule == "committee":
        if _flag(sub, p["input"]):
            return True, "คณะกรรมการพิจารณาว่าผ่าน", "judged met by the committee"
        return False, "คณะกรรมการพิจารณาว่าไม่ผ่าน", "judged not met by the committee"

    if rule in ("change_at_least", "change_at_most"):
        actual, plan = _number(sub, p["input_actual"]), _number(sub, p["input_plan"])
        pct = p["percent"]
        (a_th, a_en), (p_th, p_en) = (
            criteria.label(p["input_actual"]),
            criteria.label(p["input_plan"]),
        )
        figures_th = f"{a_th} {_show(actual)} เทียบกับ {p_th} {_show(plan)}"
        figures_en = f"{a_en} {_show(actual)} against {p_en} {_show(plan)}"
        if plan <= 0:
            why = "แผนต้องมากกว่า 0 จึงคำนวณร้อยละได้", "the plan must be above 0 for a percentage"
            return False, f"{figures_th}: {why[0]}", f"{figures_en}: {why[1]}"
        change = (Fraction(actual) - Fraction(plan)) / Fraction(plan) * 100
        shown, limit = _pair(change, pct)
        shown, limit = _signed(shown), _signed(limit)
        if rule == "change_at_least":
            ok = change >= pct
            sign = "≥" if ok else "<"
        else:
            ok = change <= pct
            sign = "≤" if ok else ">"
        text = f"{shown} % {sign} {limit} %"
        return ok, f"{figures_th}: {text}", f"{figures_en}: {text}"

    value = _number(sub, p["input"])
    l_th, l_en = criteria.label(p["input"])

    if rule == "at_least":
        ok = value >= p["threshold"]
        sign = "≥" if ok else "<"
        return (
            ok,
            f"{l_th} {_show(value)} {sign} {p['threshold']}",
            f"{l_en} {_show(value)} {sign} {p['threshold']}",
        )

    if rule == "positive_and_up":
        prev = _number(sub, p["previous"])
        pv_th, pv_en = criteria.label(p["previous"])
        if value <= 0:
            return (
                False,
                f"{l_th} {_show(value)} ไม่เป็นบวก",
                f"{l_en} {_show(value)} is not positive",
            )
        if value > prev:
            return (
                True,
                f"{l_th} {_show(value)} > 0 และเพิ่มขึ้นจาก {pv_th} {_show(prev)}",
                f"{l_en} {_show(value)} > 0 and up on {pv_en} {_show(prev)}",
            )
        return (
            False,
            f"{l_th} {_show(value)} > 0 แต่ไม่เพิ่มขึ้นจาก {pv_th} {_show(prev)}",
            f"{l_en} {_show(value)} > 0 but not up on {pv_en} {_show(prev)}",
        )

    if rule == "at_least_or_up":
        threshold, pct = p["threshold"], p["percent"]
        if value >= threshold:
            return (
                True,
                f"{l_th} {_show(value)} ≥ {threshold}",
                f"{l_en} {_show(value)} ≥ {threshold}",
            )
        head_th, head_en = (
            f"{l_th} {_show(value)} < {threshold}",
            f"{l_en} {_show(value)} < {threshold}",
        )
        return _or_up(sub, p, criteria, value, pct, head_th, head_en)

    # the group rules
    if stats is None or p["input"] not in stats:
        raise ScoreInputError(
            "BRIGHT_NO_STATISTICS", f"hospital={sub.hospital}, input={p['input']}"
        )
    st = stats[p["input"]]
    n = f"(n = {st.n})"
    if rule == "at_most_group_mean_plus_sd":
        ok = st.at_most_mean_plus_sd(value)
        v, s = _pair(value, Fraction(st.mean_plus_sd))  # exact when it terminates
        sign = "≤" if ok else ">"
        return (
            ok,
            f"{l_th} {v} {sign} ค่าเฉลี่ย+1SD ของกลุ่ม {s} {n}",
            f"{l_en} {v} {sign} mean+1SD {s} {n}",
        )
    if rule == "at_most_group_mean":
        mean = st.exact_mean()
        ok = Fraction(value) <= mean
        v, s = _pair(value, mean)
        sign = "≤" if ok else ">"
        return ok, f"{l_th} {v} {sign} ค่าเฉลี่ยของกลุ่ม {s} {n}", f"{l_en} {v} {sign} mean {s} {n}"
    median = st.exact_median()
    above = Fraction(value) > median
    v, s = _pair(value, median)
    sign = ">" if above else "≤"
    head_th = f"{l_th} {v} {sign} ค่ามัธยฐานของกลุ่ม {s} {n}"
    head_en = f"{l_en} {v} {sign} median {s} {n}"
    if rule == "above_group_median" or above:
        return above, head_th, head_en
    return _or_up(sub, p, criteria, value, p["percent"], head_th, head_en)


def _or_up(
    sub: Submission,
    p: Mapping[str, Any],
    criteria: Criteria,
    value: Decimal,
    pct: Decimal,
    head_th: str,
    head_en: str,
) -> tuple[bool, str, str]:
    """The "or up by pct %" branch (lines 102-103) after the level test failed."""
    prev = _number(sub, p["previous"])
    pv_th, pv_en = criteria.label(p["previous"])
    ok, rise = _growth(value, prev, pct)
    if ok is None:
        return (
            False,
            f"{head_th} และคำนวณการเพิ่มขึ้นไม่ได้ ({pv_th} {_show(prev)} ไม่มากกว่า 0)",
            f"{head_en}, and no rise can be computed ({pv_en} {_show(prev)} is not above 0)",
        )
    if ok:
        return (
            True,
            f"{head_th} แต่เพิ่มขึ้น {rise} % ≥ {pct} % ({pv_th} {_show(prev)})",
            f"{head_en} but up {rise} % ≥ {pct} % ({pv_en} {_show(prev)})",
        )
    return (
        False,
        f"{head_th} และเพิ่มขึ้น {rise} % < {pct} % ({pv_th} {_show(prev)})",
        f"{head_en} and up {rise} % < {pct} % ({pv_en} {_show(prev)})",
    )


def score(sub: Submission, stats: Mapping[str, Mapping[str, Stats]], criteria: Criteria) -> Score:
    """The hospital's points, each indicator all or nothing (lines 63-64: the total is the sum
    of the three groups). ``stats`` is ``group_statistics`` of the hospital's region and year.

    A missing figure, an unknown one, a float or a non-bool committee finding is a
    ``ScoreInputError`` (a ValueError): nothing is scored on a guess.
    """
    pg = criteria.group_of(sub.level)
    known = {name for name, _ in criteria.inputs()}
    unknown = sorted(str(k) for k in sub.values if k not in known)
    if unknown:
        raise ScoreInputError(
            "BRIGHT_INPUT_UNKNOWN", f"hospital={sub.hospital}, inputs={', '.join(unknown)}"
        )
    missing = missing_inputs(sub, criteria)
    if missing:
        raise ScoreInputError(
            "BRIGHT_INPUT_MISSING", f"hospital={sub.hospital}, inputs={', '.join(missing)}"
        )
    results = []
    subtotals = {code: Decimal(0) for code in criteria.groups}
    for ind in criteria.indicators:
        ok, th, en = _evaluate(ind, sub, stats.get(pg.code), criteria)
        points = ind.points if ok else Decimal(0)
        subtotals[ind.group] += points
        results.append(IndicatorScore(ind.code, points, ok, th, en))
    return Score(
        hospital=sub.hospital,
        province=sub.province,
        level=sub.level,
        group=pg.code,
        by_indicator=tuple(results),
        subtotals=subtotals,
        total=sum(subtotals.values(), Decimal(0)),
    )


def score_all(submissions: Sequence[Submission], criteria: Criteria) -> list[Score]:
    """Every submission scored against the statistics of the same submissions."""
    stats = group_statistics(submissions, criteria)
    return [score(sub, stats, criteria) for sub in submissions]


# -- prizes --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Award:
    """A hospital's place in its prize group: ``rank`` (equal hospitals share it), ``prize`` in
    baht (0 beyond the prizes and in the certificate-only group), ``tied_with`` the hospitals
    it shares its places with, ``certificate`` for the A/S/M1 group (line 67)."""

    hospital: str
    group: str
    rank: int
    total: Decimal
    prize: Decimal
    tied_with: tuple[str, ...]
    certificate: bool
    label_th: str
    label_en: str


def ordinal(n: int) -> str:
    """1st, 2nd, 3rd, 4th ... 11th, 12th, 13th ... 21st."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _labels(pg: PrizeGroup, place: int, tied: bool) -> tuple[str, str]:
    """Labels of the first place (0-based) a hospital occupies."""
    if pg.certificate_only:
        return "ใบประกาศนียบัตร", "certificate"
    if len(pg.prizes) - pg.honourable_mentions <= place < len(pg.prizes):
        th, en = "รางวัลชมเชย", "honourable mention"
        return (f"{th} (ร่วม)", f"joint {en}") if tied else (th, en)
    th, en = f"ลำดับที่ {place + 1}", ordinal(place + 1)
    return (f"{th} (ร่วม)", f"joint {en}") if tied else (th, en)


def award(scores: Iterable[Score], criteria: Criteria) -> dict[str, list[Award]]:
    """The places and prizes of every prize group, best first (line 65: "เมื่อคำนวณคะแนนที่ได้
    แล้ว จะนำมาเรียงลำดับคะแนนเพื่อมอบรางวัลต่อไป"; prizes lines 44-58).

    Tie rule (the seed gives none; also ``tie_rule`` in the criteria file): order by total,
    then by the outcome group's subtotal, then the process group's, then the policy group's
    (``Criteria.tie_break``), all descending. Hospitals still equal get the same rank (the
    first place they occupy) and share equally the prizes of the places they occupy together;
    the satang that do not divide go one each to the first hospitals in hospital-code order,
    so the prizes paid always add up to the prizes of the places taken. Places beyond the prizes
    get 0. The A/S/M1 group is ranked too, every hospital with a certificate and no money.
    Every prize group of the criteria is a key (an empty list when no hospital is in it).
    """
    result: dict[str, list[Award]] = {code: [] for code in criteria.prize_groups}
    by_group: dict[str, list[Score]] = {code: [] for code in criteria.prize_groups}
    seen: set[str] = set()
    for s in scores:
        if s.hospital in seen:
            raise ScoreInputError("BRIGHT_DUPLICATE", f"hospital={s.hospital}")
        seen.add(s.hospital)
        if s.group not in by_group:
            raise ValueError(f"{s.hospital}: unknown prize group {s.group!r}")
        by_group[s.group].append(s)

    def key(s: Score) -> tuple[Decimal, ...]:
        return (s.total, *(s.subtotals.get(g, Decimal(0)) for g in criteria.tie_break))

    for code, group_scores in by_group.items():
        pg = criteria.prize_groups[code]
        ordered = sorted(group_scores, key=lambda s: (tuple(-x for x in key(s)), s.hospital))
        place = 0
        for _, block_iter in groupby(ordered, key=key):
            block = list(block_iter)  # already in hospital-code order
            k = len(block)
            pot = sum(
                int(pg.prizes[q] * 100) for q in range(place, place + k) if q < len(pg.prizes)
            )
            base, extra = divmod(pot, k)
            th, en = _labels(pg, place, k > 1)
            for j, s in enumerate(block):
                satang = base + (1 if j < extra else 0)
                result[code].append(
                    Award(
                        hospital=s.hospital,
                        group=code,
                        rank=place + 1,
                        total=s.total,
                        prize=(Decimal(satang) * _SATANG).quantize(_SATANG),
                        tied_with=tuple(o.hospital for o in block if o is not s),
                        certificate=pg.certificate_only,
                        label_th=th,
                        label_en=en,
                    )
                )
            place += k
    return result
