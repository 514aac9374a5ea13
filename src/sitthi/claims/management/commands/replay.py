"""``sitthi replay --claims [--hospital H] [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--csv FILE]``:
decide stored claims again under the fee-schedule versions and the parameter set each was
decided with (``sitthi.claims.replay``) and report every difference. Exit status 1 when any
decision differs, so that a scheduled run can alert."""

from __future__ import annotations

import csv
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from sitthi.claims import replay
from sitthi.rules.kernel.sheets import csv_row


def _cell(value):
    return "" if value is None else str(value)


FIELDS = ("claim_id", "claim_key", "hospital", "line_no", "what", "stored", "replayed")


def _day(text: str | None, name: str) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"--{name} must be a date written YYYY-MM-DD, not {text!r}") from None


class Command(BaseCommand):
    help = (
        "Decide stored decisions again under the versions they were decided with and report "
        "every difference (there should be none). --claims: the claims."
    )

    def add_arguments(self, parser):
        parser.add_argument("--claims", action="store_true", help="replay the stored claims")
        parser.add_argument("--hospital", help="only this hospital's claims (5-digit code)")
        parser.add_argument("--from", dest="date_from", help="admitted on or after (YYYY-MM-DD)")
        parser.add_argument("--to", dest="date_to", help="admitted on or before (YYYY-MM-DD)")
        parser.add_argument("--csv", help="write every difference to this CSV file too")

    def handle(self, *args, claims=False, hospital=None, date_from=None, date_to=None, **opts):
        if not claims:
            raise CommandError("say what to replay: --claims")
        start, end = _day(date_from, "from"), _day(date_to, "to")
        if start and end and end < start:
            raise CommandError("--to is before --from")
        qs = replay.stored_claims(hospital=hospital, date_from=start, date_to=end)
        total = qs.count()
        show = opts.get("verbosity", 1) > 0
        columns = (TextColumn("replay"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
        with Progress(*columns, console=Console(stderr=True), disable=not show) as bar:
            task = bar.add_task("claims", total=total)
            report = replay.replay(
                qs.iterator(chunk_size=replay.BATCH), progress=lambda n: bar.advance(task, n)
            )
        if opts.get("csv"):
            with open(opts["csv"], "w", newline="", encoding="utf-8-sig") as f:
                w = csv.writer(f)
                w.writerow(FIELDS)
                for d in report.differences:
                    w.writerow(csv_row([_cell(getattr(d, k)) for k in FIELDS]))
        self.stdout.write(
            f"replayed {report.claims:,} claims ({report.lines:,} lines): "
            f"{len(report.differences):,} differences"
        )
        for text in report.missing:
            self.stdout.write(f"  versions not archived, claims not decided again: {text}")
        for d in report.differences[:50]:
            line = f" line {d.line_no}" if d.line_no else ""
            self.stdout.write(
                f"  claim {d.claim_id} ({d.hospital} {d.claim_key}){line}: {d.what} "
                f"stored {d.stored!r}, replayed {d.replayed!r}"
            )
        if len(report.differences) > 50:
            self.stdout.write(f"  … and {len(report.differences) - 50:,} more (see --csv)")
        if not report.same:
            raise SystemExit(1)
