"""``sitthi whatif (--fy 2567 | --from D --to D) [--hospital H] (--set name=value@date …
| --params FILE | --tariff FILE) [--out FOLDER]``: decide the period's stored claims under the
versions in force and under the changed ones (``sitthi.claims.whatif``); print the totals per
fund and write lines.parquet and whatif.xlsx (totals per fund, region, province, hospital and
item; the changed lines)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.management.base import BaseCommand, CommandError
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from sitthi.claims import whatif


def _day(text: str | None, name: str) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"--{name} must be a date written YYYY-MM-DD, not {text!r}") from None


def fiscal_year(fy_be: int) -> tuple[date, date]:
    """A Thai fiscal year (Buddhist Era): 1 October of the year before to 30 September."""
    ce = fy_be - 543
    return date(ce - 1, 10, 1), date(ce, 9, 30)


class Command(BaseCommand):
    help = "Decide a period's claims under the versions in force and under changed ones."

    def add_arguments(self, parser):
        parser.add_argument("--fy", type=int, help="fiscal year, Buddhist Era (e.g. 2567)")
        parser.add_argument("--from", dest="date_from", help="admitted on or after (YYYY-MM-DD)")
        parser.add_argument("--to", dest="date_to", help="admitted on or before (YYYY-MM-DD)")
        parser.add_argument("--hospital", help="only this hospital's claims")
        parser.add_argument(
            "--set",
            dest="sets",
            action="append",
            default=[],
            help="name=value@YYYY-MM-DD: the parameter takes the value from that day (repeatable)",
        )
        parser.add_argument("--params", help="a YAML file {name: [values…]} of parameters")
        parser.add_argument("--tariff", help="a fee-schedule file (CSV/XLSX) to price with")
        parser.add_argument("--out", default="whatif-out", help="folder for the files")

    def handle(self, *args, **o):
        start, end = _day(o["date_from"], "from"), _day(o["date_to"], "to")
        if o["fy"]:
            if start or end:
                raise CommandError("give --fy or --from/--to, not both")
            start, end = fiscal_year(o["fy"])
        if start and end and end < start:
            raise CommandError("--to is before --from")
        try:
            what = whatif.changes(sets=o["sets"], params_file=o["params"], tariff_file=o["tariff"])
        except whatif.WhatIfError as exc:
            raise CommandError(str(exc)) from None
        qs = whatif.period_claims(start, end, o["hospital"])
        show = o.get("verbosity", 1) > 0
        columns = (TextColumn("what-if"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
        with Progress(*columns, console=Console(stderr=True), disable=not show) as bar:
            task = bar.add_task("claims", total=qs.count())
            result = whatif.run(
                qs.iterator(chunk_size=whatif.BATCH), what, progress=lambda n: bar.advance(task, n)
            )
        files = whatif.write(result, o["out"])
        out = self.stdout
        out.write(f"claims decided twice: {result.claims:,}; changes: {'; '.join(what.described)}")
        out.write(f"{'fund':<8}{'before':>18}{'after':>18}{'difference':>18}")
        for r in result.totals["fund"].iter_rows(named=True):
            out.write(
                f"{r['key'] or '—':<8}{Decimal(r['before']) / 100:>18,.2f}"
                f"{Decimal(r['after']) / 100:>18,.2f}{Decimal(r['difference']) / 100:>18,.2f}"
            )
        out.write(f"lines changed: {result.changed.height:,}")
        out.write(f"written: {files['parquet']} and {files['xlsx']}")
