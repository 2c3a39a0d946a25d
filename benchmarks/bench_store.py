"""Benchmark the embedded store: a synthetic graph written as graph tables, then COPY-loaded.

Usage: .venv/bin/python benchmarks/bench_store.py [--papers 100000] [--out DIR]
Reports the seconds to write the tables, the store load in edges per second (the COPY
alone, which is what a build and an update pay after linking) and peak memory (ru_maxrss).
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
from kg.store import load_store_tables  # noqa: E402
from kg.tables import GraphTables, tables_from_graph  # noqa: E402

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


def synthetic_graph(papers: int, seed: int = 0) -> nx.MultiDiGraph:
    """Papers with two methods, a dataset and a task each, plus the derived pair edges."""
    rng, g = random.Random(seed), nx.MultiDiGraph()
    ids = _entities(g, papers)
    support: dict[tuple[str, str, str], list[str]] = {}
    for i in range(papers):
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
    """Write a synthetic graph's tables, load the store from them, print throughput and peak memory."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=100_000)
    parser.add_argument("--out", type=Path, default=None, help="folder for tables and store (default: a temp dir)")
    args = parser.parse_args()
    started = time.perf_counter()
    graph = synthetic_graph(args.papers)
    print(f"graph: {graph.number_of_nodes():,} nodes, {graph.number_of_edges():,} edges "
          f"in {time.perf_counter() - started:.1f}s")
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.out or Path(tmp)
        started = time.perf_counter()
        tables_from_graph(graph, folder / "tables")
        print(f"tables written in {time.perf_counter() - started:.2f}s")
        started, cpu = time.perf_counter(), time.process_time()
        load_store_tables(GraphTables(folder / "tables"), folder / "store")
        took, cpu = time.perf_counter() - started, time.process_time() - cpu
        print(f"store load: {took:.2f}s wall ({cpu:.2f}s CPU), {graph.number_of_edges() / took:,.0f} edges/s")
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory (ru_maxrss): {peak_mb:,.0f} MB")


if __name__ == "__main__":
    main()
