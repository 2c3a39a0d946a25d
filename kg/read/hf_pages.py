"""Parse Hugging Face daily-papers pages saved as text into paper records.

A record is a title line, an abstract paragraph, then optionally "• N authors", "·" and
a date line. Blank lines may or may not separate them, so records are found by the
alternation of title and abstract, with a look at the next line to spot a record that
has lost its abstract or its title.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Iterator

from kg.model import Paper, Source
from kg.read.dates import is_date_line
from kg.read.issues import IssueSink, ReadIssue
from kg.read.lines import NumberedLine
from kg.read.paper_fields import new_paper

_HEADERS = frozenset({"new", "Subscribe", "Daily Papers", "byAK and the research community"})
_AUTHORS = re.compile(r"^•\s*(\d+)\s+authors?$")
_DOT = "·"
_GLUED_SUBSCRIBE = re.compile(r"^Subscribe(?=[^\sa-z])")
_PROSE_LENGTH = 250
_SENTENCE_WORDS = 8


def is_header(text: str) -> bool:
    """True for the page furniture around the records ("Daily Papers", "Subscribe"...)."""
    return text in _HEADERS or text.startswith("Get trending papers")


def is_prose(text: str) -> bool:
    """True for a line that reads like an abstract rather than a title."""
    if len(text) >= _PROSE_LENGTH:
        return True
    return text.endswith((".", "!")) and len(text.split()) >= _SENTENCE_WORDS


def has_page_header(first_lines: list[str]) -> bool:
    """True when the first non-empty lines include the page's own header lines."""
    return any(is_header(line) or _GLUED_SUBSCRIBE.match(line) for line in first_lines)


def starts_like_page(first_lines: list[str]) -> bool:
    """True when a page without headers starts with a title line and then an abstract."""
    return len(first_lines) >= 2 and not is_prose(first_lines[0]) and is_prose(first_lines[1])


@dataclass
class _Draft:
    title: str
    line: int
    abstract: str = ""
    n_authors: int | None = None
    date_text: str | None = None


def read_page(lines: Iterable[NumberedLine], name: str, on_issue: IssueSink) -> Iterator[Paper]:
    """Yield the page's records in order, reporting records without title or abstract."""
    draft: _Draft | None = None
    started = False
    for number, text, upcoming in _content_with_next(lines):
        if not started:
            text = _GLUED_SUBSCRIBE.sub("", text)
        if is_header(text):
            continue
        if _is_meta(text):
            draft = _add_meta(draft, text, name, on_issue)
            if draft is not None and draft.date_text is not None:
                yield _paper(draft, name)
                draft = None
            continue
        if draft is not None and not draft.abstract:
            # Even a short line is the abstract, unless a paragraph follows it: then it is
            # the next title and the record before it lost its abstract.
            if is_prose(text) or upcoming is None or not is_prose(upcoming):
                draft.abstract = text
                continue
            _no_abstract(draft, name, on_issue)
        elif draft is not None:
            yield _paper(draft, name)
        draft = _start(number, text, upcoming, name, on_issue)
        started = started or draft is not None
    if draft is not None and draft.abstract:
        yield _paper(draft, name)
    elif draft is not None:
        _no_abstract(draft, name, on_issue)


def _content_with_next(lines: Iterable[NumberedLine]) -> Iterator[tuple[int, str, str | None]]:
    previous: tuple[int, str] | None = None
    for number, raw in lines:
        text = raw.strip()
        if not text:
            continue
        if previous is not None:
            yield previous[0], previous[1], text
        previous = (number, text)
    if previous is not None:
        yield previous[0], previous[1], None


def _is_meta(text: str) -> bool:
    return text == _DOT or bool(_AUTHORS.match(text)) or is_date_line(text)


def _add_meta(draft: _Draft | None, text: str, name: str, on_issue: IssueSink) -> _Draft | None:
    # Meta lines outside a record (the page's own date) carry nothing about a paper.
    if draft is None:
        return None
    if not draft.abstract:
        _no_abstract(draft, name, on_issue)
        return None
    authors = _AUTHORS.match(text)
    if authors:
        draft.n_authors = int(authors.group(1))
    elif text != _DOT:
        draft.date_text = text
    return draft


def _start(number: int, text: str, upcoming: str | None, name: str,
           on_issue: IssueSink) -> _Draft | None:
    # A paragraph followed by something that is not an abstract has lost its title.
    if is_prose(text) and (upcoming is None or not is_prose(upcoming)):
        on_issue(ReadIssue(name, number, "paragraph with no title line before it; skipped"))
        return None
    return _Draft(title=text, line=number)


def _no_abstract(draft: _Draft, name: str, on_issue: IssueSink) -> None:
    on_issue(ReadIssue(name, draft.line, f"record {draft.title!r} has no abstract; skipped"))


def _paper(draft: _Draft, name: str) -> Paper:
    return new_paper(
        draft.title,
        draft.abstract,
        Source(name, draft.line),
        date_text=draft.date_text,
        n_authors=draft.n_authors,
    )
