"""The webhook pages (issue 17): the offices that may register webhooks over the API (a
hospital, a fund, NHSO, the EMS centre) list, register and remove theirs on a page, read the
deliveries and send one again. The pages call the API's services: the same coded refusals,
the same audit record; another office's webhook or delivery is 404."""

from __future__ import annotations

from datetime import timedelta

import pytest
from auditlog.models import LogEntry
from django.test import Client

from sitthi.core.actor import Actor
from sitthi.exchange import services
from sitthi.exchange.models import Delivery, Webhook

from .conftest import bkk
from .test_webhooks import receiver  # noqa: F401 (the local receiving server)

pytestmark = pytest.mark.django_db

T0 = bkk(2030, 1, 1, 9, 0)


def codes(r):
    return [e["code"] for e in r.context["errors"]]


def event_for(user, key="W-P1", when=T0):
    """One claim.decided event for ``user``'s office, delivered to its active webhooks."""
    audience, code = services.office_of(Actor.of(user))
    services.emit_many(
        [
            services.NewEvent(
                "claim.decided", "claim", 1, key, audience, code, {"state": "accepted"}
            )
        ],
        now=when,
    )


def hook_of(user, url):
    hook, _ = services.register_webhook(Actor.of(user), url, now=T0)
    return hook


def test_an_office_registers_lists_and_removes_its_webhook(client, users, receiver):  # noqa: F811
    client.force_login(users["hospital"])
    page = client.get("/webhooks/")
    assert page.status_code == 200 and "ยังไม่มีเว็บฮุก" in page.content.decode()
    r = client.post("/webhooks/", {"url": receiver.url})
    assert r.status_code == 200
    hook = Webhook.objects.get()
    assert (hook.audience, hook.audience_code, hook.created_by) == (
        "hospital",
        users["hospital"].hospital_id,
        users["hospital"],
    )
    # the secret once, in the answer to the POST; then never again
    assert hook.secret in r.content.decode()
    listed = client.get("/webhooks/").content.decode()
    assert receiver.url in listed and hook.secret not in listed and "ใช้งานอยู่" in listed
    assert LogEntry.objects.get_for_object(hook).get().actor == users["hospital"]

    # removing asks first: the GET changes nothing
    ask = client.get(f"/webhooks/{hook.pk}/remove/")
    assert ask.status_code == 200 and 'data-testid="confirm-remove"' in ask.content.decode()
    hook.refresh_from_db()
    assert hook.active
    done = client.post(f"/webhooks/{hook.pk}/remove/")
    assert done.status_code == 302 and done["Location"] == "/webhooks/"
    hook.refresh_from_db()
    assert not hook.active
    after = client.get("/webhooks/")
    assert "ยกเลิกแล้ว" in after.content.decode()
    assert client.get("/api/v1/webhooks").json() == {"webhooks": []}  # as the API's DELETE
    assert client.get("/webhooks/", {"active": "yes"}).context["listed"].total == 0
    assert client.get("/webhooks/", {"active": "no"}).context["listed"].total == 1


@pytest.mark.parametrize(
    "url",
    ["http://example.org/hook", "https://10.0.0.5/hook", "https://user:pw@example.org/hook"],
)
def test_a_refused_address_is_shown_on_the_form_in_thai_and_english(client, users, url):
    client.force_login(users["fund"])
    r = client.post("/webhooks/", {"url": url})
    assert r.status_code == 400
    (error,) = r.context["form_errors"]
    assert error["code"] == "WEBHOOK_URL_INVALID" and error["field"] == "url"
    body = r.content.decode()
    assert error["message_th"] in body and error["message_en"] in body
    assert f'value="{url}"' in body  # the officer's typing is kept
    assert not Webhook.objects.exists()


@pytest.mark.parametrize("role", ["hospital", "fund", "nhso", "ems"])
def test_the_offices_of_the_api_open_the_pages(client, users, role):
    client.force_login(users[role])
    assert client.get("/webhooks/").status_code == 200
    assert client.get("/webhooks/deliveries/").status_code == 200
    home = client.get("/").content.decode()
    assert 'href="/webhooks/"' in home


@pytest.mark.parametrize("role", ["secretary", "admin"])
def test_other_roles_are_refused_as_by_the_api(client, users, role):
    client.force_login(users[role])
    for r in (
        client.get("/webhooks/"),
        client.post("/webhooks/", {"url": "https://example.org/hook"}),
        client.get("/webhooks/deliveries/"),
        client.get("/api/v1/webhooks"),
    ):
        assert r.status_code == 403
    assert not Webhook.objects.exists()
    assert 'href="/webhooks/"' not in client.get("/").content.decode()


def test_a_visitor_is_sent_to_log_in(client):
    for path in ("/webhooks/", "/webhooks/deliveries/"):
        r = client.get(path)
        assert r.status_code == 302 and r["Location"].startswith("/accounts/login/")
    assert client.post("/webhooks/deliveries/1/replay/").status_code == 302


def test_the_deliveries_show_attempts_and_send_again_replays_as_the_api(
    client,
    users,
    receiver,  # noqa: F811
):
    hook = hook_of(users["hospital"], receiver.url)
    event_for(users["hospital"], "W-P2")
    receiver.answers = [503]
    assert services.deliver_due(T0) == 1
    d = Delivery.objects.get()
    assert (d.status, d.attempts) == ("pending", 1)

    client.force_login(users["hospital"])
    page = client.get("/webhooks/deliveries/")
    assert page.status_code == 200
    row = page.content.decode().split(f'data-testid="delivery-{d.pk}"')[1].split("</tr>")[0]
    assert "ผลการพิจารณาเคลม" in row and "W-P2" in row and receiver.url in row
    assert "<code>503</code>" in row and "รอส่ง" in row
    assert "1 ม.ค. 2573 09:00 น." in row  # occurred, in the Buddhist Era
    assert "1 ม.ค. 2573 09:01 น." in row  # the next try, after WEBHOOK_RETRY_MINUTES[0]
    assert "ส่งอีกครั้ง / Send again" in row

    # the button is a POST with the CSRF token: without it, refused and nothing changes
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(users["hospital"])
    assert strict.post(f"/webhooks/deliveries/{d.pk}/replay/").status_code == 403
    d.refresh_from_db()
    assert d.replays == 0

    logged = LogEntry.objects.get_for_object(d).count()
    r = client.post(f"/webhooks/deliveries/{d.pk}/replay/", {"back": "status=pending&x=1"})
    assert r.status_code == 302
    assert r["Location"] == "/webhooks/deliveries/?status=pending&x=1"
    d.refresh_from_db()
    assert (d.status, d.replays) == ("pending", 1)
    entry = LogEntry.objects.get_for_object(d).order_by("-pk").first()
    assert LogEntry.objects.get_for_object(d).count() == logged + 1
    assert entry.actor == users["hospital"] and "replays" in str(entry.changes)
    # … the same record the API's replay leaves
    assert client.post(f"/api/v1/webhook-deliveries/{d.pk}/replay").status_code == 202
    d.refresh_from_db()
    assert d.replays == 2 and LogEntry.objects.get_for_object(d).count() == logged + 2

    # the worker then sends it: a second attempt, recorded
    assert services.deliver_due(T0 + timedelta(minutes=5)) == 1
    d.refresh_from_db()
    assert (d.status, d.attempts) == ("delivered", 2)
    assert [a.status_code for a in d.tries.all()] == [503, 200]
    row = client.get("/webhooks/deliveries/").content.decode()
    assert "<code>200</code>" in row and "ส่งถึงแล้ว" in row
    # a removed webhook's deliveries stay listed, without the button
    services.delete_webhook(Actor.of(users["hospital"]), hook.pk)
    gone = client.get("/webhooks/deliveries/").content.decode()
    assert f'data-testid="delivery-{d.pk}"' in gone and f"replay-{d.pk}" not in gone
    refused = client.post(f"/webhooks/deliveries/{d.pk}/replay/")
    assert refused.status_code == 404 and codes(refused) == ["WEBHOOK_NOT_FOUND"]


def test_another_offices_webhook_and_delivery_are_not_found(client, users, receiver):  # noqa: F811
    hook = hook_of(users["hospital"], receiver.url)
    event_for(users["hospital"])
    delivery = Delivery.objects.get()
    client.force_login(users["other_hospital"])
    assert receiver.url not in client.get("/webhooks/").content.decode()
    assert client.get("/webhooks/deliveries/").context["listed"].total == 0
    for r in (
        client.get(f"/webhooks/{hook.pk}/remove/"),
        client.post(f"/webhooks/{hook.pk}/remove/"),
        client.post(f"/webhooks/deliveries/{delivery.pk}/replay/"),
    ):
        assert r.status_code == 404 and codes(r) == ["WEBHOOK_NOT_FOUND"]
    hook.refresh_from_db()
    delivery.refresh_from_db()
    assert hook.active and delivery.replays == 0
    # nor a fund
    client.force_login(users["fund"])
    assert client.post(f"/webhooks/deliveries/{delivery.pk}/replay/").status_code == 404


def test_the_deliveries_are_paged_filtered_and_exported(client, users, receiver):  # noqa: F811
    hook_of(users["hospital"], receiver.url)
    for i in range(30):
        event_for(users["hospital"], f"K-{i:02d}", T0 + timedelta(days=i))
    client.force_login(users["hospital"])
    first = client.get("/webhooks/deliveries/").context["listed"]
    assert first.total == 30 and len(first.page.object_list) == 25
    second = client.get("/webhooks/deliveries/", {"page": 2}).context["listed"]
    assert len(second.page.object_list) == 5
    one = client.get("/webhooks/deliveries/", {"q": "K-07"}).context["listed"]
    assert [d.event.subject_key for d in one.page] == ["K-07"]
    dated = client.get(
        "/webhooks/deliveries/", {"occurred_from": "05/01/2573", "occurred_to": "06/01/2573"}
    ).context["listed"]
    assert sorted(d.event.subject_key for d in dated.page) == ["K-04", "K-05"]
    assert client.get("/webhooks/deliveries/", {"status": "failed"}).context["listed"].total == 0
    bad = client.get("/webhooks/deliveries/", {"status": "lost"})
    assert bad.status_code == 400
    assert [e["code"] for e in bad.context["listed"].errors] == ["LIST_FILTER_INVALID"]
    csv = client.get("/webhooks/deliveries/", {"q": "K-1", "format": "csv"})
    assert csv.status_code == 200 and csv.content.decode("utf-8-sig").count("K-1") == 10
