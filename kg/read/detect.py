"""Tell an input's format from its first non-empty lines rather than its extension."""
from __future__ import annotations

import csv
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
    if first_lines[0].startswith("{"):
        return Format.JSON_LINES
    if hf_pages.has_page_header(first_lines):
        return Format.HF_PAGE
    if csv_delimiter(first_lines[0]) is not None:
        return Format.CSV
    if hf_pages.starts_like_page(first_lines):
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

