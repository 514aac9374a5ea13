"""Allocation uploads' problems in one pass (issue 16, "Safe uploads"): a service-output file
and a fiscal year's workbook, each with several bad rows of different problems, get every
problem at once, each naming its row, and nothing is stored. Neither replaces anything: a
year's file becomes its next version (the earlier ones stay, and a run names the version it
used), and a service file feeds one new run."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from sitthi.allocation.models import FiscalYearConfig, Run
from tests.rules.allocation.tiny import shipped_raw

from .test_allocation_app import _xlsx, load

pytestmark = pytest.mark.django_db


def _fields(page: str) -> list[str]:
    errors = page[page.index('data-testid="errors"') :]
    return re.findall(r'<span class="field" title="([^"]*)">', errors)


def test_every_problem_of_a_service_file_on_its_row(client, users):
    version = load(users)
    csv = (
        "unit,qof_score,op_visits,adjrw\n"
        "10670,abc,300,1.5\n"  # row 2: not a number
        "\n"  # row 3: blank, skipped
        "13001,80,-3,1.5\n"  # row 4: negative
        "10671,80,300,1.23456\n"  # row 5: finer than 4 places
    )
    client.force_login(users["nhso"])
    r = client.post(
        f"/allocation/configs/{version.pk}/",
        {"service": SimpleUploadedFile("service.csv", csv.encode())},
    )
    assert r.status_code == 400
    page = r.content.decode()
    assert _fields(page) == ["rows[2].qof_score", "rows[4].op_visits", "rows[5].adjrw"]
    assert len(set(re.findall(r"<code>([A-Z_]+)</code>", page[page.index("errors") :]))) >= 2
    assert not Run.objects.exists()


def test_every_problem_of_a_year_workbook(client, users):
    raw = shipped_raw()
    raw["lines"][0]["rate"] = "abc"  # not a number
    raw["lines"][1]["kind"] = "nonsense"  # no such kind
    raw["lines"][2]["code"] = raw["lines"][3]["code"]  # a code twice
    client.force_login(users["nhso"])
    r = client.post("/allocation/", {"file": SimpleUploadedFile("fy.xlsx", _xlsx(raw))})
    assert r.status_code == 400
    fields = _fields(r.content.decode())
    # each bad line with its sheet and row as Excel numbers them (the header is row 1)
    assert {"lines[0].rate (lines, row 2)", "lines[1].kind (lines, row 3)"} <= set(fields)
    assert any(f.startswith("lines[3].code (lines, row 5)") for f in fields)
    assert not FiscalYearConfig.objects.exists()
