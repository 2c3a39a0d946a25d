"""Extraction cache keyed by paper content and extractor version, kept in SQLite.

It is committed after every batch, so a build that is killed keeps what it extracted and a
re-run (or `--update`) extracts only papers it has not seen with this extractor version.
"""
from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path

from kg.model import Extraction, Paper
from kg.records import extraction_from_dict, extraction_to_dict


def cache_key(paper: Paper, version: str) -> str:
    """The key of a paper's extraction: its id, title, abstract and the extractor version."""
    text = "\x1f".join((version, paper.id, paper.title, paper.abstract))
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


class ExtractionCache:
    """A persistent map from cache_key() to the extraction made for it."""

    def __init__(self, path: Path) -> None:
        self._db = sqlite3.connect(path)
        self._db.execute("CREATE TABLE IF NOT EXISTS extraction (key TEXT PRIMARY KEY, record TEXT)")

    def get_many(self, keys: list[str]) -> dict[str, Extraction]:
        """The cached extractions among these keys."""
        found: dict[str, Extraction] = {}
        for start in range(0, len(keys), 500):
            part = keys[start:start + 500]
            marks = ",".join("?" * len(part))
            rows = self._db.execute(f"SELECT key, record FROM extraction WHERE key IN ({marks})", part)
            found.update((k, extraction_from_dict(json.loads(r))) for k, r in rows)
        return found

    def put_many(self, items: list[tuple[str, Extraction]]) -> None:
        """Store extractions and commit, so they survive an interrupted build."""
        rows = [(k, json.dumps(extraction_to_dict(e), ensure_ascii=False)) for k, e in items]
        self._db.executemany("INSERT OR REPLACE INTO extraction VALUES (?, ?)", rows)
        self._db.commit()

    def close(self) -> None:
        """Close the database."""
        self._db.close()
