"""A flat, read-only view of a parsed doc that the rules share (plain lists are cheap to scan).

Sentences are cut here, on ".", "!" and "?" tokens and after the title, from token arrays:
building Token objects for every token (as spaCy's sentencizer and doc.sents do) costs more
than all the extraction rules together.
"""
from __future__ import annotations

from dataclasses import dataclass

from spacy.attrs import IDX, ORTH, SPACY
from spacy.tokens import Doc

TITLE_BREAK = "\n\n"
_SENTENCE_END = frozenset((".", "!", "?"))


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
    def build(cls, doc: Doc) -> "DocView":
        """Index `doc`, a title and an abstract joined by a blank line."""
        orths, starts, spaces = doc.to_array([ORTH, IDX, SPACY]).T.tolist() if len(doc) \
            else ([], [], [])
        texts = list(map(doc.vocab.strings.__getitem__, orths))
        text = "".join([t + " " if space else t for t, space in zip(texts, spaces)])
        title_end = _title_end(texts)
        sents = _sentences(texts, title_end)
        sent_of = [0] * len(texts)
        for k, (a, b) in enumerate(sents):
            sent_of[a:b] = [k] * (b - a)
        return cls(doc, text, texts, list(map(str.lower, texts)), starts, sent_of, sents,
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


def _title_end(texts: list[str]) -> int:
    for i, t in enumerate(texts):
        if TITLE_BREAK in t and not t.strip():
            return i + 1
    return len(texts)


def _sentences(texts: list[str], title_end: int) -> list[tuple[int, int]]:
    bounds = []
    start = 0
    for i, t in enumerate(texts):
        if t in _SENTENCE_END or i + 1 == title_end:
            bounds.append((start, i + 1))
            start = i + 1
    if start < len(texts):
        bounds.append((start, len(texts)))
    return bounds or [(0, 0)]
