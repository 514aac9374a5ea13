"""A claim's way through the clearing house: its states and the moves between them, the two
deadlines, and the duplicate of a paid claim (seed 001_9fcdabf8e5dd4edb.txt §2 steps 6–8;
seed 004_0cb97de555201e57.txt steps 6–8; DOMAIN.md §1; issue 3, "Route, notify, pay").

    submitted → accepted | rejected                     decided at once (step 6)
    accepted → documents_complete → notified → paid     steps 7 and 8
    accepted, documents_complete → returned             for correction
    rejected, returned → submitted                      a resubmission: a new revision

* Step 6, "โรงพยาบาลเรียกเก็บค่ารักษาพยาบาลที่เกิดขึ้นภายใน 72 ชั่วโมง ไปที่ สปสช. (Data clearing
  house)": the hospital submits; the claim is decided at once (accepted, or rejected with its
  errors).
* Step 7, "สปสช.ตรวจสอบความถูกต้อง และสรุปค่าใช้จ่ายแจ้งให้กองทุนเจ้าของสิทธิทราบภายใน 30 วัน
  นับจากได้รับเอกสารครบถ้วน": NHSO marks the documents complete (the 30-day clock starts,
  ``notice_due``), or returns the claim for correction; then notifies the owner fund.
* Step 8, "กองทุนเจ้าของสิทธิ จ่ายค่ารักษาพยาบาล ... ให้แก่โรงพยาบาลภายใน 15 วัน" (seed 004:
  "ภายใน 15 วัน นับจากวันที่สำนักงานหลักประกันสุขภาพแห่งชาติแจ้งกองทุนของผู้มีสิทธิได้รับการ
  รักษาพยาบาล"): the fund pays within 15 days of the notice (``payment_due``).

The seeds name the steps, not the states: the states, "returned for correction" (our reading
of "ตรวจสอบความถูกต้อง") and resubmission are the project's (issue 3). Left to people: whether
the documents are complete, and whether a claim is correct. Pure: no Django, database or
clock; the caller passes the dates (Asia/Bangkok) and the parameters.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, timedelta

from sitthi.rules.params import ParameterSet

__all__ = [
    "SUBMITTED",
    "REJECTED",
    "ACCEPTED",
    "RETURNED",
    "DOCUMENTS_COMPLETE",
    "NOTIFIED",
    "PAID",
    "STATES",
    "MOVES",
    "RESUBMITTABLE",
    "NOTICE_DEADLINE",
    "PAYMENT_DEADLINE",
    "PAID_IDENTITY",
    "decided_state",
    "can_move",
    "moves_from",
    "deadline_days",
    "notice_due",
    "payment_due",
    "days_left",
    "overdue",
    "days_overdue",
    "paid_identity",
    "duplicates_of_paid",
]

# -- states and moves ---------------------------------------------------------------------------

SUBMITTED = "submitted"
REJECTED = "rejected"
ACCEPTED = "accepted"
RETURNED = "returned"
DOCUMENTS_COMPLETE = "documents_complete"
NOTIFIED = "notified"
PAID = "paid"

#: Every state, in the order of the way through (the model's choices are these values).
STATES = (SUBMITTED, REJECTED, ACCEPTED, RETURNED, DOCUMENTS_COMPLETE, NOTIFIED, PAID)

#: Which moves a claim may make (issue 3, "Route, notify, pay"); the states missing as keys
#: (submitted, paid) allow none. Resubmission (rejected/returned → submitted) goes through
#: the submission, which decides the new revision at once.
MOVES: Mapping[str, frozenset[str]] = {
    ACCEPTED: frozenset({DOCUMENTS_COMPLETE, RETURNED}),
    DOCUMENTS_COMPLETE: frozenset({NOTIFIED, RETURNED}),
    NOTIFIED: frozenset({PAID}),
    REJECTED: frozenset({SUBMITTED}),
    RETURNED: frozenset({SUBMITTED}),
}

#: States from which the hospital may send the claim again under its own key: a new revision,
#: the old one kept in the history (rejected: fix the errors; returned: NHSO asked for it).
RESUBMITTABLE = frozenset({REJECTED, RETURNED})


def decided_state(has_errors: bool) -> str:
    """Where a submitted claim lands when it is decided (step 6, at once): rejected with all
    its errors when it has any, else accepted (and priced)."""
    return REJECTED if has_errors else ACCEPTED


def can_move(from_state: str, to_state: str) -> bool:
    """Whether a claim in ``from_state`` may move to ``to_state`` (``MOVES``): seed 001 §2
    steps 7–8 in order — documents complete before the notice (step 7), the notice before
    the payment (step 8); a paid claim moves no more."""
    return to_state in MOVES.get(from_state, frozenset())


def moves_from(state: str) -> tuple[str, ...]:
    """The states a claim in ``state`` may move to, in ``STATES`` order (for pages)."""
    allowed = MOVES.get(state, frozenset())
    return tuple(s for s in STATES if s in allowed)


# -- deadlines ------------------------------------------------------------------------------------

#: Seed 001 §2 step 7: "แจ้งให้กองทุนเจ้าของสิทธิทราบภายใน 30 วัน นับจากได้รับเอกสารครบถ้วน".
NOTICE_DEADLINE = "claims.notice_deadline_days"
#: Seed 001 §2 step 8: "ให้แก่โรงพยาบาลภายใน 15 วัน"; seed 004 step 8: "นับจากวันที่
#: สำนักงานหลักประกันสุขภาพแห่งชาติแจ้งกองทุน".
PAYMENT_DEADLINE = "claims.payment_deadline_days"


def deadline_days(params: ParameterSet, name: str, on: date) -> int:
    """The number of days of the deadline ``name`` in force on ``on`` (a dated parameter;
    ParamLookupError when none is in force that day — never a default)."""
    return int(params.value(name, on).value)


def _due(start: date, days: int | ParameterSet, name: str) -> date:
    if isinstance(days, ParameterSet):
        days = deadline_days(days, name, start)
    return start + timedelta(days=int(days))


def notice_due(documents_complete_on: date, days: int | ParameterSet) -> date:
    """The last day NHSO may notify the owner fund: seed 001_9fcdabf8e5dd4edb.txt §2 step 7,
    "ภายใน 30 วัน นับจากได้รับเอกสารครบถ้วน" (seed 004 step 7: "ภายใน 30 วัน นับตั้งแต่เวลาที่ได้รับ
    เอกสารครบถ้วนแล้ว").

    ``days``: the number of days, or the parameters, read for ``claims.notice_deadline_days``
    on the day the documents were complete (the period in force when the clock starts).
    Calendar days, not working days (the seed says วัน); the day the documents are complete
    is day 0, so complete on 1 January is due on 31 January, and the notice is on time on
    the due day itself."""
    return _due(documents_complete_on, days, NOTICE_DEADLINE)


def payment_due(notified_on: date, days: int | ParameterSet) -> date:
    """The last day the owner fund may pay: seed 001_9fcdabf8e5dd4edb.txt §2 step 8,
    "กองทุนเจ้าของสิทธิ จ่ายค่ารักษาพยาบาล ... ให้แก่โรงพยาบาลภายใน 15 วัน", counted from the notice
    (seed 004_0cb97de555201e57.txt step 8: "ภายใน 15 วัน นับจากวันที่สำนักงานหลักประกันสุขภาพแห่งชาติ
    แจ้งกองทุนของผู้มีสิทธิได้รับการรักษาพยาบาล").

    ``days``: the number of days, or the parameters, read for ``claims.payment_deadline_days``
    on the day of the notice. Calendar days; the notice day is day 0."""
    return _due(notified_on, days, PAYMENT_DEADLINE)


def days_left(due: date, today: date) -> int:
    """Days from ``today`` to ``due``: 0 on the due day, negative once it has passed."""
    return (due - today).days


def overdue(days_left: int) -> bool:
    """Past the deadline (``days_left`` from ``days_left``): the due day itself is still on
    time ("ภายใน 30 วัน", "ภายใน 15 วัน")."""
    return days_left < 0


def days_overdue(days_left: int) -> int:
    """How many days late (0 while on time)."""
    return max(0, -days_left)


# -- the duplicate of a paid claim ------------------------------------------------------------------

#: What makes two claims the same care (issue 3, "duplicate of a paid claim"): the same
#: hospital, person, service type and admission time.
PAID_IDENTITY = ("hospital", "citizen_id", "service_type", "admitted_at")


def paid_identity(claim: Mapping) -> tuple:
    """The ``PAID_IDENTITY`` of a claim given as a mapping (a frame row)."""
    return tuple(claim[k] for k in PAID_IDENTITY)


def duplicates_of_paid(claims: Iterable[Mapping], paid: Iterable[tuple]) -> list[bool]:
    """For each claim, whether it is the same care as a claim already paid (``paid``: the
    ``PAID_IDENTITY`` tuples of the paid claims): such a claim is refused, DUPLICATE_OF_PAID.

    Seed 001_9fcdabf8e5dd4edb.txt §2 step 7, "สปสช.ตรวจสอบความถูกต้อง" (NHSO verifies before it
    notifies the fund): the same care is paid once. The seed does not spell the duplicate
    out; the identity is issue 3's. Only a paid claim bars: one rejected, returned or not yet
    paid does not (the same key is the submission's matter: unchanged, a resubmission, or
    CLAIM_KEY_CONFLICT)."""
    seen = set(paid)
    return [paid_identity(c) in seen for c in claims]
