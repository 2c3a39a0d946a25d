"""CSV files for `neo4j-admin database import full`: headers, rows, ids and the command."""
from __future__ import annotations

import csv
import shlex
from pathlib import Path

import networkx as nx
import pytest

from support.graphs import tables_of

from kg.errors import ExportError
from kg.export.admin_csv import write_admin_csv
from kg.model import AdminCsv
from kg.schema import load_schema

PPO = "method:proximal-policy-optimization"


def _read(path: Path) -> tuple[list[str], list[list[str]]]:
    with path.open(encoding="utf-8", newline="") as f:
        header, *rows = list(csv.reader(f))
    return header, rows


def _records(path: Path) -> list[dict[str, str]]:
    header, rows = _read(path)
    return [dict(zip(header, row, strict=True)) for row in rows]


@pytest.fixture
def export(tmp_path_factory):
    """write_admin_csv for a hand-built graph, written as graph tables first (what it reads)."""
    def run(graph: nx.MultiDiGraph, out: Path, **options) -> AdminCsv:
        return write_admin_csv(tables_of(graph, tmp_path_factory.mktemp("tables")), out, **options)
    return run


def test_one_file_per_label_and_type_with_typed_headers(export, small_graph, tmp_path):
    export(small_graph, tmp_path)
    schema = load_schema()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [f"nodes_{label}.csv" for label in schema["nodes"]] + [f"rels_{t}.csv" for t in schema["relationships"]])
    assert _read(tmp_path / "nodes_Paper.csv")[0] == [
        "id:ID", ":LABEL", "title:string", "abstract:string", "date:string", "date_text:string", "year:int",
        "authors:string[]", "n_authors:int", "url:string", "categories:string[]", "sources:string[]"]
    assert _read(tmp_path / "nodes_Method.csv")[0][3] == "aliases:string[]"
    assert _read(tmp_path / "rels_USES.csv")[0] == [":START_ID", ":END_ID", ":TYPE", "role:string",
                                                    "evidence:string", "start:int", "end:int",
                                                    "confidence:double"]
    assert _read(tmp_path / "rels_EVALUATED_ON.csv")[0] == [":START_ID", ":END_ID", ":TYPE", "weight:int",
                                                            "papers:string[]", "n_sentence:int", "sentence:string",
                                                            "sentence_paper:string"]
    assert _read(tmp_path / "rels_HAS_CODE.csv")[0] == [":START_ID", ":END_ID", ":TYPE"]


def test_rows_hold_every_node_and_edge(export, small_graph, tmp_path):
    export(small_graph, tmp_path)
    labels = {p.stem.removeprefix("nodes_"): _records(p) for p in tmp_path.glob("nodes_*.csv")}
    assert {k: len(v) for k, v in labels.items()} == {"Paper": 4, "Method": 2, "Dataset": 2, "Task": 2,
                                                      "Repository": 1}
    assert all(r[":LABEL"] == label for label, rows in labels.items() for r in rows)
    rels = [r for p in tmp_path.glob("rels_*.csv") for r in _records(p)]
    assert len(rels) == small_graph.number_of_edges()
    assert {(r[":START_ID"], r[":END_ID"], r[":TYPE"]) for r in rels} == {
        (u, v, k) for u, v, k in small_graph.edges(keys=True)}
    ppo = next(r for r in labels["Method"] if r["id:ID"] == PPO)
    assert (ppo["aliases:string[]"], ppo["n_papers:int"], ppo["n_proposed:int"]) == ("PPO", "3", "0")
    p3 = next(r for r in labels["Paper"] if r["id:ID"] == "p3")
    assert p3["url:string"] == "" and p3["year:int"] == "2023"


def test_every_relationship_end_is_a_node_id(export, small_graph, tmp_path):
    export(small_graph, tmp_path)
    ids = [r["id:ID"] for p in tmp_path.glob("nodes_*.csv") for r in _records(p)]
    assert len(ids) == len(set(ids))
    for path in tmp_path.glob("rels_*.csv"):
        for r in _records(path):
            assert r[":START_ID"] in ids and r[":END_ID"] in ids


def test_awkward_values_survive_a_csv_round_trip(export, small_graph, tmp_path):
    title = 'Commas, "quotes", \'single\', back\\slash\nsecond line\r\nthird — é 漢字 🚀'
    small_graph.nodes["p1"]["title"] = title
    small_graph.nodes["p1"]["authors"] = ["Doe, J.", 'Say "hi"', "O'Brien"]
    command = export(small_graph, tmp_path).command
    p1 = next(r for r in _records(tmp_path / "nodes_Paper.csv") if r["id:ID"] == "p1")
    assert p1["title:string"] == title
    assert p1["authors:string[]"].split(";") == ["Doe, J.", 'Say "hi"', "O'Brien"]
    assert "--multiline-fields=true" in command


def test_array_delimiter_avoids_characters_in_list_values(export, small_graph, tmp_path):
    small_graph.nodes[PPO]["aliases"] = ["PPO;clip", "PPO|v2"]
    command = export(small_graph, tmp_path).command
    assert "--array-delimiter=U+001F" in command
    ppo = next(r for r in _records(tmp_path / "nodes_Method.csv") if r["id:ID"] == PPO)
    assert ppo["aliases:string[]"].split("\x1f") == ["PPO;clip", "PPO|v2"]


def test_command_names_every_file_and_the_database(export, small_graph, tmp_path):
    words = shlex.split(export(small_graph, tmp_path / "out dir", database="kg").command)
    assert words[:4] == ["neo4j-admin", "database", "import", "full"] and words[-1] == "kg"
    assert "--array-delimiter=;" in words and "--multiline-fields=true" not in words
    files = {Path(w.split("=", 1)[1]) for w in words if w.startswith(("--nodes=", "--relationships="))}
    assert files == set((tmp_path / "out dir").iterdir())
    assert sum(w.startswith("--nodes=") for w in words) == len(load_schema()["nodes"])


def test_unwritable_folder_is_an_export_error(export, small_graph, tmp_path):
    (tmp_path / "file").write_text("x")
    with pytest.raises(ExportError):
        export(small_graph, tmp_path / "file" / "sub")


def test_empty_graph_writes_header_only_files(export, tmp_path):
    export(nx.MultiDiGraph(), tmp_path)
    assert _read(tmp_path / "nodes_Task.csv")[1] == []
