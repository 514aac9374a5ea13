"""The UC fund allocation in the application (issue 6; DOMAIN.md §4, seed
003_efb95171d59d7c5f.txt): versioned fiscal-year configurations from YAML or XLSX, runs over
the registry or files, who may see what, and the command line."""

from __future__ import annotations

import io
from datetime import date, datetime
from decimal import Decimal

import openpyxl
import polars as pl
import pytest
import yaml
from auditlog.models import LogEntry
from django.core.management import call_command
from django.core.management.base import CommandError

from sitthi.allocation import services
from sitthi.allocation.models import FiscalYearConfig, Payment, Run
from sitthi.core.actor import Actor
from sitthi.core.errors import SitthiError
from sitthi.rules.kernel.thaitime import BANGKOK
from tests.conftest import make_cid
from tests.rules.allocation.tiny import SHIPPED, shipped_raw, tiny_raw
from tests.web.pagecheck import assert_csp_clean

pytestmark = pytest.mark.django_db
NOW = datetime(2015, 9, 1, 10, 0, tzinfo=BANGKOK)


def codes(info) -> list[tuple[str, str | None]]:
    return [(i.code, i.field) for i in info.value.items]


def load(users, raw=None, name="fy2559.yaml"):
    data = SHIPPED.read_bytes() if raw is None else yaml.safe_dump(raw, allow_unicode=True).encode()
    return services.load_config(Actor.of(users["nhso"]), data, name, now=NOW)


# -- configurations ---------------------------------------------------------------------------------


def test_the_shipped_year_loads_as_version_1_and_the_same_file_again_changes_nothing(users):
    v1 = load(users)
    assert (v1.fy, v1.version) == (2559, 1)
    cfg = services.fiscal_year(v1)
    capitation = sum(ln.rate for ln in cfg.lines if ln.capitation and ln.within is None)
    assert capitation == Decimal("3028.94")  # FACTS.md, Payment figures
    # the age index is written into the stored version (it no longer depends on the file)
    assert len(v1.raw["op"]["age_index"]["rows"]) == 16
    assert load(users).pk == v1.pk and FiscalYearConfig.objects.count() == 1
    assert LogEntry.objects.get_for_object(v1).get().actor == users["nhso"]
    changed = shipped_raw()
    changed["op"]["qof_per_person"] = "38.00"
    v2 = load(users, changed)
    assert v2.version == 2 and v2.content_hash != v1.content_hash


def test_a_bad_year_is_refused_with_every_problem_and_nothing_is_stored(users):
    raw = shipped_raw()
    raw["op"]["qof_per_person"] = "30.00"  # seed 003: "ไม่น้อยกว่า 37 บาท/ปชก."
    raw["op"]["equal_share_pct"] = 30  # 80 + 30 ≠ 100
    raw["lines"][0]["rate_typo"] = "1"
    with pytest.raises(SitthiError) as info:
        load(users, raw)
    found = {c for c, _ in codes(info)}
    assert {"ALLOC_QOF_BELOW_MINIMUM", "ALLOC_SHARES_NOT_100", "ALLOC_UNKNOWN_KEY"} <= found
    assert all(i.as_dict()["message_th"] and i.as_dict()["message_en"] for i in info.value.items)
    assert not FiscalYearConfig.objects.exists()


def test_only_nhso_loads_a_year(users):
    data = SHIPPED.read_bytes()
    for who in ("hospital", "fund", "ems"):
        with pytest.raises(SitthiError) as info:
            services.load_config(Actor.of(users[who]), data, "fy.yaml", now=NOW)
        assert codes(info) == [("ROLE_FORBIDDEN", None)]
    assert not FiscalYearConfig.objects.exists()


def _xlsx(raw: dict) -> bytes:
    """The tiny year written as the XLSX layout: a 'lines' sheet and a 'rules' sheet."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "lines"
    cols = ["code", "name_th", "name_en", "kind", "rate", "amount", "capitation", "method"]
    ws.append(cols)
    for ln in raw["lines"]:
        ws.append([ln.get(c) for c in cols])
    rules = wb.create_sheet("rules")
    rules.append(["key", "value"])

    def walk(prefix, node):
        for k, v in node.items():
            if k == "lines":
                continue
            key = f"{prefix}{k}"
            if isinstance(v, dict):
                walk(key + ".", v)
            elif isinstance(v, list) and k == "shortfall_from":
                rules.append([key, ",".join(v)])
            elif not isinstance(v, list):
                rules.append([key, v])

    walk("", raw)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_an_xlsx_year_reads_as_the_same_configuration_as_its_yaml(users):
    raw = tiny_raw()
    raw["op"]["age_index"] = "op_age_index_demo.csv"
    from_yaml = load(users, raw, "tiny.yaml")
    raw["op"]["qof_per_person"] = "41.00"  # a different year, so a new version is made
    from_xlsx = services.load_config(Actor.of(users["nhso"]), _xlsx(raw), "tiny.xlsx", now=NOW)
    assert from_xlsx.version == from_yaml.version + 1
    a, b = services.fiscal_year(from_yaml), services.fiscal_year(from_xlsx)
    assert b.op.qof_per_person == Decimal("41.00")
    assert [ln.code for ln in a.lines] == [ln.code for ln in b.lines]
    assert [ln.rate for ln in a.lines] == [ln.rate for ln in b.lines]


def test_a_file_that_is_neither_yaml_nor_xlsx_is_refused(users):
    with pytest.raises(SitthiError) as info:
        services.load_config(Actor.of(users["nhso"]), b"x", "fy.txt", now=NOW)
    assert codes(info) == [("FILE_TYPE", "file")]
    with pytest.raises(SitthiError) as info:
        services.load_config(Actor.of(users["nhso"]), b"fy: [", "fy.yaml", now=NOW)
    assert codes(info) == [("FILE_MALFORMED", "file")]


# -- a run over the registry ------------------------------------------------------------------------


@pytest.fixture
def registered(hospitals):
    """Twelve UC persons registered on 30 Jun 2015 (the FY 2559 count date): eight at the Khon
    Kaen MOPH hospital (province 40, region 7), four at the Bangkok BMA hospital (region 13);
    one more whose right starts after the count date is not counted."""
    from sitthi.registry.models import Person, Right

    def person(n, unit, born, since=date(2010, 1, 1)):
        p = Person.objects.create(
            citizen_id=make_cid(900 + n),
            first_name="ทดสอบ",
            last_name=str(n),
            sex="1",
            birth_date=born,
            province_id=hospitals[unit].province_id,
        )
        Right.objects.create(person=p, fund_id="UCS", main_unit=hospitals[unit], valid_from=since)

    for n in range(8):
        person(n, "khonkaen", date(1950 + 5 * n, 7, 1))
    for n in range(8, 12):
        person(n, "bma", date(2000, 1, 1))
    person(12, "bma", date(2000, 1, 1), since=date(2015, 7, 1))


def service_frame():
    from sitthi.allocation.sources import SERVICE_SCHEMA

    return pl.DataFrame(
        {
            "unit": ["10670", "13001"],
            "qof_score": [Decimal("80.00"), Decimal("60.00")],
            "op_visits": [300, 100],
            "data_quality_score": [Decimal("90.00"), Decimal("90.00")],
            "adjrw": [Decimal("1.5000"), Decimal("0.5000")],
            "psychiatric_patients": [1, 0],
        },
        schema=SERVICE_SCHEMA,
    )


def test_a_run_over_the_registry_pays_every_line_exactly(users, registered):
    version = load(users)
    run = services.run_from_registry(
        Actor.of(users["nhso"]), version, now=NOW, service=service_frame(), service_source="t"
    )
    assert run.persons == 12  # the right starting 1 Jul 2015 is not counted on 30 Jun
    assert LogEntry.objects.get_for_object(run).get().actor == users["nhso"]
    cfg = services.fiscal_year(version)
    lines = {ln["line"]: ln for ln in run.report["lines"]}
    for code, ln in lines.items():
        paid = sum((p.amount for p in Payment.objects.filter(run=run, line=code)), Decimal(0))
        # the run's payments (to units, to other payees, held at NHSO) add up to what the
        # line's reconciliation says, and that is the money the line had
        out = ln["to_units_satang"] + ln["to_others_satang"] + ln["held_satang"]
        assert paid == Decimal(out).scaleb(-2), code
        assert out == ln["available_satang"], code
        assert ln["difference_satang"] == 0
    op = cfg.line("OP")
    assert lines["OP"]["budget_satang"] == int(op.rate * 12 * 100)
    # IP: point value × total AdjRW (2.0) = the IP budget, split 3:1 between the two units
    ip_units = {
        p.payee: p.amount
        for p in Payment.objects.filter(run=run, line="IP", part="drg", payee_kind="unit")
    }
    budget = Decimal(lines["IP"]["available_satang"]).scaleb(-2)
    assert ip_units["10670"] + ip_units["13001"] == budget
    # AdjRW 1.5 : 0.5, so three quarters of it, give or take the one rounding satang
    assert abs(ip_units["10670"] - budget * 3 / 4) <= Decimal("0.01")


def test_who_sees_a_run_and_a_statement(client, users, registered):
    version = load(users)
    run = services.run_from_registry(Actor.of(users["nhso"]), version, now=NOW)
    kk = Actor.of(users["hospital"])
    got_run, rows = services.statement(kk, run.pk, "10670")
    assert got_run == run and {r.payee for r in rows} == {"10670"}
    with pytest.raises(SitthiError) as info:  # another unit's statement: as if absent
        services.statement(kk, run.pk, "13001")
    assert codes(info) == [("NOT_FOUND", None)]
    with pytest.raises(SitthiError) as info:
        services.get_run(kk, run.pk)
    assert codes(info) == [("ROLE_FORBIDDEN", None)]
    with pytest.raises(SitthiError) as info:
        services.run_from_registry(kk, version, now=NOW)
    assert codes(info) == [("ROLE_FORBIDDEN", None)]
    assert Run.objects.count() == 1

    client.force_login(users["hospital"])
    assert client.get(f"/allocation/runs/{run.pk}/").status_code == 403
    assert client.get(f"/allocation/runs/{run.pk}/units/13001/").status_code == 404
    page = client.get(f"/allocation/runs/{run.pk}/units/10670/")
    assert page.status_code == 200 and 'data-testid="statement"' in page.content.decode()
    xlsx = client.get(f"/allocation/runs/{run.pk}/units/10670/?format=xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[-1][0] == "รวม / TOTAL" and Decimal(str(rows[-1][2])) == sum(
        (r.amount for r in services.statement(kk, run.pk, "10670")[1]), Decimal(0)
    )
    assert f"/allocation/runs/{run.pk}/units/10670/" in client.get("/allocation/").content.decode()

    client.force_login(users["fund"])  # a fund reads runs; it cannot load or run
    assert client.get(f"/allocation/runs/{run.pk}/").status_code == 200
    r = client.post(f"/allocation/configs/{version.pk}/")
    assert r.status_code == 403 and Run.objects.count() == 1

    client.force_login(users["nhso"])
    html = assert_csp_clean(client.get(f"/allocation/runs/{run.pk}/"))
    for testid in ("lines", "regions", "provinces", "rates-chart", "money-chart"):
        assert f'data-testid="{testid}"' in html
    book = openpyxl.load_workbook(
        io.BytesIO(client.get(f"/allocation/runs/{run.pk}/export/").content)
    )
    assert book.sheetnames == ["รายการงบ", "เขตสุขภาพ", "จังหวัด", "รายการจ่าย"]
    # a title row, then the header row, then one row per payment
    assert book["รายการจ่าย"].max_row - 2 == Payment.objects.filter(run=run).count()


def test_the_pages_load_a_year_and_run_it(client, users, registered):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(users["nhso"])
    bad = shipped_raw()
    bad["op"]["band_pct"] = -5
    r = client.post(
        "/allocation/",
        {"file": SimpleUploadedFile("bad.yaml", yaml.safe_dump(bad, allow_unicode=True).encode())},
    )
    assert r.status_code == 400 and "ALLOC_" in r.content.decode()
    assert not FiscalYearConfig.objects.exists()
    r = client.post(
        "/allocation/", {"file": SimpleUploadedFile("fy2559.yaml", SHIPPED.read_bytes())}
    )
    version = FiscalYearConfig.objects.get()
    assert r.status_code == 302 and r["Location"] == f"/allocation/configs/{version.pk}/"
    html = client.get(r["Location"]).content.decode()
    assert "3,028.94" in html and "1 ต.ค. 2558" in html and "30 ก.ย. 2559" in html
    csv = "unit,qof_score,op_visits,data_quality_score,adjrw,psychiatric_patients\n10670,80,300,90,1.5,1\n"
    r = client.post(
        f"/allocation/configs/{version.pk}/",
        {"service": SimpleUploadedFile("service.csv", csv.encode())},
    )
    run = Run.objects.get()
    assert r.status_code == 302 and run.inputs_source == "service.csv"
    huge = SimpleUploadedFile("big.csv", b"unit\n" + b"10670\n" * 400_000)  # over 2 MB
    r = client.post(f"/allocation/configs/{version.pk}/", {"service": huge})
    assert r.status_code == 400 and "FILE_TOO_LARGE" in r.content.decode()
    assert Run.objects.count() == 1
    float_csv = "unit,adjrw\n10670,1.23456\n"  # finer than 4 places: refused, no new run
    r = client.post(
        f"/allocation/configs/{version.pk}/",
        {"service": SimpleUploadedFile("s.csv", float_csv.encode())},
    )
    assert r.status_code == 400 and Run.objects.count() == 1


# -- the command line ---------------------------------------------------------------------------------


def from_files(tmp_path) -> list[str]:
    """`sitthi allocate` for FY 2559 from the synthetic country written under tmp_path/in."""
    return [
        "allocate",
        "--fy",
        "2559",
        "--population",
        str(tmp_path / "in" / "population.parquet"),
        "--units",
        str(tmp_path / "in" / "units.parquet"),
        "--out",
        str(tmp_path / "out"),
    ]


def test_the_command_runs_a_synthetic_country_from_files(users, tmp_path, capsys):
    call_command("allocate", "--synthetic", "5000", "--out", str(tmp_path / "in"))
    call_command(
        *from_files(tmp_path),
        "--service",
        str(tmp_path / "in" / "service.parquet"),
        "--save",
        "--user",
        "nhso_officer",
    )
    out = tmp_path / "out" / "fy2559"
    by_unit = pl.read_parquet(out / "by_unit.parquet")
    lines = pl.read_parquet(out / "lines.parquet")
    assert (lines["difference_satang"] == 0).all()
    op = lines.filter(pl.col("line") == "OP").row(0, named=True)
    assert by_unit.filter(pl.col("line") == "OP")["amount_satang"].sum() == op["to_units_satang"]
    book = openpyxl.load_workbook(out / "allocation-fy2559.xlsx", read_only=True)
    assert book.sheetnames == ["lines", "regions", "provinces", "units"]
    run = Run.objects.get()
    assert run.persons == 5000 and run.config.version == 1
    assert "5,000 registered persons" in capsys.readouterr().out
    with pytest.raises(CommandError, match="--population FILE and --units FILE"):
        call_command("allocate", "--fy", "2559")


def test_the_command_takes_dependent_elders_and_cups(users, tmp_path):
    """Seed 003: 5,000 baht per elder to local funds from the 500 M pot; 100,000 per CUP from
    the 100 M pot — both pots can pay in full here, the rest is held at NHSO."""
    call_command("allocate", "--synthetic", "2000", "--out", str(tmp_path / "in"))
    units = pl.read_parquet(tmp_path / "in" / "units.parquet")
    province = units["province"][0]
    (tmp_path / "elders.csv").write_text(f"local_fund,province,elders\nLF1,{province},3\n")
    (tmp_path / "cups.csv").write_text(f"cup\n{units['unit'][0]}\n")
    (tmp_path / "bad.csv").write_text(f"local_fund,province,elders\nLF1,{province},three\n")
    args = from_files(tmp_path)
    with pytest.raises(CommandError, match="NUMBER_INVALID"):
        call_command(*args, "--elders", str(tmp_path / "bad.csv"))
    call_command(
        *args, "--elders", str(tmp_path / "elders.csv"), "--cups", str(tmp_path / "cups.csv")
    )
    payees = pl.read_parquet(tmp_path / "out" / "fy2559" / "by_payee.parquet")
    ltc = {
        (r["payee_kind"], r["payee"]): r["amount_satang"]
        for r in payees.filter(pl.col("line") == "LTC").iter_rows(named=True)
    }
    assert ltc[("local_fund", "LF1")] == 3 * 5_000_00
    assert ltc[("cup", units["unit"][0])] == 100_000_00


def test_figures_changed_on_the_page_make_a_new_version_checked_whole(client, users):
    v1 = load(users)
    client.force_login(users["nhso"])
    page = client.get(f"/allocation/configs/{v1.pk}/").content.decode()
    assert 'name="lines.OP.rate"' in page and 'name="op.qof_per_person"' in page
    r = client.post(
        f"/allocation/configs/{v1.pk}/",
        {"action": "edit", "op.qof_per_person": "36.99", "was:op.qof_per_person": "37.00"},
    )
    assert r.status_code == 400 and "ALLOC_QOF_BELOW_MINIMUM" in r.content.decode()
    assert FiscalYearConfig.objects.count() == 1
    # a rate that no longer adds up to the stated total is refused …
    r = client.post(
        f"/allocation/configs/{v1.pk}/",
        {"action": "edit", "lines.OP.rate": "1110.00", "was:lines.OP.rate": "1103.92"},
    )
    assert r.status_code == 400 and "ALLOC_LINES_DO_NOT_ADD_UP" in r.content.decode()
    # … and accepted with the total changed with it (1,110.00 − 1,103.92 = 6.08 more)
    r = client.post(
        f"/allocation/configs/{v1.pk}/",
        {
            "action": "edit",
            "lines.OP.rate": "1110.00",
            "was:lines.OP.rate": "1103.92",
            "totals.capitation_per_person": "3035.02",
            "lines.IP.rate": "1060.14",  # unchanged: not sent on as a change
            "was:lines.IP.rate": "1060.14",
        },
    )
    assert r.status_code == 302, r.content.decode()[-3000:]
    v2 = FiscalYearConfig.objects.get(version=2)
    assert r["Location"] == f"/allocation/configs/{v2.pk}/"
    assert services.fiscal_year(v2).line("OP").rate == Decimal("1110.00")
    assert services.fiscal_year(v2).line("IP").rate == Decimal("1060.14")
    assert v2.filename == "edited from v1"
    # a hospital cannot change a year
    client.force_login(users["hospital"])
    r = client.post(f"/allocation/configs/{v2.pk}/", {"action": "edit", "lines.OP.rate": "1"})
    assert r.status_code == 403 and FiscalYearConfig.objects.count() == 2


def test_a_capitation_that_differs_from_the_parameter_is_shown_not_refused(client, users):
    """uc.capitation_per_person (FY 2559: 3,028.94, FACTS.md "Payment figures"; seed 003) is the
    published rate; a what-if year at 3,035.02 is kept, and its page says it differs."""
    v1 = load(users)
    client.force_login(users["nhso"])
    page = client.get(f"/allocation/configs/{v1.pk}/").content.decode()
    assert 'data-testid="notice"' not in page  # the shipped year agrees
    r = client.post(
        f"/allocation/configs/{v1.pk}/",
        {
            "action": "edit",
            "lines.OP.rate": "1110.00",
            "was:lines.OP.rate": "1103.92",
            "totals.capitation_per_person": "3035.02",
        },
    )
    assert r.status_code == 302
    v2 = FiscalYearConfig.objects.get(version=2)
    page = client.get(f"/allocation/configs/{v2.pk}/").content.decode()
    assert 'data-testid="notice"' in page
    assert "ALLOC_CAPITATION_DIFFERS_FROM_PARAMETER" in page and "3035.02 ≠ 3028.94" in page
    assert [n.code for n in services.notices(services.fiscal_year(v2))] == [
        "ALLOC_CAPITATION_DIFFERS_FROM_PARAMETER"
    ]
