"""A claim's way through the clearing house (sitthi.rules.claims.workflow): the moves between
its states, the notice and payment deadlines on their boundary days, the duplicate of a paid
claim.

DOMAIN.md §1 steps 6–8, from seed 001_9fcdabf8e5dd4edb.txt §2 "ขั้นตอนการปฏิบัติ":
  6. "โรงพยาบาลเรียกเก็บค่ารักษาพยาบาลที่เกิดขึ้นภายใน 72 ชั่วโมง ไปที่ สปสช. (Data clearing house)"
  7. "สปสช.ตรวจสอบความถูกต้อง และสรุปค่าใช้จ่ายแจ้งให้กองทุนเจ้าของสิทธิทราบภายใน 30 วัน
     นับจากได้รับเอกสารครบถ้วน"
  8. "กองทุนเจ้าของสิทธิ จ่ายค่ารักษาพยาบาลในอัตราที่ สพฉ. กำหนดประกาศอัตราค่าบริการการแพทย์ฉุกเฉิน
     (Fee schedule) ให้แก่โรงพยาบาลภายใน 15 วัน"
and seed 004_0cb97de555201e57.txt steps 7–8 ("ภายใน 30 วัน นับตั้งแต่เวลาที่ได้รับเอกสารครบถ้วนแล้ว";
"ภายใน 15 วัน นับจากวันที่สำนักงานหลักประกันสุขภาพแห่งชาติแจ้งกองทุนของผู้มีสิทธิได้รับการรักษาพยาบาล").
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sitthi.rules.claims import workflow as wf
from sitthi.rules.params import ParamLookupError, default_parameters

SEED_001_STEP_7 = "แจ้งให้กองทุนเจ้าของสิทธิทราบภายใน 30 วัน นับจากได้รับเอกสารครบถ้วน"
SEED_001_STEP_8 = "ให้แก่โรงพยาบาลภายใน 15 วัน"

# -- states and moves ---------------------------------------------------------------------------

#: Every move the rule allows, each with the clause it follows.
ALLOWED = {
    # seed 001 §2 step 7: "ตรวจสอบความถูกต้อง ... นับจากได้รับเอกสารครบถ้วน" — NHSO has the
    # complete documents of an accepted claim: the 30-day clock starts.
    (wf.ACCEPTED, wf.DOCUMENTS_COMPLETE),
    # seed 001 §2 step 7: "สปสช.ตรวจสอบความถูกต้อง" — verification may send it back (issue 3).
    (wf.ACCEPTED, wf.RETURNED),
    # seed 001 §2 step 7: "สรุปค่าใช้จ่ายแจ้งให้กองทุนเจ้าของสิทธิทราบ" — the notice to the fund.
    (wf.DOCUMENTS_COMPLETE, wf.NOTIFIED),
    # seed 001 §2 step 7: still "ตรวจสอบความถูกต้อง" until the notice: it may be returned.
    (wf.DOCUMENTS_COMPLETE, wf.RETURNED),
    # seed 001 §2 step 8: "กองทุนเจ้าของสิทธิ จ่ายค่ารักษาพยาบาล ... ภายใน 15 วัน" — after the notice.
    (wf.NOTIFIED, wf.PAID),
    # seed 001 §2 step 6: "โรงพยาบาลเรียกเก็บ ... ไปที่ สปสช." — billed again, a new revision.
    (wf.REJECTED, wf.SUBMITTED),
    (wf.RETURNED, wf.SUBMITTED),
}
PAIRS = [(a, b) for a in wf.STATES for b in wf.STATES]


@pytest.mark.parametrize(("from_state", "to_state"), sorted(ALLOWED))
def test_each_allowed_move(from_state, to_state):
    """Seed 001_9fcdabf8e5dd4edb.txt §2 steps 6–8 in their order (the clause of each pair is
    beside it in ALLOWED)."""
    assert wf.can_move(from_state, to_state)
    assert to_state in wf.moves_from(from_state)


@pytest.mark.parametrize(("from_state", "to_state"), [p for p in PAIRS if p not in ALLOWED])
def test_each_refused_move(from_state, to_state):
    """Seed 001_9fcdabf8e5dd4edb.txt §2: step 8 (pay) comes after step 7 (notify), which comes
    after "ได้รับเอกสารครบถ้วน"; no step is skipped, none is taken twice, nothing moves back
    except a return for correction, and a paid claim moves no more (STATE_MOVE_INVALID)."""
    assert not wf.can_move(from_state, to_state)
    assert to_state not in wf.moves_from(from_state)


def test_the_steps_cannot_be_skipped():
    """Seed 001 §2 step 7 before step 8: no notice without complete documents, no payment
    without a notice ("ภายใน 15 วัน นับจากวันที่สำนักงานหลักประกันสุขภาพแห่งชาติแจ้งกองทุน", seed 004
    step 8)."""
    assert not wf.can_move(wf.ACCEPTED, wf.NOTIFIED)
    assert not wf.can_move(wf.ACCEPTED, wf.PAID)
    assert not wf.can_move(wf.DOCUMENTS_COMPLETE, wf.PAID)
    assert not wf.can_move(wf.NOTIFIED, wf.RETURNED)  # the fund has it: not NHSO's to return
    assert wf.moves_from(wf.PAID) == () and wf.moves_from(wf.SUBMITTED) == ()


def test_unknown_states_allow_nothing():
    assert not wf.can_move("lost", wf.PAID) and not wf.can_move(wf.ACCEPTED, "lost")
    assert wf.moves_from("lost") == ()


def test_resubmittable_states_are_the_ones_that_move_back_to_submitted():
    """Seed 001 §2 step 6: the hospital bills again what was rejected or returned."""
    assert wf.RESUBMITTABLE == {s for s in wf.STATES if wf.can_move(s, wf.SUBMITTED)}
    assert wf.RESUBMITTABLE == {wf.REJECTED, wf.RETURNED}


def test_a_submitted_claim_is_decided_at_once():
    """Seed 001 §2 step 6 ("เรียกเก็บ ... ไปที่ สปสช."), issue 3: accepted, or rejected with all
    its errors."""
    assert wf.decided_state(False) == wf.ACCEPTED
    assert wf.decided_state(True) == wf.REJECTED


# -- the notice deadline: 30 days from complete documents ----------------------------------------


def test_notice_due_30_days_after_complete_documents():
    """Seed 001_9fcdabf8e5dd4edb.txt §2 step 7: "ภายใน 30 วัน นับจากได้รับเอกสารครบถ้วน"; the day
    the documents are complete is day 0."""
    assert SEED_001_STEP_7 in default_parameters().parameter(wf.NOTICE_DEADLINE).values[0].source
    assert wf.notice_due(date(2024, 1, 1), 30) == date(2024, 1, 31)


@pytest.mark.parametrize(
    ("today", "left", "late", "late_by"),
    [
        (date(2024, 1, 30), 1, False, 0),  # the day before the due day
        (date(2024, 1, 31), 0, False, 0),  # the due day: still "ภายใน 30 วัน"
        (date(2024, 2, 1), -1, True, 1),  # the day after: overdue by one day
    ],
)
def test_notice_deadline_on_its_boundary_days(today, left, late, late_by):
    """Seed 001_9fcdabf8e5dd4edb.txt §2 step 7, "ภายใน 30 วัน นับจากได้รับเอกสารครบถ้วน":
    documents complete on 1 January 2024, the notice is due on 31 January."""
    due = wf.notice_due(date(2024, 1, 1), default_parameters())
    assert due == date(2024, 1, 31)
    assert wf.days_left(due, today) == left
    assert wf.overdue(wf.days_left(due, today)) is late
    assert wf.days_overdue(wf.days_left(due, today)) == late_by


@pytest.mark.parametrize(
    ("complete", "due"),
    [
        (date(2024, 1, 31), date(2024, 3, 1)),  # across February of a leap year (29 days)
        (date(2023, 1, 31), date(2023, 3, 2)),  # across February of a common year (28 days)
        (date(2024, 2, 29), date(2024, 3, 30)),  # from the leap day
        (date(2024, 4, 30), date(2024, 5, 30)),  # from a 30-day month's last day
        (date(2023, 12, 15), date(2024, 1, 14)),  # across the year end
        (date(2024, 9, 30), date(2024, 10, 30)),  # across the fiscal year end (1 October)
    ],
)
def test_notice_deadline_across_a_month_end(complete, due):
    """Seed 001_9fcdabf8e5dd4edb.txt §2 step 7: "ภายใน 30 วัน" — calendar days (the seed says วัน,
    not วันทำการ), so the month's length moves the due date, never the count."""
    assert wf.notice_due(complete, default_parameters()) == due
    assert (due - complete).days == 30


def test_notice_deadline_before_the_parameter_is_in_force():
    """Seed 001 step 7's 30 days are in force from 1 April 2017 (FACTS.md, UCEP [V]): the day
    before, there is no deadline to read — an error, never a default."""
    assert wf.notice_due(date(2017, 4, 1), default_parameters()) == date(2017, 5, 1)
    with pytest.raises(ParamLookupError):
        wf.notice_due(date(2017, 3, 31), default_parameters())


# -- the payment deadline: 15 days from the notice -------------------------------------------------


def test_payment_due_15_days_after_the_notice():
    """Seed 001_9fcdabf8e5dd4edb.txt §2 step 8: "ให้แก่โรงพยาบาลภายใน 15 วัน"; seed
    004_0cb97de555201e57.txt step 8 counts them "นับจากวันที่สำนักงานหลักประกันสุขภาพแห่งชาติ
    แจ้งกองทุนของผู้มีสิทธิได้รับการรักษาพยาบาล"."""
    assert SEED_001_STEP_8 in default_parameters().parameter(wf.PAYMENT_DEADLINE).values[0].source
    assert wf.payment_due(date(2024, 3, 1), 15) == date(2024, 3, 16)


@pytest.mark.parametrize(
    ("today", "left", "late", "late_by"),
    [
        (date(2024, 3, 15), 1, False, 0),  # the day before the due day
        (date(2024, 3, 16), 0, False, 0),  # the due day: still "ภายใน 15 วัน"
        (date(2024, 3, 17), -1, True, 1),  # the day after
        (date(2024, 3, 26), -10, True, 10),
    ],
)
def test_payment_deadline_on_its_boundary_days(today, left, late, late_by):
    """Seed 001_9fcdabf8e5dd4edb.txt §2 step 8, "ภายใน 15 วัน" from the notice (seed 004 step 8):
    notified on 1 March 2024, the payment is due on 16 March."""
    due = wf.payment_due(date(2024, 3, 1), default_parameters())
    assert due == date(2024, 3, 16)
    assert wf.days_left(due, today) == left
    assert wf.overdue(wf.days_left(due, today)) is late
    assert wf.days_overdue(wf.days_left(due, today)) == late_by


@pytest.mark.parametrize(
    ("notified", "due"),
    [
        (date(2024, 2, 20), date(2024, 3, 6)),  # across February of a leap year
        (date(2023, 2, 20), date(2023, 3, 7)),  # across February of a common year
        (date(2024, 1, 31), date(2024, 2, 15)),  # from a month's last day
        (date(2024, 12, 20), date(2025, 1, 4)),  # across the year end
    ],
)
def test_payment_deadline_across_a_month_end(notified, due):
    """Seed 001_9fcdabf8e5dd4edb.txt §2 step 8: "ภายใน 15 วัน" — calendar days."""
    assert wf.payment_due(notified, default_parameters()) == due


def test_payment_deadline_before_the_parameter_is_in_force():
    """Seed 001 step 8's 15 days are in force from 1 April 2017 (FACTS.md, UCEP [V])."""
    assert wf.payment_due(date(2017, 4, 1), default_parameters()) == date(2017, 4, 16)
    with pytest.raises(ParamLookupError):
        wf.payment_due(date(2017, 3, 31), default_parameters())


# -- a change of the parameter: the period in force when the clock starts ---------------------------


def _changed(name: str, before: int, after: int, on: date):
    """What if the period changed on ``on`` (a hypothetical amendment of seed 001's step)."""
    return default_parameters().with_overrides(
        {
            name: [
                {
                    "from": date(2017, 4, 1),
                    "until": on - timedelta(days=1),
                    "value": before,
                    "source": "seed 001_9fcdabf8e5dd4edb.txt §2 (test: before the change)",
                },
                {"from": on, "value": after, "source": "test: a hypothetical amendment"},
            ]
        }
    )


@pytest.mark.parametrize(
    ("complete", "due"),
    [
        (date(2024, 12, 31), date(2025, 1, 30)),  # the day before the change: 30 days
        (date(2025, 1, 1), date(2025, 1, 21)),  # the day of the change: 20 days
        (date(2025, 1, 2), date(2025, 1, 22)),  # the day after: 20 days
    ],
)
def test_notice_deadline_across_a_parameter_change(complete, due):
    """Seed 001_9fcdabf8e5dd4edb.txt §2 step 7 fixes 30 days "นับจากได้รับเอกสารครบถ้วน"; the
    period is a dated parameter, and the one in force on the day the documents are complete
    counts — a clock already running keeps its period when the rule changes."""
    params = _changed(wf.NOTICE_DEADLINE, 30, 20, date(2025, 1, 1))
    assert wf.deadline_days(params, wf.NOTICE_DEADLINE, complete) == (due - complete).days
    assert wf.notice_due(complete, params) == due


@pytest.mark.parametrize(
    ("notified", "due"),
    [
        (date(2024, 12, 31), date(2025, 1, 15)),  # the day before the change: 15 days
        (date(2025, 1, 1), date(2025, 1, 11)),  # the day of the change: 10 days
        (date(2025, 1, 2), date(2025, 1, 12)),  # the day after: 10 days
    ],
)
def test_payment_deadline_across_a_parameter_change(notified, due):
    """Seed 001_9fcdabf8e5dd4edb.txt §2 step 8, "ภายใน 15 วัน", counted from the notice (seed 004
    step 8): the period in force on the notice day counts."""
    params = _changed(wf.PAYMENT_DEADLINE, 15, 10, date(2025, 1, 1))
    assert wf.payment_due(notified, params) == due


@given(st.dates(min_value=date(2017, 4, 1), max_value=date(2100, 12, 31)))
def test_the_parameters_and_the_number_of_days_agree(on):
    """Passing the parameters or the number of days read from them gives the same due date."""
    ps = default_parameters()
    assert wf.notice_due(on, ps) == wf.notice_due(on, wf.deadline_days(ps, wf.NOTICE_DEADLINE, on))
    assert wf.payment_due(on, ps) == on + timedelta(days=15)
    assert wf.notice_due(on, ps) == on + timedelta(days=30)


# -- the duplicate of a paid claim --------------------------------------------------------------------

ADMITTED = datetime(2024, 3, 1, 8, 30)


def _claim(**over) -> dict:
    row = {
        "claim_id": 1,
        "hospital": "90001",
        "citizen_id": "1100100000011",
        "service_type": "ucep",
        "admitted_at": ADMITTED,
    }
    return row | over


def test_a_claim_identical_to_a_paid_one_is_a_duplicate():
    """Seed 001_9fcdabf8e5dd4edb.txt §2 step 7, "สปสช.ตรวจสอบความถูกต้อง": the same care is paid
    once; issue 3, "duplicate of a paid claim" — same hospital, person, service type and
    admission time (DUPLICATE_OF_PAID)."""
    paid = {wf.paid_identity(_claim(claim_id=99))}
    assert wf.duplicates_of_paid([_claim()], paid) == [True]


@pytest.mark.parametrize(
    "differs",
    [
        {"hospital": "90002"},
        {"citizen_id": "1100100000029"},
        {"service_type": "op"},
        {"admitted_at": ADMITTED + timedelta(minutes=1)},
    ],
)
def test_a_claim_that_differs_in_one_part_is_not_a_duplicate(differs):
    """Issue 3's identity (seed 001 §2 step 7, "ตรวจสอบความถูกต้อง"): all four parts must agree;
    another admission of the same person at the same hospital is other care."""
    paid = {wf.paid_identity(_claim())}
    assert wf.duplicates_of_paid([_claim(**differs)], paid) == [False]


def test_only_what_was_paid_bars_and_each_claim_is_answered_in_order():
    """Seed 001 §2 step 8 ("จ่ายค่ารักษาพยาบาล"): only a paid claim bars another; nothing paid,
    nothing is a duplicate. One answer per claim, in the order given."""
    claims = [_claim(claim_id=1), _claim(claim_id=2, hospital="90002"), _claim(claim_id=3)]
    assert wf.duplicates_of_paid(claims, set()) == [False, False, False]
    assert wf.duplicates_of_paid(claims, [wf.paid_identity(_claim())]) == [True, False, True]
    assert wf.PAID_IDENTITY == ("hospital", "citizen_id", "service_type", "admitted_at")
