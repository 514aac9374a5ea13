"""The claims list as officers search it (issue 16, "Every list … is paginated, searchable and
filterable by the fields people look for (hospital code or name, citizen ID, status, dates in
BE), and exports what it shows"); the shared machinery is ``sitthi.web.listing``."""

from __future__ import annotations

import csv
import io
import re

import pytest
from openpyxl import load_workbook

from tests.conftest import make_cid

from .conftest import bkk, payload

pytestmark = pytest.mark.django_db


@pytest.fixture
def thirty(client, users, person, tariff):
    """30 claims of Khon Kaen, one a day from 1 Mar 2024 (the 10th has a bad item code, so is
    rejected), and one claim of the private hospital."""
    bodies = []
    for day in range(1, 31):
        lines = None
        if day == 10:
            lines = [
                {
                    "item_code": "NO-SUCH",
                    "quantity": "1",
                    "served_at": bkk(2024, 3, day, 9).isoformat(),
                    "charged": "10",
                }
            ]
        bodies.append(payload(person, key=f"KK-{day:02d}", when=bkk(2024, 3, day, 9), lines=lines))
    client.force_login(users["hospital"])
    r = client.post("/api/v1/claims/bulk", {"claims": bodies}, content_type="application/json")
    assert r.status_code == 200, r.content
    client.force_login(users["other_hospital"])
    other = payload(person, key="PV-01", hospital="90001")
    r = client.post("/api/v1/claims", other, content_type="application/json")
    assert r.status_code in (200, 201), r.content
    client.logout()


def keys(response) -> list[str]:
    return re.findall(r"<td>((?:KK|PV)-\d\d)</td>", response.content.decode())


def count_shown(response) -> str:
    html = response.content.decode()
    return re.search(r'data-testid="list-count">([^<]*)', html).group(1).strip()


def test_pages_of_25_with_the_count_and_links_that_keep_the_filters(client, users, thirty):
    client.force_login(users["nhso"])
    first = client.get("/claims/", {"state": "accepted"})
    assert first.status_code == 200
    assert len(keys(first)) == 25
    assert "1–25" in count_shown(first) and "29" in count_shown(first)
    assert "?state=accepted&amp;page=2" in first.content.decode()
    second = client.get("/claims/", {"state": "accepted", "page": 2})
    assert len(keys(second)) == 4
    assert set(keys(first)).isdisjoint(keys(second))
    wider = client.get("/claims/", {"state": "accepted", "per": 50})
    assert len(keys(wider)) == 29


def test_search_by_claim_key_hospital_code_or_name(client, users, thirty):
    client.force_login(users["nhso"])
    assert keys(client.get("/claims/", {"q": "kk-0"})) == [f"KK-0{d}" for d in range(9, 0, -1)]
    assert keys(client.get("/claims/", {"q": "90001"})) == ["PV-01"]
    assert keys(client.get("/claims/", {"q": "เอกชนทดสอบ"})) == ["PV-01"]
    assert len(keys(client.get("/claims/", {"q": "ขอนแก่น", "per": 50}))) == 30


def test_dates_typed_in_the_buddhist_era_filter_by_admission_day(client, users, thirty):
    client.force_login(users["nhso"])
    # 5 – 7 มี.ค. 2567 = 5 – 7 Mar 2024: three claims, whichever era is typed.
    be = client.get("/claims/", {"admitted_from": "05/03/2567", "admitted_to": "07/03/2567"})
    ce = client.get("/claims/", {"admitted_from": "2024-03-05", "admitted_to": "2024-03-07"})
    assert sorted(keys(be)) == ["KK-05", "KK-06", "KK-07"] == sorted(keys(ce))


def test_bad_filters_are_coded_errors_and_list_nothing(client, users, thirty):
    client.force_login(users["nhso"])
    r = client.get("/claims/", {"admitted_from": "10/03/2567", "admitted_to": "01/03/2567"})
    assert r.status_code == 400 and "DATE_ORDER" in r.content.decode() and keys(r) == []
    r = client.get("/claims/", {"state": "lost", "admitted_from": "31/02/2567"})
    body = r.content.decode()
    assert r.status_code == 400 and "LIST_FILTER_INVALID" in body and "DATE_INVALID" in body
    assert keys(r) == []
    r = client.get("/claims/", {"admitted_from": "01/03/1066"})
    assert r.status_code == 400 and "DATE_ABSURD" in r.content.decode()
    # The export of a refused filter is not a file of everything.
    r = client.get("/claims/", {"state": "lost", "format": "csv"})
    assert r.status_code == 400 and r["Content-Type"].startswith("text/html")


def test_the_export_holds_every_row_the_filters_select_not_only_the_page(client, users, thirty):
    client.force_login(users["nhso"])
    r = client.get("/claims/", {"state": "accepted", "q": "KK", "format": "csv"})
    rows = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert len(rows) == 1 + 29 and {row[6] for row in rows[1:]} == {"accepted"}
    page = client.get("/claims/", {"state": "accepted", "q": "KK"})
    assert 'href="?q=KK&amp;state=accepted&amp;format=xlsx"' in page.content.decode()
    r = client.get("/claims/", {"state": "rejected", "hospital": "10670", "format": "xlsx"})
    sheet = load_workbook(io.BytesIO(r.content)).active
    values = [row for row in sheet.iter_rows(values_only=True)]
    assert values[0][0].startswith("รายการเคลม / Claims")  # the title row
    assert [v[1] for v in values[2:]] == ["KK-10"]


def test_a_citizen_id_is_searched_by_post_and_never_put_in_the_address(client, users, thirty):
    client.force_login(users["nhso"])
    from sitthi.registry.models import Person

    cid = Person.objects.get().citizen_id
    r = client.get("/claims/", {"q": cid})
    assert r.status_code == 400 and "CID_IN_ADDRESS" in r.content.decode()
    r = client.post("/claims/", {"citizen_id": cid, "state": "rejected"})
    assert r.status_code == 303
    assert cid not in r["Location"] and "state=rejected" in r["Location"]
    found = client.get(r["Location"])
    assert sorted(keys(found)) == ["KK-10", "PV-01"]  # the person's two rejected claims
    assert cid not in found.content.decode()  # shown masked
    assert "person=" in found.content.decode()  # paging and export keep the search
    export = client.get(r["Location"] + "&format=csv")
    assert len(list(csv.reader(io.StringIO(export.content.decode("utf-8-sig"))))) == 1 + 2
    # Someone else: nothing; a wrong check digit: coded, and no search remembered.
    r = client.post("/claims/", {"citizen_id": make_cid()})
    assert keys(client.get(r["Location"])) == []
    r = client.post("/claims/", {"citizen_id": cid[:-1] + str((int(cid[-1]) + 1) % 10)})
    assert "person=" not in r["Location"]
    assert "CID_CHECK_DIGIT" in client.get(r["Location"]).content.decode()
    # A key from another session is not a search.
    other = client.get("/claims/", {"person": "made-up"})
    assert other.status_code == 400 and "LIST_PERSON_EXPIRED" in other.content.decode()


def test_a_hospital_never_sees_another_hospitals_claims_whatever_it_filters(client, users, thirty):
    client.force_login(users["hospital"])
    r = client.get("/claims/", {"hospital": "90001", "q": "PV", "per": 100})
    assert keys(r) == []
    r = client.get("/claims/", {"hospital": "90001", "per": 100})
    assert len(keys(r)) == 30 and "PV-01" not in keys(r)  # the filter is not offered: ignored
    assert 'name="hospital"' not in r.content.decode()
    r = client.get("/claims/", {"hospital": "90001", "format": "csv"})
    assert "PV-01" not in r.content.decode()


def test_the_api_reads_the_same_filters(client, users, thirty):
    client.force_login(users["nhso"])
    r = client.get("/api/v1/claims", {"admitted_from": "05/03/2567", "admitted_to": "2024-03-07"})
    assert r.status_code == 200 and r.json()["count"] == 3
    r = client.get("/api/v1/claims", {"q": "เอกชน"})
    assert [c["claim_key"] for c in r.json()["items"]] == ["PV-01"]
    r = client.get("/api/v1/claims", {"state": "lost"})
    assert r.status_code == 400 and r.json()["errors"][0]["code"] == "LIST_FILTER_INVALID"
    client.force_login(users["other_hospital"])
    r = client.get("/api/v1/claims", {"hospital": "10670"})
    assert [c["claim_key"] for c in r.json()["items"]] == ["PV-01"]


def test_after_a_bulk_move_the_officer_goes_back_to_the_same_filtered_list(client, users, thirty):
    from sitthi.claims.models import Claim

    client.force_login(users["nhso"])
    ids = list(Claim.objects.filter(state="accepted").values_list("pk", flat=True)[:2])
    r = client.post(
        "/claims/bulk/",
        {"claim_ids": ids, "move": "documents-complete", "back": "state=accepted&q=KK"},
    )
    assert r.status_code == 200
    assert 'href="/claims/?state=accepted&amp;q=KK"' in r.content.decode()
    r = client.post(
        "/claims/bulk/",
        {"claim_ids": ids[:1], "move": "return", "reason": "x", "back": "//evil.example/x"},
    )
    links = re.findall(r'href="([^"]*)" data-testid="back-to-list"', r.content.decode())
    assert all(link.startswith("/claims/?") for link in links)
    assert "evil.example" not in r.content.decode()


def test_the_claim_page_says_how_it_came_in_and_its_schedule_in_words(client, users, thirty):
    from sitthi.claims.models import Claim

    client.force_login(users["nhso"])
    claim = Claim.objects.get(claim_key="KK-01")
    html = client.get(f"/claims/{claim.pk}/").content.decode()
    history = html[html.index('data-testid="history"') :]
    assert "ส่งเป็นชุดผ่าน API" in history and "<td>bulk</td>" not in history
    decided = re.search(r'data-testid="decided-with">(.*?)</dd>', html).group(1)
    assert "ตารางราคา test" in decided and not re.search(r"[0-9a-f]{12}", decided)
