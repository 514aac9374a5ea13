"""Between records and rule frames: claims sent through the API become the same frames the
file readers produce (``sitthi.rules.claims.schema``), so one path decides them all."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

import polars as pl

from sitthi.rules.claims import schema
from sitthi.rules.kernel import money

SATANG = Decimal("0.01")
MILLI = Decimal("0.001")


def to_milli(quantity: Decimal) -> int:
    return int((quantity / MILLI).to_integral_value(ROUND_HALF_UP))


def from_milli(milli: int) -> Decimal:
    return (Decimal(milli) * MILLI).quantize(MILLI)


@dataclass
class LineIn:
    item_code: str
    quantity: Decimal
    served_at: datetime
    charged: Decimal


@dataclass
class DiagnosisIn:
    code: str
    dx_type: str = "1"


@dataclass
class ClaimIn:
    claim_key: str
    hospital: str
    citizen_id: str
    service_type: str
    admitted_at: datetime
    discharged_at: datetime | None
    diagnoses: list[DiagnosisIn] = field(default_factory=list)
    lines: list[LineIn] = field(default_factory=list)
    #: The programme whose schedules price the claim (``schema.PROGRAMMES``); None: its
    #: service type's. Only the billing of a UCEP episode (``submit(..., via="ucep")``) may
    #: name one: ``ucep_covid`` for COVID-19 yellow/red care (the annex, seed 004 step 8).
    programme: str | None = None


@dataclass
class Frames:
    """One batch of claims as frames; ``keys`` maps claim_id to (claim_key, hospital)."""

    claims: pl.DataFrame
    diagnoses: pl.DataFrame
    lines: pl.DataFrame
    keys: pl.DataFrame

    def __len__(self) -> int:
        return self.claims.height


KEYS = {"claim_id": pl.Int64, "claim_key": pl.String, "hospital": pl.String}
#: Claims built from ``ClaimIn``: ``schema.CLAIMS`` and the optional programme.
CLAIMS_IN = {**schema.CLAIMS, **schema.PROGRAMME}


def frames_from_inputs(claims: list[ClaimIn]) -> Frames:
    rows, dx, lines, keys = [], [], [], []
    for cid, c in enumerate(claims, start=1):
        rows.append(
            {
                "claim_id": cid,
                "hospital": c.hospital,
                "citizen_id": c.citizen_id,
                "service_type": c.service_type,
                "admitted_at": c.admitted_at,
                "discharged_at": c.discharged_at,
                "programme": c.programme,
            }
        )
        keys.append({"claim_id": cid, "claim_key": c.claim_key, "hospital": c.hospital})
        dx += [
            {"claim_id": cid, "seq": i, "code": d.code, "dx_type": d.dx_type}
            for i, d in enumerate(c.diagnoses, start=1)
        ]
        lines += [
            {
                "claim_id": cid,
                "line_no": i,
                "item_code": ln.item_code,
                "quantity_milli": to_milli(ln.quantity),
                "served_at": ln.served_at,
                "charged_satang": money.to_satang(ln.charged, rounding=money.HALF_UP),
            }
            for i, ln in enumerate(c.lines, start=1)
        ]
    return Frames(
        claims=_frame(rows, CLAIMS_IN),
        diagnoses=_frame(dx, schema.DIAGNOSES),
        lines=_frame(lines, schema.LINES),
        keys=_frame(keys, KEYS),
    )


def _frame(rows: list[dict], spec: dict) -> pl.DataFrame:
    if not rows:
        return pl.DataFrame(schema=spec)
    frame = pl.DataFrame(rows, schema={k: _input_type(v) for k, v in spec.items()})
    return frame.with_columns(
        [pl.col(k).dt.convert_time_zone(schema.BANGKOK) for k, v in spec.items() if v == schema.TS]
    ).cast(spec)


def _input_type(dtype):
    # Aware datetimes of any zone come in as UTC, then are shown in Bangkok time.
    return pl.Datetime("us", "UTC") if dtype == schema.TS else dtype


def content_hashes(frames: Frames) -> dict[int, str]:
    """A hash of each claim's content (claim fields, diagnoses, lines), so that sending the
    same claim twice is recognised and a different claim under a used key is not. A claim
    that names no programme hashes as it did before programmes existed."""
    out = {}
    dx = frames.diagnoses.sort("claim_id", "seq").partition_by("claim_id", as_dict=True)
    ln = frames.lines.sort("claim_id", "line_no").partition_by("claim_id", as_dict=True)
    for row in frames.claims.iter_rows(named=True):
        cid = row["claim_id"]
        payload = {
            "claim": {
                k: _canon(v)
                for k, v in row.items()
                if k != "claim_id" and not (k == "programme" and v is None)
            },
            "diagnoses": _rows(dx.get((cid,)), ("code", "dx_type")),
            "lines": _rows(
                ln.get((cid,)), ("item_code", "quantity_milli", "served_at", "charged_satang")
            ),
        }
        text = json.dumps(payload, sort_keys=True, ensure_ascii=False)
        out[cid] = hashlib.sha256(text.encode()).hexdigest()
    return out


def _rows(frame: pl.DataFrame | None, cols) -> list:
    if frame is None:
        return []
    return [[_canon(r[c]) for c in cols] for r in frame.iter_rows(named=True)]


def _canon(v):
    return v.isoformat() if isinstance(v, datetime) else v
