"""Turn a contract-format MultiDiGraph into rows grouped by node label and relationship type.

Every store and exporter loads these rows, so labels, types and property names come from
the graph schema only: a node or edge the schema does not allow is an ExportError.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Protocol, Union

import networkx as nx

from kg.errors import ExportError
from kg.schema import load_schema


@dataclass(frozen=True, order=True)
class RelGroup:
    """Edges of one relationship type between one pair of labels."""

    type: str
    source_label: str
    target_label: str


class RowSource(Protocol):
    """Anything that streams graph rows: the graph tables on disk (kg.tables.GraphTables)."""

    def node_rows(self) -> dict[str, Iterable[dict]]:
        """Label -> node rows."""

    def edge_rows(self) -> dict[RelGroup, Iterable[dict]]:
        """RelGroup -> edge rows."""


Graph = Union[nx.MultiDiGraph, RowSource]


def node_properties(label: str) -> dict[str, str]:
    """Schema property name -> Neo4j type name for a node label, `id` first."""
    return dict(load_schema()["nodes"][label]["properties"])


def rel_properties(rel_type: str) -> dict[str, str]:
    """Schema property name -> Neo4j type name for a relationship type."""
    return dict(load_schema()["relationships"][rel_type]["properties"])


def rel_groups() -> list[RelGroup]:
    """Every (type, from label, to label) combination the schema allows."""
    rels = load_schema()["relationships"]
    return [RelGroup(t, a, b) for t, spec in rels.items() for a in spec["from"] for b in spec["to"]]


def _labels(graph: nx.MultiDiGraph) -> dict:
    """Node -> label, checked against the schema."""
    labels = dict(graph.nodes(data="label"))
    known = load_schema()["nodes"]
    if not set(labels.values()) <= known.keys():
        raise _label_error(*next((n, label) for n, label in labels.items() if label not in known))
    return labels


def _label_error(node: object, label: object) -> ExportError:
    return ExportError(f"node {node!r} has label {label!r}, which the graph schema does not define")


def _picker(names: dict[str, str]) -> Callable[[dict], dict]:
    """A function taking the schema properties present on a node or edge, lists copied as lists."""
    lists = {name for name, kind in names.items() if kind.startswith("LIST")}
    scalars = [name for name in names if name not in lists]

    def pick(data: dict) -> dict:
        picked = {name: data[name] for name in scalars if data.get(name) is not None}
        picked.update((name, list(data[name])) for name in lists if data.get(name) is not None)
        return picked

    return pick


def node_groups(graph: nx.MultiDiGraph) -> dict[str, list[tuple[str, dict]]]:
    """Label -> (node id, node data) of every node with that label."""
    groups: dict[str, list[tuple[str, dict]]] = {label: [] for label in load_schema()["nodes"]}
    for node, data in graph._node.items():
        rows = groups.get(data.get("label"))
        if rows is None:
            raise _label_error(node, data.get("label"))
        rows.append((node, data))
    return groups


def _group_table(groups: dict[RelGroup, list]) -> dict[str, dict[str, dict[str, list]]]:
    """Source label -> target label -> relationship type -> that group's row list."""
    table: dict[str, dict[str, dict[str, list]]] = {}
    for group, rows in groups.items():
        table.setdefault(group.source_label, {}).setdefault(group.target_label, {})[group.type] = rows
    return table


def _collect_edges(graph: nx.MultiDiGraph, sources: Iterable, labels: dict, groups: dict[RelGroup, list]) -> None:
    """Append (source, target, data) of every edge leaving `sources` to its group's rows."""
    table = _group_table(groups)
    adj = graph._adj
    # The raw adjacency dicts: graph.edges() or graph.adj wrap every level in a view, which
    # takes most of the time on a million edges.
    for source in sources:
        by_target = table.get(labels[source], {})
        for target, keyed in adj[source].items():
            by_type = by_target.get(labels[target], {})
            for key, data in keyed.items():
                rel_type = data.get("type", key)
                rows = by_type.get(rel_type)
                if rows is None:
                    raise ExportError(f"edge {source!r}-[{rel_type}]->{target!r} is not allowed by the graph schema")
                rows.append((source, target, data))


def edge_groups(graph: nx.MultiDiGraph) -> dict[RelGroup, list[tuple[str, str, dict]]]:
    """RelGroup -> (source id, target id, edge data) of every edge in that group."""
    groups: dict[RelGroup, list[tuple[str, str, dict]]] = {group: [] for group in sorted(rel_groups())}
    _collect_edges(graph, graph._adj, _labels(graph), groups)
    return groups


def node_rows(graph: Graph) -> dict[str, Iterable[dict]]:
    """Label -> one dict per node: `id` (the node key) plus the schema properties it has."""
    if not isinstance(graph, nx.MultiDiGraph):
        return graph.node_rows()
    rows = {}
    for label, items in node_groups(graph).items():
        pick = _picker(node_properties(label))
        rows[label] = [{**pick(data), "id": node} for node, data in items]
    return rows


def edge_rows(graph: Graph) -> dict[RelGroup, Iterable[dict]]:
    """RelGroup -> one dict per edge: `source`, `target` (node ids) and `props`."""
    if not isinstance(graph, nx.MultiDiGraph):
        return graph.edge_rows()
    rows = {}
    for group, items in edge_groups(graph).items():
        pick = _picker(rel_properties(group.type))
        rows[group] = [{"source": s, "target": t, "props": pick(data)} for s, t, data in items]
    return rows
