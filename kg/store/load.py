"""Fill the store from a graph: bulk COPY for a fresh build, new-and-changed rows for an update."""
from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import ladybug
import networkx as nx

from kg.errors import StoreError
from kg.export.rows import (RelGroup, edge_groups, edge_groups_by_source_label, node_groups, node_properties,
                            rel_properties)
from kg.store.connect import connect, first_line, store_file
from kg.store.ddl import column, create_statements
from kg.store.frames import edge_frame, node_columns, node_frame
from kg.store.parquet_copy import ParquetCopier, parquet_copier


def _execute(conn: ladybug.Connection, cypher: str, params: dict | None = None) -> ladybug.QueryResult:
    try:
        return conn.execute(cypher, params or {})
    except RuntimeError as exc:
        raise StoreError(f"loading the store failed: {first_line(exc)}") from None


def _copy_nodes(conn: ladybug.Connection, label: str, rows: list[tuple[str, dict]]) -> None:
    if rows:
        _execute(conn, f"COPY {label} FROM $t", {"t": node_frame(label, rows)})


def _copy_options(group: RelGroup) -> str:
    """COPY options naming the label pair, needed for a relationship table with several pairs."""
    return f"(from='{group.source_label}', to='{group.target_label}')"


def _copy_edges(conn: ladybug.Connection, group: RelGroup, rows: list[tuple[str, str, dict]]) -> None:
    if rows:
        _execute(conn, f"COPY {group.type} FROM $t {_copy_options(group)}", {"t": edge_frame(group.type, rows)})


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic GC: building millions of row tuples otherwise rescans the whole graph."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _remove_store(store_dir: Path) -> None:
    """Delete the database file and its companions (WAL, lock) so a build starts empty."""
    for path in Path(store_dir).glob(f"{store_file(store_dir).name}*"):
        path.unlink()


def _copy_all(copier: ParquetCopier, graph: nx.MultiDiGraph, nodes: dict[str, list]) -> dict[str, int]:
    """Queue every node and edge table; returns counts per label and type.

    A node table is queued when the first edge group touching its label needs it, so the
    engine loads small labels and their edges while the big Paper table is still being built.
    """
    counts = {label: len(rows) for label, rows in nodes.items()}
    queued: set[str] = set()

    def need(label: str) -> None:
        if label not in queued:
            queued.add(label)
            if nodes[label]:
                copier.copy(label, node_frame(label, nodes[label]))

    for edges in edge_groups_by_source_label(graph):
        for group, rows in edges.items():
            counts[group.type] = counts.get(group.type, 0) + len(rows)
            if rows:
                need(group.source_label)
                need(group.target_label)
                copier.copy(group.type, edge_frame(group.type, rows), _copy_options(group))
    for label in nodes:
        need(label)
    return counts


def load_store(graph: nx.MultiDiGraph, store_dir: Path) -> dict[str, int]:
    """Build a fresh store from the graph by bulk COPY; returns node/edge counts per label and type."""
    Path(store_dir).mkdir(parents=True, exist_ok=True)
    _remove_store(store_dir)
    with _gc_paused(), connect(store_dir) as conn:
        nodes = node_groups(graph)
        for statement in create_statements():
            _execute(conn, statement)
        with parquet_copier(conn, store_dir, _execute) as copier:
            counts = _copy_all(copier, graph, nodes)
        _execute(conn, "CHECKPOINT")
    return counts


def _values(data: dict, props: dict[str, str]) -> list:
    """Property values as the store returns them: nulls for missing, lists as lists."""
    return [list(data[n]) if kind.startswith("LIST") and data.get(n) is not None else data.get(n)
            for n, kind in props.items()]


def _split(rows: list[tuple], stored: dict, n_keys: int, props: dict[str, str]) -> tuple[list, list]:
    """Rows not in the store yet, and stored rows whose values differ; keys are the first n_keys items."""
    new, changed = [], []
    for row in rows:
        key = row[0] if n_keys == 1 else row[:n_keys]
        old = stored.get(key)
        if old is None:
            new.append(row)
        elif old[n_keys:] != _values(row[n_keys], props):
            changed.append(row)
    return new, changed


def _stored_nodes(conn: ladybug.Connection, label: str) -> dict[str, list]:
    """id -> column values of every stored node of a label."""
    cols = ", ".join(f"n.{column(name)}" for name in node_columns(label))
    result = _execute(conn, f"MATCH (n:{label}) RETURN {cols}")
    return {row[0]: row for row in result.get_all()}


def _stored_edges(conn: ladybug.Connection, group: RelGroup) -> dict[tuple[str, str], list]:
    """(source id, target id) -> values of every stored edge of a group."""
    cols = ", ".join(["a.id", "b.id", *(f"r.{column(p)}" for p in rel_properties(group.type))])
    pattern = f"(a:{group.source_label})-[r:{group.type}]->(b:{group.target_label})"
    return {(row[0], row[1]): row for row in _execute(conn, f"MATCH {pattern} RETURN {cols}").get_all()}


def _update_nodes(conn: ladybug.Connection, label: str, rows: list[tuple[str, dict]]) -> None:
    names = node_columns(label)[1:]
    if rows and names:
        sets = ", ".join(f"n.{column(name)} = c{i}" for i, name in enumerate(names, start=1))
        _execute(conn, f"LOAD FROM $t MATCH (n:{label} {{id: c0}}) SET {sets}", {"t": node_frame(label, rows)})


def _update_edges(conn: ladybug.Connection, group: RelGroup, rows: list[tuple[str, str, dict]]) -> None:
    names = list(rel_properties(group.type))
    if rows and names:
        sets = ", ".join(f"r.{column(name)} = c{i}" for i, name in enumerate(names, start=2))
        pattern = (f"(a:{group.source_label} {{id: c0}})-[r:{group.type}]->"
                   f"(b:{group.target_label} {{id: c1}})")
        _execute(conn, f"LOAD FROM $t MATCH {pattern} SET {sets}", {"t": edge_frame(group.type, rows)})


def add_to_store(graph: nx.MultiDiGraph, store_dir: Path) -> dict[str, int]:
    """Add the graph's new nodes/edges to a store (bulk) and update changed ones; builds one if absent."""
    if not store_file(store_dir).exists():
        counts = load_store(graph, store_dir)
        n_nodes = sum(counts.get(label, 0) for label in node_groups(nx.MultiDiGraph()))
        return {"nodes_added": n_nodes, "edges_added": sum(counts.values()) - n_nodes,
                "nodes_updated": 0, "edges_updated": 0}
    stats = dict.fromkeys(("nodes_added", "edges_added", "nodes_updated", "edges_updated"), 0)
    with _gc_paused(), connect(store_dir) as conn:
        for label, rows in node_groups(graph).items():
            props = node_properties(label)
            new, changed = _split(rows, _stored_nodes(conn, label), 1,
                                  {name: props[name] for name in node_columns(label)[1:]})
            _copy_nodes(conn, label, new)
            _update_nodes(conn, label, changed)
            stats["nodes_added"] += len(new)
            stats["nodes_updated"] += len(changed)
        for group, rows in edge_groups(graph).items():
            new, changed = _split(rows, _stored_edges(conn, group), 2, rel_properties(group.type))
            _copy_edges(conn, group, new)
            _update_edges(conn, group, changed)
            stats["edges_added"] += len(new)
            stats["edges_updated"] += len(changed)
        _execute(conn, "CHECKPOINT")
    return stats
