"""Impossible episodes are refused with coded errors (sitthi.rules.ucep.check).

Issue 4, "Prove it": "Episodes with impossible times (discharge before admission, a transfer
before admission, overlapping stays) are refused with clear coded errors." Seed 001 §2 step 9
counts the window "ต่อเนื่องจาก รพ.เอกชนแห่งที่หนึ่งรับ", so the first stay is the admission."""

from __future__ import annotations

import pytest

from sitthi.core.errors import CATALOGUE
from sitthi.rules.ucep.check import PROBLEMS, check
from tests.rules.ucep.builders import episode, frames, hm, line, stay


def problems(episodes, stays, lines) -> list[tuple]:
    out = check(*frames(episodes, stays, lines))
    assert dict(out.schema) == PROBLEMS
    return [(r["stay_no"], r["line_no"], r["field"], r["code"]) for r in out.iter_rows(named=True)]


def test_a_plain_episode_and_a_clean_transfer_pass():
    stays = [stay(1, 1, left_at=hm(10)), stay(1, 2, received_at=hm(10))]
    lines = [line(1, hm(0)), line(2, hm(10)), line(3, hm(10), stay_no=2), line(4, hm(500), 2)]
    assert problems([episode()], stays, lines) == []


def test_discharge_before_admission():
    assert problems([episode(discharged_at=hm(-1))], [stay()], []) == [
        (None, None, "discharged_at", "DISCHARGE_BEFORE_ADMISSION")
    ]


def test_transfer_before_admission():
    stays = [stay(1, 1, left_at=hm(1)), stay(1, 2, received_at=hm(-2))]
    found = problems([episode()], stays, [])
    assert (2, None, "received_at", "UCEP_STAY_BEFORE_ADMISSION") in found


def test_first_stay_must_start_the_clock():
    """Seed 001 §2 steps 4 and 9: the window counts from the first hospital's reception."""
    assert problems([episode()], [stay(received_at=hm(1))], []) == [
        (1, None, "received_at", "UCEP_FIRST_STAY_MISMATCH")
    ]


@pytest.mark.parametrize(
    "stays",
    [
        [stay(1, 1, left_at=hm(10)), stay(1, 2, received_at=hm(9))],  # arrives before leaving
        [stay(1, 1), stay(1, 2, received_at=hm(9))],  # the first never left
        [
            stay(1, 1, left_at=hm(10)),
            stay(1, 2, received_at=hm(12)),
            stay(1, 3, received_at=hm(11)),
        ],
    ],
)
def test_overlapping_stays(stays):
    assert any(code == "UCEP_STAYS_OVERLAP" for *_, code in problems([episode()], stays, []))


def test_stay_after_discharge_and_left_before_received():
    e = episode(discharged_at=hm(5))
    stays = [stay(1, 1, left_at=hm(3)), stay(1, 2, received_at=hm(6), left_at=hm(4))]
    found = problems([e], stays, [])
    assert (2, None, "received_at", "UCEP_STAY_AFTER_DISCHARGE") in found
    assert (2, None, "left_at", "DATE_ORDER") in found


def test_lines_outside_their_stay_or_without_one():
    """Like claims' LINE_OUTSIDE_STAY: both ends included; the last stay ends at discharge."""
    e = episode(discharged_at=hm(20))
    stays = [stay(1, 1, left_at=hm(10)), stay(1, 2, received_at=hm(10))]
    lines = [
        line(1, hm(-1)),
        line(2, hm(10, 0, 0, 1)),
        line(3, hm(20), stay_no=2),
        line(4, hm(20, 0, 1), stay_no=2),
        line(5, hm(1), stay_no=7),
        line(6, hm(1), episode_id=9),
    ]
    assert problems([e], stays, lines) == [
        (1, 1, "served_at", "LINE_OUTSIDE_STAY"),
        (1, 2, "served_at", "LINE_OUTSIDE_STAY"),
        (2, 4, "served_at", "LINE_OUTSIDE_STAY"),
        (7, 5, "stay_no", "ROW_ORPHAN"),
        (1, 6, "episode_id", "ROW_ORPHAN"),
    ]


def test_missing_facts_duplicates_and_unknown_programme():
    e = {**episode(), "fund": None, "programme": "x", "refused_transfer": True}
    found = problems([e, episode(2)], [stay(), stay(), {**stay(2), "private": None}], [])
    assert (None, None, "fund", "VALUE_REQUIRED") in found
    assert (None, None, "programme", "VALUE_INVALID") in found
    assert (None, None, "fit_to_move_at", "VALUE_REQUIRED") in found
    assert (1, None, "stay_no", "DUPLICATE_IN_FILE") in found
    assert (1, None, "private", "VALUE_REQUIRED") in found


def test_an_episode_without_a_stay():
    assert problems([episode()], [], []) == [(None, None, "stays", "UCEP_STAYS_MISSING")]


def test_every_code_is_in_the_catalogue():
    """Codes are stable and documented in one place (ARCHITECTURE.md)."""
    used = {
        "DISCHARGE_BEFORE_ADMISSION",
        "DATE_ORDER",
        "LINE_OUTSIDE_STAY",
        "VALUE_REQUIRED",
        "VALUE_INVALID",
        "DUPLICATE_IN_FILE",
        "ROW_ORPHAN",
        "UCEP_STAYS_MISSING",
        "UCEP_FIRST_STAY_MISMATCH",
        "UCEP_STAY_BEFORE_ADMISSION",
        "UCEP_STAYS_OVERLAP",
        "UCEP_STAY_AFTER_DISCHARGE",
    }
    assert used <= set(CATALOGUE)
