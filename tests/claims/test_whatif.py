"""What-if (issue 18): "decides that period's claims under both the versions in force and the
changed ones: totals per fund, region, province, hospital and item, lines whose payer or
amount changed, as Parquet + XLSX". The claims of tests.claims.test_replay's ``decided``: OK
(2 × LAB-1 charged 250.00 → 200.00, 1 × charged 80.50 → 80.50), BAD (rejected), BODY
(COVID-19 body handling, 2,500.00 from the dated parameter)."""

from __future__ import annotations

import io
from decimal import Decimal

import openpyxl
import polars as pl
import pytest
from django.core.management import CommandError, call_command

from sitthi.claims import whatif
from sitthi.claims.models import Claim, ClaimLine

from .test_replay import decided  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db

RATE = "covid.body_handling_per_deceased"


def _fund(result, fund: str) -> dict:
    return next(r for r in result.totals["fund"].iter_rows(named=True) if r["key"] == fund)


def test_a_changed_rate_moves_the_totals_and_lists_the_line(decided):  # noqa: F811
    before = list(ClaimLine.objects.order_by("pk").values_list("payable", flat=True))
    result = whatif.run(
        whatif.period_claims(None, None), whatif.changes(sets=[f"{RATE}=3000@2022-04-25"])
    )
    assert result.claims == 3 and result.lines.height == 5
    ucs = _fund(result, "UCS")
    assert (ucs["before"], ucs["after"], ucs["difference"]) == (278_050, 328_050, 50_000)
    (changed,) = result.changed.iter_rows(named=True)
    assert (changed["claim_key"], changed["item_code"]) == ("BODY", "COVID-BODY")
    # One row for the rejected claim's lines (no fund in either run), not one per run.
    funds = result.totals["fund"]["key"].to_list()
    assert funds.count(None) == 1 and funds.count("UCS") == 1
    assert (changed["payable_before"], changed["payable_after"]) == (250_000, 300_000)
    by_province = {
        r["key"]: r["difference"] for r in result.totals["province"].iter_rows(named=True)
    }
    assert by_province == {"40": 50_000}  # the Khon Kaen hospital
    by_item = {r["key"]: r["difference"] for r in result.totals["item_code"].iter_rows(named=True)}
    assert by_item["COVID-BODY"] == 50_000 and by_item["LAB-1"] == 0
    # Nothing stored changes.
    assert list(ClaimLine.objects.order_by("pk").values_list("payable", flat=True)) == before
    assert Claim.objects.get(claim_key="BODY").payable_total == Decimal("2500.00")


def test_a_rate_from_a_later_day_changes_nothing_before_it(decided):  # noqa: F811
    result = whatif.run(
        whatif.period_claims(None, None), whatif.changes(sets=[f"{RATE}=3000@2024-06-01"])
    )
    assert result.changed.height == 0 and _fund(result, "UCS")["difference"] == 0


TARIFF = """schedule,item_code,category,description,unit,unit_price,valid_from,valid_until,source,pricing,programme
test,LAB-1,7,LAB-1,unit,90.00,2015-01-01,,what-if,lower_of_charge_and_tariff,general ucep
test,FLAT-1,7,FLAT-1,unit,500.00,2015-01-01,,what-if,tariff,general ucep
test,DM-OLD,7,DM-OLD,unit,300.00,2015-01-01,2022-04-24,what-if,lower_of_charge_and_tariff,general ucep
test,DM-NEW,7,DM-NEW,unit,280.00,2022-04-25,,what-if,lower_of_charge_and_tariff,general ucep
"""


def test_another_fee_schedule_file_reprices(decided, tmp_path):  # noqa: F811
    path = tmp_path / "test.csv"
    path.write_text(TARIFF, encoding="utf-8")
    result = whatif.run(whatif.period_claims(None, None), whatif.changes(tariff_file=str(path)))
    # LAB-1 at 90.00: 2 units charged 250.00 → 180.00; 1 charged 80.50 stays 80.50.
    ucs = _fund(result, "UCS")
    assert ucs["difference"] == -2_000
    (changed,) = result.changed.iter_rows(named=True)
    assert (changed["claim_key"], changed["line_no"], changed["payable_after"]) == ("OK", 1, 18_000)


def test_the_command_writes_parquet_and_a_workbook(decided, tmp_path):  # noqa: F811
    out = io.StringIO()
    call_command(
        "whatif",
        "--set",
        f"{RATE}=3000@2022-04-25",
        "--out",
        str(tmp_path),
        stdout=out,
        verbosity=0,
    )
    text = out.getvalue()
    assert "claims decided twice: 3" in text and "lines changed: 1" in text
    assert "UCS" in text and "500.00" in text
    lines = pl.read_parquet(tmp_path / "lines.parquet")
    assert (
        lines.height == 5 and lines["payable_after"].sum() - lines["payable_before"].sum() == 50_000
    )
    book = openpyxl.load_workbook(tmp_path / "whatif.xlsx")
    fund_sheet = next(s for s in book.worksheets if "fund" in s.title)
    rows = list(fund_sheet.values)
    assert rows[0][0] == "กองทุน / Fund"
    assert ("UCS", Decimal("2780.5"), Decimal("3280.5"), Decimal("500")) in [
        (r[0], Decimal(str(r[2])), Decimal(str(r[3])), Decimal(str(r[4]))) for r in rows[1:]
    ]
    from sitthi.registry.models import Fund

    assert [r[1] for r in rows[1:] if r[0] == "UCS"] == [Fund.objects.get(code="UCS").name_th]


@pytest.mark.parametrize(
    "args, message",
    [
        (["--set", "covid.body_handling_per_deceased=3000"], "name=value@YYYY-MM-DD"),
        (["--set", "no.such_parameter=1@2024-01-01"], "no.such_parameter"),
        (["--set", f"{RATE}=3000@2024-13-01"], "is not a date"),
        (["--set", f"{RATE}=1e400@2024-01-01"], "not a number a rule can take"),
        (["--set", f"{RATE}=NaN@2024-01-01"], "not a number a rule can take"),
        ([], "nothing to change"),
        (["--fy", "2567", "--from", "2024-01-01", "--set", f"{RATE}=1@2024-01-01"], "not both"),
    ],
)
def test_bad_changes_are_refused_with_a_message(decided, tmp_path, args, message):  # noqa: F811
    with pytest.raises(CommandError, match=message):
        call_command("whatif", *args, "--out", str(tmp_path), verbosity=0)
    assert not (tmp_path / "lines.parquet").exists()


def test_a_fiscal_year_is_october_to_september():
    from sitthi.claims.management.commands.whatif import fiscal_year

    assert [d.isoformat() for d in fiscal_year(2567)] == ["2023-10-01", "2024-09-30"]
