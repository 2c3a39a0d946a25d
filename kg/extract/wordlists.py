"""The word lists the rules read, as data: one file a list in kg/data/words/, one entry a line
(a word or a phrase), lines starting with "#" being comments.

>>> "classification" in word_list("task_heads")
True
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from kg.errors import LexiconError

WORDS_DIR = Path(__file__).resolve().parents[1] / "data" / "words"


@lru_cache(maxsize=None)
def word_list(name: str) -> frozenset[str]:
    """The entries of kg/data/words/NAME.txt."""
    path = WORDS_DIR / f"{name}.txt"
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as e:
        raise LexiconError(f"{path}: cannot read the word list: {e}") from e
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))
