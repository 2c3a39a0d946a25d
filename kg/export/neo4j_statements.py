"""The parameterised MERGE statements the Neo4j exporter sends; labels and types from the schema.

`SET x = props` (not `+=`) so a property the graph no longer has is removed on re-export.
"""
from __future__ import annotations

from kg.schema import RelGroup, load_schema


def _checked_label(label: str) -> str:
    if label not in load_schema()["nodes"]:
        raise ValueError(f"{label!r} is not a node label of the graph schema")
    return label


def node_merge(label: str) -> str:
    """Upsert a batch of `{id, props}` rows of one label; `props` (with `id`) replaces every property."""
    return f"UNWIND $rows AS row MERGE (n:{_checked_label(label)} {{id: row.id}}) SET n = row.props"


def edge_merge(group: RelGroup) -> str:
    """Upsert a batch of `{source, target, props}` rows of one relationship group, replacing its properties."""
    if group.type not in load_schema()["relationships"]:
        raise ValueError(f"{group.type!r} is not a relationship type of the graph schema")
    return (f"UNWIND $rows AS row "
            f"MATCH (a:{_checked_label(group.source_label)} {{id: row.source}}) "
            f"MATCH (b:{_checked_label(group.target_label)} {{id: row.target}}) "
            f"MERGE (a)-[r:{group.type}]->(b) SET r = row.props")
