"""A flat, read-only view of a parsed doc that the rules share (plain lists are cheap to scan)."""
from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc


@dataclass
class DocView:
    """Token texts, lower forms, offsets and sentence bounds of one doc."""

    doc: Doc
    text: str
    texts: list[str]
    lowers: list[str]
    starts: list[int]
    sent_of: list[int]
    sents: list[tuple[int, int]]
    title_end: int  # first token index after the title

    @classmethod
    def build(cls, doc: Doc, title_chars: int) -> "DocView":
        """Index `doc`, whose first `title_chars` characters are the title."""
        texts = [t.text for t in doc]
        sents = [(s.start, s.end) for s in doc.sents]
        sent_of = [0] * len(doc)
        for k, (a, b) in enumerate(sents):
            sent_of[a:b] = [k] * (b - a)
        starts = [t.idx for t in doc]
        title_end = next((i for i, s in enumerate(starts) if s >= title_chars), len(doc))
        return cls(doc, doc.text, texts, [t.lower() for t in texts], starts, sent_of, sents,
                   title_end)

    def text_of(self, start: int, end: int) -> str:
        """The exact text of tokens start..end-1."""
        return self.text[self.starts[start]:self.starts[end - 1] + len(self.texts[end - 1])]

    def in_title(self, i: int) -> bool:
        """Whether token i belongs to the title."""
        return i < self.title_end

    def sent_bounds(self, i: int) -> tuple[int, int]:
        """Token bounds of the sentence holding token i."""
        return self.sents[self.sent_of[i]]
