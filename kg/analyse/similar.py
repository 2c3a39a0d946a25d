"""Papers most like a given paper: shared entities weighted by IDF, so rare shared entities count more."""
from __future__ import annotations

import math
from collections import defaultdict

import networkx as nx
import pandas as pd

from kg.analyse.corpus import Corpus, as_corpus
from kg.analyse.markdown import Assets, md, table

EXAMPLE_CANDIDATES = 200  # papers tried when picking the report's example
COLUMNS = ["paper_id", "title", "score", "shared", "shared_entities"]


def idf(corpus: Corpus, entity: str) -> float:
    """log(papers / papers linking the entity): 0 for an entity every paper links."""
    return math.log(len(corpus.papers) / corpus.n_papers(entity))


def _overlaps(corpus: Corpus, pid: str) -> tuple[dict[str, float], dict[str, list[str]]]:
    """For every paper sharing an entity with `pid`: its IDF-weighted overlap and the shared entities."""
    score: dict[str, float] = defaultdict(float)
    shared: dict[str, list[str]] = defaultdict(list)
    for entity in corpus.paper_entities.get(pid, []):
        weight = idf(corpus, entity)
        for other in corpus.entity_papers[entity] - {pid}:
            score[other] += weight
            shared[other].append(entity)
    return score, shared


def similar_papers(source: nx.MultiDiGraph | Corpus, paper: str, top: int = 10) -> pd.DataFrame:
    """The `top` papers sharing the most IDF weight of entities with `paper` (id or title)."""
    corpus = as_corpus(source)
    score, shared = _overlaps(corpus, corpus.find_paper(paper))
    ranked = sorted(score, key=lambda p: (-score[p], -len(shared[p]), p))[:top]
    rows = [(p, corpus.name(p), score[p], len(shared[p]), "; ".join(corpus.name(e) for e in shared[p]))
            for p in ranked]
    return pd.DataFrame(rows, columns=COLUMNS)


def example_paper(corpus: Corpus, candidates: int = EXAMPLE_CANDIDATES) -> str | None:
    """Among the papers with most shared entities, the one whose best match scores highest."""
    shared = {p: sum(corpus.n_papers(e) > 1 for e in es) for p, es in corpus.paper_entities.items()}
    pool = sorted((p for p in shared if shared[p]), key=lambda p: (-shared[p], p))[:candidates]
    best = {p: max(_overlaps(corpus, p)[0].values()) for p in pool}
    return min(best, key=lambda p: (-best[p], p), default=None)


def section(corpus: Corpus, assets: Assets, top: int) -> str:
    """Write similar.csv for the example paper; the report's Markdown section."""
    parts = ["## Similar papers\n"]
    paper = example_paper(corpus)
    if paper is None:
        return "\n".join(parts + ["No two papers share an entity.\n"])
    found = similar_papers(corpus, paper, top)
    found.to_csv(assets.path("similar.csv"), index=False)
    entities = "; ".join(md(corpus.name(e)) for e in corpus.paper_entities[paper])
    parts += [f"Papers sharing the most with **{md(corpus.name(paper))}** (`{paper}`, which links {entities}; "
              "picked as the paper with the strongest best match). Score: the sum over shared entities of log(papers / papers linking "
              f"it), so rare shared entities count more. Table: {assets.code('similar.csv')}.\n",
              table(found, {"paper_id": "paper", "title": "title", "score": "score",
                            "shared_entities": "shared entities"})]
    return "\n".join(parts)
