"""The rows every exporter writes, grouped by node label and relationship group.

They stream from the graph tables on disk, or (for small in-memory graphs) from a networkx
graph in the contract format, its properties picked by the graph schema.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Protocol, Union

import networkx as nx

from kg.schema import RelGroup, node_properties, rel_properties
from kg.tables.graph_rows import edge_groups, node_groups


class RowSource(Protocol):
    """Anything that streams graph rows: the graph tables on disk (kg.tables.GraphTables)."""

    def node_rows(self) -> dict[str, Iterable[dict]]:
        """Label -> node rows."""

    def edge_rows(self) -> dict[RelGroup, Iterable[dict]]:
        """RelGroup -> edge rows."""


Graph = Union[nx.MultiDiGraph, RowSource]


def _picker(names: dict[str, str]) -> Callable[[dict], dict]:
    """A function taking the schema properties present on a node or edge, lists copied as lists."""
    lists = {name for name, kind in names.items() if kind.startswith("LIST")}
    scalars = [name for name in names if name not in lists]

    def pick(data: dict) -> dict:
        picked = {name: data[name] for name in scalars if data.get(name) is not None}
        picked.update((name, list(data[name])) for name in lists if data.get(name) is not None)
        return picked

    return pick


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
