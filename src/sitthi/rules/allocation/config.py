"""A fiscal year of the UC fund as data: its budget lines, rates and split rules.

Seed 003_efb95171d59d7c5f.txt (ประกาศคณะกรรมการหลักประกันสุขภาพแห่งชาติ ... ปีงบประมาณ ๒๕๕๙,
"ให้ใช้บังคับตั้งแต่วันที่ ๑ ตุลาคม ๒๕๕๘ เป็นต้นไป"). Many of its figures lost their digits, so
every rate and amount is an input of the configuration, never a constant in code; what the
announcement does fix — the limits in ``LIMITS``, dated parameters under
``rules/params/scalars/uc/allocation/`` citing its words — is checked here, with the values in
force on the fiscal year's first day (``limits_for``).

``read_config(raw)`` reads a plain dict (as loaded from YAML; the Django side also builds it
from an XLSX file or the pages) strictly: an unknown key is a typo and an error, a missing
value is an error, a figure finer than a satang is an error, and EVERY problem is reported at
once in ``ConfigError.problems``. Any figure may be given plainly (``rate: "1103.92"``) or with
its source (``rate: {value: "1103.92", source: "...", note: "..."}``); money is read as
Decimal (a YAML float is read through its decimal text, so ``1103.92`` is 1103.92 exactly).
``config_hash`` versions a configuration (sha256 of a canonical JSON form).
"""

from __future__ import annotations

import csv
import dataclasses
import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from sitthi.rules.allocation.errors import ConfigError, message, problem
from sitthi.rules.allocation.money import to_satang
from sitthi.rules.kernel.documents import DocumentCodes, DocumentReader
from sitthi.rules.params import (
    ParamError,
    ParameterSet,
    ParamLookupError,
    ParamValue,
    default_parameters,
)
from sitthi.rules.params.loader import DOCUMENTS_ROOT

DATA_DIR = DOCUMENTS_ROOT / "allocation"  # fy<FY>.yaml and the files they name
FORMAT = "sitthi.allocation.fy/1"  # part of the hash: a change of form is deliberate

# -- limits the FY 2559 announcement fixes (seed 003_efb95171d59d7c5f.txt) -------------------
#: Each limit is a dated parameter (``rules/params/scalars/uc/allocation/``) whose source quotes
#: the clause: QOF at least 37 baht per person (หลักเกณฑ์งบบริการผู้ป่วยนอกทั่วไป 3.1); capital
#: replacement of MOPH units at least 90 % to the units, at most 10 % at province level (หมวด 2
#: ส่วนที่ 7); the labour-cost deduction set aside at most 1 % nationally, 2 % by region, up to
#: 5 % for a region the finance subcommittee approves (หมวด 2 ส่วนที่ 10).
LIMITS = {
    "qof_minimum_baht": "uc.allocation.qof_minimum_per_person",
    "capital_unit_min_pct": "uc.allocation.capital_unit_min_pct",
    "capital_province_max_pct": "uc.allocation.capital_province_max_pct",
    "labour_national_max_pct": "uc.allocation.labour_national_max_pct",
    "labour_regional_max_pct": "uc.allocation.labour_regional_max_pct",
    "labour_regional_approved_max_pct": "uc.allocation.labour_regional_approved_max_pct",
}
CAPITATION_PARAMETER = "uc.capitation_per_person"

KINDS = ("per_person", "fixed")
METHODS = (
    "op_general",  # OP global budget by region: QOF, output, data quality, capitation 80/20
    "ip_general",  # IP global budget: DRG point value
    "psychiatric",  # community psychiatric care: per patient up to target
    "dependent_elderly",  # LTC: local funds per elder, CUPs per CUP
    "capital_replacement",  # per person; MOPH units >= 90 % direct, <= 10 % at province level
    "per_person",  # shared among main units by registered persons
    "held",  # kept at NHSO, paid during the year by the line's own rules (claims, cases)
)
SINGLE_METHODS = METHODS[:5]
SECTION_OF = {
    "op_general": "op",
    "psychiatric": "psychiatric",
    "dependent_elderly": "dependent_elderly",
    "capital_replacement": "capital",
}
OVER_TARGET = ("average", "cap", "pay")
# a line that can give money to a short line (shortfall_from) or carry a labour deduction
GIVING_METHODS = ("op_general", "ip_general", "capital_replacement", "per_person", "held")
DEDUCTIBLE_METHODS = ("op_general", "ip_general", "capital_replacement", "per_person")

_CODE = re.compile(r"[A-Z][A-Z0-9_]{0,31}\Z")


# -- the configuration ------------------------------------------------------------------------


@dataclass(frozen=True)
class Line:
    """One budget line: per person (a rate in baht times the registered persons) or fixed (an
    amount in baht). ``within`` names the line whose published rate already contains this one
    (the provider-assistance 0.10 baht sits inside inpatient care); ``returned_to_parent`` says
    its money goes back to that line."""

    code: str
    name_th: str
    name_en: str
    kind: str
    rate: Decimal | None
    amount: Decimal | None
    capitation: bool
    method: str
    within: str | None = None
    returned_to_parent: bool = False
    source: str = ""
    note: str = ""

    def budget_satang(self, persons: int) -> int:
        if self.kind == "per_person":
            assert self.rate is not None
            return to_satang(self.rate) * persons
        assert self.amount is not None
        return to_satang(self.amount)


@dataclass(frozen=True)
class AgeGroup:
    """A row of the age-adjusted OP cost index: the group number used in the population frame,
    its ages, and the index (at most four decimals)."""

    group: int
    from_age: int
    to_age: int | None
    index: Decimal
    label: str = ""

    @property
    def index_e4(self) -> int:
        """The index in ten-thousandths, an exact integer weight."""
        return int(self.index * 10_000)


@dataclass(frozen=True)
class OpRules:
    qof_per_person: Decimal
    output_per_person: Decimal
    data_quality_per_person: Decimal
    age_adjusted_share_pct: Decimal
    equal_share_pct: Decimal
    band_pct: Decimal
    age_index: tuple[AgeGroup, ...]
    age_index_source: str = ""


@dataclass(frozen=True)
class IpRules:
    drg_version: str = ""


@dataclass(frozen=True)
class PsychiatricRules:
    target_patients: int
    per_patient: Decimal
    over_target: str


@dataclass(frozen=True)
class ElderlyRules:
    per_elder: Decimal
    per_cup: Decimal
    local_fund_pot: Decimal
    cup_pot: Decimal
    target_elders: int | None = None


@dataclass(frozen=True)
class CapitalRules:
    unit_share_pct: Decimal
    province_share_pct: Decimal


@dataclass(frozen=True)
class RegionLabour:
    region: int
    pct: Decimal
    approved: bool = False


@dataclass(frozen=True)
class LabourRules:
    applies_to: tuple[str, ...]
    national_pct: Decimal
    regional_pct: Decimal
    regions: tuple[RegionLabour, ...] = ()

    def regional_pct_for(self, region: int) -> Decimal:
        for r in self.regions:
            if r.region == region:
                return r.pct
        return self.regional_pct


@dataclass(frozen=True)
class Totals:
    capitation_per_person: Decimal | None = None
    fixed: Decimal | None = None
    overall: Decimal | None = None


@dataclass(frozen=True)
class FiscalYear:
    """A fiscal year (ปีงบประมาณ) in Buddhist Era: FY 2559 runs 1 Oct 2015 – 30 Sep 2016."""

    fy: int
    population_date: date
    lines: tuple[Line, ...]
    op: OpRules | None
    ip: IpRules | None
    psychiatric: PsychiatricRules | None
    dependent_elderly: ElderlyRules | None
    capital: CapitalRules | None
    labour_cost: LabourRules | None
    shortfall_from: tuple[str, ...]
    totals: Totals
    registered_persons: int | None = None
    name_th: str = ""
    name_en: str = ""
    note: str = ""
    sources: tuple[tuple[str, str], ...] = ()

    @property
    def start(self) -> date:
        return fiscal_year_start(self.fy)

    @property
    def end(self) -> date:
        return date(self.fy - 543, 9, 30)

    def line(self, code: str) -> Line:
        for ln in self.lines:
            if ln.code == code:
                return ln
        raise KeyError(code)

    def line_for(self, method: str) -> Line | None:
        return next((ln for ln in self.lines if ln.method == method), None)

    def source_of(self, field: str) -> str:
        return dict(self.sources).get(field, "")


def fiscal_year_start(fy: int) -> date:
    """1 October before: FY 2559 (BE) starts 1 October 2015 (CE), the day seed 003's
    announcement takes effect ("ให้ใช้บังคับตั้งแต่วันที่ ๑ ตุลาคม ๒๕๕๘")."""
    return date(fy - 544, 10, 1)


@dataclass(frozen=True)
class Limits:
    """The announcement's limits in force for one fiscal year (see ``LIMITS``)."""

    qof_minimum_baht: Decimal
    capital_unit_min_pct: Decimal
    capital_province_max_pct: Decimal
    labour_national_max_pct: Decimal
    labour_regional_max_pct: Decimal
    labour_regional_approved_max_pct: Decimal


def _in_force(params: ParameterSet, name: str, fy: int | None) -> ParamValue:
    """The value in force on the fiscal year's first day. With no (valid) year, or a year
    before the first announcement in our sources, the earliest value: the limits were checked
    for every year before they became dated data, and still are."""
    p = params.parameter(name)
    if fy is not None:
        try:
            return p.at(fiscal_year_start(fy))
        except ParamLookupError:
            if fiscal_year_start(fy) >= p.values[0].valid_from:
                raise  # a gap between declared ranges: never a default
    return p.values[0]


def limits_for(fy: int | None, params: ParameterSet | None = None) -> Limits:
    """The limits a fiscal year's configuration is checked against (``params``: the shipped
    parameter set unless given)."""
    params = default_parameters() if params is None else params
    values = {k: _in_force(params, name, fy).value for k, name in LIMITS.items()}
    for k, v in values.items():
        if not isinstance(v, Decimal):
            raise ParamError(f"{LIMITS[k]}: a limit is a number, not {v!r}")
    return Limits(**values)


@dataclass(frozen=True)
class Notice:
    """Something a reader of the configuration should know that does not refuse it; the code
    and its Thai and English texts are in ``errors.NOTICES``."""

    field: str
    code: str
    value: str

    @property
    def message_th(self) -> str:
        return message({"code": self.code, "value": self.value}, "th")

    @property
    def message_en(self) -> str:
        return message({"code": self.code, "value": self.value}, "en")


def capitation_notice(cfg: FiscalYear, params: ParameterSet | None = None) -> Notice | None:
    """A notice when the year's capitation per person (the sum of its capitation lines, which
    a stated ``totals.capitation_per_person`` must equal) differs from the dated parameter
    ``uc.capitation_per_person`` in force on the year's first day; ``None`` when they agree or
    the parameter has no value then. Not a refusal: a what-if edit of the rates is allowed."""
    params = default_parameters() if params is None else params
    try:
        published = params.value(CAPITATION_PARAMETER, cfg.start)
    except ParamLookupError:
        return None
    rates = [
        ln.rate
        for ln in cfg.lines
        if ln.within is None and ln.capitation and ln.kind == "per_person" and ln.rate is not None
    ]
    mine = sum(rates, Decimal(0))
    if mine == published.value:
        return None
    return Notice(
        "totals.capitation_per_person",
        "ALLOC_CAPITATION_DIFFERS_FROM_PARAMETER",
        f"{mine} ≠ {published.value} ({CAPITATION_PARAMETER}, {cfg.start.isoformat()})",
    )


def default_population_date(fy: int) -> date:
    """30 June before the fiscal year starts: seed 003, OP capitation "ใช้ข้อมูลประชากร ณ 30
    มิ.ย. 58" for FY 2559 (30 June 2558 BE = 2015 CE = fy − 544)."""
    return date(fy - 544, 6, 30)


# -- the reader ---------------------------------------------------------------------------------


_CODES = DocumentCodes(
    required="ALLOC_VALUE_REQUIRED",
    invalid="ALLOC_INVALID_VALUE",
    negative="ALLOC_NEGATIVE",
    not_positive="ALLOC_NOT_POSITIVE",
    precision="ALLOC_PRECISION",
    unknown_key="ALLOC_UNKNOWN_KEY",
    duplicate="ALLOC_DUPLICATE",
    not_a_list="ALLOC_INVALID_VALUE",
)


class _Reader(DocumentReader):
    """The kernel's collecting document reader, speaking the allocation's codes; a refused
    configuration carries its problems in the order they were found."""

    def __init__(self) -> None:
        super().__init__(None, _CODES)

    @property
    def problems(self) -> list[dict[str, str]]:
        return [problem(p.field or "", p.code, p.value) for p in self.collector.problems]


_TOP = (
    "fy",
    "name_th",
    "name_en",
    "note",
    "population_date",
    "registered_persons",
    "lines",
    "totals",
    "op",
    "ip",
    "psychiatric",
    "dependent_elderly",
    "capital",
    "labour_cost",
    "shortfall_from",
    "sources",
)
_LINE = (
    "code",
    "name_th",
    "name_en",
    "kind",
    "rate",
    "amount",
    "capitation",
    "method",
    "within",
    "returned_to_parent",
    "source",
    "note",
)


def read_config(
    raw: Mapping[str, Any],
    *,
    persons: int | None = None,
    base_dir: Path | None = None,
    params: ParameterSet | None = None,
) -> FiscalYear:
    """The fiscal year in ``raw``, or ``ConfigError`` listing every problem found.

    ``persons`` (or ``registered_persons`` in ``raw``) lets a stated ``totals.overall`` be
    checked: per-person lines are rate × registered persons. ``base_dir`` is where a file named
    by ``op.age_index`` is read from (default: ``DATA_DIR``, ``params/documents/allocation/``).
    The announcement's limits are those in force on the year's first day in ``params`` (the
    shipped parameter set unless given).
    """
    r = _Reader()
    top = r.mapping(raw, "", _TOP, ("fy", "lines"))
    if top is None:
        raise ConfigError(r.problems)

    fy = r.integer(top.get("fy"), "fy", required=False)
    if fy is not None and not 2545 <= fy <= 2700:  # UC began in FY 2545 (พ.ร.บ. ปี ๒๕๔๕)
        r.add("fy", "ALLOC_INVALID_VALUE", fy)
        fy = None
    limits = limits_for(fy, params)
    population_date = _read_date(r, top.get("population_date"), fy)
    registered = r.integer(top.get("registered_persons"), "registered_persons", required=False)

    lines = _read_lines(r, top.get("lines"))
    by_method = {ln.method: ln for ln in lines}

    op = ip = psych = elderly = capital = labour = None
    if top.get("op") is not None:
        op = _read_op(r, top["op"], by_method.get("op_general"), base_dir or DATA_DIR, limits)
    if top.get("ip") is not None:
        m = r.mapping(top["ip"], "ip", ("drg_version", "source", "note"))
        if m is not None:
            r.note_source(m, "ip")
        ip = IpRules(drg_version=str(m.get("drg_version") or "")) if m is not None else None
    if top.get("psychiatric") is not None:
        psych = _read_psychiatric(r, top["psychiatric"])
    if top.get("dependent_elderly") is not None:
        elderly = _read_elderly(r, top["dependent_elderly"], by_method.get("dependent_elderly"))
    if top.get("capital") is not None:
        capital = _read_capital(r, top["capital"], limits)
    if top.get("labour_cost") is not None:
        labour = _read_labour(r, top["labour_cost"], {ln.code: ln for ln in lines}, limits)

    sections = {"op": op, "psychiatric": psych, "dependent_elderly": elderly, "capital": capital}
    for method, section in SECTION_OF.items():
        has_line = method in by_method
        if has_line and sections[section] is None and top.get(section) is None:
            r.add(section, "ALLOC_VALUE_REQUIRED")
        if not has_line and top.get(section) is not None:
            r.add(section, "ALLOC_UNKNOWN_LINE", f"method {method}")

    shortfall = _read_shortfall(r, top.get("shortfall_from"), {ln.code: ln for ln in lines})
    totals = _read_totals(r, top.get("totals"))
    _check_totals(r, lines, totals, persons if persons is not None else registered)

    extra = top.get("sources")
    if extra is not None:
        if not isinstance(extra, Mapping):
            r.add("sources", "ALLOC_INVALID_VALUE", type(extra).__name__)
        else:
            for k, v in extra.items():
                r.sources.setdefault(str(k), str(v))

    names = {k: r.text(top.get(k), k, required=False) for k in ("name_th", "name_en", "note")}
    if r.problems:
        raise ConfigError(r.problems)
    assert fy is not None and population_date is not None
    return FiscalYear(
        fy=fy,
        population_date=population_date,
        lines=tuple(lines),
        op=op,
        ip=ip,
        psychiatric=psych,
        dependent_elderly=elderly,
        capital=capital,
        labour_cost=labour,
        shortfall_from=shortfall,
        totals=totals,
        registered_persons=registered,
        **names,
        sources=tuple(sorted(r.sources.items())),
    )


def _read_date(r: _Reader, node: Any, fy: int | None) -> date | None:
    node = r._scalar(node, "population_date")
    if node is None:
        return default_population_date(fy) if fy is not None else None
    if isinstance(node, date):
        return node
    if isinstance(node, str):
        try:
            return date.fromisoformat(node.strip())
        except ValueError:
            pass
    r.add("population_date", "ALLOC_INVALID_VALUE", node)
    return None


def _read_lines(r: _Reader, node: Any) -> list[Line]:
    if not isinstance(node, list) or not node:
        if node is not None:
            r.add("lines", "ALLOC_INVALID_VALUE", type(node).__name__)
        return []
    out: list[Line] = []
    seen: set[str] = set()
    methods: set[str] = set()
    for i, item in enumerate(node):
        path = f"lines[{i}]"
        m = r.mapping(item, path, _LINE, ("code", "name_th", "name_en", "kind", "method"))
        if m is None:
            continue
        code = r.text(m.get("code"), f"{path}.code", required=False)
        if code and not _CODE.match(code):
            r.add(f"{path}.code", "ALLOC_INVALID_VALUE", code)
        if code in seen:
            r.add(f"{path}.code", "ALLOC_DUPLICATE", code)
        seen.add(code)
        kind = r.choice(m.get("kind"), f"{path}.kind", KINDS) if m.get("kind") else "per_person"
        method = r.choice(m.get("method"), f"{path}.method", METHODS) if m.get("method") else "held"
        if method in SINGLE_METHODS and method in methods and m.get("within") is None:
            r.add(f"{path}.method", "ALLOC_DUPLICATE", method)
        methods.add(method)
        rate = amount = None
        if kind == "per_person":
            rate = r.decimal(m.get("rate"), f"{path}.rate")
            if m.get("amount") is not None:
                r.add(f"{path}.amount", "ALLOC_UNKNOWN_KEY", "amount (kind per_person)")
        else:
            amount = r.decimal(m.get("amount"), f"{path}.amount")
            if m.get("rate") is not None:
                r.add(f"{path}.rate", "ALLOC_UNKNOWN_KEY", "rate (kind fixed)")
        if m.get("capitation") is None:
            r.add(f"{path}.capitation", "ALLOC_VALUE_REQUIRED")
        within = r.text(m.get("within"), f"{path}.within", required=False) or None
        if code:  # a figure's source is filed under the line's code, not its position
            for key in ("rate", "amount"):
                if f"{path}.{key}" in r.sources:
                    r.sources[f"lines.{code}.{key}"] = r.sources.pop(f"{path}.{key}")
        out.append(
            Line(
                code=code,
                name_th=r.text(m.get("name_th"), f"{path}.name_th", required=False),
                name_en=r.text(m.get("name_en"), f"{path}.name_en", required=False),
                kind=kind,
                rate=rate,
                amount=amount,
                capitation=r.boolean(m.get("capitation"), f"{path}.capitation"),
                method=method,
                within=within,
                returned_to_parent=r.boolean(
                    m.get("returned_to_parent"), f"{path}.returned_to_parent"
                ),
                source=r.text(m.get("source"), f"{path}.source", required=False),
                note=r.text(m.get("note"), f"{path}.note", required=False),
            )
        )
    codes = {ln.code: ln for ln in out}
    for i, ln in enumerate(out):
        if ln.within is None:
            if ln.returned_to_parent:
                r.add(f"lines[{i}].within", "ALLOC_VALUE_REQUIRED")
            continue
        parent = codes.get(ln.within)
        if parent is None or parent.code == ln.code:
            r.add(f"lines[{i}].within", "ALLOC_UNKNOWN_LINE", ln.within)
            continue
        if parent.within is not None or ln.kind != parent.kind:
            r.add(f"lines[{i}].within", "ALLOC_INVALID_VALUE", ln.within)
            continue
        mine, theirs = (
            (ln.rate, parent.rate) if ln.kind == "per_person" else (ln.amount, parent.amount)
        )
        if mine is not None and theirs is not None and mine > theirs:
            r.add(
                f"lines[{i}]", "ALLOC_LIMIT_EXCEEDED", f"{ln.code} {mine} > {parent.code} {theirs}"
            )
        if ln.method in SINGLE_METHODS:
            r.add(f"lines[{i}].method", "ALLOC_INVALID_VALUE", ln.method)
    return out


#: The OP section's figures (``OpRules``), each required.
OP_FIGURES = (
    "qof_per_person",
    "output_per_person",
    "data_quality_per_person",
    "age_adjusted_share_pct",
    "equal_share_pct",
    "band_pct",
)


def _read_op(
    r: _Reader, node: Any, line: Line | None, base_dir: Path, limits: Limits
) -> OpRules | None:
    keys = (*OP_FIGURES, "age_index", "source", "note")
    m = r.mapping(node, "op", keys, keys[:7])
    if m is None:
        return None
    r.note_source(m, "op")
    qof = r.decimal(m.get("qof_per_person"), "op.qof_per_person")
    if qof is not None and qof < limits.qof_minimum_baht:
        r.add("op.qof_per_person", "ALLOC_QOF_BELOW_MINIMUM", qof)
    output = r.decimal(m.get("output_per_person"), "op.output_per_person")
    dq = r.decimal(m.get("data_quality_per_person"), "op.data_quality_per_person")
    age = r.decimal(m.get("age_adjusted_share_pct"), "op.age_adjusted_share_pct")
    equal = r.decimal(m.get("equal_share_pct"), "op.equal_share_pct")
    if age is not None and equal is not None and age + equal != 100:
        r.add("op.equal_share_pct", "ALLOC_SHARES_NOT_100", age + equal)
    band = r.decimal(m.get("band_pct"), "op.band_pct")
    if band is not None and band >= 100:
        r.add("op.band_pct", "ALLOC_BAND_INVALID", band)
        band = None
    if line is not None and line.kind == "per_person" and None not in (qof, output, dq, line.rate):
        assert qof is not None and output is not None and dq is not None and line.rate is not None
        if qof + output + dq > line.rate:
            r.add(
                "op",
                "ALLOC_LIMIT_EXCEEDED",
                f"QOF {qof} + output {output} + data quality {dq} > OP {line.rate}",
            )
    index, index_source = _read_age_index(r, m.get("age_index"), base_dir)
    if index_source:
        r.sources["op.age_index"] = index_source
    if None in (qof, output, dq, age, equal, band) or not index:
        return None
    assert qof is not None and output is not None and dq is not None
    assert age is not None and equal is not None and band is not None
    return OpRules(qof, output, dq, age, equal, band, index, index_source)


def _read_age_index(r: _Reader, node: Any, base_dir: Path) -> tuple[tuple[AgeGroup, ...], str]:
    path = "op.age_index"
    source = ""
    rows: Any = node
    if isinstance(node, Mapping):
        m = r.mapping(node, path, ("file", "rows", "source", "note"))
        if m is None:
            return (), ""
        source = " — ".join(str(m[k]) for k in ("source", "note") if m.get(k))
        if (m.get("file") is None) == (m.get("rows") is None):
            r.add(path, "ALLOC_VALUE_REQUIRED", "file or rows")
            return (), source
        rows = m.get("file") if m.get("file") is not None else m.get("rows")
    if isinstance(rows, str):
        file = base_dir / rows
        if not file.is_file() or file.suffix != ".csv":
            r.add(f"{path}.file", "ALLOC_INVALID_VALUE", rows)
            return (), source
        with file.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
    if not isinstance(rows, list) or not rows:
        r.add(path, "ALLOC_VALUE_REQUIRED")
        return (), source
    out: list[AgeGroup] = []
    seen: set[int] = set()
    row_keys = ("age_group", "from_age", "to_age", "index", "label", "source", "note")
    for i, row in enumerate(rows):
        p = f"{path}[{i}]"
        m = r.mapping(row, p, row_keys, ("age_group", "from_age", "index"))
        if m is None:
            continue
        group = r.integer(m.get("age_group"), f"{p}.age_group", required=False)
        lo = r.integer(m.get("from_age"), f"{p}.from_age", required=False)
        hi_raw = m.get("to_age")
        hi = None if hi_raw in (None, "") else r.integer(hi_raw, f"{p}.to_age")
        index = r.decimal(m.get("index"), f"{p}.index", places=4, required=False, positive=True)
        if group is not None and group in seen:
            r.add(f"{p}.age_group", "ALLOC_DUPLICATE", group)
        if group is not None and group > 127:  # an Int8 in the population frame
            r.add(f"{p}.age_group", "ALLOC_INVALID_VALUE", group)
        if lo is not None and hi is not None and hi < lo:
            r.add(f"{p}.to_age", "ALLOC_INVALID_VALUE", hi)
        if None in (group, lo, index):
            continue
        assert group is not None and lo is not None and index is not None
        seen.add(group)
        out.append(AgeGroup(group, lo, hi, index, str(m.get("label") or "")))
    return tuple(sorted(out, key=lambda g: g.group)), source


def _read_psychiatric(r: _Reader, node: Any) -> PsychiatricRules | None:
    keys = ("target_patients", "per_patient", "over_target", "source", "note")
    m = r.mapping(node, "psychiatric", keys, keys[:3])
    if m is None:
        return None
    r.note_source(m, "psychiatric")
    target = r.integer(m.get("target_patients"), "psychiatric.target_patients")
    rate = r.decimal(m.get("per_patient"), "psychiatric.per_patient", positive=True)
    rule = r.choice(m.get("over_target"), "psychiatric.over_target", OVER_TARGET)
    if target is None or rate is None:
        return None
    return PsychiatricRules(target, rate, rule)


def _read_elderly(r: _Reader, node: Any, line: Line | None) -> ElderlyRules | None:
    keys = ("per_elder", "per_cup", "local_fund_pot", "cup_pot", "target_elders", "source", "note")
    p = "dependent_elderly"
    m = r.mapping(node, p, keys, keys[:4])
    if m is None:
        return None
    r.note_source(m, "dependent_elderly")
    per_elder = r.decimal(m.get("per_elder"), f"{p}.per_elder", positive=True)
    per_cup = r.decimal(m.get("per_cup"), f"{p}.per_cup", positive=True)
    funds = r.decimal(m.get("local_fund_pot"), f"{p}.local_fund_pot")
    cups = r.decimal(m.get("cup_pot"), f"{p}.cup_pot")
    target = r.integer(m.get("target_elders"), f"{p}.target_elders", required=False)
    if None in (per_elder, per_cup, funds, cups):
        return None
    assert per_elder is not None and per_cup is not None and funds is not None
    assert cups is not None
    if line is not None and line.kind == "fixed" and line.amount is not None:
        if funds + cups > line.amount:
            r.add(p, "ALLOC_LIMIT_EXCEEDED", f"{funds} + {cups} > {line.code} {line.amount}")
    return ElderlyRules(per_elder, per_cup, funds, cups, target)


def _read_capital(r: _Reader, node: Any, limits: Limits) -> CapitalRules | None:
    keys = ("unit_share_pct", "province_share_pct", "source", "note")
    m = r.mapping(node, "capital", keys, keys[:2])
    if m is None:
        return None
    r.note_source(m, "capital")
    unit = r.decimal(m.get("unit_share_pct"), "capital.unit_share_pct")
    prov = r.decimal(m.get("province_share_pct"), "capital.province_share_pct")
    if unit is not None and unit < limits.capital_unit_min_pct:
        r.add(
            "capital.unit_share_pct",
            "ALLOC_LIMIT_EXCEEDED",
            f"{unit} < {limits.capital_unit_min_pct}",
        )
    if prov is not None and prov > limits.capital_province_max_pct:
        r.add(
            "capital.province_share_pct",
            "ALLOC_LIMIT_EXCEEDED",
            f"{prov} > {limits.capital_province_max_pct}",
        )
    if unit is not None and prov is not None and unit + prov != 100:
        r.add("capital.province_share_pct", "ALLOC_SHARES_NOT_100", unit + prov)
    if unit is None or prov is None:
        return None
    return CapitalRules(unit, prov)


def _read_labour(
    r: _Reader, node: Any, lines: dict[str, Line], limits: Limits
) -> LabourRules | None:
    keys = ("applies_to", "national_pct", "regional_pct", "regions", "source", "note")
    p = "labour_cost"
    m = r.mapping(node, p, keys, keys[:3])
    if m is None:
        return None
    r.note_source(m, "labour_cost")
    applies: list[str] = []
    node_applies = m.get("applies_to")
    if node_applies is not None and not isinstance(node_applies, list):
        r.add(f"{p}.applies_to", "ALLOC_INVALID_VALUE", node_applies)
    for i, code in enumerate(node_applies if isinstance(node_applies, list) else []):
        if code not in lines:
            r.add(f"{p}.applies_to[{i}]", "ALLOC_UNKNOWN_LINE", code)
        elif lines[code].method not in DEDUCTIBLE_METHODS or lines[code].within is not None:
            r.add(f"{p}.applies_to[{i}]", "ALLOC_INVALID_VALUE", code)
        elif code in applies:
            r.add(f"{p}.applies_to[{i}]", "ALLOC_DUPLICATE", code)
        else:
            applies.append(code)
    national = r.decimal(m.get("national_pct"), f"{p}.national_pct")
    if national is not None and national > limits.labour_national_max_pct:
        r.add(
            f"{p}.national_pct",
            "ALLOC_LIMIT_EXCEEDED",
            f"{national} > {limits.labour_national_max_pct}",
        )
    regional = r.decimal(m.get("regional_pct"), f"{p}.regional_pct")
    if regional is not None and regional > limits.labour_regional_max_pct:
        r.add(
            f"{p}.regional_pct",
            "ALLOC_LIMIT_EXCEEDED",
            f"{regional} > {limits.labour_regional_max_pct}",
        )
    regions: list[RegionLabour] = []
    node_regions = m.get("regions") or {}
    if not isinstance(node_regions, Mapping):
        r.add(f"{p}.regions", "ALLOC_INVALID_VALUE", node_regions)
        node_regions = {}
    for key, item in node_regions.items():
        rp = f"{p}.regions.{key}"
        try:
            region = int(key)
        except (TypeError, ValueError):
            region = 0
        if not 1 <= region <= 13:
            r.add(rp, "ALLOC_INVALID_VALUE", key)
            continue
        im = r.mapping(item, rp, ("pct", "approved", "source", "note"), ("pct",))
        if im is None:
            continue
        pct = r.decimal(im.get("pct"), f"{rp}.pct")
        approved = r.boolean(im.get("approved"), f"{rp}.approved")
        if pct is None:
            continue
        if pct > limits.labour_regional_approved_max_pct:
            r.add(
                f"{rp}.pct",
                "ALLOC_LIMIT_EXCEEDED",
                f"{pct} > {limits.labour_regional_approved_max_pct}",
            )
        elif pct > limits.labour_regional_max_pct and not approved:
            r.add(
                f"{rp}.pct",
                "ALLOC_LIMIT_EXCEEDED",
                f"{pct} > {limits.labour_regional_max_pct} without approved: true",
            )
        regions.append(RegionLabour(region, pct, approved))
    if national is None or regional is None:
        return None
    return LabourRules(
        tuple(applies), national, regional, tuple(sorted(regions, key=lambda x: x.region))
    )


def _read_shortfall(r: _Reader, node: Any, lines: dict[str, Line]) -> tuple[str, ...]:
    if node is None:
        return ()
    if not isinstance(node, list):
        r.add("shortfall_from", "ALLOC_INVALID_VALUE", node)
        return ()
    out: list[str] = []
    for i, code in enumerate(node):
        path = f"shortfall_from[{i}]"
        if code not in lines:
            r.add(path, "ALLOC_UNKNOWN_LINE", code)
        elif lines[code].method not in GIVING_METHODS or lines[code].within is not None:
            r.add(path, "ALLOC_SHORTFALL_SOURCE", code)
        elif code in out:
            r.add(path, "ALLOC_DUPLICATE", code)
        else:
            out.append(code)
    return tuple(out)


def _read_totals(r: _Reader, node: Any) -> Totals:
    if node is None:
        return Totals()
    keys = ("capitation_per_person", "fixed", "overall", "source", "note")
    m = r.mapping(node, "totals", keys)
    if m is None:
        return Totals()
    r.note_source(m, "totals")
    return Totals(
        r.decimal(m.get("capitation_per_person"), "totals.capitation_per_person", required=False),
        r.decimal(m.get("fixed"), "totals.fixed", required=False),
        r.decimal(m.get("overall"), "totals.overall", required=False),
    )


def _check_totals(r: _Reader, lines: list[Line], totals: Totals, persons: int | None) -> None:
    """A stated total must equal its lines to the satang. Lines ``within`` another are already
    in their parent's rate and are not counted twice."""
    own = [ln for ln in lines if ln.within is None]
    if totals.capitation_per_person is not None:
        rates = [ln.rate for ln in own if ln.capitation and ln.kind == "per_person"]
        if None not in rates:
            got = sum(rates, Decimal(0))
            if got != totals.capitation_per_person:
                r.add(
                    "totals.capitation_per_person",
                    "ALLOC_LINES_DO_NOT_ADD_UP",
                    f"{got} ≠ {totals.capitation_per_person}",
                )
    if totals.fixed is not None:
        amounts = [ln.amount for ln in own if ln.kind == "fixed"]
        if None not in amounts:
            got = sum(amounts, Decimal(0))
            if got != totals.fixed:
                r.add("totals.fixed", "ALLOC_LINES_DO_NOT_ADD_UP", f"{got} ≠ {totals.fixed}")
    if totals.overall is not None and persons is not None:
        if all((ln.rate if ln.kind == "per_person" else ln.amount) is not None for ln in own):
            got_s = sum(ln.budget_satang(persons) for ln in own)
            if got_s != to_satang(totals.overall):
                r.add(
                    "totals.overall",
                    "ALLOC_LINES_DO_NOT_ADD_UP",
                    f"{Decimal(got_s) / 100} ≠ {totals.overall} ({persons} persons)",
                )


def check_overall(cfg: FiscalYear, persons: int) -> None:
    """``ConfigError`` if the stated overall total is not the lines' sum for ``persons``."""
    r = _Reader()
    _check_totals(r, list(cfg.lines), Totals(overall=cfg.totals.overall), persons)
    if r.problems:
        raise ConfigError(r.problems)


# -- files, versions ----------------------------------------------------------------------------


def load_fiscal_year(
    fy_or_path: int | str | Path,
    *,
    persons: int | None = None,
    params: ParameterSet | None = None,
) -> FiscalYear:
    """A shipped year (``load_fiscal_year(2559)`` reads ``params/documents/allocation/fy2559.yaml``) or a YAML file."""
    path = DATA_DIR / f"fy{fy_or_path}.yaml" if isinstance(fy_or_path, int) else Path(fy_or_path)
    with path.open(encoding="utf-8") as fh:
        raw = yaml.safe_load(fh)
    if not isinstance(raw, Mapping):
        raise ConfigError([problem("", "ALLOC_INVALID_VALUE", path.name)])
    return read_config(raw, persons=persons, base_dir=path.parent, params=params)


def _canonical(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _canonical(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, tuple | list):
        return [_canonical(v) for v in value]
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def config_hash(cfg: FiscalYear) -> str:
    """sha256 of the configuration's canonical JSON (sorted keys, Decimals as text): the
    version a run records, so the same configuration always gives the same hash."""
    body = json.dumps(
        {"format": FORMAT, "config": _canonical(cfg)},
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(body.encode("utf-8")).hexdigest()
