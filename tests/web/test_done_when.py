"""Issue 16's "Done when", in Chromium: each role starts at its home page, reads the count of
what waits for it, follows that count's link to the filtered list, opens the item(s) and
completes the work through the page's own buttons and forms; the result is checked in the
database (state, audit record) and on the page, and back home the count is down by as many as
were done.

* a hospital corrects and resends a returned claim (the item and diagnosis look-ups included);
* NHSO marks two claims documents-complete at once;
* a fund pays two notices from one bank transfer;
* the EMS centre confirms a hospital's triage;
* an isolation unit takes a case and only then sees the patient's phone."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.utils import timezone

from sitthi.claims import services as claims
from sitthi.claims.models import Claim, ClaimEvent, Notice
from sitthi.core.actor import Actor
from sitthi.core.models import User
from sitthi.isolation import services as isolation
from sitthi.isolation.models import Case, Offer
from sitthi.ucep import services as ucep
from sitthi.ucep.models import EmsAction, Episode
from tests.claims import conftest as claims_fixtures
from tests.claims.conftest import bkk
from tests.claims.test_loop import _claim
from tests.conftest import browser_login, shot
from tests.isolation import conftest as isolation_fixtures
from tests.isolation.conftest import GREEN
from tests.ucep import conftest as ucep_fixtures
from tests.ucep.test_episode import NOW, open_critical

pytestmark = pytest.mark.browser

# the fee schedule, the UCEP hospitals and the isolation units the other areas' tests build
tariff = claims_fixtures.tariff
ucep_world = ucep_fixtures.ucep_world
units = isolation_fixtures.units

PHONE = "081-234-5678"


def snap(page, name: str) -> None:
    """A screenshot to look at (/tmp/donewhen-<name>.png) and one among the test artifacts."""
    page.screenshot(path=f"/tmp/donewhen-{name}.png", full_page=True)
    shot(page, f"donewhen-{name}")


def queue_item(page, title: str):
    """The line of the home page's work queue that counts ``title``."""
    return (
        page.get_by_test_id("waiting")
        .locator("li")
        .filter(has=page.locator(".what").get_by_text(title, exact=True))
    )


def count(page, title: str) -> int:
    return int(queue_item(page, title).get_by_test_id("count").inner_text())


def follow(page, title: str, url: str) -> None:
    """Click the count's link (never type the address) and arrive at the filtered list."""
    queue_item(page, title).get_by_role("link").click()
    page.wait_for_url(url)


def go_home(page, base: str) -> None:
    page.locator("a.brand").click()
    page.wait_for_url(f"{base}/")


def audited(obj, user) -> int:
    return LogEntry.objects.get_for_object(obj).filter(actor=user).count()


def post_api(client):
    def post(user, body):
        client.force_login(user)
        return client.post("/api/v1/claims", body, content_type="application/json")

    return post


# -- a hospital corrects and resends a returned claim ---------------------------------------------

RETURNED = "รายการเรียกเก็บที่ถูกส่งคืนให้แก้ไข"


def test_hospital_corrects_and_resends_a_returned_claim_from_its_home(
    transactional_db, live_server, page, users, person, tariff, client
):
    base, post = live_server.url, post_api(client)
    returned = _claim(post, users, person, "RET-1")
    claims.return_for_correction(
        Actor.of(users["nhso"]), returned, "ค่าบริการบรรทัด 2 ไม่ตรงใบเสร็จ", now=bkk(2024, 3, 5, 10)
    )
    _claim(post, users, person, "OK-1")  # accepted: not in the hospital's queue
    before = audited(Claim.objects.get(pk=returned), users["hospital"])

    browser_login(page, base, "kk_officer", "pw-kk_officer")
    assert count(page, RETURNED) == 1
    snap(page, "home-hospital")
    follow(page, RETURNED, f"{base}/claims/?state=returned")
    listed = page.get_by_test_id("claims")
    assert listed.locator("tbody tr").count() == 1 and "RET-1" in listed.inner_text()
    listed.get_by_role("link", name=str(returned)).click()
    assert "ค่าบริการบรรทัด 2 ไม่ตรงใบเสร็จ" in page.get_by_test_id("return-reason").inner_text()
    page.get_by_test_id("resend").click()
    # the wrong field: line 2's charge (80.50 on the claim, 90.00 on the receipt)
    assert page.get_by_label("charged 2").input_value() == "80.50"
    page.get_by_label("charged 2").fill("90.00")
    # and a line forgotten, its item looked up by name, and a diagnosis looked up by name
    page.get_by_role("button", name="เพิ่มรายการ").click()
    item = page.get_by_label("item 7")
    item.fill("FLA")
    page.locator("#item-options option[value='FLAT-1']").wait_for(state="attached")
    item.fill("FLAT-1")
    page.get_by_label("quantity 7").fill("1")
    page.get_by_label("served 7").fill("2024-03-01T10:00")
    page.get_by_label("charged 7").fill("600.00")
    icd = page.get_by_label("ค้นรหัส ICD-10 จากชื่อโรค")
    icd.fill("essential hyper")
    page.locator("#icd10-options option[value='I10']").wait_for(state="attached")
    icd.fill("I10")  # the officer picks I10 from the list: it is added to the diagnoses
    icd.dispatch_event("change")
    assert page.locator("input[name=diagnoses]").input_value() == "E11.9; I10"
    page.keyboard.press("Escape")
    snap(page, "hospital-resend-form")
    with page.expect_navigation():
        page.get_by_role("button", name="แก้ไขและส่งใหม่ · Correct and resend").click()

    # on the page: both versions and what changed, the new total, the diagnosis by name
    page.get_by_test_id("revisions").wait_for()
    assert "790.00" in page.get_by_test_id("payable-total").inner_text()
    changes = page.get_by_test_id("revisions").inner_text()
    assert "80.50 → LAB-1 × 1.000 = 90.00" in changes and "FLAT-1" in changes
    assert "การวินิจฉัย / diagnoses: E11.9 → E11.9; I10" in changes
    assert "Essential (primary) hypertension" in page.get_by_test_id("diagnoses").inner_text()
    assert page.get_by_test_id("return-reason").count() == 0
    snap(page, "hospital-resent")
    # in the database: the next revision, decided again (accepted), the first one kept
    claim = Claim.objects.get(pk=returned)
    assert claim.revision == 2 and claim.state == "accepted"
    assert claim.lines.get(line_no=2).charged == Decimal("90.00")
    (old,) = ClaimEvent.objects.filter(claim=claim, snapshot__isnull=False)
    assert old.snapshot["revision"] == 1
    assert "80.50" in str(old.snapshot["lines"]) and "FLAT-1" not in str(old.snapshot["lines"])
    assert len(claims.revisions(claim)) == 2
    assert audited(claim, users["hospital"]) > before

    go_home(page, base)
    assert count(page, RETURNED) == 0


# -- NHSO marks two claims documents-complete at once ---------------------------------------------

AWAITING = "รายการเรียกเก็บที่รอตรวจเอกสารครบถ้วน"


def test_nhso_marks_two_claims_documents_complete_from_its_home(
    transactional_db, live_server, page, users, person, tariff, client
):
    base, post = live_server.url, post_api(client)
    b, c, d = (_claim(post, users, person, key) for key in ("B-1", "C-1", "D-1"))
    assert set(Claim.objects.values_list("state", flat=True)) == {"accepted"}

    browser_login(page, base, "nhso_officer", "pw-nhso_officer")
    assert count(page, AWAITING) == 3
    snap(page, "home-nhso")
    follow(page, AWAITING, f"{base}/claims/?state=accepted")
    assert page.get_by_test_id("claims").locator("tbody tr").count() == 3
    page.get_by_label(f"claim {b}", exact=True).check()
    page.get_by_label(f"claim {c}", exact=True).check()
    assert page.locator("select[name=move]").input_value() == "documents-complete"
    page.get_by_role("button", name="ดำเนินการกับรายการที่เลือก").click()
    results = page.get_by_test_id("bulk-results")
    results.wait_for()
    assert "ดำเนินการแล้ว 2 รายการ" in page.get_by_test_id("bulk-summary").inner_text()
    assert results.locator("tr.ok").count() == 2 and results.locator("tr.refused").count() == 0
    assert "เอกสารครบถ้วน" in results.inner_text()
    snap(page, "nhso-bulk-complete")
    for cid in (b, c):
        claim = Claim.objects.get(pk=cid)
        assert claim.state == "documents_complete" and claim.notice_due is not None
        moved = ClaimEvent.objects.filter(claim=claim, to_state="documents_complete")
        assert moved.get().actor == users["nhso"]
        assert audited(claim, users["nhso"]) == 1
    assert Claim.objects.get(pk=d).state == "accepted"  # not ticked, not touched

    go_home(page, base)
    assert count(page, AWAITING) == 1


# -- a fund pays two notices from one bank transfer -----------------------------------------------

TO_PAY = "หนังสือแจ้งที่ต้องจ่าย"


def test_fund_pays_two_notices_from_one_transfer_from_its_home(
    transactional_db, live_server, page, users, person, tariff, client
):
    base, post = live_server.url, post_api(client)
    nhso = Actor.of(users["nhso"])
    notices = []
    for key in ("D-1", "E-1", "F-1"):
        cid = _claim(post, users, person, key)
        claims.mark_documents_complete(nhso, cid, now=bkk(2024, 3, 5, 10))
        notices.append(claims.create_notice(nhso, "UCS", [cid], now=bkk(2024, 3, 6, 10)))
    officer = User.objects.create_user(
        "uc_officer", password="pw-uc_officer", role="fund", fund_id="UCS"
    )
    first, second, third = notices

    browser_login(page, base, "uc_officer", "pw-uc_officer")
    assert count(page, TO_PAY) == 3
    snap(page, "home-fund")
    follow(page, TO_PAY, f"{base}/notices/?status=sent")
    page.get_by_test_id("filter").wait_for()
    assert page.get_by_test_id("notices").locator("tbody tr").count() == 3
    for n in (first, second):
        page.get_by_label(f"notice {n.number}").check()
    total = first.total + second.total
    assert page.locator("[data-ticked-sum]").inner_text() == f"{total:.2f}"
    page.get_by_label("เลขอ้างอิงการโอน").fill("KTB-2567-0042")
    page.get_by_label("จำนวนเงิน (บาท เท่ากับผลรวมของหนังสือแจ้ง)").fill(f"{total:.2f}")
    page.get_by_role("button", name="บันทึกการโอนเงิน").click()
    done = page.get_by_text("บันทึกการโอนเงินแล้ว")
    done.wait_for()
    assert first.number in done.inner_text() and second.number in done.inner_text()
    table = page.get_by_test_id("notices")
    for n in (first, second):
        assert "KTB-2567-0042" in table.locator("tr", has_text=n.number).inner_text()
    assert "KTB-2567-0042" not in table.locator("tr", has_text=third.number).inner_text()
    snap(page, "fund-one-transfer")
    paid = Notice.objects.filter(pk__in=[first.pk, second.pk])
    assert set(paid.values_list("payment_reference", flat=True)) == {"KTB-2567-0042"}
    assert all(n.paid_on is not None for n in paid)
    assert sum(n.paid_amount for n in paid) == total
    assert all(audited(n, officer) == 1 for n in paid)
    assert Notice.objects.get(pk=third.pk).paid_on is None

    go_home(page, base)
    assert count(page, TO_PAY) == 1


# -- the EMS centre confirms a hospital's triage --------------------------------------------------

NEW_UCEP = "การแจ้ง UCEP ใหม่"


def test_ems_centre_confirms_a_triage_from_its_home(
    transactional_db, live_server, page, ucep_world, users, person
):
    base = live_server.url
    episode = open_critical(ucep_world, person)
    ucep.notify_ems(Actor.of(ucep_world["90001"]), episode.pk, now=NOW)

    browser_login(page, base, "ems_officer", "pw-ems_officer")
    assert count(page, NEW_UCEP) == 1
    snap(page, "home-ems")
    follow(page, NEW_UCEP, f"{base}/ucep/ems/?state=new")
    row = page.get_by_test_id(f"row-{episode.pk}")
    assert row.get_attribute("data-state") == "new"
    row.get_by_role("link", name=f"E{episode.pk}").click()
    page.get_by_test_id("ems-actions").wait_for()
    assert page.get_by_test_id("ems-finding").count() == 0
    page.get_by_test_id("ems-confirm").click()
    page.get_by_test_id("ems-finding").wait_for()
    assert (
        page.get_by_test_id("ems-state").inner_text() == "ยืนยันผลคัดแยกแล้ว"
    )  # done, not the button's words
    assert "ฉุกเฉินวิกฤต" in page.get_by_test_id("ems-finding").inner_text()
    assert page.get_by_test_id("ems-confirm").count() == 0  # done: no second confirm offered
    snap(page, "ems-confirmed")
    episode = Episode.objects.get(pk=episode.pk)
    assert episode.ems_state == "confirmed" and episode.ems_critical is True
    step = EmsAction.objects.get(episode=episode, by=users["ems"])
    assert (step.action, step.state_from, step.state_to) == ("confirm", "new", "confirmed")
    assert step.by == users["ems"]
    assert audited(episode, users["ems"]) == 1 and audited(step, users["ems"]) == 1

    go_home(page, base)
    assert count(page, NEW_UCEP) == 0
    follow(page, NEW_UCEP, f"{base}/ucep/ems/?state=new")
    assert page.get_by_test_id(f"row-{episode.pk}").count() == 0  # it left "new"


# -- an isolation unit takes a case and then sees the patient's phone -----------------------------

CLOSING = "ข้อเสนอผู้ป่วยแยกกักตัวที่จะหมดเวลาภายใน 2 ชั่วโมง"


def test_unit_takes_a_case_and_sees_the_phone_from_its_home(
    transactional_db, live_server, page, users, person, units
):
    base, now = live_server.url, timezone.now()
    data = isolation.CaseIn(
        citizen_id=person.citizen_id,
        contact=PHONE,
        district="บางนา",
        province="10",
        test_date=(timezone.localdate() - timedelta(days=1)).isoformat(),
        setting="HI",
        assessment={k: (Decimal(v) if isinstance(v, str) else v) for k, v in GREEN.items()},
    )
    case = isolation.add_case(Actor.of(users["nhso"]), data, now=now)
    # the round closes within the hour, whatever the time the test runs
    Offer.objects.filter(case=case).update(deadline=now + timedelta(hours=1))
    assert case.offers.get().unit_id == "90001"
    officer = users["other_hospital"]

    browser_login(page, base, "pv_officer", "pw-pv_officer")
    assert count(page, CLOSING) == 1
    snap(page, "home-unit")
    follow(page, CLOSING, f"{base}/isolation/?closing=2")
    page.get_by_test_id("filter").wait_for()
    offers = page.get_by_test_id("offers")
    assert offers.locator("tbody tr").count() == 1
    offers.get_by_role("link", name=f"HI{case.pk}").click()
    # offered, not taken: the age and district, no name, no phone
    page.get_by_test_id("take").wait_for()
    assert page.get_by_test_id("patient-phone").count() == 0
    assert PHONE not in page.content() and "สมชาย" not in page.content()
    assert "แสดงให้หน่วยบริการเห็นเมื่อรับดูแลแล้ว" in page.locator("dl.facts").inner_text()
    snap(page, "unit-offered-case")
    with page.expect_navigation():
        page.get_by_role("button", name="รับดูแลผู้ป่วยรายนี้").click()
    assert page.url == f"{base}/isolation/cases/{case.pk}/"
    assert page.get_by_test_id("patient-phone").inner_text() == PHONE
    assert "สมชาย ใจดี" in page.get_by_test_id("patient-name").inner_text()
    assert page.get_by_test_id("take").count() == 0
    assert "90001" in page.locator("dl.facts").inner_text()  # held by the unit
    snap(page, "unit-taken-case")
    case = Case.objects.get(pk=case.pk)
    assert case.status == "taken" and case.holder_id == "90001"
    offer = case.offers.get()
    assert offer.outcome == "taken" and offer.decided_by == officer
    assert audited(case, officer) == 1 and audited(offer, officer) == 1

    go_home(page, base)
    assert count(page, CLOSING) == 0
