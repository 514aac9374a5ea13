"""Citizen ID check digit. FACTS.md "Citizen ID" [V]: 13 digits; weights 13 … 2 on the
first 12; check digit = (11 − sum mod 11) mod 10. DOMAIN.md: reject a wrong check digit."""

import polars as pl
from hypothesis import given
from hypothesis import strategies as st

from sitthi.rules import citizen_id as cid


def test_worked_example_by_hand():
    # 1-1017-00230-70-?: 1*13+1*12+0*11+1*10+7*9+0*8+0*7+2*6+3*5+0*4+7*3+0*2 = 146;
    # 146 mod 11 = 3; (11 - 3) mod 10 = 8.
    assert cid.check_digit("110170023070") == 8
    assert cid.problem("1101700230708") is None
    assert cid.problem("1101700230705") == "CID_CHECK_DIGIT"


def test_sum_divisible_by_eleven_gives_one_and_remainder_one_gives_zero():
    # remainder 0 → (11 - 0) mod 10 = 1; remainder 1 → 10 mod 10 = 0.
    for body in ("100000000011", "100000000000"):
        total = sum(int(d) * w for d, w in zip(body, range(13, 1, -1), strict=True))
        assert cid.check_digit(body) == (11 - total % 11) % 10


def test_formats():
    assert cid.problem("123") == "CID_FORMAT"
    assert cid.problem("11017002307088") == "CID_FORMAT"
    assert cid.problem("110170023070a") == "CID_FORMAT"
    assert cid.problem("๑๑๐๑๗๐๐๒๓๐๗๐๘") == "CID_FORMAT"  # Thai digits are not accepted
    assert cid.normalise(" 1-1017-00230-70-8 ") == "1101700230708"


def test_type_zero_ids_are_judged_by_the_check_digit_only():
    body = "012345678901"
    assert cid.problem(body + str(cid.check_digit(body))) is None


@given(st.text(alphabet="0123456789", min_size=12, max_size=12), st.integers(0, 9))
def test_vectorised_expression_agrees_with_the_single_check(body, last):
    ids = [body + str(last), body + str(cid.check_digit(body)), body, body + "x"]
    frame = pl.DataFrame({"cid": ids})
    vectorised = frame.select(cid.problem_expr("cid").alias("p"))["p"].to_list()
    assert vectorised == [cid.problem(i) for i in ids]


@given(st.text(alphabet="0123456789", min_size=12, max_size=12), st.integers(1, 9))
def test_every_wrong_check_digit_is_caught(body, shift):
    good = cid.check_digit(body)
    assert cid.problem(body + str((good + shift) % 10)) == "CID_CHECK_DIGIT"
