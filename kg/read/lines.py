"""Stream a file's lines as text, decoding bad UTF-8 with replacement and saying where.

Lines end at `\\n`, `\\r\\n` or a lone `\\r` (old Mac files); UTF-16 files (with a byte-order
mark, or recognised by their NUL bytes) are decoded as such.
"""
from __future__ import annotations

import codecs
import io
import re
from pathlib import Path
from typing import BinaryIO, Iterator

from kg.read.issues import IssueSink, ReadIssue
from kg.read.streams import GzipStream, bounded_lines, open_input, prefixed

NumberedLine = tuple[int, str]
_SNIFF_BYTES = 4096
_AFTER_LONE_CR = re.compile(rb"(?<=\r)(?!\n)")
_ENDINGS = re.compile(r"\r\n|\r|\n")


def numbered_lines(path: Path, name: str, on_issue: IssueSink) -> Iterator[NumberedLine]:
    """Yield (1-based line number, line with its ending) of a plain or gzipped file, streaming."""
    with open_input(path) as raw:
        magic, raw = prefixed(raw, 2)
        handle = io.BufferedReader(GzipStream(raw), 1 << 16) if magic == b"\x1f\x8b" else raw
        head, handle = prefixed(handle, _SNIFF_BYTES)
        encoding = utf16_encoding(head)
        if encoding:
            yield from _utf16_lines(handle, encoding)
        else:
            yield from _utf8_lines(handle, name, on_issue)


def utf16_encoding(head: bytes) -> str | None:
    """'utf-16' for a UTF-16 byte-order mark, 'utf-16-le'/'-be' when NULs fill every other byte, else None."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    pairs = len(head) // 2
    if pairs < 2:
        return None
    odd_nuls, even_nuls = head[1:2 * pairs:2].count(0), head[0:2 * pairs:2].count(0)
    if odd_nuls > 0.4 * pairs and even_nuls < 0.05 * pairs:
        return "utf-16-le"
    if even_nuls > 0.4 * pairs and odd_nuls < 0.05 * pairs:
        return "utf-16-be"
    return None


def _utf8_lines(handle: BinaryIO, name: str, on_issue: IssueSink) -> Iterator[NumberedLine]:
    warned = False
    number = 0
    for raw in bounded_lines(handle, name, on_issue):
        if number == 0 and raw.startswith(codecs.BOM_UTF8):
            raw = raw[3:]
        for piece in _AFTER_LONE_CR.split(raw) if b"\r" in raw else (raw,):
            if not piece:
                continue
            number += 1
            try:
                text = piece.decode("utf-8")
            except UnicodeDecodeError as error:
                text = piece.decode("utf-8", errors="replace")
                if not warned:
                    warned = True
                    on_issue(ReadIssue(
                        name, number,
                        f"bytes that are not UTF-8 (first at byte {error.start} of this line); "
                        "replaced with U+FFFD, reading on",
                    ))
            yield number, text


def _utf16_lines(handle: BinaryIO, encoding: str) -> Iterator[NumberedLine]:
    decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
    number, pending = 0, ""
    for block in iter(lambda: handle.read(1 << 16), b""):
        pending += decoder.decode(block)
        *complete, pending = _split_keep_cr(pending)
        for text in complete:
            number += 1
            yield number, text
    pending += decoder.decode(b"", final=True)
    for text in _split_keep_cr(pending):
        if text:
            number += 1
            yield number, text


def _split_keep_cr(text: str) -> list[str]:
    """Lines of text, the last one possibly unfinished (a final lone \\r may be half of \\r\\n)."""
    parts, start = [], 0
    for match in _ENDINGS.finditer(text):
        if match.group() == "\r" and match.end() == len(text):
            break
        parts.append(text[start:match.end()])
        start = match.end()
    parts.append(text[start:])
    return parts
