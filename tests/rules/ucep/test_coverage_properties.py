"""Properties of the window and the payer over many random episodes (Hypothesis).

Issue 4, "Prove it": "property tests: the covered time never exceeds the window; every charge
line has exactly one payer; the amounts per payer add up to the total; a transfer never
restarts the clock" (seed 001_9fcdabf8e5dd4edb.txt §2 step 9: "โดยนับเวลาต่อเนื่องจาก
รพ.เอกชนแห่งที่หนึ่งรับ"). Random episodes: 1-4 stays at random hospitals (state or private, any
contracts, main unit, agreement), general or COVID-19 yellow/red, admitted 2017-2024 (so both
sides of 16 March 2022), discharged or not, with or without a refused transfer."""

from __future__ import annotations

from datetime import datetime, timedelta

import polars as pl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sitthi.rules.ucep import schema
from sitthi.rules.ucep.check import check
from sitthi.rules.ucep.coverage import RULES, covered_time, decide_payers, windows
from tests.rules.ucep.builders import at

FUNDS = ["UCS", "SSS", "OFC"]
US_PER_H = 3_600_000_000
START, END = at(2017, 4, 1), at(2024, 12, 31)


@st.composite
def hospital(draw) -> dict:
    return {
        "private": draw(st.booleans()),
        "contract_funds": draw(st.lists(st.sampled_from(FUNDS), unique=True, max_size=3)),
        "main_unit": draw(st.booleans()),
        "agreement": draw(st.sampled_from([False, False, False, True])),
    }


@st.composite
def episode_frames(draw, episode_id: int = 1, first: datetime | None = None) -> dict:
    if first is None:
        # around 16 March 2022 half of the time, anywhere since UCEP began otherwise
        near = at(2022, 3, 12) + timedelta(hours=draw(st.integers(0, 24 * 8)))
        anywhere = START + timedelta(
            minutes=draw(st.integers(0, (END - START) // timedelta(minutes=1)))
        )
        first = draw(st.sampled_from([near, anywhere]))
    n = draw(st.integers(1, 4))
    # boundaries in microseconds after admission: transfers, then maybe discharge
    cuts = sorted(
        draw(st.lists(st.integers(1, 150 * US_PER_H), min_size=n, max_size=n, unique=True))
    )
    discharged = draw(st.booleans())
    transfer_at = [0, *cuts[: n - 1]]
    end_of_last = cuts[n - 1] if discharged else None
    stays = []
    for k in range(n):
        left = transfer_at[k + 1] if k + 1 < n else None
        stays.append(
            {
                "episode_id": episode_id,
                "stay_no": k + 1,
                "hospital": f"{90000 + k}",
                "received_at": first + timedelta(microseconds=transfer_at[k]),
                "left_at": None if left is None else first + timedelta(microseconds=left),
                **draw(hospital()),
            }
        )
    refused = draw(st.booleans())
    fit = (
        draw(st.none() | st.integers(0, 150 * US_PER_H))
        if not refused
        else draw(st.integers(0, 150 * US_PER_H))
    )
    ep = {
        "episode_id": episode_id,
        "programme": draw(st.sampled_from(schema.PROGRAMMES)),
        "fund": draw(st.sampled_from(FUNDS)),
        "first_admitted_at": first,
        "discharged_at": None
        if end_of_last is None
        else first + timedelta(microseconds=end_of_last),
        "fit_to_move_at": None if fit is None else first + timedelta(microseconds=fit),
        "refused_transfer": refused,
    }
    lines = []
    for line_no in range(1, draw(st.integers(0, 12)) + 1):
        k = draw(st.integers(0, n - 1))
        lo = transfer_at[k]
        hi = transfer_at[k + 1] if k + 1 < n else (end_of_last or lo + 200 * US_PER_H)
        # favour the boundaries: the window end, transfers, fit to move
        edges = [
            x for x in (72 * US_PER_H, 72 * US_PER_H - 1, fit) if x is not None and lo <= x <= hi
        ]
        offset = draw(st.sampled_from([*edges, lo, hi]) | st.integers(lo, hi))
        lines.append(
            {
                "episode_id": episode_id,
                "line_no": line_no,
                "stay_no": k + 1,
                "item_code": "X",
                "quantity_milli": 1000,
                "served_at": first + timedelta(microseconds=offset),
                "charged_satang": draw(st.integers(1, 10**9)),
            }
        )
    return {"episodes": [ep], "stays": stays, "lines": lines}


@st.composite
def batches(draw) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    parts = [draw(episode_frames(i)) for i in range(1, draw(st.integers(1, 4)) + 1)]
    return (
        pl.DataFrame([e for p in parts for e in p["episodes"]], schema=schema.EPISODES),
        pl.DataFrame([s for p in parts for s in p["stays"]], schema=schema.STAYS),
        pl.DataFrame([x for p in parts for x in p["lines"]], schema=schema.LINES),
    )


SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(batches())
def test_every_line_gets_exactly_one_consistent_decision(batch):
    """schema.DECISIONS: one row per line, same keys in the same order; payer a key of PAYERS
    and the payer of its rule; an exception only with the step-9 rule."""
    episodes, stays, lines = batch
    assert check(episodes, stays, lines).height == 0
    d = decide_payers(episodes, stays, lines)
    assert d.height == lines.height
    assert d.select("episode_id", "line_no").equals(lines.select("episode_id", "line_no"))
    for r in d.iter_rows(named=True):
        assert r["payer"] in schema.PAYERS
        assert RULES[r["rule"]][0] == r["payer"]
        assert (r["exception"] is not None) == (r["rule"] == "step9_exception")


@SETTINGS
@given(batches())
def test_amounts_per_payer_add_up_to_the_total(batch):
    """ARCHITECTURE.md "Money is exact": the parts equal the whole to the satang."""
    episodes, stays, lines = batch
    d = decide_payers(episodes, stays, lines).join(lines, on=["episode_id", "line_no"])
    per_payer = d.group_by("payer").agg(pl.col("charged_satang").sum())
    assert per_payer["charged_satang"].sum() == lines["charged_satang"].sum()


@SETTINGS
@given(batches())
def test_covered_time_never_exceeds_the_window(batch):
    """Issue 4: "the covered time never exceeds the window" — each stay's covered part lies in
    the window, the stays' parts do not overlap, and together they are at most the window."""
    episodes, stays, _ = batch
    w = windows(episodes)
    cov = covered_time(episodes, stays).join(w, on="episode_id")
    assert cov.height == stays.height
    for r in cov.iter_rows(named=True):
        assert r["covered_from"] >= r["window_start"]
        if r["covered_until"] is not None:
            assert r["covered_from"] <= r["covered_until"]
            assert r["covered_us"] >= 0
            if r["window_end"] is not None:
                assert r["covered_until"] <= r["window_end"]
    finite = cov.filter(pl.col("window_end").is_not_null())
    totals = finite.group_by("episode_id", "window_start", "window_end").agg(
        pl.col("covered_us").sum()
    )
    for r in totals.iter_rows(named=True):
        span = (r["window_end"] - r["window_start"]) // timedelta(microseconds=1)
        assert r["covered_us"] <= span


@SETTINGS
@given(batches())
def test_ucep_lines_lie_in_the_window_and_their_stays_covered_part(batch):
    """Seed 001 §2 steps 4 and 9: UCEP pays from the stay's reception to the window's end, only
    at a private hospital outside the network without an exception."""
    episodes, stays, lines = batch
    d = decide_payers(episodes, stays, lines).filter(pl.col("payer") == "UCEP")
    cov = covered_time(episodes, stays)
    j = d.join(lines, on=["episode_id", "line_no"]).join(cov, on=["episode_id", "stay_no"])
    w = windows(episodes)
    j = j.drop("window_start", "window_end").join(w, on="episode_id")
    for r in j.iter_rows(named=True):
        assert r["ucep_stay"]
        assert r["served_at"] >= r["covered_from"] >= r["window_start"]
        if r["until_discharge"]:
            assert r["window_end"] is None or r["served_at"] <= r["window_end"]
        else:
            assert r["served_at"] < r["window_end"]


@SETTINGS
@given(batches())
def test_window_start_is_the_first_admission_whatever_the_transfers(batch):
    """Seed 001 §2 step 9: "โดยนับเวลาต่อเนื่องจาก รพ.เอกชนแห่งที่หนึ่งรับ" — every decision's window
    starts at the episode's first admission, never at a later stay's reception."""
    episodes, stays, lines = batch
    d = decide_payers(episodes, stays, lines).join(
        episodes.select("episode_id", "first_admitted_at"), on="episode_id"
    )
    assert (d["window_start"] == d["first_admitted_at"]).all()


@SETTINGS
@given(episode_frames(), st.data())
def test_a_transfer_never_restarts_the_clock(frames, data):
    """Seed 001 §2 step 9, metamorphic: splitting a stay in two at any instant (a transfer to a
    hospital with the same standing) changes no line's payer, rule or window."""
    ep, stays, lines = frames["episodes"], frames["stays"], frames["lines"]
    k = data.draw(st.integers(0, len(stays) - 1))
    s = stays[k]
    end = s["left_at"] or ep[0]["discharged_at"] or s["received_at"] + timedelta(hours=300)
    span = (end - s["received_at"]) // timedelta(microseconds=1)
    cut = s["received_at"] + timedelta(microseconds=data.draw(st.integers(0, span)))
    split = []
    for i, x in enumerate(stays):
        if i < k:
            split.append(x)
        elif i == k:
            split.append({**x, "left_at": cut})
            split.append({**x, "stay_no": x["stay_no"] + 1, "received_at": cut})
        else:
            split.append({**x, "stay_no": x["stay_no"] + 1})
    moved = []
    for x in lines:
        no = x["stay_no"]
        if no - 1 > k or (no - 1 == k and x["served_at"] > cut):
            no += 1
        moved.append({**x, "stay_no": no})

    def run(st_rows, ln_rows):
        return decide_payers(
            pl.DataFrame(ep, schema=schema.EPISODES),
            pl.DataFrame(st_rows, schema=schema.STAYS),
            pl.DataFrame(ln_rows, schema=schema.LINES),
        )

    assert run(stays, lines).equals(run(split, moved))
