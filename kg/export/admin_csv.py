"""Write the graph as CSV files for `neo4j-admin database import full`, and the command to run."""
from __future__ import annotations

import csv
import shlex
from pathlib import Path

import networkx as nx

from kg.errors import ExportError
from kg.export.rows import edge_rows, node_properties, node_rows, rel_properties
from kg.schema import load_schema

HEADER_TYPE = {"STRING": "string", "INTEGER": "int", "LIST<STRING>": "string[]"}
# Array delimiters to try in order: the first that no list element contains is used.
DELIMITERS = (";", "|", "\x1f")


def _array_delimiter(lists: list[list[str]]) -> str:
    """The first candidate delimiter that occurs in no list element."""
    for candidate in DELIMITERS:
        if not any(candidate in item for values in lists for item in values):
            return candidate
    raise ExportError("list values contain every possible array delimiter (; | and U+001F)")


def _cell(value: object, delimiter: str) -> object:
    if isinstance(value, list):
        return delimiter.join(map(str, value))
    return "" if value is None else value


def _write(path: Path, header: list[str], rows: list[list], delimiter: str) -> None:
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(header)
        writer.writerows([_cell(v, delimiter) for v in row] for row in rows)


def _typed(props: dict[str, str]) -> list[str]:
    return [f"{name}:{HEADER_TYPE[kind]}" for name, kind in props.items()]


def _command(node_files: list[Path], rel_files: list[Path], delimiter: str, multiline: bool,
             database: str) -> str:
    shown = {";": "';'", "|": "'|'"}.get(delimiter, f"U+{ord(delimiter):04X}")
    parts = ["neo4j-admin database import full", "--id-type=string", f"--array-delimiter={shown}"]
    if multiline:
        parts.append("--multiline-fields=true")
    parts += [f"--nodes={shlex.quote(str(p))}" for p in node_files]
    parts += [f"--relationships={shlex.quote(str(p))}" for p in rel_files]
    return " ".join(parts + [shlex.quote(database)])


def write_admin_csv(graph: nx.MultiDiGraph, out_dir: Path, database: str = "neo4j") -> str:
    """One node CSV per label and one relationship CSV per type; returns the import command."""
    out_dir = Path(out_dir).resolve()
    nodes, edges = node_rows(graph), edge_rows(graph)
    node_table: dict[str, list[list]] = {}
    for label, rows in nodes.items():
        props = [p for p in node_properties(label) if p != "id"]
        node_table[label] = [[row["id"], label, *(row.get(p) for p in props)] for row in rows]
    rel_table: dict[str, list[list]] = {t: [] for t in load_schema()["relationships"]}
    for group, rows in edges.items():
        props = list(rel_properties(group.type))
        rel_table[group.type] += [[r["source"], r["target"], group.type, *(r["props"].get(p) for p in props)]
                                  for r in rows]
    cells = [v for table in (*node_table.values(), *rel_table.values()) for row in table for v in row]
    delimiter = _array_delimiter([v for v in cells if isinstance(v, list)])
    multiline = any(isinstance(v, str) and ("\n" in v or "\r" in v) for v in cells)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        node_files, rel_files = [], []
        for label, table in node_table.items():
            props = {k: v for k, v in node_properties(label).items() if k != "id"}
            node_files.append(out_dir / f"nodes_{label}.csv")
            _write(node_files[-1], ["id:ID", ":LABEL", *_typed(props)], table, delimiter)
        for rel_type, table in rel_table.items():
            rel_files.append(out_dir / f"rels_{rel_type}.csv")
            _write(rel_files[-1], [":START_ID", ":END_ID", ":TYPE", *_typed(rel_properties(rel_type))], table,
                   delimiter)
    except OSError as exc:
        raise ExportError(f"cannot write CSV files to {out_dir}: {exc.strerror or exc}") from None
    return _command(node_files, rel_files, delimiter, multiline, database)
