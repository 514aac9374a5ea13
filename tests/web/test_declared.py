"""web names no area: the apps declare their home-page tasks (``menu.py``), background jobs and
demo accounts (their AppConfig), and web gathers them through Django's app registry."""

from __future__ import annotations

import ast
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.urls import reverse

import sitthi.web
from sitthi.core.actor import PUBLIC
from sitthi.core.models import Role, User
from sitthi.web import declared

AREAS = (
    "allocation",
    "assistance",
    "claims",
    "exchange",
    "finance",
    "isolation",
    "jobs",
    "registry",
    "ucep",
)


def _imports(source: str, package: str) -> list[tuple[int, str]]:
    """Every module a source imports (and each ``from m import n`` also as ``m.n``)."""
    out = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            out += [(node.lineno, a.name) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: resolve against the module's own package
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parts, base] if base else parts)
            out.append((node.lineno, base))
            out += [(node.lineno, f"{base}.{a.name}") for a in node.names]
    return out


def _is_area(name: str) -> bool:
    return any(name == f"sitthi.{a}" or name.startswith(f"sitthi.{a}.") for a in AREAS)


def test_no_module_under_web_imports_an_area():
    root = Path(sitthi.web.__file__).parent
    files = sorted(root.rglob("*.py"))
    offences = []
    for path in files:
        relative = path.relative_to(root.parent).with_suffix("")
        package = "sitthi." + ".".join(relative.parts[:-1])
        offences += [
            f"{path.relative_to(root)}:{line}: {name}"
            for line, name in _imports(path.read_text(encoding="utf-8"), package)
            if _is_area(name)
        ]
    assert offences == []
    assert len(files) >= 8  # the walk did read web (views, middleware, serve, …)


def test_the_import_check_sees_an_area_import():
    assert _is_area("sitthi.registry.services") and _is_area("sitthi.isolation")
    assert not _is_area("sitthi.core.errors") and not _is_area("sitthi.rules.params")
    src = "from sitthi.registry import services\nfrom ..claims import views\nimport sitthi.ucep\n"
    found = [name for _, name in _imports(src, "sitthi.web") if _is_area(name)]
    assert "sitthi.registry" in found and "sitthi.claims.views" in found and "sitthi.ucep" in found


# -- menus -------------------------------------------------------------------------------------

ROLES = [r.value for r in Role] + [PUBLIC]


def test_every_app_with_pages_declares_its_menu():
    labels = {label for label, _ in declared.menus()}
    assert labels == {*AREAS, "web"}


@pytest.mark.parametrize("role", ROLES)
def test_every_task_of_a_role_links_somewhere(role):
    tasks = declared.tasks_for(role)
    assert tasks
    for url_name, title, text in tasks:
        assert reverse(url_name) and str(title) and str(text)


def test_every_declared_task_is_placed_and_every_placed_task_is_declared():
    for label, menu in declared.menus():
        placed = {key for places in menu.PLACES.values() for key in places}
        assert placed <= set(menu.TASKS), label
        assert set(menu.TASKS) <= placed, f"{label}: a task no role sees"
        assert set(menu.PLACES) <= set(ROLES), label


def test_two_tasks_at_one_place_are_refused(monkeypatch):
    from sitthi.claims import menu as claims_menu
    from sitthi.ucep import menu as ucep_menu

    clash = claims_menu.PLACES[Role.HOSPITAL]["claims"]
    monkeypatch.setitem(ucep_menu.PLACES, Role.HOSPITAL, {"ucep": clash})
    with pytest.raises(ImproperlyConfigured, match="share place"):
        declared.tasks_for(Role.HOSPITAL)


def test_a_place_for_an_undeclared_task_is_refused(monkeypatch):
    from sitthi.ucep import menu as ucep_menu

    monkeypatch.setitem(ucep_menu.PLACES, Role.HOSPITAL, {"no_such_task": 25})
    with pytest.raises(ImproperlyConfigured, match="no_such_task"):
        declared.tasks_for(Role.HOSPITAL)


def test_an_app_places_its_own_task_without_touching_web(monkeypatch):
    """What adding a task takes: an entry in the app's own menu."""
    from sitthi.finance import menu as finance_menu

    monkeypatch.setitem(finance_menu.TASKS, "watch_too", finance_menu.TASKS["finance_watch"])
    places = {**finance_menu.PLACES[Role.HOSPITAL], "watch_too": 15}
    monkeypatch.setitem(finance_menu.PLACES, Role.HOSPITAL, places)
    urls = [url for url, _, _ in declared.tasks_for(Role.HOSPITAL)]
    assert urls[:3] == ["rights_check", "finance_watch", "ucep_list"]


# -- background jobs and `sitthi serve` --------------------------------------------------------


def test_no_app_runs_a_job_inside_the_web_server():
    """The isolation round close is a schedule of `sitthi worker` (sitthi.jobs.rounds): two
    web processes would have been two closers."""
    assert declared.background_jobs() == []


@pytest.mark.django_db
def test_serve_starts_the_declared_jobs_and_says_so(monkeypatch, hospitals):
    from sitthi.isolation.apps import IsolationConfig
    from sitthi.registry.demo import DEMO_PASSWORD
    from sitthi.web.management.commands import serve

    started, served = [], []
    job = declared.Job("test ticker", "tests.web.test_declared.ticker", 60)
    monkeypatch.setattr(IsolationConfig, "background_jobs", (job,), raising=False)
    monkeypatch.setattr(
        sys.modules[__name__], "ticker", lambda every_seconds: started.append(every_seconds)
    )
    monkeypatch.setattr(serve, "serve", lambda app, **kw: served.append(kw))
    User.objects.create_user("nhso", role="nhso")
    out = StringIO()
    call_command("serve", "--port", "8123", stdout=out)
    lines = out.getvalue().splitlines()
    assert started == [60]
    assert served == [{"host": "127.0.0.1", "port": 8123, "threads": 8, "ident": "sitthi"}]
    assert lines[0] == "Sitthi is serving on http://127.0.0.1:8123/"
    assert lines[1] == (
        "  pages:    http://127.0.0.1:8123/          API docs: http://127.0.0.1:8123/api/docs"
    )
    assert lines[2] == (
        f"  demo logins (password: {DEMO_PASSWORD}) — ผู้ใช้ตัวอย่าง (รหัสผ่าน {DEMO_PASSWORD}):"
    )
    assert lines[3].startswith("    nhso ")
    assert lines[-3:] == [
        "  The test ticker runs every minute.",
        "  Background jobs (claims files, allocation runs, the isolation round close) run in"
        " `sitthi worker`.",
        "  Stop with Ctrl+C.",
    ]


def test_every_says_minutes_and_seconds():
    from sitthi.web.management.commands.serve import every

    assert every(60) == "every minute"
    assert every(300) == "every 5 minutes"
    assert every(45) == "every 45 seconds"


def ticker(every_seconds):  # replaced by the test
    raise AssertionError("not started in the test")
