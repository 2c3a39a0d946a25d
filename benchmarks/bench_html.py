"""Benchmark the HTML view: write time, page size, time until headless Chromium has drawn it, and
how long a search, a filter (and a community's re-layout) and a click take in the whole-graph
view, from the event to the end of the frame that shows the result (the page's own
`kgView.timings`; best of three).

Usage: .venv/bin/python benchmarks/bench_html.py [--sizes 1000,5000,20000] [--seeds OUT]
"""
from __future__ import annotations

import argparse
import json
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

import networkx as nx

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from support.chromium import Chromium, Page  # noqa: E402 (the tests' headless-browser driver)

from kg.graph import load_graph  # noqa: E402
from kg.schema import PAIR_REL, mention_rel  # noqa: E402
from kg.view import write_html  # noqa: E402

TYPES = (("method", "Method", 0.45), ("dataset", "Dataset", 0.30), ("task", "Task", 0.25))
WORDS = ("learning", "graph", "neural", "robust", "policy", "transformer", "sparse", "model", "data",
         "optimization", "attention", "benchmark", "retrieval", "diffusion", "language", "vision")

# One full canvas redraw, called synchronously so the time excludes waiting for an animation frame.
DRAW_JS = """(() => { const renderer = kgView.network.renderer; const times = [];
  for (let i = 0; i < 7; i++) { const t0 = performance.now(); renderer._redraw(); times.push(performance.now() - t0); }
  return times.sort((a, b) => a - b)[3]; })()"""
# Page actions as a user makes them; each sets kgView.timings[name] once its frame is drawn.
ACTIONS = {
    "search": ("search", """(() => { const box = document.getElementById('kg-search'); box.value = %s;
        box.dispatchEvent(new KeyboardEvent('keydown', {key: 'Enter'})); })()"""),
    "type filter": ("filter", "document.querySelector('#kg-legend input[data-kind=Paper]').click()"),
    "min papers": ("filter", """(() => { const box = document.getElementById('kg-min-papers');
        box.value = box.value === '1' ? '3' : '1'; box.dispatchEvent(new Event('change')); })()"""),
    "community": ("filter", """(() => { const s = document.getElementById('kg-community');
        s.value = s.value === '' ? (s.options[1] || s.options[0]).value : '';
        s.dispatchEvent(new Event('change')); })()"""),
    # the largest community the page lays out anew (at most kgView.relayoutMax nodes): physics, then refit
    "re-layout": ("filter", """(() => { const s = document.getElementById('kg-community');
        const fit = KG_META.communities.filter(c => c.nodes >= 2 && c.nodes <= kgView.relayoutMax)[0];
        s.value = s.value === '' && fit ? String(fit.id) : ''; s.dispatchEvent(new Event('change')); })()"""),
}
MODE_JS = """(() => { const s = document.getElementById('kg-mode'); s.value = 'graph';
  s.dispatchEvent(new Event('change')); })()"""
BUSIEST_JS = """kgView.nodes.get().filter(n => n.kind !== 'Paper' && n.kind !== 'Repository')
  .sort((a, b) => b.info.n_papers - a.info.n_papers)[0].id"""
POINT_JS = """(() => { const net = kgView.network, id = %s;
  const dom = net.canvasToDOM(net.getPositions([id])[id]);
  const box = document.getElementById('mynetwork').getBoundingClientRect();
  return [box.left + dom.x, box.top + dom.y]; })()"""


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


def timed_action(page: Page, js: str, timing: str, timeout: float = 120) -> float:
    """Run a page action and return its time in ms, from the event to the end of the frame showing it."""
    page.evaluate(f"kgView.timings.{timing} = null")
    page.evaluate(js, timeout=timeout)
    return page.wait_for(f"kgView.timings.{timing}", timeout=timeout)


def click_busiest(page: Page, timeout: float = 120) -> float:
    """Click the entity with most papers with the mouse; ms until its neighbourhood and panel are drawn."""
    busiest = page.evaluate(BUSIEST_JS)
    page.evaluate(f"kgView.network.focus({json.dumps(busiest)}, {{scale: 1}})")
    x, y = page.evaluate(POINT_JS % json.dumps(busiest))
    page.evaluate("kgView.timings.click = null")
    page.mouse("mousePressed", x, y)
    page.mouse("mouseReleased", x, y)
    return page.wait_for("kgView.timings.click", timeout=timeout)


def interaction_times(page: Page, query: str = "method 1", runs: int = 3) -> dict[str, float]:
    """Best-of-`runs` ms for search, type filter, minimum papers, community filter and a click, in the
    whole-graph view (every node drawn)."""
    page.evaluate(MODE_JS)
    page.wait_for("kgView.state().mode === 'graph'")
    times: dict[str, list[float]] = {}
    for _ in range(runs):
        for name, (timing, js) in ACTIONS.items():
            js = js % json.dumps(query) if name == "search" else js
            times.setdefault(name, []).append(timed_action(page, js, timing))
            if name != "search":  # undo the filter, so every run starts from the whole graph
                timed_action(page, js, timing)
        timed_action(page, ACTIONS["search"][1] % '""', "search")
        times.setdefault("click", []).append(click_busiest(page))
    return {name: min(values) for name, values in times.items()}


def bench(browser: Chromium, n_nodes: int, folder: Path) -> dict:
    """Write one synthetic graph's page, open it and time drawing and interactions."""
    return bench_page(browser, synthetic_graph(n_nodes), folder / f"bench_{n_nodes}.html")


def bench_page(browser: Chromium, graph: nx.MultiDiGraph, path: Path, query: str = "method 1") -> dict:
    """Write a graph's whole page, open it and time drawing and interactions."""
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
              "draw_ms": page.evaluate(DRAW_JS, timeout=600), **interaction_times(page, query),
              "errors": len(page.errors)}
    heap = {m["name"]: m["value"] for m in page.send("Performance.getMetrics")["metrics"]}
    result["js_heap_mb"] = heap.get("JSHeapUsedSize", 0) / 1e6
    page.close()
    return result


def main() -> None:
    """Run the benchmark for each size (and the seed build, if given) and print one table row each."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,5000,20000", help="comma-separated node counts")
    parser.add_argument("--seeds", type=Path, help="also time the page of this build folder (e.g. out/)")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s]
    actions = [*ACTIONS, "click"]
    print(f"{'graph':>8} {'nodes':>7} {'edges':>7} {'html MB':>8} {'write s':>8} {'open s':>7} {'drawn ms':>9} "
          f"{'draw ms':>8} " + " ".join(f"{a + ' ms':>15}" for a in actions) + f" {'JS heap MB':>11} {'errors':>7}")
    with tempfile.TemporaryDirectory() as tmp, Chromium() as browser:
        runs = [("seeds", lambda: bench_page(browser, load_graph(args.seeds), Path(tmp) / "seeds.html", "PPO"))] \
            if args.seeds else []
        runs += [("synth", lambda n=n: bench(browser, n, Path(tmp))) for n in sizes]
        for name, run in runs:
            r = run()
            print(f"{name:>8} {r['nodes']:>7} {r['edges']:>7} {r['html_mb']:>8.1f} {r['write_s']:>8.2f} "
                  f"{r['open_s']:>7.2f} {r['drawn_ms']:>9.0f} {r['draw_ms']:>8.1f} "
                  + " ".join(f"{r[a]:>15.0f}" for a in actions) + f" {r['js_heap_mb']:>11.0f} {r['errors']:>7}",
                  flush=True)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"python peak RSS {peak_mb:.0f} MB; draw ms is the median of 7 synchronous redraws", file=sys.stderr)


if __name__ == "__main__":
    main()
