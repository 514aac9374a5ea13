"""Files and data the job tests share."""

from __future__ import annotations

from tests.claims.intake.files import csv_bytes


def claims_csv(person, n: int, bad_last: bool = False) -> bytes:
    """``n`` one-line OP claims K-1…K-n of ``person`` at the Khon Kaen hospital (10670)."""
    rows = []
    for i in range(1, n + 1):
        item = "NOPE-9" if bad_last and i == n else "LAB-1"
        rows.append(
            [
                f"K-{i}",
                "10670",
                person.citizen_id,
                "OP",
                "2024-03-01 09:00",
                "",
                "E11.9",
                item,
                "1",
                "2024-03-01 09:10",
                "90.00",
            ]
        )
    return csv_bytes(rows)
