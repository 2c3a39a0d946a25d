"""Build Paper objects the same way whatever format the fields came from."""
from __future__ import annotations

import re
from typing import Iterable, Mapping

from kg.model import Paper, Source
from kg.read.dates import paper_date
from kg.read.ids import paper_id_for_title
from kg.read.issues import IssueSink, ReadIssue
from kg.read.links import extract_links

_NAME_SEPARATOR = re.compile(r"\s*(?:[,;]|\band\b)\s*")


def new_paper(
    title: str,
    abstract: str,
    source: Source,
    *,
    paper_id: str | None = None,
    date_text: str | None = None,
    authors: Iterable[str] = (),
    n_authors: int | None = None,
    url: str | None = None,
    categories: Iterable[str] = (),
) -> Paper:
    """A Paper with its id (from the title, or the abstract when there is no title), ISO date
    (from the date text, else from an arXiv id or URL; full or partial, never a guessed year)
    and abstract links derived from the given fields."""
    authors = list(authors)
    return Paper(
        id=paper_id or paper_id_for_title(title or abstract),
        title=title,
        abstract=abstract,
        date=paper_date(date_text, paper_id, url),
        date_text=date_text,
        authors=authors,
        n_authors=n_authors if n_authors is not None else (len(authors) or None),
        url=url,
        categories=list(categories),
        links=extract_links(abstract),
        sources=[source],
    )


def paper_from_fields(
    fields: Mapping[str, object], source: Source, on_issue: IssueSink
) -> Paper | None:
    """A Paper from a JSON object or CSV row, or None (reported) without an abstract. A record
    with an abstract and no title is a paper like any other, its id taken from the abstract."""
    title, abstract = _text(fields.get("title")), _text(fields.get("abstract"))
    wrong = [f"{name} is {_kind(fields.get(name))}, not text" for name in ("title", "abstract")
             if fields.get(name) is not None and not isinstance(fields.get(name), str)]
    if wrong:
        on_issue(ReadIssue(source.file, source.line, f"record's {' and '.join(wrong)}; skipped"))
        return None
    if not abstract:
        on_issue(ReadIssue(source.file, source.line, "record has no abstract; skipped"))
        return None
    return new_paper(
        title,
        abstract,
        source,
        paper_id=_scalar(fields.get("id")),
        date_text=_scalar(fields.get("date")),
        authors=_names(fields.get("authors")),
        n_authors=_count(fields.get("n_authors")),
        url=_scalar(fields.get("url")),
        categories=_categories(fields.get("categories")),
    )


def _kind(value: object) -> str:
    """How to name a JSON value's type in a message."""
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    return {dict: "an object", list: "a list"}.get(type(value), type(value).__name__)


def _text(value: object) -> str:
    # Text is kept exactly as given; only its emptiness is judged without whitespace.
    return value if isinstance(value, str) and value.strip() else ""


def _scalar(value: object) -> str | None:
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        return None
    text = str(value).strip()
    return text or None


def _count(value: object) -> int | None:
    # CSV gives every cell as text, JSON gives numbers.
    text = _scalar(value)
    return int(text) if text is not None and text.isdigit() and int(text) > 0 else None


def _names(value: object) -> list[str]:
    if isinstance(value, str):
        return [name for name in (n.strip() for n in _NAME_SEPARATOR.split(value)) if name]
    if not isinstance(value, list):
        return []
    names = (item.get("name") if isinstance(item, dict) else item for item in value)
    return [name.strip() for name in names if isinstance(name, str) and name.strip()]


def _categories(value: object) -> list[str]:
    if isinstance(value, str):
        return value.split()
    if isinstance(value, list):
        return [item for item in value if isinstance(item, str) and item]
    return []
