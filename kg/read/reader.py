"""Read papers from any mix of supported files, streaming and reporting bad input."""
from __future__ import annotations

import gzip
import zlib
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
    return _stream(input_files(paths, exclude), on_issue)


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


def _read_file(path: Path, on_issue: _FileIssues) -> Iterator[Paper]:
    name = str(path)
    count = 0
    try:
        lines = _TrackedLines(numbered_lines(path, name, on_issue))
        head = _head(lines)
        parser = _parser_for(path, head, name, on_issue)
        if parser is None:
            return
        for paper in parser(chain(head, lines), name, on_issue):
            count += 1
            yield paper
    except (EOFError, zlib.error, gzip.BadGzipFile) as error:
        kept = f"the {count} records before it were kept" if count else "nothing could be read from it"
        on_issue(ReadIssue(name, lines.last if count else 1,
                           f"corrupt or truncated archive ({error or 'cut short'}); {kept} "
                           f"({CorruptArchiveError.fix})", fatal_for_file=True))
        return
    except OSError as error:
        what = from_os_error(error)
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


def _head(lines: Iterator[NumberedLine]) -> list[NumberedLine]:
    """The lines up to and including the SNIFF_LINES-th non-empty one."""
    head: list[NumberedLine] = []
    non_empty = 0
    for line in lines:
        head.append(line)
        non_empty += bool(line[1].strip())
        if non_empty == SNIFF_LINES:
            break
    return head


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
