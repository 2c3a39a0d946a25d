"""How a name is written across a real corpus: corpus-level evidence for the decider.

scripts/corpus_stats.py counts, over 45,608 unannotated arXiv abstracts of 2025-26 read by the
rules alone, in how many papers each name is proposed, which type the rules read it as, how
often a paper introduces it, and which head word follows it. A name one paper coins looks
different there from one the field uses ("CLIP", 700 papers, followed by "model") or from a
task ("image segmentation", read as a task everywhere).
"""
from __future__ import annotations

import gzip
from functools import lru_cache
from pathlib import Path

DEFAULT_PATH = Path(__file__).resolve().parents[2] / "data" / "corpus_names.tsv.gz"
COLUMNS = ("papers", "method", "dataset", "task", "proposed", "rejected",
           "next_method", "next_dataset", "next_task")
TYPES = ("method", "dataset", "task")


class CorpusEvidence:
    """Counts per normalised name, and the features the decider reads from them."""

    def __init__(self, counts: dict[str, tuple[int, ...]]) -> None:
        self.counts = counts
        # features() of the names read so far (at most the counted names times the types)
        self._read: dict[tuple[str, str], tuple[str, ...]] = {}

    def features(self, key: str, rule_type: str) -> list[str]:
        """Decider features for the name `key` (its normalised form) that the rules read as
        `rule_type`: how many papers name it, the type most of them give it and how sure,
        how often papers introduce it, and the head word that follows it most.

        >>> ev = CorpusEvidence({"clip": (700, 650, 10, 40, 20, 5, 300, 2, 1)})
        >>> ev.features("clip", "task")
        ['corpus=100+', 'corpus_type=method|9', 'corpus_type|rule=method|task', \
'corpus_new=0', 'corpus_next=method']
        >>> ev.features("never seen", "task")
        ['corpus=rare']
        """
        row = self.counts.get(key)
        if row is None:
            return ["corpus=rare"]
        got = self._read.get((key, rule_type))
        if got is None:
            got = self._read[(key, rule_type)] = tuple(self._features(row, rule_type))
        return list(got)

    @staticmethod
    def _features(row: tuple[int, ...], rule_type: str) -> list[str]:
        """features() of a name the corpus counts."""
        c = dict(zip(COLUMNS, row))
        papers = c["papers"]
        feats = [f"corpus={_papers_level(papers)}"]
        best = max(TYPES, key=lambda t: (c[t], -TYPES.index(t)))
        if c[best]:
            feats.append(f"corpus_type={best}|{_share(c[best] / papers)}")
            feats.append(f"corpus_type|rule={best}|{rule_type}")
        feats.append(f"corpus_new={_share(c['proposed'] / papers)}")
        nexts = {t: c[f"next_{t}"] for t in TYPES}
        after = max(TYPES, key=lambda t: (nexts[t], -TYPES.index(t)))
        if nexts[after] * 5 >= papers:
            feats.append(f"corpus_next={after}")
        return feats


def _papers_level(n: int) -> str:
    """How many papers, as one of five levels: "2", "3+", "10+", "30+", "100+"."""
    return next((label for top, label in ((3, "2"), (10, "3+"), (30, "10+"), (100, "30+"))
                 if n < top), "100+")


def _share(p: float) -> str:
    """A share as a digit 0-9 (0.95 -> "9")."""
    return str(min(9, int(p * 10)))


@lru_cache(maxsize=4)
def load_corpus_evidence(path: Path = DEFAULT_PATH) -> CorpusEvidence:
    """The shipped counts (an empty table when the file is missing: every name "rare")."""
    counts: dict[str, tuple[int, ...]] = {}
    if path.exists():
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            next(fh, None)
            for line in fh:
                name, *values = line.rstrip("\n").split("\t")
                counts[name] = tuple(int(v) for v in values)
    return CorpusEvidence(counts)
