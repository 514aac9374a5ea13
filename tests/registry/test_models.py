"""Reference-data rules enforced on save in the admin (model clean)."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from sitthi.registry.models import Hospital, Province, Region, Right

pytestmark = pytest.mark.django_db


def test_reference_data_is_loaded_by_migration():
    """FACTS.md "NHSO regions": 77 provinces over 13 regions; 13 is Bangkok only."""
    assert Province.objects.count() == 77
    assert Region.objects.count() == 13
    assert list(Province.objects.filter(region=13).values_list("code", flat=True)) == ["10"]
    assert Province.objects.filter(region=4).count() == 8
    perimeter = set(Province.objects.filter(bangkok_perimeter=True).values_list("code", flat=True))
    assert perimeter == {"11", "12", "13", "73", "74"}
    assert Province.objects.get(code="40").name_th == "ขอนแก่น"


def test_overlapping_rights_are_refused(person):
    """DOMAIN.md: a person has one main right at a time."""
    r = Right(person=person, fund_id="UCS", valid_from=date(2023, 6, 30))
    with pytest.raises(ValidationError):
        r.full_clean()
    Right(
        person=person, fund_id="LGO", valid_from=date(2010, 1, 1), valid_until=date(2014, 12, 31)
    ).full_clean()


def test_csmbs_right_needs_an_agency(person):
    person.rights.all().delete()
    with pytest.raises(ValidationError) as info:
        Right(person=person, fund_id="OFC", valid_from=date(2024, 1, 1)).full_clean()
    assert "agency" in info.value.message_dict


def test_dates_out_of_order(person):
    person.rights.all().delete()
    with pytest.raises(ValidationError):
        Right(
            person=person, fund_id="UCS", valid_from=date(2024, 1, 2), valid_until=date(2024, 1, 1)
        ).full_clean()


@pytest.mark.parametrize(
    ("fields", "error_field"),
    [
        ({"ownership": "private", "moph": True, "province_id": "10"}, "ownership"),
        ({"ownership": "public", "province_id": "10"}, "agency"),
        (
            {"ownership": "private", "province_id": "10", "transfer_back_group": 1},
            "transfer_back_group",
        ),
        (
            {"ownership": "public", "moph": True, "province_id": "40", "transfer_back_group": 1},
            "transfer_back_group",
        ),
        (
            {"ownership": "public", "moph": True, "province_id": "10", "transfer_back_group": 3},
            "transfer_back_group",
        ),
    ],
)
def test_hospital_affiliation_and_transfer_back_groups(db, fields, error_field):
    """Seed 001 "แนวทางรับย้ายกลับ รพ. รัฐ": groups 1–2 are Bangkok state hospitals, group 3
    general hospitals in the perimeter."""
    h = Hospital(hcode="55555", name_th="ทดสอบ", **fields)
    with pytest.raises(ValidationError) as info:
        h.full_clean()
    assert error_field in info.value.message_dict


def test_a_perimeter_general_hospital_may_be_group_three(db):
    Hospital(
        hcode="55556",
        name_th="รพ.ทดสอบนนทบุรี",
        ownership="public",
        moph=True,
        province_id="12",
        level="S",
        transfer_back_group=3,
    ).full_clean()


def test_hospital_code_is_five_digits(db):
    with pytest.raises(ValidationError):
        Hospital(
            hcode="1234", name_th="x", ownership="public", moph=True, province_id="10"
        ).full_clean()
