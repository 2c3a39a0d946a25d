"""Where each table lives and its Arrow schema, both derived from the graph schema."""
from __future__ import annotations

from pathlib import Path

import pyarrow as pa

from kg.schema import RelGroup, load_schema, node_properties, rel_groups, rel_properties

ARROW_TYPE = {"STRING": pa.string(), "INTEGER": pa.int64(), "FLOAT": pa.float64(), "LIST<STRING>": pa.list_(pa.string())}


def node_labels() -> list[str]:
    """Every node label of the schema, in schema order."""
    return list(load_schema()["nodes"])


def node_file(folder: Path, label: str) -> Path:
    """The Parquet file of one node label."""
    return Path(folder) / f"nodes.{label}.parquet"


def edge_file(folder: Path, group: RelGroup) -> Path:
    """The Parquet file of one relationship type between one pair of labels."""
    return Path(folder) / f"edges.{group.type}.{group.source_label}.{group.target_label}.parquet"


def node_schema(label: str) -> pa.Schema:
    """Columns of a node table: `id`, then the schema's properties in order (the store's column order)."""
    props = node_properties(label)
    return pa.schema([("id", pa.string()), *((n, ARROW_TYPE[k]) for n, k in props.items() if n != "id")])


def edge_schema(rel_type: str) -> pa.Schema:
    """Columns of an edge table: `source`, `target`, then the relationship's properties."""
    props = rel_properties(rel_type)
    return pa.schema([("source", pa.string()), ("target", pa.string()),
                      *((n, ARROW_TYPE[k]) for n, k in props.items())])


def groups() -> list[RelGroup]:
    """Every relationship group the schema allows, sorted."""
    return sorted(rel_groups())
