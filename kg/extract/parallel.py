"""Extraction in worker processes, each with its own Extractor, output in input order.

Docs never cross process boundaries (spaCy's own n_process ships every Doc back serialised,
which here costs more than extracting): workers return small Extraction records.
"""
from __future__ import annotations

import multiprocessing
from collections import deque
from pathlib import Path
from typing import Iterable, Iterator

from kg.model import Extraction, Paper

_WORKER = None


def extract_parallel(user_lexicon_dir: Path | None, papers: Iterable[Paper], batch_size: int,
                     n_process: int) -> Iterator[Extraction]:
    """Chunks of papers go to a pool; a bounded queue keeps memory flat and order intact."""
    methods = multiprocessing.get_all_start_methods()
    ctx = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    pending: deque = deque()
    with ctx.Pool(n_process, _start_worker, (user_lexicon_dir,)) as pool:
        for chunk in _chunks(papers, batch_size):
            pending.append(pool.apply_async(_work, (chunk,)))
            if len(pending) >= 2 * n_process:
                yield from pending.popleft().get()
        while pending:
            yield from pending.popleft().get()


def _start_worker(user_lexicon_dir: Path | None) -> None:
    from .pipeline import Extractor  # pipeline imports this module
    global _WORKER
    _WORKER = Extractor(user_lexicon_dir)


def _work(chunk: list[tuple[str, str, str]]) -> list[Extraction]:
    return list(_WORKER.extract_items(chunk, len(chunk)))


def _chunks(papers: Iterable[Paper], size: int) -> Iterator[list[tuple[str, str, str]]]:
    chunk: list[tuple[str, str, str]] = []
    for p in papers:
        chunk.append((p.id, p.title, p.text))
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
