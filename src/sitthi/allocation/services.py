"""UC fund allocation use cases (issue 6; DOMAIN.md §4, seed 003_efb95171d59d7c5f.txt): NHSO
staff load a fiscal year's configuration (YAML or XLSX), versioned; run the allocation over a
registered population and the year's service output; everyone reads what they may — NHSO
every run, a hospital its own statement only. Each write is one transaction with an audit
record."""

from __future__ import annotations

import io
import json
from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from auditlog.context import set_actor
from django.db import transaction

from sitthi.core.actor import Actor
from sitthi.core.errors import ErrorItem, SitthiError
from sitthi.core.models import Role
from sitthi.rules.allocation.config import (
    OP_FIGURES,
    FiscalYear,
    Notice,
    capitation_notice,
    config_hash,
    read_config,
)
from sitthi.rules.allocation.errors import AllocationError
from sitthi.rules.kernel.yamlio import YamlError, read_plain_yaml

from .models import FiscalYearConfig, Run

#: Most a configuration file may weigh: a year's lines and rules fit in a few kilobytes.
MAX_CONFIG_BYTES = 2 * 1024 * 1024


def _problems(exc: AllocationError, prefix: str = "") -> SitthiError:
    return SitthiError(
        *[
            ErrorItem(p["code"], (prefix + p["field"]) or None, {"value": p.get("value", "")})
            for p in exc.problems
        ]
    )


def _plain(value: Any) -> Any:
    """A JSON-safe copy: decimals and dates as text."""
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, date | datetime):
        return value.isoformat()
    return value


def _self_contained(raw: dict, cfg: FiscalYear) -> dict:
    """The configuration with its age index written in (a file it named is read once, at load
    time), so a stored version never depends on a file that may change."""
    out = _plain(raw)
    if cfg.op is not None and isinstance(out.get("op"), dict):
        out["op"]["age_index"] = {
            "rows": [
                {
                    "age_group": g.group,
                    "from_age": g.from_age,
                    "to_age": g.to_age if g.to_age is not None else "",
                    "index": str(g.index),
                    "label": g.label,
                }
                for g in cfg.op.age_index
            ],
            **({"source": cfg.op.age_index_source} if cfg.op.age_index_source else {}),
        }
    return out


# -- reading a configuration file --------------------------------------------------------------


def read_config_file(
    data: bytes, filename: str, places: dict[str, tuple[str, int]] | None = None
) -> dict:
    """A configuration file as a plain dict: YAML as written, or an XLSX workbook with a sheet
    ``lines`` (one row per budget line: code, name_th, name_en, kind, rate, amount, capitation,
    method, within, source, note) and a sheet ``rules`` (columns ``key`` — a dotted path such as
    ``op.qof_per_person`` — ``value`` and optionally ``source``). Lists (``shortfall_from``)
    are written comma-separated in one cell. ``places`` (a workbook) is filled with the sheet
    and row of each line (``lines[0]``) and rule key, for problems to name their rows."""
    if len(data) > MAX_CONFIG_BYTES:
        raise SitthiError.one("FILE_TOO_LARGE", "file", limit="2 MB")
    name = filename.lower()
    if name.endswith((".yaml", ".yml")):
        try:
            raw = read_plain_yaml(data.decode("utf-8"))
        except (UnicodeDecodeError, YamlError) as exc:
            raise SitthiError.one("FILE_MALFORMED", "file", detail=str(exc)[:200]) from None
        if not isinstance(raw, dict):
            raise SitthiError.one("FILE_MALFORMED", "file", detail="not a mapping")
        return raw
    if name.endswith(".xlsx"):
        return _read_xlsx(data, {} if places is None else places)
    raise SitthiError.one("FILE_TYPE", "file", allowed="YAML (.yaml) / XLSX (.xlsx)")


def _cell(v: Any) -> Any:
    if isinstance(v, float):
        return repr(v)
    if isinstance(v, datetime):
        return v.date()
    if isinstance(v, str):
        v = v.strip()
        return v if v != "" else None
    return v


def _read_xlsx(data: bytes, places: dict[str, tuple[str, int]]) -> dict:
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise SitthiError.one("FILE_MALFORMED", "file", detail=str(exc)[:200]) from None
    missing = [s for s in ("lines", "rules") if s not in book.sheetnames]
    if missing:
        raise SitthiError(
            *[ErrorItem("COLUMN_MISSING", f"sheet {s}", {"value": s}) for s in missing]
        )
    raw: dict[str, Any] = {}
    rows = list(book["rules"].iter_rows(values_only=True))
    header = [str(h or "").strip().lower() for h in rows[0]] if rows else []
    if "key" not in header or "value" not in header:
        raise SitthiError.one("COLUMN_MISSING", "rules", value="key, value")
    ki, vi = header.index("key"), header.index("value")
    si = header.index("source") if "source" in header else None
    for number, row in enumerate(rows[1:], start=2):
        key, value = _cell(row[ki]), _cell(row[vi])
        if key is None:
            continue
        places[str(key)] = ("rules", number)
        source = _cell(row[si]) if si is not None else None
        if key == "shortfall_from" and isinstance(value, str):
            value = [v.strip() for v in value.split(",") if v.strip()]
        elif source is not None:
            value = {"value": value, "source": source}
        node = raw
        parts = str(key).split(".")
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        node[parts[-1]] = value
    lines = list(book["lines"].iter_rows(values_only=True))
    names = [str(h or "").strip().lower() for h in lines[0]] if lines else []
    raw["lines"] = []
    for number, row in enumerate(lines[1:], start=2):
        entry = {
            n: _cell(v) for n, v in zip(names, row, strict=False) if n and _cell(v) is not None
        }
        if entry:
            places[f"lines[{len(raw['lines'])}]"] = ("lines", number)
            if isinstance(entry.get("capitation"), str):
                entry["capitation"] = entry["capitation"].lower() in ("true", "yes", "1", "ใช่")
            raw["lines"].append(entry)
    return raw


# -- versions ------------------------------------------------------------------------------------


def load_config(actor: Actor, data: bytes, filename: str, *, now: datetime) -> FiscalYearConfig:
    """Load a fiscal year's configuration; it becomes the year's newest version. Refused whole
    with every problem (ALLOC_* codes) if anything is wrong; the same content as the newest
    version returns that version and writes nothing."""
    actor.require(Role.NHSO, Role.ADMIN)
    places: dict[str, tuple[str, int]] = {}
    raw = read_config_file(data, filename, places)
    try:
        return save_config(actor, raw, filename, now=now)
    except SitthiError as exc:
        raise _on_rows(exc, places) from None


def _on_rows(exc: SitthiError, places: dict[str, tuple[str, int]]) -> SitthiError:
    """A workbook's problems each with its sheet and row (``lines[2].rate`` → ``lines[2].rate
    (lines, row 4)``), the row as Excel numbers it; a YAML file's as they were."""
    if not places:
        return exc
    items = []
    for item in exc.items:
        where = item.field or ""
        found = max(
            (k for k in places if where == k or where.startswith((k + ".", k + "["))),
            key=len,
            default=None,
        )
        if found is not None:
            sheet, row = places[found]
            where = f"{where} ({sheet}, row {row})"
        items.append(ErrorItem(item.code, where or None, item.params))
    return SitthiError(*items)


def save_config(actor: Actor, raw: dict, filename: str, *, now: datetime) -> FiscalYearConfig:
    actor.require(Role.NHSO, Role.ADMIN)
    try:
        cfg = read_config(raw)
    except AllocationError as exc:
        raise _problems(exc) from None
    digest = config_hash(cfg)
    with transaction.atomic(), set_actor(actor.user):
        latest = FiscalYearConfig.objects.select_for_update().filter(fy=cfg.fy).first()
        if latest is not None and latest.content_hash == digest:
            return latest
        return FiscalYearConfig.objects.create(
            fy=cfg.fy,
            version=(latest.version + 1) if latest else 1,
            raw=json.loads(json.dumps(_self_contained(raw, cfg))),
            content_hash=digest,
            filename=filename[:200],
            created_at=now,
            created_by=actor.user,
        )


def fiscal_year(version: FiscalYearConfig) -> FiscalYear:
    """The stored version read again by the rules (it was valid when stored)."""
    return read_config(version.raw)


def notices(cfg: FiscalYear) -> list[Notice]:
    """What the year's page says without refusing anything: a capitation per person that
    differs from the dated parameter ``uc.capitation_per_person`` (a what-if edit may)."""
    return [n for n in (capitation_notice(cfg),) if n is not None]


def configs(actor: Actor):
    actor.require(Role.NHSO, Role.ADMIN, Role.FUND)
    return FiscalYearConfig.objects.select_related("created_by")


def get_config(actor: Actor, config_id: int) -> FiscalYearConfig:
    found = configs(actor).filter(pk=config_id).first()
    if found is None:
        raise SitthiError.one("NOT_FOUND")
    return found


def runs(actor: Actor):
    actor.require(Role.NHSO, Role.ADMIN, Role.FUND)
    return Run.objects.select_related("config", "created_by")


# -- runs ------------------------------------------------------------------------------------------


def _frame_rows(frame) -> list[dict]:
    return [_plain(r) for r in frame.iter_rows(named=True)]


def run_allocation(
    actor: Actor,
    version: FiscalYearConfig,
    population,
    units,
    inputs=None,
    *,
    population_source: str,
    inputs_source: str,
    started: datetime,
    now: datetime,
) -> Run:
    """Allocate the fiscal year ``version`` and store the run: every payee's amounts with their
    reasons, the lines' reconciliation, the OP province rates and regional budgets, the report.
    Inputs that the rules refuse (ALLOC_INPUT_*) change nothing."""
    from sitthi.rules.allocation.compute import allocate

    actor.require(Role.NHSO, Role.ADMIN)
    cfg = fiscal_year(version)
    try:
        result = allocate(cfg, population, units, inputs)
    except AllocationError as exc:
        raise _problems(exc) from None
    return store_result(
        actor,
        version,
        result,
        population_source=population_source,
        inputs_source=inputs_source,
        started=started,
        now=now,
    )


def store_result(
    actor: Actor,
    version: FiscalYearConfig,
    result,
    *,
    population_source: str,
    inputs_source: str,
    started: datetime,
    now: datetime,
) -> Run:
    import polars as pl

    from .models import Payment

    actor.require(Role.NHSO, Role.ADMIN)
    units = result.by_unit.with_columns(payee_kind=pl.lit("unit"), payee=pl.col("unit")).drop(
        "unit"
    )
    rows = pl.concat([units, result.by_payee], how="diagonal_relaxed")
    with transaction.atomic(), set_actor(actor.user):
        run = Run.objects.create(
            config=version,
            status=Run.Status.DONE,
            population_source=population_source[:200],
            inputs_source=inputs_source[:200],
            persons=int(result.report["persons"]),
            units=result.by_unit["unit"].n_unique(),
            report={
                "report": _plain(result.report),
                "lines": _frame_rows(result.lines),
                "op_provinces": _frame_rows(result.op_provinces),
                "op_regions": _frame_rows(result.op_regions),
                "by_province": _frame_rows(result.by_province),
                "by_region": _frame_rows(result.by_region),
            },
            started_at=started,
            finished_at=now,
            created_by=actor.user,
        )
        # Payments are written in bulk (a national run has some hundred thousand rows); the
        # run's own audit record stands for them, and they are never edited afterwards.
        Payment.objects.bulk_create(
            (
                Payment(
                    run=run,
                    payee_kind=r["payee_kind"],
                    payee=r["payee"],
                    province=r["province"] or "",
                    region=r["region"],
                    line=r["line"],
                    part=r["part"],
                    amount=Decimal(r["amount_satang"]).scaleb(-2),
                    rounding_satang=r["rounding"] or 0,
                    basis_th=r["basis_th"] or "",
                    basis_en=r["basis_en"] or "",
                )
                for r in rows.iter_rows(named=True)
            ),
            batch_size=5000,
        )
    return run


def get_run(actor: Actor, run_id: int) -> Run:
    found = runs(actor).filter(pk=run_id).first()
    if found is None:
        raise SitthiError.one("NOT_FOUND")
    return found


def statement(actor: Actor, run_id: int, unit: str) -> tuple[Run, list]:
    """A unit's own statement of what it receives and why. A hospital officer sees its own
    unit only (any other answers NOT_FOUND, as if it did not exist); NHSO, funds and admin any."""
    from .models import Payment

    actor.require(Role.NHSO, Role.ADMIN, Role.FUND, Role.HOSPITAL)
    if actor.role == Role.HOSPITAL and unit != actor.hospital_code:
        raise SitthiError.one("NOT_FOUND")
    run = Run.objects.select_related("config").filter(pk=run_id).first()
    if run is None:
        raise SitthiError.one("NOT_FOUND")
    rows = list(
        Payment.objects.filter(run=run, payee=unit, payee_kind__in=["unit", "cup"]).order_by(
            "line", "part"
        )
    )
    if not rows:
        raise SitthiError.one("NOT_FOUND")
    return run, rows


def unit_lines(run: Run) -> list[dict]:
    """The run's lines that pay units, in the run's order (the units list's money columns)."""
    return [ln for ln in run.report["lines"] if ln.get("to_units_satang")]


def unit_rows(run: Run, lines: list[dict]):
    """One row per unit the run pays: its code, province, region, the money of each of
    ``lines`` (``line_0``, ``line_1``…) and the total, most money first (the units page, its
    export and the API's list)."""
    from django.db.models import Q, Sum

    from .models import Payment

    per_line = {f"line_{i}": Sum("amount", filter=Q(line=ln["line"])) for i, ln in enumerate(lines)}
    return (
        Payment.objects.filter(run=run, payee_kind="unit")
        .values("payee", "province", "region")
        .annotate(total=Sum("amount"), **per_line)
        .order_by("-total", "payee")
    )


def describe_statement(run: Run, rows: list) -> Decimal:
    """Name each statement row's line and part (Thai, English) as the run and the ledger call
    them; the statement's total."""
    from sitthi.rules.allocation.compute import PARTS

    names = {ln["line"]: (ln["name_th"], ln["name_en"]) for ln in run.report["lines"]}
    for r in rows:
        r.part_th, r.part_en = PARTS.get(r.part, (r.part, r.part))
        r.line_th, r.line_en = names.get(r.line, (r.line, r.line))
    return sum((r.amount for r in rows), Decimal(0))


def runs_for_unit(actor: Actor):
    """The runs in which the actor's unit receives something (a hospital's way in)."""
    actor.require(Role.HOSPITAL)
    return (
        Run.objects.filter(payments__payee=actor.hospital_code, payments__payee_kind="unit")
        .distinct()
        .select_related("config")
    )


def run_from_registry(
    actor: Actor,
    version: FiscalYearConfig,
    *,
    now: datetime,
    service=None,
    service_source: str = "",
) -> Run:
    """Run a fiscal year over the registry: persons with a UC right in force on the population
    date, counted at their main unit by age group; every registered hospital as a unit. The
    year's service output (QOF, visits, AdjRW, psychiatric patients) is a file NHSO gives
    (``sources.read_service``); without one, the pots paid by output are shared by persons and
    the IP budget stays held — the run's notes say so."""
    from .sources import registry_population, registry_units

    actor.require(Role.NHSO, Role.ADMIN)
    from sitthi.rules.allocation.inputs import Inputs

    cfg = fiscal_year(version)
    return run_allocation(
        actor,
        version,
        registry_population(cfg),
        registry_units(),
        Inputs(service=service),
        population_source=f"registry, UC rights on {cfg.population_date.isoformat()}",
        inputs_source=service_source or "no service output",
        started=now,
        now=now,
    )


def _set(node: dict, key: str, value: str) -> None:
    """Set a figure, keeping its cited form ``{value, source, note}`` when it has one."""
    if isinstance(node.get(key), dict):
        node[key] = {**node[key], "value": value}
    else:
        node[key] = value


def edit_config(
    actor: Actor, version: FiscalYearConfig, changes: Mapping[str, str], *, now: datetime
) -> FiscalYearConfig:
    """A new version of the year with the figures in ``changes`` (``lines.OP.rate``,
    ``lines.HIV.amount``, ``op.qof_per_person``, ``totals.capitation_per_person``…) replaced, checked whole like a file: any
    problem refuses it and nothing is stored; no change at all returns the same version."""
    actor.require(Role.NHSO, Role.ADMIN)
    raw = json.loads(json.dumps(version.raw))
    lines = {ln.get("code"): ln for ln in raw.get("lines", [])}
    for key, value in changes.items():
        value = (value or "").strip().replace(",", "")
        parts = key.split(".")
        if parts[0] == "lines" and len(parts) == 3 and parts[1] in lines:
            if parts[2] in ("rate", "amount") and parts[2] in lines[parts[1]]:
                _set(lines[parts[1]], parts[2], value)
                continue
        elif parts[0] == "op" and len(parts) == 2 and parts[1] in OP_FIGURES and "op" in raw:
            _set(raw["op"], parts[1], value)
            continue
        elif parts[0] == "totals" and len(parts) == 2 and parts[1] in raw.get("totals", {}):
            _set(raw["totals"], parts[1], value)
            continue
        raise SitthiError.one("ALLOC_UNKNOWN_KEY", key, value=key)
    return save_config(actor, raw, f"edited from v{version.version}", now=now)
