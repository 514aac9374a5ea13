"""Small, explicit UCEP frames: one episode at a private hospital outside the network, to
start from, and helpers to add transfers and charge lines."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import polars as pl

from sitthi.rules.ucep import schema

BKK = ZoneInfo("Asia/Bangkok")


def at(y: int, mo: int, d: int, h: int = 0, mi: int = 0, s: int = 0, us: int = 0) -> datetime:
    """An aware Bangkok datetime."""
    return datetime(y, mo, d, h, mi, s, us, tzinfo=BKK)


ADMITTED = at(2022, 4, 24, 8, 0)


def hours(h: float, base: datetime = ADMITTED) -> datetime:
    """``base`` + h hours (71.99 ≈ 71:59:24); use ``hm`` for exact minutes."""
    return base + timedelta(hours=h)


def hm(h: int, m: int = 0, s: int = 0, us: int = 0, base: datetime = ADMITTED) -> datetime:
    """``base`` + h:m:s.us exactly."""
    return base + timedelta(hours=h, minutes=m, seconds=s, microseconds=us)


def episode(episode_id: int = 1, **kw) -> dict:
    first = kw.get("first_admitted_at", ADMITTED)
    return {
        "episode_id": episode_id,
        "programme": kw.get("programme", "general"),
        "fund": kw.get("fund", "UCS"),
        "first_admitted_at": first,
        "discharged_at": kw.get("discharged_at"),
        "fit_to_move_at": kw.get("fit_to_move_at"),
        "refused_transfer": kw.get("refused_transfer", False),
    }


def stay(episode_id: int = 1, stay_no: int = 1, **kw) -> dict:
    """A private hospital with no contract, not the main unit, no agreement."""
    return {
        "episode_id": episode_id,
        "stay_no": stay_no,
        "hospital": kw.get("hospital", f"9000{stay_no}"),
        "received_at": kw.get("received_at", ADMITTED),
        "left_at": kw.get("left_at"),
        "private": kw.get("private", True),
        "contract_funds": kw.get("contract_funds", []),
        "main_unit": kw.get("main_unit", False),
        "agreement": kw.get("agreement", False),
    }


def line(line_no: int, served_at: datetime, stay_no: int = 1, episode_id: int = 1, **kw) -> dict:
    return {
        "episode_id": episode_id,
        "line_no": line_no,
        "stay_no": stay_no,
        "item_code": kw.get("item_code", "ROOM"),
        "quantity_milli": kw.get("quantity_milli", 1000),
        "served_at": served_at,
        "charged_satang": kw.get("charged_satang", 100_00),
    }


def frames(episodes: list[dict], stays: list[dict], lines: list[dict]) -> tuple[pl.DataFrame, ...]:
    return (
        pl.DataFrame(episodes, schema=schema.EPISODES),
        pl.DataFrame(stays, schema=schema.STAYS),
        pl.DataFrame(lines, schema=schema.LINES),
    )
