"""Merge two records of the same paper, keeping the richer value of every field."""
from __future__ import annotations

from dataclasses import replace
from typing import Iterable, TypeVar

from kg.model import Paper

T = TypeVar("T")


def merge_papers(a: Paper, b: Paper) -> Paper:
    """One Paper holding both records' sources and links, the fuller of each field and b's title.

    b is the later record (a later file, or an update), so a corrected title replaces the old one.
    """
    # the more precise date wins ("2025-06-03" over "2025-06"), a full one over none
    dated = b if len(b.date or "") > len(a.date or "") or (b.date_text and not a.date_text and not a.date) else a
    return Paper(
        id=a.id,
        title=b.title or a.title,  # the later record's: an update may correct a title
        abstract=a.abstract if len(a.abstract) >= len(b.abstract) else b.abstract,
        date=dated.date,
        date_text=dated.date_text,
        authors=a.authors if len(a.authors) >= len(b.authors) else b.authors,
        n_authors=max((n for n in (a.n_authors, b.n_authors) if n is not None), default=None),
        url=a.url or b.url,
        categories=_union(a.categories, b.categories),
        links=_union(a.links, b.links),
        sources=_union(a.sources, b.sources),
    )


def merge_all(first: Paper, later: Iterable[Paper]) -> Paper:
    """first merged with each later record in turn, as repeated merge_papers would, in linear time.

    Folding merge_papers copies the growing source, link and category lists at every step, which is
    quadratic in the records of one paper (a file of one record repeated 300,000 times); here the
    lists grow in place once.
    """
    lists = {name: dict.fromkeys(getattr(first, name)) for name in _LISTS}
    merged = replace(first, **{name: [] for name in _LISTS})
    for paper in later:
        merged = merge_papers(merged, replace(paper, **{name: [] for name in _LISTS}))
        for name, seen in lists.items():
            seen.update(dict.fromkeys(getattr(paper, name)))
    return replace(merged, **{name: list(seen) for name, seen in lists.items()})


_LISTS = ("categories", "links", "sources")


def _union(first: Iterable[T], second: Iterable[T]) -> list[T]:
    return list(dict.fromkeys([*first, *second]))
