"""Time every analysis on a synthetic graph of N papers and report peak memory (RSS)."""
from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kg.analyse.corpus import Corpus  # noqa: E402
from kg.analyse.markdown import Assets  # noqa: E402
from kg.analyse.report import ANALYSES, TOP  # noqa: E402
from synthetic import synthetic_graph  # noqa: E402 (benchmarks/synthetic.py)


def peak_mb() -> float:
    """Peak resident memory of this process so far, in MB (Linux reports KB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(label: str, papers: int, step) -> object:
    """Run step(), print its time, papers per second and the peak RSS so far."""
    start = time.perf_counter()
    result = step()
    seconds = time.perf_counter() - start
    print(f"{label:<14} {seconds:8.2f} s {papers / seconds:12,.0f} papers/s   peak RSS {peak_mb():8,.0f} MB",
          flush=True)
    return result


def main() -> None:
    """Build the synthetic graph, then index it and run each analysis in turn."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--papers", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--only", nargs="*", choices=list(ANALYSES), default=list(ANALYSES))
    args = parser.parse_args()
    n = args.papers
    graph = timed("synthesise", n, lambda: synthetic_graph(n, args.seed))
    print(f"graph: {graph.number_of_nodes():,} nodes, {graph.number_of_edges():,} edges")
    corpus = timed("index", n, lambda: Corpus.from_graph(graph))
    entity_graph = timed("entity graph", n, lambda: corpus.entity_graph)
    print(f"entity graph: {entity_graph.number_of_nodes():,} entities, {entity_graph.number_of_edges():,} edges")
    with tempfile.TemporaryDirectory() as tmp:
        assets = Assets.beside(Path(tmp) / "report.md")
        assets.folder.mkdir()
        for name in args.only:
            timed(name, n, lambda: ANALYSES[name](corpus, assets, TOP))


if __name__ == "__main__":
    main()
