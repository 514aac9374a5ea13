"""``sitthi demo-data --persons N --seed S [--if-empty]``: load deterministic synthetic demo
data into an empty register (see ``sitthi.registry.demo``)."""

from __future__ import annotations

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
from rich.table import Table

from sitthi.core.models import User
from sitthi.registry import demo
from sitthi.registry.models import Agency, Contract, Hospital, Person


class Command(BaseCommand):
    help = (
        "Load synthetic demo data: agencies, hospitals in all 77 provinces and their "
        f"contracts, one demo account per role (password {demo.DEMO_PASSWORD}), the showcase "
        "persons and N synthetic persons with dated rights. The same seed gives the same "
        "rows. The register must hold no persons."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--persons",
            type=int,
            default=10_000,
            help="synthetic persons besides the showcase ones (default 10000)",
        )
        parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="when the register already holds persons, say so and exit 0 instead of failing",
        )

    def handle(self, *args, persons: int, seed: int, if_empty: bool = False, **options):
        if persons < 0:
            raise CommandError("--persons must be 0 or more.")
        existing = Person.objects.count()
        if existing:
            if if_empty:
                self.stdout.write(
                    f"Demo data is already loaded ({existing:,} persons in the "
                    "register); nothing to do."
                )
                return
            raise CommandError(
                f"The register already holds {existing:,} persons: demo data is loaded into "
                "an empty register only. Use --if-empty to skip quietly, or start from a "
                "fresh database."
            )

        show = options.get("verbosity", 1) > 0
        columns = (
            TextColumn("{task.description:<9}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            TimeRemainingColumn(),
        )
        with Progress(*columns, console=Console(stderr=True), disable=not show) as progress:
            result = demo.load(persons, seed, progress)
        if show:
            self._report(result, persons, seed)

    def _report(self, result: demo.LoadResult, persons: int, seed: int) -> None:
        out = Console(file=self.stdout, highlight=False)
        if not out.is_terminal:
            out.width = 120  # a log or a pipe: no terminal width to fit
        out.print(
            f"Demo data loaded in {result.seconds:.1f} s (seed {seed}, {persons:,} "
            f"synthetic persons + {len(demo.SHOWCASE)} showcase)."
        )
        fund_text = ", ".join(f"{k} {v:,}" for k, v in result.funds.items())
        out.print(
            f"  agencies {Agency.objects.count():,} · hospitals "
            f"{Hospital.objects.count():,} · contracts {Contract.objects.count():,}"
        )
        out.print(
            f"  persons {result.persons:,} · rights {result.rights:,} "
            f"(open-ended by fund: {fund_text})"
        )

        table = Table(title="Demo logins", title_justify="left")
        for name in ("username", "role", "bound to", "password"):
            table.add_column(name)
        created = dict(result.users)
        users = {
            u.username: u
            for u in User.objects.select_related("hospital", "fund").filter(username__in=created)
        }
        for spec in demo.DEMO_USERS:
            user = users[spec.username]
            bound = (
                f"{user.hospital.hcode} {user.hospital.name_th}"
                if user.hospital
                else f"{user.fund.code} {user.fund.name_en}"
                if user.fund
                else ""
            )
            password = (
                demo.DEMO_PASSWORD if created[spec.username] else "(existing account, unchanged)"
            )
            table.add_row(
                user.username,
                user.role + (" (superuser)" if user.is_superuser else ""),
                bound,
                password,
            )
        out.print(table)

        table = Table(title="Showcase persons", title_justify="left")
        table.add_column("citizen ID")
        table.add_column("what to look for")
        for s in demo.SHOWCASE:
            table.add_row(s.citizen_id, f"{s.description_en}\n{s.description_th}")
        out.print(table)
