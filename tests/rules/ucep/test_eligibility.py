"""Who UCEP covers (sitthi.rules.ucep.eligibility): seed 001_9fcdabf8e5dd4edb.txt §1, its three
conditions and the last bullet ("ก็ให้ใช้ระบบปกติของกองทุนนั้นๆ"); seed 004_0cb97de555201e57.txt
"ขั้นตอนการใช้สิทธิ UCEP" for a patient who is not emergency-critical."""

from __future__ import annotations

import itertools

import pytest

from sitthi.rules.ucep.eligibility import FAILURES, eligibility

OK = {
    "fund": "UCS",
    "programme_of_fund": "UC",
    "hospital_private": True,
    "hospital_in_network": False,
    "emergency_critical": True,
}


def check(**kw):
    return eligibility(**{**OK, **kw})


@pytest.mark.parametrize(("fund", "programme"), [("UCS", "UC"), ("SSS", "SSS"), ("OFC", "CSMBS")])
def test_each_of_the_three_funds_is_covered(fund, programme):
    """Seed 001 §1, 1st bullet: "ผู้มีสิทธิประกันสุขภาพในการดูแลของ 3 กองทุน คือ สปสช.
    ,สำนักงานประกันสังคม, กรมบัญชีกลาง"."""
    e = check(fund=fund, programme_of_fund=programme)
    assert (e.eligible, e.failed, e.reasons) == (True, (), ())
    assert "UCEP" in e.th and fund in e.en


@pytest.mark.parametrize(
    ("fund", "programme"), [(None, None), ("LGO", "OTHER"), ("XYZ", None), (None, "UC")]
)
def test_no_covered_fund(fund, programme):
    """Seed 001 §1, 1st bullet: only the three funds (LGO, programme OTHER, is not one yet:
    "ในอนาคตต้องเข้าทุกกองทุน")."""
    e = check(fund=fund, programme_of_fund=programme)
    assert (e.eligible, e.failed) == (False, ("NO_COVERED_FUND",))
    assert "ไม่อยู่ในความคุ้มครอง UCEP" in e.th


def test_state_hospital():
    """Seed 001 §1, 2nd bullet "โรงพยาบาลเอกชน" and last bullet "กรณีเข้ารับการรักษาในรพ.ของรัฐ ...
    ก็ให้ใช้ระบบปกติของกองทุนนั้นๆ"."""
    e = check(hospital_private=False)
    assert (e.eligible, e.failed) == (False, ("STATE_HOSPITAL",))
    assert "ใช้ระบบปกติของกองทุน UCS" in e.th
    assert "normal system of the fund UCS applies" in e.en


def test_private_hospital_in_the_funds_network():
    """Seed 001 §1, 2nd bullet "เป็นโรงพยาบาลนอกคู่สัญญากับกองทุนที่ผู้ป่วยมีสิทธิ"; last bullet."""
    e = check(hospital_in_network=True)
    assert (e.eligible, e.failed) == (False, ("IN_NETWORK",))
    assert e.reasons[0].source.startswith("seed 001_9fcdabf8e5dd4edb.txt §1")


def test_not_emergency_critical_goes_to_the_own_rights_hospital_or_pays():
    """Seed 001 §1, 3rd bullet; seed 004 "ขั้นตอนการใช้สิทธิ UCEP": "กรณีไม่เข้าเกณฑ์ฉุกเฉินวิกฤต
    ให้รีบประสานโรงพยาบาลตามสิทธิหากประสงค์รักษาต่อต้องรับผิดชอบค่าใช้จ่ายเอง"."""
    e = check(emergency_critical=False)
    assert (e.eligible, e.failed) == (False, ("NOT_CRITICAL",))
    assert "รับผิดชอบค่าใช้จ่ายเอง" in e.th and "pays" in e.en
    assert "seed 004" in e.source


def test_every_combination_lists_every_failed_condition_in_order():
    """Issue 4: "Otherwise the answer says which condition failed" — all of them, in the seed's
    order, each with a Thai and English reason and its source."""
    for covered, private, in_net, critical in itertools.product([True, False], repeat=4):
        e = eligibility(
            "UCS" if covered else None,
            "UC" if covered else None,
            private,
            in_net,
            critical,
        )
        expected = tuple(
            code
            for code, fails in (
                ("NO_COVERED_FUND", not covered),
                ("STATE_HOSPITAL", not private),
                ("IN_NETWORK", in_net),
                ("NOT_CRITICAL", not critical),
            )
            if fails
        )
        assert e.failed == expected
        assert e.eligible is (expected == ())
        assert [r.code for r in e.reasons] == list(expected)
        for r in e.reasons:
            assert (r.th, r.en, r.source) == FAILURES[r.code]
            assert r.th in e.th and r.en in e.en


@pytest.mark.parametrize("field", ["hospital_private", "hospital_in_network", "emergency_critical"])
def test_a_fact_not_looked_up_is_an_error_not_a_no(field):
    """ARCHITECTURE.md "Bad input gets a clear error": None is not False."""
    with pytest.raises(TypeError, match=field):
        check(**{field: None})
