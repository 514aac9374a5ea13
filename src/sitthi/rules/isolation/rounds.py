"""The two daily rounds of the HI Portal (seed 000_a3b7e1d5dbe51319.txt): "รอบที่ ๑ ภายในเวลา
๑๒.๐๐ น. และรอบที่ ๒ ภายในเวลา ๑๘.๐๐ น. ของทุกวัน ทั้งนี้ หากหน่วยบริการไม่พิจารณากรณีรับ case
ในช่วงเวลาดังกล่าว ทางระบบจะ ... ส่งรายชื่อผู้ติดเชื้อโควิด-19 ไปยังหน่วยบริการอื่น".

Reading of the boundaries (the letter does not spell them out): a case offered before 12:00
belongs to round 1 and must be taken by 12:00; offered at 12:00:00 or later but before 18:00
→ round 2, by 18:00; offered at 18:00:00 or later → round 1 of the next day, by 12:00. A
deadline is exclusive: at the deadline itself the offer is closed. The round times are
dated parameters (``isolation.round_1_deadline``, ``isolation.round_2_deadline``).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sitthi.rules.params import ParameterSet, default_parameters

BANGKOK = ZoneInfo("Asia/Bangkok")


def _hhmm(params: ParameterSet, name: str, on: date) -> time:
    hours, minutes = str(params.value(name, on).value).split(":")
    return time(int(hours), int(minutes))


def round_of(offered_at: datetime, params: ParameterSet | None = None) -> tuple[date, int]:
    """The (Bangkok date, round number) an offer made at ``offered_at`` belongs to."""
    if offered_at.tzinfo is None:
        raise TypeError("offered_at must be an aware datetime")
    params = params or default_parameters()
    local = offered_at.astimezone(BANGKOK)
    day = local.date()
    first = _hhmm(params, "isolation.round_1_deadline", day)
    second = _hhmm(params, "isolation.round_2_deadline", day)
    if local < datetime.combine(day, first, BANGKOK):
        return day, 1
    if local < datetime.combine(day, second, BANGKOK):
        return day, 2
    return day + timedelta(days=1), 1


def deadline(offered_at: datetime, params: ParameterSet | None = None) -> datetime:
    """When the round of an offer made at ``offered_at`` closes (aware, Asia/Bangkok)."""
    params = params or default_parameters()
    day, number = round_of(offered_at, params)
    at = _hhmm(params, f"isolation.round_{number}_deadline", day)
    return datetime.combine(day, at, BANGKOK)
