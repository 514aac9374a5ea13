"""Deterministic synthetic demo data (``sitthi demo-data``).

Three parts, loaded in this order:

1. **Reference rows**: agencies, hospitals in all 77 provinces and their dated contracts with
   the funds. They are the same whatever the seed (a fixed internal seed), so the demo
   accounts, the showcase persons, the README and the browser tests can name hospitals by
   code. Loading is idempotent (``update_or_create``; audit-logged like an admin edit).
   Bangkok's state hospitals carry the names of real hospitals so the demo reads naturally;
   every hospital **code** here is synthetic (``1PPNN`` MOPH provincial/general,
   ``2PPNN`` MOPH community, ``3PPNN`` state hospital under another agency, ``5PPNN``
   private; PP = province code), and the transfer-back groups are illustrative, not the
   official lists.
2. **Demo accounts**, one per role, sharing :data:`DEMO_PASSWORD`; existing users are left alone.
3. **The register**: :data:`SHOWCASE` persons (fixed, documented citizen IDs) plus N synthetic
   persons with dated rights, built as Polars columns from a seeded generator and bulk-inserted
   (PostgreSQL ``COPY``; elsewhere ``executemany`` in chunks), all in one transaction, with one
   :class:`~sitthi.core.models.BatchRun` recording the run. Person and right rows are not
   audit-logged one by one (a million log rows would dwarf the register); the BatchRun is.

Everything is dated relative to :data:`AS_OF` (not the clock), so a seed gives the same rows on
any day: every generated right starts before it, and the "no right in force" persons' rights
ended before it.
"""

from __future__ import annotations

import array
import random
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

import polars as pl
from django.core.management.color import no_style
from django.db import connection, transaction
from django.utils import timezone

DEMO_PASSWORD = "sitthi-demo-2569"
AS_OF = date(2025, 7, 1)
"""Ages and titles are as of this day; every generated right starts before it."""

REFERENCE_SEED = "sitthi-demo-reference-v1"
HOSP_PUBLIC = "14001"
"""โรงพยาบาลขอนแก่น: MOPH regional hospital outside Bangkok (UCS, SSS, OFC); ``hosp_public``."""
HOSP_PRIVATE = "51001"
"""A Bangkok private hospital with no contract with any fund (UCEP's case); ``hosp_private``."""
HOSP_PRIVATE_SSS = "51002"
"""A Bangkok private hospital with an open-ended SSS contract."""
HOSP_PRIVATE_ENDED = "51005"
"""A Bangkok private hospital whose SSS contract ended on 31 Dec 2023."""

UCS_FROM = date(2002, 10, 1)
OFC_FROM = date(2010, 1, 1)
SSS_FROM = date(2000, 1, 1)
PRIVATE_UCS_FROM = date(2016, 10, 1)
ENDED_ON = date(2023, 12, 31)

# ---------------------------------------------------------------------------------------------
# Reference rows
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AgencySpec:
    code: str
    name_th: str
    name_en: str
    own_hospital: str | None = None


AGENCIES: tuple[AgencySpec, ...] = (
    # With their own hospital (the CSMBS transfer-back rule sends patients there).
    AgencySpec("BMA", "กรุงเทพมหานคร", "Bangkok Metropolitan Administration", "31009"),
    AgencySpec("MOD", "กระทรวงกลาโหม", "Ministry of Defence", "31001"),
    AgencySpec("RTP", "สำนักงานตำรวจแห่งชาติ", "Royal Thai Police", "31004"),
    AgencySpec(
        "MU",
        "มหาวิทยาลัยมหิดล (กระทรวงการอุดมศึกษา วิทยาศาสตร์ วิจัยและนวัตกรรม)",
        "Mahidol University (Ministry of Higher Education, Science, Research and Innovation)",
        "31005",
    ),
    AgencySpec("NMU", "มหาวิทยาลัยนวมินทราธิราช", "Navamindradhiraj University", "31008"),
    AgencySpec("TRC", "สภากาชาดไทย", "Thai Red Cross Society", "31007"),
    AgencySpec("KKU", "มหาวิทยาลัยขอนแก่น", "Khon Kaen University", "34001"),
    # CSMBS employers without a hospital of their own.
    AgencySpec("RD", "กรมสรรพากร", "Revenue Department"),
    AgencySpec("MOE", "กระทรวงศึกษาธิการ", "Ministry of Education"),
    AgencySpec("CGD", "กรมบัญชีกลาง", "Comptroller General's Department"),
    AgencySpec("DOPA", "กรมการปกครอง", "Department of Provincial Administration"),
    AgencySpec("DLA", "กรมส่งเสริมการปกครองท้องถิ่น", "Department of Local Administration"),
)
# Share of CSMBS (OFC) persons employed by each agency (teachers are the largest group).
OFC_AGENCY_WEIGHTS = {
    "MOE": 30,
    "DOPA": 12,
    "MOD": 14,
    "RTP": 11,
    "BMA": 7,
    "RD": 6,
    "CGD": 3,
    "DLA": 5,
    "MU": 5,
    "KKU": 3,
    "NMU": 2,
    "TRC": 2,
}


@dataclass(frozen=True)
class HospitalSpec:
    hcode: str
    name_th: str
    name_en: str
    ownership: str  # "public" | "private"
    moph: bool
    agency: str | None
    province: str
    level: str = ""
    group: int | None = None


@dataclass(frozen=True)
class ContractSpec:
    hcode: str
    fund: str
    valid_from: date
    valid_until: date | None = None
    note: str = ""


@dataclass(frozen=True)
class ProvinceRow:
    code: str
    name_th: str
    name_en: str
    region: int
    perimeter: bool
    seat: bool  # the province that seats its NHSO region (levels A there)


def _state(hcode, name_th, name_en, agency, level, group=None, province="10"):
    return HospitalSpec(
        hcode, name_th, name_en, "public", agency is None, agency, province, level, group
    )


BANGKOK_STATE: tuple[HospitalSpec, ...] = (
    # Group 1: 15 large Bangkok state hospitals, all specialties.
    _state("31001", "โรงพยาบาลพระมงกุฎเกล้า", "Phramongkutklao Hospital", "MOD", "A", 1),
    _state("31002", "โรงพยาบาลภูมิพลอดุลยเดช", "Bhumibol Adulyadej Hospital", "MOD", "A", 1),
    _state("31003", "โรงพยาบาลสมเด็จพระปิ่นเกล้า", "Somdech Phra Pinklao Hospital", "MOD", "S", 1),
    _state("31004", "โรงพยาบาลตำรวจ", "Police General Hospital", "RTP", "A", 1),
    _state("31005", "โรงพยาบาลศิริราช", "Siriraj Hospital", "MU", "A", 1),
    _state("31006", "โรงพยาบาลรามาธิบดี", "Ramathibodi Hospital", "MU", "A", 1),
    _state(
        "31007",
        "โรงพยาบาลจุฬาลงกรณ์ สภากาชาดไทย",
        "King Chulalongkorn Memorial Hospital",
        "TRC",
        "A",
        1,
    ),
    _state("31008", "โรงพยาบาลวชิรพยาบาล", "Vajira Hospital", "NMU", "A", 1),
    _state("31009", "โรงพยาบาลกลาง", "Klang Hospital", "BMA", "S", 1),
    _state("31010", "โรงพยาบาลตากสิน", "Taksin Hospital", "BMA", "S", 1),
    _state("31011", "โรงพยาบาลเจริญกรุงประชารักษ์", "Charoenkrung Pracharak Hospital", "BMA", "S", 1),
    _state("31012", "โรงพยาบาลสิรินธร", "Sirindhorn Hospital", "BMA", "S", 1),
    _state("11001", "โรงพยาบาลราชวิถี", "Rajavithi Hospital", None, "A", 1),
    _state("11002", "โรงพยาบาลนพรัตนราชธานี", "Nopparat Rajathanee Hospital", None, "S", 1),
    _state("11003", "โรงพยาบาลเลิดสิน", "Lerdsin Hospital", None, "S", 1),
    # Group 2: 6 Bangkok state hospitals taking specific specialties.
    _state("11004", "สถาบันประสาทวิทยา", "Prasat Neurological Institute", None, "S", 2),
    _state("11005", "โรงพยาบาลสงฆ์", "Priest Hospital", None, "S", 2),
    _state(
        "11006",
        "สถาบันสุขภาพเด็กแห่งชาติมหาราชินี",
        "Queen Sirikit National Institute of Child Health",
        None,
        "S",
        2,
    ),
    _state(
        "31013",
        "โรงพยาบาลหลวงพ่อทวีศักดิ์ ชุตินฺธโร อุทิศ",
        "Luang Pho Thawee Sak Chutintharo Uthit Hospital",
        "BMA",
        "M1",
        2,
    ),
    _state("31014", "โรงพยาบาลเวชการุณย์รัศมิ์", "Vejakarunrasmi Hospital", "BMA", "M1", 2),
    _state("31015", "โรงพยาบาลลาดกระบัง กรุงเทพมหานคร", "Lat Krabang Hospital", "BMA", "M1", 2),
    # Other Bangkok state hospitals (no transfer-back group).
    _state("31016", "โรงพยาบาลคลองสามวา", "Khlong Sam Wa Hospital", "BMA", "M2"),
    _state("31017", "โรงพยาบาลบางนา กรุงเทพมหานคร", "Bang Na Hospital", "BMA", "M2"),
)
OTHER_AGENCY_HOSPITALS: tuple[HospitalSpec, ...] = (
    _state(
        "34001",
        "โรงพยาบาลศรีนครินทร์ มหาวิทยาลัยขอนแก่น",
        "Srinagarind Hospital",
        "KKU",
        "A",
        province="40",
    ),
)
# A second MOPH general hospital in two perimeter provinces: 5 + 2 = 7 in group 3.
PERIMETER_EXTRA = {
    "11": ("โรงพยาบาลบางพลี", "Bang Phli Hospital"),
    "12": ("โรงพยาบาลพระนั่งเกล้า", "Phra Nang Klao Hospital"),
}

# Invented private hospital brands (Thai, romanised), not real hospital names.
PRIVATE_BRANDS = (
    ("รวมแพทย์", "Ruam Phaet"),
    ("ศรีสุขเวช", "Si Suk Wet"),
    ("สุขใจ", "Suk Chai"),
    ("ประชารักษ์เวช", "Pracha Rak Wet"),
    ("เมตตาการุณย์", "Metta Karun"),
    ("พรรักษ์", "Phon Rak"),
    ("สหเวชการ", "Saha Wetchakan"),
    ("ธารน้ำใจ", "Than Nam Chai"),
    ("ศิริเวช", "Siri Wet"),
    ("อารีย์การแพทย์", "Ari Kan Phaet"),
    ("แสงทองเวช", "Saeng Thong Wet"),
    ("บุญเกื้อ", "Bun Kuea"),
    ("ชีวารักษ์", "Chiwa Rak"),
    ("เวชพัฒน์", "Wet Phat"),
)
BANGKOK_AREAS = (
    ("บางนา", "Bang Na"),
    ("ลาดพร้าว", "Lat Phrao"),
    ("บางกะปิ", "Bang Kapi"),
    ("สาทร", "Sathon"),
    ("ธนบุรี", "Thon Buri"),
    ("รามอินทรา", "Ram Inthra"),
    ("พระราม 2", "Rama II"),
    ("บางแค", "Bang Khae"),
    ("ดอนเมือง", "Don Mueang"),
    ("มีนบุรี", "Min Buri"),
)
# Bangkok's private hospitals, by their contracts (a set of funds; "ended" = SSS until 2023).
BANGKOK_PRIVATE_CONTRACTS = (
    (),
    ("SSS",),
    ("SSS", "UCS"),
    (),
    ("ended",),
    ("UCS",),
    ("SSS",),
    (),
    ("SSS",),
    ("SSS", "UCS"),
)
# Community-hospital names: common Thai place-name parts, combined.
PLACE_HEADS = (
    ("บ้าน", "Ban "),
    ("หนอง", "Nong "),
    ("นา", "Na "),
    ("บาง", "Bang "),
    ("ห้วย", "Huai "),
    ("โพธิ์", "Pho "),
    ("ท่า", "Tha "),
    ("วัง", "Wang "),
    ("ดอน", "Don "),
    ("โนน", "Non "),
    ("เขา", "Khao "),
    ("ทุ่ง", "Thung "),
    ("สระ", "Sa "),
    ("บึง", "Bueng "),
    ("ลำ", "Lam "),
    ("เวียง", "Wiang "),
)
PLACE_TAILS = (
    ("ใหญ่", "Yai"),
    ("น้อย", "Noi"),
    ("ใหม่", "Mai"),
    ("แดง", "Daeng"),
    ("ทอง", "Thong"),
    ("งาม", "Ngam"),
    ("ยาว", "Yao"),
    ("หลวง", "Luang"),
    ("ไผ่", "Phai"),
    ("แก้ว", "Kaeo"),
    ("สูง", "Sung"),
    ("กลาง", "Klang"),
    ("ทราย", "Sai"),
    ("ม่วง", "Muang"),
    ("ขาม", "Kham"),
    ("เงิน", "Ngoen"),
)
COMMUNITY_LEVELS = (("M1", 5), ("M2", 15), ("F1", 25), ("F2", 45), ("F3", 10))


@dataclass
class Reference:
    hospitals: list[HospitalSpec]
    contracts: list[ContractSpec]
    provinces: list[ProvinceRow]


def build_reference(provinces: Iterable[ProvinceRow]) -> Reference:
    """The demo hospitals and contracts (pure: no database, the same on every call)."""
    provinces = sorted(provinces, key=lambda p: p.code)
    rng = random.Random(REFERENCE_SEED)
    places = [(h[0] + t[0], h[1] + t[1]) for h in PLACE_HEADS for t in PLACE_TAILS]
    rng.shuffle(places)
    levels, weights = zip(*COMMUNITY_LEVELS, strict=True)

    assert len(BANGKOK_AREAS) == len(BANGKOK_PRIVATE_CONTRACTS)
    hospitals = list(BANGKOK_STATE) + list(OTHER_AGENCY_HOSPITALS)
    for p in provinces:
        if p.code == "10":
            for k, area in enumerate(BANGKOK_AREAS, start=1):
                brand = PRIVATE_BRANDS[k - 1]
                hospitals.append(
                    HospitalSpec(
                        f"510{k:02d}",
                        f"โรงพยาบาล{brand[0]} {area[0]}",
                        f"{brand[1]} {area[1]} Hospital",
                        "private",
                        False,
                        None,
                        "10",
                    )
                )
            continue
        group = 3 if p.perimeter else None
        hospitals.append(
            HospitalSpec(
                f"1{p.code}01",
                f"โรงพยาบาล{p.name_th}",
                f"{p.name_en} Hospital",
                "public",
                True,
                None,
                p.code,
                "A" if p.seat else "S",
                group,
            )
        )
        if p.code in PERIMETER_EXTRA:
            th, en = PERIMETER_EXTRA[p.code]
            hospitals.append(
                HospitalSpec(f"1{p.code}02", th, en, "public", True, None, p.code, "S", group)
            )
        for k in range(1, rng.choice((2, 3)) + 1):
            th, en = places.pop()
            hospitals.append(
                HospitalSpec(
                    f"2{p.code}{k:02d}",
                    f"โรงพยาบาล{th}",
                    f"{en} Hospital",
                    "public",
                    True,
                    None,
                    p.code,
                    rng.choices(levels, weights)[0],
                )
            )
        for k, brand in enumerate(rng.sample(PRIVATE_BRANDS, 2 if p.seat else 1), start=1):
            hospitals.append(
                HospitalSpec(
                    f"5{p.code}{k:02d}",
                    f"โรงพยาบาล{brand[0]}{p.name_th}",
                    f"{brand[1]} {p.name_en} Hospital",
                    "private",
                    False,
                    None,
                    p.code,
                )
            )
    hospitals.sort(key=lambda h: h.hcode)

    contracts: list[ContractSpec] = []
    region_of = {p.code: p.region for p in provinces}
    uncontracted_regions: set[int] = set()
    ended = 0
    for h in hospitals:
        if h.ownership == "public":
            contracts.append(ContractSpec(h.hcode, "UCS", UCS_FROM))
            contracts.append(ContractSpec(h.hcode, "OFC", OFC_FROM))
            if h.level in ("A", "S"):
                contracts.append(ContractSpec(h.hcode, "SSS", SSS_FROM))
            continue
        if h.province == "10":
            funds = BANGKOK_PRIVATE_CONTRACTS[int(h.hcode[3:]) - 1]
        elif region_of[h.province] not in uncontracted_regions:
            funds = ()  # the first private hospital of each region has no contract at all
        else:
            funds = tuple(f for f, p in (("SSS", 0.5), ("UCS", 1 / 3)) if rng.random() < p)
            if "SSS" in funds and rng.random() < 1 / 6:
                funds = ("ended",) + funds[1:]
        uncontracted_regions.add(region_of[h.province])
        for f in funds:
            if f == "ended":
                ended += 1
                contracts.append(
                    ContractSpec(h.hcode, "SSS", SSS_FROM, ENDED_ON, "สัญญาสิ้นสุดแล้ว (ข้อมูลสาธิต)")
                )
            else:
                contracts.append(
                    ContractSpec(h.hcode, f, SSS_FROM if f == "SSS" else PRIVATE_UCS_FROM)
                )
    assert ended >= 1 and len(uncontracted_regions) == len(set(region_of.values()))
    return Reference(hospitals, contracts, provinces)


def province_rows() -> list[ProvinceRow]:
    from .models import Province

    return [
        ProvinceRow(
            p.code,
            p.name_th,
            p.name_en,
            p.region_id,
            p.bangkok_perimeter,
            p.name_th == p.region.name_th,
        )
        for p in Province.objects.select_related("region").order_by("code")
    ]


#: Rows per INSERT when the reference rows are new.
BULK = 1000


def load_reference(ref: Reference) -> dict[str, int]:
    """Agencies, hospitals and contracts, created or brought up to date (never duplicated).
    Every hospital passes ``full_clean()`` before it is saved."""
    from sitthi.core.audit import log_created

    from .models import Agency, Contract, Hospital, Province

    provinces = {p.code: p for p in Province.objects.all()}
    for a in AGENCIES:
        Agency.objects.update_or_create(
            code=a.code, defaults={"name_th": a.name_th, "name_en": a.name_en}
        )
    # A hospital already stored is brought up to date row by row; the new ones (all of them on
    # a fresh database) are inserted in bulk, each with the audit record a save would write.
    stored = set(
        Hospital.objects.filter(hcode__in=[h.hcode for h in ref.hospitals]).values_list(
            "hcode", flat=True
        )
    )
    fresh: dict[str, Hospital] = {}
    for h in ref.hospitals:
        values = {
            "name_th": h.name_th,
            "name_en": h.name_en,
            "ownership": h.ownership,
            "moph": h.moph,
            "agency_id": h.agency,
            "province": provinces[h.province],
            "level": h.level,
            "transfer_back_group": h.group,
            "temporary": False,
        }
        row = Hospital(hcode=h.hcode, **values)
        row.full_clean(validate_unique=False)
        if h.hcode in stored:
            Hospital.objects.update_or_create(hcode=h.hcode, defaults=values)
        else:
            fresh[h.hcode] = row
    log_created(Hospital.objects.bulk_create(list(fresh.values()), batch_size=BULK))
    for a in AGENCIES:
        if a.own_hospital:
            Agency.objects.update_or_create(
                code=a.code, defaults={"own_hospital_id": a.own_hospital}
            )
    known = set(
        Contract.objects.filter(hospital_id__in=[c.hcode for c in ref.contracts]).values_list(
            "hospital_id", "fund_id", "valid_from"
        )
    )
    new_contracts: dict[tuple, Contract] = {}
    for c in ref.contracts:
        key = (c.hcode, c.fund, c.valid_from)
        if key in known:
            Contract.objects.update_or_create(
                hospital_id=c.hcode,
                fund_id=c.fund,
                valid_from=c.valid_from,
                defaults={"valid_until": c.valid_until, "note": c.note},
            )
        else:
            new_contracts[key] = Contract(
                hospital_id=c.hcode,
                fund_id=c.fund,
                valid_from=c.valid_from,
                valid_until=c.valid_until,
                note=c.note,
            )
    log_created(Contract.objects.bulk_create(list(new_contracts.values()), batch_size=BULK))
    return {
        "agencies": len(AGENCIES),
        "hospitals": len(ref.hospitals),
        "contracts": len(ref.contracts),
    }


# ---------------------------------------------------------------------------------------------
# Demo accounts
# ---------------------------------------------------------------------------------------------


class DemoUser(NamedTuple):
    username: str
    role: str
    hospital: str | None = None
    fund: str | None = None


DEMO_USERS: tuple[DemoUser, ...] = (
    DemoUser("admin", "admin"),
    DemoUser("nhso", "nhso"),
    DemoUser("ems", "ems"),
    DemoUser("secretary", "secretary"),
    DemoUser("fund_uc", "fund", fund="UCS"),
    DemoUser("fund_sss", "fund", fund="SSS"),
    DemoUser("fund_csmbs", "fund", fund="OFC"),
    DemoUser("hosp_public", "hospital", hospital=HOSP_PUBLIC),
    DemoUser("hosp_private", "hospital", hospital=HOSP_PRIVATE),
)


def ensure_users() -> list[tuple[str, bool]]:
    """Create the demo accounts that do not exist yet; (username, created) for each."""
    from django.contrib.auth.password_validation import validate_password

    from sitthi.core.models import User

    out = []
    for u in DEMO_USERS:
        if User.objects.filter(username=u.username).exists():
            out.append((u.username, False))
            continue
        # The demo password obeys the same rules as everyone's (AUTH_PASSWORD_VALIDATORS).
        validate_password(DEMO_PASSWORD, User(username=u.username, role=u.role))
        User.objects.create_user(
            u.username,
            password=DEMO_PASSWORD,
            role=u.role,
            hospital_id=u.hospital,
            fund_id=u.fund,
            is_superuser=u.role == "admin",
        )
        out.append((u.username, True))
    return out


# ---------------------------------------------------------------------------------------------
# Showcase persons
# ---------------------------------------------------------------------------------------------


class Showcase(NamedTuple):
    citizen_id: str
    description_th: str
    description_en: str


CID_UC = "3400100010017"
CID_SSS = "3100100020023"
CID_CSMBS_OWN_HOSPITAL = "3100100030037"
CID_CSMBS_NO_HOSPITAL = "3100100040041"
CID_SSS_TO_UC = "3400100050051"
CID_NO_RIGHT = "3100100060068"

SHOWCASE: list[Showcase] = [
    Showcase(
        CID_UC,
        "สิทธิบัตรทอง (UCS) หน่วยบริการประจำ โรงพยาบาลขอนแก่น (14001) ตั้งแต่ 1 ต.ค. 2545",
        "UC (UCS) registered at Khon Kaen Hospital (14001), hosp_public's hospital, "
        "since 1 Oct 2002",
    ),
    Showcase(
        CID_SSS,
        "สิทธิประกันสังคม (SSS) โรงพยาบาลเอกชนคู่สัญญาใน กทม. (51002) ตั้งแต่ 1 พ.ค. 2555",
        "Social security (SSS) at a Bangkok private hospital with an SSS contract (51002) "
        "since 1 May 2012",
    ),
    Showcase(
        CID_CSMBS_OWN_HOSPITAL,
        "สิทธิข้าราชการ (OFC) กระทรวงกลาโหม ซึ่งมีโรงพยาบาลในสังกัด "
        "(โรงพยาบาลพระมงกุฎเกล้า 31001) ตั้งแต่ 1 ม.ค. 2553",
        "Civil servant (CSMBS/OFC), Ministry of Defence, an agency with its own hospital "
        "(Phramongkutklao 31001), since 1 Jan 2010",
    ),
    Showcase(
        CID_CSMBS_NO_HOSPITAL,
        "สิทธิข้าราชการ (OFC) กรมสรรพากร ซึ่งไม่มีโรงพยาบาลในสังกัด ตั้งแต่ 1 ม.ค. 2553",
        "Civil servant (CSMBS/OFC), Revenue Department, an agency without a hospital, "
        "since 1 Jan 2010",
    ),
    Showcase(
        CID_SSS_TO_UC,
        "ประกันสังคมถึง 30 มิ.ย. 2566 แล้วเปลี่ยนเป็นบัตรทองตั้งแต่ 1 ก.ค. 2566 (โรงพยาบาลขอนแก่น 14001)",
        "SSS until 30 Jun 2023, then UC from 1 Jul 2023 (both at Khon Kaen Hospital 14001)",
    ),
    Showcase(
        CID_NO_RIGHT,
        "ไม่มีสิทธิที่มีผลวันนี้: ประกันสังคมสิ้นสุด 31 มี.ค. 2567",
        "No right in force today: SSS ended on 31 Mar 2024",
    ),
]

# (citizen_id, title, first, last, sex, birth, province, [(fund, from, until, unit, agency)])
_SHOWCASE_ROWS = (
    (
        CID_UC,
        "นาง",
        "สมศรี",
        "ทองดี",
        "2",
        date(1975, 3, 14),
        "40",
        [("UCS", UCS_FROM, None, HOSP_PUBLIC, None)],
    ),
    (
        CID_SSS,
        "นาย",
        "สมชาย",
        "ศรีสวัสดิ์",
        "1",
        date(1990, 8, 21),
        "10",
        [("SSS", date(2012, 5, 1), None, HOSP_PRIVATE_SSS, None)],
    ),
    (
        CID_CSMBS_OWN_HOSPITAL,
        "นาย",
        "ประเสริฐ",
        "บุญมา",
        "1",
        date(1970, 11, 5),
        "10",
        [("OFC", OFC_FROM, None, None, "MOD")],
    ),
    (
        CID_CSMBS_NO_HOSPITAL,
        "นาง",
        "วิไล",
        "แสงอรุณ",
        "2",
        date(1968, 2, 27),
        "10",
        [("OFC", OFC_FROM, None, None, "RD")],
    ),
    (
        CID_SSS_TO_UC,
        "นาย",
        "สมพงษ์",
        "จันทร์เพ็ญ",
        "1",
        date(1985, 6, 10),
        "40",
        [
            ("SSS", date(2012, 5, 1), date(2023, 6, 30), HOSP_PUBLIC, None),
            ("UCS", date(2023, 7, 1), None, HOSP_PUBLIC, None),
        ],
    ),
    (
        CID_NO_RIGHT,
        "นางสาว",
        "มาลี",
        "พรหมมา",
        "2",
        date(1995, 12, 1),
        "10",
        [("SSS", date(2016, 1, 1), date(2024, 3, 31), HOSP_PRIVATE_SSS, None)],
    ),
)

PERSON_SCHEMA = {
    "id": pl.Int64,
    "citizen_id": pl.String,
    "title": pl.String,
    "first_name": pl.String,
    "last_name": pl.String,
    "sex": pl.String,
    "birth_date": pl.Date,
    "province_id": pl.String,
}
RIGHT_SCHEMA = {
    "id": pl.Int64,
    "valid_from": pl.Date,
    "valid_until": pl.Date,
    "person_id": pl.Int64,
    "fund_id": pl.String,
    "main_unit_id": pl.String,
    "agency_id": pl.String,
}


def _showcase_frames() -> tuple[pl.DataFrame, pl.DataFrame]:
    persons, rights = [], []
    for pid, (cid, title, first, last, sex, born, prov, person_rights) in enumerate(
        _SHOWCASE_ROWS, start=1
    ):
        persons.append((pid, cid, title, first, last, sex, born, prov))
        for fund, start, until, unit, agency in person_rights:
            rights.append((0, start, until, pid, fund, unit, agency))
    return (
        pl.DataFrame(persons, schema=PERSON_SCHEMA, orient="row"),
        pl.DataFrame(rights, schema=RIGHT_SCHEMA, orient="row"),
    )


# ---------------------------------------------------------------------------------------------
# Synthetic persons and rights
# ---------------------------------------------------------------------------------------------


class Draws:
    """Seeded uniform draws as Polars columns: Python's Mersenne Twister produces the raw
    bytes (stable across Python versions for a given seed), Polars does the arithmetic.
    Each purpose has its own stream, so changing one column leaves the others as they were."""

    def __init__(self, seed: int, stream: str) -> None:
        self._rng = random.Random(f"sitthi-demo:{seed}:{stream}")

    def u32(self, n: int) -> pl.Series:
        buf = array.array("I")
        assert buf.itemsize == 4
        buf.frombytes(self._rng.randbytes(4 * n))
        if sys.byteorder == "big":
            buf.byteswap()
        return pl.Series(values=buf, dtype=pl.UInt32).cast(pl.Int64)

    def uniform(self, n: int) -> pl.Series:
        """[0, 1)."""
        return self.u32(n) / 2.0**32

    def below(self, n: int, bound: int | pl.Series) -> pl.Series:
        """Integers in [0, bound); bound may be a column (each ≥ 1)."""
        return (self.uniform(n) * bound).floor().cast(pl.Int64)

    def choice(self, n: int, values: list, weights: list[float], dtype=None) -> pl.Series:
        cum = pl.Series([sum(weights[: i + 1]) / sum(weights) for i in range(len(weights))])
        idx = cum.search_sorted(self.uniform(n), side="right").clip(0, len(values) - 1)
        return pl.Series(values, dtype=dtype).gather(idx)


def name_pools(seed: int) -> dict[str, list[str]]:
    """Thai first and last names, drawn once from Faker th_TH seeded with ``seed``."""
    from faker import Faker

    fake = Faker("th_TH")
    fake.seed_instance(seed)

    def pool(make: Callable[[], str], draws: int) -> list[str]:
        return list(dict.fromkeys(make() for _ in range(draws)))

    return {
        "1": pool(fake.first_name_male, 1500),
        "2": pool(fake.first_name_female, 1500),
        "last": pool(fake.last_name, 1500),
    }


def _days(d: date) -> int:
    return (d - date(1970, 1, 1)).days


# Birth years by decade (a rough Thai population pyramid); all births 1935–2024.
BIRTH_DECADES = (
    (1935, 2),
    (1945, 5),
    (1955, 11),
    (1965, 15),
    (1975, 16),
    (1985, 15),
    (1995, 13),
    (2005, 13),
    (2015, 10),
)
FUND_SHARES = {"OFC": 0.08, "LGO": 0.02, "SSS": 0.22}  # UCS takes the rest (68 %)
FUND_FROM = {
    "UCS": UCS_FROM,
    "SSS": date(2005, 1, 1),
    "OFC": date(2005, 1, 1),
    "LGO": date(2010, 1, 1),
}
LAST_START = date(2025, 6, 30)  # no generated right starts after this (AS_OF - 1)
LAST_END = date(2025, 3, 31)  # rights that lapsed ended by this day
SWITCH_SHARE, LAPSED_SHARE = 0.10, 0.01
ADULT_DAYS = 6575  # 18 years: nobody has an SSS right (a job) before 18


def _province_weights(ref: Reference) -> tuple[list[str], list[float]]:
    codes = [p.code for p in ref.provinces]
    weights = [9.0 if p.code == "10" else 2.0 if p.perimeter else 1.0 for p in ref.provinces]
    return codes, weights


def _candidates(ref: Reference, fund: str, *, public_only: bool) -> pl.DataFrame:
    """Per province, the hospitals a person there can be registered with for ``fund``: an
    open-ended contract with that fund (so it is in force from its start to today)."""
    ok = {c.hcode for c in ref.contracts if c.fund == fund and c.valid_until is None}
    rows = sorted(
        (h.province, h.hcode)
        for h in ref.hospitals
        if h.hcode in ok and (h.ownership == "public" or not public_only)
    )
    frame = pl.DataFrame(rows, schema={"province_id": pl.String, "hcode": pl.String}, orient="row")
    missing = {p.code for p in ref.provinces} - set(frame["province_id"])
    assert not missing, f"no {fund} unit in provinces {missing}"
    return frame.with_row_index("pos")


def _pick_unit(cands: pl.DataFrame, provinces: pl.Series, u: pl.Series) -> pl.Series:
    spans = cands.group_by("province_id").agg(
        pl.col("pos").min().alias("first"), pl.len().alias("count")
    )
    spans = pl.DataFrame({"province_id": provinces}).join(
        spans, on="province_id", how="left", maintain_order="left"
    )
    pos = spans["first"].cast(pl.Int64) + (u * spans["count"]).floor().cast(pl.Int64)
    return cands["hcode"].gather(pos)


def build_persons(
    n: int, seed: int, ref: Reference, first_id: int = 1
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """``n`` synthetic persons (ids from ``first_id``) and their rights (ids unset: 0)."""
    exclude = pl.Series([row[0] for row in _SHOWCASE_ROWS])
    if n == 0:
        return (pl.DataFrame(schema=PERSON_SCHEMA), pl.DataFrame(schema=RIGHT_SCHEMA))

    # Birth date, sex, province.
    decades = Draws(seed, "decade").choice(
        n, list(range(len(BIRTH_DECADES))), [w for _, w in BIRTH_DECADES]
    )
    starts = pl.Series([_days(date(y, 1, 1)) for y, _ in BIRTH_DECADES]).gather(decades)
    ends = pl.Series(
        [
            _days(date(y + 10, 1, 1)) if y + 10 <= 2024 else _days(date(2025, 1, 1))
            for y, _ in BIRTH_DECADES
        ]
    ).gather(decades)
    born = starts + Draws(seed, "birthday").below(n, ends - starts)
    sex = pl.Series(["1", "2"]).gather((Draws(seed, "sex").uniform(n) >= 0.49).cast(pl.Int64))
    codes, weights = _province_weights(ref)
    province = Draws(seed, "province").choice(n, codes, weights, pl.String)

    df = pl.DataFrame(
        {"born": born.cast(pl.Int32).cast(pl.Date), "sex": sex, "province_id": province}
    )
    as_of = AS_OF.month * 100 + AS_OF.day
    df = df.with_columns(
        age=(
            AS_OF.year
            - pl.col("born").dt.year()
            - ((pl.col("born").dt.month() * 100 + pl.col("born").dt.day()) > as_of)
        ),
    )

    # Title by sex and age; a share of adult women use นาง.
    married = Draws(seed, "married").uniform(n)
    df = df.with_columns(
        title=pl.when(pl.col("age") < 15)
        .then(pl.when(pl.col("sex") == "1").then(pl.lit("เด็กชาย")).otherwise(pl.lit("เด็กหญิง")))
        .when(pl.col("sex") == "1")
        .then(pl.lit("นาย"))
        .when(pl.col("age") >= 20)
        .then(
            pl.when(pl.lit(married) < pl.when(pl.col("age") < 30).then(0.35).otherwise(0.7))
            .then(pl.lit("นาง"))
            .otherwise(pl.lit("นางสาว"))
        )
        .otherwise(pl.lit("นางสาว")),
    )

    # Names from the seeded pools.
    pools = name_pools(seed)
    male, female, last = (pl.Series(pools[k]) for k in ("1", "2", "last"))
    u_first = Draws(seed, "first_name").uniform(n)
    first_m = male.gather((u_first * len(male)).floor().cast(pl.Int64))
    first_f = female.gather((u_first * len(female)).floor().cast(pl.Int64))
    df = df.with_columns(
        first_name=pl.when(pl.col("sex") == "1").then(pl.lit(first_m)).otherwise(pl.lit(first_f)),
        last_name=last.gather(Draws(seed, "last_name").below(n, len(last))),
    )

    # Citizen ID: type digit (1/2 born from 1984, else 3/4/5/8), registering province and
    # district, a 7-digit running part; the mod-11 check digit computed over the column.
    young = df["born"] >= date(1984, 1, 1)
    kind_young = Draws(seed, "cid_kind_young").choice(n, [1, 2], [96, 4], pl.Int64)
    kind_old = Draws(seed, "cid_kind_old").choice(n, [3, 4, 5, 8], [90, 3, 4, 3], pl.Int64)
    kind = pl.select(
        pl.when(pl.lit(young)).then(pl.lit(kind_young)).otherwise(pl.lit(kind_old))
    ).to_series()
    district = Draws(seed, "cid_district").below(n, 20) + 1
    prefix = kind * 10**11 + df["province_id"].cast(pl.Int64) * 10**9 + district * 10**7
    running_draws = Draws(seed, "cid_running")
    body = prefix + running_draws.below(n, 10**7)
    for _ in range(100):
        cid = _with_check_digit(body)
        bad = ~cid.is_first_distinct() | cid.is_in(exclude.implode())
        if not bad.any():
            break
        idx = bad.arg_true()
        body = body.scatter(idx, prefix.gather(idx) + running_draws.below(len(idx), 10**7))
    else:  # pragma: no cover - needs a register far larger than the ID space
        raise RuntimeError("could not draw unique citizen IDs")

    persons = pl.DataFrame(
        {
            "id": pl.int_range(first_id, first_id + n, eager=True, dtype=pl.Int64),
            "citizen_id": cid,
            "title": df["title"],
            "first_name": df["first_name"],
            "last_name": df["last_name"],
            "sex": df["sex"],
            "birth_date": df["born"],
            "province_id": df["province_id"],
        }
    )
    rights = _build_rights(seed, ref, persons, df["age"])
    return persons, rights


def _with_check_digit(body: pl.Series) -> pl.Series:
    """The 13-digit ID strings for 12-digit bodies (FACTS.md: weights 13…2, (11 − s mod 11) mod 10)."""
    total = sum(((body // 10 ** (11 - i)) % 10) * (13 - i) for i in range(12))
    check = (11 - total % 11) % 10
    return (body * 10 + check).cast(pl.String)


def _build_rights(seed: int, ref: Reference, persons: pl.DataFrame, age: pl.Series) -> pl.DataFrame:
    n = persons.height
    born = persons["birth_date"].cast(pl.Int32).cast(pl.Int64)
    province = persons["province_id"]
    working = (age >= 19) & (age <= 60)
    share_working = max(working.mean() or 0.0, 1e-9)
    p_sss = min(FUND_SHARES["SSS"] / share_working, 0.9)

    u = Draws(seed, "fund").uniform(n)
    ofc, lgo = FUND_SHARES["OFC"], FUND_SHARES["OFC"] + FUND_SHARES["LGO"]
    fund = pl.select(
        pl.when(pl.lit(u) < ofc)
        .then(pl.lit("OFC"))
        .when(pl.lit(u) < lgo)
        .then(pl.lit("LGO"))
        .when(pl.lit(working) & (pl.lit(u) < lgo + p_sss))
        .then(pl.lit("SSS"))
        .otherwise(pl.lit("UCS"))
    ).to_series()
    k = Draws(seed, "history").uniform(n)
    lapsed = k < LAPSED_SHARE
    switched = (k >= LAPSED_SHARE) & (k < LAPSED_SHARE + SWITCH_SHARE)
    # The earlier right: SSS before UC for adults, UC before any other fund; a child's
    # earlier UC right is a registration at another unit.
    prev = pl.select(
        pl.when(pl.lit(fund) != "UCS")
        .then(pl.lit("UCS"))
        .when(pl.lit(age) >= 25)
        .then(pl.lit("SSS"))
        .otherwise(pl.lit("UCS"))
    ).to_series()

    fund_from = {f: _days(d) for f, d in FUND_FROM.items()}

    adult = born + ADULT_DAYS

    def lower(f: pl.Series) -> pl.Series:
        """The earliest start: the fund's start, birth, and for SSS (work) age 18."""
        base = f.replace_strict(fund_from, return_dtype=pl.Int64)
        return pl.select(
            pl.max_horizontal(
                pl.lit(base),
                pl.lit(born),
                pl.when(pl.lit(f) == "SSS").then(pl.lit(adult)).otherwise(pl.lit(born)),
            )
        ).to_series()

    last_start, last_end = _days(LAST_START), _days(LAST_END)
    # Single and lapsed rights start early more often than late.
    lo = lower(fund)
    start = lo + ((Draws(seed, "start").uniform(n) ** 3) * (last_start - lo)).floor().cast(pl.Int64)
    lapsed_start = lo + (
        (Draws(seed, "lapsed_start").uniform(n) ** 2) * (last_end - lo)
    ).floor().cast(pl.Int64)
    lapsed_end = lapsed_start + Draws(seed, "lapsed_end").below(n, last_end - lapsed_start + 1)
    # A switch: the earlier right from its own lower bound to the day before the change.
    prev_from = lower(prev)
    switch_lo = pl.select(pl.max_horizontal(pl.lit(prev_from) + 1, pl.lit(lo))).to_series()
    switch_on = switch_lo + Draws(seed, "switch").below(n, last_start - switch_lo + 1)

    valid_from = pl.select(
        pl.when(pl.lit(lapsed))
        .then(pl.lit(lapsed_start))
        .when(pl.lit(switched))
        .then(pl.lit(switch_on))
        .otherwise(pl.lit(start))
    ).to_series()
    valid_until = pl.select(
        pl.when(pl.lit(lapsed)).then(pl.lit(lapsed_end)).otherwise(pl.lit(None, dtype=pl.Int64))
    ).to_series()

    ucs = _candidates(ref, "UCS", public_only=True)
    sss = _candidates(ref, "SSS", public_only=False)
    agency_codes = list(OFC_AGENCY_WEIGHTS)

    def units(f: pl.Series, stream: str) -> tuple[pl.Series, pl.Series]:
        u_unit = Draws(seed, stream).uniform(n)
        ucs_unit = _pick_unit(ucs, province, u_unit)
        sss_unit = _pick_unit(sss, province, u_unit)
        agency = Draws(seed, stream + "_agency").choice(
            n, agency_codes, list(OFC_AGENCY_WEIGHTS.values()), pl.String
        )
        unit = pl.select(
            pl.when(pl.lit(f) == "UCS")
            .then(pl.lit(ucs_unit))
            .when(pl.lit(f) == "SSS")
            .then(pl.lit(sss_unit))
            .otherwise(pl.lit(None, dtype=pl.String))
        ).to_series()
        agency = pl.select(
            pl.when(pl.lit(f) == "OFC")
            .then(pl.lit(agency))
            .otherwise(pl.lit(None, dtype=pl.String))
        ).to_series()
        return unit, agency

    unit, agency = units(fund, "unit")
    current = pl.DataFrame(
        {
            "id": 0,
            "valid_from": valid_from,
            "valid_until": valid_until,
            "person_id": persons["id"],
            "fund_id": fund,
            "main_unit_id": unit,
            "agency_id": agency,
        }
    )
    prev_unit, prev_agency = units(prev, "prev_unit")
    earlier = pl.DataFrame(
        {
            "id": 0,
            "valid_from": prev_from,
            "valid_until": switch_on - 1,
            "person_id": persons["id"],
            "fund_id": prev,
            "main_unit_id": prev_unit,
            "agency_id": prev_agency,
        }
    ).filter(switched)
    return (
        pl.concat([current, earlier])
        .with_columns(pl.col("valid_from", "valid_until").cast(pl.Int32).cast(pl.Date))
        .cast(RIGHT_SCHEMA)
        .sort("person_id", "valid_from")
    )


# ---------------------------------------------------------------------------------------------
# Loading
# ---------------------------------------------------------------------------------------------

SQLITE_CHUNK = 20_000
COPY_CHUNK = 100_000


@dataclass
class LoadResult:
    reference: dict[str, int]
    users: list[tuple[str, bool]]
    persons: int
    rights: int
    seconds: float
    funds: dict[str, int] = field(default_factory=dict)


def _insert(table: str, frame: pl.DataFrame, advance: Callable[[int], None]) -> None:
    """Bulk insert: PostgreSQL COPY (CSV), other databases executemany in chunks."""
    qn = connection.ops.quote_name
    columns = ", ".join(qn(c) for c in frame.columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.copy(f"COPY {qn(table)} ({columns}) FROM STDIN (FORMAT csv)") as copy:
                for chunk in frame.iter_slices(COPY_CHUNK):
                    copy.write(chunk.write_csv(include_header=False, date_format="%Y-%m-%d"))
                    advance(chunk.height)
        else:
            frame = frame.with_columns(pl.col(pl.Date).dt.to_string("%Y-%m-%d"))
            sql = f"INSERT INTO {qn(table)} ({columns}) VALUES ({', '.join(['%s'] * frame.width)})"
            for chunk in frame.iter_slices(SQLITE_CHUNK):
                cursor.executemany(sql, chunk.rows())
                advance(chunk.height)


def load(persons: int, seed: int, progress=None) -> LoadResult:
    """Reference rows and demo accounts (one transaction, idempotent), then the showcase and
    ``persons`` synthetic persons with their rights and the BatchRun (one more transaction:
    a half-loaded register would block the next run). The caller checks that the register
    is empty. ``progress`` is a ``rich.progress.Progress`` or None."""
    from sitthi.core.models import BatchRun

    from .models import Person, Right

    def task(name: str, total: int) -> Callable[[int], None]:
        if progress is None:
            return lambda k: None
        task_id = progress.add_task(name, total=total)
        return lambda k: progress.advance(task_id, k)

    began, started_at = time.perf_counter(), timezone.now()
    done_reference, done_generate = task("reference", 1), task("generate", 1)
    ref = build_reference(province_rows())
    with transaction.atomic():
        reference = load_reference(ref)
        users = ensure_users()
    done_reference(1)

    show_p, show_r = _showcase_frames()
    person_base = Person.objects.order_by("-id").values_list("id", flat=True).first() or 0
    right_base = Right.objects.order_by("-id").values_list("id", flat=True).first() or 0
    show_p = show_p.with_columns(pl.col("id") + person_base)
    show_r = show_r.with_columns(pl.col("person_id") + person_base)
    gen_p, gen_r = build_persons(persons, seed, ref, first_id=person_base + show_p.height + 1)
    all_p = pl.concat([show_p, gen_p])
    all_r = pl.concat([show_r, gen_r]).with_columns(
        id=pl.int_range(
            right_base + 1, right_base + 1 + show_r.height + gen_r.height, dtype=pl.Int64
        )
    )
    done_generate(1)

    advance_persons, advance_rights = task("persons", all_p.height), task("rights", all_r.height)
    with transaction.atomic():
        _insert(Person._meta.db_table, all_p, advance_persons)
        _insert(Right._meta.db_table, all_r, advance_rights)
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), [Person, Right]):
                cursor.execute(sql)
        BatchRun.objects.create(
            kind="demo-data",
            parameters={"persons": persons, "seed": seed},
            rows=all_p.height + all_r.height,
            started_at=started_at,
            finished_at=timezone.now(),
        )
    in_force = all_r.filter(pl.col("valid_until").is_null())
    funds = dict(in_force.group_by("fund_id").len().sort("fund_id").iter_rows())
    return LoadResult(
        reference, users, all_p.height, all_r.height, time.perf_counter() - began, funds
    )
