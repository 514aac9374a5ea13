"""ICD-10 diagnosis codes (sitthi.rules.claims.icd10). Issue 3: "diagnosis code not in ICD-10
(from a well-kept package that ships the WHO list, with the Thai ICD-10-TM additions as
data)"; e-Claim ODX/IDX carry DIAG with or without the dot (FACTS.md, "e-Claim data
standard")."""

from __future__ import annotations

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sitthi.rules.claims import icd10
from sitthi.rules.claims.icd10 import Icd10TableError, read_tm_additions

TM_HEADER = "code,description_th,description_en,source\n"


@pytest.fixture
def tm_additions(monkeypatch):
    """Replace the shipped (header-only) additions with a frame, for the length of a test."""

    def use(frame: pl.DataFrame) -> None:
        monkeypatch.setattr(icd10, "_tm", lambda: frame)
        icd10.valid_codes.cache_clear()
        icd10._valid_set.cache_clear()

    yield use
    icd10.valid_codes.cache_clear()
    icd10._valid_set.cache_clear()


def test_the_who_list_categories_and_subcategories_without_dots():
    codes = icd10.valid_codes()
    assert codes.len() > 12_000
    assert not codes.str.contains(r"[.\-]").any()
    assert {"A00", "A000", "E11", "E119", "I10", "U071", "U072", "Z999"} <= set(codes)
    assert not {"I", "IV", "A00-A09", "E10-E14"} & set(codes)  # chapters and blocks


@pytest.mark.parametrize(
    ("code", "valid"),
    [
        ("E11.9", True),
        ("e119", True),
        (" E11 .9 ", True),
        ("U07.1", True),  # COVID-19, virus identified (WHO 2019 emergency code)
        ("E11", True),
        ("E11.99", False),
        ("E10-E14", False),
        ("IV", False),
        ("", False),
        (None, False),
        ("Q999X", False),
    ],
)
def test_valid_code_expr_and_is_valid_agree(code, valid):
    frame = pl.DataFrame({"c": [code]}, schema={"c": pl.String})
    assert frame.select(icd10.valid_code_expr("c"))["c"].to_list() == [valid]
    assert icd10.is_valid(code) is valid


def test_normalise():
    frame = pl.DataFrame({"c": [" e11.9 ", "U07.1", None]})
    assert frame.select(icd10.normalise_code_expr("c"))["c"].to_list() == ["E119", "U071", None]
    assert icd10.normalise(" e11.9 ") == "E119"


def test_description():
    assert icd10.description("E11.9") == "Type 2 diabetes mellitus without complications"
    assert icd10.description("E10-E14") is None
    assert icd10.description(None) is None


@given(st.sampled_from(sorted(icd10._who())))
def test_every_who_code_is_valid_with_or_without_its_dot(code):
    dotted = code if len(code) == 3 else f"{code[:3]}.{code[3:]}"
    frame = pl.DataFrame({"c": [code, dotted, dotted.lower()]})
    assert frame.select(icd10.valid_code_expr("c"))["c"].to_list() == [True, True, True]


# --- ICD-10-TM additions ---------------------------------------------------------------------------


def test_the_shipped_tm_file_holds_no_unsourced_rows():
    """No official ICD-10-TM list is in our sources: the file ships its header only, and any
    row added later must cite its source."""
    assert read_tm_additions().is_empty()
    assert icd10.TM_ADDITIONS_PATH.read_text(encoding="utf-8") == TM_HEADER


def test_a_tm_addition_counts_as_valid(tm_additions):
    frame = read_tm_additions((TM_HEADER + "x99.01,ทดสอบ,Test addition,a public source\n").encode())
    assert frame["code"].to_list() == ["X9901"]
    tm_additions(frame)
    assert icd10.is_valid("X99.01")
    assert icd10.description("X9901", lang="th") == "ทดสอบ"
    assert icd10.description("X9901") == "Test addition"
    out = pl.DataFrame({"c": ["X99.01", "E119"]}).select(icd10.valid_code_expr("c"))
    assert out["c"].to_list() == [True, True]


def test_tm_file_rejections_are_per_row():
    data = (
        TM_HEADER
        + "X9901,ก,A,src\n"  # 2 fine
        + "X9901,ข,B,src\n"  # 3 repeated
        + "E11.9,ค,C,src\n"  # 4 already WHO
        + "XX,ง,D,src\n"  # 5 not a code
        + "X9902,จ,E,\n"  # 6 no source
        + ",,,src\n"  # 7 no code, no description
    ).encode()
    with pytest.raises(Icd10TableError) as info:
        read_tm_additions(data)
    assert [(p["row"], p["field"], p["code"], p["value"]) for p in info.value.problems] == [
        (3, "code", "DUPLICATE_IN_FILE", "X9901 (row 2)"),
        (4, "code", "DUPLICATE_IN_FILE", "E119 (WHO ICD-10)"),
        (5, "code", "VALUE_INVALID", "XX"),
        (6, "source", "VALUE_REQUIRED", None),
        (7, "code", "VALUE_REQUIRED", None),
        (7, "description_th", "VALUE_REQUIRED", None),
    ]
