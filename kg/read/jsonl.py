"""Stream JSON-lines files, plain paper records and arXiv snapshot records alike."""
from __future__ import annotations

import json
from typing import Iterable, Iterator

from kg.model import Paper, Source
from kg.read.arxiv import is_arxiv_record, paper_from_arxiv
from kg.read.issues import IssueSink, ReadIssue
from kg.read.lines import NumberedLine
from kg.read.paper_fields import paper_from_fields


def read_json_lines(lines: Iterable[NumberedLine], name: str,
                    on_issue: IssueSink) -> Iterator[Paper]:
    """Yield one paper per good line; report and skip malformed or incomplete lines."""
    for number, raw in lines:
        text = raw.strip()
        if not text:
            continue
        record = _parse(text, name, number, on_issue)
        if record is None:
            continue
        source = Source(name, number)
        convert = paper_from_arxiv if is_arxiv_record(record) else paper_from_fields
        paper = convert(record, source, on_issue)
        if paper is not None:
            yield paper


def _parse(text: str, name: str, number: int, on_issue: IssueSink) -> dict | None:
    try:
        record = json.loads(text)
    except ValueError as error:
        on_issue(ReadIssue(name, number, f"malformed JSON ({error.msg}); line skipped"))
        return None
    if not isinstance(record, dict):
        on_issue(ReadIssue(name, number, "JSON value is not an object; line skipped"))
        return None
    return record
