"""Turn a contract-format MultiDiGraph into rows grouped by node label and relationship type.

Every store and exporter loads these rows, so labels, types and property names come from
the graph schema only: a node or edge the schema does not allow is an ExportError.
"""
from __future__ import annotations

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


def _label_of(graph: nx.MultiDiGraph, node: str) -> str:
    label = graph.nodes[node].get("label")
    if label not in load_schema()["nodes"]:
        raise ExportError(f"node {node!r} has label {label!r}, which the graph schema does not define")
    return label


def _pick(data: dict, names: dict[str, str]) -> dict:
    """The schema properties present on a node or edge, lists copied as lists."""
    picked = {}
    for name, kind in names.items():
        value = data.get(name)
        if value is None:
            continue
        picked[name] = list(value) if kind.startswith("LIST") else value
    return picked


def node_rows(graph: nx.MultiDiGraph) -> dict[str, list[dict]]:
    """Label -> one dict per node: `id` (the node key) plus the schema properties it has."""
    rows: dict[str, list[dict]] = {label: [] for label in load_schema()["nodes"]}
    for node, data in graph.nodes(data=True):
        label = _label_of(graph, node)
        props = _pick(data, node_properties(label))
        props["id"] = str(node)
        rows[label].append(props)
    return rows


def edge_rows(graph: nx.MultiDiGraph) -> dict[RelGroup, list[dict]]:
    """RelGroup -> one dict per edge: `source`, `target` (node ids) and `props`."""
    allowed = set(rel_groups())
    rows: dict[RelGroup, list[dict]] = {group: [] for group in sorted(allowed)}
    for source, target, key, data in graph.edges(keys=True, data=True):
        rel_type = data.get("type", key)
        group = RelGroup(rel_type, _label_of(graph, source), _label_of(graph, target))
        if group not in allowed:
            raise ExportError(f"edge {source!r}-[{rel_type}]->{target!r} is not allowed by the graph schema")
        rows[group].append({"source": str(source), "target": str(target),
                            "props": _pick(data, rel_properties(rel_type))})
    return rows
