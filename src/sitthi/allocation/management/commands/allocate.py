"""`sitthi allocate`: the UC fund's yearly allocation from the command line.

sitthi allocate --fy 2559 --population FILE --units FILE [--service FILE] [--elders FILE]
                [--cups FILE] [--out DIR] [--save]
    the whole country from files (Parquet, CSV or XLSX): per unit / payee / province / region
    results as Parquet and one XLSX workbook; --save also stores the run (as --user)
sitthi allocate --fy 2559 --registry [--service FILE] [--save]
    over the registry's UC persons on the population date and its hospitals
sitthi allocate --synthetic N --out DIR
    write a SYNTHETIC country (N persons, ~10,000 units over 77 provinces) to try the above
sitthi allocate --demo
    for `make run`: the FY 2559 configuration and one run over the demo registry with
    synthetic service output (labelled as such)

The year's configuration is the newest version stored for --fy, or the shipped file
(rules/params/documents/allocation/fy<FY>.yaml), or --config FILE.
"""

from __future__ import annotations

import time
from pathlib import Path

import polars as pl
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from sitthi.allocation import services, sources
from sitthi.allocation.models import FiscalYearConfig, Run
from sitthi.core.actor import Actor
from sitthi.core.errors import SitthiError
from sitthi.core.models import User
from sitthi.rules.allocation import config as config_rules
from sitthi.rules.allocation.errors import AllocationError
from sitthi.rules.allocation.inputs import Inputs


class Command(BaseCommand):
    help = "Allocate the UC fund's fiscal year over a population (files or the registry)."

    def add_arguments(self, parser):
        parser.add_argument("--fy", type=int, help="fiscal year, Buddhist Era (e.g. 2559)")
        parser.add_argument("--config", help="a fiscal-year file (YAML/XLSX) instead of --fy's")
        parser.add_argument("--population", help="registered persons (Parquet, CSV or XLSX)")
        parser.add_argument("--units", help="units: unit, province, region, public, moph[, cup]")
        parser.add_argument("--service", help="service output per unit (CSV/XLSX/Parquet)")
        parser.add_argument("--elders", help="dependent elders: local_fund, province, elders")
        parser.add_argument("--cups", help="CUPs of the LTC line: cup[, province]")
        parser.add_argument("--registry", action="store_true", help="population from the registry")
        parser.add_argument("--out", help="folder for the results (default: var/allocation)")
        parser.add_argument("--save", action="store_true", help="store the run in the database")
        parser.add_argument("--user", default="nhso", help="who saves (an NHSO or admin account)")
        parser.add_argument("--synthetic", type=int, help="write a synthetic country of N persons")
        parser.add_argument("--demo", action="store_true", help="demo configuration and run")

    def handle(self, *args, **o):
        console = Console(stderr=True)
        try:
            if o["synthetic"]:
                self.synthetic(o["synthetic"], Path(o["out"] or "var/allocation/synthetic"))
            elif o["demo"]:
                self.stdout.write(self.demo())
            else:
                self.allocate(o, console)
        except SitthiError as exc:
            raise CommandError(_text(exc)) from None

    # -- the run ------------------------------------------------------------------------------

    def _actor(self, username: str) -> Actor:
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"no account {username!r} to act as (--user)")
        return Actor.of(user)

    def _config(self, o, actor_name: str, save: bool):
        if o["config"]:
            path = Path(o["config"])
            raw = services.read_config_file(path.read_bytes(), path.name)
        elif o["fy"]:
            stored = FiscalYearConfig.objects.filter(fy=o["fy"]).first()
            if stored is not None:
                return stored, services.fiscal_year(stored)
            path = config_rules.DATA_DIR / f"fy{o['fy']}.yaml"
            if not path.exists():
                raise CommandError(f"FY {o['fy']}: no stored version and no shipped file {path}")
            raw = services.read_config_file(path.read_bytes(), path.name)
        else:
            raise CommandError("give --fy or --config")
        if save:
            version = services.save_config(
                self._actor(actor_name), raw, path.name, now=timezone.now()
            )
            return version, services.fiscal_year(version)
        try:
            return None, config_rules.read_config(raw, base_dir=path.parent)
        except AllocationError as exc:
            raise CommandError(_text(services._problems(exc))) from None

    def allocate(self, o, console: Console) -> None:
        from sitthi.rules.allocation.compute import allocate

        started = timezone.now()
        version, cfg = self._config(o, o["user"], o["save"])
        steps = ["read the inputs", "allocate", "write Parquet", "write XLSX"]
        if o["save"]:
            steps.append("store the run")
        with Progress(
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            TextColumn("{task.completed}/{task.total}"),
            TimeElapsedColumn(),
            console=console,
        ) as progress:
            task = progress.add_task(steps[0], total=len(steps))

            def step(i: int) -> None:
                progress.update(task, completed=i, description=steps[min(i, len(steps) - 1)])

            if o["registry"]:
                population = sources.registry_population(cfg)
                units = sources.registry_units()
                population_source = f"registry, UC rights on {cfg.population_date.isoformat()}"
            else:
                if not (o["population"] and o["units"]):
                    raise CommandError("give --population FILE and --units FILE, or --registry")
                pop_path, unit_path = Path(o["population"]), Path(o["units"])
                population = sources.read_population(pop_path, pop_path.name)
                units = sources.read_units(unit_path, unit_path.name)
                population_source = pop_path.name
            service = None
            if o["service"]:
                sp = Path(o["service"])
                service = (
                    pl.read_parquet(sp)
                    if sp.suffix == ".parquet"
                    else sources.read_service(sp, sp.name)
                )
            elders = _table(o["elders"], ("local_fund", "province", "elders"), {"elders": pl.Int64})
            cups = _table(o["cups"], ("cup",), {})
            step(1)
            t0 = time.perf_counter()
            try:
                result = allocate(
                    cfg, population, units, Inputs(service=service, elders=elders, ltc_cups=cups)
                )
            except AllocationError as exc:
                raise CommandError(_text(services._problems(exc))) from None
            seconds = time.perf_counter() - t0
            step(2)
            out = Path(o["out"] or "var/allocation") / f"fy{cfg.fy}"
            out.mkdir(parents=True, exist_ok=True)
            for name in (
                "by_unit",
                "by_payee",
                "by_province",
                "by_region",
                "lines",
                "op_provinces",
                "op_regions",
            ):
                getattr(result, name).write_parquet(out / f"{name}.parquet")
            step(3)
            _write_xlsx(result, out / f"allocation-fy{cfg.fy}.xlsx")
            step(4)
            if o["save"]:
                run = services.store_result(
                    self._actor(o["user"]),
                    version,
                    result,
                    population_source=population_source,
                    inputs_source=o["service"] or "no service output",
                    started=started,
                    now=timezone.now(),
                )
                step(5)
                self.stdout.write(f"stored as run {run.pk}: /allocation/runs/{run.pk}/")
            progress.update(task, completed=len(steps), description="done")
        persons = result.report["persons"]
        self.stdout.write(
            f"FY {cfg.fy}: {persons:,} registered persons, "
            f"{result.by_unit['unit'].n_unique():,} units, allocated in {seconds:.2f} s; "
            f"results in {out}"
        )

    # -- synthetic country and demo ---------------------------------------------------------------

    def synthetic(self, persons: int, out: Path) -> None:
        """A SYNTHETIC country for trying the command (not real registration figures)."""
        import numpy as np

        from sitthi.registry.models import Province

        rng = np.random.default_rng(2559)
        provinces = list(Province.objects.values_list("code", "region_id"))
        if not provinces:
            raise CommandError("the provinces are not loaded: run `sitthi migrate` first")
        n_units = 10_000
        p_idx = rng.integers(0, len(provinces), n_units)
        units = pl.DataFrame(
            {
                "unit": [f"{10_001 + i:05d}" for i in range(n_units)],
                "province": [provinces[i][0] for i in p_idx],
                "region": [int(provinces[i][1]) for i in p_idx],
                "public": rng.random(n_units) < 0.8,
                "moph": rng.random(n_units) < 0.7,
            }
        ).with_columns(moph=pl.col("moph") & pl.col("public"))
        weights = rng.lognormal(0.0, 1.0, n_units)
        unit_of = rng.choice(n_units, size=persons, p=weights / weights.sum())
        population = pl.DataFrame(
            {
                "unit": units["unit"].cast(pl.Enum(units["unit"])).gather(unit_of),
                "age_group": rng.integers(0, 16, persons).astype(np.int8),
            }
        )
        out.mkdir(parents=True, exist_ok=True)
        population.write_parquet(out / "population.parquet")
        units.write_parquet(out / "units.parquet")
        counts = population.group_by("unit").len()
        sources.demo_service(units, dict(counts.iter_rows())).write_parquet(out / "service.parquet")
        self.stdout.write(
            f"SYNTHETIC country: {persons:,} persons over {n_units:,} units in {out} "
            "(population.parquet, units.parquet, service.parquet)"
        )

    def demo(self) -> str:
        if Run.objects.exists():
            return "demo allocation: already loaded"
        actor = self._actor("nhso")
        path = config_rules.DATA_DIR / "fy2559.yaml"
        version = services.save_config(
            actor,
            services.read_config_file(path.read_bytes(), path.name),
            path.name,
            now=timezone.now(),
        )
        units = sources.registry_units()
        counts = sources.registry_population(services.fiscal_year(version)).group_by("unit").len()
        run = services.run_from_registry(
            actor,
            version,
            now=timezone.now(),
            service=sources.demo_service(units, dict(counts.iter_rows())),
            service_source="SYNTHETIC demo service output (not real figures)",
        )
        return f"demo allocation: FY {version.fy} v{version.version}, run {run.pk} ({run.persons} persons)"


def _table(name: str | None, required: tuple[str, ...], ints: dict) -> pl.DataFrame | None:
    """A small input table (CSV, XLSX or Parquet) with its required columns; whole numbers
    where ``ints`` says (a bad one is refused, never read as zero)."""
    if not name:
        return None
    path = Path(name)
    frame = sources.read_frame(path, path.name)
    sources.require_columns(frame, required, path.stem)
    for col, dtype in ints.items():
        casted = frame[col].cast(dtype, strict=False)
        if (casted.is_null() & frame[col].is_not_null()).any():
            raise SitthiError.one("NUMBER_INVALID", f"{path.stem}.{col}", value=col)
        frame = frame.with_columns(casted.alias(col))
    return frame.with_columns([pl.col(c).cast(pl.String) for c in frame.columns if c not in ints])


def _text(exc: SitthiError) -> str:
    return "; ".join(
        f"{e['code']} {e['field'] or ''}: {e['message_th']} / {e['message_en']}"
        for e in exc.as_dict()["errors"]
    )


def _write_xlsx(result, path: Path) -> None:
    """Lines, regions, provinces and units (one row per unit and line) in one workbook."""
    from openpyxl import Workbook

    from sitthi.web.exports import xlsx_row

    wb = Workbook(write_only=True)
    per_unit = (
        result.by_unit.group_by("unit", "province", "region", "line")
        .agg(pl.col("amount_satang").sum())
        .sort("unit", "line")
    )
    for title, frame in (
        ("lines", result.lines),
        ("regions", result.op_regions),
        ("provinces", result.op_provinces),
        ("units", per_unit),
    ):
        ws = wb.create_sheet(title)
        money = [c for c in frame.columns if c.endswith("_satang")]
        frame = frame.with_columns(
            [(pl.col(c).cast(pl.Decimal(20, 0)) / 100).cast(pl.Decimal(20, 2)) for c in money]
        ).rename({c: c.removesuffix("_satang") + "_baht" for c in money})
        ws.append(frame.columns)
        for row in frame.iter_rows():
            ws.append(xlsx_row(ws, row))
    wb.save(path)
