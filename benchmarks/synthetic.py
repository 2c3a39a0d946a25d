"""Synthetic graphs in the contract format, for benchmarks and scale tests: topics, Zipf popularity, years."""
from __future__ import annotations

from collections import defaultdict
from itertools import product

import networkx as nx
import numpy as np

from kg.schema import LABEL_OF_TYPE, PAIR_REL, PAPER, mention_rel

PER_PAPER = {"method": (1, 3), "dataset": (1, 2), "task": (1, 2)}  # entities of each type per paper
PAPERS_PER_ENTITY = {"method": 10, "dataset": 40, "task": 100}
IN_TOPIC = 0.85  # chance an entity is drawn from the paper's own topic
UNDATED = 0.1
YEARS = np.arange(2015, 2025)


def _entities(g: nx.MultiDiGraph, etype: str, count: int) -> list[str]:
    """Add `count` entity nodes of a type; returns their ids."""
    ids = [f"{etype}:{etype}-{i}" for i in range(count)]
    for i, eid in enumerate(ids):
        g.add_node(eid, label=LABEL_OF_TYPE[etype], id=eid, type=etype, name=f"{etype} {i}",
                   aliases=[f"{etype[0].upper()}{i}"], n_papers=0, n_proposed=0)
    return ids


def _draws(rng: np.random.Generator, papers: int, topics: np.ndarray, n_topics: int, count: int,
           k: int) -> np.ndarray:
    """Entity indices (papers x k): Zipf rank within the paper's topic, or within another topic."""
    per_topic = max(count // n_topics, 1)
    cdf = np.cumsum(1.0 / np.arange(1, per_topic + 1) ** 1.1)
    ranks = np.searchsorted(cdf / cdf[-1], rng.random((papers, k)))
    topic = np.where(rng.random((papers, k)) < IN_TOPIC, topics[:, None], rng.integers(0, n_topics, (papers, k)))
    return np.minimum(ranks * n_topics + topic, count - 1)


def _paper(g: nx.MultiDiGraph, pid: str, year: int | None) -> None:
    """Add one paper node; undated papers keep only the day-and-month text."""
    dated = {"date": f"{year}-05-09", "year": year, "date_text": f"May 9, {year}"} if year else {"date_text": "May 9"}
    g.add_node(pid, label=PAPER, id=pid, title=f"Synthetic paper {pid}", abstract="Synthetic abstract.",
               authors=["A. Author"], n_authors=1, sources=[f"synthetic:{pid}"], **dated)


def _link(g: nx.MultiDiGraph, pid: str, eid: str, etype: str, role: str) -> None:
    """Add one mention edge and update the entity's counts."""
    rel = mention_rel(etype, role)
    g.add_edge(pid, eid, key=rel, type=rel, role=role, evidence="Synthetic sentence.", start=0, end=19)
    g.nodes[eid]["n_papers"] += 1
    g.nodes[eid]["n_proposed"] += role == "proposed"


def _derived(g: nx.MultiDiGraph, linked: dict[str, list[tuple[str, str]]]) -> None:
    """Entity-entity edges weighted by the papers that link both, as the graph stage adds them."""
    support: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    for pid, ents in linked.items():
        for (a, ta), (b, tb) in product(ents, ents):
            rel = PAIR_REL.get((ta, tb))
            if rel:
                support[a, b, rel].append(pid)
    for (a, b, rel), papers in support.items():
        g.add_edge(a, b, key=rel, type=rel, weight=len(papers), papers=papers)


def synthetic_graph(papers: int, seed: int = 0) -> nx.MultiDiGraph:
    """A contract-format graph of `papers` papers over topic-clustered, Zipf-popular entities."""
    rng = np.random.default_rng(seed)
    g = nx.MultiDiGraph()
    n_topics = max(2, papers // 2000)
    topics = rng.integers(0, n_topics, papers)
    years = rng.choice(YEARS, papers, p=np.linspace(1, 3, len(YEARS)) / np.linspace(1, 3, len(YEARS)).sum())
    undated = rng.random(papers) < UNDATED
    for i in range(papers):
        _paper(g, f"s{i}", None if undated[i] else int(years[i]))
    linked: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for etype, (low, high) in PER_PAPER.items():
        ids = _entities(g, etype, max(n_topics * 3, papers // PAPERS_PER_ENTITY[etype]))
        draws = _draws(rng, papers, topics, n_topics, len(ids), high)
        keep = rng.integers(low, high + 1, papers)
        for i in range(papers):
            for j, index in enumerate(dict.fromkeys(draws[i, : keep[i]].tolist())):
                role = "proposed" if j == 0 and etype == "method" and rng.random() < 0.2 else "used"
                _link(g, f"s{i}", ids[index], etype, role)
                linked[f"s{i}"].append((ids[index], etype))
    _derived(g, linked)
    g.remove_nodes_from([n for n, d in g.nodes(data=True) if d.get("n_papers") == 0])
    return g
