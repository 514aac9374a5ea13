"""Initial-assistance ceilings, time limits and the ``confirmed`` flag of dated parameters.

Sources (DOMAIN.md §5: "a committee decides the category and amount within the regulation's
ceilings ... Ceilings are dated data"):

- FACTS.md "Initial assistance ceilings":
  * COVID-19 vaccine injury [V]: 400,000 / 240,000 / 100,000 baht "from 5 April 2021; request
    within 2 years" — seed 002_80e7afba8787ed6d.txt line 7.
  * Providers harmed [V]: 240,000–400,000; 100,000–240,000; "up to 100,000" — seed line 6.
  * Patients harmed (Section 41) [V]: "request within 1 year of learning of the harm";
    ceilings [?] 400,000 / 240,000 / 100,000 "a labelled default to confirm" — seed line 5.

The shipped ``default_parameters()`` are used throughout, with the figures written out here, so
a changed YAML file fails these tests loudly.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sitthi.rules.assistance import (
    CATEGORIES,
    PROGRAMMES,
    Timeliness,
    add_years,
    amount_problem,
    ceiling,
    ceilings,
    timeliness,
)
from sitthi.rules.kernel.thaitime import BANGKOK
from sitthi.rules.params import (
    ParameterSet,
    ParamFileError,
    ParamLookupError,
    default_parameters,
    load_parameters,
)

PARAMS = default_parameters()
SATANG = Decimal("0.01")
DAY = date(2024, 1, 10)  # a day on which all three programmes have ceilings

# (programme, category, least amount or None, ceiling) — FACTS.md "Initial assistance ceilings"
TABLE = [
    # Section 41, seed 002_80e7afba8787ed6d.txt line 5 ([?] labelled default)
    ("section41", "death_disability", None, Decimal("400000")),
    ("section41", "organ_loss", None, Decimal("240000")),
    ("section41", "injury", None, Decimal("100000")),
    # providers, seed line 6 ([V] ranges from–to)
    ("provider", "death_disability", Decimal("240000"), Decimal("400000")),
    ("provider", "organ_loss", Decimal("100000"), Decimal("240000")),
    ("provider", "injury", None, Decimal("100000")),
    # COVID-19 vaccine, seed line 7 ([V] up to)
    ("vaccine", "death_disability", None, Decimal("400000")),
    ("vaccine", "organ_loss", None, Decimal("240000")),
    ("vaccine", "injury", None, Decimal("100000")),
]
IDS = [f"{p}-{c}" for p, c, _, _ in TABLE]


# -- the programmes ----------------------------------------------------------------------------


def test_three_programmes_with_their_prefixes_sources_and_categories():
    """DOMAIN.md §5 names three programmes; seed 002 lines 5, 6, 7 give one guideline each."""
    assert {code: p.prefix for code, p in PROGRAMMES.items()} == {
        "section41": "S41",
        "provider": "PRV",
        "vaccine": "VAC",
    }
    assert PROGRAMMES["section41"].source == "seed 002_80e7afba8787ed6d.txt, line 5"
    assert PROGRAMMES["provider"].source == "seed 002_80e7afba8787ed6d.txt, line 6"
    assert PROGRAMMES["vaccine"].source == "seed 002_80e7afba8787ed6d.txt, line 7"
    assert CATEGORIES == ("death_disability", "organ_loss", "injury")
    for p in PROGRAMMES.values():
        assert tuple(p.categories) == CATEGORIES
        assert all(th and en for th, en in p.categories.values())
    # only the provider programme has no time limit in our sources
    assert PROGRAMMES["provider"].request_within_param is None
    assert PROGRAMMES["section41"].request_within_param is not None
    assert PROGRAMMES["vaccine"].request_within_param is not None


@pytest.mark.parametrize("programme", ["section41", "provider", "vaccine"])
def test_the_shipped_figures(programme):
    """FACTS.md "Initial assistance ceilings": each category's (least, most) amount."""
    got = {k: (c.low, c.high) for k, c in ceilings(programme, DAY, PARAMS).items()}
    want = {cat: (low, high) for p, cat, low, high in TABLE if p == programme}
    assert got == want


@pytest.mark.parametrize(("programme", "category", "low", "high"), TABLE, ids=IDS)
def test_at_the_ceiling_is_allowed_one_satang_over_is_not(programme, category, low, high):
    """FACTS.md "Initial assistance ceilings": "up to" — the ceiling itself may be awarded."""
    c = ceiling(programme, category, DAY, PARAMS)
    assert c.high == high
    assert amount_problem(c, high) is None
    assert amount_problem(c, high + SATANG) == "ASSIST_OVER_CEILING"
    assert amount_problem(c, high - SATANG) is None


@pytest.mark.parametrize(("programme", "category", "low", "high"), TABLE, ids=IDS)
def test_a_range_least_amount_is_allowed_one_satang_under_is_not(programme, category, low, high):
    """FACTS.md, providers harmed (seed 002 line 6): 240,000–400,000 and 100,000–240,000 are
    ranges; the other categories have no least amount, so one satang is a valid award."""
    c = ceiling(programme, category, DAY, PARAMS)
    assert c.low == low
    if low is None:
        assert amount_problem(c, SATANG) is None
    else:
        assert amount_problem(c, low) is None
        assert amount_problem(c, low - SATANG) == "ASSIST_UNDER_FLOOR"
        assert amount_problem(c, SATANG) == "ASSIST_UNDER_FLOOR"


@pytest.mark.parametrize(("programme", "category", "low", "high"), TABLE, ids=IDS)
def test_zero_negative_and_fractions_of_a_satang(programme, category, low, high):
    """An award is a positive amount in baht and satang (FACTS.md ceilings are in baht)."""
    c = ceiling(programme, category, DAY, PARAMS)
    assert amount_problem(c, Decimal("0")) == "AMOUNT_NOT_POSITIVE"
    assert amount_problem(c, Decimal("0.00")) == "AMOUNT_NOT_POSITIVE"
    assert amount_problem(c, Decimal("-1")) == "AMOUNT_NOT_POSITIVE"
    assert amount_problem(c, Decimal("-0.01")) == "AMOUNT_NOT_POSITIVE"
    # three decimals is refused, even inside the range and even a thousandth over the ceiling
    assert amount_problem(c, high - Decimal("0.001")) == "ASSIST_AMOUNT_SATANG"
    assert amount_problem(c, high + Decimal("0.001")) == "ASSIST_AMOUNT_SATANG"


@given(
    category=st.sampled_from(CATEGORIES),
    satang=st.integers(min_value=-(10**8), max_value=10**8),
)
def test_provider_amounts_against_their_range(category, satang):
    """Seed 002 line 6 (FACTS.md providers): an amount in satang is accepted exactly when it is
    positive and within [least, most] of its category."""
    c = ceiling("provider", category, DAY, PARAMS)
    amount = Decimal(satang).scaleb(-2)
    problem = amount_problem(c, amount)
    if amount <= 0:
        assert problem == "AMOUNT_NOT_POSITIVE"
    elif amount > c.high:
        assert problem == "ASSIST_OVER_CEILING"
    elif c.low is not None and amount < c.low:
        assert problem == "ASSIST_UNDER_FLOOR"
    else:
        assert problem is None


def test_ceilings_cite_their_source():
    """Every ceiling carries its source: FACTS.md and the seed's line for the programme."""
    lines = {"section41": "line 5", "provider": "line 6", "vaccine": "line 7"}
    for programme, line in lines.items():
        for c in ceilings(programme, DAY, PARAMS).values():
            assert 'FACTS.md "Initial assistance ceilings"' in c.source
            assert "002_80e7afba8787ed6d.txt" in c.source and line in c.source
            assert (c.programme, c.valid_until) == (programme, None)


# -- confirmed / unconfirmed and the dates ceilings start --------------------------------------


def test_section41_ceilings_are_an_unconfirmed_default_the_others_are_confirmed():
    """FACTS.md: Section 41 ceilings are [?] "a labelled default to confirm" (seed line 5);
    vaccine (line 7) and provider (line 6) figures are [V]."""
    for c in ceilings("section41", DAY, PARAMS).values():
        assert c.confirmed is False
    for programme in ("vaccine", "provider"):
        for c in ceilings(programme, DAY, PARAMS).values():
            assert c.confirmed is True
    value = PARAMS.value("assistance.section41_ceilings", DAY)
    assert value.confirmed is False and value.note  # an unconfirmed value says what to confirm


def test_vaccine_ceilings_start_on_5_april_2021():
    """FACTS.md, COVID-19 vaccine injury: "from 5 April 2021" (seed 002 line 7)."""
    with pytest.raises(ParamLookupError):
        ceilings("vaccine", date(2021, 4, 4), PARAMS)
    got = ceilings("vaccine", date(2021, 4, 5), PARAMS)
    assert got["death_disability"].high == Decimal("400000")
    assert got["injury"].valid_from == date(2021, 4, 5)


@pytest.mark.parametrize("programme", ["section41", "provider"])
def test_section41_and_provider_ceilings_start_on_the_seed_briefing_day(programme):
    """Seed 002 lines 1-6: the briefing of 26 May 2022 is the earliest day our sources show the
    Section 41 (line 5) and provider (line 6) guidelines in force; before it there is no ceiling."""
    with pytest.raises(ParamLookupError):
        ceiling(programme, "injury", date(2022, 5, 25), PARAMS)
    assert ceiling(programme, "injury", date(2022, 5, 26), PARAMS).high == Decimal("100000")


def test_a_lookup_takes_a_day_not_a_datetime():
    """The loader's contract: the caller converts an aware datetime to its Bangkok day."""
    with pytest.raises(TypeError):
        ceilings("vaccine", datetime(2024, 1, 1, 9, 0, tzinfo=BANGKOK), PARAMS)


# -- add_years ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "years", "expected"),
    [
        (date(2024, 2, 29), 1, date(2025, 2, 28)),  # 29 Feb falls back in a common year
        (date(2024, 2, 29), 4, date(2028, 2, 29)),  # and stays in a leap year
        (date(2024, 2, 29), 2, date(2026, 2, 28)),
        (date(2024, 2, 28), 1, date(2025, 2, 28)),
        (date(2023, 3, 1), 1, date(2024, 3, 1)),  # ordinary day
        (date(2021, 6, 1), 2, date(2023, 6, 1)),
        (date(2023, 12, 31), 1, date(2024, 12, 31)),
    ],
)
def test_add_years(start, years, expected):
    """FACTS.md: "request within 1 year" / "within 2 years" — the same day N years later."""
    assert add_years(start, years) == expected


# -- timeliness ---------------------------------------------------------------------------------


def test_section41_one_year_from_learning_of_the_harm():
    """FACTS.md Section 41 [V]: "request within 1 year of learning of the harm" (seed line 5)."""
    learned = date(2023, 3, 1)
    on_time = timeliness("section41", learned, date(2024, 3, 1), PARAMS)
    assert (on_time.status, on_time.deadline, on_time.years) == ("in_time", date(2024, 3, 1), 1)
    assert on_time.late is False
    assert "FACTS.md" in on_time.source
    late = timeliness("section41", learned, date(2024, 3, 2), PARAMS)
    assert (late.status, late.deadline, late.years) == ("late", date(2024, 3, 1), 1)
    assert late.late is True
    # received on the very day the harm became known
    assert timeliness("section41", learned, learned, PARAMS).status == "in_time"


def test_section41_learned_on_29_february():
    """FACTS.md Section 41: one year from 29 Feb 2024 ends 28 Feb 2025 (no 29 Feb in 2025)."""
    learned = date(2024, 2, 29)
    assert timeliness("section41", learned, date(2025, 2, 28), PARAMS) == Timeliness(
        "in_time",
        date(2025, 2, 28),
        1,
        PARAMS.value("assistance.section41_request_within_years", learned).source,
    )
    assert timeliness("section41", learned, date(2025, 3, 1), PARAMS).status == "late"


def test_vaccine_two_years():
    """FACTS.md COVID-19 vaccine injury [V]: "request within 2 years" (seed line 7)."""
    learned = date(2021, 6, 1)
    on_time = timeliness("vaccine", learned, date(2023, 6, 1), PARAMS)
    assert (on_time.status, on_time.deadline, on_time.years) == ("in_time", date(2023, 6, 1), 2)
    late = timeliness("vaccine", learned, date(2023, 6, 2), PARAMS)
    assert (late.status, late.deadline) == ("late", date(2023, 6, 1))
    # a Section 41 request of the same dates would be a year late
    assert timeliness("section41", date(2022, 6, 1), date(2024, 6, 1), PARAMS).status == "late"


def test_providers_are_not_checked():
    """FACTS.md providers harmed (seed line 6) give no time limit: nothing is checked."""
    t = timeliness("provider", date(2022, 6, 1), date(2030, 1, 1), PARAMS)
    assert t == Timeliness("unchecked")
    assert (t.deadline, t.years, t.late) == (None, None, False)


@pytest.mark.parametrize(
    ("programme", "learned"),
    [("section41", date(2022, 5, 25)), ("vaccine", date(2021, 4, 4))],
)
def test_learned_before_the_time_limit_is_in_force_is_unchecked(programme, learned):
    """FACTS.md: the time limits are dated parameters (Section 41 from the seed 002 briefing of
    26 May 2022, vaccine from 5 April 2021); before them no limit is known."""
    t = timeliness(programme, learned, date(2030, 1, 1), PARAMS)
    assert (t.status, t.deadline) == ("unchecked", None)


# -- the loader's ``confirmed`` key ---------------------------------------------------------


def _mapping(**extra) -> dict:
    """One parameter file's content, shaped like data/assistance/section41_ceilings.yaml."""
    value = {
        "from": date(2022, 5, 26),
        "value": {"injury": {"max": 100000}},
        "source": 'FACTS.md "Initial assistance ceilings"; seed 002_80e7afba8787ed6d.txt, line 5',
        "note": "a default awaiting confirmation",
        **extra,
    }
    return {
        "assistance.demo_ceilings": {
            "unit": "THB",
            "description_th": "เพดาน",
            "description_en": "ceilings",
            "values": [value],
        }
    }


@pytest.mark.parametrize("bad", ["no", "false", "yes", 0, 1, None])
def test_confirmed_must_be_true_or_false(bad):
    """FACTS.md marks figures [V] or [?]; the file says which with a true/false flag only."""
    with pytest.raises(ParamFileError) as info:
        ParameterSet.from_mapping(_mapping(confirmed=bad))
    assert "confirmed" in str(info.value)


def test_confirmed_no_in_a_file_is_rejected(tmp_path):
    """The YAML text ``confirmed: "no"`` (a string) is refused with the file named."""
    path = tmp_path / "assistance" / "demo_ceilings.yaml"
    path.parent.mkdir()
    path.write_text(
        "unit: THB\n"
        "description_th: เพดาน\n"
        "description_en: ceilings\n"
        "values:\n"
        "  - from: 2022-05-26\n"
        "    value: {injury: {max: 100000}}\n"
        '    confirmed: "no"\n'
        "    source: FACTS.md Initial assistance ceilings\n"
        "    note: to confirm\n",
        encoding="utf-8",
    )
    with pytest.raises(ParamFileError) as info:
        load_parameters(tmp_path)
    assert "demo_ceilings.yaml" in str(info.value) and "confirmed" in str(info.value)


def test_an_unconfirmed_value_needs_a_note():
    """FACTS.md [?] "a labelled default to confirm": the label says what is to be confirmed."""
    data = _mapping(confirmed=False)
    del data["assistance.demo_ceilings"]["values"][0]["note"]
    with pytest.raises(ParamFileError) as info:
        ParameterSet.from_mapping(data)
    assert "note" in str(info.value)
    # with a note it loads, marked unconfirmed
    ps = ParameterSet.from_mapping(_mapping(confirmed=False))
    assert ps.value("assistance.demo_ceilings", date(2024, 1, 1)).confirmed is False


def test_an_unconfirmed_value_changes_the_hash():
    """An unconfirmed default is part of what a decision relied on: the version shows it."""
    unconfirmed = ParameterSet.from_mapping(_mapping(confirmed=False))
    confirmed = ParameterSet.from_mapping(_mapping(confirmed=True))
    assert unconfirmed.content_hash != confirmed.content_hash
    assert unconfirmed.version != confirmed.version


def test_confirmed_true_and_no_key_hash_alike():
    """Sets written before the key existed keep their hashes: ``confirmed: true`` is the default."""
    with_key = ParameterSet.from_mapping(_mapping(confirmed=True))
    without_key = ParameterSet.from_mapping(_mapping())
    assert with_key.content_hash == without_key.content_hash
    assert without_key.value("assistance.demo_ceilings", date(2024, 1, 1)).confirmed is True


def test_overrides_check_confirmed_too():
    """``with_overrides`` validates values as files are: a bad flag is refused there as well."""
    good = {
        "from": date(2022, 5, 26),
        "value": {
            "death_disability": {"max": 400000},
            "organ_loss": {"max": 240000},
            "injury": {"max": 100000},
        },
        "source": "a confirmed regulation",
    }
    with pytest.raises(ParamFileError):
        PARAMS.with_overrides({"assistance.section41_ceilings": [{**good, "confirmed": "yes"}]})
    confirmed = PARAMS.with_overrides({"assistance.section41_ceilings": [good]})
    assert all(c.confirmed for c in ceilings("section41", DAY, confirmed).values())
    assert confirmed.version != PARAMS.version
