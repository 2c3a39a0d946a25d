"""Ladybug table definitions generated from the graph schema."""
from __future__ import annotations

from kg.schema import load_schema, node_properties, rel_groups, rel_properties

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
    # Every relationship is stored both ways (Ladybug's default), so that undirected patterns
    # such as (m)--(x) and shortest paths run: Ladybug refuses them on a table stored one way.
    # The entity-pair edges carry long paper-id lists, which both-ways storage writes twice:
    # README, Benchmarks, gives what that costs the load.
    return f"CREATE REL TABLE {rel_type}({', '.join(pairs + _columns(rel_properties(rel_type)))})"


def create_statements() -> list[str]:
    """Every table of the store, node tables first."""
    schema = load_schema()
    return [*map(node_table, schema["nodes"]), *map(rel_table, schema["relationships"])]
