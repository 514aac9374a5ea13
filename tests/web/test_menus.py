"""The home page's task list per role, pinned: each app declares its own menu entries
(``menu.py``), web gathers them through the app registry, and every role still sees exactly
these tasks in exactly this order (taken from the single list web used to hard-code)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from django.urls import reverse
from django.utils import translation

from sitthi.core.models import User

pytestmark = pytest.mark.django_db

#: role -> [(url name, English title, English description)], in the order shown.
ORDER = {
    role: [tuple(task) for task in tasks]
    for role, tasks in yaml.safe_load(
        (Path(__file__).parent / "home_tasks.yaml").read_text("utf-8")
    ).items()
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
    expected = ORDER[role]
    assert shown == expected
    tasks = r.content.decode().split('data-testid="tasks"')[1].split("</ul>")[0]
    assert re.findall(r'href="([^"]+)"', tasks) == [reverse(url) for url, _, _ in expected]


def test_every_role_of_the_system_has_a_pinned_menu():
    from sitthi.core.models import Role

    assert set(ORDER) == {r.value for r in Role} | {"public"}
