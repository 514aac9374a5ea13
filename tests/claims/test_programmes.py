"""Each programme prices from its own dated schedule, through the clearing house (issue 13,
"COVID-19 rates beside the EMS fee schedule"). Seed 004_0cb97de555201e57.txt step 8 pays
COVID-19 yellow/red UCEP care "ในอัตราตามบัญชีและอัตราค่าใช้จ่ายแนบท้ายหลักเกณฑ์ วิธีการ และ
เงื่อนไข" (the annex); other UCEP care is paid at the EMS fee schedule (seed 001 §2 step 4).

Which schedule prices a claim is never the hospital's choice: only the billing of a UCEP
episode (``submit(..., via="ucep")``) may name the annex's programme; the API has no such
field. The ``tariff`` fixture's annex shares LAB-1 (120.00, the EMS schedule 100.00) and has
COV-1 alone."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from sitthi.claims import frames as fr
from sitthi.claims import services
from sitthi.claims.models import Claim, TariffItem
from sitthi.core.actor import Actor
from sitthi.core.errors import CATALOGUE

from .conftest import bkk, payload
from .intake.files import csv_bytes

pytestmark = pytest.mark.django_db
WHEN = bkk(2024, 3, 1, 9, 0)
NOW = bkk(2024, 3, 2, 9, 0)


def ucep_bill(person, key="UCEP-1-10670-1", programme=None, codes=("LAB-1",), service="UCEP"):
    """What sitthi.ucep.services.make_claim sends for an episode's UCEP-paid charges."""
    return fr.ClaimIn(
        claim_key=key,
        hospital="10670",
        citizen_id=person.citizen_id,
        service_type=service,
        admitted_at=WHEN,
        discharged_at=WHEN + timedelta(hours=5),
        diagnoses=[fr.DiagnosisIn("U07.1")],
        lines=[
            fr.LineIn(code, Decimal(1), WHEN + timedelta(hours=i + 1), Decimal("1000.00"))
            for i, code in enumerate(codes)
        ],
        programme=programme,
    )


def submit(users, *claims, via="ucep"):
    return services.submit(
        Actor.of(users["hospital"]), fr.frames_from_inputs(list(claims)), via=via, now=NOW
    )


def test_covid_yellow_red_billing_is_priced_by_the_annex_and_shows_it(
    client, users, person, tariff
):
    (outcome,) = submit(users, ucep_bill(person, programme="ucep_covid", codes=("LAB-1", "COV-1")))
    claim = outcome.claim
    assert (outcome.status, claim.state, claim.programme) == ("created", "accepted", "ucep_covid")
    lines = list(claim.lines.all())
    assert [(ln.item_code, ln.unit_price, ln.schedule) for ln in lines] == [
        ("LAB-1", Decimal("120.00"), "test-annex"),
        ("COV-1", Decimal("50.00"), "test-annex"),
    ]
    client.force_login(users["hospital"])
    html = client.get(f"/claims/{claim.pk}/").content.decode()
    assert 'data-testid="programme"' in html and "ucep_covid" in html
    assert client.get(f"/api/v1/claims/{claim.pk}").json()["programme"] == "ucep_covid"


def test_general_ucep_billing_is_priced_by_the_ems_schedule_alone(users, person, tariff):
    """The same LAB-1 at the EMS price; COV-1, only in the annex, is unknown to it."""
    (priced,) = submit(users, ucep_bill(person))
    assert priced.claim.programme == "ucep"
    assert [ln.unit_price for ln in priced.claim.lines.all()] == [Decimal("100.00")]
    (rejected,) = submit(users, ucep_bill(person, key="UCEP-1-10670-2", codes=("COV-1",)))
    assert rejected.claim.state == "rejected"
    assert [p.code for p in rejected.claim.problems.all()] == ["ITEM_UNKNOWN"]


def test_an_op_claim_is_priced_by_the_general_programme(post_claim, users, person, tariff):
    r = post_claim(users["hospital"], payload(person))
    assert r.status_code == 201
    assert r.json()["claim"]["programme"] == "general"
    assert r.json()["claim"]["lines"][0]["schedule"] == "test"


@pytest.mark.parametrize("via", ["api", "bulk", "form", "file", "eclaim", "isolation"])
def test_no_other_way_in_may_name_a_programme(users, person, tariff, via):
    """Only the billing of a UCEP episode names a programme; any other caller naming one is
    refused and nothing is stored."""
    service = "HICI" if via == "isolation" else "OP"
    claim = ucep_bill(person, programme="ucep_covid", service=service)
    (outcome,) = submit(users, claim, via=via)
    assert outcome.status == "refused" and outcome.claim is None
    assert [e.code for e in outcome.errors] == ["CLAIM_PROGRAMME_NOT_ALLOWED"]
    assert not Claim.objects.exists()


@pytest.mark.parametrize(
    ("service", "programme"), [("UCEP", "general"), ("UCEP", "nope"), ("OP", "ucep_covid")]
)
def test_even_a_ucep_episode_names_only_a_ucep_programme(users, person, tariff, service, programme):
    (outcome,) = submit(users, ucep_bill(person, programme=programme, service=service))
    assert [e.code for e in outcome.errors] == ["CLAIM_PROGRAMME_NOT_ALLOWED"]
    assert not Claim.objects.exists()


def test_the_refusal_has_its_thai_and_english_message():
    entry = CATALOGUE["CLAIM_PROGRAMME_NOT_ALLOWED"]
    assert entry.status == 409 and entry.th and entry.en
    assert "UCEP COVID-19 Plus" in entry.th and "UCEP COVID-19 Plus" in entry.en


def test_the_api_has_no_programme_to_choose(client, post_claim, users, person, tariff):
    """The schema offers no programme field; one sent anyway changes nothing."""
    spec = client.get("/api/openapi.json").json()
    claim_in = spec["components"]["schemas"]["ClaimIn"]["properties"]
    assert "programme" not in claim_in
    r = post_claim(users["hospital"], payload(person, programme="ucep_covid"))
    assert r.status_code == 201 and r.json()["claim"]["programme"] == "general"
    assert Claim.objects.get().programme == "general"


def test_a_file_cannot_name_a_programme(client, users, person, tariff):
    """The claims file has no programme column (other columns are ignored, intake.tabular):
    one added changes nothing, the claim is priced by its service type's programme."""
    cid = person.citizen_id
    rows = [["K-1", "10670", cid, "OP", "2024-03-01 09:00", "", "E11.9", "LAB-1", "1", "", "1"]]
    data = csv_bytes(rows).decode("utf-8-sig").splitlines()
    data[0] += ",programme"
    data[1] += ",ucep_covid"
    client.force_login(users["hospital"])
    upload = SimpleUploadedFile("claims.csv", ("\n".join(data) + "\n").encode())
    r = client.post("/claims/upload/", {"file": upload})
    assert r.status_code in (200, 302)
    assert Claim.objects.get().programme == "general"


def test_the_shipped_schedules_load_with_their_programmes(users):
    """The EMS schedule is stored for general and ucep, the annex for ucep_covid; loading both
    leaves every programme unambiguous."""
    from sitthi.claims.demo import load_schedules

    load_schedules(NOW)
    by = {
        p: TariffItem.objects.filter(programme=p, version__active=True).count()
        for p in ("general", "ucep", "ucep_covid")
    }
    assert by["general"] == by["ucep"] > 40 and 1 <= by["ucep_covid"] < by["ucep"]
    tariff, version = services.tariff_frame()
    assert "ucep-covid-annex-illustrative:" in version
    annex = TariffItem.objects.get(programme="ucep_covid", item_code="1002")
    ems = TariffItem.objects.get(programme="ucep", item_code="1002")
    assert annex.unit_price != ems.unit_price
    load_schedules(NOW)  # unchanged files: nothing new
    assert TariffItem.objects.filter(version__active=True).count() == sum(by.values())


def test_the_tariffs_page_shows_each_rows_programme(client, users):
    from sitthi.claims.demo import load_schedules

    load_schedules(NOW)
    client.force_login(users["nhso"])
    html = client.get("/claims/tariffs/").content.decode()
    assert "<code>ucep_covid</code>" in html and "<code>ucep</code>" in html
