"""Bright Spot: the criteria (rule kinds, groups, prize groups, indicators) and their reader."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from sitthi.rules.finance.brightspot.codes import CriteriaError
from sitthi.rules.kernel.documents import DocumentCodes, DocumentReader
from sitthi.rules.params.loader import DOCUMENTS_ROOT, _read_yaml

DATA_FILE = DOCUMENTS_ROOT / "finance" / "brightspot_2565_region7.yaml"

FULL_MARKS = Decimal(100)
"""Line 63: "สูตรการคำนวณ : คะแนนเต็ม 100 คะแนน"; line 64: "คะแนนที่ได้ = (คะแนนที่ได้ในข้อ 1 +
คะแนนที่ได้ในข้อ 2 + คะแนนที่ได้ในข้อ 3)"."""


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


#: Every problem of a criteria file is BRIGHT_CRITERIA_INVALID, what is wrong in words its value.
_INVALID = "BRIGHT_CRITERIA_INVALID"
_CODES = DocumentCodes(*[_INVALID] * 8)


class _Reader(DocumentReader):
    """The kernel's collecting document reader, speaking the award's code (``_CODES``): each
    problem is a kernel ``Problem`` whose field is the path (``prize_groups.F1F2.prizes``) and
    whose value says, in words, what is wrong there (the refusal lists these). The shapes
    below are the criteria's own, stricter than the base's: a number is an exact YAML number
    (never text), a text is text, a list or mapping that is absent is a problem."""

    def __init__(self, origin: str | None = None) -> None:
        super().__init__(origin, _CODES)

    def fault(self, where: str, problem: str) -> None:
        self.add(where or None, self.codes.invalid, f"{where}: {problem}" if where else problem)

    @property
    def texts(self) -> list[str]:
        """The problems in words, where first, in the order they were found."""
        return [p.value or "" for p in self.problems]

    def mapping(self, node: Any, where: str, allowed: set[str], required: set[str]) -> dict:
        if not isinstance(node, Mapping):
            self.fault(where, f"must be a mapping, got {type(node).__name__}")
            return {}
        unknown = sorted(str(k) for k in node if k not in allowed)
        if unknown:
            self.fault(where, f"unknown key(s) {', '.join(unknown)} (a typo?)")
        missing = sorted(k for k in required if k not in node)
        if missing:
            self.fault(where, f"missing key(s) {', '.join(missing)}")
        return dict(node)

    def text(self, node: Any, where: str, required: bool = True) -> str:
        if node is None and not required:
            return ""
        if not isinstance(node, str) or not node.strip():
            self.fault(where, f"must be a non-empty text, got {node!r}")
            return ""
        return node.strip()

    def number(self, node: Any, where: str, *, places: int | None = None) -> Decimal:
        if isinstance(node, bool) or not isinstance(node, Decimal | int):
            self.fault(where, f"must be a number, got {node!r}")
            return Decimal(0)
        d = Decimal(node)
        if not d.is_finite():
            self.fault(where, f"must be a finite number, got {node!r}")
            return Decimal(0)
        if places is not None and d != d.quantize(Decimal(1).scaleb(-places)):
            self.fault(where, f"{d} is finer than {places} decimal places")
        return d

    def integer(self, node: Any, where: str) -> int:
        d = self.number(node, where)
        if d != d.to_integral_value():
            self.fault(where, f"must be a whole number, got {node!r}")
        return int(d)

    def items(self, node: Any, where: str) -> list:
        if not isinstance(node, list):
            self.fault(where, f"must be a list, got {type(node).__name__}")
            return []
        return node


def read_criteria(raw: Any, origin: str = "<criteria>") -> Criteria:
    """The criteria in ``raw`` (a file's content), or ``CriteriaError`` listing every problem."""
    r = _Reader(origin)
    top = r.mapping(raw, "", _TOP, _TOP_REQUIRED)
    fiscal_year = r.integer(top.get("fiscal_year"), "fiscal_year")
    region = r.integer(top.get("region"), "region")
    if not 1 <= region <= 13:
        r.fault("region", f"a health region is 1 to 13, got {region}")
    budget = r.number(top.get("budget"), "budget", places=2)
    source = r.text(top.get("source"), "source")

    groups = _read_groups(r, top.get("groups"))
    prize_groups = _read_prize_groups(r, top.get("prize_groups"))
    if prize_groups:
        total = sum((pg.budget for pg in prize_groups.values()), Decimal(0))
        if total != budget:
            detail = " + ".join(f"{c} {pg.budget:,}" for c, pg in prize_groups.items())
            r.fault(
                "prize_groups",
                f"the prizes add up to {total:,} ({detail}), not the budget {budget:,}",
            )

    tie = r.mapping(top.get("tie_rule"), "tie_rule", _TIE, _TIE)
    break_by = tuple(
        r.text(c, f"tie_rule.break_by[{i}]")
        for i, c in enumerate(r.items(tie.get("break_by"), "tie_rule.break_by"))
    )
    if groups and sorted(break_by) != sorted(groups):
        r.fault(
            "tie_rule.break_by",
            f"must name every group once ({', '.join(groups)}), got {list(break_by)}",
        )

    labels, kinds = _read_inputs(r, top.get("inputs"))
    indicators = _read_indicators(r, top.get("indicators"), groups, kinds)

    tie_th = r.text(tie.get("text_th"), "tie_rule.text_th")
    tie_en = r.text(tie.get("text_en"), "tie_rule.text_en")
    if r.problems:
        raise CriteriaError(origin, r.texts, r.problems)
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
            r.fault(f"{where}.code", f"group {code!r} given twice")
        points = r.number(m.get("points"), f"{where}.points")
        sections = []
        for j, s in enumerate(r.items(m.get("sections", []), f"{where}.sections")):
            sw = f"{where}.sections[{j}]"
            sm = r.mapping(s, sw, _SECTION, _SECTION_REQUIRED)
            scode = r.text(sm.get("code"), f"{sw}.code")
            if scode and not scode.startswith(f"{code}."):
                r.fault(f"{sw}.code", f"{scode!r} does not start with its group's code {code}.")
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
                r.fault(
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
        r.fault(
            "groups",
            f"the groups add up to {_plain(total)} points, not {FULL_MARKS} (seed line 63)",
        )
    return groups


def _read_prize_groups(r: _Reader, node: Any) -> dict[str, PrizeGroup]:
    if not isinstance(node, Mapping):
        r.fault("prize_groups", "must be a mapping of code to prize group")
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
            r.fault(f"{where}.levels", "names no service level")
        for lv in levels:
            if lv in level_owner:
                r.fault(
                    f"{where}.levels", f"level {lv} is already in prize group {level_owner[lv]}"
                )
            level_owner[lv] = code
        quota_node = m.get("quota_per_province")
        quota = None if quota_node is None else r.integer(quota_node, f"{where}.quota_per_province")
        if quota is not None and quota < 1:
            r.fault(f"{where}.quota_per_province", f"must be at least 1 or null (all), got {quota}")
        prizes = tuple(
            r.number(p, f"{where}.prizes[{i}]", places=2)
            for i, p in enumerate(r.items(m.get("prizes"), f"{where}.prizes"))
        )
        if any(p <= 0 for p in prizes):
            r.fault(f"{where}.prizes", "every prize must be above zero")
        if any(a < b for a, b in zip(prizes, prizes[1:], strict=False)):
            r.fault(f"{where}.prizes", "a lower place may not get more than a higher one")
        total = r.number(m.get("total"), f"{where}.total", places=2)
        if sum(prizes, Decimal(0)) != total:
            r.fault(
                f"{where}.prizes",
                f"add up to {sum(prizes, Decimal(0)):,}, not the group's total {total:,}",
            )
        certificate_only = m.get("certificate_only", False)
        if not isinstance(certificate_only, bool):
            r.fault(f"{where}.certificate_only", f"must be true or false, got {certificate_only!r}")
            certificate_only = False
        if certificate_only and prizes:
            r.fault(f"{where}.prizes", "a certificate-only group has no prizes")
        if not certificate_only and not prizes:
            r.fault(f"{where}.prizes", "a prize group needs prizes (or certificate_only: true)")
        mentions = r.integer(m.get("honourable_mentions", 0), f"{where}.honourable_mentions")
        if not 0 <= mentions <= len(prizes):
            r.fault(f"{where}.honourable_mentions", f"must be 0 to {len(prizes)}, got {mentions}")
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
        r.fault("inputs", "must be a mapping of input name to {kind, name_th, name_en}")
        return {}, {}
    labels: dict[str, tuple[str, str]] = {}
    kinds: dict[str, str] = {}
    for name, spec in node.items():
        where = f"inputs.{name}"
        m = r.mapping(spec, where, _INPUT, _INPUT)
        kind = m.get("kind")
        if kind not in ("bool", "number"):
            r.fault(f"{where}.kind", f"must be bool or number, got {kind!r}")
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
            r.fault(where, f"code {code!r} given twice")
        group = r.text(m.get("group"), f"{where}.group")
        if groups and group not in groups:
            r.fault(f"{where}.group", f"no group {group!r}")
        elif code and not code.startswith(f"{group}."):
            r.fault(f"{where}.code", f"{code!r} does not start with its group's code {group}.")
        points = r.number(m.get("points"), f"{where}.points")
        if points <= 0:
            r.fault(f"{where}.points", f"must be above zero, got {points}")
        rule = m.get("rule")
        params: dict[str, Any] = {}
        if rule not in RULES:
            r.fault(f"{where}.rule", f"unknown rule kind {rule!r}; known: {', '.join(RULES)}")
        else:
            spec = RULES[rule]
            pm = r.mapping(m.get("params"), f"{where}.params", set(spec), set(spec))
            for p, role in spec.items():
                if p not in pm:
                    continue
                if role == "param":
                    params[p] = r.number(pm[p], f"{where}.params.{p}")
                    if p == "percent" and params[p] < 0:
                        r.fault(f"{where}.params.{p}", "a percentage may not be negative")
                    continue
                name = r.text(pm[p], f"{where}.params.{p}")
                params[p] = name
                used.add(name)
                if name not in kinds:
                    r.fault(f"{where}.params.{p}", f"input {name!r} is not declared under inputs")
                elif kinds[name] != role:
                    r.fault(
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
        r.fault(f"inputs.{name}", "declared but no indicator reads it")
    for g in groups.values():
        mine = [x for x in indicators if x.group == g.code]
        total = sum((x.points for x in mine), Decimal(0))
        if total != g.points:
            r.fault(
                f"groups {g.code}",
                f"its indicators add up to {_plain(total)} points, not {_plain(g.points)}",
            )
        for s in g.sections:
            inside = [x for x in mine if x.code.startswith(f"{s.code}.")]
            stotal = sum((x.points for x in inside), Decimal(0))
            if stotal != s.points:
                r.fault(
                    f"section {s.code}",
                    f"its indicators add up to {_plain(stotal)} points, not {_plain(s.points)}",
                )
        if g.sections:
            for x in mine:
                if not any(x.code.startswith(f"{s.code}.") for s in g.sections):
                    r.fault(f"indicator {x.code}", f"belongs to no section of group {g.code}")
    return tuple(indicators)
