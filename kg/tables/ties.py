"""Which of a paper's entity pairs one sentence names together, not merely the same abstract.

A pair such as PPO and MuJoCo is *tied* in a paper when some sentence of its title or abstract
names both (by the name or an alias the paper uses): "we evaluate PPO on MuJoCo" ties them,
while PPO in the first sentence and MuJoCo in the last only co-occur. This runs for every
paper in the link stage, so it uses plain substring search, not a regex per name.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9(\"'])|\n\s*\n")


def sentence_starts(text: str) -> list[int]:
    """Offsets where the text's sentences start (the title, before the blank line, is one)."""
    return [0, *(m.end() for m in _SENTENCE_END.finditer(text))]


def sentences(text: str) -> list[str]:
    """The text cut into sentences, stripped."""
    starts = sentence_starts(text)
    return [text[a:b].strip() for a, b in zip(starts, [*starts[1:], len(text)])]


def _inside_word(char: str) -> bool:
    return char.isalnum() or char in "_-"


def _hits(lower: str, forms: Iterable[str], starts: list[int]) -> set[int]:
    """Indexes of the sentences holding any of the forms as a whole word (any case)."""
    found: set[int] = set()
    for form in {f.strip().lower() for f in forms if f and len(f.strip()) > 1}:
        at = lower.find(form)
        while at >= 0:
            end = at + len(form)
            if (at == 0 or not _inside_word(lower[at - 1])) and (end == len(lower) or not _inside_word(lower[end])):
                found.add(bisect_right(starts, at) - 1)
            at = lower.find(form, at + 1)
    return found


def tied_pairs(text: str, forms: dict[str, list[str]], anchors: dict[str, Iterable[int]] | None = None
               ) -> dict[frozenset, str]:
    """Pairs of entity ids that one sentence names together, each with the first such sentence.

    `forms` gives each entity's names and aliases as the paper writes them; `anchors` optional
    character offsets where the extractor found it (its evidence sentence counts as naming it).
    """
    starts = sentence_starts(text)
    lower = text.lower()
    if len(lower) != len(text):  # a few characters change length when lowered: search as written
        lower = text
    found = {}
    for eid, names in forms.items():
        hits = _hits(lower, names, starts)
        hits.update(bisect_right(starts, offset) - 1 for offset in (anchors or {}).get(eid, ()) if offset >= 0)
        found[eid] = hits
    ties: dict[frozenset, str] = {}
    ids = sorted(found)
    ends = [*starts[1:], len(text)]
    for i, a in enumerate(ids):
        for b in ids[i + 1:]:
            shared = found[a] & found[b]
            if shared:
                first = min(shared)
                ties[frozenset((a, b))] = text[starts[first]:ends[first]].strip()
    return ties
