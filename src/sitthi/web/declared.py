"""What each app declares for the whole site, gathered through Django's app registry, so that
adding an app touches only that app (web names no area).

* **Home-page tasks**: an app's ``menu.py`` has ``TASKS`` (task key: URL name, title,
  description) and ``PLACES`` (role: task key: place). A role's home page lists the tasks of
  every app placed for that role, by place, lowest first. Places are one scale shared by all
  apps (spaced by ten, so a new task fits between two); two tasks at one place of one role
  would have no stated order and are refused.
* **Background jobs**: an app's ``AppConfig.background_jobs``, a sequence of :class:`Job`;
  ``sitthi serve`` starts each of them.
* **Demo accounts**: an app's ``AppConfig.demo_accounts`` names a module with
  ``DEMO_USERS`` (each with a ``username``) and ``DEMO_PASSWORD``; ``sitthi serve`` lists
  those that exist.
"""

from __future__ import annotations

from importlib import import_module
from types import ModuleType
from typing import NamedTuple

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import module_has_submodule

MENU_MODULE = "menu"


class Job(NamedTuple):
    """A background job: ``start`` is the dotted path of a callable that starts it running
    every ``every_seconds`` in its own daemon thread and returns (``start(every_seconds=…)``)."""

    name: str
    start: str
    every_seconds: int


def menus() -> list[tuple[str, ModuleType]]:
    """Each installed app's ``menu`` module, with the app's label, in INSTALLED_APPS order."""
    return [
        (config.label, import_module(f"{config.name}.{MENU_MODULE}"))
        for config in apps.get_app_configs()
        if module_has_submodule(config.module, MENU_MODULE)
    ]


def tasks_for(role: str) -> list[tuple[str, str, str]]:
    """The tasks on ``role``'s home page, in order: (URL name, title, description)."""
    placed = []
    for label, menu in menus():
        for key, place in getattr(menu, "PLACES", {}).get(role, {}).items():
            if key not in menu.TASKS:
                raise ImproperlyConfigured(f"{label}.menu places {key!r}, not one of its TASKS")
            placed.append((place, f"{label}.{key}", menu.TASKS[key]))
    placed.sort(key=lambda p: p[0])
    for (place, a, _), (next_place, b, _) in zip(placed, placed[1:], strict=False):
        if place == next_place:
            raise ImproperlyConfigured(f"{a} and {b} share place {place} for the role {role}")
    return [task for _, _, task in placed]


def background_jobs() -> list[Job]:
    """Every app's background jobs, in INSTALLED_APPS order."""
    return [
        Job(*job)
        for config in apps.get_app_configs()
        for job in getattr(config, "background_jobs", ())
    ]


def demo_accounts() -> list[tuple[list[str], str]]:
    """Each declaring app's demo usernames and their shared password."""
    out = []
    for config in apps.get_app_configs():
        path = getattr(config, "demo_accounts", None)
        if path:
            module = import_module(path)
            out.append(([u.username for u in module.DEMO_USERS], module.DEMO_PASSWORD))
    return out


# -- work queues ---------------------------------------------------------------------------------

QUEUE_MODULE = "queue"


class Waiting(NamedTuple):
    """One count on a role's home page: what waits (``title``), how many (``count``), and the
    address of the list that shows exactly those items (``url``, or None when there is nothing
    to open). ``table`` is the ``data-testid`` of that list's table (tests count its rows);
    ``tone`` is "bad" for what is late, "soon" for what is about to be, else ""."""

    title: str
    count: int
    url: str | None
    table: str
    tone: str = ""


def queues_for(actor, now) -> list[Waiting]:
    """What waits for ``actor`` at ``now``: every app's ``queue.waiting(actor, now)``, in
    INSTALLED_APPS order. Each count comes from the same query function as the list it links
    to, so the number on the home page is the number of rows that list shows."""
    out: list[Waiting] = []
    for config in apps.get_app_configs():
        if module_has_submodule(config.module, QUEUE_MODULE):
            module = import_module(f"{config.name}.{QUEUE_MODULE}")
            out.extend(module.waiting(actor, now))
    return out
