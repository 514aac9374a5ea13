"""Hostile numbers in the allocation (issue 15, security review): a figure edited on the
configuration page, a year file and a service file answer a coded 400, store nothing and never
a 500 (``1e300000`` overflowed the quantize of the document reader)."""

from __future__ import annotations

import pytest
import yaml
from django.core.files.uploadedfile import SimpleUploadedFile

from sitthi.allocation.models import FiscalYearConfig, Run
from tests.hostile import HOSTILE_TEXT
from tests.rules.allocation.tiny import shipped_raw

from .test_allocation_app import load

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("value", HOSTILE_TEXT)
@pytest.mark.parametrize("key", ["lines.OP.rate", "op.qof_per_person"])
def test_a_figure_edited_on_the_page(client, users, key, value):
    v1 = load(users)
    client.force_login(users["nhso"])
    r = client.post(f"/allocation/configs/{v1.pk}/", {"action": "edit", key: value})
    assert r.status_code == 400 and "ALLOC_" in r.content.decode()
    assert FiscalYearConfig.objects.count() == 1


@pytest.mark.parametrize("value", ["1.0e+300000", "1" + "0" * 400, ".nan", ".inf"])
def test_a_year_file(client, users, value):
    raw = shipped_raw()
    raw["op"]["qof_per_person"] = "MARK"
    text = yaml.safe_dump(raw, allow_unicode=True).replace("MARK", value)
    client.force_login(users["nhso"])
    r = client.post("/allocation/", {"file": SimpleUploadedFile("fy.yaml", text.encode())})
    assert r.status_code == 400
    assert not FiscalYearConfig.objects.exists()


@pytest.mark.parametrize("value", HOSTILE_TEXT)
@pytest.mark.parametrize("column", ["adjrw", "op_visits"])
def test_a_service_file(client, users, hospitals, column, value):
    version = load(users)
    client.force_login(users["nhso"])
    csv = f"unit,{column}\n10670,{value}\n"
    r = client.post(
        f"/allocation/configs/{version.pk}/",
        {"service": SimpleUploadedFile("s.csv", csv.encode())},
    )
    assert r.status_code == 400 and "NUMBER_" in r.content.decode()
    assert not Run.objects.exists()
