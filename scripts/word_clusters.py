#!/usr/bin/env python3
"""Learn word clusters from the real corpus (unannotated text) and write
kg/data/word_clusters.tsv.gz, read by the span tagger and the decider.

    .venv/bin/python scripts/word_clusters.py [--shared ../shared]

Every abstract of shared/data/arxiv2025 (45,608 papers, about 9M tokens, the extractor's own
tokenizer, lower-cased) gives each frequent word its left and right neighbours; the counts,
weighted by positive pointwise mutual information, are reduced to 100 dimensions (truncated
SVD) and the words clustered twice with k-means, coarse (64) and fine (512): words used
alike share a cluster ("segmentation", "detection", "captioning"; "cifar-10", "imagenet"),
so what the models learn of one word reaches the words that share its cluster, including
words no annotated paper holds. Seeds are fixed: same corpus and libraries, same file.
"""
from __future__ import annotations

import argparse
import gzip
import json
import sys
from collections import Counter
from itertools import islice
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kg.extract import Extractor  # noqa: E402
from kg.extract.decide import RULES_ONLY  # noqa: E402
from kg.extract.learned.tagger import NO_TAGGER  # noqa: E402
from kg.extract.learned.word_clusters import DEFAULT_PATH, SIZES  # noqa: E402

CORPUS = Path("data") / "arxiv2025" / "arxiv_2025.jsonl.gz"
MIN_COUNT = 10  # rarer words get no cluster
MAX_WORDS = 60_000
CONTEXTS = 10_000  # the most frequent words are the contexts
DIMENSIONS = 100


def token_ids(shared: Path, limit: int | None = None) -> tuple[list[str], np.ndarray]:
    """The vocabulary (most frequent first) and the corpus (its first `limit` papers) as word
    ids, -1 between papers."""
    nlp = Extractor(decider=RULES_ONLY, tagger=NO_TAGGER).nlp
    with gzip.open(shared / CORPUS, "rt", encoding="utf-8") as fh:
        texts = [f"{r.get('title') or ''}\n\n{r.get('abstract') or ''}"
                 for r in islice(map(json.loads, fh), limit)]
    docs = [[t.lower_ for t in doc if not t.is_space]
            for doc in nlp.tokenizer.pipe(texts, batch_size=512)]
    counts = Counter(w for d in docs for w in d)
    vocab = [w for w, n in sorted(counts.items(), key=lambda x: (-x[1], x[0]))
             if n >= MIN_COUNT][:MAX_WORDS]
    index = {w: i for i, w in enumerate(vocab)}
    ids = []
    for d in docs:
        ids.extend(index.get(w, -2) for w in d)
        ids.append(-1)
    return vocab, np.asarray(ids, dtype=np.int64)


def vectors(vocab: list[str], ids: np.ndarray, dimensions: int = DIMENSIONS) -> np.ndarray:
    """PPMI of left and right neighbour counts, reduced by truncated SVD, rows unit length."""
    from scipy import sparse
    from sklearn.decomposition import TruncatedSVD
    from sklearn.preprocessing import normalize

    blocks = []
    for shift, offset in ((-1, 0), (1, CONTEXTS), (-2, 2 * CONTEXTS), (2, 3 * CONTEXTS)):
        s = abs(shift)  # a: the word, b: its neighbour `shift` tokens away
        a, b = (ids[:-s], ids[s:]) if shift > 0 else (ids[s:], ids[:-s])
        keep = (a >= 0) & (b >= 0) & (b < CONTEXTS)
        for k in range(1, s):  # no pair across a paper break
            keep &= ids[k:len(ids) - s + k] != -1
        blocks.append((a[keep], b[keep] + offset))
    rows = np.concatenate([r for r, _ in blocks])
    cols = np.concatenate([c for _, c in blocks])
    counts = sparse.coo_matrix((np.ones(len(rows), dtype=np.float64), (rows, cols)),
                               shape=(len(vocab), 4 * CONTEXTS)).tocsr()
    counts.sum_duplicates()
    total = counts.sum()
    word_p = np.asarray(counts.sum(axis=1)).ravel() / total
    ctx = np.asarray(counts.sum(axis=0)).ravel() ** 0.75  # context smoothing
    ctx_p = ctx / ctx.sum()
    coo = counts.tocoo()
    pmi = np.log(coo.data / total / (word_p[coo.row] * ctx_p[coo.col]))
    keep = pmi > 0
    ppmi = sparse.csr_matrix((pmi[keep], (coo.row[keep], coo.col[keep])), shape=counts.shape)
    svd = TruncatedSVD(n_components=dimensions, random_state=0, n_iter=7)
    return normalize(svd.fit_transform(ppmi))


def clusters(vecs: np.ndarray, sizes: tuple[int, ...] = SIZES) -> list[np.ndarray]:
    """One k-means labelling of the words per size of `sizes`."""
    from sklearn.cluster import KMeans
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1):
        return [KMeans(n_clusters=k, n_init=1, random_state=0, max_iter=100).fit_predict(vecs)
                for k in sizes]


def write(vocab: list[str], labels: list[np.ndarray], path: Path) -> None:
    """word TAB coarse TAB fine, sorted by word, gzipped with a fixed mtime."""
    lines = sorted(f"{w}\t" + "\t".join(str(int(lab[i])) for lab in labels)
                   for i, w in enumerate(vocab) if "\t" not in w and "\n" not in w)
    tmp = path.with_suffix(".tmp")
    with open(tmp, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0,
                                                filename="") as fh:
        fh.write(("\n".join(lines) + "\n").encode("utf-8"))
    tmp.replace(path)


def main() -> int:
    """Read, count, reduce, cluster, write."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--out", type=Path, default=DEFAULT_PATH)
    ap.add_argument("--limit", type=int, help="read only this many papers (a quick look)")
    ap.add_argument("--sizes", type=int, nargs=2, default=SIZES, help="coarse and fine")
    ap.add_argument("--dimensions", type=int, default=DIMENSIONS)
    a = ap.parse_args()
    vocab, ids = token_ids(a.shared, a.limit)
    print(f"{len(ids):,} tokens, {len(vocab):,} words", file=sys.stderr)
    labels = clusters(vectors(vocab, ids, a.dimensions), tuple(a.sizes))
    write(vocab, labels, a.out)
    index = {w: i for i, w in enumerate(vocab)}
    for probe in ("segmentation", "imagenet", "transformer", "llama", "propose"):
        if probe in index:
            fine = labels[-1][index[probe]]
            same = [w for i, w in enumerate(vocab) if labels[-1][i] == fine][:12]
            print(f"{probe}: {' '.join(same)}", file=sys.stderr)
    print(f"wrote {a.out}: {len(vocab):,} words")
    return 0


if __name__ == "__main__":
    sys.exit(main())
