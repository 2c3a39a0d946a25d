"""A networkx graph in the contract format as rows grouped by node label and relationship group.

Labels and relationship types come from the graph schema only: a node or edge the schema
does not allow is an ExportError. tables_from_graph writes a networkx graph through these.
"""
from __future__ import annotations

from collections.abc import Iterable

import networkx as nx

from kg.errors import ExportError
from kg.schema import RelGroup, load_schema, rel_groups


def _labels(graph: nx.MultiDiGraph) -> dict:
    """Node -> label, checked against the schema."""
    labels = dict(graph.nodes(data="label"))
    known = load_schema()["nodes"]
    if not set(labels.values()) <= known.keys():
        raise _label_error(*next((n, label) for n, label in labels.items() if label not in known))
    return labels


def _label_error(node: object, label: object) -> ExportError:
    return ExportError(f"node {node!r} has label {label!r}, which the graph schema does not define")


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
