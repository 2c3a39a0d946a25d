"""Arrow tables in the column order of the store's tables, for COPY FROM."""
from __future__ import annotations

import pyarrow as pa

from kg.export.rows import node_properties, rel_properties

ARROW_TYPE = {"STRING": pa.string(), "INTEGER": pa.int64(), "LIST<STRING>": pa.list_(pa.string())}


def node_columns(label: str) -> list[str]:
    """Column names of a node table, `id` first."""
    return ["id", *(name for name in node_properties(label) if name != "id")]


def node_frame(label: str, rows: list[dict]) -> pa.Table:
    """One node table's rows as Arrow, missing properties as nulls."""
    props = node_properties(label)
    names = node_columns(label)
    arrays = [pa.array([row.get(name) for row in rows], ARROW_TYPE[props[name]]) for name in names]
    return pa.Table.from_arrays(arrays, names=[f"c{i}" for i in range(len(names))])


def edge_frame(rel_type: str, rows: list[dict]) -> pa.Table:
    """One relationship group's rows as Arrow: source id, target id, then properties."""
    props = rel_properties(rel_type)
    arrays = [pa.array([row["source"] for row in rows], pa.string()),
              pa.array([row["target"] for row in rows], pa.string())]
    arrays += [pa.array([row["props"].get(name) for row in rows], ARROW_TYPE[kind])
               for name, kind in props.items()]
    return pa.Table.from_arrays(arrays, names=[f"c{i}" for i in range(len(arrays))])
