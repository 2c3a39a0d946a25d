"""`kg query --list` says which built-in queries run where; templates name an entity they cannot find."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import kg
from kg.errors import CypherDialectError, EntityNotFoundError
from conftest import ROOT


def _kg(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kg", *args], cwd=ROOT, capture_output=True, text=True, timeout=120)


def test_list_names_every_template_its_parameters_and_where_it_runs():
    templates = {t.name: t for t in kg.query_templates()}
    assert len(templates) == len(list((ROOT / "kg" / "schemas" / "queries").glob("*.cypher")))
    assert templates["datasets_for_method"].parameters == ("method",) and templates["top_methods"].embedded
    assert {n for n, t in templates.items() if not t.embedded} == {
        "analyse_gaps_method_dataset", "analyse_gaps_method_task", "analyse_paths"}
    assert all("kg analyze" in t.note for t in templates.values() if not t.embedded)
    listed = _kg("query", "--list", "--json")
    assert listed.returncode == 0, listed.stderr
    rows = {r["name"]: r for r in map(json.loads, listed.stdout.splitlines())}
    assert rows.keys() == templates.keys() and rows["analyse_paths"]["embedded"] is False
    table = _kg("query", "--list")
    assert "Neo4j only" in table.stdout and "kg query and Neo4j" in table.stdout


def test_every_template_marked_embedded_runs_on_the_seeds(seed_build: Path):
    params = {"top": 3, "limit": 3, "since": 2023, "method": "PPO", "task": "offline RL", "name": "PPO",
              "paper": kg.query(seed_build, "MATCH (p:Paper) RETURN p.id ORDER BY p.id LIMIT 1").rows[0][0]}
    for template in kg.query_templates():
        if template.embedded:
            given = {p: params[p] for p in template.parameters}
            assert kg.query_template(seed_build, template.name, given).columns, template.name


def test_an_unknown_entity_is_named_with_near_names(seed_build: Path):
    with pytest.raises(EntityNotFoundError, match=r"\$method: no method, dataset or task is called 'ppoo'; "
                                                   r"near names: PPO"):
        kg.query_template(seed_build, "datasets_for_method", {"method": "ppoo"})
    with pytest.raises(EntityNotFoundError, match="near names: Proximal Policy Optimization"):
        kg.query_template(seed_build, "datasets_for_method", {"method": "proximal policy"})
    failed = _kg("query", str(seed_build), "-f", "datasets_for_method", "-p", "method=ppoo")
    assert failed.returncode == 1 and failed.stderr.count("\n") == 1 and "near names: PPO" in failed.stderr


def test_a_neo4j_only_template_says_what_answers_it_here(seed_build: Path):
    with pytest.raises(CypherDialectError, match="runs on Neo4j only: .*kg analyze OUT --only paths"):
        kg.query_template(seed_build, "analyse_paths", {"a": "PPO", "b": "MuJoCo", "top": 1})
