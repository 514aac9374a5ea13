"""One scenario runner for every area: tests/scenarios/<area>/*.yaml, read by a domain expert.

A file holds ``adapter`` (the name of a function in ``tests/scenarios/<area>/adapter.py``) and
``scenarios``, a list; each scenario has ``name`` (its pytest id), ``clause`` (the seed file and
clause it checks — required: a scenario without one fails), ``given`` (the situation) and
``expect`` (the decision). The adapter turns the situation into a decision dict by calling the
pure rules in ``sitthi.rules``; the scenario passes when that dict equals ``expect`` on every key
``expect`` names."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest
import yaml

HERE = Path(__file__).parent


def load(path: Path) -> dict:
    return yaml.safe_load(path.read_text("utf-8")) or {}


def adapter_for(path: Path, name: str):
    area = path.parent.name
    module = importlib.import_module(f"tests.scenarios.{area}.adapter")
    return getattr(module, name)


def pytest_collect_file(file_path: Path, parent):
    if file_path.suffix == ".yaml" and file_path.parent.parent == HERE:
        return ScenarioFile.from_parent(parent, path=file_path)
    return None


class ScenarioFile(pytest.File):
    def collect(self):
        doc = load(self.path)
        for i, scenario in enumerate(doc.get("scenarios") or []):
            name = scenario.get("name") or f"scenario {i + 1} (no name)"
            yield ScenarioItem.from_parent(
                self, name=name, scenario=scenario, adapter=doc.get("adapter")
            )


class ScenarioError(AssertionError):
    pass


def check_scenario(scenario: dict, adapter: str | None, file: str = "?") -> None:
    """Refuse a scenario lacking a name, a clause, a situation or a decision."""
    missing = [k for k in ("name", "clause", "given") if not scenario.get(k)]
    if "expect" not in scenario:
        missing.append("expect")
    if missing:
        raise ScenarioError(f"scenario lacks {', '.join(missing)}")
    if not adapter:
        raise ScenarioError(f"{file} names no adapter")


class ScenarioItem(pytest.Item):
    def __init__(self, *, scenario: dict, adapter: str | None, **kw):
        super().__init__(**kw)
        self.scenario = scenario
        self.adapter = adapter

    def runtest(self):
        check_scenario(self.scenario, self.adapter, self.path.name)
        decide = adapter_for(self.path, self.adapter)
        got = decide(self.scenario["given"])
        expect = self.scenario["expect"]
        if isinstance(expect, dict):
            got = {k: got.get(k, "<missing>") for k in expect}
        if got != expect:
            raise ScenarioError(f"expected {expect!r}\n     got {got!r}")

    def repr_failure(self, excinfo):
        if isinstance(excinfo.value, ScenarioError):
            return (
                f"scenario {self.name!r} ({self.scenario.get('clause', 'no clause')}):\n"
                f"  {excinfo.value}"
            )
        return super().repr_failure(excinfo)

    def reportinfo(self):
        return self.path, None, f"scenario: {self.name}"
