"""Two allocation runs compared (issue 18, "the same for allocation (other weights, band,
point-value budget)"): the year as loaded, and an edited version of it run again."""

from __future__ import annotations

import io
from decimal import Decimal

import openpyxl
import pytest
from django.utils import timezone

from sitthi.allocation import compare
from sitthi.allocation import services as allocation
from sitthi.allocation.models import Payment
from sitthi.core.actor import Actor
from sitthi.core.models import ApiToken
from tests.allocation.test_allocation_app import load, registered  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_runs(users, registered):  # noqa: F811
    """The shipped FY 2559 run, and a run of a version whose OP line is 6.08 baht a person
    higher (seed 003_efb95171d59d7c5f.txt's FY 2559 rates, edited as on the year's page)."""
    nhso = Actor.of(users["nhso"])
    version = load(users)
    base = allocation.run_from_registry(nhso, version, now=timezone.now())
    # OP 1,103.92 → 1,110.00 a person, the stated total with it (3,028.94 + 6.08)
    edited = allocation.edit_config(
        nhso,
        version,
        {"lines.OP.rate": "1110.00", "totals.capitation_per_person": "3035.02"},
        now=timezone.now(),
    )
    other = allocation.run_from_registry(nhso, edited, now=timezone.now())
    return base, other, "OP"


def _sum(run, **kw) -> Decimal:
    return sum(Payment.objects.filter(run=run, **kw).values_list("amount", flat=True), Decimal(0))


def test_the_comparison_adds_up_to_each_run(users, two_runs):
    base, other, line = two_runs
    c = compare.compare(Actor.of(users["nhso"]), base.pk, other.pk)
    assert c.total_base == _sum(base) and c.total_other == _sum(other)
    for dim in compare.DIMENSIONS:
        assert sum(r["base"] for r in c.tables[dim]) == c.total_base, dim
        assert sum(r["other"] for r in c.tables[dim]) == c.total_other, dim
    changed = {r["key"]: r["difference"] for r in c.tables["line"]}
    assert changed[line] == _sum(other, line=line) - _sum(base, line=line) > 0


def test_the_page_the_workbook_and_the_api(client, users, two_runs):
    base, other, _line = two_runs
    client.force_login(users["nhso"])
    html = client.get("/allocation/compare/", {"base": base.pk, "other": other.pk})
    assert html.status_code == 200
    text = html.content.decode()
    assert 'data-testid="compare-chart"' in text and "เปรียบเทียบการจัดสรร" in text
    r = client.get("/allocation/compare/", {"base": base.pk, "other": other.pk, "format": "xlsx"})
    book = openpyxl.load_workbook(io.BytesIO(r.content))
    assert [s.title for s in book.worksheets][1:] == [f"By {d}" for d in compare.DIMENSIONS]
    token = ApiToken.issue(users["nhso"], "planning")[1]
    body = client.get(
        "/api/v1/allocation/compare",
        {"base": base.pk, "other": other.pk},
        HTTP_AUTHORIZATION=f"Bearer {token}",
    ).json()
    c = compare.compare(Actor.of(users["nhso"]), base.pk, other.pk)
    assert Decimal(body["total_difference"]) == c.total_difference
    assert len(body["by_payee"]) == len(c.tables["payee"])


def test_a_hospital_may_not_compare_and_one_run_is_not_two(client, users, two_runs):
    base, other, _ = two_runs
    client.force_login(users["hospital"])
    assert (
        client.get("/allocation/compare/", {"base": base.pk, "other": other.pk}).status_code == 403
    )
    client.force_login(users["nhso"])
    r = client.get("/allocation/compare/", {"base": base.pk, "other": base.pk})
    assert r.status_code == 400 and "REQUEST_INVALID" in r.content.decode()
    r = client.get("/allocation/compare/", {"base": "x", "other": base.pk})
    assert r.status_code == 400


def test_the_api_edits_a_year_as_the_page_does(client, users, registered):  # noqa: F811
    from sitthi.allocation.models import FiscalYearConfig

    version = load(users)
    token = ApiToken.issue(users["nhso"], "planning")[1]
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    url = f"/api/v1/allocation/configs/{version.pk}/edits"
    r = client.post(
        url, {"changes": {"lines.OP.rate": "1110.00"}}, content_type="application/json", **auth
    )
    assert r.status_code == 400 and r.json()["errors"][0]["code"] == "ALLOC_LINES_DO_NOT_ADD_UP"
    assert FiscalYearConfig.objects.count() == 1
    changes = {"lines.OP.rate": "1110.00", "totals.capitation_per_person": "3035.02"}
    r = client.post(url, {"changes": changes}, content_type="application/json", **auth)
    assert r.status_code == 201, r.content
    edited = FiscalYearConfig.objects.get(pk=r.json()["id"])
    assert allocation.fiscal_year(edited).line("OP").rate == Decimal("1110.00")
    # the same figures again: the version already stored is answered, nothing is created
    r = client.post(url, {"changes": changes}, content_type="application/json", **auth)
    assert r.status_code == 200 and r.json()["id"] == edited.pk
    assert FiscalYearConfig.objects.count() == 2
    hospital = ApiToken.issue(users["hospital"], "his")[1]
    r = client.post(
        url,
        {"changes": changes},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {hospital}",
    )
    assert r.status_code == 403 and FiscalYearConfig.objects.count() == 2
