"""The coverage window and the payer of each line (sitthi.rules.ucep.coverage).

Seed 001_9fcdabf8e5dd4edb.txt §1 (last bullet) and §2 steps 4, 5, 6, 9 (with its three
exceptions) and 10; seed 004_0cb97de555201e57.txt (UCEP COVID-19 Plus, yellow/red "โดยไม่กำหนด
ระยะเวลา 72 ชั่วโมงแรก", from 16 March 2022); ARCHITECTURE.md: boundaries at 71:59 and 72:00, the
day before and of a change."""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl
import pytest

from sitthi.rules.params import ParamLookupError, default_parameters
from sitthi.rules.ucep import schema
from sitthi.rules.ucep.coverage import (
    EXCEPTIONS,
    RULES,
    EpisodeDataError,
    covered_time,
    decide_payers,
    explain,
    windows,
)
from tests.rules.ucep.builders import ADMITTED, at, episode, frames, hm, line, stay


def decide(episodes, stays, lines, params=None) -> list[tuple]:
    d = decide_payers(*frames(episodes, stays, lines), params)
    return [(r["line_no"], r["payer"], r["rule"], r["exception"]) for r in d.iter_rows(named=True)]


def payers(episodes, stays, lines, params=None) -> list[str]:
    return [p for _, p, _, _ in decide(episodes, stays, lines, params)]


# --- the 72-hour window ------------------------------------------------------------------------


def test_window_is_72_hours_from_admission_end_exclusive():
    """Seed 001 §2 step 4 "ในช่วงเวลานับตั้งแต่รับผู้ป่วยจนถึง 72 ชั่วโมง" and step 5 "ค่ารักษา
    พยาบาลที่เกิดขึ้นหลัง 72 ชั่วโมง นับตั้งแต่รับผู้ป่วย ให้โรงพยาบาลเรียกเก็บไปที่กองทุนเจ้าของสิทธิ":
    0:00 and 71:59 (and 71:59:59.999999) inside, 72:00 after."""
    lines = [
        line(1, hm(0)),
        line(2, hm(71, 59)),
        line(3, hm(71, 59, 59, 999_999)),
        line(4, hm(72)),
        line(5, hm(100)),
    ]
    assert decide([episode()], [stay()], lines) == [
        (1, "UCEP", "ucep_window", None),
        (2, "UCEP", "ucep_window", None),
        (3, "UCEP", "ucep_window", None),
        (4, "FUND", "after_window", None),
        (5, "FUND", "after_window", None),
    ]
    w = windows(frames([episode()], [], [])[0]).row(0, named=True)
    assert (w["window_start"], w["window_end"], w["until_discharge"]) == (
        ADMITTED,
        hm(72),
        False,
    )


def test_transfer_at_70_hours_does_not_restart_the_clock():
    """Seed 001 §2 step 9: hospital 2 is paid "ในช่วงเวลาตั้งแต่รับผู้ป่วยจนครบ 72 ชั่วโมง (โดยนับ
    เวลาต่อเนื่องจาก รพ.เอกชนแห่งที่หนึ่งรับ)": transfer at 70:00, a charge at 71:59 is UCEP, at 72:00
    the owner fund's."""
    stays = [stay(1, 1, left_at=hm(70)), stay(1, 2, received_at=hm(70))]
    lines = [
        line(1, hm(69, 59), stay_no=1),
        line(2, hm(70), stay_no=2),
        line(3, hm(71, 59), stay_no=2),
        line(4, hm(72), stay_no=2),
    ]
    assert payers([episode()], stays, lines) == ["UCEP", "UCEP", "UCEP", "FUND"]
    d = decide_payers(*frames([episode()], stays, lines))
    assert set(d["window_start"]) == {ADMITTED} and set(d["window_end"]) == {hm(72)}
    cov = covered_time(*frames([episode()], stays, [])[:2])
    assert cov["covered_from"].to_list() == [ADMITTED, hm(70)]
    assert cov["covered_until"].to_list() == [hm(70), hm(72)]
    assert cov["covered_us"].sum() == 72 * 3_600_000_000


def test_a_stay_after_the_window_covers_nothing():
    """Seed 001 §2 step 9 ("ภายในเวลาก่อนครบ 72 ชั่วโมง"): a hospital receiving the patient after
    the 72-hour mark gets no UCEP time; its lines go to the owner fund (step 5)."""
    stays = [stay(1, 1, left_at=hm(80)), stay(1, 2, received_at=hm(80))]
    cov = covered_time(*frames([episode()], stays, [])[:2])
    assert cov["covered_us"].to_list() == [72 * 3_600_000_000, 0]
    assert cov["covered_from"][1] == cov["covered_until"][1] == hm(72)
    assert payers([episode()], stays, [line(1, hm(80), stay_no=2)]) == ["FUND"]


def test_window_is_in_absolute_time_across_midnight_and_month_end():
    """Seed 001 §2 step 4: 72 hours are 72 hours; Asia/Bangkok has no daylight saving."""
    first = at(2024, 2, 28, 23, 30)
    e = episode(first_admitted_at=first)
    w = windows(frames([e], [], [])[0]).row(0, named=True)
    assert w["window_end"] == at(2024, 3, 2, 23, 30)  # leap day included


def test_window_before_ucep_began_is_an_error_not_a_default():
    """FACTS.md UCEP [V]: in force 1 April 2017; ARCHITECTURE.md: a lookup outside the declared
    dates is an error. The Bangkok date decides: 1 April 2017 00:00 Bangkok is in force."""
    with pytest.raises(ParamLookupError, match="2017-03-31"):
        windows(frames([episode(first_admitted_at=at(2017, 3, 31, 23, 59))], [], [])[0])
    w = windows(frames([episode(first_admitted_at=at(2017, 4, 1, 0, 0))], [], [])[0])
    assert w["window_end"][0] == at(2017, 4, 4, 0, 0)


def test_a_what_if_window_is_one_argument_away():
    """ARCHITECTURE.md "Decisions can be replayed": the window is a dated parameter."""
    ps = default_parameters().with_overrides(
        {"ucep.coverage_window_hours": [{"from": date(2017, 4, 1), "value": 48, "source": "t"}]}
    )
    assert payers([episode()], [stay()], [line(1, hm(47, 59)), line(2, hm(48))], ps) == [
        "UCEP",
        "FUND",
    ]


# --- UCEP COVID-19 Plus ------------------------------------------------------------------------


def covid(first, **kw):
    return episode(programme="covid_yellow_red", first_admitted_at=first, **kw)


def test_covid_yellow_red_15_march_2022_is_72_hours():
    """Seed 004: "มีผลบังคับใช้ตั้งแต่วันที่ 16 มีนาคม 2565": admitted on 15 March 2022 (Bangkok,
    even at 23:59) the general 72-hour window applies."""
    first = at(2022, 3, 15, 23, 59)
    e = covid(first, discharged_at=first + timedelta(hours=200))
    s = stay(received_at=first)
    lines = [line(1, first + timedelta(hours=71)), line(2, first + timedelta(hours=72))]
    assert payers([e], [s], lines) == ["UCEP", "FUND"]
    w = windows(frames([e], [], [])[0]).row(0, named=True)
    assert (w["window_end"], w["until_discharge"]) == (first + timedelta(hours=72), False)


def test_covid_yellow_red_16_march_2022_is_until_discharge():
    """Seed 004, groups สีเหลือง and สีแดง: "สามารถเข้ารับการรักษาในโรงพยาบาลได้ในโรงพยาบาลทุกแห่ง
    โดยไม่กำหนดระยะเวลา 72 ชั่วโมงแรก"; FACTS.md UCEP COVID-19 Plus [V]. Admitted 16 March 2022
    00:00 Bangkok (still 15 March in UTC): covered until discharge, the discharge instant
    included; the decision's window_end is null ("until discharge", schema.DECISIONS)."""
    first = at(2022, 3, 16, 0, 0)
    discharged = first + timedelta(hours=200)
    e = covid(first, discharged_at=discharged)
    lines = [
        line(1, first + timedelta(hours=72)),
        line(2, first + timedelta(hours=199)),
        line(3, discharged),
    ]
    d = decide_payers(*frames([e], [stay(received_at=first)], lines))
    assert d["payer"].to_list() == ["UCEP"] * 3
    assert d["window_end"].to_list() == [None] * 3
    w = windows(frames([e], [], [])[0]).row(0, named=True)
    assert (w["window_end"], w["until_discharge"]) == (discharged, True)


def test_covid_yellow_red_still_in_hospital_has_an_open_window():
    """Seed 004 (until discharge): while in hospital the window has no end yet."""
    first = at(2022, 6, 1, 8)
    e = covid(first)
    d = decide_payers(
        *frames([e], [stay(received_at=first)], [line(1, first + timedelta(days=30))])
    )
    assert d.row(0, named=True)["payer"] == "UCEP"
    assert windows(frames([e], [], [])[0])["window_end"][0] is None
    assert covered_time(*frames([e], [stay(received_at=first)], [])[:2])["covered_us"][0] is None


def test_general_programme_after_16_march_2022_keeps_72_hours():
    """Seed 001 §2 step 4; seed 004 "ขั้นตอนการใช้สิทธิ UCEP": "ทันทีแต่ไม่เกิน 72 ชั่วโมง" — only
    COVID-19 yellow/red patients lose the limit."""
    first = at(2022, 3, 16, 8)
    e = episode(first_admitted_at=first)
    lines = [line(1, first + timedelta(hours=72))]
    assert payers([e], [stay(received_at=first)], lines) == ["FUND"]


def test_covid_transfer_keeps_the_until_discharge_window():
    """Seed 004 "การรักษาโควิดตามสิทธิ UCEP" item 9 (transfers) with seed 001 §2 step 9: one
    continuous window; hospital 2 is covered from its receipt to discharge."""
    first = at(2022, 4, 1, 8)
    e = covid(first, discharged_at=first + timedelta(hours=150))
    stays = [
        stay(1, 1, received_at=first, left_at=first + timedelta(hours=100)),
        stay(1, 2, received_at=first + timedelta(hours=100)),
    ]
    lines = [line(1, first + timedelta(hours=120), stay_no=2)]
    assert payers([e], stays, lines) == ["UCEP"]


# --- the fund's normal system and the exceptions of step 9 -------------------------------------


def test_state_hospital_stay_uses_the_funds_normal_system():
    """Seed 001 §1, last bullet: "กรณีเข้ารับการรักษาในรพ.ของรัฐ ... ก็ให้ใช้ระบบปกติของกองทุนนั้นๆ".
    A stay at a state hospital inside the window does not stop the clock either."""
    stays = [
        stay(1, 1, left_at=hm(10)),
        stay(1, 2, received_at=hm(10), left_at=hm(20), private=False),
        stay(1, 3, received_at=hm(20)),
    ]
    lines = [
        line(1, hm(5), stay_no=1),
        line(2, hm(15), stay_no=2),
        line(3, hm(71), stay_no=3),
        line(4, hm(72), stay_no=3),
    ]
    assert decide([episode()], stays, lines) == [
        (1, "UCEP", "ucep_window", None),
        (2, "FUND_SYSTEM", "normal_system_state", None),
        (3, "UCEP", "ucep_window", None),
        (4, "FUND", "after_window", None),
    ]


def test_private_hospital_in_the_funds_network_uses_the_normal_system():
    """Seed 001 §1: "รพ.เอกชนที่ป็นคู่สัญญากับกองทุน... ก็ให้ใช้ระบบปกติของกองทุนนั้นๆ"; a contract
    with another fund does not count. For CSMBS (OFC), a fund without registration, the contract
    is the network; for UC the contract is the network only for the patients registered there
    (seed 001 §2 step 9, 2nd exception: "ผู้ป่วยที่อยู่ในความรับผิดชอบของตน")."""
    s_in = stay(contract_funds=["OFC"])
    s_other = stay(contract_funds=["SSS"])
    assert decide([episode(fund="OFC")], [s_in], [line(1, hm(1))]) == [
        (1, "FUND_SYSTEM", "normal_system_network", None)
    ]
    assert payers([episode(fund="OFC")], [s_other], [line(1, hm(1))]) == ["UCEP"]
    uc_contract_not_registered = stay(contract_funds=["UCS"])
    assert payers([episode(fund="UCS")], [uc_contract_not_registered], [line(1, hm(1))]) == ["UCEP"]


def test_sss_patient_moved_to_an_sss_hospital_that_is_not_their_own_stays_ucep():
    """Seed 001 §2 step 9 excepts only "กรณี รพ.เอกชนคู่สัญญาของสำนักงานประกันสังคม รับย้าย
    ผู้ป่วยในสังกัดของตน" — an SSS-contracted private hospital receiving *its own* SSS patients.
    An SSS patient moved from private hospital 1 to SSS-contracted private hospital 2, where the
    patient is not registered, is paid as UCEP "จนครบ 72 ชั่วโมง (โดยนับเวลาต่อเนื่องจาก
    รพ.เอกชนแห่งที่หนึ่งรับ)", then by the owner fund (step 5)."""
    stays = [
        stay(1, 1, left_at=hm(10)),
        stay(1, 2, received_at=hm(10), contract_funds=["SSS"], main_unit=False),
    ]
    lines = [
        line(1, hm(9), stay_no=1),
        line(2, hm(10), stay_no=2),
        line(3, hm(71, 59), stay_no=2),
        line(4, hm(72), stay_no=2),
    ]
    assert decide([episode(fund="SSS")], stays, lines) == [
        (1, "UCEP", "ucep_window", None),
        (2, "UCEP", "ucep_window", None),
        (3, "UCEP", "ucep_window", None),
        (4, "FUND", "after_window", None),
    ]


def test_exception_sss_hospital_receiving_its_own_sss_patient():
    """Seed 001 §2 step 9, 1st exception: "กรณี รพ.เอกชนคู่สัญญาของสำนักงานประกันสังคม รับย้าย
    ผู้ป่วยในสังกัดของตนให้ปฏิบัติตามระบบของสำนักงานประกันสังคม"."""
    stays = [
        stay(1, 1, left_at=hm(5)),
        stay(1, 2, received_at=hm(5), contract_funds=["SSS"], main_unit=True),
    ]
    lines = [line(1, hm(1), stay_no=1), line(2, hm(6), stay_no=2)]
    assert decide([episode(fund="SSS")], stays, lines) == [
        (1, "UCEP", "ucep_window", None),
        (2, "FUND_SYSTEM", "step9_exception", "sss_own_patient"),
    ]


def test_exception_nhso_hospital_receiving_a_patient_it_is_responsible_for():
    """Seed 001 §2 step 9, 2nd exception: "กรณี รพ.เอกชนคู่สัญญาของ สปสช.รับย้ายผู้ป่วยที่อยู่ใน
    ความรับผิดชอบของตนให้ปฏิบัติตามระบบของ สปสช."."""
    stays = [
        stay(1, 1, left_at=hm(5)),
        stay(1, 2, received_at=hm(5), contract_funds=["UCS", "SSS"], main_unit=True),
    ]
    lines = [line(1, hm(6), stay_no=2)]
    assert decide([episode(fund="UCS")], stays, lines) == [
        (1, "FUND_SYSTEM", "step9_exception", "nhso_responsible")
    ]


def test_exception_specific_agreement_wins():
    """Seed 001 §2 step 9, 3rd exception: "ในอนาคตหาก รพ.เอกชนใด มีข้อตกลงเป็นการเฉพาะกับกองทุนใด
    ให้ปฏิบัติตามข้อตกลงนั้น" — also outside the network, and before the other exceptions
    (DOMAIN.md: "a specific hospital–fund agreement wins")."""
    out_of_network = stay(agreement=True)
    own_sss = stay(agreement=True, contract_funds=["SSS"], main_unit=True)
    assert decide([episode()], [out_of_network], [line(1, hm(1))]) == [
        (1, "FUND_SYSTEM", "step9_exception", "agreement")
    ]
    assert decide([episode(fund="SSS")], [own_sss], [line(1, hm(1))]) == [
        (1, "FUND_SYSTEM", "step9_exception", "agreement")
    ]


def test_no_exception_without_every_condition():
    """Seed 001 §2 step 9 exceptions 1-2 need the fund's contract and the patient being the
    hospital's own ("ในสังกัดของตน", "ในความรับผิดชอบของตน"): main unit without the contract is
    still UCEP; the contract without main unit is still UCEP too; a state hospital never takes an
    exception (it is the normal system already).

    Changed (issue 13): this test used to assert that an SSS contract without the patient's
    registration moved the stay to the fund's normal system ("normal_system_network"). That read
    "any contract with the fund" into the exception, which the seed limits to "ผู้ป่วยในสังกัดของ
    ตน" — the hospital's own SSS patients. The contract alone is no exception."""
    main_no_contract = stay(main_unit=True, contract_funds=["SSS"])
    contract_not_main = stay(contract_funds=["SSS"])
    state_with_agreement = stay(private=False, agreement=True)
    e = episode(fund="UCS")
    assert decide([e], [main_no_contract], [line(1, hm(1))]) == [(1, "UCEP", "ucep_window", None)]
    assert decide([episode(fund="SSS")], [contract_not_main], [line(1, hm(1))]) == [
        (1, "UCEP", "ucep_window", None)
    ]
    assert decide([e], [state_with_agreement], [line(1, hm(1))]) == [
        (1, "FUND_SYSTEM", "normal_system_state", None)
    ]


# --- refused transfer (step 10) ----------------------------------------------------------------


def test_refused_transfer_patient_pays_from_fit_to_move():
    """Seed 001 §2 step 10: "ในกรณีที่ผู้ป่วยสามารถย้ายโรงพยาบาลได้ แต่ปฏิเสธไม่ขอย้าย ผู้ป่วยต้อง
    รับผิดชอบค่าใช้จ่ายที่เกิดขึ้นต่อไปเอง" — from the moment the patient was fit to move, inside
    the window or after it."""
    e = episode(fit_to_move_at=hm(30), refused_transfer=True)
    lines = [line(1, hm(29, 59)), line(2, hm(30)), line(3, hm(80))]
    assert decide([e], [stay()], lines) == [
        (1, "UCEP", "ucep_window", None),
        (2, "PATIENT", "refused_transfer", None),
        (3, "PATIENT", "refused_transfer", None),
    ]


def test_fit_to_move_without_refusal_changes_nothing():
    """Seed 001 §2 step 10 needs the refusal ("แต่ปฏิเสธไม่ขอย้าย")."""
    e = episode(fit_to_move_at=hm(30), refused_transfer=False)
    assert payers([e], [stay()], [line(1, hm(31)), line(2, hm(73))]) == ["UCEP", "FUND"]


def test_refusal_at_a_state_or_contracted_hospital_is_the_funds_normal_system():
    """Seed 001 §1 last bullet wins over step 10 (a UCEP step): at a state or contracted
    hospital the fund's normal system applies, refusal included."""
    e = episode(fit_to_move_at=hm(1), refused_transfer=True)
    assert payers([e], [stay(private=False)], [line(1, hm(2))]) == ["FUND_SYSTEM"]
    own_unit = stay(contract_funds=["UCS"], main_unit=True)
    assert payers([e], [own_unit], [line(1, hm(2))]) == ["FUND_SYSTEM"]


# --- shape of the answer ----------------------------------------------------------------------


def test_one_decision_per_line_in_the_lines_order_with_the_schema():
    """schema.DECISIONS; issue 4: "every charge line has exactly one payer"."""
    e = [episode(1), episode(2, first_admitted_at=at(2023, 1, 1, 8))]
    s = [stay(1), stay(2, received_at=at(2023, 1, 1, 8))]
    lines = [
        line(3, at(2023, 1, 5, 8), episode_id=2),
        line(1, hm(1)),
        line(2, hm(100)),
        line(1, at(2023, 1, 1, 9), episode_id=2),
    ]
    d = decide_payers(*frames(e, s, lines))
    assert d.schema == pl.Schema(schema.DECISIONS)
    assert list(zip(d["episode_id"], d["line_no"], d["payer"], strict=True)) == [
        (2, 3, "FUND"),
        (1, 1, "UCEP"),
        (1, 2, "FUND"),
        (2, 1, "UCEP"),
    ]
    assert set(d["payer"]) <= set(schema.PAYERS)


def test_no_lines_gives_no_decisions():
    d = decide_payers(*frames([episode()], [stay()], []))
    assert d.height == 0 and d.schema == pl.Schema(schema.DECISIONS)


def test_impossible_episodes_are_refused_whole():
    """Issue 4: "Episodes with impossible times ... are refused with clear coded errors"."""
    e = episode(discharged_at=hm(-1))
    with pytest.raises(EpisodeDataError, match="DISCHARGE_BEFORE_ADMISSION") as info:
        decide_payers(*frames([e], [stay()], []))
    assert info.value.problems.height >= 1


def test_unknown_programme_is_refused():
    with pytest.raises(ValueError, match="programme"):
        windows(frames([episode(programme="ucep-plus")], [], [])[0])


# --- explanation ------------------------------------------------------------------------------


def test_explain_names_the_window_in_buddhist_era_and_the_rule():
    """Issue 4: "The decision for each line carries its explanation (window start and end, rule,
    exception applied)"; ARCHITECTURE.md: pages show Buddhist-Era dates."""
    d = decide_payers(*frames([episode()], [stay()], [line(1, hm(1)), line(2, hm(72))]))
    ucep, fund = (explain(r) for r in d.iter_rows(named=True))
    assert (
        "24 เม.ย. 2565 เวลา 08:00 น." in ucep["th"] and "27 เม.ย. 2565 เวลา 08:00 น." in ucep["th"]
    )
    assert "72 ชั่วโมง" in ucep["th"] and "สปสช." in ucep["th"]
    assert "24 Apr 2022 08:00" in ucep["en"] and "72 hours" in ucep["en"]
    assert ucep["rule"] == "ucep_window" and "step" in ucep["source"]
    assert "กองทุนเจ้าของสิทธิ" in fund["th"] and fund["source"].endswith("step 5")


def test_explain_names_the_exception_and_until_discharge():
    """Seed 001 §2 step 9 exceptions; seed 004 (no 72-hour limit)."""
    first = at(2022, 4, 1, 8)
    e = covid(first)
    s = stay(received_at=first, contract_funds=["SSS"], main_unit=True)
    d = decide_payers(*frames([{**e, "fund": "SSS"}], [s], [line(1, first)]))
    x = explain(d.row(0, named=True))
    assert EXCEPTIONS["sss_own_patient"][0] in x["th"]
    assert "จำหน่าย" in x["th"] and "until discharge" in x["en"]
    assert x["source"].endswith("1st exception")


def test_explain_refuses_an_inconsistent_row():
    row = {
        "rule": "ucep_window",
        "payer": "FUND",
        "exception": None,
        "window_start": ADMITTED,
        "window_end": hm(72),
    }
    with pytest.raises(ValueError, match="does not follow"):
        explain(row)
    with pytest.raises(ValueError, match="unknown rule"):
        explain({**row, "rule": "x", "payer": None})


def test_every_rule_names_a_payer_and_a_source():
    for rule, (payer, th, en, source) in RULES.items():
        assert payer in schema.PAYERS, rule
        assert th and en
        assert source.startswith(("seed 001_9fcdabf8e5dd4edb.txt", "seed 004_")), rule
