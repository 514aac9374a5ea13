"""Property: a CSV written from random valid rows, in any of the accepted spellings, reads
back to the same values (exact satang and milli-units, the same Bangkok instants)."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sitthi.claims.intake import read_claims_table

from .files import BKK, FLAT_HEADER, csv_bytes

moments = st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2099, 12, 31)).map(
    lambda d: d.replace(microsecond=0, tzinfo=BKK)
)
spellings = st.sampled_from(["iso", "iso_t", "utc", "thai_be", "thai_ce"])


def spell(moment: datetime, how: str) -> str:
    if how == "iso":
        return moment.strftime("%Y-%m-%d %H:%M:%S")
    if how == "iso_t":
        return moment.isoformat()
    if how == "utc":
        return moment.astimezone(UTC).isoformat()
    year = moment.year + 543 if how == "thai_be" else moment.year
    return f"{moment.day:02d}/{moment.month:02d}/{year} {moment:%H:%M:%S}"


def money(places: int, bound: int):
    return st.decimals(min_value=-bound, max_value=bound, places=places, allow_nan=False)


line = st.fixed_dictionaries(
    {
        "item_code": st.from_regex(r"[0-9A-Z][0-9A-Z\-]{0,7}", fullmatch=True),
        "quantity": money(3, 10**6),
        "served_at": st.none() | moments,
        "charged": money(2, 10**9),
        "thousands": st.booleans(),
        "spelling": spellings,
    }
)
claim = st.fixed_dictionaries(
    {
        "suffix": st.text(alphabet="abcXYZ019-_,;\"'กขฃคงจ่้", max_size=8),
        "hospital": st.from_regex(r"[0-9]{5}", fullmatch=True),
        "citizen_id": st.from_regex(r"[0-9]{13}", fullmatch=True),
        "service_type": st.sampled_from(["OP", "IP", "COVID_BODY"]),
        "admitted_at": moments,
        "discharged_at": st.none() | moments,
        "diagnoses": st.lists(
            st.from_regex(r"[A-Z][0-9]{2}(\.[0-9]{1,2})?", fullmatch=True), max_size=4
        ),
        "lines": st.lists(line, min_size=1, max_size=4),
        "spelling": spellings,
        "repeat": st.booleans(),
    }
)


def baht(value: Decimal, thousands: bool) -> str:
    return f"{value:,f}" if thousands else f"{value:f}"


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    claims=st.lists(claim, min_size=1, max_size=5),
    order=st.randoms(use_true_random=False),
    encoding=st.sampled_from(["utf-8", "utf-8-sig"]),
    delimiter=st.sampled_from([",", ";", "\t"]),
)
def test_csv_reads_back_to_the_same_values(claims, order, encoding, delimiter):
    rows = []  # (claim index, line index, cells)
    for c_index, c in enumerate(claims):
        key = f"K{c_index}{c['suffix']}".strip()
        for l_index, item in enumerate(c["lines"]):
            first = l_index == 0
            claim_cells = [
                c["hospital"],
                c["citizen_id"],
                c["service_type"],
                spell(c["admitted_at"], c["spelling"]),
                spell(c["discharged_at"], c["spelling"]) if c["discharged_at"] else "",
                ";".join(c["diagnoses"]),
            ]
            if not first and not c["repeat"]:
                claim_cells = [""] * len(claim_cells)  # later rows may leave them blank
            cells = [
                key,
                *claim_cells,
                item["item_code"],
                baht(item["quantity"], item["thousands"]),
                spell(item["served_at"], item["spelling"]) if item["served_at"] else "",
                baht(item["charged"], item["thousands"]),
            ]
            rows.append((c_index, l_index, cells))
    # the first row of each claim keeps its place before the claim's other rows, the rows of
    # different claims interleave
    firsts = [r for r in rows if r[1] == 0]
    rest = [r for r in rows if r[1] > 0]
    order.shuffle(rest)
    shuffled = list(firsts)
    for r in rest:
        at = next(i for i, f in enumerate(shuffled) if f[0] == r[0] and f[1] == 0)
        shuffled.insert(order.randint(at + 1, len(shuffled)), r)
    assert len(shuffled) == len(rows)

    data = csv_bytes(
        [r[2] for r in shuffled], header=FLAT_HEADER, encoding=encoding, delimiter=delimiter
    )
    intake = read_claims_table(data, "random.csv")
    assert intake.ok, intake.problems

    seen = []  # claims in order of first appearance
    for c_index, _, _ in shuffled:
        if c_index not in seen:
            seen.append(c_index)
    claim_id = {c_index: n for n, c_index in enumerate(seen, start=1)}
    assert intake.claims.rows() == [
        (
            claim_id[i],
            claims[i]["hospital"],
            claims[i]["citizen_id"],
            claims[i]["service_type"],
            claims[i]["admitted_at"],
            claims[i]["discharged_at"],
        )
        for i in seen
    ]
    assert intake.keys["claim_key"].to_list() == [
        f"K{i}{claims[i]['suffix']}".strip() for i in seen
    ]
    assert intake.diagnoses.rows() == [
        (claim_id[i], seq, code, "1" if seq == 1 else "4")
        for i in seen
        for seq, code in enumerate(claims[i]["diagnoses"], start=1)
    ]
    expected_lines = []
    for i in seen:
        in_file_order = [r[1] for r in shuffled if r[0] == i]
        for line_no, l_index in enumerate(in_file_order, start=1):
            item = claims[i]["lines"][l_index]
            expected_lines.append(
                (
                    claim_id[i],
                    line_no,
                    item["item_code"],
                    int(item["quantity"] * 1000),
                    item["served_at"] or claims[i]["admitted_at"],
                    int(item["charged"] * 100),
                )
            )
    assert intake.lines.rows() == expected_lines
