"""Each programme prices from its own dated schedule (issue 13, "COVID-19 rates beside the EMS
fee schedule": "004 step 8 pays COVID-19 yellow/red care by the annex to the COVID criteria; the
EMS schedule and the annex may share item codes. Each programme prices from its own schedule
(dated), never from a merge where a shared code becomes ambiguous").

Seed 004_0cb97de555201e57.txt step 8: "กองทุนของผู้มีสิทธิได้รับการรักษาพยาบาลตามกฎหมาย
ต้องจ่ายค่าใช้จ่ายในอัตราตามบัญชีและอัตราค่าใช้จ่ายแนบท้ายหลักเกณฑ์ วิธีการ และเงื่อนไข"; seed
001_9fcdabf8e5dd4edb.txt §2 step 4: other UCEP care "ในอัตราที่ สพฉ. กำหนดประกาศอัตราค่าบริการ
การแพทย์ฉุกเฉิน (Fee schedule)". Neither annex nor EMS item rates are in our sources (FACTS.md):
both shipped tables are illustrative."""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sitthi.rules.claims import schema
from sitthi.rules.claims.price import price
from sitthi.rules.claims.tariff import (
    COVID_ANNEX_PATH,
    ILLUSTRATIVE_PATH,
    TariffError,
    TariffFileError,
    check_tariff,
    claim_programmes,
    combine,
    read_tariff,
    shipped_tariff,
)
from sitthi.rules.claims.validate import validate
from tests.rules.claims.builders import at, claim, dx, fact, line, tariff_row

STEP_8 = "ต้องจ่ายค่าใช้จ่ายในอัตราตามบัญชีและอัตราค่าใช้จ่ายแนบท้ายหลักเกณฑ์ วิธีการ และเงื่อนไข"
UCEP_PLUS_FROM = date(2022, 3, 16)  # seed 004: "มีผลบังคับใช้ตั้งแต่วันที่ 16 มีนาคม 2565"
WITH_PROGRAMME = {**schema.CLAIMS, **schema.PROGRAMME}


def claims_frame(*rows: dict) -> pl.DataFrame:
    return pl.DataFrame([{"programme": None, **r} for r in rows], schema=WITH_PROGRAMME)


def lines_frame(*rows: dict) -> pl.DataFrame:
    return pl.DataFrame(list(rows), schema=schema.LINES)


def unit_prices(out: pl.DataFrame) -> dict[int, tuple[str, int]]:
    return {r["claim_id"]: (r["schedule"], r["unit_price_satang"]) for r in out.to_dicts()}


# --- the shipped annex ------------------------------------------------------------------------


def test_the_shipped_annex_is_dated_from_ucep_plus_labelled_and_cites_step_8():
    annex = read_tariff(COVID_ANNEX_PATH)
    assert set(annex["programme"]) == {"ucep_covid"}
    assert set(annex["schedule"]) == {"ucep-covid-annex-illustrative"}
    assert set(annex["valid_from"]) == {UCEP_PLUS_FROM}
    assert annex["illustrative"].all()
    assert all(s.startswith("illustrative demo price") and STEP_8 in s for s in annex["source"])
    assert all("004_0cb97de555201e57.txt step 8" in s for s in annex["source"])
    ems = read_tariff(ILLUSTRATIVE_PATH).filter(pl.col("programme") == "ucep")
    shared = annex.join(ems, on="item_code", suffix="_ems")
    assert shared.height >= 1
    assert (shared["unit_price_satang"] != shared["unit_price_satang_ems"]).all()


def test_every_shipped_schedule_together_is_unambiguous():
    t = shipped_tariff()
    check_tariff(t)
    assert set(t["programme"]) == {"general", "ucep", "ucep_covid"}


# --- a shared code, priced per programme ------------------------------------------------------


def test_a_shared_code_is_priced_by_each_programme_from_its_own_schedule():
    """1002 (ICU room, a day) is in the EMS schedule and in the annex at different prices. A
    general UCEP claim pays the EMS price, the billing of a COVID-19 yellow/red episode
    (programme ``ucep_covid``) the annex price, an inpatient claim the general programme's —
    in one batch and each alone alike."""
    t = shipped_tariff()
    served = at(2022, 4, 1, 9)
    claims = claims_frame(
        claim(1, service_type="UCEP"),
        claim(2, service_type="UCEP", programme="ucep_covid"),
        claim(3, service_type="IP"),
    )
    lines = lines_frame(
        *(line(c, item_code="1002", quantity_milli=1000, served_at=served) for c in (1, 2, 3))
    )
    expected = {
        1: ("ucep-illustrative", 450000),
        2: ("ucep-covid-annex-illustrative", 750000),
        3: ("ucep-illustrative", 450000),
    }
    assert unit_prices(price(claims, lines, t)) == expected
    for cid in (1, 2, 3):
        alone = price(claims.filter(pl.col("claim_id") == cid), lines, t)
        assert unit_prices(alone) == {cid: expected[cid]}


def test_the_programme_comes_from_the_service_type_unless_the_claim_names_one():
    claims = claims_frame(
        claim(1, service_type="UCEP"),
        claim(2, service_type="UCEP", programme="ucep_covid"),
        claim(3, service_type="OP"),
        claim(4, service_type="HICI"),
        claim(5, service_type="COVID_BODY"),
        claim(6, service_type="XX"),
    )
    got = dict(claim_programmes(claims).collect().iter_rows())
    assert got == {
        1: "ucep",
        2: "ucep_covid",
        3: "general",
        4: "general",
        5: "general",
        6: None,
    }
    # A frame without the optional column (the file readers') takes the service type's.
    plain = pl.DataFrame([claim(1, service_type="UCEP")], schema=schema.CLAIMS)
    assert dict(claim_programmes(plain).collect().iter_rows()) == {1: "ucep"}


# --- uniqueness of (programme, code, dates) --------------------------------------------------


def test_a_duplicated_programme_code_and_overlapping_dates_still_raises():
    a = tariff_row("X", 100, date(2022, 1, 1), programme="ucep", schedule="one")
    b = tariff_row("X", 200, date(2022, 6, 1), programme="ucep", schedule="two")
    with pytest.raises(TariffError, match="two rows of one programme"):
        check_tariff(pl.DataFrame([a, b], schema=schema.TARIFF))
    # the same code in two programmes is not ambiguous
    other = {**b, "programme": "ucep_covid"}
    check_tariff(pl.DataFrame([a, other], schema=schema.TARIFF))
    # one programme, dates that do not share a day: a price change, not a duplicate
    closed = {**a, "valid_until": date(2022, 5, 31)}
    check_tariff(pl.DataFrame([closed, b], schema=schema.TARIFF))
    # the annex loaded twice under two schedule names is ambiguous within ucep_covid
    twice = read_tariff(COVID_ANNEX_PATH).with_columns(schedule=pl.lit("annex-copy"))
    with pytest.raises(TariffError):
        combine(shipped_tariff(), twice)


def test_an_unknown_or_missing_programme_is_refused():
    row = tariff_row("X", 100, date(2022, 1, 1))
    for bad in ("", "covid", None):
        with pytest.raises(TariffError):
            check_tariff(pl.DataFrame([{**row, "programme": bad}], schema=schema.TARIFF))


HEADER = "schedule,item_code,category,description,unit,unit_price,valid_from,source,programme"


def read(*rows: str):
    return read_tariff(("\n".join([HEADER, *rows]) + "\n").encode())


def test_a_schedule_file_declares_its_programmes():
    both = read("s,A1,1,d,u,100,2022-01-01,src,general ucep")
    assert sorted(both["programme"]) == ["general", "ucep"]
    assert read("s,A1,1,d,u,100,2022-01-01,src,")["programme"].to_list() == ["general"]
    with pytest.raises(TariffFileError) as info:
        read(
            "s,A1,1,d,u,100,2022-01-01,src,ucep",
            "s,A2,1,d,u,100,2022-01-01,src,ucep_covid",  # one schedule, another programme
            "t,A3,1,d,u,100,2022-01-01,src,covid",  # no such programme
        )
    assert [(p["row"], p["field"], p["code"]) for p in info.value.problems] == [
        (3, "programme", "VALUE_INVALID"),
        (4, "programme", "VALUE_INVALID"),
    ]
    with pytest.raises(TariffFileError) as info:
        read("s,A1,1,d,u,100,2022-01-01,src,ucep", "s,A1,1,d,u,200,2022-06-01,src,ucep")
    assert [p["code"] for p in info.value.problems] == ["DUPLICATE_IN_FILE"]


# --- no row of another programme ----------------------------------------------------------------


def test_a_claim_of_one_programme_never_uses_another_programmes_row():
    """CV01 is only in the annex: a general UCEP claim cannot be priced by it (ITEM_UNKNOWN),
    nor an inpatient claim; the COVID-19 billing is."""
    t = shipped_tariff()
    served = at(2022, 4, 1, 9)
    claims = claims_frame(
        claim(1, service_type="UCEP"),
        claim(2, service_type="UCEP", programme="ucep_covid"),
        claim(3, service_type="IP"),
    )
    lines = lines_frame(
        *(line(c, item_code="CV01", quantity_milli=1000, served_at=served) for c in (1, 2, 3))
    )
    out = price(claims, lines, t)
    assert out["claim_id"].to_list() == [2]
    errors = validate(
        claims,
        pl.DataFrame([fact(c, contract_funds=[]) for c in (1, 2, 3)], schema=schema.CLAIM_FACTS),
        pl.DataFrame([dx(c) for c in (1, 2, 3)], schema=schema.DIAGNOSES),
        lines,
        t,
    )
    unknown = errors.filter(pl.col("code") == "ITEM_UNKNOWN")
    assert unknown["claim_id"].to_list() == [1, 3]


PROGRAMMES = ("general", "ucep", "ucep_covid")


@st.composite
def programme_batch(draw):
    """A tariff where each programme has its own rows (schedule = programme name) for codes
    drawn from a small shared pool, often the same codes at other prices; claims of random
    service types and named programmes; lines of random codes."""
    codes = ["A", "B", "C", "D"]
    rows = []
    for programme in PROGRAMMES:
        for code in draw(st.lists(st.sampled_from(codes), unique=True, max_size=4)):
            start = date(2022, 1, 1) + timedelta(days=draw(st.integers(0, 60)))
            rows.append(
                tariff_row(
                    code,
                    draw(st.integers(1, 10**6)),
                    start,
                    schedule=programme,
                    programme=programme,
                )
            )
    tariff = pl.DataFrame(rows, schema=schema.TARIFF)
    kinds = st.sampled_from(
        [("UCEP", None), ("UCEP", "ucep_covid"), ("UCEP", "ucep"), ("IP", None), ("OP", None)]
    )
    n_claims = draw(st.integers(1, 6))
    claims = claims_frame(
        *(
            claim(c, service_type=k[0], programme=k[1])
            for c, k in zip(
                range(1, n_claims + 1),
                draw(st.lists(kinds, min_size=n_claims, max_size=n_claims)),
                strict=True,
            )
        )
    )
    n = draw(st.integers(1, 30))
    lines = lines_frame(
        *(
            line(
                draw(st.integers(1, n_claims)),
                i,
                item_code=draw(st.sampled_from(codes)),
                served_at=at(2022, 1, 1) + timedelta(days=draw(st.integers(0, 90))),
            )
            for i in range(1, n + 1)
        )
    )
    return claims, lines, tariff


@settings(max_examples=100, deadline=None)
@given(programme_batch())
def test_in_any_batch_each_line_is_priced_by_its_claims_programme_only(batch):
    """Priced together or claim by claim against its programme's rows alone, the answer is the
    same, and every priced line names its own programme's schedule."""
    claims, lines, tariff = batch
    out = price(claims, lines, tariff)
    own = dict(claim_programmes(claims).collect().iter_rows())
    assert all(r["schedule"] == own[r["claim_id"]] for r in out.to_dicts())
    parts = [
        price(
            claims.filter(pl.col("claim_id") == cid),
            lines,
            tariff.filter(pl.col("programme") == own[cid]),
        )
        for cid in claims["claim_id"]
    ]
    alone = pl.concat(parts).sort("claim_id", "line_no")
    assert out.sort("claim_id", "line_no").equals(alone)


# --- the date of service picks the version ------------------------------------------------------


def test_the_service_date_picks_the_schedule_version():
    """The annex is in force from 16 March 2022 (Bangkok): COVID-19 care the day before has no
    annex row (ITEM_NOT_IN_FORCE), while the EMS schedule prices a general UCEP claim that day.
    A revised annex row is priced by the version in force on the service date."""
    revised = read_tariff(COVID_ANNEX_PATH).with_columns(
        valid_until=pl.when(pl.col("item_code") == "1002")
        .then(pl.lit(date(2022, 6, 30)))
        .otherwise(pl.col("valid_until"))
    )
    later = revised.filter(pl.col("item_code") == "1002").with_columns(
        valid_from=pl.lit(date(2022, 7, 1)),
        valid_until=pl.lit(None, pl.Date),
        unit_price_satang=pl.lit(800000, pl.Int64),
    )
    t = combine(read_tariff(ILLUSTRATIVE_PATH), revised, later)
    before = at(2022, 3, 15, 23, 59, 59, 999999)
    cases = [  # (claim id, programme, served, expected unit price or None)
        (1, "ucep_covid", before, None),
        (2, "ucep_covid", at(2022, 3, 16), 750000),
        (3, "ucep_covid", at(2022, 6, 30, 23, 59), 750000),
        (4, "ucep_covid", at(2022, 7, 1), 800000),
        (5, None, before, 450000),
    ]
    claims = claims_frame(
        *(
            claim(
                c,
                service_type="UCEP",
                programme=p,
                admitted_at=s - timedelta(hours=1),
                discharged_at=s + timedelta(hours=1),
            )
            for c, p, s, _ in cases
        )
    )
    lines = lines_frame(
        *(line(c, item_code="1002", quantity_milli=1000, served_at=s) for c, _, s, _ in cases)
    )
    got = {r["claim_id"]: r["unit_price_satang"] for r in price(claims, lines, t).to_dicts()}
    assert got == {c: p for c, _, _, p in cases if p is not None}
    errors = validate(
        claims,
        pl.DataFrame([fact(c, contract_funds=[]) for c, *_ in cases], schema=schema.CLAIM_FACTS),
        pl.DataFrame([dx(c) for c, *_ in cases], schema=schema.DIAGNOSES),
        lines,
        t,
    )
    assert errors.select("claim_id", "code").rows() == [(1, "ITEM_NOT_IN_FORCE")]


def test_a_programme_with_no_schedule_prices_nothing_and_says_why():
    """Before NHSO loads the annex, a COVID-19 billing has no row to be priced by: never the
    EMS price of the same code."""
    t = read_tariff(ILLUSTRATIVE_PATH)
    claims = claims_frame(claim(1, service_type="UCEP", programme="ucep_covid"))
    lines = lines_frame(line(1, item_code="1002"))  # in the stay, in force in the EMS schedule
    assert price(claims, lines, t).is_empty()
    errors = validate(
        claims,
        pl.DataFrame([fact(1, contract_funds=[])], schema=schema.CLAIM_FACTS),
        pl.DataFrame([dx(1)], schema=schema.DIAGNOSES),
        lines,
        t,
    )
    assert errors.select("line_no", "code").rows() == [(1, "ITEM_UNKNOWN")]
