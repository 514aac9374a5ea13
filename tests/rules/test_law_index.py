"""docs/law: every seed a parameter, a rule docstring or a scenario cites is an official
reference of docs/law/references.yaml, and docs/law/INDEX.md is what scripts/law_index.py
generates now (so it cannot go stale)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SEEDS = Path("/work/shared/seeds")


def _load():
    spec = importlib.util.spec_from_file_location("law_index", ROOT / "scripts/law_index.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


law = _load()


@pytest.fixture(scope="module")
def citations() -> dict[str, dict[str, str]]:
    return {
        "parameter": law.parameter_citations(),
        "rule": law.rule_citations(),
        "scenario": law.scenario_citations(),
    }


def test_every_citation_is_a_reference(citations):
    refs = law.references()
    seeds = {r["seed"] for r in refs}
    files = {r["file"] for r in refs}
    assert len(seeds) == len(refs) and all(r["file"].startswith(r["seed"] + "_") for r in refs)
    outside = [
        f"{kind} {name}: seed {s}"
        for kind, texts in citations.items()
        for name, text in texts.items()
        for s in sorted(law.cited(text) - seeds)
    ]
    assert outside == []
    unknown_files = set().union(*(law.files_cited(t) for t in citations.values())) - files
    assert unknown_files == set()
    assert sum(1 for t in citations["parameter"].values() if law.cited(t)) >= 10  # walk worked


def test_every_reference_has_its_fields():
    for r in law.references():
        for key in ("seed", "file", "title_th", "title_en", "number", "date", "issuer"):
            assert r.get(key), (r.get("seed"), key)


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the seeds folder is not on this machine")
def test_every_reference_is_a_seed_file():
    for r in law.references():
        assert (SEEDS / r["file"]).is_file(), r["file"]


def test_every_scenario_cites_a_reference(citations):
    assert citations["scenario"]
    assert [n for n, t in citations["scenario"].items() if not law.cited(t)] == []


def test_the_index_is_up_to_date():
    assert (ROOT / "docs/law/INDEX.md").read_text("utf-8") == law.generate(), (
        "docs/law/INDEX.md is stale: run python scripts/law_index.py"
    )
