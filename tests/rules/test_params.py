"""The strict dated-parameter loader (sitthi.rules.params) and the shipped parameter data."""

import pickle
import shutil
import subprocess
import sys
import textwrap
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sitthi.rules.params import (
    DOCUMENTS_ROOT,
    SCALARS_ROOT,
    TABLES_ROOT,
    ParamError,
    ParameterSet,
    ParamFileError,
    ParamLookupError,
    default_parameters,
    load_parameters,
)

HEAD = """\
unit: hours
description_th: ช่วงเวลาคุ้มครอง
description_en: coverage window
values:
"""
ONE = (
    HEAD
    + """\
  - from: 2017-04-01
    value: 72
    source: seed 001 §2 step 4
"""
)


def write(root: Path, rel: str, text: str) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def values(*entries: str) -> str:
    """A file with HEAD and the given value entries (each a YAML list item)."""
    return HEAD + "".join(textwrap.indent(textwrap.dedent(e), "  ") for e in entries)


def rejected(tmp_path: Path, text: str, rel: str = "ucep/window.yaml") -> ParamFileError:
    path = write(tmp_path, rel, text)
    with pytest.raises(ParamFileError) as info:
        load_parameters(tmp_path)
    assert path.name in str(info.value), "the message names the file"
    return info.value


# --- rejections -----------------------------------------------------------------------

BAD_FILES = {
    "duplicate top-level key": (ONE + "unit: days\n", "duplicate key 'unit'", None),
    "duplicate key inside a value": (
        values("- from: 2017-04-01\n  value: 72\n  value: 48\n  source: s\n"),
        "duplicate key 'value'",
        None,
    ),
    "merge key": (
        values("- &a {from: 2017-04-01, value: 1, source: s}\n", "- <<: *a\n  from: 2018-01-01\n"),
        "merge keys",
        None,
    ),
    "unknown top-level key": (ONE + "remark: x\n", "unknown key(s) remark", None),
    "unknown value key (typo)": (
        values("- from: 2017-04-01\n  untill: 2018-01-01\n  value: 72\n  source: s\n"),
        "unknown key(s) untill",
        0,
    ),
    "missing unit": (ONE.replace("unit: hours\n", ""), "missing 'unit'", None),
    "missing description_th": (
        ONE.replace("description_th: ช่วงเวลาคุ้มครอง\n", ""),
        "missing 'description_th'",
        None,
    ),
    "missing description_en": (
        ONE.replace("description_en: coverage window\n", ""),
        "missing 'description_en'",
        None,
    ),
    "missing values": (HEAD.replace("values:\n", ""), "missing 'values'", None),
    "empty values": (HEAD.replace("values:\n", "values: []\n"), "non-empty list", None),
    "missing from": (values("- value: 72\n  source: s\n"), "missing 'from'", 0),
    "missing value": (values("- from: 2017-04-01\n  source: s\n"), "missing 'value'", 0),
    "missing source": (values("- from: 2017-04-01\n  value: 72\n"), "missing 'source'", 0),
    "empty source": (
        values("- from: 2017-04-01\n  value: 72\n  source: ''\n"),
        "'source' must be a non-empty text",
        0,
    ),
    "blank source": (
        values("- from: 2017-04-01\n  value: 72\n  source: '   '\n"),
        "'source' must be a non-empty text",
        0,
    ),
    "null value": (
        values("- from: 2017-04-01\n  value:\n  source: s\n"),
        "null is not an allowed value",
        0,
    ),
    "from is text": (
        values("- from: '2017-04-01'\n  value: 72\n  source: s\n"),
        "'from' must be a date",
        0,
    ),
    "from is a datetime": (
        values("- from: 2017-04-01 08:00:00\n  value: 72\n  source: s\n"),
        "'from' must be a date",
        0,
    ),
    "impossible date": (
        values("- from: 2017-02-30\n  value: 72\n  source: s\n"),
        "rejected while reading YAML",
        None,
    ),
    "octal-looking number": (
        values("- from: 2017-04-01\n  value: 010\n  source: s\n"),
        "plain decimal number",
        None,
    ),
    "sexagesimal number": (
        values("- from: 2017-04-01\n  value: 72:00\n  source: s\n"),
        "plain decimal number",
        None,
    ),
    "infinite number": (
        values("- from: 2017-04-01\n  value: .inf\n  source: s\n"),
        "not a finite decimal",
        None,
    ),
    "until before from": (
        values("- from: 2017-04-01\n  until: 2017-03-31\n  value: 72\n  source: s\n"),
        "'until' 2017-03-31 is before 'from' 2017-04-01",
        0,
    ),
    "overlapping closed ranges": (
        values(
            "- from: 2017-01-01\n  until: 2017-06-30\n  value: 1\n  source: s\n",
            "- from: 2017-06-30\n  value: 2\n  source: s\n",
        ),
        "overlaps values[0]",
        1,
    ),
    "open-ended range overlaps a later one": (
        values(
            "- from: 2020-01-01\n  value: 2\n  source: s\n",
            "- from: 2017-01-01\n  value: 1\n  source: s\n",
        ),
        "overlaps values[1] (2017-01-01..open)",
        0,
    ),
    "same start twice": (
        values(
            "- from: 2017-01-01\n  until: 2017-01-01\n  value: 1\n  source: s\n",
            "- from: 2017-01-01\n  until: 2017-01-02\n  value: 2\n  source: s\n",
        ),
        "overlaps",
        1,
    ),
    "unit change inside a parameter": (
        values("- from: 2017-04-01\n  value: 3\n  unit: days\n  source: s\n"),
        "unit 'days' differs from the parameter's unit 'hours'",
        0,
    ),
    "number then text": (
        values(
            "- from: 2017-01-01\n  until: 2017-12-31\n  value: 72\n  source: s\n",
            "- from: 2018-01-01\n  value: '72'\n  source: s\n",
        ),
        "value is a text but values[0] is a number",
        1,
    ),
    "not a mapping": ("- 72\n", "must hold a mapping", None),
    "empty file": ("", "must hold a mapping", None),
    "broken YAML": (ONE + "  - from: [\n", "rejected while reading YAML", None),
}


@pytest.mark.parametrize(("text", "fragment", "index"), BAD_FILES.values(), ids=BAD_FILES.keys())
def test_a_bad_file_is_rejected_naming_file_problem_and_value(tmp_path, text, fragment, index):
    err = rejected(tmp_path, text)
    assert fragment in str(err)
    assert err.index == index
    if index is not None:
        assert f"values[{index}]" in str(err)


@pytest.mark.parametrize(
    "rel",
    [
        "ucep/Window.yaml",
        "ucep/window-hours.yaml",
        "UCEP/window.yaml",
        "ucep/1st.yaml",
        "ucep/a.b.yaml",
        "ucep/w.YAML",
    ],
)
def test_a_file_name_that_is_not_a_lowercase_identifier_is_rejected(tmp_path, rel):
    err = rejected(tmp_path, ONE, rel)
    assert "lowercase identifiers" in str(err)


def test_two_files_mapping_to_one_name_are_rejected(tmp_path):
    write(tmp_path, "ucep/window.yaml", ONE)
    write(tmp_path, "ucep/window.yml", ONE)
    with pytest.raises(
        ParamFileError, match=r"window\.yml.*same name 'ucep\.window' as .*window\.yaml"
    ):
        load_parameters(tmp_path)


def test_an_empty_or_missing_root_is_an_error(tmp_path):
    with pytest.raises(ParamError, match="no parameter files"):
        load_parameters(tmp_path)
    with pytest.raises(ParamError, match="not a folder"):
        load_parameters(tmp_path / "nowhere")


def test_one_bad_file_rejects_the_whole_tree(tmp_path):
    write(tmp_path, "a/good.yaml", ONE)
    write(tmp_path, "b/bad.yaml", ONE.replace("source: seed 001 §2 step 4", "source: ''"))
    with pytest.raises(ParamFileError, match=r"bad\.yaml"):
        load_parameters(tmp_path)


# --- lookup ---------------------------------------------------------------------------

TWO_RANGES = values(
    "- from: 2015-10-01\n  until: 2016-09-30\n  value: 3028.94\n  source: FY 2559\n  note: n\n",
    "- from: 2017-10-01\n  value: 3100\n  source: FY 2561 on\n",
)


@pytest.fixture
def two_ranges(tmp_path) -> ParameterSet:
    write(tmp_path, "uc/rate.yaml", TWO_RANGES)
    return load_parameters(tmp_path)


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        (date(2015, 10, 1), Decimal("3028.94")),  # the `from` day
        (date(2016, 9, 30), Decimal("3028.94")),  # the `until` day
        (date(2017, 10, 1), Decimal("3100")),  # the next range's first day
        (date(2099, 1, 1), Decimal("3100")),  # open-ended
    ],
)
def test_lookup_inside_a_range(two_ranges, on, expected):
    v = two_ranges.value("uc.rate", on)
    assert v.value == expected and isinstance(v.value, Decimal)
    assert v.name == "uc.rate" and v.unit == "hours"
    assert two_ranges.get("uc.rate", on) == v


def test_the_value_carries_its_dates_source_and_note(two_ranges):
    v = two_ranges.value("uc.rate", date(2016, 1, 1))
    assert (v.valid_from, v.valid_until, v.source, v.note) == (
        date(2015, 10, 1),
        date(2016, 9, 30),
        "FY 2559",
        "n",
    )


@pytest.mark.parametrize(
    "on",
    [date(2015, 9, 30), date(2016, 10, 1), date(2017, 9, 30)],
    ids=["day before from", "day after until", "in the gap"],
)
def test_lookup_outside_every_range_raises_with_name_date_and_ranges(two_ranges, on):
    with pytest.raises(ParamLookupError) as info:
        two_ranges.value("uc.rate", on)
    message = str(info.value)
    assert "uc.rate" in message and on.isoformat() in message
    assert "2015-10-01..2016-09-30, 2017-10-01..open" in message


def test_an_unknown_name_raises(two_ranges):
    with pytest.raises(ParamLookupError, match="unknown parameter 'uc.nope'"):
        two_ranges.value("uc.nope", date(2016, 1, 1))


@pytest.mark.parametrize("on", [datetime(2016, 1, 1, 8, 0), "2016-01-01", None])
def test_lookup_takes_a_date_only(two_ranges, on):
    with pytest.raises(TypeError, match="datetime.date"):
        two_ranges.value("uc.rate", on)


def test_names_and_parameter(two_ranges):
    assert two_ranges.names() == ("uc.rate",)
    p = two_ranges.parameter("uc.rate")
    assert [v.valid_from for v in p.values] == [date(2015, 10, 1), date(2017, 10, 1)]
    assert (p.unit, p.description_en) == ("hours", "coverage window")


# --- exact values ---------------------------------------------------------------------


def test_numbers_are_exact_decimals(tmp_path):
    write(tmp_path, "x/tenth.yaml", values("- from: 2020-01-01\n  value: 0.1\n  source: s\n"))
    write(
        tmp_path,
        "x/nested.yaml",
        values("- from: 2020-01-01\n  value: {a: [0.1, 2, yes], b: 1_000.50}\n  source: s\n"),
    )
    ps = load_parameters(tmp_path)
    tenth = ps.value("x.tenth", date(2020, 1, 1)).value
    assert tenth == Decimal("0.1") and str(tenth) == "0.1"
    nested = ps.value("x.nested", date(2020, 1, 1)).value
    assert nested == {"a": (Decimal("0.1"), Decimal("2"), True), "b": Decimal("1000.50")}
    with pytest.raises(TypeError):
        nested["c"] = 1  # values are shared: read-only
    assert pickle.loads(pickle.dumps(ps)).content_hash == ps.content_hash


# --- content hash ---------------------------------------------------------------------


def test_hash_ignores_file_order_whitespace_comments_and_value_order(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    write(a, "uc/rate.yaml", TWO_RANGES)
    write(a, "ucep/window.yaml", ONE)
    write(
        b,
        "ucep/window.yaml",
        "# the 72-hour window\n" + ONE.replace("value: 72", "value:    72   # hours"),
    )
    entries = TWO_RANGES.split("  - ")
    reordered = "values:\n  - " + entries[2] + "  - " + entries[1]
    reordered += "\ndescription_en: coverage window\ndescription_th: ช่วงเวลาคุ้มครอง\nunit: hours\n"
    write(b, "uc/rate.yaml", reordered)
    ps_a, ps_b = load_parameters(a), load_parameters(b)
    assert ps_a.content_hash == ps_b.content_hash
    assert len(ps_a.content_hash) == 64 and ps_a.version == ps_a.content_hash[:12]


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("source: seed 001 §2 step 4", "source: seed 001 §2 step 5"),
        ("from: 2017-04-01", "from: 2017-04-02"),
        ("value: 72", "value: 73"),
        ("value: 72", "value: '72'"),
        ("unit: hours", "unit: h"),
        ("    source", "    until: 2030-12-31\n    source"),
    ],
)
def test_hash_changes_when_a_value_date_source_or_unit_changes(tmp_path, old, new):
    write(tmp_path / "a", "ucep/window.yaml", ONE)
    write(tmp_path / "b", "ucep/window.yaml", ONE.replace(old, new, 1))
    assert (
        load_parameters(tmp_path / "a").content_hash != load_parameters(tmp_path / "b").content_hash
    )


# --- what-if overrides ----------------------------------------------------------------


def test_with_overrides_replaces_one_parameter_in_a_new_set(two_ranges):
    what_if = two_ranges.with_overrides(
        {"uc.rate": [{"from": date(2015, 10, 1), "value": Decimal("3500"), "source": "what-if"}]}
    )
    assert what_if.value("uc.rate", date(2020, 1, 1)).value == Decimal("3500")
    assert what_if.value("uc.rate", date(2020, 1, 1)).unit == "hours"
    assert two_ranges.value("uc.rate", date(2020, 1, 1)).value == Decimal("3100")
    assert what_if.content_hash != two_ranges.content_hash


@pytest.mark.parametrize(
    ("entries", "fragment"),
    [
        (
            [
                {"from": date(2015, 1, 1), "value": 1, "source": "s"},
                {"from": date(2016, 1, 1), "value": 2, "source": "s"},
            ],
            "overlaps",
        ),
        ([{"from": date(2015, 1, 1), "value": 0.1, "source": "s"}], "float"),
        (
            [{"from": date(2015, 1, 1), "value": 1, "source": ""}],
            "'source' must be a non-empty text",
        ),
        ([{"from": date(2015, 1, 1), "value": 1, "source": "s", "unit": "days"}], "new parameter"),
        ([], "non-empty list"),
    ],
)
def test_overrides_are_validated_like_files(two_ranges, entries, fragment):
    with pytest.raises(ParamFileError, match="override of uc.rate") as info:
        two_ranges.with_overrides({"uc.rate": entries})
    assert fragment in str(info.value)


def test_overriding_an_unknown_parameter_raises(two_ranges):
    with pytest.raises(ParamLookupError):
        two_ranges.with_overrides(
            {"uc.nope": [{"from": date(2015, 1, 1), "value": 1, "source": "s"}]}
        )


# --- property: non-overlapping ranges ---------------------------------------------------

DAY0 = date(2020, 1, 1)


@st.composite
def range_lists(draw):
    """Non-overlapping [from, until] ranges (the last maybe open-ended), shuffled."""
    ranges, start = [], DAY0 + timedelta(days=draw(st.integers(0, 5)))
    for i in range(draw(st.integers(1, 5))):
        length = draw(st.integers(0, 6))
        until = start + timedelta(days=length)
        ranges.append({"from": start, "until": until, "value": Decimal(i) / 4, "source": f"s{i}"})
        start = until + timedelta(days=1 + draw(st.integers(0, 4)))
    if draw(st.booleans()):
        del ranges[-1]["until"]
    return draw(st.permutations(ranges))


@given(range_lists())
def test_every_date_in_exactly_one_range_gets_its_value_and_every_other_raises(ranges):
    ps = ParameterSet.from_mapping(
        {"p.x": {"unit": "u", "description_th": "ท", "description_en": "e", "values": ranges}}
    )
    for day in (DAY0 + timedelta(days=n) for n in range(-2, 80)):
        inside = [r for r in ranges if r["from"] <= day <= r.get("until", date.max)]
        if inside:
            (r,) = inside
            assert ps.value("p.x", day).value == r["value"]
        else:
            with pytest.raises(ParamLookupError):
                ps.value("p.x", day)
    ordered = {
        "p.x": {
            "unit": "u",
            "description_th": "ท",
            "description_en": "e",
            "values": sorted(ranges, key=lambda r: r["from"]),
        }
    }
    assert ParameterSet.from_mapping(ordered).content_hash == ps.content_hash


# --- purity ---------------------------------------------------------------------------


def test_the_loader_imports_no_django():
    code = "import sys, sitthi.rules.params as p; p.default_parameters(); print(any(m.split('.')[0] == 'django' for m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# --- the shipped data -----------------------------------------------------------------


@pytest.fixture(scope="module")
def shipped() -> ParameterSet:
    return default_parameters()


def test_the_shipped_tree_loads_and_is_cached(shipped):
    assert default_parameters() is shipped
    assert load_parameters().content_hash == shipped.content_hash
    assert set(shipped.names()) >= {
        "ucep.coverage_window_hours",
        "ucep.covid_yellow_red_until_discharge",
        "claims.notice_deadline_days",
        "claims.payment_deadline_days",
        "covid.body_handling_per_deceased",
        "uc.capitation_per_person",
    }
    for name in shipped.names():
        for v in shipped.parameter(name).values:
            assert v.source.strip(), f"{name} from {v.valid_from} cites no source"


# --- one content hash over scalars, tables and documents --------------------------------


def copy_shipped(dest: Path) -> Path:
    """The shipped rules/params/ tree (scalars, tables, documents) copied under ``dest``."""
    for name, root in (
        ("scalars", SCALARS_ROOT),
        ("tables", TABLES_ROOT),
        ("documents", DOCUMENTS_ROOT),
    ):
        shutil.copytree(root, dest / name)
    return dest


def load_copy(dest: Path) -> ParameterSet:
    return load_parameters(dest / "scalars", tables=dest / "tables", documents=dest / "documents")


def test_the_shipped_version_covers_tables_and_documents(shipped):
    assert {
        "tables/icd10_tm_additions.csv",
        "tables/ucep_fee_schedule_illustrative.csv",
        "documents/allocation/fy2559.yaml",
        "documents/allocation/op_age_index_demo.csv",
        "documents/finance/brightspot_2565_region7.yaml",
    } <= set(shipped.files)
    scalars_alone = load_parameters(SCALARS_ROOT)
    assert scalars_alone.files == {} and scalars_alone.names() == shipped.names()
    assert scalars_alone.content_hash != shipped.content_hash


def test_the_shipped_version_is_stable_across_loads(shipped):
    first, second = load_parameters(), load_parameters()
    assert first is not second
    assert first.version == second.version == shipped.version
    assert first.files == second.files


def test_a_copied_tree_has_the_shipped_version(tmp_path, shipped):
    assert load_copy(copy_shipped(tmp_path)).content_hash == shipped.content_hash


@pytest.mark.parametrize(
    "rel",
    [
        "documents/allocation/fy2559.yaml",
        "documents/allocation/op_age_index_demo.csv",
        "documents/finance/brightspot_2565_region7.yaml",
        "tables/icd10_tm_additions.csv",
        "tables/ucep_fee_schedule_illustrative.csv",
    ],
)
def test_one_byte_of_a_table_or_document_changes_the_version(tmp_path, shipped, rel):
    root = copy_shipped(tmp_path)
    path = root / rel
    data = bytearray(path.read_bytes())
    data[-2] = ord("0") if data[-2] != ord("0") else ord("1")  # one byte, the file still whole
    path.write_bytes(bytes(data))
    changed = load_copy(root)
    assert changed.version != shipped.version
    assert changed.files[rel] != shipped.files[rel]
    assert {k for k in shipped.files if changed.files[k] != shipped.files[k]} == {rel}


def test_a_new_table_or_document_changes_the_version(tmp_path, shipped):
    root = copy_shipped(tmp_path)
    (root / "documents" / "allocation" / "fy2560.yaml").write_text("fy: 2560\n", encoding="utf-8")
    assert load_copy(root).version != shipped.version


def test_overrides_keep_the_tables_and_documents(shipped):
    name = "ucep.coverage_window_hours"
    same = shipped.with_overrides({name: [{"from": date(2017, 4, 1), "value": 72, "source": "s"}]})
    assert same.files == shipped.files
    base = load_parameters(SCALARS_ROOT).with_overrides(
        {name: [{"from": date(2017, 4, 1), "value": 72, "source": "s"}]}
    )
    assert same.content_hash != base.content_hash  # the files still count


def test_a_missing_tables_or_documents_folder_is_an_error(tmp_path):
    write(tmp_path / "scalars", "ucep/window.yaml", ONE)
    with pytest.raises(ParamError, match="documents"):
        load_parameters(tmp_path / "scalars", documents=tmp_path / "nowhere")


def test_ucep_window_is_72_hours_from_1_april_2017(shipped):
    """Seed 001_9fcdabf8e5dd4edb.txt §2 steps 4-5: costs "นับตั้งแต่รับผู้ป่วยจนถึง 72 ชั่วโมง"
    are paid at the EMS fee schedule; UCEP in force 1 April 2017 (FACTS.md, UCEP [V])."""
    assert shipped.value("ucep.coverage_window_hours", date(2017, 4, 1)).value == Decimal("72")
    assert shipped.value("ucep.coverage_window_hours", date(2017, 4, 1)).unit == "hours"
    with pytest.raises(ParamLookupError, match="2017-03-31"):
        shipped.value("ucep.coverage_window_hours", date(2017, 3, 31))


def test_ucep_covid_plus_yellow_red_until_discharge_from_16_march_2022(shipped):
    """Seed 004_0cb97de555201e57.txt: "มีผลบังคับใช้ 16 มี.ค." and, for yellow and red,
    "โดยไม่กำหนดระยะเวลา 72 ชั่วโมงแรก"; FACTS.md, UCEP COVID-19 Plus [V]: from 16 March 2022."""
    assert shipped.value("ucep.covid_yellow_red_until_discharge", date(2022, 3, 16)).value is True
    with pytest.raises(ParamLookupError):
        shipped.value("ucep.covid_yellow_red_until_discharge", date(2022, 3, 15))


def test_ucep_notice_within_30_days_and_payment_within_15(shipped):
    """Seed 001_9fcdabf8e5dd4edb.txt §2 step 7 ("แจ้งให้กองทุนเจ้าของสิทธิทราบภายใน 30 วัน
    นับจากได้รับเอกสารครบถ้วน") and step 8 ("ให้แก่โรงพยาบาลภายใน 15 วัน")."""
    on = date(2017, 4, 1)
    assert shipped.value("claims.notice_deadline_days", on).value == Decimal("30")
    assert shipped.value("claims.payment_deadline_days", on).value == Decimal("15")
    assert shipped.value("claims.payment_deadline_days", on).unit == "days"


def test_covid_body_handling_is_2500_baht_per_deceased(shipped):
    """Seed 002_80e7afba8787ed6d.txt, "การบันทึกเบิกค่าจัดการศพโควิด", "อัตราจ่ายค่าใช้จ่าย":
    "จ่ายในอัตราเหมาจ่าย 2,500 บาทต่อผู้เสียชีวิต". The seed gives no start date; the file's
    note explains the 2022-04-25 lower bound."""
    v = shipped.value("covid.body_handling_per_deceased", date(2022, 4, 25))
    assert (v.value, v.unit) == (Decimal("2500"), "THB/deceased")
    assert v.note and "not stated" in v.note


@pytest.mark.parametrize(
    ("on", "rate"),
    [
        (date(2014, 10, 1), "2895.09"),
        (date(2015, 9, 30), "2895.09"),
        (date(2015, 10, 1), "3028.94"),
        (date(2016, 9, 30), "3028.94"),
        (date(2024, 10, 1), "3844.55"),
    ],
)
def test_uc_capitation_by_fiscal_year(shipped, on, rate):
    """FACTS.md "Payment figures": FY 2558 2,895.09, FY 2559 3,028.94, FY 2568 3,844.55 baht per
    person; seed 003_efb95171d59d7c5f.txt: the FY 2559 announcement "ใช้บังคับตั้งแต่วันที่
    ๑ ตุลาคม ๒๕๕๘" (its rate's digits are lost in the seed)."""
    assert shipped.value("uc.capitation_per_person", on).value == Decimal(rate)


@pytest.mark.parametrize(
    "on", [date(2014, 9, 30), date(2016, 10, 1), date(2024, 9, 30), date(2025, 10, 1)]
)
def test_uc_capitation_outside_the_known_fiscal_years_raises(shipped, on):
    """FACTS.md gives no capitation for FY 2557, FY 2560-2567 or FY 2569: no default."""
    with pytest.raises(ParamLookupError, match="uc.capitation_per_person"):
        shipped.value("uc.capitation_per_person", on)


def test_a_file_that_is_not_utf8_is_rejected(tmp_path):
    path = tmp_path / "ucep" / "window.yaml"
    path.parent.mkdir()
    path.write_bytes(ONE.encode("utf-8").replace("ช่วงเวลา".encode(), b"\xff\xfe"))
    with pytest.raises(ParamFileError, match=r"window\.yaml: rejected while reading YAML"):
        load_parameters(tmp_path)


def test_from_mapping_checks_names_like_file_names():
    content = {"unit": "u", "description_th": "ท", "description_en": "e", "values": []}
    with pytest.raises(ParamFileError, match="dotted lowercase identifiers"):
        ParameterSet.from_mapping({"UCEP.window": content})
