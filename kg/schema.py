"""The graph schema: labels, relationship types and properties, read from kg/schemas/graph_schema.json.

Every exporter takes labels and relationship types from here only, never from data.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

SCHEMA_FILE = Path(__file__).resolve().parent / "schemas" / "graph_schema.json"

LABEL_OF_TYPE = {"method": "Method", "dataset": "Dataset", "task": "Task"}
PAPER, REPOSITORY = "Paper", "Repository"
ENTITY_LABELS = tuple(LABEL_OF_TYPE.values())

# Paper -> entity relationship, by role and entity type.
PROPOSES = "PROPOSES"
USED_REL = {"method": "USES", "dataset": "EVALUATES_ON", "task": "ADDRESSES"}
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
