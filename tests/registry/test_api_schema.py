"""The API against its own OpenAPI document (schemathesis): whatever is sent, the answer is
one the document describes — a 200 in its schema or a coded 4xx error, never a 500.

Two checks are left out. "Ignored auth": the API accepts a bearer token *or* a session
cookie, and the check counts a made-up cookie beside our valid token as "invalid auth
accepted" (the refusals of bad tokens and of no auth are asserted in test_rights_api).
"Negative data rejection": a query parameter is a string on the wire, so a value the
schema calls an object still arrives as a valid string (the body's shape is checked by the
schema and asserted in the claims tests).
"Positive data acceptance": A string the schema allows can still be
refused by a rule the schema cannot express (a citizen ID's mod-11 check digit, a hospital
code that is not registered); those refusals are the coded errors asserted here."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import (
    ignored_auth,
    negative_data_rejection,
    positive_data_acceptance,
)

from sitthi.core.models import ApiToken
from sitthi.wsgi import application

schema = schemathesis.openapi.from_wsgi("/api/openapi.json", application)


@pytest.fixture
def keep_test_connection():
    """The WSGI handler closes database connections when a request ends, which would end the
    test's transaction on PostgreSQL; Django's own test client suspends that, and so do we."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def bearer(users, person, keep_test_connection):
    return ApiToken.issue(users["hospital"], "schemathesis")[1]


@pytest.mark.django_db
@schema.parametrize()
@settings(
    derandomize=True,
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_api_conforms_to_its_schema(case, bearer):
    case.headers = {**(case.headers or {}), "Authorization": f"Bearer {bearer}"}
    response = case.call()
    assert response.status_code < 500, response.text
    case.validate_response(
        response, excluded_checks=[positive_data_acceptance, ignored_auth, negative_data_rejection]
    )
    if response.status_code >= 400:
        errors = response.json()["errors"]
        assert errors and all(e["code"] and e["message_th"] and e["message_en"] for e in errors)
