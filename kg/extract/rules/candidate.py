"""The candidate record every rule produces."""
from __future__ import annotations

from dataclasses import dataclass, field

# Confidence of a type decision: lexicon > explicit head word > context > default guess.
SURE, HEAD, CONTEXT, GUESS = 4, 3, 2, 1


@dataclass
class Candidate:
    """One mention of a possible entity."""

    start: int  # token span of the surface text
    end: int
    name: str
    type: str | None
    confidence: int
    source: str  # "acronym", "lexicon", "list", "name", "phrase", "title",
    # "span" (spans.py) or "tagged" (the learned tagger)
    aliases: list[str] = field(default_factory=list)
    head: str = ""
    proposed: bool = False
    sent: int = 0
    weak: bool = False  # kept only if repeated, proposed or backed by a stronger candidate
    known: bool = False  # "a practical actor-critic algorithm": a known name as a modifier
    trusted: bool = False  # from the user's own lexicon: an entity of its type, whatever else
    tagged: str = ""  # the span tagger's type for exactly this span or a span it starts,
    # "part" if a tagged span only overlaps it
    belief: float = -1.0  # the tagger's belief in exactly this span as an entity (-1: no tagger)

    @property
    def length(self) -> int:
        """Number of tokens covered."""
        return self.end - self.start
