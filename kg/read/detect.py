"""Tell an input's format from its first non-empty lines rather than its extension."""
from __future__ import annotations

import csv
import json
from enum import Enum

from kg.read import hf_pages

SNIFF_LINES = 8
CSV_DELIMITERS = ",\t;"


class Format(Enum):
    """The input formats the reader understands."""

    JSON_LINES = "JSON lines"
    CSV = "CSV"
    HF_PAGE = "Hugging Face daily-papers page"


def detect_format(first_lines: list[str]) -> Format | None:
    """Guess the format from up to SNIFF_LINES stripped non-empty lines; None if unknown."""
    if not first_lines:
        return None
    if _is_json_object_line(first_lines[0]):
        return Format.JSON_LINES
    if csv_delimiter(first_lines[0]) is not None:
        return Format.CSV
    if hf_pages.looks_like_page(first_lines):
        return Format.HF_PAGE
    return None


def csv_delimiter(header: str) -> str | None:
    """The delimiter under which `header` names a title or abstract column, if any."""
    for delimiter in CSV_DELIMITERS:
        if delimiter not in header:
            continue
        columns = {c.strip().lower() for c in next(csv.reader([header], delimiter=delimiter))}
        if columns & {"title", "abstract"}:
            return delimiter
    return None


def _is_json_object_line(line: str) -> bool:
    if not line.startswith("{"):
        return False
    try:
        return isinstance(json.loads(line), dict)
    except ValueError:
        # A first record cut short is still JSON lines; the reader reports the line.
        return True
