"""Stream a file's lines as text, decoding bad UTF-8 with replacement and saying where."""
from __future__ import annotations

import gzip
from pathlib import Path
from typing import BinaryIO, Iterator

from kg.read.issues import IssueSink, ReadIssue

NumberedLine = tuple[int, str]


def numbered_lines(path: Path, name: str, on_issue: IssueSink) -> Iterator[NumberedLine]:
    """Yield (1-based line number, line with its ending) of a plain or gzipped file, streaming."""
    warned = False
    with _open(path) as handle:
        for number, raw in enumerate(handle, start=1):
            if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError as error:
                text = raw.decode("utf-8", errors="replace")
                if not warned:
                    warned = True
                    on_issue(ReadIssue(
                        name, number,
                        f"bytes that are not UTF-8 (first at byte {error.start} of this line); "
                        "replaced with U+FFFD, reading on",
                    ))
            yield number, text


def _open(path: Path) -> BinaryIO:
    # arXiv snapshots and big dumps are often kept gzipped; sniff the magic bytes.
    with path.open("rb") as handle:
        compressed = handle.read(2) == b"\x1f\x8b"
    return gzip.open(path, "rb") if compressed else path.open("rb")
