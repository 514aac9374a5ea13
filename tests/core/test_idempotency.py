"""``Idempotency-Key`` on the API's writes (sitthi.core.idempotency): a repeat gets the first
answer back and nothing is done twice; the same key with another request, or while the first
still runs, is a coded 409; a malformed key a coded 400; each caller has its own keys;
answers that say "send again" are not kept; keys are forgotten after 24 hours."""

from __future__ import annotations

import hashlib
import json
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.serializers.json import DjangoJSONEncoder
from django.db import OperationalError
from django.http import JsonResponse
from django.test import Client
from django.test.client import encode_multipart
from django.urls import path as route
from django.utils import timezone

from sitthi import urls as sitthi_urls
from sitthi.claims import services as claims_services
from sitthi.claims.models import Claim
from sitthi.core import idempotency
from sitthi.core.models import ApiToken, IdempotencyRecord, User
from sitthi.exchange.models import Webhook
from sitthi.jobs.models import Job

from ..claims.conftest import payload, tariff  # noqa: F401  (claims can be priced)
from ..jobs.helpers import claims_csv

#: Every test may price claims (the small fee schedule of tests/claims).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("tariff")]

KEY = "6f1c2b1e-7d0a-4f43-9d8e-3c2a1b0f9e77"


def token_client(user, scopes=("read", "submit", "pay")) -> Client:
    raw = ApiToken.issue(user, "his", scopes)[1]
    return Client(raise_request_exception=False, HTTP_AUTHORIZATION=f"Bearer {raw}")


def post(client, path, body, key=KEY, **extra):
    if key is not None:
        extra["HTTP_IDEMPOTENCY_KEY"] = key
    return client.post(path, body, content_type="application/json", **extra)


def code(response) -> str:
    return response.json()["errors"][0]["code"]


@pytest.fixture
def his(users):
    return token_client(users["hospital"])


def test_a_repeat_gets_the_first_answer_and_the_claim_is_stored_once(his, person):
    first = post(his, "/api/v1/claims", payload(person, key="I-1"))
    assert first.status_code == 201 and first.json()["status"] == "created"
    assert not first.has_header("Idempotent-Replayed")
    again = post(his, "/api/v1/claims", payload(person, key="I-1"))
    # the first answer itself, not the "unchanged" a second sending without a key answers
    assert again.status_code == 201 and again["Idempotent-Replayed"] == "true"
    assert again.content == first.content and again["Content-Type"] == first["Content-Type"]
    assert Claim.objects.filter(claim_key="I-1").count() == 1
    record = IdempotencyRecord.objects.get()
    assert (record.state, record.status_code, record.method, record.path) == (
        "done",
        201,
        "POST",
        "/api/v1/claims",
    )
    without_key = post(his, "/api/v1/claims", payload(person, key="I-1"), key=None)
    assert without_key.status_code == 200 and without_key.json()["status"] == "unchanged"


def test_a_write_that_is_not_idempotent_by_itself_happens_once(client, users, settings):
    """A webhook is made anew by each POST: with one key, one webhook, one secret."""
    settings.WEBHOOK_ALLOW_LOOPBACK = True
    client.force_login(users["hospital"])  # a session caller is honoured too
    body = {"url": "http://127.0.0.1:9/hook"}
    answers = [post(client, "/api/v1/webhooks", body) for _ in range(3)]
    assert [a.status_code for a in answers] == [201, 201, 201]
    assert [a.has_header("Idempotent-Replayed") for a in answers] == [False, True, True]
    assert len({a.json()["secret"] for a in answers}) == 1
    assert Webhook.objects.count() == 1
    post(client, "/api/v1/webhooks", body, key=None)
    assert Webhook.objects.count() == 2  # without a key each POST makes one, as before


def test_the_same_key_with_another_request_is_refused(his, person):
    assert post(his, "/api/v1/claims", payload(person, key="I-2")).status_code == 201
    for path, body in (
        ("/api/v1/claims", payload(person, key="I-3")),  # another body
        ("/api/v1/claims?x=1", payload(person, key="I-2")),  # another full path
        ("/api/v1/claims/bulk", {"claims": [payload(person, key="I-2")]}),  # another route
    ):
        r = post(his, path, body)
        assert r.status_code == 409 and code(r) == "IDEMPOTENCY_KEY_REUSED", r.content
        error = r.json()["errors"][0]
        assert error["field"] == "Idempotency-Key" and error["family"] == "request"
        assert error["message_th"] and error["message_en"]
    assert not Claim.objects.filter(claim_key="I-3").exists()


def _in_progress(user, token, body, created_at):
    """A record as a first request still running leaves it (the caller: its token)."""
    return IdempotencyRecord.objects.create(
        user=user,
        caller=f"token:{token.pk}",
        key=KEY,
        method="POST",
        path="/api/v1/claims",
        # the body as the test client sends it
        body_sha256=hashlib.sha256(json.dumps(body, cls=DjangoJSONEncoder).encode()).hexdigest(),
        created_at=created_at,
    )


def test_a_repeat_while_the_first_runs_is_told_to_wait(users, person):
    body = payload(person, key="I-4")
    token, raw = ApiToken.issue(users["hospital"], "his", ("read", "submit"))
    his = Client(raise_request_exception=False, HTTP_AUTHORIZATION=f"Bearer {raw}")
    _in_progress(users["hospital"], token, body, timezone.now())
    r = post(his, "/api/v1/claims", body)
    assert r.status_code == 409 and code(r) == "IDEMPOTENCY_IN_PROGRESS"
    assert int(r["Retry-After"]) > 0
    other = post(his, "/api/v1/claims", payload(person, key="I-5"))
    assert other.status_code == 409 and code(other) == "IDEMPOTENCY_KEY_REUSED"
    assert not Claim.objects.exists()
    assert IdempotencyRecord.objects.get().state == "in_progress"  # the first's, untouched


@pytest.mark.parametrize("key", ["", "x" * 256, "คีย์", "tab\there", "nul\x7f"])
def test_a_malformed_key_is_refused_and_nothing_runs(his, person, key):
    r = post(his, "/api/v1/claims", payload(person), key=key)
    assert r.status_code == 400 and code(r) == "IDEMPOTENCY_KEY_INVALID"
    assert not Claim.objects.exists() and not IdempotencyRecord.objects.exists()


def test_the_longest_and_odd_keys_are_taken(his, person):
    for i, key in enumerate(["x" * 255, "a", "with space ~!@#"]):
        r = post(his, "/api/v1/claims", payload(person, key=f"K-{i}"), key=key)
        assert r.status_code == 201, r.content
    assert IdempotencyRecord.objects.count() == 3


def test_each_caller_has_its_own_keys(his, users, hospitals, person):
    colleague = User.objects.create_user(
        "kk_two", password="x", role="hospital", hospital=hospitals["khonkaen"]
    )
    body = payload(person, key="I-6")
    assert post(his, "/api/v1/claims", body).status_code == 201
    r = post(token_client(colleague), "/api/v1/claims", body)
    # the colleague's request ran (its own answer: the claim was already stored), not a replay
    assert r.status_code == 200 and r.json()["status"] == "unchanged"
    assert not r.has_header("Idempotent-Replayed")
    # the same key, another body, another caller: no conflict
    r = post(token_client(colleague), "/api/v1/claims", payload(person, key="I-7"), key="k2")
    assert r.status_code == 201
    r = post(token_client(users["other_hospital"]), "/api/v1/claims", payload(person, key="I-7"))
    assert r.status_code == 403 and not r.has_header("Idempotent-Replayed")
    assert IdempotencyRecord.objects.filter(key=KEY).count() == 2  # a 403 is not kept


def test_a_request_cut_off_long_ago_is_an_unknown_outcome_not_a_wait(users, person):
    """A first request still marked running after STALE (its server was stopped) is answered
    IDEMPOTENCY_OUTCOME_UNKNOWN, without Retry-After: waiting would not tell."""
    body = payload(person, key="I-4")
    token, raw = ApiToken.issue(users["hospital"], "his", ("read", "submit"))
    his = Client(raise_request_exception=False, HTTP_AUTHORIZATION=f"Bearer {raw}")
    _in_progress(
        users["hospital"], token, body, timezone.now() - idempotency.STALE - timedelta(seconds=1)
    )
    r = post(his, "/api/v1/claims", body)
    assert r.status_code == 409 and code(r) == "IDEMPOTENCY_OUTCOME_UNKNOWN"
    assert not r.has_header("Retry-After") and not Claim.objects.exists()


def test_each_token_and_each_session_has_its_own_keys(users, client, person):
    """An answer is replayed only to the token that was answered (with the scopes it had),
    or to the same officer's session as the same office: never to another token of the
    officer, a token lacking the scope, or the session after the officer moved office."""
    body = payload(person, key="I-8")
    first = token_client(users["hospital"])
    assert post(first, "/api/v1/claims", body).status_code == 201
    assert post(first, "/api/v1/claims", body)["Idempotent-Replayed"] == "true"
    # another token of the same officer: its own request runs (the claim is unchanged)
    r = post(token_client(users["hospital"]), "/api/v1/claims", body)
    assert r.status_code == 200 and not r.has_header("Idempotent-Replayed")
    # a read-only token of the same officer is refused by its scope, key or not
    r = post(token_client(users["hospital"], ("read",)), "/api/v1/claims", body)
    assert r.status_code == 403 and code(r) == "TOKEN_SCOPE"
    assert not r.has_header("Idempotent-Replayed")
    client.force_login(users["hospital"])
    r = post(client, "/api/v1/claims", body)
    assert r.status_code == 200 and not r.has_header("Idempotent-Replayed")
    assert post(client, "/api/v1/claims", body)["Idempotent-Replayed"] == "true"
    officer = users["hospital"]
    officer.hospital_id = "13001"
    officer.save()
    client.force_login(officer)
    r = post(client, "/api/v1/claims", body)
    assert not r.has_header("Idempotent-Replayed") and r.status_code == 403


def test_a_look_up_by_citizen_id_keeps_no_answer(his, person):
    """A rights check is a POST only to keep the citizen ID out of addresses: its answer (a
    name and the full ID) is not kept, and each repeat is checked and recorded again."""
    from sitthi.registry.models import RightsCheck

    body = {"citizen_id": person.citizen_id, "on": "2024-03-01"}
    for _ in range(2):
        r = post(his, "/api/v1/rights", body)
        assert r.status_code == 200 and not r.has_header("Idempotent-Replayed")
    assert not IdempotencyRecord.objects.exists() and RightsCheck.objects.count() == 2


def test_a_database_fault_is_not_kept_and_a_retry_runs_again(his, person, monkeypatch):
    real = claims_services.submit

    def down(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(claims_services, "submit", down)
    r = post(his, "/api/v1/claims", payload(person, key="I-9"))
    assert r.status_code == 503 and code(r) == "DATABASE_UNAVAILABLE"
    assert not IdempotencyRecord.objects.exists()
    monkeypatch.setattr(claims_services, "submit", real)
    r = post(his, "/api/v1/claims", payload(person, key="I-9"))
    assert r.status_code == 201 and not r.has_header("Idempotent-Replayed")
    assert Claim.objects.count() == 1


def test_a_crash_is_not_kept(his, person, monkeypatch):
    def crash(*args, **kwargs):
        raise RuntimeError("bug")

    monkeypatch.setattr(claims_services, "submit", crash)
    assert post(his, "/api/v1/claims", payload(person, key="I-10")).status_code == 500
    assert not IdempotencyRecord.objects.exists()


@pytest.mark.parametrize(
    "status,codes,kept",
    [
        (201, [], True),
        (400, ["CID_FORMAT"], True),
        (404, ["NOT_FOUND"], True),
        (409, ["NOTICE_ALREADY_PAID"], True),
        (409, ["CONCURRENT_CHANGE"], False),
        (401, ["TOKEN_INVALID"], False),
        (403, ["TOKEN_SCOPE"], False),
        (429, ["TOO_MANY_LOOKUPS"], False),
        (500, [], False),
        (503, ["DATABASE_UNAVAILABLE"], False),
        (302, [], False),
    ],
)
def test_which_answers_are_kept(status, codes, kept):
    response = JsonResponse({"errors": [{"code": c} for c in codes]}, status=status)
    assert idempotency.keepable(response) is kept


def test_a_token_lacking_the_scope_is_not_kept(users, person):
    """Refused for its scope, nothing was done: the same key works with a proper token."""
    body = payload(person, key="I-11")
    r = post(token_client(users["hospital"], scopes=("read",)), "/api/v1/claims", body)
    assert r.status_code == 403 and code(r) == "TOKEN_SCOPE"
    assert post(token_client(users["hospital"]), "/api/v1/claims", body).status_code == 201


def test_an_answer_too_large_to_keep_is_not_done_again(his, person, monkeypatch):
    monkeypatch.setattr(idempotency, "MAX_ANSWER_BYTES", 10)
    body = payload(person, key="I-12")
    assert post(his, "/api/v1/claims", body).status_code == 201
    r = post(his, "/api/v1/claims", body)
    assert r.status_code == 409 and code(r) == "IDEMPOTENCY_ANSWER_NOT_KEPT"
    assert "201" in r.json()["errors"][0]["message_en"]
    assert Claim.objects.count() == 1


def test_keys_are_forgotten_after_24_hours(his, users, person):
    assert post(his, "/api/v1/claims", payload(person, key="I-13")).status_code == 201
    now = timezone.now()
    assert idempotency.purge_expired(now + timedelta(hours=23)) == 0
    assert IdempotencyRecord.objects.count() == 1
    assert idempotency.purge_expired(now + timedelta(hours=24, seconds=1)) == 1
    # the key may then be used again, for another request
    r = post(his, "/api/v1/claims", payload(person, key="I-14"))
    assert r.status_code == 201 and not r.has_header("Idempotent-Replayed")


def test_a_record_past_its_time_is_ignored_before_the_purge(his, person):
    assert post(his, "/api/v1/claims", payload(person, key="I-15")).status_code == 201
    IdempotencyRecord.objects.update(created_at=timezone.now() - timedelta(hours=25))
    before = timezone.now()
    r = post(his, "/api/v1/claims", payload(person, key="I-16"))
    assert r.status_code == 201 and not r.has_header("Idempotent-Replayed")
    # the expired record gave way to the new request's own
    (record,) = IdempotencyRecord.objects.all()
    assert record.created_at >= before and record.state == "done"


def test_the_worker_schedules_the_purge():
    from django.utils.module_loading import import_string
    from django_q.models import Schedule

    from sitthi.jobs import rounds

    rounds.ensure_schedules()
    schedule = Schedule.objects.get(name="core: expired idempotency keys")
    assert import_string(schedule.func) is idempotency.purge_expired
    assert schedule.schedule_type == Schedule.HOURLY and schedule.repeats == -1


def test_without_a_key_nothing_changes(his, person):
    first = post(his, "/api/v1/claims", payload(person, key="I-17"), key=None)
    again = post(his, "/api/v1/claims", payload(person, key="I-17"), key=None)
    assert (first.status_code, again.status_code) == (201, 200)
    assert not again.has_header("Idempotent-Replayed")
    assert not IdempotencyRecord.objects.exists()


def test_reads_and_anonymous_calls_do_not_use_the_key(client, his, users):
    for _ in range(2):
        r = client.post(
            "/api/v1/assistance/status",
            {"number": "IA-2568-000001", "citizen_id": "1101700230708"},
            content_type="application/json",
            HTTP_IDEMPOTENCY_KEY=KEY,
        )
        assert not r.has_header("Idempotent-Replayed")
    # a malformed key from nobody is not looked at either: the request runs as without one
    r = client.post("/api/v1/claims", {}, content_type="application/json", HTTP_IDEMPOTENCY_KEY="")
    assert r.status_code == 401
    r = his.get("/api/v1/jobs", HTTP_IDEMPOTENCY_KEY="")
    assert r.status_code == 200
    bad = Client(HTTP_AUTHORIZATION="Bearer sit_nope")
    r = post(bad, "/api/v1/claims", {})
    assert r.status_code == 401 and code(r) == "TOKEN_INVALID"
    assert not IdempotencyRecord.objects.exists()


#: A plain view standing in for the FHIR API at /fhir/ (its package is not part of this
#: change); ``urlpatterns`` makes this module a URLconf for the test below.
FHIR_MADE: list[int] = []


def _fhir_claim(request):
    FHIR_MADE.append(1)
    return JsonResponse({"resourceType": "ClaimResponse", "n": len(FHIR_MADE)}, status=201)


urlpatterns = [route("fhir/Claim", _fhir_claim), *sitthi_urls.urlpatterns]


def test_the_fhir_paths_are_covered_and_pages_are_not(his, client, users, settings):
    """Every write under /fhir/ is covered by its path, whatever view serves it."""
    settings.ROOT_URLCONF = __name__
    FHIR_MADE.clear()
    first = post(his, "/fhir/Claim", {"resourceType": "Claim"})
    again = post(his, "/fhir/Claim", {"resourceType": "Claim"})
    assert (first.status_code, again.status_code) == (201, 201) and FHIR_MADE == [1]
    assert again["Idempotent-Replayed"] == "true" and again.content == first.content
    assert IdempotencyRecord.objects.get().path == "/fhir/Claim"
    client.force_login(users["hospital"])
    client.post("/tokens/new/", {"name": "x"}, HTTP_IDEMPOTENCY_KEY="page-1")  # a page
    assert IdempotencyRecord.objects.count() == 1


def test_no_such_operation_is_answered_as_without_a_key(his, person):
    assert post(his, "/api/v1/claims", payload(person, key="I-18")).status_code == 201
    # the same key, another method of the path or an unknown path: 405 and 404, as ever
    r = his.put("/api/v1/claims", {}, content_type="application/json", HTTP_IDEMPOTENCY_KEY=KEY)
    assert r.status_code == 405 and code(r) == "METHOD_NOT_ALLOWED"
    r = post(his, "/api/v1/no-such-thing", {})
    assert r.status_code == 404 and code(r) == "NOT_FOUND"
    r = post(his, "/fhir/no-such-thing", {})
    assert r.status_code == 404
    assert IdempotencyRecord.objects.count() == 1


def _upload(client, data: bytes, boundary: str, key=KEY):
    body = encode_multipart(boundary, {"file": SimpleUploadedFile("k.csv", data)})
    return client.post(
        "/api/v1/claim-files",
        body,
        content_type=f"multipart/form-data; boundary={boundary}",
        HTTP_IDEMPOTENCY_KEY=key,
    )


def test_a_file_upload_is_honoured_whatever_its_boundary(his, person):
    data = claims_csv(person, 2)
    first = _upload(his, data, "boundary-one")
    assert first.status_code == 202, first.content
    again = _upload(his, data, "another-boundary-2")  # a client's retry: a new boundary
    assert again.status_code == 202 and again["Idempotent-Replayed"] == "true"
    assert again.content == first.content
    assert Job.objects.count() == 1 and Claim.objects.count() == 2
    other = _upload(his, claims_csv(person, 3), "boundary-one")
    assert other.status_code == 409 and code(other) == "IDEMPOTENCY_KEY_REUSED"
    assert Job.objects.count() == 1


def test_a_delete_is_covered_too(client, users, settings):
    settings.WEBHOOK_ALLOW_LOOPBACK = True
    client.force_login(users["hospital"])
    hook = post(client, "/api/v1/webhooks", {"url": "http://127.0.0.1:9/hook"}, key=None).json()
    first = client.delete(f"/api/v1/webhooks/{hook['id']}", HTTP_IDEMPOTENCY_KEY="del-1")
    again = client.delete(f"/api/v1/webhooks/{hook['id']}", HTTP_IDEMPOTENCY_KEY="del-1")
    assert (first.status_code, again.status_code) == (204, 204)
    assert again["Idempotent-Replayed"] == "true"


def test_every_write_of_the_document_names_the_header_and_its_answers():
    from sitthi.api import DESCRIPTION, api

    document = api.get_openapi_schema()
    writes = [
        (path, method, op)
        for path, ops in document["paths"].items()
        for method, op in ops.items()
        if method in ("post", "put", "patch", "delete")
    ]
    assert len(writes) > 30
    for path, method, op in writes:
        (header,) = [p for p in op["parameters"] if p["name"] == "Idempotency-Key"]
        assert header["in"] == "header" and header["required"] is False, (path, method)
        responses = {str(k): v for k, v in op["responses"].items()}
        assert "IDEMPOTENCY_KEY_REUSED" in responses["409"]["description"], (path, method)
        assert "IDEMPOTENCY_KEY_INVALID" in responses["400"]["description"], (path, method)
    reads = [op for ops in document["paths"].values() for m, op in ops.items() if m == "get"]
    assert not any(p["name"] == "Idempotency-Key" for op in reads for p in op.get("parameters", []))
    assert "Idempotency-Key" in DESCRIPTION and "IDEMPOTENCY_KEY_REUSED" in DESCRIPTION
    # the codes are in the catalogue, hence on the error-codes page and in the description
    for c in ("IDEMPOTENCY_KEY_INVALID", "IDEMPOTENCY_KEY_REUSED", "IDEMPOTENCY_IN_PROGRESS"):
        assert f"`{c}`" in document["info"]["description"]
