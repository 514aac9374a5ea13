"""In Chromium: a hospital officer uploads a claims file with one bad row, reads the report,
fixes the row, uploads again and sees the claim priced (issue 3, "Prove it")."""

from __future__ import annotations

import pytest

from tests.conftest import browser_login, shot

from .intake.files import csv_bytes
from .test_upload import rows_for

pytestmark = pytest.mark.browser


def send(page, name, data):
    page.set_input_files(
        "input[type=file]", files=[{"name": name, "mimeType": "text/csv", "buffer": data}]
    )
    page.get_by_role("button", name="ส่งไฟล์").click()


def test_upload_fix_and_see_the_claim_priced(
    transactional_db, live_server, page, users, person, tariff
):
    browser_login(page, live_server.url, "kk_officer", "pw-kk_officer")
    page.get_by_role("link", name="ส่งเรียกเก็บเป็นไฟล์").first.click()

    send(page, "march.csv", csv_bytes(rows_for(person, bad_item="LAB-9")))
    report = page.get_by_test_id("report")
    report.wait_for()
    text = report.inner_text()
    assert "ไม่รับ" in text and "ITEM_UNKNOWN" in text and "LAB-9" in text
    assert "\t4\t" in text or " 4 " in text  # the bad line is row 4 of the file
    with page.expect_download() as download:
        page.get_by_role("link", name="ดาวน์โหลดรายงานนี้ (Excel)").click()
    assert download.value.suggested_filename.endswith(".xlsx")
    shot(page, "claims-upload-report")

    send(page, "march.csv", csv_bytes(rows_for(person)))
    accepted = page.get_by_test_id("accepted")
    accepted.wait_for()
    assert "รับแล้ว — 2 รายการ" in accepted.inner_text()
    accepted.get_by_role("link").first.click()
    assert "700.00" in page.get_by_test_id("payable-total").inner_text()
    lines = page.get_by_test_id("lines").inner_text()
    assert "จ่ายตามอัตรา" in lines
    shot(page, "claims-priced")
