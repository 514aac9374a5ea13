"""The jobs pages and API: a claims file answered 202 with its job while a worker has it, the
list and the job's page with a <progress> bar and a static script, scoped like the data."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from sitthi.claims.models import Claim
from sitthi.core.actor import Actor
from sitthi.jobs import services
from sitthi.jobs.models import Job

from .helpers import claims_csv

pytestmark = pytest.mark.django_db


@pytest.fixture
def queued(monkeypatch):
    """Jobs wait in the queue (no worker runs in this test)."""
    from django_q.conf import Conf

    monkeypatch.setattr(Conf, "SYNC", False)


def test_the_upload_page_answers_202_with_the_job_while_it_waits(
    client, users, person, tariff, queued
):
    from django_q.models import OrmQ

    client.force_login(users["hospital"])
    r = client.post("/claims/upload/", {"file": SimpleUploadedFile("k.csv", claims_csv(person, 2))})
    job = Job.objects.get()
    assert r.status_code == 202 and f'href="/jobs/{job.pk}/"' in r.content.decode()
    assert job.status == "queued" and OrmQ.objects.count() == 1  # its task, in one commit
    assert not Claim.objects.exists()
    # a worker runs the task; the job's page then shows the claims stored
    assert services.run(job.pk) == "done"
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert 'data-testid="accepted"' in page and "K-1" in page and "K-2" in page


def test_the_api_takes_a_claims_file_as_a_job_and_scopes_it(client, users, person, tariff, queued):
    client.force_login(users["hospital"])
    r = client.post(
        "/api/v1/claim-files", {"file": SimpleUploadedFile("k.csv", claims_csv(person, 1))}
    )
    assert r.status_code == 202, r.content
    body = r.json()
    assert body["status"] == "queued" and body["links"]["self"] == f"/api/v1/jobs/{body['id']}"
    services.run(body["id"])
    got = client.get(body["links"]["self"]).json()
    assert (got["status"], got["done"], got["total"], got["percent"]) == ("done", 1, 1, 100)
    assert [j["id"] for j in client.get("/api/v1/jobs").json()["jobs"]] == [body["id"]]
    assert client.get("/api/v1/jobs?status=failed").json()["jobs"] == []
    r = client.get("/api/v1/jobs?status=lost")
    assert r.status_code == 400 and r.json()["errors"][0]["code"] == "REQUEST_INVALID"
    # another hospital's officer: not found, not a list entry, not a page
    client.force_login(users["other_hospital"])
    r = client.get(body["links"]["self"])
    assert r.status_code == 404 and r.json()["errors"][0]["code"] == "JOB_NOT_FOUND"
    assert client.get("/api/v1/jobs").json()["jobs"] == []
    assert client.get(f"/jobs/{body['id']}/").status_code == 404
    # NHSO sees it; a fund may not send claims files
    client.force_login(users["nhso"])
    assert client.get(body["links"]["self"]).status_code == 200
    client.force_login(users["fund"])
    r = client.post("/api/v1/claim-files", {"file": SimpleUploadedFile("k.csv", b"x")})
    assert r.status_code == 403 and r.json()["errors"][0]["code"] == "ROLE_FORBIDDEN"
    client.logout()
    assert client.get("/api/v1/jobs").status_code == 401


def test_the_list_shows_progress_bars_and_a_static_script_only(client, users, person, tariff):
    services.import_claims(Actor.of(users["hospital"]), claims_csv(person, 2), "k.csv")
    client.force_login(users["hospital"])
    page = client.get("/jobs/").content.decode()
    assert '<progress max="2" value="2"' in page and "/static/jobs/progress.js" in page
    assert "<script>" not in page and "นำเข้าแฟ้มเคลม" in page  # Thai first
    assert 'data-job="/api/v1/jobs/' in page
    client.force_login(users["other_hospital"])
    assert "<progress" not in client.get("/jobs/").content.decode()


def test_a_refused_file_job_page_lists_the_problems_and_gives_the_report(
    client, users, person, tariff
):
    job = services.import_claims(
        Actor.of(users["hospital"]), claims_csv(person, 2, bad_last=True), "k.csv"
    )
    client.force_login(users["hospital"])
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert 'data-testid="report"' in page and "ITEM_UNKNOWN" in page
    r = client.get(f"/jobs/{job.pk}/report.xlsx")
    assert r.status_code == 200 and r["Content-Type"].startswith("application/vnd.openxml")


def test_an_allocation_run_from_the_page_waits_as_a_job(client, users, registered, queued):
    from tests.allocation.test_allocation_app import load

    version = load(users)
    client.force_login(users["nhso"])
    r = client.post(f"/allocation/configs/{version.pk}/", {})
    job = Job.objects.get()
    assert r.status_code == 302 and r["Location"] == f"/jobs/{job.pk}/"
    services.run(job.pk)
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert 'data-testid="run"' in page


def test_the_job_endpoints_are_in_the_api_document(client):
    paths = client.get("/api/openapi.json").json()["paths"]
    assert {"/api/v1/jobs", "/api/v1/jobs/{job_id}", "/api/v1/claim-files"} <= set(paths)
    assert "202" in paths["/api/v1/claim-files"]["post"]["responses"]
    assert "JOB_NOT_FOUND" in client.get("/api/openapi.json").json()["info"]["description"]
