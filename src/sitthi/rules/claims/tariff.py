"""Fee schedules (tariffs): dated unit prices per item, read strictly from CSV or XLSX.

Issue 3, "Validate and price": pricing is "by dated tariffs in ``rules/params/``: a fee schedule
(item code -> unit price, with validity dates) and flat rates such as COVID-19 body handling,
2,500 baht per deceased". The official UCEP fee schedule (FACTS.md, "UCEP": in force 1 April
2017, in numbered categories (หมวด), revised several times; "the item rates were not found") is
an input file; the demo ships ``params/tables/ucep_fee_schedule_illustrative.csv``, every row of
which is marked ``illustrative`` and must be labelled wherever its prices show.

Programmes (issue 13, "COVID-19 rates beside the EMS fee schedule"): seed
004_0cb97de555201e57.txt step 8 pays COVID-19 yellow/red UCEP care "ในอัตราตามบัญชีและอัตรา
ค่าใช้จ่ายแนบท้ายหลักเกณฑ์ วิธีการ และเงื่อนไข" (the annex to the COVID-19 criteria), while other
UCEP care is paid at the EMS fee schedule (seed 001_9fcdabf8e5dd4edb.txt §2 step 4). The two
may share item codes, so each schedule declares its programme (``schema.PROGRAMMES``: general,
ucep, ucep_covid), a claim carries one, and a line is priced by the row of its claim's
programme and its item code: never by a merge where a shared code would be ambiguous. The
demo's annex (``params/tables/ucep_covid_annex_illustrative.csv``) is illustrative too.

A file is accepted whole or not at all (ARCHITECTURE.md, "Bad input gets a clear error and
changes nothing"): ``read_tariff`` raises ``TariffFileError`` listing every problem of every
row. ``tariff_hash`` identifies a tariff's content so that a decision can store the version
that priced it (ARCHITECTURE.md, "Decisions can be replayed").

Pure: no Django, database, network or clock.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import polars as pl

from sitthi.rules.claims import codes as _codes  # noqa: F401  (DATE_ORDER, AMOUNT_NOT_POSITIVE)
from sitthi.rules.claims import schema
from sitthi.rules.claims._table import Source, day, decimal, flag, read_table, text
from sitthi.rules.kernel.problems import Collector, InputError
from sitthi.rules.params import ParameterSet

TABLES = Path(__file__).parents[1] / "params" / "tables"
ILLUSTRATIVE_PATH = TABLES / "ucep_fee_schedule_illustrative.csv"
COVID_ANNEX_PATH = TABLES / "ucep_covid_annex_illustrative.csv"
FORMAT = "sitthi.tariff/2"  # part of the hash: a change of serialisation is deliberate

#: Pricing rules: the default of issue 3 ("the payable amount of a line is the lower of charge
#: and tariff unless the tariff says otherwise") and the flat rate (the tariff, whatever the
#: charge).
LOWER_OF = "lower_of_charge_and_tariff"
TARIFF_ONLY = "tariff"
PRICING = (LOWER_OF, TARIFF_ONLY)

REQUIRED_COLUMNS = (
    "schedule",
    "item_code",
    "category",
    "description",
    "unit",
    "unit_price",
    "valid_from",
    "source",
)
OPTIONAL_COLUMNS = ("pricing", "valid_until", "illustrative", "programme")

#: Programmes (``schema.PROGRAMMES``): a schedule file declares the programmes it prices in
#: its ``programme`` column — one name, or several separated by spaces; empty or no column =
#: ``general``, as every schedule was before programmes. Each row of the file becomes one
#: tariff row per programme it names.
GENERAL, UCEP, UCEP_COVID = schema.GENERAL, schema.UCEP, schema.UCEP_COVID
PROGRAMMES = schema.PROGRAMMES
#: The order of a tariff frame's rows (``read_tariff``, ``combine``).
ORDER = ("programme", "schedule", "item_code", "valid_from")
_TEXT_COLUMNS = ("schedule", "item_code", "category", "description", "unit", "source")

#: How much of an item one claim may carry (``ParameterItem.limit``): at most one unit
#: (a per-case or per-deceased payment), or at most one a day of the stay.
ONE_PER_CLAIM = "one_per_claim"
PER_STAY_DAY = "per_stay_day"


@dataclass(frozen=True)
class ParameterItem:
    """An item priced from a dated parameter rather than a fee-schedule file.

    ``pricing``: ``TARIFF_ONLY`` for a rate paid whatever the charge, ``LOWER_OF`` for "at cost
    up to" a ceiling. ``limit``: ``ONE_PER_CLAIM`` or ``PER_STAY_DAY``; items sharing a
    ``group`` share the limit (care with or without meals: one or the other each day).
    ``programme``: the programme its rows price (``general``: body handling and HI/CI claims).
    ``revised``: the parameter's last value ends on a known day because the rates were revised
    from the next day with figures we do not have — a line served after it is refused with
    RATE_NOT_LOADED until NHSO loads the revised rate as a fee schedule (issue 5: "the rates
    revised from 15 May 2022 are an input until their source is known")."""

    parameter: str
    pricing: str
    limit: str
    group: str
    revised: bool = False
    programme: str = schema.GENERAL


#: Items priced from dated parameters: item code -> ``ParameterItem``.
#: - COVID-19 body handling, seed 002_80e7afba8787ed6d.txt, "การบันทึกเบิกค่าจัดการศพโควิด":
#:   "จ่ายในอัตราเหมาจ่าย 2,500 บาทต่อผู้เสียชีวิต" — one payment per deceased.
#: - COVID-19 home / community isolation care, FACTS.md "COVID-19 HI/CI, 2021 [V]": "care 600
#:   baht/day without meals, 1,000 baht/day with three meals; thermometer and pulse oximeter at
#:   cost up to 1,100 baht/case; COVID drugs at cost up to 7,200 baht/case; oxygen 450
#:   baht/day". "The maximum days: not found" — so the only limit on days is the stay itself.
#:   Revised from 15 May 2022 (seed 002, "ปรับอัตราการจ่ายโควิด-19 วันที่15พ.ค.65"). RT-PCR
#:   (1,000–1,200 baht: which price applies when is not stated) is left out.
PARAMETER_ITEMS: dict[str, ParameterItem] = {
    "COVID-BODY": ParameterItem(
        "covid.body_handling_per_deceased", TARIFF_ONLY, ONE_PER_CLAIM, "COVID-BODY"
    ),
    "HICI-CARE": ParameterItem(
        "covid.hici_care_per_day_without_meals", TARIFF_ONLY, PER_STAY_DAY, "HICI-CARE", True
    ),
    "HICI-CARE-MEALS": ParameterItem(
        "covid.hici_care_per_day_with_meals", TARIFF_ONLY, PER_STAY_DAY, "HICI-CARE", True
    ),
    "HICI-DEVICES": ParameterItem(
        "covid.hici_devices_per_case", LOWER_OF, ONE_PER_CLAIM, "HICI-DEVICES", True
    ),
    "HICI-DRUGS": ParameterItem(
        "covid.hici_drugs_per_case", LOWER_OF, ONE_PER_CLAIM, "HICI-DRUGS", True
    ),
    "HICI-OXYGEN": ParameterItem(
        "covid.hici_oxygen_per_day", TARIFF_ONLY, PER_STAY_DAY, "HICI-OXYGEN", True
    ),
}

__all__ = [
    "COVID_ANNEX_PATH",
    "GENERAL",
    "ILLUSTRATIVE_PATH",
    "ORDER",
    "PROGRAMMES",
    "UCEP",
    "UCEP_COVID",
    "LOWER_OF",
    "ONE_PER_CLAIM",
    "PARAMETER_ITEMS",
    "PER_STAY_DAY",
    "PRICING",
    "ParameterItem",
    "TARIFF_ONLY",
    "TariffError",
    "TariffFileError",
    "check_tariff",
    "claim_programmes",
    "combine",
    "default_tariff",
    "distinct_programmes",
    "flat_rate_rows",
    "in_force_expr",
    "in_force_instants",
    "key_expr",
    "keyed",
    "limits_frame",
    "lines_in_force",
    "pending_revisions",
    "programme_expr",
    "read_tariff",
    "service_date_expr",
    "shipped_tariff",
    "tariff_hash",
]


class TariffFileError(InputError):
    """A rejected fee-schedule file; ``problems`` lists every problem (a kernel ``Problem``:
    ``p["row"]``, ``p["field"]``, ``p["code"]``, ``p["value"]``; row 1 is the header)."""


class TariffError(ValueError):
    """A tariff frame that cannot price unambiguously (two rows for one item on one day, an
    unknown pricing rule, a price that is not positive). Raised by ``check_tariff``."""


CENT = Decimal("0.01")
#: No price reaches this (10^15 baht); it keeps every amount exact in Decimal's 28 digits and
#: in Int64 satang.
MAX_PRICE = Decimal(10) ** 15


def _satang(price: Decimal) -> int:
    return int(price * 100)


def read_tariff(source: Source, kind: str | None = None) -> pl.DataFrame:
    """A fee schedule file (CSV or XLSX, first sheet) as a frame of ``schema.TARIFF``.

    Columns (header row, any order, any case): schedule, item_code, category (หมวด),
    description, unit, unit_price (baht, up to 2 decimals: ``1250``, ``1250.00``), valid_from
    (``YYYY-MM-DD`` or an Excel date), source, and optionally pricing
    (``lower_of_charge_and_tariff`` by default, or ``tariff``), valid_until (inclusive; empty
    = open-ended), illustrative (true/false), programme (the programmes the schedule prices:
    keys of ``PROGRAMMES`` separated by spaces, e.g. ``general ucep``; empty or no column =
    ``general``; every row of a schedule names the same ones). A row naming two programmes
    is two rows of the frame, one for each.

    Every problem is reported (``TariffFileError.problems``): COLUMN_MISSING, COLUMN_UNKNOWN,
    VALUE_REQUIRED, NUMBER_INVALID (not a plain number, finer than a satang, or a thousand
    trillion baht and more),
    AMOUNT_NOT_POSITIVE, DATETIME_INVALID (not an ISO date, an Excel time of day, or a
    Buddhist-Era year), DATE_ORDER (valid_until before valid_from), VALUE_INVALID (pricing,
    illustrative, an unknown programme, or a row naming other programmes than its
    schedule's first row), DUPLICATE_IN_FILE (a repeated column, or validity ranges of one schedule and
    item code sharing a day).
    """
    problems = Collector()
    rows: list[dict[str, Any]] = []
    for number, cells in read_table(source, REQUIRED_COLUMNS, OPTIONAL_COLUMNS, problems, kind):
        row: dict[str, Any] = {"_row": number}
        for name in _TEXT_COLUMNS:
            row[name] = text(cells.get(name))
            if row[name] is None:
                problems.add("VALUE_REQUIRED", row=number, field=name)

        raw_price = cells.get("unit_price")
        price = decimal(raw_price) if text(raw_price) is not None else None
        row["unit_price_satang"] = None
        if text(raw_price) is None:
            problems.add("VALUE_REQUIRED", row=number, field="unit_price")
        elif price is None or abs(price) >= MAX_PRICE or price != price.quantize(CENT):
            problems.add("NUMBER_INVALID", row=number, field="unit_price", value=text(raw_price))
        elif price <= 0:
            problems.add(
                "AMOUNT_NOT_POSITIVE", row=number, field="unit_price", value=text(raw_price)
            )
        else:
            row["unit_price_satang"] = _satang(price)

        pricing = text(cells.get("pricing")) or LOWER_OF
        if pricing not in PRICING:
            problems.add("VALUE_INVALID", row=number, field="pricing", value=pricing)
        row["pricing"] = pricing

        for name, required in (("valid_from", True), ("valid_until", False)):
            raw = cells.get(name)
            row[name] = None
            if text(raw) is None:
                if required:
                    problems.add("VALUE_REQUIRED", row=number, field=name)
            elif (parsed := day(raw)) is None:
                problems.add("DATETIME_INVALID", row=number, field=name, value=text(raw))
            else:
                row[name] = parsed
        row["dates_ok"] = row["valid_from"] is not None and (
            text(cells.get("valid_until")) is None or row["valid_until"] is not None
        )
        if row["dates_ok"] and row["valid_until"] is not None:
            if row["valid_until"] < row["valid_from"]:
                problems.add(
                    "DATE_ORDER",
                    row=number,
                    field="valid_until",
                    value=text(cells.get("valid_until")),
                )
                row["dates_ok"] = False

        named = (text(cells.get("programme")) or GENERAL).split()
        row["programmes"] = tuple(sorted(set(named)))
        unknown = [p for p in named if p not in PROGRAMMES]
        if unknown:
            problems.add("VALUE_INVALID", row=number, field="programme", value=" ".join(unknown))

        raw_flag = cells.get("illustrative")
        row["illustrative"] = False if text(raw_flag) is None else flag(raw_flag)
        if row["illustrative"] is None:
            problems.add("VALUE_INVALID", row=number, field="illustrative", value=text(raw_flag))
        rows.append(row)

    _overlaps(rows, problems)
    _one_programme_per_schedule(rows, problems)
    if problems:
        raise TariffFileError(problems.problems, "fee schedule")
    frame = pl.DataFrame(
        [
            {**{k: r.get(k) for k in schema.TARIFF}, "programme": p}
            for r in rows
            for p in r["programmes"]
        ],
        schema=schema.TARIFF,
    )
    return frame.sort(*ORDER)


def _one_programme_per_schedule(rows: list[dict[str, Any]], problems: Collector) -> None:
    """VALUE_INVALID on a row naming other programmes than its schedule's first row: a
    schedule declares its programmes once (a stray row of another programme is a typo, not a
    second schedule)."""
    first: dict[str, tuple[str, ...]] = {}
    for r in rows:
        if not r["schedule"]:
            continue
        seen = first.setdefault(r["schedule"], r["programmes"])
        if seen != r["programmes"]:
            problems.add(
                "VALUE_INVALID",
                row=r["_row"],
                field="programme",
                value=f"{' '.join(r['programmes'])} (schedule {r['schedule']}: {' '.join(seen)})",
            )


def _overlaps(rows: list[dict[str, Any]], problems: Collector) -> None:
    """DUPLICATE_IN_FILE on each row whose range shares a day with an earlier-starting row of
    the same schedule and item code (inclusive ranges; an open end runs for ever)."""
    keyed = sorted(
        (r for r in rows if r["dates_ok"] and r["schedule"] and r["item_code"]),
        key=lambda r: (r["schedule"], r["item_code"], r["valid_from"], r["_row"]),
    )
    last: dict[tuple[str, str], dict[str, Any]] = {}  # the row reaching furthest so far
    for r in keyed:
        key = (r["schedule"], r["item_code"])
        prev = last.get(key)
        if prev is not None and (
            prev["valid_until"] is None or prev["valid_until"] >= r["valid_from"]
        ):
            problems.add(
                "DUPLICATE_IN_FILE",
                row=r["_row"],
                field="valid_from",
                value=f"{key[0]} {key[1]}: dates overlap row {prev['_row']}",
            )
        if prev is None or (
            prev["valid_until"] is not None
            and (r["valid_until"] is None or r["valid_until"] > prev["valid_until"])
        ):
            last[key] = r


def flat_rate_rows(
    params: ParameterSet, items: Mapping[str, ParameterItem] = PARAMETER_ITEMS
) -> pl.DataFrame:
    """Tariff rows for the items priced from dated parameters: one row per dated value of each
    parameter, with the item's pricing rule, ``source`` naming the parameter and quoting its
    source.

    A parameter's unit must be baht per something (``THB/deceased``): the part after the slash
    is the row's unit, and its schedule is the parameter's first name part (``covid``). A
    value that is not a positive amount in whole satang is refused (``TariffError``)."""
    rows = []
    for item_code, item in items.items():
        name = item.parameter
        if item.pricing not in PRICING:
            raise TariffError(f"{item_code}: unknown pricing rule {item.pricing!r}")
        p = params.parameter(name)
        if not p.unit.startswith("THB/"):
            raise TariffError(f"{name}: unit {p.unit!r} is not baht per something (THB/...)")
        for v in p.values:
            value = v.value
            if (
                not isinstance(value, Decimal)
                or not 0 < value < MAX_PRICE
                or value != value.quantize(CENT)
            ):
                raise TariffError(f"{name} from {v.valid_from}: {value!r} is no price in satang")
            rows.append(
                {
                    "programme": item.programme,
                    "schedule": name.split(".")[0],
                    "item_code": item_code,
                    "category": "flat-rate" if item.pricing == TARIFF_ONLY else "ceiling",
                    "description": p.description_th,
                    "unit": p.unit.removeprefix("THB/"),
                    "unit_price_satang": _satang(value),
                    "pricing": item.pricing,
                    "valid_from": v.valid_from,
                    "valid_until": v.valid_until,
                    "source": f"parameter {name}: {v.source}",
                    "illustrative": False,
                }
            )
    return pl.DataFrame(rows, schema=schema.TARIFF)


REVISIONS = {"item_code": pl.String, "revised_from": pl.Date}
LIMITS = {"item_code": pl.String, "limit": pl.String, "group": pl.String}


def pending_revisions(
    params: ParameterSet, items: Mapping[str, ParameterItem] = PARAMETER_ITEMS
) -> pl.DataFrame:
    """For each ``revised`` item, the day its rates were revised with figures we lack: the day
    after its parameter's last value ends (``REVISIONS``). An open-ended parameter has no
    pending revision."""
    rows = []
    for code, item in items.items():
        last = params.parameter(item.parameter).values[-1]
        if item.revised and last.valid_until is not None:
            rows.append({"item_code": code, "revised_from": last.valid_until + timedelta(days=1)})
    return pl.DataFrame(rows, schema=REVISIONS)


def limits_frame(items: Mapping[str, ParameterItem] = PARAMETER_ITEMS) -> pl.DataFrame:
    """The quantity limit of each parameter item (``LIMITS``)."""
    rows = [{"item_code": c, "limit": i.limit, "group": i.group} for c, i in items.items()]
    return pl.DataFrame(rows, schema=LIMITS)


def in_force_expr(on: str | pl.Expr = "on") -> pl.Expr:
    """True where a tariff row's inclusive [valid_from, valid_until] covers the day ``on``."""
    d = pl.col(on) if isinstance(on, str) else on
    return (pl.col("valid_from") <= d) & (
        pl.col("valid_until").is_null() | (pl.col("valid_until") >= d)
    )


#: Asia/Bangkok has been UTC+07:00, with no daylight saving, since 1 April 1920 (IANA tzdata
#: "Asia/Bangkok": Bangkok Mean Time +6:42:04 until 1920-04-01). From then on a Bangkok date is
#: a fixed-offset division; an earlier instant has no service date here (null).
_BKK_OFFSET_US = 7 * 3600 * 1_000_000
_DAY_US = 86_400 * 1_000_000
#: The switch: 1920-04-01 00:00 Bangkok Mean Time = 1920-03-31T17:17:56Z, in epoch µs.
_BKK_FIXED_SINCE_US = -1_570_084_924 * 1_000_000


def service_date_expr(served_at: str | pl.Expr = "served_at") -> pl.Expr:
    """The Bangkok calendar date of an aware datetime: the day a tariff must be in force
    (``schema``: dates for "in force on" decisions are Bangkok dates). Exact for any instant
    from 1920-04-01 (see ``_BKK_FIXED_SINCE_US``), whatever the column's own time zone; null
    before. A fixed offset is ten times faster than a time-zone conversion per value, and a
    test holds it to ``convert_time_zone("Asia/Bangkok").dt.date()``."""
    s = pl.col(served_at) if isinstance(served_at, str) else served_at
    epoch = s.dt.epoch("us")
    day = ((epoch + _BKK_OFFSET_US) // _DAY_US).cast(pl.Int32).cast(pl.Date)
    return pl.when(epoch >= _BKK_FIXED_SINCE_US).then(day)


_INT64_MIN, _INT64_MAX = -(2**63), 2**63 - 1


def in_force_instants(tariff: pl.DataFrame) -> pl.DataFrame:
    """Each tariff row's inclusive [valid_from, valid_until] as instants: columns
    ``first_us`` and ``last_us`` (epoch microseconds, Int64), the first and the last instant
    whose Bangkok date (``service_date_expr``) the row covers. An instant ``at`` is in force
    exactly when ``first_us <= at <= last_us``: the answer of
    ``in_force_expr(service_date_expr(...))`` (a test holds the two together) with two
    integer comparisons a line and no date computed per line.

    From ``service_date_expr``: from ``_BKK_FIXED_SINCE_US`` on, date = floor((at + 7 h) /
    day), so date >= valid_from <=> at >= valid_from × day − 7 h, and date <= valid_until <=>
    at < (valid_until + 1) × day − 7 h; an earlier instant has no date. Computed in 128 bits
    (a Date reaches years an Int64 of microseconds does not) and clamped to Int64, which
    changes no answer for an instant ``service_date_expr`` can date; an open end is the
    largest Int64."""

    def midnight_us(day: str) -> pl.Expr:  # 00:00 in Bangkok, 128 bits
        return pl.col(day).to_physical().cast(pl.Int128) * _DAY_US - _BKK_OFFSET_US

    first = midnight_us("valid_from").clip(_BKK_FIXED_SINCE_US, _INT64_MAX)
    last = (midnight_us("valid_until") + _DAY_US - 1).clip(_INT64_MIN, _INT64_MAX)
    return tariff.select(
        first_us=first.cast(pl.Int64), last_us=last.cast(pl.Int64).fill_null(_INT64_MAX)
    )


def lines_in_force(lines: pl.DataFrame | pl.LazyFrame, tariff: pl.DataFrame) -> pl.LazyFrame:
    """Each line (``claim_id``, ``line_no``, ``programme``, ``item_code``, ``served_at``, ...:
    ``programme`` is its claim's, ``claim_programmes``) with the tariff row of its programme
    and item code (compared exactly as sent) in force on its Bangkok service date. Lines with
    no such row are absent; ``check_tariff`` guarantees at most one row per line. Keeps the
    lines' order; adds the tariff's schedule, unit_price_satang, pricing, valid_from,
    valid_until, source and illustrative.

    The join carries only the tariff's row number and dates; the other tariff columns are
    gathered by row number afterwards (a join that carried the long ``source`` text for a
    million lines took twice as long)."""
    t = tariff.select(list(schema.TARIFF))
    keys = t.with_row_index("_row").select(
        "programme", "item_code", "_row", "valid_from", "valid_until"
    )
    carried = ("schedule", "unit_price_satang", "pricing", "source", "illustrative")
    return (
        lines.lazy()
        .with_columns(_on=service_date_expr("served_at"))
        .join(keys.lazy(), on=["programme", "item_code"], how="inner", maintain_order="left")
        .filter(in_force_expr("_on"))
        .with_columns(pl.lit(t.get_column(c)).gather(pl.col("_row")).alias(c) for c in carried)
        .drop("_on", "_row")
    )


def check_tariff(tariff: pl.DataFrame) -> None:
    """Refuse a tariff frame that cannot price unambiguously: missing columns, a null key or
    price, an unknown programme, a price that is not positive, an unknown pricing rule, an end
    before a start, or two rows (of any schedules) of one programme for one item code in force
    on a shared day — a line carries its claim's programme and an item code, not a schedule,
    so its price must be one row. Two programmes may share an item code at different prices
    (issue 13: the EMS schedule and the COVID-19 annex "may share item codes"): a claim of one
    programme never reads the other's rows. Small frames: cheap."""
    missing = [c for c in schema.TARIFF if c not in tariff.columns]
    if missing:
        raise TariffError(f"tariff frame lacks column(s) {', '.join(missing)}")
    t = tariff.select(list(schema.TARIFF))
    bad = t.filter(
        pl.any_horizontal(
            pl.col("programme", "item_code", "unit_price_satang", "pricing", "valid_from").is_null()
        )
        | ~pl.col("programme").is_in(list(PROGRAMMES))
        | (pl.col("unit_price_satang") <= 0)
        | ~pl.col("pricing").is_in(list(PRICING))
        | (pl.col("valid_until") < pl.col("valid_from"))
    )
    if not bad.is_empty():
        raise TariffError(f"tariff rows not usable for pricing: {bad.head(5).to_dicts()}")
    cols = ("programme", "item_code", "schedule", "valid_from", "valid_until")
    pairs = (
        t.with_row_index("_i")
        .select("_i", *cols)
        .join(
            t.with_row_index("_j").select("_j", *cols),
            on=["programme", "item_code"],
            suffix="_b",
        )
        .filter(
            (pl.col("_i") < pl.col("_j"))
            & (pl.col("valid_until").is_null() | (pl.col("valid_until") >= pl.col("valid_from_b")))
            & (
                pl.col("valid_until_b").is_null()
                | (pl.col("valid_until_b") >= pl.col("valid_from"))
            )
        )
    )
    if not pairs.is_empty():
        raise TariffError(
            "tariff has two rows of one programme for one item code in force on a shared day: "
            f"{pairs.head(5).to_dicts()}"
        )


def programme_expr(
    service_type: str | pl.Expr = "service_type", programme: str | pl.Expr | None = "programme"
) -> pl.Expr:
    """The programme that prices a claim: the one it names (``schema.PROGRAMME``; the service
    lets only the billing of a UCEP episode name one), else its service type's
    (``schema.SERVICE_TYPES[...]["programme"]``: UCEP -> ``ucep``, the others ->
    ``general``). Null for an unknown service type that names none: such a claim is priced by
    no schedule. ``programme=None``: the frame has no programme column."""
    st = pl.col(service_type) if isinstance(service_type, str) else service_type
    by_type = st.replace_strict(
        {k: v["programme"] for k, v in schema.SERVICE_TYPES.items()},
        default=None,
        return_dtype=pl.String,
    )
    if programme is None:
        return by_type.alias("programme")
    named = pl.col(programme) if isinstance(programme, str) else programme
    return pl.coalesce(named.cast(pl.String), by_type).alias("programme")


def claim_programmes(claims: pl.DataFrame | pl.LazyFrame) -> pl.LazyFrame:
    """``claim_id`` and ``programme`` (``programme_expr``) of each claim; ``claims`` may lack
    the optional ``programme`` column."""
    names = claims.collect_schema().names()
    return claims.lazy().select(
        "claim_id", programme_expr(programme="programme" if "programme" in names else None)
    )


def distinct_programmes(claims: pl.DataFrame) -> list[str | None]:
    """The distinct programmes of a batch of claims (``programme_expr``; None for a claim
    priced by none), from its few distinct (service type, programme) pairs: cheap for a
    national batch."""
    named = "programme" if "programme" in claims.columns else None
    cols = ["service_type", *([named] if named else [])]
    kinds = claims.lazy().select(cols).unique().select(programme_expr(programme=named))
    return kinds.unique().collect().get_column("programme").to_list()


#: Joins a programme and an item code into one key (``keyed``): no item code holds it.
_SEP = "\x1f"


def key_expr() -> pl.Expr:
    """``programme`` + U+001F + ``item_code`` as one string, null when either is null: a lookup
    by this key is a lookup by (programme, item code)."""
    return pl.concat_str(pl.col("programme"), pl.lit(_SEP), pl.col("item_code"))


def keyed(frame: pl.LazyFrame) -> pl.LazyFrame:
    """``frame`` (with ``programme`` and ``item_code``) with ``item_code`` replaced by
    ``key_expr``."""
    return frame.with_columns(item_code=key_expr())


def combine(*frames: pl.DataFrame) -> pl.DataFrame:
    """Several schedules as one tariff frame, checked by ``check_tariff``."""
    out = pl.concat([f.select(list(schema.TARIFF)).cast(schema.TARIFF) for f in frames]).sort(
        *ORDER
    )
    check_tariff(out)
    return out


@cache
def default_tariff() -> pl.DataFrame:
    """The demo tariff: the illustrative EMS schedule (programmes ``general`` and ``ucep``)
    and the flat rates of the shipped parameters (``PARAMETER_ITEMS``, programme
    ``general``). The illustrative COVID-19 annex (``COVID_ANNEX_PATH``, programme
    ``ucep_covid``) is ``shipped_tariff``'s."""
    from sitthi.rules.params import default_parameters

    return combine(read_tariff(ILLUSTRATIVE_PATH), flat_rate_rows(default_parameters()))


@cache
def shipped_tariff() -> pl.DataFrame:
    """Every shipped schedule: ``default_tariff`` and the illustrative COVID-19 annex."""
    return combine(default_tariff(), read_tariff(COVID_ANNEX_PATH))


def _canon(v: Any) -> Any:
    if isinstance(v, date):
        return v.isoformat()
    return v


def tariff_hash(frame: pl.DataFrame) -> str:
    """sha256 (hex) of a canonical serialisation of a tariff frame: blind to row order, the
    frame's column order and the file it was read from; any change of a price, date, rule,
    text or flag changes it. Store it (or its first 12 digits) with each priced decision."""
    t = frame.select(list(schema.TARIFF)).sort(list(schema.TARIFF), nulls_last=True)
    payload = {
        "format": FORMAT,
        "columns": list(schema.TARIFF),
        "rows": [[_canon(v) for v in row] for row in t.iter_rows()],
    }
    text_ = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text_.encode("utf-8")).hexdigest()
