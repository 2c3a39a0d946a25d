"""Ladybug table definitions generated from the graph schema."""
from __future__ import annotations

from kg.schema import PAIR_REL, load_schema, node_properties, rel_groups, rel_properties

# Pairs of one label (method with method) are one edge a pair and are matched undirected, which
# Ladybug allows only on tables stored both ways; the others are stored forward only (below).
SYMMETRIC_TYPES = frozenset(rel for (a, b), rel in PAIR_REL.items() if a == b)
PAIR_TYPES = frozenset(PAIR_REL.values()) - SYMMETRIC_TYPES

COLUMN_TYPE = {"STRING": "STRING", "INTEGER": "INT64", "FLOAT": "DOUBLE", "LIST<STRING>": "STRING[]"}


def column(name: str) -> str:
    """A property name quoted so reserved words such as `end` are safe."""
    return f"`{name}`"


def _columns(props: dict[str, str]) -> list[str]:
    return [f"{column(name)} {COLUMN_TYPE[kind]}" for name, kind in props.items()]


def node_table(label: str) -> str:
    """CREATE NODE TABLE for one label, keyed by `id`."""
    props = node_properties(label)
    props.pop("id")
    cols = [f"{column('id')} STRING PRIMARY KEY", *_columns(props)]
    return f"CREATE NODE TABLE {label}({', '.join(cols)})"


def rel_table(rel_type: str) -> str:
    """CREATE REL TABLE for one type with a FROM/TO pair per allowed label pair."""
    pairs = [f"FROM {g.source_label} TO {g.target_label}" for g in rel_groups() if g.type == rel_type]
    create = f"CREATE REL TABLE {rel_type}({', '.join(pairs + _columns(rel_properties(rel_type)))})"
    # Ladybug stores each edge's properties once per direction. The entity-pair edges carry
    # long paper-id lists, so storing them forward only halves their load (the bulk of it at
    # 1M papers); queries still match them either way round, scanning instead of hopping.
    return f"{create} WITH (storage_direction='fwd')" if rel_type in PAIR_TYPES else create


def create_statements() -> list[str]:
    """Every table of the store, node tables first."""
    schema = load_schema()
    return [*map(node_table, schema["nodes"]), *map(rel_table, schema["relationships"])]
