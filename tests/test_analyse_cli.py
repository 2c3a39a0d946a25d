"""`kg analyze --only X` on a real build folder, one analysis at a time: report, CSV, one-line errors.

(These replaced the scripts/<analysis>.py wrappers, which repeated what the CLI does.)
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from kg.tables import TABLES_DIR, tables_from_graph


@pytest.fixture
def build_dir(small_graph, tmp_path) -> Path:
    """A folder holding small_graph as graph tables, as `kg build` writes them."""
    tables_from_graph(small_graph, tmp_path / TABLES_DIR)
    return tmp_path


def analyze(out: Path, *args: object) -> subprocess.CompletedProcess:
    """Run `kg analyze OUT ARGS...` with the project's interpreter."""
    return subprocess.run([sys.executable, "-m", "kg", "analyze", str(out), *map(str, args)],
                          capture_output=True, text=True, timeout=120)


def only(out: Path, name: str, *args: object) -> tuple[str, Path]:
    """The report of one analysis and the folder of its CSV files."""
    report = out / name / "report.md"
    run = analyze(out, "--only", name, *args, "--report", report)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == f"wrote {report}"
    return report.read_text(encoding="utf-8"), report.parent / "report_files"


def test_central_ranks_the_hub_first_and_writes_every_entity_to_csv(build_dir):
    text, files = only(build_dir, "central")
    methods = text.split("### Methods")[1]
    assert methods.index("Proximal Policy Optimization") < methods.index("Direct Preference Optimization")
    table = pd.read_csv(files / "central.csv")
    assert table.iloc[0]["entity_id"] == "method:proximal-policy-optimization"
    assert set(table["type"]) == {"method", "dataset", "task"}


def test_paths_joins_the_two_entities_through_papers(build_dir):
    text, files = only(build_dir, "paths", "DPO", "mujoco")
    assert ("Direct Preference Optimization → \\[Direct Preference Optimization: aligning LMs (p3)\\] → "
            "Proximal Policy Optimization → \\[PPO on MuJoCo (p1)\\] → MuJoCo") in text
    assert (files / "paths.csv").exists()


@pytest.mark.parametrize("name,expected,csv", [
    ("gaps", "| Direct Preference Optimization | MuJoCo |", "gaps.csv"),
    ("gaps", "| Direct Preference Optimization | offline reinforcement learning |", "matrix_method_task.csv"),
    ("communities", "GSM8K / Direct Preference Optimization", "communities.csv"),
    ("trends", "0 are undated", "trends.csv"),
    ("families", "No entity of this graph has a variant.", "families.csv"),
    ("similar", "| p2 | A new offline RL method |", "similar.csv"),
])
def test_each_analysis_runs_alone(build_dir, name, expected, csv):
    text, files = only(build_dir, name)
    assert expected in text
    assert (files / csv).exists()
    others = {"central": "## Most central", "families": "## Families", "gaps": "## Gaps", "communities": "## Communities",
              "trends": "## Trends", "similar": "## Similar papers", "paths": "## Paths"}
    assert [heading for a, heading in others.items() if heading in text] == [others[name]]


def test_an_unknown_name_fails_with_one_line(build_dir):
    run = analyze(build_dir, "--only", "paths", "DPX", "MuJoCo", "--report", build_dir / "r.md")
    assert run.returncode == 1
    assert run.stderr.startswith("kg: error: no entity 'DPX' in the graph; did you mean 'DPO'?")
    assert len(run.stderr.strip().splitlines()) == 1


def test_a_missing_build_fails_with_one_line(tmp_path):
    run = analyze(tmp_path / "nowhere", "--only", "central")
    assert run.returncode == 1
    assert run.stderr.startswith("kg: error: ") and "run `kg build INPUT -o OUT` first" in run.stderr
    assert "Traceback" not in run.stderr
