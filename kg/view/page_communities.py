"""Community of every node on the page: Louvain on the drawn entities, papers and code follow their entities."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from itertools import combinations

import networkx as nx

from kg.schema import ENTITY_LABELS, MENTION_RELS, PAPER, REPOSITORY
from kg.view.overview import overview_label

LISTED = 20  # communities the page names (filter, legend); the rest are grouped as "other"
NAMED_BY = 3  # a community is named by its most-studied entities' short labels
# none of them a node type's colour (kg.view.style.COLOURS), so "colour by community" cannot be
# read as types
PALETTE = ("#76b7b2", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#8cd17d", "#b6992d", "#499894",
           "#d37295", "#a0cbe8", "#ffbe7d", "#6a3d9a", "#1b9e77", "#e7298a", "#66a61e", "#a6761d",
           "#17becf", "#bcbd22", "#d4a6c8", "#79706e")
OTHER_COLOUR = "#c3cad3"


@dataclass
class PageCommunities:
    """`of`: node id -> community number (0 is the largest); `listed`: what the page names, largest first."""

    of: dict[str, int] = field(default_factory=dict)
    listed: list[dict] = field(default_factory=list)


def _majority(numbers: list[int]) -> int | None:
    """The most common community number (smallest on ties), or None for none."""
    if not numbers:
        return None
    counts = Counter(numbers)
    return min(counts, key=lambda c: (-counts[c], c))


def _entity_groups(graph: nx.MultiDiGraph, seed: int) -> list[list[str]]:
    """Louvain communities of the drawn entities linked by the papers they share (weighted by
    their number), largest first, each listed most-studied entity first (the page's own small
    version of `kg analyze`'s communities: the view does not import the analyses)."""
    entities = {n for n, d in graph.nodes(data=True) if d.get("label") in ENTITY_LABELS}
    linked: dict[str, set[str]] = {}
    for paper, entity, rel in graph.edges(keys=True):
        if rel in MENTION_RELS and entity in entities and graph.nodes[paper].get("label") == PAPER:
            linked.setdefault(paper, set()).add(entity)
    shared: Counter[tuple[str, str]] = Counter()
    papers: Counter[str] = Counter()
    for found in linked.values():
        papers.update(found)
        shared.update(combinations(sorted(found), 2))
    projection = nx.Graph()
    projection.add_nodes_from(sorted(entities))
    projection.add_weighted_edges_from((a, b, w) for (a, b), w in sorted(shared.items()))
    groups = nx.community.louvain_communities(projection, weight="weight", seed=seed)
    ranked = [sorted(g, key=lambda e: (-papers[e], e)) for g in groups]
    return sorted(ranked, key=lambda members: (-len(members), members[0]))


def page_communities(graph: nx.MultiDiGraph, seed: int = 0) -> PageCommunities:
    """Louvain communities (fixed seed) of the drawn graph's entities; a paper joins the community
    most of its entities are in, a repository its papers'. Communities of one entity are not listed."""
    groups = _entity_groups(graph, seed)
    result = PageCommunities()
    result.of = {e: number for number, members in enumerate(groups) for e in members}
    for node, data in graph.nodes(data=True):
        if data.get("label") == PAPER:
            number = _majority([result.of[e] for e in graph.successors(node) if e in result.of])
            if number is not None:
                result.of[node] = number
    for node, data in graph.nodes(data=True):
        if data.get("label") == REPOSITORY:
            number = _majority([result.of[p] for p in graph.predecessors(node) if p in result.of])
            if number is not None:
                result.of[node] = number
    for number, members in enumerate(groups):
        if len(members) < 2 or len(result.listed) >= LISTED:
            break
        name = " / ".join(overview_label(graph.nodes[e], e) for e in members[:NAMED_BY])
        result.listed.append({"id": number, "name": name, "entities": len(members),
                              "colour": PALETTE[len(result.listed) % len(PALETTE)]})
    return result
