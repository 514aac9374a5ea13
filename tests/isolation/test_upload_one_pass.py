"""A cases file's problems in one pass (issue 16, "Safe uploads"): a bad yes/no in a triage
column no longer hides the other rows' problems (citizen ID, date, setting) until the file is
sent again; each problem is on its row and nothing is stored. Adding cases never replaces
anything (each row is a new case), so there is nothing to confirm."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from sitthi.isolation.models import Case
from tests.conftest import make_cid

pytestmark = pytest.mark.django_db


def test_every_problem_of_a_cases_file_on_its_row(client, users, person, units):
    text = (
        "citizen_id,contact,district,test_date,setting,cough,spo2_room_air\n"
        f"{person.citizen_id},081,บางนา,2024-02-29,HI,maybe,97\n"  # row 2: yes/no unreadable
        "1234567890123,082,พระนคร,2024-02-29,CI,no,96\n"  # row 3: wrong check digit
        f"{make_cid()},083,พระนคร,2024-02-30,CI,no,96\n"  # row 4: no 30 February
        f"{make_cid()},084,พระนคร,2024-02-29,XX,no,96\n"  # row 5: no such setting
    )
    client.force_login(users["nhso"])
    response = client.post(
        "/isolation/cases/new/", {"file": SimpleUploadedFile("c.csv", text.encode())}
    )
    assert response.status_code == 400
    page = response.content.decode()
    report = page[page.index('data-testid="report"') :]
    rows = re.findall(r"<tr><td>(\d+)</td><td>([^<]*)</td><td><code>([A-Z_0-9]+)</code>", report)
    assert [(r, f) for r, f, _ in rows] == [
        ("2", "cough"),
        ("3", "citizen_id"),
        ("4", "test_date"),
        ("5", "setting"),
    ]
    assert len({c for _, _, c in rows}) >= 3  # different problems, not one kind
    assert not Case.objects.exists()


def test_one_case_with_a_bad_field_and_a_bad_measurement_gets_both(client, users, units):
    client.force_login(users["nhso"])
    body = {
        "citizen_id": "1234567890123",
        "district": "บางนา",
        "test_date": "2024-02-29",
        "setting": "CI",
        "assessment": {"cough": True, "spo2_room_air": "abc"},
    }
    r = client.post("/api/v1/isolation/cases", body, content_type="application/json")
    assert r.status_code == 400
    fields = {e["field"] for e in r.json()["errors"]}
    assert "citizen_id" in fields and any("spo2" in (f or "") for f in fields)
    assert not Case.objects.exists()
