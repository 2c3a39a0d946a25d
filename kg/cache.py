"""Extraction cache keyed by paper content and extractor version, kept in SQLite.

It is committed after every batch, so a build that is killed keeps what it extracted and a
re-run (or `--update`) extracts only papers it has not seen with this extractor version.
Records are kept as the JSON line extractions.jsonl holds, so a paper is serialised once
and a cache hit is copied to the file without being parsed.
"""
from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from kg.errors import CacheError, NoSpaceError, ReadOnlyError

from kg.model import Paper


def cache_key(paper: Paper, version: str) -> str:
    """The key of a paper's extraction: its id, title, abstract and the extractor version."""
    text = "\x1f".join((version, paper.id, paper.title, paper.abstract))
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


class ExtractionCache:
    """A persistent map from cache_key() to the JSON record of the extraction made for it."""

    def __init__(self, path: Path) -> None:
        self.path = path
        with self._errors("opening"):
            self._db = sqlite3.connect(path)
            self._db.execute("CREATE TABLE IF NOT EXISTS extraction (key TEXT PRIMARY KEY, record TEXT)")

    @contextmanager
    def _errors(self, doing: str) -> Iterator[None]:
        """SQLite's failures as the one-line errors they are (disk full, read-only, corrupt)."""
        try:
            yield
        except sqlite3.Error as error:
            text = str(error)
            kind = (NoSpaceError if "full" in text else ReadOnlyError if "readonly" in text or "read-only" in text
                    else CacheError)
            raise kind(f"{self.path}: {text} while {doing} the extraction cache") from None

    def get_many(self, keys: list[str]) -> dict[str, str]:
        """The cached extraction records among these keys."""
        found: dict[str, str] = {}
        for start in range(0, len(keys), 500):
            part = keys[start:start + 500]
            marks = ",".join("?" * len(part))
            with self._errors("reading"):
                rows = self._db.execute(f"SELECT key, record FROM extraction WHERE key IN ({marks})", part)
                found.update(rows)
        return found

    def put_many(self, items: list[tuple[str, str]]) -> None:
        """Store (key, extraction record) pairs and commit, so they survive an interrupted build."""
        with self._errors("writing"):
            self._db.executemany("INSERT OR REPLACE INTO extraction VALUES (?, ?)", items)
            self._db.commit()

    def close(self) -> None:
        """Close the database."""
        self._db.close()
