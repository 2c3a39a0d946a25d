"""The Python API of kg/__init__.py: cheap to import, never shadowed by a submodule, one source of defaults.

(Its usage, a build queried, searched, drawn, analysed and exported, runs as the doctest of
kg/api.py in tests/test_doctests.py.)
"""
from __future__ import annotations

import importlib
import inspect
import subprocess
import sys
from pathlib import Path

import pytest

import kg
import kg.api

ROOT = Path(__file__).resolve().parents[1]
HEAVY = ("spacy", "networkx", "pyarrow", "pandas", "numpy", "matplotlib", "ladybug", "neo4j")


def test_import_kg_loads_no_heavy_library():
    code = f"import sys, kg; print(sorted({{m.split('.')[0] for m in sys.modules}} & set({HEAVY!r})))"
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "[]"


def test_every_api_name_is_a_documented_function_of_kg_api():
    for name in kg.__all__:
        function = getattr(kg, name)
        assert function is getattr(kg.api, name) and inspect.isfunction(function), name
        assert function.__doc__ and name in kg.__doc__, name


def test_no_submodule_shadows_an_api_function():
    """`import kg.x` sets kg.x to the module: no API function may share a submodule's name."""
    for path in (ROOT / "kg").iterdir():
        name = path.stem if path.suffix == ".py" else path.name
        if (path.suffix == ".py" or (path / "__init__.py").exists()) and not name.startswith("__"):
            importlib.import_module(f"kg.{name}")
    assert all(inspect.isfunction(getattr(kg, name)) for name in kg.__all__)


def test_the_api_defaults_are_the_stages_own():
    """Build-folder names and defaults live once (kg.buildfolder, kg.limits), not copied."""
    import kg.buildfolder
    import kg.limits
    from kg import pipeline
    from kg.view import subgraph
    assert kg.api.STORE is pipeline.STORE is kg.buildfolder.STORE
    assert kg.api.DEFAULT_MAX_NODES is subgraph.DEFAULT_MAX_NODES is kg.limits.DEFAULT_MAX_NODES
    assert pipeline.BuildOptions().batch_size == kg.limits.DEFAULT_BATCH_SIZE
    for name in ("build", "extract_file"):
        assert inspect.signature(getattr(kg.api, name)).parameters["batch_size"].default == kg.limits.DEFAULT_BATCH_SIZE


def test_the_api_resumes_a_build_and_names_built_in_queries(seed_build, tmp_path):
    """What the CLI does the API does: `build(resume=True)` reads the recorded inputs and level,
    and a built-in query is found by name; no inputs at all is NoInputsGivenError."""
    import shutil

    from kg.errors import NoInputError, NoInputsGivenError
    out = tmp_path / "out"
    shutil.copytree(seed_build, out)
    summary = kg.build([], out, resume=True, store=False, html=False)
    assert summary.papers == 312
    with pytest.raises(NoInputsGivenError) as info:
        kg.build([], tmp_path / "empty")
    assert isinstance(info.value, NoInputError)
    assert kg.api.find_query_template("top_methods.cypher").name == "top_methods"
    assert kg.api.find_query_template("no_such_query") is None
