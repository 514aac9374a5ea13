"""Every form date field reads through thaitime.read_date: BE or CE, says what it read, and
refuses absurd dates with a message that shows the Buddhist-Era date."""

from __future__ import annotations

import re
from datetime import date, timedelta
from zoneinfo import ZoneInfo

import pytest

from sitthi.core.errors import SitthiError
from sitthi.registry.services import parse_date


@pytest.mark.parametrize("typed", ["2567-03-01", "01/03/2567", "2024-03-01"])
def test_service_parser_reads_be_and_ce_alike(typed):
    assert parse_date(typed, "on", date(2026, 12, 6)) == date(2024, 3, 1)


@pytest.mark.parametrize(
    ("typed", "code", "shown"),
    [
        ("3024-01-01", "DATE_ABSURD", "3024"),
        ("1850-01-01", "DATE_ABSURD", "2443"),
        ("30/02/2567", "DATE_INVALID", "30 ก.พ. 2567"),
        ("2024-02-30", "DATE_INVALID", "30 ก.พ. 2567"),
    ],
)
def test_refusals_are_coded_and_speak_in_the_buddhist_era(typed, code, shown):
    with pytest.raises(SitthiError) as info:
        parse_date(typed, "on", date(2026, 12, 6))
    [item] = [i.as_dict() for i in info.value.items]
    assert item["code"] == code and item["field"] == "on"
    assert shown in item["message_th"]
    assert "BE" in item["message_en"]


def test_public_self_check_takes_a_buddhist_era_birth_date(client, person):
    r = client.post("/my-rights/", {"citizen_id": person.citizen_id, "birth_date": "17/05/2523"})
    html = r.content.decode()
    assert r.status_code == 200 and "หน่วยบริการประจำ" in html
    # the field says what it read, in both eras
    hint = re.search(r'data-testid="date-hint-birth_date"[^>]*>([^<]*)<', html).group(1)
    assert hint == "อ่านเป็น 17 พ.ค. 2523 (ค.ศ. 1980)"


def test_rights_page_refuses_an_absurd_date_in_the_buddhist_era(client, users, person):
    from auditlog.models import LogEntry

    from sitthi.registry.models import RightsCheck

    client.force_login(users["hospital"])
    before = RightsCheck.objects.count(), LogEntry.objects.count()
    r = client.post("/rights/", {"citizen_id": person.citizen_id, "on": "01/01/3024"})
    html = r.content.decode()
    assert r.status_code == 400 and "DATE_ABSURD" in html
    assert "1 ม.ค. 2443" in html  # the earliest accepted date, in the Buddhist Era
    assert (RightsCheck.objects.count(), LogEntry.objects.count()) == before
    ok = client.post("/rights/", {"citizen_id": person.citizen_id, "on": "01/03/2567"})
    assert ok.status_code == 200 and "1 มี.ค. 2567" in ok.content.decode()


def test_no_native_date_inputs_are_left_on_form_pages():
    """Native pickers cannot take a BE year or dd/mm/yyyy; every date field is the typed one."""
    from pathlib import Path

    import sitthi

    root = Path(sitthi.__file__).parent
    offenders = [
        str(p.relative_to(root))
        for p in root.rglob("*.html")
        if 'type="date"' in p.read_text(encoding="utf-8")
    ]
    assert offenders == []


def test_no_native_datetime_inputs_are_left_on_form_pages():
    """Every date-and-time field is the typed one ({% datetime_input %}): a native picker shows
    the Christian-Era year and cannot say what a typed BE year was read as."""
    from pathlib import Path

    import sitthi

    root = Path(sitthi.__file__).parent
    offenders = [
        str(p.relative_to(root))
        for p in root.rglob("*.html")
        if 'type="datetime-local"' in p.read_text(encoding="utf-8")
    ]
    assert offenders == []


def test_datetime_field_says_how_to_type_and_what_it_read():
    from django.template import Context, Template

    tpl = Template('{% load thai %}{% datetime_input "at" value required=True %}')
    empty = tpl.render(Context({"value": ""}))
    assert 'name="at"' in empty and "data-datetime-field" in empty and " required" in empty
    assert "01/03/2567 14:30 (พ.ศ.)" in empty  # how to type it
    from datetime import datetime

    from sitthi.rules.kernel.thaitime import BANGKOK

    moment = datetime(2024, 3, 1, 2, 30, tzinfo=BANGKOK).astimezone(ZoneInfo("UTC"))
    shown = tpl.render(Context({"value": moment}))
    assert 'value="01/03/2567 02:30"' in shown  # in Bangkok, with the BE year
    assert "อ่านเป็น 1 มี.ค. 2567 02:30 น. (ค.ศ. 2024)" in shown
    typed = tpl.render(Context({"value": "1/3/2024 9:05"}))
    assert 'value="1/3/2024 9:05"' in typed and "อ่านเป็น 1 มี.ค. 2567 09:05 น. (ค.ศ. 2024)" in typed


def test_a_buddhist_era_moment_is_read_and_an_absurd_year_refused(client, users, person):
    """The UCEP "receive a patient" form: its date-and-time field takes a BE year, and a year
    that is no year is refused with its code, the accepted range in BE, nothing written."""
    from auditlog.models import LogEntry
    from django.utils import timezone

    from sitthi.rules.kernel.thaitime import BANGKOK
    from sitthi.ucep.models import Episode

    client.force_login(users["hospital"])
    page = client.get("/ucep/new/").content.decode()
    assert 'data-testid="date-hint-admitted_at"' in page and "data-datetime-field" in page
    before = Episode.objects.count(), LogEntry.objects.count()
    r = client.post(
        "/ucep/new/", {"citizen_id": person.citizen_id, "admitted_at": "01/03/3567 10:30"}
    )
    html = r.content.decode()
    assert r.status_code == 400 and "DATE_ABSURD" in html and "1 ม.ค. 2443" in html
    assert 'value="01/03/3567 10:30"' in html  # kept as typed, to correct
    assert (Episode.objects.count(), LogEntry.objects.count()) == before
    r = client.post("/ucep/new/", {"citizen_id": person.citizen_id, "admitted_at": "25:00"})
    assert r.status_code == 400 and "DATETIME_INVALID" in r.content.decode()
    when = (
        (timezone.now() - timedelta(hours=3)).astimezone(BANGKOK).replace(second=0, microsecond=0)
    )
    typed = f"{when.day:02d}/{when.month:02d}/{when.year + 543} {when:%H:%M}"
    r = client.post("/ucep/new/", {"citizen_id": person.citizen_id, "admitted_at": typed})
    assert r.status_code == 302, r.content.decode()[:2000]
    assert Episode.objects.get().admitted_at == when
    # the episode page's own moment fields are the typed kind too
    episode_page = client.get(r["Location"]).content.decode()
    assert "data-datetime-field" in episode_page and 'type="datetime-local"' not in episode_page


@pytest.mark.browser
def test_the_claim_forms_moment_fields_say_what_they_read_in_the_browser(
    transactional_db, live_server, page, users
):
    """be-date.js reads a typed moment as the server does, also on a line the form adds."""
    from tests.conftest import browser_login, shot

    browser_login(page, live_server.url, "kk_officer", "pw-kk_officer")
    page.goto(f"{live_server.url}/claims/new/")
    page.locator("input[name=admitted_at]").fill("01/03/2567 9:05")
    hint = page.get_by_test_id("date-hint-admitted_at")
    assert hint.inner_text() == "อ่านเป็น 1 มี.ค. 2567 09:05 น. (ค.ศ. 2024)"
    page.locator("input[name=discharged_at]").fill("2024-03-02T10:30")  # a machine's ISO text
    assert page.get_by_test_id("date-hint-discharged_at").inner_text() == (
        "อ่านเป็น 2 มี.ค. 2567 10:30 น. (ค.ศ. 2024)"
    )
    page.locator("input[name=served_at_1]").fill("01/03/3567 10:00")  # no such year: how to type
    assert "01/03/2567 14:30" in page.get_by_test_id("date-hint-served_at_1").inner_text()
    page.locator("[data-add-line]").click()
    added = page.get_by_label("served 7")
    assert added.input_value() == ""
    added.fill("01/03/2567 11:00")
    assert page.get_by_test_id("date-hint-served_at_7").inner_text() == (
        "อ่านเป็น 1 มี.ค. 2567 11:00 น. (ค.ศ. 2024)"
    )
    shot(page, "claim-form-datetime")
