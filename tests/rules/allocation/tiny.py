"""A tiny fiscal year and population, small enough to check every number by hand
(test_worked_example.py does), shared by the other tests; and the shipped year as a dict."""

from __future__ import annotations

import copy
from decimal import Decimal
from pathlib import Path
from typing import Any

import polars as pl
import yaml

from sitthi.rules.allocation import config as cfgmod

SHIPPED = Path(cfgmod.DATA_DIR) / "fy2559.yaml"


def shipped_raw() -> dict[str, Any]:
    """The shipped FY 2559 configuration as the plain dict YAML gives."""
    return yaml.safe_load(SHIPPED.read_text(encoding="utf-8"))


def tiny_raw() -> dict[str, Any]:
    """Five lines with round rates; two age groups (index 1 and 3); band ±10 %."""
    return copy.deepcopy(
        {
            "fy": 2559,
            "lines": [
                {
                    "code": "OP", "name_th": "ผู้ป่วยนอก", "name_en": "OP", "kind": "per_person",
                    "rate": "200.00", "capitation": True, "method": "op_general",
                },
                {
                    "code": "IP", "name_th": "ผู้ป่วยใน", "name_en": "IP", "kind": "per_person",
                    "rate": "50.00", "capitation": True, "method": "ip_general",
                },
                {
                    "code": "CAP", "name_th": "งบลงทุน", "name_en": "Capital",
                    "kind": "per_person", "rate": "10.00", "capitation": True,
                    "method": "capital_replacement",
                },
                {
                    "code": "HELD", "name_th": "กรณีเฉพาะ", "name_en": "Special",
                    "kind": "per_person", "rate": "1.00", "capitation": True, "method": "held",
                },
                {
                    "code": "PSY", "name_th": "จิตเวช", "name_en": "Psychiatric", "kind": "fixed",
                    "amount": "1000.00", "capitation": False, "method": "psychiatric",
                },
            ],
            "op": {
                "qof_per_person": "40.00",
                "output_per_person": "20.00",
                "data_quality_per_person": "10.00",
                "age_adjusted_share_pct": 80,
                "equal_share_pct": 20,
                "band_pct": 10,
                "age_index": [
                    {"age_group": 0, "from_age": 0, "to_age": 59, "index": "1.0000"},
                    {"age_group": 1, "from_age": 60, "to_age": None, "index": "3.0000"},
                ],
            },
            "psychiatric": {"target_patients": 2, "per_patient": "300.00", "over_target": "cap"},
            "capital": {"unit_share_pct": 90, "province_share_pct": 10},
            "shortfall_from": ["HELD"],
        }
    )  # fmt: skip


TINY_UNITS = pl.DataFrame(
    {
        "unit": ["10001", "10002", "11001", "20001", "20002"],
        "province": ["10", "10", "11", "20", "20"],
        "region": [1, 1, 1, 2, 2],
        "public": [True, False, True, True, True],
        "moph": [True, False, True, True, False],
        "cup": ["10001", "10001", "11001", "20001", "20001"],
    }
)
# registered persons by (unit, age group 0 = under 60, 1 = 60+)
TINY_COUNTS = {
    "10001": (60, 20),
    "10002": (20, 0),
    "11001": (50, 50),
    "20001": (80, 20),
    "20002": (100, 0),
}
TINY_SERVICE = pl.DataFrame(
    {
        "unit": ["10001", "10002", "11001", "20001", "20002"],
        "qof_score": [80, 50, 100, 60, 0],
        "op_visits": [300, 100, 400, 0, 0],
        "data_quality_score": [100, 100, 100, 100, 50],
        "adjrw": [Decimal("1.0000"), Decimal(0), Decimal("1.0000"), Decimal("1.0000"), Decimal(0)],
        "psychiatric_patients": [2, 0, 0, 3, 0],
    },
    schema_overrides={"adjrw": pl.Decimal(12, 4)},
)


def tiny_persons() -> pl.DataFrame:
    """One row per person (400 rows), the form the national file comes in."""
    units, groups = [], []
    for unit, (young, old) in TINY_COUNTS.items():
        units += [unit] * (young + old)
        groups += [0] * young + [1] * old
    return pl.DataFrame(
        {"unit": units, "age_group": groups}, schema_overrides={"age_group": pl.Int8}
    )
