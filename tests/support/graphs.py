"""Hand-built networkx graphs as the graph tables a build writes: what the exporters and the store read."""
from __future__ import annotations

from pathlib import Path

import networkx as nx

from kg.tables import GraphTables, tables_from_graph


def tables_of(graph: nx.MultiDiGraph, folder: Path) -> GraphTables:
    """The graph written as graph tables in `folder` (replacing any there)."""
    tables_from_graph(graph, folder)
    return GraphTables(folder)
