"""The embedded Ladybug store: bulk load from the graph tables, counts, queries, errors."""
from __future__ import annotations

from pathlib import Path

import ladybug
import networkx as nx
import pytest

from kg.errors import BuildNotFoundError, ExportError, QueryError, TablesError
from kg.graph import load_graph
from kg.store import format_table, load_store, load_store_tables, run_query
from kg.tables import TABLES_DIR, GraphTables, tables_from_graph

PPO = "method:proximal-policy-optimization"


def _count(store: Path, pattern: str) -> int:
    return run_query(store, f"MATCH {pattern} RETURN count(*)")[1][0][0]


@pytest.fixture
def store(small_graph: nx.MultiDiGraph, tmp_path: Path) -> Path:
    """A store loaded from the small graph."""
    load_store(small_graph, tmp_path / "store")
    return tmp_path / "store"


def test_load_reports_and_stores_counts_per_label_and_type(small_graph, tmp_path):
    loaded = load_store(small_graph, tmp_path / "s")
    counts = loaded.counts
    assert loaded.folder == tmp_path / "s"
    assert counts == {"Paper": 4, "Method": 2, "Dataset": 2, "Task": 2, "Repository": 1,
                      "PROPOSES": 1, "USES": 4, "EVALUATES_ON": 4, "ADDRESSES": 3, "HAS_CODE": 1,
                      "EVALUATED_ON": 3, "APPLIED_TO": 3, "BENCHMARK_FOR": 2, "USED_WITH": 1, "VARIANT_OF": 0}
    for name, n in counts.items():
        pattern = f"(:{name})" if name[0].isupper() and not name.isupper() else f"()-[:{name}]->()"
        assert _count(tmp_path / "s", pattern) == n, name


def test_properties_round_trip_with_lists_and_nulls(store):
    cols, rows = run_query(store, "MATCH (p:Paper {id: 'p3'}) RETURN p.title, p.year, p.authors, p.url")
    assert cols == ["p.title", "p.year", "p.authors", "p.url"]
    assert rows == [["Direct Preference Optimization: aligning LMs", 2023, ["A. Author"], None]]
    _, rows = run_query(store, f"MATCH (m:Method {{id: '{PPO}'}}) RETURN m.aliases, m.n_papers")
    assert rows == [[["PPO"], 3]]
    _, rows = run_query(store, "MATCH (:Method)-[r:EVALUATED_ON]->(d:Dataset) WHERE d.name = 'MuJoCo' "
                               "RETURN r.weight, r.papers")
    assert rows == [[2, ["p1", "p2"]]]


def test_proposes_reaches_any_entity_label(store):
    _, rows = run_query(store, "MATCH (p:Paper)-[r:PROPOSES]->(m:Method) RETURN p.id, m.name, r.role, r.`end`")
    assert rows == [["p3", "Direct Preference Optimization", "proposed", len(
        "Direct Preference Optimization: aligning LMs links Direct Preference Optimization.")]]


def test_query_parameters_and_node_values(store):
    _, rows = run_query(store, "MATCH (p:Paper)-[:USES]->(m:Method {id: $m}) RETURN p ORDER BY p.id", {"m": PPO})
    assert [r[0]["id"] for r in rows] == ["p1", "p2", "p3"]
    assert rows[0][0]["label"] == "Paper" and not any(k.startswith("_") for k in rows[0][0])


@pytest.mark.parametrize("cypher", ["MATCH (n RETURN n", "MATCH (n:Nope) RETURN n", "MATCH (p:Paper) RETURN p.nope"])
def test_query_errors_are_one_line_query_errors(store, cypher):
    with pytest.raises(QueryError) as info:
        run_query(store, cypher)
    assert "\n" not in str(info.value) and str(info.value)


def test_unconvertible_parameter_is_a_query_error(store):
    with pytest.raises(QueryError):
        run_query(store, "RETURN $x", {"x": [1, "a"]})


def test_store_is_read_only_for_queries(store):
    with pytest.raises(QueryError):
        run_query(store, "CREATE (:Paper {id: 'x', title: 't', abstract: 'a'})")
    assert _count(store, "(:Paper)") == 4


def test_query_on_missing_store_says_build_first(tmp_path):
    with pytest.raises(BuildNotFoundError):
        run_query(tmp_path / "nothing", "RETURN 1")


def test_reload_replaces_instead_of_duplicating(small_graph, store):
    small_graph.remove_node("p4")
    load_store(small_graph, store)
    assert _count(store, "(:Paper)") == 3
    assert _count(store, "()-[:USES]->()") == 3


def test_load_uses_bulk_copy_not_per_row_statements(small_graph, tmp_path, monkeypatch):
    statements: list[str] = []
    real = ladybug.Connection.execute

    def recording(self, query, *args, **kwargs):
        statements.append(query)
        return real(self, query, *args, **kwargs)

    monkeypatch.setattr(ladybug.Connection, "execute", recording)
    load_store(small_graph, tmp_path / "s")
    writes = [s for s in statements if not s.startswith("CREATE ") and s != "CHECKPOINT"]
    assert writes and all(s.startswith("COPY ") for s in writes)
    # One COPY per non-empty table group, however many rows: 5 labels + 9 non-empty rel groups.
    assert len(writes) == 14


def test_graph_outside_the_schema_is_rejected(small_graph, tmp_path):
    small_graph.add_node("x", label="Author", id="x")
    with pytest.raises(ExportError):
        load_store(small_graph, tmp_path / "s")


def test_edge_from_a_label_without_outgoing_types_is_rejected(small_graph, tmp_path):
    repo = "repo:github.com/acme/dpo"  # no relationship type starts at a Repository
    small_graph.add_edge(repo, "p1", key="USES", type="USES")
    with pytest.raises(ExportError, match="not allowed"):
        load_store(small_graph, tmp_path / "s")


def test_load_leaves_no_scratch_files_and_survives_quotes_in_the_path(small_graph, tmp_path):
    store = tmp_path / "it's a store"
    load_store(small_graph, store)
    assert sorted(p.name for p in store.iterdir() if not p.name.startswith("graph.lbug")) == []
    assert _count(store, "(:Paper)-[:USES]->(:Method)") == 4


def test_wrongly_typed_property_is_refused_before_loading(small_graph, tmp_path):
    small_graph.nodes["p1"]["year"] = "nineteen"
    with pytest.raises(TablesError) as info:
        load_store(small_graph, tmp_path / "s")
    assert "nodes.Paper.parquet: column year" in str(info.value)


def test_format_table_aligns_and_counts():
    text = format_table(["name", "n"], [["PPO", 3], ["a very long name " * 10, None], [["x", "y"], 1]])
    lines = text.splitlines()
    assert lines[0].startswith("name") and set(lines[1].replace(" ", "")) == {"-"}
    assert lines[2].split() == ["PPO", "3"]
    assert len(lines[3]) <= 60 + 2 + 1 and lines[3].rstrip().endswith("…")
    assert lines[4].startswith("x, y")
    assert lines[-1] == "(3 rows)"


def test_store_from_tables_equals_store_from_the_graph_read_back(small_graph, tmp_path):
    tables_from_graph(small_graph, tmp_path / TABLES_DIR)
    tables = GraphTables(tmp_path / TABLES_DIR)
    assert load_store_tables(tables, tmp_path / "s").counts == load_store(load_graph(tmp_path), tmp_path / "t").counts
    query = "MATCH (p:Paper)-[r]->(e) RETURN p.id, e.id, r.evidence, p.authors ORDER BY p.id, e.id"
    assert run_query(tmp_path / "s", query) == run_query(tmp_path / "t", query)
