#!/usr/bin/env python3
"""Extraction speed and peak memory on the dev seed papers repeated to N papers (or the first N
of a real corpus, --papers), against the speed of spaCy's blank English tokenizer alone on the
same texts in the same process (a yardstick that moves with the machine's load: compare ratios,
not papers/s across days). CPU seconds are printed too: on a loaded machine they move less.

    .venv/bin/python benchmarks/bench_extract.py [-n 20000] [--batch-size 256] [--fast]
        [--papers ../shared/data/arxiv2025/arxiv_2025.jsonl.gz]
"""
from __future__ import annotations

import argparse
import gzip
import json
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kg.extract import Extractor  # noqa: E402
from kg.model import Paper  # noqa: E402


def seed_papers(path: Path, n: int) -> list[Paper]:
    """The dev papers repeated (with fresh ids) until there are n."""
    rows = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]
    return [Paper(f"{i}", rows[i % len(rows)]["title"], rows[i % len(rows)]["abstract"])
            for i in range(n)]


def corpus_papers(path: Path, n: int) -> list[Paper]:
    """The first n papers of a JSON-lines file (gzipped or not) with title and abstract."""
    out = []
    with (gzip.open if path.suffix == ".gz" else open)(path, "rt", encoding="utf-8") as f:
        for line in f:
            if len(out) >= n:
                break
            if line.strip():
                row = json.loads(line)
                out.append(Paper(str(row.get("id", len(out))), row["title"], row["abstract"]))
    return out


def peak_rss_mb() -> float:
    """Peak resident memory of this process and its finished children, in MiB."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, kids) / 1024


def main() -> int:
    """Time one pass of extract_stream and print papers/s and peak memory."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-n", type=int, default=20000, help="number of papers")
    ap.add_argument("--batch-size", type=int, default=256)
    ap.add_argument("--dev", type=Path, default=ROOT.parent / "shared" / "eval" / "dev.jsonl")
    ap.add_argument("--papers", type=Path, help="a real corpus (JSON lines, maybe .gz) instead")
    ap.add_argument("--fast", action="store_true", help="the fast pipeline (no span tagger)")
    a = ap.parse_args()
    papers = corpus_papers(a.papers, a.n) if a.papers else seed_papers(a.dev, a.n)
    a.n = len(papers)
    t0 = time.perf_counter()
    extractor = Extractor(fast=a.fast)
    load = time.perf_counter() - t0
    t0, c0 = time.perf_counter(), time.process_time()
    mentions = sum(len(e.mentions) for e in extractor.extract_stream(
        papers, batch_size=a.batch_size))
    secs, cpu = time.perf_counter() - t0, time.process_time() - c0
    import spacy

    blank = spacy.blank("en")
    t0, c0 = time.perf_counter(), time.process_time()
    for doc in blank.pipe(p.text for p in papers):
        pass
    tok, tok_cpu = time.perf_counter() - t0, time.process_time() - c0
    print(f"papers: {a.n}  processes: 1  batch: {a.batch_size}")
    print(f"load: {load:.2f} s  extract: {secs:.2f} s  -> {a.n / secs:,.0f} papers/s")
    print(f"blank tokenizer: {tok:.2f} s  -> {a.n / tok:,.0f} papers/s; "
          f"extraction at {tok / secs:.1%} of its speed")
    print(f"CPU: extract {cpu:.2f} s, tokenizer {tok_cpu:.2f} s -> {tok_cpu / cpu:.1%}")
    print(f"mentions: {mentions} ({mentions / a.n:.1f}/paper)  peak RSS: {peak_rss_mb():.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
