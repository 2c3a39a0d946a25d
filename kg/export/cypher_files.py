"""Read the Cypher files kept in kg/schemas/ (package data): constraints, FalkorDB indexes, example queries."""
from __future__ import annotations

from pathlib import Path

from kg.schema import SCHEMA_FILE

SCHEMAS = SCHEMA_FILE.parent
CONSTRAINTS_FILE = SCHEMAS / "constraints.cypher"
FALKORDB_INDEXES_FILE = SCHEMAS / "falkordb_indexes.cypher"
QUERIES_DIR = SCHEMAS / "queries"


def read_statements(path: Path) -> list[str]:
    """The `;`-terminated statements of a schema file, without its `//` comment lines."""
    lines = [line for line in path.read_text(encoding="utf-8").splitlines()
             if not line.lstrip().startswith("//")]
    return [s.strip() for s in "\n".join(lines).split(";") if s.strip()]
