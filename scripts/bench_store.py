"""Benchmark the embedded store: bulk load of a synthetic graph, then an incremental add.

Usage: .venv/bin/python scripts/bench_store.py [--papers 100000] [--out DIR]
Reports edges per second and peak memory (ru_maxrss).
"""
from __future__ import annotations

import argparse
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

import networkx as nx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kg.schema import PAIR_REL, USED_REL  # noqa: E402
from kg.store import add_to_store, load_store  # noqa: E402

POOL = {"method": 20, "dataset": 100, "task": 200}  # papers per entity of each type


def _entities(g: nx.MultiDiGraph, papers: int) -> dict[str, list[str]]:
    """Entity pools sized to the paper count: 1 method per 20 papers, 1 dataset per 100..."""
    ids: dict[str, list[str]] = {}
    for etype, per in POOL.items():
        ids[etype] = [f"{etype}:e{i}" for i in range(max(2, papers // per))]
        for eid in ids[etype]:
            g.add_node(eid, label=etype.capitalize(), id=eid, type=etype, name=eid.split(":")[1],
                       aliases=[eid.upper()], n_papers=1, n_proposed=0)
    return ids


def _paper(g: nx.MultiDiGraph, rng: random.Random, pid: str, ids: dict[str, list[str]]) -> list[str]:
    g.add_node(pid, label="Paper", id=pid, title=f"Paper {pid}", abstract="An abstract. " * 20,
               year=rng.randint(2015, 2025), authors=["A. Author", "B. Author"], sources=[f"x.txt:{pid}"])
    picked = [*rng.sample(ids["method"], 2), rng.choice(ids["dataset"]), rng.choice(ids["task"])]
    for eid in picked:
        rel = USED_REL[eid.split(":")[0]]
        g.add_edge(pid, eid, key=rel, type=rel, role="used", evidence="A sentence naming it.", start=0, end=20)
    if rng.random() < 0.3:
        repo = f"repo:github.com/x/{pid}"
        g.add_node(repo, label="Repository", id=repo, url=f"https://github.com/x/{pid}", host="github.com")
        g.add_edge(pid, repo, key="HAS_CODE", type="HAS_CODE")
    return picked


def synthetic_graph(papers: int, extra: int = 0, seed: int = 0) -> nx.MultiDiGraph:
    """Papers with two methods, a dataset and a task each, plus the derived pair edges.

    `extra` papers are appended with the same entity pools, so the result is a superset
    of the graph without them (the shape of an incremental build).
    """
    rng, g = random.Random(seed), nx.MultiDiGraph()
    ids = _entities(g, papers)
    support: dict[tuple[str, str, str], list[str]] = {}
    for i in range(papers + extra):
        pid = f"p{i}"
        picked = _paper(g, rng, pid, ids)
        for a in picked:
            for b in picked:
                rel = PAIR_REL.get((a.split(":")[0], b.split(":")[0]))
                if rel:
                    support.setdefault((a, b, rel), []).append(pid)
    for (a, b, rel), pids in support.items():
        g.add_edge(a, b, key=rel, type=rel, weight=len(pids), papers=pids)
    return g


def main() -> None:
    """Load a synthetic graph, add 1% more papers, print throughput and peak memory."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=100_000)
    parser.add_argument("--out", type=Path, default=None, help="store folder (default: a temp dir)")
    args = parser.parse_args()
    started = time.perf_counter()
    graph = synthetic_graph(args.papers)
    print(f"graph: {graph.number_of_nodes():,} nodes, {graph.number_of_edges():,} edges "
          f"in {time.perf_counter() - started:.1f}s")
    with tempfile.TemporaryDirectory() as tmp:
        store = args.out or Path(tmp) / "store"
        started, cpu = time.perf_counter(), time.process_time()
        load_store(graph, store)
        took, cpu = time.perf_counter() - started, time.process_time() - cpu
        print(f"fresh load: {took:.2f}s wall ({cpu:.2f}s CPU), {graph.number_of_edges() / took:,.0f} edges/s")
        bigger = synthetic_graph(args.papers, extra=max(1, args.papers // 100))
        started = time.perf_counter()
        stats = add_to_store(bigger, store)
        took = time.perf_counter() - started
        print(f"incremental add (+1% papers): {took:.2f}s, {stats}")
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory (ru_maxrss): {peak_mb:,.0f} MB")


if __name__ == "__main__":
    main()
