"""Hospital finance, risk score (issue 8; DOMAIN.md §6; seed 002_80e7afba8787ed6d.txt section
"การวิเคราะห์โรงพยาบาลที่ประสบภาวะวิกฤตทางการเงิน"; FACTS.md "Hospital risk score [I]"):
loading a quarter (file, API), per-hospital and per-field problems while the others are still
scored, a hospital's page and trend, the region's watch list and its export, and the refusals.
"""

from __future__ import annotations

import io
from datetime import datetime

import pytest
from openpyxl import load_workbook

from sitthi.core.actor import Actor
from sitthi.core.errors import SitthiError
from sitthi.core.models import ApiToken
from sitthi.finance import services
from sitthi.finance.models import Statement
from sitthi.registry.models import Hospital
from sitthi.rules.kernel.thaitime import BANGKOK
from tests.web.pagecheck import assert_csp_clean

pytestmark = pytest.mark.django_db

NOW = datetime(2022, 4, 15, 10, tzinfo=BANGKOK)

HEALTHY = {
    "current_assets": "3000000.00",
    "inventory": "300000.00",
    "other_current_assets": "100000.00",
    "cash_and_equivalents": "1500000.00",
    "fixed_deposits": "500000.00",
    "current_liabilities": "1000000.00",
    "revenue": "12000000.00",
    "expenses": "11000000.00",
    "depreciation": "400000.00",
}
# Everything fires: CR 0.8, QR 0.7, Cash 0.3, NWC −200,000, NI −600,000 over 6 months
# (−100,000 a month) → working capital already gone → 3 + 2 + 2 = level 7.
CRISIS = {
    "current_assets": "800000.00",
    "inventory": "80000.00",
    "other_current_assets": "20000.00",
    "cash_and_equivalents": "300000.00",
    "fixed_deposits": "0",
    "current_liabilities": "1000000.00",
    "revenue": "5400000.00",
    "expenses": "6000000.00",
    "depreciation": "200000.00",
}


@pytest.fixture
def region7(hospitals):
    """A second Khon Kaen hospital (region 7) and one in Chiang Mai (region 1)."""
    kk2 = Hospital.objects.create(
        hcode="10671", name_th="โรงพยาบาลชุมชนทดสอบ", ownership="public", province_id="40"
    )
    cm = Hospital.objects.create(
        hcode="10001", name_th="โรงพยาบาลเชียงใหม่ทดสอบ", ownership="public", province_id="50"
    )
    return {"kk": hospitals["khonkaen"], "kk2": kk2, "cm": cm}


def _csv(rows: list[dict]) -> io.BytesIO:
    cols = ["hospital", *HEALTHY]
    text = ",".join(cols) + "\n"
    for r in rows:
        text += ",".join(str(r.get(c, "")) for c in cols) + "\n"
    f = io.BytesIO(text.encode())
    f.name = "q2.csv"
    return f


def test_a_bad_hospital_is_reported_per_field_and_the_others_are_scored(client, users, region7):
    client.force_login(users["nhso"])
    bad = {**HEALTHY, "hospital": "10671", "current_liabilities": "-5", "revenue": "abc"}
    response = client.post(
        "/finance/",
        {
            "fy": "2565",
            "q": "2",
            "file": _csv([{**HEALTHY, "hospital": "10670"}, bad, {**CRISIS, "hospital": "10001"}]),
        },
    )
    assert response.status_code == 400  # not everything was scored
    page = response.content.decode()
    assert "FIN_NEGATIVE" in page and "FIN_NOT_A_NUMBER" in page
    assert "หนี้สินหมุนเวียน" in page and "รวมรายได้" in page  # the fields, in Thai
    stored = dict(Statement.objects.values_list("hospital_id", "level"))
    assert stored == {"10670": 0, "10001": 7}


def test_loading_again_replaces_the_quarter(users, region7):
    nhso = Actor.of(users["nhso"])
    services.load_statements(
        nhso, [{**CRISIS, "hospital": "10670"}], fiscal_year=2565, quarter=2, source="x", now=NOW
    )
    with pytest.raises(SitthiError) as refused:  # not without the caller's confirmation
        services.load_statements(
            nhso,
            [{**HEALTHY, "hospital": "10670"}],
            fiscal_year=2565,
            quarter=2,
            source="y",
            now=NOW,
        )
    assert [i.code for i in refused.value.items] == ["FIN_WOULD_REPLACE"]
    assert Statement.objects.get().source == "x"
    report = services.load_statements(
        nhso,
        [{**HEALTHY, "hospital": "10670"}],
        fiscal_year=2565,
        quarter=2,
        source="y",
        now=NOW,
        replace=True,
    )
    assert report.stored == {"10670": 0}
    st = Statement.objects.get()  # the one in force
    assert (st.level, st.source, st.version) == (0, "y", 2)
    old = Statement.versions.get(version=1)
    assert (old.level, old.source, old.superseded_at) == (7, "x", NOW)


def test_refusals_and_scope(client, users, region7):
    nhso = Actor.of(users["nhso"])
    services.load_statements(
        nhso,
        [{**HEALTHY, "hospital": "10670"}, {**CRISIS, "hospital": "10671"}],
        fiscal_year=2565,
        quarter=2,
        source="x",
        now=NOW,
    )
    officer = Actor.of(users["hospital"])  # kk_officer at 10670
    report = services.load_statements(
        officer,
        [{**HEALTHY, "hospital": "10670"}, {**HEALTHY, "hospital": "10671"}],
        fiscal_year=2565,
        quarter=3,
        source="x",
        now=NOW,
    )
    assert report.stored == {"10670": 0}
    assert [p.code for p in report.problems["10671"]] == ["FIN_NOT_YOUR_HOSPITAL"]
    client.force_login(users["hospital"])
    assert client.get("/finance/hospitals/10670/").status_code == 200
    assert client.get("/finance/hospitals/10671/").status_code == 403
    overview = client.get("/finance/?fy=2565&q=2").content.decode()
    assert "10670" in overview and "10671" not in overview
    assert client.get("/finance/watch/?region=7").status_code == 403
    client.force_login(users["fund"])
    assert client.get("/finance/").status_code == 403
    with pytest.raises(Exception) as info:
        services.load_statements(
            Actor.of(users["fund"]), [], fiscal_year=2565, quarter=2, source="x", now=NOW
        )
    assert "ROLE_FORBIDDEN" in str(info.value)
    with pytest.raises(Exception) as info:
        services.load_statements(nhso, [], fiscal_year=2565, quarter=5, source="x", now=NOW)
    assert "FIN_QUARTER" in str(info.value)


def test_hospital_page_shows_flags_level_and_trend(client, users, region7):
    nhso = Actor.of(users["nhso"])
    for q, figures in ((1, HEALTHY), (2, CRISIS)):
        services.load_statements(
            nhso,
            [{**figures, "hospital": "10670"}],
            fiscal_year=2565,
            quarter=q,
            source="x",
            now=NOW,
        )
    client.force_login(users["nhso"])
    page = assert_csp_clean(client.get("/finance/hospitals/10670/"))
    assert "มีภาวะวิกฤตทางการเงินขั้นรุนแรง" in page  # level 7's meaning (seed)
    assert "CR &lt; 1.5" in page and "NWC/ANI &lt; 3 (×2)" in page
    assert '"x": ["2565/Q1", "2565/Q2"]' in page and '"y": [0, 7]' in page


def test_watch_list_region_chart_and_xlsx(client, users, region7):
    nhso = Actor.of(users["nhso"])
    services.load_statements(
        nhso,
        [
            {**HEALTHY, "hospital": "10670"},
            {**CRISIS, "hospital": "10671"},
            {**CRISIS, "hospital": "10001"},  # region 1: not on region 7's list
        ],
        fiscal_year=2565,
        quarter=2,
        source="x",
        now=NOW,
    )
    client.force_login(users["nhso"])
    page = assert_csp_clean(client.get("/finance/watch/?region=7&fy=2565&q=2"))
    overview = assert_csp_clean(client.get("/finance/?fy=2565&q=2"))
    assert 'data-testid="filter-fy"' in overview and 'data-testid="filter-q"' in overview
    assert "10671" in page and "10001" not in page
    assert "10670</a>" not in page  # level 0 is not watched
    response = client.get("/finance/watch/?region=7&fy=2565&q=2&format=xlsx")
    ws = load_workbook(io.BytesIO(response.content)).active
    rows = list(ws.iter_rows(min_row=3, values_only=True))  # title row, header row
    assert [(r[0], r[3]) for r in rows] == [("10671", 7)]
    data = services.watch_list(nhso, 7, 2565, 2)
    assert data["by_quarter"] == [{"fy": 2565, "q": 2, "levels": [1, 0, 0, 0, 0, 0, 0, 1]}]


def test_api_load_own_statement_and_read(client, users, region7):
    _, raw = ApiToken.issue(users["hospital"], "his")
    auth = {"authorization": f"Bearer {raw}"}
    response = client.post(
        "/api/v1/finance/statements",
        {
            "fiscal_year": 2565,
            "quarter": 2,
            "statements": [
                {**HEALTHY, "hospital": "10670"},
                {**HEALTHY, "hospital": "10671"},
                {**HEALTHY, "hospital": "10670", "revenue": None},
            ],
        },
        content_type="application/json",
        headers=auth,
    )
    assert response.status_code == 200
    body = response.json()
    assert body["scored"] == {}  # 10670 twice: both refused, 10671 is not ours
    codes = {(p["hospital"], p["code"]) for p in body["problems"]}
    assert ("10671", "FIN_NOT_YOUR_HOSPITAL") in codes
    assert ("10670", "FIN_DUPLICATE") in codes
    ok = client.post(
        "/api/v1/finance/statements",
        {"fiscal_year": 2565, "quarter": 2, "statements": [{**CRISIS, "hospital": "10670"}]},
        content_type="application/json",
        headers=auth,
    )
    assert ok.json() == {"scored": {"10670": 7}, "replaced": [], "problems": []}
    read = client.get("/api/v1/finance/hospitals/10670/risk", headers=auth)
    assert read.json()[0]["level"] == 7 and read.json()[0]["ni"] == "-600000.00"
    assert client.get("/api/v1/finance/hospitals/10671/risk", headers=auth).status_code == 403
