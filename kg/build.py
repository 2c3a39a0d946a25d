"""The whole pipeline: read -> extract (streamed to disk) -> resolve -> graph -> store and views."""
from __future__ import annotations

import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

import networkx as nx
from tqdm import tqdm

from kg.errors import NoInputError
from kg.extract import Extractor
from kg.graph import GraphBuilder, write_graph
from kg.model import Extraction, Paper
from kg.read import ReadIssue, merge_papers, read_papers
from kg.records import (extraction_from_dict, extraction_to_dict, paper_from_dict, paper_to_dict,
                        read_jsonl, write_jsonl_line)
from kg.resolve import AliasTable, resolve_extraction

PAPERS, EXTRACTIONS, ALIASES = "papers.jsonl", "extractions.jsonl", "alias_table.json"
STORE, HTML = "store", "graph.html"


@dataclass
class BuildOptions:
    """What a build does beyond the graph files, and how it runs."""

    store: bool = True
    html: bool = True
    batch_size: int = 256
    workers: int = 1
    user_lexicon: Path | None = None


@dataclass
class BuildSummary:
    """Counts and timings a build reports."""

    records: int = 0
    papers: int = 0
    issues: list[str] = field(default_factory=list)
    entities: Counter = field(default_factory=Counter)
    edges: Counter = field(default_factory=Counter)
    seconds: dict[str, float] = field(default_factory=dict)

    def lines(self) -> list[str]:
        """The summary as printable lines."""
        total = sum(self.seconds.values())
        stages = ", ".join(f"{k} {v:.1f}s" for k, v in self.seconds.items())
        return [
            f"papers: {self.papers} ({self.records} records read, {len(self.issues)} input problems)",
            "entities: " + ", ".join(f"{k} {v}" for k, v in sorted(self.entities.items())),
            "edges: " + ", ".join(f"{k} {v}" for k, v in sorted(self.edges.items())),
            f"time: {total:.1f}s ({stages})",
        ]


def progress(iterable: Iterable, desc: str, total: int | None = None) -> Iterable:
    """A progress bar on stderr, shown only when stderr is a terminal."""
    return tqdm(iterable, desc=desc, total=total, unit="paper", disable=not sys.stderr.isatty())


def unique_papers(papers: Iterable[Paper], duplicates: dict[str, list[Paper]],
                  counter: Counter) -> Iterator[Paper]:
    """Yield each paper id once; later records of the same paper are kept aside for merging."""
    seen: set[str] = set()
    for paper in papers:
        counter["records"] += 1
        if paper.id in seen:
            duplicates[paper.id].append(paper)
            continue
        seen.add(paper.id)
        yield paper


def batched(items: Iterable, size: int) -> Iterator[list]:
    """Consecutive lists of at most `size` items."""
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


def extract_papers(papers: Iterable[Paper], extractor: Extractor, batch_size: int,
                   workers: int = 1) -> Iterator[tuple[Paper, Extraction]]:
    """Stream (paper, extraction) pairs, extracting in batches behind a progress bar."""
    for chunk in batched(progress(papers, "extract"), batch_size * 4):
        yield from zip(chunk, extractor.extract_stream(chunk, batch_size=batch_size, n_process=workers))


def extract_to_files(papers: Iterable[Paper], extractor: Extractor, out_dir: Path,
                     options: BuildOptions) -> int:
    """Append each paper and its extraction to disk as they come; return the paper count."""
    n = 0
    with open(out_dir / PAPERS, "w", encoding="utf-8") as pf, \
            open(out_dir / EXTRACTIONS, "w", encoding="utf-8") as ef:
        for paper, extraction in extract_papers(papers, extractor, options.batch_size, options.workers):
            write_jsonl_line(pf, paper_to_dict(paper))
            write_jsonl_line(ef, extraction_to_dict(extraction))
            n += 1
    return n


def graph_from_files(out_dir: Path, duplicates: dict[str, list[Paper]]) -> tuple[nx.MultiDiGraph, AliasTable]:
    """Resolve the extractions on disk through an alias table and link them into a graph."""
    table = AliasTable()
    builder = GraphBuilder()
    extractions = (extraction_from_dict(d) for d in read_jsonl(out_dir / EXTRACTIONS))
    for pdict, extraction in zip(read_jsonl(out_dir / PAPERS), extractions):
        paper = paper_from_dict(pdict)
        for dup in duplicates.get(paper.id, []):
            paper = merge_papers(paper, dup)
        builder.add_paper(paper, resolve_extraction(table, extraction))
    return builder.finish(table.entities()), table


def read_inputs(inputs: list[Path], summary: BuildSummary,
                on_issue: Callable[[ReadIssue], None]) -> Iterator[Paper]:
    """Stream papers from every input, reporting and collecting input problems."""
    def record(issue: ReadIssue) -> None:
        summary.issues.append(str(issue))
        on_issue(issue)
    return read_papers(inputs, record)


def build(inputs: list[Path], out_dir: Path, options: BuildOptions,
          on_issue: Callable[[ReadIssue], None]) -> BuildSummary:
    """Run the whole pipeline from input files to every output in out_dir."""
    out_dir.mkdir(parents=True, exist_ok=True)
    summary = BuildSummary()
    counter: Counter = Counter()
    duplicates: dict[str, list[Paper]] = defaultdict(list)
    clock = time.perf_counter()
    extractor = Extractor(options.user_lexicon)
    summary.seconds["load"] = time.perf_counter() - clock

    clock = time.perf_counter()
    papers = unique_papers(read_inputs(inputs, summary, on_issue), duplicates, counter)
    summary.papers = extract_to_files(papers, extractor, out_dir, options)
    summary.records = counter["records"]
    summary.seconds["read+extract"] = time.perf_counter() - clock
    if summary.papers == 0:
        raise NoInputError(f"no paper could be read from {', '.join(map(str, inputs))}")

    clock = time.perf_counter()
    graph, table = graph_from_files(out_dir, duplicates)
    table.save(out_dir / ALIASES)
    write_graph(graph, out_dir)
    summary.seconds["resolve+graph"] = time.perf_counter() - clock
    _count(graph, summary)
    _write_views(graph, out_dir, options, summary)
    return summary


def _count(graph: nx.MultiDiGraph, summary: BuildSummary) -> None:
    """Entities by type and edges by relationship type."""
    summary.entities = Counter(d["label"] for _, d in graph.nodes(data=True) if d["label"] != "Paper")
    summary.edges = Counter(k for _, _, k in graph.edges(keys=True))


def _write_views(graph: nx.MultiDiGraph, out_dir: Path, options: BuildOptions,
                 summary: BuildSummary) -> None:
    """Load the embedded store and render the HTML page, timing each."""
    if options.store:
        from kg.store import load_store
        clock = time.perf_counter()
        load_store(graph, out_dir / STORE)
        summary.seconds["store"] = time.perf_counter() - clock
    if options.html:
        from kg.view.html import write_html
        clock = time.perf_counter()
        write_html(graph, out_dir / HTML)
        summary.seconds["html"] = time.perf_counter() - clock


def extract_file(inputs: list[Path], out: Path, batch_size: int, user_lexicon: Path | None,
                 on_issue: Callable[[ReadIssue], None]) -> int:
    """Read and extract INPUTS into one JSON-lines file of extractions; return the paper count."""
    summary = BuildSummary()
    papers = unique_papers(read_inputs(inputs, summary, on_issue), defaultdict(list), Counter())
    extractor = Extractor(user_lexicon)
    n = 0
    with open(out, "w", encoding="utf-8") as handle:
        for _, extraction in extract_papers(papers, extractor, batch_size):
            write_jsonl_line(handle, extraction_to_dict(extraction))
            n += 1
    if n == 0:
        raise NoInputError(f"no paper could be read from {', '.join(map(str, inputs))}")
    return n
