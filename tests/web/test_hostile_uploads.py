"""Hostile files at every upload (issue 15, security review: "The isolation upload answers
500 on a ZIP bomb or any non-XLSX bytes named .xlsx (the other uploads answer
FILE_MALFORMED)"): an empty file, random bytes, a ZIP bomb (a small zip declaring a huge
entry), a truncated workbook, a CSV in a wrong encoding (UTF-16) and a PDF named .xlsx go to
each endpoint that takes a file. Each answers a 4xx with a coded error (FILE_MALFORMED,
FILE_TYPE, FILE_TOO_LARGE, …), stores nothing, and never a 500.

The endpoints are found by ``request.FILES`` in the views: claims upload (CSV, XLSX, the
e-Claim ZIP), the fee schedule, isolation cases, finance statements, the allocation year and
its service file, and the assistance documents (new request, documents added later)."""

from __future__ import annotations

import io
import random
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

pytestmark = pytest.mark.django_db

SRC = Path(__file__).resolve().parents[2] / "src" / "sitthi"


def _xlsx() -> bytes:
    book = openpyxl.Workbook()
    book.active.append(["citizen_id", "district"])
    book.active.append(["1101700230708", "บางนา"])
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def _bomb() -> bytes:
    """A workbook-looking ZIP of 100 KB whose one sheet unpacks to 60 MB of zeros."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/worksheets/sheet1.xml", b"\0" * (60 * 1024 * 1024))
    return buf.getvalue()


BOMB = _bomb()
XLSX = _xlsx()
#: "Billion laughs": aliases of aliases, 10^6 leaves from 300 bytes (safe_load shares them,
#: but anything that walks or stores the result, as JSON does, expands them all).
LAUGHS = (
    "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
    + "".join(
        f"{c}: &{c} [{', '.join(['*' + p] * 10)}]\n" for p, c in zip("abcde", "bcdef", strict=True)
    )
).encode()
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
#: (case, file name, bytes)
HOSTILE = [
    ("empty", "f.xlsx", b""),
    ("empty-csv", "f.csv", b""),
    ("random", "f.xlsx", random.Random(15).randbytes(4096)),
    ("random-csv", "f.csv", random.Random(16).randbytes(4096)),
    ("zip-bomb", "f.xlsx", BOMB),
    ("zip-bomb-zip", "f.zip", BOMB),
    ("truncated", "f.xlsx", XLSX[: len(XLSX) // 2]),
    ("utf-16", "f.csv", "citizen_id,district\r\n1101700230708,บางนา\r\n".encode("utf-16")),
    ("pdf-as-xlsx", "f.xlsx", PDF),
    ("yaml-laughs", "f.yaml", LAUGHS),
]
CODED = re.compile(r"\b(FILE_[A-Z_]+|COLUMN_[A-Z_]+|DOC_[A-Z_]+|ALLOC_[A-Z_]+|TARIFF_[A-Z_]+)\b")


@pytest.fixture
def setting(request, client, users, hospitals):
    """(url, form fields, file field, a function counting what the upload would store)."""
    from sitthi.core.models import User

    kind = request.param
    if kind == "claims":
        from sitthi.claims.models import Claim

        client.force_login(users["hospital"])
        return "/claims/upload/", {}, "file", Claim.objects.count
    if kind == "tariff":
        from sitthi.claims.models import TariffItem, TariffVersion

        client.force_login(users["nhso"])
        return (
            "/claims/tariffs/",
            {},
            "file",
            lambda: (TariffVersion.objects.count(), TariffItem.objects.count()),
        )
    if kind == "isolation":
        from sitthi.isolation.models import Case

        client.force_login(users["nhso"])
        return "/isolation/cases/new/", {}, "file", Case.objects.count
    if kind == "finance":
        from sitthi.finance.models import Statement

        client.force_login(users["nhso"])
        return "/finance/", {"fy": "2565", "q": "2"}, "file", Statement.objects.count
    if kind == "allocation-year":
        from sitthi.allocation.models import FiscalYearConfig

        client.force_login(users["nhso"])
        return "/allocation/", {}, "file", FiscalYearConfig.objects.count
    if kind == "allocation-service":
        from sitthi.allocation.models import Run
        from tests.allocation.test_allocation_app import load

        version = load(users)
        client.force_login(users["nhso"])
        return f"/allocation/configs/{version.pk}/", {}, "service", Run.objects.count
    clerk = User.objects.create_user("clerk15", password="x", role="secretary")
    client.force_login(clerk)
    from sitthi.assistance.models import Document, Request

    if kind == "assistance-new":
        from tests.conftest import make_cid

        form = {
            "programme": "vaccine",
            "harmed_cid": make_cid(),
            "harmed_name": "มานะ ทดสอบ",
            "relation": "self",
            "hospital": "13001",
            "harm_on": "2024-02-01",
            "received_on": "2024-03-01",
            "description": "ทดสอบ",
        }
        return (
            "/assistance/new/",
            form,
            "documents",
            lambda: (Request.objects.count(), Document.objects.count()),
        )
    from tests.assistance.test_pages import _register

    req = _register(clerk)
    return (
        f"/assistance/{req.number}/",
        {"action": "documents"},
        "documents",
        Document.objects.count,
    )


ENDPOINTS = [
    "claims",
    "tariff",
    "isolation",
    "finance",
    "allocation-year",
    "allocation-service",
    "assistance-new",
    "assistance-documents",
]


def test_every_upload_endpoint_is_here():
    """A new ``request.FILES`` in a view must join this test."""
    views = {
        p.relative_to(SRC).as_posix(): p.read_text().count("request.FILES")
        for p in SRC.rglob("views.py")
    }
    assert {k: v for k, v in views.items() if v} == {
        # claims upload, fee schedule; a claim's documents (hostile files in
        # tests/claims/test_loop.py::test_hostile_files_are_refused_as_claim_documents)
        "claims/views.py": 3,
        "isolation/views.py": 2,  # one endpoint (checks, then reads)
        "finance/views.py": 1,
        "allocation/views.py": 2,  # year, service file
        "assistance/views.py": 2,  # new request, documents added later
    }


@pytest.mark.parametrize("setting", ENDPOINTS, indirect=True)
@pytest.mark.parametrize(("case", "name", "data"), HOSTILE, ids=[h[0] for h in HOSTILE])
def test_a_hostile_file_is_a_coded_refusal(client, setting, case, name, data):
    url, form, field, stored = setting
    before = stored()
    r = client.post(url, {**form, field: SimpleUploadedFile(name, data)})
    assert 400 <= r.status_code < 500, (r.status_code, r.content[-2000:])
    assert CODED.search(r.content.decode()), r.content.decode()[-3000:]
    assert stored() == before
    if case == "yaml-laughs" and url == "/allocation/":
        assert "FILE_MALFORMED" in r.content.decode()  # refused as YAML, not walked
