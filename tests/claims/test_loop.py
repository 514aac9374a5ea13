"""Issue 16, claims loop: correct and resend a returned or rejected claim, documents on a
claim, names of codes on the page and in the look-up, NHSO's bulk moves, and a fund paying
several notices from one bank transfer — on the pages and over the API, with the refusals."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from auditlog.models import LogEntry

from sitthi.claims import services
from sitthi.claims.models import Claim, ClaimDocument, ClaimEvent, Notice
from sitthi.core.actor import Actor
from sitthi.core.models import User
from tests.assistance.conftest import make_pdf, make_png

from .conftest import bkk, payload

pytestmark = pytest.mark.django_db

PDF = make_pdf()  # real files: a document is judged by opening its bytes
PNG = make_png()


def codes(response):
    return sorted(e["code"] for e in response.json()["errors"])


def _claim(post_claim, users, person, key="K-1", **kw) -> int:
    r = post_claim(users["hospital"], payload(person, key=key, **kw))
    assert r.status_code == 201, r.content
    return r.json()["claim"]["id"]


def _returned(post_claim, users, person, key="K-1", reason="ใบเสร็จไม่ครบ / receipt missing"):
    cid = _claim(post_claim, users, person, key)
    services.return_for_correction(Actor.of(users["nhso"]), cid, reason, now=bkk(2024, 3, 5, 10))
    return cid


def _form(claim: Claim, **changes) -> dict:
    """The resend form as it comes pre-filled, with ``changes``."""
    data = {
        "claim_key": claim.claim_key,
        "citizen_id": claim.citizen_id,
        "service_type": claim.service_type,
        "admitted_at": "2024-03-01T09:00",
        "discharged_at": "",
        "diagnoses": "E11.9",
        "item_code_1": "LAB-1",
        "quantity_1": "2",
        "served_at_1": "2024-03-01T09:00",
        "charged_1": "250.00",
        "item_code_2": "LAB-1",
        "quantity_2": "1",
        "served_at_2": "2024-03-01T09:00",
        "charged_2": "80.50",
    }
    data.update(changes)
    return data


# -- 1. correct and resend ------------------------------------------------------------------------


def test_a_returned_claim_shows_the_reason_and_is_corrected_and_resent(
    client, post_claim, users, person, tariff
):
    cid = _returned(post_claim, users, person)
    client.force_login(users["hospital"])
    page = client.get(f"/claims/{cid}/").content.decode()
    assert "ใบเสร็จไม่ครบ / receipt missing" in page and f"/claims/{cid}/resend/" in page
    form = client.get(f"/claims/{cid}/resend/")
    assert form.status_code == 200
    html = form.content.decode()
    assert 'value="K-1"' in html and 'value="250.00"' in html and 'value="01/03/2567 09:00"' in html
    assert "ใบเสร็จไม่ครบ" in html
    # the officer changes the second line's charge and adds a seventh line (beyond the six rows)
    r = client.post(
        f"/claims/{cid}/resend/",
        _form(
            Claim.objects.get(pk=cid),
            charged_2="90.00",
            admitted_at="2024-03-01T08:30",
            item_code_7="FLAT-1",
            quantity_7="1",
            served_at_7="2024-03-01T10:00",
            charged_7="600.00",
        ),
    )
    assert r.status_code == 302, r.content.decode()[:3000]
    claim = Claim.objects.get(pk=cid)
    assert claim.revision == 2 and claim.state == "accepted"
    assert [ln.item_code for ln in claim.lines.all()] == ["LAB-1", "LAB-1", "FLAT-1"]
    assert claim.payable_total == Decimal("790.00")  # 200 + 90 + 500
    old = ClaimEvent.objects.get(claim=claim, snapshot__isnull=False).snapshot
    assert old["state"] == "returned" and old["lines"][1][3] == "80.50"
    detail = client.get(f"/claims/{cid}/").content.decode()
    assert 'data-testid="revisions"' in detail
    assert "รายการ / line 2: LAB-1 × 1.000 = 80.50 → LAB-1 × 1.000 = 90.00" in detail
    assert "รายการ / line 3: – → FLAT-1 × 1.000 = 600.00" in detail
    assert "วันเวลารับบริการ / admitted: 1/3/2567 09:00 → 1/3/2567 08:30" in detail


def test_resend_is_refused_to_other_hospitals_to_other_roles_and_when_not_returned(
    client, post_claim, users, person, tariff
):
    cid = _returned(post_claim, users, person)
    accepted = _claim(post_claim, users, person, key="K-2")
    before = LogEntry.objects.count()
    client.force_login(users["other_hospital"])
    assert client.get(f"/claims/{cid}/resend/").status_code == 404
    r = client.post(f"/claims/{cid}/resend/", _form(Claim.objects.get(pk=cid), charged_2="90"))
    assert r.status_code == 404
    body = {k: v for k, v in payload(person).items() if k not in ("claim_key", "hospital")}
    r = client.post(f"/api/v1/claims/{cid}/resend", body, content_type="application/json")
    assert r.status_code == 404 and codes(r) == ["NOT_FOUND"]
    client.force_login(users["nhso"])
    r = client.post(f"/api/v1/claims/{cid}/resend", body, content_type="application/json")
    assert r.status_code == 403 and codes(r) == ["ROLE_FORBIDDEN"]
    client.force_login(users["hospital"])
    r = client.post(f"/api/v1/claims/{accepted}/resend", body, content_type="application/json")
    assert r.status_code == 409 and codes(r) == ["CLAIM_NOT_RESENDABLE"]
    # the same content again changes nothing
    r = client.post(f"/api/v1/claims/{cid}/resend", body, content_type="application/json")
    assert r.status_code == 409 and codes(r) == ["RESEND_UNCHANGED"]
    assert Claim.objects.get(pk=cid).revision == 1
    assert LogEntry.objects.count() == before


def test_a_rejected_claim_is_resent_over_the_api(client, post_claim, users, person, tariff):
    bad = payload(person, diagnoses=[{"code": "X99.99", "dx_type": "1"}])
    cid = post_claim(users["hospital"], bad).json()["claim"]["id"]
    client.force_login(users["hospital"])
    page = client.get(f"/claims/{cid}/").content.decode()
    assert "DIAGNOSIS_UNKNOWN" in page and f"/claims/{cid}/resend/" in page
    body = {k: v for k, v in payload(person).items() if k not in ("claim_key", "hospital")}
    r = client.post(f"/api/v1/claims/{cid}/resend", body, content_type="application/json")
    assert r.status_code == 201, r.content
    out = r.json()
    assert out["status"] == "resubmitted" and out["claim"]["state"] == "accepted"
    assert out["claim"]["revision"] == 2 and out["claim"]["claim_key"] == "K-1"


# -- 2. documents ---------------------------------------------------------------------------------


def _uc_fund():
    return User.objects.create_user("uc_officer", password="pw-uc", role="fund", fund_id="UCS")


def test_documents_attached_by_the_hospital_seen_by_nhso_and_the_owner_fund(
    client, post_claim, users, person, tariff
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    cid = _claim(post_claim, users, person)
    client.force_login(users["hospital"])
    r = client.post(f"/claims/{cid}/documents/", {"file": SimpleUploadedFile("receipt.pdf", PDF)})
    assert r.status_code == 302
    r = client.post(
        f"/api/v1/claims/{cid}/documents", {"file": SimpleUploadedFile("scan.bin", PNG)}
    )
    assert r.status_code == 201 and r.json()["content_type"] == "image/png"
    docs = list(ClaimDocument.objects.order_by("pk"))
    assert [d.content_type for d in docs] == ["application/pdf", "image/png"]
    assert LogEntry.objects.get_for_object(docs[0]).get().actor == users["hospital"]
    # NHSO sees them, on the page and over the API
    client.force_login(users["nhso"])
    assert "receipt.pdf" in client.get(f"/claims/{cid}/").content.decode()
    got = client.get(f"/claims/{cid}/documents/{docs[0].pk}/")
    assert (
        got.status_code == 200 and got.content == PDF and got["Content-Type"] == "application/pdf"
    )
    assert len(client.get(f"/api/v1/claims/{cid}/documents").json()) == 2
    # the owner fund, once notified
    nhso = Actor.of(users["nhso"])
    services.mark_documents_complete(nhso, cid, now=bkk(2024, 3, 5, 10))
    services.create_notice(nhso, "UCS", [cid], now=bkk(2024, 3, 6, 10))
    client.force_login(_uc_fund())
    assert client.get(f"/api/v1/claims/{cid}/documents/{docs[1].pk}").content == PNG
    # another fund and another hospital are refused
    client.force_login(users["fund"])
    assert client.get(f"/claims/{cid}/documents/{docs[0].pk}/").status_code == 404
    assert client.get(f"/api/v1/claims/{cid}/documents").status_code == 404
    client.force_login(users["other_hospital"])
    assert client.get(f"/claims/{cid}/documents/{docs[0].pk}/").status_code == 404
    r = client.post(f"/api/v1/claims/{cid}/documents", {"file": SimpleUploadedFile("x.pdf", PDF)})
    assert r.status_code == 404 and codes(r) == ["NOT_FOUND"]
    assert ClaimDocument.objects.count() == 2


def test_a_document_is_checked_by_its_content_and_size(client, post_claim, users, person, tariff):
    from django.core.files.uploadedfile import SimpleUploadedFile

    cid = _claim(post_claim, users, person)
    client.force_login(users["hospital"])
    # Its first bytes are a PDF's, the rest is not: refused, as for assistance documents
    # (sitthi.core.filetypes opens the file; a signature check alone took this one).
    husk = SimpleUploadedFile("receipt.pdf", b"%PDF-1.4\n" + b"junk" * 50)
    r = client.post(f"/api/v1/claims/{cid}/documents", {"file": husk})
    assert r.status_code == 400 and codes(r) == ["DOCUMENT_TYPE_REFUSED"]
    fake = SimpleUploadedFile(
        "receipt.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf"
    )
    r = client.post(f"/api/v1/claims/{cid}/documents", {"file": fake})
    assert r.status_code == 400 and codes(r) == ["DOCUMENT_TYPE_REFUSED"]
    big = SimpleUploadedFile("big.pdf", PDF + b"0" * services.DOCUMENT_MAX)
    r = client.post(f"/api/v1/claims/{cid}/documents", {"file": big})
    assert r.status_code == 400 and codes(r) == ["FILE_TOO_LARGE"]
    r = client.post(f"/api/v1/claims/{cid}/documents", {"file": SimpleUploadedFile("e.pdf", b"")})
    assert r.status_code == 400 and codes(r) == ["DOCUMENT_EMPTY"]
    exe = SimpleUploadedFile("scan.png", b"MZ\x90\x00", content_type="image/png")
    page = client.post(f"/claims/{cid}/documents/", {"file": exe})
    assert page.status_code == 400 and "DOCUMENT_TYPE_REFUSED" in page.content.decode()
    client.force_login(users["nhso"])
    r = client.post(f"/api/v1/claims/{cid}/documents", {"file": SimpleUploadedFile("x.pdf", PDF)})
    assert r.status_code == 403 and codes(r) == ["ROLE_FORBIDDEN"]
    assert not ClaimDocument.objects.exists()


def _hostile():
    from tests.web.test_hostile_uploads import HOSTILE

    return HOSTILE


@pytest.mark.parametrize(("case", "name", "data"), _hostile(), ids=[h[0] for h in _hostile()])
def test_hostile_files_are_refused_as_claim_documents(
    client, post_claim, users, person, tariff, case, name, data
):
    """The hostile files of every upload endpoint, as a claim's document on the page: each a
    coded 400 and nothing stored (the "PDF" among them starts like one but has no page)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    cid = _claim(post_claim, users, person)
    client.force_login(users["hospital"])
    r = client.post(f"/claims/{cid}/documents/", {"file": SimpleUploadedFile(name, data)})
    assert r.status_code == 400, r.content[-1500:]
    assert re.search(r"\b(DOCUMENT_[A-Z_]+|FILE_[A-Z_]+)\b", r.content.decode())
    assert not ClaimDocument.objects.exists()


# -- 3. names of codes, look-up, lines --------------------------------------------------------


def test_the_claim_page_names_diagnoses_and_items(client, post_claim, users, person, tariff):
    cid = _claim(post_claim, users, person)
    client.force_login(users["hospital"])
    html = client.get(f"/claims/{cid}/").content.decode()
    assert "Type 2 diabetes mellitus" in html  # E11.9's WHO title
    assert 'class="item-name">LAB-1<' in html  # the test schedule names items by their code
    assert "2567" in html  # the service date in the Buddhist Era (2024 + 543)


def test_the_look_up_finds_icd10_and_items_by_name(client, users, tariff):
    client.force_login(users["hospital"])
    r = client.get("/claims/lookup/", {"kind": "icd10", "q": "diabetes mellitus"})
    hits = r.json()["results"]
    assert r.status_code == 200 and any(h["code"].startswith("E11") for h in hits)
    assert (
        client.get("/claims/lookup/", {"kind": "icd10", "q": "E11.9"}).json()["results"][0]["code"]
        == "E11.9"
    )
    items = client.get("/api/v1/claims-lookup", {"kind": "item", "q": "dm-"}).json()["results"]
    assert [h["code"] for h in items] == ["DM-NEW", "DM-OLD"]
    r = client.get("/api/v1/claims-lookup", {"kind": "nope", "q": "xx"})
    assert r.status_code == 400 and codes(r) == ["VALUE_INVALID"]
    client.logout()
    assert client.get("/api/v1/claims-lookup", {"kind": "item", "q": "dm"}).status_code == 401


# -- 4. NHSO's bulk moves -------------------------------------------------------------------------


def test_nhso_marks_many_claims_complete_in_one_post_each_refused_one_reported(
    client, post_claim, users, person, tariff
):
    a, b = _claim(post_claim, users, person, "A"), _claim(post_claim, users, person, "B")
    done = _claim(post_claim, users, person, "C")
    nhso = Actor.of(users["nhso"])
    services.mark_documents_complete(nhso, done, now=bkk(2024, 3, 5, 10))
    client.force_login(users["nhso"])
    assert 'name="claim_ids"' in client.get("/claims/").content.decode()
    r = client.post(
        "/claims/bulk/", {"move": "documents-complete", "claim_ids": [a, b, done, 999999]}
    )
    assert r.status_code == 200
    html = r.content.decode()
    assert "STATE_MOVE_INVALID" in html and "NOT_FOUND" in html
    states = dict(Claim.objects.values_list("pk", "state"))
    assert states[a] == states[b] == "documents_complete"
    for cid in (a, b):
        assert ClaimEvent.objects.filter(claim_id=cid, to_state="documents_complete").count() == 1
        assert (
            LogEntry.objects.get_for_object(Claim.objects.get(pk=cid))
            .filter(actor=users["nhso"])
            .exists()
        )


def test_bulk_return_over_the_api_and_its_refusals(client, post_claim, users, person, tariff):
    a, b = _claim(post_claim, users, person, "A"), _claim(post_claim, users, person, "B")
    client.force_login(users["nhso"])
    body = {"move": "return", "claim_ids": [a, b], "reason": ""}
    r = client.post("/api/v1/claims/bulk/moves", body, content_type="application/json")
    assert r.status_code == 400 and codes(r) == ["REASON_REQUIRED"], r.content
    body["reason"] = "ขาดเอกสาร / documents missing"
    r = client.post("/api/v1/claims/bulk/moves", body, content_type="application/json")
    assert r.status_code == 200 and r.json()["done"] == 2 and r.json()["refused"] == 0
    again = client.post("/api/v1/claims/bulk/moves", body, content_type="application/json").json()
    assert again["done"] == 0 and [e["code"] for e in again["results"][0]["errors"]] == [
        "STATE_MOVE_INVALID"
    ]
    assert set(Claim.objects.values_list("state", flat=True)) == {"returned"}
    client.force_login(users["hospital"])
    r = client.post("/api/v1/claims/bulk/moves", body, content_type="application/json")
    assert r.status_code == 403 and codes(r) == ["ROLE_FORBIDDEN"]
    assert client.post("/claims/bulk/", {"move": "return", "claim_ids": [a]}).status_code == 403


# -- 5. one bank transfer pays several notices -------------------------------------------------


def _notices(post_claim, users, person):
    """Two UCS notices (280.50 and 280.50) and one SSS notice."""
    nhso = Actor.of(users["nhso"])
    ids = [_claim(post_claim, users, person, k) for k in ("A", "B")]
    sss = _claim(post_claim, users, person, "S", when=bkk(2023, 6, 30, 10))
    out = []
    for cid, fund in ((ids[0], "UCS"), (ids[1], "UCS"), (sss, "SSS")):
        services.mark_documents_complete(nhso, cid, now=bkk(2024, 3, 5, 10))
        out.append(services.create_notice(nhso, fund, [cid], now=bkk(2024, 3, 6, 10)))
    return out


def test_a_fund_pays_two_notices_from_one_transfer_on_the_page(
    client, post_claim, users, person, tariff
):
    n1, n2, _sss = _notices(post_claim, users, person)
    client.force_login(_uc_fund())
    assert 'name="notice_ids"' in client.get("/notices/").content.decode()
    form = {"notice_ids": [n1.pk, n2.pk], "reference": "KTB-77", "paid_on": "2024-03-15"}
    r = client.post("/notices/transfer/", {**form, "amount": "561.01"})
    assert r.status_code == 302
    assert "TRANSFER_SUM_MISMATCH" in client.get("/notices/").content.decode()
    assert not Notice.objects.filter(paid_on__isnull=False).exists()
    r = client.post("/notices/transfer/", {**form, "amount": "561.00"})
    assert r.status_code == 302
    paid = Notice.objects.filter(paid_on__isnull=False)
    assert sorted(paid.values_list("pk", flat=True)) == [n1.pk, n2.pk]
    assert set(paid.values_list("payment_reference", flat=True)) == {"KTB-77"}
    assert set(Claim.objects.filter(notice__in=[n1, n2]).values_list("state", flat=True)) == {
        "paid"
    }


def test_a_transfer_is_all_or_nothing_over_the_api(client, post_claim, users, person, tariff):
    n1, n2, sss = _notices(post_claim, users, person)
    client.force_login(_uc_fund())

    def pay(ids, amount):
        body = {"notice_ids": ids, "amount": amount, "paid_on": "2024-03-15", "reference": "T1"}
        return client.post("/api/v1/notices/transfer", body, content_type="application/json")

    r = pay([n1.pk, sss.pk], "561.00")
    assert r.status_code == 403 and codes(r) == ["FUND_SCOPE"]
    r = pay([n1.pk, n2.pk], "500.00")
    assert r.status_code == 400 and codes(r) == ["TRANSFER_SUM_MISMATCH"]
    assert not Notice.objects.filter(paid_on__isnull=False).exists()
    r = pay([n1.pk], "280.50")
    assert r.status_code == 200 and r.json()[0]["paid_amount"] == "280.50"
    r = pay([n1.pk, n2.pk], "561.00")
    assert r.status_code == 409 and codes(r) == ["NOTICE_ALREADY_PAID"]
    assert Notice.objects.get(pk=n2.pk).paid_on is None
    client.force_login(users["nhso"])
    assert pay([n2.pk], "280.50").status_code == 403
