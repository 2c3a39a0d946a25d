"""The networkx graph: building, the schema check, writing and reading."""
from __future__ import annotations

from kg.graph import GraphBuilder, load_graph, repository_id, schema_problems, write_graph
from kg.model import Link, Mention, Paper, Source
from kg.resolve import AliasTable, resolve_extraction
from kg.model import Extraction


def _paper(pid: str, mentions: list[Mention], links: list[Link] = ()) -> tuple[Paper, Extraction]:
    paper = Paper(pid, f"Title {pid}", "Abstract.", date="2024-05-09", date_text="May 9, 2024",
                  links=list(links), sources=[Source("a.txt", 3)])
    return paper, Extraction(pid, paper.title, mentions)


def _build(papers: list[tuple[Paper, Extraction]]):
    table, builder = AliasTable(), GraphBuilder()
    for paper, ex in papers:
        builder.add_paper(paper, resolve_extraction(table, ex))
    return builder.finish(table.entities())


def test_built_graph_follows_schema_with_derived_pairs() -> None:
    ppo = Mention("method", "Proximal Policy Optimization", ["PPO"], "used", "We use PPO.", 0, 12)
    mujoco = Mention("dataset", "MuJoCo", [], "used", "On MuJoCo.", 13, 23)
    new = Mention("method", "f-DVL", [], "proposed", "We propose f-DVL.", 0, 17)
    g = _build([_paper("p1", [ppo, mujoco], [Link("https://github.com/a/b/tree/main", "repository")]),
                _paper("p2", [Mention("method", "PPO", [], "used", "PPO.", 0, 4), mujoco, new])])
    assert schema_problems(g) == []
    assert g.nodes["method:ppo"]["n_papers"] == 2
    assert g.nodes["method:ppo"]["name"] == "Proximal Policy Optimization"
    assert g.nodes["method:f-dvl"]["n_proposed"] == 1
    assert g.has_edge("p2", "method:f-dvl", key="PROPOSES")
    assert g.has_edge("p1", "dataset:mujoco", key="EVALUATES_ON")
    assert g.edges["method:ppo", "dataset:mujoco", "EVALUATED_ON"]["weight"] == 2
    assert g.edges["method:ppo", "dataset:mujoco", "EVALUATED_ON"]["papers"] == ["p1", "p2"]
    assert g.has_edge("p1", "repo:github.com/a/b", key="HAS_CODE")


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


def test_write_and_load_round_trip(tmp_path, small_graph) -> None:
    write_graph(small_graph, tmp_path)
    again = load_graph(tmp_path)
    assert sorted(again.nodes(data=True)) == sorted(small_graph.nodes(data=True))
    assert sorted(again.edges(keys=True)) == sorted(small_graph.edges(keys=True))
    assert "PPO" in (tmp_path / "graph.graphml").read_text()


def test_graph_json_is_networkx_node_link(tmp_path, small_graph) -> None:
    import json

    import networkx as nx
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
    assert load_graph(tmp_path).number_of_nodes() == small_graph.number_of_nodes()
