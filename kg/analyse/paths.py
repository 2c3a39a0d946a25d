"""How two entities are connected: shortest paths that alternate entity, paper, entity, ..."""
from __future__ import annotations


import networkx as nx
import pandas as pd

from kg.analyse.central import pagerank
from kg.analyse.corpus import Corpus, as_corpus
from kg.analyse.markdown import Assets, md, table

MAX_PATHS = 5
EXAMPLE_POOL = 20  # most central entities searched for the report's example pair


def _neighbours(corpus: Corpus, node: str) -> list[str]:
    """Papers of an entity, or entities of a paper, in id order."""
    if node in corpus.entities:
        return sorted(corpus.entity_papers.get(node, ()))
    return corpus.paper_entities.get(node, [])


def _predecessors(corpus: Corpus, start: str, goal: str) -> dict[str, list[str]]:
    """Breadth-first search from `start` up to `goal`'s depth, keeping every shortest predecessor."""
    preds: dict[str, list[str]] = {start: []}
    depth, frontier = {start: 0}, [start]
    while frontier and goal not in depth:
        following: list[str] = []
        for node in frontier:
            for nxt in _neighbours(corpus, node):
                if nxt not in depth:
                    depth[nxt] = depth[node] + 1
                    preds[nxt] = []
                    following.append(nxt)
                if depth[nxt] == depth[node] + 1:
                    preds[nxt].append(node)
        frontier = following
    return preds


def entity_paths(source: nx.MultiDiGraph | Corpus, a: str, b: str, max_paths: int = MAX_PATHS) -> list[list[str]]:
    """How two entities are related: the shortest chains entity, paper, entity, paper, ..., entity.

    Parameters
    ----------
    source : nx.MultiDiGraph or Corpus
        A graph in the contract format, or its Corpus index.
    a, b : str
        The two entities, each by id, name or alias (any case); AnalysisError when one is unknown.
    max_paths : int
        Most paths to return.

    Returns
    -------
    list of list of str
        Node ids of each path from `a` to `b`, in a deterministic order; empty when no chain of
        papers joins them.

    Examples
    --------
    >>> from kg.analyse.example import example_graph
    >>> entity_paths(example_graph(), "DPO", "mujoco")
    [['method:dpo', 'p3', 'method:ppo', 'p1', 'dataset:mujoco'], ['method:dpo', 'p3', 'method:ppo', 'p2', 'dataset:mujoco']]
    """
    corpus = as_corpus(source)
    start, goal = corpus.find_entity(a), corpus.find_entity(b)
    preds = _predecessors(corpus, start, goal)
    if goal not in preds:
        return []
    paths: list[list[str]] = []
    stack = [[goal]]
    while stack and len(paths) < max_paths:
        partial = stack.pop()
        if partial[-1] == start:
            paths.append(partial[::-1])
            continue
        stack += [partial + [p] for p in reversed(preds[partial[-1]])]
    return paths


def describe(corpus: Corpus, path: list[str]) -> str:
    """A path in words: entity names, and papers as their title with id.

    Examples
    --------
    >>> from kg.analyse.example import example_graph
    >>> describe(Corpus.from_graph(example_graph()), ["method:dpo", "p3", "method:ppo"])
    'Direct Preference Optimization → [DPO: aligning LMs (p3)] → Proximal Policy Optimization'
    """
    return " → ".join(f"{corpus.name(n)}" if n in corpus.entities else f"[{corpus.name(n)} ({n})]" for n in path)


def paths_frame(corpus: Corpus, paths: list[list[str]]) -> pd.DataFrame:
    """One row per step of each path: path number, step, node id, label, name or title."""
    return pd.DataFrame([(i, step, node, corpus.graph.nodes[node].get("label", ""), corpus.name(node))
                         for i, path in enumerate(paths) for step, node in enumerate(path)],
                        columns=["path", "step", "node_id", "label", "name"])


def example_pair(corpus: Corpus, pool: int = EXAMPLE_POOL) -> tuple[str, str] | None:
    """The most central pair of entities of different types that no single paper links, else any such pair."""
    rank = pagerank(corpus.entity_graph)
    top = sorted(rank, key=lambda e: (-rank[e], e))[:pool]
    pairs = [(a, b) for i, a in enumerate(top) for b in top[i + 1:] if corpus.entity_type(a) != corpus.entity_type(b)]
    indirect = [(a, b) for a, b in pairs if not corpus.entity_graph.has_edge(a, b)]
    return (indirect or pairs or [None])[0]


def section(corpus: Corpus, assets: Assets, top: int, pair: tuple[str, str] | None = None) -> str:
    """Write paths.csv for `pair` (entity ids), by default an example pair; the report's Markdown section."""
    parts = ["## Paths between entities\n"]
    chosen = pair is not None
    pair = pair or example_pair(corpus)
    if pair is None:
        return "\n".join(parts + ["The graph needs entities of two types for an example path.\n"])
    paths = entity_paths(corpus, *pair)
    paths_frame(corpus, paths).to_csv(assets.path("paths.csv"), index=False)
    a, b = (md(corpus.name(e)) for e in pair)
    why = ("" if chosen else f" (among the {EXAMPLE_POOL} most central entities, the highest-ranked pair of "
                                "different types that no one paper links, if any)")
    parts.append(f"How **{a}** relates to **{b}**{why}: shortest paths "
                 f"through papers, at most {MAX_PATHS}. Steps: {assets.code('paths.csv')}.\n")
    if not paths:
        return "\n".join(parts + ["No paper chain connects them.\n"])
    lines = pd.DataFrame({"path": [describe(corpus, p) for p in paths]})
    return "\n".join(parts + [table(lines)])
