"""`sitthi demo-data`: deterministic synthetic reference rows, accounts, persons and rights.

The register is loaded once for the module (N = 1500) inside a transaction that is rolled back
when the module ends, so other test modules still start from an empty register."""

from __future__ import annotations

from datetime import date
from io import StringIO

import polars as pl
import pytest
from auditlog.context import disable_auditlog
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.test import override_settings

from sitthi.core.models import BatchRun, User
from sitthi.registry import demo
from sitthi.registry.models import Agency, Contract, Hospital, Person, Province, Region, Right
from sitthi.registry.services import right_on
from sitthi.rules.citizen_id import problem, problem_expr

N, SEED = 1500, 11
TODAY = date.today()


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    """The command's printed report; the data stays until the module ends."""
    # tests/conftest.py hashes passwords with MD5 in every test; store them the same way.
    fast = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
    with django_db_blocker.unblock(), transaction.atomic(), fast:
        out = StringIO()
        call_command("demo_data", persons=N, seed=SEED, stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


def rights_frame() -> pl.DataFrame:
    rows = Right.objects.values_list(
        "person_id", "fund_id", "valid_from", "valid_until", "main_unit_id", "agency_id"
    )
    return pl.DataFrame(
        list(rows),
        orient="row",
        schema={
            "person_id": pl.Int64,
            "fund": pl.String,
            "valid_from": pl.Date,
            "valid_until": pl.Date,
            "main_unit": pl.String,
            "agency": pl.String,
        },
    )


# --- determinism --------------------------------------------------------------------------


@pytest.mark.django_db
def test_same_seed_gives_the_same_rows_and_another_seed_other_persons():
    ref = demo.build_reference(demo.province_rows())
    again = demo.build_reference(demo.province_rows())
    assert [h.hcode for h in ref.hospitals] == [h.hcode for h in again.hospitals]
    assert ref.contracts == again.contracts

    persons, rights = demo.build_persons(N, 7, ref)
    persons2, rights2 = demo.build_persons(N, 7, again)
    assert persons.equals(persons2) and rights.equals(rights2)

    other, _ = demo.build_persons(N, 8, ref)
    shared = set(persons["citizen_id"]) & set(other["citizen_id"])
    assert len(shared) < N // 100
    assert not persons["first_name"].equals(other["first_name"])


@pytest.mark.django_db
def test_loaded_hospital_codes_are_the_reference_codes(loaded):
    ref = demo.build_reference(demo.province_rows())
    assert list(Hospital.objects.values_list("hcode", flat=True)) == [
        h.hcode for h in ref.hospitals
    ]


# --- persons --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_every_generated_citizen_id_is_valid_and_unique(loaded):
    ids = pl.DataFrame({"cid": list(Person.objects.values_list("citizen_id", flat=True))})
    assert ids.height == N + len(demo.SHOWCASE)
    assert ids["cid"].n_unique() == ids.height
    assert ids.select(problem_expr("cid").is_null().all()).item()
    assert set(ids["cid"].str.slice(0, 1)) <= set("12345678")


@pytest.mark.django_db
def test_persons_look_like_people(loaded):
    people = pl.DataFrame(
        list(Person.objects.values("title", "sex", "birth_date", "province_id", "first_name"))
    )
    assert set(people["sex"]) == {"1", "2"}
    assert set(people["title"]) == {"นาย", "นาง", "นางสาว", "เด็กชาย", "เด็กหญิง"}
    assert people["birth_date"].min() >= date(1935, 1, 1)
    assert people["birth_date"].max() <= date(2024, 12, 31)
    by_sex = people.group_by("title").agg(pl.col("sex").unique())
    assert {t: set(s) for t, s in by_sex.iter_rows()} == {
        "นาย": {"1"},
        "เด็กชาย": {"1"},
        "นาง": {"2"},
        "นางสาว": {"2"},
        "เด็กหญิง": {"2"},
    }
    assert people["province_id"].n_unique() > 60
    assert people["first_name"].n_unique() > 200


# --- reference rows -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_hospitals_cover_every_province_and_region(loaded):
    assert Province.objects.count() == 77
    assert not Province.objects.filter(hospitals__isnull=True).exists()
    assert Hospital.objects.values("province__region").distinct().count() == Region.objects.count()
    assert all(
        len(h) == 5 and h.isdigit() for h in Hospital.objects.values_list("hcode", flat=True)
    )
    for province in Province.objects.exclude(code="10"):
        kinds = [h.hcode[0] for h in province.hospitals.all()]
        assert kinds.count("1") >= 1 and 2 <= kinds.count("2") <= 3 and kinds.count("5") >= 1


@pytest.mark.django_db
def test_transfer_back_groups_are_15_6_and_7(loaded):
    groups = {g: Hospital.objects.filter(transfer_back_group=g) for g in (1, 2, 3)}
    assert [groups[g].count() for g in (1, 2, 3)] == [15, 6, 7]
    assert set(groups[1].values_list("level", flat=True)) <= {"A", "S"}
    assert groups[1].filter(agency__isnull=False).count() > 7  # mostly under agencies
    assert not groups[3].exclude(moph=True).exists()
    assert set(groups[3].values_list("province_id", flat=True)) == {"11", "12", "13", "73", "74"}
    assert 8 <= Hospital.objects.filter(province_id="10", ownership="private").count() <= 12


@pytest.mark.django_db
def test_every_hospital_passes_full_clean(loaded):
    for hospital in Hospital.objects.select_related("province"):
        hospital.full_clean()


@pytest.mark.django_db
def test_contracts(loaded):
    public = Hospital.objects.filter(ownership="public")
    for fund, start in (("UCS", date(2002, 10, 1)), ("OFC", date(2010, 1, 1))):
        assert public.exclude(contracts__fund=fund, contracts__valid_from=start).count() == 0
    assert (
        not Hospital.objects.filter(hcode__startswith="1").exclude(contracts__fund="SSS").exists()
    )
    ended = Contract.objects.get(hospital_id=demo.HOSP_PRIVATE_ENDED)
    assert ended.fund_id == "SSS" and ended.valid_until == date(2023, 12, 31) < TODAY
    assert Contract.objects.get(hospital_id=demo.HOSP_PRIVATE_SSS).valid_until is None
    private = Hospital.objects.filter(ownership="private")
    with_sss = private.filter(contracts__fund="SSS").distinct().count()
    with_ucs = private.filter(contracts__fund="UCS").distinct().count()
    assert 0.3 < with_sss / private.count() < 0.7
    assert 0.15 < with_ucs / private.count() < 0.5
    uncontracted = private.filter(contracts__isnull=True)
    assert set(uncontracted.values_list("province__region", flat=True)) == set(range(1, 14))


@pytest.mark.django_db
def test_agencies_with_and_without_hospitals(loaded):
    assert Agency.objects.filter(own_hospital__isnull=False).count() >= 4
    assert Agency.objects.filter(own_hospital__isnull=True).count() >= 3
    for agency in Agency.objects.filter(own_hospital__isnull=False):
        assert agency.own_hospital.agency_id == agency.code
        assert agency.code.isupper()


@pytest.mark.django_db
def test_reference_and_accounts_are_idempotent(loaded):
    counts = (
        Agency.objects.count(),
        Hospital.objects.count(),
        Contract.objects.count(),
        User.objects.count(),
        LogEntry.objects.count(),
    )
    demo.load_reference(demo.build_reference(demo.province_rows()))
    assert not any(created for _, created in demo.ensure_users())
    assert counts == (
        Agency.objects.count(),
        Hospital.objects.count(),
        Contract.objects.count(),
        User.objects.count(),
        LogEntry.objects.count(),
    )


# --- rights ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_no_person_has_overlapping_rights(loaded):
    rights = rights_frame().sort("person_id", "valid_from")
    pairs = rights.with_columns(next_from=pl.col("valid_from").shift(-1).over("person_id"))
    clashes = pairs.filter(
        pl.col("next_from").is_not_null()
        & (pl.col("valid_until").is_null() | (pl.col("valid_until") >= pl.col("next_from")))
    )
    assert clashes.height == 0
    assert (rights["valid_until"].is_null() | (rights["valid_until"] >= rights["valid_from"])).all()


@pytest.mark.django_db
def test_main_units_have_the_funds_contract_on_the_rights_start(loaded):
    contracts = pl.DataFrame(
        list(Contract.objects.values_list("hospital_id", "fund_id", "valid_from", "valid_until")),
        orient="row",
        schema={"main_unit": pl.String, "fund": pl.String, "c_from": pl.Date, "c_until": pl.Date},
    )
    rights = rights_frame().filter(pl.col("fund").is_in(["UCS", "SSS"])).with_row_index()
    assert rights["main_unit"].null_count() == 0
    covered = rights.join(contracts, on=["main_unit", "fund"]).filter(
        (pl.col("c_from") <= pl.col("valid_from"))
        & (pl.col("c_until").is_null() | (pl.col("c_until") >= pl.col("valid_from")))
    )
    assert covered["index"].n_unique() == rights.height
    ucs_units = set(rights.filter(pl.col("fund") == "UCS")["main_unit"])
    assert not Hospital.objects.filter(hcode__in=ucs_units).exclude(ownership="public").exists()
    # A UCS unit is in the person's own province.
    homes = dict(Person.objects.values_list("id", "province_id"))
    unit_province = dict(Hospital.objects.values_list("hcode", "province_id"))
    for person_id, fund, _, _, unit, _ in rights.drop("index").iter_rows():
        if fund == "UCS":
            assert unit_province[unit] == homes[person_id]


@pytest.mark.django_db
def test_csmbs_rights_name_an_agency(loaded):
    ofc = rights_frame().filter(pl.col("fund") == "OFC")
    assert ofc.height > 0
    assert ofc["agency"].null_count() == 0 and ofc["main_unit"].null_count() == ofc.height
    assert not Right.objects.exclude(fund_id="OFC").filter(agency__isnull=False).exists()


@pytest.mark.django_db
def test_fund_shares_and_histories(loaded):
    rights = rights_frame()
    current = rights.sort("valid_from").group_by("person_id").last()
    share = current["fund"].value_counts(normalize=True)
    share = dict(zip(share["fund"], share["proportion"], strict=True))
    assert 0.60 < share["UCS"] < 0.76 and 0.16 < share["SSS"] < 0.28
    assert 0.05 < share["OFC"] < 0.11 and 0.005 < share["LGO"] < 0.04
    persons = current.height
    with_history = rights["person_id"].is_duplicated().sum() / 2
    assert 0.07 < with_history / persons < 0.13
    no_right_today = current.filter(pl.col("valid_until").is_not_null()).height
    assert 0 < no_right_today / persons < 0.03
    assert rights["valid_from"].max() <= TODAY


# --- showcase persons, accounts, the run -------------------------------------------------------


def test_showcase_ids_are_valid_and_distinct():
    ids = [s.citizen_id for s in demo.SHOWCASE]
    assert len(set(ids)) == len(ids) == 6
    assert all(problem(cid) is None for cid in ids)
    for cid, description_th, description_en in demo.SHOWCASE:
        assert cid and description_th and description_en


@pytest.mark.django_db
def test_showcase_persons_behave_as_described(loaded):
    def person(cid):
        return Person.objects.get(citizen_id=cid)

    uc = right_on(person(demo.CID_UC), TODAY)
    assert uc.fund_id == "UCS" and uc.main_unit_id == demo.HOSP_PUBLIC
    assert User.objects.get(username="hosp_public").hospital_id == demo.HOSP_PUBLIC

    sss = right_on(person(demo.CID_SSS), TODAY)
    assert (
        sss.fund_id == "SSS" and sss.main_unit.contracts.in_force(TODAY).filter(fund="SSS").exists()
    )

    own = right_on(person(demo.CID_CSMBS_OWN_HOSPITAL), TODAY)
    assert own.fund_id == "OFC" and own.agency.own_hospital is not None
    none = right_on(person(demo.CID_CSMBS_NO_HOSPITAL), TODAY)
    assert none.fund_id == "OFC" and none.agency.own_hospital is None

    switched = person(demo.CID_SSS_TO_UC)
    assert right_on(switched, date(2023, 6, 30)).fund_id == "SSS"
    assert right_on(switched, date(2023, 7, 1)).fund_id == "UCS"
    assert right_on(switched, TODAY).fund_id == "UCS"

    lapsed = person(demo.CID_NO_RIGHT)
    assert lapsed.rights.exists() and right_on(lapsed, TODAY) is None

    for cid, *_ in demo.SHOWCASE:
        for right in person(cid).rights.all():
            right.full_clean()


@pytest.mark.django_db
def test_demo_accounts(loaded):
    users = {u.username: u for u in User.objects.select_related("hospital__province")}
    assert {u.username for u in demo.DEMO_USERS} <= set(users)
    assert users["admin"].role == "admin" and users["admin"].is_superuser
    assert {users[n].role for n in ("nhso", "ems")} == {"nhso", "ems"}
    assert [users[n].fund_id for n in ("fund_uc", "fund_sss", "fund_csmbs")] == [
        "UCS",
        "SSS",
        "OFC",
    ]
    public = users["hosp_public"].hospital
    assert public.moph and public.province.region_id != 13 and public.level in ("A", "S")
    private = users["hosp_private"].hospital
    assert private.ownership == "private" and private.province_id == "10"
    assert not private.contracts.exists()
    for spec in demo.DEMO_USERS:
        user = users[spec.username]
        assert user.check_password(demo.DEMO_PASSWORD)
        user.full_clean()


@pytest.mark.django_db
def test_report_lists_logins_and_showcase(loaded):
    for username in ("admin", "hosp_public", "hosp_private", "fund_csmbs"):
        assert username in loaded
    assert demo.DEMO_PASSWORD in loaded
    for s in demo.SHOWCASE:
        assert s.citizen_id in loaded


@pytest.mark.django_db
def test_a_batch_run_is_recorded_and_audited(loaded):
    run = BatchRun.objects.get(kind="demo-data")
    assert run.parameters == {"persons": N, "seed": SEED}
    assert run.rows == Person.objects.count() + Right.objects.count()
    assert run.started_at <= run.finished_at
    assert LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(BatchRun), object_pk=str(run.pk)
    ).exists()


@pytest.mark.django_db
def test_refuses_when_the_register_holds_persons(loaded):
    before = (Person.objects.count(), Right.objects.count(), BatchRun.objects.count())
    with pytest.raises(CommandError, match="already holds"):
        call_command("demo_data", persons=10, seed=1, stdout=StringIO())
    out = StringIO()
    call_command("demo_data", persons=10, seed=1, if_empty=True, stdout=out)
    assert "already loaded" in out.getvalue()
    assert before == (Person.objects.count(), Right.objects.count(), BatchRun.objects.count())


@pytest.mark.django_db
def test_zero_persons_still_loads_the_showcase(loaded):
    with disable_auditlog():  # empty the register (rolled back after the test)
        Person.objects.all().delete()
    call_command("demo_data", persons=0, seed=1, stdout=StringIO(), verbosity=0)
    assert Person.objects.count() == len(demo.SHOWCASE)
    assert set(Person.objects.values_list("citizen_id", flat=True)) == {
        s.citizen_id for s in demo.SHOWCASE
    }
