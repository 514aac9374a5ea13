"""The notices, the statement of payment (STM) and the deadline board as officers search them
(issue 16: "Every list … is paginated, searchable and filterable by the fields people look
for … and exports what it shows"); the machinery is ``sitthi.web.listing``."""

from __future__ import annotations

import csv
import io
import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from sitthi.claims import queue, services
from sitthi.claims.models import Claim
from sitthi.core.actor import Actor
from sitthi.core.models import User
from sitthi.rules.kernel.thaitime import bangkok_date
from tests.conftest import make_cid

from .conftest import bkk, payload

pytestmark = pytest.mark.django_db

LINE = Decimal("280.50")  # what each test claim is paid (LAB-1: 2 × 100.00 + 80.50)


def _bulk(client, user, bodies):
    client.force_login(user)
    r = client.post("/api/v1/claims/bulk", {"claims": bodies}, content_type="application/json")
    assert r.status_code == 200, r.content
    assert {x["claim"]["state"] for x in r.json()["results"]} == {"accepted"}, r.content


@pytest.fixture
def world(client, users, person, hospitals, tariff):
    """Khon Kaen (10670): KK-01…KK-55 (UCS, Jan–Feb 2024), KK-S and KK-T (SSS, June 2023); the
    BMA hospital (13001): BK-01…BK-03. Notices: KK-01…KK-27 one each (KK-01…13 sent 2 Apr
    2567, KK-14…27 sent 5 Apr 2567), KK-S (SSS), BK-01, KK-28 (sent 10 days ago: due within
    the week), KK-29 with BK-03 (sent today). Paid: KK-01…13 by transfer KTB-A on 10 Apr
    2567, KK-14…26 and BK-01 by KTB-B on 20 Apr 2567, KK-S by SSS-9 on 15 Apr 2567. Ready for
    a notice: KK-30…KK-55, KK-T, BK-02."""
    start = bkk(2024, 1, 1, 9)
    kk = [payload(person, key=f"KK-{i:02d}", when=start + timedelta(days=i)) for i in range(1, 56)]
    kk += [
        payload(person, key="KK-S", when=bkk(2023, 6, 29, 9)),
        payload(person, key="KK-T", when=bkk(2023, 6, 28, 9)),
    ]
    _bulk(client, users["hospital"], kk)
    bma = User.objects.create_user("bk_officer", password="x", role="hospital", hospital_id="13001")
    bk = [
        payload(person, key=f"BK-0{i}", hospital="13001", when=start + timedelta(i))
        for i in (1, 2, 3)
    ]
    _bulk(client, bma, bk)
    client.logout()
    nhso = Actor.of(users["nhso"])
    c = {x.claim_key: x for x in Claim.objects.all()}
    for claim in c.values():
        services.mark_documents_complete(nhso, claim.pk, now=bkk(2024, 4, 1, 9))
    n = {}
    for i in range(1, 28):
        sent = bkk(2024, 4, 2, 10) if i <= 13 else bkk(2024, 4, 5, 10)
        n[f"KK-{i:02d}"] = services.create_notice(nhso, "UCS", [c[f"KK-{i:02d}"].pk], now=sent)
    n["KK-S"] = services.create_notice(nhso, "SSS", [c["KK-S"].pk], now=bkk(2024, 4, 2, 11))
    n["BK-01"] = services.create_notice(nhso, "UCS", [c["BK-01"].pk], now=bkk(2024, 4, 5, 11))
    now = timezone.now()
    n["KK-28"] = services.create_notice(nhso, "UCS", [c["KK-28"].pk], now=now - timedelta(10))
    n["KK-29"] = services.create_notice(nhso, "UCS", [c["KK-29"].pk, c["BK-03"].pk], now=now)
    uc = Actor.of(
        User.objects.create_user("uc_officer", password="pw-uc_officer", role="fund", fund_id="UCS")
    )
    a = [n[f"KK-{i:02d}"].pk for i in range(1, 14)]
    b = [n[f"KK-{i:02d}"].pk for i in range(14, 27)] + [n["BK-01"].pk]
    services.record_transfer(
        uc, a, 13 * LINE, bkk(2024, 4, 10).date(), "KTB-A", now=bkk(2024, 4, 10, 15)
    )
    services.record_transfer(
        uc, b, 14 * LINE, bkk(2024, 4, 20).date(), "KTB-B", now=bkk(2024, 4, 20, 15)
    )
    services.record_payment(
        Actor.of(users["fund"]),
        n["KK-S"].pk,
        LINE,
        bkk(2024, 4, 15).date(),
        "SSS-9",
        now=bkk(2024, 4, 15, 15),
    )
    return {"claims": c, "notices": n, "uc": uc.user}


def numbers(response) -> list[str]:
    return re.findall(r">(N\d{6})</a>", response.content.decode())


def keys(response) -> list[str]:
    return re.findall(r"<td>((?:KK|BK)-[0-9ST]+)</td>", response.content.decode())


def csv_rows(response) -> list[list[str]]:
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))[1:]


def number_of(world, key: str) -> str:
    return world["notices"][key].number


# -- the notices ------------------------------------------------------------------------------


def test_notices_page_filter_by_status_due_fund_and_be_dates(client, users, world):
    client.force_login(users["nhso"])
    first = client.get("/notices/")
    assert first.status_code == 200 and len(numbers(first)) == 25
    assert len(numbers(client.get("/notices/", {"page": 2}))) == 31 - 25
    # NHSO's part: the claims ready for a notice, by fund, still above the list.
    assert {"KK-30", "KK-55", "KK-T", "BK-02"} <= set(keys(first))

    def listed(**query) -> set[str]:
        r = client.get("/notices/", {**query, "per": 100})
        assert r.status_code == 200, r.content
        return set(numbers(r))

    n = {k: v.number for k, v in world["notices"].items()}
    assert listed(status="sent") == {n["KK-27"], n["KK-28"], n["KK-29"]}
    assert len(listed(status="paid")) == 28
    assert listed(due="week") == {n["KK-28"]}  # due in 5 days, not late
    assert listed(due="overdue") == {n["KK-27"]}  # due 20 Apr 2567, unpaid
    assert listed(due="overdue", status="paid") == set()
    assert listed(fund="SSS") == {n["KK-S"]}
    # Sent 5 Apr 2567 (= 5 Apr 2024): KK-14…27 and BK-01, whichever era is typed.
    be = listed(sent_from="05/04/2567", sent_to="05/04/2567")
    assert be == listed(sent_from="2024-04-05", sent_to="2024-04-05")
    assert be == {n[f"KK-{i:02d}"] for i in range(14, 28)} | {n["BK-01"]}
    # Due 17 Apr 2567 (sent 2 Apr + 15 days): KK-01…13 and KK-S.
    due = {x.payment_due for x in world["notices"].values() if x.created_at.day == 2}
    assert len(due) == 1
    (day,) = due
    typed = f"{day.day:02d}/{day.month:02d}/{day.year + 543}"
    assert listed(due_from=typed, due_to=typed) == {n[f"KK-{i:02d}"] for i in range(1, 14)} | {
        n["KK-S"]
    }


def test_notices_search_by_number_or_payment_reference_and_refuse_bad_filters(client, users, world):
    client.force_login(users["nhso"])
    n3 = number_of(world, "KK-03")
    assert numbers(client.get("/notices/", {"q": n3})) == [n3]
    assert numbers(client.get("/notices/", {"q": n3.lower()})) == [n3]
    assert len(numbers(client.get("/notices/", {"q": "KTB-B", "per": 100}))) == 14
    assert len(numbers(client.get("/notices/", {"q": "ktb", "per": 100}))) == 27
    assert numbers(client.get("/notices/", {"q": "sss-9"})) == [number_of(world, "KK-S")]
    r = client.get("/notices/", {"sent_from": "10/04/2567", "sent_to": "01/04/2567"})
    assert r.status_code == 400 and "DATE_ORDER" in r.content.decode() and numbers(r) == []
    r = client.get("/notices/", {"status": "lost", "due_from": "31/02/2567"})
    body = r.content.decode()
    assert r.status_code == 400 and "LIST_FILTER_INVALID" in body and "DATE_INVALID" in body
    assert numbers(r) == []
    r = client.get("/notices/", {"due": "someday", "format": "csv"})
    assert r.status_code == 400 and r["Content-Type"].startswith("text/html")


def test_notices_export_every_filtered_row_and_a_fund_sees_only_its_own(client, users, world):
    client.force_login(users["nhso"])
    rows = csv_rows(client.get("/notices/", {"status": "paid", "q": "KTB", "format": "csv"}))
    assert len(rows) == 27 and {r[8] for r in rows} == {"KTB-A", "KTB-B"}
    assert {r[1] for r in rows} == {"UCS"}
    page = client.get("/notices/", {"status": "paid", "q": "KTB"}).content.decode()
    assert 'href="?q=KTB&amp;status=paid&amp;format=xlsx"' in page
    r = client.get("/notices/", {"fund": "SSS", "format": "xlsx"})
    values = list(load_workbook(io.BytesIO(r.content)).active.values)
    assert values[0][0].startswith("หนังสือแจ้งกองทุนเจ้าของสิทธิ / Notices to owner funds")
    assert [v[0] for v in values[2:]] == [number_of(world, "KK-S")]
    assert values[2][7] == 280.5  # the paid amount, a number
    # The SSS officer: its own notice only; the fund filter is not offered, so ignored.
    client.force_login(users["fund"])
    r = client.get("/notices/", {"fund": "UCS", "per": 100})
    assert numbers(r) == [number_of(world, "KK-S")] and 'name="fund"' not in r.content.decode()
    assert numbers(client.get("/notices/", {"q": number_of(world, "KK-03")})) == []
    assert len(csv_rows(client.get("/notices/", {"fund": "UCS", "format": "csv"}))) == 1
    # The UCS officer ticks and pays from the filtered page (tests/claims/test_loop.py).
    client.force_login(world["uc"])
    r = client.get("/notices/", {"status": "sent"})
    assert r.content.decode().count('name="notice_ids"') == 3


def test_the_notices_api_reads_the_same_filters(client, users, world):
    client.force_login(users["nhso"])
    got = client.get("/api/v1/notices", {"status": "sent"}).json()
    assert sorted(x["number"] for x in got) == sorted(
        number_of(world, k) for k in ("KK-27", "KK-28", "KK-29")
    )
    got = client.get("/api/v1/notices", {"q": "KTB-A", "sent_from": "02/04/2567"}).json()
    assert len(got) == 13
    assert len(client.get("/api/v1/notices", {"limit": 5, "offset": 28}).json()) == 3
    r = client.get("/api/v1/notices", {"due": "someday"})
    assert r.status_code == 400 and r.json()["errors"][0]["code"] == "LIST_FILTER_INVALID"
    client.force_login(users["fund"])
    got = client.get("/api/v1/notices", {"fund": "UCS"}).json()
    assert [x["number"] for x in got] == [number_of(world, "KK-S")]


# -- the statement of payment ---------------------------------------------------------------


APRIL = {"from": "01/04/2567", "to": "30/04/2567"}


def _totals(response) -> tuple[str, str]:
    html = response.content.decode()
    charged = re.search(r'data-testid="stm-charged">([^<]*)<', html).group(1)
    paid = re.search(r'data-testid="stm-paid">([^<]*)<', html).group(1)
    return charged, paid


def test_the_statement_pages_its_lines_and_totals_the_filtered_ones(client, users, world):
    client.force_login(users["hospital"])
    first = client.get("/statements/", APRIL)
    assert first.status_code == 200 and len(keys(first)) == 25
    second = client.get("/statements/", {**APRIL, "page": 2})
    assert sorted(keys(second)) == ["KK-25", "KK-26"]  # paid last (20 Apr)
    # The totals are of every filtered line, on each page, and the page says so.
    assert _totals(first) == _totals(second) == ("8,923.50", "7,573.50")  # 27 × 330.50, 280.50
    assert 'data-testid="stm-totals-note"' in first.content.decode()
    sss = client.get("/statements/", {**APRIL, "fund": "SSS"})
    assert keys(sss) == ["KK-S"] and _totals(sss)[1] == "280.50"
    found = client.get("/statements/", {**APRIL, "q": "kk-0"})
    assert len(keys(found)) == 9 and _totals(found)[1] == "2,524.50"
    # The period keeps its meaning: the days paid (Bangkok), typed in BE or CE.
    tenth = client.get("/statements/", {"from": "10/04/2567", "to": "10/04/2567"})
    assert len(keys(tenth)) == 13
    assert keys(tenth) == keys(
        client.get("/statements/", {"from": "2024-04-10", "to": "2024-04-10"})
    )
    # Without a period: this month (nothing was paid in it).
    now = client.get("/statements/")
    assert now.status_code == 200 and keys(now) == []
    assert bangkok_date(timezone.now()).strftime("/%m/") in now.content.decode()
    # Half a period: the end alone starts at the first of its month; the start alone ends today.
    to_only = client.get("/statements/", {"to": "15/04/2567"})
    assert (
        len(keys(to_only)) == 13 + 1 and "1 เม.ย. 2567 – 15 เม.ย. 2567" in to_only.content.decode()
    )
    from_only = client.get("/statements/", {"from": "15/04/2567", "per": 100})
    assert len(keys(from_only)) == 1 + 13 and 'value="15/04/2567"' in from_only.content.decode()
    r = client.get("/statements/", {"from": "30/04/2567", "to": "01/04/2567"})
    assert r.status_code == 400 and "DATE_ORDER" in r.content.decode() and keys(r) == []
    r = client.get("/statements/", {**APRIL, "fund": "XYZ", "format": "csv"})
    assert r.status_code == 400 and r["Content-Type"].startswith("text/html")


def test_the_statement_file_holds_exactly_the_filtered_lines(client, users, world):
    client.force_login(users["hospital"])
    r = client.get("/statements/", {**APRIL, "fund": "UCS", "format": "xlsx"})
    values = list(load_workbook(io.BytesIO(r.content)).active.values)
    assert values[0][0].startswith("รายการจ่ายเงินค่าบริการ (Statement)")
    lines = values[2:-1]
    assert len(lines) == 26 and {v[5] for v in lines} == {"UCS"}
    assert {v[7] for v in lines} == {"KTB-A", "KTB-B"}  # the payment reference
    assert values[-1][0] == "รวม / TOTAL" and Decimal(str(values[-1][-1])) == 26 * LINE
    rows = csv_rows(client.get("/statements/", {**APRIL, "q": "KK-1", "format": "csv"}))
    assert [r[1] for r in rows[:-1]] == [f"KK-1{i}" for i in range(10)]
    assert rows[-1][0] == "รวม / TOTAL" and Decimal(rows[-1][-1]) == 10 * LINE


def test_the_statement_person_search_by_post_and_its_scope(client, users, person, world):
    client.force_login(users["hospital"])
    r = client.post("/statements/", {"citizen_id": person.citizen_id, **APRIL, "fund": "SSS"})
    assert r.status_code == 303 and person.citizen_id not in r["Location"]
    found = client.get(r["Location"])
    assert keys(found) == ["KK-S"] and person.citizen_id not in found.content.decode()
    r = client.post("/statements/", {"citizen_id": make_cid(), **APRIL})
    assert keys(client.get(r["Location"])) == []
    assert client.get("/statements/", {"citizen_id": person.citizen_id}).status_code == 400
    # A hospital asking for another's statement is refused, as before; its search never
    # reaches another hospital's lines.
    r = client.get("/statements/", {**APRIL, "hospital": "13001"})
    assert r.status_code == 403 and "HOSPITAL_SCOPE" in r.content.decode()
    assert keys(client.get("/statements/", {**APRIL, "q": "BK"})) == []
    client.force_login(users["nhso"])
    assert keys(client.get("/statements/", {**APRIL, "hospital": "13001"})) == ["BK-01"]
    r = client.get("/statements/", {**APRIL, "hospital": "99999"})
    assert r.status_code == 400 and "HOSPITAL_UNKNOWN" in r.content.decode()


# -- the deadline board ---------------------------------------------------------------------


def subjects(response) -> list[str]:
    """The board's subjects: a claim's key, a notice's number."""
    html = response.content.decode()
    return re.findall(r"/((?:KK|BK)-[0-9ST]+)</td>|>(N\d{6})</a>", html)


def board(client, **query) -> list[str]:
    r = client.get("/claims/deadlines/", {**query, "per": 100})
    assert r.status_code == 200, r.content
    return sorted(a or b for a, b in subjects(r))


def test_the_deadline_board_pages_and_filters(client, users, world):
    client.force_login(users["nhso"])
    n = {k: v.number for k, v in world["notices"].items()}
    first = client.get("/claims/deadlines/")
    assert len(subjects(first)) == 25
    assert len(subjects(client.get("/claims/deadlines/", {"page": 2}))) == 31 - 25
    today = bangkok_date(timezone.now())
    for due in ("", "week", "overdue"):  # the home page's counts are the rows listed
        assert len(board(client, due=due)) == len(
            queue.deadlines_due(Actor.of(users["nhso"]), today, due)
        )
    assert board(client, due="week") == [n["KK-28"]]
    assert len(board(client, due="overdue")) == 26 + 2 + 1  # ready since 1 Apr 2567; KK-27
    assert board(client, fund="SSS") == ["KK-T"]
    assert board(client, hospital="13001") == sorted(["BK-02", n["KK-29"]])  # KK-29 holds BK-03
    assert board(client, kind="payment") == sorted(n[k] for k in ("KK-27", "KK-28", "KK-29"))
    assert board(client, q="kk-3") == sorted(f"KK-3{i}" for i in range(10))
    assert board(client, q="กทม") == sorted(["BK-02", n["KK-29"]])
    assert board(client, q=n["KK-27"]) == [n["KK-27"]]
    r = client.get("/claims/deadlines/", {"due": "someday"})
    assert r.status_code == 400 and "REQUEST_INVALID" in r.content.decode()
    r = client.get("/claims/deadlines/", {"kind": "lost", "format": "csv"})
    assert r.status_code == 400 and "LIST_FILTER_INVALID" in r.content.decode()


def test_the_deadline_board_exports_every_row_and_a_fund_sees_its_own(client, users, world):
    client.force_login(users["nhso"])
    rows = csv_rows(client.get("/claims/deadlines/", {"due": "overdue", "format": "csv"}))
    assert len(rows) == 29 and all(int(r[6]) < 0 for r in rows)
    r = client.get("/claims/deadlines/", {"kind": "payment", "format": "xlsx"})
    values = list(load_workbook(io.BytesIO(r.content)).active.values)
    assert values[0][0].startswith("กำหนดเวลาที่ต้องดำเนินการ / Deadlines")
    assert len(values[2:]) == 3 and values[2][4] == 280.5
    client.force_login(world["uc"])
    n = {k: v.number for k, v in world["notices"].items()}
    assert board(client) == sorted(n[k] for k in ("KK-27", "KK-28", "KK-29"))
    assert board(client, fund="SSS") == board(client)  # not offered to a fund: ignored
    client.force_login(users["fund"])
    assert board(client) == [] and board(client, q="KK") == []
