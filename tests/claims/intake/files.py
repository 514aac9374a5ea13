"""Small files as hospitals send them, built in memory for the intake tests."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import datetime
from zoneinfo import ZoneInfo

import openpyxl

from tests.conftest import make_cid

BKK = ZoneInfo("Asia/Bangkok")
HOSPITAL = "10670"
CID_1 = make_cid(9001)
CID_2 = make_cid(9002)

FLAT_HEADER = (
    "claim_key",
    "hospital",
    "citizen_id",
    "service_type",
    "admitted_at",
    "discharged_at",
    "diagnoses",
    "item_code",
    "quantity",
    "served_at",
    "charged",
)


def bkk(*args) -> datetime:
    return datetime(*args, tzinfo=BKK)


def csv_bytes(rows, header=FLAT_HEADER, encoding="utf-8-sig", delimiter=",") -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    if header is not None:
        writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode(encoding)


def xlsx_bytes(sheets: dict[str, list]) -> bytes:
    """A workbook from {sheet title: rows (the first is the header)}."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def pipe(header: str, *rows: str, newline: str = "\r\n", trailing: bool = True) -> str:
    """A pipe-delimited member; ``trailing`` adds the trailing ``|`` many HIS write."""
    end = "|" if trailing else ""
    return "".join(line + end + newline for line in (header, *rows))


def zip_bytes(members: dict[str, str | bytes], encodings: dict[str, str] | None = None) -> bytes:
    encodings = encodings or {}
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in members.items():
            data = text if isinstance(text, bytes) else text.encode(encodings.get(name, "utf-8"))
            archive.writestr(name, data)
    return out.getvalue()


INS_HEADER = (
    "HN|INSCL|SUBTYPE|CID|DATEIN|DATEEXP|HOSPMAIN|HOSPSUB|GOVCODE|GOVNAME|PERMITNO|DOCNO|"
    "OWNRPID|OWNNAME|AN|SEQ|SUBINSCL|RELINSCL|HTYPE"
)
PAT_HEADER = (
    "HCODE|HN|CHANGWAT|AMPHUR|DOB|SEX|MARRIAGE|OCCUPA|NATION|PERSON_ID|NAMEPAT|TITLE|FNAME|"
    "LNAME|IDTYPE"
)
OPD_HEADER = "HN|CLINIC|DATEOPD|TIMEOPD|SEQ|UUC"
IPD_HEADER = "HN|AN|DATEADM|TIMEADM|DATEDSC|TIMEDSC|DISCHS|DISCHT|WARDDSC|DEPT|ADM_W|UUC|SVCTYPE"
ODX_HEADER = "HN|DATEDX|CLINIC|DIAG|DXTYPE|DRDX|PERSON_ID|SEQ"
IDX_HEADER = "AN|DIAG|DXTYPE|DRDX"
CHT_HEADER = "HN|AN|DATE|TOTAL|PAID|PTTYPE|PERSON_ID|SEQ"
CHA_HEADER = "HN|AN|DATE|CHRGITEM|AMOUNT|PERSON_ID|SEQ"
ADP_HEADER = "HN|AN|DATEOPD|TYPE|CODE|QTY|RATE|SEQ"
AER_HEADER = (
    "HN|AN|DATEOPD|AUTHAE|AEDATE|AETIME|AETYPE|REFER_NO|REFMAINI|IREFTYPE|REFMAINO|"
    "OREFTYPE|UCAE|EMTYPE|SEQ"
)


def eclaim_members() -> dict[str, str]:
    """A good export from hospital 10670, March 2567 BE: one OPD visit (patient 000123,
    SEQ V001) and one admission (AN 670001, patient 000456 whose PERSON_ID is blank in PAT:
    the CID comes from INS). Dates mix BE (OPD side) and CE (IPD side), as exports do."""
    folder = "10670_6703/"
    return {
        folder + "INS6703.txt": pipe(
            INS_HEADER,
            f"000123|UCS|89|{CID_1}|25660101|25670930|10670|10670||||||||V001|||",
            f"000456|UCS|89|{CID_2}|25660101|25670930|10670|10670|||||||670001||||",
        ),
        folder + "PAT6703.txt": pipe(
            PAT_HEADER,
            f"10670|000123|40|01|25230517|1|2|000|099|{CID_1}|สมชาย ใจดี,นาย|นาย|สมชาย|ใจดี|1",
            "10670|000456|40|01|25330101|2|1|000|099||สมหญิง รักไทย,นาง|นาง|สมหญิง|รักไทย|1",
        ),
        folder + "OPD6703.txt": pipe(OPD_HEADER, "000123|01|25670301|0830|V001|1"),
        folder + "IPD6703.txt": pipe(
            IPD_HEADER, "000456|670001|20240305|221500|20240308|1030|2|1|W1|02|55.5|1|1"
        ),
        folder + "odx6703.TXT": pipe(
            ODX_HEADER,
            "000123|25670301|01|I10|2|D1|" + CID_1 + "|V001",
            "000123|25670301|01|E119|1|D1|" + CID_1 + "|V001",
        ),
        folder + "IDX6703.txt": pipe(IDX_HEADER, "670001|J189|1|D2", "670001|E119|2|D2"),
        folder + "CHT6703.txt": pipe(CHT_HEADER, f"000123||25670301|286.25|0|UC|{CID_1}|V001"),
        folder + "CHA6703.txt": pipe(
            CHA_HEADER,
            f"000123||25670301|31|250.50|{CID_1}|V001",
            f"000456|670001|20240306|11|1500.00|{CID_2}|",
        ),
        folder + "ADP6703.txt": pipe(
            ADP_HEADER,
            "000123||25670301|3|DRUG01|3|12.25|V001",
            "000456|670001|20240305|2|STENT|1|45000.00|",
            "000456|670001||2|GAUZE|2.5|0.35|",
        ),
        folder + "AER6703.txt": pipe(AER_HEADER, "000123||25670301||||||||||||V001"),
    }


def eclaim_zip(changes: dict[str, str | None] | None = None, pat_encoding="tis-620") -> bytes:
    """The good export, with members replaced (by kind: {"OPD": text}) or removed (None).
    PAT is written in TIS-620 unless told otherwise."""
    members = eclaim_members()
    for kind, text in (changes or {}).items():
        name = next(n for n in members if n.split("/")[-1][:3].upper() == kind)
        if text is None:
            del members[name]
        else:
            members[name] = text
    pat = next(n for n in members if "PAT" in n) if any("PAT" in n for n in members) else None
    return zip_bytes(members, {pat: pat_encoding} if pat else {})


def member_name(kind: str) -> str:
    return next(n for n in eclaim_members() if n.split("/")[-1][:3].upper() == kind)
