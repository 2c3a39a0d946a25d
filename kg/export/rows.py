"""Turn a contract-format MultiDiGraph into rows grouped by node label and relationship type.

Every store and exporter loads these rows, so labels, types and property names come from
the graph schema only: a node or edge the schema does not allow is an ExportError.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import networkx as nx

from kg.errors import ExportError
from kg.schema import load_schema


@dataclass(frozen=True, order=True)
class RelGroup:
    """Edges of one relationship type between one pair of labels."""

    type: str
    source_label: str
    target_label: str


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
    known = load_schema()["nodes"]
    labels = dict(graph.nodes(data="label"))
    for node, label in labels.items():
        if label not in known:
            raise ExportError(f"node {node!r} has label {label!r}, which the graph schema does not define")
    return labels


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
    labels = _labels(graph)
    for node, data in graph.nodes(data=True):
        groups[labels[node]].append((node, data))
    return groups


def edge_groups(graph: nx.MultiDiGraph) -> dict[RelGroup, list[tuple[str, str, dict]]]:
    """RelGroup -> (source id, target id, edge data) of every edge in that group."""
    groups: dict[RelGroup, list[tuple[str, str, dict]]] = {group: [] for group in sorted(rel_groups())}
    by_key = {(g.type, g.source_label, g.target_label): groups[g] for g in groups}
    labels = _labels(graph)
    # The raw adjacency dicts: graph.edges() or graph.adj wrap every level in a view, which
    # takes most of the time on a million edges.
    for source, targets in graph._adj.items():
        source_label = labels[source]
        for target, keyed in targets.items():
            target_label = labels[target]
            for key, data in keyed.items():
                rel_type = data.get("type", key)
                group = by_key.get((rel_type, source_label, target_label))
                if group is None:
                    raise ExportError(f"edge {source!r}-[{rel_type}]->{target!r} is not allowed by the graph schema")
                group.append((source, target, data))
    return groups


def node_rows(graph: nx.MultiDiGraph) -> dict[str, list[dict]]:
    """Label -> one dict per node: `id` (the node key) plus the schema properties it has."""
    rows = {}
    for label, items in node_groups(graph).items():
        pick = _picker(node_properties(label))
        rows[label] = [{**pick(data), "id": node} for node, data in items]
    return rows


def edge_rows(graph: nx.MultiDiGraph) -> dict[RelGroup, list[dict]]:
    """RelGroup -> one dict per edge: `source`, `target` (node ids) and `props`."""
    rows = {}
    for group, items in edge_groups(graph).items():
        pick = _picker(rel_properties(group.type))
        rows[group] = [{"source": s, "target": t, "props": pick(data)} for s, t, data in items]
    return rows
