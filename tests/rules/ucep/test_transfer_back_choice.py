"""Which MOPH hospital is proposed when the transfer back goes to "a MOPH hospital"
(sitthi.rules.ucep.transfer_back.moph_candidates / choose_moph_hospital).

Seed 001_9fcdabf8e5dd4edb.txt, "แนวทางรับย้ายกลับ รพ. รัฐ":
  "สิทธิข้าราชการในหน่วยงานที่มีรพ.ในสังกัด ... กรณีรักษาที่รพ.เอกชนนอกจังหวัดที่ตั้งของรพ.ในสังกัดของ
  หน่วยงาน --- ย้ายไปรพ.สังกัดกระทรวงสาธารณสุข" and
  "สิทธิข้าราชการในหน่วยงานที่ไม่มีรพ.ในสังกัด ... กรณีรักษาที่รพ.เอกชนในต่างจังหวัด --- ย้ายกลับรพ.สังกัด
  กระทรวงสาธารณสุข".
The seed does not say which MOPH hospital: one in the private hospital's province (our reading),
proposed by level code then hospital code (the order the service has always used); the
coordination centre picks.
"""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from sitthi.rules.ucep.transfer_back import (
    TransferCase,
    Unit,
    advise,
    choose_moph_hospital,
    moph_candidates,
)

KHON_KAEN = "40"

UNITS = [
    Unit("10670", KHON_KAEN, "A", moph=True, public=True),
    Unit("10999", KHON_KAEN, "F2", moph=True, public=True),
    Unit("10998", KHON_KAEN, "F2", moph=True, public=True),
    Unit("11000", KHON_KAEN, "A", moph=False, public=True),  # public, another agency
    Unit("90040", KHON_KAEN, "", moph=False, public=False),  # private
    Unit("10500", "50", "A", moph=True, public=True),  # MOPH, another province
]


def test_only_public_moph_hospitals_of_the_province():
    """Seed 001: "ย้ายไปรพ.สังกัดกระทรวงสาธารณสุข" — a hospital under the Ministry of Public
    Health (not another agency's, not private), in the private hospital's province."""
    assert [u.hcode for u in moph_candidates(UNITS, KHON_KAEN)] == ["10670", "10998", "10999"]
    assert [u.hcode for u in moph_candidates(UNITS, "50")] == ["10500"]


def test_the_first_proposed_is_by_level_then_code():
    """Seed 001, "ย้ายกลับรพ.สังกัดกระทรวงสาธารณสุข": the seed names no order; the proposal is by
    level code, then hospital code (two F2 hospitals: the lower code first)."""
    assert choose_moph_hospital(UNITS, KHON_KAEN) == "10670"
    f2_only = [u for u in UNITS if u.level != "A"]
    assert choose_moph_hospital(f2_only, KHON_KAEN) == "10998"


def test_the_order_is_the_level_code_as_text():
    """The order kept from the service (``order_by("level", "hcode")``): level codes as text,
    a hospital with no recorded level first."""
    units = [
        Unit(f"1{i:04d}", KHON_KAEN, level, moph=True, public=True)
        for i, level in enumerate(["S", "M2", "M1", "F3", "F2", "F1", "A", ""])
    ]
    levels = [u.level for u in moph_candidates(units, KHON_KAEN)]
    assert levels == ["", "A", "F1", "F2", "F3", "M1", "M2", "S"]


def test_no_moph_hospital_in_the_province():
    """Seed 001: when the province has no public MOPH hospital nothing is proposed; the
    coordination centre finds one (left to people)."""
    assert choose_moph_hospital(UNITS, "10") is None
    assert moph_candidates([], KHON_KAEN) == []


def test_the_advice_names_the_province_the_choice_looks_in():
    """Seed 001, "สิทธิข้าราชการในหน่วยงานที่ไม่มีรพ.ในสังกัด ... กรณีรักษาที่รพ.เอกชนในต่างจังหวัด ---
    ย้ายกลับรพ.สังกัดกระทรวงสาธารณสุข": the advice has no target, only the province; the choice
    proposes the hospital there."""
    advice = advise(TransferCase("CSMBS", KHON_KAEN))
    assert (advice.kind, advice.target, advice.province) == ("moph_in_province", None, KHON_KAEN)
    assert choose_moph_hospital(UNITS, advice.province) == "10670"


units = st.builds(
    Unit,
    hcode=st.from_regex(r"\d{5}", fullmatch=True),
    province=st.sampled_from(["10", "40", "50"]),
    level=st.sampled_from(["", "A", "S", "M1", "M2", "F1", "F2", "F3"]),
    moph=st.booleans(),
    public=st.booleans(),
)


@given(st.lists(units, max_size=30, unique_by=lambda u: u.hcode), st.sampled_from(["10", "40"]))
def test_the_choice_is_the_first_candidate_and_the_candidates_are_in_order(given_units, province):
    """Seed 001, "ย้ายไปรพ.สังกัดกระทรวงสาธารณสุข": whatever the order the units come in, the
    candidates are the public MOPH hospitals of the province, in (level, hcode) order, and
    the choice is the first of them."""
    ordered = moph_candidates(given_units, province)
    assert all(u.moph and u.public and u.province == province for u in ordered)
    assert [(u.level, u.hcode) for u in ordered] == sorted((u.level, u.hcode) for u in ordered)
    assert len(ordered) == sum(
        1 for u in given_units if u.moph and u.public and u.province == province
    )
    assert choose_moph_hospital(list(reversed(given_units)), province) == (
        ordered[0].hcode if ordered else None
    )
