"""In Chromium: a job's page follows its progress through the API (a static script, no inline
one) and shows the outcome once the job has finished."""

from __future__ import annotations

import pytest
from django.utils import timezone

from sitthi.jobs.models import Job
from tests.conftest import browser_login, shot

pytestmark = pytest.mark.browser


def test_the_job_page_follows_the_progress_and_shows_the_outcome(
    transactional_db, live_server, page, users
):
    now = timezone.now()
    job = Job.objects.create(
        kind="claims_import",
        owner=users["hospital"],
        hospital_id="10670",
        status="running",
        done=1,
        total=4,
        message_th="กำลังตรวจและบันทึกเคลม",
        message_en="Checking and storing the claims",
        params={"filename": "march.csv"},
        created_at=now,
        started_at=now,
        attempts=1,
    )
    browser_login(page, live_server.url, "kk_officer", "pw-kk_officer")
    page.goto(f"{live_server.url}/jobs/{job.pk}/")
    bar = page.locator("[data-testid=job] progress")
    assert bar.get_attribute("value") == "1" and bar.get_attribute("max") == "4"
    Job.objects.filter(pk=job.pk).update(done=3)
    # A selector, not wait_for_function: the page's CSP (script-src 'self') refuses eval'd checks.
    page.wait_for_selector('[data-testid=job] progress[value="3"]')
    assert "3 / 4" in page.get_by_test_id("job").inner_text()
    shot(page, "job-running")
    Job.objects.filter(pk=job.pk).update(
        status="done", done=4, message_th="บันทึกครบแล้ว", message_en="All stored"
    )
    page.wait_for_selector("[data-testid=job][data-status=done]")
    page.wait_for_load_state()
    text = page.get_by_test_id("job").inner_text()
    assert "เสร็จแล้ว" in text and "บันทึกครบแล้ว" in text and "All stored" in text
    assert "4 / 4" in text
    page.goto(f"{live_server.url}/jobs/")
    assert page.locator("[data-testid=jobs] progress").get_attribute("value") == "4"
    shot(page, "jobs-list")
