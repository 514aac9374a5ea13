"""Citizen-ID validation: the vectorised Polars expression against a plain per-ID Python loop
(python-stdnum's check) over the same IDs, in the same run. Prints IDs per second and the
ratio; a ratio, not an absolute time, is the figure to compare between machines."""

from __future__ import annotations

import sys
import time

import numpy as np
import polars as pl

from sitthi.rules import citizen_id as cid

N = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000


def make_ids(n: int, seed: int = 1) -> list[str]:
    rng = np.random.default_rng(seed)
    bodies = rng.integers(100_000_000_000, 899_999_999_999, size=n)
    ids = [str(b) + str(cid.check_digit(str(b))) for b in bodies[: n // 2]]
    ids += [str(b) + "0" for b in bodies[n // 2 :]]  # about 9 in 10 of these are wrong
    return ids


def main() -> None:
    ids = make_ids(N)
    frame = pl.DataFrame({"cid": ids})

    t0 = time.perf_counter()
    vectorised = frame.select(cid.problem_expr("cid").alias("p"))["p"]
    t_vec = time.perf_counter() - t0

    t0 = time.perf_counter()
    looped = [cid.problem(i) for i in ids]
    t_loop = time.perf_counter() - t0

    assert vectorised.to_list() == looped, "the two paths disagree"
    print(f"citizen IDs checked: {N:,}  (invalid: {sum(p is not None for p in looped):,})")
    print(f"  vectorised (Polars): {N / t_vec:>14,.0f} IDs/s  ({t_vec:.3f} s)")
    print(f"  per-ID Python loop:  {N / t_loop:>14,.0f} IDs/s  ({t_loop:.3f} s)")
    print(f"  ratio: {t_loop / t_vec:.1f}x")


if __name__ == "__main__":
    main()
