"""Word clusters learned from the real corpus's unannotated text (scripts/word_clusters.py):
words used alike share a cluster, so what the models learn of one word reaches the others."""
from __future__ import annotations

import gzip
from functools import lru_cache
from pathlib import Path

DEFAULT_PATH = Path(__file__).resolve().parents[2] / "data" / "word_clusters.tsv.gz"
SIZES = (64, 512)  # coarse and fine


@lru_cache(maxsize=4)
def load_word_clusters(path: Path = DEFAULT_PATH) -> dict[str, tuple[str, ...]]:
    """Lower-cased word -> its cluster at each size (as strings); empty when the file is
    missing."""
    out: dict[str, tuple[str, ...]] = {}
    if path.exists():
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            for line in fh:
                word, *labels = line.rstrip("\n").split("\t")
                out[word] = tuple(labels)
    return out
