"""What-if (issue 18): decide a period's stored claims under the versions in force now and
under changed ones — other parameter values (``--set name=value@date`` or a parameter file),
another fee schedule (a file, as the fee-schedules page loads it) — and compare: totals per
fund, region, province, hospital and item, and every line whose payer or amount changed.

Both runs use the same claims, the same facts (the registry as it stands; a claim is never a
duplicate of itself) and the same rule functions; only the versions differ. Amounts are
integer satang throughout. Nothing is stored: the answer is frames, written as Parquet and
XLSX by ``write``."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import polars as pl

from sitthi.registry.models import Hospital
from sitthi.rules.claims import tariff as tariff_rules
from sitthi.rules.kernel.yamlio import YamlError, read_yaml
from sitthi.rules.params import default_parameters
from sitthi.rules.params.loader import ParamError, ParameterSet

from . import replay, services
from .models import Claim

BATCH = replay.BATCH
DIMENSIONS = ("fund", "region", "province", "hospital", "item_code")
LINE_SCHEMA = {
    "claim_id": pl.Int64,
    "claim_key": pl.String,
    "hospital": pl.String,
    "line_no": pl.Int64,
    "item_code": pl.String,
    "fund_before": pl.String,
    "fund_after": pl.String,
    "payable_before": pl.Int64,  # satang; 0 when the claim is rejected or the line unpriced
    "payable_after": pl.Int64,
}


class WhatIfError(ValueError):
    """A change that cannot be read (the command and the page show the message)."""


def _number(text: str) -> Any:
    try:
        return Decimal(text)
    except InvalidOperation:
        return text


def parse_set(text: str) -> tuple[str, Any, date]:
    """``name=value@YYYY-MM-DD`` → (name, value, day)."""
    name, sep, rest = text.partition("=")
    value, at, day = rest.rpartition("@")
    if not sep or not at or not name.strip():
        raise WhatIfError(f"--set {text!r}: write name=value@YYYY-MM-DD")
    try:
        on = date.fromisoformat(day.strip())
    except ValueError:
        raise WhatIfError(f"--set {text!r}: {day!r} is not a date YYYY-MM-DD") from None
    number = _number(value.strip())
    if isinstance(number, Decimal) and (
        not number.is_finite() or abs(number) >= tariff_rules.MAX_PRICE
    ):
        raise WhatIfError(f"--set {text!r}: {value.strip()!r} is not a number a rule can take")
    return name.strip(), number, on


def with_value_from(params: ParameterSet, name: str, value: Any, on: date) -> ParameterSet:
    """``params`` with ``name`` taking ``value`` from ``on`` on (open-ended); its earlier
    values kept, the one in force that day ending the day before."""
    try:
        p = params.parameter(name)
    except ParamError as exc:
        raise WhatIfError(str(exc)) from None
    values = []
    for v in p.values:
        if v.valid_from >= on:
            continue
        until = v.valid_until if v.valid_until and v.valid_until < on else on - timedelta(days=1)
        entry = {"from": v.valid_from, "until": until, "value": _plain(v.value), "source": v.source}
        if v.note:
            entry["note"] = v.note
        values.append(entry)
    values.append({"from": on, "value": value, "source": f"what-if: {name}={value}@{on}"})
    try:
        return params.with_overrides({name: values})
    except ParamError as exc:
        raise WhatIfError(str(exc)) from None


def _plain(v: Any) -> Any:
    if isinstance(v, tuple):
        return [_plain(x) for x in v]
    if isinstance(v, Mapping):
        return {k: _plain(x) for k, x in v.items()}
    return v


def params_from_file(params: ParameterSet, path: str | Path) -> ParameterSet:
    """A YAML file ``{name: [values…]}`` (each value as in a parameter file: from, until,
    value, source) replacing those parameters' values."""
    try:
        raw = read_yaml(Path(path), integers=Decimal)
    except (OSError, YamlError) as exc:
        raise WhatIfError(f"{path}: {exc}") from None
    if not isinstance(raw, Mapping):
        raise WhatIfError(f"{path}: a mapping of parameter name to its values")
    try:
        return params.with_overrides(raw)
    except ParamError as exc:
        raise WhatIfError(str(exc)) from None


def tariff_with_file(data: bytes, filename: str, params: ParameterSet) -> tuple[pl.DataFrame, str]:
    """The fee schedules in force with the schedules of a file in place of theirs."""
    try:
        frame = tariff_rules.read_tariff(data, filename)
    except tariff_rules.TariffFileError as exc:
        raise WhatIfError(str(exc)) from None
    base, version = services.tariff_frame(params=params)
    names = frame["schedule"].unique().to_list()
    combined = pl.concat(
        [base.filter(~pl.col("schedule").is_in(names)), frame.select(base.columns)],
        how="vertical",
    )
    return combined, f"{version};file:{filename}"


@dataclass
class Changes:
    """What the what-if changes: a parameter set and, optionally, a fee-schedule frame."""

    params: ParameterSet
    tariff: tuple[pl.DataFrame, str] | None = None
    described: list[str] = field(default_factory=list)


def changes(
    *,
    sets: Iterable[str] = (),
    params_file: str | None = None,
    tariff_file: str | None = None,
    allow_none: bool = False,
) -> Changes:
    params = default_parameters()
    described = []
    if params_file:
        params = params_from_file(params, params_file)
        described.append(f"พารามิเตอร์ / parameters: {Path(params_file).name}")
    for text in sets:
        name, value, on = parse_set(text)
        params = with_value_from(params, name, value, on)
        described.append(f"{name} = {value} ตั้งแต่ / from {on.isoformat()}")
    tariff = None
    if tariff_file:
        path = Path(tariff_file)
        tariff = tariff_with_file(path.read_bytes(), path.name, params)
        described.append(f"บัญชีอัตรา / fee schedule: {path.name}")
    if not described and not allow_none:
        raise WhatIfError("nothing to change: give --set, --params or --tariff")
    return Changes(params, tariff, described)


def _lines(claims: list[Claim], decision: services.Decision, ids: list[int]) -> pl.DataFrame:
    rejected = set(decision.errors["claim_id"].unique().to_list())
    payer = dict(decision.payer.select("claim_id", "payer").iter_rows())
    priced = decision.priced.select("claim_id", "line_no", "payable_satang")
    rows = [
        {
            "cid": cid,
            "claim_id": c.pk,
            "claim_key": c.claim_key,
            "hospital": c.hospital_id,
            "line_no": ln.line_no,
            "item_code": ln.item_code,
            "fund": None if cid in rejected else payer.get(cid),
            "rejected": cid in rejected,
        }
        for cid, c in zip(ids, claims, strict=True)
        for ln in c.lines.all()
    ]
    frame = pl.DataFrame(
        rows,
        schema={
            "cid": pl.Int64,
            "claim_id": pl.Int64,
            "claim_key": pl.String,
            "hospital": pl.String,
            "line_no": pl.Int64,
            "item_code": pl.String,
            "fund": pl.String,
            "rejected": pl.Boolean,
        },
    )
    return frame.join(
        priced.rename({"claim_id": "cid"}).cast({"line_no": pl.Int64}),
        on=["cid", "line_no"],
        how="left",
    ).with_columns(
        payable=pl.when(pl.col("rejected"))
        .then(0)
        .otherwise(pl.col("payable_satang").fill_null(0))
        .cast(pl.Int64)
    )


@dataclass
class Result:
    lines: pl.DataFrame  # LINE_SCHEMA, every line of the period
    totals: dict[str, pl.DataFrame]  # by each of DIMENSIONS
    described: list[str]
    claims: int = 0

    @property
    def changed(self) -> pl.DataFrame:
        return self.lines.filter(
            (pl.col("payable_before") != pl.col("payable_after"))
            | (pl.col("fund_before").ne_missing(pl.col("fund_after")))
        )


def run(
    claims: Iterable[Claim], what: Changes, *, progress: Callable[[int], None] | None = None
) -> Result:
    base_params = default_parameters()
    parts, count = [], 0
    batch: list[Claim] = []

    def decide(group: list[Claim]) -> None:
        frames = replay.inputs_of(group)
        facts = replay.facts_then(frames, group)
        ids = frames.keys.sort("claim_id")["claim_id"].to_list()
        before = _lines(group, services.decide(frames, params=base_params, facts=facts), ids)
        after = _lines(
            group,
            services.decide(frames, params=what.params, facts=facts, tariff=what.tariff),
            ids,
        )
        parts.append(
            before.select(
                "claim_id",
                "claim_key",
                "hospital",
                "line_no",
                "item_code",
                fund_before="fund",
                payable_before="payable",
            ).with_columns(fund_after=after["fund"], payable_after=after["payable"])
        )
        if progress:
            progress(len(group))

    for c in claims:
        batch.append(c)
        count += 1
        if len(batch) == BATCH:
            decide(batch)
            batch = []
    if batch:
        decide(batch)
    lines = (
        pl.concat(parts).select(list(LINE_SCHEMA)).cast(LINE_SCHEMA)
        if parts
        else pl.DataFrame(schema=LINE_SCHEMA)
    )
    return Result(lines, totals(lines), what.described, count)


def _names(dim: str) -> dict[str, str]:
    """What a key of ``dim`` is called (Thai), for the tables."""
    from sitthi.registry.models import Fund, Province

    if dim == "fund":
        return dict(Fund.objects.values_list("code", "name_th"))
    if dim == "hospital":
        return dict(Hospital.objects.values_list("hcode", "name_th"))
    if dim == "province":
        return dict(Province.objects.values_list("code", "name_th"))
    if dim == "region":
        return {str(n): f"เขตสุขภาพที่ {n}" for n in range(1, 14)}
    return {}


def totals(lines: pl.DataFrame) -> dict[str, pl.DataFrame]:
    """Before, after and their difference (satang) by fund, region, province, hospital and
    item, each key with its name. A line counts under the fund that pays it in each run (no
    fund: the claim is rejected in that run)."""
    places = pl.DataFrame(
        list(Hospital.objects.values_list("hcode", "province_id", "province__region_id")),
        schema={"hospital": pl.String, "province": pl.String, "region": pl.Int64},
        orient="row",
    )
    lines = lines.join(places, on="hospital", how="left")
    out = {}
    for dim in DIMENSIONS:
        if dim == "fund":
            parts = [
                lines.select(key="fund_before", before="payable_before", after=pl.lit(0, pl.Int64)),
                lines.select(key="fund_after", before=pl.lit(0, pl.Int64), after="payable_after"),
            ]
        else:
            parts = [lines.select(key=dim, before="payable_before", after="payable_after")]
        names = _names(dim)
        out[dim] = (
            pl.concat([p.with_columns(pl.col("key").cast(pl.String)) for p in parts])
            .group_by("key")
            .agg(pl.col("before").sum(), pl.col("after").sum())
            .with_columns(
                difference=pl.col("after") - pl.col("before"),
                name=pl.col("key").replace_strict(names, default=None, return_dtype=pl.String),
            )
            .select("key", "name", "before", "after", "difference")
            .sort("key", nulls_last=True)
        )
    return out


def write(result: Result, folder: str | Path) -> dict[str, Path]:
    """``lines.parquet`` (every line, satang) and ``whatif.xlsx`` (a sheet of totals per
    dimension in baht, the changed lines, the changes made), Thai and English headers."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    parquet = folder / "lines.parquet"
    result.lines.write_parquet(parquet)
    xlsx = folder / "whatif.xlsx"
    xlsx.write_bytes(workbook(result))
    return {"parquet": parquet, "xlsx": xlsx}


SHEET_TH = {
    "fund": "กองทุน",
    "region": "เขต",
    "province": "จังหวัด",
    "hospital": "หน่วยบริการ",
    "item_code": "รายการ",
}
HEADINGS = {
    "fund": "กองทุน / Fund",
    "region": "เขต / Region",
    "province": "จังหวัด / Province",
    "hospital": "หน่วยบริการ / Hospital",
    "item_code": "รายการ / Item",
}


#: The changed lines a job keeps in its result (the command's Parquet keeps them all).
KEPT_CHANGES = 5000


def payload_of(result: Result) -> dict:
    """The result as JSON (a job's result): totals in satang by dimension, the changed lines
    (the first KEPT_CHANGES), the changes made."""
    return {
        "claims": result.claims,
        "lines": result.lines.height,
        "described": result.described,
        "totals": {dim: t.to_dicts() for dim, t in result.totals.items()},
        "changed_count": result.changed.height,
        "changed": result.changed.head(KEPT_CHANGES).to_dicts(),
    }


def workbook(result: Result) -> bytes:
    return workbook_of(payload_of(result) | {"changed": result.changed.head(100_000).to_dicts()})


def workbook_of(payload: dict) -> bytes:
    """whatif.xlsx from a result's JSON (the command's and the page's download alike)."""
    from openpyxl import Workbook

    from sitthi.rules.kernel.sheets import xlsx_row

    book = Workbook()
    about = book.active
    about.title = "การเปลี่ยนแปลง Changes"
    about.append(xlsx_row(about, ["ผลกระทบของการเปลี่ยนแปลง / What-if"]))
    about.append(xlsx_row(about, ["เรื่องเบิกที่คำนวณ / Claims decided", payload["claims"]]))
    about.append(xlsx_row(about, ["รายการที่เปลี่ยน / Lines changed", payload["changed_count"]]))
    for d in payload["described"]:
        about.append(xlsx_row(about, ["การเปลี่ยนแปลง / Change", d]))
    for dim in DIMENSIONS:
        sheet = book.create_sheet(f"{SHEET_TH[dim]} By {dim}"[:31])
        sheet.append(
            xlsx_row(
                sheet,
                [
                    HEADINGS[dim],
                    "ชื่อ / Name",
                    "ก่อน / Before (฿)",
                    "หลัง / After (฿)",
                    "ผลต่าง / Difference (฿)",
                ],
            )
        )
        for r in payload["totals"][dim]:
            sheet.append(
                xlsx_row(
                    sheet,
                    [
                        r["key"] or "—",
                        r.get("name") or "",
                        Decimal(r["before"]) / 100,
                        Decimal(r["after"]) / 100,
                        Decimal(r["difference"]) / 100,
                    ],
                )
            )
        for row in sheet.iter_rows(min_row=2, min_col=3):
            for cell in row:
                cell.number_format = "#,##0.00"
    changed = book.create_sheet("รายการที่เปลี่ยน Changed")
    changed.append(
        xlsx_row(
            changed,
            [
                "เรื่อง / Claim",
                "เลขอ้างอิง / Key",
                HEADINGS["hospital"],
                "บรรทัด / Line",
                HEADINGS["item_code"],
                "กองทุนก่อน / Fund before",
                "กองทุนหลัง / Fund after",
                "ก่อน / Before (฿)",
                "หลัง / After (฿)",
            ],
        )
    )
    for r in payload["changed"]:
        changed.append(
            xlsx_row(
                changed,
                [
                    r["claim_id"],
                    r["claim_key"],
                    r["hospital"],
                    r["line_no"],
                    r["item_code"],
                    r["fund_before"],
                    r["fund_after"],
                    Decimal(r["payable_before"]) / 100,
                    Decimal(r["payable_after"]) / 100,
                ],
            )
        )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def period_claims(date_from: date | None, date_to: date | None, hospital: str | None = None):
    """The decided claims admitted in the period (Bangkok dates, inclusive)."""
    return replay.stored_claims(hospital=hospital, date_from=date_from, date_to=date_to)
