"""The shipped HI Portal parameters (rules/params/data/isolation/).

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


def test_no_hi_ci_care_rate_is_shipped_without_a_start_date():
    """FACTS.md gives the 2021 HI/CI rates ([V]: 600 / 1,000 baht a day, devices up to 1,100,
    drugs up to 7,200, oxygen 450 a day) but no date they took effect, and the seeds give none:
    a rate without its date would be a guess (ARCHITECTURE.md: "never a silent default"). The
    isolation parameters are the two round deadlines only, until a dated source is found."""
    names = [n for n in default_parameters().names() if n.startswith("isolation.")]
    assert names == [rounds.ROUND_1, rounds.ROUND_2]
