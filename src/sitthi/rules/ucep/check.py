"""Impossible episodes are refused before any payer is decided.

Issue 4, "Prove it": "Episodes with impossible times (discharge before admission, a transfer
before admission, overlapping stays) are refused with clear coded errors." ``check`` returns
every problem of every episode at once (``PROBLEMS``: one row each, with the episode, stay and
line it concerns), never the first only; ``coverage.decide_payers`` refuses a batch with any.

Codes are keys of ``sitthi.core.errors.CATALOGUE`` where one fits (DISCHARGE_BEFORE_ADMISSION,
DATE_ORDER, LINE_OUTSIDE_STAY, VALUE_REQUIRED, VALUE_INVALID, DUPLICATE_IN_FILE, ROW_ORPHAN);
the UCEP-specific ones (UCEP_*) are there too.

Times: a stay runs from ``received_at`` to ``left_at`` (the last stay, with no ``left_at``, to
the discharge; open while in hospital), both ends included, as claims' LINE_OUTSIDE_STAY. A
transfer may leave and arrive at the same instant. Pure: no Django, database, network or clock.
"""

from __future__ import annotations

import polars as pl

from sitthi.rules.ucep import schema

__all__ = ["PROBLEMS", "check"]

PROBLEMS = {
    "episode_id": pl.Int64,
    "stay_no": pl.Int32,  # null: an episode-level problem
    "line_no": pl.Int32,  # null: not a line's problem
    "field": pl.String,
    "code": pl.String,
    "value": pl.String,
}

_EPISODE_REQUIRED = ("first_admitted_at", "programme", "fund", "refused_transfer")
_STAY_REQUIRED = ("hospital", "received_at", "private", "contract_funds", "main_unit", "agreement")
_LINE_REQUIRED = ("stay_no", "served_at", "charged_satang")


def _rows(
    frame: pl.LazyFrame,
    when: pl.Expr,
    code: str,
    field: str,
    value: pl.Expr | None = None,
    stay: bool = False,
    line: bool = False,
) -> pl.LazyFrame:
    """Rows of ``frame`` where ``when`` is true (null = no problem found) as problems."""
    return frame.filter(when.fill_null(False)).select(
        pl.col("episode_id"),
        (pl.col("stay_no") if stay or line else pl.lit(None)).cast(pl.Int32).alias("stay_no"),
        (pl.col("line_no") if line else pl.lit(None)).cast(pl.Int32).alias("line_no"),
        pl.lit(field, dtype=pl.String).alias("field"),
        pl.lit(code, dtype=pl.String).alias("code"),
        (value if value is not None else pl.lit(None)).cast(pl.String).alias("value"),
    )


def _dup(keys: list[str]) -> pl.Expr:
    return pl.len().over(keys) > 1


def check(episodes: pl.DataFrame, stays: pl.DataFrame, lines: pl.DataFrame) -> pl.DataFrame:
    """Every problem of the three frames (``schema.EPISODES``, ``STAYS``, ``LINES``), sorted;
    empty when the episodes can be decided."""
    ep = episodes.lazy().select(list(schema.EPISODES))
    st = stays.lazy().select(list(schema.STAYS))
    ln = lines.lazy().select(list(schema.LINES))
    adm, dis = pl.col("first_admitted_at"), pl.col("discharged_at")
    recv, left = pl.col("received_at"), pl.col("left_at")
    out: list[pl.LazyFrame] = [
        _rows(ep, _dup(["episode_id"]), "DUPLICATE_IN_FILE", "episode_id", pl.col("episode_id")),
        *(_rows(ep, pl.col(c).is_null(), "VALUE_REQUIRED", c) for c in _EPISODE_REQUIRED),
        _rows(
            ep,
            ~pl.col("programme").is_in(list(schema.PROGRAMMES)),
            "VALUE_INVALID",
            "programme",
            pl.col("programme"),
        ),
        _rows(
            ep,
            pl.col("refused_transfer") & pl.col("fit_to_move_at").is_null(),
            "VALUE_REQUIRED",
            "fit_to_move_at",
        ),
        _rows(ep, dis < adm, "DISCHARGE_BEFORE_ADMISSION", "discharged_at"),
        _rows(ep, pl.col("fit_to_move_at") < adm, "DATE_ORDER", "fit_to_move_at"),
    ]

    # -- stays
    known_ep = ep.select("episode_id", "first_admitted_at", "discharged_at").unique(
        "episode_id", keep="first"
    )
    s = (
        st.join(known_ep, on="episode_id", how="left", coalesce=True)
        .with_columns(
            orphan=~pl.col("episode_id").is_in(episodes.get_column("episode_id").implode()),
        )
        .sort("episode_id", "stay_no", "received_at", nulls_last=True)
        .with_columns(
            first=pl.col("stay_no") == pl.col("stay_no").min().over("episode_id"),
            prev_left=left.shift(1).over("episode_id"),
            prev_recv=recv.shift(1).over("episode_id"),
            prev_open=left.shift(1).over("episode_id").is_null()
            & (pl.col("stay_no") != pl.col("stay_no").min().over("episode_id")),
        )
    )
    live = ~pl.col("orphan")
    out += [
        _rows(s, pl.col("orphan"), "ROW_ORPHAN", "episode_id", pl.col("episode_id"), stay=True),
        _rows(
            s,
            live & _dup(["episode_id", "stay_no"]),
            "DUPLICATE_IN_FILE",
            "stay_no",
            pl.col("stay_no"),
            stay=True,
        ),
        *(
            _rows(s, live & pl.col(c).is_null(), "VALUE_REQUIRED", c, stay=True)
            for c in _STAY_REQUIRED
        ),
        _rows(s, live & (left < recv), "DATE_ORDER", "left_at", stay=True),
        _rows(s, live & (recv < adm), "UCEP_STAY_BEFORE_ADMISSION", "received_at", stay=True),
        _rows(
            s,
            live & pl.col("first") & (recv != adm) & ~(recv < adm),
            "UCEP_FIRST_STAY_MISMATCH",
            "received_at",
            stay=True,
        ),
        _rows(
            s,
            live
            & ~pl.col("first")
            & (pl.col("prev_open") | (recv < pl.col("prev_left")) | (recv < pl.col("prev_recv"))),
            "UCEP_STAYS_OVERLAP",
            "received_at",
            stay=True,
        ),
        _rows(
            s,
            live & ((recv > dis) | (left > dis)) & ~(dis < adm),  # reported once, above
            "UCEP_STAY_AFTER_DISCHARGE",
            "received_at",
            stay=True,
        ),
    ]
    stayless = ep.join(st.select("episode_id").unique(), on="episode_id", how="anti")
    out.append(_rows(stayless, pl.lit(True), "UCEP_STAYS_MISSING", "stays"))

    # -- lines
    last_no = st.group_by("episode_id").agg(pl.col("stay_no").max().alias("last_no"))
    known_st = (
        st.join(known_ep, on="episode_id", how="inner")
        .join(last_no, on="episode_id", how="left")
        .with_columns(
            stay_end=pl.when(left.is_null() & (pl.col("stay_no") == pl.col("last_no")))
            .then(dis)
            .otherwise(left),
            has_stay=pl.lit(True),
        )
        .select("episode_id", "stay_no", "received_at", "stay_end", "has_stay")
        .unique(["episode_id", "stay_no"], keep="first")
    )
    line = ln.join(known_st, on=["episode_id", "stay_no"], how="left").with_columns(
        has_episode=pl.col("episode_id").is_in(episodes.get_column("episode_id").implode())
    )
    served = pl.col("served_at")
    out += [
        _rows(
            line,
            _dup(["episode_id", "line_no"]),
            "DUPLICATE_IN_FILE",
            "line_no",
            pl.col("line_no"),
            line=True,
        ),
        *(_rows(line, pl.col(c).is_null(), "VALUE_REQUIRED", c, line=True) for c in _LINE_REQUIRED),
        _rows(
            line,
            ~pl.col("has_episode"),
            "ROW_ORPHAN",
            "episode_id",
            pl.col("episode_id"),
            line=True,
        ),
        _rows(
            line,
            pl.col("has_episode") & pl.col("stay_no").is_not_null() & pl.col("has_stay").is_null(),
            "ROW_ORPHAN",
            "stay_no",
            pl.col("stay_no"),
            line=True,
        ),
        _rows(
            line,
            (served < pl.col("received_at")) | (served > pl.col("stay_end")),
            "LINE_OUTSIDE_STAY",
            "served_at",
            line=True,
        ),
    ]
    return (
        pl.concat(out)
        .collect()
        .cast(PROBLEMS)
        .sort("episode_id", "stay_no", "line_no", "field", "code", nulls_last=False)
    )
