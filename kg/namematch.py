"""The one name matcher: how a name someone typed is compared with an entity's (or a paper's) names.

`kg find`, `kg html --focus`, `kg analyze`'s entity and paper arguments and the built-in queries'
entity parameters all fold names the same way (any case; dashes, underscores, slashes and runs of
spaces made one space) and rank matches the same way: EXACT, then WHOLE_WORD (the words typed
appear as whole words), then PART (a word starts with them); never a match inside a word.
"""
from __future__ import annotations

import re
from collections.abc import Iterable

EXACT, WHOLE_WORD, PART = 0, 1, 2
MATCH_NAMES = {EXACT: "exact", WHOLE_WORD: "word", PART: "part"}


def fold(text: str) -> str:
    """Lower case with dashes, underscores and runs of spaces made one space.

    >>> fold("Direct-Preference-Optimization")
    'direct preference optimization'
    """
    return " ".join(re.sub(r"[-_‐–—/]", " ", text.casefold()).split())


def match_rank(query: str, names: Iterable[str]) -> int | None:
    """EXACT, WHOLE_WORD or PART for the best of `names` against `query` (both folded), or None."""
    best = None
    pattern = re.compile(rf"(?<!\w){re.escape(query)}(?!\w)")
    word_start = re.compile(rf"(?<!\w){re.escape(query)}")
    for name in names:
        if name == query:
            return EXACT
        rank = WHOLE_WORD if pattern.search(name) else PART if word_start.search(name) else None
        if rank is not None and (best is None or rank < best):
            best = rank
    return best


def id_forms(node_id: str) -> list[str]:
    """An id folded, with and without its type prefix ("method:dpo" also answers to "dpo")."""
    return [fold(node_id), fold(node_id.split(":", 1)[-1])]


def entity_names(node_id: str, name: str | None, aliases: Iterable[str] | None) -> list[str]:
    """Every folded form an entity answers to: its id (with and without prefix), name and aliases."""
    return [*id_forms(node_id), fold(name or ""), *map(fold, aliases or ())]


def name_tiers(node_id: str, data: dict) -> tuple[list[str], list[str], list[str], list[str]]:
    """A node's folded names in the order a name wins ties: id, name or title, aliases, then
    the id without its type prefix."""
    aliases = data.get("aliases")
    aliases = aliases if isinstance(aliases, (list, tuple)) else [aliases] if aliases else []
    titles = [str(data[f]) for f in ("name", "title") if data.get(f)]
    return ([fold(node_id)], [fold(t) for t in titles], [fold(str(a)) for a in aliases],
            [fold(node_id.split(":", 1)[-1])])


def exact_by_tier(text: str, nodes: Iterable[tuple[str, dict]]) -> list[str]:
    """The nodes one of whose names folds to what `text` folds to, from the first tier (see
    name_tiers) where any does; empty when none does."""
    query = fold(text)
    if not query:
        return []
    tiers: list[list[str]] = [[], [], [], []]
    for node, data in nodes:
        for tier, names in enumerate(name_tiers(node, data)):
            if query in names:
                tiers[tier].append(node)
                break
    return next((hits for hits in tiers if hits), [])

