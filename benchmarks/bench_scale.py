#!/usr/bin/env python3
"""Scale benchmark: each build stage's papers/s, peak memory and output sizes on synthetic corpora.

    .venv/bin/python benchmarks/bench_scale.py --sizes 10000,100000 --workers 2 --out /tmp/kg-scale
        [--dask local] [--html] [--whole] [--batch-size 256] [--seed 0]

For each size a corpus is generated once into OUT (benchmarks/synth_corpus.py) and reused. Every
stage then runs in its own subprocess, so its peak RSS (getrusage of the process, and of its
reaped children such as extraction workers) is that stage's alone:

- read: iterate kg.read.read_papers over the corpus and nothing else;
- extract: kg.pipeline.stream_to_files, the build's own read -> extract -> papers.jsonl /
  extractions.jsonl path, with a fresh extraction cache and the local (or Dask) runner;
- resolve+link: kg.pipeline.link_tables (alias table, graph tables streamed to Parquet);
- store: kg.store.load_store_tables, COPY from the tables;
- networkx graph: the tables read into networkx (a deterministic sample of papers past the edge
  cap, kg.tables.read.DEFAULT_MAX_EDGES) and graph.json / GraphML written when whole;
- html (only with --html): kg.view.html.write_html with its default node cap;
- whole (only with --whole): kg.pipeline.build end to end, store on and HTML off, as a check that
  the stages add up.
"""
from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from contextlib import ExitStack
from pathlib import Path


ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from synth_corpus import make_corpus  # noqa: E402

NODE_LABELS = ("Paper", "Method", "Dataset", "Task", "Repository")

TARGETS = {"extract_pps_2_cores": 500, "build_100k_seconds": 600, "extract_peak_mb": 2048,
           "store_edges_per_s": 100_000}
OUTPUTS = ("papers.jsonl", "extractions.jsonl", "tables", "graph.json", "graph.graphml", "alias_table.json",
           "cache.sqlite", "store")


def peak_mb() -> dict[str, float]:
    """Peak RSS in MiB of this process and of the largest child it has reaped."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"self_mb": round(own, 1), "child_mb": round(kids, 1)}


def _count_issues() -> tuple[Callable, list]:
    """An issue sink that only counts, and the counter it fills."""
    seen: list = []
    return seen.append, seen


def stage_read(corpus: str) -> dict:
    """Iterate read_papers alone."""
    from kg.read import read_papers
    sink, issues = _count_issues()
    clock = time.perf_counter()
    n = sum(1 for _ in read_papers([Path(corpus)], sink))
    return {"seconds": time.perf_counter() - clock, "papers": n, "issues": len(issues)}


def stage_extract(corpus: str, out: str, workers: int, batch_size: int, dask: str | None) -> dict:
    """The build's streamed read + extract + write path, with a fresh cache."""
    from kg.model import BuildSummary
    from kg.pipeline import CACHE, BuildOptions, stream_to_files
    from kg.cache import ExtractionCache
    from kg.extract import Extractor
    from kg.read import read_papers
    from kg.runners import LocalRunner, dask_runner
    out_dir = Path(out)
    sink, issues = _count_issues()
    clock = time.perf_counter()
    extractor = Extractor()
    options = BuildOptions(store=False, html=False, batch_size=batch_size, workers=workers, dask=dask)
    summary = BuildSummary()
    with ExitStack() as stack:
        cache = ExtractionCache(out_dir / CACHE)
        stack.callback(cache.close)
        if dask:
            run = stack.enter_context(dask_runner(dask, batch_size, None, local_workers=workers))
        else:
            run = LocalRunner(extractor, batch_size, workers)
            stack.callback(run.close)
        stream_to_files(read_papers([Path(corpus)], sink), extractor, out_dir, options, run, cache, summary)
    return {"seconds": time.perf_counter() - clock, "papers": summary.papers,
            "extracted": summary.extracted, "issues": len(issues), "extractor": extractor.version}


def stage_link(out: str) -> dict:
    """Resolve and link the extractions on disk into the graph tables, and save the alias table."""
    from kg.pipeline import ALIASES, link_tables
    out_dir = Path(out)
    clock = time.perf_counter()
    counts, table = link_tables(out_dir)
    table.save(out_dir / ALIASES)
    nodes = sum(counts[label] for label in NODE_LABELS)
    return {"seconds": time.perf_counter() - clock, "papers": counts["Paper"], "nodes": nodes,
            "edges": sum(counts.values()) - nodes}


def _tables(out: str):
    from kg.tables import TABLES_DIR, GraphTables
    return GraphTables(Path(out) / TABLES_DIR)


def stage_graph(out: str) -> dict:
    """The networkx graph read from the tables (sampled past its edge cap), and graph.json/GraphML when whole."""
    from kg.graph import write_graph
    tables = _tables(out)
    notes: list[str] = []
    clock = time.perf_counter()
    graph = tables.to_networkx(on_note=notes.append)
    if not notes:
        notes += write_graph(graph, Path(out))
    papers = sum(1 for _, d in graph.nodes(data=True) if d["label"] == "Paper")
    return {"seconds": time.perf_counter() - clock, "papers": papers, "nodes": graph.number_of_nodes(),
            "edges": graph.number_of_edges(), "sampled": papers < tables.node_count("Paper"), "notes": notes}


def stage_store(out: str) -> dict:
    """Bulk-load the embedded store from the graph tables."""
    from kg.pipeline import STORE
    from kg.store import load_store_tables
    tables = _tables(out)
    clock = time.perf_counter()
    counts = load_store_tables(tables, Path(out) / STORE).counts
    return {"seconds": time.perf_counter() - clock, "papers": counts["Paper"],
            "nodes": sum(counts[label] for label in NODE_LABELS), "edges": tables.n_edges(), "counts": counts}


def stage_html(out: str) -> dict:
    """Render the HTML view with its default node cap from the (possibly sampled) networkx graph."""
    from kg.pipeline import HTML
    from kg.view.html import write_html
    clock = time.perf_counter()
    graph = _tables(out).to_networkx()
    page = write_html(graph, Path(out) / HTML)
    papers = sum(1 for _, d in graph.nodes(data=True) if d["label"] == "Paper")
    return {"seconds": time.perf_counter() - clock, "papers": papers, "cut": page.cut}


def stage_whole(corpus: str, out: str, workers: int, batch_size: int, dask: str | None) -> dict:
    """kg.pipeline.build end to end: store on, HTML off."""
    from kg.pipeline import BuildOptions, build
    sink, issues = _count_issues()
    options = BuildOptions(store=True, html=False, batch_size=batch_size, workers=workers, dask=dask)
    clock = time.perf_counter()
    summary = build([Path(corpus)], Path(out), options, sink)
    return {"seconds": time.perf_counter() - clock, "papers": summary.papers,
            "stages": summary.seconds, "issues": len(issues)}


STAGES: dict[str, Callable[..., dict]] = {
    "read": stage_read, "extract": stage_extract, "link": stage_link, "graph": stage_graph, "store": stage_store,
    "html": stage_html, "whole": stage_whole,
}


def run_stage(name: str, *args: object) -> dict:
    """Run one stage in a fresh interpreter and return what it measured."""
    cmd = [sys.executable, str(Path(__file__).resolve()), "--stage", name, json.dumps(args)]
    done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"stage {name} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def disk_bytes(path: Path) -> int:
    """Bytes of a file, or of every file under a folder; 0 when absent."""
    if path.is_dir():
        return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
    return path.stat().st_size if path.exists() else 0


def corpus_for(n: int, out: Path, seed: int) -> tuple[Path, float | None]:
    """The cached corpus of n papers, generating it first if needed (with the seconds it took)."""
    path = out / f"corpus-{n}-seed{seed}.jsonl"
    if path.exists():
        return path, None
    clock = time.perf_counter()
    make_corpus(n, path, seed)
    return path, time.perf_counter() - clock


def say(n: int, stage: str) -> None:
    """Progress on stderr: the stage about to run."""
    print(f"[{n}] {stage}...", file=sys.stderr, flush=True)


def bench_size(n: int, a: argparse.Namespace) -> dict:
    """Every stage on the corpus of n papers; returns the measurements per stage and output sizes."""
    corpus, gen_s = corpus_for(n, a.out, a.seed)
    mode = f"dask-{a.dask}" if a.dask else "local"
    build_dir = a.out / f"build-{n}-{mode}-w{a.workers}"
    shutil.rmtree(build_dir, ignore_errors=True)
    build_dir.mkdir(parents=True)
    result: dict = {"n": n, "mode": mode, "workers": a.workers, "corpus_bytes": disk_bytes(corpus),
                    "generate_s": gen_s, "stages": {}, "notes": []}
    stages = result["stages"]
    say(n, "read")
    stages["read"] = run_stage("read", str(corpus))
    say(n, "extract")
    stages["extract"] = run_stage("extract", str(corpus), str(build_dir), a.workers, a.batch_size, a.dask)
    say(n, "link")
    stages["resolve+link"] = run_stage("link", str(build_dir))
    say(n, "store")
    stages["store"] = run_stage("store", str(build_dir))
    say(n, "graph")
    stages["networkx graph"] = run_stage("graph", str(build_dir))
    result["notes"] += stages["networkx graph"]["notes"]
    if a.html:
        say(n, "html")
        stages["html (capped)"] = run_stage("html", str(build_dir))
    result["notes"].append(f"extractor version {stages['extract']['extractor']}")
    result["outputs"] = {name: disk_bytes(build_dir / name) for name in OUTPUTS}
    if a.whole:
        say(n, "whole build")
        whole_dir = a.out / f"whole-{n}-{mode}-w{a.workers}"
        shutil.rmtree(whole_dir, ignore_errors=True)
        result["whole"] = run_stage("whole", str(corpus), str(whole_dir), a.workers, a.batch_size, a.dask)
    return result


def _mb(x: float) -> str:
    return f"{x:,.0f}"


def stage_table(results: list[dict]) -> list[str]:
    """Markdown rows: per size and stage, time, rate and peak memory."""
    rows = ["| papers | runner | stage | seconds | papers/s | other rate | peak RSS main MiB "
            "| peak RSS child MiB |", "|---:|---|---|---:|---:|---|---:|---:|"]
    for r in results:
        for stage, m in r["stages"].items():
            rate = m["papers"] / m["seconds"] if m["seconds"] else 0
            other = ""
            if stage == "store":
                other = f"{m['edges'] / m['seconds']:,.0f} edges/s"
            elif stage in ("resolve+link", "networkx graph"):
                other = f"{m['nodes']:,} nodes, {m['edges']:,} edges" + (" (sample)" if m.get("sampled") else "")
            elif stage == "html (capped)":
                other = "cut" if m["cut"] else "whole graph"
            rows.append(f"| {r['n']:,} | {r['mode']} w{r['workers']} | {stage} | {m['seconds']:.1f} "
                        f"| {rate:,.0f} | {other} | {_mb(m['self_mb'])} | {_mb(m['child_mb'])} |")
        if "whole" in r:
            w = r["whole"]
            parts = ", ".join(f"{k} {v:.0f}s" for k, v in w["stages"].items())
            rows.append(f"| {r['n']:,} | {r['mode']} w{r['workers']} | whole build() | {w['seconds']:.1f} "
                        f"| {w['papers'] / w['seconds']:,.0f} | {parts} | {_mb(w['self_mb'])} "
                        f"| {_mb(w['child_mb'])} |")
    return rows


def size_table(results: list[dict]) -> list[str]:
    """Markdown rows: bytes of the corpus and of every output, in MiB."""
    rows = ["| papers | corpus | " + " | ".join(OUTPUTS) + " |", "|---:|" + "---:|" * (len(OUTPUTS) + 1)]
    for r in results:
        cells = " | ".join(f"{r['outputs'][o] / 2**20:,.1f}" for o in OUTPUTS)
        rows.append(f"| {r['n']:,} | {r['corpus_bytes'] / 2**20:,.1f} | {cells} |")
    return rows


def target_table(results: list[dict]) -> list[str]:
    """Markdown rows: each target against what was measured."""
    rows = ["| papers | target | measured | verdict |", "|---:|---|---:|---|"]
    for r in results:
        ex, st = r["stages"]["extract"], r["stages"].get("store")
        pps = ex["papers"] / ex["seconds"]
        # Workers (if any ran) live as long as the main process: their peaks add up.
        mem = ex["self_mb"] + ex["child_mb"] * r["workers"]
        total = sum(r["stages"][k]["seconds"] for k in ("extract", "resolve+link", "store") if k in r["stages"])
        checks = [
            (f"extract >= {TARGETS['extract_pps_2_cores']} papers/s", f"{pps:,.0f} papers/s",
             pps >= TARGETS["extract_pps_2_cores"]),
            ("extract peak < 2 GiB (main + workers)", f"{mem:,.0f} MiB", mem < TARGETS["extract_peak_mb"]),
            ("build (extract+link+store) of 100k < 600 s, scaled linearly",
             f"{total:,.0f} s -> {total * 100_000 / r['n']:,.0f} s per 100k",
             total * 100_000 / r["n"] < TARGETS["build_100k_seconds"]),
        ]
        if st:
            eps = st["edges"] / st["seconds"]
            checks.append((f"store load >= {TARGETS['store_edges_per_s']:,} edges/s", f"{eps:,.0f} edges/s",
                           eps >= TARGETS["store_edges_per_s"]))
        rows += [f"| {r['n']:,} | {t} | {m} | {'met' if ok else 'GAP'} |" for t, m, ok in checks]
    return rows


def report(results: list[dict]) -> str:
    """The Markdown report of every size."""
    lines = ["## Stages", "", *stage_table(results), "", "## Output sizes (MiB)", "", *size_table(results),
             "", "## Targets", "", *target_table(results)]
    notes = [f"- {r['n']:,}: {note}" for r in results for note in r["notes"]]
    notes += [f"- {r['n']:,}: corpus generated in {r['generate_s']:.1f}s" for r in results if r["generate_s"]]
    return "\n".join(lines + (["", "## Notes", "", *notes] if notes else []))


def stage_main(name: str, args_json: str) -> int:
    """Subprocess entry: run one stage and print its measurements as the last line."""
    result = STAGES[name](*json.loads(args_json))
    result.update(peak_mb())
    print(json.dumps(result))
    return 0


def main() -> int:
    """Benchmark each size and print the Markdown tables (and save them, with the raw numbers, in OUT)."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="10000", help="comma-separated corpus sizes")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--out", type=Path, default=Path("/tmp/kg-scale"))
    ap.add_argument("--dask", default=None, help='"local" or a scheduler address')
    ap.add_argument("--batch-size", type=int, default=256)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--html", action="store_true", help="also time the (capped) HTML view")
    ap.add_argument("--whole", action="store_true", help="also time kg.pipeline.build end to end")
    ap.add_argument("--stage", nargs=2, metavar=("NAME", "ARGS_JSON"), help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.stage:
        return stage_main(*a.stage)
    a.out.mkdir(parents=True, exist_ok=True)
    tag = f"{'dask' if a.dask else 'local'}-w{a.workers}"
    results = []
    for size in a.sizes.split(","):
        results.append(bench_size(int(size), a))
        # Saved after every size so a long run that fails later keeps what it measured.
        (a.out / f"results-{tag}.json").write_text(json.dumps(results, indent=1), encoding="utf-8")
    text = report(results)
    (a.out / f"results-{tag}.md").write_text(text + "\n", encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
