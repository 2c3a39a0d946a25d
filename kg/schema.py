"""The graph schema: labels, relationship types and properties, read from kg/schemas/graph_schema.json.

Every exporter takes labels and relationship types from here only, never from data.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

SCHEMA_FILE = Path(__file__).resolve().parent / "schemas" / "graph_schema.json"


@dataclass(frozen=True)
class EntityType:
    """One kind of entity the extractor finds, and everything that follows from it: its node
    label, the relationship of a paper using it, its lexicon file and its colours."""

    name: str  # as extractions, lexicon entries and training data spell it: "method"
    label: str  # its node label: "Method"
    used_rel: str  # Paper -> entity relationship of a paper that uses it (not proposes it)
    colour: str  # its nodes' colour on the HTML page
    chart_colour: str  # its bars and lines in the analysis charts

    @property
    def plural(self) -> str:
        """"methods": its lexicon file's stem (methods.jsonl) and its count columns."""
        return f"{self.name}s"


# The one list of entity types: adding one here (with its lexicon file, training data and the
# label and relationship in schemas/graph_schema.json) is all a new type needs.
ENTITY_TYPE_SPECS = (
    EntityType("method", "Method", "USES", colour="#e15759", chart_colour="#e15759"),
    EntityType("dataset", "Dataset", "EVALUATES_ON", colour="#3f9f4f", chart_colour="#59a14f"),
    EntityType("task", "Task", "ADDRESSES", colour="#4e79a7", chart_colour="#4e79a7"),
)
ENTITY_TYPES = tuple(t.name for t in ENTITY_TYPE_SPECS)
LABEL_OF_TYPE = {t.name: t.label for t in ENTITY_TYPE_SPECS}
PAPER, REPOSITORY = "Paper", "Repository"
ENTITY_LABELS = tuple(LABEL_OF_TYPE.values())

# Paper -> entity relationship, by role and entity type.
PROPOSES = "PROPOSES"
USED_REL = {t.name: t.used_rel for t in ENTITY_TYPE_SPECS}
HAS_CODE = "HAS_CODE"
VARIANT_OF = "VARIANT_OF"  # an entity whose name is another's plus a version, size, year or subset
# Derived entity -> entity relationships, weighted by supporting papers.
PAIR_REL = {
    ("method", "dataset"): "EVALUATED_ON",
    ("method", "task"): "APPLIED_TO",
    ("dataset", "task"): "BENCHMARK_FOR",
    ("method", "method"): "USED_WITH",  # one edge a pair, from the smaller id to the larger
}
MENTION_RELS = (PROPOSES, *USED_REL.values())


def mention_rel(entity_type: str, role: str) -> str:
    """The Paper->entity relationship type for a mention of this type and role."""
    return PROPOSES if role == "proposed" else USED_REL[entity_type]


@lru_cache(maxsize=1)
def load_schema() -> dict:
    """The JSON graph schema (labels with typed properties, relationships with endpoints)."""
    return json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))


@dataclass(frozen=True, order=True)
class RelGroup:
    """Edges of one relationship type between one pair of labels (one table file, one store COPY)."""

    type: str
    source_label: str
    target_label: str


def node_properties(label: str) -> dict[str, str]:
    """Schema property name -> Neo4j type name for a node label, `id` first."""
    return dict(load_schema()["nodes"][label]["properties"])


def rel_properties(rel_type: str) -> dict[str, str]:
    """Schema property name -> Neo4j type name for a relationship type."""
    return dict(load_schema()["relationships"][rel_type]["properties"])


def rel_groups() -> list[RelGroup]:
    """Every (type, from label, to label) combination the schema allows (`same_label`: only a
    label with itself, as VARIANT_OF: a dataset is a variant of a dataset)."""
    rels = load_schema()["relationships"]
    return [RelGroup(t, a, b) for t, spec in rels.items() for a in spec["from"] for b in spec["to"]
            if a == b or not spec.get("same_label")]
