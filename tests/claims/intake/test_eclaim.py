"""The e-Claim "16 files" ZIP (FACTS.md, "e-Claim data standard"), read as hospital systems
write it: TIS-620 Thai text, CRLF, trailing pipes, Buddhist-Era dates."""

from __future__ import annotations

import io
import zipfile

import pytest

from sitthi.claims.intake import read_eclaim_zip
from sitthi.claims.intake.common import decode
from sitthi.claims.intake.eclaim import read_pipe_text
from sitthi.rules.claims.schema import CLAIMS, DIAGNOSES, LINES

from .files import (
    ADP_HEADER,
    CHA_HEADER,
    CID_1,
    CID_2,
    HOSPITAL,
    IDX_HEADER,
    IPD_HEADER,
    ODX_HEADER,
    OPD_HEADER,
    PAT_HEADER,
    bkk,
    eclaim_members,
    eclaim_zip,
    member_name,
    pipe,
    zip_bytes,
)


def read(data: bytes, filename: str = "10670_6703.zip", hospital: str = HOSPITAL):
    return read_eclaim_zip(data, filename, hospital)


def codes(intake) -> list[tuple]:
    return [(p.file, p.row, p.field, p.code) for p in intake.problems]


def test_fixture_pat_really_is_tis620_with_crlf():
    data = zipfile.ZipFile(io.BytesIO(eclaim_zip())).read(member_name("PAT"))
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    assert b"\r\n" in data and data.endswith(b"|\r\n")


def test_tis620_member_decodes_to_thai_names():
    data = zipfile.ZipFile(io.BytesIO(eclaim_zip())).read(member_name("PAT"))
    text, encoding = decode(data)
    assert encoding == "windows-874"
    table = read_pipe_text(text, "PAT6703.txt", problems := [])
    assert problems == []
    assert table.columns == PAT_HEADER.split("|")
    (row, first), (_, second) = table.rows
    assert row == 2  # the header line is 1
    assert (first["FNAME"], first["LNAME"], first["NAMEPAT"]) == ("สมชาย", "ใจดี", "สมชาย ใจดี,นาย")
    assert second["FNAME"] == "สมหญิง"


def test_good_export_gives_the_frames():
    intake = read(eclaim_zip())
    assert intake.ok, intake.problems
    assert intake.claims.schema == CLAIMS
    assert intake.diagnoses.schema == DIAGNOSES
    assert intake.lines.schema == LINES
    assert intake.keys.rows() == [(1, "OP-000123-V001", HOSPITAL), (2, "IP-670001", HOSPITAL)]
    assert intake.claims.rows() == [
        # OPD DATEOPD 25670301 is Buddhist Era: 1 March 2024
        (1, HOSPITAL, CID_1, "OP", bkk(2024, 3, 1, 8, 30), None),
        # PAT.PERSON_ID blank: the CID comes from INS (same AN)
        (2, HOSPITAL, CID_2, "IP", bkk(2024, 3, 5, 22, 15), bkk(2024, 3, 8, 10, 30)),
    ]
    admitted = intake.claims["admitted_at"][0]
    assert (
        admitted.tzinfo.key == "Asia/Bangkok" and admitted.utcoffset().total_seconds() == 7 * 3600
    )
    # principal diagnosis first, whatever the order in ODX
    assert intake.diagnoses.rows() == [
        (1, 1, "E119", "1"),
        (1, 2, "I10", "2"),
        (2, 1, "J189", "1"),
        (2, 2, "E119", "2"),
    ]
    assert intake.lines.rows() == [
        (1, 1, "31", 1000, bkk(2024, 3, 1, 8, 30), 25050),  # CHA 250.50 baht
        (1, 2, "DRUG01", 3000, bkk(2024, 3, 1, 8, 30), 3675),  # ADP 3 × 12.25
        (2, 1, "11", 1000, bkk(2024, 3, 6), 150000),  # CHA on a later day: midnight
        (2, 2, "STENT", 1000, bkk(2024, 3, 5, 22, 15), 4500000),  # admission day: its time
        (2, 3, "GAUZE", 2500, bkk(2024, 3, 5, 22, 15), 88),  # 2.5 × 0.35 = 0.875 → 0.88
    ]
    origins = intake.origins.filter(part="line", claim_id=2, number=3).rows()
    assert origins == [(2, "line", 3, member_name("ADP"), 4)]


def test_utf8_lf_without_trailing_pipes_and_ce_dates_read_the_same():
    members = eclaim_members()
    plain = {}
    for name, text in members.items():
        lines = [line.removesuffix("|") for line in text.split("\r\n") if line]
        plain[name.split("/")[-1].lower()] = "\n".join(lines).replace("25670301", "20240301")
    a, b = read(eclaim_zip()), read(zip_bytes(plain))
    assert b.ok, b.problems
    assert a.claims.equals(b.claims)
    assert a.diagnoses.equals(b.diagnoses)
    assert a.lines.equals(b.lines)


def test_ipd_without_discharge_gives_null_discharge():
    ipd = pipe(IPD_HEADER, "000456|670001|20240305|2215||||||||1|1")
    intake = read(eclaim_zip({"IPD": ipd}))
    assert intake.ok, intake.problems
    assert intake.claims["discharged_at"].to_list() == [None, None]


# -- the ZIP itself ----------------------------------------------------------------------------


def test_not_a_zip():
    intake = read(b"HN|SEQ\r\n1|2\r\n", "export.zip")
    assert codes(intake) == [("export.zip", None, None, "FILE_MALFORMED")]
    assert intake.claims.is_empty()
    assert "not a valid ZIP" in intake.problems[0].message("en")
    assert "ZIP" in intake.problems[0].message("th")


def test_not_a_zip_by_name_either_is_file_type():
    intake = read(b"%PDF-1.4", "claims.pdf")
    assert codes(intake) == [("claims.pdf", None, None, "FILE_TYPE")]
    assert intake.problems[0].message("en") == "The file must be ZIP (.zip)."


def test_broken_zip():
    data = eclaim_zip()
    intake = read(data[: len(data) // 2])
    assert [p.code for p in intake.problems] == ["FILE_MALFORMED"]


def test_corrupt_member_is_malformed_naming_it():
    data = bytearray(eclaim_zip())
    archive = zipfile.ZipFile(io.BytesIO(bytes(data)))
    info = archive.getinfo(member_name("OPD"))
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    data[start + 2] ^= 0xFF  # damage the compressed bytes: CRC or inflate fails
    intake = read(bytes(data))
    assert [(p.file, p.code) for p in intake.problems] == [(member_name("OPD"), "FILE_MALFORMED")]


def test_zip_bomb_is_refused_before_reading():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("PAT.txt", PAT_HEADER + "\n")
        archive.writestr("OPD.txt", b"\0" * (50 * 1024 * 1024 + 1))
    assert len(out.getvalue()) < 1024 * 1024
    intake = read(out.getvalue())
    assert codes(intake) == [("10670_6703.zip", None, None, "FILE_TOO_LARGE")]
    assert "50 MB" in intake.problems[0].message("en")


@pytest.mark.parametrize(
    "removed, missing",
    [(("PAT",), "PAT"), (("OPD", "IPD"), "OPD / IPD"), (("PAT", "OPD", "IPD"), None)],
)
def test_required_members(removed, missing):
    intake = read(eclaim_zip(dict.fromkeys(removed)))
    found = [p.value for p in intake.problems]
    assert all(p.code == "FILE_MISSING" for p in intake.problems)
    assert found == ([missing] if missing else ["PAT", "OPD / IPD"])
    assert intake.claims.is_empty()


def test_opd_alone_is_enough():
    intake = read(eclaim_zip({"IPD": None, "IDX": None}))
    # CHA / ADP rows of the admission are now orphans
    assert {p.code for p in intake.problems} == {"ROW_ORPHAN"}
    cha = [p for p in intake.problems if p.file == member_name("CHA")]
    assert [(p.row, p.field, p.value) for p in cha] == [(3, "AN", "AN 670001")]


def test_two_members_of_one_kind():
    members = eclaim_members()
    members["extra/OPD_old.txt"] = members[member_name("OPD")]
    intake = read(zip_bytes(members))
    assert [p.code for p in intake.problems] == ["DUPLICATE_IN_FILE"]
    assert "OPD_old.txt" in intake.problems[0].message("en")


def test_macos_resource_forks_are_ignored():
    members = eclaim_members()
    members["__MACOSX/10670_6703/._OPD6703.txt"] = b"\x00\x05\x16\x07"
    assert read(zip_bytes(members, {member_name("PAT"): "tis-620"})).ok


def test_column_missing_names_the_member():
    opd = pipe("HN|CLINIC|DATEOPD|SEQ|UUC", "000123|01|25670301|V001|1")
    intake = read(eclaim_zip({"OPD": opd}))
    assert codes(intake) == [(member_name("OPD"), 1, "TIMEOPD", "COLUMN_MISSING")]
    assert intake.problems[0].message("th") == "ไม่มีคอลัมน์ TIMEOPD"


def test_undecodable_member():
    intake = read(eclaim_zip({"OPD": OPD_HEADER.encode() + b"\r\n\xff\xfe\xdb|x\r\n"}))
    assert [(p.file, p.code) for p in intake.problems] == [(member_name("OPD"), "FILE_MALFORMED")]


def test_row_with_more_fields_than_the_header():
    opd = pipe(OPD_HEADER, "000123|01|25670301|0830|V001|1|extra|more")
    intake = read(eclaim_zip({"OPD": opd}))
    assert codes(intake)[0] == (member_name("OPD"), 2, None, "FILE_MALFORMED")


# -- rows ----------------------------------------------------------------------------------------


def test_bad_dates_and_times_per_row():
    opd = pipe(
        OPD_HEADER,
        "000123|01|25670231|0830|V001|1",  # 31 Feb
        "000123|01|25670301|2460|V002|1",  # 24:60
        "000123|01|2567031|0830|V003|1",  # 7 digits
        "000123|01||0830|V004|1",  # blank date
    )
    intake = read(eclaim_zip({"OPD": opd, "ODX": None, "CHA": None, "ADP": None, "AER": None}))
    name = member_name("OPD")
    assert codes(intake) == [
        (name, 2, "DATEOPD", "DATETIME_INVALID"),
        (name, 3, "TIMEOPD", "DATETIME_INVALID"),
        (name, 4, "DATEOPD", "DATETIME_INVALID"),
        (name, 5, "DATEOPD", "VALUE_REQUIRED"),
    ]
    assert intake.problems[0].value == "25670231"
    assert intake.problems[0].message("en") == "Not a valid date or time: 25670231"
    assert intake.claims.is_empty() and intake.lines.is_empty()


def test_bad_numbers_per_row():
    adp = pipe(
        ADP_HEADER, "000123||25670301|3|DRUG01|3|12.255|V001", "000123||25670301|3|X|abc|1|V001"
    )
    cha = pipe(CHA_HEADER, f"000123||25670301|31|1,2,3|{CID_1}|V001")
    intake = read(eclaim_zip({"ADP": adp, "CHA": cha}))
    assert codes(intake) == [
        (member_name("ADP"), 2, "RATE", "NUMBER_INVALID"),  # 3 decimals of baht
        (member_name("ADP"), 3, "QTY", "NUMBER_INVALID"),
        (member_name("CHA"), 2, "AMOUNT", "NUMBER_INVALID"),
    ]


def test_negative_amounts_are_read_not_refused():
    cha = pipe(CHA_HEADER, f"000123||25670301|31|-250.50|{CID_1}|V001")
    intake = read(eclaim_zip({"CHA": cha}))
    assert intake.ok
    assert intake.lines["charged_satang"][0] == -25050


def test_orphans():
    odx = pipe(ODX_HEADER, f"000123|25670301|01|E119|1|D1|{CID_1}|V999")
    idx = pipe(IDX_HEADER, "679999|J189|1|D2")
    cha = pipe(CHA_HEADER, f"000123||25670301|31|250.50|{CID_1}|V002")
    opd = pipe(OPD_HEADER, "000123|01|25670301|0830|V001|1", "999999|01|25670301|0900|V009|1")
    intake = read(eclaim_zip({"ODX": odx, "IDX": idx, "CHA": cha, "OPD": opd}))
    assert sorted((p.file, p.row, p.field, p.code, p.value) for p in intake.problems) == sorted(
        [
            (member_name("OPD"), 3, "HN", "ROW_ORPHAN", "HN 999999"),
            (member_name("ODX"), 2, "SEQ", "ROW_ORPHAN", "HN 000123 SEQ V999"),
            (member_name("IDX"), 2, "AN", "ROW_ORPHAN", "AN 679999"),
            (member_name("CHA"), 2, "SEQ", "ROW_ORPHAN", "HN 000123 SEQ V002"),
        ]
    )
    odx_problem = next(p for p in intake.problems if p.file == member_name("ODX"))
    assert "(HN 000123 SEQ V999)" in odx_problem.message("th")


def test_duplicate_visit_and_admission():
    opd = pipe(OPD_HEADER, "000123|01|25670301|0830|V001|1", "000123|01|25670301|0930|V001|1")
    ipd = pipe(
        IPD_HEADER,
        "000456|670001|20240305|2215|20240308|1030|||||||",
        "000456|670001|20240306|2215|20240308|1030|||||||",
    )
    intake = read(eclaim_zip({"OPD": opd, "IPD": ipd}))
    assert codes(intake) == [
        (member_name("IPD"), 3, "AN", "DUPLICATE_IN_FILE"),
        (member_name("OPD"), 3, "SEQ", "DUPLICATE_IN_FILE"),
    ]


def test_patient_twice_with_different_ids():
    pat = pipe(
        PAT_HEADER,
        f"10670|000123|40|01|25230517|1|2|000|099|{CID_1}|ก|นาย|ก|ข|1",
        f"10670|000123|40|01|25230517|1|2|000|099|{CID_2}|ก|นาย|ก|ข|1",
        f"10670|000456|40|01|25330101|2|1|000|099|{CID_2}|ค|นาง|ค|ง|1",
    )
    intake = read(eclaim_zip({"PAT": pat}))
    assert codes(intake) == [(member_name("PAT"), 3, "HN", "DUPLICATE_IN_FILE")]


def test_another_hospitals_patient_file():
    intake = read(eclaim_zip(), hospital="90001")
    assert [(p.row, p.field, p.code, p.value) for p in intake.problems] == [
        (2, "HCODE", "HOSPITAL_SCOPE", "10670"),
        (3, "HCODE", "HOSPITAL_SCOPE", "10670"),
    ]
    assert "(90001)" in intake.problems[0].message("en")


def test_citizen_id_missing_or_malformed():
    pat = pipe(
        PAT_HEADER,
        "10670|000123|40|01|25230517|1|2|000|099|12345|ก|นาย|ก|ข|1",
        "10670|000456|40|01|25330101|2|1|000|099||ค|นาง|ค|ง|1",
    )
    intake = read(eclaim_zip({"PAT": pat, "INS": None}))
    assert codes(intake) == [
        (member_name("PAT"), 2, "PERSON_ID", "CID_FORMAT"),
        (member_name("PAT"), 3, "PERSON_ID", "VALUE_REQUIRED"),
    ]


def test_printed_citizen_id_is_accepted():
    printed = f"{CID_1[0]}-{CID_1[1:5]}-{CID_1[5:10]}-{CID_1[10:12]}-{CID_1[12]}"
    pat = pipe(PAT_HEADER, f"10670|000123|40|01|25230517|1|2|000|099|{printed}|ก|นาย|ก|ข|1")
    intake = read(eclaim_zip({"PAT": pat, "IPD": None, "IDX": None, "CHA": None, "ADP": None}))
    assert intake.ok, intake.problems
    assert intake.claims["citizen_id"].to_list() == [CID_1]


def test_required_values_in_child_rows():
    odx = pipe(ODX_HEADER, f"000123|25670301|01||1|D1|{CID_1}|V001")
    adp = pipe(ADP_HEADER, "000123||25670301|3||1|10|V001", "000123||25670301|3|X||10|V001")
    intake = read(eclaim_zip({"ODX": odx, "ADP": adp}))
    assert codes(intake) == [
        (member_name("ADP"), 2, "CODE", "VALUE_REQUIRED"),
        (member_name("ADP"), 3, "QTY", "VALUE_REQUIRED"),
        (member_name("ODX"), 2, "DIAG", "VALUE_REQUIRED"),
    ]


def test_one_bad_row_rejects_the_whole_file():
    cha = pipe(
        CHA_HEADER,
        f"000123||25670301|31|250.50|{CID_1}|V001",
        f"000456|670001|2024030|11|1500.00|{CID_2}|",
    )
    intake = read(eclaim_zip({"CHA": cha}))
    assert codes(intake) == [(member_name("CHA"), 3, "DATE", "DATETIME_INVALID")]
    assert not intake.ok
    for frame in (intake.claims, intake.diagnoses, intake.lines, intake.keys, intake.origins):
        assert frame.is_empty()
