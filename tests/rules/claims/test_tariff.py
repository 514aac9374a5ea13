"""Fee schedules (sitthi.rules.claims.tariff): the strict file reader, the shipped illustrative
schedule, flat rates from dated parameters, and the content hash.

Issue 3: "The official UCEP fee schedule is not public in our sources: it is loaded from a file
(XLSX/CSV by category (หมวด) and item, with validity dates); the demo uses an illustrative
schedule, labelled as such wherever its prices show." ARCHITECTURE.md: "A file is accepted whole
or not at all, with a per-row report (row, field, code ...)"."""

from __future__ import annotations

import io
from datetime import date, datetime

import openpyxl
import polars as pl
import pytest

from sitthi.core.errors import CATALOGUE
from sitthi.rules.claims import schema
from sitthi.rules.claims.tariff import (
    ILLUSTRATIVE_PATH,
    PARAMETER_ITEMS,
    ParameterItem,
    TariffError,
    TariffFileError,
    check_tariff,
    combine,
    default_tariff,
    flat_rate_rows,
    read_tariff,
    tariff_hash,
)
from sitthi.rules.params import default_parameters
from tests.rules.claims.builders import TARIFF

HEADER = "schedule,item_code,category,description,unit,unit_price,pricing,valid_from,valid_until,source,illustrative"


def csv_bytes(*rows: str, header: str = HEADER) -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode("utf-8")


def ok_row(
    item="A1", price="1250.00", start="2017-04-01", end="", pricing="", illustrative=""
) -> str:
    return f's,{item},1,ห้อง,วัน,"{price}",{pricing},{start},{end},test source,{illustrative}'


def problems(data: bytes, kind: str | None = None) -> list[tuple]:
    with pytest.raises(TariffFileError) as info:
        read_tariff(data, kind=kind)
    return [(p["row"], p["field"], p["code"], p["value"]) for p in info.value.problems]


# --- accepted files -------------------------------------------------------------------------------


def test_a_good_csv_reads_into_the_tariff_frame():
    frame = read_tariff(
        csv_bytes(
            ok_row("A1", "1250.00"),
            ok_row("A2", "1250", pricing="tariff", end="2022-04-24", illustrative="TRUE"),
            ok_row("A3", "0.01", illustrative="no"),
            ok_row("A4", "12.340"),  # a trailing zero is still whole satang
        )
    )
    assert frame.schema == pl.Schema(schema.TARIFF)
    assert frame["unit_price_satang"].to_list() == [125000, 125000, 1, 1234]
    assert frame["pricing"].to_list() == [
        "lower_of_charge_and_tariff",
        "tariff",
        "lower_of_charge_and_tariff",
        "lower_of_charge_and_tariff",
    ]
    assert frame["valid_until"].to_list() == [None, date(2022, 4, 24), None, None]
    assert frame["illustrative"].to_list() == [False, True, False, False]


def test_optional_columns_may_be_left_out_and_columns_come_in_any_order_and_case():
    """Without a programme column the schedule prices the general programme, as every
    schedule did before programmes (issue 13)."""
    header = "Unit_Price,SCHEDULE,item_code,category,description,unit,valid_from,source"
    frame = read_tariff(csv_bytes("100,s,X,1,d,u,2020-01-01,src", header=header))
    assert frame.row(0, named=True) == {
        "programme": "general",
        "schedule": "s",
        "item_code": "X",
        "category": "1",
        "description": "d",
        "unit": "u",
        "unit_price_satang": 10000,
        "pricing": "lower_of_charge_and_tariff",
        "valid_from": date(2020, 1, 1),
        "valid_until": None,
        "source": "src",
        "illustrative": False,
    }


def test_adjacent_ranges_of_one_item_are_a_price_change_not_an_overlap():
    """The diabetes code change pattern: until 24 April, then from 25 April."""
    frame = read_tariff(csv_bytes(ok_row("A1", end="2022-04-24"), ok_row("A1", start="2022-04-25")))
    assert frame.height == 2


def test_blank_rows_are_skipped_but_counted_in_row_numbers():
    data = csv_bytes(ok_row("A1"), ",,,,,,,,,,", ok_row("A2", price="x"))
    assert problems(data) == [(4, "unit_price", "NUMBER_INVALID", "x")]


def test_excel_csv_in_thai_windows_encoding_is_read():
    """Excel on a Thai Windows system saves "CSV" as cp874 (TIS-620 with extensions)."""
    frame = read_tariff(csv_bytes(ok_row("A1")).decode("utf-8").encode("cp874"))
    assert frame["description"].to_list() == ["ห้อง"]


def test_xlsx_with_number_date_and_boolean_cells():
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADER.split(","))
    sheet.append(
        [
            "s",
            1001,
            "1",
            "ห้อง",
            "วัน",
            1250,
            None,
            date(2017, 4, 1),
            datetime(2022, 4, 24),
            "src",
            True,
        ]
    )
    sheet.append(["s", "B2", "B", "x", "y", 350.5, "tariff", "2017-04-01", None, "src", False])
    buf = io.BytesIO()
    book.save(buf)
    frame = read_tariff(buf.getvalue())  # recognised as XLSX by its content
    assert frame["item_code"].to_list() == ["1001", "B2"]
    assert frame["unit_price_satang"].to_list() == [125000, 35050]
    assert frame["valid_until"].to_list() == [date(2022, 4, 24), None]
    assert frame["illustrative"].to_list() == [True, False]


def test_xlsx_rejections_carry_excel_row_numbers():
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADER.split(","))
    sheet.append(
        ["s", "A", "1", "d", "u", 0.001, None, datetime(2017, 4, 1, 8, 30), None, "src", "maybe"]
    )
    buf = io.BytesIO()
    book.save(buf)
    assert problems(buf.getvalue(), kind="xlsx") == [
        (2, "illustrative", "VALUE_INVALID", "maybe"),
        (2, "unit_price", "NUMBER_INVALID", "0.001"),
        (2, "valid_from", "DATETIME_INVALID", "2017-04-01T08:30:00"),
    ]


# --- every rejection ---------------------------------------------------------------------------------


def test_every_rejection_is_reported_per_row_and_nothing_is_accepted():
    data = csv_bytes(
        ok_row("A1"),  # row 2: fine, but the file is refused whole
        ok_row("A2", price="-5"),  # 3
        ok_row("A3", price="0"),  # 4
        ok_row("A4", price="abc"),  # 5
        ok_row("A5", price="12.345"),  # 6: finer than a satang
        ok_row("A6", price="1,250.00"),  # 7: no thousands separators
        ok_row("A7", price=""),  # 8
        ok_row("A8", start="2022-02-30"),  # 9
        ok_row("A9", start="24/04/2022"),  # 10
        ok_row("B1", start="2565-04-25"),  # 11: a Buddhist-Era year
        ok_row("B2", start=""),  # 12
        ok_row("B3", start="2022-04-25", end="2022-04-24"),  # 13
        ok_row("B4", pricing="cheapest"),  # 14
        ok_row("B5", illustrative="maybe"),  # 15
        "s,,1,d,u,1,,2020-01-01,,,",  # 16: no item code, no source
        ok_row("C1", end="2022-04-25"),  # 17
        ok_row("C1", start="2022-04-25"),  # 18: shares 25 April with row 17
        ok_row("C2"),  # 19: open-ended
        ok_row("C2", start="2030-01-01", end="2030-12-31"),  # 20: inside row 19's range
        "s,C3,1,d,u,1,,2020-01-01,,src,,extra",  # 21: a cell beyond the header
    )
    assert problems(data) == [
        (3, "unit_price", "AMOUNT_NOT_POSITIVE", "-5"),
        (4, "unit_price", "AMOUNT_NOT_POSITIVE", "0"),
        (5, "unit_price", "NUMBER_INVALID", "abc"),
        (6, "unit_price", "NUMBER_INVALID", "12.345"),
        (7, "unit_price", "NUMBER_INVALID", "1,250.00"),
        (8, "unit_price", "VALUE_REQUIRED", None),
        (9, "valid_from", "DATETIME_INVALID", "2022-02-30"),
        (10, "valid_from", "DATETIME_INVALID", "24/04/2022"),
        (11, "valid_from", "DATETIME_INVALID", "2565-04-25"),
        (12, "valid_from", "VALUE_REQUIRED", None),
        (13, "valid_until", "DATE_ORDER", "2022-04-24"),
        (14, "pricing", "VALUE_INVALID", "cheapest"),
        (15, "illustrative", "VALUE_INVALID", "maybe"),
        (16, "item_code", "VALUE_REQUIRED", None),
        (16, "source", "VALUE_REQUIRED", None),
        (18, "valid_from", "DUPLICATE_IN_FILE", "s C1: dates overlap row 17"),
        (20, "valid_from", "DUPLICATE_IN_FILE", "s C2: dates overlap row 19"),
        (21, None, "FILE_MALFORMED", "more cells than header columns"),
    ]


def test_header_problems():
    header = "schedule,item_code,item_code,description,unit,unit_price,valid_untill,source"
    assert problems(csv_bytes("x", header=header)) == [
        (1, "category", "COLUMN_MISSING", "category"),
        (1, "item_code", "DUPLICATE_IN_FILE", "column item_code"),
        (1, "valid_from", "COLUMN_MISSING", "valid_from"),
        (1, "valid_untill", "COLUMN_UNKNOWN", "valid_untill"),
    ]


def test_empty_and_unreadable_files():
    assert problems(b"") == [(1, None, "FILE_MALFORMED", "no header row")]
    assert problems(b"PK\x03\x04 not really a zip")[0][2] == "FILE_MALFORMED"
    assert read_tariff(csv_bytes()).is_empty()  # a header alone is an empty schedule


def test_the_codes_are_in_the_catalogue_or_proposed():
    """Every code the readers use is catalogued, or one of the two proposed ones."""
    for code in (
        "COLUMN_MISSING",
        "VALUE_REQUIRED",
        "NUMBER_INVALID",
        "DATETIME_INVALID",
        "DUPLICATE_IN_FILE",
        "AMOUNT_NOT_POSITIVE",
        "DATE_ORDER",
        "FILE_MALFORMED",
        "COLUMN_UNKNOWN",
        "VALUE_INVALID",
    ):
        assert code in CATALOGUE


# --- the shipped illustrative schedule ----------------------------------------------------------------

CHRGITEM_CATEGORIES = set("123456789ABCDEFGHIJ")


def test_the_illustrative_schedule_is_labelled_on_every_row():
    """FACTS.md "UCEP": the item rates were not found; the demo ships a clearly labelled
    illustrative schedule over the e-Claim CHRGITEM categories 1 … J. It prices UCEP (the EMS
    schedule) and, for want of any other general tariff in our sources, the demo's other
    claims: the same rows for both programmes."""
    both = read_tariff(ILLUSTRATIVE_PATH)
    frame = both.filter(pl.col("programme") == "ucep")
    general = both.filter(pl.col("programme") == "general")
    assert set(both["programme"]) == {"general", "ucep"}
    assert general.drop("programme").equals(frame.drop("programme"))
    assert 40 <= frame.height <= 50
    assert frame["illustrative"].all()
    assert set(frame["schedule"]) == {"ucep-illustrative"}
    assert all(
        s.startswith(
            "illustrative demo price — not the official EMS fee schedule (FACTS.md: the item rates were not found)"
        )
        for s in frame["source"]
    )
    assert set(frame["category"]) == CHRGITEM_CATEGORIES
    assert frame["valid_from"].min() == date(2017, 4, 1)  # UCEP in force 1 April 2017


def test_the_illustrative_diabetes_codes_change_on_25_april_2022():
    """Seed 002_80e7afba8787ed6d.txt, DatabasePatch25650425: the diabetes claim codes changed;
    "หากเบิกรหัสที่ยกเลิกไปแล้วจะไม่ได้รับการจ่ายชดเชย". The codes are illustrative and say so."""
    frame = read_tariff(ILLUSTRATIVE_PATH).filter(
        pl.col("item_code").str.starts_with("DM"), pl.col("programme") == "general"
    )
    withdrawn = frame.filter(pl.col("valid_until").is_not_null())
    new = frame.filter(pl.col("valid_until").is_null())
    assert withdrawn.height == 2 and new.height == 2
    assert set(withdrawn["valid_until"]) == {date(2022, 4, 24)}
    assert set(new["valid_from"]) == {date(2022, 4, 25)}
    assert all(
        "illustrative item code" in s and "DatabasePatch25650425" in s for s in frame["source"]
    )


# --- flat rates from parameters -----------------------------------------------------------------------


def test_body_handling_flat_rate_from_the_dated_parameter():
    """Seed 002_80e7afba8787ed6d.txt, "การบันทึกเบิกค่าจัดการศพโควิด": "จ่ายในอัตราเหมาจ่าย 2,500
    บาทต่อผู้เสียชีวิต" — priced as the tariff whatever the charge."""
    item = PARAMETER_ITEMS["COVID-BODY"]
    assert (item.parameter, item.pricing, item.limit) == (
        "covid.body_handling_per_deceased",
        "tariff",
        "one_per_claim",
    )
    rows = flat_rate_rows(default_parameters(), {"COVID-BODY": item})
    assert rows.schema == pl.Schema(schema.TARIFF)
    (row,) = rows.to_dicts()
    assert row["item_code"] == "COVID-BODY"
    assert row["unit_price_satang"] == 250_000
    assert row["pricing"] == "tariff"
    assert row["unit"] == "deceased"
    assert row["valid_from"] == date(2022, 4, 25)
    assert row["illustrative"] is False
    assert row["source"].startswith("parameter covid.body_handling_per_deceased: seed 002")
    assert "2,500" in row["source"]


def test_one_row_per_dated_value_of_the_parameter():
    params = default_parameters().with_overrides(
        {
            "covid.body_handling_per_deceased": [
                {
                    "from": date(2021, 1, 1),
                    "until": date(2022, 5, 14),
                    "value": 2500,
                    "source": "a",
                },
                {"from": date(2022, 5, 15), "value": 1500, "source": "b"},
            ]
        }
    )
    rows = flat_rate_rows(params, {"COVID-BODY": PARAMETER_ITEMS["COVID-BODY"]})
    assert rows["unit_price_satang"].to_list() == [250_000, 150_000]
    assert rows["valid_until"].to_list() == [date(2022, 5, 14), None]
    assert rows["source"].to_list() == [
        "parameter covid.body_handling_per_deceased: a",
        "parameter covid.body_handling_per_deceased: b",
    ]


def test_a_parameter_not_in_baht_cannot_be_a_price():
    with pytest.raises(TariffError, match="not baht"):
        flat_rate_rows(
            default_parameters(),
            {"X": ParameterItem("ucep.coverage_window_hours", "tariff", "one_per_claim", "X")},
        )


# --- checks on a tariff frame and the hash ---------------------------------------------------------


def test_default_tariff_combines_the_schedule_and_the_flat_rates():
    t = default_tariff()
    assert {"ucep-illustrative", "covid"} == set(t["schedule"])
    assert "COVID-BODY" in t["item_code"].to_list()
    check_tariff(t)


def test_one_item_code_in_two_schedules_on_a_shared_day_is_ambiguous():
    """A line carries an item code, not a schedule: one code, one price per day."""
    other = TARIFF.filter(pl.col("item_code") == "ROOM").with_columns(schedule=pl.lit("other"))
    with pytest.raises(TariffError, match="shared day"):
        combine(TARIFF, other)
    later = other.with_columns(valid_from=pl.lit(date(2040, 1, 1)))
    with pytest.raises(TariffError):
        combine(TARIFF, later)  # ROOM is open-ended in TARIFF
    bounded = TARIFF.with_columns(
        valid_until=pl.when(pl.col("item_code") == "ROOM")
        .then(pl.lit(date(2039, 12, 31)))
        .otherwise("valid_until")
    )
    assert combine(bounded, later).height == TARIFF.height + 1


def test_unusable_tariff_rows_are_refused():
    for change in (
        {"unit_price_satang": pl.lit(0, dtype=pl.Int64)},
        {"pricing": pl.lit("cheapest")},
        {"valid_until": pl.lit(date(2000, 1, 1))},
        {"item_code": pl.lit(None, dtype=pl.String)},
    ):
        with pytest.raises(TariffError):
            check_tariff(TARIFF.head(1).with_columns(**change))
    with pytest.raises(TariffError, match="lacks"):
        check_tariff(TARIFF.drop("pricing"))


def test_tariff_hash_is_blind_to_order_and_sees_every_value():
    """ARCHITECTURE.md: "Each decision stores the version (content hash) of the parameter set it
    used" — likewise the tariff that priced it."""
    h = tariff_hash(TARIFF)
    assert len(h) == 64 and int(h, 16) >= 0
    assert tariff_hash(TARIFF.reverse()) == h
    assert tariff_hash(TARIFF.select(reversed(TARIFF.columns))) == h
    assert tariff_hash(read_tariff(ILLUSTRATIVE_PATH)) == tariff_hash(
        read_tariff(ILLUSTRATIVE_PATH)
    )
    for column, value in (
        ("unit_price_satang", pl.lit(35001, dtype=pl.Int64)),
        ("valid_until", pl.lit(date(2030, 1, 1))),
        ("pricing", pl.lit("tariff")),
        ("source", pl.lit("another source")),
        ("illustrative", pl.lit(False)),
    ):
        changed = TARIFF.with_columns(
            pl.when(pl.int_range(pl.len()) == 0).then(value).otherwise(pl.col(column)).alias(column)
        )
        assert tariff_hash(changed) != h, column


def test_an_absurdly_large_price_is_not_a_number_we_accept():
    """Exactness: amounts stay within Decimal's 28 digits and Int64 satang."""
    assert problems(csv_bytes(ok_row("A1", price="1" + "0" * 30))) == [
        (2, "unit_price", "NUMBER_INVALID", "1" + "0" * 30)
    ]
    assert (
        read_tariff(csv_bytes(ok_row("A1", price="999999999999999.99")))["unit_price_satang"][0]
        == 99999999999999999
    )
