"""`sitthi year …`: a national year of claims priced on one machine or on Spark (issue 18).

sitthi year synth DIR --lines N [--months 12] [--year 2024] [--seed S] [--part-lines N]
sitthi year price IN OUT [--engine local|spark] [--master local[2]] [--conf KEY=VALUE]
                         [--tariff FILE]
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from sitthi.rules.kernel import money
from sitthi.year import YearInputError, price_year, synth_year
from sitthi.year.engine import ENGINES


def _conf(pairs: list[str]) -> dict[str, str]:
    out = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise CommandError(f"--conf {pair!r}: KEY=VALUE")
        out[key] = value
    return out


class Command(BaseCommand):
    help = "A year of claims: write a synthetic one, price one on this machine or on Spark."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        synth = sub.add_parser("synth", help="write a seeded synthetic year, a folder a month")
        synth.add_argument("dir")
        synth.add_argument("--lines", type=int, default=1_000_000, help="lines in the year")
        synth.add_argument("--months", type=int, default=12)
        synth.add_argument("--year", type=int, default=2024, help="first month's year (CE)")
        synth.add_argument("--first-month", type=int, default=1)
        synth.add_argument("--seed", type=int, default=2567)
        synth.add_argument("--part-lines", type=int, default=1_000_000, help="lines a file at most")
        price = sub.add_parser("price", help="price a year folder into an output folder")
        price.add_argument("input")
        price.add_argument("output")
        price.add_argument("--engine", choices=ENGINES, default="local")
        price.add_argument(
            "--master",
            default="local[2]",
            help="Spark master: local[2] (default), spark://host:7077, yarn",
        )
        price.add_argument(
            "--conf", action="append", default=[], metavar="KEY=VALUE", help="a Spark setting"
        )
        price.add_argument("--tariff", default=None, help="fee schedule CSV/XLSX (default: demo)")

    def _bar(self, options) -> Progress:
        columns = (
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            TimeRemainingColumn(),
        )
        show = options.get("verbosity", 1) > 0
        return Progress(*columns, console=Console(stderr=True), disable=not show)

    def _tariff(self, path: str | None):
        from sitthi.rules.claims.tariff import default_tariff, read_tariff

        if path is None:
            return default_tariff()
        if not Path(path).exists():
            raise CommandError(f"{path}: no such file")
        return read_tariff(Path(path))

    def handle(self, *args, action, **options):
        if action == "synth":
            self.synth(options)
        else:
            self.price(options)

    def synth(self, options) -> None:
        if options["lines"] < 0 or options["months"] < 1 or options["part_lines"] < 4:
            raise CommandError("--lines >= 0, --months >= 1, --part-lines >= 4")
        with self._bar(options) as bar:
            task = bar.add_task("lines", total=options["lines"])
            folders = synth_year(
                options["dir"],
                options["lines"],
                self._tariff(None),
                year=options["year"],
                first_month=options["first_month"],
                months=options["months"],
                seed=options["seed"],
                part_lines=options["part_lines"],
                progress=lambda n: bar.advance(task, n),
            )
        self.stdout.write(
            f"{options['lines']:,} lines over {len(folders)} months in {options['dir']}"
        )

    def price(self, options) -> None:
        engine = options["engine"]
        tariff = self._tariff(options["tariff"])
        with self._bar(options) as bar:
            task = bar.add_task("lines" if engine == "local" else "Spark tasks", total=None)

            def progress(done: int, total: int) -> None:
                bar.update(task, completed=done, total=total)

            try:
                totals = price_year(
                    options["input"],
                    options["output"],
                    tariff,
                    engine=engine,
                    master=options["master"],
                    conf=_conf(options["conf"]),
                    progress=progress,
                )
            except YearInputError as error:
                raise CommandError(str(error)) from error
        for m in totals.months:
            self.stdout.write(
                f"{m.month}: {m.lines:,} lines, {m.priced:,} priced, "
                f"payable {money.baht_text(m.payable_satang)} baht"
            )
        self.stdout.write(
            f"year ({engine}): {totals.lines:,} lines, {totals.priced:,} priced, payable "
            f"{money.baht_text(totals.payable_satang)} baht "
            f"({totals.payable_satang} satang). Priced lines in {options['output']}"
        )
