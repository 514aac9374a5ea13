"""GET /api/v1/statements and /api/v1/fee-schedules: scoped as the pages, coded errors, and
the lists as CSV/XLSX written as the pages export them (issue 17)."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from sitthi.claims import services
from sitthi.claims.models import Claim
from sitthi.core.actor import Actor

from .conftest import bkk, payload

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def paid(client, users, person, tariff):
    """Two Khon Kaen claims paid by the UCS transfer KTB-7 on 10 Apr 2024 (280.50 each)."""
    from sitthi.core.models import User

    client.force_login(users["hospital"])
    bodies = [payload(person, key=f"P-{i}") for i in (1, 2)]
    r = client.post("/api/v1/claims/bulk", {"claims": bodies}, content_type="application/json")
    assert r.status_code == 200, r.content
    client.logout()
    nhso = Actor.of(users["nhso"])
    uc = Actor.of(User.objects.create_user("uc_o", password="x", role="fund", fund_id="UCS"))
    ids = []
    for c in Claim.objects.order_by("claim_key"):
        services.mark_documents_complete(nhso, c.pk, now=bkk(2024, 4, 1, 9))
        ids.append(services.create_notice(nhso, "UCS", [c.pk], now=bkk(2024, 4, 2, 9)).pk)
    services.record_transfer(
        uc, ids, Decimal("561.00"), date(2024, 4, 10), "KTB-7", now=bkk(2024, 4, 10, 15)
    )
    return ids


PERIOD = {"from": "2024-04-01", "to": "2024-04-30"}


def test_the_hospital_reads_its_own_statement_with_reference_and_exact_money(client, users, paid):
    client.force_login(users["hospital"])
    r = client.get("/api/v1/statements", {**PERIOD, "limit": 1})
    assert r.status_code == 200, r.content
    body = r.json()
    assert body["hospital"] == "10670" and body["count"] == 2
    assert body["total_paid"] == "561.00" and body["total_charged"] == "661.00"
    (line,) = body["items"]
    assert line["payment_reference"] == "KTB-7" and line["paid"] == "280.50"
    assert line["claim_key"] == "P-1" and "citizen_id" not in line
    nxt = client.get("/api/v1/statements", {**PERIOD, "limit": 1, "offset": 1}).json()
    assert nxt["items"][0]["claim_key"] == "P-2"
    assert client.get("/api/v1/statements", {**PERIOD, "q": "P-2"}).json()["count"] == 1
    # outside the period: nothing
    assert client.get("/api/v1/statements", {"from": "2024-05-01"}).json()["count"] == 0


def test_other_hospital_and_fund_are_refused_nhso_names_the_hospital(client, users, paid):
    client.force_login(users["other_hospital"])
    r = client.get("/api/v1/statements", {**PERIOD, "hospital": "10670"})
    assert r.status_code == 403 and r.json()["errors"][0]["code"] == "HOSPITAL_SCOPE"
    own = client.get("/api/v1/statements", PERIOD)
    assert own.status_code == 200 and own.json()["count"] == 0
    client.force_login(users["fund"])
    r = client.get("/api/v1/statements", {**PERIOD, "hospital": "10670"})
    assert r.status_code == 403 and r.json()["errors"][0]["code"] == "ROLE_FORBIDDEN"
    client.force_login(users["nhso"])
    r = client.get("/api/v1/statements", PERIOD)
    assert r.status_code == 400 and r.json()["errors"][0]["code"] == "VALUE_REQUIRED"
    r = client.get("/api/v1/statements", {**PERIOD, "hospital": "10670"})
    assert r.status_code == 200 and r.json()["count"] == 2


def test_bad_filters_are_coded_400(client, users, paid):
    client.force_login(users["hospital"])
    r = client.get("/api/v1/statements", {"from": "2024-04-30", "to": "2024-04-01"})
    assert r.status_code == 400 and r.json()["errors"][0]["code"] == "DATE_ORDER"
    r = client.get("/api/v1/statements", {"from": "31/02/2567"})
    assert r.status_code == 400 and r.json()["errors"][0]["code"] == "DATE_INVALID"
    r = client.get("/api/v1/statements", {**PERIOD, "fund": "NOPE"})
    assert r.status_code == 400 and r.json()["errors"][0]["code"] == "LIST_FILTER_INVALID"
    r = client.get("/api/v1/statements", {**PERIOD, "format": "pdf"})
    assert r.status_code == 400 and r.json()["errors"][0]["field"] == "format"


def test_the_statement_as_csv_and_xlsx_is_the_pages_export(client, users, paid):
    client.force_login(users["hospital"])
    r = client.get("/api/v1/statements", {**PERIOD, "format": "csv"})
    assert r["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert rows[0][0] == "claim_id" and rows[-1][0] == "รวม / TOTAL" and rows[-1][-1] == "561.00"
    assert [row[7] for row in rows[1:-1]] == ["KTB-7", "KTB-7"]
    page = client.get("/statements/", {**PERIOD, "format": "csv"})
    assert page.content == r.content
    x = client.get("/api/v1/statements", PERIOD, HTTP_ACCEPT=XLSX)
    assert x["Content-Type"] == XLSX
    ws = load_workbook(io.BytesIO(x.content)).active
    assert "Statement" in ws["A1"].value and "Claim key" in ws["B2"].value
    assert ws.cell(row=3, column=11).number_format == "#,##0.00"


def test_fee_schedules_in_force_on_a_day(client, users, tariff):
    client.force_login(users["fund"])
    old = client.get("/api/v1/fee-schedules", {"on": "2022-04-24", "schedule": "test"}).json()
    codes = {i["item_code"] for i in old["items"]}
    assert "DM-OLD" in codes and "DM-NEW" not in codes
    new = client.get("/api/v1/fee-schedules", {"on": "2022-04-25", "item": "DM-NEW"}).json()
    assert {i["unit_price"] for i in new["items"]} == {"280.00"} and new["count"] == 2
    annex = client.get("/api/v1/fee-schedules", {"on": "2024-01-01", "programme": "ucep_covid"})
    assert {i["item_code"] for i in annex.json()["items"]} == {"LAB-1", "COV-1"}
    found = client.get("/api/v1/fee-schedules", {"q": "cov-1"}).json()["items"]
    assert found and all(i["item_code"] == "COV-1" for i in found)
    page = client.get("/api/v1/fee-schedules", {"on": "2024-01-01", "limit": 2, "offset": 1})
    assert len(page.json()["items"]) == 2
    bad = client.get("/api/v1/fee-schedules", {"on": "2024-13-01"})
    assert bad.status_code == 400 and bad.json()["errors"][0]["code"] == "DATE_INVALID"
    bad = client.get("/api/v1/fee-schedules", {"programme": "nope"})
    assert bad.status_code == 400 and bad.json()["errors"][0]["code"] == "LIST_FILTER_INVALID"
    f = client.get("/api/v1/fee-schedules", {"on": "2024-01-01"}, HTTP_ACCEPT="text/csv")
    rows = list(csv.reader(io.StringIO(f.content.decode("utf-8-sig"))))
    assert rows[0][0] == "schedule" and any(r[2] == "COV-1" and r[6] == "50.00" for r in rows)
    client.logout()
    assert client.get("/api/v1/fee-schedules").status_code == 401


def test_the_claims_and_notices_lists_answer_as_files_too(client, users, paid):
    client.force_login(users["hospital"])
    r = client.get("/api/v1/claims", {"format": "xlsx"})
    ws = load_workbook(io.BytesIO(r.content)).active
    assert ws.max_row == 4  # title, headers, two claims
    assert client.get("/api/v1/claims", HTTP_ACCEPT="application/json").status_code == 200
    client.force_login(users["nhso"])
    n = client.get("/api/v1/notices", {"format": "csv"})
    assert n["Content-Type"].startswith("text/csv") and n.content.count(b"KTB-7") == 2
