"""A claims file's problems in one pass (issue 16, "Safe uploads"): a file with several bad
rows, each with a different problem — a figure that does not read, an unknown item, a wrong
citizen ID — gets every problem in one report, each on its row, through the page and the API,
and nothing is stored. A claims file never replaces anything: a claim already stored is
left as it is (the same file again changes nothing) and a correction is a resend."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from sitthi.claims.models import Claim

from .intake.files import csv_bytes
from .test_upload import rows_for

pytestmark = pytest.mark.django_db


def bad_rows(person):
    rows = rows_for(person, bad_item="NOPE-9")  # row 4: an item the schedule does not have
    rows[0][10] = "eighty"  # row 2: a charge that is not a number
    rows.append(  # row 5: a citizen ID with a wrong check digit
        [
            "K-3",
            "10670",
            "1234567890123",
            "OP",
            "2024-03-03 09:00",
            "",
            "I10",
            "LAB-1",
            "1",
            "",
            "80.00",
        ]
    )
    return rows


EXPECTED = [
    (2, "charged", "NUMBER_INVALID"),
    (4, "K-2: lines[1].item_code", "ITEM_UNKNOWN"),
    (5, "K-3: citizen_id", "CID_CHECK_DIGIT"),
]


def _problems(report):
    return sorted((p["row"], p["field"], p["code"]) for p in report)


def test_the_page_reports_every_problem_on_its_row(client, users, person, tariff):
    client.force_login(users["hospital"])
    r = client.post(
        "/claims/upload/", {"file": SimpleUploadedFile("k.csv", csv_bytes(bad_rows(person)))}
    )
    assert r.status_code == 400
    assert _problems(client.session["upload_report"]) == EXPECTED
    page = r.content.decode()
    assert all(code in page for _, _, code in EXPECTED)
    assert not Claim.objects.exists()


def test_the_api_reports_every_problem_on_its_row(client, users, person, tariff):
    client.force_login(users["hospital"])
    r = client.post(
        "/api/v1/claim-files", {"file": SimpleUploadedFile("k.csv", csv_bytes(bad_rows(person)))}
    )
    assert r.status_code == 202
    job = client.get(r.json()["links"]["self"]).json()
    assert job["status"] == "failed" and job["error_code"] == "JOB_INPUT_REFUSED"
    assert _problems(job["result"]["report"]) == EXPECTED
    assert not Claim.objects.exists()


def test_an_eclaim_zip_reports_every_problem_on_its_member_and_line(client, users, tariff):
    """A figure that does not read on the OPD visit's charge line; the admission (read
    without a problem) is still checked in the same pass — its items are not in the test
    schedule — and each problem names its member file and line."""
    from .intake.files import CHA_HEADER, CID_1, CID_2, eclaim_zip, pipe

    cha = pipe(
        CHA_HEADER,
        f"000123||25670301|31|abc|{CID_1}|V001",  # line 2: not an amount
        f"000456|670001|20240306|11|1500.00|{CID_2}|",
    )
    client.force_login(users["hospital"])
    r = client.post(
        "/claims/upload/", {"file": SimpleUploadedFile("e.zip", eclaim_zip({"CHA": cha}))}
    )
    assert r.status_code == 400
    found = sorted(
        (p["file"].split("/")[-1], p["row"], p["field"], p["code"])
        for p in client.session["upload_report"]
    )
    assert ("CHA6703.txt", 2, "AMOUNT", "NUMBER_INVALID") in found  # the read problem
    assert ("CHA6703.txt", 3, "IP-670001: lines[1].item_code", "ITEM_UNKNOWN") in found
    assert ("ADP6703.txt", 3, "IP-670001: lines[2].item_code", "ITEM_UNKNOWN") in found
    # the OPD visit with the bad line is not checked further (its other rows are not blamed)
    assert not any(f.startswith("OP-") for _, _, f, _ in found)
    assert not Claim.objects.exists()
