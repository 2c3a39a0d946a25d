"""The scripts/<analysis>.py wrappers on a real build folder: output, CSV, and one-line errors."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from kg.tables import TABLES_DIR, tables_from_graph

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def build_dir(small_graph, tmp_path) -> Path:
    """A folder holding small_graph as graph tables, as `kg build` writes them."""
    tables_from_graph(small_graph, tmp_path / TABLES_DIR)
    return tmp_path


def script(name: str, *args: object) -> subprocess.CompletedProcess:
    """Run scripts/<name>.py with the project's interpreter."""
    return subprocess.run([sys.executable, str(ROOT / "scripts" / f"{name}.py"), *map(str, args)],
                          capture_output=True, text=True, timeout=120)


def test_central_prints_the_hub_first_and_writes_csv(build_dir):
    run = script("central", build_dir, "--type", "method", "--csv", build_dir / "c.csv")
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines()[1].split()[0] == "method:proximal-policy-optimization"
    assert set(pd.read_csv(build_dir / "c.csv")["type"]) == {"method"}


def test_paths_prints_the_chain_through_papers(build_dir):
    run = script("paths", build_dir, "DPO", "mujoco", "--top", "1")
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == ("Direct Preference Optimization → [Direct Preference Optimization: aligning LMs "
                                  "(p3)] → Proximal Policy Optimization → [PPO on MuJoCo (p1)] → MuJoCo")


@pytest.mark.parametrize("name,args,expected", [
    ("gaps", [], "MuJoCo"),
    ("gaps", ["--matrix", "--kind", "method-task"], "offline reinforcement learning"),
    ("communities", [], "GSM8K / Direct Preference Optimization"),
    ("trends", [], "undated"),
    ("similar", ["p3"], "DPO for math"),
])
def test_each_script_prints_its_analysis(build_dir, name, args, expected):
    run = script(name, build_dir, *args)
    assert run.returncode == 0, run.stderr
    assert expected in run.stdout


@pytest.mark.parametrize("name,args,message", [
    ("paths", ["DPX", "MuJoCo"], "error: no entity 'DPX' in the graph; did you mean 'DPO'?"),
    ("similar", ["no such paper"], "error: no paper 'no such paper' in the graph"),
])
def test_unknown_names_fail_with_one_line(build_dir, name, args, message):
    run = script(name, build_dir, *args)
    assert run.returncode == 1
    assert run.stderr.startswith(message) and len(run.stderr.strip().splitlines()) == 1


def test_missing_build_fails_with_one_line(tmp_path):
    run = script("central", tmp_path / "nowhere")
    assert run.returncode == 1
    assert run.stderr.startswith("error: ") and "run `kg build INPUT -o OUT` first" in run.stderr
    assert "Traceback" not in run.stderr
