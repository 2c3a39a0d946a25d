"""The graph as Parquet tables on disk: one file per node label and per relationship group.

The link stage writes these as papers stream past, so no stage needs the whole graph in
memory: the store bulk-loads them, exporters stream them, and the networkx graph for views
and analyses is read from them (sampled when the whole graph is too big to hold).

The writers are imported on first use: they need the alias table (and so spaCy), which
commands that only read a build (query, find, html, analyze) must not load.
"""
from __future__ import annotations

from typing import Any

from kg.buildfolder import TABLES_DIR
from kg.tables.read import GraphTables

__all__ = ["TABLES_DIR", "GraphTables", "TablesBuilder", "tables_from_graph"]
_WRITERS = {"TablesBuilder", "tables_from_graph"}


def __getattr__(name: str) -> Any:
    """TablesBuilder and tables_from_graph, imported from kg.tables.write when first asked for."""
    if name in _WRITERS:
        from kg.tables import write
        return getattr(write, name)
    raise AttributeError(f"module 'kg.tables' has no attribute {name!r}")
