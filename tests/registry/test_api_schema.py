"""The API against its own OpenAPI document (schemathesis): whatever is sent, by whichever
caller, the answer is one the document describes — a 200 in its schema or a coded 4xx error,
never a 500.

Every operation of the document is run with each kind of caller: a token of each office whose
system calls the API (``core.tokens.TOKEN_ROLES``: hospital, fund, EMS), an NHSO officer's
token (``ApiToken.issue`` works for any officer) and nobody at all. Then a stateful run
follows the document's links (a submitted claim to its reading, FHIR form and moves; an
episode to its triage, charges and billing; a case to its take; a rights check to its
record; a notice to its payment).

Checks left out. "Ignored auth": the API accepts a bearer token *or* a session cookie, and
the check counts a made-up cookie beside our valid token as "invalid auth accepted" (the
refusals of bad tokens and of no auth are asserted in test_rights_api). "Negative data
rejection": a query parameter is a string on the wire, so a value the schema calls an object
still arrives as a valid string (the body's shape is checked by the schema and asserted in the
claims tests). "Positive data acceptance": a string the schema allows can still be refused by
a rule the schema cannot express (a citizen ID's mod-11 check digit, a hospital code that is
not registered); those refusals are the coded errors asserted here. Stateful runs also leave
out "use after free" and "ensure resource availability": a claim, an episode or a case is
never deleted, and what a link leads to may rightly be out of the caller's scope (404)."""

from __future__ import annotations

import itertools

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import (
    ensure_resource_availability,
    ignored_auth,
    negative_data_rejection,
    positive_data_acceptance,
    use_after_free,
)

from sitthi.core.models import ApiToken, IdempotencyRecord, Role
from sitthi.core.tokens import TOKEN_ROLES
from sitthi.wsgi import application
from tests.claims.conftest import tariff  # noqa: F401  (claims can be priced)
from tests.isolation.conftest import units  # noqa: F401  (cases can be offered)

schema = schemathesis.openapi.from_wsgi("/api/openapi.json", application)
EXCLUDED = [positive_data_acceptance, ignored_auth, negative_data_rejection]
#: Every kind of caller: the offices with tokens, NHSO, and nobody.
KINDS = [*(str(r) for r in TOKEN_ROLES), str(Role.NHSO), "anonymous"]
USER_OF = {
    "hospital": "hospital",
    "fund": "fund",
    "ems": "ems",
    "nhso": "nhso",
    "secretary": "secretary",
}


def test_every_kind_of_token_is_tried():
    assert {str(r) for r in TOKEN_ROLES} <= set(KINDS) and "anonymous" in KINDS


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
def callers(users, person, tariff, keep_test_connection):  # noqa: F811
    """The headers of each kind of caller: a bearer token for each office, none for nobody."""
    out = {"anonymous": {}}
    for kind in KINDS[:-1]:
        token = ApiToken.issue(users[USER_OF[kind]], "schemathesis", ApiToken.SCOPES)[1]
        out[kind] = {"Authorization": f"Bearer {token}"}
    return out


def _assert_conforms(case, response) -> None:
    assert response.status_code < 500, (case.method, case.formatted_path, response.text[:500])
    case.validate_response(response, excluded_checks=EXCLUDED)
    if response.status_code >= 400:
        errors = response.json()["errors"]
        assert errors and all(e["code"] and e["message_th"] and e["message_en"] for e in errors)


@pytest.mark.django_db
@schema.parametrize()
@settings(
    derandomize=True,
    max_examples=5,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_api_conforms_to_its_schema(case, callers):
    """Each generated request is sent by every kind of caller in turn."""
    sent = dict(case.headers or {})
    for headers in callers.values():
        case.headers = {**sent, **headers}
        _assert_conforms(case, case.call())


def test_the_document_has_links_for_the_stateful_run():
    document = schema.raw_schema
    claim = document["paths"]["/api/v1/claims"]["post"]["responses"]
    links = claim["201"]["links"] if "201" in claim else claim[201]["links"]
    assert links["GetClaim"] == {
        "operationId": "sitthi_claims_api_get_claim",
        "parameters": {"claim_id": "$response.body#/claim/id"},
    }


#: For the stateful run, each chain may start with a create sent with a valid body (random
#: bodies are all refused, and then no link is ever followed): a claim the hospital may send,
#: a UCEP episode, a green isolation case. schemathesis takes the answer into the bundle its
#: links start from; every later step is its own.
def _valid_bodies(person, n: itertools.count) -> dict:
    from datetime import timedelta

    from django.utils import timezone

    from tests.claims.conftest import payload
    from tests.conftest import make_cid

    admitted = (timezone.now() - timedelta(hours=2)).isoformat()
    return {
        ("/api/v1/claims", 201): lambda: payload(person, key=f"S-{next(n)}"),
        ("/api/v1/ucep/episodes", 201): lambda: {
            "citizen_id": person.citizen_id,
            "admitted_at": admitted,
        },
        ("/api/v1/isolation/cases", 201): lambda: {
            "citizen_id": make_cid(),  # one open case a person: each chain its own
            "district": "บางนา",
            "province": "10",
            "test_date": timezone.now().date().isoformat(),
            "setting": "HI",
            "assessment": {"cough": True, "spo2_room_air": 97},
        },
    }


def _link_values_applied(step_input) -> bool:
    """Whether the step used the values its link extracted. schemathesis (4.x) follows a link
    but, with a small probability drawn from a true random source, explores with a generated
    path parameter instead (a made-up id: a rightful 404); only the steps that used the
    extracted ids tell whether a link is right. A link whose pointer finds nothing in its
    answer is not exploration: it counts as applied, so the made-up id it leads to fails the
    test as a wrong link should."""
    params = step_input.transition.parameters.get("path_parameters", {})
    for name, extracted in params.items():
        value = extracted.value.ok() if hasattr(extracted.value, "ok") else None
        if value is None or type(value).__name__ == "Unresolvable":
            return True
        candidates = (
            getattr(value, "values", None) if type(value).__name__ == "MultiMatch" else None
        )
        sent = step_input.case.path_parameters.get(name)
        if (sent not in candidates) if candidates is not None else (sent != value):
            return False
    return True


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["hospital", "nhso"])
def test_stateful_runs_follow_the_links(
    users,
    person,
    tariff,  # noqa: F811
    units,  # noqa: F811
    keep_test_connection,
    kind,
):
    from hypothesis.stateful import rule
    from schemathesis.generation.stateful.state_machine import StepInput

    token = ApiToken.issue(users[USER_OF[kind]], "schemathesis", ApiToken.SCOPES)[1]
    bodies = _valid_bodies(person, itertools.count())
    seen: list[tuple[str, int, object]] = []
    # Revoking a token is left out of the chains: a made-up id may be the run's own token
    # (small ids come first), and every later step would answer 401 (tests/core/test_token_api).
    base = schema.exclude(operation_id="sitthi_core_token_api_revoke_token").as_state_machine()

    def valid_create(path: str, status: int):
        make = bodies[(path, status)]

        @rule(target=base.bundles[f"POST {path} -> {status}"])
        def create(self):
            case = schema[path]["POST"].Case(body=make())
            self.recorder.record_case(case=case)
            return self.step(StepInput.initial(case))

        return create

    class Workflow(base):
        # Each chain starts from a create the caller may make: NHSO sends no claim and opens
        # no episode (403), so its run spends no steps on them.
        if kind != "nhso":
            create_claim = valid_create("/api/v1/claims", 201)
            create_episode = valid_create("/api/v1/ucep/episodes", 201)
        create_case = valid_create("/api/v1/isolation/cases", 201)

        def get_call_kwargs(self, case):
            return {"headers": {"Authorization": f"Bearer {token}"}}

        def setup(self):
            # Each run starts with no Idempotency-Key kept (sitthi.core.idempotency): a key an
            # earlier run used would answer the same steps otherwise when hypothesis replays
            # them (a replay, or IDEMPOTENCY_KEY_REUSED), and the runs would not repeat.
            IdempotencyRecord.objects.all().delete()

        def step(self, input):
            output = super().step(input)
            transition = input.transition
            if transition is not None and not _link_values_applied(input):
                transition = None  # schemathesis explored with a made-up value instead
            seen.append((input.case.operation.label, output.response.status_code, transition))
            return output

        def validate_response(self, response, case, **kwargs):
            assert response.status_code < 500, (case.method, case.formatted_path, response.text)
            case.validate_response(
                response,
                excluded_checks=[*EXCLUDED, use_after_free, ensure_resource_availability],
            )

    Workflow.run(
        settings=settings(
            derandomize=True,
            max_examples=100,
            stateful_step_count=10,
            deadline=None,
            suppress_health_check=list(HealthCheck),
        )
    )
    # The document's own links were followed from the creates to the operations they name,
    # with ids that exist (a 404 would be an id the link got wrong). schemathesis also infers
    # links of its own (a notice's claim ids, say); those may rightly lead nowhere.
    followed = {
        (label, status) for label, status, link in seen if link is not None and not link.is_inferred
    }
    assert followed and all(status != 404 for _, status in followed), (
        sorted(followed),
        sorted({(label, status) for label, status, _ in seen}),
    )
