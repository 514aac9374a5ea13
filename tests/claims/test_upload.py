"""Claims files through the upload page: accepted whole or not at all, with a per-row report
(file, row, field, code, Thai and English) that downloads as XLSX (issue 3, "Submit")."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from sitthi.claims.models import Claim

from .intake.files import FLAT_HEADER, csv_bytes, eclaim_zip

pytestmark = pytest.mark.django_db


def rows_for(person, bad_item="LAB-1"):
    cid = person.citizen_id
    return [
        [
            "K-1",
            "10670",
            cid,
            "OP",
            "2024-03-01 09:00",
            "",
            "E11.9",
            "LAB-1",
            "2",
            "2024-03-01 09:10",
            "250.00",
        ],
        ["K-1", "", "", "", "", "", "", "FLAT-1", "1", "", "100.00"],
        ["K-2", "10670", cid, "OP", "02/03/2567 10:00", "", "I10", bad_item, "1", "", "80.00"],
    ]


def upload(client, name, data):
    return client.post("/claims/upload/", {"file": SimpleUploadedFile(name, data)})


def test_one_bad_row_refuses_the_file_and_the_report_points_at_it(client, users, person, tariff):
    client.force_login(users["hospital"])
    r = upload(client, "claims.csv", csv_bytes(rows_for(person, bad_item="NOPE-9")))
    html = r.content.decode()
    assert r.status_code == 400 and "ITEM_UNKNOWN" in html and "NOPE-9" in html
    assert not Claim.objects.exists()
    report = client.get("/claims/upload/report.xlsx")
    rows = list(load_workbook(io.BytesIO(report.content)).active.values)
    header, (problem,) = rows[0], rows[1:]
    found = dict(zip(header, problem, strict=True))
    assert found["file"] == "claims.csv" and found["row"] == 4  # header is row 1
    assert found["code"] == "ITEM_UNKNOWN" and "ไม่พบรหัสรายการ" in found["message_th"]


def test_the_fixed_file_is_accepted_and_priced(client, users, person, tariff):
    client.force_login(users["hospital"])
    upload(client, "claims.csv", csv_bytes(rows_for(person, bad_item="NOPE-9")))
    r = upload(client, "claims.csv", csv_bytes(rows_for(person)))
    assert r.status_code == 200 and 'data-testid="accepted"' in r.content.decode()
    first, second = Claim.objects.order_by("claim_key")
    assert (first.state, first.payable_total) == ("accepted", 700)  # 200 + flat 500
    assert (second.state, str(second.payable_total)) == ("accepted", "80.00")
    assert {first.via, second.via} == {"file"}
    # the same file again changes nothing
    r = upload(client, "claims.csv", csv_bytes(rows_for(person)))
    assert r.status_code == 200 and Claim.objects.count() == 2


def test_a_malformed_value_is_reported_with_its_row(client, users, person, tariff):
    client.force_login(users["hospital"])
    rows = rows_for(person)
    rows[2][10] = "eighty"
    r = upload(client, "claims.csv", csv_bytes(rows))
    assert r.status_code == 400 and "NUMBER_INVALID" in r.content.decode()
    assert not Claim.objects.exists()


def test_an_eclaim_zip_reports_by_member_file_and_line(client, users, person, tariff):
    """The e-Claim export's charge codes are not in the test schedule: the report names the
    member file (CHA…, ADP…) and its line, and nothing is stored."""
    client.force_login(users["hospital"])
    r = upload(client, "10670_6703.zip", eclaim_zip())
    assert r.status_code == 400
    report = client.get("/claims/upload/report.xlsx")
    rows = list(load_workbook(io.BytesIO(report.content)).active.values)[1:]
    files = {row[0] for row in rows}
    assert any(f.endswith(("CHA6703.txt", "ADP6703.txt")) for f in files)
    assert all(row[1] for row in rows if row[3] == "ITEM_UNKNOWN")
    assert not Claim.objects.exists()


def test_wrong_file_kind_and_other_roles(client, users, person, tariff):
    client.force_login(users["hospital"])
    r = upload(client, "claims.pdf", b"%PDF-1.4")
    assert r.status_code == 400 and "FILE_TYPE" in r.content.decode()
    client.force_login(users["nhso"])
    assert client.get("/claims/upload/").status_code == 403


def test_the_template_downloads(client, users):
    client.force_login(users["hospital"])
    r = client.get("/claims/upload/template.xlsx")
    book = load_workbook(io.BytesIO(r.content))
    assert [c.value for c in next(book.worksheets[0].iter_rows(max_row=1))][:3] == list(
        FLAT_HEADER[:3]
    )


def test_pages_show_a_hospital_only_its_own_claims(client, post_claim, users, person, tariff):
    from .conftest import payload

    claim_id = post_claim(users["hospital"], payload(person)).json()["claim"]["id"]
    client.force_login(users["other_hospital"])
    assert client.get(f"/claims/{claim_id}/").status_code == 404
    assert "K-1" not in client.get("/claims/").content.decode()
    assert client.get(f"/api/v1/claims/{claim_id}").status_code == 404
    client.force_login(users["fund"])  # SSS, and the claim is not notified anyway
    assert client.get(f"/claims/{claim_id}/").status_code == 404
    client.force_login(users["hospital"])
    html = client.get(f"/claims/{claim_id}/").content.decode()
    assert "280.50" in html and "จ่ายตามอัตรา" in html


def test_bulk_endpoint_decides_each_claim(client, users, person, tariff):
    from .conftest import payload

    client.force_login(users["hospital"])
    bad = payload(person, key="B", diagnoses=[])
    r = client.post(
        "/api/v1/claims/bulk",
        {"claims": [payload(person, key="A"), bad]},
        content_type="application/json",
    )
    results = r.json()["results"]
    assert [x["claim"]["state"] for x in results] == ["accepted", "rejected"]
    assert results[1]["problems"][0]["code"] == "DIAGNOSIS_PRINCIPAL_MISSING"


def test_fee_schedule_page_and_loading_a_schedule(client, users, tariff):
    client.force_login(users["hospital"])
    html = client.get("/claims/tariffs/").content.decode()
    assert "DM-OLD" in html and "24 เม.ย. 2565" in html and "COVID-BODY" in html
    assert (
        client.post("/claims/tariffs/", {"file": SimpleUploadedFile("t.csv", b"x")}).status_code
        == 403
    )
    client.force_login(users["nhso"])
    bad = (
        b"schedule,item_code,category,description,unit,unit_price,valid_from,source\n"
        b"s1,X1,7,x,unit,-5,2024-01-01,test\n"
    )
    r = client.post("/claims/tariffs/", {"file": SimpleUploadedFile("t.csv", bad)})
    assert r.status_code == 400 and "AMOUNT_NOT_POSITIVE" in r.content.decode()
    good = bad.replace(b"-5", b"5.25")
    r = client.post("/claims/tariffs/", {"file": SimpleUploadedFile("t.csv", good)})
    assert r.status_code == 302
    assert "5.25" in client.get("/claims/tariffs/").content.decode()
