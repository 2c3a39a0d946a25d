"""The examples in docstrings run."""
from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = ["kg.api", "kg.analyse.central", "kg.analyse.communities", "kg.analyse.example", "kg.analyse.paths",
           "kg.analyse.similar", "kg.analyse.trends", "kg.extract.assemble", "kg.extract.decider",
           "kg.extract.wordlists"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_run(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name))
    assert result.attempted > 0 and result.failed == 0
