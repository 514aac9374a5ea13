"""Load the real reference data (regions, provinces, funds) from the YAML files in ``data/``.
Idempotent: rows are created or brought up to date, never duplicated. Used by a data
migration (so every database has them) and by ``sitthi load-reference``."""

from __future__ import annotations

from pathlib import Path

import yaml

DATA = Path(__file__).parent / "data"


def read(name: str) -> dict:
    with open(DATA / name, encoding="utf-8") as f:
        return yaml.safe_load(f)


def load_reference(region_model, province_model, fund_model) -> dict[str, int]:
    """Takes the model classes so a migration can pass its historical models."""
    regions = read("regions.yaml")["regions"]
    provinces = read("provinces.yaml")["provinces"]
    region_of = {code: int(n) for n, r in regions.items() for code in r["provinces"]}
    if sorted(region_of) != sorted(provinces):
        raise ValueError("regions.yaml and provinces.yaml do not name the same provinces")
    for number, r in regions.items():
        region_model.objects.update_or_create(
            number=int(number), defaults={"name_th": r["name_th"], "name_en": r["name_en"]}
        )
    for code, row in provinces.items():
        name_th, name_en, *flags = row
        province_model.objects.update_or_create(
            code=code,
            defaults={
                "name_th": name_th,
                "name_en": name_en,
                "region_id": region_of[code],
                "bangkok_perimeter": "perimeter" in flags,
            },
        )
    funds = read("funds.yaml")["funds"]
    for code, f in funds.items():
        fund_model.objects.update_or_create(code=code, defaults=f)
    return {"regions": len(regions), "provinces": len(provinces), "funds": len(funds)}
