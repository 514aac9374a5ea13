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

#: English title -> (url name, English description), as shown on the home page.
TASK = {
    "Check a person's rights": (
        "rights_check",
        "Fund and main unit on a date; is a hospital in the fund's network?",
    ),
    "Emergency patients (UCEP)": (
        "ucep_list",
        "Triage, transfers, the 72-hour window and who pays each charge.",
    ),
    "Isolation cases (HI/CI)": (
        "isolation_inbox",
        "Cases offered to your unit, with the time left in the round.",
    ),
    "Claims": ("claim_list", "Submitted claims, their decisions and states."),
    "New claim": ("claim_form", "Type in one claim; it is priced at once."),
    "Upload claims": (
        "claim_upload",
        "A CSV/Excel file or the e-Claim ZIP, with a per-row report.",
    ),
    "Statement of payment": ("statement", "What was paid, per period (STM)."),
    "What the UC fund allocates to us": (
        "allocation",
        "Your unit's statement for each allocation run, line by line.",
    ),
    "Hospital finance: risk score": (
        "finance",
        "Quarterly statements, the MOPH risk level 0–7 and its trend.",
    ),
    "Rights checks": ("rights_checks", "The checks made, newest first."),
    "API tokens": ("tokens", "Tokens for your office's own system (HIS, fund, EMS)."),
    "Fee schedules": ("tariffs", "Items, prices and their dates."),
    "API documentation": ("api:openapi-view", "The JSON API for hospital systems."),
    "Rule parameters": ("parameters", "Rates, deadlines and windows with their dates and sources."),
    "Error codes": ("error_codes", "Every error code with its Thai and English message."),
    "Deadlines": ("deadlines", "Notices and payments due, and overdue."),
    "Notices to funds": ("notices", "Notify owner funds; record payments."),
    "Isolation dispatch board": (
        "isolation_board",
        "Add HI/CI cases; watch offers, hand-ons and the NHSO queue.",
    ),
    "UC fund allocation": (
        "allocation",
        "Fiscal years, their budget lines and rules; runs by unit, province and region.",
    ),
    "Initial assistance requests": (
        "assistance_queue",
        "Section 41, harmed providers, vaccine injury: the queue by stage and age.",
    ),
    "Initial assistance: yearly report": (
        "assistance_report",
        "By programme, category and province; XLSX and charts.",
    ),
    "Watch list (levels 6 and 7)": (
        "finance_watch",
        "A region's hospitals in financial crisis, quarter by quarter.",
    ),
    "Bright Spot award": (
        "brightspot",
        "Nominations, scores by the criteria, prizes and certificates.",
    ),
    "EMS inbox": ("ucep_ems", "Notified emergency patients and where they go back to."),
    "UCEP notices": ("ucep_fund", "UCEP claims notified to your fund."),
    "Register an assistance request": (
        "assistance_new",
        "Who was harmed, who asks, where and when, with the documents.",
    ),
    "Where is my assistance request?": (
        "assistance_status",
        "The stage and dates of a request, by its number and your citizen ID.",
    ),
    "Administration": ("admin:index", "Reference data, accounts and the audit log."),
    "Check my own rights": ("public_rights", "With your citizen ID and birth date."),
    "Am I covered in an emergency?": ("ucep_covered", "UCEP in plain words, for your situation."),
    "Log in": ("login", "For hospital, NHSO, fund and EMS staff."),
}

#: role -> the English titles of its tasks, in the order shown.
ORDER = {
    "hospital": [
        "Check a person's rights",
        "Emergency patients (UCEP)",
        "Isolation cases (HI/CI)",
        "Claims",
        "New claim",
        "Upload claims",
        "Statement of payment",
        "What the UC fund allocates to us",
        "Hospital finance: risk score",
        "Rights checks",
        "API tokens",
        "Fee schedules",
        "API documentation",
        "Rule parameters",
        "Error codes",
    ],
    "nhso": [
        "Claims",
        "Deadlines",
        "Notices to funds",
        "Isolation dispatch board",
        "UC fund allocation",
        "Initial assistance requests",
        "Initial assistance: yearly report",
        "Hospital finance: risk score",
        "Watch list (levels 6 and 7)",
        "Bright Spot award",
        "Emergency patients (UCEP)",
        "EMS inbox",
        "Statement of payment",
        "Fee schedules",
        "Check a person's rights",
        "Rights checks",
        "API documentation",
        "Rule parameters",
        "Error codes",
    ],
    "fund": [
        "Notices to funds",
        "UCEP notices",
        "Deadlines",
        "Claims",
        "Emergency patients (UCEP)",
        "UC fund allocation",
        "Check a person's rights",
        "Fee schedules",
        "API tokens",
        "API documentation",
        "Rule parameters",
        "Error codes",
    ],
    "ems": [
        "EMS inbox",
        "Emergency patients (UCEP)",
        "Check a person's rights",
        "API tokens",
        "API documentation",
        "Rule parameters",
        "Error codes",
    ],
    "secretary": [
        "Initial assistance requests",
        "Register an assistance request",
        "Initial assistance: yearly report",
        "Where is my assistance request?",
        "Rule parameters",
        "Error codes",
    ],
    "admin": [
        "Administration",
        "UC fund allocation",
        "Fee schedules",
        "Check a person's rights",
        "Rights checks",
        "API documentation",
        "Rule parameters",
        "Error codes",
    ],
    "public": [
        "Check my own rights",
        "Am I covered in an emergency?",
        "Where is my assistance request?",
        "Log in",
        "Rule parameters",
        "Error codes",
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
    expected = [(TASK[title][0], title, TASK[title][1]) for title in ORDER[role]]
    assert shown == expected
    tasks = r.content.decode().split('data-testid="tasks"')[1].split("</ul>")[0]
    assert re.findall(r'href="([^"]+)"', tasks) == [reverse(url) for url, _, _ in expected]


def test_every_role_of_the_system_has_a_pinned_menu():
    from sitthi.core.models import Role

    assert set(ORDER) == {r.value for r in Role} | {"public"}
