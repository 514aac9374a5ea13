"""Safe fee-schedule uploads (issue 16, "Safe uploads"): a file that would replace a
schedule in force is previewed (items re-priced, added, removed) and stored only on confirm;
the replaced version stays listed on the page with when and by whom it was replaced; cancel,
another officer's or a stale confirmation store nothing; every problem of a file is reported
at once, each on its row."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from sitthi.claims.models import TariffItem, TariffVersion
from sitthi.core.models import StagedUpload, User

pytestmark = pytest.mark.django_db

HEADER = b"schedule,item_code,category,description,unit,unit_price,valid_from,source\n"
FIRST = (
    HEADER
    + b"s1,X1,7,lab one,unit,5.25,2024-01-01,test\ns1,X2,7,lab two,unit,8.00,2024-01-01,test\n"
)
SECOND = (
    HEADER
    + b"s1,X1,7,lab one,unit,6.50,2024-01-01,test\ns1,X3,7,lab three,unit,9.00,2024-01-01,test\n"
)


def _post(client, data: bytes, **extra):
    return client.post("/claims/tariffs/", {"file": SimpleUploadedFile("t.csv", data), **extra})


def _token(page: str) -> str:
    return re.search(r'name="stage" value="([^"]+)"', page).group(1)


def _state():
    return sorted(
        (v.schedule, v.active, sorted(str(i.unit_price) for i in v.items.all()))
        for v in TariffVersion.objects.all()
    )


@pytest.fixture
def loaded(client, users):
    client.force_login(users["nhso"])
    assert _post(client, FIRST).status_code == 302  # a new schedule: stored at once
    return _state()


def test_a_replacing_file_is_previewed_and_nothing_stored(client, loaded):
    response = _post(client, SECOND)
    assert response.status_code == 200
    page = response.content.decode()
    preview = page[page.index('data-testid="preview"') : page.index("</section>")]
    assert "ตรวจสอบก่อนแทนที่ข้อมูลเดิม" in preview and "s1" in preview
    assert "เพิ่ม 1 รายการ ตัดออก 1 รายการ เปลี่ยนแปลง 1 รายการ" in preview
    assert "5.25" in preview and "6.50" in preview  # X1 re-priced, old and new
    assert "X3" in preview and "X2" in preview  # added, removed
    assert _state() == loaded
    assert StagedUpload.objects.count() == 1


def test_confirm_replaces_and_the_old_version_stays_listed(client, users, loaded):
    token = _token(_post(client, SECOND).content.decode())
    assert client.post("/claims/tariffs/", {"action": "confirm", "stage": token}).status_code == 302
    assert _state() == [("s1", False, ["5.25", "8.00"]), ("s1", True, ["6.50", "9.00"])]
    assert not StagedUpload.objects.exists()
    page = client.get("/claims/tariffs/").content.decode()
    replaced = page[page.index('data-testid="replaced"') :]
    replaced = replaced[: replaced.index("</table>")]
    assert "s1" in replaced and "ถูกแทนที่เมื่อ" in replaced and "nhso_officer" in replaced
    from auditlog.models import LogEntry

    old = TariffVersion.objects.get(active=False)
    assert LogEntry.objects.get_for_object(old).filter(changes__icontains="active").exists()
    again = client.post("/claims/tariffs/", {"action": "confirm", "stage": token})
    assert again.status_code == 409 and "UPLOAD_STAGE_UNKNOWN" in again.content.decode()


def test_cancel_another_officer_and_a_stale_preview_store_nothing(client, users, loaded):
    token = _token(_post(client, SECOND).content.decode())
    other = User.objects.create_user("nhso2", password="pw", role="nhso")
    client.force_login(other)
    refused = client.post("/claims/tariffs/", {"action": "confirm", "stage": token})
    assert refused.status_code == 409
    client.force_login(users["hospital"])
    assert client.post("/claims/tariffs/", {"action": "confirm", "stage": token}).status_code == 403
    client.force_login(users["nhso"])
    assert client.post("/claims/tariffs/", {"action": "cancel", "stage": token}).status_code == 302
    assert _state() == loaded and not StagedUpload.objects.exists()
    # stale: another load replaces s1 between the preview and the confirmation
    token = _token(_post(client, SECOND).content.decode())
    third = SECOND.replace(b"6.50", b"7.00")
    token3 = _token(_post(client, third).content.decode())
    assert (
        client.post("/claims/tariffs/", {"action": "confirm", "stage": token3}).status_code == 302
    )
    stale = client.post("/claims/tariffs/", {"action": "confirm", "stage": token})
    assert stale.status_code == 409 and "UPLOAD_STAGE_STALE" in stale.content.decode()
    assert TariffVersion.objects.get(active=True).items.filter(unit_price="7.00").exists()


def test_the_same_content_again_changes_nothing_and_asks_nothing(client, loaded):
    assert _post(client, FIRST).status_code == 302
    assert _state() == loaded and not StagedUpload.objects.exists()


def test_every_problem_of_a_fee_schedule_file_on_its_row(client, users):
    client.force_login(users["nhso"])
    bad = (
        HEADER
        + b"s1,X1,7,neg,unit,-5,2024-01-01,test\n"  # row 2: price not positive
        + b"s1,X2,7,date,unit,5.00,2024-13-45,test\n"  # row 3: no such date
        + b"s1,,7,code,unit,5.00,2024-01-01,test\n"  # row 4: no item code
    )
    response = _post(client, bad)
    assert response.status_code == 400
    page = response.content.decode()
    report = page[page.index('data-testid="report"') :]
    rows = re.findall(
        r'<tr><td>(\d+)</td><td title="([^"]*)">[^<]*</td><td><code>([A-Z_]+)</code>', report
    )
    assert [(r, f) for r, f, _ in rows] == [
        ("2", "unit_price"),
        ("3", "valid_from"),
        ("4", "item_code"),
    ]
    assert len({c for _, _, c in rows}) == 3  # three different problems
    assert TariffVersion.objects.count() == 0 and TariffItem.objects.count() == 0
