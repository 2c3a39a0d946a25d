"""Run Cypher on the store and print results as a text table."""
from __future__ import annotations

from pathlib import Path

from kg.errors import BuildNotFoundError, QueryError, ReadOnlyQueryError
from kg.store.connect import connect, first_line, store_file
from kg.store.dialect import check_query, hint
from kg.store.readonly import is_read_only_refusal, refuse_writes
from kg.store.translate import translate

MAX_CELL = 60


def _plain(value: object) -> object:
    """Ladybug nodes/relationships as plain dicts without engine-internal keys."""
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict) and "_LABEL" in value:
        kind = "type" if "_SRC" in value else "label"
        props = {k: _plain(v) for k, v in value.items() if not k.startswith("_") and v is not None}
        return {kind: value["_LABEL"], **props}
    return value


def run_query(store_dir: Path, cypher: str, params: dict | None = None) -> tuple[list[str], list[list]]:
    """Column names and rows of a read-only Cypher query on the store.

    Neo4j Cypher is read as the store's own first (kg/store/translate.py): shortestPath, toString,
    head, 0-based indices, label predicates, labels(n)... run; CypherDialectError names what to
    write for what has no equivalent.
    """
    if not store_file(store_dir).exists():
        raise BuildNotFoundError(f"no graph store in {store_dir}")
    params = params or {}
    refuse_writes(cypher)
    check_query(cypher, params)
    translated = translate(cypher)
    with connect(store_dir, read_only=True) as conn:
        try:
            result = conn.execute(translated.cypher, params)
            if isinstance(result, list):
                result = result[-1]
            columns = result.get_column_names()
            rows = [[_plain(v) for v in row] for row in result.get_all()]
        except (RuntimeError, ValueError, TypeError) as exc:  # engine errors, unconvertible parameters
            if is_read_only_refusal(first_line(exc)):
                raise ReadOnlyQueryError(f"kg query only reads the store: {first_line(exc)}") from None
            read_as = (f" [read as the embedded store's Cypher, rewriting {', '.join(translated.rewrites)}]"
                       if translated.rewrites else "")
            raise QueryError(hint(first_line(exc)) + read_as) from None
    return columns, rows


def _cell(value: object, limit: int | None = MAX_CELL) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        text = ", ".join(_cell(v, None) for v in value)
    elif isinstance(value, dict) and ("label" in value or "type" in value):
        text = f"({value.get('label') or value.get('type')} {value.get('id', '')})".replace(" )", ")")
    else:
        text = str(value)
    text = " ".join(text.split())
    return text if limit is None or len(text) <= limit else text[: limit - 1] + "…"


def format_table(columns: list[str], rows: list[list], full: bool = False) -> str:
    """An aligned plain-text table with a header rule and a row count; `full` keeps long cells whole."""
    cells = [[_cell(v, None if full else MAX_CELL) for v in row] for row in rows]
    widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(columns)]

    def line(parts: list[str]) -> str:
        return "  ".join(p.ljust(w) for p, w in zip(parts, widths)).rstrip()

    out = [line(columns), line(["-" * w for w in widths]), *map(line, cells)]
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out)
