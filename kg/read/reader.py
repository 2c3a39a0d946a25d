"""Read papers from any mix of supported files, streaming and reporting bad input."""
from __future__ import annotations

import os
from itertools import chain
from pathlib import Path
from typing import Callable, Iterable, Iterator

from kg.errors import CorruptArchiveError, from_os_error
from kg.model import Paper
from kg.read.csv_reader import read_csv
from kg.read.detect import SNIFF_LINES, Format, detect_format
from kg.read.files import input_files
from kg.read.hf_pages import read_page
from kg.read.issues import IssueSink, ReadIssue
from kg.read.jsonl import read_json_lines
from kg.read.lines import NumberedLine, numbered_lines
from kg.read.streams import ARCHIVE_ERRORS

MAX_TEXT = 1_000_000  # spaCy's max_length: a longer text stops the extractor (E088)

Parser = Callable[[Iterable[NumberedLine], str, IssueSink], Iterator[Paper]]
_PARSERS: dict[Format, Parser] = {
    Format.JSON_LINES: read_json_lines,
    Format.CSV: read_csv,
    Format.HF_PAGE: read_page,
}
_KNOWN = "Hugging Face daily-papers text, JSON lines, CSV with title and abstract, arXiv metadata"


def read_papers(paths: Iterable[str | Path], on_issue: IssueSink,
                exclude: Iterable[Path] = ()) -> Iterator[Paper]:
    """Stream every good record of every input file; raise InputError now for a missing path.

    Files under `exclude` (the build's own output folder, when it sits inside an input folder) are not read.
    """
    return _stream(input_files(paths, exclude, on_issue), on_issue)


def _stream(files: list[Path], on_issue: IssueSink) -> Iterator[Paper]:
    for path in files:
        yield from _read_file(path, _FileIssues(on_issue))


class _FileIssues:
    """Passes one file's issues on, remembering whether one already gave up on the file."""

    def __init__(self, report: IssueSink) -> None:
        self._report = report
        self.fatal = False

    def __call__(self, issue: ReadIssue) -> None:
        self.fatal = self.fatal or issue.fatal_for_file
        self._report(issue)


def display_name(path: Path) -> str:
    """The path as text that can be printed and written as UTF-8 (bytes that are not UTF-8 as U+FFFD)."""
    return os.fsencode(path).decode("utf-8", errors="replace")


def _read_file(path: Path, on_issue: _FileIssues) -> Iterator[Paper]:
    name = display_name(path)
    count = 0
    lines = _TrackedLines(iter(()))
    try:
        lines = _TrackedLines(numbered_lines(path, name, on_issue))
        head, damage = _head(lines)
        if on_issue.fatal and damage is None:
            return  # the reading of its lines already gave up on the file, and said why
        if damage is not None and not any(text.strip() for _, text in head):
            raise damage
        parser = _parser_for(path, head, name, on_issue)
        if parser is None:
            return
        for paper in parser(chain(head, _raising(damage) if damage is not None else lines), name, on_issue):
            if len(paper.text) >= MAX_TEXT:
                on_issue(ReadIssue(name, paper.sources[0].line if paper.sources else lines.last,
                                   f"text of {len(paper.text):,} characters, more than the extractor takes "
                                   f"({MAX_TEXT - 1:,}); record skipped (shorten its abstract)"))
                continue
            count += 1
            yield paper
    except ARCHIVE_ERRORS as error:
        kept = f"the {count} records before it were kept" if count else "nothing could be read from it"
        on_issue(ReadIssue(name, lines.last if count else 1,
                           f"corrupt or truncated archive ({error or 'cut short'}); {kept} "
                           f"({CorruptArchiveError.fix})", fatal_for_file=True))
        return
    except OSError as error:
        what = error.strerror if isinstance(error, TimeoutError) else from_os_error(error)
        on_issue(ReadIssue(name, 1, f"cannot be read ({what}); skipped", fatal_for_file=True))
        return
    if count == 0 and not on_issue.fatal:
        on_issue(ReadIssue(name, 1, "no paper records found", fatal_for_file=True))


class _TrackedLines:
    """An iterator of numbered lines that remembers the number of the last line it gave."""

    def __init__(self, lines: Iterator[NumberedLine]) -> None:
        self._lines, self.last = lines, 1

    def __iter__(self) -> "_TrackedLines":
        return self

    def __next__(self) -> NumberedLine:
        item = next(self._lines)
        self.last = item[0]
        return item


def _head(lines: Iterator[NumberedLine]) -> tuple[list[NumberedLine], BaseException | None]:
    """The lines up to and including the SNIFF_LINES-th non-empty one, and the archive error that
    cut them short, if any (raised again once the lines before it are parsed)."""
    head: list[NumberedLine] = []
    non_empty = 0
    try:
        for line in lines:
            head.append(line)
            non_empty += bool(line[1].strip())
            if non_empty == SNIFF_LINES:
                break
    except ARCHIVE_ERRORS as error:
        return head, error
    return head, None


def _raising(error: BaseException) -> Iterator[NumberedLine]:
    """No lines: the error that stopped reading, once the lines before it are parsed."""
    raise error
    yield  # pragma: no cover - makes this a generator


def _parser_for(path: Path, head: list[NumberedLine], name: str, on_issue: IssueSink) -> Parser | None:
    filled = [(number, text.strip()) for number, text in head if text.strip()]
    if not filled:
        on_issue(ReadIssue(name, 1, "empty file; skipped", fatal_for_file=True))
        return None
    fmt = detect_format([text for _, text in filled], path.name)
    if fmt is None:
        on_issue(ReadIssue(name, filled[0][0], f"not a known format (expected {_KNOWN}); skipped",
                           fatal_for_file=True))
        return None
    return _PARSERS[fmt]
