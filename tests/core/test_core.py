"""Errors, log masking and Buddhist-Era dates."""

import logging
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from sitthi.core.errors import CATALOGUE, ErrorItem, SitthiError, validate_all
from sitthi.core.logmask import MaskCitizenIds, mask_citizen_id
from sitthi.rules.kernel.thaitime import be_date, be_datetime


def test_every_code_has_both_languages_and_a_known_family():
    for code in CATALOGUE.values():
        assert code.th and code.en and code.th != code.en
        assert code.family in {"corrective", "deny", "verify", "request"}
        # The one 5xx: the database itself is down (sitthi.core.dbfaults), not the request.
        assert 400 <= code.status < 500 or (code.code, code.status) == ("DATABASE_UNAVAILABLE", 503)


def test_an_unknown_code_cannot_be_raised():
    with pytest.raises(KeyError):
        SitthiError(ErrorItem("NO_SUCH_CODE"))


def test_validate_all_reports_every_problem():
    def bad(code):
        def step():
            raise SitthiError.one(code)

        return step

    with pytest.raises(SitthiError) as info:
        validate_all(bad("CID_FORMAT"), lambda: 1, bad("DATE_INVALID"))
    assert [i.code for i in info.value.items] == ["CID_FORMAT", "DATE_INVALID"]
    assert validate_all(lambda: 1, lambda: "x") == [1, "x"]


def test_citizen_ids_are_masked_in_text_and_logs(caplog):
    assert mask_citizen_id("GET /api/v1/rights/1101700230708?on=x") == (
        "GET /api/v1/rights/1xxxxxxxx0708?on=x"
    )
    assert mask_citizen_id("12345678901234") == "12345678901234"  # 14 digits: not an ID
    # the printed form, and an ID that a percent escape runs into inside a query string
    assert mask_citizen_id("ID 1-1017-00230-70-8.") == "ID 1-xxxx-xxxxx-70-8."
    assert mask_citizen_id("/my-rights/?q=%201101700230708") == "/my-rights/?q=%201xxxxxxxx0708"
    logger = logging.getLogger("sitthi.test.mask")
    logger.addFilter(MaskCitizenIds())
    with caplog.at_level(logging.INFO, logger="sitthi.test.mask"):
        logger.info("checked %s", "1101700230708")
    assert "1101700230708" not in caplog.text
    assert "1xxxxxxxx0708" in caplog.text


def test_buddhist_era_dates():
    assert be_date(date(2024, 3, 1)) == "1 มี.ค. 2567"
    assert be_date(date(2024, 3, 1), "en") == "1 Mar 2567 BE"
    # 17:30 UTC on 29 Feb is 00:30 on 1 March in Bangkok.
    utc = datetime(2024, 2, 29, 17, 30, tzinfo=ZoneInfo("UTC"))
    assert be_datetime(utc) == "1 มี.ค. 2567 00:30 น."
    assert be_date(None) == ""


@pytest.mark.django_db
def test_nul_characters_are_refused_before_any_view(client, users):
    """PostgreSQL cannot store a NUL character; a request carrying one gets a coded 400."""
    client.force_login(users["hospital"])
    r = client.post("/api/v1/claims", '{"claim_key": "a\\u0000b"}', content_type="application/json")
    assert r.status_code == 400 and r.json()["errors"][0]["code"] == "REQUEST_INVALID"
    r = client.get("/rights/", {"citizen_id": "1\x002"})
    assert r.status_code == 400 and "REQUEST_INVALID" in r.content.decode()
    r = client.post("/tokens/new/", {"name": "x\x00"})
    assert r.status_code == 400
