"""Pricing claim lines by the dated tariff in force on their service date.

Issue 3, "Validate and price": "The payable amount of a line is the lower of charge and tariff
unless the tariff says otherwise. Every priced line carries its explanation (rule, parameter,
dates)". DOMAIN.md §1 step 4 (UCEP costs are paid at the EMS fee schedule) and §3 (COVID-19
body handling: a flat 2,500 baht per deceased; rates are dated, "a claim is priced by the rates
in force on its service date").

Money is exact (ARCHITECTURE.md, "Money is exact"): integer satang throughout; the tariff of a
line is unit price × quantity rounded half up to the satang, computed in 128-bit integers (no
float is ever involved; an amount beyond Int64 is an error, not a wrap-around).

Pure: no Django, database, network or clock.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any

import polars as pl

from sitthi.rules.claims import schema
from sitthi.rules.claims.tariff import (
    LOWER_OF,
    TARIFF_ONLY,
    check_tariff,
    claim_programmes,
    distinct_programmes,
    in_force_instants,
    keyed,
)
from sitthi.rules.kernel import money
from sitthi.rules.kernel.thaitime import MONTHS_EN, be_date

#: Largest exact Int64 product: above it the multiplication runs in Int128.
_INT64_SAFE = 2**63 - 1 - 500


def tariff_satang_expr(
    unit_price_satang: str | pl.Expr = "unit_price_satang",
    quantity_milli: str | pl.Expr = "quantity_milli",
    wide: bool = True,
) -> pl.Expr:
    """unit price × quantity, rounded half up to the satang: (price × qty_milli + 500) // 1000
    in exact integers (for the positive quantities that are priced). ``wide``: multiply in
    128 bits; ``price`` passes False when the largest price × the largest quantity fits in 64.
    A result beyond Int64 is an error, never a wrap-around."""
    p = pl.col(unit_price_satang) if isinstance(unit_price_satang, str) else unit_price_satang
    q = pl.col(quantity_milli) if isinstance(quantity_milli, str) else quantity_milli
    if wide:
        p, q = p.cast(pl.Int128), q.cast(pl.Int128)
    return ((p * q + 500) // 1000).cast(pl.Int64)


def payable_expr(
    rule: str | pl.Expr = "pricing",
    tariff_satang: str | pl.Expr = "tariff_satang",
    charged_satang: str | pl.Expr = "charged_satang",
) -> pl.Expr:
    """The payable amount by the line's rule: "lower_of_charge_and_tariff" pays
    min(charged, tariff) (issue 3: "the lower of charge and tariff unless the tariff says
    otherwise"); "tariff" pays the tariff whatever the charge (a flat rate)."""
    r = pl.col(rule) if isinstance(rule, str) else rule
    t = pl.col(tariff_satang) if isinstance(tariff_satang, str) else tariff_satang
    c = pl.col(charged_satang) if isinstance(charged_satang, str) else charged_satang
    return pl.when(r == LOWER_OF).then(pl.min_horizontal(t, c)).when(r == TARIFF_ONLY).then(t)


def _tariff_by_code(tariff: pl.DataFrame) -> tuple[pl.DataFrame, pl.Series]:
    """The tariff sorted by item code and start date, and its distinct item codes in that
    order: code number ``k`` (a line's item code cast to ``pl.Enum(codes)``) is the ``k``-th
    distinct code, and the rows of a code are contiguous, oldest first."""
    t = tariff.select(list(schema.TARIFF)).sort("item_code", "valid_from")
    return t, t.get_column("item_code").unique(maintain_order=True)


def _candidates(t: pl.DataFrame, codes: pl.Series, changes: pl.Series) -> pl.Series:
    """For each time segment ``s`` (0 before the first of the sorted ``changes`` days, ``s``
    from the ``s``-th on) and code number ``k``, at ``s * len(codes) + k``: the row of ``t``
    that may price the code in that segment — its last row starting on or before the
    segment's first day, or its first row if none does. Every dated row but a code's first
    starts on a change day, so within a segment this row is the same every day."""
    rows = t.with_row_index("_r").select(
        "_r",
        "valid_from",
        _k=pl.col("item_code").cast(pl.Enum(codes)).to_physical(),
        _first=pl.col("item_code").is_first_distinct(),
    )
    segments = pl.DataFrame({"_s": range(changes.len() + 1), "_start": [None, *changes]})
    return (
        segments.join(rows, how="cross")
        .filter(pl.col("_first") | (pl.col("valid_from") <= pl.col("_start")))
        .group_by("_s", "_k")
        .agg(pl.col("_r").max())  # a code's rows are oldest first
        .sort("_s", "_k")
        .get_column("_r")
    )


def _with_row(lines: pl.LazyFrame, t: pl.DataFrame, codes: pl.Series) -> pl.LazyFrame:
    """``lines`` with ``_row``: the row of ``t`` (from ``_tariff_by_code``) that may price
    each line; the caller still checks that the row is in force at the line's service time
    (which refuses a line with no service time, or of an unknown code).

    The item code cast to an ``Enum`` of the codes is the code number (null for an unknown
    code). When every code has one row, the code number is the row number: no search at all
    (the demo tariff is such). When some codes have several dated rows (a price revised on a
    date), the days their later rows start cut time into segments, and a line's row is
    looked up by (segment, code number) in ``_candidates``: a search among the few change
    instants (Bangkok midnights, ``in_force_instants``) and a gather a line. (A binary
    search among all the (code, date) keys took some 30 ns a line instead: positions at
    random defeat branch prediction.) The table has (change days + 1) × codes entries."""
    code = pl.col("item_code").cast(pl.Enum(codes), strict=False).to_physical()
    if codes.len() == t.height:
        return lines.with_columns(_row=code)
    later = t.filter(~pl.col("item_code").is_first_distinct())
    days = later.select(pl.col("valid_from").unique().sort(), valid_until=pl.lit(None, pl.Date))
    changes, midnights = days.get_column("valid_from"), in_force_instants(days)["first_us"]
    segment = pl.lit(midnights).search_sorted(pl.col("served_at").dt.epoch("us"), side="right")
    candidates = pl.lit(_candidates(t, codes, changes))
    return lines.with_columns(_row=candidates.gather(segment * codes.len() + code))


#: A flat rate ("tariff") pays its tariff whatever the charge: it prices as if the charge had
#: no limit, so payable = min(tariff, max(charge, floor)) with this floor, and 0 (no effect on
#: a positive charge) for "lower_of_charge_and_tariff".
_NO_LIMIT = 2**63 - 1


def price(claims: pl.DataFrame, lines: pl.DataFrame, tariff: pl.DataFrame) -> pl.DataFrame:
    """A ``schema.PRICED`` row for each line of a claim in ``claims`` that can be priced: its
    claim's programme (``tariff.claim_programmes``: the one the claim names, else its service
    type's) and its item code have a tariff row in force on its Bangkok service date
    (inclusive dates), and its quantity and charge are positive. A row of another programme
    never prices the line, whatever its item code (issue 13). Other lines are absent —
    ``validate`` reports why (ITEM_UNKNOWN, ITEM_NOT_IN_FORCE, QUANTITY_NOT_POSITIVE, AMOUNT_NOT_POSITIVE, ...).
    Rows keep the order of ``lines``.

    Whether the claim is paid at all is not decided here: a claim with any error is rejected
    whole (issue 3), so the service pays the priced lines of accepted claims only.

    Fast for a national batch (issue 3 asks at least 50 times a per-line loop;
    bench/claims_price.py). The tariff is tiny, so a line finds its tariff row without a
    join: its item code cast to an ``Enum`` of the tariff's codes is the row number (one hash
    a line; an unknown code is null), and each tariff value it needs is gathered by that
    number. Whether the row is in force is two integer comparisons of the service time with
    the row's first and last instants (``in_force_instants``), no date per line; no string
    is compared per line either (the rule is read as a number, ``_NO_LIMIT``). The streaming
    engine spreads the per-line work over the cores, and keeps the order of the rows.

    Programmes: when every claim of the batch has one programme (one claim; a national batch
    of one kind) the tariff is that programme's rows and nothing is added per line. A batch
    of several programmes looks each line's programme up by claim and keys both the lines
    and the tariff by (programme, item code) (``tariff.keyed``): the same search, on the
    key."""
    check_tariff(tariff)
    selected = lines.lazy().select(list(schema.LINES))
    distinct = distinct_programmes(claims)
    if len(distinct) == 1 and distinct[0] is not None:
        own = tariff.filter(pl.col("programme") == distinct[0])
    else:
        programmes = claim_programmes(claims)
        selected = keyed(
            selected.join(programmes, on="claim_id", how="left", maintain_order="left")
        ).select(list(schema.LINES))
        own = keyed(tariff.lazy()).collect()
    t, codes = _tariff_by_code(own)
    max_price = t.get_column("unit_price_satang").max() or 0
    max_qty = lines.get_column("quantity_milli").max() or 0
    wide = int(max_price) * int(max_qty) > _INT64_SAFE  # type: ignore[arg-type]

    def of_row(values: pl.Series | str) -> pl.Expr:
        """The tariff's ``values`` (a column name or a Series in row order) of each line."""
        s = t.get_column(values) if isinstance(values, str) else values
        return pl.lit(s).gather(pl.col("_row"))

    instants = in_force_instants(t)
    floor = pl.Series(
        [_NO_LIMIT if r == TARIFF_ONLY else 0 for r in t.get_column("pricing")], dtype=pl.Int64
    )
    return (
        _with_row(selected, t, codes)
        .filter(
            pl.col("claim_id").is_in(claims.get_column("claim_id").implode()),
            pl.col("quantity_milli") > 0,
            pl.col("charged_satang") > 0,
            pl.col("served_at")
            .dt.epoch("us")
            .is_between(of_row(instants["first_us"]), of_row(instants["last_us"])),
        )
        .with_columns(unit_price_satang=of_row("unit_price_satang"))
        .with_columns(tariff_satang=tariff_satang_expr(wide=wide))
        .select(
            "claim_id",
            "line_no",
            of_row("schedule").alias("schedule"),
            "unit_price_satang",
            "tariff_satang",
            pl.min_horizontal(
                "tariff_satang", pl.max_horizontal("charged_satang", of_row(floor))
            ).alias("payable_satang"),
            of_row("pricing").alias("rule"),
            of_row("valid_from").alias("tariff_valid_from"),
            of_row("valid_until").alias("tariff_valid_until"),
            of_row("source").alias("tariff_source"),
            of_row("illustrative").alias("illustrative"),
        )
        .cast(schema.PRICED)
        .collect(engine="streaming")
    )


# --- explanation -----------------------------------------------------------------------------


#: 12345678 satang -> "123,456.78": the kernel's one way of writing an amount.
baht = money.baht_text


def quantity(milli: int) -> str:
    """2000 -> "2", 2500 -> "2.5", 333 -> "0.333"."""
    text = f"{Decimal(milli).scaleb(-3).normalize():f}"
    return text


def date_th(d: date) -> str:
    """1 เม.ย. 2560 (Buddhist Era)."""
    return be_date(d)


def date_en(d: date) -> str:
    """1 Apr 2017 (Christian Era)."""
    return f"{d.day} {MONTHS_EN[d.month - 1]} {d.year}"


def explain(row: Mapping[str, Any]) -> dict[str, Any]:
    """A Thai and an English sentence for a priced line (issue 3: "Every priced line carries
    its explanation (rule, parameter, dates)").

    ``row`` is a ``schema.PRICED`` row together with its line's ``quantity_milli`` and
    ``charged_satang`` (e.g. ``{**priced_row, **line_row}``). Thai dates are Buddhist Era,
    English ones Christian Era; amounts in baht with thousands separators and two decimals;
    an illustrative price says so in both languages. Returns ``th``, ``en``, ``rule``,
    ``source`` and ``illustrative``."""
    missing = [k for k in ("quantity_milli", "charged_satang") if k not in row]
    if missing:
        raise KeyError(f"explain() needs the line's {', '.join(missing)} beside the priced row")
    unit, qty = int(row["unit_price_satang"]), int(row["quantity_milli"])
    tariff, payable, charged = (
        int(row["tariff_satang"]),
        int(row["payable_satang"]),
        int(row["charged_satang"]),
    )
    rule = row["rule"]
    calc = f"{baht(unit)} บาท × {quantity(qty)} = {baht(tariff)} บาท"
    calc_en = f"{baht(unit)} baht × {quantity(qty)} = {baht(tariff)} baht"
    if tariff * 1000 != unit * qty:
        calc += " (ปัดเศษสตางค์แบบครึ่งขึ้น)"
        calc_en += " (rounded half up to the satang)"

    if rule == TARIFF_ONLY:
        th = f"จ่ายเหมาตามอัตรา {calc} ไม่ขึ้นกับที่เรียกเก็บ {baht(charged)} บาท"
        en = f"Paid the flat tariff: {calc_en}, whatever the charge ({baht(charged)} baht)"
    elif rule == LOWER_OF and tariff < charged:
        th = f"จ่ายตามอัตรา {calc} ต่ำกว่าที่เรียกเก็บ {baht(charged)} บาท"
        en = f"Paid at the tariff: {calc_en}, lower than the {baht(charged)} baht charged"
    elif rule == LOWER_OF and tariff == charged:
        th = f"จ่ายตามอัตรา {calc} เท่ากับที่เรียกเก็บ"
        en = f"Paid at the tariff: {calc_en}, equal to the charge"
    elif rule == LOWER_OF:
        th = f"จ่ายตามที่เรียกเก็บ {baht(charged)} บาท ต่ำกว่าอัตรา {calc}"
        en = f"Paid as charged: {baht(charged)} baht, lower than the tariff of {calc_en}"
    else:
        raise ValueError(f"unknown pricing rule {rule!r}")
    if payable != (tariff if rule == TARIFF_ONLY else min(tariff, charged)):
        raise ValueError(f"payable {payable} does not follow rule {rule} for this row")

    start, end = row["tariff_valid_from"], row["tariff_valid_until"]
    schedule = row["schedule"]
    if end is None:
        th += f" (บัญชี {schedule} มีผลตั้งแต่ {date_th(start)})"
        en += f" (schedule {schedule}, in force from {date_en(start)})"
    else:
        th += f" (บัญชี {schedule} มีผล {date_th(start)} – {date_th(end)})"
        en += f" (schedule {schedule}, in force {date_en(start)} – {date_en(end)})"
    if row["illustrative"]:
        th += " — ราคาตัวอย่างเพื่อการสาธิต ไม่ใช่อัตราทางการ"
        en += " — illustrative demo price, not an official rate"
    return {
        "th": th,
        "en": en,
        "rule": rule,
        "source": row["tariff_source"],
        "illustrative": bool(row["illustrative"]),
    }
