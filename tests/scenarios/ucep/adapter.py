"""UCEP scenarios: an episode (admitted at a private hospital outside the network, 24 April
2022 08:00 Bangkok unless ``admitted`` says otherwise), its stays and charge lines in, the payer
and rule of each line out (sitthi.rules.ucep.coverage). Times of stays and lines are "HH:MM"
after the first admission (hours may exceed 24: "71:59")."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sitthi.rules.ucep.coverage import decide_payers
from tests.rules.ucep.builders import ADMITTED, episode, frames, line, stay

BKK = ZoneInfo("Asia/Bangkok")


def _after(first: datetime, hhmm: str) -> datetime:
    h, m = hhmm.split(":")
    return first + timedelta(hours=int(h), minutes=int(m))


def payers(given: dict) -> dict:
    first = ADMITTED
    if "admitted" in given:
        first = datetime.strptime(given["admitted"], "%Y-%m-%d %H:%M").replace(tzinfo=BKK)
    e = {"first_admitted_at": first}
    for k in ("programme", "fund"):
        if k in given:
            e[k] = given[k]
    if "discharged" in given:
        e["discharged_at"] = _after(first, given["discharged"])
    stays = []
    for i, s in enumerate(given.get("stays") or [{}], start=1):
        kw = {k: s[k] for k in ("private", "contract_funds", "main_unit", "agreement") if k in s}
        kw["received_at"] = _after(first, s.get("received", "0:00"))
        if "left" in s:
            kw["left_at"] = _after(first, s["left"])
        stays.append(stay(1, i, **kw))
    lines = [
        line(i, _after(first, ln["at"]), stay_no=ln.get("stay", 1))
        for i, ln in enumerate(given["lines"], start=1)
    ]
    d = decide_payers(*frames([episode(**e)], stays, lines))
    return {
        "payers": d["payer"].to_list(),
        "rules": [
            r if x is None else f"{r}/{x}" for r, x in zip(d["rule"], d["exception"], strict=True)
        ],
    }
