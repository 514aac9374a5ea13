"""UCEP episodes through the service layer: eligibility, the 72-hour window across transfers,
the payer of every charge, the UCEP claim, transfer back, and refusals (DOMAIN.md §1; seed
001_9fcdabf8e5dd4edb.txt §1–2 and "แนวทางรับย้ายกลับ รพ. รัฐ"; seed 004_0cb97de555201e57.txt)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from auditlog.models import LogEntry

from sitthi.claims import frames as fr
from sitthi.core.actor import Actor
from sitthi.core.errors import SitthiError
from sitthi.ucep import services
from sitthi.ucep.models import Charge, Episode

from .conftest import CARDIAC_ARREST, bkk

pytestmark = pytest.mark.django_db
T0 = bkk(2024, 3, 1, 8, 0)
NOW = bkk(2024, 3, 10, 12, 0)


def actor(user):
    return Actor.of(user)


def open_critical(world, person, hcode="90001", at=T0, **triage):
    a = actor(world[hcode])
    episode = services.open_episode(a, person.citizen_id, at, covid=False, now=NOW)
    services.record_triage(a, episode.pk, triage or CARDIAC_ARREST, now=NOW)
    return Episode.objects.get(pk=episode.pk)


def charge(world, hcode, episode, at, amount="1000.00", code="LAB-1"):
    services.add_charges(
        actor(world[hcode]),
        episode.pk,
        [fr.LineIn(code, Decimal("1"), at, Decimal(amount))],
        now=NOW,
    )
    return Charge.objects.filter(episode=episode).order_by("-line_no").first()


def test_eligible_at_a_private_hospital_outside_the_network(ucep_world, person):
    """Seed 001 §1: UC/SSS/CSMBS, a private hospital outside the fund's network, critical."""
    e = open_critical(ucep_world, person)
    assert e.fund_id == "UCS" and e.emergency_critical and e.eligible
    assert LogEntry.objects.get_for_object(e).filter(actor=ucep_world["90001"]).exists()


@pytest.mark.parametrize(
    ("hcode", "failed"),
    [("10670", ["STATE_HOSPITAL", "IN_NETWORK"]), ("13001", ["STATE_HOSPITAL"])],
)
def test_not_eligible_at_state_or_contracted_hospitals(ucep_world, users, person, hcode, failed):
    if hcode == "13001":
        from sitthi.core.models import User

        ucep_world["13001"] = User.objects.create_user(
            "bma", password="x", role="hospital", hospital_id="13001"
        )
        from sitthi.registry.models import Contract

        Contract.objects.filter(hospital_id="13001").delete()  # a state hospital, no contract
    e = open_critical(ucep_world, person, hcode)
    assert not e.eligible and e.eligibility_failed == failed


def test_not_critical_is_not_eligible(ucep_world, person):
    e = open_critical(ucep_world, person, cough=True)
    assert e.emergency_critical is False and "NOT_CRITICAL" in e.eligibility_failed


def test_the_72_hour_window_is_exclusive_at_its_end(ucep_world, person):
    """Seed 001 §2 steps 4–5: up to 72 hours UCEP pays; after 72 hours the owner fund."""
    e = open_critical(ucep_world, person)
    inside = charge(ucep_world, "90001", e, T0 + timedelta(hours=71, minutes=59))
    at_end = charge(ucep_world, "90001", e, T0 + timedelta(hours=72))
    assert (inside.payer, at_end.payer) == ("UCEP", "FUND")
    assert inside.window_end == T0 + timedelta(hours=72)


def test_a_transfer_never_restarts_the_clock(ucep_world, person):
    """Seed 001 §2 step 9: hospital 2 is paid from its receipt to the 72-hour mark counted
    continuously from hospital 1's admission."""
    e = open_critical(ucep_world, person)
    services.transfer(actor(ucep_world["90001"]), e.pk, "90002", T0 + timedelta(hours=70), now=NOW)
    a = charge(ucep_world, "90002", e, T0 + timedelta(hours=71))
    b = charge(ucep_world, "90002", e, T0 + timedelta(hours=73))
    assert (a.payer, b.payer) == ("UCEP", "FUND")
    assert a.window_start == T0


def test_sss_contracted_hospital_receiving_its_own_patient(ucep_world, person, hospitals):
    """Step 9, first exception: an SSS-contracted private hospital receiving its own SSS
    patient follows SSS rules."""
    from datetime import date

    from sitthi.registry.models import Right

    person.rights.all().delete()
    Right.objects.create(
        person=person, fund_id="SSS", main_unit_id="90003", valid_from=date(2020, 1, 1)
    )
    e = open_critical(ucep_world, person)
    services.transfer(actor(ucep_world["90001"]), e.pk, "90003", T0 + timedelta(hours=10), now=NOW)
    c = charge(ucep_world, "90003", e, T0 + timedelta(hours=11))
    assert c.payer == "FUND_SYSTEM" and c.exception == "sss_own_patient"


def test_refused_transfer_makes_the_patient_pay_from_fit_to_move(ucep_world, person):
    """Seed 001 §2 step 10."""
    e = open_critical(ucep_world, person)
    services.fit_to_move(
        actor(ucep_world["90001"]), e.pk, T0 + timedelta(hours=20), refused=True, now=NOW
    )
    before = charge(ucep_world, "90001", e, T0 + timedelta(hours=19))
    after = charge(ucep_world, "90001", e, T0 + timedelta(hours=21))
    assert (before.payer, after.payer) == ("UCEP", "PATIENT")


def test_every_charge_has_one_payer_and_the_parts_add_up(ucep_world, person):
    e = open_critical(ucep_world, person)
    for h in (1, 30, 71, 72, 90):
        charge(ucep_world, "90001", e, T0 + timedelta(hours=h), amount=f"{100 + h}.25")
    totals = services.totals_by_payer(e)
    assert sum(totals.values()) == sum(c.charged for c in e.charges.all())
    assert all(c.payer in {"UCEP", "FUND"} for c in e.charges.all())


def test_impossible_times_are_refused_with_codes(ucep_world, person):
    e = open_critical(ucep_world, person)
    a = actor(ucep_world["90001"])
    for call, code in [
        (
            lambda: services.discharge(a, e.pk, T0 - timedelta(hours=1), now=NOW),
            "EPISODE_TIME_ORDER",
        ),
        (
            lambda: services.transfer(a, e.pk, "90002", T0 - timedelta(minutes=1), now=NOW),
            "EPISODE_TIME_ORDER",
        ),
        (
            lambda: services.transfer(a, e.pk, "90001", T0 + timedelta(hours=1), now=NOW),
            "TRANSFER_SAME_HOSPITAL",
        ),
        (
            lambda: services.add_charges(
                a,
                e.pk,
                [fr.LineIn("LAB-1", Decimal(1), T0 - timedelta(hours=2), Decimal(10))],
                now=NOW,
            ),
            "LINE_OUTSIDE_STAY",
        ),
        (
            lambda: services.open_episode(
                a, person.citizen_id, NOW + timedelta(days=1), covid=False, now=NOW
            ),
            "EPISODE_TIME_ORDER",
        ),
    ]:
        with pytest.raises(SitthiError) as info:
            call()
        assert code in [i.code for i in info.value.items]
    assert e.stays.count() == 1 and not e.charges.exists()


def test_only_the_hospital_treating_now_acts_and_others_cannot_see(ucep_world, person):
    e = open_critical(ucep_world, person)
    services.transfer(actor(ucep_world["90001"]), e.pk, "90002", T0 + timedelta(hours=5), now=NOW)
    with pytest.raises(SitthiError) as info:
        services.discharge(actor(ucep_world["90001"]), e.pk, T0 + timedelta(hours=6), now=NOW)
    assert info.value.items[0].code == "NOT_CURRENT_HOSPITAL"
    assert services.get_episode(actor(ucep_world["90002"]), e.pk) == e
    with pytest.raises(SitthiError) as info:
        services.get_episode(actor(ucep_world["90003"]), e.pk)
    assert info.value.items[0].code == "NOT_FOUND"


def test_the_ucep_part_becomes_a_clearing_house_claim(ucep_world, users, person, tariff):
    """Seed 001 §2 steps 6–8: within-72-hour costs are billed to NHSO, notified to the owner
    fund within 30 days and paid within 15."""
    from sitthi.claims import services as claims

    e = open_critical(ucep_world, person)
    charge(ucep_world, "90001", e, T0 + timedelta(hours=1), amount="150.00")
    charge(ucep_world, "90001", e, T0 + timedelta(hours=80), amount="150.00")
    outcome = services.make_claim(actor(ucep_world["90001"]), e.pk, ["I46.9"], now=NOW)
    claim = outcome.claim
    assert claim.state == "accepted" and claim.service_type == "UCEP" and claim.fund_id == "UCS"
    assert claim.lines.count() == 1 and claim.payable_total == Decimal("100.00")
    with pytest.raises(SitthiError) as info:
        services.make_claim(actor(ucep_world["90001"]), e.pk, ["I46.9"], now=NOW)
    assert info.value.items[0].code == "NOTHING_TO_CLAIM"
    nhso = actor(users["nhso"])
    claims.mark_documents_complete(nhso, claim.pk, now=NOW)
    notice = claims.create_notice(nhso, "UCS", [claim.pk], now=NOW)
    assert notice.payment_due == NOW.date() + timedelta(days=15)


def test_transfer_back_uc_goes_to_the_registered_hospital(ucep_world, person):
    e = open_critical(ucep_world, person)
    advice, target = services.advise_transfer_back(actor(ucep_world["90001"]), e.pk, now=NOW)
    assert advice.kind == "registered_unit" and target.hcode == "10670"


def test_bangkok_csmbs_without_agency_hospital_takes_the_queue_in_turn(
    ucep_world, users, hospitals
):
    """CSMBS, agency without a hospital, treated in Bangkok → a state hospital by queue over
    groups 1–3; the rotation is persisted and each episode takes the next."""
    from datetime import date

    from sitthi.registry.models import Agency, Person, Right
    from tests.conftest import make_cid

    agency = Agency.objects.create(code="RD", name_th="กรมสรรพากร")
    chosen = []
    for _ in range(3):
        p = Person.objects.create(
            citizen_id=make_cid(),
            first_name="ก",
            last_name="ข",
            sex="1",
            birth_date=date(1970, 1, 1),
            province_id="10",
        )
        Right.objects.create(person=p, fund_id="OFC", agency=agency, valid_from=date(2010, 1, 1))
        e = open_critical(ucep_world, p)
        services.advise_transfer_back(actor(users["ems"]), e.pk, now=NOW, assign=True)
        advice, target = services.advise_transfer_back(
            actor(users["ems"]), e.pk, now=NOW, assign=True
        )  # twice: no second turn
        assert advice.kind == "bangkok_queue"
        chosen.append(target.hcode)
    assert chosen == ["13001", "13002", "13001"]


def test_ems_inbox_lists_notified_episodes(ucep_world, users, person):
    e = open_critical(ucep_world, person)
    assert list(services.ems_inbox(actor(users["ems"]))) == []
    services.notify_ems(actor(ucep_world["90001"]), e.pk, now=NOW)
    assert list(services.ems_inbox(actor(users["ems"]))) == [e]
    with pytest.raises(SitthiError):
        services.ems_inbox(actor(users["hospital"]))
