"""The Bright Spot Hospital award of Health Region 7, fiscal year 2565: criteria, scores, prizes.

Seed 002_80e7afba8787ed6d.txt, "Bright Spot Hospital ปี 2565" (lines 40-111): "หลักเกณฑ์การ
พัฒนาประสิทธิภาพทางการเงินการคลัง สำหรับหน่วยบริการที่มีผลงานดีเด่น (Bright Spot Hospital)
ประจำปีงบประมาณ 2565" (line 41), "งบประมาณ : จากเขตสุขภาพที่ 7 จำนวน 10 ล้านบาท" (line 43).

The whole award is data (``rules/params/documents/finance/brightspot_2565_region7.yaml``), read strictly by
``load_criteria``: 100 points (line 63 "คะแนนเต็ม 100 คะแนน") in three groups, policy/plan/
innovation 10, process 60 and outcome 30 (lines 59-62), each item all or nothing; hospitals
compete within their service level (line 42) and prize group (lines 44-58); provinces nominate
M2 one, F1-F2 two, F3 one, and every A/S/M1, which get a certificate only (lines 66-70).

Every indicator follows one of the rule kinds in ``RULES``. Group statistics (mean, sample SD,
median) are those of the hospital's prize group, computed from the submissions given: the
caller passes one region's submissions for one fiscal year. Every comparison is exact: the
group's figures are compared as fractions (``value <= mean + SD`` as ``(value - mean)^2 <=
variance`` when ``value > mean``), never through a rounded square root.

Pure: no Django, database, network or clock. Points and money are exact ``Decimal``.
"""

from __future__ import annotations

from sitthi.rules.finance.brightspot.award import (  # noqa: F401
    _SATANG,
    Award,
    _labels,
    award,
    ordinal,
)
from sitthi.rules.finance.brightspot.codes import (  # noqa: F401
    TEXTS,
    CriteriaError,
    ScoreInputError,
    message,
)
from sitthi.rules.finance.brightspot.criteria import (  # noqa: F401
    _GROUP,
    _GROUP_REQUIRED,
    _INDICATOR,
    _INDICATOR_REQUIRED,
    _INPUT,
    _PRIZE,
    _PRIZE_REQUIRED,
    _SECTION,
    _SECTION_REQUIRED,
    _TIE,
    _TOP,
    _TOP_REQUIRED,
    DATA_FILE,
    FULL_MARKS,
    GROUP_RULES,
    RULES,
    Criteria,
    Group,
    Indicator,
    PrizeGroup,
    Section,
    _plain,
    _read_groups,
    _read_indicators,
    _read_inputs,
    _read_prize_groups,
    _Reader,
    load_criteria,
    read_criteria,
)
from sitthi.rules.finance.brightspot.nominations import (  # noqa: F401
    Nomination,
    check_nominations,
)
from sitthi.rules.finance.brightspot.scoring import (  # noqa: F401
    IndicatorScore,
    Score,
    _evaluate,
    _growth,
    _or_up,
    _pair,
    _round,
    _show,
    _signed,
    score,
    score_all,
)
from sitthi.rules.finance.brightspot.statistics import (  # noqa: F401
    _CTX,
    Stats,
    Submission,
    _flag,
    _fraction_mean,
    _fraction_median,
    _fraction_variance,
    _number,
    _to_decimal,
    group_statistics,
    missing_inputs,
)

__all__ = [
    "Award",
    "Criteria",
    "CriteriaError",
    "DATA_FILE",
    "FULL_MARKS",
    "GROUP_RULES",
    "Group",
    "Indicator",
    "IndicatorScore",
    "Nomination",
    "PrizeGroup",
    "RULES",
    "Score",
    "ScoreInputError",
    "Section",
    "Stats",
    "Submission",
    "TEXTS",
    "award",
    "check_nominations",
    "group_statistics",
    "load_criteria",
    "message",
    "missing_inputs",
    "ordinal",
    "read_criteria",
    "score",
    "score_all",
]
