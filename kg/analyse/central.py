"""Most central methods, datasets and tasks: papers, PageRank and betweenness on the entity graph."""
from __future__ import annotations

from collections import Counter

import networkx as nx
import numpy as np
import pandas as pd

from kg.analyse.corpus import Corpus, as_corpus
from kg.analyse.markdown import Assets, table
from kg.analyse.plots import bar_panels, distribution_panels
from kg.analyse.trends import paper_periods
from kg.model import ENTITY_TYPES

# Pure-Python Dijkstra costs about a microsecond per edge visit: exact betweenness visits every edge
# once per source, so larger graphs sample sources until this budget, and never fewer than MIN_SAMPLES.
EDGE_VISITS = 2_500_000
MIN_SAMPLES = 64
# Betweenness runs on the subgraph of the most-studied entities: on 45k papers the whole entity
# graph (140k entities) cost minutes for 64 sampled sources, and an entity in one paper lies on
# no path worth reporting; entities outside the core get no betweenness (blank).
BETWEENNESS_CORE = 1000
COLUMNS = ["entity_id", "name", "type", "papers", "pagerank", "betweenness"]


def pagerank(graph: nx.Graph, alpha: float = 0.85, tol: float = 1e-10, max_iter: int = 200) -> dict[str, float]:
    """Weighted PageRank of an undirected graph, by power iteration in numpy (networkx's own needs scipy).

    Parameters
    ----------
    graph : nx.Graph
        Undirected; an edge's `weight` (default 1) is how strongly it carries rank, both ways.
    alpha : float
        Damping: the chance of following an edge rather than jumping to any node.
    tol, max_iter
        Stop when the ranks move less than `tol` per node, or after `max_iter` rounds.

    Returns
    -------
    dict
        Node -> rank; the ranks sum to 1.

    Examples
    --------
    >>> rank = pagerank(nx.star_graph(3))
    >>> round(rank[0], 3), round(rank[1], 3), round(sum(rank.values()), 6)
    (0.48, 0.173, 1.0)
    """
    nodes = list(graph)
    n = len(nodes)
    if n == 0:
        return {}
    index = {node: i for i, node in enumerate(nodes)}
    triples = list(graph.edges(data="weight", default=1.0))
    ends = np.array([(index[a], index[b]) for a, b, _ in triples], dtype=int).reshape(-1, 2)
    # undirected: every edge carries rank both ways
    src = np.concatenate([ends[:, 0], ends[:, 1]])
    dst = np.concatenate([ends[:, 1], ends[:, 0]])
    weight = np.tile(np.array([float(w) for _, _, w in triples], dtype=float), 2)
    strength = np.bincount(src, weights=weight, minlength=n)
    dangling = strength == 0
    share = np.divide(weight, strength[src], out=np.zeros_like(weight), where=strength[src] > 0)
    rank = np.full(n, 1.0 / n)
    for _ in range(max_iter):
        spread = np.bincount(dst, weights=rank[src] * share, minlength=n)
        new = alpha * (spread + rank[dangling].sum() / n) + (1 - alpha) / n
        converged = np.abs(new - rank).sum() < n * tol
        rank = new
        if converged:
            break
    return dict(zip(nodes, rank.tolist()))


def betweenness_samples(graph: nx.Graph) -> int | None:
    """Sources to sample for betweenness within the EDGE_VISITS budget; None means exact."""
    n, m = len(graph), max(graph.number_of_edges(), 1)
    return None if n * m <= EDGE_VISITS else min(n, max(MIN_SAMPLES, EDGE_VISITS // m))


def betweenness(graph: nx.Graph, samples: int | None = None, seed: int = 0) -> dict[str, float]:
    """Betweenness centrality with distance 1/weight, so strongly tied entities are close.

    Parameters
    ----------
    graph : nx.Graph
        Undirected, with `weight` on its edges (default 1).
    samples : int, optional
        Source nodes to sample; by default exact when the graph fits the EDGE_VISITS budget,
        else as many sources as the budget allows (at least MIN_SAMPLES).
    seed : int
        Which sources are sampled.

    Returns
    -------
    dict
        Node -> normalised betweenness, in [0, 1].

    Examples
    --------
    >>> betweenness(nx.path_graph(3))
    {0: 0.0, 1: 1.0, 2: 0.0}
    """
    distance = nx.Graph()
    distance.add_nodes_from(graph)
    distance.add_weighted_edges_from(((a, b, 1.0 / w) for a, b, w in graph.edges(data="weight", default=1)),
                                     weight="distance")
    k = betweenness_samples(graph) if samples is None else min(samples, len(graph))
    return nx.betweenness_centrality(distance, k=k, seed=seed, weight="distance")


def core(corpus: Corpus, size: int = BETWEENNESS_CORE) -> nx.Graph:
    """The entity graph among the `size` most-studied entities (most papers, then id)."""
    graph = corpus.entity_graph
    if len(graph) <= size:
        return graph
    kept = sorted(graph, key=lambda e: (-corpus.n_papers(e), e))[:size]
    return graph.subgraph(kept)


def centrality(source: nx.MultiDiGraph | Corpus, samples: int | None = None, seed: int = 0) -> pd.DataFrame:
    """How central each method, dataset and task is in the entity graph (entities linked by shared papers).

    Parameters
    ----------
    source : nx.MultiDiGraph or Corpus
        A graph in the contract format (kg/schemas/graph_schema.md), or its Corpus index.
    samples, seed
        Betweenness sampling, as in `betweenness`.

    Returns
    -------
    pd.DataFrame
        One row per entity: entity_id, name, type, papers, pagerank, betweenness; highest
        PageRank first (then most papers, then id).

    Examples
    --------
    >>> from kg.analyse.example import example_graph
    >>> frame = centrality(example_graph())
    >>> frame[["entity_id", "papers", "betweenness"]].head(2).round(3).values.tolist()
    [['method:ppo', 3, 0.6], ['dataset:gsm8k', 2, 0.0]]
    """
    corpus = as_corpus(source)
    graph = corpus.entity_graph
    rank = pagerank(graph)
    between = betweenness(core(corpus), samples, seed)
    rows = [(e, corpus.name(e), corpus.entity_type(e), corpus.n_papers(e), rank[e], between.get(e, float("nan")))
            for e in graph]
    frame = pd.DataFrame(rows, columns=COLUMNS)
    return frame.sort_values(["pagerank", "papers", "entity_id"], ascending=[False, False, True],
                             ignore_index=True)


def top_by_type(frame: pd.DataFrame, top: int) -> dict[str, pd.DataFrame]:
    """The `top` most central rows of each entity type."""
    return {t: frame[frame["type"] == t].head(top) for t in ENTITY_TYPES}


def _distribution(corpus: Corpus, assets: Assets) -> list[str]:
    """Entities per type, papers per entity, papers per period, as one chart; its Markdown image."""
    if not corpus.entities:
        return []
    per_entity = {t: sorted(corpus.n_papers(e) for e in corpus.entities if corpus.entity_type(e) == t)
                  for t in ENTITY_TYPES}
    period_of, _ = paper_periods(corpus)
    counts = Counter(period_of.values())
    periods = [(q, counts[q]) for q in sorted(counts)] + [("no date", len(corpus.papers) - len(period_of))]
    distribution_panels({t: len(v) for t, v in per_entity.items()}, per_entity, periods,
                        assets.path("distribution.png"))
    return [assets.image("entities per type, papers per entity and per period", "distribution.png")]


def section(corpus: Corpus, assets: Assets, top: int) -> str:
    """Write central.csv and central.png; the report's Markdown section."""
    frame = centrality(corpus)
    frame.to_csv(assets.path("central.csv"), index=False)
    best = top_by_type(frame, top)
    bars = {f"{t}s": list(zip(f["name"], f["pagerank"])) for t, f in best.items() if not f.empty}
    plot = []
    if bars:  # no chart of empty axes
        bar_panels(bars, assets.path("central.png"), "PageRank")
        plot = [assets.image("central entities", "central.png")]
    plot += _distribution(corpus, assets)
    among = core(corpus)
    k = betweenness_samples(among)
    sampled = "exact" if k is None else f"estimated from {k} sampled sources, seed 0"
    if len(among) < len(corpus.entity_graph):
        sampled += f"; among the {len(among):,} most-studied entities, blank for the others"
    parts = ["## Most central methods, datasets and tasks\n",
             f"PageRank and betweenness ({sampled}) on the entity graph ({len(corpus.entity_graph)} "
             f"entities, {corpus.entity_graph.number_of_edges()} co-occurrence edges weighted by shared "
             f"papers; betweenness distance is 1/weight). All entities: {assets.code('central.csv')}.\n",
             *plot]
    for etype, rows in best.items():
        parts += [f"### {etype.capitalize()}s\n",
                  table(rows, {"name": "name", "papers": "papers", "pagerank": "PageRank",
                               "betweenness": "betweenness"})]
    return "\n".join(parts)
