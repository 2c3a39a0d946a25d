"""Write the graph as a cypher-shell script: constraints, then MERGE statements in transaction blocks."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from kg.errors import ExportError
from kg.export.cypher_files import CONSTRAINTS_FILE, read_statements
from kg.export.cypher_literals import cypher_literal
from kg.model import CypherScript
from kg.outdir import atomic_file
from kg.schema import RelGroup, load_schema
from kg.tables import GraphTables

HEADER = """// Knowledge graph for Neo4j 5+. Run with: cypher-shell -f {name}
// Every statement is a MERGE, so running the script again changes nothing."""


def _checked(name: str, kind: str) -> str:
    if name not in load_schema()[kind]:
        raise ExportError(f"{name!r} is not in the graph schema's {kind}")
    return name


def node_statement(label: str, row: dict) -> str:
    """MERGE one node by id and replace its properties with the row's (so removed ones go)."""
    merge = f"MERGE (n:{_checked(label, 'nodes')} {{id: {cypher_literal(row['id'])}}})"
    return f"{merge} SET n = {cypher_literal(row)};"


def edge_statement(group: RelGroup, row: dict) -> str:
    """MATCH both ends by id, MERGE the relationship and set its properties."""
    source = f"(a:{_checked(group.source_label, 'nodes')} {{id: {cypher_literal(row['source'])}}})"
    target = f"(b:{_checked(group.target_label, 'nodes')} {{id: {cypher_literal(row['target'])}}})"
    merge = f"MATCH {source} MATCH {target} MERGE (a)-[r:{_checked(group.type, 'relationships')}]->(b)"
    return f"{merge} SET r = {cypher_literal(row['props'])};"


def data_statements(tables: GraphTables) -> Iterator[str]:
    """Node statements for every label, then relationship statements for every group."""
    for label, rows in tables.node_rows().items():
        for row in rows:
            yield node_statement(label, row)
    for group, rows in tables.edge_rows().items():
        for row in rows:
            yield edge_statement(group, row)


def _lines(tables: GraphTables, name: str, block_size: int, stats: dict) -> Iterator[str]:
    yield HEADER.format(name=name)
    for statement in read_statements(CONSTRAINTS_FILE):
        yield statement + ";"
    in_block = 0
    for statement in data_statements(tables):
        if in_block == 0:
            yield ":begin"
            stats["blocks"] += 1
        yield statement
        stats["statements"] += 1
        in_block += 1
        if in_block == block_size:
            yield ":commit"
            in_block = 0
    if in_block:
        yield ":commit"


def write_cypher_script(tables: GraphTables, path: Path, block_size: int = 1000) -> CypherScript:
    """Write a re-runnable cypher-shell script streamed from the graph tables; returns how many data
    statements and blocks it holds."""
    if block_size < 1:
        raise ValueError(f"block size must be at least 1, not {block_size}")
    path = Path(path)
    stats = {"statements": 0, "blocks": 0}
    try:
        with atomic_file(path) as tmp, tmp.open("w", encoding="utf-8", newline="\n") as out:
            for line in _lines(tables, path.name, block_size, stats):
                out.write(line + "\n")
    except OSError as exc:
        raise ExportError(f"cannot write {path}: {exc.strerror or exc}") from None
    return CypherScript(path, stats["statements"], stats["blocks"])
