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
    """The papers most like `paper`: by the entities they share, rare ones counting more.

    A paper's score is the sum, over the entities it shares with `paper`, of
    log(papers / papers linking the entity) (`idf`).

    Parameters
    ----------
    source : nx.MultiDiGraph or Corpus
        A graph in the contract format, or its Corpus index.
    paper : str
        The paper's id or title (any case); AnalysisError when none or several match.
    top : int
        Most rows to return.

    Returns
    -------
    pd.DataFrame
        paper_id, title, score, shared (count) and shared_entities (names joined by "; "),
        highest score first.

    Examples
    --------
    >>> from kg.analyse.example import example_graph
    >>> found = similar_papers(example_graph(), "PPO on MuJoCo")
    >>> found[["paper_id", "shared"]].values.tolist()
    [['p2', 3], ['p3', 1]]
    >>> round(float(found["score"][0]), 3)
    1.674
    """
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
