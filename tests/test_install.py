"""The package as a user installs it: a wheel holds every file the commands read (schema,
queries, lexicon, word lists, model, config, page templates), and the CLI runs from it, away
from the checkout."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel_dir(tmp_path_factory) -> Path:
    """The project built as a wheel and unpacked on its own (no checkout on the path).

    It is built from a copy of the package's sources: building in the checkout leaves a build/
    folder whose stale files (modules since moved out of kg/) the next wheel would carry. The
    training package kg_train/ is copied too, to show that the wheel leaves it out.
    """
    dist, src = tmp_path_factory.mktemp("dist"), tmp_path_factory.mktemp("src")
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, src / name)
    for package in ("kg", "kg_train"):
        shutil.copytree(ROOT / package, src / package, ignore=shutil.ignore_patterns("__pycache__"))
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                            "-q", "-w", str(dist), str(src)], capture_output=True, text=True)
    assert built.returncode == 0, built.stderr
    (wheel,) = dist.glob("*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    modules = {str(p.relative_to(ROOT)) for p in (ROOT / "kg").rglob("*.py")}
    assert {n for n in names if n.endswith(".py")} == modules
    for needed in ("kg/schemas/graph_schema.json", "kg/schemas/queries/top_methods.cypher",
                   "kg/schemas/constraints.cypher", "kg/data/decider.json",
                   "kg/data/words/task_heads.txt", "kg/extract/config.cfg",
                   "kg/data/lexicon/methods.jsonl", "kg/view/templates/view.js"):
        assert needed in names, needed
    site = tmp_path_factory.mktemp("site")
    zipfile.ZipFile(wheel).extractall(site)
    return site


def test_the_installed_cli_builds_and_queries_the_seeds(wheel_dir: Path, tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(wheel_dir), "KG_HOME": str(tmp_path / "home")}
    where = subprocess.run([sys.executable, "-c", "import kg; print(kg.__file__)"], cwd=tmp_path,
                           env=env, capture_output=True, text=True)
    assert where.stdout.startswith(str(wheel_dir)), where.stdout + where.stderr
    built = subprocess.run([sys.executable, "-m", "kg", "build", str(ROOT / "seeds"), "-o", "out",
                            "--no-html"], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert built.returncode == 0, built.stderr
    top = subprocess.run([sys.executable, "-m", "kg", "query", "out", "-f", "top_methods",
                          "-p", "limit=3", "--json"], cwd=tmp_path, env=env, capture_output=True,
                         text=True)
    assert top.returncode == 0, top.stderr
    assert len(top.stdout.splitlines()) == 3
    wrong = subprocess.run([sys.executable, "-m", "kg", "query", "out", "-f", "no_such_query"],
                           cwd=tmp_path, env=env, capture_output=True, text=True)
    assert wrong.returncode != 0 and "top_methods" in wrong.stderr and "Traceback" not in wrong.stderr
