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


def _covers() -> pl.Expr:
    """The row's inclusive [valid_from, valid_until] contains ``on`` (null until: open)."""
    on = pl.col("on")
    return (pl.col("valid_from") <= on) & (
        pl.col("valid_until").is_null() | (pl.col("valid_until") >= on)
    )


def in_force(queries: pl.DataFrame, table: pl.DataFrame, keys: list[str]) -> pl.DataFrame:
    """Each query row with the columns of the ``table`` row that matches it on ``keys`` and
    whose [valid_from, valid_until] contains ``on`` (nulls when none does). Every query row
    comes back exactly once; where the table wrongly holds two such rows the earlier-starting
    one is taken and ``overlap`` is true so the caller can flag it."""
    matched = (
        queries.select("qid", "on", *keys)
        .join(table, on=keys, how="inner")
        .filter(_covers())
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


def contract_funds(queries: pl.DataFrame, contracts: pl.DataFrame) -> pl.DataFrame:
    """Query rows (``qid``, ``hospital``, ``on``) with ``contract_funds``: the funds whose
    contract network the hospital is in that day — every fund with a contract (``hospital``,
    ``fund``, ``valid_from``, ``valid_until``) in force on ``on``, unique and sorted; an empty
    list when there is none. Seed 001_9fcdabf8e5dd4edb.txt §1: "กรณีเข้ารับการรักษาในรพ.ของรัฐ
    หรือรพ.เอกชนที่ป็นคู่สัญญากับกองทุนหลักประกันสุขภาพ ทั้ง 3แห่งนี้ก็ให้ใช้ระบบปกติของกองทุนนั้นๆ" —
    the hospital is in the network of the funds in this list (``network`` asks for one fund).

    Every query row comes back exactly once, in the order given."""
    held = (
        queries.select("qid", "hospital", "on")
        .join(contracts.select("hospital", "fund", "valid_from", "valid_until"), on="hospital")
        .filter(_covers())
        .group_by("qid")
        .agg(contract_funds=pl.col("fund").unique().sort())
    )
    return queries.join(held, on="qid", how="left", maintain_order="left").with_columns(
        pl.col("contract_funds").fill_null(pl.lit([], dtype=pl.List(pl.String)))
    )


def ranges_overlap(a_from: date, a_until: date | None, b_from: date, b_until: date | None) -> bool:
    """Inclusive date ranges; None is open-ended."""
    return (b_until is None or a_from <= b_until) and (a_until is None or b_from <= a_until)
