"""Benchmark the HTML view: write time, page size and time until headless Chromium has drawn it.

Usage: .venv/bin/python benchmarks/bench_html.py [--sizes 1000,5000,20000]
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

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from support.chromium import Chromium  # noqa: E402 (the tests' headless-browser driver)

from kg.schema import PAIR_REL, mention_rel  # noqa: E402
from kg.view import write_html  # noqa: E402

TYPES = (("method", "Method", 0.45), ("dataset", "Dataset", 0.30), ("task", "Task", 0.25))
WORDS = ("learning", "graph", "neural", "robust", "policy", "transformer", "sparse", "model", "data",
         "optimization", "attention", "benchmark", "retrieval", "diffusion", "language", "vision")

# One full canvas redraw, called synchronously so the time excludes waiting for an animation frame.
DRAW_JS = """(() => { const renderer = kgView.network.renderer; const times = [];
  for (let i = 0; i < 7; i++) { const t0 = performance.now(); renderer._redraw(); times.push(performance.now() - t0); }
  return times.sort((a, b) => a - b)[3]; })()"""
SEARCH_JS = """(() => { const box = document.getElementById('kg-search'); box.value = 'method 1';
  const t0 = performance.now();
  box.dispatchEvent(new KeyboardEvent('keydown', {key: 'Enter'}));
  return performance.now() - t0; })()"""
FILTER_JS = """(() => { const box = document.querySelector('#kg-legend input[data-kind=Paper]');
  const t0 = performance.now(); box.click(); return performance.now() - t0; })()"""


def synthetic_graph(n_nodes: int, seed: int = 0) -> nx.MultiDiGraph:
    """A graph in the contract format: 20% entities with Zipf popularity, 76% papers, 4% repositories."""
    rng = random.Random(seed)
    g = nx.MultiDiGraph()
    entities = []
    for i in range(n_nodes // 5):
        etype, label, _ = rng.choices(TYPES, weights=[t[2] for t in TYPES])[0]
        eid = f"{etype}:{etype}-{i}"
        g.add_node(eid, label=label, id=eid, type=etype, name=f"{etype} {i}", aliases=[f"{etype[0].upper()}{i}"],
                   n_papers=0, n_proposed=0)
        entities.append(eid)
    popularity = [1 / (rank + 1) ** 0.9 for rank in range(len(entities))]
    n_papers = n_nodes * 19 // 25
    for i in range(n_papers):
        _add_paper(g, rng, f"p{i}", rng.choices(entities, weights=popularity, k=rng.randint(2, 5)))
    for i in range(n_nodes - g.number_of_nodes()):
        rid = f"repo:github.com/lab{i}/code"
        g.add_node(rid, label="Repository", id=rid, url=f"https://github.com/lab{i}/code",
                   host="github.com", kind="repository")
        g.add_edge(f"p{rng.randrange(n_papers)}", rid, key="HAS_CODE", type="HAS_CODE")
    _add_pairs(g)
    return g


def _add_paper(g: nx.MultiDiGraph, rng: random.Random, pid: str, linked: list[str]) -> None:
    title = " ".join(rng.choice(WORDS) for _ in range(rng.randint(4, 12))).capitalize()
    year = rng.randint(2015, 2024)
    g.add_node(pid, label="Paper", id=pid, title=title, abstract=" ".join(rng.choice(WORDS) for _ in range(150)),
               date=f"{year}-05-01", date_text=f"May 1, {year}", year=year, authors=["A. Author", "B. Author"],
               n_authors=2, url=f"https://arxiv.org/abs/{pid}", sources=[f"bench:{pid}"])
    for eid in set(linked):
        data = g.nodes[eid]
        role = "proposed" if rng.random() < 0.1 else "used"
        rel = mention_rel(data["type"], role)
        g.add_edge(pid, eid, key=rel, type=rel, role=role, evidence=title, start=0, end=len(title))
        data["n_papers"] += 1
        data["n_proposed"] += role == "proposed"


def _add_pairs(g: nx.MultiDiGraph) -> None:
    support: dict[tuple[str, str, str], list[str]] = {}
    for pid, data in g.nodes(data=True):
        if data["label"] != "Paper":
            continue
        ents = sorted(v for v in set(g.successors(pid)) if g.nodes[v]["label"] != "Repository")
        for a in ents:
            for b in ents:
                rel = PAIR_REL.get((g.nodes[a]["type"], g.nodes[b]["type"]))
                if rel:
                    support.setdefault((a, b, rel), []).append(pid)
    for (a, b, rel), papers in support.items():
        g.add_edge(a, b, key=rel, type=rel, weight=len(papers), papers=sorted(papers))


def bench(browser: Chromium, n_nodes: int, folder: Path) -> dict:
    """Write one synthetic graph's page, open it and time drawing and interactions."""
    graph = synthetic_graph(n_nodes)
    path = folder / f"bench_{n_nodes}.html"
    start = time.perf_counter()
    drawn = write_html(graph, path, max_nodes=None)
    write_s = time.perf_counter() - start
    page = browser.new_page()
    page.send("Performance.enable")
    start = time.perf_counter()
    page.goto(path.as_uri(), timeout=600)
    page.wait_for("window.kgView && window.kgView.drawn", timeout=600)
    open_s = time.perf_counter() - start
    result = {"nodes": drawn.nodes, "edges": drawn.edges, "html_mb": path.stat().st_size / 1e6,
              "write_s": write_s, "open_s": open_s, "drawn_ms": page.evaluate("kgView.drawnAt"),
              "draw_ms": page.evaluate(DRAW_JS, timeout=600), "search_ms": page.evaluate(SEARCH_JS, timeout=600),
              "filter_ms": page.evaluate(FILTER_JS, timeout=600),
              "js_heap_mb": page.send("Performance.getMetrics")["metrics"], "errors": len(page.errors)}
    heap = {m["name"]: m["value"] for m in result.pop("js_heap_mb")}
    result["js_heap_mb"] = heap.get("JSHeapUsedSize", 0) / 1e6
    page.close()
    return result


def main() -> None:
    """Run the benchmark for each size and print one table row per size."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,5000,20000", help="comma-separated node counts")
    sizes = [int(s) for s in parser.parse_args().sizes.split(",")]
    print(f"{'nodes':>7} {'edges':>7} {'html MB':>8} {'write s':>8} {'open s':>7} {'drawn ms':>9} "
          f"{'draw ms':>8} {'search ms':>10} {'filter ms':>10} {'JS heap MB':>11} {'errors':>7}")
    with tempfile.TemporaryDirectory() as tmp, Chromium() as browser:
        for n in sizes:
            r = bench(browser, n, Path(tmp))
            print(f"{r['nodes']:>7} {r['edges']:>7} {r['html_mb']:>8.1f} {r['write_s']:>8.2f} {r['open_s']:>7.2f} "
                  f"{r['drawn_ms']:>9.0f} {r['draw_ms']:>8.1f} {r['search_ms']:>10.1f} {r['filter_ms']:>10.1f} "
                  f"{r['js_heap_mb']:>11.0f} {r['errors']:>7}", flush=True)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"python peak RSS {peak_mb:.0f} MB; draw ms is the median of 7 synchronous redraws", file=sys.stderr)


if __name__ == "__main__":
    main()
