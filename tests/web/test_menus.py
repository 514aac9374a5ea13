"""The home page's task list per role, pinned: each app declares its own menu entries
(``menu.py``), web gathers them through the app registry, and every role still sees exactly
these tasks in exactly this order (taken from the single list web used to hard-code)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import translation

from sitthi.core.models import User

pytestmark = pytest.mark.django_db

#: role -> [(url name, English title, English description)], in the order shown.
ORDER = {
    "hospital": [
        (
            "rights_check",
            "Check a person's rights",
            "Fund and main unit on a date; is a hospital in the fund's network?",
        ),
        (
            "ucep_list",
            "Emergency patients (UCEP)",
            "Triage, transfers, the 72-hour window and who pays each charge.",
        ),
        (
            "isolation_inbox",
            "Isolation cases (HI/CI)",
            "Cases offered to your unit, with the time left in the round.",
        ),
        ("claim_list", "Claims", "Submitted claims, their decisions and states."),
        ("claim_form", "New claim", "Type in one claim; it is priced at once."),
        (
            "claim_upload",
            "Upload claims",
            "A CSV/Excel file or the e-Claim ZIP, with a per-row report.",
        ),
        ("statement", "Statement of payment", "What was paid, per period (STM)."),
        (
            "allocation",
            "What the UC fund allocates to us",
            "Your unit's statement for each allocation run, line by line.",
        ),
        (
            "finance",
            "Hospital finance: risk score",
            "Quarterly statements, the MOPH risk level 0–7 and its trend.",
        ),
        ("rights_checks", "Rights checks", "The checks made, newest first."),
        ("tokens", "API tokens", "Tokens for your office's own system (HIS, fund, EMS)."),
        ("tariffs", "Fee schedules", "Items, prices and their dates."),
        ("api:openapi-view", "API documentation", "The JSON API for hospital systems."),
        (
            "parameters",
            "Rule parameters",
            "Rates, deadlines and windows with their dates and sources.",
        ),
        ("error_codes", "Error codes", "Every error code with its Thai and English message."),
    ],
    "nhso": [
        ("claim_list", "Claims", "Submitted claims, their decisions and states."),
        ("deadlines", "Deadlines", "Notices and payments due, and overdue."),
        ("notices", "Notices to funds", "Notify owner funds; record payments."),
        (
            "isolation_board",
            "Isolation dispatch board",
            "Add HI/CI cases; watch offers, hand-ons and the NHSO queue.",
        ),
        (
            "allocation",
            "UC fund allocation",
            "Fiscal years, their budget lines and rules; runs by unit, province and region.",
        ),
        (
            "assistance_queue",
            "Initial assistance requests",
            "Section 41, harmed providers, vaccine injury: the queue by stage and age.",
        ),
        (
            "assistance_report",
            "Initial assistance: yearly report",
            "By programme, category and province; XLSX and charts.",
        ),
        (
            "finance",
            "Hospital finance: risk score",
            "Quarterly statements, the MOPH risk level 0–7 and its trend.",
        ),
        (
            "finance_watch",
            "Watch list (levels 6 and 7)",
            "A region's hospitals in financial crisis, quarter by quarter.",
        ),
        (
            "brightspot",
            "Bright Spot award",
            "Nominations, scores by the criteria, prizes and certificates.",
        ),
        (
            "ucep_list",
            "Emergency patients (UCEP)",
            "Triage, transfers, the 72-hour window and who pays each charge.",
        ),
        ("ucep_ems", "EMS inbox", "Notified emergency patients and where they go back to."),
        ("statement", "Statement of payment", "What was paid, per period (STM)."),
        ("tariffs", "Fee schedules", "Items, prices and their dates."),
        (
            "rights_check",
            "Check a person's rights",
            "Fund and main unit on a date; is a hospital in the fund's network?",
        ),
        ("rights_checks", "Rights checks", "The checks made, newest first."),
        ("api:openapi-view", "API documentation", "The JSON API for hospital systems."),
        (
            "parameters",
            "Rule parameters",
            "Rates, deadlines and windows with their dates and sources.",
        ),
        ("error_codes", "Error codes", "Every error code with its Thai and English message."),
    ],
    "fund": [
        ("notices", "Notices to funds", "Notify owner funds; record payments."),
        ("ucep_fund", "UCEP notices", "UCEP claims notified to your fund."),
        ("deadlines", "Deadlines", "Notices and payments due, and overdue."),
        ("claim_list", "Claims", "Submitted claims, their decisions and states."),
        (
            "ucep_list",
            "Emergency patients (UCEP)",
            "Triage, transfers, the 72-hour window and who pays each charge.",
        ),
        (
            "allocation",
            "UC fund allocation",
            "Fiscal years, their budget lines and rules; runs by unit, province and region.",
        ),
        (
            "rights_check",
            "Check a person's rights",
            "Fund and main unit on a date; is a hospital in the fund's network?",
        ),
        ("tariffs", "Fee schedules", "Items, prices and their dates."),
        ("tokens", "API tokens", "Tokens for your office's own system (HIS, fund, EMS)."),
        ("api:openapi-view", "API documentation", "The JSON API for hospital systems."),
        (
            "parameters",
            "Rule parameters",
            "Rates, deadlines and windows with their dates and sources.",
        ),
        ("error_codes", "Error codes", "Every error code with its Thai and English message."),
    ],
    "ems": [
        ("ucep_ems", "EMS inbox", "Notified emergency patients and where they go back to."),
        (
            "ucep_list",
            "Emergency patients (UCEP)",
            "Triage, transfers, the 72-hour window and who pays each charge.",
        ),
        (
            "rights_check",
            "Check a person's rights",
            "Fund and main unit on a date; is a hospital in the fund's network?",
        ),
        ("tokens", "API tokens", "Tokens for your office's own system (HIS, fund, EMS)."),
        ("api:openapi-view", "API documentation", "The JSON API for hospital systems."),
        (
            "parameters",
            "Rule parameters",
            "Rates, deadlines and windows with their dates and sources.",
        ),
        ("error_codes", "Error codes", "Every error code with its Thai and English message."),
    ],
    "secretary": [
        (
            "assistance_queue",
            "Initial assistance requests",
            "Section 41, harmed providers, vaccine injury: the queue by stage and age.",
        ),
        (
            "assistance_new",
            "Register an assistance request",
            "Who was harmed, who asks, where and when, with the documents.",
        ),
        (
            "assistance_report",
            "Initial assistance: yearly report",
            "By programme, category and province; XLSX and charts.",
        ),
        (
            "assistance_status",
            "Where is my assistance request?",
            "The stage and dates of a request, by its number and your citizen ID.",
        ),
        (
            "parameters",
            "Rule parameters",
            "Rates, deadlines and windows with their dates and sources.",
        ),
        ("error_codes", "Error codes", "Every error code with its Thai and English message."),
    ],
    "admin": [
        ("admin:index", "Administration", "Reference data, accounts and the audit log."),
        (
            "allocation",
            "UC fund allocation",
            "Fiscal years, their budget lines and rules; runs by unit, province and region.",
        ),
        ("tariffs", "Fee schedules", "Items, prices and their dates."),
        (
            "rights_check",
            "Check a person's rights",
            "Fund and main unit on a date; is a hospital in the fund's network?",
        ),
        ("rights_checks", "Rights checks", "The checks made, newest first."),
        ("api:openapi-view", "API documentation", "The JSON API for hospital systems."),
        (
            "parameters",
            "Rule parameters",
            "Rates, deadlines and windows with their dates and sources.",
        ),
        ("error_codes", "Error codes", "Every error code with its Thai and English message."),
    ],
    "public": [
        ("public_rights", "Check my own rights", "With your citizen ID and birth date."),
        (
            "ucep_covered",
            "Am I covered in an emergency?",
            "UCEP in plain words, for your situation.",
        ),
        (
            "assistance_status",
            "Where is my assistance request?",
            "The stage and dates of a request, by its number and your citizen ID.",
        ),
        ("login", "Log in", "For hospital, NHSO, fund and EMS staff."),
        (
            "parameters",
            "Rule parameters",
            "Rates, deadlines and windows with their dates and sources.",
        ),
        ("error_codes", "Error codes", "Every error code with its Thai and English message."),
    ],
}


def _client_for(client, users, role):
    if role == "public":
        return client
    if role == "secretary":
        client.force_login(User.objects.create_user("secretary_user", role="secretary"))
    else:
        client.force_login(users[role])
    return client


@pytest.mark.parametrize("role", list(ORDER))
def test_home_lists_exactly_todays_tasks_in_todays_order(client, users, role):
    c = _client_for(client, users, role)
    c.cookies["django_language"] = "en"
    r = c.get("/")
    assert r.status_code == 200
    with translation.override("en"):
        shown = [(url, str(title), str(text)) for url, title, text in r.context["tasks"]]
    assert shown == ORDER[role]
    tasks = r.content.decode().split('data-testid="tasks"')[1].split("</ul>")[0]
    assert re.findall(r'href="([^"]+)"', tasks) == [reverse(url) for url, _, _ in ORDER[role]]


def test_every_role_of_the_system_has_a_pinned_menu():
    from sitthi.core.models import Role

    assert set(ORDER) == {r.value for r in Role} | {"public"}
