"""In Chromium: a hospital officer registers a webhook on its page (the secret shown once),
sees the delivery of its office's event with the answer its receiver gave, and sends it
again with the button; removing the webhook asks first (issue 17)."""

from __future__ import annotations

import pytest
from django.utils import timezone

from tests.conftest import browser_login, shot

pytestmark = pytest.mark.browser


def test_register_read_send_again_and_remove(
    transactional_db, live_server, browser, users, settings
):
    from sitthi.core.actor import Actor
    from sitthi.exchange import services
    from sitthi.exchange.models import Delivery, Webhook

    settings.WEBHOOK_ALLOW_LOOPBACK = True
    settings.WEBHOOK_TIMEOUT_SECONDS = 1
    ctx = browser.new_context(locale="th-TH", viewport={"width": 1280, "height": 900})
    page = ctx.new_page()
    browser_login(page, live_server.url, "kk_officer", "pw-kk_officer")
    page.goto(f"{live_server.url}/webhooks/")
    page.get_by_test_id("webhook-url").fill("http://127.0.0.1:9/refused")
    page.get_by_test_id("register").get_by_role("button").click()
    page.get_by_test_id("new-secret").wait_for()
    assert Webhook.objects.get().secret in page.get_by_test_id("new-secret").inner_text()

    audience, code = services.office_of(Actor.of(users["hospital"]))
    services.emit_many(
        [services.NewEvent("claim.decided", "claim", 1, "BR-1", audience, code, {})],
        now=timezone.now(),
    )
    services.deliver_due()  # nothing listens on port 9: refused, tried again later
    page.goto(f"{live_server.url}/webhooks/deliveries/")
    d = Delivery.objects.get()
    row = page.get_by_test_id(f"delivery-{d.pk}")
    assert "BR-1" in row.inner_text() and "refused" in row.inner_text().lower()
    shot(page, "webhook-deliveries")
    row.get_by_role("button", name="ส่งอีกครั้ง / Send again").click()
    page.wait_for_url(f"{live_server.url}/webhooks/deliveries/")
    assert "อีกครั้งแล้ว" in page.locator(".messages").inner_text()
    d.refresh_from_db()
    assert d.replays == 1

    page.goto(f"{live_server.url}/webhooks/")
    page.get_by_test_id(f"remove-{d.webhook_id}").click()
    page.get_by_test_id("confirm-remove").wait_for()
    assert Webhook.objects.get().active  # asked, not yet removed
    page.get_by_test_id("confirm").click()
    page.wait_for_url(f"{live_server.url}/webhooks/")
    assert not Webhook.objects.get().active
    ctx.close()
