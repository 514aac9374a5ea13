"""Issue 18, "a national year in minutes": a year of claims priced month by month on one
machine (the local engine) and per partition on Spark (``local[2]``) gives, to the satang,
what ``price()`` gives over the whole sample at once: every line's priced row, and the
totals of each month."""

from __future__ import annotations

import polars as pl
import pytest
from django.core.management import CommandError, call_command

from sitthi.rules.claims import schema
from sitthi.rules.claims.price import price
from sitthi.rules.claims.tariff import default_tariff
from sitthi.year import MonthTotals, YearInputError, YearTotals, price_year, synth_year
from sitthi.year.engine import read_priced

LINES = 20_000
MONTHS = 3


@pytest.fixture(scope="module")
def tariff() -> pl.DataFrame:
    return default_tariff()


@pytest.fixture(scope="module")
def year(tmp_path_factory, tariff):
    """20,000 lines over three months (Jan–Mar 2024), in parts of at most 3,000 lines; one
    claim in ten a UCEP claim (priced by the EMS schedule: two programmes in one batch)."""
    folder = tmp_path_factory.mktemp("year") / "in"
    synth_year(folder, LINES, tariff, months=MONTHS, seed=18, part_lines=3_000)
    return folder


def whole(folder) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Every claim and every line of the year, with the month of its folder."""
    opts = {"hive_partitioning": True, "hive_schema": {"month": pl.String}}
    claims = pl.read_parquet(folder / "month=*" / "claims-*.parquet", **opts)
    lines = pl.read_parquet(folder / "month=*" / "lines-*.parquet", **opts)
    return claims, lines


@pytest.fixture(scope="module")
def expected(year, tariff):
    """``price()`` over the whole sample at once, each row with its claim's month."""
    claims, lines = whole(year)
    priced = price(claims.drop("month"), lines.drop("month"), tariff)
    months = claims.select("claim_id", "month")
    return (
        priced.join(months, on="claim_id")
        .select(["month", *schema.PRICED])
        .sort("claim_id", "line_no")
    )


def totals_of(priced: pl.DataFrame, lines: pl.DataFrame) -> YearTotals:
    read = dict(lines.group_by("month").len().iter_rows())
    sums = {
        m: (n, s)
        for m, n, s in priced.group_by("month")
        .agg(pl.len(), pl.col("payable_satang").sum())
        .iter_rows()
    }
    return YearTotals(tuple(MonthTotals(m, read[m], sums[m][0], sums[m][1]) for m in sorted(read)))


@pytest.fixture(scope="module")
def local(year, tariff, tmp_path_factory):
    out = tmp_path_factory.mktemp("local")
    return price_year(year, out, tariff), read_priced(out)


def test_the_sample_is_a_year_of_whole_claims(year):
    claims, lines = whole(year)
    assert lines.height == LINES
    # Claim ids are unique over the year; every line belongs to a claim of its part.
    assert claims["claim_id"].is_unique().all()
    assert set(lines["claim_id"]) == set(claims["claim_id"])
    assert claims["month"].unique().sort().to_list() == ["2024-01", "2024-02", "2024-03"]
    # Each line is served, in Bangkok, in the month of its claim's folder.
    served = lines.select(
        "claim_id", served=pl.col("served_at").dt.strftime("%Y-%m"), month="month"
    ).join(claims.select("claim_id", claim_month="month"), on="claim_id")
    assert (served["served"] == served["month"]).all()
    assert (served["month"] == served["claim_month"]).all()
    assert set(claims["service_type"].unique()) == {"IP", "UCEP"}


def test_the_same_seed_writes_the_same_year(year, tariff, tmp_path):
    synth_year(tmp_path, LINES, tariff, months=MONTHS, seed=18, part_lines=3_000)
    for a, b in zip(whole(year), whole(tmp_path), strict=True):
        assert a.equals(b)
    synth_year(tmp_path / "other", 400, tariff, months=MONTHS, seed=19, part_lines=3_000)
    assert not whole(tmp_path / "other")[1].equals(whole(year)[1].head(400))


def test_local_engine_prices_each_line_as_price_does_over_the_whole_sample(local, year, expected):
    totals, priced = local
    assert priced.equals(expected)
    assert totals == totals_of(expected, whole(year)[1])
    assert totals.lines == LINES
    assert 0 < totals.priced < LINES  # unknown codes, zero quantities and charges are not
    assert isinstance(totals.payable_satang, int)
    assert totals.payable_satang == expected["payable_satang"].sum()


def test_spark_local_2_gives_the_local_engine_s_lines_and_totals(local, year, tmp_path):
    """Small Arrow batches (997 rows) so that batches end inside claims: those claims are
    carried to the next batch, never priced in halves."""
    totals, priced = local
    conf = {"spark.sql.execution.arrow.maxRecordsPerBatch": "997"}
    spark_totals = price_year(
        year, tmp_path / "spark", engine="spark", master="local[2]", conf=conf
    )
    assert spark_totals == totals
    spark_priced = read_priced(tmp_path / "spark")
    assert spark_priced.equals(priced)  # every column of every line, to the satang


def test_a_second_local_run_replaces_the_first(year, tariff, tmp_path, local):
    price_year(year, tmp_path, tariff)
    again = price_year(year, tmp_path, tariff)
    assert again == local[0]
    assert read_priced(tmp_path).height == local[1].height


def test_a_part_of_the_wrong_shape_is_refused(year, tariff, tmp_path):
    bad = tmp_path / "in" / "month=2024-01"
    bad.mkdir(parents=True)
    claims, lines = whole(year)
    claims.drop("month").head(10).write_parquet(bad / "claims-0000.parquet")
    lines.drop("month").head(40).with_columns(
        pl.col("charged_satang").cast(pl.Float64)
    ).write_parquet(bad / "lines-0000.parquet")
    with pytest.raises(YearInputError, match="charged_satang: Float64, not Int64"):
        price_year(tmp_path / "in", tmp_path / "out", tariff)
    with pytest.raises(YearInputError, match="no month"):
        price_year(tmp_path / "nothing", tmp_path / "out", tariff)
    with pytest.raises(ValueError, match="engine"):
        price_year(tmp_path / "in", tmp_path / "out", tariff, engine="dask")


def test_spark_refuses_what_the_local_engine_refuses_and_a_claim_twice(year, tariff, tmp_path):
    """The Spark engine checks the year as the local engine does before pricing: a float
    charge (which its cast would cut to whole satang) is refused, and so is a claim standing
    twice in the year (which its join would price twice)."""
    from sitthi.year.spark import session

    claims, lines = whole(year)
    bad = tmp_path / "float" / "month=2024-01"
    bad.mkdir(parents=True)
    claims.drop("month").head(10).write_parquet(bad / "claims-0000.parquet")
    lines.drop("month").head(40).with_columns(
        pl.col("charged_satang").cast(pl.Float64) + 0.6
    ).write_parquet(bad / "lines-0000.parquet")
    twice = tmp_path / "twice" / "month=2024-01"
    twice.mkdir(parents=True)
    first = claims.drop("month").head(10)
    for part in ("0000", "0001"):  # the same claims in two parts
        first.write_parquet(twice / f"claims-{part}.parquet")
        lines.drop("month").filter(pl.col("claim_id").is_in(first["claim_id"])).write_parquet(
            twice / f"lines-{part}.parquet"
        )
    spark = session("local[2]")
    try:
        with pytest.raises(YearInputError, match="charged_satang: double, not bigint"):
            price_year(tmp_path / "float", tmp_path / "o1", tariff, engine="spark", spark=spark)
        with pytest.raises(YearInputError, match="more than once"):
            price_year(tmp_path / "twice", tmp_path / "o2", tariff, engine="spark", spark=spark)
    finally:
        spark.stop()


def test_the_command_writes_and_prices_a_year(tmp_path, capsys):
    call_command("year", "synth", str(tmp_path / "in"), "--lines", "2000", "--months", "2")
    call_command("year", "price", str(tmp_path / "in"), str(tmp_path / "out"))
    out = capsys.readouterr().out
    totals = price_year(tmp_path / "in", tmp_path / "again")
    assert f"year (local): 2,000 lines, {totals.priced:,} priced" in out
    assert f"({totals.payable_satang} satang)" in out
    assert "2024-02: 1,000 lines" in out


def test_the_command_passes_engine_master_and_settings_on(tmp_path, monkeypatch):
    seen = {}

    def fake(input_dir, output_dir, tariff, **kw):
        seen.update(kw)
        return YearTotals(())

    monkeypatch.setattr("sitthi.year.management.commands.year.price_year", fake)
    call_command(
        "year",
        "price",
        str(tmp_path),
        str(tmp_path / "out"),
        "--engine",
        "spark",
        "--master",
        "spark://head:7077",
        "--conf",
        "spark.executor.memory=4g",
    )
    assert seen["engine"] == "spark" and seen["master"] == "spark://head:7077"
    assert seen["conf"] == {"spark.executor.memory": "4g"}
    with pytest.raises(CommandError, match="KEY=VALUE"):
        call_command("year", "price", str(tmp_path), str(tmp_path), "--conf", "nokey")


def test_a_spark_worker_prices_whole_claims_whatever_the_batches(year, tariff, monkeypatch):
    """``pricer`` (what ``mapInArrow`` runs) gets Arrow batches that end inside claims; each
    call of ``price`` still sees every line of its claims, and every line is priced once."""
    from types import SimpleNamespace

    import pyarrow as pa

    from sitthi.year import spark as engine

    claims, lines = whole(year)
    rows = (
        lines.join(claims.select("claim_id", "service_type"), on="claim_id")
        .select("month", *schema.LINES, "service_type")
        .sort("claim_id", "line_no")
        .head(1_000)
    )
    table = rows.to_arrow(compat_level=pl.CompatLevel.oldest())
    batches = table.to_batches(max_chunksize=7)  # 7 lines: most batches end inside a claim
    calls = []

    def spy(c, ln, t):
        calls.append(ln)
        return price(c, ln, t)

    monkeypatch.setattr(engine, "price", spy)
    ipc = SimpleNamespace(value=engine._ipc(tariff))
    out = list(engine.pricer(ipc, ("claim_id", "service_type"))(iter(batches)))
    per_claim = rows.group_by("claim_id").len()
    for seen in calls:
        got = seen.group_by("claim_id").len()
        assert (
            got.join(per_claim, on="claim_id", suffix="_all")
            .filter(pl.col("len") != pl.col("len_all"))
            .is_empty()
        )
    assert sum(c.height for c in calls) == rows.height
    priced = pl.from_arrow(pa.Table.from_batches(out)).sort("claim_id", "line_no")
    want = price(claims.drop("month"), rows.drop("month", "service_type"), tariff)
    assert priced.drop("month").equals(want.sort("claim_id", "line_no"))
