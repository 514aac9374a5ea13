"""The UC fund's yearly allocation (seed 003_efb95171d59d7c5f.txt, FY 2559; issue 6).

    cfg = load_fiscal_year(2559)                 # or read_config(dict) from YAML / XLSX / pages
    result = allocate(cfg, population, units, Inputs(service=service, elders=..., ltc_cups=...))
    unit_statement(result, "10001")             # what one unit receives, and why

``config`` reads and checks a fiscal year; ``compute.allocate`` shares every line out, exact to
the satang (``money``), with the OP province band kept by ``clamp``. Pure: no Django, no
database, no clock.
"""

from sitthi.rules.allocation.compute import PARTS, Result, allocate, unit_statement
from sitthi.rules.allocation.config import (
    AgeGroup,
    FiscalYear,
    Limits,
    Line,
    Notice,
    capitation_notice,
    config_hash,
    limits_for,
    load_fiscal_year,
    read_config,
)
from sitthi.rules.allocation.errors import NOTICES, TEXTS, ConfigError, InputError, message
from sitthi.rules.allocation.inputs import Inputs
from sitthi.rules.allocation.money import apportion, split_satang

__all__ = [
    "NOTICES",
    "PARTS",
    "TEXTS",
    "AgeGroup",
    "ConfigError",
    "FiscalYear",
    "InputError",
    "Inputs",
    "Limits",
    "Line",
    "Notice",
    "Result",
    "allocate",
    "apportion",
    "capitation_notice",
    "config_hash",
    "limits_for",
    "load_fiscal_year",
    "message",
    "read_config",
    "split_satang",
    "unit_statement",
]
