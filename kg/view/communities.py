"""Community of every node on the page: Louvain on the drawn entities, papers and code follow their entities."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import networkx as nx

from kg.analyse.communities import communities
from kg.schema import PAPER, REPOSITORY
from kg.view.overview import overview_label

LISTED = 20  # communities the page names (filter, legend); the rest are grouped as "other"
NAMED_BY = 3  # a community is named by its most-studied entities' short labels
PALETTE = ("#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7",
           "#9c755f", "#2f6fb0", "#8cd17d", "#b6992d", "#499894", "#d37295", "#a0cbe8", "#ffbe7d",
           "#86bcb6", "#f1ce63", "#d4a6c8", "#79706e")
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


def page_communities(graph: nx.MultiDiGraph, seed: int = 0) -> PageCommunities:
    """Louvain communities (fixed seed) of the drawn graph's entities; a paper joins the community
    most of its entities are in, a repository its papers'. Communities of one entity are not listed."""
    found = communities(graph, seed=seed)
    result = PageCommunities()
    result.of = dict(zip(found.members["entity_id"], (int(c) for c in found.members["community"])))
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
    leaders: dict[int, list[str]] = {}
    for number, entity in zip(found.members["community"], found.members["entity_id"]):  # most papers first
        leaders.setdefault(int(number), []).append(entity)
    for row in found.summary.itertuples(index=False):
        if row.size < 2 or len(result.listed) >= LISTED:
            break
        name = " / ".join(overview_label(graph.nodes[e], e) for e in leaders[int(row.community)][:NAMED_BY])
        result.listed.append({"id": int(row.community), "name": name, "entities": int(row.size),
                              "colour": PALETTE[len(result.listed) % len(PALETTE)]})
    return result
