"""Dates as Thai form users type them: one reader (thaitime.read_date), BE or CE."""

from __future__ import annotations

from datetime import date

import pytest

from sitthi.rules.kernel import thaitime

TODAY = date(2026, 12, 6)


@pytest.mark.parametrize(
    ("typed", "era"),
    [
        ("2567-03-01", "BE"),
        ("01/03/2567", "BE"),
        ("1/3/2567", "BE"),
        ("2024-03-01", "CE"),
        ("01/03/2024", "CE"),
        (" 01.03.2567 ", "BE"),
    ],
)
def test_be_and_ce_read_the_same_day(typed, era):
    read = thaitime.read_date(typed, TODAY)
    assert read.value == date(2024, 3, 1) and read.era == era
    assert read.hint("th") == "อ่านเป็น 1 มี.ค. 2567 (ค.ศ. 2024)"
    assert read.hint("en") == "read as 1 Mar 2024 CE (2567 BE)"


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("3024-01-01", "DATE_ABSURD"),  # BE 3024 = CE 2481: centuries ahead
        ("01/01/3024", "DATE_ABSURD"),
        ("1850-01-01", "DATE_ABSURD"),  # neither a BE year nor 1900–2200 CE
        ("2300-01-01", "DATE_ABSURD"),  # between the two eras: refused, not guessed
        ("2442-12-31", "DATE_ABSURD"),  # BE 2442 = CE 1899, before 1900
        ("2060-01-01", "DATE_ABSURD"),  # more than YEARS_AHEAD past today
        ("30/02/2567", "DATE_INVALID"),
        ("2024-02-30", "DATE_INVALID"),
        ("2024-13-01", "DATE_INVALID"),
        ("yesterday", "DATE_INVALID"),
        ("01-03-67", "DATE_INVALID"),
    ],
)
def test_absurd_and_impossible_dates_are_refused_with_a_code(typed, code):
    with pytest.raises(thaitime.DateUnread) as info:
        thaitime.read_date(typed, TODAY)
    assert info.value.code == code


def test_the_edges_of_the_accepted_range():
    assert thaitime.read_date("01/01/2443", TODAY).value == date(1900, 1, 1)
    assert thaitime.read_date("1900-01-01", TODAY).value == date(1900, 1, 1)
    assert thaitime.read_date("2046-12-06", TODAY).value == date(2046, 12, 6)
    assert thaitime.read_date("29/02/2567", TODAY).value == date(2024, 2, 29)


def test_form_value_writes_dates_in_the_buddhist_era():
    assert thaitime.form_value(date(2024, 3, 1)) == "01/03/2567"
    assert thaitime.form_value("2024-03-01") == "2024-03-01"  # typed text stays as typed
    assert thaitime.form_value(None) == ""


def test_datetime_fields_read_the_year_the_same_way():
    from datetime import datetime

    assert thaitime.read_datetime("2567-03-01T10:30", TODAY) == datetime(2024, 3, 1, 10, 30)
    assert thaitime.read_datetime("2024-03-01T10:30", TODAY) == datetime(2024, 3, 1, 10, 30)
    assert thaitime.read_datetime("01/03/2567 10:30", TODAY) == datetime(2024, 3, 1, 10, 30)
    for typed, code in (
        ("3024-03-01T10:30", "DATE_ABSURD"),
        ("2024-03-01T25:00", "DATETIME_INVALID"),
        ("soon", "DATETIME_INVALID"),
    ):
        with pytest.raises(thaitime.DateUnread) as info:
            thaitime.read_datetime(typed, TODAY)
        assert info.value.code == code
