"""Docs for unit tests of the rule modules of kg/extract, tokenised as the package does."""
from __future__ import annotations

import spacy
from spacy.language import Language

from kg.extract.text import tokenizer  # noqa: F401  (registers kg.tokenizer.v1)
from kg.extract.text.docview import TITLE_BREAK, DocView


def blank_nlp() -> Language:
    """spacy.blank("en") with the tokenizer of kg/extract/config.cfg and no components."""
    return spacy.blank("en", config={"nlp": {"tokenizer": {"@tokenizers": "kg.tokenizer.v1"}}})


def view_of(nlp: Language, abstract: str, title: str = "Title") -> DocView:
    """The DocView of a paper as the extractor reads it: title, blank line, abstract."""
    return DocView.build(nlp.make_doc(f"{title}{TITLE_BREAK}{abstract}"))


def spans(view: DocView, found) -> list[str]:
    """The surface texts of candidates (or anything with start/end token indices)."""
    return [view.text_of(c.start, c.end) for c in found]
