"""Method x dataset / method x task matrices and the most promising pairs never tried (link prediction).

A pair is *tried* when some sentence of some paper names both ("we evaluate PPO on MuJoCo": the
pair edge's `n_sentence`); naming both in one abstract (`weight`) is only co-mention. Every
untried pair with a shared neighbour is a candidate, its co-mention count shown beside it.

Candidates are scored from their shared neighbours z, Adamic-Adar style (each z counts
1/log(entities z shares a paper with), so rare z count more), where a z that sentences tie to
both ends ("PPO ... for offline RL", "D4RL, a benchmark for offline RL") counts fully and a z
reached only through co-mention counts `CO_MENTION_WEIGHT`. The sum is scaled by how specific
both ends are. Specificity comes from the graph alone: an entity sharing papers with k of the n
entities has specificity log(n/k) / log(n), 1 for an entity with a single neighbour, near 0 for
one next to everything; below 1/2 (more than √n neighbours) it is *generic*, and pairs with a
generic end ("large language models", "reinforcement learning") rank after every pair of two
specific entities, whatever their scores (a hub's shared neighbours grow with its degree,
faster than any logarithmic penalty shrinks them).
"""
from __future__ import annotations

import heapq
import math
from dataclasses import dataclass, field

import networkx as nx
import numpy as np
import pandas as pd

from kg.analyse.corpus import Corpus, as_corpus
from kg.analyse.markdown import Assets, md, table
from kg.analyse.plots import heatmap
from kg.schema import PAIR_REL

PAIR_KINDS = (("method", "dataset"), ("method", "task"))
HEATMAP_SIZE = 20  # most-studied methods and datasets in the matrix chart
QUOTE = 110  # characters of each sentence quoted in the report's `why`
CANDIDATES = 500  # most-studied entities per type scored for gaps; bounds memory at |S| x |T|
MAX_VIA, MAX_PAPERS = 3, 10
CO_MENTION_WEIGHT = 0.25  # a shared neighbour reached through co-mention only, against one sentences tie to both ends
GENERIC_SPECIFICITY = 0.5  # below it an entity is called generic: it shares papers with more than √n of n entities
SENTENCE, CO_MENTION = "sentence", "co-mention only"
COLUMNS = ["source_id", "source", "target_id", "target", "kind", "score", "support", "co_mentioned",
           "sentence_neighbours", "common_neighbours", "sentence_adamic_adar", "adamic_adar", "resource_allocation",
           "source_specificity", "target_specificity", "source_generic", "target_generic", "via", "evidence", "papers"]


@dataclass
class Ties:
    """The entity pairs some sentence names together (pair edges with `n_sentence` > 0), with that sentence."""

    neighbours: dict[str, set[str]] = field(default_factory=dict)
    sentences: dict[frozenset[str], str] = field(default_factory=dict)

    @classmethod
    def from_corpus(cls, corpus: Corpus) -> Ties:
        """Read the sentence-backed pair edges of the corpus's graph."""
        ties = cls()
        derived = set(PAIR_REL.values())
        for a, b, rel, data in corpus.graph.edges(keys=True, data=True):
            if rel in derived and a != b and a in corpus.entities and b in corpus.entities \
                    and (data.get("n_sentence") or 0) > 0:
                ties.neighbours.setdefault(a, set()).add(b)
                ties.neighbours.setdefault(b, set()).add(a)
                ties.sentences.setdefault(frozenset((a, b)), str(data.get("sentence") or ""))
        return ties

    def tied(self, a: str, b: str) -> bool:
        """True when some sentence names both entities."""
        return b in self.neighbours.get(a, ())


def specificity(corpus: Corpus) -> dict[str, float]:
    """Per entity, log(n / k) / log(n) for one sharing papers with k of the corpus's n entities (1 when k <= 1)."""
    graph, n = corpus.entity_graph, len(corpus.entities)
    if n < 3:
        return {e: 1.0 for e in corpus.entities}
    return {e: math.log(n / max(graph.degree(e), 1)) / math.log(n) for e in corpus.entities}


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


@dataclass
class _Scores:
    """Per source x target: all shared neighbours, and those sentences tie to both ends."""

    aa: np.ndarray
    ra: np.ndarray
    cn: np.ndarray
    sentence_aa: np.ndarray
    sentence_cn: np.ndarray


def _scores(corpus: Corpus, ties: Ties, sources: list[str], targets: list[str]) -> _Scores:
    """Adamic-Adar, resource allocation and common-neighbour counts for every source x target."""
    graph = corpus.entity_graph
    s_index = {e: i for i, e in enumerate(sources)}
    t_index = {e: i for i, e in enumerate(targets)}
    found = _Scores(*(np.zeros((len(sources), len(targets))) for _ in range(5)))
    for z, neighbours in graph.adjacency():
        degree = len(neighbours)
        si = [s_index[n] for n in neighbours if n in s_index]
        ti = [t_index[n] for n in neighbours if n in t_index]
        if degree < 2 or not si or not ti:
            continue
        cell = np.ix_(si, ti)
        found.cn[cell] += 1
        found.aa[cell] += 1 / math.log(degree)
        found.ra[cell] += 1 / degree
        tied = ties.neighbours.get(z, ())
        tsi = [s_index[n] for n in tied if n in s_index]
        tti = [t_index[n] for n in tied if n in t_index]
        if tsi and tti:
            cell = np.ix_(tsi, tti)
            found.sentence_cn[cell] += 1
            found.sentence_aa[cell] += 1 / math.log(degree)
    return found


def _via(corpus: Corpus, ties: Ties, source: str, target: str) -> list[str]:
    """The shared neighbours that count most: tied by sentences to both ends first, then rarest.

    Names that only the pair's own papers put next to both ends are left out (see _own_papers_only).
    """
    graph = corpus.entity_graph
    shared = set(graph[source]) & set(graph[target]) - set(_own_papers_only(corpus, source, target))
    return sorted(shared, key=lambda z: (not (ties.tied(source, z) and ties.tied(z, target)),
                                         graph.degree(z), z))[:MAX_VIA]


def _evidence(corpus: Corpus, ties: Ties, source: str, target: str) -> tuple[str, str, str]:
    """`via` names, the two sentences behind the best sentence-backed one (if any), and papers linking via to ends."""
    via = _via(corpus, ties, source, target)
    papers: set[str] = set()
    for z in via:
        near = corpus.entity_papers.get(z, set())
        papers |= (near & corpus.entity_papers.get(source, set())) | (near & corpus.entity_papers.get(target, set()))
    sentence = ""
    if via and ties.tied(source, via[0]) and ties.tied(via[0], target):
        z = via[0]
        sentence = (f"{corpus.name(source)} + {corpus.name(z)}: {ties.sentences[frozenset((source, z))]} | "
                    f"{corpus.name(z)} + {corpus.name(target)}: {ties.sentences[frozenset((z, target))]}")
    return "; ".join(corpus.name(z) for z in via), sentence, "; ".join(sorted(papers)[:MAX_PAPERS])


def _namesakes(corpus: Corpus, a: str, b: str) -> bool:
    """Same name under two types (a method and a task both called "reinforcement learning"): one concept."""
    return corpus.name(a).casefold() == corpus.name(b).casefold()


def _co_mentioned(corpus: Corpus, a: str, b: str) -> int:
    """Papers naming both in one abstract."""
    graph = corpus.entity_graph
    return int(graph[a][b]["weight"]) if graph.has_edge(a, b) else 0


def _own_papers_only(corpus: Corpus, source: str, target: str) -> list[str]:
    """Shared neighbours that share a paper with `source` or `target` only in papers naming both.

    Such a neighbour says nothing new about the pair: it is just another name in the abstract
    that already co-mentions them (every co-mentioned pair shares all of its papers' names).
    """
    joint = corpus.entity_papers.get(source, set()) & corpus.entity_papers.get(target, set())
    if not joint:
        return []
    graph = corpus.entity_graph
    inside: dict[str, int] = {}
    for paper in joint:
        for z in corpus.paper_entities.get(paper, ()):
            inside[z] = inside.get(z, 0) + 1
    return sorted(z for z, n in inside.items() if z not in (source, target)
                  and (graph[z][source]["weight"] <= n or graph[z][target]["weight"] <= n))


def _row(corpus: Corpus, ties: Ties, spec: dict[str, float], s: str, t: str, kind: str,
         found: _Scores, i: int, j: int) -> dict:
    """One candidate's scores, without the neighbours only the pair's own papers give it."""
    graph = corpus.entity_graph
    cn, aa, ra = found.cn[i, j], found.aa[i, j], found.ra[i, j]
    sentence_cn, sentence_aa = found.sentence_cn[i, j], found.sentence_aa[i, j]
    for z in _own_papers_only(corpus, s, t):
        weight = 1 / math.log(graph.degree(z))
        cn, aa, ra = cn - 1, aa - weight, ra - 1 / graph.degree(z)
        if ties.tied(s, z) and ties.tied(z, t):
            sentence_cn, sentence_aa = sentence_cn - 1, sentence_aa - weight
    aa, sentence_aa = max(aa, 0.0), max(sentence_aa, 0.0)
    score = spec[s] * spec[t] * (sentence_aa + CO_MENTION_WEIGHT * (aa - sentence_aa))
    return {"source_id": s, "source": corpus.name(s), "target_id": t, "target": corpus.name(t), "kind": kind,
            "score": float(score), "support": SENTENCE if sentence_cn > 0 else CO_MENTION,
            "co_mentioned": _co_mentioned(corpus, s, t),
            "sentence_neighbours": int(sentence_cn), "common_neighbours": int(cn),
            "sentence_adamic_adar": float(sentence_aa), "adamic_adar": float(aa), "resource_allocation": float(ra),
            "source_specificity": spec[s], "target_specificity": spec[t],
            "source_generic": spec[s] < GENERIC_SPECIFICITY, "target_generic": spec[t] < GENERIC_SPECIFICITY}


def _key(generic: int, score: float, sentence_aa: float, aa: float, s: str, t: str) -> tuple:
    """Sort key: pairs of two specific entities first, then by score, sentence support, all support, ids."""
    return (generic, -score, -sentence_aa, -aa, s, t)


def _untried(corpus: Corpus, ties: Ties, spec: dict[str, float], s_type: str, t_type: str,
             candidates: int, top: int) -> list[dict]:
    """The `top` best pairs no sentence ties that share a neighbour beyond their own papers.

    Pairs of two specific entities come first, then those with one generic end, then two; each
    group by score. A pair's own papers only ever lower its score, so pairs are taken best bound first and the
    co-mentioned ones rescored when they come up (exact, and only the few near the top pay).
    """
    sources, targets = most_studied(corpus, s_type, candidates), most_studied(corpus, t_type, candidates)
    found = _scores(corpus, ties, sources, targets)
    s_spec = np.array([spec[e] for e in sources])
    t_spec = np.array([spec[e] for e in targets])
    bound = s_spec[:, None] * t_spec[None, :] * (found.sentence_aa + CO_MENTION_WEIGHT * (found.aa - found.sentence_aa))
    heap = []
    for i, j in zip(*np.nonzero(found.cn)):
        s, t = sources[i], targets[j]
        if not ties.tied(s, t) and not _namesakes(corpus, s, t):
            generic = int(spec[s] < GENERIC_SPECIFICITY) + int(spec[t] < GENERIC_SPECIFICITY)
            key = _key(generic, float(bound[i, j]), float(found.sentence_aa[i, j]), float(found.aa[i, j]), s, t)
            heap.append((key, False, int(i), int(j)))
    heapq.heapify(heap)
    rows: list[dict] = []
    kind = f"{s_type}-{t_type}"
    while heap and len(rows) < top:
        key, exact, i, j = heapq.heappop(heap)
        s, t = sources[i], targets[j]
        if exact or not corpus.entity_graph.has_edge(s, t):
            row = _row(corpus, ties, spec, s, t, kind, found, i, j)
            if row["common_neighbours"] > 0:
                rows.append(row)
            continue
        row = _row(corpus, ties, spec, s, t, kind, found, i, j)
        if row["common_neighbours"] > 0:
            heapq.heappush(heap, (_key(key[0], row["score"], row["sentence_adamic_adar"], row["adamic_adar"], s, t),
                                  True, i, j))
    return rows


def predict_links(source: nx.MultiDiGraph | Corpus, kinds: tuple[tuple[str, str], ...] = PAIR_KINDS,
                  top: int = 20, candidates: int = CANDIDATES) -> pd.DataFrame:
    """Per kind, the `top` pairs no sentence ties yet, best score first (see the module's docstring).

    `support` says whether some shared neighbour is tied to both ends by sentences ("sentence") or
    the suggestion rests on co-mention only; `co_mentioned` counts papers already naming both in
    one abstract (0: never named together).
    """
    corpus = as_corpus(source)
    ties, spec = Ties.from_corpus(corpus), specificity(corpus)
    rows = []
    for s_type, t_type in kinds:
        for row in _untried(corpus, ties, spec, s_type, t_type, candidates, top):
            via, sentence, papers = _evidence(corpus, ties, row["source_id"], row["target_id"])
            rows.append({**row, "via": via, "evidence": sentence, "papers": papers})
    return pd.DataFrame(rows, columns=COLUMNS)


def generic_entities(source: nx.MultiDiGraph | Corpus) -> pd.DataFrame:
    """Entities below GENERIC_SPECIFICITY, most neighbours first: what the ranking holds back."""
    corpus = as_corpus(source)
    spec = specificity(corpus)
    rows = sorted(((e, corpus.name(e), corpus.entity_type(e), corpus.entity_graph.degree(e), corpus.n_papers(e),
                    spec[e]) for e in corpus.entities if spec[e] < GENERIC_SPECIFICITY),
                  key=lambda r: (-r[3], r[0]))
    return pd.DataFrame(rows, columns=["entity_id", "name", "type", "neighbours", "papers", "specificity"])


def _quote(text: str, names: tuple[str, ...] = ()) -> str:
    """The sentence in quotes, cut to QUOTE characters around the first of `names` it holds."""
    text = " ".join(str(text).split())
    if len(text) <= QUOTE:
        return f"“{text}”"
    found = [at for at in (text.lower().find(n.lower()) for n in names if n) if at >= 0]
    start = max(0, min(min(found, default=0) - QUOTE // 4, len(text) - QUOTE + 1))
    cut = text[start:start + QUOTE - 1]
    return f"“{'…' if start else ''}{cut}…”"


def why(row: dict) -> str:
    """One line saying what backs a suggestion: the two sentences tying both ends to a shared
    neighbour, or the shared neighbours reached through co-mention only; and whether any abstract
    already names the pair together.

    >>> why({"support": "sentence", "evidence": "A + Z: We apply A to Z. | Z + B: B, a benchmark for Z.",
    ...      "via": "Z", "co_mentioned": 0, "common_neighbours": 1})
    'never named together; sentences tie both to Z: “We apply A to Z.” / “B, a benchmark for Z.”'
    """
    together = (f"named together in {row['co_mentioned']} abstract(s), never in one sentence"
                if row["co_mentioned"] else "never named together")
    evidence = str(row.get("evidence") or "")
    if row["support"] == SENTENCE and " | " in evidence:
        first, second = evidence.split(" | ", 1)
        via = first.split(" + ", 1)[1].split(": ", 1)[0] if " + " in first else row["via"]
        return (f"{together}; sentences tie both to {via}: "
                f"{_quote(first.split(': ', 1)[-1], (row.get('source', ''), via))} / "
                f"{_quote(second.split(': ', 1)[-1], (row.get('target', ''), via))}")
    return (f"{together}; {row['common_neighbours']} shared neighbour(s) ({row['via']}), each only "
            "co-mentioned with them in abstracts")


def _matrix_chart(corpus: Corpus, assets: Assets) -> list[str]:
    """The method x dataset counts of the most-studied of each as a heatmap; its Markdown image."""
    matrix = pair_matrix(corpus, "method", "dataset", HEATMAP_SIZE)
    if matrix.empty or not matrix.values.any():
        return []
    heatmap(matrix.values.tolist(), list(matrix.index), list(matrix.columns), assets.path("matrix_method_dataset.png"),
            f"papers naming both: the {HEATMAP_SIZE} most-studied methods x datasets", "dataset", "method")
    return [assets.image("method x dataset matrix", "matrix_method_dataset.png")]


def section(corpus: Corpus, assets: Assets, top: int) -> str:
    """Write the matrices and gaps.csv; the report's Markdown section."""
    generic = generic_entities(corpus)
    named = ", ".join(md(n) for n in generic["name"].head(8)) + (", …" if len(generic) > 8 else "")
    parts = ["## Gaps: promising combinations never tried\n",
             "Counts of papers naming each pair in one abstract (the most-studied entities of each type): "
             f"{assets.code('matrix_method_dataset.csv')}, {assets.code('matrix_method_task.csv')}. "
             "A pair counts as tried when one sentence names both; pairs only co-mentioned in an abstract "
             "are still suggested, with the number of such papers (`co-mentioned`). Suggestions are scored "
             "by their shared neighbours (Adamic-Adar: rare neighbours count more), a neighbour that "
             "sentences tie to both ends counting fully and one reached only through co-mention "
             f"{CO_MENTION_WEIGHT:g}, times the specificity of both ends, so entities named with almost "
             "everything rank low. `support` says whether sentences back the suggestion or only "
             "co-mention does; `via` names the shared neighbours that count most, and the best "
             f"sentence-backed one's two sentences are in the `evidence` column of {assets.code('gaps.csv')}.\n",
             f"Generic entities (sharing papers with more than √n of the n = {len(corpus.entities):,} "
             f"entities; {len(generic):,} of them): {named or 'none'}{'' if named.endswith('…') else '.'} "
             f"They rank after every pair of two specific entities; all: {assets.code('generic_entities.csv')}.\n"]
    for row_type, col_type in PAIR_KINDS:
        pair_matrix(corpus, row_type, col_type).to_csv(assets.path(f"matrix_{row_type}_{col_type}.csv"))
    parts += _matrix_chart(corpus, assets)
    gaps = predict_links(corpus, top=max(top, 100))
    gaps.to_csv(assets.path("gaps.csv"), index=False)
    generic.to_csv(assets.path("generic_entities.csv"), index=False)
    for row_type, col_type in PAIR_KINDS:
        rows = gaps[gaps["kind"] == f"{row_type}-{col_type}"].head(top)
        rows = rows.assign(why=[why(r) for r in rows.to_dict("records")])
        parts += [f"### {row_type.capitalize()} x {col_type} gaps\n",
                  table(rows, {"source": row_type, "target": col_type, "score": "score", "support": "support",
                               "co_mentioned": "co-mentioned", "why": "why", "papers": "papers"})]
    return "\n".join(parts)
