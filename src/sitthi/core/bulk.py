"""Set-wise inserts of many rows from a Polars frame, for the tables a batch fills by the
thousand (claim lines): PostgreSQL ``COPY`` of the frame as CSV, other databases one
``executemany``. The ORM's ``bulk_create`` prepares every value of every row in Python — for
12,000 claim lines that is most of a bulk submission's time.

The frame's columns are the model's field attribute names (``claim_id``, not ``claim``); its
values are what the database is to store, as text where a type needs it:
``decimal_text`` for decimals and ``timestamp_text`` for aware datetimes give the same text
Django's adapters give, so the rows read back exactly as if saved through the ORM. Saving
through this path sends no signals: a caller of an audited model writes its audit records
itself (``sitthi.core.audit``)."""

from __future__ import annotations

import polars as pl
from django.db import connection, models

#: Rows per ``executemany`` call (SQLite) and per chunk of CSV (PostgreSQL).
CHUNK = 5000


def decimal_text(column: str, places: int) -> pl.Expr:
    """An integer count of 10^-places units (satang: 2; thousandths: 3) as the decimal text
    ``str(Decimal)`` writes: 12345 -> "123.45", -50 -> "-0.50". Null stays null."""
    value = pl.col(column)
    whole, part = value.abs() // 10**places, value.abs() % 10**places
    sign = pl.when(value < 0).then(pl.lit("-")).otherwise(pl.lit(""))
    return sign + whole.cast(pl.String) + "." + part.cast(pl.String).str.zfill(places)


def timestamp_text(column: str) -> pl.Expr:
    """An aware datetime column as the text the database's Django backend stores: UTC,
    microseconds only when not zero (``str(datetime)``, what the SQLite backend writes), with
    an explicit +00:00 on PostgreSQL."""
    text = (
        pl.col(column)
        .dt.convert_time_zone("UTC")
        .dt.strftime("%Y-%m-%d %H:%M:%S%.6f")
        .str.strip_suffix(".000000")
    )
    return text + "+00:00" if connection.vendor == "postgresql" else text


def insert_frame(model: type[models.Model], frame: pl.DataFrame) -> int:
    """Insert ``frame``'s rows into ``model``'s table (the primary key given by the database)
    in the current transaction; the number of rows."""
    if frame.height == 0:
        return 0
    columns = {f.attname: f.column for f in model._meta.concrete_fields}
    qn = connection.ops.quote_name
    names = ", ".join(qn(columns[c]) for c in frame.columns)
    table = qn(model._meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.copy(f"COPY {table} ({names}) FROM STDIN (FORMAT csv)") as copy:
                for chunk in frame.iter_slices(CHUNK):
                    # Strings quoted, nulls bare: "" is an empty string, an empty field NULL.
                    copy.write(chunk.write_csv(include_header=False, quote_style="non_numeric"))
        else:
            marks = ", ".join(["%s"] * frame.width)
            sql = f"INSERT INTO {table} ({names}) VALUES ({marks})"
            for chunk in frame.iter_slices(CHUNK):
                cursor.executemany(sql, chunk.rows())
    return frame.height
