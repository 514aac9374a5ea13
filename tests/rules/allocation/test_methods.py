"""The dispatch table of allocation methods (seed 003_efb95171d59d7c5f.txt, FY 2559): one
function per method name the fiscal-year configuration allows, and nothing else."""

from __future__ import annotations

import inspect
import re

import pytest

from sitthi.rules.allocation import ConfigError, read_config
from sitthi.rules.allocation import config as cfgmod
from sitthi.rules.allocation.methods import METHODS, held, method_for
from tests.rules.allocation.tiny import tiny_raw


def test_every_method_the_configuration_allows_has_a_function_and_no_other():
    assert len(set(cfgmod.METHODS)) == len(cfgmod.METHODS)
    assert set(METHODS) == set(cfgmod.METHODS)
    assert all(callable(f) for f in METHODS.values())


def test_each_method_module_cites_seed_003():
    """docs/law/INDEX.md finds a rule by its docstring's citation (scripts/law_index.py)."""
    for name, f in METHODS.items():
        doc = inspect.getmodule(f).__doc__ or ""
        assert re.search(r"seed 003|003_[0-9a-f]{16}\.txt", doc), name
        assert f"``{name}``" in doc, name


def test_a_method_name_the_configuration_does_not_allow():
    """Refused by the configuration before anything is computed; a ``Line`` built by hand with
    such a name is held at NHSO, as before the dispatch table."""
    raw = tiny_raw()
    raw["lines"][3]["method"] = "no_such_method"
    with pytest.raises(ConfigError) as info:
        read_config(raw)
    assert ("lines[3].method", "ALLOC_INVALID_VALUE") in {
        (p["field"], p["code"]) for p in info.value.problems
    }
    assert method_for("no_such_method") is held
    assert method_for("held") is held
