"""Write the graph as CSV files for `neo4j-admin database import full`, and the command to run."""
from __future__ import annotations

import csv
import shlex
from collections.abc import Iterable, Iterator
from pathlib import Path

from kg.errors import ExportError
from kg.model import AdminCsv
from kg.outdir import atomic_file
from kg.schema import RelGroup, load_schema, node_properties, rel_properties
from kg.tables import GraphTables

HEADER_TYPE = {"STRING": "string", "INTEGER": "int", "FLOAT": "double", "LIST<STRING>": "string[]"}
# Array delimiters to try in order: the first that no list element contains is used.
DELIMITERS = (";", "|", "\x1f")


def _values(tables: GraphTables) -> Iterator[object]:
    """Every property value of every node and edge."""
    for rows in tables.node_rows().values():
        for row in rows:
            yield from row.values()
    for rows in tables.edge_rows().values():
        for row in rows:
            yield from row["props"].values()


def _scan(tables: GraphTables) -> tuple[str, bool]:
    """One pass over the values: the first delimiter no list element holds, and whether text spans lines."""
    found: set[str] = set()
    multiline = False
    for value in _values(tables):
        if isinstance(value, list):
            found.update(d for d in DELIMITERS if d not in found and any(d in str(item) for item in value))
        elif isinstance(value, str) and ("\n" in value or "\r" in value):
            multiline = True
    delimiter = next((d for d in DELIMITERS if d not in found), None)
    if delimiter is None:
        raise ExportError("list values contain every possible array delimiter (; | and U+001F)")
    return delimiter, multiline


def _cell(value: object, delimiter: str) -> object:
    if isinstance(value, list):
        return delimiter.join(map(str, value))
    return "" if value is None else value


def _write(path: Path, header: list[str], rows: Iterable[list], delimiter: str) -> None:
    with atomic_file(path) as tmp, tmp.open("w", encoding="utf-8", newline="") as out:
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


def _node_table(label: str, rows: Iterable[dict]) -> Iterator[list]:
    props = [p for p in node_properties(label) if p != "id"]
    return ([row["id"], label, *(row.get(p) for p in props)] for row in rows)


def _rel_table(rel_type: str, groups: dict[RelGroup, Iterable[dict]]) -> Iterator[list]:
    """Rows of every group of one relationship type, one file holding all its label pairs."""
    props = list(rel_properties(rel_type))
    for group, rows in groups.items():
        if group.type == rel_type:
            yield from ([r["source"], r["target"], rel_type, *(r["props"].get(p) for p in props)] for r in rows)


def write_admin_csv(tables: GraphTables, out_dir: Path, database: str = "neo4j") -> AdminCsv:
    """One node CSV per label and one relationship CSV per type; returns them with the import command.

    Streams twice over the graph tables: once to choose the array delimiter, once to write, so a
    graph of any size exports in constant memory.
    """
    out_dir = Path(out_dir).resolve()
    delimiter, multiline = _scan(tables)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        node_files, rel_files = [], []
        for label, rows in tables.node_rows().items():
            props = {k: v for k, v in node_properties(label).items() if k != "id"}
            node_files.append(out_dir / f"nodes_{label}.csv")
            _write(node_files[-1], ["id:ID", ":LABEL", *_typed(props)], _node_table(label, rows), delimiter)
        edges = tables.edge_rows()
        for rel_type in load_schema()["relationships"]:
            rel_files.append(out_dir / f"rels_{rel_type}.csv")
            _write(rel_files[-1], [":START_ID", ":END_ID", ":TYPE", *_typed(rel_properties(rel_type))],
                   _rel_table(rel_type, edges), delimiter)
    except OSError as exc:
        raise ExportError(f"cannot write CSV files to {out_dir}: {exc.strerror or exc}") from None
    return AdminCsv(out_dir, node_files, rel_files, _command(node_files, rel_files, delimiter, multiline, database))
