"""`sitthi claims …`: clearing-house batch work.

sitthi claims price FILE [--out DIR] [--chunk N]   decide a claims file (no records kept)
sitthi claims load-tariff FILE                     load a fee schedule (CSV/XLSX)
sitthi claims demo                                 the illustrative schedule and demo claims
"""

from __future__ import annotations

from pathlib import Path

import polars as pl
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from sitthi.claims import frames as fr
from sitthi.claims import services
from sitthi.claims.intake import eclaim, tabular
from sitthi.rules.kernel import money


class Command(BaseCommand):
    help = "Clearing-house batch work: price a claims file, load a fee schedule, demo claims."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        price = sub.add_parser("price", help="validate and price a claims file")
        price.add_argument("file")
        price.add_argument("--out", default=None, help="folder for the results (default: beside)")
        price.add_argument("--chunk", type=int, default=20_000, help="claims per step")
        price.add_argument("--hospital", default=None, help="sender hospital for an e-Claim ZIP")
        load = sub.add_parser("load-tariff", help="load a fee schedule file")
        load.add_argument("file")
        sub.add_parser("demo", help="load the illustrative schedule and a few demo claims")

    def handle(self, *args, action, **options):
        if action == "price":
            self.price(Path(options["file"]), options["out"], options["chunk"], options["hospital"])
        elif action == "load-tariff":
            path = Path(options["file"])
            version = services.load_tariff(None, path.read_bytes(), path.name, now=timezone.now())
            self.stdout.write(f"{version.schedule}: {version.rows} items, {version.content_hash}")
        elif action == "demo":
            from sitthi.claims.demo import load_demo_claims

            self.stdout.write(load_demo_claims())

    def price(self, path: Path, out: str | None, chunk: int, hospital: str | None) -> None:
        if not path.exists():
            raise CommandError(f"{path}: no such file")
        data = path.read_bytes()
        if path.suffix.lower() == ".zip":
            if not hospital:
                raise CommandError("an e-Claim ZIP needs --hospital HCODE (the sender)")
            intake = eclaim.read_eclaim_zip(data, path.name, hospital=hospital)
        else:
            intake = tabular.read_claims_table(data, path.name)
        target = Path(out) if out else path.parent
        target.mkdir(parents=True, exist_ok=True)
        stem = path.stem
        if intake.problems:
            rows = [vars(p) if hasattr(p, "__dict__") else p._asdict() for p in intake.problems]
            pl.DataFrame(rows).write_parquet(target / f"{stem}.errors.parquet")
            from sitthi.claims.intake.common import report_xlsx

            (target / f"{stem}.errors.xlsx").write_bytes(report_xlsx(intake.problems))
            raise CommandError(
                f"{len(intake.problems)} problem(s) in the file itself: "
                f"see {target / (stem + '.errors.xlsx')}"
            )
        ids = intake.claims["claim_id"].to_list()
        priced_parts, error_parts = [], []
        console = Console(stderr=True)
        columns = (
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
        )
        with Progress(*columns, console=console) as bar:
            task = bar.add_task("claims", total=len(ids))
            for start in range(0, len(ids), chunk):
                part = ids[start : start + chunk]
                keep = pl.col("claim_id").is_in(part)
                frames = fr.Frames(
                    intake.claims.filter(keep),
                    intake.diagnoses.filter(keep),
                    intake.lines.filter(keep),
                    intake.keys.filter(keep),
                )
                decision = services.decide(frames)
                priced_parts.append(decision.priced.join(decision.payer, on="claim_id"))
                error_parts.append(decision.errors)
                bar.advance(task, len(part))
        priced = pl.concat(priced_parts).join(intake.keys, on="claim_id")
        errors = pl.concat(error_parts).join(intake.keys, on="claim_id")
        rejected = errors["claim_id"].unique()
        priced = priced.with_columns(rejected=pl.col("claim_id").is_in(rejected.implode()))
        priced.write_parquet(target / f"{stem}.priced.parquet")
        errors.write_parquet(target / f"{stem}.errors.parquet")
        _xlsx(target / f"{stem}.priced.xlsx", priced)
        _xlsx(target / f"{stem}.errors.xlsx", errors)
        payable = priced.filter(~pl.col("rejected"))["payable_satang"].sum() or 0
        self.stdout.write(
            f"{len(ids):,} claims, {intake.lines.height:,} lines: "
            f"{len(ids) - rejected.len():,} accepted, {rejected.len():,} rejected; "
            f"payable {money.baht_or_none(payable):,.2f} baht. Results in {target}/{stem}.*"
        )


XLSX_ROWS = 1_048_575


def _xlsx(path: Path, frame: pl.DataFrame) -> None:
    """Excel holds about a million rows a sheet; larger results go to the Parquet file only,
    and the workbook says so."""
    from openpyxl import Workbook

    from sitthi.web.exports import xlsx_row

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("results")
    ws.append(frame.columns)
    for row in frame.head(XLSX_ROWS - 1).iter_rows():
        ws.append(xlsx_row(ws, row))
    if frame.height >= XLSX_ROWS:
        note = wb.create_sheet("note")
        note.append(
            [
                f"Only the first {XLSX_ROWS - 1:,} of {frame.height:,} rows fit in Excel; "
                "the Parquet file beside this one holds them all."
            ]
        )
    wb.save(path)
