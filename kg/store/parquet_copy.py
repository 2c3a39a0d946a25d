"""Bulk COPY through Parquet files, loaded by a worker thread while the caller builds the next table.

Ladybug's COPY from an Arrow table holds the GIL while it scans, so building tables in Python
and loading them cannot overlap; COPY from a Parquet file runs without it. Writing each table
to Parquet and handing the file to one worker lets the engine load group k while Python
builds group k+1.
"""
from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import ladybug
import pyarrow as pa
import pyarrow.parquet as pq

from kg.errors import StoreError

ROW_GROUP_ROWS = 32_768


def _cypher_path(path: Path) -> str:
    """A file path as a single-quoted Cypher string literal."""
    return "'" + str(path).replace("\\", "\\\\").replace("'", "\\'") + "'"


class ParquetCopier:
    """Queues COPY statements over Parquet files; one worker runs them in submission order."""

    def __init__(self, conn: ladybug.Connection, folder: Path, execute: Callable) -> None:
        self._conn, self._folder, self._execute = conn, folder, execute
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="store-copy")
        self._pending: list[Future] = []

    def copy(self, table_name: str, table: pa.Table, options: str = "") -> None:
        """Write `table` to Parquet and queue `COPY table_name FROM file options`."""
        path = self._folder / f"{len(self._pending)}.parquet"
        # Uncompressed: the files live only until the COPY. Ladybug scans row groups in
        # parallel, so several mid-sized groups load faster than pyarrow's one 1M-row group.
        try:
            pq.write_table(table, path, compression="none", row_group_size=ROW_GROUP_ROWS)
        except OSError as exc:
            raise StoreError(f"cannot write the bulk-load file {path}: {exc}") from None
        statement = f"COPY {table_name} FROM {_cypher_path(path)} {options}".rstrip()
        self._pending.append(self._pool.submit(self._run, statement, path))

    def _run(self, statement: str, path: Path) -> None:
        """Run one COPY, then drop its file so the scratch folder never holds the whole graph."""
        try:
            self._execute(self._conn, statement)
        finally:
            path.unlink()

    def wait(self) -> None:
        """Block until every queued COPY ran; re-raises the first failure."""
        for future in self._pending:
            future.result()

    def close(self) -> None:
        """Stop the worker, dropping COPYs not started yet (after a failure)."""
        self._pool.shutdown(wait=True, cancel_futures=True)


@contextmanager
def parquet_copier(conn: ladybug.Connection, store_dir: Path, execute: Callable) -> Iterator[ParquetCopier]:
    """A ParquetCopier whose files sit in a scratch folder in the store, removed on exit."""
    with tempfile.TemporaryDirectory(prefix=".copy-", dir=store_dir) as folder:
        copier = ParquetCopier(conn, Path(folder), execute)
        try:
            yield copier
            copier.wait()
        finally:
            copier.close()
