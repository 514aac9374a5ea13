"""Safe finance uploads (issue 16, "Safe uploads"): the upload form starts at the current
quarter (Bangkok, fiscal year from 1 October); a file that would replace a quarter's
statement is previewed (old vs new figures, new hospitals) and stored only on confirm, the
replaced version kept and shown in the hospital's history while every score and list reads
the version in force; the API refuses a replacing load without ``replace=true`` (409
FIN_WOULD_REPLACE); every problem of a file is reported at once, each on its row."""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime
from types import SimpleNamespace

import pytest
from auditlog.models import LogEntry

from sitthi.core.actor import Actor
from sitthi.core.models import ApiToken, StagedUpload, User
from sitthi.finance import services, views
from sitthi.finance.models import Statement
from sitthi.registry.models import Hospital
from sitthi.rules.kernel.thaitime import BANGKOK

from .test_risk_app import CRISIS, HEALTHY

pytestmark = pytest.mark.django_db

NOW = datetime(2022, 4, 15, 10, tzinfo=BANGKOK)


@pytest.fixture
def kk2(hospitals):
    return Hospital.objects.create(
        hcode="10671", name_th="โรงพยาบาลชุมชนทดสอบ", ownership="public", province_id="40"
    )


def _csv(rows: list[dict], name: str = "q2.csv") -> io.BytesIO:
    cols = ["hospital", *HEALTHY]
    text = (
        ",".join(cols)
        + "\n"
        + "".join(",".join(str(r.get(c, "")) for c in cols) + "\n" for r in rows)
    )
    f = io.BytesIO(text.encode())
    f.name = name
    return f


def _in_force(users, kk2):
    """10670 at level 7 in 2565 Q2, loaded by NHSO."""
    services.load_statements(
        Actor.of(users["nhso"]),
        [{**CRISIS, "hospital": "10670"}],
        fiscal_year=2565,
        quarter=2,
        source="first",
        now=NOW,
    )


def _token(page: str) -> str:
    return re.search(r'name="stage" value="([^"]+)"', page).group(1)


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (datetime(2024, 9, 30, 16, 59, tzinfo=UTC), (2567, 4)),  # 23:59 in Bangkok, 30 Sep
        (datetime(2024, 9, 30, 17, 0, tzinfo=UTC), (2568, 1)),  # 00:00 in Bangkok, 1 Oct
        (datetime(2024, 12, 31, 12, tzinfo=UTC), (2568, 1)),
        (datetime(2025, 1, 1, 12, tzinfo=UTC), (2568, 2)),
        (datetime(2025, 4, 15, tzinfo=UTC), (2568, 3)),
        (datetime(2025, 7, 1, tzinfo=UTC), (2568, 4)),
    ],
)
def test_current_quarter_is_the_thai_fiscal_quarter_in_bangkok(moment, expected):
    assert services.current_quarter(moment) == expected


def test_the_upload_form_starts_at_the_current_quarter(client, users, kk2, monkeypatch):
    _in_force(users, kk2)  # the page shows 2565 Q2, the latest loaded
    monkeypatch.setattr(
        views, "timezone", SimpleNamespace(now=lambda: datetime(2024, 11, 20, tzinfo=UTC))
    )
    client.force_login(users["nhso"])
    page = client.get("/finance/").content.decode()
    form = page[page.index('data-testid="upload"') :]
    assert 'name="fy" value="2568"' in form
    assert '<option value="1" selected>Q1</option>' in form


def test_preview_shows_what_would_be_replaced_and_stores_nothing(client, users, kk2):
    _in_force(users, kk2)
    client.force_login(users["nhso"])
    response = client.post(
        "/finance/",
        {
            "fy": "2565",
            "q": "2",
            "file": _csv([{**HEALTHY, "hospital": "10670"}, {**HEALTHY, "hospital": "10671"}]),
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    preview = page[page.index('data-testid="preview"') : page.index("</section>")]
    assert "ตรวจสอบก่อนแทนที่ข้อมูลเดิม" in preview
    assert "10670 โรงพยาบาลขอนแก่น" in preview or "10670 " in preview
    assert "2565 Q2" in preview
    assert "800,000.00" in preview and "3,000,000.00" in preview  # old and new current assets
    new = preview[preview.index('data-testid="new-hospitals"') :]
    assert "10671" in new[: new.index("</p>")]
    # nothing written: the statement in force is the first one, 10671 is not stored
    assert list(Statement.versions.values_list("hospital_id", "level", "source")) == [
        ("10670", 7, "first")
    ]
    assert StagedUpload.objects.count() == 1


def test_confirm_replaces_keeps_the_old_version_and_audits(client, users, kk2):
    _in_force(users, kk2)
    client.force_login(users["nhso"])
    page = client.post(
        "/finance/",
        {
            "fy": "2565",
            "q": "2",
            "file": _csv([{**HEALTHY, "hospital": "10670"}, {**HEALTHY, "hospital": "10671"}]),
        },
    ).content.decode()
    token = _token(page)
    before = LogEntry.objects.count()
    response = client.post("/finance/", {"action": "confirm", "stage": token})
    assert response.status_code == 200
    assert "แทนที่งบการเงิน 1 ฉบับ" in response.content.decode()
    current = {s.hospital_id: (s.level, s.version) for s in Statement.objects.all()}
    assert current == {"10670": (0, 2), "10671": (0, 1)}
    old = Statement.versions.get(hospital_id="10670", version=1)
    assert (old.level, old.source, old.current_assets) == (7, "first", 800000)
    assert old.superseded_at is not None and old.superseded_by == users["nhso"]
    assert LogEntry.objects.count() >= before + 3  # old marked, two created
    assert not StagedUpload.objects.exists()
    again = client.post("/finance/", {"action": "confirm", "stage": token})
    assert again.status_code == 409 and "UPLOAD_STAGE_UNKNOWN" in again.content.decode()
    assert Statement.versions.count() == 3


def test_cancel_and_a_foreign_or_unknown_token_change_nothing(client, users, kk2):
    _in_force(users, kk2)
    client.force_login(users["nhso"])
    upload = {"fy": "2565", "q": "2", "file": _csv([{**HEALTHY, "hospital": "10670"}])}
    token = _token(client.post("/finance/", upload).content.decode())
    other = User.objects.create_user("nhso2", password="pw", role="nhso")
    client.force_login(other)  # another officer cannot confirm it
    refused = client.post("/finance/", {"action": "confirm", "stage": token})
    assert refused.status_code == 409 and "UPLOAD_STAGE_UNKNOWN" in refused.content.decode()
    client.force_login(users["nhso"])
    assert client.post("/finance/", {"action": "confirm", "stage": "nope"}).status_code == 409
    cancelled = client.post("/finance/", {"action": "cancel", "stage": token})
    assert cancelled.status_code == 200 and 'data-testid="cancelled"' in cancelled.content.decode()
    assert not StagedUpload.objects.exists()
    assert client.post("/finance/", {"action": "confirm", "stage": token}).status_code == 409
    assert list(Statement.versions.values_list("level", "source")) == [(7, "first")]


def test_a_preview_gone_stale_is_refused_on_confirm(client, users, kk2):
    _in_force(users, kk2)
    client.force_login(users["nhso"])
    upload = {"fy": "2565", "q": "2", "file": _csv([{**HEALTHY, "hospital": "10670"}])}
    token = _token(client.post("/finance/", upload).content.decode())
    services.load_statements(  # someone else replaces it meanwhile
        Actor.of(users["nhso"]),
        [{**CRISIS, "hospital": "10670", "revenue": "5500000.00"}],
        fiscal_year=2565,
        quarter=2,
        source="meanwhile",
        now=NOW,
        replace=True,
    )
    response = client.post("/finance/", {"action": "confirm", "stage": token})
    assert response.status_code == 409 and "UPLOAD_STAGE_STALE" in response.content.decode()
    assert Statement.objects.get().source == "meanwhile"


def test_a_new_quarter_is_stored_at_once(client, users, kk2):
    """Nothing in force would be replaced: no question to ask, stored and reported."""
    _in_force(users, kk2)
    client.force_login(users["nhso"])
    response = client.post(
        "/finance/", {"fy": "2565", "q": "3", "file": _csv([{**HEALTHY, "hospital": "10670"}])}
    )
    assert response.status_code == 200 and 'data-testid="preview"' not in response.content.decode()
    assert Statement.objects.filter(quarter=3).count() == 1
    assert not StagedUpload.objects.exists()


def test_who_may_upload_is_as_before(client, users, kk2):
    _in_force(users, kk2)
    client.force_login(users["hospital"])  # kk_officer at 10670: its own, after a preview
    response = client.post(
        "/finance/",
        {
            "fy": "2565",
            "q": "2",
            "file": _csv([{**HEALTHY, "hospital": "10670"}, {**HEALTHY, "hospital": "10671"}]),
        },
    )
    page = response.content.decode()
    assert 'data-testid="preview"' in page and "FIN_NOT_YOUR_HOSPITAL" in page
    assert client.post("/finance/", {"action": "confirm", "stage": _token(page)}).status_code == 400
    assert dict(Statement.objects.values_list("hospital_id", "level")) == {"10670": 0}
    client.force_login(users["fund"])
    refused = client.post(
        "/finance/", {"fy": "2565", "q": "2", "file": _csv([{**HEALTHY, "hospital": "10670"}])}
    )
    assert refused.status_code == 403
    assert client.post("/finance/", {"action": "confirm", "stage": "x"}).status_code == 403
    assert Statement.versions.count() == 2


def test_history_page_shows_the_replaced_version(client, users, kk2):
    _in_force(users, kk2)
    services.load_statements(
        Actor.of(users["nhso"]),
        [{**HEALTHY, "hospital": "10670"}],
        fiscal_year=2565,
        quarter=2,
        source="second",
        now=datetime(2022, 5, 2, 9, tzinfo=BANGKOK),
        replace=True,
    )
    client.force_login(users["hospital"])
    page = client.get("/finance/hospitals/10670/").content.decode()
    replaced = page[page.index('data-testid="replaced"') :]
    replaced = replaced[: replaced.index("</table>")]
    assert "ถูกแทนที่เมื่อ 2 พ.ค. 2565 โดย nhso_officer" in replaced
    assert "2565 Q2" in replaced and "มีภาวะวิกฤตทางการเงินขั้นรุนแรง" in replaced  # level 7
    latest = page[page.index('data-testid="latest"') :]
    assert "ปกติ" in latest[: latest.index("</section>")]  # level 0 in force
    history = page[page.index('data-testid="history"') :]
    assert history[: history.index("</table>")].count("2565 Q2") == 1
    client.force_login(users["other_hospital"])
    assert client.get("/finance/hospitals/10670/").status_code == 403


def test_every_reader_uses_the_version_in_force(client, users, kk2):
    nhso = Actor.of(users["nhso"])
    _in_force(users, kk2)  # 10670 level 7
    services.load_statements(
        nhso,
        [{**HEALTHY, "hospital": "10670"}],
        fiscal_year=2565,
        quarter=2,
        source="second",
        now=NOW,
        replace=True,
    )
    assert Statement.versions.count() == 2
    _, statements = services.hospital_history(nhso, "10670")
    assert [(s.quarter, s.level) for s in statements] == [(2, 0)]
    assert [s.level for s in services.quarter_overview(nhso, 2565, 2)] == [0]
    assert services.quarters() == [(2565, 2)]
    data = services.watch_list(nhso, 7, 2565, 2)
    assert data["watch"] == []
    assert data["by_quarter"] == [{"fy": 2565, "q": 2, "levels": [1, 0, 0, 0, 0, 0, 0, 0]}]
    client.force_login(users["nhso"])
    risk = client.get("/api/v1/finance/hospitals/10670/risk").json()
    assert [(r["quarter"], r["level"]) for r in risk] == [(2, 0)]


def test_api_refuses_a_replacing_load_without_the_flag(client, users, kk2):
    _in_force(users, kk2)
    _, raw = ApiToken.issue(users["hospital"], "his")
    auth = {"authorization": f"Bearer {raw}"}
    body = {"fiscal_year": 2565, "quarter": 2, "statements": [{**HEALTHY, "hospital": "10670"}]}
    refused = client.post(
        "/api/v1/finance/statements", body, content_type="application/json", headers=auth
    )
    assert refused.status_code == 409
    (error,) = refused.json()["errors"]
    assert error["code"] == "FIN_WOULD_REPLACE"
    assert "10670" in error["message_th"] and "2565 Q2" in error["message_en"]
    assert "replace=true" in error["message_en"]
    assert list(Statement.versions.values_list("level", "source")) == [(7, "first")]
    ok = client.post(
        "/api/v1/finance/statements",
        {**body, "replace": True},
        content_type="application/json",
        headers=auth,
    )
    assert ok.status_code == 200
    assert ok.json() == {"scored": {"10670": 0}, "replaced": ["10670"], "problems": []}
    old = Statement.versions.get(version=1)
    assert old.superseded_by == users["hospital"] and old.level == 7
    assert Statement.objects.get().level == 0


def test_the_api_document_describes_the_flag_and_the_409(client):
    doc = client.get("/api/openapi.json").json()
    op = doc["paths"]["/api/v1/finance/statements"]["post"]
    assert "409" in op["responses"]
    assert "FIN_WOULD_REPLACE" in op["description"]
    schema = doc["components"]["schemas"]["LoadIn"]["properties"]["replace"]
    assert schema["default"] is False and "409" in schema["description"]


BAD_ROWS = [
    {**HEALTHY, "hospital": "99999"},  # row 2: no such hospital
    {**HEALTHY, "hospital": "10670", "current_liabilities": "-5"},  # row 3: negative
    {**HEALTHY, "hospital": "10671", "revenue": "abc"},  # row 4: not a number
]


def test_every_problem_of_a_file_on_its_row_and_nothing_stored(client, users, kk2):
    client.force_login(users["nhso"])
    response = client.post("/finance/", {"fy": "2565", "q": "2", "file": _csv(BAD_ROWS)})
    assert response.status_code == 400
    page = response.content.decode()
    table = page[page.index('data-testid="problems"') :]
    rows = re.findall(
        r'<tr><td class="num">(\d+)</td><td>([^<]*)</td>.*?<code>(FIN_[A-Z_]+)</code>', table
    )
    assert rows == [
        ("2", "99999", "FIN_HOSPITAL_UNKNOWN"),
        ("3", "10670", "FIN_NEGATIVE"),
        ("4", "10671", "FIN_NOT_A_NUMBER"),
    ]
    assert not Statement.versions.exists()


def test_every_problem_of_an_api_load_on_its_row_and_nothing_stored(client, users, kk2):
    client.force_login(users["nhso"])
    response = client.post(
        "/api/v1/finance/statements",
        {"fiscal_year": 2565, "quarter": 2, "statements": BAD_ROWS},
        content_type="application/json",
    )
    assert response.status_code == 200
    problems = [(p["row"], p["hospital"], p["code"]) for p in response.json()["problems"]]
    assert problems == [
        (1, "99999", "FIN_HOSPITAL_UNKNOWN"),
        (2, "10670", "FIN_NEGATIVE"),
        (3, "10671", "FIN_NOT_A_NUMBER"),
    ]
    assert response.json()["scored"] == {}
    assert not Statement.versions.exists()


def test_a_row_with_a_wrong_hospital_still_has_its_figures_checked(users, kk2):
    """One pass: the unknown hospital and its bad figure are both reported."""
    report = services.plan_statements(
        Actor.of(users["nhso"]),
        [{**HEALTHY, "hospital": "99999", "revenue": "x"}],
        fiscal_year=2565,
        quarter=2,
        numbers=[7],
    )
    assert [(r["row"], r["code"]) for r in report.rows()] == [
        (7, "FIN_HOSPITAL_UNKNOWN"),
        (7, "FIN_NOT_A_NUMBER"),
    ]
