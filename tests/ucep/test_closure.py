"""Issue 13 through the service layer: "its own patients" for the network (seed 001 §1 and §2
step 9), the patient who is not critical and stays pays (seed 004), adult or child from the
registry, the coordination centre's review, the fund's inbox and billing an episode more than
once. Each test fails on the code before issue 13."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from auditlog.models import LogEntry

from sitthi.claims import frames as fr
from sitthi.claims import services as claim_services
from sitthi.claims.models import Claim
from sitthi.core.actor import Actor
from sitthi.core.errors import SitthiError
from sitthi.core.models import User
from sitthi.ucep import services
from sitthi.ucep.models import Charge, EmsAction, Episode

from .conftest import CARDIAC_ARREST, bkk

pytestmark = pytest.mark.django_db

#: The fixture person is SSS, registered at 10670 (Khon Kaen), until 30 Jun 2023.
T_SSS = bkk(2023, 3, 1, 8, 0)
#: From 1 Jul 2023 the person is UC (UCS) at 10670.
T_UC = bkk(2024, 3, 1, 8, 0)
NOW_SSS = bkk(2023, 3, 10, 12, 0)
NOW = bkk(2024, 3, 10, 12, 0)


def actor(user):
    return Actor.of(user)


def codes(info) -> list[str]:
    return [i.code for i in info.value.items]


def opened(world, person, hcode, at, now, **triage):
    a = actor(world[hcode])
    e = services.open_episode(a, person.citizen_id, at, covid=False, now=now)
    services.record_triage(a, e.pk, triage or CARDIAC_ARREST, now=now)
    return Episode.objects.get(pk=e.pk)


def add(world, hcode, episode, at, now, amount="100.00", code="LAB-1"):
    services.add_charges(
        actor(world[hcode]),
        episode.pk,
        [fr.LineIn(code, Decimal("1"), at, Decimal(amount))],
        now=now,
    )
    return Charge.objects.filter(episode=episode).order_by("-line_no").first()


# --- whose network: "its own patients" ----------------------------------------------------------


def test_an_sss_patient_at_an_sss_contracted_hospital_that_is_not_their_own_is_ucep(
    ucep_world, person
):
    """Seed 001 §1: "เป็นโรงพยาบาลนอกคู่สัญญากับกองทุนที่ผู้ป่วยมีสิทธิ", read with step 9's "รพ.เอกชน
    คู่สัญญาของสำนักงานประกันสังคม รับย้ายผู้ป่วยในสังกัดของตน": 90003 holds an SSS contract but the
    patient is registered at 10670, so 90003 is outside the network *for this patient*."""
    e = opened(ucep_world, person, "90003", T_SSS, NOW_SSS)
    assert e.fund_id == "SSS" and e.eligible, e.eligibility_failed
    line = add(ucep_world, "90003", e, T_SSS + timedelta(hours=2), NOW_SSS)
    assert (line.payer, line.rule) == ("UCEP", "ucep_window")


def test_moved_to_an_sss_hospital_that_is_not_their_own_stays_ucep_until_72_hours(
    ucep_world, person
):
    """Seed 001 §2 step 9: an SSS patient moved from private hospital 1 to an SSS-contracted
    private hospital 2 that is not the patient's own stays UCEP until the 72-hour mark
    ("จนครบ 72 ชั่วโมง (โดยนับเวลาต่อเนื่องจาก รพ.เอกชนแห่งที่หนึ่งรับ)")."""
    e = opened(ucep_world, person, "90001", T_SSS, NOW_SSS)
    services.transfer(
        actor(ucep_world["90001"]), e.pk, "90003", T_SSS + timedelta(hours=10), now=NOW_SSS
    )
    inside = add(ucep_world, "90003", e, T_SSS + timedelta(hours=20), NOW_SSS)
    after = add(ucep_world, "90003", e, T_SSS + timedelta(hours=80), NOW_SSS)
    inside.refresh_from_db()
    assert (inside.payer, inside.rule) == ("UCEP", "ucep_window")
    assert after.payer == "FUND"


def test_the_sss_hospital_receiving_its_own_patient_is_the_normal_system(
    ucep_world, person, hospitals
):
    """The first exception of step 9, when the registration is the receiving hospital's."""
    from sitthi.registry.models import Right

    Right.objects.filter(person=person, fund_id="SSS").update(main_unit_id="90003")
    e = opened(ucep_world, person, "90001", T_SSS, NOW_SSS)
    services.transfer(
        actor(ucep_world["90001"]), e.pk, "90003", T_SSS + timedelta(hours=10), now=NOW_SSS
    )
    line = add(ucep_world, "90003", e, T_SSS + timedelta(hours=20), NOW_SSS)
    assert (line.payer, line.exception) == ("FUND_SYSTEM", "sss_own_patient")


# --- not critical, told, stays: the patient pays -----------------------------------------------


def test_a_patient_not_critical_who_chooses_to_stay_pays_from_then(ucep_world, person):
    """Seed 004_0cb97de555201e57.txt, "ขั้นตอนการใช้สิทธิ UCEP": "กรณีไม่เข้าเกณฑ์ฉุกเฉินวิกฤตให้รีบ
    ประสานโรงพยาบาลตามสิทธิ หากประสงค์รักษาต่อต้องรับผิดชอบค่าใช้จ่ายเอง"."""
    e = opened(ucep_world, person, "90001", T_UC, NOW, cough=True)
    assert e.eligible is False and e.eligibility_failed == ["NOT_CRITICAL"]
    before = add(ucep_world, "90001", e, T_UC + timedelta(hours=1), NOW)
    assert (before.payer, before.rule) == ("FUND_SYSTEM", "not_eligible")
    services.choose_to_stay(actor(ucep_world["90001"]), e.pk, T_UC + timedelta(hours=2), now=NOW)
    after = add(ucep_world, "90001", e, T_UC + timedelta(hours=3), NOW)
    before.refresh_from_db()
    assert (before.payer, after.payer, after.rule) == (
        "FUND_SYSTEM",
        "PATIENT",
        "stayed_not_critical",
    )
    assert LogEntry.objects.get_for_object(Episode.objects.get(pk=e.pk)).count() >= 2


def test_the_choice_to_stay_is_refused_where_it_changes_nothing(ucep_world, person):
    """At a network or state hospital the fund's normal system decides (seed 001 §1, last
    bullet); a UCEP case is not "ไม่เข้าเกณฑ์ฉุกเฉินวิกฤต"."""
    state = opened(ucep_world, person, "10670", T_UC, NOW, cough=True)
    ucep = opened(ucep_world, person, "90001", T_UC, NOW)
    for hcode, e in (("10670", state), ("90001", ucep)):
        with pytest.raises(SitthiError) as info:
            services.choose_to_stay(actor(ucep_world[hcode]), e.pk, T_UC, now=NOW)
        assert codes(info) == ["STAY_CHOICE_NOT_APPLICABLE"]
        assert Episode.objects.get(pk=e.pk).chose_to_stay_at is None


# --- adult or child from the registry -----------------------------------------------------------


def test_covid_triage_knows_an_adult_from_the_registry(ucep_world, person):
    """Seed 004 yellow/red item 2: "อัตราการหายใจ ≥ 25 ครั้งต่อนาที ในผู้ใหญ่". Nobody typed
    "adult": the registry birth date (17 May 1980) says so; the stored inputs show it."""
    a = actor(ucep_world["90001"])
    t = bkk(2022, 5, 1, 8, 0)
    e = services.open_episode(a, person.citizen_id, t, covid=True, now=t)
    record = services.record_triage(a, e.pk, {"respiratory_rate": Decimal("26")}, now=t)
    assert record.colour == "yellow" and record.emergency_critical
    assert record.inputs["age_years"] == 41 and record.inputs["is_child"] is False


def test_covid_triage_of_someone_not_in_the_registry_asks_adult_or_child(ucep_world):
    from tests.conftest import make_cid

    a = actor(ucep_world["90001"])
    t = bkk(2022, 5, 1, 8, 0)
    e = services.open_episode(a, make_cid(), t, covid=True, now=t)
    with pytest.raises(SitthiError) as info:
        services.record_triage(a, e.pk, {"respiratory_rate": Decimal("26")}, now=t)
    assert codes(info) == ["TRIAGE_AGE_REQUIRED"]
    assert not e.triages.exists()
    ok = services.record_triage(
        a, e.pk, {"respiratory_rate": Decimal("26"), "is_child": False}, now=t
    )
    assert ok.colour == "yellow"


# --- the coordination centre --------------------------------------------------------------------


def test_the_centre_overrules_a_triage_and_the_episode_follows_the_not_eligible_path(
    ucep_world, users, person
):
    """Seed 004: the centre "ตรวจสอบความถูกต้องครบถ้วนของข้อมูล"; an overruled episode is not a
    UCEP case: its charges go to the fund's normal system (and the patient if staying)."""
    hospital, ems = actor(ucep_world["90001"]), actor(users["ems"])
    e = opened(ucep_world, person, "90001", T_UC, NOW)
    line = add(ucep_world, "90001", e, T_UC + timedelta(hours=1), NOW)
    assert line.payer == "UCEP"
    with pytest.raises(SitthiError) as info:
        services.ems_act(ems, e.pk, "confirm", now=NOW)
    assert codes(info) == ["EMS_NOT_NOTIFIED"]
    services.notify_ems(hospital, e.pk, now=NOW, contact="ER ward, nurse Malee 02-000-0000")
    assert Episode.objects.get(pk=e.pk).ems_state == "new"
    services.ems_act(ems, e.pk, "review", now=NOW)
    with pytest.raises(SitthiError) as info:
        services.ems_act(ems, e.pk, "overrule", now=NOW)
    assert codes(info) == ["VALUE_REQUIRED"]
    with pytest.raises(SitthiError) as info:
        services.ems_act(hospital, e.pk, "overrule", reason="x", now=NOW)
    assert info.value.status == 403
    services.ems_act(ems, e.pk, "overrule", reason="GCS 15, vital signs normal", now=NOW)
    e = Episode.objects.get(pk=e.pk)
    assert (e.ems_state, e.ems_critical, e.eligible) == ("overruled", False, False)
    assert "NOT_CRITICAL" in e.eligibility_failed
    line.refresh_from_db()
    assert (line.payer, line.rule) == ("FUND_SYSTEM", "not_eligible")
    steps = list(EmsAction.objects.filter(episode=e).values_list("action", "state_to"))
    assert steps == [
        ("notified", "new"),
        ("review", "under_review"),
        ("overrule", "overruled"),
    ]
    assert LogEntry.objects.get_for_object(e).filter(actor=users["ems"]).exists()
    with pytest.raises(SitthiError) as info:
        services.ems_act(ems, e.pk, "review", now=NOW)
    assert codes(info) == ["EMS_STATE"]
    services.ems_act(ems, e.pk, "arrange_transfer", hospital="10670", reason="own unit", now=NOW)
    services.ems_act(ems, e.pk, "close", reason="moved", now=NOW)
    assert list(services.ems_inbox(ems)) == []
    assert list(services.ems_inbox(ems, state="closed")) == [e]


def test_a_billed_episode_cannot_be_overruled(ucep_world, users, person, tariff):
    hospital, ems = actor(ucep_world["90001"]), actor(users["ems"])
    e = opened(ucep_world, person, "90001", T_UC, NOW)
    add(ucep_world, "90001", e, T_UC + timedelta(hours=1), NOW)
    services.notify_ems(hospital, e.pk, now=NOW)
    services.make_claim(hospital, e.pk, ["I46.9"], now=NOW)
    with pytest.raises(SitthiError) as info:
        services.ems_act(actor(users["ems"]), e.pk, "overrule", reason="late", now=NOW)
    assert codes(info) == ["EPISODE_BILLED"]
    assert Episode.objects.get(pk=e.pk).eligible is True
    services.ems_act(ems, e.pk, "confirm", now=NOW)  # confirming changes no payer
    assert Episode.objects.get(pk=e.pk).ems_state == "confirmed"
    services.ems_act(ems, e.pk, "close", reason="billed, patient moved", now=NOW)


def test_the_fund_sees_only_its_own_members_notifications(ucep_world, users, person):
    """Seed 001 §2 step 2: the centre tells the owner fund, to prepare the transfer back. The
    SSS officer sees the SSS member's episode; another fund's officer sees nothing and cannot
    acknowledge it."""
    e = opened(ucep_world, person, "90001", T_SSS, NOW_SSS)
    sss = actor(users["fund"])
    ofc = actor(User.objects.create_user("ofc_officer", password="x", role="fund", fund_id="OFC"))
    assert list(services.fund_inbox(sss)) == []
    services.notify_ems(actor(ucep_world["90001"]), e.pk, now=NOW_SSS)
    assert list(services.fund_inbox(sss)) == [e]
    assert list(services.fund_inbox(ofc)) == []
    with pytest.raises(SitthiError) as info:
        services.fund_acknowledge(ofc, e.pk, now=NOW_SSS)
    assert info.value.status == 404
    with pytest.raises(SitthiError) as info:
        services.fund_acknowledge(actor(users["ems"]), e.pk, now=NOW_SSS)
    assert info.value.status == 403
    services.fund_acknowledge(sss, e.pk, now=NOW_SSS)
    assert Episode.objects.get(pk=e.pk).fund_acknowledged_by == users["fund"]
    assert list(services.fund_inbox(sss, unacknowledged=True)) == []


# --- billing an episode more than once ----------------------------------------------------------


def test_a_later_charge_is_billed_as_a_further_claim_and_nothing_twice(
    ucep_world, users, person, tariff
):
    """Issue 13: "A later charge is billed as a further claim of the same episode; nothing is
    billed twice; the episode page shows what is billed, what is not yet, and what was paid"."""
    hospital = actor(ucep_world["90001"])
    e = opened(ucep_world, person, "90001", T_UC, NOW)
    add(ucep_world, "90001", e, T_UC + timedelta(hours=1), NOW, amount="150.00")
    first = services.make_claim(hospital, e.pk, ["I46.9"], now=NOW).claim
    assert first.claim_key == f"UCEP-{e.pk}-90001-1"
    add(ucep_world, "90001", e, T_UC + timedelta(hours=5), NOW, amount="80.00")
    billing = services.billing_of(e, "90001")
    assert billing["unbilled"] == Decimal("80.00") and billing["unbilled_lines"] == [2]
    second = services.make_claim(hospital, e.pk, ["I46.9"], now=NOW).claim
    assert second.claim_key == f"UCEP-{e.pk}-90001-2" and second.pk != first.pk
    assert second.lines.count() == 1 and second.payable_total == Decimal("80.00")
    with pytest.raises(SitthiError) as info:
        services.make_claim(hospital, e.pk, ["I46.9"], now=NOW)
    assert codes(info) == ["NOTHING_TO_CLAIM"]
    assert Claim.objects.filter(claim_key__startswith=f"UCEP-{e.pk}-").count() == 2

    nhso = actor(users["nhso"])
    claim_services.mark_documents_complete(nhso, first.pk, now=NOW)
    notice = claim_services.create_notice(nhso, "UCS", [first.pk], now=NOW)
    ucs = actor(User.objects.create_user("ucs_officer", password="x", role="fund", fund_id="UCS"))
    claim_services.record_payment(ucs, notice.pk, notice.total, date(2024, 3, 20), "T-1", now=NOW)
    billing = services.billing_of(Episode.objects.get(pk=e.pk), "90001")
    assert [b["claim"].state for b in billing["claims"]] == ["paid", "accepted"]
    assert billing["paid"] == Decimal("100.00") and billing["unbilled"] == Decimal("0.00")


def test_a_rejected_ucep_claim_is_billed_again_under_its_own_key(ucep_world, person, tariff):
    hospital = actor(ucep_world["90001"])
    e = opened(ucep_world, person, "90001", T_UC, NOW)
    add(ucep_world, "90001", e, T_UC + timedelta(hours=1), NOW)
    rejected = services.make_claim(hospital, e.pk, ["NOT-A-CODE"], now=NOW).claim
    assert rejected.state == "rejected"
    add(ucep_world, "90001", e, T_UC + timedelta(hours=2), NOW)
    again = services.make_claim(hospital, e.pk, ["I46.9"], now=NOW)
    assert again.status == "resubmitted" and again.claim.pk == rejected.pk
    assert again.claim.state == "accepted" and again.claim.revision == 2
    assert again.claim.lines.count() == 2
    assert Claim.objects.filter(claim_key__startswith=f"UCEP-{e.pk}-").count() == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    __import__("os").environ.get("DATABASE_URL", "").startswith("postgres") is False,
    reason="row locks need PostgreSQL; `make test` runs this on PostgreSQL",
)
def test_two_officers_billing_at_once_make_one_claim(ucep_world, person, tariff):
    """Real concurrent billing: the episode is locked while it is billed, so one officer makes
    the claim and the other is told there is nothing left (a coded 409, never a second claim)."""
    import threading

    from django.db import connection

    e = opened(ucep_world, person, "90001", T_UC, NOW)
    add(ucep_world, "90001", e, T_UC + timedelta(hours=1), NOW)
    second = User.objects.create_user("pv_b", password="x", role="hospital", hospital_id="90001")
    barrier = threading.Barrier(2)
    results = []

    def bill(user):
        try:
            barrier.wait()
            services.make_claim(actor(user), e.pk, ["I46.9"], now=NOW)
            results.append("billed")
        except SitthiError as exc:
            results.append(exc.items[0].code)
        finally:
            connection.close()

    threads = [threading.Thread(target=bill, args=(u,)) for u in (ucep_world["90001"], second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == ["NOTHING_TO_CLAIM", "billed"]
    assert Claim.objects.filter(claim_key__startswith=f"UCEP-{e.pk}-").count() == 1


def test_covid_yellow_red_care_is_priced_from_the_annex(ucep_world, person, tariff):
    """Seed 004 step 8: COVID-19 yellow/red care is paid "ในอัตราตามบัญชีและอัตราค่าใช้จ่ายแนบท้าย
    หลักเกณฑ์ฯ" — the annex, not the EMS fee schedule, even for an item code both list (the
    test tariff: LAB-1 100.00 in the EMS schedule, 120.00 in the annex)."""
    a = actor(ucep_world["90001"])
    t = bkk(2022, 5, 1, 8, 0)
    covid = services.open_episode(a, person.citizen_id, t, covid=True, now=t)
    services.record_triage(a, covid.pk, {"respiratory_rate": Decimal("26")}, now=t)
    general = services.open_episode(a, person.citizen_id, t, covid=False, now=t)
    services.record_triage(a, general.pk, CARDIAC_ARREST, now=t)
    paid = {}
    for e in (covid, general):
        add(ucep_world, "90001", e, t + timedelta(hours=1), t + timedelta(hours=2), "150.00")
        claim = services.make_claim(a, e.pk, ["U07.1"], now=t + timedelta(hours=2)).claim
        assert claim.state == "accepted"
        paid[claim.programme] = claim.payable_total
    assert paid == {"ucep_covid": Decimal("120.00"), "ucep": Decimal("100.00")}
