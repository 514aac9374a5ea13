"""The shipped HI Portal parameters (rules/params/scalars/isolation/).

Seed 000_a3b7e1d5dbe51319.txt, NHSO letter dated ๒๗ กรกฎาคม ๒๕๖๔: "รอบที่ ๑ ภายในเวลา ๑๒.๐๐ น. และ
รอบที่ ๒ ภายในเวลา ๑๘.๐๐ น. ของทุกวัน"."""

from __future__ import annotations

from datetime import date

import pytest

from sitthi.rules.isolation import rounds
from sitthi.rules.params import ParamLookupError, default_parameters


@pytest.mark.parametrize(("name", "value"), [(rounds.ROUND_1, "12:00"), (rounds.ROUND_2, "18:00")])
def test_round_deadlines_are_dated_and_cited(name, value):
    """Seed 000: "รอบที่ ๑ ภายในเวลา ๑๒.๐๐ น. และรอบที่ ๒ ภายในเวลา ๑๘.๐๐ น. ของทุกวัน", in force
    from the letter's date, 27 July 2021; nothing before it; no end known."""
    p = default_parameters().parameter(name)
    assert p.unit == "HH:MM" and len(p.values) == 1
    v = p.values[0]
    assert (v.value, v.valid_from, v.valid_until) == (value, date(2021, 7, 27), None)
    assert "seed 000_a3b7e1d5dbe51319.txt" in v.source
    assert "รอบที่ ๑ ภายในเวลา ๑๒.๐๐ น. และรอบที่ ๒ ภายในเวลา ๑๘.๐๐ น. ของทุกวัน" in v.source
    with pytest.raises(ParamLookupError):
        default_parameters().value(name, date(2021, 7, 26))


def test_isolation_parameters_are_the_round_deadlines_and_care_rates_live_with_covid():
    """The isolation parameters are the two round deadlines; the HI/CI care rates are COVID-19
    payment rates (covid.hici_*), dated 11 Jul 2021 – 14 May 2022 (tests/rules/claims/test_hici.py)."""
    names = default_parameters().names()
    assert [n for n in names if n.startswith("isolation.")] == [rounds.ROUND_1, rounds.ROUND_2]
    hici = [n for n in names if n.startswith("covid.hici_")]
    assert len(hici) == 5
    for n in hici:
        (v,) = default_parameters().parameter(n).values
        assert (v.valid_from.isoformat(), v.valid_until.isoformat()) == ("2021-07-11", "2022-05-14")
