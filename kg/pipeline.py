"""The whole pipeline: read -> extract (streamed to disk, cached) -> resolve -> link -> store and views.

Every record read is appended to papers.jsonl as it comes, then each paper (its records
merged) is extracted and its extraction appended to extractions.jsonl, so memory stays
flat while extracting. The link stage streams both files into the graph tables, which the
store, the exports and the views read. An update replays the records of the previous
build before the new inputs, so its result equals a full build of old and new; the
extraction cache makes that replay cost no extraction.
"""
from __future__ import annotations

import json
import os
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass, replace
from itertools import chain, islice, zip_longest
from pathlib import Path

from tqdm import tqdm

from kg.buildfolder import (ALIASES, CACHE, EXTRACTIONS, HTML, MANIFEST, OWNED, PAPERS, STORE, TABLES_DIR, Manifest,
                            build_ids, write_manifest)
from kg.cache import ExtractionCache, cache_key
from kg.errors import BuildNotFoundError, InternalError, KGError, NoInputError, from_os_error
from kg.extract import Extractor
from kg.graph import skip_graph_files, write_graph
from kg.limits import DEFAULT_BATCH_SIZE, DEFAULT_MAX_EDGES
from kg.model import BuildSummary, Extraction, Paper
from kg.outdir import atomic_file, locked, staged
from kg.read import IssueSink, merge_all, read_papers
from kg.resolve import AliasTable, CorpusVotes, resolve_extraction
from kg.resolve.plan import LEXICON_DIR
from kg.home import user_reference_dir
from kg.runners import ChunkRunner, LocalRunner, dask_runner
from kg.schema import PAPER, load_schema
from kg.serialise import (extraction_from_dict, extraction_record, paper_from_dict, paper_to_dict, read_jsonl,
                          write_jsonl_line)
from kg.tables import GraphTables, TablesBuilder

NODE_LABELS = tuple(load_schema()["nodes"])


@dataclass
class BuildOptions:
    """What a build does beyond the graph files, and how it runs."""

    store: bool = True
    html: bool = True
    batch_size: int = DEFAULT_BATCH_SIZE
    workers: int = 1
    user_lexicon: Path | None = None
    update: bool = False  # add the inputs to the papers the build in OUT already has
    dask: str | None = None  # a scheduler address, or "local" for a local cluster
    fast: bool = False  # extract without the span tagger (Extractor's `fast`)
    # drop mentions the decider is less sure of than this; None: 0, or with `update` the level
    # the build being updated used
    min_confidence: float | None = None


def progress(iterable: Iterable, desc: str) -> Iterable:
    """A progress bar on stderr, shown only when stderr is a terminal."""
    return tqdm(iterable, desc=desc, unit="paper", disable=not sys.stderr.isatty())


def batched(items: Iterable, size: int) -> Iterator[list]:
    """Consecutive lists of at most `size` items."""
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


def unique_papers(papers: Iterable[Paper]) -> Iterator[Paper]:
    """Yield each paper id's first record only."""
    return first_of_each(papers, lambda p: p.id)


def first_of_each(items: Iterable, key: Callable) -> Iterator:
    """Yield the first item of each key, in order."""
    seen: set = set()
    for item in items:
        k = key(item)
        if k not in seen:
            seen.add(k)
            yield item


def extract_papers(papers: Iterable[Paper], extractor: Extractor, batch_size: int,
                   run: ChunkRunner | None = None,
                   cache: ExtractionCache | None = None) -> Iterator[tuple[Paper, str, bool]]:
    """Stream (paper, extraction record, newly extracted?) in input order, extracting only what the cache lacks."""
    run = run or LocalRunner(extractor, batch_size, 1)
    for chunk in batched(progress(papers, "extract"), batch_size * 8):
        yield from _extract_chunk(chunk, extractor.version, run, cache)


def _extract_chunk(chunk: list[Paper], version: str, run: ChunkRunner,
                   cache: ExtractionCache | None) -> list[tuple[Paper, str, bool]]:
    """One chunk's extraction records: cached ones reused as they are, the rest extracted and cached."""
    if cache is None:
        return [(p, extraction_record(e), True) for p, e in zip(chunk, run(chunk))]
    keys = [cache_key(p, version) for p in chunk]
    found = cache.get_many(keys)
    todo = [(k, p) for k, p in zip(keys, chunk) if k not in found]
    fresh: dict[str, str] = {}
    # a runner that gives its extractions part by part has each part cached as it comes
    parts = getattr(run, "parts", lambda papers: [run(papers)])([p for _, p in todo]) if todo else []
    start = 0
    for part in parts:
        done = list(zip([k for k, _ in todo[start:start + len(part)]], map(extraction_record, part)))
        start += len(part)
        cache.put_many(done)
        fresh.update(done)
    return [(p, found.get(k) or fresh[k], k in fresh) for k, p in zip(keys, chunk)]


@dataclass
class Extracted:
    """What the extract stage learned while writing its files, so that the link stage reads
    each file once: the later records of papers met more than once (by id, in input order),
    and the corpus's votes over every mention."""

    later: dict[str, list[dict]]
    votes: CorpusVotes


def stream_to_files(papers: Iterable[Paper], extractor: Extractor, out_dir: Path, options: BuildOptions,
                    run: ChunkRunner, cache: ExtractionCache, summary: BuildSummary) -> Extracted:
    """Write every record to papers.jsonl, then each merged paper's extraction to extractions.jsonl.

    Records of one paper are merged before extracting, so the text extracted (and every
    evidence offset) is the text the graph shows, and a paper whose text an update changed
    is extracted again. Both files are swapped in only once complete. Each is read back once
    at most: papers.jsonl to extract its papers, merged with the later records of theirs that
    were kept aside while writing it.
    """
    papers_tmp, extractions_tmp = out_dir / f"{PAPERS}.part", out_dir / f"{EXTRACTIONS}.part"
    seen: set[str] = set()
    later: dict[str, list[dict]] = defaultdict(list)
    with open(papers_tmp, "w", encoding="utf-8") as handle:
        for paper in papers:
            summary.records += 1
            record = paper_to_dict(paper)
            line = write_jsonl_line(handle, record)
            if paper.id in seen:
                later[paper.id].append(json.loads(line))  # as the file holds it
            seen.add(paper.id)
    votes = CorpusVotes()
    with open(extractions_tmp, "w", encoding="utf-8") as handle:
        merged = merged_papers(papers_tmp, later)
        for _, record, fresh in extract_papers(merged, extractor, options.batch_size, run, cache):
            data = json.loads(record)
            if drop_unsure(data, options.min_confidence):
                record = json.dumps(data, ensure_ascii=False)
            handle.write(record + "\n")
            votes.add_extraction(extraction_from_dict(data))
            summary.papers += 1
            summary.extracted += fresh
    papers_tmp.replace(out_dir / PAPERS)
    extractions_tmp.replace(out_dir / EXTRACTIONS)
    return Extracted(dict(later), votes)


def merged_papers(path: Path, later: dict[str, list[dict]] | None = None) -> Iterator[Paper]:
    """Each paper of a papers.jsonl file once, in first-seen order, merged with its later records.

    Given `later` (what the writer of the file kept aside), the file is read once; without,
    a first pass finds the later records.
    """
    if later is None:
        seen: set[str] = set()
        later = defaultdict(list)
        for record in read_jsonl(path):
            if record["id"] in seen:
                later[record["id"]].append(record)
            seen.add(record["id"])
    for record in first_of_each(read_jsonl(path), lambda r: r["id"]):
        paper = paper_from_dict(record)
        yield merge_all(paper, (paper_from_dict(dup) for dup in later.get(paper.id, ())))


def link_tables(out_dir: Path, extracted: Extracted | None = None,
                user_lexicon: Path | None = None) -> tuple[dict[str, int], AliasTable]:
    """Resolve the extractions on disk through an alias table and write the graph tables; return their counts.
    The corpus's votes (one type per name; acronyms defined several ways) come from the extract
    stage, or, without it, from a first pass over the extractions; the resolution also reads the
    built-in lexicon and the user's (`user_lexicon`)."""
    if extracted is None:
        votes = CorpusVotes.of(extraction_from_dict(d) for d in read_jsonl(out_dir / EXTRACTIONS))
        papers = merged_papers(out_dir / PAPERS)
    else:
        votes, papers = extracted.votes, merged_papers(out_dir / PAPERS, extracted.later)
    references = user_reference_dir()
    table = AliasTable(votes, [LEXICON_DIR, *([user_lexicon] if user_lexicon else [])],
                       [references] if references.is_dir() else [])
    builder = TablesBuilder(out_dir / TABLES_DIR)
    extractions = (extraction_from_dict(d) for d in read_jsonl(out_dir / EXTRACTIONS))
    for paper, extraction in paired(papers, extractions):
        builder.add_paper(paper, resolve_extraction(table, extraction))
    return builder.finish(table.entities(), table.variants()), table


def paired(papers: Iterable[Paper], extractions: Iterable[Extraction]) -> Iterator[tuple[Paper, Extraction]]:
    """Each merged paper with its extraction, checked by id: both files are written in the same order,
    and a file that lost or gained a line must not pair a paper with another paper's entities."""
    missing = object()
    for paper, extraction in zip_longest(papers, extractions, fillvalue=missing):
        if paper is missing or extraction is missing or paper.id != extraction.paper_id:
            raise InternalError(f"{PAPERS} and {EXTRACTIONS} disagree: paper "
                                f"{getattr(paper, 'id', '(none)')} against the extraction of "
                                f"{getattr(extraction, 'paper_id', '(none)')}")
        yield paper, extraction


def previous_records(out_dir: Path) -> Iterator[Paper]:
    """The records an earlier build in out_dir read, for --update."""
    if not (out_dir / PAPERS).exists():
        raise BuildNotFoundError(f"{out_dir}: nothing to update, no {PAPERS} here")
    return (paper_from_dict(d) for d in read_jsonl(out_dir / PAPERS))


def _runner(options: BuildOptions, extractor: Extractor, stack: ExitStack) -> ChunkRunner:
    """A Dask runner when asked for one, else the local one."""
    if options.dask:
        return stack.enter_context(dask_runner(options.dask, options.batch_size, options.user_lexicon,
                                               local_workers=options.workers, fast=options.fast))
    runner = LocalRunner(extractor, options.batch_size, options.workers, options.user_lexicon, options.fast)
    stack.callback(runner.close)
    return runner


def build(inputs: list[Path], out_dir: Path, options: BuildOptions, on_issue: IssueSink) -> BuildSummary:
    """Run the whole pipeline from input files to every output in out_dir, replacing them as a whole.

    Everything is written to a staging folder beside out_dir and swapped in at the end, so a
    build that fails or is killed leaves out_dir as it was (its extraction cache aside, which
    only gains entries). A second build into the same out_dir is refused while this one runs.
    """
    _refuse_out_as_input(inputs, out_dir)
    with locked(out_dir):
        existed = (out_dir / MANIFEST).exists()  # a previous build, not merely a folder
        try:
            out_dir.mkdir(parents=True, exist_ok=True)
            with staged(out_dir, OWNED) as work:
                return _build_into(inputs, out_dir, work, options, on_issue)
        except OSError as error:
            raise _kept(from_os_error(error), out_dir, existed) from None
        except KGError as error:
            raise _kept(error, out_dir, existed) from None


def _refuse_out_as_input(inputs: list[Path], out_dir: Path) -> None:
    """NoInputError when an input is the output folder or inside it: its files are the build's own."""
    out = Path(os.path.realpath(out_dir))
    for given in inputs:
        real = Path(os.path.realpath(given))
        if real == out or out in real.parents:
            raise NoInputError(f"{given}: is the output folder {out_dir}, or inside it; a build does not read "
                               "its own outputs (give the input files, or another -o)")


def _kept(error: KGError, out_dir: Path, existed: bool) -> KGError:
    """The same error, saying that out_dir still holds the previous build."""
    if not existed:
        return error
    return type(error)(f"{error.args[0] if error.args else error}; {out_dir} still holds the previous build")


def _build_into(inputs: list[Path], out_dir: Path, work: Path, options: BuildOptions,
                on_issue: IssueSink) -> BuildSummary:
    """The build itself: read out_dir's earlier records and cache, write everything into work."""
    summary = BuildSummary()
    clock = time.perf_counter()
    extractor = Extractor(options.user_lexicon, fast=options.fast)
    old = previous_records(out_dir) if options.update else iter(())
    recorded = Manifest.read(out_dir / MANIFEST)  # the build this one replaces, read once
    all_inputs = (recorded.inputs() if options.update else []) + inputs
    if options.min_confidence is None:  # an update keeps the level of the build it updates
        options = replace(options, min_confidence=recorded.min_confidence() if options.update else 0.0)
    level = {"min_confidence": options.min_confidence, **build_ids(recorded, all_inputs)}
    write_manifest(work, all_inputs, "extracting", level)

    def count_issue(issue) -> None:
        summary.issues += 1
        on_issue(issue)

    with ExitStack() as stack:
        cache = ExtractionCache(out_dir / CACHE)
        stack.callback(cache.close)
        run = _runner(options, extractor, stack)
        papers = chain(old, read_papers(inputs, count_issue, exclude=[out_dir, work]))
        extracted = stream_to_files(papers, extractor, work, options, run, cache, summary)
    summary.seconds["read+extract"] = time.perf_counter() - clock
    if summary.papers == 0:
        raise NoInputError(f"no paper could be read from {', '.join(map(str, inputs))}")

    tables = _link(work, summary, extracted, options.user_lexicon)
    if options.store:
        from kg.store import load_store_tables
        clock = time.perf_counter()
        load_store_tables(tables, work / STORE)
        summary.seconds["store"] = time.perf_counter() - clock
    _write_graph_views(tables, work, options, summary)
    write_manifest(work, all_inputs, "done", {"extractor": extractor.version, "papers": summary.papers, **level})
    return summary


def _link(out_dir: Path, summary: BuildSummary, extracted: Extracted, user_lexicon: Path | None) -> GraphTables:
    """Resolve and link into the graph tables, save the alias table, count what was made."""
    clock = time.perf_counter()
    counts, table = link_tables(out_dir, extracted, user_lexicon)
    table.save(out_dir / ALIASES)
    summary.seconds["resolve+link"] = time.perf_counter() - clock
    summary.entities = Counter({k: n for k, n in counts.items() if k in NODE_LABELS and k != PAPER})
    summary.edges = Counter({k: n for k, n in counts.items() if k not in NODE_LABELS and n})
    return GraphTables(out_dir / TABLES_DIR)


def _write_graph_views(tables: GraphTables, out_dir: Path, options: BuildOptions, summary: BuildSummary) -> None:
    """graph.json and GraphML when the whole graph fits in memory, and the HTML page, timing each."""
    clock = time.perf_counter()
    n_edges = tables.n_edges()
    whole = n_edges <= DEFAULT_MAX_EDGES
    if whole:
        graph = tables.to_networkx(None)
        summary.notes += write_graph(graph, out_dir)
    else:
        summary.notes.append(skip_graph_files(out_dir, n_edges))
    summary.seconds["graph files"] = time.perf_counter() - clock
    if options.html:
        from kg.view.html import write_html
        clock = time.perf_counter()
        page = write_html(graph if whole else tables.to_networkx(on_note=summary.notes.append), out_dir / HTML)
        if page.cut:
            summary.notes.append(page.message)
        summary.seconds["html"] = time.perf_counter() - clock


def drop_unsure(record: dict, min_confidence: float | None) -> bool:
    """Remove from an extraction record the mentions whose confidence is under
    `min_confidence`; whether any was.

    >>> record = {"id": "p", "entities": [{"name": "A", "confidence": 0.4}, {"name": "B"}]}
    >>> drop_unsure(record, 0.5), record
    (True, {'id': 'p', 'entities': [{'name': 'B'}]})
    """
    if not min_confidence:
        return False
    kept = [m for m in record["entities"] if m.get("confidence", 1.0) >= min_confidence]
    dropped = len(kept) < len(record["entities"])
    record["entities"] = kept
    return dropped


def extract_file(inputs: list[Path], out: Path, batch_size: int, user_lexicon: Path | None,
                 on_issue: IssueSink, explain: bool = False, fast: bool = False,
                 min_confidence: float = 0.0) -> int:
    """Read and extract inputs into one JSON-lines file of extractions; return the paper count.
    With `explain`, every entity carries a `why` line; `fast` extracts without the span tagger;
    mentions less sure than `min_confidence` are left out."""
    extractor = Extractor(user_lexicon, explain=explain, fast=fast)
    n = 0
    with atomic_file(out) as tmp, open(tmp, "w", encoding="utf-8") as handle:
        papers = unique_papers(read_papers(inputs, on_issue, exclude=[out]))
        for _, record, _ in extract_papers(papers, extractor, batch_size):
            if min_confidence:
                data = json.loads(record)
                if drop_unsure(data, min_confidence):
                    record = json.dumps(data, ensure_ascii=False)
            handle.write(record + "\n")
            n += 1
        if n == 0:
            raise NoInputError(f"no paper could be read from {', '.join(map(str, inputs))}; {out} left as it was")
    return n
