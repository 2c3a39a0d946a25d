"""Export the graph to a Neo4j (or other Bolt) server with batched, idempotent MERGE writes."""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from itertools import islice

from neo4j import Driver, GraphDatabase, ManagedTransaction
from neo4j import exceptions as neo

from kg.errors import (KGError, Neo4jAuthError, Neo4jConnectionError, Neo4jDatabaseError,
                       Neo4jExportError)
from kg.export.cypher_files import CONSTRAINTS_FILE, FALKORDB_INDEXES_FILE, read_statements
from kg.export.neo4j_statements import edge_merge, node_merge
from kg.model import Neo4jExport
from kg.tables import GraphTables

INDEX_TARGET = re.compile(r"FOR \(n:(\w+)\) ON \(n\.(\w+)\)")
BOLT_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")
MAX_MESSAGE = 300


def _batches(rows: Iterable, size: int) -> Iterator[list]:
    it = iter(rows)
    while batch := list(islice(it, size)):
        yield batch


def _write(tx: ManagedTransaction, cypher: str, rows: list[dict]) -> tuple[int, int]:
    counters = tx.run(cypher, rows=rows).consume().counters
    return counters.nodes_created, counters.relationships_created


def _dialect(driver: Driver, database: str | None) -> str:
    """The server's Cypher dialect: "neo4j" if it has dbms.components() (every Neo4j does), else "falkordb".

    FalkorDB announces itself as Neo4j in the Bolt handshake, so the agent string cannot tell.
    """
    with driver.session(database=database) as session:
        try:
            session.run("CALL dbms.components() YIELD name RETURN name").consume()
            return "neo4j"
        except neo.DatabaseError:
            session.run("CALL db.indexes()").consume()
            return "falkordb"


def _falkordb_indexes(driver: Driver, database: str | None) -> None:
    """Create the FalkorDB `id` indexes not there yet (it has no IF NOT EXISTS)."""
    with driver.session(database=database) as session:
        existing = {(r[0], p) for r in session.run("CALL db.indexes()") for p in r[1]}
        for statement in read_statements(FALKORDB_INDEXES_FILE):
            if INDEX_TARGET.search(statement).groups() not in existing:
                session.run(statement).consume()


def apply_constraints(driver: Driver, database: str | None = None) -> str:
    """Create the uniqueness constraints and indexes in the server's dialect; returns the dialect."""
    dialect = _dialect(driver, database)
    if dialect == "falkordb":
        _falkordb_indexes(driver, database)
        return dialect
    with driver.session(database=database) as session:
        for statement in read_statements(CONSTRAINTS_FILE):
            session.run(statement).consume()
    return dialect


def _write_all(driver: Driver, tables: GraphTables, database: str | None, batch_size: int) -> dict:
    stats = {"nodes": 0, "relationships": 0, "nodes_created": 0, "relationships_created": 0}
    with driver.session(database=database) as session:
        for label, rows in tables.node_rows().items():
            payload = ({"id": row["id"], "props": row} for row in rows)
            for batch in _batches(payload, batch_size):
                stats["nodes_created"] += session.execute_write(_write, node_merge(label), batch)[0]
                stats["nodes"] += len(batch)
        for group, rows in tables.edge_rows().items():
            for batch in _batches(rows, batch_size):
                stats["relationships_created"] += session.execute_write(_write, edge_merge(group), batch)[1]
                stats["relationships"] += len(batch)
    return stats


def _one_line(exc: Exception) -> str:
    """The driver's message on one line (connection errors put the reason on the second)."""
    message = " ".join((getattr(exc, "message", None) or str(exc) or type(exc).__name__).split())
    return message if len(message) <= MAX_MESSAGE else message[: MAX_MESSAGE - 1] + "…"


def map_driver_error(exc: Exception, uri: str, user: str | None, database: str | None) -> KGError:
    """The kg error for a driver failure, with the server's first line of explanation."""
    if isinstance(exc, neo.AuthError):
        return Neo4jAuthError(f"{uri} refused the credentials of user {user!r}: {_one_line(exc)}")
    if isinstance(exc, (neo.ServiceUnavailable, neo.SessionExpired, OSError)):
        return Neo4jConnectionError(f"cannot reach {uri}: {_one_line(exc)}")
    code = getattr(exc, "code", "") or ""
    if code.startswith("Neo.ClientError.Database.") or isinstance(exc, neo.Forbidden):
        return Neo4jDatabaseError(f"database {database or '(default)'} on {uri}: {_one_line(exc)}")
    return Neo4jExportError(f"Neo4j export to {uri} failed: {_one_line(exc)}")


def export_neo4j(tables: GraphTables, uri: str, user: str | None = None, password: str | None = None,
                 database: str | None = None, batch_size: int = 500) -> Neo4jExport:
    """Constraints, then MERGE every node and edge of the tables in batches; running it again adds only what is new."""
    if batch_size < 1:
        raise ValueError(f"batch size must be at least 1, not {batch_size}")
    if uri.partition("://")[0] not in BOLT_SCHEMES:
        raise Neo4jConnectionError(f"{uri!r} is not a Bolt URI (bolt://host:7687 or neo4j://host:7687)")
    auth = (user, password or "") if user else None
    try:
        driver = GraphDatabase.driver(uri, auth=auth)
    except (neo.ConfigurationError, ValueError) as exc:
        raise Neo4jConnectionError(f"{uri!r} is not a Bolt URI: {_one_line(exc)}") from None
    try:
        with driver:
            driver.verify_connectivity()
            dialect = apply_constraints(driver, database)
            return Neo4jExport(dialect=dialect, **_write_all(driver, tables, database, batch_size))
    except (neo.Neo4jError, neo.DriverError, OSError) as exc:
        raise map_driver_error(exc, uri, user, database) from None
