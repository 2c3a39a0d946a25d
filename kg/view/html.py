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

from kg.errors import PageWriteError
from kg.model import HtmlPage
from kg.view.page_communities import OTHER_COLOUR, PageCommunities, page_communities
from kg.view.positions import layout
from kg.view.overview import OVERVIEW_SIZE, overview_entities, overview_labels, overview_layout, overview_style
from kg.view.subgraph import ALL_LABELS, DEFAULT_MAX_NODES, Selection, find_node, select
from kg.view.style import COLOURS, edge_options, node_options

TEMPLATES = Path(__file__).resolve().parent / "templates"
PYVIS_TEMPLATES = Path(pyvis.__file__).resolve().parent / "templates"
TEMPLATE = "graph.html.j2"
HEADING = "ML literature knowledge graph"
BUSY_EDGES = 4000  # above this, edges are hidden while dragging or zooming to keep panning smooth
# Above this, edges are drawn without arrowheads: they were over half the drawing time of a
# 5,000-node page (benchmarks/bench_html.py), and the node types already say which way an edge
# goes (paper -> entity, method -> dataset -> task).
ARROWLESS_EDGES = 8000
# The solver the page runs, only on what a filter leaves shown (view.js `relayout`), while
# physics stays off otherwise. ForceAtlas2 spreads a community evenly where Barnes-Hut left
# hubs' labels piled up (the seed's largest community: 75 overlapping label pairs where the
# whole graph's layout put it, 14 after, more with Barnes-Hut); a stronger repulsion (-100)
# overlapped less but spread the picture so far that no label was legible once fitted.
# theta 1.0 (0.5 is vis-network's default) nearly halves a tick's cost at 1,000 nodes.
RELAYOUT_PHYSICS = {
    "solver": "forceAtlas2Based",
    "forceAtlas2Based": {"gravitationalConstant": -50, "centralGravity": 0.01, "springLength": 100,
                         "springConstant": 0.08, "damping": 0.4, "avoidOverlap": 0.5, "theta": 1.0},
    "stabilization": {"enabled": False, "fit": False},
}


def vis_options(n_edges: int) -> dict:
    """vis-network options: fixed positions, physics off (its solver set for the page's re-layout), hover on."""
    busy = n_edges > BUSY_EDGES
    return {
        "physics": {"enabled": False, **RELAYOUT_PHYSICS},
        "layout": {"improvedLayout": False},
        "interaction": {"hover": True, "hideEdgesOnDrag": busy,
                        "hideEdgesOnZoom": busy, "multiselect": False},
        "nodes": {"shape": "dot", "scaling": {"label": {"drawThreshold": 9}}},
        "edges": {"smooth": False, "arrows": {"to": {"enabled": n_edges <= ARROWLESS_EDGES, "scaleFactor": 0.35}},
                  "selectionWidth": 1.5, "hoverWidth": 0.5},
    }


FOCUS_BORDER = "#111827"
MAX_OVERVIEW = 60  # most entities the opening view labels (`--top` above it still draws them all in "Whole graph")


def overview_options(graph: nx.MultiDiGraph, groups: dict[str, int] | None = None,
                     size: int = OVERVIEW_SIZE, focus: str | None = None) -> dict[str, dict]:
    """Node id -> where and how the opening view draws it (`ov` in the page's node data), grouped by
    community: the `size` most-studied entities, the `focus` among them and marked."""
    chosen = overview_entities(graph, size, first=focus)
    labels = overview_labels(graph, chosen)
    if focus in labels:
        labels[focus] = "◉ " + labels[focus]
    options = {}
    for node, (x, y) in overview_layout(graph, chosen, groups=groups, labels=labels).items():
        size, font = overview_style(graph.nodes[node].get("n_papers", 0))
        options[node] = {"x": x, "y": y, "size": size, "font": font, "label": labels[node]}
    return options


def build_network(graph: nx.MultiDiGraph, heading: str = HEADING, focus: str | None = None,
                  groups: PageCommunities | None = None, overview_size: int = OVERVIEW_SIZE) -> Network:
    """A pyvis Network holding every node and edge of `graph` with positions and styles.

    Overview entities carry their opening-view place in `ov`; every node its community number
    (`community`, from `groups`, by default computed here); the `focus` node is marked.
    """
    net = Network(height="100%", width="100%", directed=True, heading=heading, cdn_resources="in_line")
    groups = groups if groups is not None else page_communities(graph)
    overview = overview_options(graph, groups.of, overview_size, focus)
    for node, (x, y) in sorted(layout(graph).items()):
        options = node_options(node, graph.nodes[node], graph.degree(node))
        options["community"] = groups.of.get(node)
        if node in overview:
            options["ov"] = overview[node]
        if node == focus:
            options.update(borderWidth=5, focus=True, label="◉ " + options["label"])
            options["color"] = {**options["color"], "border": FOCUS_BORDER}
        net.add_node(node, x=round(x, 1), y=round(y, 1), **options)
    # Network.add_edge checks both ends against a list of node ids (quadratic); the ends exist here.
    # arrowheads come from vis_options (pyvis's directed edges would each force their own)
    net.edges.extend(Edge(source, target, directed=False, **edge_options(source, target, key, data)).options
                     for source, target, key, data in graph.edges(keys=True, data=True))
    net.set_options(json.dumps(vis_options(graph.number_of_edges())))
    return net


def _meta(selection: Selection, start: str, focus: str | None, min_papers: int, groups: PageCommunities) -> dict:
    kinds = Counter(data.get("label") for _, data in selection.graph.nodes(data=True))
    members = Counter(groups.of.values())
    return {"kinds": [[label, kinds[label]] for label in ALL_LABELS if kinds[label]],
            "colours": COLOURS, "note": selection.message or "", "start": start, "focus": focus,
            "minPapers": min_papers, "otherColour": OTHER_COLOUR,
            "communities": [{**c, "nodes": members[c["id"]]} for c in groups.listed]}


def render(net: Network, meta: dict) -> str:
    """The page's HTML: our template with vis-network's script and style inlined from the pyvis package."""
    net.set_template_dir(str(TEMPLATES), TEMPLATE)
    # Our template includes vis-network's files from the pyvis package, so both folders must be searched.
    net.templateEnv = Environment(loader=FileSystemLoader([str(TEMPLATES), str(PYVIS_TEMPLATES)]))
    net.templateEnv.globals["meta"] = meta
    return net.generate_html()


def write_html(graph: nx.MultiDiGraph, path: Path, focus: str | None = None, depth: int = 1,
               top: int | None = None, types: Sequence[str] | None = None, min_papers: int = 1,
               max_nodes: int | None = DEFAULT_MAX_NODES) -> HtmlPage:
    """Write the interactive page for the graph, an ego graph around `focus`, or the top entities.

    The page opens on an overview of the most-studied entities of what was chosen (the `top` of
    them, up to MAX_OVERVIEW, else OVERVIEW_SIZE; with `focus`, it among them, marked and selected);
    "Whole graph" on the page draws all of it.

    Returns the page's path, the counts drawn and whether the `max_nodes` cap cut the graph (with a
    message to print).
    """
    selection = select(graph, focus=focus, depth=depth, top=top, types=types,
                       min_papers=min_papers, max_nodes=max_nodes)
    centre = find_node(graph, focus) if focus is not None else None
    # the page opens on the overview of what was chosen (its `top` entities, up to MAX_OVERVIEW;
    # around a focus, it and its most-studied neighbours), labelled and apart
    start = "overview"
    size = min(top, MAX_OVERVIEW) if top is not None else OVERVIEW_SIZE
    groups = page_communities(selection.graph)
    html = render(build_network(selection.graph, focus=centre, groups=groups, overview_size=size),
                  _meta(selection, start, centre, min_papers, groups))
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(html, encoding="utf-8")
    except OSError as exc:
        raise PageWriteError(f"cannot write {path}: {exc.strerror}") from exc
    return HtmlPage(path=path, nodes=selection.graph.number_of_nodes(), edges=selection.graph.number_of_edges(),
                    cut=selection.cut, total_nodes=selection.total_nodes, total_edges=selection.total_edges,
                    message=selection.message)
