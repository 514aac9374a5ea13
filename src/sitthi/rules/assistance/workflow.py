"""The steps of a request (DOMAIN.md §5: "A request is registered, a committee decides the
category and amount within the regulation's ceilings, and the payment is recorded"; issue 7:
an appeal can be registered against a decision and decided in turn).

    received → scheduled → approved → paid
                         ↘ rejected
    approved / rejected / paid → appealed → appeal scheduled → appeal approved → paid
                                                             ↘ appeal rejected (→ paid, when
                                                               the first award is still unpaid)

A request has at most one appeal; the appeal's decision is the last word here.
"""

from __future__ import annotations

from enum import StrEnum


class Stage(StrEnum):
    RECEIVED = "received"
    SCHEDULED = "scheduled"
    APPROVED = "approved"
    REJECTED = "rejected"
    APPEALED = "appealed"
    APPEAL_SCHEDULED = "appeal_scheduled"
    APPEAL_APPROVED = "appeal_approved"
    APPEAL_REJECTED = "appeal_rejected"
    PAID = "paid"


class Action(StrEnum):
    SCHEDULE = "schedule"
    APPROVE = "approve"
    REJECT = "reject"
    PAY = "pay"
    APPEAL = "appeal"


S, A = Stage, Action

_NEXT: dict[tuple[Stage, Action], Stage] = {
    (S.RECEIVED, A.SCHEDULE): S.SCHEDULED,
    (S.SCHEDULED, A.SCHEDULE): S.SCHEDULED,  # the meeting moved
    (S.SCHEDULED, A.APPROVE): S.APPROVED,
    (S.SCHEDULED, A.REJECT): S.REJECTED,
    (S.APPROVED, A.PAY): S.PAID,
    (S.APPROVED, A.APPEAL): S.APPEALED,
    (S.REJECTED, A.APPEAL): S.APPEALED,
    (S.PAID, A.APPEAL): S.APPEALED,
    (S.APPEALED, A.SCHEDULE): S.APPEAL_SCHEDULED,
    (S.APPEAL_SCHEDULED, A.SCHEDULE): S.APPEAL_SCHEDULED,
    (S.APPEAL_SCHEDULED, A.APPROVE): S.APPEAL_APPROVED,
    (S.APPEAL_SCHEDULED, A.REJECT): S.APPEAL_REJECTED,
    (S.APPEAL_APPROVED, A.PAY): S.PAID,
    (S.APPEAL_REJECTED, A.PAY): S.PAID,
}


def allowed(stage: Stage, action: Action, *, appealed: bool = False) -> bool:
    """Whether ``action`` may be taken at ``stage``; a second appeal never is."""
    stage, action = Stage(stage), Action(action)
    if action is A.APPEAL and appealed:
        return False
    return (stage, action) in _NEXT


def next_stage(stage: Stage, action: Action, *, appealed: bool = False) -> Stage:
    """The stage after ``action``; ValueError when the step is not allowed at ``stage``."""
    if not allowed(stage, action, appealed=appealed):
        raise ValueError(f"{action} is not allowed at stage {stage}")
    return _NEXT[(Stage(stage), Action(action))]


def actions_at(stage: Stage, *, appealed: bool = False) -> list[Action]:
    """The steps open at ``stage`` (for the page's forms)."""
    return [a for a in Action if allowed(stage, a, appealed=appealed)]


#: Thai and English names of the stages, for pages and messages (the public reads them).
STAGE_NAMES: dict[Stage, tuple[str, str]] = {
    S.RECEIVED: ("รับคำร้องแล้ว รอบรรจุวาระ", "received, waiting for a meeting"),
    S.SCHEDULED: ("บรรจุวาระการประชุมคณะกรรมการแล้ว", "on a committee meeting's agenda"),
    S.APPROVED: ("คณะกรรมการมีมติจ่ายเงินช่วยเหลือ รอการจ่ายเงิน", "approved, payment to follow"),
    S.REJECTED: ("คณะกรรมการมีมติไม่จ่ายเงินช่วยเหลือ", "rejected by the committee"),
    S.APPEALED: ("รับอุทธรณ์แล้ว รอบรรจุวาระ", "appeal received, waiting for a meeting"),
    S.APPEAL_SCHEDULED: ("อุทธรณ์บรรจุวาระการประชุมแล้ว", "appeal on a meeting's agenda"),
    S.APPEAL_APPROVED: ("มีมติจ่ายเงินตามอุทธรณ์ รอการจ่ายเงิน", "approved on appeal, payment to follow"),
    S.APPEAL_REJECTED: ("มีมติยกอุทธรณ์", "appeal rejected"),
    S.PAID: ("จ่ายเงินช่วยเหลือแล้ว", "paid"),
}

ACTION_NAMES: dict[Action, tuple[str, str]] = {
    A.SCHEDULE: ("บรรจุวาระการประชุม", "schedule for a meeting"),
    A.APPROVE: ("บันทึกมติจ่ายเงิน", "record an approval"),
    A.REJECT: ("บันทึกมติไม่จ่ายเงิน", "record a rejection"),
    A.PAY: ("บันทึกการจ่ายเงิน", "record the payment"),
    A.APPEAL: ("รับอุทธรณ์", "register an appeal"),
}
