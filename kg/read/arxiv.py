"""Convert records of the arXiv metadata snapshot (one JSON object a line) to papers."""
from __future__ import annotations

import re
from typing import Mapping

from kg.model import Paper, Source
from kg.read.issues import IssueSink, ReadIssue
from kg.read.paper_fields import new_paper

_ARXIV_KEYS = ("authors_parsed", "update_date", "versions")
_SPACES = re.compile(r"\s+")
ABS_URL = "https://arxiv.org/abs/"


def is_arxiv_record(record: Mapping[str, object]) -> bool:
    """True for an object carrying the snapshot's own fields."""
    return any(key in record for key in _ARXIV_KEYS)


def paper_from_arxiv(record: Mapping[str, object], source: Source,
                     on_issue: IssueSink) -> Paper | None:
    """A Paper from one snapshot record, or None (reported) if id, title or abstract is missing."""
    arxiv_id = _clean(record.get("id"))
    title, abstract = _clean(record.get("title")), _clean(record.get("abstract"))
    missing = [n for n, v in (("id", arxiv_id), ("title", title), ("abstract", abstract)) if not v]
    if missing:
        on_issue(ReadIssue(source.file, source.line,
                           f"arXiv record has no {' or '.join(missing)}; skipped"))
        return None
    categories = record.get("categories")
    return new_paper(
        title,
        abstract,
        source,
        paper_id=arxiv_id,
        date_text=_first_version_date(record) or _clean(record.get("update_date")) or None,
        authors=_authors(record.get("authors_parsed")),
        url=ABS_URL + arxiv_id,
        categories=categories.split() if isinstance(categories, str) else (),
    )


def _clean(value: object) -> str:
    # The snapshot hard-wraps titles and abstracts; collapse every run of whitespace.
    return _SPACES.sub(" ", value).strip() if isinstance(value, str) else ""


def _first_version_date(record: Mapping[str, object]) -> str | None:
    versions = record.get("versions")
    if not isinstance(versions, list):
        return None
    for version in versions:
        if isinstance(version, dict) and version.get("version") == "v1":
            created = _clean(version.get("created"))
            return created or None
    return None


def _authors(parsed: object) -> list[str]:
    if not isinstance(parsed, list):
        return []
    names = []
    for parts in parsed:
        if isinstance(parts, list) and len(parts) >= 2:
            last, first, *suffix = (p.strip() if isinstance(p, str) else "" for p in parts)
            name = " ".join(p for p in (first, last, *suffix) if p)
            if name:
                names.append(name)
    return names
