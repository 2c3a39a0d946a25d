"""JSON-lines records of papers and extractions, streamed to and from disk between stages."""
from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from kg.errors import DamagedBuildError
from kg.model import Extraction, Link, Mention, Paper, Source


def paper_to_dict(paper: Paper) -> dict:
    """A paper as a JSON-ready dict (shallow copies: asdict's deep copy dominated extraction time)."""
    return {**vars(paper), "links": [vars(x) for x in paper.links], "sources": [vars(x) for x in paper.sources]}


def paper_from_dict(data: dict) -> Paper:
    """The paper that paper_to_dict() wrote."""
    data = dict(data)
    data["links"] = [Link(**x) for x in data.get("links", [])]
    data["sources"] = [Source(**x) for x in data.get("sources", [])]
    return Paper(**data)


def extraction_to_dict(extraction: Extraction) -> dict:
    """An extraction in the scorer's format: {id, title, entities: [{type, name, ...}]}."""
    return {
        "id": extraction.paper_id,
        "title": extraction.title,
        "extractor": extraction.extractor_version,
        "entities": [_mention_dict(m) for m in extraction.mentions],
    }


def _mention_dict(mention: Mention) -> dict:
    """A mention's fields; `why` only when an explanation was asked for, `broader` only when the
    mention has broader names."""
    data = dict(vars(mention))
    for optional in ("why", "broader"):
        if not data[optional]:
            del data[optional]
    return data


def extraction_from_dict(data: dict) -> Extraction:
    """The extraction that extraction_to_dict() wrote."""
    return Extraction(
        paper_id=str(data["id"]),
        title=data.get("title", ""),
        mentions=[Mention(**m) for m in data.get("entities", [])],
        extractor_version=data.get("extractor", ""),
    )


def extraction_record(extraction: Extraction) -> str:
    """An extraction as one JSON line (no newline), the form extractions.jsonl and the cache hold."""
    return json.dumps(extraction_to_dict(extraction), ensure_ascii=False)


def write_jsonl_line(handle, record: dict) -> str:
    """Append one JSON record as a line to an open text file; return the line (no newline)."""
    line = json.dumps(record, ensure_ascii=False)
    handle.write(line + "\n")
    return line


def read_jsonl(path: Path) -> Iterator[dict]:
    """Stream the records of a JSON-lines file written by this package; DamagedBuildError names the
    file and line of one that is not a JSON object (a file edited or cut by hand, or a disk error)."""
    with open(path, encoding="utf-8", errors="surrogateescape") as handle:
        for number, line in enumerate(handle, 1):
            if line.strip():
                try:
                    record = json.loads(line)
                except (ValueError, RecursionError) as error:
                    raise DamagedBuildError(f"{path}:{number}: not a JSON record ({error})") from None
                if not isinstance(record, dict):
                    raise DamagedBuildError(f"{path}:{number}: not a JSON object")
                yield record
