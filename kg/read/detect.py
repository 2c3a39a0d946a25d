"""Tell an input's format from its extension, or else from its first non-empty lines."""
from __future__ import annotations

import csv
import json
from enum import Enum

from kg.read import hf_pages

SNIFF_LINES = 32
CSV_DELIMITERS = ",\t;"
REQUIRED = {"title", "abstract"}


class Format(Enum):
    """The input formats the reader understands."""

    JSON_LINES = "JSON lines"
    CSV = "CSV"
    HF_PAGE = "Hugging Face daily-papers page"


def detect_format(first_lines: list[str], filename: str = "") -> Format | None:
    """The format of a file from up to SNIFF_LINES stripped non-empty lines and its name; None if unknown.

    Clear signs in the content come first: a CSV header naming a title or abstract column (so
    rows that happen to start with "{" stay CSV rows), most lines being JSON objects (so a
    broken first line does not hide the good ones), a page header. Then the extension (.jsonl, .json, .csv, .tsv, also .gz); then the title-then-abstract
    layout of a page without its header.
    """
    if first_lines and not first_lines[0].startswith("{") and csv_delimiter(first_lines[0]):
        return Format.CSV
    if first_lines and _mostly_objects(first_lines):
        return Format.JSON_LINES
    if first_lines and hf_pages.has_page_header(first_lines):
        return Format.HF_PAGE
    by_name = format_from_name(filename)
    if by_name is not None:
        return by_name
    if first_lines and hf_pages.starts_like_page(first_lines):
        return Format.HF_PAGE
    return None


def format_from_name(filename: str) -> Format | None:
    """The format an extension names (.jsonl, .ndjson, .json, .csv, .tsv, also gzipped), else None."""
    name = filename.lower().removesuffix(".gz")
    for suffix, fmt in _EXTENSIONS.items():
        if name.endswith(suffix):
            return fmt
    return None


def _mostly_objects(lines: list[str]) -> bool:
    """True when at least half the lines start like JSON objects, or one of them is a whole JSON object."""
    starts = [line for line in lines if line.startswith("{")]
    return bool(starts) and (len(starts) * 2 >= len(lines) or any(_is_object(line) for line in starts))


def _is_object(line: str) -> bool:
    try:
        return isinstance(json.loads(line), dict)
    except ValueError:
        return False


def csv_delimiter(header: str) -> str | None:
    """The delimiter under which `header` names a title or abstract column, if any."""
    if header.strip().strip('"').strip().lower() in REQUIRED:
        return ","  # a one-column file
    for delimiter in CSV_DELIMITERS:
        if delimiter not in header:
            continue
        try:
            columns = {c.strip().lower() for c in next(csv.reader([header], delimiter=delimiter))}
        except (csv.Error, StopIteration):
            continue
        if columns & REQUIRED:
            return delimiter
    return None


_EXTENSIONS = {".jsonl": Format.JSON_LINES, ".ndjson": Format.JSON_LINES, ".json": Format.JSON_LINES,
               ".csv": Format.CSV, ".tsv": Format.CSV}
