"""Write the graph as one self-contained interactive HTML page (pyvis + vis-network, no network access)."""
from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import networkx as nx
import pyvis
from jinja2 import Environment, FileSystemLoader
from pyvis.edge import Edge
from pyvis.network import Network

from kg.errors import ExportError
from kg.view.layout import layout
from kg.view.subgraph import ALL_LABELS, DEFAULT_MAX_NODES, Selection, select
from kg.view.style import COLOURS, edge_options, node_options

TEMPLATES = Path(__file__).resolve().parent / "templates"
PYVIS_TEMPLATES = Path(pyvis.__file__).resolve().parent / "templates"
TEMPLATE = "graph.html.j2"
HEADING = "ML literature knowledge graph"
BUSY_EDGES = 4000  # above this, edges are hidden while dragging or zooming to keep panning smooth


def vis_options(n_edges: int) -> dict:
    """vis-network options: fixed positions, physics off, hover events on."""
    busy = n_edges > BUSY_EDGES
    return {
        "physics": {"enabled": False},
        "layout": {"improvedLayout": False},
        "interaction": {"hover": True, "hideEdgesOnDrag": busy,
                        "hideEdgesOnZoom": busy, "multiselect": False},
        "nodes": {"shape": "dot", "scaling": {"label": {"drawThreshold": 9}}},
        "edges": {"smooth": False, "arrows": {"to": {"enabled": True, "scaleFactor": 0.35}},
                  "selectionWidth": 1.5, "hoverWidth": 0.5},
    }


def build_network(graph: nx.MultiDiGraph, heading: str = HEADING) -> Network:
    """A pyvis Network holding every node and edge of `graph` with positions and styles."""
    net = Network(height="100%", width="100%", directed=True, heading=heading, cdn_resources="in_line")
    for node, (x, y) in sorted(layout(graph).items()):
        net.add_node(node, x=round(x, 1), y=round(y, 1), **node_options(node, graph.nodes[node], graph.degree(node)))
    # Network.add_edge checks both ends against a list of node ids (quadratic); the ends exist here.
    net.edges.extend(Edge(source, target, directed=True, **edge_options(source, target, key, data)).options
                     for source, target, key, data in graph.edges(keys=True, data=True))
    net.set_options(json.dumps(vis_options(graph.number_of_edges())))
    return net


def _meta(selection: Selection) -> dict:
    kinds = Counter(data.get("label") for _, data in selection.graph.nodes(data=True))
    return {"kinds": [[label, kinds[label]] for label in ALL_LABELS if kinds[label]],
            "colours": COLOURS, "note": selection.message or ""}


def render(net: Network, meta: dict) -> str:
    """The page's HTML: our template with vis-network's script and style inlined from the pyvis package."""
    net.set_template_dir(str(TEMPLATES), TEMPLATE)
    # Our template includes vis-network's files from the pyvis package, so both folders must be searched.
    net.templateEnv = Environment(loader=FileSystemLoader([str(TEMPLATES), str(PYVIS_TEMPLATES)]))
    net.templateEnv.globals["meta"] = meta
    return net.generate_html()


def write_html(graph: nx.MultiDiGraph, path: Path, focus: str | None = None, depth: int = 1,
               top: int | None = None, types: Sequence[str] | None = None, min_papers: int = 1,
               max_nodes: int | None = DEFAULT_MAX_NODES) -> dict:
    """Write the interactive page for the graph, an ego graph around `focus`, or the top entities.

    Returns the counts drawn and whether the `max_nodes` cap cut the graph (with a message to print).
    """
    selection = select(graph, focus=focus, depth=depth, top=top, types=types,
                       min_papers=min_papers, max_nodes=max_nodes)
    html = render(build_network(selection.graph), _meta(selection))
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(html, encoding="utf-8")
    except OSError as exc:
        raise ExportError(f"cannot write {path}: {exc.strerror}") from exc
    return {"nodes": selection.graph.number_of_nodes(), "edges": selection.graph.number_of_edges(),
            "cut": selection.cut, "total_nodes": selection.total_nodes,
            "total_edges": selection.total_edges, "message": selection.message, "path": str(path)}
