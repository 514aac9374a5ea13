"""Isolation scenarios: situation → decision, through sitthi.rules.isolation."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sitthi.rules.isolation import rounds
from sitthi.rules.isolation.policy import UnitState, choose_unit

BKK = ZoneInfo("Asia/Bangkok")


def _parse(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=BKK)


def round_of_offer(given: dict) -> dict:
    offered = _parse(given["offered"])
    day, number = rounds.round_of(offered)
    return {
        "deadline": rounds.deadline(offered).strftime("%Y-%m-%d %H:%M"),
        "round": [day.isoformat(), number],
    }


def offer(given: dict) -> dict:
    units = [UnitState(**u) for u in given["units"]]
    case = given["case"]
    return {"offered_to": choose_unit(case["district"], set(case["excluded"]), units)}
