"""The initial-assistance queue as a file (CSV or XLSX, ``sitthi.web.exports``): the queue
page's export and the API's ``format=csv|xlsx`` write the same rows."""

from __future__ import annotations

from datetime import date

from sitthi.core.logmask import mask_citizen_id
from sitthi.rules import assistance as rules
from sitthi.web.exports import table_response

QUEUE_HEADERS = [
    "request_number",
    "programme",
    "harmed_name",
    "harmed_cid (masked)",
    "hospital",
    "hospital_name",
    "province",
    "harm_on",
    "received_on",
    "age_days",
    "stage",
    "late",
    "category",
    "awarded",
    "paid",
]


def _queue_rows(rows, today: date):
    names = {s.value: th for s, (th, _en) in rules.STAGE_NAMES.items()}
    words = rules.PROGRAMMES["section41"].categories
    for r in rows.iterator():
        yield [
            r.number,
            r.programme_info.short_th,
            r.harmed_name,
            mask_citizen_id(r.harmed_cid),
            r.hospital_id,
            r.hospital.name_th,
            r.province.name_th,
            r.harm_on,
            r.received_on,
            (today - r.received_on).days,
            names.get(r.stage, r.stage),
            "ยื่นเกินกำหนด / late" if r.late else "",
            words[r.latest_category][0] if r.latest_category in words else "",
            r.awarded,
            r.paid_total,
        ]


def requests_file(fmt: str, rows, today: date):
    """Every request of ``rows`` (``services.requests``, filtered by ``lists.REQUESTS``)."""
    return table_response(
        fmt,
        f"assistance-requests-{today:%Y%m%d}",
        QUEUE_HEADERS,
        _queue_rows(rows, today),
        sheet="คำร้องช่วยเหลือเบื้องต้น",
    )
