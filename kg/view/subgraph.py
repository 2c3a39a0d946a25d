"""Choose the part of the graph the HTML view draws: whole, ego graph, top entities, then a size cap."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import networkx as nx

from kg.errors import ViewError
from kg.limits import DEFAULT_MAX_NODES
from kg.namematch import exact_by_tier
from kg.schema import ENTITY_LABELS, PAPER, REPOSITORY

ALL_LABELS = (PAPER, *ENTITY_LABELS, REPOSITORY)
ENTITY_SHARE = 0.1  # share of a cut graph's nodes given to the most-studied entities (the rest to their papers)


@dataclass
class Selection:
    """The subgraph to draw and how it relates to the graph it came from."""

    graph: nx.MultiDiGraph  # the input graph itself, or the part drawn in the input graph's order
    total_nodes: int
    total_edges: int
    cut: bool

    @property
    def message(self) -> str | None:
        """One line telling the user the view was cut, or None."""
        if not self.cut:
            return None
        return (f"graph cut to {self.graph.number_of_nodes():,} of {self.total_nodes:,} nodes "
                f"(the most-studied entities and the papers naming most of them); use focus, top, types or "
                f"min_papers to see another part")


def is_entity(data: dict) -> bool:
    """True for Method, Dataset and Task nodes."""
    return data.get("label") in ENTITY_LABELS


def normalise_types(types: Sequence[str] | None) -> set[str]:
    """Node labels asked for, accepting any case and entity types ("method")."""
    if not types:
        return set(ALL_LABELS)
    by_lower = {label.lower(): label for label in ALL_LABELS}
    wanted = set()
    for name in types:
        label = by_lower.get(name.strip().lower())
        if label is None:
            raise ViewError(f"unknown node type {name!r}; use {', '.join(ALL_LABELS)}")
        wanted.add(label)
    return wanted


def find_node(graph: nx.MultiDiGraph, focus: str) -> str:
    """Node matching `focus` by id, name, alias or paper title, folded as `kg find` folds names
    (kg.namematch: any case, dashes and spaces alike); ids beat names beat aliases, and most
    papers wins ties."""
    if focus in graph:
        return focus
    hits = exact_by_tier(focus, graph.nodes(data=True))
    if hits:
        return max(hits, key=lambda n: (graph.nodes[n].get("n_papers", 0), graph.degree(n), n))
    raise ViewError(f"nothing in the graph is called {focus!r}")


def _filtered(graph: nx.MultiDiGraph, labels: set[str], min_papers: int) -> nx.MultiDiGraph:
    keep = [node for node, data in graph.nodes(data=True)
            if data.get("label") in labels and (not is_entity(data) or data.get("n_papers", 0) >= min_papers)]
    return graph if len(keep) == graph.number_of_nodes() else graph.subgraph(keep)


def _ego(graph: nx.MultiDiGraph, centre: str, depth: int) -> set[str]:
    return set(nx.single_source_shortest_path_length(graph.to_undirected(as_view=True), centre, cutoff=depth))


def _ranked_entities(graph: nx.MultiDiGraph) -> list[str]:
    entities = [node for node, data in graph.nodes(data=True) if is_entity(data)]
    return sorted(entities, key=lambda n: (-graph.nodes[n].get("n_papers", 0), n))


def _papers_of(graph: nx.MultiDiGraph, entity: str) -> set[str]:
    return {p for p in graph.predecessors(entity) if graph.nodes[p].get("label") == PAPER}


def _repositories_of(graph: nx.MultiDiGraph, papers: set[str]) -> set[str]:
    return {r for p in papers for r in graph.successors(p) if graph.nodes[r].get("label") == REPOSITORY}


def _top(graph: nx.MultiDiGraph, top: int) -> set[str]:
    entities = _ranked_entities(graph)[:top]
    papers = set().union(*(_papers_of(graph, e) for e in entities))
    return set(entities) | papers | _repositories_of(graph, papers)


def _capped(graph: nx.MultiDiGraph, max_nodes: int) -> set[str]:
    """The most-studied entities first (up to ENTITY_SHARE of the cap), then the papers naming
    most of them, their repositories, then the best connected rest.

    Keeping whole neighbourhoods instead left a 45k-paper graph with six entities whose papers
    filled the cap; ranking papers by the kept entities they name keeps every top entity drawn.
    """
    entities = _ranked_entities(graph)[: max(1, int(max_nodes * ENTITY_SHARE))]
    kept: set[str] = set(entities)
    named: dict[str, int] = {}
    for entity in entities:
        for paper in _papers_of(graph, entity):
            named[paper] = named.get(paper, 0) + 1
    papers = sorted(named, key=lambda p: (-named[p], p))[: max_nodes - len(kept)]
    kept.update(papers)
    repositories = sorted(_repositories_of(graph, set(papers)))
    kept.update(repositories[: max_nodes - len(kept)])
    if len(kept) < max_nodes:
        rest = sorted(set(graph) - kept, key=lambda n: (-graph.degree(n), n))
        kept.update(rest[: max_nodes - len(kept)])
    return kept


def select(graph: nx.MultiDiGraph, focus: str | None = None, depth: int = 1, top: int | None = None,
           types: Sequence[str] | None = None, min_papers: int = 1,
           max_nodes: int | None = DEFAULT_MAX_NODES) -> Selection:
    """The subgraph write_html draws, with whether the size cap cut it."""
    if depth < 0 or (top is not None and top < 1) or min_papers < 0 or (max_nodes is not None and max_nodes < 1):
        raise ViewError("depth and min_papers must be 0 or more; top and max_nodes 1 or more")
    view = _filtered(graph, normalise_types(types), min_papers)
    if focus is not None:
        centre = find_node(graph, focus)
        if centre not in view:
            raise ViewError(f"{focus!r} is left out by the types or min_papers asked for")
        view = view.subgraph(_ego(view, centre, depth))
    if top is not None:
        view = view.subgraph(_top(view, top))
    cut = max_nodes is not None and view.number_of_nodes() > max_nodes
    if cut:
        view = view.subgraph(_capped(view, max_nodes))
    drawn = graph if view is graph else in_graph_order(graph, set(view))
    return Selection(drawn, graph.number_of_nodes(), graph.number_of_edges(), cut)


def in_graph_order(graph: nx.MultiDiGraph, nodes: set[str]) -> nx.MultiDiGraph:
    """The subgraph of `graph` on `nodes` as a new graph whose nodes and edges keep `graph`'s
    order. (A networkx subgraph view of a small node set iterates that set, in an order that
    changes with PYTHONHASHSEED, and the page's layout and communities would change with it.)

    >>> g = nx.MultiDiGraph([("p1", "m"), ("p2", "m"), ("p3", "d")])
    >>> h = in_graph_order(g, {"m", "p2", "p1"})
    >>> list(h), list(h.edges())
    (['p1', 'm', 'p2'], [('p1', 'm'), ('p2', 'm')])
    """
    out = nx.MultiDiGraph()
    out.graph.update(graph.graph)
    out.add_nodes_from((n, d) for n, d in graph.nodes(data=True) if n in nodes)
    out.add_edges_from((u, v, k, d) for u in out for v, keyed in graph.adj[u].items() if v in nodes
                       for k, d in keyed.items())
    return out
