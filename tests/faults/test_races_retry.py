"""claims.races in isolation: which failures of a submission are a lost race (run it again) and
which are not (raised as they are), and the coded refusal when the race is lost every time."""

from __future__ import annotations

import pytest
from django.db import IntegrityError

from sitthi.claims import races
from sitthi.core.errors import SitthiError

PG_CLASH = 'duplicate key value violates unique constraint "one_claim_per_key"'
SQLITE_CLASH = "UNIQUE constraint failed: claims_claim.hospital_id, claims_claim.claim_key"


def flaky(*failures):
    """A submit that fails with ``failures`` in turn, then answers "stored"."""
    left = list(failures)
    calls = []

    @races.retry_key_races
    def submit(x):
        calls.append(x)
        if left:
            raise left.pop(0)
        return "stored"

    return submit, calls


@pytest.mark.parametrize("clash", [PG_CLASH, SQLITE_CLASH])
def test_a_key_taken_meanwhile_runs_the_submission_again(clash):
    submit, calls = flaky(IntegrityError(clash), races.ChangedMeanwhile())
    assert submit(1) == "stored" and calls == [1, 1, 1]


def test_another_integrity_error_is_not_a_race():
    submit, calls = flaky(IntegrityError("NOT NULL constraint failed: claims_claim.hospital_id"))
    with pytest.raises(IntegrityError):
        submit(1)
    assert calls == [1]


def test_a_race_lost_every_time_is_a_coded_409():
    submit, calls = flaky(*[races.ChangedMeanwhile()] * races.ATTEMPTS)
    with pytest.raises(SitthiError) as refused:
        submit(1)
    assert [i.code for i in refused.value.items] == ["CONCURRENT_CHANGE"]
    assert refused.value.status == 409 and len(calls) == races.ATTEMPTS
