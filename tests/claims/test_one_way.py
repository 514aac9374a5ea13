"""One way to the money (issue 13): "a UCEP claim exists only as the billing of an eligible
episode's UCEP-paid charges, and a HI/CI claim only as the billing of a case the unit holds;
any other way in is refused with a coded error (Thai/English) and stores nothing". Before it, a
UCEP claim from a hospital holding a contract with the patient's fund, with a charge at +100 h,
was accepted and priced through each of these paths."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from sitthi.claims.models import Claim

from .conftest import bkk, payload
from .intake.files import csv_bytes

pytestmark = pytest.mark.django_db

WHEN = bkk(2024, 3, 1, 9, 0)
LATE = WHEN + timedelta(hours=100)
CODES = {"UCEP": "CLAIM_NEEDS_EPISODE", "HICI": "CLAIM_NEEDS_CASE"}


def ucep_like(person, service_type, key="U-1"):
    return payload(
        person,
        key=key,
        service_type=service_type,
        discharged_at=LATE.isoformat(),
        lines=[
            {
                "item_code": "LAB-1",
                "quantity": "1",
                "served_at": LATE.isoformat(),
                "charged": "9.00",
            }
        ],
    )


@pytest.mark.parametrize("service_type", ["UCEP", "HICI"])
def test_the_api_refuses_a_ucep_or_hici_claim_and_stores_nothing(
    post_claim, users, person, tariff, service_type
):
    r = post_claim(users["hospital"], ucep_like(person, service_type))
    assert r.status_code == 409, r.content
    (error,) = r.json()["errors"]
    assert error["code"] == CODES[service_type] and error["field"] == "service_type"
    assert error["message_th"] and error["message_en"]
    assert not Claim.objects.exists()


def test_bulk_refuses_those_claims_and_keeps_the_others(client, users, person, tariff):
    client.force_login(users["hospital"])
    body = {
        "claims": [
            ucep_like(person, "UCEP", key="U-1"),
            payload(person, key="OP-1"),
            ucep_like(person, "HICI", key="H-1"),
        ]
    }
    r = client.post("/api/v1/claims/bulk", body, content_type="application/json")
    assert r.status_code == 200
    results = r.json()["results"]
    assert [x["status"] for x in results] == ["refused", "created", "refused"]
    assert [p["code"] for x in results for p in x["problems"]] == [
        "CLAIM_NEEDS_EPISODE",
        "CLAIM_NEEDS_CASE",
    ]
    assert list(Claim.objects.values_list("claim_key", flat=True)) == ["OP-1"]


def test_a_file_with_a_ucep_claim_is_refused_whole(client, users, person, tariff):
    cid = person.citizen_id
    rows = [
        ["K-1", "10670", cid, "OP", "2024-03-01 09:00", "", "E11.9", "LAB-1", "1", "", "100.00"],
        [
            "K-2",
            "10670",
            cid,
            "UCEP",
            "2024-03-01 09:00",
            "2024-03-05 13:00",
            "I46.9",
            "LAB-1",
            "1",
            "2024-03-05 13:00",
            "9.00",
        ],
    ]
    client.force_login(users["hospital"])
    r = client.post("/claims/upload/", {"file": SimpleUploadedFile("claims.csv", csv_bytes(rows))})
    assert r.status_code == 400 and "CLAIM_NEEDS_EPISODE" in r.content.decode()
    assert not Claim.objects.exists()


def test_the_form_neither_offers_nor_accepts_ucep_or_hici(client, users, person, tariff):
    client.force_login(users["hospital"])
    html = client.get("/claims/new/").content.decode()
    assert 'value="OP"' in html and 'value="UCEP"' not in html and 'value="HICI"' not in html
    r = client.post(
        "/claims/new/",
        {
            "claim_key": "F-1",
            "service_type": "UCEP",
            "citizen_id": person.citizen_id,
            "admitted_at": "2024-03-01T09:00",
            "discharged_at": "2024-03-05T13:00",
            "diagnoses": "I46.9",
            "item_code_1": "LAB-1",
            "quantity_1": "1",
            "served_at_1": "2024-03-05T13:00",
            "charged_1": "9.00",
        },
    )
    assert r.status_code == 409 and "CLAIM_NEEDS_EPISODE" in r.content.decode()
    assert not Claim.objects.exists()


def test_the_file_template_offers_no_ucep_or_hici():
    """The XLSX template's service-type list and its notes name only the kinds a file may
    carry."""
    import io

    import openpyxl

    from sitthi.claims.intake import template_xlsx

    book = openpyxl.load_workbook(io.BytesIO(template_xlsx()))
    data, notes = book.worksheets
    (listed,) = [v.formula1 for v in data.data_validations.dataValidation]
    assert listed == '"OP,IP,COVID_BODY"'
    explained = {r[0]: r for r in notes.iter_rows(min_row=2, values_only=True) if r[0]}
    assert "UCEP" not in explained["service_type"][3] and "HICI" not in explained["service_type"][3]
