"""docs/fhir.md shows HIS developers the FHIR messages to send: each example is valid R4B,
names only the systems Sitthi states (sitthi.fhir.systems) or HL7's, and the eligibility
and claim examples are sent here against `make run`'s demo data and answer as the text says."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
from fhir.resources.R4B import get_fhir_model_class

from sitthi.core.models import ApiToken, User
from sitthi.fhir import systems as S

from .test_worked_examples import _demo_once, demo  # noqa: F401  (the demo data, once)

DOC = (Path(__file__).parents[2] / "docs" / "fhir.md").read_text()
EXAMPLES = dict(re.findall(r"```json fhir-example:(\w+)\n(.*?)\n```", DOC, re.S))
STATED = {v for k, v in vars(S).items() if k.isupper() and isinstance(v, str)}


def _systems(value):
    if isinstance(value, dict):
        for k, v in value.items():
            if k in ("system", "url") and isinstance(v, str):
                yield v
            yield from _systems(v)
    elif isinstance(value, list):
        for v in value:
            yield from _systems(v)


def test_the_doc_has_its_examples():
    assert sorted(EXAMPLES) == ["claim", "eligibility", "payment"]


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_each_example_is_valid_r4b_with_stated_systems(name):
    raw = json.loads(EXAMPLES[name], parse_float=Decimal)
    get_fhir_model_class(raw["resourceType"]).model_validate(raw)
    for system in _systems(raw):
        assert (
            system in STATED
            or system.startswith(("http://hl7.org/", "http://terminology.hl7.org/"))
            or system.startswith("urn:his:")
        ), system
    # Every system of the table is one Sitthi states.
    for system in re.findall(r"`(urn:sitthi:[a-z:-]+)`", DOC):
        assert system in STATED or system == f"{S.CLAIM_KEY_SYSTEM}:", system


@pytest.mark.django_db
def test_the_examples_answer_against_the_demo_as_the_doc_says(client, demo):  # noqa: F811
    _, raw = ApiToken.issue(User.objects.get(username="hosp_public"), "docs")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    r = client.post(
        "/fhir/CoverageEligibilityRequest",
        EXAMPLES["eligibility"],
        content_type="application/fhir+json",
        **auth,
    )
    assert r.status_code == 200, r.content
    body = r.json()
    (insurance,) = body["insurance"]
    assert body["insurer"]["identifier"]["value"] == "UCS"
    assert insurance["item"][0]["network"]["coding"][0]["code"] == "in"
    r = client.post("/fhir/Claim", EXAMPLES["claim"], content_type="application/fhir+json", **auth)
    assert r.status_code == 201, r.content
    body = json.loads(r.content, parse_float=Decimal)
    totals = {t["category"]["coding"][0]["code"]: t["amount"]["value"] for t in body["total"]}
    assert body["outcome"] == "complete"
    assert totals == {"submitted": Decimal("640.00"), "benefit": Decimal("520.00")}
