"""Two schema classes with one name make the published contract wrong: the OpenAPI document
keeps one of them under that name and every endpoint of the other points at the wrong shape
(the change feed's event schema, once named ``EventOut`` like a claim's history entry, turned
a claim's history into feed events in the document). Each name in ``components/schemas`` is
one class of the code."""

from __future__ import annotations

from pydantic import BaseModel

from sitthi.api import api


def _models() -> set[type]:
    seen, todo = set(), [BaseModel]
    while todo:
        for sub in todo.pop().__subclasses__():
            if sub not in seen:
                seen.add(sub)
                todo.append(sub)
    return seen


def test_no_two_schema_classes_of_the_api_share_a_name():
    names = set(api.get_openapi_schema()["components"]["schemas"])
    by_name: dict[str, set[str]] = {}
    for cls in _models():
        if cls.__module__.startswith("sitthi.") and cls.__name__ in names:
            by_name.setdefault(cls.__name__, set()).add(f"{cls.__module__}.{cls.__qualname__}")
    assert {n: m for n, m in by_name.items() if len(m) > 1} == {}
