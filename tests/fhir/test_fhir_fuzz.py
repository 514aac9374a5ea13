"""Whatever FHIR a system sends, the answer is a FHIR resource: 2xx, or a 4xx OperationOutcome
with Sitthi's codes — never a 500, never a non-FHIR body. Hypothesis takes a valid message and
breaks one or two of its elements at a time (removes them, gives them the wrong type, a huge
number, an empty list…)."""

from __future__ import annotations

import copy
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sitthi.core.models import ApiToken
from tests.claims.conftest import payload

from .helpers import eligibility_request, fhir_claim

pytestmark = pytest.mark.django_db

BAD = st.sampled_from(
    [
        None,
        "",
        0,
        -1,
        1e308,
        "1" * 400,
        "2024-13-45T99:99:99+07:00",
        "2024-03-01",
        [],
        {},
        [{}],
        True,
        "ก" * 50,
        {"system": "urn:x", "value": "y"},
        {"reference": "#nothing"},
        {"identifier": {"system": "urn:sitthi:hcode", "value": "99999"}},
        "99999999999999999999",
    ]
)


FUZZ = {
    "deadline": None,
    "suppress_health_check": [HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
}


def _paths(value, prefix=()):
    yield prefix
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _paths(v, (*prefix, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _paths(v, (*prefix, i))


def _broken(message: dict, draw) -> dict:
    out = copy.deepcopy(message)
    paths = [p for p in _paths(out) if p and p != ("resourceType",)]
    for _ in range(draw(st.integers(1, 2))):
        # Every draw is made before the message is touched, so that each example draws the
        # same number of values whatever the break did (hypothesis replays examples).
        path, remove, bad = draw(st.sampled_from(paths)), draw(st.booleans()), draw(BAD)
        parent = out
        try:
            for part in path[:-1]:
                parent = parent[part]
            if remove and isinstance(parent, dict):
                parent.pop(path[-1], None)
            else:
                parent[path[-1]] = copy.deepcopy(bad)
        except (KeyError, IndexError, TypeError):
            continue
    return out


@pytest.fixture
def hospital_token(users):
    return {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.issue(users['hospital'], 'fuzz')[1]}"}


def _check(r):
    assert r.status_code < 500, r.content
    assert r["Content-Type"].startswith("application/fhir+json"), r["Content-Type"]
    body = json.loads(r.content)
    if r.status_code >= 400:
        assert body["resourceType"] == "OperationOutcome"
        for issue in body["issue"]:
            assert issue["details"]["coding"][0]["code"], issue
            assert issue["details"]["text"] and issue["diagnostics"]


@settings(max_examples=120, **FUZZ)
@given(data=st.data())
def test_a_broken_claim_is_answered_in_fhir(client, hospital_token, person, tariff, data):
    message = _broken(fhir_claim(payload(person, key="FUZZ")), data.draw)
    r = client.post(
        "/fhir/Claim",
        json.dumps(message, default=str),
        content_type="application/fhir+json",
        **hospital_token,
    )
    _check(r)


@settings(max_examples=80, **FUZZ)
@given(data=st.data())
def test_a_broken_eligibility_request_is_answered_in_fhir(client, hospital_token, person, data):
    message = _broken(eligibility_request(person.citizen_id, "2024-03-01", "10670"), data.draw)
    r = client.post(
        "/fhir/CoverageEligibilityRequest",
        json.dumps(message, default=str),
        content_type="application/fhir+json",
        **hospital_token,
    )
    _check(r)


@settings(max_examples=60, **FUZZ)
@given(data=st.data())
def test_a_broken_payment_notice_is_answered_in_fhir(client, users, data):
    token = ApiToken.issue(users["fund"], "fuzz", scopes=("read", "pay"))[1]
    message = {
        "resourceType": "PaymentNotice",
        "status": "active",
        "request": {"identifier": {"system": "urn:sitthi:notice", "value": "N000001"}},
        "created": "2024-03-20T10:00:00+07:00",
        "payment": {"identifier": {"system": "urn:sitthi:payment-reference", "value": "TX"}},
        "paymentDate": "2024-03-20",
        "recipient": {"display": "NHSO"},
        "amount": {"value": "561.00", "currency": "THB"},
    }
    r = client.post(
        "/fhir/PaymentNotice",
        json.dumps(_broken(message, data.draw), default=str),
        content_type="application/fhir+json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    _check(r)
