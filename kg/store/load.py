"""Fill the store from the graph tables by bulk COPY, one statement per Parquet file."""
from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import ladybug
import networkx as nx

from kg.errors import NoSpaceError, StoreError
from kg.model import StoreLoad
from kg.schema import RelGroup
from kg.store.connect import connect, first_line, store_file
from kg.store.ddl import create_statements
from kg.tables import GraphTables
from kg.tables.spec import edge_file, groups, node_file, node_labels


# Ladybug reports a full disk as a failed read or write of its file: below this much free
# space, that is what the failure is called.
LOW_SPACE = 64 * 2**20


def _execute(conn: ladybug.Connection, cypher: str, store_dir: Path) -> None:
    try:
        conn.execute(cypher)
    except RuntimeError as exc:
        free = shutil.disk_usage(store_dir).free
        if free < LOW_SPACE:
            raise NoSpaceError(f"{store_dir}: no space left on the device while loading the store "
                               f"({free // 1024} KiB free; LadybugDB said: {first_line(exc)})") from None
        raise StoreError(f"loading the store failed: {first_line(exc)}") from None


def _cypher_path(path: Path) -> str:
    """A file path as a single-quoted Cypher string literal."""
    return "'" + str(path.resolve()).replace("\\", "\\\\").replace("'", "\\'") + "'"


def _copy_options(group: RelGroup) -> str:
    """COPY options naming the label pair, needed for a relationship table with several pairs."""
    return f"(from='{group.source_label}', to='{group.target_label}')"


def _remove_store(store_dir: Path) -> None:
    """Delete the database file and its companions (WAL, lock) so a build starts empty."""
    for path in Path(store_dir).glob(f"{store_file(store_dir).name}*"):
        path.unlink()


def load_store_tables(tables: GraphTables, store_dir: Path) -> StoreLoad:
    """Build a fresh store by COPY from each table file; returns it with its rows per label and type."""
    Path(store_dir).mkdir(parents=True, exist_ok=True)
    _remove_store(store_dir)
    with connect(store_dir) as conn:
        for statement in create_statements():
            _execute(conn, statement, store_dir)
        # Columns match the store's tables by position: the tables are written in that order.
        for label in node_labels():
            if tables.node_count(label):
                _execute(conn, f"COPY {label} FROM {_cypher_path(node_file(tables.folder, label))}", store_dir)
        for group in groups():
            if tables.edge_count(group):
                path = _cypher_path(edge_file(tables.folder, group))
                _execute(conn, f"COPY {group.type} FROM {path} {_copy_options(group)}", store_dir)
        _execute(conn, "CHECKPOINT", store_dir)
    return StoreLoad(Path(store_dir), tables.counts())


def load_store(graph: nx.MultiDiGraph, store_dir: Path) -> StoreLoad:
    """Build a fresh store from an in-memory graph, written as tables in a scratch folder first."""
    from kg.tables import tables_from_graph  # the writers need spaCy; reading a store must not
    Path(store_dir).mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".tables-", dir=store_dir) as folder:
        tables_from_graph(graph, Path(folder))
        return load_store_tables(GraphTables(Path(folder)), store_dir)
