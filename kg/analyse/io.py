"""Load a built graph folder's graph.json back into a networkx MultiDiGraph."""
from __future__ import annotations

import json
from pathlib import Path

import networkx as nx

from kg.errors import BuildNotFoundError

GRAPH_FILE = "graph.json"


def load_graph(out_dir: Path) -> nx.MultiDiGraph:
    """The graph `kg build` wrote to out_dir/graph.json (node-link format)."""
    path = Path(out_dir) / GRAPH_FILE
    if not path.is_file():
        raise BuildNotFoundError(f"{path} does not exist")
    try:
        with path.open(encoding="utf-8") as f:
            data = json.load(f)
        graph = nx.node_link_graph(data, edges="edges", directed=True, multigraph=True)
    except (json.JSONDecodeError, UnicodeDecodeError, KeyError, TypeError) as exc:
        raise BuildNotFoundError(f"{path} is not a node-link graph: {exc}") from exc
    return nx.MultiDiGraph(graph)
