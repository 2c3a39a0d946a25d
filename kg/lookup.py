"""`kg find`: entities whose name, alias or id matches what a user typed, read from the graph tables.

The matching itself is kg.namematch's, shared with --focus, `kg analyze` and the built-in queries.
Exact matches (any case, spaces and dashes folded) come first, then names or aliases holding the
words typed as whole words, then those with a word that starts with them ("Lo" finds LoRA); never a
match inside a word ("LoRA" does not find "exploration"); most papers first within each rank.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kg.buildfolder import ALIASES
from kg.errors import EntityNotFoundError
from kg.namematch import EXACT, MATCH_NAMES, PART, WHOLE_WORD, entity_names, fold, match_rank
from kg.schema import ENTITY_LABELS
from kg.tables.rows import read_columns
from kg.tables.spec import node_file

__all__ = ["EXACT", "PART", "WHOLE_WORD", "Found", "find_entities", "fold", "match_rank", "near_names"]
COLUMNS = ["id", "name", "aliases", "type", "n_papers"]


@dataclass(frozen=True)
class Found:
    """One matching entity and how well it matched."""

    id: str
    name: str
    type: str
    aliases: tuple[str, ...]
    n_papers: int
    rank: int

    @property
    def match(self) -> str:
        """exact, word or part."""
        return MATCH_NAMES[self.rank]


def find_entities(tables: Path, text: str, limit: int | None = 20) -> list[Found]:
    """Entities matching `text` in the tables folder, best first; EntityNotFoundError when none does."""
    query = fold(text)
    if not query:
        raise EntityNotFoundError("give a name, alias or id to look up")
    found: list[Found] = []
    for label in ENTITY_LABELS:
        rows = read_columns(node_file(tables, label), COLUMNS)
        for row in rows:
            aliases = row["aliases"] or []
            rank = match_rank(query, entity_names(row["id"], row["name"], aliases))
            if rank is not None:
                found.append(Found(row["id"], row["name"] or "", row["type"] or label.lower(), tuple(aliases),
                                   row["n_papers"] or 0, rank))
    if not found:
        near = near_names(tables, text)
        also = f"; near names: {', '.join(near)}" if near else ""
        raise EntityNotFoundError(f"no method, dataset or task is called {text!r}{also}")
    found.sort(key=lambda f: (f.rank, -f.n_papers, f.name.casefold(), f.id))
    return found[:limit] if limit else found


def near_names(tables: Path, text: str, n: int = 5) -> list[str]:
    """Up to `n` entity names or aliases spelled close to `text` (difflib), closest first."""
    import difflib
    spelled: dict[str, str] = {}
    for label in ENTITY_LABELS:
        for row in read_columns(node_file(tables, label), ["name", "aliases"]):
            for name in [row["name"] or "", *(row["aliases"] or [])]:
                spelled.setdefault(fold(name), name)
    return [spelled[f] for f in difflib.get_close_matches(fold(text), list(spelled), n=n, cutoff=0.75)]


def merge_reasons(out_dir: Path, ids: list[str]) -> dict[str, dict]:
    """For each entity id, why its names were joined (form -> rule) and which near names or
    other meanings of its acronym were kept apart, as the build's alias_table.json records them
    (empty when the build has none)."""
    path = Path(out_dir) / ALIASES
    if not ids or not path.is_file():
        return {}
    import json
    try:
        table = json.loads(path.read_text(encoding="utf-8"))
    except ValueError:
        return {}
    return {eid: {"why": table[eid].get("why", {}), "apart": table[eid].get("apart", [])}
            for eid in ids if eid in table}


def explain_lines(reasons: dict) -> list[str]:
    """One entity's reasons as lines a person reads.

    >>> explain_lines({"why": {"Adam optimizer": 'class word "optimizer" dropped'}, "apart": []})
    ['  "Adam optimizer": class word "optimizer" dropped']
    """
    lines = [f'  "{form}": {rule}' for form, rule in sorted(reasons.get("why", {}).items())]
    lines += [f"  kept apart: {note}" for note in reasons.get("apart", [])]
    return lines
