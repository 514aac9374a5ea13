"""The steps of an initial-assistance request.

DOMAIN.md §5: "A request is registered, a committee decides the category and amount within the
regulation's ceilings, and the payment is recorded; the requester can see the status."
(Seed 002_80e7afba8787ed6d.txt lines 5-7 name the three guidelines whose steps these are.)
An appeal can be registered against a decision and decided in turn, once.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sitthi.rules.assistance import workflow
from sitthi.rules.assistance.workflow import Action, Stage

ACTION_NAMES, STAGE_NAMES = workflow.ACTION_NAMES, workflow.STAGE_NAMES
actions_at, allowed, next_stage = workflow.actions_at, workflow.allowed, workflow.next_stage

S, A = Stage, Action

#: every step the workflow allows (DOMAIN.md §5 and the appeal of issue 7), written as a
#: committee secretary would read it: stage, what is done, the stage it leads to
STEPS = """
    received          schedule  scheduled
    scheduled         schedule  scheduled          (the meeting moved)
    scheduled         approve   approved
    scheduled         reject    rejected
    approved          pay       paid
    approved          appeal    appealed
    rejected          appeal    appealed
    paid              appeal    appealed
    appealed          schedule  appeal_scheduled
    appeal_scheduled  schedule  appeal_scheduled   (the meeting moved)
    appeal_scheduled  approve   appeal_approved
    appeal_scheduled  reject    appeal_rejected
    appeal_approved   pay       paid
    appeal_rejected   pay       paid               (the first award still unpaid)
"""
EXPECTED = {
    (Stage(line.split()[0]), Action(line.split()[1])): Stage(line.split()[2])
    for line in STEPS.strip().splitlines()
}


def walk(*actions: Action, start: Stage = S.RECEIVED) -> list[Stage]:
    """The stages passed through, tracking whether an appeal was registered."""
    stage, appealed, out = start, False, [start]
    for action in actions:
        stage = next_stage(stage, action, appealed=appealed)
        appealed = appealed or action is A.APPEAL
        out.append(stage)
    return out


def test_the_happy_path():
    """DOMAIN.md §5: registered → a committee decides → the payment is recorded."""
    assert walk(A.SCHEDULE, A.APPROVE, A.PAY) == [S.RECEIVED, S.SCHEDULED, S.APPROVED, S.PAID]


def test_the_meeting_can_move():
    """DOMAIN.md §5: the committee decides at a meeting; a moved meeting is scheduled again."""
    assert walk(A.SCHEDULE, A.SCHEDULE, A.REJECT) == [
        S.RECEIVED,
        S.SCHEDULED,
        S.SCHEDULED,
        S.REJECTED,
    ]


def test_the_appeal_path_after_an_approval():
    """DOMAIN.md §5 (the committee's decision) and its one appeal: approved → appealed →
    appeal_scheduled → appeal_approved → paid."""
    assert walk(A.SCHEDULE, A.APPROVE, A.APPEAL, A.SCHEDULE, A.APPROVE, A.PAY) == [
        S.RECEIVED,
        S.SCHEDULED,
        S.APPROVED,
        S.APPEALED,
        S.APPEAL_SCHEDULED,
        S.APPEAL_APPROVED,
        S.PAID,
    ]


def test_a_rejection_and_a_payment_can_be_appealed():
    """DOMAIN.md §5: the appeal lies against any decision — a rejection, or an award already paid."""
    assert next_stage(S.REJECTED, A.APPEAL) is S.APPEALED
    assert next_stage(S.PAID, A.APPEAL) is S.APPEALED
    assert walk(A.SCHEDULE, A.REJECT, A.APPEAL, A.SCHEDULE, A.APPROVE, A.PAY)[-1] is S.PAID
    assert walk(A.SCHEDULE, A.APPROVE, A.PAY, A.APPEAL, A.SCHEDULE, A.APPROVE, A.PAY)[-1] is S.PAID


def test_a_rejected_appeal_leaves_an_unpaid_first_award_to_pay():
    """DOMAIN.md §5: the payment of what was awarded is recorded, even after a failed appeal."""
    stages = walk(A.SCHEDULE, A.APPROVE, A.APPEAL, A.SCHEDULE, A.REJECT, A.PAY)
    assert stages[-2:] == [S.APPEAL_REJECTED, S.PAID]


def test_the_whole_transition_table():
    """Nothing beyond DOMAIN.md §5's steps and the one appeal is allowed."""
    for stage in Stage:
        for action in Action:
            key = (stage, action)
            assert allowed(stage, action) is (key in EXPECTED), key
            if key in EXPECTED:
                assert next_stage(stage, action) is EXPECTED[key]
            else:
                with pytest.raises(ValueError):
                    next_stage(stage, action)


@pytest.mark.parametrize(
    ("stage", "action"),
    [
        (S.RECEIVED, A.APPROVE),  # no decision before a meeting is set
        (S.RECEIVED, A.REJECT),
        (S.RECEIVED, A.PAY),  # nothing is paid before it is awarded
        (S.SCHEDULED, A.PAY),
        (S.REJECTED, A.PAY),
        (S.PAID, A.PAY),  # paid once
        (S.APPEALED, A.APPROVE),
        (S.APPEAL_APPROVED, A.APPEAL),  # the appeal's decision is the last word
        (S.APPEAL_REJECTED, A.APPEAL),
        (S.RECEIVED, A.APPEAL),  # nothing to appeal against yet
    ],
)
def test_refusals(stage, action):
    """DOMAIN.md §5's order of steps: these skip or repeat one."""
    assert allowed(stage, action) is False
    with pytest.raises(ValueError, match="not allowed"):
        next_stage(stage, action)


@pytest.mark.parametrize("stage", [S.APPROVED, S.REJECTED, S.PAID])
def test_a_second_appeal_is_not_allowed(stage):
    """One appeal per request: where an appeal is otherwise open, a second one is refused."""
    assert allowed(stage, A.APPEAL) is True
    assert allowed(stage, A.APPEAL, appealed=True) is False
    with pytest.raises(ValueError):
        next_stage(stage, A.APPEAL, appealed=True)
    # the flag stops the appeal only: the award can still be paid
    if stage is S.APPROVED:
        assert allowed(stage, A.PAY, appealed=True) is True


def test_a_second_appeal_is_refused_when_the_stage_and_action_are_plain_strings():
    """``allowed`` accepts the stored text of a stage and action (it converts both); the
    one-appeal guard must hold for them as for the enum members."""
    assert allowed("approved", "pay") is True  # strings are accepted
    assert allowed("paid", "appeal", appealed=True) is False
    with pytest.raises(ValueError):
        next_stage("paid", "appeal", appealed=True)


def test_actions_at():
    """The forms a page offers at each stage (DOMAIN.md §5's steps)."""
    assert actions_at(S.RECEIVED) == [A.SCHEDULE]
    assert actions_at(S.SCHEDULED) == [A.SCHEDULE, A.APPROVE, A.REJECT]
    assert actions_at(S.APPROVED) == [A.PAY, A.APPEAL]
    assert actions_at(S.APPROVED, appealed=True) == [A.PAY]
    assert actions_at(S.REJECTED) == [A.APPEAL]
    assert actions_at(S.REJECTED, appealed=True) == []
    assert actions_at(S.PAID) == [A.APPEAL]
    assert actions_at(S.PAID, appealed=True) == []
    assert actions_at(S.APPEALED, appealed=True) == [A.SCHEDULE]
    assert actions_at(S.APPEAL_SCHEDULED, appealed=True) == [A.SCHEDULE, A.APPROVE, A.REJECT]
    assert actions_at(S.APPEAL_APPROVED, appealed=True) == [A.PAY]
    assert actions_at(S.APPEAL_REJECTED, appealed=True) == [A.PAY]


def test_every_stage_and_action_has_thai_and_english_names():
    """The requester sees the status (DOMAIN.md §5): every stage is worded in Thai and English."""
    assert set(STAGE_NAMES) == set(Stage)
    assert set(ACTION_NAMES) == set(Action)
    for th, en in [*STAGE_NAMES.values(), *ACTION_NAMES.values()]:
        assert th.strip() and en.strip() and th != en


@given(st.lists(st.sampled_from(list(Action)), max_size=40))
def test_any_sequence_of_allowed_steps_stays_in_defined_stages(actions):
    """DOMAIN.md §5: whatever is tried, only allowed steps are taken; the stage is always a
    defined one, there is at most one appeal and at most two payments (the award, then the
    difference after an appeal raised it)."""
    stage, appealed = S.RECEIVED, False
    appeals = payments = 0
    for action in actions:
        if not allowed(stage, action, appealed=appealed):
            with pytest.raises(ValueError):
                next_stage(stage, action, appealed=appealed)
            continue
        assert action in actions_at(stage, appealed=appealed)
        new = next_stage(stage, action, appealed=appealed)
        assert isinstance(new, Stage) and new in STAGE_NAMES
        if action is A.APPEAL:
            appeals += 1
            appealed = True
        if action is A.PAY:
            payments += 1
            assert new is S.PAID
        # once appealed, never back to the first decision's stages
        if appealed:
            assert new in {
                S.APPEALED,
                S.APPEAL_SCHEDULED,
                S.APPEAL_APPROVED,
                S.APPEAL_REJECTED,
                S.PAID,
            }
        stage = new
    assert appeals <= 1
    assert payments <= 2
    if appealed and stage is S.PAID:
        assert actions_at(stage, appealed=appealed) == []
