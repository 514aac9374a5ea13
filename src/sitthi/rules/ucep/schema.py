"""The frames the UCEP rules read and write (DOMAIN.md §1; seeds 001_9fcdabf8e5dd4edb.txt
and 004_0cb97de555201e57.txt). Money is Int64 satang, quantities Int64 milli-units, times
Asia/Bangkok, as in ``sitthi.rules.claims.schema``."""

from __future__ import annotations

import polars as pl

from sitthi.rules.claims.schema import BANGKOK, TS

__all__ = ["BANGKOK", "TS", "EPISODES", "STAYS", "LINES", "DECISIONS", "PAYERS", "PROGRAMMES"]

#: One row per emergency episode.
#: ``programme``: "general" (UCEP) or "covid_yellow_red" (UCEP COVID-19 Plus); the window of
#: each is a dated parameter, so the same code serves both.
EPISODES = {
    "episode_id": pl.Int64,
    "programme": pl.String,
    "fund": pl.String,  # the patient's fund on the first admission date (UCS, SSS, OFC, …)
    "first_admitted_at": TS,  # admission at the first hospital: the clock starts here
    "discharged_at": TS,  # null while still in hospital
    "fit_to_move_at": TS,  # when the patient could be moved safely; null if never
    "refused_transfer": pl.Boolean,  # the patient, fit to move, refused the transfer
}

#: One row per stay: the first hospital and each hospital the patient was transferred to.
#: Facts about the hospital are those in force on the day the stay began.
STAYS = {
    "episode_id": pl.Int64,
    "stay_no": pl.Int32,  # 1 = the first hospital
    "hospital": pl.String,
    "received_at": TS,
    "left_at": TS,  # null for the current stay
    "private": pl.Boolean,
    "contract_funds": pl.List(pl.String),  # funds the hospital has a contract with that day
    "main_unit": pl.Boolean,  # the hospital is the patient's registered main unit
    "agreement": pl.Boolean,  # a specific hospital–fund agreement in force (step 9, 3rd)
}

#: One row per charge line, attached to a stay.
LINES = {
    "episode_id": pl.Int64,
    "line_no": pl.Int32,
    "stay_no": pl.Int32,
    "item_code": pl.String,
    "quantity_milli": pl.Int64,
    "served_at": TS,
    "charged_satang": pl.Int64,
}

#: Who pays each line, and why.
PAYERS = {
    "UCEP": "billed to NHSO as clearing house at the EMS fee schedule (seed 001 §2 steps 4, 6)",
    "FUND": "billed to the owner fund at its normal rate or by agreement (seed 001 §2 step 5)",
    "FUND_SYSTEM": "the fund's normal system applies (not UCEP): a state or contracted "
    "hospital, or an exception of seed 001 §2 step 9",
    "PATIENT": "the patient pays: fit to move, refused the transfer (seed 001 §2 step 10); or "
    "not emergency-critical and chose to stay once told (seed 004, ขั้นตอนการใช้สิทธิ UCEP)",
}

PROGRAMMES = ("general", "covid_yellow_red")

DECISIONS = {
    "episode_id": pl.Int64,
    "line_no": pl.Int32,
    "payer": pl.String,  # a key of PAYERS
    "rule": pl.String,  # a short stable code of the rule that decided
    "exception": pl.String,  # null | "agreement" | "sss_own_patient" | "nhso_responsible"
    "window_start": TS,
    "window_end": TS,  # null = until discharge (COVID-19 yellow/red)
}
