"""Initial-assistance use cases (DOMAIN.md §5: "A request is registered, a committee decides the
category and amount within the regulation's ceilings, and the payment is recorded; the
requester can see the status. Ceilings are dated data.").

Ceilings and time limits: FACTS.md "Initial assistance ceilings" — Section 41 (seed
002_80e7afba8787ed6d.txt line 5; 400,000 / 240,000 / 100,000, an unconfirmed default; request
within 1 year of learning of the harm), providers (line 6; 240,000–400,000, 100,000–240,000, up to
100,000; no time limit), COVID-19 vaccine (line 7; 400,000 / 240,000 / 100,000 from 5 April 2021;
request within 2 years). DOMAIN.md "Identifiers": never log a full citizen ID.
"""

from __future__ import annotations

import hashlib
import io
import json
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from PIL import Image

from sitthi.assistance import documents, services
from sitthi.assistance.documents import Upload
from sitthi.assistance.models import Document, Payment, Request, Review, Sequence
from sitthi.assistance.services import DecisionIn
from sitthi.core.actor import Actor
from sitthi.core.errors import SitthiError
from sitthi.rules.kernel.thaitime import BANGKOK
from sitthi.rules.params import default_parameters
from tests.conftest import make_cid

from .conftest import NOW, make_pdf, make_png, request_in

pytestmark = pytest.mark.django_db

LATER = datetime(2024, 12, 1, 10, 0, tzinfo=BANGKOK)


def codes(info) -> set[str]:
    return {i.code for i in info.value.items}


def fields(info) -> set[tuple[str | None, str]]:
    return {(i.field, i.code) for i in info.value.items}


def bad_check_digit(cid: str) -> str:
    return cid[:12] + str((int(cid[12]) + 1) % 10)


def counts() -> tuple[int, ...]:
    return (
        Request.objects.count(),
        Review.objects.count(),
        Document.objects.count(),
        Payment.objects.count(),
        sum(Sequence.objects.values_list("last", flat=True)),
    )


# -- small steps (the secretary records what the committee did) ------------------------------


def schedule(actor, number, meeting_on="2024-03-01", now=NOW):
    return services.schedule(actor, number, meeting_on, now=now)


def decide(
    actor,
    number,
    outcome="approved",
    *,
    category="injury",
    amount="80000",
    decided_on="2024-03-05",
    reasons="",
    now=NOW,
):
    return services.decide(
        actor, number, DecisionIn(outcome, decided_on, category, amount, reasons), now=now
    )


def approve(actor, number, amount="80000", category="injury", **kw):
    """Schedule for 1 Mar 2024 and approve on 5 Mar 2024."""
    schedule(actor, number, kw.pop("meeting_on", "2024-03-01"), now=kw.get("now", NOW))
    return decide(actor, number, "approved", category=category, amount=amount, **kw)


def pay(actor, number, paid_on="2024-03-20", reference="TR-0001", now=NOW):
    return services.pay(actor, number, paid_on, reference, now=now)


def appeal(actor, number, received_on="2024-04-01", reason="ขอให้พิจารณาเงินเพิ่ม", now=NOW):
    return services.appeal(actor, number, received_on, reason, now=now)


def appeal_decide(actor, number, outcome="approved", *, amount="100000", category="injury", **kw):
    """The appeal: scheduled for 10 Apr 2024, decided on 15 Apr 2024."""
    schedule(actor, number, "2024-04-10")
    return decide(
        actor, number, outcome, category=category, amount=amount, decided_on="2024-04-15", **kw
    )


# == register ==================================================================================


def test_register_numbers_province_documents_and_fields(
    registered, secretary, pdf_bytes, png_bytes
):
    """DOMAIN.md §5 "A request is registered": numbered by programme and Buddhist-Era year of
    receipt (2024 → 2567), the province taken from the hospital, documents kept with their hash."""
    first = registered(
        uploads=[Upload("form.pdf", pdf_bytes), Upload("photo.png", png_bytes)],
    )
    assert first.number == "S41-2567-00001"
    assert registered().number == "S41-2567-00002"
    assert registered("vaccine").number == "VAC-2567-00001"
    provider = registered("provider", hospital="90001")
    assert provider.number == "PRV-2567-00001"
    # the sequence is per calendar year of receipt
    older = registered(harm_on="2023-12-01", learned_on="2023-12-01", received_on="2023-12-31")
    assert older.number == "S41-2566-00001"
    assert registered().number == "S41-2567-00003"

    first.refresh_from_db()
    assert first.province_id == "40"  # 10670 is in Khon Kaen
    assert provider.province_id == "10"  # 90001 is in Bangkok
    assert first.stage == "received"
    assert (first.harm_on, first.learned_on, first.received_on) == (
        date(2024, 1, 10),
        date(2024, 1, 15),
        date(2024, 2, 1),
    )
    # the harmed person asks: the requester is them
    assert first.relation == "self"
    assert first.requester_cid == first.harmed_cid
    assert first.requester_name == first.harmed_name == "นางสมหญิง ทดสอบ"
    assert first.registered_by == secretary and first.registered_at == NOW
    assert first.params_version == default_parameters().version
    # FACTS.md Section 41: within 1 year of learning of the harm (15 Jan 2024)
    assert (first.timeliness, first.deadline) == ("in_time", date(2025, 1, 15))
    # a first-level review waits for the meeting
    review = first.reviews.get()
    assert (review.level, review.received_on, review.outcome, review.meeting_on) == (
        1,
        date(2024, 2, 1),
        "",
        None,
    )
    docs = list(first.documents.order_by("id"))
    assert [(d.name, d.content_type, d.size, d.sha256) for d in docs] == [
        ("form.pdf", "application/pdf", len(pdf_bytes), hashlib.sha256(pdf_bytes).hexdigest()),
        ("photo.png", "image/png", len(png_bytes), hashlib.sha256(png_bytes).hexdigest()),
    ]
    assert bytes(docs[0].data) == pdf_bytes and bytes(docs[1].data) == png_bytes
    assert all(d.uploaded_by == secretary and d.uploaded_at == NOW for d in docs)


def test_a_jpeg_is_accepted_and_the_type_comes_from_the_bytes(registered):
    """Documents are judged by their content: a JPEG named .pdf is stored as a JPEG."""
    buf = io.BytesIO()
    Image.new("RGB", (2, 2)).save(buf, "JPEG")
    r = registered(uploads=[Upload("scan.pdf", buf.getvalue())])
    assert r.documents.get().content_type == "image/jpeg"


def test_the_day_of_now_is_the_bangkok_day(registered):
    """Times are judged in Asia/Bangkok: 18:00 UTC on 31 May is 1 June 01:00 in Bangkok."""
    utc_evening = datetime(2024, 5, 31, 18, 0, tzinfo=UTC)
    r = registered(received_on="2024-06-01", now=utc_evening)
    assert r.received_on == date(2024, 6, 1)
    with pytest.raises(SitthiError) as info:
        registered(received_on="2024-06-02", now=utc_evening)
    assert fields(info) == {("received_on", "DATE_IN_FUTURE")}


def test_a_late_section41_request_is_registered_and_flagged(registered):
    """FACTS.md Section 41 [V]: "request within 1 year of learning of the harm" (seed line 5):
    learned 1 Mar 2023, the deadline is 1 Mar 2024; a request of 2 Mar 2024 is late but
    registered, for the committee to decide."""
    late = registered(harm_on="2023-02-20", learned_on="2023-03-01", received_on="2024-03-02")
    late.refresh_from_db()
    assert (late.timeliness, late.deadline, late.late) == ("late", date(2024, 3, 1), True)
    assert "1 ปี / years" in late.timeliness_rule and "FACTS.md" in late.timeliness_rule
    assert late.stage == "received"
    on_time = registered(harm_on="2023-02-20", learned_on="2023-03-01", received_on="2024-03-01")
    assert (on_time.timeliness, on_time.deadline, on_time.late) == (
        "in_time",
        date(2024, 3, 1),
        False,
    )


def test_vaccine_two_years_and_providers_unchecked(registered):
    """FACTS.md: vaccine "request within 2 years" (seed line 7); providers have no limit in our
    sources (seed line 6): their requests are not checked."""
    late = registered(
        "vaccine", harm_on="2021-06-01", learned_on="2021-06-01", received_on="2023-06-02"
    )
    assert (late.timeliness, late.deadline) == ("late", date(2023, 6, 1))
    assert "2 ปี / years" in late.timeliness_rule
    provider = registered(
        "provider", harm_on="2022-06-01", learned_on="2022-06-01", received_on="2024-05-01"
    )
    assert (provider.timeliness, provider.deadline, provider.timeliness_rule) == (
        "unchecked",
        None,
        "",
    )


def test_learned_on_defaults_to_the_day_of_the_harm(registered):
    """FACTS.md vaccine: the 2 years run from the day the harm became known, the day of the harm
    when nothing else is given (note in vaccine_request_within_years.yaml)."""
    r = registered("vaccine", harm_on="2022-03-01", learned_on="", received_on="2024-03-01")
    assert r.learned_on == date(2022, 3, 1)
    assert (r.timeliness, r.deadline) == ("in_time", date(2024, 3, 1))


def test_bad_input_reports_every_problem_together_and_writes_nothing(sec, registered):
    """One form, five mistakes: every one is reported at once (not the first only), and nothing
    is written."""
    registered()  # something already there
    before = counts()
    data = request_in(
        harmed_cid=bad_check_digit(make_cid()),
        hospital="99999",
        harm_on="2024-01-10",
        learned_on="2024-01-05",  # before the harm
        received_on="2024-06-02",  # NOW is 1 Jun 2024
        relation="heir",
        requester_cid="",  # an heir must give theirs
        requester_name="นายทายาท ทดสอบ",
    )
    with pytest.raises(SitthiError) as info:
        services.register(sec, data, [Upload("form.pdf", make_pdf())], now=NOW)
    assert fields(info) == {
        ("harmed_cid", "CID_CHECK_DIGIT"),
        ("hospital", "HOSPITAL_UNKNOWN"),
        ("learned_on", "ASSIST_DATE_BEFORE"),
        ("received_on", "DATE_IN_FUTURE"),
        ("requester_cid", "CID_FORMAT"),
    }
    assert counts() == before


def test_identity_and_document_problems_are_reported_together(sec):
    """The form's fields and its files are checked together; nothing is written."""
    before = counts()
    data = request_in(harmed_cid=bad_check_digit(make_cid()), hospital="99999")
    with pytest.raises(SitthiError) as info:
        services.register(sec, data, [Upload("a.pdf", b"just text")], now=NOW)
    assert fields(info) == {
        ("harmed_cid", "CID_CHECK_DIGIT"),
        ("hospital", "HOSPITAL_UNKNOWN"),
        ("documents[1]", "FILE_TYPE"),
    }
    assert "99999" in info.value.items[1].as_dict()["message_en"]
    assert counts() == before


def test_date_problems_are_reported_together(sec):
    """learned_on before harm_on and received_on in the future, both at once."""
    data = request_in(learned_on="2024-01-05", received_on="2024-06-02")
    with pytest.raises(SitthiError) as info:
        services.register(sec, data, [], now=NOW)
    assert fields(info) == {
        ("learned_on", "ASSIST_DATE_BEFORE"),
        ("received_on", "DATE_IN_FUTURE"),
    }
    assert Request.objects.count() == 0


def test_received_before_learned_is_refused(sec):
    data = request_in(learned_on="2024-01-15", received_on="2024-01-14")
    with pytest.raises(SitthiError) as info:
        services.register(sec, data, [], now=NOW)
    assert fields(info) == {("received_on", "ASSIST_DATE_BEFORE")}


def test_an_heir_must_say_who_they_are(sec, registered):
    """An heir or a representative asks for the harmed person: their own ID and name are needed."""
    data = request_in(relation="heir", requester_cid="", requester_name="")
    with pytest.raises(SitthiError) as info:
        services.register(sec, data, [], now=NOW)
    assert fields(info) == {("requester_cid", "CID_FORMAT"), ("requester_name", "VALUE_REQUIRED")}
    heir_cid = make_cid()
    r = registered(relation="heir", requester_cid=heir_cid, requester_name="นายทายาท ทดสอบ")
    assert (r.relation, r.requester_cid, r.requester_name) == (
        "heir",
        heir_cid,
        "นายทายาท ทดสอบ",
    )
    assert r.requester_cid != r.harmed_cid


def test_self_with_another_id_is_refused(sec):
    data = request_in(relation="self", requester_cid=make_cid())
    with pytest.raises(SitthiError) as info:
        services.register(sec, data, [], now=NOW)
    assert codes(info) == {"ASSIST_SELF_OTHER_ID"}


def test_unknown_programme_and_relation(sec):
    data = request_in(programme="dental", relation="friend")
    with pytest.raises(SitthiError) as info:
        services.register(sec, data, [], now=NOW)
    assert fields(info) == {("programme", "ASSIST_PROGRAMME"), ("relation", "ASSIST_RELATION")}


def test_a_text_file_named_pdf_is_refused(sec, pdf_bytes):
    before = counts()
    uploads = [
        Upload("form.pdf", pdf_bytes),
        Upload("letter.pdf", "หนังสือขอรับเงินช่วยเหลือ".encode()),
        Upload("photo.png", make_png()),
    ]
    with pytest.raises(SitthiError) as info:
        services.register(sec, request_in(), uploads, now=NOW)
    assert fields(info) == {("documents[2]", "FILE_TYPE")}
    assert "letter.pdf" in info.value.items[0].as_dict()["message_en"]
    assert counts() == before


@pytest.mark.parametrize(
    "data",
    [
        b"%PDF-1.7\n this is not a PDF at all",
        make_pdf()[: len(make_pdf()) // 2],  # truncated
        b"%PDF-",
        make_png()[:20],  # a truncated image
        b"",
    ],
    ids=["garbage-pdf", "truncated-pdf", "bare-header", "truncated-png", "empty"],
)
def test_a_broken_file_is_refused(sec, data):
    with pytest.raises(SitthiError) as info:
        services.register(sec, request_in(), [Upload("scan.pdf", data)], now=NOW)
    assert fields(info) == {("documents[1]", "FILE_TYPE")}
    assert Request.objects.count() == 0


def test_a_file_over_10_mb_is_refused(sec):
    data = b"%PDF-1.4\n" + b"0" * (11 * 1024 * 1024)
    with pytest.raises(SitthiError) as info:
        services.register(sec, request_in(), [Upload("big.pdf", data)], now=NOW)
    assert fields(info) == {("documents[1]", "FILE_TOO_LARGE")}
    assert "10 MB" in info.value.items[0].as_dict()["message_en"]
    assert Request.objects.count() == 0


def test_the_size_limit_itself_is_allowed(sec, monkeypatch, pdf_bytes):
    """At the limit is accepted, one byte over is not (the limit made small to keep it fast)."""
    monkeypatch.setattr(documents, "MAX_BYTES", len(pdf_bytes))
    r = services.register(sec, request_in(), [Upload("a.pdf", pdf_bytes)], now=NOW)
    assert r.documents.get().size == len(pdf_bytes)
    monkeypatch.setattr(documents, "MAX_BYTES", len(pdf_bytes) - 1)
    with pytest.raises(SitthiError) as info:
        services.register(sec, request_in(), [Upload("a.pdf", pdf_bytes)], now=NOW)
    assert codes(info) == {"FILE_TOO_LARGE"}


def test_at_most_ten_files(sec, registered, pdf_bytes):
    eleven = [Upload(f"p{i}.pdf", pdf_bytes) for i in range(11)]
    with pytest.raises(SitthiError) as info:
        services.register(sec, request_in(), eleven, now=NOW)
    assert codes(info) == {"ASSIST_TOO_MANY_FILES"}
    assert "10" in info.value.items[0].as_dict()["message_en"]
    assert Request.objects.count() == 0
    r = registered(uploads=eleven[:10])
    assert r.documents.count() == 10
    # adding one more to a full request is refused as well
    with pytest.raises(SitthiError) as info:
        services.add_documents(sec, r.number, [Upload("p11.pdf", pdf_bytes)], now=NOW)
    assert codes(info) == {"ASSIST_TOO_MANY_FILES"}
    assert r.documents.count() == 10


def test_add_documents(sec, registered, png_bytes):
    r = registered()
    added = services.add_documents(sec, r.number.lower(), [Upload("x.png", png_bytes)], now=LATER)
    assert [(d.content_type, d.size, d.uploaded_at) for d in added] == [
        ("image/png", len(png_bytes), LATER)
    ]
    assert r.documents.count() == 2
    with pytest.raises(SitthiError) as info:
        services.add_documents(sec, r.number, [], now=NOW)
    assert codes(info) == {"VALUE_REQUIRED"}
    with pytest.raises(SitthiError) as info:
        services.add_documents(sec, r.number, [Upload("x.pdf", b"nope")], now=NOW)
    assert codes(info) == {"FILE_TYPE"}
    with pytest.raises(SitthiError) as info:
        services.add_documents(sec, "S41-2567-09999", [Upload("x.png", png_bytes)], now=NOW)
    assert codes(info) == {"NOT_FOUND"}
    assert r.documents.count() == 2


def test_the_same_harm_twice_is_refused(sec, registered):
    """The same programme, person, day of the harm and place: a duplicate of the first request."""
    cid = make_cid()
    first = registered(harmed_cid=cid)
    before = counts()
    with pytest.raises(SitthiError) as info:
        registered(harmed_cid=cid, received_on="2024-03-01")
    assert fields(info) == {("harmed_cid", "ASSIST_DUPLICATE")}
    assert first.number in info.value.items[0].as_dict()["message_en"]
    assert first.number in info.value.items[0].as_dict()["message_th"]
    assert counts() == before  # no number was used up either
    # another place, another day or another programme is another harm
    assert registered(harmed_cid=cid, hospital="13001").number == "S41-2567-00002"
    assert registered(harmed_cid=cid, harm_on="2024-01-11").number == "S41-2567-00003"
    assert registered("vaccine", harmed_cid=cid).number == "VAC-2567-00001"


# == permissions ===============================================================================

WRITES = {
    "register": lambda a, n: services.register(a, request_in(), [], now=NOW),
    "add_documents": lambda a, n: services.add_documents(
        a, n, [Upload("x.pdf", make_pdf())], now=NOW
    ),
    "schedule": lambda a, n: services.schedule(a, n, "2024-03-01", now=NOW),
    "decide": lambda a, n: services.decide(
        a, n, DecisionIn("approved", "2024-03-05", "injury", "1000"), now=NOW
    ),
    "pay": lambda a, n: services.pay(a, n, "2024-03-20", "TR", now=NOW),
    "appeal": lambda a, n: services.appeal(a, n, "2024-04-01", "เหตุผล", now=NOW),
}


@pytest.mark.parametrize("call", list(WRITES))
@pytest.mark.parametrize(
    ("role", "code"),
    [
        ("hospital", "ROLE_FORBIDDEN"),
        ("other_hospital", "ROLE_FORBIDDEN"),
        ("nhso", "ROLE_FORBIDDEN"),
        ("fund", "ROLE_FORBIDDEN"),
        ("ems", "ROLE_FORBIDDEN"),
        ("admin", "ROLE_FORBIDDEN"),
        (None, "AUTH_REQUIRED"),
    ],
)
def test_only_the_secretary_writes(call, role, code, users, registered):
    """DOMAIN.md §5: the committee's secretary records the steps; no one else may."""
    r = registered()
    before = counts()
    actor = Actor.of(users[role]) if role else Actor.of(None)
    with pytest.raises(SitthiError) as info:
        WRITES[call](actor, r.number)
    assert codes(info) == {code}
    assert counts() == before
    r.refresh_from_db()
    assert r.stage == "received"


def test_reading_the_queue_and_the_report(users, sec, registered):
    """NHSO officers read the queue and the yearly report; hospitals and the public do not."""
    r = registered()
    registered("vaccine")
    nhso = Actor.of(users["nhso"])
    rows, count = services.queue(nhso, today=date(2024, 6, 1))
    assert [x.number for x in rows] == [r.number, "VAC-2567-00001"]
    assert rows[0].age_days == (date(2024, 6, 1) - date(2024, 2, 1)).days == 121
    assert count == {"received": 2}
    rows, _ = services.queue(nhso, today=date(2024, 6, 1), programme="vaccine")
    assert [x.number for x in rows] == ["VAC-2567-00001"]
    rows, _ = services.queue(sec, today=date(2024, 6, 1), stage="paid")
    assert rows == []
    assert services.yearly_report(nhso, 2567)["totals"]["requests"] == 2
    assert services.get_request(nhso, r.number.lower()).pk == r.pk
    for who, code in ((users["hospital"], "ROLE_FORBIDDEN"), (None, "AUTH_REQUIRED")):
        actor = Actor.of(who)
        for read in (
            lambda a: services.queue(a, today=date(2024, 6, 1)),
            lambda a: services.yearly_report(a, 2567),
            lambda a: services.get_request(a, r.number),
        ):
            with pytest.raises(SitthiError) as info:
                read(actor)
            assert codes(info) == {code}


def test_documents_are_for_the_secretary_only(users, sec, registered, pdf_bytes):
    """Documents hold health details: the NHSO officer reads the request, not its documents."""
    r = registered()
    other = registered()
    doc = r.documents.get()
    assert bytes(services.get_document(sec, r.number, doc.pk).data) == pdf_bytes
    with pytest.raises(SitthiError) as info:
        services.get_document(Actor.of(users["nhso"]), r.number, doc.pk)
    assert codes(info) == {"ROLE_FORBIDDEN"}
    with pytest.raises(SitthiError) as info:
        services.get_document(Actor.of(None), r.number, doc.pk)
    assert codes(info) == {"AUTH_REQUIRED"}
    # a document is found only under its own request
    with pytest.raises(SitthiError) as info:
        services.get_document(sec, other.number, doc.pk)
    assert codes(info) == {"NOT_FOUND"}


# == decide ====================================================================================


def test_over_the_ceiling_is_refused_with_the_ceiling_shown(sec, registered):
    """FACTS.md Section 41 (seed line 5): injury up to 100,000 baht; 100,000.01 is over."""
    r = registered()
    schedule(sec, r.number)
    with pytest.raises(SitthiError) as info:
        decide(sec, r.number, category="injury", amount="100000.01")
    assert fields(info) == {("amount", "ASSIST_OVER_CEILING")}
    message = info.value.items[0].as_dict()
    assert "100,000.00" in message["message_en"] and "100,000.01" in message["message_en"]
    assert "100,000.00" in message["message_th"]
    r.refresh_from_db()
    assert r.stage == "scheduled"
    assert r.reviews.get().outcome == ""


def test_at_the_ceiling_is_accepted_and_the_ceiling_is_kept(sec, secretary, registered):
    """FACTS.md Section 41: the ceilings are a labelled default [?] — the review keeps the ceiling
    it was checked against, that it was unconfirmed, its source and the parameters' version."""
    r = registered()
    schedule(sec, r.number)
    decide(sec, r.number, category="injury", amount="100,000")
    review = Review.objects.get(request=r, level=1)
    assert review.outcome == "approved" and review.category == "injury"
    assert review.amount == Decimal("100000.00")
    assert (review.ceiling_low, review.ceiling_high) == (None, Decimal("100000.00"))
    assert review.ceiling_confirmed is False
    assert "002_80e7afba8787ed6d.txt, line 5" in review.ceiling_source
    assert review.params_version == default_parameters().version
    from sitthi.core.models import ParameterArchive

    assert ParameterArchive.objects.filter(version=review.params_version).exists()
    assert (review.decided_on, review.decided_by) == (date(2024, 3, 5), secretary)
    r.refresh_from_db()
    assert r.stage == "approved"


def test_vaccine_ceilings_are_confirmed(sec, registered):
    """FACTS.md COVID-19 vaccine injury [V] (seed line 7): death or permanent disability up to
    400,000 baht."""
    r = registered(
        "vaccine", harm_on="2021-07-01", learned_on="2021-07-01", received_on="2023-01-05"
    )
    approve(sec, r.number, "400000", "death_disability")
    review = r.reviews.get(level=1)
    assert (review.ceiling_high, review.ceiling_confirmed) == (Decimal("400000.00"), True)
    assert "line 7" in review.ceiling_source


def test_the_ceiling_is_that_of_the_day_of_the_harm(sec, registered):
    """FACTS.md: vaccine ceilings from 5 April 2021 — harm on 4 April 2021 has none, even when
    the committee decides years later."""
    r = registered(
        "vaccine", harm_on="2021-04-04", learned_on="2021-04-04", received_on="2023-01-05"
    )
    schedule(sec, r.number)
    with pytest.raises(SitthiError) as info:
        decide(sec, r.number, amount="1000")
    assert fields(info) == {("category", "ASSIST_NO_CEILING")}
    assert "2021-04-04" in info.value.items[0].as_dict()["message_en"]


def test_provider_ranges(sec, registered):
    """FACTS.md providers harmed [V] (seed line 6): death or permanent disability 240,000–400,000:
    239,999.99 is under the least amount, 240,000 is accepted."""
    r = registered("provider", harm_on="2023-01-10", learned_on="2023-01-10")
    schedule(sec, r.number)
    with pytest.raises(SitthiError) as info:
        decide(sec, r.number, category="death_disability", amount="239999.99")
    assert codes(info) == {"ASSIST_UNDER_FLOOR"}
    assert "240,000.00" in info.value.items[0].as_dict()["message_en"]
    assert "400,000.00" in info.value.items[0].as_dict()["message_en"]
    with pytest.raises(SitthiError) as info:
        decide(sec, r.number, category="organ_loss", amount="240000.01")
    assert codes(info) == {"ASSIST_OVER_CEILING"}
    decide(sec, r.number, category="death_disability", amount="240000")
    review = r.reviews.get()
    assert (review.ceiling_low, review.ceiling_high, review.ceiling_confirmed) == (
        Decimal("240000.00"),
        Decimal("400000.00"),
        True,
    )


def test_provider_harmed_before_the_ceilings_can_only_be_rejected(sec, registered):
    """FACTS.md providers (seed line 6): the ranges are in force from the seed's briefing of
    26 May 2022; harm the day before has no ceiling — no award, but a rejection is recorded."""
    r = registered(
        "provider", harm_on="2022-05-25", learned_on="2022-05-25", received_on="2022-06-01"
    )
    schedule(sec, r.number, "2022-07-01")
    with pytest.raises(SitthiError) as info:
        decide(sec, r.number, category="injury", amount="1000", decided_on="2022-07-01")
    assert codes(info) == {"ASSIST_NO_CEILING"}
    review = decide(
        sec, r.number, "rejected", decided_on="2022-07-01", reasons="ไม่มีเพดานในวันที่เกิดเหตุ"
    )
    assert (review.outcome, review.amount, review.category) == ("rejected", None, "")
    r.refresh_from_db()
    assert r.stage == "rejected"


@pytest.mark.parametrize(
    ("amount", "code"),
    [
        ("100.001", "ASSIST_AMOUNT_SATANG"),
        ("0", "AMOUNT_NOT_POSITIVE"),
        ("-5", "AMOUNT_NOT_POSITIVE"),
        ("abc", "NUMBER_INVALID"),
        ("NaN", "NUMBER_INVALID"),
        ("", "VALUE_REQUIRED"),
    ],
)
def test_bad_amounts(sec, registered, amount, code):
    r = registered()
    schedule(sec, r.number)
    with pytest.raises(SitthiError) as info:
        decide(sec, r.number, amount=amount)
    assert codes(info) == {code}
    assert Review.objects.get(request=r).outcome == ""


def test_bad_outcome_and_category(sec, registered):
    r = registered()
    schedule(sec, r.number)
    with pytest.raises(SitthiError) as info:
        decide(sec, r.number, "maybe")
    assert codes(info) == {"ASSIST_OUTCOME"}
    with pytest.raises(SitthiError) as info:
        decide(sec, r.number, category="minor")
    assert codes(info) == {"ASSIST_CATEGORY"}


def test_a_rejection_needs_reasons(sec, registered):
    r = registered()
    schedule(sec, r.number)
    with pytest.raises(SitthiError) as info:
        decide(sec, r.number, "rejected", reasons="   ")
    assert fields(info) == {("reasons", "REASON_REQUIRED")}
    r.refresh_from_db()
    assert r.stage == "scheduled"
    assert Review.objects.get(request=r).outcome == ""
    decide(sec, r.number, "rejected", reasons="ไม่ใช่ความเสียหายจากการรักษา")
    r.refresh_from_db()
    assert r.stage == "rejected"


def test_no_decision_before_a_meeting_is_set(sec, registered):
    r = registered()
    with pytest.raises(SitthiError) as info:
        decide(sec, r.number)
    assert fields(info) == {("stage", "ASSIST_STAGE")}
    r.refresh_from_db()
    assert r.stage == "received"


def test_decision_dates(sec, registered):
    """The decision is not before the meeting nor in the future; the meeting is not before
    the request was received."""
    r = registered()
    with pytest.raises(SitthiError) as info:
        schedule(sec, r.number, "2024-01-31")  # received 1 Feb 2024
    assert fields(info) == {("meeting_on", "ASSIST_DATE_BEFORE")}
    schedule(sec, r.number, "2024-03-01")
    schedule(sec, r.number, "2024-03-08")  # the meeting moved
    assert r.reviews.get().meeting_on == date(2024, 3, 8)
    with pytest.raises(SitthiError) as info:
        decide(sec, r.number, decided_on="2024-03-07")
    assert fields(info) == {("decided_on", "ASSIST_DATE_BEFORE")}
    with pytest.raises(SitthiError) as info:
        decide(sec, r.number, decided_on="2024-06-02")
    assert fields(info) == {("decided_on", "DATE_IN_FUTURE")}
    decide(sec, r.number, decided_on="2024-03-08")
    assert r.reviews.get().decided_on == date(2024, 3, 8)


def test_unknown_request(sec, hospitals):
    with pytest.raises(SitthiError) as info:
        schedule(sec, "S41-2567-00001")
    assert codes(info) == {"NOT_FOUND"}


# == pay and appeal ============================================================================


def test_pay_the_whole_award_once(sec, secretary, registered):
    """DOMAIN.md §5 "the payment is recorded": the whole award, once."""
    r = registered()
    approve(sec, r.number, "80000")
    payment = pay(sec, r.number, reference=" TR-0001 ")
    assert (payment.amount, payment.paid_on, payment.reference) == (
        Decimal("80000.00"),
        date(2024, 3, 20),
        "TR-0001",
    )
    assert payment.review.level == 1 and payment.recorded_by == secretary
    r.refresh_from_db()
    assert r.stage == "paid"
    assert services.paid(r) == Decimal("80000.00") and services.outstanding(r) == 0
    with pytest.raises(SitthiError) as info:
        pay(sec, r.number, "2024-03-21")
    assert codes(info) == {"ASSIST_STAGE"}
    assert "paid" in info.value.items[0].as_dict()["message_en"]
    assert Payment.objects.count() == 1


def test_payment_dates(sec, registered):
    r = registered()
    approve(sec, r.number)  # decided 5 Mar 2024
    with pytest.raises(SitthiError) as info:
        pay(sec, r.number, "2024-03-04")
    assert fields(info) == {("paid_on", "ASSIST_DATE_BEFORE")}
    with pytest.raises(SitthiError) as info:
        pay(sec, r.number, "2024-06-02")
    assert fields(info) == {("paid_on", "DATE_IN_FUTURE")}
    assert Payment.objects.count() == 0
    r.refresh_from_db()
    assert r.stage == "approved"


def test_nothing_is_paid_before_an_approval(sec, registered):
    r = registered()
    with pytest.raises(SitthiError) as info:
        pay(sec, r.number)
    assert codes(info) == {"ASSIST_STAGE"}
    schedule(sec, r.number)
    decide(sec, r.number, "rejected", reasons="ไม่เข้าเกณฑ์")
    with pytest.raises(SitthiError) as info:
        pay(sec, r.number)
    assert codes(info) == {"ASSIST_STAGE"}
    assert Payment.objects.count() == 0


def test_an_appeal_raising_the_award_pays_the_difference(sec, registered):
    """Paid 80,000; the appeal awards 100,000: the second payment is exactly 20,000."""
    r = registered()
    approve(sec, r.number, "80000")
    pay(sec, r.number)
    second = appeal(sec, r.number)
    assert (second.level, second.received_on) == (2, date(2024, 4, 1))
    r.refresh_from_db()
    assert r.stage == "appealed"
    review = appeal_decide(sec, r.number, amount="100000")
    assert review.level == 2 and review.ceiling_high == Decimal("100000")
    r.refresh_from_db()
    assert r.stage == "appeal_approved"
    assert services.award(r) == Decimal("100000.00")
    payment = pay(sec, r.number, "2024-05-01")
    assert payment.amount == Decimal("20000.00") and payment.review.level == 2
    r.refresh_from_db()
    assert r.stage == "paid"
    assert [p.amount for p in r.payments.order_by("paid_on")] == [
        Decimal("80000.00"),
        Decimal("20000.00"),
    ]
    assert services.paid(r) == services.award(r) == Decimal("100000.00")


def test_an_appeal_cannot_award_less_than_was_paid(sec, registered):
    r = registered()
    approve(sec, r.number, "80000")
    pay(sec, r.number)
    appeal(sec, r.number)
    with pytest.raises(SitthiError) as info:
        appeal_decide(sec, r.number, amount="50000")
    assert fields(info) == {("amount", "ASSIST_BELOW_PAID")}
    assert "80,000.00" in info.value.items[0].as_dict()["message_en"]
    r.refresh_from_db()
    assert r.stage == "appeal_scheduled"
    assert r.reviews.get(level=2).outcome == ""


@pytest.mark.parametrize(
    ("outcome", "kw"),
    [("approved", {"amount": "80000"}), ("rejected", {"reasons": "ไม่มีหลักฐานเพิ่มเติม"})],
)
def test_an_appeal_that_leaves_the_paid_award_closes_as_paid(sec, registered, outcome, kw):
    """Paid 80,000; the appeal awards the same (or is rejected): nothing is left to pay, so
    the request is at "paid" — not waiting for a payment that will never come."""
    r = registered()
    approve(sec, r.number, "80000")
    pay(sec, r.number)
    appeal(sec, r.number)
    appeal_decide(sec, r.number, outcome, **kw)
    r.refresh_from_db()
    assert r.stage == "paid"
    assert services.outstanding(r) == Decimal("0.00")
    with pytest.raises(SitthiError) as info:
        pay(sec, r.number, "2024-05-01")
    assert codes(info) == {"ASSIST_STAGE"}


def test_a_rejected_appeal_leaves_the_unpaid_first_award_to_pay(sec, registered):
    r = registered()
    approve(sec, r.number, "80000")
    appeal(sec, r.number)
    appeal_decide(sec, r.number, "rejected", reasons="ไม่มีหลักฐานเพิ่มเติม")
    r.refresh_from_db()
    assert r.stage == "appeal_rejected"
    assert services.award(r) == Decimal("80000.00")
    payment = pay(sec, r.number, "2024-04-20")
    assert payment.amount == Decimal("80000.00") and payment.review.level == 1
    r.refresh_from_db()
    assert r.stage == "paid"


def test_an_appeal_against_a_rejection_can_award(sec, registered):
    r = registered()
    schedule(sec, r.number)
    decide(sec, r.number, "rejected", reasons="ไม่เข้าเกณฑ์")
    appeal(sec, r.number)
    appeal_decide(sec, r.number, amount="50000", category="injury")
    assert pay(sec, r.number, "2024-04-20").amount == Decimal("50000.00")


def test_one_appeal_only(sec, registered):
    r = registered()
    approve(sec, r.number, "80000")
    appeal(sec, r.number)
    appeal_decide(sec, r.number, amount="90000")
    pay(sec, r.number, "2024-04-20")
    with pytest.raises(SitthiError) as info:
        appeal(sec, r.number, "2024-05-01")
    assert codes(info) == {"ASSIST_APPEAL_TWICE"}
    assert r.reviews.count() == 2
    r.refresh_from_db()
    assert r.stage == "paid"


def test_appeal_checks(sec, registered):
    r = registered()
    with pytest.raises(SitthiError) as info:
        appeal(sec, r.number)  # nothing decided yet
    assert codes(info) == {"ASSIST_STAGE"}
    approve(sec, r.number)  # decided 5 Mar 2024
    with pytest.raises(SitthiError) as info:
        appeal(sec, r.number, "2024-03-04")
    assert fields(info) == {("appeal_received_on", "ASSIST_DATE_BEFORE")}
    with pytest.raises(SitthiError) as info:
        appeal(sec, r.number, reason=" ")
    assert fields(info) == {("appeal_reason", "VALUE_REQUIRED")}
    assert r.reviews.count() == 1


# == the public status page ====================================================================

STATUS_KEYS = {
    "number",
    "programme",
    "stage",
    "received_on",
    "meeting_on",
    "decided_on",
    "appeal_received_on",
    "appeal_meeting_on",
    "appeal_decided_on",
    "paid_on",
}


def test_status_by_number_and_the_harmed_persons_id(sec, registered):
    """DOMAIN.md §5: "the requester can see the status" — stage and dates, nothing more."""
    r = registered()
    status = services.public_status(r.number, r.harmed_cid, client="203.0.113.1")
    assert set(status) == STATUS_KEYS
    assert status == {
        "number": r.number,
        "programme": "section41",
        "stage": "received",
        "received_on": date(2024, 2, 1),
        "meeting_on": None,
        "decided_on": None,
        "appeal_received_on": None,
        "appeal_meeting_on": None,
        "appeal_decided_on": None,
        "paid_on": None,
    }
    approve(sec, r.number, "80000")
    pay(sec, r.number)
    # the number in lower case and the printed form of the ID are accepted
    c = r.harmed_cid
    printed = f"{c[0]}-{c[1:5]}-{c[5:10]}-{c[10:12]}-{c[12]}"
    status = services.public_status(f" {r.number.lower()} ", printed, client="203.0.113.1")
    assert set(status) == STATUS_KEYS
    assert (status["stage"], status["meeting_on"], status["decided_on"], status["paid_on"]) == (
        "paid",
        date(2024, 3, 1),
        date(2024, 3, 5),
        date(2024, 3, 20),
    )
    # no names, amounts, hospital or citizen IDs
    text = repr(status)
    for secret in (r.harmed_cid, r.harmed_name, "10670", "80000", r.requester_contact):
        assert secret not in text
    assert not any(isinstance(v, Decimal) for v in status.values())


def test_status_by_the_heirs_id(registered):
    heir = make_cid()
    r = registered(relation="heir", requester_cid=heir, requester_name="นายทายาท ทดสอบ")
    assert services.public_status(r.number, heir, client="c")["number"] == r.number
    assert services.public_status(r.number, r.harmed_cid, client="c")["stage"] == "received"


def test_every_mismatch_gives_the_same_answer(registered):
    """Nothing tells whether a number exists: every miss is one and the same answer."""
    r1, r2 = registered(), registered()
    answers = []
    for number, cid in [
        (r1.number, make_cid()),  # a wrong (valid) citizen ID
        ("S41-2567-09999", r1.harmed_cid),  # an unknown number
        (r1.number, r2.harmed_cid),  # another request's citizen ID
        (r1.number, "123"),  # not a citizen ID
        ("", ""),
    ]:
        with pytest.raises(SitthiError) as info:
            services.public_status(number, cid, client="198.51.100.7")
        assert codes(info) == {"ASSIST_STATUS_NO_MATCH"}
        answers.append((info.value.as_dict(), info.value.status))
    assert all(a == answers[0] for a in answers)
    assert answers[0][1] == 404


def test_too_many_misses_from_one_client(registered):
    """After ten misses a client must wait, even with the right number and ID; others may go on."""
    r = registered()
    wrong = make_cid()
    for _ in range(9):
        with pytest.raises(SitthiError):
            services.public_status(r.number, wrong, client="attacker")
    # nine misses: a right answer still comes
    assert services.public_status(r.number, r.harmed_cid, client="attacker")["number"] == r.number
    with pytest.raises(SitthiError) as info:  # the tenth miss
        services.public_status(r.number, wrong, client="attacker")
    assert codes(info) == {"ASSIST_STATUS_NO_MATCH"}
    with pytest.raises(SitthiError) as info:  # the eleventh call, correct, must wait
        services.public_status(r.number, r.harmed_cid, client="attacker")
    assert codes(info) == {"ASSIST_TOO_MANY_TRIES"}
    assert info.value.status == 429
    assert services.public_status(r.number, r.harmed_cid, client="neighbour")["number"] == r.number


# == the yearly report =========================================================================


def test_fiscal_years():
    """The Thai fiscal year runs 1 October – 30 September; BE 2567 = 1 Oct 2023 – 30 Sep 2024."""
    assert services.fiscal_year_of(date(2023, 10, 1)) == 2567
    assert services.fiscal_year_of(date(2023, 9, 30)) == 2566
    assert services.fiscal_year_of(date(2024, 9, 30)) == 2567
    assert services.fiscal_year_bounds(2567) == (date(2023, 10, 1), date(2024, 9, 30))


def test_yearly_report(users, sec, registered):
    """Requests received in the fiscal year by programme, category and province, with what was
    awarded and paid; a request received on 30 Sep 2023 belongs to BE 2566."""

    def reg(programme="section41", **kw):
        return registered(programme, now=LATER, **kw)

    def award(number, amount, category, meeting, decided):
        schedule(sec, number, meeting, now=LATER)
        decide(sec, number, category=category, amount=amount, decided_on=decided, now=LATER)

    kk = dict(hospital="10670")
    a = reg(harm_on="2023-09-01", learned_on="2023-09-01", received_on="2023-10-01", **kk)
    award(a.number, "400000", "death_disability", "2023-11-01", "2023-11-02")
    pay(sec, a.number, "2023-11-10", now=LATER)
    b = reg(harm_on="2024-08-01", learned_on="2024-08-01", received_on="2024-09-30", **kk)
    award(b.number, "50000", "injury", "2024-10-05", "2024-10-06")
    c = reg(
        "vaccine",
        harm_on="2023-11-01",
        learned_on="2023-11-01",
        received_on="2024-01-05",
        hospital="90001",
    )
    schedule(sec, c.number, "2024-02-01", now=LATER)
    decide(sec, c.number, "rejected", decided_on="2024-02-01", reasons="ไม่เกี่ยวกับวัคซีน", now=LATER)
    reg(harm_on="2024-01-20", learned_on="2024-01-20", received_on="2024-02-01", hospital="13001")
    f = reg(harm_on="2024-02-01", learned_on="2024-02-01", received_on="2024-03-01", **kk)
    award(f.number, "20000", "injury", "2024-03-10", "2024-03-11")
    pay(sec, f.number, "2024-03-20", now=LATER)
    appeal(sec, f.number, "2024-04-01", now=LATER)
    schedule(sec, f.number, "2024-04-10", now=LATER)
    decide(sec, f.number, category="organ_loss", amount="60000", decided_on="2024-04-15", now=LATER)
    pay(sec, f.number, "2024-05-01", now=LATER)
    g = reg(harm_on="2022-10-01", learned_on="2022-10-01", received_on="2024-01-10", **kk)
    assert g.late
    e = reg(
        harm_on="2023-09-01", learned_on="2023-09-01", received_on="2023-09-30", hospital="13001"
    )
    award(e.number, "30000", "injury", "2023-10-05", "2023-10-06")
    pay(sec, e.number, "2023-10-10", now=LATER)

    report = services.yearly_report(Actor.of(users["nhso"]), 2567)
    assert (report["fy"], report["start"], report["end"]) == (
        2567,
        date(2023, 10, 1),
        date(2024, 9, 30),
    )
    D = Decimal
    got = {
        (x["programme"], x["category"], x["province"]): (
            x["requests"],
            x["approved"],
            x["rejected"],
            x["open"],
            x["late"],
            x["awarded"],
            x["paid"],
        )
        for x in report["rows"]
    }
    assert got == {
        ("section41", "", "10"): (1, 0, 0, 1, 0, D("0"), D("0")),
        ("section41", "", "40"): (1, 0, 0, 1, 1, D("0"), D("0")),
        ("section41", "death_disability", "40"): (1, 1, 0, 0, 0, D("400000"), D("400000")),
        ("section41", "injury", "40"): (1, 1, 0, 0, 0, D("50000"), D("0")),
        ("section41", "organ_loss", "40"): (1, 1, 0, 0, 0, D("60000"), D("60000")),
        ("vaccine", "", "10"): (1, 0, 1, 0, 0, D("0"), D("0")),
    }
    assert len(report["rows"]) == len(got)
    totals = report["totals"]
    for key in ("requests", "approved", "rejected", "open", "late", "awarded", "paid"):
        assert totals[key] == sum(x[key] for x in report["rows"]), key
    assert totals["requests"] == 6 and totals["late"] == 1
    # the totals are the amounts the committee finally decided, and what was paid
    in_year = Request.objects.filter(received_on__range=(date(2023, 10, 1), date(2024, 9, 30)))
    assert totals["awarded"] == sum(services.award(x) or 0 for x in in_year) == D("510000")
    assert (
        totals["paid"]
        == sum(Payment.objects.filter(request__in=in_year).values_list("amount", flat=True))
        == D("460000")
    )
    khon_kaen = next(x for x in report["rows"] if x["province"] == "40")
    assert "ขอนแก่น" in khon_kaen["province_name"]

    previous = services.yearly_report(sec, 2566)
    assert [
        (x["programme"], x["category"], x["province"], x["awarded"], x["paid"])
        for x in previous["rows"]
    ] == [("section41", "injury", "10", D("30000"), D("30000"))]
    assert services.yearly_report(sec, 2568)["rows"] == []


# == audit =====================================================================================


def test_every_step_is_audited_without_the_full_citizen_id(sec, secretary, registered):
    """Each write is audited with the secretary as actor; DOMAIN.md "Identifiers": never log a
    full citizen ID."""
    heir = make_cid()
    r = registered(relation="heir", requester_cid=heir, requester_name="นายทายาท ทดสอบ")
    approve(sec, r.number, "80000")
    payment = pay(sec, r.number)
    review = r.reviews.get(level=1)

    for obj in (r, review, payment, r.documents.get()):
        entries = LogEntry.objects.get_for_object(obj)
        assert entries.exists(), obj
        assert all(e.actor == secretary for e in entries), obj
    assert LogEntry.objects.get_for_object(review).count() >= 3  # created, scheduled, decided
    created = LogEntry.objects.get_for_object(r).order_by("timestamp", "pk").first()
    assert created.action == LogEntry.Action.CREATE
    assert "harmed_cid" in created.changes_dict  # recorded, masked
    assert created.changes_dict["harmed_cid"][1] != r.harmed_cid

    for entry in LogEntry.objects.all():
        text = " ".join(
            [
                entry.changes_text or "",
                json.dumps(entry.changes, ensure_ascii=False, default=str),
                json.dumps(entry.serialized_data, ensure_ascii=False, default=str),
                entry.object_repr,
            ]
        )
        assert r.harmed_cid not in text, entry
        assert heir not in text, entry
