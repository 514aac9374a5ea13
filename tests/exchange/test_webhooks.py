"""Webhooks (issue 17): an office registers a URL; each of its events is POSTed there by the
worker, signed with the secret shown once (HMAC-SHA256 over "<timestamp>.<body>"), retried
on failure after each interval of WEBHOOK_RETRY_MINUTES and then given up; a delivery can be
sent again. Another office sees none of it, and the server never calls into its own network."""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import json
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from auditlog.models import LogEntry

from sitthi.exchange import services
from sitthi.exchange.models import Delivery, Webhook

from .conftest import bkk, payload

pytestmark = pytest.mark.django_db


class Receiver:
    """A local HTTP server answering each POST with the next of ``answers`` (then 200)."""

    def __init__(self):
        self.got: list[tuple[dict, bytes]] = []
        self.answers: list[int] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 (the http.server name)
                body = self.rfile.read(int(self.headers["Content-Length"]))
                outer.got.append((dict(self.headers), body))
                code = outer.answers.pop(0) if outer.answers else 200
                self.send_response(code)
                if code == 302:
                    self.send_header("Location", "http://169.254.169.254/latest/meta-data/")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver(settings):
    settings.WEBHOOK_ALLOW_LOOPBACK = True
    settings.WEBHOOK_RETRY_MINUTES = [1, 2]
    settings.WEBHOOK_TIMEOUT_SECONDS = 5
    r = Receiver()
    yield r
    r.close()


def register(client, user, url):
    client.force_login(user)
    return client.post("/api/v1/webhooks", {"url": url}, content_type="application/json")


def test_an_event_is_delivered_signed_with_the_secret_shown_once(
    client, users, person, tariff, post_claim, receiver
):
    r = register(client, users["hospital"], receiver.url)
    assert r.status_code == 201, r.content
    secret = r.json()["secret"]
    assert "secret" not in client.get("/api/v1/webhooks").json()["webhooks"][0]
    assert post_claim(users["hospital"], payload(person, key="W-1")).status_code == 201
    assert services.deliver_due(bkk(2030, 1, 1, 9, 0)) == 1
    ((headers, body),) = receiver.got
    expected = hmac.new(
        secret.encode(), headers["X-Sitthi-Timestamp"].encode() + b"." + body, hashlib.sha256
    ).hexdigest()
    assert headers["X-Sitthi-Signature"] == f"sha256={expected}"
    event = json.loads(body)
    assert event["kind"] == "claim.decided" and event["subject"]["key"] == "W-1"
    assert Delivery.objects.get().status == Delivery.Status.DELIVERED
    # delivered once: a later run sends nothing more
    assert services.deliver_due(bkk(2030, 1, 1, 9, 5)) == 0 and len(receiver.got) == 1


def test_a_failing_receiver_is_tried_again_by_the_schedule_then_given_up(
    client, users, person, tariff, post_claim, receiver
):
    assert register(client, users["hospital"], receiver.url).status_code == 201
    post_claim(users["hospital"], payload(person, key="W-2"))
    receiver.answers = [500, 302, 500]  # a redirect is not followed: it counts as a failure
    t0 = bkk(2030, 1, 1, 9, 0)
    assert services.deliver_due(t0) == 1
    d = Delivery.objects.get()
    assert (d.status, d.attempts, d.next_attempt_at) == ("pending", 1, t0 + timedelta(minutes=1))
    assert services.deliver_due(t0 + timedelta(seconds=30)) == 0  # not due yet
    assert services.deliver_due(t0 + timedelta(minutes=1)) == 1
    d.refresh_from_db()
    assert (d.attempts, d.next_attempt_at) == (2, t0 + timedelta(minutes=3))
    assert services.deliver_due(t0 + timedelta(minutes=3)) == 1
    d.refresh_from_db()
    assert (d.status, d.attempts, d.next_attempt_at) == ("failed", 3, None)
    assert [a.status_code for a in d.tries.all()] == [500, 302, 500]
    assert len(receiver.got) == 3  # the redirect's target was never called

    # sent again from the API: queued now, audited, delivered by the next run
    logged = LogEntry.objects.get_for_object(d).count()
    r = client.post(f"/api/v1/webhook-deliveries/{d.pk}/replay")
    assert r.status_code == 202, r.content
    entry = LogEntry.objects.get_for_object(d).order_by("-pk").first()
    assert LogEntry.objects.get_for_object(d).count() == logged + 1
    assert entry.actor == users["hospital"] and "replays" in str(entry.changes)
    assert services.deliver_due(t0 + timedelta(minutes=10)) == 1
    d.refresh_from_db()
    assert (d.status, d.replays) == ("delivered", 1)


def test_another_office_sees_changes_and_replays_nothing(
    client, users, person, tariff, post_claim, receiver
):
    hook = register(client, users["hospital"], receiver.url).json()["id"]
    post_claim(users["hospital"], payload(person, key="W-3"))
    delivery = Delivery.objects.get().pk
    client.force_login(users["other_hospital"])
    assert client.get("/api/v1/webhooks").json() == {"webhooks": []}
    assert client.get("/api/v1/webhook-deliveries").json() == {"deliveries": []}
    for r in (
        client.delete(f"/api/v1/webhooks/{hook}"),
        client.post(f"/api/v1/webhook-deliveries/{delivery}/replay"),
    ):
        assert r.status_code == 404 and r.json()["errors"][0]["code"] == "WEBHOOK_NOT_FOUND"
    assert Webhook.objects.get(pk=hook).active
    assert Delivery.objects.get(pk=delivery).replays == 0
    # nor does the other hospital's own webhook get the first one's events
    register(client, users["other_hospital"], receiver.url)
    post_claim(users["hospital"], payload(person, key="W-4"))
    assert Delivery.objects.filter(webhook__audience_code="10670").count() == 2
    assert not Delivery.objects.exclude(webhook_id=hook).exists()


@pytest.mark.parametrize(
    "url",
    [
        "http://example.org/hook",  # not https
        "https://10.0.0.5/hook",  # the server's own network
        "https://169.254.169.254/latest/meta-data/",  # a cloud metadata address
        "https://[::1]/hook",  # this machine, by https, while loopback is not allowed
        "https://user:pw@example.org/hook",  # credentials in the address
        "ftp://example.org/hook",
        "https://",
    ],
)
def test_a_webhook_url_the_server_must_not_call_is_refused(client, users, settings, url):
    settings.WEBHOOK_ALLOW_LOOPBACK = False
    settings.DEBUG = False
    r = register(client, users["hospital"], url)
    assert r.status_code == 400 and r.json()["errors"][0]["code"] == "WEBHOOK_URL_INVALID"
    assert not Webhook.objects.exists()


def test_a_name_that_later_points_inside_is_not_called(client, users, monkeypatch, receiver):
    """Checked again before each attempt: a name that resolved to a public address when the
    webhook was made and resolves to a private one now is not called."""
    public, private = ipaddress.ip_address("93.184.216.34"), ipaddress.ip_address("10.1.2.3")
    monkeypatch.setattr(services, "_addresses", lambda host: [public])
    r = register(client, users["hospital"], "https://hooks.example.org/h")
    assert r.status_code == 201, r.content
    monkeypatch.setattr(services, "_addresses", lambda host: [private])
    status, error = services._post("https://hooks.example.org/h", b"{}", {})
    assert status is None and "not a public address" in error


def test_the_docs_signature_check_accepts_what_sitthi_sends_and_nothing_else():
    """docs/change-feed.md shows receivers how to check a delivery; its code is run here."""
    from pathlib import Path

    text = (Path(__file__).parents[2] / "docs" / "change-feed.md").read_text()
    code = text.split("```python\n", 1)[1].split("```", 1)[0]
    scope: dict = {}
    exec(code, scope)  # noqa: S102 (the document's own example)
    verify = scope["verify"]
    body, ts = b'{"kind":"claim.decided"}', "1900000000"
    signature = services.sign("whsec_x", ts, body)
    assert verify("whsec_x", body, ts, signature, now=1900000010)
    assert not verify("whsec_y", body, ts, signature, now=1900000010)  # another secret
    assert not verify("whsec_x", body + b" ", ts, signature, now=1900000010)  # body changed
    assert not verify("whsec_x", body, ts, signature, now=1900009999)  # too old
