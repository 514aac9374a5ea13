"""The list machinery every list page shares (``sitthi.web.listing``), on plain rows: every
problem reported at once, dates read in either era, filters a role is not offered ignored."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from sitthi.core.errors import SitthiError
from sitthi.web.listing import Filter, Listing

TODAY = date(2026, 12, 7)


@dataclass
class Row:
    name: str
    colour: str
    day: date


ROWS = [Row("a", "red", date(2024, 3, d)) for d in range(1, 11)] + [
    Row("b", "blue", date(2024, 4, 1))
]


@dataclass
class Who:
    role: str


LISTING = Listing(
    "rows",
    (
        Filter(
            "colour",
            ("สี", "Colour"),
            "choice",
            lambda rows, v: [r for r in rows if r.colour == v],
            (("red", "แดง"), ("blue", "น้ำเงิน")),
        ),
        Filter(
            "secret",
            ("เฉพาะเจ้าหน้าที่", "Staff only"),
            "text",
            lambda rows, v: [r for r in rows if r.name == v],
            shown=lambda who: who.role == "nhso",
        ),
        Filter(
            "from", ("ตั้งแต่", "From"), "date_from", lambda rows, v: [r for r in rows if r.day >= v]
        ),
        Filter("to", ("ถึง", "To"), "date_to", lambda rows, v: [r for r in rows if r.day <= v]),
    ),
    search=lambda rows, text: [r for r in rows if text in r.name],
)


def test_filters_combine_and_read_either_era():
    got = LISTING.apply(
        Who("nhso"), ROWS, {"colour": "red", "from": "03/03/2567", "to": "2024-03-05"}, TODAY
    )
    assert [r.day.day for r in got] == [3, 4, 5]
    assert LISTING.apply(Who("nhso"), ROWS, {"q": "b"}, TODAY) == [ROWS[-1]]


def test_every_problem_is_reported_at_once_with_its_field():
    with pytest.raises(SitthiError) as caught:
        LISTING.apply(
            Who("nhso"),
            ROWS,
            {"colour": "green", "from": "10/03/2567", "to": "01/03/2567", "q": "x" * 101},
            TODAY,
        )
    got = sorted((i.code, i.field) for i in caught.value.items)
    assert got == [
        ("DATE_ORDER", "to"),
        ("LIST_FILTER_INVALID", "colour"),
        ("LIST_FILTER_INVALID", "q"),
    ]
    message = caught.value.items[0].as_dict()
    assert message["message_th"] and message["message_en"]
    with pytest.raises(SitthiError) as caught:
        LISTING.apply(Who("nhso"), ROWS, {"from": "30/02/2567", "to": "01/01/1066"}, TODAY)
    assert sorted(i.code for i in caught.value.items) == ["DATE_ABSURD", "DATE_INVALID"]


def test_a_filter_not_offered_to_a_role_is_ignored_not_applied():
    assert LISTING.apply(Who("hospital"), ROWS, {"secret": "b"}, TODAY) == ROWS
    assert LISTING.apply(Who("nhso"), ROWS, {"secret": "b"}, TODAY) == [ROWS[-1]]
    assert [f.name for f in LISTING.offered(Who("hospital"))] == ["q", "colour", "from", "to"]


def test_names_that_clash_with_paging_or_each_other_are_refused():
    with pytest.raises(ValueError):
        Listing("bad", (Filter("page", ("หน้า", "Page")),))
    with pytest.raises(ValueError):
        Listing("bad", (Filter("a", ("ก", "A")), Filter("a", ("ก", "A"))))
    with pytest.raises(ValueError):
        Filter("a", ("ก", "A"), "colour")
