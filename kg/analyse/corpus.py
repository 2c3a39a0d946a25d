"""Paper-entity incidence read once from the graph, shared by every analysis."""
from __future__ import annotations

import difflib
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property
from itertools import combinations

import networkx as nx

from kg.errors import AnalysisError
from kg.namematch import exact_by_tier
from kg.schema import ENTITY_LABELS, MENTION_RELS, PAIR_REL, PAPER


@dataclass
class Corpus:
    """Papers, entities and which papers link which entities (mention edges only)."""

    graph: nx.MultiDiGraph
    papers: dict[str, dict] = field(default_factory=dict)
    entities: dict[str, dict] = field(default_factory=dict)
    paper_entities: dict[str, list[str]] = field(default_factory=dict)
    entity_papers: dict[str, set[str]] = field(default_factory=dict)

    @classmethod
    def from_graph(cls, graph: nx.MultiDiGraph) -> Corpus:
        """Index the graph's papers, entities and mention edges."""
        corpus = cls(graph)
        for node, data in graph.nodes(data=True):
            if data.get("label") == PAPER:
                corpus.papers[node] = data
            elif data.get("label") in ENTITY_LABELS:
                corpus.entities[node] = data
        linked: dict[str, set[str]] = {}
        for paper, entity, rel in graph.edges(keys=True):
            if rel in MENTION_RELS and paper in corpus.papers and entity in corpus.entities:
                linked.setdefault(paper, set()).add(entity)
                corpus.entity_papers.setdefault(entity, set()).add(paper)
        corpus.paper_entities = {p: sorted(es) for p, es in linked.items()}
        return corpus

    @cached_property
    def entity_graph(self) -> nx.Graph:
        """Undirected entity graph; `weight` = papers linking both ends (co-occurrence)."""
        counts: Counter[tuple[str, str]] = Counter()
        for entities in self.paper_entities.values():
            counts.update(combinations(entities, 2))
        derived = set(PAIR_REL.values())
        for a, b, rel, weight in self.graph.edges(keys=True, data="weight"):
            # derived edges may carry support the mention edges no longer show (a pruned graph)
            if rel in derived and a in self.entities and b in self.entities and a != b:
                pair = (a, b) if a < b else (b, a)
                counts[pair] = max(counts[pair], int(weight or 0))
        g = nx.Graph()
        g.add_nodes_from(self.entities)
        g.add_weighted_edges_from((a, b, w) for (a, b), w in counts.items() if w > 0)
        return g

    def name(self, node: str) -> str:
        """An entity's name or a paper's title, else the id itself."""
        data = self.entities.get(node) or self.papers.get(node) or {}
        return str(data.get("name") or data.get("title") or node)

    def entity_type(self, entity: str) -> str:
        """The entity's type: method, dataset or task."""
        data = self.entities[entity]
        return str(data.get("type") or data["label"].lower())

    def n_papers(self, entity: str) -> int:
        """How many papers link the entity."""
        return len(self.entity_papers.get(entity, ()))

    def find_entity(self, query: str) -> str:
        """The entity whose id, name or alias is `query`, folded as `kg find` folds names
        (kg.namematch: any case, dashes and spaces alike); ids beat names beat aliases."""
        if query in self.entities:
            return query
        found = exact_by_tier(query, self.entities.items())
        # an alias two entities share ("DPO") most likely means the one more papers study
        ranked = sorted(found, key=lambda e: (-self.n_papers(e), e))
        if len(ranked) > 1 and self.n_papers(ranked[0]) > self.n_papers(ranked[1]):
            return ranked[0]
        known = [str(n) for e, d in self.entities.items() for n in [d.get("name", e), *(d.get("aliases") or ())]]
        return _one(query, "entity", found, known)

    def find_paper(self, query: str) -> str:
        """The paper whose id or title is `query`, folded as `kg find` folds names."""
        if query in self.papers:
            return query
        return _one(query, "paper", exact_by_tier(query, self.papers.items()),
                    [str(d.get("title", p)) for p, d in self.papers.items()])


def _one(query: str, kind: str, found: list[str], names: list[str]) -> str:
    """The single match, or an AnalysisError naming what was close or ambiguous."""
    if len(found) == 1:
        return found[0]
    if found:
        raise AnalysisError(f"{kind} {query!r} is ambiguous: {', '.join(sorted(found))}; give one id")
    close = difflib.get_close_matches(query, names, n=3, cutoff=0.6)
    hint = f"; did you mean {', '.join(map(repr, close))}?" if close else ""
    raise AnalysisError(f"no {kind} {query!r} in the graph{hint}")


def as_corpus(source: nx.MultiDiGraph | Corpus) -> Corpus:
    """A Corpus for a graph, or the Corpus itself when one is given."""
    return source if isinstance(source, Corpus) else Corpus.from_graph(source)
