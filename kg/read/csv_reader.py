"""Stream CSV files whose header names an abstract column (and usually a title column)."""
from __future__ import annotations

import csv
import sys
from typing import Iterable, Iterator

from kg.model import Paper, Source
from kg.read.detect import csv_delimiter
from kg.read.issues import IssueSink, ReadIssue
from kg.read.lines import NumberedLine
from kg.read.paper_fields import paper_from_fields

REQUIRED_COLUMNS = ("abstract",)  # a title is optional: without one, the id comes from the abstract
# An abstract may be longer than the csv module's default 131,072-character field limit.
csv.field_size_limit(min(sys.maxsize, 2**31 - 1))


class _LineCounter:
    """Feeds text lines to csv.reader, noting the number of the first line of each row."""

    def __init__(self, lines: Iterator[NumberedLine]) -> None:
        self._lines = lines
        self.first: int | None = None

    def __iter__(self) -> "_LineCounter":
        return self

    def __next__(self) -> str:
        number, text = next(self._lines)
        if self.first is None:
            self.first = number
        return text


def read_csv(lines: Iterable[NumberedLine], name: str, on_issue: IssueSink) -> Iterator[Paper]:
    """Yield one paper per good row; report rows lacking an abstract."""
    remaining = iter(lines)
    for header_line, header_text in remaining:
        if header_text.strip():
            break
    else:
        return
    delimiter = csv_delimiter(header_text) or ("\t" if name.lower().removesuffix(".gz").endswith(".tsv") else ",")
    try:
        columns = _columns(next(csv.reader([header_text], delimiter=delimiter)))
    except csv.Error as error:
        on_issue(ReadIssue(name, header_line, f"unreadable CSV header ({error}); file skipped", fatal_for_file=True))
        return
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    if missing:
        on_issue(ReadIssue(name, header_line, f"CSV header has no {' or '.join(missing)} "
                           f"column (it has: {', '.join(columns) or 'nothing'}); file skipped",
                           fatal_for_file=True))
        return
    counter = _LineCounter(remaining)
    yield from _rows(csv.reader(counter, delimiter=delimiter), counter, columns, name, on_issue)


def _rows(reader: Iterator[list[str]], counter: _LineCounter, columns: dict[str, int],
          name: str, on_issue: IssueSink) -> Iterator[Paper]:
    while True:
        counter.first = None
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            on_issue(ReadIssue(name, counter.first or 0, f"unreadable CSV row ({error}); skipped"))
            continue
        if not any(cell.strip() for cell in row):
            continue
        fields = {col: row[i] for col, i in columns.items() if i < len(row) and row[i] != ""}
        paper = paper_from_fields(fields, Source(name, counter.first or 0), on_issue)
        if paper is not None:
            yield paper


def _columns(header: list[str]) -> dict[str, int]:
    columns: dict[str, int] = {}
    for index, column in enumerate(header):
        columns.setdefault(column.strip().lower(), index)
    return columns
