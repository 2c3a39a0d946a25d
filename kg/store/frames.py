"""Arrow tables in the column order of the store's tables, for COPY FROM and LOAD FROM."""
from __future__ import annotations

from operator import itemgetter

import pyarrow as pa

from kg.errors import StoreError
from kg.export.rows import node_properties, rel_properties

ARROW_TYPE = {"STRING": pa.string(), "INTEGER": pa.int64(), "LIST<STRING>": pa.list_(pa.string())}


def node_columns(label: str) -> list[str]:
    """Column names of a node table, `id` first."""
    return ["id", *(name for name in node_properties(label) if name != "id")]


def _array(values: list, kind: str, where: str) -> pa.Array:
    try:
        return pa.array(values, ARROW_TYPE[kind])
    except (pa.ArrowException, TypeError, ValueError) as exc:
        raise StoreError(f"{where} does not hold {kind} values: {exc}") from None


def _columns(items: list[tuple], width: int) -> list[list]:
    """Tuples split into one list per position (zip(*items) unpacks a million arguments: far slower)."""
    return [list(map(itemgetter(i), items)) for i in range(width)]


def _table(arrays: list[pa.Array]) -> pa.Table:
    """Positional column names: COPY matches by position, and `end` is a reserved word."""
    return pa.Table.from_arrays(arrays, names=[f"c{i}" for i in range(len(arrays))])


def node_frame(label: str, items: list[tuple[str, dict]]) -> pa.Table:
    """(id, data) pairs of one label as Arrow columns, missing properties as nulls."""
    props = node_properties(label)
    ids, datas = _columns(items, 2)
    arrays = [pa.array(ids, pa.string())]
    arrays += [_array([data.get(name) for data in datas], props[name], f"{label}.{name}")
               for name in node_columns(label)[1:]]
    return _table(arrays)


def edge_frame(rel_type: str, items: list[tuple[str, str, dict]]) -> pa.Table:
    """(source, target, data) triples of one group as Arrow: source id, target id, properties."""
    sources, targets, datas = _columns(items, 3)
    arrays = [pa.array(sources, pa.string()), pa.array(targets, pa.string())]
    arrays += [_array([data.get(name) for data in datas], kind, f"{rel_type}.{name}")
               for name, kind in rel_properties(rel_type).items()]
    return _table(arrays)
