"""The examples in docstrings run: every module of the package that has one."""
from __future__ import annotations

import doctest
import importlib
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "kg"
MODULES = sorted(".".join(("kg", *path.relative_to(PACKAGE).with_suffix("").parts))
                 for path in PACKAGE.rglob("*.py") if ">>> " in path.read_text(encoding="utf-8"))


def test_modules_with_examples_are_found() -> None:
    assert {"kg.api", "kg.extract.tagger", "kg.view.subgraph"} <= set(MODULES)


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_run(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name))
    assert result.attempted > 0 and result.failed == 0
