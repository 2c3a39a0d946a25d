"""Where extraction runs: in this process (spaCy's own worker processes) or on a Dask cluster."""
from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from multiprocessing import get_context
from functools import lru_cache
from pathlib import Path

from kg.errors import DaskError
from kg.extract import Extractor
from kg.model import Extraction, Paper

ChunkRunner = Callable[[list[Paper]], list[Extraction]]


# Starting a worker costs seconds (spaCy and the lexicon load in each), so small chunks stay here.
MIN_PARALLEL_CHUNK = 1000
# Extractions come back (and are cached) this many papers at a time, so a killed build repeats at most these.
COMMIT_EVERY = 256


class LocalRunner:
    """Extract in this process, or across `workers` processes once a chunk is large enough to pay."""

    def __init__(self, extractor: Extractor, batch_size: int, workers: int,
                 user_lexicon: Path | None = None, fast: bool = False) -> None:
        self.extractor, self.batch_size, self.workers = extractor, batch_size, workers
        self._lexicon = str(user_lexicon) if user_lexicon else None
        self._fast = fast
        self._pool: ProcessPoolExecutor | None = None

    def __call__(self, chunk: list[Paper]) -> list[Extraction]:
        """The extractions of a chunk, in order."""
        if self.workers <= 1 or len(chunk) < MIN_PARALLEL_CHUNK:
            return list(self.extractor.extract_stream(chunk, batch_size=self.batch_size))
        if self._pool is None:
            self._pool = _pool(self.workers)
        parts = split(chunk, self.workers)
        results = self._pool.map(extract_partition, parts, [self.batch_size] * len(parts),
                                 [self._lexicon] * len(parts), [self._fast] * len(parts))
        return [e for part in results for e in part]

    def parts(self, chunk: list[Paper]) -> Iterator[list[Extraction]]:
        """The extractions of a chunk, in order, COMMIT_EVERY papers at a time as they are done (the
        workers run on the next parts meanwhile), so that the caller can cache each part at once."""
        pieces = [chunk[i:i + COMMIT_EVERY] for i in range(0, len(chunk), COMMIT_EVERY)]
        if self.workers <= 1 or len(chunk) < MIN_PARALLEL_CHUNK:
            for piece in pieces:
                yield list(self.extractor.extract_stream(piece, batch_size=self.batch_size))
            return
        if self._pool is None:
            self._pool = _pool(self.workers)
        yield from self._pool.map(extract_partition, pieces, [self.batch_size] * len(pieces),
                                  [self._lexicon] * len(pieces), [self._fast] * len(pieces))

    def close(self) -> None:
        """Stop the worker processes, if any were started."""
        if self._pool is not None:
            self._pool.shutdown()


def _pool(workers: int) -> ProcessPoolExecutor:
    """A pool of spawned extraction workers that end with this process.

    multiprocessing's resource tracker is started first with its stderr on /dev/null: when this
    process is killed (kill -9) it still frees the pool's semaphores, without printing a
    "leaked semaphore objects" warning under the build's own messages.
    """
    from multiprocessing import resource_tracker
    sys.stderr.flush()
    saved = os.dup(2)
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 2)  # the tracker inherits file descriptor 2 as its stderr
        resource_tracker.ensure_running()
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(devnull)
    return ProcessPoolExecutor(workers, mp_context=get_context("spawn"),
                               initializer=end_with_parent, initargs=(os.getpid(),))


def end_with_parent(parent: int) -> None:
    """In a worker: exit within a second of the parent process going (killed with -9, it cannot stop its pool)."""
    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(1)

    if os.getppid() != parent:
        os._exit(1)
    threading.Thread(target=watch, daemon=True, name="end-with-parent").start()


def split(items: list, n: int) -> list[list]:
    """At most n consecutive parts of nearly equal size."""
    size = -(-len(items) // max(1, n))
    return [items[i:i + size] for i in range(0, len(items), size)]


@lru_cache(maxsize=4)
def _worker_extractor(user_lexicon: str | None, fast: bool = False) -> Extractor:
    """One extractor per worker process, loaded on its first task and kept."""
    return Extractor(Path(user_lexicon) if user_lexicon else None, fast=fast)


def extract_partition(papers: list[Paper], batch_size: int, user_lexicon: str | None,
                      fast: bool = False) -> list[Extraction]:
    """A worker's task (process pool or Dask): extract one partition with the worker's own extractor."""
    return list(_worker_extractor(user_lexicon, fast).extract_stream(papers, batch_size=batch_size))


@contextmanager
def dask_runner(address: str, batch_size: int, user_lexicon: Path | None,
                local_workers: int = 2, fast: bool = False) -> Iterator[ChunkRunner]:
    """Run each chunk as one Dask task per worker; `address` "local" starts a LocalCluster."""
    from dask.distributed import Client, LocalCluster
    cluster = LocalCluster(n_workers=local_workers, threads_per_worker=1, processes=True,
                           dashboard_address=None) if address == "local" else None
    try:
        client = Client(cluster if cluster else address, timeout="20s")
    except OSError as err:
        raise DaskError(f"cannot reach the Dask scheduler at {address}: {err}") from err
    lexicon = str(user_lexicon) if user_lexicon else None

    def run(chunk: list[Paper]) -> list[Extraction]:
        parts = split(chunk, len(client.scheduler_info()["workers"]))
        futures = client.map(extract_partition, parts, [batch_size] * len(parts), [lexicon] * len(parts),
                             [fast] * len(parts), pure=False)
        return [e for part in client.gather(futures) for e in part]

    try:
        yield run
    finally:
        client.close()
        if cluster:
            cluster.close()
