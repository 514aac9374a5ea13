"""Which right is in force on a date, and whether a hospital is in a fund's network.

DOMAIN.md "Identifiers and reference data": a person has one main right at a time, with
dates; a hospital has dated contracts with funds. Ranges are inclusive at both ends
(``valid_until`` is the last day in force; null means open-ended).

Written once over Polars frames: the API passes one query row, a batch passes millions.
Query frames carry a unique ``qid`` and the date asked about in ``on``.
"""

from __future__ import annotations

from datetime import date

import polars as pl


def in_force(queries: pl.DataFrame, table: pl.DataFrame, keys: list[str]) -> pl.DataFrame:
    """Each query row with the columns of the ``table`` row that matches it on ``keys`` and
    whose [valid_from, valid_until] contains ``on`` (nulls when none does). Every query row
    comes back exactly once; where the table wrongly holds two such rows the earlier-starting
    one is taken and ``overlap`` is true so the caller can flag it."""
    on = pl.col("on")
    covers = (pl.col("valid_from") <= on) & (
        pl.col("valid_until").is_null() | (pl.col("valid_until") >= on)
    )
    matched = (
        queries.select("qid", "on", *keys)
        .join(table, on=keys, how="inner")
        .filter(covers)
        .sort("valid_from")
        .group_by("qid", maintain_order=True)
        .agg(pl.all().exclude("on", *keys).first(), (pl.len() > 1).alias("overlap"))
    )
    return queries.join(matched, on="qid", how="left").with_columns(
        pl.col("overlap").fill_null(False)
    )


def rights_on(queries: pl.DataFrame, rights: pl.DataFrame) -> pl.DataFrame:
    """Query rows (``qid``, ``citizen_id``, ``on``) with the person's right in force that
    day; ``valid_from`` is null when the person has no right that day."""
    return in_force(queries, rights, ["citizen_id"])


def network(queries: pl.DataFrame, contracts: pl.DataFrame) -> pl.DataFrame:
    """Query rows (``qid``, ``hospital``, ``fund``, ``on``) with the contract in force between
    that hospital and that fund, and ``in_network``: seed 001 §1 — at a hospital inside the
    fund's contract network the fund's normal system applies. A null hospital or fund gives
    a null ``in_network``: nothing was asked."""
    out = in_force(queries, contracts, ["hospital", "fund"])
    return out.with_columns(
        in_network=pl.when(pl.col("hospital").is_null() | pl.col("fund").is_null())
        .then(pl.lit(None, dtype=pl.Boolean))
        .otherwise(pl.col("valid_from").is_not_null())
    )


def ranges_overlap(a_from: date, a_until: date | None, b_from: date, b_until: date | None) -> bool:
    """Inclusive date ranges; None is open-ended."""
    return (b_until is None or a_from <= b_until) and (a_until is None or b_from <= a_until)
