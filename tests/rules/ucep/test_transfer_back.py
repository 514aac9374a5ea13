"""Transfer back to a state hospital (sitthi.rules.ucep.transfer_back): seed
001_9fcdabf8e5dd4edb.txt, "แนวทางรับย้ายกลับ รพ. รัฐ"; DOMAIN.md §1."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sitthi.rules.ucep.transfer_back import KINDS, TransferCase, advise, next_in_queue


@pytest.mark.parametrize("programme", ["UC", "SSS"])
def test_uc_and_sss_go_back_to_the_registered_hospital(programme):
    """Seed 001: "สิทธิหลักประกันสุขภาพถ้วนหน้าและประกันสังคม --- ตามระบบกองทุน"; "รพ.รัฐทุกแห่ง
    รับย้ายผู้ป่วยสิทธิหลักประกันสุขภาพถ้วนหน้าและประกันสังคมที่ขึ้นทะเบียนกับรพ."."""
    a = advise(TransferCase(programme, "40", registered_unit="10670"))
    assert (a.kind, a.target) == ("registered_unit", "10670")
    assert "ตามระบบกองทุน" in a.clause_th and "10670" in a.th and "10670" in a.en
    assert a.source.startswith("seed 001_9fcdabf8e5dd4edb.txt")


def test_registered_unit_not_known_yet():
    a = advise(TransferCase("UC", "40"))
    assert (a.kind, a.target) == ("registered_unit", None) and "ตรวจสอบสิทธิ" in a.th


def test_csmbs_agency_hospital_in_the_same_province():
    """Seed 001: "กรณีรักษาที่รพ.เอกชนในจังหวัดที่ตั้งของรพ.ในสังกัดของหน่วยงาน --- ย้ายไปรพ.ใน
    สังกัดของหน่วยงานนั้น"."""
    a = advise(TransferCase("CSMBS", "10", agency_hospital="13779", agency_hospital_province="10"))
    assert (a.kind, a.target, a.province) == ("agency_hospital", "13779", None)
    assert "ในจังหวัดที่ตั้งของรพ.ในสังกัด" in a.clause_th


def test_csmbs_agency_hospital_in_another_province():
    """Seed 001: "กรณีรักษาที่รพ.เอกชนนอกจังหวัดที่ตั้งของรพ.ในสังกัดของหน่วยงาน --- ย้ายไปรพ.สังกัด
    กระทรวงสาธารณสุข" — a MOPH hospital in the private hospital's province (our reading)."""
    a = advise(TransferCase("CSMBS", "40", agency_hospital="13779", agency_hospital_province="10"))
    assert (a.kind, a.target, a.province) == ("moph_in_province", None, "40")
    assert "นอกจังหวัดที่ตั้ง" in a.clause_th


def test_csmbs_agency_hospital_without_its_province_is_an_error():
    with pytest.raises(ValueError, match="agency_hospital_province"):
        advise(TransferCase("CSMBS", "40", agency_hospital="13779"))


def test_csmbs_without_agency_hospital_outside_bangkok():
    """Seed 001: "สิทธิข้าราชการในหน่วยงานที่ไม่มีรพ.ในสังกัด"; "กรณีรักษาที่รพ.เอกชนในต่างจังหวัด
    --- ย้ายกลับรพ.สังกัดกระทรวงสาธารณสุข"."""
    a = advise(TransferCase("CSMBS", "50"))
    assert (a.kind, a.target, a.province) == ("moph_in_province", None, "50")
    assert "ต่างจังหวัด" in a.clause_th


def test_csmbs_without_agency_hospital_in_bangkok_goes_by_the_queue():
    """Seed 001: "กรณีรักษาที่รพ.เอกชนในกทม. ---- ย้ายกลับรพ.รัฐตามคิวที่กำหนด"; groups 1 (15), 2 (6),
    3 (7)."""
    a = advise(TransferCase("CSMBS", "10"))
    assert (a.kind, a.target) == ("bangkok_queue", None)
    assert "ตามคิวที่กำหนด" in a.clause_th and "15" in a.en and "7" in a.th


def test_other_funds_follow_their_own_system():
    """The guideline covers UC, SSS and CSMBS only."""
    a = advise(TransferCase("OTHER", "10", registered_unit="12345"))
    assert a.kind == "fund_system"


def test_every_kind_has_texts():
    for kind, (th, en) in KINDS.items():
        assert th and en, kind


# --- the Bangkok queue ---------------------------------------------------------------------

QUEUE = [(3, "30001"), (1, "10002"), (2, "20001"), (1, "10001")]


def test_queue_runs_by_group_then_code_and_wraps_around():
    """Seed 001: "ย้ายกลับรพ.รัฐตามคิวที่กำหนด" over "กลุ่มที่ 1 ... กลุ่มที่ 2 ... กลุ่มที่ 3": an
    ordered rotation that starts again at group 1 after the last of group 3."""
    seen, last = [], None
    for _ in range(6):
        last = next_in_queue(QUEUE, last)
        seen.append(last)
    assert seen == ["10001", "10002", "20001", "30001", "10001", "10002"]


def test_queue_restarts_when_the_last_hospital_left_the_queue():
    assert next_in_queue(QUEUE, "99999") == "10001"


@pytest.mark.parametrize(
    ("candidates", "match"),
    [([], "no candidates"), ([(4, "40001")], "groups"), ([(1, "10001"), (2, "10001")], "two")],
)
def test_queue_refuses_bad_candidates(candidates, match):
    with pytest.raises(ValueError, match=match):
        next_in_queue(candidates, None)


@given(
    st.lists(
        st.tuples(st.integers(1, 3), st.from_regex(r"[0-9]{5}", fullmatch=True)),
        min_size=1,
        max_size=28,
        unique_by=lambda c: c[1],
    )
)
def test_queue_offers_every_hospital_once_per_round(candidates):
    """A fair rotation: n calls offer each of n hospitals exactly once, whatever the start."""
    last = None
    offered = []
    for _ in range(len(candidates)):
        last = next_in_queue(candidates, last)
        offered.append(last)
    assert sorted(offered) == sorted(h for _, h in candidates)
    assert next_in_queue(candidates, last) == offered[0]
