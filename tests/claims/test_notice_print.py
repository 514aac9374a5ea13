"""The printable payment notice: for NHSO and the owner fund only; the total in figures and
Thai words, the due date in BE, print CSS and no inline script."""

from __future__ import annotations

import re

from .conftest import payload


def _notice(client, post_claim, users, person):
    ids = [
        post_claim(users["hospital"], payload(person, key=k)).json()["claim"]["id"]
        for k in ("P1", "P2")
    ]
    client.force_login(users["nhso"])
    for cid in ids:
        assert client.post(f"/api/v1/claims/{cid}/documents-complete").status_code == 200
    r = client.post(
        "/api/v1/notices", {"fund": "UCS", "claim_ids": ids}, content_type="application/json"
    )
    assert r.status_code == 201
    return r.json()


def test_printable_notice_for_nhso_and_refused_to_others(client, post_claim, users, person, tariff):
    notice = _notice(client, post_claim, users, person)
    page = client.get(f"/notices/{notice['id']}/").content.decode()
    assert f"/notices/{notice['id']}/print/" in page  # the notice page links to it
    r = client.get(f"/notices/{notice['id']}/print/")
    html = r.content.decode()
    assert r.status_code == 200
    assert "หนังสือแจ้งชำระเงินค่าบริการ" in html and "561.00 บาท" in html
    assert "ห้าร้อยหกสิบเอ็ดบาทถ้วน" in html  # the total in Thai words
    assert re.search(r"25\d\d", re.search(r'data-testid="print-due">([^<]*)', html).group(1))
    assert "print.css" in html
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)  # no inline script
    assert "<style" not in html
    for who in ("hospital", "fund"):  # a hospital, and another fund (SSS), may not see it
        client.force_login(users[who])
        assert client.get(f"/notices/{notice['id']}/print/").status_code in (403, 404)
