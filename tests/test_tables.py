"""The graph tables: streamed writing, counts, row streams, whole and sampled networkx graphs."""
from __future__ import annotations

import pyarrow.parquet as pq
import pytest

from kg.errors import BuildNotFoundError, TablesError
from kg.graph import schema_problems
from kg.model import Extraction, Link, Mention, Paper, Source
from kg.schema import RelGroup
from kg.resolve import AliasTable, CorpusVotes, resolve_extraction
from kg.tables import GraphTables, TablesBuilder, tables_from_graph
from kg.tables.read import in_sample


def _paper(pid: str, mentions: list[Mention], links: list[Link] = ()) -> tuple[Paper, Extraction]:
    paper = Paper(pid, f"Title {pid}", "Abstract.", date="2024-05-09", date_text="May 9, 2024",
                  links=list(links), sources=[Source("a.txt", 3)])
    return paper, Extraction(pid, paper.title, mentions)


def _build(folder, papers: list[tuple[Paper, Extraction]]) -> GraphTables:
    table, builder = AliasTable(CorpusVotes.of(ex for _, ex in papers)), TablesBuilder(folder)
    for paper, ex in papers:
        builder.add_paper(paper, resolve_extraction(table, ex))
    builder.finish(table.entities())
    return GraphTables(folder)


PPO = Mention("method", "Proximal Policy Optimization", ["PPO"], "used", "We use PPO.", 0, 12)
MUJOCO = Mention("dataset", "MuJoCo", [], "used", "On MuJoCo.", 13, 23)
RL = Mention("task", "offline reinforcement learning", [], "used", "Offline RL.", 0, 11)
DPO = Mention("method", "Direct Preference Optimization", ["DPO"], "used", "We compare DPO.", 0, 15)


def test_built_tables_follow_schema_with_derived_pairs(tmp_path) -> None:
    new = Mention("method", "f-DVL", [], "proposed", "We propose f-DVL.", 0, 17)
    repo = Link("https://github.com/a/b/tree/main", "repository")
    tables = _build(tmp_path, [_paper("p2", [PPO, MUJOCO], [repo, Link("https://github.com/a/b", "repository")]),
                               _paper("p1", [Mention("method", "PPO", [], "used", "PPO.", 0, 4), MUJOCO, new])])
    g = tables.to_networkx()
    assert schema_problems(g) == []
    assert g.nodes["method:ppo"]["n_papers"] == 2
    assert g.nodes["method:ppo"]["name"] == "Proximal Policy Optimization"
    assert g.nodes["method:f-dvl"]["n_proposed"] == 1
    assert g.has_edge("p1", "method:f-dvl", key="PROPOSES")
    assert g.has_edge("p2", "dataset:mujoco", key="EVALUATES_ON")
    assert g.edges["method:ppo", "dataset:mujoco", "EVALUATED_ON"]["weight"] == 2
    assert g.edges["method:ppo", "dataset:mujoco", "EVALUATED_ON"]["papers"] == ["p1", "p2"]
    assert g.number_of_edges("p2", "repo:github.com/a/b") == 1
    assert "aliases" not in g.nodes["dataset:mujoco"]
    assert tables.counts()["HAS_CODE"] == 1 and tables.counts()["Method"] == 2


def test_every_table_exists_even_when_empty(tmp_path) -> None:
    tables = _build(tmp_path, [_paper("p1", [PPO])])
    counts = tables.counts()
    assert counts["Paper"] == 1 and counts["Dataset"] == 0 and counts["EVALUATED_ON"] == 0
    assert len(list(tmp_path.glob("*.parquet"))) == 19  # a file per node label and relationship group (VARIANT_OF: one a label)


def test_methods_named_together_make_one_used_with_edge_and_old_builds_without_it_still_read(tmp_path) -> None:
    tables = _build(tmp_path, [_paper("p1", [PPO, DPO]), _paper("p2", [DPO, PPO])])
    g = tables.to_networkx()
    used_with = [(a, b, d) for a, b, k, d in g.edges(keys=True, data=True) if k == "USED_WITH"]
    assert len(used_with) == 1
    a, b, data = used_with[0]
    assert a < b and data["weight"] == 2 and data["papers"] == ["p1", "p2"]
    # a build written before USED_WITH existed has no file for it: it reads as none
    next(tmp_path.glob("edges.USED_WITH.*.parquet")).unlink()
    assert GraphTables(tmp_path).counts()["USED_WITH"] == 0
    assert not any(k == "USED_WITH" for *_, k in GraphTables(tmp_path).to_networkx().edges(keys=True))


def test_a_rebuild_replaces_old_tables(tmp_path) -> None:
    _build(tmp_path, [_paper("p1", [PPO, MUJOCO]), _paper("p2", [PPO])])
    assert _build(tmp_path, [_paper("p3", [MUJOCO])]).counts()["Paper"] == 1


def test_pair_tables_hold_sorted_support_for_many_papers(tmp_path) -> None:
    papers = [_paper(f"p{i:03d}", [PPO, MUJOCO, RL] if i % 2 else [PPO, RL]) for i in range(300, 0, -1)]
    g = _build(tmp_path, papers).to_networkx()
    applied = g.edges["method:ppo", "task:offline-reinforcement-learning", "APPLIED_TO"]
    assert applied["weight"] == 300 and applied["papers"] == sorted(applied["papers"])
    assert g.edges["dataset:mujoco", "task:offline-reinforcement-learning", "BENCHMARK_FOR"]["weight"] == 150


def test_rows_for_exporters_leave_absent_properties_out(tmp_path, small_graph) -> None:
    tables_from_graph(small_graph, tmp_path)
    tables = GraphTables(tmp_path)
    papers = list(tables.node_rows()["Paper"])
    assert {row["id"] for row in papers} == {"p1", "p2", "p3", "p4"}
    assert all("url" not in row for row in papers)
    edges = [row for group, rows in tables.edge_rows().items() if group.type == "HAS_CODE" for row in rows]
    assert edges == [{"source": "p3", "target": "repo:github.com/acme/dpo", "props": {}}]


def test_sample_is_deterministic_and_consistent(tmp_path) -> None:
    papers = [_paper(f"paper-{i}", [PPO, MUJOCO, RL]) for i in range(400)]
    tables = _build(tmp_path, papers)
    notes: list[str] = []
    g = tables.to_networkx(max_edges=tables.n_edges() // 4, on_note=notes.append)
    kept = [n for n, label in g.nodes(data="label") if label == "Paper"]
    assert 40 < len(kept) < 160
    assert kept == [f"paper-{i}" for i in range(400) if in_sample(f"paper-{i}", tables.n_edges() // 4 / tables.n_edges())]
    pair = g.edges["method:ppo", "dataset:mujoco", "EVALUATED_ON"]
    assert pair["weight"] == len(kept) and set(pair["papers"]) == set(kept)
    assert g.nodes["method:ppo"]["n_papers"] == 400
    assert schema_problems(g) == []
    assert notes and "sample" in notes[0] and f"{len(kept):,} papers" in notes[0]
    assert tables.to_networkx(max_edges=tables.n_edges()).number_of_nodes() == 403


def test_missing_tables_name_the_build(tmp_path) -> None:
    with pytest.raises(BuildNotFoundError, match="no graph tables"):
        GraphTables(tmp_path / "tables")


def test_wrong_value_type_is_a_tables_error(tmp_path, small_graph) -> None:
    small_graph.nodes["p1"]["year"] = "2019"
    with pytest.raises(TablesError, match="year"):
        tables_from_graph(small_graph, tmp_path)


def test_tables_are_parquet_in_store_column_order(tmp_path, small_graph) -> None:
    tables_from_graph(small_graph, tmp_path)
    assert pq.read_schema(tmp_path / "nodes.Method.parquet").names == [
        "id", "name", "aliases", "type", "n_papers", "n_proposed", "ref"]
    assert pq.read_schema(tmp_path / "edges.USES.Paper.Method.parquet").names == [
        "source", "target", "role", "evidence", "start", "end", "confidence"]


def test_pairs_record_whether_one_sentence_names_both(tmp_path) -> None:
    def paper(pid: str, abstract: str) -> tuple[Paper, Extraction]:
        record = Paper(pid, f"Study {pid}", abstract, sources=[Source("a.txt", 1)])
        # found by name only: no evidence offsets (-1) to anchor them to a sentence
        unanchored = [Mention(m.type, m.name, m.aliases, m.role, m.evidence, -1, -1) for m in (PPO, MUJOCO, RL)]
        return record, Extraction(pid, record.title, unanchored)
    tables = _build(tmp_path, [
        paper("p3", "We evaluate PPO on MuJoCo. Offline reinforcement learning is hard."),
        paper("p1", "Proximal Policy Optimization (PPO) is evaluated on MuJoCo tasks. More text."),
        paper("p2", "PPO is a method. MuJoCo is a simulator. It matters for offline reinforcement learning."),
    ])
    g = tables.to_networkx()
    assert schema_problems(g) == []
    tied = g.edges["method:ppo", "dataset:mujoco", "EVALUATED_ON"]
    assert (tied["weight"], tied["n_sentence"], tied["sentence_paper"]) == (3, 2, "p1")
    assert tied["sentence"] == "Proximal Policy Optimization (PPO) is evaluated on MuJoCo tasks."
    co_mentioned = g.edges["method:ppo", "task:offline-reinforcement-learning", "APPLIED_TO"]
    assert (co_mentioned["weight"], co_mentioned["n_sentence"]) == (3, 0) and "sentence" not in co_mentioned
    bench = g.edges["dataset:mujoco", "task:offline-reinforcement-learning", "BENCHMARK_FOR"]
    assert bench["n_sentence"] == 0  # "MuJoCo is a simulator. It matters for offline ...": two sentences


def test_a_sentence_ties_names_in_any_case_whole_words_and_evidence_offsets() -> None:
    from kg.tables.ties import tied_pairs
    text = "Title on ppo\n\nWe run PPO-Max here. Our benchmark suite is new. PPO wins on it."
    forms = {"m": ["PPO"], "d": ["the suite"], "t": ["title"]}
    assert tied_pairs(text, forms) == {frozenset(("m", "t")): "Title on ppo"}  # PPO-Max is another name
    bench = text.index("Our benchmark")
    assert tied_pairs(text, {"m": ["PPO-Max"], "d": ["nothing"]}, {"d": [bench]}) == {}
    assert tied_pairs(text, {"m": ["PPO"], "d": ["nothing"]}, {"d": [text.index("PPO wins")]}) == {
        frozenset(("m", "d")): "PPO wins on it."}


def test_variant_edges_are_written_between_entities_of_one_label(tmp_path) -> None:
    coco = Mention("dataset", "COCO", [], "used", "COCO.", 0, 4)
    coco17 = Mention("dataset", "COCO 2017", [], "used", "COCO 2017.", 0, 9)
    papers = [_paper("p1", [coco]), _paper("p2", [coco17])]
    table, builder = AliasTable(CorpusVotes.of(ex for _, ex in papers), []), TablesBuilder(tmp_path)
    for paper, ex in papers:
        builder.add_paper(paper, resolve_extraction(table, ex))
    builder.finish(table.entities(), table.variants())
    rows = list(GraphTables(tmp_path).edge_rows()[RelGroup("VARIANT_OF", "Dataset", "Dataset")])
    assert rows == [{"source": "dataset:coco-2017", "target": "dataset:coco", "props": {"rule": "2017"}}]
    g = GraphTables(tmp_path).to_networkx()
    assert g.has_edge("dataset:coco-2017", "dataset:coco", key="VARIANT_OF")
