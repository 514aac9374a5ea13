"""The UCEP coverage window and who pays each charge line, over Polars frames.

Sources: seed 001_9fcdabf8e5dd4edb.txt §1 and §2 steps 4-10; seed 004_0cb97de555201e57.txt
(UCEP COVID-19 Plus); DOMAIN.md §1. Frames: ``sitthi.rules.ucep.schema`` (EPISODES, STAYS,
LINES in; DECISIONS out). One implementation for one episode (the API passes small frames)
and for a national batch.

**The window** (``windows``) starts at the first hospital's admission ("นับตั้งแต่รับผู้ป่วย",
steps 4-5) and lasts ``ucep.coverage_window_hours`` (72 h), looked up on the Bangkok date of
that admission. A transfer never restarts it (step 9: "จนครบ 72 ชั่วโมง (โดยนับเวลาต่อเนื่องจาก
รพ.เอกชนแห่งที่หนึ่งรับ)"). The end is exclusive: with a 72-hour window a charge at 71:59:59.999999
is inside, one at 72:00:00 after. For programme ``covid_yellow_red`` on a day when
``ucep.covid_yellow_red_until_discharge`` is true (UCEP COVID-19 Plus, from 16 March 2022: "โดย
ไม่กำหนดระยะเวลา 72 ชั่วโมงแรก") the window runs until discharge, the discharge instant included
(a charge made at discharge, such as take-home drugs, is part of the stay); before the first
value of that parameter UCEP COVID-19 Plus was not in force and the general window applies.

**The payer** of each line (``decide_payers``), by precedence:

1. ``FUND_SYSTEM`` when the line's stay is not a UCEP stay (§1, last bullet: "กรณีเข้ารับการรักษา
   ในรพ.ของรัฐหรือรพ.เอกชนที่ป็นคู่สัญญากับกองทุน... ก็ให้ใช้ระบบปกติของกองทุนนั้นๆ"):

   * rule ``normal_system_state``: a state (non-private) hospital;
   * rule ``step9_exception`` at a private hospital, ``exception`` set, first match wins
     (DOMAIN.md: "a specific hospital–fund agreement wins"):
     ``agreement`` — the stay has a specific hospital–fund agreement ("ในอนาคตหาก รพ.เอกชนใด
     มีข้อตกลงเป็นการเฉพาะกับกองทุนใดให้ปฏิบัติตามข้อตกลงนั้น"); ``sss_own_patient`` — an
     SSS-contracted hospital receiving its own SSS patient (fund SSS, "SSS" in
     ``contract_funds``, ``main_unit``: "รพ.เอกชนคู่สัญญาของสำนักงานประกันสังคม รับย้ายผู้ป่วยใน
     สังกัดของตน"); ``nhso_responsible`` — an NHSO-contracted hospital receiving a patient it is
     responsible for (fund UCS, "UCS" in ``contract_funds``, ``main_unit``: "รพ.เอกชนคู่สัญญาของ
     สปสช.รับย้ายผู้ป่วยที่อยู่ในความรับผิดชอบของตน");
   * rule ``normal_system_network``: a private hospital in the patient's fund's network for
     this patient (``eligibility.in_network``): for a fund without registration (CSMBS…) a
     contract with the fund. For SSS and UC the contract alone is **not** the network: the
     exceptions above are "its own" patients only, so an SSS patient moved to an SSS-contracted
     private hospital that is not the patient's own stays a UCEP stay until the window ends.

   The step-9 exceptions are applied to every stay, the first included: at the first hospital
   they give the same payer as the network rule and only name the reason.
2. ``PATIENT``, rule ``refused_transfer``: the patient, fit to move, refused the transfer; lines
   served at or after ``fit_to_move_at`` (step 10: "ในกรณีที่ผู้ป่วยสามารถย้ายโรงพยาบาลได้ แต่
   ปฏิเสธไม่ขอย้าย ผู้ป่วยต้องรับผิดชอบค่าใช้จ่ายที่เกิดขึ้นต่อไปเอง"). Step 10 belongs to the
   UCEP procedure at a private hospital outside the network, so it comes after (1): at a state
   or contracted hospital the fund's normal system decides, refusal included.
3. ``UCEP``, rule ``ucep_window``: served in [max(window start, the stay's reception), window
   end) at a UCEP stay (steps 4 and 6; step 9: hospital 2 is paid "ในช่วงเวลาตั้งแต่รับผู้ป่วย
   จนครบ 72 ชั่วโมง").
4. ``FUND``, rule ``after_window``: otherwise — after the window (step 5: "ค่ารักษาพยาบาลที่เกิดขึ้น
   หลัง 72 ชั่วโมง นับตั้งแต่รับผู้ป่วย ให้โรงพยาบาลเรียกเก็บไปที่กองทุนเจ้าของสิทธิ").

**An episode that is not a UCEP case** (``payers_not_eligible``): every line is the fund's
normal system (rule ``not_eligible``), except that a patient found not emergency-critical at a
private hospital outside the network who, once told, chooses to stay pays from that moment
(rule ``stayed_not_critical``, payer ``PATIENT``; seed 004, "ขั้นตอนการใช้สิทธิ UCEP": "กรณีไม่เข้า
เกณฑ์ฉุกเฉินวิกฤตให้รีบประสานโรงพยาบาลตามสิทธิหากประสงค์รักษาต่อต้องรับผิดชอบค่าใช้จ่ายเอง";
``eligibility.patient_pays_by_choice``).

Whether the episode is a UCEP case at all (covered fund, emergency-critical) is decided first by
``eligibility``; these rules take the episode as one. Fund codes are the registry's INSCL codes
(``SSS``, ``UCS``). Input that makes a decision meaningless (``check.check``) is refused whole
with ``EpisodeDataError``.

Left to people: whether the patient was fit to move and refused (``fit_to_move_at``,
``refused_transfer`` are recorded facts), whether an agreement covers the case, and the price of
each line (``sitthi.rules.claims.price``). Pure: no Django, database, network or clock.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

import polars as pl

from sitthi.rules.claims.price import date_en, date_th
from sitthi.rules.kernel.thaitime import BANGKOK as _BKK
from sitthi.rules.params import ParameterSet, default_parameters
from sitthi.rules.ucep import schema
from sitthi.rules.ucep.check import check
from sitthi.rules.ucep.eligibility import REGISTERED_FUNDS, patient_pays_by_choice

__all__ = [
    "WINDOW_HOURS",
    "UNTIL_DISCHARGE",
    "RULES",
    "EXCEPTIONS",
    "WINDOWS",
    "COVERED",
    "EpisodeDataError",
    "windows",
    "decide_payers",
    "covered_time",
    "explain",
    "payers_not_eligible",
]

WINDOW_HOURS = "ucep.coverage_window_hours"
UNTIL_DISCHARGE = "ucep.covid_yellow_red_until_discharge"
COVID_PROGRAMME = "covid_yellow_red"
SSS_FUND = "SSS"  # registry Fund code of Social Security (programme SSS)
NHSO_FUND = "UCS"  # registry Fund code of Universal Coverage (programme UC, run by NHSO)
SEED_001 = "seed 001_9fcdabf8e5dd4edb.txt"
_ONE_US = timedelta(microseconds=1)

#: Rule codes of ``schema.DECISIONS.rule``: payer, Thai, English, source.
RULES = {
    "normal_system_state": (
        "FUND_SYSTEM",
        "โรงพยาบาลของรัฐ: ใช้ระบบปกติของกองทุน",
        "a state hospital: the fund's normal system applies",
        f"{SEED_001} §1, last bullet",
    ),
    "normal_system_network": (
        "FUND_SYSTEM",
        "โรงพยาบาลเอกชนที่เป็นคู่สัญญากับกองทุนของผู้ป่วย: ใช้ระบบปกติของกองทุน",
        "a private hospital in the patient's fund's network: the fund's normal system applies",
        f"{SEED_001} §1, last bullet",
    ),
    "step9_exception": (
        "FUND_SYSTEM",
        "ข้อยกเว้นตามขั้นตอนที่ 9",
        "an exception of step 9",
        f"{SEED_001} §2 step 9",
    ),
    "refused_transfer": (
        "PATIENT",
        "ผู้ป่วยย้ายโรงพยาบาลได้แล้วแต่ปฏิเสธการย้าย ต้องรับผิดชอบค่าใช้จ่ายเอง",
        "the patient, fit to move, refused the transfer and pays from then on",
        f"{SEED_001} §2 step 10",
    ),
    "ucep_window": (
        "UCEP",
        "อยู่ในช่วงเวลาคุ้มครอง UCEP: เรียกเก็บที่ สปสช. ตามอัตรา สพฉ. (Fee schedule)",
        "inside the UCEP window: billed to NHSO at the EMS fee schedule",
        f"{SEED_001} §2 steps 4, 6, 9",
    ),
    "after_window": (
        "FUND",
        "หลังช่วงเวลาคุ้มครอง UCEP: เรียกเก็บที่กองทุนเจ้าของสิทธิในอัตราปกติหรือตามข้อตกลง",
        "after the UCEP window: billed to the owner fund at its normal rate or by agreement",
        f"{SEED_001} §2 step 5",
    ),
    "not_eligible": (
        "FUND_SYSTEM",
        "ไม่อยู่ในความคุ้มครอง UCEP: ใช้ระบบปกติของกองทุน (ตามเงื่อนไขของกองทุนนั้น)",
        "not a UCEP case: the fund's normal system applies, under that fund's own rules",
        f"{SEED_001} §1",
    ),
    "stayed_not_critical": (
        "PATIENT",
        "ไม่เข้าเกณฑ์ฉุกเฉินวิกฤต ได้รับแจ้งให้ไปโรงพยาบาลตามสิทธิแล้ว แต่ประสงค์รักษาต่อ ต้องรับผิดชอบค่าใช้จ่ายเอง",
        "not emergency-critical: told to go to the own-rights hospital, the patient chose to "
        "stay and pays from then on",
        'seed 004_0cb97de555201e57.txt, "ขั้นตอนการใช้สิทธิ UCEP": "กรณีไม่เข้าเกณฑ์ฉุกเฉินวิกฤต'
        'ให้รีบประสานโรงพยาบาลตามสิทธิหากประสงค์รักษาต่อต้องรับผิดชอบค่าใช้จ่ายเอง"',
    ),
}

#: ``schema.DECISIONS.exception`` values: Thai, English, source.
EXCEPTIONS = {
    "agreement": (
        "โรงพยาบาลมีข้อตกลงเป็นการเฉพาะกับกองทุน ให้ปฏิบัติตามข้อตกลงนั้น",
        "the hospital has a specific agreement with the fund, which applies",
        f"{SEED_001} §2 step 9, 3rd exception",
    ),
    "sss_own_patient": (
        "โรงพยาบาลเอกชนคู่สัญญาของสำนักงานประกันสังคมรับย้ายผู้ป่วยในสังกัดของตน "
        "ให้ปฏิบัติตามระบบของสำนักงานประกันสังคม",
        "an SSS-contracted private hospital receiving its own SSS patient follows SSS rules",
        f"{SEED_001} §2 step 9, 1st exception",
    ),
    "nhso_responsible": (
        "โรงพยาบาลเอกชนคู่สัญญาของ สปสช. รับย้ายผู้ป่วยที่อยู่ในความรับผิดชอบของตน ให้ปฏิบัติตามระบบของ สปสช.",
        "an NHSO-contracted private hospital receiving a patient it is responsible for follows "
        "NHSO rules",
        f"{SEED_001} §2 step 9, 2nd exception",
    ),
}

#: What ``windows`` returns. ``window_end`` is exclusive, except when ``until_discharge``:
#: then it is the discharge time, included (null while in hospital).
WINDOWS = {
    "episode_id": pl.Int64,
    "window_start": schema.TS,
    "window_end": schema.TS,
    "until_discharge": pl.Boolean,
}

#: What ``covered_time`` returns, one row per stay: the part of the window inside the stay,
#: [covered_from, covered_until); ``covered_until`` null = still open (in hospital, or until
#: discharge not yet known); ``ucep_stay``: the stay is private, outside the fund's network and
#: no step-9 exception (its in-window lines are UCEP's).
COVERED = {
    "episode_id": pl.Int64,
    "stay_no": pl.Int32,
    "covered_from": schema.TS,
    "covered_until": schema.TS,
    "covered_us": pl.Int64,
    "ucep_stay": pl.Boolean,
}


class EpisodeDataError(ValueError):
    """The frames hold impossible or incomplete episodes; ``problems`` is ``check.check``'s
    frame (every problem)."""

    def __init__(self, problems: pl.DataFrame) -> None:
        self.problems = problems
        shown = "; ".join(
            f"episode {r['episode_id']}"
            + (f" stay {r['stay_no']}" if r["stay_no"] is not None else "")
            + (f" line {r['line_no']}" if r["line_no"] is not None else "")
            + f" {r['field']}: {r['code']}"
            for r in problems.head(10).iter_rows(named=True)
        )
        more = f" and {problems.height - 10} more" if problems.height > 10 else ""
        super().__init__(f"{problems.height} problem(s): {shown}{more}")


# --- the window ------------------------------------------------------------------------------


def _covid_plus(params: ParameterSet, on: date) -> bool:
    """``ucep.covid_yellow_red_until_discharge`` on ``on``; before its first value UCEP
    COVID-19 Plus was not in force (False). A date after a declared end is still an error."""
    p = params.parameter(UNTIL_DISCHARGE)
    if on < p.values[0].valid_from:
        return False
    value = p.at(on).value
    if not isinstance(value, bool):
        raise TypeError(f"{UNTIL_DISCHARGE} must be a flag, got {value!r}")
    return value


def _hours_us(params: ParameterSet, on: date) -> int:
    hours = params.value(WINDOW_HOURS, on).value
    us = Decimal(hours) * 3_600_000_000
    if us != us.to_integral_value() or us <= 0:
        raise ValueError(f"{WINDOW_HOURS} on {on}: {hours} is not a positive whole microsecond")
    return int(us)


def _bangkok_date(col: str | pl.Expr) -> pl.Expr:
    c = pl.col(col) if isinstance(col, str) else col
    return c.dt.convert_time_zone(schema.BANGKOK).dt.date()


def windows(episodes: pl.DataFrame, params: ParameterSet | None = None) -> pl.DataFrame:
    """``WINDOWS`` for each episode (module docstring): the window starts at
    ``first_admitted_at`` and lasts ``ucep.coverage_window_hours`` in force on its Bangkok date;
    a ``covid_yellow_red`` episode admitted on a day when ``ucep.covid_yellow_red_until_discharge``
    is true runs until discharge. An unknown programme or a missing admission time is a
    ``ValueError``; a date before UCEP (1 April 2017) a ``ParamLookupError``."""
    params = default_parameters() if params is None else params
    ep = episodes.select("episode_id", "programme", "first_admitted_at", "discharged_at")
    bad = ep.filter(
        ~pl.col("programme").is_in(list(schema.PROGRAMMES)).fill_null(False)
        | pl.col("first_admitted_at").is_null()
    )
    if bad.height:
        raise ValueError(
            "episodes without a known programme or an admission time: "
            + ", ".join(str(i) for i in bad.get_column("episode_id").head(10))
        )
    days = ep.select(_bangkok_date("first_admitted_at").unique().alias("day")).get_column("day")
    table = pl.DataFrame(
        {
            "day": days,
            "hours_us": [_hours_us(params, d) for d in days],
            "covid_plus": [_covid_plus(params, d) for d in days],
        },
        schema={"day": pl.Date, "hours_us": pl.Int64, "covid_plus": pl.Boolean},
    )
    until = (pl.col("programme") == COVID_PROGRAMME) & pl.col("covid_plus")
    return (
        ep.with_columns(day=_bangkok_date("first_admitted_at"))
        .join(table, on="day", how="left")
        .select(
            "episode_id",
            pl.col("first_admitted_at").alias("window_start"),
            pl.when(until)
            .then(pl.col("discharged_at"))
            .otherwise(pl.col("first_admitted_at") + pl.duration(microseconds=pl.col("hours_us")))
            .alias("window_end"),
            until.alias("until_discharge"),
        )
        .cast(WINDOWS)
    )


def _in_window(at: str | pl.Expr) -> pl.Expr:
    """``at`` before the window's end: exclusive, or until discharge (included; open while in
    hospital)."""
    t = pl.col(at) if isinstance(at, str) else at
    end = pl.col("window_end")
    return pl.when(pl.col("until_discharge")).then(end.is_null() | (t <= end)).otherwise(t < end)


# --- the payer -------------------------------------------------------------------------------


def _stay_exprs() -> dict[str, pl.Expr]:
    """Columns that classify a stay for the patient's fund (needs ``fund`` beside STAYS).
    ``in_network`` is ``eligibility.in_network`` as an expression: the contract, and for a
    registered fund (SSS, UC) the patient registered there."""
    fund = pl.col("fund")
    contracted = pl.col("contract_funds").list.contains(fund)
    in_network = contracted & (pl.col("main_unit") | ~fund.is_in(list(REGISTERED_FUNDS)))
    private = pl.col("private")
    exception = (
        pl.when(~private)
        .then(pl.lit(None, dtype=pl.String))
        .when(pl.col("agreement"))
        .then(pl.lit("agreement"))
        .when((fund == SSS_FUND) & contracted & pl.col("main_unit"))
        .then(pl.lit("sss_own_patient"))
        .when((fund == NHSO_FUND) & contracted & pl.col("main_unit"))
        .then(pl.lit("nhso_responsible"))
        .otherwise(pl.lit(None, dtype=pl.String))
    )
    system_rule = (
        pl.when(~private)
        .then(pl.lit("normal_system_state"))
        .when(exception.is_not_null())
        .then(pl.lit("step9_exception"))
        .when(in_network)
        .then(pl.lit("normal_system_network"))
        .otherwise(pl.lit(None, dtype=pl.String))
    )
    return {"exception": exception, "system_rule": system_rule}


def _require_clean(episodes: pl.DataFrame, stays: pl.DataFrame, lines: pl.DataFrame) -> None:
    problems = check(episodes, stays, lines)
    if problems.height:
        raise EpisodeDataError(problems)


def decide_payers(
    episodes: pl.DataFrame,
    stays: pl.DataFrame,
    lines: pl.DataFrame,
    params: ParameterSet | None = None,
) -> pl.DataFrame:
    """``schema.DECISIONS``: exactly one row per line of ``lines``, in its order, with the
    payer (a key of ``schema.PAYERS``), the rule (``RULES``), the step-9 exception
    (``EXCEPTIONS``) and the episode's window. Precedence and sources: module docstring.
    ``window_end`` is null when the window runs until discharge (``schema.DECISIONS``)."""
    params = default_parameters() if params is None else params
    _require_clean(episodes, stays, lines)
    w = windows(episodes, params).lazy()
    served = pl.col("served_at")
    frame = (
        lines.lazy()
        .select(list(schema.LINES))
        .with_row_index("_order")
        .join(
            stays.lazy().select(list(schema.STAYS)),
            on=["episode_id", "stay_no"],
            how="left",
        )
        .join(
            episodes.lazy().select("episode_id", "fund", "refused_transfer", "fit_to_move_at"),
            on="episode_id",
            how="left",
        )
        .join(w, on="episode_id", how="left")
        .with_columns(**_stay_exprs())
    )
    refused = pl.col("refused_transfer") & (served >= pl.col("fit_to_move_at"))
    inside = (served >= pl.max_horizontal("window_start", "received_at")) & _in_window(served)
    rule = (
        pl.when(pl.col("system_rule").is_not_null())
        .then(pl.col("system_rule"))
        .when(refused)
        .then(pl.lit("refused_transfer"))
        .when(inside)
        .then(pl.lit("ucep_window"))
        .otherwise(pl.lit("after_window"))
    )
    payer = rule.replace_strict({k: v[0] for k, v in RULES.items()}, return_dtype=pl.String)
    return (
        frame.with_columns(rule=rule)
        .sort("_order")
        .select(
            "episode_id",
            "line_no",
            payer.alias("payer"),
            "rule",
            "exception",
            "window_start",
            pl.when(pl.col("until_discharge"))
            .then(pl.lit(None, dtype=schema.TS))
            .otherwise(pl.col("window_end"))
            .alias("window_end"),
        )
        .collect()
        .cast(schema.DECISIONS)
    )


def covered_time(
    episodes: pl.DataFrame, stays: pl.DataFrame, params: ParameterSet | None = None
) -> pl.DataFrame:
    """``COVERED``: for each stay, the part of the episode's window it covers — from
    max(window start, reception) to min(window end, the stay's end), where a stay ends when it
    is left, the last one at discharge. Zero (``covered_from`` = ``covered_until``) when they do
    not meet (a stay received after the window: both at the window's end); ``covered_until`` null when both ends are still open. The stays of one episode do
    not overlap (``check``), so their covered times add up to at most the window."""
    params = default_parameters() if params is None else params
    _require_clean(episodes, stays, pl.DataFrame(schema=schema.LINES))
    w = windows(episodes, params)
    last = stays.group_by("episode_id").agg(pl.col("stay_no").max().alias("_last"))
    frame = (
        stays.lazy()
        .select(list(schema.STAYS))
        .join(last.lazy(), on="episode_id", how="left")
        .join(
            episodes.lazy().select("episode_id", "fund", "discharged_at"),
            on="episode_id",
            how="left",
        )
        .join(w.lazy(), on="episode_id", how="inner")
        .with_columns(**_stay_exprs())
        .with_columns(
            stay_end=pl.when(pl.col("left_at").is_null() & (pl.col("stay_no") == pl.col("_last")))
            .then(pl.col("discharged_at"))
            .otherwise(pl.col("left_at")),
            # a stay received after the window covers nothing, at the window's end
            covered_from=pl.min_horizontal(
                pl.max_horizontal("window_start", "received_at"), "window_end"
            ),
        )
        .with_columns(
            until=pl.min_horizontal("window_end", "stay_end"),
        )
        .with_columns(
            covered_until=pl.when(pl.col("until").is_null())
            .then(pl.lit(None, dtype=schema.TS))
            .otherwise(pl.max_horizontal("covered_from", "until"))
        )
    )
    return (
        frame.select(
            "episode_id",
            "stay_no",
            "covered_from",
            "covered_until",
            (pl.col("covered_until") - pl.col("covered_from"))
            .dt.total_microseconds()
            .alias("covered_us"),
            pl.col("system_rule").is_null().alias("ucep_stay"),
        )
        .sort("episode_id", "stay_no")
        .collect()
        .cast(COVERED)
    )


def payers_not_eligible(
    failed: tuple[str, ...] | list[str],
    served: list[datetime],
    chose_to_stay_at: datetime | None,
) -> list[tuple[str, str]]:
    """(payer, rule) for each line time of ``served`` of an episode that is not a UCEP case
    (module docstring): ``PATIENT``/``stayed_not_critical`` for a line served at or after
    ``chose_to_stay_at`` when ``eligibility.patient_pays_by_choice(failed)``; otherwise
    ``FUND_SYSTEM``/``not_eligible``. Aware datetimes only."""
    if chose_to_stay_at is not None and chose_to_stay_at.tzinfo is None:
        raise ValueError("payers_not_eligible() needs aware datetimes")
    pays = chose_to_stay_at is not None and patient_pays_by_choice(failed)
    out = []
    for at in served:
        if at.tzinfo is None:
            raise ValueError("payers_not_eligible() needs aware datetimes")
        rule = "stayed_not_critical" if pays and at >= chose_to_stay_at else "not_eligible"
        out.append((RULES[rule][0], rule))
    return out


# --- explanation -------------------------------------------------------------------------------


def _bkk(t: datetime) -> datetime:
    if t.tzinfo is None:
        raise ValueError("explain() needs aware datetimes (Asia/Bangkok)")
    return t.astimezone(_BKK)


def _when_th(t: datetime) -> str:
    b = _bkk(t)
    return f"{date_th(b.date())} เวลา {b:%H:%M} น."


def _when_en(t: datetime) -> str:
    b = _bkk(t)
    return f"{date_en(b.date())} {b:%H:%M}"


def _hours(start: datetime, end: datetime) -> str:
    """72 -> "72", 1.5 -> "1.5" (exact: microseconds over 3,600,000,000)."""
    us = (end - start) // _ONE_US
    return f"{(Decimal(us) / 3_600_000_000).normalize():f}"


def explain(decision: Mapping[str, Any]) -> dict[str, str]:
    """A Thai and an English sentence for one ``schema.DECISIONS`` row: the payer's rule, the
    exception if any, and the window (Thai: Buddhist-Era dates; English: Christian Era; times
    Asia/Bangkok). Returns ``th``, ``en``, ``rule`` and ``source``."""
    rule = decision["rule"]
    if rule not in RULES:
        raise ValueError(f"unknown rule {rule!r}")
    payer, th, en, source = RULES[rule]
    if decision.get("payer") not in (None, payer):
        raise ValueError(f"payer {decision['payer']!r} does not follow rule {rule!r}")
    exc = decision.get("exception")
    if exc is not None:
        if exc not in EXCEPTIONS:
            raise ValueError(f"unknown exception {exc!r}")
        e_th, e_en, e_src = EXCEPTIONS[exc]
        th, en, source = f"{th}: {e_th}", f"{en}: {e_en}", e_src
    start, end = decision.get("window_start"), decision.get("window_end")
    if start is None:  # not a UCEP case: no window
        return {"th": th, "en": f"{en[0].upper()}{en[1:]}.", "rule": rule, "source": source}
    if end is None:
        w_th = (
            f"ช่วงคุ้มครอง UCEP เริ่ม {_when_th(start)} ถึงวันจำหน่าย (UCEP COVID-19 Plus ไม่จำกัด 72 ชั่วโมง)"
        )
        w_en = (
            f"UCEP window from {_when_en(start)} until discharge "
            "(UCEP COVID-19 Plus, no 72-hour limit)"
        )
    else:
        h_th = h_en = _hours(start, end)
        w_th = (
            f"ช่วงคุ้มครอง UCEP {h_th} ชั่วโมง ตั้งแต่ {_when_th(start)} ถึงก่อน {_when_th(end)} "
            "นับต่อเนื่องจากการรับผู้ป่วยครั้งแรก การส่งต่อไม่เริ่มนับใหม่"
        )
        w_en = (
            f"UCEP window of {h_en} hours from {_when_en(start)} to before {_when_en(end)}, "
            "counted continuously from the first admission; a transfer does not restart it"
        )
    return {
        "th": f"{th} ({w_th})",
        "en": f"{en[0].upper()}{en[1:]} ({w_en}).",
        "rule": rule,
        "source": source,
    }
