"""Replay (issue 18): "decides stored claims again under the versions they were decided with
and reports every difference (there must be none; a test changes a stored decision and sees it
reported)". The parameter set a decision used is archived in the database and turned back into
the same set (its content hash checked); fee-schedule versions stay stored after they are
replaced."""

from __future__ import annotations

import csv
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command

from sitthi.claims import replay
from sitthi.claims import services as claims_services
from sitthi.claims.models import Claim, ClaimLine, TariffItem, TariffVersion
from sitthi.core import archive
from sitthi.core.models import ParameterArchive
from sitthi.rules.params import default_parameters

from .conftest import bkk, payload

pytestmark = pytest.mark.django_db

WHEN = bkk(2024, 3, 1, 9, 0)
BODY = {
    "service_type": "COVID_BODY",
    "discharged_at": WHEN.isoformat(),
    "diagnoses": [{"code": "U07.1", "dx_type": "1"}],
    "lines": [
        {
            "item_code": "COVID-BODY",
            "quantity": "1",
            "served_at": WHEN.isoformat(),
            "charged": "3000.00",
        }
    ],
}


@pytest.fixture
def decided(post_claim, users, person, tariff):
    """An accepted OP claim, a rejected one (an item no schedule has), a COVID-19 body-handling
    claim priced from the dated parameters (2,500 baht a deceased)."""
    post_claim(users["hospital"], payload(person, key="OK"))
    bad = payload(person, key="BAD")
    bad["lines"][1]["item_code"] = "NOPE-9"
    post_claim(users["hospital"], bad)
    r = post_claim(users["hospital"], payload(person, key="BODY", **BODY))
    assert r.status_code == 201, r.content
    states = dict(Claim.objects.values_list("claim_key", "state"))
    assert states == {"OK": "accepted", "BAD": "rejected", "BODY": "accepted"}
    assert Claim.objects.get(claim_key="BODY").payable_total == Decimal("2500.00")


def test_an_untouched_database_replays_with_no_difference(decided):
    report = replay.replay(replay.stored_claims())
    assert report.claims == 3 and report.lines == 5
    assert report.same, report.differences


def test_the_parameter_set_a_decision_used_is_archived_and_turned_back(decided):
    version = Claim.objects.get(claim_key="OK").params_version
    assert ParameterArchive.objects.filter(version=version).count() == 1
    back = archive.parameters(version)
    assert back.content_hash == default_parameters().content_hash
    stored = ParameterArchive.objects.get(version=version)
    with pytest.raises(ValueError):
        stored.save()  # written once, never changed


def test_replay_uses_the_archived_parameters_not_the_shipped_ones(decided, monkeypatch):
    """The shipped set changes (the body-handling rate becomes 3,000): a new decision would pay
    3,000, the replay of the stored one still decides 2,500 under its own version."""
    changed = default_parameters().with_overrides(
        {
            "covid.body_handling_per_deceased": [
                {"from": date(2022, 4, 25), "value": 3000, "source": "test: a changed rate"}
            ]
        }
    )
    monkeypatch.setattr(claims_services, "default_parameters", lambda: changed)
    stored = Claim.objects.get(claim_key="BODY")
    frames = replay.inputs_of([stored])
    now = claims_services.decide(frames)  # the rules in force now: the changed set
    assert now.priced["payable_satang"].to_list() == [300_000]
    assert replay.replay(replay.stored_claims()).same


def test_replay_uses_the_fee_schedule_version_a_claim_used(decided, tariff):
    """A new version of the schedule (LAB-1 at 90.00) replaces the one in force; the stored
    claims are replayed under the version they name."""
    tariff.active = False
    tariff.save()
    new = TariffVersion.objects.create(
        schedule="test", content_hash="n" * 64, filename="n.csv", rows=1, loaded_at=bkk(2024, 6, 1)
    )
    for item in TariffItem.objects.filter(version=tariff):
        item.pk, item.version = None, new
        if item.item_code == "LAB-1":
            item.unit_price = Decimal("90.00")
        item.save()
    report = replay.replay(replay.stored_claims())
    assert report.same, report.differences


def test_a_changed_stored_decision_is_reported(decided, tmp_path):
    line = ClaimLine.objects.get(claim__claim_key="OK", line_no=1)
    line.payable = Decimal("199.99")
    line.save()
    Claim.objects.filter(claim_key="BODY").update(fund_id="SSS")
    report = replay.replay(replay.stored_claims())
    got = {(d.claim_key, d.line_no, d.what, d.stored, d.replayed) for d in report.differences}
    assert got == {
        ("OK", 1, "payable", "199.99", "200.00"),
        ("BODY", None, "fund", "SSS", "UCS"),
    }
    out = tmp_path / "diff.csv"
    with pytest.raises(SystemExit) as stop:
        call_command("replay", "--claims", "--csv", str(out), verbosity=0)
    assert stop.value.code == 1
    rows = list(csv.DictReader(out.open(encoding="utf-8-sig")))
    assert {(r["claim_key"], r["what"]) for r in rows} == {("OK", "payable"), ("BODY", "fund")}


def test_a_claim_whose_versions_are_not_archived_is_reported_not_decided(decided):
    ParameterArchive.objects.all().delete()
    report = replay.replay(replay.stored_claims())
    assert {d.what for d in report.differences} == {"versions"} and report.missing


def test_a_paid_claim_is_not_a_duplicate_of_itself(client, decided, users):
    """DUPLICATE_OF_PAID bars the same care paid before; replaying a paid claim must not find
    the claim itself."""
    from sitthi.claims.models import Notice
    from sitthi.core.models import User

    ok = Claim.objects.get(claim_key="OK")
    client.force_login(users["nhso"])
    client.post(f"/api/v1/claims/{ok.pk}/documents-complete")
    r = client.post(
        "/api/v1/notices", {"fund": "UCS", "claim_ids": [ok.pk]}, content_type="application/json"
    )
    assert r.status_code == 201, r.content
    uc = User.objects.create_user("uc_pay", password="x", role="fund", fund_id="UCS")
    client.force_login(uc)
    notice = Notice.objects.get()
    r = client.post(
        f"/api/v1/notices/{notice.pk}/payment",
        {"amount": str(notice.total), "paid_on": "2024-03-20", "reference": "TX"},
        content_type="application/json",
    )
    assert r.status_code == 200
    assert replay.replay(replay.stored_claims()).same
    # The same care sent again afterwards is a duplicate of the paid claim, and replays so.
    client.force_login(users["hospital"])
    r = client.post(
        "/api/v1/claims", payload(ok.person, key="AGAIN"), content_type="application/json"
    )
    assert r.status_code == 201 and "DUPLICATE_OF_PAID" in {p["code"] for p in r.json()["problems"]}
    report = replay.replay(replay.stored_claims())
    assert report.claims == 4 and report.same, report.differences


def test_the_command_reports_none_and_exits_zero(decided):
    import io

    out = io.StringIO()
    call_command("replay", "--claims", stdout=out, verbosity=0)
    assert "replayed 3 claims (5 lines): 0 differences" in out.getvalue()
