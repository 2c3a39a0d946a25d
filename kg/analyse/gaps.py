"""Method x dataset / method x task matrices and the most promising pairs never tried (link prediction)."""
from __future__ import annotations

import math

import networkx as nx
import numpy as np
import pandas as pd

from kg.analyse.corpus import Corpus, as_corpus
from kg.analyse.markdown import Assets, table

PAIR_KINDS = (("method", "dataset"), ("method", "task"))
CANDIDATES = 500  # most-studied entities per type scored for gaps; bounds memory at |S| x |T|
MAX_VIA, MAX_PAPERS = 3, 10
COLUMNS = ["source_id", "source", "target_id", "target", "kind", "adamic_adar", "resource_allocation",
           "common_neighbours", "via", "papers"]


def most_studied(corpus: Corpus, etype: str, limit: int | None) -> list[str]:
    """Entities of a type, most papers first (ties by id), at most `limit`."""
    ranked = sorted((e for e in corpus.entities if corpus.entity_type(e) == etype),
                    key=lambda e: (-corpus.n_papers(e), e))
    return ranked if limit is None else ranked[:limit]


def pair_matrix(source: nx.MultiDiGraph | Corpus, row_type: str = "method", col_type: str = "dataset",
                top: int | None = 50) -> pd.DataFrame:
    """Papers linking each row entity with each column entity; the `top` most-studied of each type."""
    corpus = as_corpus(source)
    rows, cols = most_studied(corpus, row_type, top), most_studied(corpus, col_type, top)
    graph = corpus.entity_graph
    values = [[graph[r][c]["weight"] if graph.has_edge(r, c) else 0 for c in cols] for r in rows]
    return pd.DataFrame(values, index=pd.Index(_labels(corpus, rows), name=row_type),
                        columns=_labels(corpus, cols), dtype=int)


def _labels(corpus: Corpus, entities: list[str]) -> list[str]:
    """Entity names, with the id added where two entities share a name (CSV headers must differ)."""
    names = [corpus.name(e) for e in entities]
    return [f"{n} ({e})" if names.count(n) > 1 else n for n, e in zip(names, entities)]


def _scores(corpus: Corpus, sources: list[str], targets: list[str]) -> tuple[np.ndarray, ...]:
    """Adamic-Adar, resource allocation and common-neighbour counts for every source x target."""
    graph = corpus.entity_graph
    s_index = {e: i for i, e in enumerate(sources)}
    t_index = {e: i for i, e in enumerate(targets)}
    aa, ra, cn = (np.zeros((len(sources), len(targets))) for _ in range(3))
    for _, neighbours in graph.adjacency():
        degree = len(neighbours)
        si = [s_index[n] for n in neighbours if n in s_index]
        ti = [t_index[n] for n in neighbours if n in t_index]
        if degree < 2 or not si or not ti:
            continue
        cell = np.ix_(si, ti)
        cn[cell] += 1
        aa[cell] += 1 / math.log(degree)
        ra[cell] += 1 / degree
    return aa, ra, cn


def _evidence(corpus: Corpus, source: str, target: str) -> tuple[str, str]:
    """The shared neighbours that count most (lowest degree) and the papers linking them to each end."""
    graph = corpus.entity_graph
    shared = sorted(set(graph[source]) & set(graph[target]), key=lambda z: (graph.degree(z), z))[:MAX_VIA]
    papers: set[str] = set()
    for z in shared:
        near = corpus.entity_papers.get(z, set())
        papers |= (near & corpus.entity_papers.get(source, set())) | (near & corpus.entity_papers.get(target, set()))
    return "; ".join(corpus.name(z) for z in shared), "; ".join(sorted(papers)[:MAX_PAPERS])


def _namesakes(corpus: Corpus, a: str, b: str) -> bool:
    """Same name under two types (a method and a task both called "reinforcement learning"): one concept."""
    return corpus.name(a).casefold() == corpus.name(b).casefold()


def _unlinked(corpus: Corpus, s_type: str, t_type: str, candidates: int) -> list[tuple]:
    """(source, target, kind, AA, RA, CN) for every scored pair no paper links, best first."""
    sources, targets = most_studied(corpus, s_type, candidates), most_studied(corpus, t_type, candidates)
    aa, ra, cn = _scores(corpus, sources, targets)
    graph = corpus.entity_graph
    found = [(sources[i], targets[j], f"{s_type}-{t_type}", float(aa[i, j]), float(ra[i, j]), int(cn[i, j]))
             for i, j in zip(*np.nonzero(cn))
             if not graph.has_edge(sources[i], targets[j]) and not _namesakes(corpus, sources[i], targets[j])]
    return sorted(found, key=lambda r: (-r[3], -r[4], -r[5], r[0], r[1]))


def predict_links(source: nx.MultiDiGraph | Corpus, kinds: tuple[tuple[str, str], ...] = PAIR_KINDS,
                  top: int = 20, candidates: int = CANDIDATES) -> pd.DataFrame:
    """Per kind, the `top` pairs no paper links yet: best Adamic-Adar, then resource allocation, common neighbours."""
    corpus = as_corpus(source)
    rows = [(s, corpus.name(s), t, corpus.name(t), kind, a, r, c, *_evidence(corpus, s, t))
            for s_type, t_type in kinds
            for s, t, kind, a, r, c in _unlinked(corpus, s_type, t_type, candidates)[:top]]
    return pd.DataFrame(rows, columns=COLUMNS)


def section(corpus: Corpus, assets: Assets, top: int) -> str:
    """Write the matrices and gaps.csv; the report's Markdown section."""
    parts = ["## Gaps: promising combinations never tried\n",
             "Counts of papers linking each pair (the most-studied entities of each type): "
             f"{assets.code('matrix_method_dataset.csv')}, {assets.code('matrix_method_task.csv')}. "
             "Unlinked pairs are scored by "
             "Adamic-Adar on the entity graph (shared neighbours, rare neighbours count more); "
             "`via` names the shared neighbours that count most, `papers` the papers behind them. "
             f"All suggestions: {assets.code('gaps.csv')}.\n"]
    for row_type, col_type in PAIR_KINDS:
        pair_matrix(corpus, row_type, col_type).to_csv(assets.path(f"matrix_{row_type}_{col_type}.csv"))
    gaps = predict_links(corpus, top=max(top, 100))
    gaps.to_csv(assets.path("gaps.csv"), index=False)
    for row_type, col_type in PAIR_KINDS:
        rows = gaps[gaps["kind"] == f"{row_type}-{col_type}"].head(top)
        parts += [f"### {row_type.capitalize()} x {col_type} gaps\n",
                  table(rows, {"source": row_type, "target": col_type, "adamic_adar": "Adamic-Adar",
                               "common_neighbours": "shared neighbours", "via": "via", "papers": "papers"})]
    return "\n".join(parts)
