"""The examples in docstrings run: every module of the package, and of the training package
kg_train/, that has one."""
from __future__ import annotations

import doctest
import importlib
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # kg_train/ is not installed
MODULES = sorted(".".join((package.name, *path.relative_to(package).with_suffix("").parts))
                 for package in (ROOT / "kg", ROOT / "kg_train") for path in package.rglob("*.py")
                 if ">>> " in path.read_text(encoding="utf-8"))


def test_modules_with_examples_are_found() -> None:
    assert {"kg.api", "kg.extract.learned.tagger", "kg.view.subgraph", "kg_train.tagger"} <= set(MODULES)


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_run(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name))
    assert result.attempted > 0 and result.failed == 0
