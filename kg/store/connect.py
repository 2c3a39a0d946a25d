"""Open the store's Ladybug database, mapping failures to StoreError."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import ladybug

from kg.errors import StoreError

STORE_FILE = "graph.lbug"


def store_file(store_dir: Path) -> Path:
    """The database file inside a store folder."""
    return Path(store_dir) / STORE_FILE


def first_line(exc: BaseException) -> str:
    """An engine message cut to its first line (Ladybug appends the query and a caret)."""
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


@contextmanager
def connect(store_dir: Path, read_only: bool = False) -> Iterator[ladybug.Connection]:
    """A connection to the store, closed (with its database) on exit.

    Automatic checkpoints are off: after every COPY they cost more than the COPY itself,
    so writers call CHECKPOINT once when done.
    """
    try:
        db = ladybug.Database(str(store_file(store_dir)), read_only=read_only, auto_checkpoint=False)
        conn = ladybug.Connection(db)
    except RuntimeError as exc:
        raise StoreError(f"cannot open the store in {store_dir}: {first_line(exc)}") from None
    try:
        yield conn
    finally:
        conn.close()
        db.close()
