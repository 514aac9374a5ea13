"""The scenario runner refuses a scenario without its clause (tests/scenarios/conftest.py)."""

import pytest

from tests.scenarios.conftest import ScenarioError, check_scenario


def test_a_scenario_without_a_clause_fails():
    with pytest.raises(ScenarioError, match="clause"):
        check_scenario({"name": "x", "given": {"a": 1}, "expect": {}}, "offer")
    with pytest.raises(ScenarioError, match="adapter"):
        check_scenario({"name": "x", "clause": "seed 000", "given": {"a": 1}, "expect": {}}, None)
    check_scenario({"name": "x", "clause": "seed 000", "given": {"a": 1}, "expect": {}}, "offer")
