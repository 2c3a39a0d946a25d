"""Open an input once, as a stream: regular files, pipes, FIFOs and /dev/stdin alike.

A pipe can be read only once, so nothing here reopens or seeks: the format is told from a
prefix read into memory and handed back in front of the rest. Lines are read with a bound,
so a file without line ends (`/dev/zero`) cannot fill the memory.
"""
from __future__ import annotations

import errno
import gzip
import io
import os
import select
import stat
import zlib
from pathlib import Path
from typing import BinaryIO, Iterator

from kg.read.issues import IssueSink, ReadIssue

MAX_LINE = 16 << 20  # a longer line is skipped with a warning
MAX_SKIP = 64 << 20  # this much with no line end gives up on the file
FIFO_WAIT = 60.0  # seconds to wait for a FIFO's first data (KG_FIFO_WAIT overrides)
_CHUNK = 512  # prefix reads: small, so a damaged archive gives up as little as it can before the damage
ARCHIVE_ERRORS = (EOFError, zlib.error, gzip.BadGzipFile)


def open_input(path: Path) -> BinaryIO:
    """Open an input for reading once; a FIFO no process writes to within KG_FIFO_WAIT seconds
    (default 60) raises TimeoutError instead of waiting forever."""
    info = os.stat(path)
    if not stat.S_ISFIFO(info.st_mode):
        return open(path, "rb", buffering=1 << 16)
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)  # opening a FIFO with no writer would block
    try:
        wait = float(os.environ.get("KG_FIFO_WAIT", FIFO_WAIT))
        poller = select.poll()
        poller.register(fd, select.POLLIN | select.POLLHUP)
        if not poller.poll(wait * 1000):
            raise TimeoutError(errno.ETIMEDOUT, f"no process wrote to this FIFO within {wait:g} s "
                                                f"(start its writer first, or set KG_FIFO_WAIT=SECONDS)", str(path))
        os.set_blocking(fd, True)
        return open(fd, "rb", buffering=1 << 16, closefd=True)
    except BaseException:
        os.close(fd)
        raise


def prefixed(stream: BinaryIO, size: int) -> tuple[bytes, BinaryIO]:
    """Up to `size` bytes from the start of stream, and a stream that gives them again, then the rest.

    An archive error met while reading the prefix is raised only once the bytes before it are
    read again, so the lines before a damage are kept.
    """
    prefix, error = bytearray(), None
    read_some = getattr(stream, "read1", stream.read)  # one read at a time: an error loses no bytes read before it
    try:
        while len(prefix) < size:
            piece = read_some(min(_CHUNK, size - len(prefix)))
            if not piece:
                break
            prefix += piece
    except ARCHIVE_ERRORS as caught:
        error = caught
    return bytes(prefix), io.BufferedReader(_Prefixed(bytes(prefix), stream, error), buffer_size=1 << 16)


class _Prefixed(io.RawIOBase):
    """Bytes already read, then the rest of the stream (or the error that stopped the first read)."""

    def __init__(self, prefix: bytes, rest: BinaryIO, error: BaseException | None) -> None:
        super().__init__()
        self._prefix, self._rest, self._error = prefix, rest, error

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        if self._prefix:
            n = min(len(buffer), len(self._prefix))
            buffer[:n] = self._prefix[:n]
            self._prefix = self._prefix[n:]
            return n
        if self._error is not None:
            error, self._error = self._error, None
            raise error
        data = self._rest.read(min(len(buffer), 1 << 16))
        buffer[:len(data)] = data
        return len(data)

    def close(self) -> None:
        try:
            self._rest.close()
        finally:
            super().close()


def bounded_lines(handle: BinaryIO, name: str, on_issue: IssueSink) -> Iterator[bytes]:
    """The lines of a binary stream, each at most MAX_LINE bytes: a longer one is reported and given
    as an empty line (so later line numbers stay right); with no line end in MAX_SKIP bytes the
    rest of the file is reported and skipped."""
    number = 0
    while line := handle.readline(MAX_LINE + 1):
        number += line.count(b"\r") - line.count(b"\r\n") + 1 if b"\r" in line else 1
        if len(line) <= MAX_LINE or line.endswith(b"\n"):
            yield line
            continue
        skipped = len(line)
        while skipped < MAX_SKIP:
            more = handle.readline(min(MAX_LINE, MAX_SKIP - skipped))
            skipped += len(more)
            if not more or more.endswith(b"\n"):
                break
        else:
            on_issue(ReadIssue(name, number, f"no line end in {MAX_SKIP >> 20} MiB (not a text file?); "
                                             "rest of the file skipped", fatal_for_file=True))
            return
        on_issue(ReadIssue(name, number, f"line longer than {MAX_LINE >> 20} MiB; skipped "
                                         "(split the record, or shorten its text)"))
        yield b"\n"


class GzipStream(io.RawIOBase):
    """The decompressed bytes of a gzip stream (members one after another), read once, in order.

    Unlike gzip.GzipFile, which loses everything it decoded from a 8 KiB block when that block
    holds damage, a damaged block is decoded again in small pieces, so the bytes before the
    damage come out; the error is raised once they are read.
    """

    _STEP = 1 << 16
    _CAREFUL = 16

    def __init__(self, raw: BinaryIO) -> None:
        super().__init__()
        self._raw = raw
        self._d: zlib._Decompress | None = None
        self._out, self._pos = b"", 0
        self._error: BaseException | None = None
        self._done = False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        while self._pos >= len(self._out):
            if self._error is not None:
                error, self._error = self._error, None
                self._done = True
                raise error
            if self._done:
                return 0
            self._out, self._pos = bytes(self._fill()), 0
        n = min(len(buffer), len(self._out) - self._pos)
        buffer[:n] = self._out[self._pos:self._pos + n]
        self._pos += n
        return n

    def _fill(self) -> bytearray:
        data = self._raw.read(self._STEP)
        if not data:
            self._done = True
            if self._d is not None and not self._d.eof:
                raise EOFError("Compressed file ended before the end-of-stream marker was reached")
            return bytearray()
        return self._decompress(data)

    def _decompress(self, data: bytes) -> bytearray:
        out = bytearray()
        while data and self._error is None:
            if self._d is None:
                data = data.lstrip(b"\0")  # padding after a member
                if not data:
                    break
                self._d = zlib.decompressobj(31)
            saved = self._d.copy()
            try:
                out += self._d.decompress(data)
            except zlib.error:
                self._d = saved
                return out + self._careful(data)
            data = self._next_member()
        return out

    def _careful(self, data: bytes) -> bytearray:
        """Decode data again a few bytes at a time, keeping what comes before the damage."""
        out = bytearray()
        for start in range(0, len(data), self._CAREFUL):
            try:
                out += self._d.decompress(data[start:start + self._CAREFUL])
            except zlib.error as error:
                self._error = error
                return out
            if self._d.eof:
                rest = self._next_member() + data[start + self._CAREFUL:]
                return out + self._decompress(rest)
        return out

    def _next_member(self) -> bytes:
        """The bytes after the member just ended (and no decompressor), or none while it goes on."""
        if self._d is not None and self._d.eof:
            rest, self._d = self._d.unused_data, None
            return rest
        return b""

    def close(self) -> None:
        try:
            self._raw.close()
        finally:
            super().close()
