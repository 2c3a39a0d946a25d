"""Communities of the entity graph (Louvain, fixed seed), each named by its most-studied entities."""
from __future__ import annotations

from dataclasses import dataclass

import networkx as nx
import pandas as pd

from kg.analyse.corpus import Corpus, as_corpus
from kg.analyse.markdown import Assets, table
from kg.analyse.plots import scatter_map
from kg.model import ENTITY_TYPES

NAME_SIZE = 3
# Above this many entities Louvain runs on those named by two papers or more, and each entity of a
# single paper joins the community it shares most papers with: on 45k papers (140k entities, most
# in one paper) Louvain on everything took minutes.
LOUVAIN_ALL = 20_000
MAP_COMMUNITIES, MAP_MEMBERS = 8, 7  # the map draws the largest communities' most-studied entities


@dataclass
class Communities:
    """`summary`: one row per community, largest first; `members`: one row per entity."""

    summary: pd.DataFrame
    members: pd.DataFrame


def _summary_row(corpus: Corpus, number: int, members: list[str]) -> dict:
    """Size, counts per type, papers touched and a name from the top entities of one community."""
    types = [corpus.entity_type(e) for e in members]
    papers = set().union(*(corpus.entity_papers.get(e, set()) for e in members))
    return {"community": number, "name": " / ".join(corpus.name(e) for e in members[:NAME_SIZE]),
            "size": len(members), **{f"{t}s": types.count(t) for t in ENTITY_TYPES}, "papers": len(papers)}


def _louvain(corpus: Corpus, seed: int, resolution: float, louvain_all: int) -> list[set[str]]:
    """Louvain communities of the entity graph; above `louvain_all` entities, of those in two papers or
    more, the others joining the community they share most papers with (or one of their own)."""
    graph = corpus.entity_graph
    if len(graph) <= louvain_all:
        return nx.community.louvain_communities(graph, weight="weight", resolution=resolution, seed=seed)
    shared = [e for e in graph if corpus.n_papers(e) >= 2]
    found = nx.community.louvain_communities(graph.subgraph(shared), weight="weight",
                                             resolution=resolution, seed=seed)
    found = sorted(found, key=lambda c: min(c))
    of = {e: i for i, members in enumerate(found) for e in members}
    for entity in sorted(e for e in graph if e not in of):
        votes: dict[int, float] = {}
        for other, data in graph[entity].items():
            if other in of:  # entities of two papers or more only, so the order does not matter
                votes[of[other]] = votes.get(of[other], 0) + data.get("weight", 1)
        if votes:
            found[max(votes, key=lambda c: (votes[c], -c))].add(entity)
        else:
            found.append({entity})
    return found


def communities(source: nx.MultiDiGraph | Corpus, seed: int = 0, resolution: float = 1.0,
                louvain_all: int = LOUVAIN_ALL) -> Communities:
    """Louvain communities of the entity graph (entities linked by shared papers, weighted by their number).

    Parameters
    ----------
    source : nx.MultiDiGraph or Corpus
        A graph in the contract format, or its Corpus index.
    seed : int
        Louvain's random seed: the same seed gives the same communities.
    resolution : float
        Above 1 favours smaller communities, below 1 larger ones.
    louvain_all : int
        Above this many entities, Louvain runs on those in two papers or more and each other
        entity joins the community it shares most papers with.

    Returns
    -------
    Communities
        `summary`: one row per community, largest first, named by its NAME_SIZE most-studied
        entities, with its counts of entities per type and of papers; `members`: one row per entity.

    Examples
    --------
    >>> from kg.analyse.example import example_graph
    >>> found = communities(example_graph())
    >>> found.summary[["community", "size", "papers"]].values.tolist()
    [[0, 3, 2], [1, 3, 3]]
    >>> found.summary["name"].tolist()[1]
    'Proximal Policy Optimization / MuJoCo / offline reinforcement learning'
    >>> found.members.groupby("community")["entity_id"].apply(list).tolist()[0]
    ['dataset:gsm8k', 'method:dpo', 'task:alignment']
    """
    corpus = as_corpus(source)
    found = _louvain(corpus, seed, resolution, louvain_all)
    ranked = [sorted(c, key=lambda e: (-corpus.n_papers(e), e)) for c in found]
    ranked.sort(key=lambda members: (-len(members), members[0]))
    summary = pd.DataFrame([_summary_row(corpus, i, m) for i, m in enumerate(ranked)],
                           columns=["community", "name", "size", *(f"{t}s" for t in ENTITY_TYPES), "papers"])
    members = pd.DataFrame([(i, e, corpus.name(e), corpus.entity_type(e), corpus.n_papers(e))
                            for i, m in enumerate(ranked) for e in m],
                           columns=["community", "entity_id", "name", "type", "papers"])
    return Communities(summary, members)


def community_map(corpus: Corpus, found: Communities, path) -> bool:
    """Draw the MAP_MEMBERS most-studied entities of the MAP_COMMUNITIES largest communities of more
    than one entity, placed by a spring layout of the papers they share (seed 0), coloured by
    community; False when there is nothing to draw."""
    shown = found.summary[found.summary["size"] > 1].head(MAP_COMMUNITIES)
    if shown.empty:
        return False
    chosen = {}
    for number in shown["community"]:
        mine = found.members[found.members["community"] == number]
        for entity in mine.sort_values(["papers", "entity_id"], ascending=[False, True])["entity_id"].head(MAP_MEMBERS):
            chosen[entity] = int(number)
    nodes = list(chosen)
    sub = nx.Graph()
    sub.add_nodes_from(nodes)
    sub.add_weighted_edges_from((a, b, w) for a, b, w in corpus.entity_graph.subgraph(nodes).edges(data="weight"))
    for a in nodes:  # members of one community pulled together
        for b in nodes:
            if a < b and chosen[a] == chosen[b]:
                sub.add_edge(a, b, weight=sub[a][b]["weight"] + 5 if sub.has_edge(a, b) else 5)
    place = nx.spring_layout(sub, seed=0, weight="weight", iterations=200)
    biggest = max(corpus.n_papers(e) for e in nodes) or 1
    points = [(float(place[e][0]), float(place[e][1]), corpus.name(e), chosen[e],
               30 + 400 * corpus.n_papers(e) / biggest) for e in nodes]
    index = {e: i for i, e in enumerate(nodes)}
    # links within a community only: across them, the biggest entities link to nearly everything
    edges = [(index[a], index[b]) for a, b in corpus.entity_graph.subgraph(nodes).edges() if chosen[a] == chosen[b]]
    names = {int(n): f"{n}: {name}" for n, name in zip(shown["community"], shown["name"])}
    scatter_map(points, edges, names, path, "the largest communities and their most-studied entities")
    return True


def section(corpus: Corpus, assets: Assets, top: int) -> str:
    """Write communities.csv and community_members.csv; the report's Markdown section."""
    found = communities(corpus)
    found.summary.to_csv(assets.path("communities.csv"), index=False)
    found.members.to_csv(assets.path("community_members.csv"), index=False)
    singletons = int((found.summary["size"] == 1).sum())
    drawn = community_map(corpus, found, assets.path("communities.png"))
    plot = [assets.image("communities map", "communities.png")] if drawn else []
    return "\n".join([
        "## Communities\n",
        f"Louvain communities of the entity graph (seed 0): {len(found.summary)} communities, "
        f"{singletons} of them single entities no paper links to another. Each is named by its "
        f"most-studied entities. All: {assets.code('communities.csv')}; members: "
        f"{assets.code('community_members.csv')}.\n", *plot,
        table(found.summary.head(top), {"community": "#", "name": "name", "size": "entities",
                                        **{f"{t}s": f"{t}s" for t in ENTITY_TYPES}, "papers": "papers"})])
