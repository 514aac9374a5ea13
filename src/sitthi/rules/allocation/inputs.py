"""The run's inputs, checked and reduced to small frames before anything is computed.

Population (``population``), one of two forms:

* one row per registered person — ``unit`` (Utf8, Categorical or Enum: the 5-digit code of
  the person's main unit, หน่วยบริการประจำ), ``age_group`` (an integer: the group number of
  the age-adjusted OP cost index), optionally ``province`` (2-digit code);
* already counted — the same columns plus ``persons`` (an integer).

Either may be eager or lazy. The national file has 48.8 million person rows, so the first
step is one ``group_by(unit, age_group[, province])``; everything after works on the counts
(about units × age groups rows). A person's province for the age adjustment is the province
of their main unit (the seed adjusts "ตามโครงสร้างอายุของผู้มีสิทธิที่ลงทะเบียนในระดับจังหวัด":
registered persons, counted where they are registered); a ``province`` column, when given, must
agree with it.

Units (``units``): ``unit``, ``province``, ``region`` (1–13), ``public`` (bool: a state unit,
subject to the labour-cost deduction), ``moph`` (bool: under the MOPH permanent secretary,
สังกัด สป.สธ., for capital replacement), optionally ``cup`` (the unit's CUP code).

Service output (``Inputs.service``), one row per unit, every column but ``unit`` optional
(a unit without a row, or a null, counts as 0 — nothing reported):

* ``qof_score`` — QOF score, integer or Decimal with at most 2 places;
* ``op_visits`` — OP visits in the 43-file data, integer;
* ``data_quality_score`` — integer or Decimal with at most 2 places;
* ``adjrw`` — the unit's total inpatient AdjRW, **Decimal with at most 4 places** (the
  precision relative weights are published with) or integer; floats are refused;
* ``psychiatric_patients`` — chronic psychiatric patients (F20–F29) cared for, integer.

Dependent elderly: ``Inputs.elders`` (``local_fund``, ``province``, ``elders``) and
``Inputs.ltc_cups`` (``cup``, optionally ``province``; otherwise the province of the unit whose
code is the CUP code, or of the CUP's member units).

Bad input raises ``InputError`` with every problem found; nothing is computed.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from sitthi.rules.allocation.config import FiscalYear
from sitthi.rules.allocation.errors import InputError, problem

Frame = pl.DataFrame | pl.LazyFrame
SHOW = 5  # codes quoted in one problem


@dataclass(frozen=True)
class Inputs:
    """The year's service output and the dependent-elderly lists (see the module text)."""

    service: Frame | None = None
    elders: Frame | None = None
    ltc_cups: Frame | None = None


@dataclass(frozen=True)
class Prepared:
    """Checked inputs. ``units``: unit, province, region, public, moph, cup, persons (registered),
    index_persons (Σ persons × index in ten-thousandths), qof_e2, op_visits, dq_e2, adjrw_e4,
    psychiatric_patients. ``counts``: unit, age_group, persons. ``provinces``: province,
    region, persons, index_persons."""

    units: pl.DataFrame
    counts: pl.DataFrame
    provinces: pl.DataFrame
    elders: pl.DataFrame
    cups: pl.DataFrame
    persons: int


def _sample(values: list[object]) -> str:
    shown = ", ".join(str(v) for v in values[:SHOW])
    return shown + (f" … (+{len(values) - SHOW})" if len(values) > SHOW else "")


def _missing(problems: list[dict[str, str]], name: str, cols: list[str], need: tuple[str, ...]):
    for c in need:
        if c not in cols:
            problems.append(problem(f"{name}.{c}", "ALLOC_INPUT_COLUMN_MISSING", c))


def _integer_ok(problems, field: str, dtype: pl.DataType) -> bool:
    if not dtype.is_integer():
        problems.append(problem(field, "ALLOC_INPUT_TYPE", f"{field}: {dtype}"))
        return False
    return True


def _scaled(frame: pl.DataFrame, col: str, places: int, field: str, problems) -> pl.Expr | None:
    """``col`` × 10^places as an exact Int64, or a problem (floats, finer values)."""
    dtype = frame.schema[col]
    factor = 10**places
    if dtype.is_integer():
        return (pl.col(col).cast(pl.Int64) * factor).alias(col)
    if isinstance(dtype, pl.Decimal):
        scaled = pl.col(col) * factor
        if dtype.scale is not None and dtype.scale > places:
            fine = frame.select(
                (scaled != scaled.cast(pl.Int64).cast(pl.Decimal(38, dtype.scale))).any()
            ).item()
            if fine:
                problems.append(problem(field, "ALLOC_INPUT_TYPE", f"{field}: > {places} places"))
                return None
        return scaled.cast(pl.Int64).alias(col)
    problems.append(problem(field, "ALLOC_INPUT_TYPE", f"{field}: {dtype}"))
    return None


def prepare(cfg: FiscalYear, population: Frame, units: Frame, inputs: Inputs) -> Prepared:
    problems: list[dict[str, str]] = []
    u = _units(units, problems)
    if problems:
        raise InputError(problems)
    counts = _counts(cfg, population, u, problems)
    service = _service(inputs.service, u, problems)
    provinces_known = set(u["province"].to_list())
    elders = _elders(inputs.elders, provinces_known, problems)
    cups = _cups(inputs.ltc_cups, u, problems)
    if problems:
        raise InputError(problems)
    index = pl.DataFrame(
        {
            "age_group": [g.group for g in cfg.op.age_index] if cfg.op else [],
            "index_e4": [g.index_e4 for g in cfg.op.age_index] if cfg.op else [],
        },
        schema={"age_group": pl.Int64, "index_e4": pl.Int64},
    )
    weighted = counts.join(index, on="age_group", how="left").with_columns(
        index_persons=pl.col("persons") * pl.col("index_e4").fill_null(0)
    )
    per_unit = weighted.group_by("unit").agg(pl.col("persons").sum(), pl.col("index_persons").sum())
    table = (
        u.join(per_unit, on="unit", how="left")
        .join(service, on="unit", how="left")
        .with_columns(
            pl.col(
                "persons",
                "index_persons",
                "qof_e2",
                "op_visits",
                "dq_e2",
                "adjrw_e4",
                "psychiatric_patients",
            )
            .fill_null(0)
            .cast(pl.Int64)
        )
        .sort("unit")
    )
    persons = int(table["persons"].sum())
    if persons == 0:
        raise InputError([problem("population", "ALLOC_INPUT_EMPTY")])
    provinces = (
        table.group_by("province", "region")
        .agg(pl.col("persons").sum(), pl.col("index_persons").sum())
        .sort("province")
    )
    return Prepared(
        table,
        weighted.select("unit", "age_group", "persons").sort("unit", "age_group"),
        provinces,
        elders.join(provinces.select("province", "region"), on="province", how="left"),
        cups,
        persons,
    )


def _units(units: Frame, problems: list[dict[str, str]]) -> pl.DataFrame:
    df = units.lazy().collect() if isinstance(units, pl.LazyFrame) else units
    cols = df.columns
    _missing(problems, "units", cols, ("unit", "province", "region", "public", "moph"))
    if problems:
        return df
    if not _integer_ok(problems, "units.region", df.schema["region"]):
        return df
    for c in ("public", "moph"):
        if df.schema[c] != pl.Boolean:
            problems.append(problem(f"units.{c}", "ALLOC_INPUT_TYPE", f"{c}: {df.schema[c]}"))
    if problems:
        return df
    df = df.select(
        pl.col("unit").cast(pl.Utf8),
        pl.col("province").cast(pl.Utf8),
        pl.col("region").cast(pl.Int64),
        "public",
        "moph",
        (pl.col("cup").cast(pl.Utf8) if "cup" in cols else pl.lit(None, pl.Utf8)).alias("cup"),
    )
    for c in ("unit", "province", "region", "public", "moph"):
        if df[c].null_count():
            problems.append(problem(f"units.{c}", "ALLOC_INPUT_NULL", c))
    dup = df.filter(pl.col("unit").is_duplicated())["unit"].unique().sort().to_list()
    if dup:
        problems.append(problem("units.unit", "ALLOC_INPUT_DUPLICATE", _sample(dup)))
    bad = df.filter(~pl.col("region").is_between(1, 13))["region"].unique().sort().to_list()
    if bad:
        problems.append(problem("units.region", "ALLOC_INPUT_REGION_INVALID", _sample(bad)))
    split = (
        df.group_by("province")
        .agg(pl.col("region").n_unique().alias("n"), pl.col("region").unique().sort())
        .filter(pl.col("n") > 1)
        .sort("province")
    )
    for prov, regions in split.select("province", "region").iter_rows():
        problems.append(
            problem("units.region", "ALLOC_INPUT_REGION_INVALID", f"province {prov}: {regions}")
        )
    return df


def _counts(
    cfg: FiscalYear, population: Frame, units: pl.DataFrame, problems: list[dict[str, str]]
) -> pl.DataFrame:
    lf = population.lazy()
    schema = lf.collect_schema()
    cols = schema.names()
    _missing(problems, "population", cols, ("unit", "age_group"))
    if problems:
        return pl.DataFrame()
    if not _integer_ok(problems, "population.age_group", schema["age_group"]):
        return pl.DataFrame()
    counted = "persons" in cols
    if counted and not _integer_ok(problems, "population.persons", schema["persons"]):
        return pl.DataFrame()
    keys = ["unit", "age_group"] + (["province"] if "province" in cols else [])
    # the one pass over the person rows
    agg = pl.col("persons").cast(pl.Int64).sum() if counted else pl.len().cast(pl.Int64)
    counts = (
        lf.group_by(keys)
        .agg(agg.alias("persons"))
        .collect()
        .with_columns(pl.col("unit").cast(pl.Utf8), pl.col("age_group").cast(pl.Int64))
    )
    if counted:
        # a negative count summed with others could hide; check the input rows themselves
        if lf.select((pl.col("persons") < 0).any()).collect().item():
            problems.append(problem("population.persons", "ALLOC_INPUT_NEGATIVE", "persons"))
    for c in keys:
        if counts[c].null_count():
            problems.append(problem(f"population.{c}", "ALLOC_INPUT_NULL", c))
    counts = counts.drop_nulls(keys)
    unknown = (
        counts.join(units.select("unit"), on="unit", how="anti")["unit"].unique().sort().to_list()
    )
    if unknown:
        problems.append(problem("population.unit", "ALLOC_INPUT_UNKNOWN_UNIT", _sample(unknown)))
    groups = [g.group for g in cfg.op.age_index] if cfg.op else None
    if groups is not None:
        bad = counts.filter(~pl.col("age_group").is_in(groups))["age_group"].unique().sort()
        if bad.len():
            problems.append(
                problem(
                    "population.age_group", "ALLOC_INPUT_UNKNOWN_AGE_GROUP", _sample(bad.to_list())
                )
            )
    if "province" in keys:
        counts = counts.with_columns(pl.col("province").cast(pl.Utf8))
        wrong = (
            counts.join(units.select("unit", pl.col("province").alias("_p")), on="unit")
            .filter(pl.col("province") != pl.col("_p"))
            .select(pl.format("{} in {} (unit: {})", "unit", "province", "_p"))
            .unique()
            .sort(pl.first())
            .to_series()
            .to_list()
        )
        if wrong:
            problems.append(
                problem("population.province", "ALLOC_INPUT_PROVINCE_MISMATCH", _sample(wrong))
            )
    return counts.group_by("unit", "age_group").agg(pl.col("persons").sum())


_SERVICE = {
    "qof_score": ("qof_e2", 2),
    "data_quality_score": ("dq_e2", 2),
    "adjrw": ("adjrw_e4", 4),
    "op_visits": ("op_visits", 0),
    "psychiatric_patients": ("psychiatric_patients", 0),
}


def _service(service: Frame | None, units: pl.DataFrame, problems) -> pl.DataFrame:
    empty = pl.DataFrame(
        schema={"unit": pl.Utf8, **{name: pl.Int64 for name, _ in _SERVICE.values()}}
    )
    if service is None:
        return empty
    df = service.lazy().collect() if isinstance(service, pl.LazyFrame) else service
    if "unit" not in df.columns:
        problems.append(problem("service.unit", "ALLOC_INPUT_COLUMN_MISSING", "unit"))
        return empty
    exprs = [pl.col("unit").cast(pl.Utf8)]
    for col, (name, places) in _SERVICE.items():
        if col not in df.columns:
            exprs.append(pl.lit(0, pl.Int64).alias(name))
            continue
        if places == 0:
            if _integer_ok(problems, f"service.{col}", df.schema[col]):
                exprs.append(pl.col(col).cast(pl.Int64).fill_null(0).alias(name))
            continue
        e = _scaled(df, col, places, f"service.{col}", problems)
        if e is not None:
            exprs.append(e.fill_null(0).alias(name))
    if problems:
        return empty
    out = df.select(exprs)
    if out["unit"].null_count():
        problems.append(problem("service.unit", "ALLOC_INPUT_NULL", "unit"))
    for name, (col, _) in zip(_SERVICE, _SERVICE.values(), strict=True):
        if out.filter(pl.col(col) < 0).height:
            problems.append(problem(f"service.{name}", "ALLOC_INPUT_NEGATIVE", name))
    dup = out.filter(pl.col("unit").is_duplicated())["unit"].unique().sort().to_list()
    if dup:
        problems.append(problem("service.unit", "ALLOC_INPUT_DUPLICATE", _sample(dup)))
    unknown = out.join(units.select("unit"), on="unit", how="anti")["unit"].drop_nulls()
    if unknown.len():
        problems.append(
            problem("service.unit", "ALLOC_INPUT_UNKNOWN_UNIT", _sample(unknown.sort().to_list()))
        )
    return out


def _elders(elders: Frame | None, provinces: set[str], problems) -> pl.DataFrame:
    schema = {"local_fund": pl.Utf8, "province": pl.Utf8, "elders": pl.Int64}
    if elders is None:
        return pl.DataFrame(schema=schema)
    df = elders.lazy().collect() if isinstance(elders, pl.LazyFrame) else elders
    before = len(problems)
    _missing(problems, "elders", df.columns, ("local_fund", "province", "elders"))
    if len(problems) > before or not _integer_ok(problems, "elders.elders", df.schema["elders"]):
        return pl.DataFrame(schema=schema)
    out = df.select(
        pl.col("local_fund").cast(pl.Utf8),
        pl.col("province").cast(pl.Utf8),
        pl.col("elders").cast(pl.Int64),
    )
    for c in schema:
        if out[c].null_count():
            problems.append(problem(f"elders.{c}", "ALLOC_INPUT_NULL", c))
    if out.filter(pl.col("elders") < 0).height:
        problems.append(problem("elders.elders", "ALLOC_INPUT_NEGATIVE", "elders"))
    dup = out.filter(pl.col("local_fund").is_duplicated())["local_fund"].unique().sort().to_list()
    if dup:
        problems.append(problem("elders.local_fund", "ALLOC_INPUT_DUPLICATE", _sample(dup)))
    unknown = sorted(set(out["province"].drop_nulls().to_list()) - provinces)
    if unknown:
        problems.append(
            problem("elders.province", "ALLOC_INPUT_UNKNOWN_PROVINCE", _sample(unknown))
        )
    return out


def _cups(cups: Frame | None, units: pl.DataFrame, problems) -> pl.DataFrame:
    schema = {"cup": pl.Utf8, "province": pl.Utf8, "region": pl.Int64}
    if cups is None:
        return pl.DataFrame(schema=schema)
    df = cups.lazy().collect() if isinstance(cups, pl.LazyFrame) else cups
    if "cup" not in df.columns:
        problems.append(problem("ltc_cups.cup", "ALLOC_INPUT_COLUMN_MISSING", "cup"))
        return pl.DataFrame(schema=schema)
    out = df.select(
        pl.col("cup").cast(pl.Utf8),
        (
            pl.col("province").cast(pl.Utf8) if "province" in df.columns else pl.lit(None, pl.Utf8)
        ).alias("given"),
    )
    if out["cup"].null_count():
        problems.append(problem("ltc_cups.cup", "ALLOC_INPUT_NULL", "cup"))
    dup = out.filter(pl.col("cup").is_duplicated())["cup"].unique().sort().to_list()
    if dup:
        problems.append(problem("ltc_cups.cup", "ALLOC_INPUT_DUPLICATE", _sample(dup)))
    own = units.select(pl.col("unit").alias("cup"), pl.col("province").alias("own"))
    members = units.drop_nulls("cup").group_by("cup").agg(pl.col("province").min().alias("member"))
    regions = units.group_by("province").agg(pl.col("region").first())
    out = (
        out.join(own, on="cup", how="left")
        .join(members, on="cup", how="left")
        .select("cup", pl.coalesce("given", "own", "member").alias("province"))
        .join(regions, on="province", how="left")
    )
    unknown = out.filter(pl.col("region").is_null())["cup"].drop_nulls().sort().to_list()
    if unknown:
        problems.append(problem("ltc_cups.cup", "ALLOC_INPUT_UNKNOWN_CUP", _sample(unknown)))
    return out.sort("cup")
