"""The what-if page and API (issue 18: "a page for NHSO with a chart … runs it as a
background job with progress"), the same what-if as ``sitthi whatif``."""

from __future__ import annotations

import io

import openpyxl
import pytest

from sitthi.claims.models import Claim
from sitthi.core.models import ApiToken
from sitthi.jobs.models import Job

from .test_replay import decided  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db

SET = "covid.body_handling_per_deceased=3000@2022-04-25"


def test_nhso_runs_a_what_if_from_the_page_and_reads_its_result(client, users, decided):  # noqa: F811
    client.force_login(users["nhso"])
    page = client.get("/claims/whatif/")
    assert page.status_code == 200 and "ทดลองผลกระทบ" in page.content.decode()
    r = client.post("/claims/whatif/", {"from": "01/03/2567", "to": "31/03/2567", "sets": SET})
    job = Job.objects.get(kind=Job.Kind.CLAIMS_WHATIF)
    assert r.status_code == 302 and r["Location"] == f"/jobs/{job.pk}/"
    assert job.status == "done", (job.error_code, job.result)
    assert job.params["from"] == "2024-03-01"  # read as Buddhist Era
    detail = client.get(f"/jobs/{job.pk}/").content.decode()
    assert f"/claims/whatif/{job.pk}/" in detail
    html = client.get(f"/claims/whatif/{job.pk}/").content.decode()
    assert 'data-testid="whatif-chart"' in html and "2,780.50" in html and "3,280.50" in html
    assert "BODY" in html and 'data-testid="changed-count">1<' in html
    book = openpyxl.load_workbook(
        io.BytesIO(client.get(f"/claims/whatif/{job.pk}/whatif.xlsx").content)
    )
    assert any("fund" in s.title for s in book.worksheets)
    assert Claim.objects.get(claim_key="BODY").payable_total == 2500  # nothing stored changed


def test_a_period_with_no_claims_and_a_bad_change(client, users, decided):  # noqa: F811
    client.force_login(users["nhso"])
    r = client.post("/claims/whatif/", {"sets": "covid.body_handling_per_deceased=3000"})
    assert r.status_code == 400 and "WHATIF_CHANGE_INVALID" in r.content.decode()
    r = client.post("/claims/whatif/", {"from": "31/03/2567", "to": "01/03/2567", "sets": SET})
    assert r.status_code == 400 and "DATE_ORDER" in r.content.decode()
    r = client.post("/claims/whatif/", {"from": "30/02/2567", "sets": SET})
    assert r.status_code == 400 and "DATE_INVALID" in r.content.decode()
    assert not Job.objects.filter(kind=Job.Kind.CLAIMS_WHATIF).exists()


def test_only_nhso_may_run_or_read_a_what_if(client, users, decided):  # noqa: F811
    client.force_login(users["nhso"])
    client.post("/claims/whatif/", {"sets": SET})
    job = Job.objects.get(kind=Job.Kind.CLAIMS_WHATIF)
    for who in ("hospital", "fund"):
        client.force_login(users[who])
        assert client.get("/claims/whatif/").status_code == 403
        assert client.post("/claims/whatif/", {"sets": SET}).status_code == 403
        assert client.get(f"/claims/whatif/{job.pk}/").status_code in (403, 404)
    assert Job.objects.filter(kind=Job.Kind.CLAIMS_WHATIF).count() == 1


def test_the_api_runs_the_same_what_if(client, users, decided):  # noqa: F811
    token = ApiToken.issue(users["nhso"], "planning")[1]
    r = client.post(
        "/api/v1/claims-whatif",
        {"from": "2024-03-01", "sets": [SET]},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert r.status_code == 202, r.content
    body = client.get(r.json()["links"]["self"], HTTP_AUTHORIZATION=f"Bearer {token}").json()
    assert body["status"] == "done"
    ucs = next(t for t in body["result"]["totals"]["fund"] if t["key"] == "UCS")
    assert ucs["difference"] == 50_000 and body["result"]["changed_count"] == 1
    hospital = ApiToken.issue(users["hospital"], "his")[1]
    r = client.post(
        "/api/v1/claims-whatif",
        {"sets": [SET]},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {hospital}",
    )
    assert r.status_code == 403 and r.json()["errors"][0]["code"] == "ROLE_FORBIDDEN"


def test_the_api_takes_a_fee_schedule_file_as_the_page_does(client, users, decided, tmp_path):  # noqa: F811
    from django.core.files.uploadedfile import SimpleUploadedFile

    from .test_whatif import TARIFF

    token = ApiToken.issue(users["nhso"], "planning")[1]
    r = client.post(
        "/api/v1/claims-whatif/fee-schedule",
        {"from": "2024-03-01", "file": SimpleUploadedFile("test.csv", TARIFF.encode())},
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert r.status_code == 202, r.content
    result = Job.objects.get(pk=r.json()["id"]).result
    ucs = next(t for t in result["totals"]["fund"] if t["key"] == "UCS")
    assert ucs["difference"] == -2_000  # LAB-1 at 90.00 (tests.claims.test_whatif)
    bad = SimpleUploadedFile("bad.csv", b"schedule,item_code\nx,y\n")
    r = client.post(
        "/api/v1/claims-whatif/fee-schedule", {"file": bad}, HTTP_AUTHORIZATION=f"Bearer {token}"
    )
    assert r.status_code == 400 and r.json()["errors"][0]["code"] == "WHATIF_CHANGE_INVALID"
