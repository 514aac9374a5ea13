"""The run-log check itself: it finds a full ID however it is written, and only a valid one."""

from tests.conftest import make_cid
from tests.logcheck import full_citizen_ids


def test_the_run_log_check_finds_full_ids_and_nothing_else():
    cid = make_cid()
    printed = f"{cid[0]}-{cid[1:5]}-{cid[5:10]}-{cid[10:12]}-{cid[12]}"
    assert full_citizen_ids(f'{{"path": "/api/v1/rights/{cid}"}}') == [cid]
    assert full_citizen_ids(f"card {printed}.") == [cid]
    wrong = cid[:12] + str((int(cid[12]) + 1) % 10)  # a bad check digit: not an ID
    assert full_citizen_ids(f"{wrong} {cid[0]}xxxxxxxx{cid[-4:]} 1{cid}") == []
