"""Shared fixtures: small, explicit reference rows and one user per role."""

from __future__ import annotations

import itertools
import os
import shutil
from datetime import date
from pathlib import Path

import pytest

from sitthi.rules.citizen_id import check_digit
from tests import logcheck

_serial = itertools.count(1)


def make_cid(n: int | None = None, first: str = "1") -> str:
    """A valid citizen ID (correct check digit), distinct per call unless ``n`` is given."""
    body = f"{first}{(n if n is not None else next(_serial)):011d}"
    return body + str(check_digit(body))


def pytest_sessionstart(session):
    logcheck.start()  # every log record of the run to test-artifacts/run-log.jsonl


@pytest.hookimpl(tryfirst=True)
def pytest_sessionfinish(session, exitstatus):
    logcheck.finish(session)  # the run fails if a line holds a full citizen ID


@pytest.fixture
def hospitals(db):
    """A Bangkok private hospital (no contracts), a Khon Kaen MOPH hospital (UCS, OFC, and an
    SSS contract that ended 31 Dec 2023), and a Bangkok BMA hospital (agency's own)."""
    from sitthi.registry.models import Agency, Contract, Fund, Hospital, Province, Region
    from sitthi.registry.reference import load_reference

    if Province.objects.count() != 77:
        # A transactional (browser) test flushed the tables the data migration filled.
        load_reference(Region, Province, Fund)
    bma = Agency.objects.create(
        code="BMA", name_th="กรุงเทพมหานคร", name_en="Bangkok Metropolitan Administration"
    )
    private = Hospital.objects.create(
        hcode="90001", name_th="โรงพยาบาลเอกชนทดสอบ", ownership="private", province_id="10"
    )
    khonkaen = Hospital.objects.create(
        hcode="10670",
        name_th="โรงพยาบาลทดสอบขอนแก่น",
        ownership="public",
        moph=True,
        province_id="40",
        level="A",
    )
    bma_hosp = Hospital.objects.create(
        hcode="13001",
        name_th="โรงพยาบาลทดสอบ กทม.",
        ownership="public",
        agency=bma,
        province_id="10",
        level="S",
        transfer_back_group=1,
    )
    bma.own_hospital = bma_hosp
    bma.save()
    Contract.objects.create(hospital=khonkaen, fund_id="UCS", valid_from=date(2002, 10, 1))
    Contract.objects.create(hospital=khonkaen, fund_id="OFC", valid_from=date(2010, 1, 1))
    Contract.objects.create(
        hospital=khonkaen,
        fund_id="SSS",
        valid_from=date(2020, 1, 1),
        valid_until=date(2023, 12, 31),
    )
    Contract.objects.create(hospital=bma_hosp, fund_id="UCS", valid_from=date(2002, 10, 1))
    return {"private": private, "khonkaen": khonkaen, "bma": bma_hosp, "bma_agency": bma}


@pytest.fixture
def person(hospitals):
    """Somchai: SSS at the Khon Kaen hospital until 30 Jun 2023, UC there from 1 Jul 2023."""
    from sitthi.registry.models import Person, Right

    p = Person.objects.create(
        citizen_id=make_cid(),
        title="นาย",
        first_name="สมชาย",
        last_name="ใจดี",
        sex="1",
        birth_date=date(1980, 5, 17),
        province_id="40",
    )
    Right.objects.create(
        person=p,
        fund_id="SSS",
        main_unit=hospitals["khonkaen"],
        valid_from=date(2015, 1, 1),
        valid_until=date(2023, 6, 30),
    )
    Right.objects.create(
        person=p, fund_id="UCS", main_unit=hospitals["khonkaen"], valid_from=date(2023, 7, 1)
    )
    return p


@pytest.fixture
def users(hospitals):
    """One account per role; two hospital officers at different hospitals."""
    from sitthi.core.models import User

    def make(username, role, **kw):
        return User.objects.create_user(username, password="pw-" + username, role=role, **kw)

    return {
        "hospital": make("kk_officer", "hospital", hospital=hospitals["khonkaen"]),
        "other_hospital": make("pv_officer", "hospital", hospital=hospitals["private"]),
        "nhso": make("nhso_officer", "nhso"),
        "fund": make("sss_officer", "fund", fund_id="SSS"),
        "ems": make("ems_officer", "ems"),
        "secretary": make("sec_officer", "secretary"),
        "admin": make("admin_user", "admin"),
    }


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fresh_limits(request):
    """The look-up and bad-token counters (``sitthi.core.limits``) live in a database cache
    table that a transactional (browser) test does not flush: every test starts from none."""
    names = set(request.fixturenames)
    if "transactional_db" in names or "db" in names:
        request.getfixturevalue("transactional_db" if "transactional_db" in names else "db")
        from django.conf import settings
        from django.core.cache import caches

        if "limits" in settings.CACHES:
            caches["limits"].clear()


# -- browser tests (Debian's Chromium through Playwright) ------------------------------------

ARTIFACTS = Path(os.environ.get("SITTHI_TEST_ARTIFACTS", "test-artifacts"))
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser():
    # Playwright's sync API runs an event loop in this thread; Django's guard against ORM
    # calls from async code would trip over the fixtures' database work.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="th-TH", viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    yield pg
    context.close()


def shot(page, name):
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def browser_login(page, base_url: str, username: str, password: str) -> None:
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("ชื่อผู้ใช้").fill(username)
    page.get_by_label("รหัสผ่าน").fill(password)
    page.get_by_role("button", name="เข้าสู่ระบบ").click()
    page.wait_for_url(f"{base_url}/")


@pytest.fixture(autouse=True)
def _jobs_run_at_once(monkeypatch):
    """Background jobs run in the test's own process and transaction as they are queued
    (django-q2's sync mode); the fault tests of tests/jobs run real ``sitthi worker``s instead."""
    from django_q.conf import Conf

    monkeypatch.setattr(Conf, "SYNC", True)
