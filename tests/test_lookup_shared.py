"""One name matcher (kg.namematch): any name `kg find` matches exactly works for `--focus`,
`kg analyze`'s entity arguments and the built-in queries' entity parameters."""
from __future__ import annotations

from pathlib import Path

import pytest

import kg
from kg.analyse.corpus import Corpus
from kg.errors import AnalysisError, ViewError
from kg.lookup import EXACT
from kg.namematch import exact_by_tier, fold
from kg.view.subgraph import find_node

SPELLINGS = ["Direct-Preference-Optimization", "direct_preference optimization", "DIRECT PREFERENCE  OPTIMIZATION"]


@pytest.mark.parametrize("spelling", SPELLINGS)
def test_a_name_kg_find_matches_exactly_works_for_focus_analyze_and_queries(seed_build: Path, spelling: str):
    found = kg.find(seed_build, spelling)
    assert found[0].rank == EXACT and found[0].id == "method:dpo"
    graph = kg.load_graph(seed_build)
    assert find_node(graph, spelling) == "method:dpo"
    assert Corpus.from_graph(graph).find_entity(spelling) == "method:dpo"
    rows = kg.query_template(seed_build, "datasets_for_method", {"method": spelling}).rows
    assert rows == kg.query_template(seed_build, "datasets_for_method", {"method": "DPO"}).rows


def test_focus_and_analyze_accept_kg_finds_names_end_to_end(seed_build: Path, tmp_path: Path):
    page = kg.write_html(seed_build, tmp_path / "dpo.html", focus="Direct-Preference-Optimization", depth=1)
    assert page.nodes > 1
    report = kg.analyze(seed_build, tmp_path / "report.md", only=["paths"],
                        pair=("Direct-Preference-Optimization", "proximal-policy-optimization"))
    assert "Direct Preference Optimization" in report.path.read_text(encoding="utf-8")


def test_unknown_names_still_fail_with_their_stages_errors(seed_build: Path):
    graph = kg.load_graph(seed_build)
    with pytest.raises(ViewError):
        find_node(graph, "no such method at all")
    with pytest.raises(AnalysisError):
        Corpus.from_graph(graph).find_entity("no such method at all")


def test_ids_beat_names_beat_aliases():
    nodes = [("method:a", {"name": "B", "aliases": ["C"]}), ("method:b", {"name": "C-x"}),
             ("method:c", {"name": "A", "aliases": ["b"]})]
    assert exact_by_tier("METHOD:A", nodes) == ["method:a"]
    assert exact_by_tier("b", nodes) == ["method:a"]  # a name beats another's alias and a bare id
    assert exact_by_tier("c x", nodes) == ["method:b"]
    assert exact_by_tier("", nodes) == [] and fold("A_b-c") == "a b c"
