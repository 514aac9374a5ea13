"""The allocation pages' power over the API (/api/v1/allocation/…), scoped as the pages are and
through the same services: NHSO, funds and admin read every version and run; a hospital the
runs that pay it and its own unit's statement (any other unit NOT_FOUND); only NHSO loads a
year (seed 003_efb95171d59d7c5f.txt, FY 2559 rules) and starts a run, as a background job."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import openpyxl
import pytest
import yaml
from django.core.files.uploadedfile import SimpleUploadedFile

from sitthi.allocation import services
from sitthi.allocation.models import FiscalYearConfig, Payment, Run
from sitthi.core.actor import Actor
from sitthi.core.models import ApiToken
from sitthi.jobs.models import Job
from tests.allocation.test_allocation_app import NOW, load, registered  # noqa: F401
from tests.rules.allocation.tiny import SHIPPED, shipped_raw

pytestmark = pytest.mark.django_db

BASE = "/api/v1/allocation"


def codes(r) -> list[str]:
    return [e["code"] for e in r.json()["errors"]]


def bearer(user, scopes=("read", "submit")) -> dict:
    _, raw = ApiToken.issue(user, "test", scopes=scopes)
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


@pytest.fixture
def run(users, registered):  # noqa: F811
    """FY 2559 version 1 run over the registry: 10670 (Khon Kaen) and 13001 (Bangkok)."""
    return services.run_from_registry(Actor.of(users["nhso"]), load(users), now=NOW)


# -- reading ------------------------------------------------------------------------------------


def test_nhso_and_a_fund_read_the_versions_a_hospital_is_refused(client, users, run):
    for who in ("nhso", "fund", "admin"):
        r = client.get(f"{BASE}/configs?fy=2559", **bearer(users[who]))
        assert r.status_code == 200, r.json()
        body = r.json()
        assert body["count"] == 1
        item = body["items"][0]
        assert (item["fy"], item["version"], item["runs"]) == (2559, 1, 1)
        assert item["created_by"] == users["nhso"].username
        assert item["created_at"].endswith("+07:00")
    assert client.get(f"{BASE}/configs?fy=2560", **bearer(users["nhso"])).json()["count"] == 0
    one = client.get(f"{BASE}/configs/{run.config_id}", **bearer(users["fund"])).json()
    op = next(ln for ln in one["lines"] if ln["code"] == "OP")
    cfg = services.fiscal_year(run.config)
    assert Decimal(op["rate"]) == cfg.line("OP").rate
    assert one["population_date"] == cfg.population_date.isoformat()
    for path in ("/configs", f"/configs/{run.config_id}"):
        r = client.get(BASE + path, **bearer(users["hospital"]))
        assert r.status_code == 403 and codes(r) == ["ROLE_FORBIDDEN"]
    r = client.get(f"{BASE}/configs/999999", **bearer(users["nhso"]))
    assert r.status_code == 404 and codes(r) == ["NOT_FOUND"]


def test_runs_as_on_the_page_a_hospital_sees_those_that_pay_it(client, users, run):
    r = client.get(f"{BASE}/runs", **bearer(users["fund"]))
    assert r.status_code == 200
    assert [i["id"] for i in r.json()["items"]] == [run.pk] and r.json()["count"] == 1
    item = r.json()["items"][0]
    assert (item["fy"], item["version"], item["persons"]) == (2559, 1, 12)
    # a hospital: the runs in which its unit receives something (services.runs_for_unit)
    mine = client.get(f"{BASE}/runs", **bearer(users["hospital"])).json()
    assert [i["id"] for i in mine["items"]] == [
        r.pk for r in services.runs_for_unit(Actor.of(users["hospital"]))
    ]
    assert mine["count"] == 1
    other = client.get(f"{BASE}/runs", **bearer(users["other_hospital"])).json()
    assert other == {"count": 0, "items": []}  # 90001 is paid nothing
    # the page's filters, with the page's codes
    assert client.get(f"{BASE}/runs?fy=2559", **bearer(users["nhso"])).json()["count"] == 1
    r = client.get(f"{BASE}/runs?fy=2530", **bearer(users["nhso"]))
    assert r.status_code == 400 and codes(r) == ["LIST_FILTER_INVALID"]
    r = client.get(f"{BASE}/runs?format=pdf", **bearer(users["nhso"]))
    assert r.status_code == 400 and codes(r) == ["REQUEST_INVALID"]


def test_the_runs_file_is_the_pages_export(client, users, run):
    api = client.get(f"{BASE}/runs?format=csv", **bearer(users["nhso"]))
    client.force_login(users["nhso"])
    page = client.get("/allocation/?format=csv")
    assert api.status_code == 200 and api["Content-Type"].startswith("text/csv")
    assert api.content == page.content
    rows = list(csv.reader(io.StringIO(api.content.decode("utf-8-sig"))))
    assert rows[1][0] == str(run.pk) and len(rows) == 2
    xlsx = client.get(
        f"{BASE}/runs",
        HTTP_ACCEPT="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        **bearer(users["nhso"]),
    )
    assert xlsx.status_code == 200
    openpyxl.load_workbook(io.BytesIO(xlsx.content))


def test_a_run_with_its_lines_for_nhso_and_funds_only(client, users, run):
    r = client.get(f"{BASE}/runs/{run.pk}", **bearer(users["fund"]))
    assert r.status_code == 200
    lines = {ln["line"]: ln for ln in r.json()["lines"]}
    op = next(ln for ln in run.report["lines"] if ln["line"] == "OP")
    assert lines["OP"]["budget"] == f"{Decimal(op['budget_satang']).scaleb(-2):.2f}"
    assert lines["OP"]["to_units"] == f"{Decimal(op['to_units_satang']).scaleb(-2):.2f}"
    assert set(lines) == {ln["line"] for ln in run.report["lines"]}
    for path in (f"/runs/{run.pk}", f"/runs/{run.pk}/units"):
        r = client.get(BASE + path, **bearer(users["hospital"]))
        assert r.status_code == 403 and codes(r) == ["ROLE_FORBIDDEN"]
    r = client.get(f"{BASE}/runs/999999", **bearer(users["nhso"]))
    assert r.status_code == 404 and codes(r) == ["NOT_FOUND"]


def test_the_units_a_run_pays_paginated_and_filtered_as_the_page(client, users, run):
    r = client.get(f"{BASE}/runs/{run.pk}/units?limit=1", **bearer(users["nhso"]))
    body = r.json()
    assert r.status_code == 200 and body["count"] == 2 and len(body["items"]) == 1
    rows = list(services.unit_rows(run, services.unit_lines(run)))
    first = body["items"][0]
    assert first["unit"] == rows[0]["payee"] and first["total"] == f"{rows[0]['total']:.2f}"
    assert body["lines"] == [ln["line"] for ln in services.unit_lines(run)]
    assert [a["line"] for a in first["amounts"]] == body["lines"]
    second = client.get(f"{BASE}/runs/{run.pk}/units?limit=1&offset=1", **bearer(users["nhso"]))
    assert second.json()["items"][0]["unit"] == rows[1]["payee"]
    bkk = client.get(f"{BASE}/runs/{run.pk}/units?province=10", **bearer(users["nhso"])).json()
    assert [i["unit"] for i in bkk["items"]] == ["13001"]
    found = client.get(f"{BASE}/runs/{run.pk}/units?q=ขอนแก่น", **bearer(users["fund"])).json()
    assert [i["unit"] for i in found["items"]] == ["10670"]
    r = client.get(f"{BASE}/runs/{run.pk}/units?moph=maybe", **bearer(users["nhso"]))
    assert r.status_code == 400 and codes(r) == ["LIST_FILTER_INVALID"]
    # the file is the page's export, the same filters
    api = client.get(f"{BASE}/runs/{run.pk}/units?format=csv&region=7", **bearer(users["nhso"]))
    client.force_login(users["nhso"])
    page = client.get(f"/allocation/runs/{run.pk}/units/?format=csv&region=7")
    assert api.status_code == 200 and api.content == page.content
    assert len(list(csv.reader(io.StringIO(api.content.decode("utf-8-sig"))))) == 2


def test_a_hospital_reads_its_own_statement_only(client, users, run):
    r = client.get(f"{BASE}/runs/{run.pk}/units/10670", **bearer(users["hospital"]))
    assert r.status_code == 200
    body = r.json()
    _run, rows = services.statement(Actor.of(users["hospital"]), run.pk, "10670")
    assert len(body["rows"]) == len(rows) and body["unit"] == "10670"
    assert body["total"] == f"{sum((p.amount for p in rows), Decimal(0)):.2f}"
    assert {r["line"] for r in body["rows"]} == {p.line for p in rows}
    assert all(row["part_th"] and row["line_en"] for row in body["rows"])
    # another unit's, whoever asks as a hospital: as if it did not exist
    for who, unit in (("hospital", "13001"), ("other_hospital", "10670")):
        r = client.get(f"{BASE}/runs/{run.pk}/units/{unit}", **bearer(users[who]))
        assert r.status_code == 404 and codes(r) == ["NOT_FOUND"]
    # NHSO and funds read any unit's; a unit the run does not pay is NOT_FOUND
    same = client.get(f"{BASE}/runs/{run.pk}/units/10670", **bearer(users["fund"])).json()
    assert same == body
    r = client.get(f"{BASE}/runs/{run.pk}/units/90001", **bearer(users["nhso"]))
    assert r.status_code == 404
    r = client.get(f"{BASE}/runs/999999/units/10670", **bearer(users["hospital"]))
    assert r.status_code == 404


def test_a_token_without_read_is_refused(client, users, run):
    r = client.get(f"{BASE}/runs", **bearer(users["nhso"], scopes=("submit",)))
    assert r.status_code == 403 and codes(r) == ["TOKEN_SCOPE"]
    assert client.get(f"{BASE}/runs").status_code == 401


# -- loading a year ----------------------------------------------------------------------------


def post_file(client, user, data: bytes, name="fy2559.yaml", scopes=("read", "submit")):
    return client.post(
        f"{BASE}/configs", {"file": SimpleUploadedFile(name, data)}, **bearer(user, scopes)
    )


def test_nhso_loads_a_year_the_same_file_again_stores_nothing(client, users):
    r = post_file(client, users["nhso"], SHIPPED.read_bytes())
    assert r.status_code == 201, r.json()
    version = FiscalYearConfig.objects.get()
    assert r.json()["id"] == version.pk and (r.json()["fy"], r.json()["version"]) == (2559, 1)
    r = post_file(client, users["nhso"], SHIPPED.read_bytes())
    assert r.status_code == 200 and r.json()["id"] == version.pk
    assert FiscalYearConfig.objects.count() == 1
    changed = shipped_raw()
    changed["op"]["qof_per_person"] = "38.00"
    r = post_file(client, users["nhso"], yaml.safe_dump(changed, allow_unicode=True).encode())
    assert r.status_code == 201 and r.json()["version"] == 2  # a new version, v1 kept
    assert FiscalYearConfig.objects.count() == 2


def test_a_bad_year_answers_the_services_codes_and_stores_nothing(client, users):
    bad = shipped_raw()
    bad["op"]["qof_per_person"] = "30.00"  # seed 003: "ไม่น้อยกว่า 37 บาท/ปชก."
    bad["op"]["equal_share_pct"] = 30
    r = post_file(client, users["nhso"], yaml.safe_dump(bad, allow_unicode=True).encode())
    assert r.status_code == 400
    assert {"ALLOC_QOF_BELOW_MINIMUM", "ALLOC_SHARES_NOT_100"} <= set(codes(r))
    r = post_file(client, users["nhso"], b"hello", name="fy.txt")
    assert r.status_code == 400 and codes(r) == ["FILE_TYPE"]
    r = post_file(client, users["nhso"], b"x" * (services.MAX_CONFIG_BYTES + 1))
    assert r.status_code == 400 and codes(r) == ["FILE_TOO_LARGE"]
    r = client.post(f"{BASE}/configs", **bearer(users["nhso"]))
    assert r.status_code == 400
    assert not FiscalYearConfig.objects.exists()


def test_only_nhso_loads_a_year(client, users):
    for who in ("hospital", "fund", "secretary"):
        r = post_file(client, users[who], SHIPPED.read_bytes())
        assert r.status_code == 403 and codes(r) == ["ROLE_FORBIDDEN"], who
    r = post_file(client, users["nhso"], SHIPPED.read_bytes(), scopes=("read",))
    assert r.status_code == 403 and codes(r) == ["TOKEN_SCOPE"]
    assert not FiscalYearConfig.objects.exists()


# -- starting a run -----------------------------------------------------------------------------


def test_nhso_starts_a_run_as_a_job_and_polls_it(client, users, registered):  # noqa: F811
    version = load(users)
    csv_text = "unit,qof_score,op_visits,data_quality_score,adjrw,psychiatric_patients\n10670,80,300,90,1.5,1\n"
    auth = bearer(users["nhso"])
    r = client.post(
        f"{BASE}/configs/{version.pk}/runs",
        {"service": SimpleUploadedFile("service.csv", csv_text.encode())},
        **auth,
    )
    assert r.status_code == 202, r.json()
    job = r.json()
    assert (
        job["kind"] == Job.Kind.ALLOCATION_RUN
        and job["links"]["self"] == f"/api/v1/jobs/{job['id']}"
    )
    polled = client.get(job["links"]["self"], **auth).json()  # jobs run at once in tests
    assert polled["status"] == "done", polled
    run = Run.objects.get()
    assert polled["result"]["run_id"] == run.pk and run.inputs_source == "service.csv"
    assert run.config_id == version.pk
    # without a service file: the registry alone, as the page's button
    r = client.post(f"{BASE}/configs/{version.pk}/runs", **auth)
    assert r.status_code == 202 and Run.objects.count() == 2


def test_a_run_refused_at_once_changes_nothing(client, users, registered):  # noqa: F811
    version = load(users)
    url = f"{BASE}/configs/{version.pk}/runs"
    for who in ("hospital", "fund"):
        r = client.post(url, **bearer(users[who]))
        assert r.status_code == 403 and codes(r) == ["ROLE_FORBIDDEN"], who
    r = client.post(url, **bearer(users["nhso"], scopes=("read",)))
    assert r.status_code == 403 and codes(r) == ["TOKEN_SCOPE"]
    r = client.post(f"{BASE}/configs/999999/runs", **bearer(users["nhso"]))
    assert r.status_code == 404 and codes(r) == ["NOT_FOUND"]
    huge = SimpleUploadedFile("big.csv", b"unit\n" + b"10670\n" * 400_000)  # over 2 MB
    r = client.post(url, {"service": huge}, **bearer(users["nhso"]))
    assert r.status_code == 400 and codes(r) == ["FILE_TOO_LARGE"]
    finer = SimpleUploadedFile("s.csv", b"unit,adjrw\n10670,1.23456\n")  # finer than 4 places
    r = client.post(url, {"service": finer}, **bearer(users["nhso"]))
    assert r.status_code == 400
    assert not Run.objects.exists() and not Job.objects.exists()
    assert not Payment.objects.exists()
