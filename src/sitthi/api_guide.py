"""The API docs' areas and their worked examples.

The docs page (/api/docs) groups endpoints by area (the OpenAPI ``tags``); each area opens with
a worked example: a request a hospital's or a fund's system sends and the answer it gets,
against the demo data of ``make run``. The same examples are run as a test
(tests/api/test_worked_examples.py) against that demo data, so the page cannot drift from what
the API really answers. In an answer, ``"…"`` stands for a value that differs from run to run
(an id, a time), and a list ending in ``"…"`` shows only its first items; everything else is
compared as written.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from sitthi.registry.demo import CID_SSS, CID_UC, HOSP_PUBLIC

ANY = "…"


@dataclass(frozen=True)
class Example:
    title: str
    login: str  # the demo account whose token sends the request
    method: str
    path: str
    body: Any = None
    status: int = 200
    answer: Any = None
    note: str = ""

    def curl(self, base: str = "http://127.0.0.1:8000") -> str:
        parts = [
            f'curl -s -X {self.method} "{base}{self.path}"',
            '-H "Authorization: Bearer $TOKEN"',
        ]
        if self.body is not None:
            parts.append('-H "Content-Type: application/json"')
            parts.append("-d '" + json.dumps(self.body, ensure_ascii=False) + "'")
        return " \\\n  ".join(parts)


@dataclass(frozen=True)
class Area:
    tag: str  # the OpenAPI tag its routers carry
    title_th: str
    title_en: str
    about: str
    examples: list[Example] = field(default_factory=list)

    def description(self) -> str:
        out = [f"**{self.title_th}** ({self.title_en}) · {self.about}"]
        for ex in self.examples:
            out.append(
                f"\n\n*Worked example — {ex.title}* (demo account `{ex.login}`, token in "
                f"`$TOKEN`):\n\n```sh\n{ex.curl()}\n```\n\nAnswer `{ex.status}`:\n\n```json\n"
                + json.dumps(ex.answer, ensure_ascii=False, indent=2)
                + "\n```"
            )
            if ex.note:
                out.append(f"\n\n{ex.note}")
        return "".join(out)


AREAS: list[Area] = [
    Area(
        "Rights",
        "ตรวจสอบสิทธิ",
        "Rights",
        "The fund and main registered unit of a person on a date, and whether a hospital is in "
        "the fund's network that day. Prefer the POST form: the citizen ID stays out of "
        "addresses and logs.",
        [
            Example(
                "a UC member at her own main unit",
                "hosp_public",
                "POST",
                "/api/v1/rights",
                {"citizen_id": CID_UC, "on": "2024-03-01", "hospital": HOSP_PUBLIC},
                answer={
                    "citizen_id": "3400100010017",
                    "name": "นางสมศรี ทองดี",
                    "on": "2024-03-01",
                    "right": {
                        "fund": {
                            "code": "UCS",
                            "name_th": "สิทธิหลักประกันสุขภาพแห่งชาติ (บัตรทอง)",
                            "name_en": "Universal Coverage Scheme",
                        },
                        "programme": "UC",
                        "main_unit": {
                            "code": "14001",
                            "name_th": "โรงพยาบาลขอนแก่น",
                            "name_en": "Khon Kaen Hospital",
                        },
                        "agency": None,
                        "agency_hospital": None,
                        "valid_from": "2002-10-01",
                        "valid_until": None,
                    },
                    "network": {
                        "hospital": {
                            "code": "14001",
                            "name_th": "โรงพยาบาลขอนแก่น",
                            "name_en": "Khon Kaen Hospital",
                        },
                        "in_network": True,
                        "contract_from": "2002-10-01",
                        "contract_until": None,
                    },
                    "check_id": ANY,
                },
            )
        ],
    ),
    Area(
        "Claims",
        "เบิกจ่าย",
        "Claims",
        "A hospital sends its claims (one, or many at once); each is validated and priced by "
        "the rules in force on its service date, and answered with every line's decision and "
        "why. NHSO verifies and notifies the owner fund; the fund pays its notices.",
        [
            Example(
                "an outpatient visit of a UC member",
                "hosp_public",
                "POST",
                "/api/v1/claims",
                {
                    "claim_key": "HIS-2568-000123",
                    "hospital": HOSP_PUBLIC,
                    "citizen_id": CID_UC,
                    "service_type": "OP",
                    "admitted_at": "2025-06-02T09:00:00+07:00",
                    "discharged_at": None,
                    "diagnoses": [{"code": "J06.9", "dx_type": "1"}],
                    "lines": [
                        {
                            "item_code": "H001",
                            "quantity": "1",
                            "served_at": "2025-06-02T09:00:00+07:00",
                            "charged": "600.00",
                        },
                        {
                            "item_code": "4001",
                            "quantity": "20",
                            "served_at": "2025-06-02T09:30:00+07:00",
                            "charged": "40.00",
                        },
                    ],
                },
                status=201,
                answer={
                    "status": "created",
                    "claim": {
                        "id": ANY,
                        "claim_key": "HIS-2568-000123",
                        "hospital": "14001",
                        "citizen_id_masked": "3xxxxxxxx0017",
                        "service_type": "OP",
                        "programme": "general",
                        "admitted_at": "2025-06-02T09:00:00+07:00",
                        "discharged_at": None,
                        "state": "accepted",
                        "revision": 1,
                        "fund": "UCS",
                        "charged_total": "640.00",
                        "payable_total": "520.00",
                        "notice": None,
                        "notice_due": None,
                        "problems": [],
                        "lines": [
                            {
                                "line_no": 1,
                                "item_code": "H001",
                                "quantity": "1.000",
                                "served_at": "2025-06-02T09:00:00+07:00",
                                "charged": "600.00",
                                "payable": "500.00",
                                "explanation_th": "จ่ายตามอัตรา 500.00 บาท × 1 = 500.00 บาท "
                                "ต่ำกว่าที่เรียกเก็บ 600.00 บาท (บัญชี "
                                "ucep-illustrative มีผลตั้งแต่ 1 เม.ย. "
                                "2560) — ราคาตัวอย่างเพื่อการสาธิต "
                                "ไม่ใช่อัตราทางการ",
                                "explanation_en": "Paid at the tariff: 500.00 baht × 1 = "
                                "500.00 baht, lower than the 600.00 baht "
                                "charged (schedule ucep-illustrative, in "
                                "force from 1 Apr 2017) — illustrative "
                                "demo price, not an official rate",
                                "rule": "lower_of_charge_and_tariff",
                                "schedule": "ucep-illustrative",
                                "tariff_valid_from": "2017-04-01",
                                "tariff_valid_until": None,
                                "tariff_source": "illustrative demo price — not the official "
                                "EMS fee schedule (FACTS.md: the item rates "
                                "were not found)",
                                "illustrative": True,
                            },
                            {
                                "line_no": 2,
                                "item_code": "4001",
                                "quantity": "20.000",
                                "served_at": "2025-06-02T09:30:00+07:00",
                                "charged": "40.00",
                                "payable": "20.00",
                                "explanation_th": "จ่ายตามอัตรา 1.00 บาท × 20 = 20.00 บาท "
                                "ต่ำกว่าที่เรียกเก็บ 40.00 บาท (บัญชี "
                                "ucep-illustrative มีผลตั้งแต่ 1 เม.ย. "
                                "2560) — ราคาตัวอย่างเพื่อการสาธิต "
                                "ไม่ใช่อัตราทางการ",
                                "explanation_en": "Paid at the tariff: 1.00 baht × 20 = "
                                "20.00 baht, lower than the 40.00 baht "
                                "charged (schedule ucep-illustrative, in "
                                "force from 1 Apr 2017) — illustrative "
                                "demo price, not an official rate",
                                "rule": "lower_of_charge_and_tariff",
                                "schedule": "ucep-illustrative",
                                "tariff_valid_from": "2017-04-01",
                                "tariff_valid_until": None,
                                "tariff_source": "illustrative demo price — not the official "
                                "EMS fee schedule (FACTS.md: the item rates "
                                "were not found)",
                                "illustrative": True,
                            },
                        ],
                        "history": [
                            {
                                "at": ANY,
                                "from_state": "",
                                "to_state": "submitted",
                                "revision": 1,
                                "note": "api",
                            },
                            {
                                "at": ANY,
                                "from_state": "submitted",
                                "to_state": "accepted",
                                "revision": 1,
                                "note": "",
                            },
                        ],
                        "decided_with": ANY,
                    },
                    "problems": [],
                },
            )
        ],
    ),
    Area(
        "Statements and fee schedules",
        "ใบแจ้งการจ่าย (STM) และบัญชีอัตรา",
        "Statements and fee schedules",
        "What was paid to a hospital (its statement lines with the payment reference) and the "
        "fee schedules in force on a day. Every list here also answers CSV or XLSX "
        "(`?format=csv|xlsx` or the `Accept` header), as the pages export it.",
        [
            Example(
                "an item's rate in force on a day",
                "hosp_public",
                "GET",
                "/api/v1/fee-schedules?on=2025-06-02&item=H001",
                answer={
                    "on": "2025-06-02",
                    "count": 2,
                    "schedules": [{"schedule": "ucep-illustrative", "items": 2}],
                    "items": [
                        {
                            "schedule": "ucep-illustrative",
                            "programme": "general",
                            "item_code": "H001",
                            "category": "H",
                            "description": "ค่าตรวจรักษาของแพทย์ ห้องฉุกเฉิน",
                            "unit": "ครั้ง",
                            "unit_price": "500.00",
                            "pricing": "lower_of_charge_and_tariff",
                            "valid_from": "2017-04-01",
                            "valid_until": None,
                            "source": "illustrative demo price — not the official EMS fee schedule "
                            "(FACTS.md: the item rates were not found)",
                            "illustrative": True,
                        },
                        ANY,
                    ],
                },
            )
        ],
    ),
    Area(
        "UCEP",
        "ผู้ป่วยฉุกเฉินวิกฤต (UCEP)",
        "UCEP",
        "Emergency episodes at any hospital: the 72-hour window from admission, triage, the "
        "EMS coordination centre's notification, transfer and transfer back, and who pays "
        "each charge.",
        [
            Example(
                "a private hospital opens an episode",
                "hosp_private",
                "POST",
                "/api/v1/ucep/episodes",
                {"citizen_id": CID_SSS, "admitted_at": "2025-06-02T22:15:00+07:00"},
                status=201,
                answer={
                    "id": ANY,
                    "citizen_id_masked": "3xxxxxxxx0023",
                    "fund": "SSS",
                    "first_hospital": "51001",
                    "admitted_at": "2025-06-02T22:15:00+07:00",
                    "covid": False,
                    "programme": "general",
                    "state": "open",
                    "emergency_critical": None,
                    "eligible": None,
                    "eligibility_failed": [],
                    "notified_at": None,
                    "fit_to_move_at": None,
                    "refused_transfer": False,
                    "chose_to_stay_at": None,
                    "discharged_at": None,
                    "window_start": None,
                    "window_end": None,
                    "params_version": ANY,
                    "ems": {
                        "state": "",
                        "finding_critical": None,
                        "reason": "",
                        "reviewed_at": None,
                        "contact": "",
                        "fund_acknowledged_at": None,
                    },
                    "stays": [
                        {
                            "stay_no": 1,
                            "hospital": "51001",
                            "hospital_name_th": "โรงพยาบาลรวมแพทย์ บางนา",
                            "hospital_phone": "02-000-5100",
                            "received_at": "2025-06-02T22:15:00+07:00",
                            "left_at": None,
                        }
                    ],
                    "triage": None,
                    "charges": [],
                    "totals": {},
                    "billing": {
                        "claims": [],
                        "unbilled_lines": [],
                        "unbilled": "0.00",
                        "paid": "0.00",
                    },
                },
            )
        ],
    ),
    Area(
        "Isolation",
        "แยกกักตัวที่บ้าน/ในชุมชน (HI/CI)",
        "Isolation",
        "COVID-19 home and community isolation cases offered to service units in the 12:00 "
        "and 18:00 rounds; a unit takes or declines what it is offered, and claims its care.",
        [
            Example(
                "a unit's offers",
                "hosp_private",
                "GET",
                "/api/v1/isolation/offers",
                answer=[
                    {
                        "id": ANY,
                        "status": "offered",
                        "colour": "green",
                        "district": "บางนา",
                        "setting": "HI",
                        "test_date": ANY,
                        "holder": None,
                        "offers": [
                            {
                                "unit": "51001",
                                "offered_at": ANY,
                                "deadline": ANY,
                                "outcome": "pending",
                            }
                        ],
                        "patient": {
                            "age_years": ANY,
                            "district": "บางนา",
                            "name": None,
                            "phone": None,
                            "address": None,
                        },
                    },
                    ANY,
                ],
            )
        ],
    ),
    Area(
        "Allocation",
        "จัดสรรงบประมาณ",
        "Allocation",
        "The UC fund's fiscal-year budget shared among units, provinces and regions: each "
        "year's configuration versions, the runs and their lines, the units a run pays, and a "
        "unit's own statement (a hospital reads its own unit only). NHSO loads a year's file "
        "and starts a run as a background job (follow it under Jobs).",
        [
            Example(
                "the versions of fiscal year 2559",
                "nhso",
                "GET",
                "/api/v1/allocation/configs?fy=2559",
                answer={
                    "count": 1,
                    "items": [
                        {
                            "id": ANY,
                            "fy": 2559,
                            "version": 1,
                            "filename": "fy2559.yaml",
                            "content_hash": ANY,
                            "created_at": ANY,
                            "created_by": "nhso",
                            "runs": 1,
                        }
                    ],
                },
            )
        ],
    ),
    Area(
        "Initial assistance",
        "ช่วยเหลือเบื้องต้น (มาตรา 41)",
        "Initial assistance",
        "Section 41 and the other initial-assistance programmes: the committee secretary's "
        "system registers a request, puts it on a meeting's agenda, records the decision, an "
        "appeal and the payment (the `pay` scope); NHSO reads. The person who asked reads a "
        "request's stage and dates by its number and a citizen ID (POST /api/v1/assistance/status).",
        [
            Example(
                "the secretary's queue: requests waiting for a meeting",
                "secretary",
                "GET",
                "/api/v1/assistance/requests?stage=received&limit=1",
                answer={
                    "count": 2,
                    "counts": {"rejected": 7, "paid": 29, "received": 2},
                    "items": [
                        {
                            "number": ANY,
                            "programme": "section41",
                            "stage": "received",
                            "harmed_name": "ราชันทร์ น้ำทิพย์",
                            "harmed_cid_masked": "1xxxxxxxx7400",
                            "hospital": "24401",
                            "hospital_name": "โรงพยาบาลโนนงาม",
                            "province": "44",
                            "harm_on": ANY,
                            "received_on": ANY,
                            "age_days": ANY,
                            "late": False,
                            "category": None,
                            "awarded": None,
                            "paid": "0.00",
                        }
                    ],
                },
                note="Oldest received first; `counts` says how many requests are at each stage. "
                "The same filters as the queue page (`q`, `programme`, `category`, `province`, "
                "`received_from`, `received_to`, `older`); `format=csv` or `xlsx` gives the "
                "whole selection as the page exports it.",
            )
        ],
    ),
    Area(
        "Finance",
        "ฐานะการเงินหน่วยบริการ",
        "Hospital finance",
        "Hospitals' quarterly statements scored for financial risk (levels 0–7).",
        [
            Example(
                "a hospital's own risk scores",
                "hosp_public",
                "GET",
                f"/api/v1/finance/hospitals/{HOSP_PUBLIC}/risk",
                answer=[
                    {
                        "fiscal_year": 2565,
                        "quarter": 1,
                        "level": 0,
                        "cr": "2.3172",
                        "qr": "1.9992",
                        "cash_ratio": "1.3733",
                        "nwc": "147615346.29",
                        "ni": "2846402.08",
                        "months_left": None,
                        "flags": {
                            "qr_below_1": 0,
                            "ni_negative": 0,
                            "cr_below_1_5": 0,
                            "nwc_negative": 0,
                            "cash_below_0_8": 0,
                            "months_below_3": 0,
                            "months_below_6": 0,
                        },
                    },
                    ANY,
                ],
            )
        ],
    ),
    Area(
        "Jobs",
        "งานเบื้องหลัง",
        "Jobs",
        "Long work (a claims file, an allocation run) runs in the background; its progress and "
        "result are read here.",
        [
            Example(
                "my office's jobs",
                "hosp_public",
                "GET",
                "/api/v1/jobs",
                answer={"jobs": []},
            )
        ],
    ),
    Area(
        "Change feed",
        "รายการความเปลี่ยนแปลง",
        "Change feed",
        "What changed for the caller's office (a claim decided, returned or paid, a notice "
        "sent or paid, an isolation offer made or closing, a UCEP window ending), in order. "
        "Poll `GET /api/v1/events?after=<next>` once a minute with the `next` of the last "
        "answer: nothing is missed or repeated.",
        [
            Example(
                "the first events of a hospital",
                "hosp_public",
                "GET",
                "/api/v1/events?limit=2",
                answer={
                    "events": [
                        {
                            "id": ANY,
                            "kind": "claim.decided",
                            "subject": {"type": "claim", "id": ANY, "key": "DEMO-0001"},
                            "audience": {"type": "hospital", "code": "14001"},
                            "occurred_at": ANY,
                            "payload": {
                                "fund": "UCS",
                                "state": "accepted",
                                "revision": 1,
                                "charged_total": "820.00",
                                "payable_total": "670.00",
                            },
                        },
                        ANY,
                    ],
                    "next": ANY,
                },
            )
        ],
    ),
    Area(
        "Tokens",
        "ชุดกุญแจ API / โทเค็น",
        "API tokens",
        "An officer's own tokens: list them (never the token itself), make one (shown once, "
        "in the answer; with a token, no more scopes than it has) and revoke one.",
        [
            Example(
                "my own tokens",
                "hosp_public",
                "GET",
                "/api/v1/tokens",
                answer={
                    "count": 1,
                    "items": [
                        {
                            "id": ANY,
                            "name": "worked example",
                            "hint": ANY,
                            "scopes": ["read", "submit"],
                            "created_at": ANY,
                            "expires_at": ANY,
                            "last_used_at": ANY,
                            "revoked_at": None,
                        }
                    ],
                },
                note="The token sending the request is listed too (here the one the docs' "
                "test makes, named `worked example`); the token itself never is, only its "
                "first characters (`hint`).",
            )
        ],
    ),
]


def openapi_tags(areas: list[Area] | None = None) -> list[dict]:
    return [{"name": a.tag, "description": a.description()} for a in (areas or AREAS)]


def matches(expected: Any, actual: Any, where: str = "$") -> list[str]:
    """Where ``actual`` differs from ``expected`` (``"…"`` matches anything): [] if it does not."""
    if expected == ANY:
        return []
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            return [f"{where}: expected an object, got {actual!r}"]
        out = []
        for k in sorted(set(expected) | set(actual)):
            if k not in actual:
                out.append(f"{where}.{k}: missing from the answer")
            elif k not in expected:
                out.append(f"{where}.{k}: in the answer ({actual[k]!r}) but not in the example")
            else:
                out += matches(expected[k], actual[k], f"{where}.{k}")
        return out
    if isinstance(expected, list):
        # A list that ends in "…" shows its first items only: the answer has at least those.
        more = bool(expected) and expected[-1] == ANY
        shown = expected[:-1] if more else expected
        if (
            not isinstance(actual, list)
            or len(actual) < len(shown)
            or (not more and len(actual) != len(shown))
        ):
            return [f"{where}: expected {len(shown)}{'+' if more else ''} items, got {actual!r}"]
        return [
            m
            for i, (e, a) in enumerate(zip(shown, actual[: len(shown)], strict=True))
            for m in matches(e, a, f"{where}[{i}]")
        ]
    return [] if expected == actual else [f"{where}: expected {expected!r}, got {actual!r}"]
