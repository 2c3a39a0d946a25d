"""Every Cypher statement the project writes passes Neo4j's own linter (run offline by node)."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import networkx as nx
import pytest
from support.graphs import tables_of

from kg.export.cypher_files import CONSTRAINTS_FILE, FALKORDB_INDEXES_FILE, QUERIES_DIR, read_statements
from kg.export.cypher_script import write_cypher_script
from kg.export.neo4j_statements import edge_merge, node_merge
from kg.schema import load_schema, rel_groups

LINT_DIR = Path(__file__).resolve().parent / "cypher_lint"
PARAM_NOT_DEFINED = re.compile(r"^Parameter \$\w+ is not defined\.$")


class Linter:
    """One node process answering a JSON line of statements with a JSON line of diagnostics."""

    def __init__(self, node: str) -> None:
        self.proc = subprocess.Popen([node, "lint.mjs"], cwd=LINT_DIR, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, text=True, encoding="utf-8")

    def __call__(self, statements: list[str], allow_parameters: bool = False) -> dict[str, list[dict]]:
        """Statement -> its diagnostics, for the statements that have any."""
        self.proc.stdin.write(json.dumps(statements) + "\n")
        self.proc.stdin.flush()
        found = {}
        for statement, diagnostics in zip(statements, json.loads(self.proc.stdout.readline()), strict=True):
            kept = [d for d in diagnostics if not (allow_parameters and PARAM_NOT_DEFINED.match(d["message"]))]
            if kept:
                found[statement] = kept
        return found

    def close(self) -> None:
        """End the node process."""
        self.proc.stdin.close()
        self.proc.wait(timeout=30)


@pytest.fixture(scope="module")
def lint() -> Iterator[Linter]:
    """Neo4j's linter, or a skip when node or the npm packages are missing."""
    node = shutil.which("node")
    if node is None or not (LINT_DIR / "node_modules" / "@neo4j-cypher" / "language-support").is_dir():
        pytest.skip("needs node and `npm ci` in tests/cypher_lint")
    linter = Linter(node)
    yield linter
    linter.close()


def test_linter_reports_real_errors(lint):
    found = lint(["MATCH (n RETURN n", "MATCH (n) RETURN n"])
    assert list(found) == ["MATCH (n RETURN n"] and found["MATCH (n RETURN n"][0]["severity"] == 1


def test_linter_flags_undefined_parameters_unless_allowed(lint):
    assert lint(["RETURN $x"]) and not lint(["RETURN $x"], allow_parameters=True)


def test_constraints_and_indexes_are_clean(lint):
    statements = read_statements(CONSTRAINTS_FILE) + read_statements(FALKORDB_INDEXES_FILE)
    assert len(statements) >= 2 * len(load_schema()["nodes"])
    assert lint(statements) == {}


def test_constraints_cover_every_label():
    text = CONSTRAINTS_FILE.read_text(encoding="utf-8")
    for label in load_schema()["nodes"]:
        assert f"FOR (n:{label}) REQUIRE n.id IS UNIQUE" in text


def test_driver_statements_are_clean(lint):
    statements = [node_merge(label) for label in load_schema()["nodes"]]
    statements += [edge_merge(group) for group in rel_groups()]
    assert lint(statements, allow_parameters=True) == {}


def test_script_statements_are_clean(lint, small_graph: nx.MultiDiGraph, tmp_path: Path):
    small_graph.nodes["p1"]["title"] = 'Tricky " \' \\ } */ // -- ; \n\r\t — é 漢字 🚀 \x01 \u2028 end'
    small_graph.nodes["p2"]["authors"] = ["O'Brien", 'Say "hi"', "semi;colon"]
    path = tmp_path / "graph.cypher"
    write_cypher_script(tables_of(small_graph, tmp_path / "tables"), path, block_size=4)
    lines = path.read_text(encoding="utf-8").splitlines()
    statements = [ln for ln in lines if not ln.startswith("//") and ln not in (":begin", ":commit")]
    assert all(s.endswith(";") for s in statements)
    assert len(statements) == len(read_statements(CONSTRAINTS_FILE)) + 11 + 22  # nodes, relationships (USED_WITH included)
    assert lint([s.removesuffix(";") for s in statements]) == {}


def test_example_queries_are_clean(lint):
    queries = [p.read_text(encoding="utf-8") for p in sorted(QUERIES_DIR.glob("*.cypher"))]
    assert len(queries) >= 6
    assert lint(queries, allow_parameters=True) == {}
