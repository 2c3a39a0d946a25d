"""Entities with their variants: a task with its narrower kinds (3D object detection under object
detection), a dataset with its versions and subsets (COCO 2017 under COCO), a method with its sizes,
rolled up along the graph's VARIANT_OF relationships."""
from __future__ import annotations

import networkx as nx
import pandas as pd

from kg.analyse.corpus import Corpus, as_corpus
from kg.analyse.markdown import Assets, table
from kg.model import ENTITY_TYPES
from kg.schema import VARIANT_OF

COLUMNS = ["entity_id", "name", "type", "papers", "with_variants", "variants", "largest_variants"]
LARGEST = 3  # variants named in a row, most papers first


def wider_of(corpus: Corpus) -> dict[str, str]:
    """Variant -> the entity it is a variant of (each variant has one)."""
    return {a: b for a, b, rel in corpus.graph.edges(keys=True)
            if rel == VARIANT_OF and a in corpus.entities and b in corpus.entities and a != b}


def families(source: nx.MultiDiGraph | Corpus) -> pd.DataFrame:
    """Every entity that has variants: the papers naming it, the papers naming it or any variant
    of it (through chains of variants: Semi-Supervised Medical Image Segmentation counts for
    medical image segmentation and for image segmentation), how many variants and the largest.

    >>> g = nx.MultiDiGraph()
    >>> for node, label in [("p1", "Paper"), ("p2", "Paper"), ("p3", "Paper"), ("t:od", "Task"),
    ...                     ("t:3dod", "Task")]:
    ...     g.add_node(node, label=label, name=node)
    >>> g.add_edge("p1", "t:od", key="ADDRESSES"); g.add_edge("p2", "t:3dod", key="ADDRESSES")
    'ADDRESSES'
    'ADDRESSES'
    >>> g.add_edge("p3", "t:3dod", key="ADDRESSES"); g.add_edge("t:3dod", "t:od", key="VARIANT_OF")
    'ADDRESSES'
    'VARIANT_OF'
    >>> families(g)[["name", "papers", "with_variants", "variants"]].values.tolist()
    [['t:od', 1, 3, 1]]
    """
    corpus = as_corpus(source)
    wider = wider_of(corpus)
    below: dict[str, set[str]] = {}  # entity -> every variant under it, at any depth
    for variant in wider:
        seen, node = {variant}, wider[variant]
        while node is not None and node not in seen:
            below.setdefault(node, set()).add(variant)
            seen.add(node)
            node = wider.get(node)
    rows = []
    for entity, variants in below.items():
        papers = set(corpus.entity_papers.get(entity, ()))
        for v in variants:
            papers |= corpus.entity_papers.get(v, set())
        largest = sorted(variants, key=lambda v: (-corpus.n_papers(v), corpus.name(v)))[:LARGEST]
        rows.append({"entity_id": entity, "name": corpus.name(entity), "type": corpus.entity_type(entity),
                     "papers": corpus.n_papers(entity), "with_variants": len(papers), "variants": len(variants),
                     "largest_variants": "; ".join(f"{corpus.name(v)} ({corpus.n_papers(v)})" for v in largest)})
    frame = pd.DataFrame(rows, columns=COLUMNS)
    return frame.sort_values(["with_variants", "name"], ascending=[False, True], kind="stable").reset_index(drop=True)


def section(corpus: Corpus, assets: Assets, top: int) -> str:
    """Write families.csv; the report's Markdown section."""
    frame = families(corpus)
    frame.to_csv(assets.path("families.csv"), index=False)
    parts = ["## Families: entities with their variants\n",
             "An entity with every variant under it (`VARIANT_OF`): a task's narrower kinds, a dataset's "
             "versions and subsets, a method's sizes. `papers` name the entity itself; `with variants` "
             f"name it or any variant. All of them: {assets.code('families.csv')}.\n"]
    if frame.empty:
        return "\n".join(parts + ["No entity of this graph has a variant.\n"])
    columns = {"name": "name", "papers": "papers", "with_variants": "with variants", "variants": "variants",
               "largest_variants": "largest variants (papers)"}
    for etype in ENTITY_TYPES:
        rows = frame[frame["type"] == etype].head(top)
        if not rows.empty:
            parts += [f"### {etype.capitalize()}s\n", table(rows, columns)]
    return "\n".join(parts)
