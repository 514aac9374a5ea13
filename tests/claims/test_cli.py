"""`sitthi claims price FILE`: decides a file in steps with a progress bar and writes the
results and errors as Parquet and XLSX; nothing is stored."""

from __future__ import annotations

import polars as pl
import pytest
from django.core.management import CommandError, call_command

from sitthi.claims.models import Claim, TariffVersion

from .intake.files import csv_bytes
from .test_upload import rows_for

pytestmark = pytest.mark.django_db


def test_price_a_file_in_steps(tmp_path, person, tariff):
    path = tmp_path / "march.csv"
    rows = rows_for(person, bad_item="NOPE-1")
    path.write_bytes(csv_bytes(rows))
    call_command("claims", "price", str(path), "--out", str(tmp_path / "out"), "--chunk", "1")
    priced = pl.read_parquet(tmp_path / "out" / "march.priced.parquet")
    errors = pl.read_parquet(tmp_path / "out" / "march.errors.parquet")
    assert errors["code"].to_list() == ["ITEM_UNKNOWN"]
    assert errors["claim_key"].to_list() == ["K-2"]
    ok = priced.filter(~pl.col("rejected"))
    assert ok["payable_satang"].sum() == 70_000  # 2 × 100.00 + flat 500.00
    assert (tmp_path / "out" / "march.priced.xlsx").stat().st_size > 0
    assert not Claim.objects.exists()


def test_a_broken_file_is_reported_not_priced(tmp_path, person, tariff):
    path = tmp_path / "bad.csv"
    rows = rows_for(person)
    rows[0][4] = "yesterday"
    path.write_bytes(csv_bytes(rows))
    with pytest.raises(CommandError, match="problem"):
        call_command("claims", "price", str(path), "--out", str(tmp_path))
    assert pl.read_parquet(tmp_path / "bad.errors.parquet")["code"].to_list() == [
        "DATETIME_INVALID"
    ]


def test_load_the_illustrative_schedule_twice_keeps_one_version(db):
    from sitthi.claims.demo import SCHEDULE

    call_command("claims", "load-tariff", str(SCHEDULE))
    call_command("claims", "load-tariff", str(SCHEDULE))
    (version,) = TariffVersion.objects.filter(active=True)
    assert version.illustrative and version.items.count() == version.rows > 40
