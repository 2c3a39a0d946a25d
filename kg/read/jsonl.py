"""Stream JSON-lines files, plain paper records and arXiv snapshot records alike."""
from __future__ import annotations

import json
import re
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


_SURROGATE = re.compile("[\ud800-\udfff]")
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


def _parse(text: str, name: str, number: int, on_issue: IssueSink) -> dict | None:
    try:
        record = json.loads(text)
    except ValueError as error:
        on_issue(ReadIssue(name, number, f"malformed JSON ({getattr(error, 'msg', error)}); line skipped"))
        return None
    except RecursionError:
        on_issue(ReadIssue(name, number, "JSON nested too deeply to read; line skipped"))
        return None
    if _SURROGATE_ESCAPE.search(text) and isinstance(record, dict):
        record, replaced = _without_lone_surrogates(record)
        if replaced:
            on_issue(ReadIssue(name, number, "a lone UTF-16 surrogate escape (such as \\ud800) that is no "
                                             "character; replaced with U+FFFD, record kept"))
    if not isinstance(record, dict):
        on_issue(ReadIssue(name, number, "JSON value is not an object; line skipped"))
        return None
    return record


def _without_lone_surrogates(value: object) -> tuple[object, bool]:
    """value with every unpaired surrogate in its strings replaced by U+FFFD, and whether one was."""
    if isinstance(value, str):
        clean = _SURROGATE.sub("\ufffd", value)
        return clean, clean != value
    if isinstance(value, list):
        pairs = [_without_lone_surrogates(v) for v in value]
        return [v for v, _ in pairs], any(r for _, r in pairs)
    if isinstance(value, dict):
        pairs = {_without_lone_surrogates(k)[0]: _without_lone_surrogates(v) for k, v in value.items()}
        return {k: v for k, (v, _) in pairs.items()}, any(r for _, r in pairs.values()) or any(
            _SURROGATE.search(k) for k in value if isinstance(k, str))
    return value, False
