"""The worked example of every area on the API docs page is run here against the demo data of
``make run`` (as a newcomer would run it), and must answer as the page shows it; every tag
an endpoint carries is an area of the docs with at least one example."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command

from sitthi.api import api
from sitthi.api_guide import AREAS, matches
from sitthi.core.models import ApiToken, User

pytestmark = pytest.mark.django_db

EXAMPLES = [(a.tag, ex) for a in AREAS for ex in a.examples]


@pytest.fixture(scope="module")
def _demo_once(django_db_setup, django_db_blocker):
    """The demo data, once for the module inside an outer transaction rolled back at its end;
    each test runs in its own savepoint."""
    from django.db import transaction

    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            out = io.StringIO()
            call_command("demo_data", persons=0, seed=16, stdout=out)
            for area in ("claims", "ucep", "isolation", "assistance", "finance"):
                call_command(area, "demo", stdout=out)
            call_command("allocate", demo=True, stdout=out)
            yield
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def demo(_demo_once, db):
    pass


@pytest.mark.parametrize(
    "example", [ex for _, ex in EXAMPLES], ids=[f"{tag}:{ex.title}" for tag, ex in EXAMPLES]
)
def test_the_worked_example_answers_as_the_docs_page_shows(client, demo, example):
    _, raw = ApiToken.issue(User.objects.get(username=example.login), "worked example")
    body = "" if example.body is None else json.dumps(example.body)
    r = client.generic(
        example.method,
        example.path,
        body,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {raw}",
    )
    got = r.json()
    assert r.status_code == example.status, got
    assert matches(example.answer, got) == [], json.dumps(got, ensure_ascii=False, indent=2)


def test_every_area_an_endpoint_is_filed_under_has_a_worked_example():
    schema = api.get_openapi_schema()
    used = {t for ops in schema["paths"].values() for op in ops.values() for t in op["tags"]}
    areas = {a.tag: a for a in AREAS}
    assert used - set(areas) == set(), "add these areas (with an example) to sitthi.api_guide"
    assert all(areas[t].examples for t in used)
    # the docs page shows them, in the order of AREAS
    assert [t["name"] for t in schema["tags"]] == [a.tag for a in AREAS]
    assert all("curl -s -X" in t["description"] for t in schema["tags"] if t["name"] in used)


def test_an_example_that_differs_from_the_answer_is_caught():
    """The comparison is strict where the example is literal, lenient only at "…"."""
    assert matches({"a": 1, "b": "…"}, {"a": 1, "b": 99}) == []
    assert matches({"a": 1}, {"a": 2}) == ["$.a: expected 1, got 2"]
    assert matches({"a": 1}, {"a": 1, "c": 3}) != []
    assert matches([1, 2], [1]) != []
    assert matches([1, "…"], [1, 2, 3]) == [] and matches([1, "…"], []) != []
    assert matches([1, "…"], [2, 3]) == ["$[0]: expected 1, got 2"]
