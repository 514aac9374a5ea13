"""Bright Spot award in the app (issue 8; seed 002_80e7afba8787ed6d.txt "Bright Spot Hospital
ปี 2565"): nominations within the provinces' quotas, submissions, the scored run whose prizes
add up to the levels' budgets, the results export and certificates, and the refusals."""

from __future__ import annotations

import io
import random
from datetime import datetime
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from sitthi.core.actor import Actor
from sitthi.core.errors import SitthiError
from sitthi.finance import award
from sitthi.finance.demo import _figures
from sitthi.finance.models import AwardRun, Nomination
from sitthi.registry.models import Hospital
from sitthi.rules.kernel.thaitime import BANGKOK
from tests.web.pagecheck import assert_csp_clean

pytestmark = pytest.mark.django_db

NOW = datetime(2022, 6, 15, 10, tzinfo=BANGKOK)


@pytest.fixture
def region7(hospitals):
    """Khon Kaen (40) and Maha Sarakham (44): M2, three F2 and one S in Khon Kaen; one M2 and
    eight F1 in Maha Sarakham (enough to fill the F1–F2 table); one F2 in Chiang Mai (region 1)."""
    made = {}

    def h(code, province, level):
        made[code] = Hospital.objects.create(
            hcode=code, name_th=f"รพ.{code}", ownership="public", province_id=province, level=level
        )

    h("40001", "40", "M2")
    for i in range(3):
        h(f"4010{i}", "40", "F2")
    h("40200", "40", "S")
    h("44001", "44", "M2")
    for i in range(8):
        h(f"4410{i}", "44", "F1")
    h("50001", "50", "F2")
    return made


def _codes(info) -> set[str]:
    return {i.code for i in info.value.items}


def test_quotas_per_province_and_level(users, region7):
    nhso = Actor.of(users["nhso"])
    award.nominate(nhso, "40001", now=NOW)
    award.nominate(nhso, "40100", now=NOW)
    award.nominate(nhso, "40101", now=NOW)
    with pytest.raises(SitthiError) as info:  # a third F1–F2 in Khon Kaen
        award.nominate(nhso, "40102", now=NOW)
    assert _codes(info) == {"BRIGHT_OVER_QUOTA"}
    award.nominate(nhso, "44001", now=NOW)  # another province's M2 is fine
    award.nominate(nhso, "40200", now=NOW)  # S: every hospital may be evaluated
    award.nominate(nhso, "10670", now=NOW)  # A (fixture): certificate group, no quota
    with pytest.raises(SitthiError) as info:
        award.nominate(nhso, "50001", now=NOW)
    assert _codes(info) == {"BRIGHT_NOT_IN_REGION"}
    assert Nomination.objects.count() == 6
    for role in ("hospital", "fund"):
        with pytest.raises(SitthiError) as info:
            award.nominate(Actor.of(users[role]), "44100", now=NOW)
        assert _codes(info) == {"ROLE_FORBIDDEN"}


def test_run_needs_every_figure_then_prizes_add_up(client, users, region7):
    nhso = Actor.of(users["nhso"])
    rng = random.Random(7)
    noms = [
        award.nominate(nhso, code, now=NOW)
        for code in ("40001", "44001", "40100", "40101", *(f"4410{i}" for i in range(2)))
    ]
    for n in noms[:-1]:
        award.save_submission(nhso, n.pk, _figures(rng), now=NOW)
    with pytest.raises(SitthiError) as info:
        award.run_award(nhso, now=NOW)
    assert _codes(info) == {"BRIGHT_INPUT_MISSING"}
    assert AwardRun.objects.count() == 0
    bad = {**_figures(rng), "cash_ratio": "abc"}
    with pytest.raises(SitthiError) as info:
        award.save_submission(nhso, noms[-1].pk, bad, now=NOW)
    assert _codes(info) == {"NUMBER_INVALID"}
    award.save_submission(nhso, noms[-1].pk, _figures(rng), now=NOW)
    run = award.run_award(nhso, now=NOW)
    groups = {g["code"]: g for g in run.result["groups"]}
    m2 = groups["M2"]
    assert len(m2["rows"]) == 2
    assert sum(Decimal(r["prize"]) for r in m2["rows"]) == Decimal("1600000")  # 1st + 2nd
    f = groups["F1F2"]
    assert sum(Decimal(r["prize"]) for r in f["rows"]) == Decimal(f["awarded"])
    assert Decimal(f["budget"]) == Decimal("5000000")
    assert Decimal(groups["F3"]["budget"]) == Decimal("3000000")
    assert Decimal(m2["budget"]) == Decimal("2000000")
    for g in groups.values():
        totals = [Decimal(r["total"]) for r in g["rows"]]
        assert totals == sorted(totals, reverse=True)
    client.force_login(users["nhso"])
    page = client.get(f"/finance/brightspot/runs/{run.pk}/").content.decode()
    assert "40001" in page and "44001" in page
    xlsx = client.get(f"/finance/brightspot/runs/{run.pk}/?format=xlsx")
    rows = list(
        load_workbook(io.BytesIO(xlsx.content)).active.iter_rows(min_row=3, values_only=True)
    )
    assert len(rows) == len(noms)
    assert sum(Decimal(str(r[-1])) for r in rows) == sum(
        Decimal(g["awarded"]) for g in groups.values()
    )
    winner = m2["rows"][0]["hospital"]
    cert = client.get(f"/finance/brightspot/runs/{run.pk}/certificates/{winner}/")
    assert "Bright Spot Hospital" in assert_csp_clean(cert)  # print button bound by actions.js
    client.force_login(users["hospital"])
    assert client.get(f"/finance/brightspot/runs/{run.pk}/").status_code == 403
    assert client.get("/finance/brightspot/").status_code == 403


def test_a_full_f1f2_table_pays_exactly_five_million(users, region7):
    """Eight F1 hospitals (Maha Sarakham may nominate only two, so four provinces' worth is
    simulated by lifting the quota check): the seven prizes add to the 5,000,000 budget."""
    from sitthi.rules.finance import brightspot as rules

    c = award.criteria()
    rng = random.Random(3)
    subs = [
        rules.Submission(
            f"4410{i}",
            "44",
            "F1",
            {
                k: (v == "yes") if v in ("yes", "no") else Decimal(v)
                for k, v in _figures(rng).items()
            },
        )
        for i in range(8)
    ]
    awards = rules.award(rules.score_all(subs, c), c)
    assert sum(a.prize for a in awards["F1F2"]) == Decimal("5000000")
    assert [a.prize for a in awards["F1F2"]].count(Decimal("0")) == 1


def test_bad_form_values_get_coded_errors(client, users, region7):
    nhso = Actor.of(users["nhso"])
    n = award.nominate(nhso, "40001", now=NOW)
    with pytest.raises(SitthiError) as info:
        award.save_submission(nhso, n.pk, {"cash_ratio": "Infinity", "eia_met": "maybe"}, now=NOW)
    assert {(i.field, i.code) for i in info.value.items} == {
        ("cash_ratio", "NUMBER_INVALID"),
        ("eia_met", "VALUE_INVALID"),
    }
    client.force_login(users["nhso"])
    response = client.post("/finance/brightspot/", {"action": "withdraw", "nomination": "x"})
    assert response.status_code == 400 and "NUMBER_INVALID" in response.content.decode()
    assert Nomination.objects.count() == 1
