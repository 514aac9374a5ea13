"""Where a run's inputs come from: the registry (registered UC persons on the population date,
the units), or files (CSV, XLSX or Parquet) — the population of the whole country, the year's
service output per unit, the dependent elders per local fund and the CUPs of the LTC line.

Files are read strictly (a missing column, a float where an exact figure is needed, a bad
number) and refused whole with every problem (the ALLOC_* and file codes); the rules
(``sitthi.rules.allocation.inputs``) then check what the figures mean."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path

import numpy as np
import polars as pl

from sitthi.core.errors import ErrorItem, SitthiError
from sitthi.rules.allocation.config import FiscalYear
from sitthi.rules.kernel import numbers
from sitthi.rules.kernel.problems import Collector
from sitthi.rules.kernel.tables import cell_text, is_blank, read_table

#: Service output columns and their exact kinds (sitthi.rules.allocation.inputs): counts are
#: integers; scores carry at most 2 places, AdjRW at most 4.
SERVICE_COLUMNS = {
    "qof_score": 2,
    "op_visits": 0,
    "data_quality_score": 2,
    "adjrw": 4,
    "psychiatric_patients": 0,
}
#: The service-output frame the rules read (sitthi.rules.allocation.inputs).
SERVICE_SCHEMA = {
    "unit": pl.String,
    "qof_score": pl.Decimal(12, 2),
    "op_visits": pl.Int64,
    "data_quality_score": pl.Decimal(12, 2),
    "adjrw": pl.Decimal(18, 4),
    "psychiatric_patients": pl.Int64,
}
POPULATION_COLUMNS = ("unit", "age_group")
UNIT_COLUMNS = ("unit", "province", "region", "public", "moph")


# -- the registry -------------------------------------------------------------------------------


def age_group_expr(cfg: FiscalYear, age: pl.Expr) -> pl.Expr:
    """The age-index group of an age in whole years (the groups of the year's configuration,
    ``from_age`` to ``to_age`` inclusive; the last may be open)."""
    if cfg.op is None or not cfg.op.age_index:
        return pl.lit(0, pl.Int8)
    out = pl.lit(None, pl.Int8)
    for g in reversed(cfg.op.age_index):
        inside = age >= g.from_age
        if g.to_age is not None:
            inside = inside & (age <= g.to_age)
        out = pl.when(inside).then(pl.lit(g.group, pl.Int8)).otherwise(out)
    return out


def registry_population(cfg: FiscalYear) -> pl.DataFrame:
    """One row per person with a UC right in force on the population date (seed 003: "ใช้ข้อมูล
    ประชากร ณ 30 มิ.ย."), registered at a main unit: ``unit``, ``age_group`` (age on that date)."""
    from sitthi.registry.models import Right

    on = cfg.population_date
    rows = (
        Right.objects.filter(fund_id="UCS", valid_from__lte=on, main_unit__isnull=False)
        .exclude(valid_until__lt=on)
        .values_list("main_unit_id", "person__birth_date")
    )
    units, births = [], []
    for unit, birth in rows.iterator(chunk_size=20_000):
        units.append(unit)
        births.append(birth)
    frame = pl.DataFrame(
        {"unit": units, "birth": births}, schema={"unit": pl.String, "birth": pl.Date}
    )
    years = pl.lit(on.year) - pl.col("birth").dt.year()
    before_birthday = (pl.col("birth").dt.month() > on.month) | (
        (pl.col("birth").dt.month() == on.month) & (pl.col("birth").dt.day() > on.day)
    )
    age = years - before_birthday.cast(pl.Int32)
    return frame.filter(pl.col("birth") <= on).select(
        "unit", age_group_expr(cfg, age).alias("age_group")
    )


def registry_units() -> pl.DataFrame:
    """Every registered hospital as a unit: province, NHSO region, state-owned (public: the
    labour-cost deduction applies), MOPH (capital replacement's 90/10 split)."""
    from sitthi.registry.models import Hospital

    rows = list(
        Hospital.objects.values_list(
            "hcode", "province_id", "province__region_id", "ownership", "moph"
        )
    )
    return pl.DataFrame(
        {
            "unit": [r[0] for r in rows],
            "province": [r[1] for r in rows],
            "region": [int(r[2]) for r in rows],
            "public": [r[3] == "public" for r in rows],
            "moph": [bool(r[4]) for r in rows],
        },
        schema={
            "unit": pl.String,
            "province": pl.String,
            "region": pl.Int64,
            "public": pl.Boolean,
            "moph": pl.Boolean,
        },
    )


def demo_service(
    units: pl.DataFrame, persons: dict[str, int] | None = None, seed: int = 2559
) -> pl.DataFrame:
    """SYNTHETIC service output for the demo (not any unit's real figures), drawn from a seeded
    generator and scaled to each unit's registered persons when given: QOF and data-quality
    scores 50-100, 2-4 OP visits a person, 0.05-0.12 AdjRW a person, psychiatric patients about
    3 per 1,000 persons."""
    rng = np.random.default_rng(seed)
    n = units.height
    size = np.array(
        [max(1, (persons or {}).get(u, 0)) if persons is not None else 1_000 for u in units["unit"]]
    )
    adjrw_e4 = (size * rng.uniform(0.05, 0.12, n) * 10_000).astype(np.int64) + 1
    return pl.DataFrame(
        {
            "unit": units["unit"],
            "qof_score": [Decimal(int(v)).scaleb(-2) for v in rng.integers(5_000, 10_000, n)],
            "op_visits": (size * rng.uniform(2, 4, n)).astype(np.int64),
            "data_quality_score": [
                Decimal(int(v)).scaleb(-2) for v in rng.integers(5_000, 10_000, n)
            ],
            "adjrw": [Decimal(int(v)).scaleb(-4) for v in adjrw_e4],
            "psychiatric_patients": rng.binomial(size, 0.003),
        },
        schema=SERVICE_SCHEMA,
    )


# -- files ----------------------------------------------------------------------------------------


def _as_written(raw: object) -> str:
    """A header cell as its column's name: the text as written (no renaming)."""
    return cell_text(raw)


def read_frame(data: bytes | Path, filename: str) -> pl.DataFrame:
    """A CSV or XLSX (first sheet) file as a frame of text columns (a blank cell is null),
    read by the kernel's table reader (``sitthi.rules.kernel.tables``: UTF-8 or TIS-620, comma,
    semicolon or tab, the size and zip-bomb guards, a column named twice refused), or a
    Parquet file as it is (a national file goes in Parquet)."""
    name = filename.lower()
    if name.endswith(".parquet"):
        try:
            return pl.read_parquet(data if isinstance(data, Path) else io.BytesIO(data))
        except Exception as exc:  # the reader raises many kinds for a damaged file
            raise SitthiError.one("FILE_MALFORMED", "file", detail=str(exc)[:200]) from None
    if not name.endswith((".csv", ".xlsx")):
        raise SitthiError.one("FILE_TYPE", "file", allowed="CSV / XLSX / Parquet")
    raw = data.read_bytes() if isinstance(data, Path) else data
    problems = Collector(filename)
    table = read_table(raw, filename, problems, header_name=_as_written)
    if problems or table is None:
        raise SitthiError.of_problems(problems.problems)
    cells: dict[str, list[str | None]] = {c: [] for c in table.columns}
    for _, record in table.records():
        for column, value in record.items():
            cells[column].append(None if is_blank(value) else cell_text(value))
    return pl.DataFrame(cells, schema=dict.fromkeys(cells, pl.String))


def read_numbered(data: bytes, filename: str) -> tuple[list[str], list[int], list[dict]]:
    """As ``read_frame``, keeping each row's number as Excel or a text editor counts it (a
    blank row skipped does not shift the others): (columns, numbers, rows of text or None),
    so that a page can name every problem on its row."""
    name = filename.lower()
    if name.endswith(".parquet"):
        frame = read_frame(data, filename)
        rows = [{k: None if v is None else str(v) for k, v in r.items()} for r in frame.to_dicts()]
        return frame.columns, list(range(2, len(rows) + 2)), rows
    if not name.endswith((".csv", ".xlsx")):
        raise SitthiError.one("FILE_TYPE", "file", allowed="CSV / XLSX / Parquet")
    problems = Collector(filename)
    table = read_table(data, filename, problems, header_name=_as_written)
    if problems or table is None:
        raise SitthiError.of_problems(problems.problems)
    row_numbers, rows = [], []
    for number, record in table.records():
        row_numbers.append(number)
        rows.append({c: None if is_blank(v) else cell_text(v) for c, v in record.items()})
    return list(table.columns), row_numbers, rows


def require_columns(frame: pl.DataFrame, columns, where: str) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise SitthiError(
            *[ErrorItem("COLUMN_MISSING", f"{where}.{c}", {"value": c}) for c in missing]
        )


def read_population(data: bytes | Path, filename: str) -> pl.LazyFrame:
    """The registered population: one row per person (``unit``, ``age_group``, optionally
    ``province``) or counts (the same plus ``persons``). Parquet is scanned lazily — the national
    file has 48.8 million rows — CSV and XLSX are read whole."""
    if filename.lower().endswith(".parquet") and isinstance(data, Path):
        frame = pl.scan_parquet(data)
        _require_lazy(frame, POPULATION_COLUMNS, "population")
        return frame
    frame = read_frame(data, filename)
    require_columns(frame, POPULATION_COLUMNS, "population")
    casts = [pl.col("unit").cast(pl.String)]
    problems = []
    for col in ("age_group", "persons"):
        if col in frame.columns:
            casted = frame[col].cast(pl.Int64, strict=False)
            bad = frame.filter(casted.is_null() & frame[col].is_not_null())
            if bad.height:
                problems.append(
                    ErrorItem("NUMBER_INVALID", f"population.{col}", {"value": bad[col][0]})
                )
            casts.append(pl.col(col).cast(pl.Int64, strict=False))
    if problems:
        raise SitthiError(*problems)
    return frame.with_columns(casts).lazy()


def _require_lazy(frame: pl.LazyFrame, columns, where: str) -> None:
    require_columns(pl.DataFrame(schema=frame.collect_schema()), columns, where)


def read_units(data: bytes | Path, filename: str) -> pl.DataFrame:
    """Units: unit, province, region, public, moph (true/false), optionally cup."""
    frame = read_frame(data, filename)
    require_columns(frame, UNIT_COLUMNS, "units")
    problems = []
    out = [pl.col("unit").cast(pl.String), pl.col("province").cast(pl.String).str.zfill(2)]
    region = frame["region"].cast(pl.Int64, strict=False)
    if (region.is_null() & frame["region"].is_not_null()).any():
        problems.append(ErrorItem("NUMBER_INVALID", "units.region", {"value": "region"}))
    out.append(pl.col("region").cast(pl.Int64, strict=False))
    for col in ("public", "moph"):
        if frame.schema[col] == pl.Boolean:
            out.append(pl.col(col))
            continue
        text = frame[col].cast(pl.String).str.to_lowercase().str.strip_chars()
        if (~text.is_in(["true", "false", "1", "0", "yes", "no"]) | text.is_null()).any():
            problems.append(ErrorItem("VALUE_INVALID", f"units.{col}", {"value": col}))
        out.append(
            pl.col(col)
            .cast(pl.String)
            .str.to_lowercase()
            .str.strip_chars()
            .is_in(["true", "1", "yes"])
        )
    if "cup" in frame.columns:
        out.append(pl.col("cup").cast(pl.String))
    if problems:
        raise SitthiError(*problems)
    return frame.select(out)


def _exact(value: object, places: int, where: str, problems: list) -> Decimal | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, float):
        problems.append(ErrorItem("NUMBER_INVALID", where, {"value": repr(value)}))
        return None
    try:
        # Bounded before any arithmetic: 18 digits, ``places`` decimals, not negative.
        return numbers.parse_decimal(
            value if isinstance(value, Decimal | int) else str(value),
            max_digits=18,
            places=places,
            minimum=0,
            field=where,
        )
    except numbers.NumberError as exc:
        problems.append(ErrorItem(exc.code, where, exc.params))
        return None


def read_service(data: bytes | Path, filename: str) -> pl.DataFrame:
    """The year's service output per unit (``SERVICE_COLUMNS``): every figure exact — counts
    whole, scores to 2 places, AdjRW to 4. Problems name the row (row 1 is the header)."""
    if filename.lower().endswith(".parquet"):
        frame = read_frame(data, filename)
        row_numbers = list(range(2, frame.height + 2))
    else:  # each row by its number in the file (a blank row skipped shifts none of them)
        raw = data.read_bytes() if isinstance(data, Path) else data
        names, row_numbers, rows = read_numbered(raw, filename)
        frame = pl.DataFrame(
            {c: [r[c] for r in rows] for c in names}, schema=dict.fromkeys(names, pl.String)
        )
    require_columns(frame, ("unit",), "service")
    problems: list[ErrorItem] = []
    columns: dict[str, list] = {"unit": [str(u) if u is not None else None for u in frame["unit"]]}
    schema: dict[str, pl.DataType] = {"unit": pl.String}
    for col, places in SERVICE_COLUMNS.items():
        if col not in frame.columns:
            continue
        values = [
            _exact(v, places, f"rows[{i}].{col}", problems)
            for i, v in zip(row_numbers, frame[col].to_list(), strict=True)
        ]
        if places == 0:
            columns[col] = [int(v) if v is not None else None for v in values]
            schema[col] = pl.Int64
        else:
            columns[col] = values
            schema[col] = pl.Decimal(18, places)
    if problems:
        raise SitthiError(*problems[:200])
    return pl.DataFrame(columns, schema=schema)
