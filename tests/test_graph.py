"""The networkx graph: building, the schema check, writing and reading."""
from __future__ import annotations

import networkx as nx

from kg.graph import load_graph, schema_problems, skip_graph_files, write_graph
from kg.read.links import repository_id
from kg.tables import TABLES_DIR, tables_from_graph


def test_schema_check_reports_breaks(small_graph) -> None:
    assert schema_problems(small_graph) == []
    small_graph.add_edge("p1", "p2", key="CITES", type="CITES")
    small_graph.nodes["p1"]["year"] = "2019"
    problems = schema_problems(small_graph)
    assert any("CITES" in p for p in problems)
    assert any("year='2019' is not INTEGER" in p for p in problems)


def test_repository_ids() -> None:
    assert repository_id("https://github.com/Owner/Repo/tree/main/x")[0] == "repo:github.com/owner/repo"
    assert repository_id("https://www.github.com/o/r.git") == ("repo:github.com/o/r", "github.com")
    assert repository_id("https://hari-sikchi.github.io/dual-rl")[0] == "repo:hari-sikchi.github.io/dual-rl"


def test_load_graph_reads_the_tables_back_whole(tmp_path, small_graph) -> None:
    tables_from_graph(small_graph, tmp_path / TABLES_DIR)
    again = load_graph(tmp_path)
    assert sorted(again.nodes(data=True)) == sorted(small_graph.nodes(data=True))
    assert sorted(again.edges(keys=True, data=True)) == sorted(small_graph.edges(keys=True, data=True))


def test_graphml_holds_names_with_lists_joined(tmp_path, small_graph) -> None:
    write_graph(small_graph, tmp_path)
    text = (tmp_path / "graph.graphml").read_text()
    assert "Proximal Policy Optimization" in text and "Abstract of" in text
    assert nx.read_graphml(tmp_path / "graph.graphml").number_of_edges() == small_graph.number_of_edges()


def test_graph_json_is_networkx_node_link(tmp_path, small_graph) -> None:
    import json

    write_graph(small_graph, tmp_path)
    data = json.loads((tmp_path / "graph.json").read_text())
    again = nx.node_link_graph(data, edges="edges")
    assert again.is_multigraph() and again.is_directed()
    assert again.number_of_edges() == small_graph.number_of_edges()


def test_large_graphs_skip_graphml_and_say_so(tmp_path, small_graph, monkeypatch) -> None:
    import kg.graph
    monkeypatch.setattr(kg.graph, "GRAPHML_MAX_EDGES", 3)
    (tmp_path / "graph.graphml").write_text("stale")
    notes = write_graph(small_graph, tmp_path)
    assert notes and "graph.graphml skipped" in notes[0]
    assert not (tmp_path / "graph.graphml").exists()
    assert (tmp_path / "graph.json").exists()


def test_skipping_graph_files_removes_stale_ones_and_says_where_the_graph_is(tmp_path) -> None:
    for name in ("graph.json", "graph.graphml"):
        (tmp_path / name).write_text("stale")
    note = skip_graph_files(tmp_path, 3_000_000)
    assert "3,000,000 edges" in note and "tables/*.parquet" in note
    assert not list(tmp_path.glob("graph.*"))
